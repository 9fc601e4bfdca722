//! DKIM rules (RFC 6376, RFC 8301, RFC 8463): key records at `<selector>._domainkey.<domain>`.

pub mod dkim_hostname_in_txt;
pub mod dkim_invalid_key;
pub mod dkim_misplaced;
pub mod dkim_multiple_records;
pub mod dkim_selector_other_domain;
pub mod dkim_weak_key;
pub mod sender_dkim_missing;

use crate::index::ZoneIndex;
use crate::model::Record;
use crate::rules::tags::{Tag, parse_tag_list, tag, txt_text};

/// True when the owner is `<selector>._domainkey.<domain>`. Not `_adsp._domainkey`: that is
/// the Author Domain Signing Practices record (RFC 5617, historic since 2013, `dkim=unknown`),
/// which many zones still carry and no verifier reads as a key.
pub fn is_key_name(record: &Record) -> bool {
    let mut labels = record.owner.labels();
    let first = labels.next();
    labels
        .next()
        .is_some_and(|second| second.eq_ignore_ascii_case("_domainkey"))
        && !first.is_some_and(|first| first.eq_ignore_ascii_case("_adsp"))
}

/// A TXT record at a DKIM key name, with its key as read. The joined text is not kept: a
/// zone's keys can add up to megabytes, and only DKIM003 reads the text again.
pub struct KeyRecord<'a> {
    pub record: &'a Record,
    /// [`read_key`] of the record's text.
    pub key: Result<Option<Key>, String>,
    /// The record is a piece of one key split over the records of its selector (DKIM004's
    /// finding; see [`DkimKeys::shared_selectors`]).
    pub split: bool,
}

/// The zone's DKIM key records, and which of them share a selector: read once per zone for the
/// DKIM rules ([`ZoneIndex::dkim_keys`]).
#[derive(Default)]
pub struct DkimKeys<'a> {
    pub keys: Vec<KeyRecord<'a>>,
    /// The selectors with several records, each as the places of its records in `keys`, in
    /// file order. Grouped once here: three rules asked the same question by hashing every
    /// key's owner again.
    pub shared_selectors: Vec<Vec<u32>>,
}

/// The TXT records at DKIM key names (read once per zone: [`ZoneIndex::dkim_keys`]).
pub fn key_records<'z, 'a>(zone: &'z ZoneIndex<'a>) -> &'z [KeyRecord<'a>] {
    &zone.dkim_keys().keys
}

/// What shows that a domain sends mail as itself, with the domain (the key name less its
/// selector and `_domainkey`, as the owner spells it): a DKIM key at
/// `<selector>._domainkey.<domain>`, then each key delegated there by CNAME to a sending
/// service. Not a revoked key (`p=` empty): a domain that sends nothing publishes those too.
pub fn signing_evidence<'z, 'a>(
    zone: &'z ZoneIndex<'a>,
) -> impl Iterator<Item = (&'a str, &'a Record)> + 'z {
    key_records(zone)
        .iter()
        .filter(|key| matches!(&key.key, Ok(Some(key)) if key.public_len > 0))
        .map(|key| key.record)
        .chain(zone.key_name_cnames())
        .filter_map(|record| Some((record.owner.suffixes().nth(2)?, record)))
}

pub(crate) fn collect_key_records<'a>(zone: &ZoneIndex<'a>) -> DkimKeys<'a> {
    let mut keys: Vec<KeyRecord<'a>> = zone
        .key_name_txt()
        .filter(|record| !zone.is_delegated(record))
        .filter_map(|record| {
            let text = txt_text(record)?;
            let key = read_key(&text);
            Some(KeyRecord {
                record,
                key,
                split: false,
            })
        })
        .collect();
    let by_selector = crate::index::group_by_owner(
        (0..)
            .zip(&keys)
            .map(|(place, key)| (&key.record.owner, place)),
    );
    let shared_selectors: Vec<Vec<u32>> = by_selector
        .into_iter()
        .map(|(_, places)| places)
        .filter(|places| places.len() >= 2)
        .collect();
    for places in &shared_selectors {
        if is_split_key(&keys, places) {
            for &place in places {
                keys[place as usize].split = true;
            }
        }
    }
    DkimKeys {
        keys,
        shared_selectors,
    }
}

/// A key that reads: its algorithm, and what the rules ask of the decoded public key (kept
/// instead of the key's bytes: a zone may hold tens of thousands of keys).
pub struct Key {
    pub algorithm: String,
    /// The decoded key's length in bytes; 0 when revoked (`p=` empty).
    pub public_len: usize,
    /// [`rsa_modulus_bits`] of the decoded key, for an `rsa` key.
    pub rsa_bits: Option<usize>,
}

/// Read a key record: Ok(None) when the text is not a DKIM record at all (a host name, say),
/// Err with what is wrong when it is one that does not read.
pub fn read_key(text: &str) -> Result<Option<Key>, String> {
    let tags = match parse_tag_list(text) {
        Ok(tags) => tags,
        Err(message) => {
            return if text.contains('=') {
                Err(format!("{message}, so verifiers cannot read it"))
            } else {
                Ok(None)
            };
        }
    };
    if tags.is_empty() {
        return Ok(None);
    }
    check_tags(&tags).map(Some)
}

/// The base64 characters of the shortest public key DKIM knows: an Ed25519 key's 32 bytes.
const SHORTEST_KEY: usize = 44;

fn check_tags(tags: &[Tag<'_>]) -> Result<Key, String> {
    if let Some(position) = tags.iter().position(|t| t.name == "v") {
        if position != 0 {
            return Err("`v=` must be the first tag (RFC 6376 §3.6.1)".into());
        }
        if tags[0].value != "DKIM1" {
            return Err(format!(
                "`v={}` is not `v=DKIM1`, so verifiers discard the key",
                tags[0].value
            ));
        }
    }
    let algorithm = tag(tags, "k").unwrap_or("rsa").to_string();
    if algorithm != "rsa" && algorithm != "ed25519" {
        return Err(format!(
            "`k={algorithm}` is not a key type verifiers know (`rsa`, `ed25519`)"
        ));
    }
    // RFC 6376 §3.6.1: verifiers ignore the algorithms of `h=` they do not know, so the key
    // serves while it lists one they do.
    // RFC 8301 §3.1: verifiers no longer accept rsa-sha1 signatures, so a key limited to
    // SHA-1 (what DKIM generators of the dkim-milter era wrote) verifies nothing either.
    if let Some(hashes) = tag(tags, "h") {
        let listed = |name: &str| {
            // ABNF strings are case-insensitive (RFC 5234 §2.3): `h=SHA256` is sha256.
            hashes
                .split(':')
                .any(|h| h.trim().eq_ignore_ascii_case(name))
        };
        if !listed("sha256") {
            return Err(if listed("sha1") {
                format!(
                    "`h={hashes}` allows only SHA-1 signatures, which verifiers no longer accept (RFC 8301 §3.1), so the key verifies nothing"
                )
            } else {
                format!(
                    "`h={hashes}` names no hash algorithm verifiers know (`sha256`), so the key verifies nothing"
                )
            });
        }
    }
    let Some(p) = tag(tags, "p") else {
        return Err("there is no `p=` tag: the record holds no key (RFC 6376 §3.6.1)".into());
    };
    // Fewer characters than the shortest key (an Ed25519 key is 44): a template's placeholder
    // (`p=TOKEN`, s8956/content), not a key whose end was lost, unless it starts as an RSA key
    // does (`MI`, a DER sequence): that one is cut short, and said so below.
    let characters = p.bytes().filter(|b| !b.is_ascii_whitespace()).count();
    if (1..SHORTEST_KEY).contains(&characters) && !p.trim_start().starts_with("MI") {
        return Err(format!(
            "`p=` holds {characters} characters, too few for any key (an Ed25519 key has 44, an RSA key hundreds): a placeholder left from a template?"
        ));
    }
    // Folding whitespace inside the key is allowed (RFC 6376 §3.6.1); most keys have none.
    let public = if p.bytes().any(|b| b.is_ascii_whitespace()) {
        decode_base64(&p.split_ascii_whitespace().collect::<String>())
    } else {
        decode_base64(p)
    };
    let Some(public) = public else {
        let compact: String = p.split_ascii_whitespace().collect();
        // A key pasted with its PEM armour (`-----BEGIN PUBLIC KEY-----`), as `openssl`
        // writes the file: the base64 between the lines is the key.
        if compact.contains("-----BEGIN") || compact.contains("-----END") {
            return Err(
                "`p=` holds the PEM armour (`-----BEGIN PUBLIC KEY-----`, `-----END ...`): the key is only the base64 between those lines, without them"
                    .to_string(),
            );
        }
        // Two strings of a split record pasted as one value: the quotes between them are in
        // the key (`...78k" "m4KX...`, a key moved between control panels; in YAML `\" \"`).
        if compact.contains('"') {
            let joined: String = compact.chars().filter(|&c| c != '"' && c != '\\').collect();
            let halves = if decode_base64(&joined).is_some() {
                "; remove them to join the two halves"
            } else {
                ""
            };
            return Err(format!(
                "`p=` holds quotes (`\" \"`): the quotes between the strings of a split record were pasted into the key{halves}"
            ));
        }
        return Err(if is_cut_base64(&compact) {
            format!(
                "`p=` is cut short: its {} base64 characters end inside a 4-character group, so part of the key is missing",
                compact.len()
            )
        } else {
            "`p=` is not base64: the key does not decode".to_string()
        });
    };
    let rsa_bits = match algorithm.as_str() {
        "rsa" => rsa_modulus_bits(&public),
        _ => None,
    };
    if algorithm == "rsa"
        && rsa_bits.is_none()
        && let Some(declared) = der_declared_len(&public)
        && declared > public.len()
    {
        return Err(format!(
            "`p=` is cut short: the key says it is {declared} bytes long, the record holds {}",
            public.len()
        ));
    }
    Ok(Key {
        algorithm,
        public_len: public.len(),
        rsa_bits,
    })
}

/// Whether `text` is base64 digits, and padding only at the end, that stop inside a group of
/// four: a key whose end was cut off (a control panel's 255-character field, a line copied
/// short), not one with a character out of the alphabet.
fn is_cut_base64(text: &str) -> bool {
    let body = text.trim_end_matches('=');
    !text.is_empty()
        && !text.len().is_multiple_of(4)
        && body
            .bytes()
            .all(|b| BASE64_VALUES[b as usize] != NOT_BASE64)
}

/// The length a DER element at the start of `der` declares for itself, header included, when
/// its header reads: longer than `der` for a key cut short.
fn der_declared_len(der: &[u8]) -> Option<usize> {
    let (_, length, header) = der_header(der)?;
    header.checked_add(length)
}

/// Standard base64 with padding, as RFC 6376 §3.6.1 writes keys.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(4) {
        return None;
    }
    let padding = bytes.iter().rev().take_while(|&&b| b == b'=').count();
    if padding > 2 {
        return None;
    }
    let body = &bytes[..bytes.len() - padding];
    // Four characters at a time through a table, into a buffer sized once: a zone may hold
    // tens of thousands of keys. A character outside the alphabet (an `=` before the padding
    // too) reads as NOT_BASE64, whose high bit no digit has: one test after the loop rather
    // than one a group.
    let value = |b: u8| BASE64_VALUES[b as usize];
    let mut out = vec![0u8; body.len() / 4 * 3];
    let mut seen = 0u8;
    let mut chunks = body.chunks_exact(4);
    for (chunk, decoded) in (&mut chunks).zip(out.chunks_exact_mut(3)) {
        let values = [
            value(chunk[0]),
            value(chunk[1]),
            value(chunk[2]),
            value(chunk[3]),
        ];
        seen |= values[0] | values[1] | values[2] | values[3];
        let n = values.iter().fold(0u32, |n, &v| n << 6 | u32::from(v));
        decoded.copy_from_slice(&n.to_be_bytes()[1..]);
    }
    if seen & NOT_BASE64_BIT != 0 {
        return None;
    }
    // The padded last group: two or three characters for one or two bytes.
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut n = 0u32;
        for &b in rest {
            let v = value(b);
            if v == NOT_BASE64 {
                return None;
            }
            n = n << 6 | u32::from(v);
        }
        n <<= 6 * (4 - rest.len());
        let decoded = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&decoded[..rest.len() - 1]);
    }
    Some(out)
}

const NOT_BASE64: u8 = 0xff;

/// The bit of [`NOT_BASE64`] that no digit's value (0 to 63) has.
const NOT_BASE64_BIT: u8 = 0x80;

/// Each byte's value as a base64 digit, or [`NOT_BASE64`].
static BASE64_VALUES: [u8; 256] = {
    let mut table = [NOT_BASE64; 256];
    let digits = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut i = 0;
    while i < digits.len() {
        table[digits[i] as usize] = i as u8;
        i += 1;
    }
    table
};

/// The size in bits of an RSA key given as SubjectPublicKeyInfo (RFC 6376 §3.6.1) or as a bare
/// RSAPublicKey, which some signers publish; None when it is neither.
pub fn rsa_modulus_bits(der: &[u8]) -> Option<usize> {
    let (tag, outer, _) = der_element(der)?;
    if tag != 0x30 {
        return None;
    }
    let (first_tag, _, after) = der_element(outer)?;
    let rsa_public_key = match first_tag {
        // SubjectPublicKeyInfo: algorithm, then the key as a BIT STRING.
        0x30 => {
            let (bit_tag, bits, _) = der_element(after)?;
            if bit_tag != 0x03 || bits.first() != Some(&0) {
                return None;
            }
            let (inner_tag, inner, _) = der_element(&bits[1..])?;
            if inner_tag != 0x30 {
                return None;
            }
            inner
        }
        0x02 => outer,
        _ => return None,
    };
    let (int_tag, modulus, _) = der_element(rsa_public_key)?;
    if int_tag != 0x02 {
        return None;
    }
    let modulus = {
        let zeros = modulus.iter().take_while(|&&b| b == 0).count();
        &modulus[zeros..]
    };
    let top = *modulus.first()?;
    Some(modulus.len() * 8 - top.leading_zeros() as usize)
}

/// The header of the DER element at the start of `bytes`: its tag, the length it declares
/// for its contents, and the header's own length.
fn der_header(bytes: &[u8]) -> Option<(u8, usize, usize)> {
    let tag = *bytes.first()?;
    let first = *bytes.get(1)? as usize;
    if first < 0x80 {
        return Some((tag, first, 2));
    }
    let count = first & 0x7f;
    if count == 0 || count > 4 {
        return None;
    }
    let mut length = 0usize;
    for i in 0..count {
        length = (length << 8) | *bytes.get(2 + i)? as usize;
    }
    Some((tag, length, 2 + count))
}

/// One DER element: its tag, its contents and what follows it.
fn der_element(bytes: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (tag, length, header) = der_header(bytes)?;
    let end = header.checked_add(length)?;
    let contents = bytes.get(header..end)?;
    Some((tag, contents, &bytes[end..]))
}

/// Whether the records of one selector (two or more) are one key split over several records,
/// as DKIM004 tells them: fewer than two of them a key that reads whole, one of them trying to
/// be a key.
fn is_split_key(keys: &[KeyRecord<'_>], places: &[u32]) -> bool {
    let records = || places.iter().map(|&place| &keys[place as usize]);
    let whole = records()
        .filter(|key| matches!(key.key, Ok(Some(_))))
        .count();
    whole < 2 && records().any(|key| !matches!(key.key, Ok(None)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_and_der() {
        assert_eq!(decode_base64("aGVsbG8=").unwrap(), b"hello");
        assert_eq!(decode_base64("aGk=").unwrap(), b"hi");
        assert!(decode_base64("aGVsbG8").is_none());
        assert!(decode_base64("a=Vs").is_none());
        assert!(decode_base64("aGk=aGk=").is_none());
        assert!(decode_base64("aG!=").is_none());
        assert!(decode_base64("a===").is_none());
        assert_eq!(decode_base64("").unwrap(), b"");
        assert_eq!(decode_base64("+/+/").unwrap(), [0xfb, 0xff, 0xbf]);
        assert_eq!(decode_base64("YQ==").unwrap(), b"a");
        // Several full groups, and a character outside the alphabet in a later one.
        assert_eq!(decode_base64("aGVsbG8h").unwrap(), b"hello!");
        assert_eq!(decode_base64("em9uZWxpbnQ=").unwrap(), b"zonelint");
        assert!(decode_base64("aGVsb*8h").is_none());
        assert!(decode_base64("em9uZW=pbnQ=").is_none());
        // SubjectPublicKeyInfo of a 512-bit RSA key made with `openssl genrsa 512`.
        let spki = decode_base64(
            "MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBALq5li7B7tyRbDNUw/eW0X3vSsKfekRvmjRI2sKzjgD0Mnxjfc0W1ORJJReZnFYzKp39p6W2+MVHFkqemFm8B0UCAwEAAQ==",
        )
        .unwrap();
        assert_eq!(rsa_modulus_bits(&spki), Some(512));
    }
}
