//! Absolute domain names in a compact, canonical presentation form.
//!
//! A [`Name`] is one heap string ending in `.`. Escapes are normalised when the name is built
//! (`\065` becomes `A`, a special character keeps a backslash, an unprintable byte becomes
//! `\DDD`), so two names are equal exactly when their strings are equal ignoring ASCII case.

use std::fmt;
use std::hash::{Hash, Hasher};

#[derive(Clone)]
pub struct Name(Box<str>);

/// Why text could not be read as a domain name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameError {
    Empty,
    EmptyLabel,
    LabelTooLong(usize),
    NameTooLong(usize),
    BadEscape,
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NameError::Empty => write!(f, "empty name"),
            NameError::EmptyLabel => write!(f, "empty label (two dots in a row, or a leading dot)"),
            NameError::LabelTooLong(n) => write!(f, "label is {n} bytes long; the limit is 63"),
            NameError::NameTooLong(n) => {
                write!(f, "name is {n} bytes long in wire form; the limit is 255")
            }
            NameError::BadEscape => write!(f, "bad escape: `\\DDD` needs three digits up to 255"),
        }
    }
}

const MAX_LABEL: usize = 63;
const MAX_WIRE: usize = 255;

/// Is `text` already in canonical form as it stands: printable ASCII without escapes or
/// characters that need one, so that the name it makes is the text itself (plus a final dot
/// and the origin when relative)?
pub fn is_plain(text: &[u8]) -> bool {
    text.iter().all(|&b| PLAIN_BYTE[b as usize])
}

/// [`is_plain`] and the labels of plain text checked in the same pass: None when the text is
/// not plain; else the wire length of its complete labels (with the root's byte) and the
/// length of the last label (0 when the text ends with a dot), or the first label that is
/// empty or too long.
fn scan_plain(text: &[u8]) -> Option<Result<(usize, usize), NameError>> {
    let mut wire = 1;
    let mut start = 0;
    let mut error = None;
    for (i, &b) in text.iter().enumerate() {
        if !PLAIN_BYTE[b as usize] {
            return None;
        }
        if b == b'.' && error.is_none() {
            let label_len = i - start;
            if label_len > MAX_LABEL {
                error = Some(NameError::LabelTooLong(MAX_LABEL + 1));
            } else if label_len == 0 {
                error = Some(NameError::EmptyLabel);
            }
            wire += label_len + 1;
            start = i + 1;
        }
    }
    let last = text.len() - start;
    if error.is_none() && last > MAX_LABEL {
        error = Some(NameError::LabelTooLong(MAX_LABEL + 1));
    }
    Some(match error {
        Some(error) => Err(error),
        None => Ok((wire, last)),
    })
}

/// The bytes of plain text ([`is_plain`]): printable ASCII that needs no escape, and the dot.
static PLAIN_BYTE: [bool; 256] = {
    let mut plain = [false; 256];
    let mut b = 0x21;
    while b < 0x7f {
        plain[b] = !needs_escape(b as u8);
        b += 1;
    }
    plain[b'.' as usize] = true;
    plain
};

/// Characters written with a backslash in canonical form.
const fn needs_escape(b: u8) -> bool {
    matches!(
        b,
        b'.' | b'\\' | b'"' | b'(' | b')' | b';' | b' ' | b'@' | b'$'
    )
}

fn push_label_byte(out: &mut String, b: u8) {
    if needs_escape(b) {
        out.push('\\');
        out.push(b as char);
    } else if (0x21..0x7f).contains(&b) {
        out.push(b as char);
    } else {
        out.push('\\');
        out.push((b'0' + b / 100) as char);
        out.push((b'0' + b / 10 % 10) as char);
        out.push((b'0' + b % 10) as char);
    }
}

impl Name {
    pub fn root() -> Name {
        Name(".".into())
    }

    /// Parse presentation text. A name without a trailing dot is relative and gets `origin`
    /// appended; with no origin it is taken as absolute. Returns the name and whether the
    /// text was relative.
    pub fn parse(text: &[u8], origin: Option<&Name>) -> Result<(Name, bool), NameError> {
        if text.is_empty() {
            return Err(NameError::Empty);
        }
        if text == b"." {
            return Ok((Name::root(), false));
        }
        // Fast path: plain ASCII without escapes or special characters.
        let scanned = scan_plain(text);
        let plain = scanned.is_some();
        // The exact length for plain text, so that the name is made in one allocation: a
        // string that has to grow, or shrink into the name, is copied again (a zone's names
        // are most of what its parse allocates).
        let capacity = match origin {
            _ if plain && text.ends_with(b".") => text.len(),
            Some(origin) if !origin.is_root() => text.len() + 1 + origin.0.len(),
            _ => text.len() + 1,
        };
        let mut out = String::with_capacity(capacity);
        let mut label_len = 0usize;
        let mut wire = 1usize; // the root label
        let mut absolute = false;
        let mut i = 0;
        if let Some(scanned) = scanned {
            // The text is the name.
            (wire, label_len) = scanned?;
            absolute = label_len == 0;
            out.push_str(std::str::from_utf8(text).unwrap_or_default());
        } else {
            while i < text.len() {
                let b = text[i];
                let (byte, next) = if b == b'\\' {
                    match decode_escape(text, i)? {
                        Some(decoded) => decoded,
                        None => return Err(NameError::BadEscape),
                    }
                } else if b == b'.' {
                    if label_len == 0 {
                        return Err(NameError::EmptyLabel);
                    }
                    wire += label_len + 1;
                    label_len = 0;
                    out.push('.');
                    i += 1;
                    if i == text.len() {
                        absolute = true;
                    }
                    continue;
                } else {
                    (b, i + 1)
                };
                push_label_byte(&mut out, byte);
                label_len += 1;
                if label_len > MAX_LABEL {
                    return Err(NameError::LabelTooLong(label_len));
                }
                i = next;
            }
        }
        if label_len > 0 {
            wire += label_len + 1;
        }
        if absolute {
            if wire > MAX_WIRE {
                return Err(NameError::NameTooLong(wire));
            }
            return Ok((Name(out.into()), false));
        }
        match origin {
            Some(origin) => {
                // The text of a name is never shorter than its wire form less one byte, so
                // the origin's exact wire length is only worked out near the limit.
                let mut total = wire + origin.0.len();
                if total > MAX_WIRE {
                    total = wire - 1 + origin.wire_len();
                }
                if total > MAX_WIRE {
                    return Err(NameError::NameTooLong(total));
                }
                if !origin.is_root() {
                    out.push('.');
                    out.push_str(&origin.0);
                } else {
                    out.push('.');
                }
                Ok((Name(out.into()), true))
            }
            None => {
                if wire > MAX_WIRE {
                    return Err(NameError::NameTooLong(wire));
                }
                out.push('.');
                Ok((Name(out.into()), true))
            }
        }
    }

    /// Parse text that must be absolute or is taken as absolute (`example.com` → `example.com.`).
    pub fn from_ascii(text: &str) -> Result<Name, NameError> {
        Name::parse(text.as_bytes(), None).map(|(name, _)| name)
    }

    /// `text` with a dot after it, read as [`Name::from_ascii`] reads it: for a domain quoted
    /// without its final dot (SPF terms, `mailto:` domains). Text that does not end with a dot
    /// or a backslash reads the same without the dot, with no origin, so it is not copied.
    pub fn from_ascii_dotted(text: &str) -> Result<Name, NameError> {
        if text.is_empty() || text.ends_with(['.', '\\']) {
            return Name::from_ascii(&format!("{text}."));
        }
        Name::from_ascii(text)
    }

    /// The name of these wire-form labels (each 1 to 63 bytes, any bytes), root last and
    /// implied: bytes are escaped as in the text form.
    pub fn from_wire_labels(labels: &[&[u8]]) -> Result<Name, NameError> {
        if labels.is_empty() {
            return Ok(Name::root());
        }
        let mut out = String::new();
        let mut wire = 1;
        for label in labels {
            if label.is_empty() {
                return Err(NameError::EmptyLabel);
            }
            if label.len() > MAX_LABEL {
                return Err(NameError::LabelTooLong(label.len()));
            }
            wire += 1 + label.len();
            for &b in *label {
                push_label_byte(&mut out, b);
            }
            out.push('.');
        }
        if wire > MAX_WIRE {
            return Err(NameError::NameTooLong(wire));
        }
        Ok(Name(out.into()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_root(&self) -> bool {
        &*self.0 == "."
    }

    /// The labels in presentation form (escapes kept), leftmost first; none for the root.
    pub fn labels(&self) -> impl Iterator<Item = &str> {
        let s: &str = if self.is_root() {
            ""
        } else {
            &self.0[..self.0.len() - 1]
        };
        LabelIter { rest: s }
    }

    pub fn label_count(&self) -> usize {
        self.labels().count()
    }

    /// The leftmost label, or "" for the root.
    pub fn first_label(&self) -> &str {
        self.labels().next().unwrap_or("")
    }

    /// The name without its leftmost label; the root for a one-label name; None for the root.
    pub fn parent(&self) -> Option<Name> {
        if self.is_root() {
            return None;
        }
        let first = self.first_label().len();
        let rest = &self.0[first + 1..];
        Some(if rest.is_empty() {
            Name::root()
        } else {
            Name(rest.into())
        })
    }

    /// The name and each of its ancestors as text, closest first, ending with the root `.`:
    /// `www.example.com.`, `example.com.`, `com.`, `.`. Slices of the name; nothing allocated.
    pub fn suffixes(&self) -> impl Iterator<Item = &str> {
        let text: &str = &self.0;
        let bytes = text.as_bytes();
        let mut start = Some(0);
        std::iter::from_fn(move || {
            let at = start?;
            start = (at + 1 < bytes.len()).then(|| {
                // The next dot, unless a backslash comes first: only then are escapes read
                // (delegation and zone lookups walk the suffixes of every owner).
                let dot = match bytes[at..].iter().position(|&b| b == b'.' || b == b'\\') {
                    Some(found) if bytes[at + found] == b'.' => at + found,
                    Some(_) => label_end(bytes, at),
                    None => bytes.len(),
                };
                // After the last label comes the root, `.`.
                (dot + 1).min(bytes.len() - 1)
            });
            Some(&text[at..])
        })
    }

    /// Length in wire format.
    pub fn wire_len(&self) -> usize {
        1 + self
            .labels()
            .map(|label| 1 + unescaped_len(label))
            .sum::<usize>()
    }

    /// True if `self` equals `ancestor` or lies below it.
    pub fn is_subdomain_of(&self, ancestor: &Name) -> bool {
        is_subdomain_text(&self.0, &ancestor.0)
    }

    /// Is the name in the reverse-mapping tree (`in-addr.arpa.`, `ip6.arpa.`, the old
    /// `ip6.int.`)?
    pub fn is_reverse_mapping(&self) -> bool {
        ["in-addr.arpa.", "ip6.arpa.", "ip6.int."]
            .iter()
            .any(|suffix| is_subdomain_text(&self.0, suffix))
    }

    /// The part of `self` left of `ancestor`, without the dot (`www` for www.example.com.
    /// below example.com.); "@" when equal; None when not below it.
    pub fn relative_to(&self, ancestor: &Name) -> Option<&str> {
        if !self.is_subdomain_of(ancestor) {
            return None;
        }
        if ancestor.is_root() {
            return Some(if self.is_root() {
                "@"
            } else {
                &self.0[..self.0.len() - 1]
            });
        }
        let cut = self.0.len() - ancestor.0.len();
        Some(if cut == 0 { "@" } else { &self.0[..cut - 1] })
    }

    pub fn eq_ignore_case(&self, other: &Name) -> bool {
        eq_caseless(self.0.as_bytes(), other.0.as_bytes())
    }

    /// The name in lower case, for maps and comparisons with catalog patterns.
    pub fn to_lowercase(&self) -> Name {
        Name(self.0.to_ascii_lowercase().into())
    }

    /// `self` with `suffix` appended (suffix must be absolute).
    pub fn prepend_to(&self, suffix: &Name) -> Result<Name, NameError> {
        let mut text = self.0[..self.0.len() - 1].to_string();
        if self.is_root() {
            return Ok(suffix.clone());
        }
        text.push('.');
        // Below the root the name ends with this dot (`*.`), not with a second one.
        if !suffix.is_root() {
            text.push_str(suffix.as_str());
        }
        let total = self.wire_len() - 1 + suffix.wire_len();
        if total > MAX_WIRE {
            return Err(NameError::NameTooLong(total));
        }
        Ok(Name(text.into()))
    }
}

/// Whether `name` looks like a registered domain (`example.com`, `example.co.uk`), told by
/// shape as zonelint carries no public suffix list: two labels, or three under a registry's
/// second level ([`is_registry_second_level`]); a subdomain (`parse.example.com`) is none.
pub fn is_registered_domain(name: &Name) -> bool {
    let labels: Vec<&str> = name.labels().collect();
    match labels.as_slice() {
        [_, _] => true,
        [_, second, tld] => is_registry_second_level(second, tld),
        _ => false,
    }
}

/// Is `second` a label under a country code `tld` that a registry registers domains below
/// (`example.co.uk`, `example.com.au`, `example.me.uk`), told by shape: zonelint carries no
/// public suffix list.
pub fn is_registry_second_level(second: &str, tld: &str) -> bool {
    const ANY_COUNTRY: &[&str] = &[
        "ac", "co", "com", "edu", "go", "gov", "ne", "net", "or", "org",
    ];
    // The United Kingdom's other second levels (Nominet: personal, company and public names).
    const UK: &[&str] = &["me", "ltd", "plc", "nhs", "sch", "police"];
    let is = |list: &[&str]| list.iter().any(|level| second.eq_ignore_ascii_case(level));
    tld.len() == 2 && (is(ANY_COUNTRY) || (tld.eq_ignore_ascii_case("uk") && is(UK)))
}

/// [`Name::is_subdomain_of`] on names in their text form (one of [`Name::suffixes`], say).
pub fn is_subdomain_text(name: &str, ancestor: &str) -> bool {
    if ancestor == "." {
        return true;
    }
    let (a, b) = (name.as_bytes(), ancestor.as_bytes());
    if a.len() < b.len() || !eq_caseless(&a[a.len() - b.len()..], b) {
        return false;
    }
    // The match must start at a label boundary: at the start, or after an unescaped dot.
    let cut = a.len() - b.len();
    cut == 0 || (a[cut - 1] == b'.' && !is_escaped_at(a, cut - 1))
}

fn is_escaped_at(bytes: &[u8], index: usize) -> bool {
    let backslashes = bytes[..index]
        .iter()
        .rev()
        .take_while(|&&b| b == b'\\')
        .count();
    backslashes % 2 == 1
}

fn unescaped_len(label: &str) -> usize {
    let b = label.as_bytes();
    let mut i = 0;
    let mut n = 0;
    while i < b.len() {
        if b[i] == b'\\' {
            i += if b.get(i + 1).is_some_and(u8::is_ascii_digit) {
                4
            } else {
                2
            };
        } else {
            i += 1;
        }
        n += 1;
    }
    n
}

/// Decode the escape starting at `text[i] == b'\\'`: Some((byte, next index)).
fn decode_escape(text: &[u8], i: usize) -> Result<Option<(u8, usize)>, NameError> {
    match text.get(i + 1) {
        None => Ok(None),
        Some(d) if d.is_ascii_digit() => {
            let digits = text.get(i + 1..i + 4).ok_or(NameError::BadEscape)?;
            if !digits.iter().all(u8::is_ascii_digit) {
                return Err(NameError::BadEscape);
            }
            let value = digits
                .iter()
                .fold(0u32, |v, d| v * 10 + u32::from(d - b'0'));
            if value > 255 {
                return Err(NameError::BadEscape);
            }
            Ok(Some((value as u8, i + 4)))
        }
        Some(&c) => Ok(Some((c, i + 2))),
    }
}

struct LabelIter<'a> {
    rest: &'a str,
}

/// Where the label starting at `at` ends: the next dot that no backslash escapes (or the end).
fn label_end(bytes: &[u8], at: usize) -> usize {
    let mut i = at;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'.' => break,
            _ => i += 1,
        }
    }
    i.min(bytes.len())
}

impl<'a> Iterator for LabelIter<'a> {
    type Item = &'a str;
    fn next(&mut self) -> Option<&'a str> {
        if self.rest.is_empty() {
            return None;
        }
        let bytes = self.rest.as_bytes();
        let i = label_end(bytes, 0);
        let label = &self.rest[..i];
        self.rest = if i < bytes.len() {
            &self.rest[i + 1..]
        } else {
            ""
        };
        Some(label)
    }
}

impl PartialEq for Name {
    fn eq(&self, other: &Name) -> bool {
        self.eq_ignore_case(other)
    }
}

impl Eq for Name {}

impl Hash for Name {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_caseless(self.0.as_bytes(), state);
    }
}

/// Equal but for ASCII case. Exact equality is tried first: names are nearly always compared
/// with names spelled alike, and that is one `memcmp` where the caseless loop goes byte by
/// byte (lookups compare names for every record of a zone).
pub fn eq_caseless(a: &[u8], b: &[u8]) -> bool {
    a == b || a.eq_ignore_ascii_case(b)
}

/// Hash text so that strings equal but for ASCII case hash alike: every byte with bit 5 set,
/// which lower-cases letters (it also merges a few non-letters, such as `@` with a backquote,
/// which only costs a rare collision). Eight bytes at a time: names are hashed for every
/// record of a zone.
pub fn hash_caseless<H: Hasher>(bytes: &[u8], state: &mut H) {
    const FOLD: u64 = 0x2020_2020_2020_2020;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        state.write_u64(word | FOLD);
    }
    // The last bytes as one more word, built in place: a copy into a buffer of eight calls
    // memcpy for its variable length, and every owner and suffix looked up is hashed.
    let tail = chunks
        .remainder()
        .iter()
        .rev()
        .fold(0u64, |word, &b| word << 8 | u64::from(b));
    state.write_u64(tail | FOLD);
    state.write_usize(bytes.len());
}

/// Text compared and hashed ignoring ASCII case: a map key for names and their suffixes
/// that needs no lower-cased copy.
#[derive(Clone, Copy, Debug)]
pub struct Caseless<'a>(pub &'a str);

impl PartialEq for Caseless<'_> {
    fn eq(&self, other: &Self) -> bool {
        eq_caseless(self.0.as_bytes(), other.0.as_bytes())
    }
}

impl Eq for Caseless<'_> {}

impl Hash for Caseless<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_caseless(self.0.as_bytes(), state);
    }
}

impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Name) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Name {
    fn cmp(&self, other: &Name) -> std::cmp::Ordering {
        let a = self.0.bytes().map(|b| b.to_ascii_lowercase());
        let b = other.0.bytes().map(|b| b.to_ascii_lowercase());
        a.cmp(b)
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Name({})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use std::hash::BuildHasher;

    /// A label put before a name, the root included: `*` before `.` is `*.`, not `*..`.
    #[test]
    fn prepend_to_joins_at_one_dot_even_before_the_root() {
        let name = |text: &str| Name::from_ascii(text).unwrap();
        let star = name("*");
        assert_eq!(star.prepend_to(&name(".")).unwrap().as_str(), "*.");
        assert_eq!(
            star.prepend_to(&name("example.")).unwrap().as_str(),
            "*.example."
        );
        assert_eq!(
            name("www.mail")
                .prepend_to(&name("Example.com."))
                .unwrap()
                .as_str(),
            "www.mail.Example.com."
        );
        assert_eq!(
            Name::root().prepend_to(&name("example.")).unwrap().as_str(),
            "example."
        );
    }

    #[test]
    fn names_equal_but_for_case_hash_alike_and_others_apart() {
        let hasher = std::collections::hash_map::RandomState::new();
        let hash = |text: &str| hasher.hash_one(Name::from_ascii(text).unwrap());
        for (a, b) in [
            ("Mail.Example.COM.", "mail.example.com."),
            ("ABCDEFGHIJKLMNOPQRSTUVWXYZ.", "abcdefghijklmnopqrstuvwxyz."),
            ("X.", "x."),
        ] {
            assert_eq!(hash(a), hash(b), "{a} {b}");
            assert_eq!(
                hasher.hash_one(Caseless(a)),
                hasher.hash_one(Caseless(b)),
                "{a} {b}"
            );
        }
        // Names that differ in a byte, or only in length, hash apart.
        assert_ne!(hash("mail.example.com."), hash("mail.example.org."));
        assert_ne!(hash("a."), hash("aa."));
        // ... and in the bytes after the last whole word, in any order.
        assert_ne!(hash("abcdefgh.x."), hash("abcdefgh.y."));
        assert_ne!(hash("ab."), hash("ba."));
        assert_eq!(hash("abcdefgh.X."), hash("ABCDEFGH.x."));
        assert_ne!(
            hasher.hash_one(Caseless("a")),
            hasher.hash_one(Caseless("a\\000"))
        );
    }
    use super::*;

    #[test]
    fn registered_domains() {
        let name = |s: &str| Name::from_ascii(s).unwrap();
        assert!(is_registered_domain(&name("example.com.")));
        assert!(is_registered_domain(&name("example.co.uk.")));
        assert!(!is_registered_domain(&name("parse.example.com.")));
        assert!(!is_registered_domain(&name("mail.example.io.")));
        assert!(!is_registered_domain(&name("com.")));
    }

    fn n(s: &str) -> Name {
        Name::from_ascii(s).unwrap()
    }

    #[test]
    fn dotted_text_reads_as_the_text_with_a_dot() {
        let long = "a".repeat(64);
        let texts = [
            "",
            ".",
            "a",
            "a.",
            "a..",
            "A.b",
            r"a\",
            r"a\\",
            r"a\.",
            r"a\046b",
            "a b",
            "*.x",
            long.as_str(),
        ];
        for text in texts {
            assert_eq!(
                Name::from_ascii_dotted(text),
                Name::from_ascii(&format!("{text}.")),
                "{text}"
            );
        }
    }

    #[test]
    fn caseless_equality_is_the_standard_library_s() {
        let words: &[&[u8]] = &[
            b"",
            b"a",
            b"A",
            b"www.example.",
            b"WWW.Example.",
            b"www.example",
            b"@",
            b"`",
            b"w\\087w.example.",
            b"\xc3\xa9",
            b"\xc3\x89",
            b"abc",
            b"abd",
        ];
        for a in words {
            for b in words {
                assert_eq!(eq_caseless(a, b), a.eq_ignore_ascii_case(b), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn relative_names_get_the_origin() {
        let origin = n("example.com.");
        let (name, relative) = Name::parse(b"www", Some(&origin)).unwrap();
        assert_eq!(name.as_str(), "www.example.com.");
        assert!(relative);
        let (name, relative) = Name::parse(b"mail.example.net.", Some(&origin)).unwrap();
        assert_eq!(name.as_str(), "mail.example.net.");
        assert!(!relative);
        let (name, _) = Name::parse(b"www", Some(&Name::root())).unwrap();
        assert_eq!(name.as_str(), "www.");
    }

    #[test]
    fn escapes_are_canonical_and_case_is_ignored() {
        assert_eq!(n("\\065bc.example."), n("abc.EXAMPLE."));
        assert_eq!(n("a\\.b.example.").label_count(), 2);
        assert_eq!(n("a\\.b.example.").first_label(), "a\\.b");
        assert_eq!(n("\\000.black.minimal.").as_str(), "\\000.black.minimal.");
        assert_eq!(n("x\\ny.").as_str(), "xny.");
    }

    #[test]
    fn limits_are_enforced() {
        let long = "a".repeat(64);
        assert_eq!(Name::from_ascii(&long), Err(NameError::LabelTooLong(64)));
        let ok = format!("{}.", "a".repeat(63));
        assert!(Name::from_ascii(&ok).is_ok());
        let too_long = format!("{}.", vec!["a".repeat(63); 4].join("."));
        assert!(matches!(
            Name::from_ascii(&too_long),
            Err(NameError::NameTooLong(257))
        ));
        assert_eq!(Name::from_ascii("a..b."), Err(NameError::EmptyLabel));
        assert_eq!(Name::from_ascii(".a."), Err(NameError::EmptyLabel));
        assert_eq!(Name::from_ascii("a\\256."), Err(NameError::BadEscape));
    }

    /// Plain text takes a fast path; the same name with an escape in it takes the general one.
    /// Both give the same name, relativity and error.
    #[test]
    fn plain_text_reads_as_escaped_text() {
        let origin = n("example.com.");
        let labels = [
            "a".to_string(),
            String::new(),
            "b".repeat(62) + "a",
            "c".repeat(63) + "a",
            "xa".into(),
        ];
        let mut texts = Vec::new();
        for first in &labels {
            for second in &labels {
                for tail in ["", ".", ".a", ".a."] {
                    texts.push(format!("{first}.{second}{tail}"));
                    texts.push(format!("{first}{tail}"));
                }
            }
        }
        texts.push(vec!["a".repeat(63); 3].join(".") + ".a" + &"a".repeat(60));
        texts.push(vec!["a".repeat(63); 4].join("."));
        for text in texts
            .iter()
            .filter(|t| t.contains('a') && t.as_str() != ".")
        {
            let escaped = text.replacen('a', "\\097", 1);
            assert!(is_plain(text.as_bytes()) && !is_plain(escaped.as_bytes()));
            for origin in [None, Some(&origin)] {
                assert_eq!(
                    Name::parse(text.as_bytes(), origin),
                    Name::parse(escaped.as_bytes(), origin),
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn relative_names_are_measured_with_the_origin() {
        // The origin's text is longer than its wire form (escapes): near the limit the
        // exact wire length decides, not the text's.
        let label = |c: &str| c.repeat(63);
        let origin = n(&format!("{}.{}.", "\\097".repeat(63), label("b")));
        assert_eq!(origin.wire_len(), 129);
        let fits = format!("{}.{}", label("c"), "d".repeat(61));
        let (name, relative) = Name::parse(fits.as_bytes(), Some(&origin)).unwrap();
        assert!(relative);
        assert_eq!(name.wire_len(), 255);
        let over = format!("{}.{}", label("c"), "d".repeat(62));
        assert_eq!(
            Name::parse(over.as_bytes(), Some(&origin)),
            Err(NameError::NameTooLong(256))
        );
        // Without escapes the text says it at once.
        let plain = n(&format!("{}.{}.", label("a"), label("b")));
        assert_eq!(
            Name::parse(over.as_bytes(), Some(&plain)),
            Err(NameError::NameTooLong(256))
        );
    }

    #[test]
    fn subdomains_and_parents() {
        let apex = n("example.com.");
        assert!(n("www.example.com.").is_subdomain_of(&apex));
        assert!(n("EXAMPLE.com.").is_subdomain_of(&apex));
        assert!(!n("wwwexample.com.").is_subdomain_of(&apex));
        // The dot before "example" is escaped: the label is `a\.example`, so not below example.com.
        assert!(!n("a\\.example.com.").is_subdomain_of(&apex));
        assert_eq!(n("www.example.com.").relative_to(&apex), Some("www"));
        assert_eq!(apex.relative_to(&apex), Some("@"));
        assert_eq!(n("www.example.com.").parent(), Some(apex.clone()));
        assert_eq!(n("com.").parent(), Some(Name::root()));
        assert_eq!(n("www.example.com.").wire_len(), 17);
    }

    #[test]
    fn suffixes_walk_to_the_root_at_label_boundaries() {
        let name = Name::from_ascii(r"a\.b.Example.com.").unwrap();
        let all: Vec<&str> = name.suffixes().collect();
        assert_eq!(all, [r"a\.b.Example.com.", "Example.com.", "com.", "."]);
        assert_eq!(Name::root().suffixes().collect::<Vec<_>>(), ["."]);
        // An escaped backslash before a dot: the dot ends the label.
        let name = Name::from_ascii(r"a\\.b.").unwrap();
        let all: Vec<&str> = name.suffixes().collect();
        assert_eq!(all, [r"a\\.b.", "b.", "."]);
        let name = Name::from_ascii("www.example.").unwrap();
        let all: Vec<&str> = name.suffixes().collect();
        assert_eq!(all, ["www.example.", "example.", "."]);
        // Each suffix starts where a label does.
        for written in [r"x\.y\046z.w.", "a.b.c.d.", r"\\\\.q."] {
            let name = Name::from_ascii(written).unwrap();
            let text = name.as_str();
            let starts: Vec<usize> = name.suffixes().map(|s| text.len() - s.len()).collect();
            let mut expected = vec![0];
            for label in name.labels() {
                expected.push((expected[expected.len() - 1] + label.len() + 1).min(text.len() - 1));
            }
            assert_eq!(starts, expected, "{text}");
        }
    }
}
