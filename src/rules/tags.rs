//! Reading the `tag=value; ...` lists that DKIM (RFC 6376 §3.2), DMARC (RFC 7489 §6.4),
//! MTA-STS (RFC 8461 §3.1) and TLS-RPT (RFC 8460 §3) records share, and the text of a TXT
//! record as receivers see it.

use crate::model::{RData, RType, Record};

/// One `name=value` of a tag list; both trimmed of white space.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag<'t> {
    pub name: &'t str,
    pub value: &'t str,
}

/// The tags of `text`, or why it is not a tag list (a part without `=`, a bad tag name, a tag
/// given twice).
pub fn parse_tag_list(text: &str) -> Result<Vec<Tag<'_>>, String> {
    let mut tags: Vec<Tag<'_>> = Vec::new();
    let mut parts = text.split(';').peekable();
    while let Some(part) = parts.next() {
        let trimmed = trim_fws(part);
        if trimmed.is_empty() {
            // A trailing `;` is allowed; an empty part elsewhere is not a tag-spec.
            if parts.peek().is_none() {
                continue;
            }
            return Err("an empty entry between two `;`".into());
        }
        let Some((name, value)) = trimmed.split_once('=') else {
            return Err(format!("`{trimmed}` is not `tag=value`"));
        };
        let name = trim_fws(name);
        let value = trim_fws(value);
        let valid_name = name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        if !valid_name {
            return Err(format!("`{name}` is not a tag name"));
        }
        if tags.iter().any(|t| t.name.eq_ignore_ascii_case(name)) {
            return Err(format!("the tag `{name}` is given twice"));
        }
        tags.push(Tag { name, value });
    }
    Ok(tags)
}

/// `text` without the folding white space (space, tab, CR, LF) around it, read as bytes: a
/// DKIM key's value is hundreds of characters.
fn trim_fws(text: &str) -> &str {
    let kept = |&b: &u8| !is_fws(char::from(b));
    let bytes = text.as_bytes();
    let start = bytes.iter().position(kept).unwrap_or(bytes.len());
    let end = bytes.iter().rposition(kept).map_or(start, |last| last + 1);
    // Both ends are next to ASCII bytes, so on character boundaries.
    text.get(start..end).unwrap_or_default()
}

fn is_fws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// The value of tag `name` (case-insensitive name).
pub fn tag<'t>(tags: &[Tag<'t>], name: &str) -> Option<&'t str> {
    tags.iter()
        .find(|t| t.name.eq_ignore_ascii_case(name))
        .map(|t| t.value)
}

/// A TXT record's character-strings joined, as DKIM, DMARC, MTA-STS and TLS-RPT read them;
/// None for other records.
pub fn txt_text(record: &Record) -> Option<String> {
    if record.rtype != RType::TXT {
        return None;
    }
    let RData::Txt(strings, _) = &record.rdata else {
        return None;
    };
    // Built in one allocation: a zone's TXT records are read this way by several rule families.
    let mut bytes = Vec::with_capacity(strings.text_len());
    for string in strings {
        bytes.extend_from_slice(string);
    }
    Some(printable_text(bytes))
}

/// Record text as these rules quote it: printable ASCII kept, every other byte (controls,
/// which could drive a terminal, and non-ASCII, which none of these records allow) as `?`, so
/// that byte offsets stay those of the record. Made in place, byte by byte (DKIM keys are
/// hundreds of bytes, and every key record is read); bytes already owned are not copied.
pub fn printable_text(bytes: impl Into<Vec<u8>>) -> String {
    let mut bytes = bytes.into();
    for byte in &mut bytes {
        if !(0x20..0x7f).contains(byte) {
            *byte = b'?';
        }
    }
    // Printable ASCII only, so always UTF-8.
    String::from_utf8(bytes).unwrap_or_default()
}

/// True when `text` starts with `v=<version>` (any case) and then `;`, white space or its end.
pub fn has_version(text: &str, version: &str) -> bool {
    let Some(rest) = text.trim_start_matches(is_fws).strip_prefix("v") else {
        return false;
    };
    let Some(rest) = rest.trim_start_matches(is_fws).strip_prefix('=') else {
        return false;
    };
    let rest = rest.trim_start_matches(is_fws);
    rest.get(..version.len())
        .is_some_and(|v| v.eq_ignore_ascii_case(version))
        && rest[version.len()..]
            .chars()
            .next()
            .is_none_or(|c| c == ';' || is_fws(c))
}

/// The first label of `owner`, lower case.
pub fn first_label_lower(record: &Record) -> String {
    record.owner.first_label().to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_lists() {
        let tags = parse_tag_list("v=DMARC1; p=reject;").unwrap();
        assert_eq!(tag(&tags, "P"), Some("reject"));
        assert!(parse_tag_list("v=DMARC1; p=none; p=reject").is_err());
        assert!(parse_tag_list("v=DMARC1;; p=none").is_err());
        assert!(parse_tag_list("v=DMARC1 p=none").is_ok_and(|t| t.len() == 1));
        assert!(parse_tag_list("v=DKIM1; 1k=rsa").is_err());
        // Folding white space around names and values goes, inner white space and other
        // characters stay.
        let tags = parse_tag_list(" v = DKIM1 ;\tn=café \r\n; p=ab cd\t; ").unwrap();
        let read: Vec<(&str, &str)> = tags.iter().map(|t| (t.name, t.value)).collect();
        assert_eq!(read, [("v", "DKIM1"), ("n", "café"), ("p", "ab cd")]);
        assert_eq!(
            parse_tag_list("v=;  ; p=x").map_err(|e| e.contains("empty")),
            Err(true)
        );
        assert_eq!(parse_tag_list(" \t").map(|t| t.len()), Ok(0));
        assert!(has_version("v=DMARC1; p=none", "DMARC1"));
        assert!(has_version("v = dmarc1", "DMARC1"));
        assert!(!has_version("v=DMARC10", "DMARC1"));
    }

    #[test]
    fn printable_text_keeps_printable_ascii_and_offsets() {
        let bytes: Vec<u8> = (0..=255).collect();
        let text = printable_text(bytes.as_slice());
        assert_eq!(text.len(), 256);
        for (byte, shown) in bytes.iter().zip(text.bytes()) {
            let kept = (0x20..0x7f).contains(byte);
            assert_eq!(shown, if kept { *byte } else { b'?' }, "{byte:#x}");
        }
    }
}
