//! DKIM004: several TXT records at one DKIM selector, whose result is undefined
//! (RFC 6376 §3.6.2.2).

use rustc_hash::FxHashSet;

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::RData;
use crate::rules::Rule;
use crate::rules::dkim::{DkimKeys, KeyRecord};
use crate::rules::tags::txt_text;

pub static RULE: Rule = Rule {
    code: "DKIM004",
    name: "dkim-multiple-records",
    severity: Severity::Error,
    summary: "A DKIM selector has several TXT records (two keys, or one key split over records); verifiers read one at random",
    doc: include_str!("../../../rules/docs/DKIM004.md"),
    check: Some(check),
};

fn check(_project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    let DkimKeys {
        keys,
        shared_selectors,
    } = zone.dkim_keys();
    for places in shared_selectors {
        let mut records: Vec<&KeyRecord<'_>> =
            places.iter().map(|&place| &keys[place as usize]).collect();
        let owner = &records[0].record.owner;
        let split = records[0].split;
        // A record written twice is one record served (an RRset is a set, RFC 2181 §5; servers
        // and octoDNS keep one): ZONE013's finding, not two keys.
        // Found through a set of the strings' wire form (equal wire forms are equal TXT RDATA,
        // and every key record is TXT: it was read as text): a selector may hold tens of
        // thousands of records, and comparing each with every earlier one took 11 s for 40,000.
        let mut distinct: FxHashSet<&[u8]> = FxHashSet::default();
        records.retain(|k| match &k.record.rdata {
            RData::Txt(strings, _) => distinct.insert(strings.wire()),
            _ => true,
        });
        // Only where one of them is (or tries to be) a key: other TXT records at a key name
        // are no DKIM business.
        let is_key = |k: &KeyRecord<'_>| !matches!(k.key, Ok(None));
        let Some(first) = records.iter().copied().find(|k| is_key(k)) else {
            continue;
        };
        let Some(second) = records
            .iter()
            .copied()
            .find(|k| !std::ptr::eq(k.record, first.record))
        else {
            continue;
        };
        // Keys that read whole: two of them are two keys; fewer, one key in pieces (which
        // DKIM001 and DKIM002 then leave to this rule).
        let whole = records
            .iter()
            .filter(|k| matches!(k.key, Ok(Some(_))))
            .count();
        let texts: Vec<String> = records
            .iter()
            .map(|k| txt_text(k.record).unwrap_or_default())
            .collect();
        if let Some(cut) = cut_copy(&records, &texts) {
            let (whole_record, cut_record) = (&records[cut.whole], &records[cut.cut]);
            out.push(
                Diagnostic::new(
                    &RULE,
                    cut_record.record.rdata_span(),
                    format!(
                        "`{owner}` has a DKIM key and a cut copy of it: this record's `p=` is the first {} of the key's {} characters, and verifiers read either at random",
                        cut.cut_len, cut.whole_len
                    ),
                )
                .with_label(whole_record.record.rdata_span(), "the whole key")
                .with_help(
                    "RFC 6376 §3.6.2.2: with several TXT records at a selector the result is \
                     undefined, and a verifier that reads the cut copy fails every signature \
                     (\"bad key\"). The other record is the whole key: remove this one, a leftover of \
                     an earlier attempt (joining the two would damage the key).",
                ),
            );
            continue;
        }
        let (message, help) = if let Some(tags) = one_tag_each(&texts) {
            (
                format!(
                    "the DKIM key at `{owner}` has one tag in each of {} TXT records ({tags}): each record is read as a key of its own, so signatures verify only when a verifier happens to take the `p=` record",
                    records.len()
                ),
                "RFC 6376 §3.6.2.2 leaves the result of several TXT records at one selector undefined: \
                 a verifier may take any one of them, and only the `p=` record reads as a key (with the \
                 defaults, `k=rsa`, whatever the other records say). The tags of a key are one record, \
                 separated by `;`, and joining the strings of one record adds no separator. Publish one \
                 record: `\"v=DKIM1; k=rsa; p=MIIB...\"` in a zone file, one `value: v=DKIM1\\; k=rsa\\; \
                 p=MIIB...` (not a `values:` list) in octoDNS YAML."
                    .to_string(),
            )
        } else if whole == 1
            && records
                .iter()
                .all(|k| matches!(k.key, Ok(Some(_)) | Ok(None)))
        {
            let stray = records
                .iter()
                .zip(&texts)
                .find(|(k, _)| matches!(k.key, Ok(None)))
                .map_or(String::new(), |(_, text)| {
                    crate::report::escape::shorten(text, STRAY_SHOWN).into_owned()
                });
            (
                format!(
                    "`{owner}` has a DKIM key and another TXT record, `{stray}`: verifiers read either at random"
                ),
                "RFC 6376 §3.6.2.2: with several TXT records at a selector the result is undefined, so \
                 signatures fail whenever a verifier reads the other record. Remove the record that is \
                 not the key."
                    .to_string(),
            )
        } else if split {
            (
                format!(
                    "the DKIM key at `{owner}` is split over {} TXT records: verifiers read one of them",
                    records.len()
                ),
                "A long key is one TXT record of several quoted strings, which verifiers join; as \
                 separate records they are separate answers, and the key in either is cut. Join them \
                 into one record: `( \"v=DKIM1; k=rsa; p=MIIB...\" \"...the rest\" )` in a zone file, one \
                 `value:` (not a `values:` list) in octoDNS YAML."
                    .to_string(),
            )
        } else {
            (
                format!("`{owner}` has {whole} DKIM key records: verifiers use either at random"),
                "RFC 6376 §3.6.2.2: the TXT records of a selector must be unique, and with several the \
                 result is undefined, so signatures made with the other key fail at random. Keep the \
                 key the signing service uses now; publish a new key under a new selector when rotating."
                    .to_string(),
            )
        };
        out.push(
            Diagnostic::new(&RULE, second.record.rdata_span(), message)
                .with_label(
                    first.record.rdata_span(),
                    "the other record at this selector",
                )
                .with_help(help),
        );
    }
}

/// A record at a selector whose key is the start of another record's whole key: the leftover
/// of a key pasted once cut (at 255 characters) and again whole (forwardemail.net#316: "I
/// accidentally left a second line of the DKIM key ... all sent emails were of course being
/// rejected"). Joining it to the whole key, as [`check`]'s split-key help says of a key in
/// pieces, would damage the key.
struct CutCopy {
    whole: usize,
    cut: usize,
    whole_len: usize,
    cut_len: usize,
}

fn cut_copy(records: &[&KeyRecord<'_>], texts: &[String]) -> Option<CutCopy> {
    if records.len() != 2 {
        return None;
    }
    let key_of = |text: &str| -> Option<String> {
        let tags = crate::rules::tags::parse_tag_list(text).ok()?;
        let key = crate::rules::tags::tag(&tags, "p")?;
        Some(key.chars().filter(|c| !c.is_whitespace()).collect())
    };
    let whole = records.iter().position(|k| matches!(k.key, Ok(Some(_))))?;
    let cut = 1 - whole;
    if matches!(records[cut].key, Ok(Some(_)) | Ok(None)) {
        return None;
    }
    let (whole_key, cut_key) = (key_of(&texts[whole])?, key_of(&texts[cut])?);
    (!cut_key.is_empty() && cut_key.len() < whole_key.len() && whole_key.starts_with(&cut_key))
        .then_some(CutCopy {
            whole,
            cut,
            whole_len: whole_key.len(),
            cut_len: cut_key.len(),
        })
}

/// The tags, when each text is one DKIM tag (`v=DKIM1`, `k=rsa`, `p=MIIB...`, a `;` at the end
/// allowed) and no tag repeats: a key written one tag per record, as an octoDNS `values:` list
/// of its parts makes it. Shown as the tag names (`v=`, `k=`, `p=`).
fn one_tag_each(texts: &[String]) -> Option<String> {
    let mut tags: Vec<&str> = Vec::with_capacity(texts.len());
    // The tags seen, in lower case: a selector may hold thousands of one-tag records.
    let mut seen: FxHashSet<String> = FxHashSet::default();
    for text in texts {
        let text = text.trim().trim_end_matches(';').trim_end();
        let (tag, value) = text.split_once('=')?;
        let tag = tag.trim();
        let is_tag =
            !tag.is_empty() && tag.len() <= 10 && tag.bytes().all(|b| b.is_ascii_alphabetic());
        if !is_tag || value.contains(';') || !seen.insert(tag.to_ascii_lowercase()) {
            return None;
        }
        tags.push(tag);
    }
    let has_key = tags.iter().any(|tag| tag.eq_ignore_ascii_case("p"));
    (tags.len() >= 2 && has_key).then(|| {
        tags.iter()
            .map(|tag| format!("`{tag}=`"))
            .collect::<Vec<_>>()
            .join(", ")
    })
}

/// Bytes of a stray record quoted in a message: it may be a key's second half, hundreds of
/// base64 characters, which the span already shows; its start says which it is.
const STRAY_SHOWN: usize = 40;
