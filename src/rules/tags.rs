//! Reading the `tag=value; ...` lists that DKIM (RFC 6376 §3.2), DMARC (RFC 7489 §6.4),
//! MTA-STS (RFC 8461 §3.1) and TLS-RPT (RFC 8460 §3) records share, and the text of a TXT
//! record as receivers see it.

use crate::index::Project;
use crate::model::{CharacterStrings, RData, RType, Record};
use crate::source::Span;

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

/// The whole `name=value` of `tag`, one of the tags [`parse_tag_list`] read from `text`, as a
/// slice of `text`; None for a tag of another text.
pub fn tag_text<'t>(text: &'t str, tag: &Tag<'t>) -> Option<&'t str> {
    let base = text.as_ptr() as usize;
    let start = (tag.name.as_ptr() as usize).checked_sub(base)?;
    let end = (tag.value.as_ptr() as usize + tag.value.len()).checked_sub(base)?;
    text.get(start..end)
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
    // Tabs and line breaks are white space to these records' tag lists (FWS, RFC 6376 §2.8):
    // a key pasted with a line break before `p=` is read as verifiers read it, not as a `?`
    // in a tag name. One byte for one, so offsets stay the record's.
    let mut bytes = joined(strings);
    for byte in &mut bytes {
        if matches!(*byte, b'\t' | b'\r' | b'\n') {
            *byte = b' ';
        }
    }
    Some(printable_text(bytes))
}

/// The character-strings of a TXT record joined as receivers join them (RFC 7208 §3.3, RFC 6376
/// §3.6.2.2), in one allocation: a zone's TXT records are read this way by several rule
/// families.
fn joined(strings: &CharacterStrings) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(strings.text_len());
    for string in strings {
        bytes.extend_from_slice(string);
    }
    bytes
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

/// Where `piece`, a slice of `text` (`record`'s character-strings joined, [`txt_text`]), is
/// written in the file: exact when the piece lies inside one string written without escapes,
/// which is how these records are written; the record's RDATA otherwise (a piece across two
/// strings, an escape before it, an octoDNS value).
pub fn piece_span(project: &Project<'_>, record: &Record, text: &str, piece: &str) -> Span {
    let whole = record.rdata_span();
    let Some(start) = (piece.as_ptr() as usize).checked_sub(text.as_ptr() as usize) else {
        return whole;
    };
    let end = start + piece.len();
    let RData::Txt(strings, _) = &record.rdata else {
        return whole;
    };
    if end > text.len() {
        return whole;
    }
    let mut string_start = 0;
    for (index, string) in strings.iter().enumerate() {
        let string_end = string_start + string.len();
        if start >= string_end {
            string_start = string_end;
            continue;
        }
        let Some((field_start, field_end)) =
            record.spans.field(index).filter(|_| end <= string_end)
        else {
            return whole;
        };
        let file_text = &project.sources.get(record.file).text;
        let Some(written) = file_text.get(field_start as usize..field_end as usize) else {
            return whole;
        };
        let inner = written
            .strip_prefix('"')
            .and_then(|w| w.strip_suffix('"'))
            .unwrap_or(written);
        // Written as it reads: the same length and no escape, so offsets carry over.
        if inner.len() != string.len() || inner.contains('\\') {
            return whole;
        }
        let begin =
            field_start as usize + (written.len() - inner.len()) / 2 + (start - string_start);
        return Span::new(record.file, begin, begin + piece.len());
    }
    whole
}

/// The piece `start..end` of a TXT record's joined text as the record's bytes have it, when
/// [`printable_text`] showed characters there as `?` that are not ASCII but printable
/// (`–all`, typed with an en dash): so that a finding quotes what the author sees. None when
/// the piece is printable ASCII, or holds control bytes or bytes that are not UTF-8.
pub fn non_ascii_as_written(record: &Record, start: usize, end: usize) -> Option<String> {
    let RData::Txt(strings, _) = &record.rdata else {
        return None;
    };
    let bytes = joined(strings);
    let written = std::str::from_utf8(bytes.get(start..end)?).ok()?;
    (!written.is_ascii() && !written.chars().any(char::is_control)).then(|| written.to_string())
}

/// `written` with the characters that word processors and web pages put in place of ASCII
/// ones (dashes and minus signs, spaces that do not break) typed as ASCII, and invisible ones
/// left out. None when `written` holds another character that is not ASCII.
pub fn ascii_for_lookalikes(written: &str) -> Option<String> {
    let mut ascii = String::with_capacity(written.len());
    for c in written.chars() {
        match Lookalike::of(c) {
            _ if c.is_ascii() => ascii.push(c),
            Some(Lookalike::Dash) => ascii.push('-'),
            Some(Lookalike::Space) => ascii.push(' '),
            Some(Lookalike::Invisible) => {}
            Some(Lookalike::Quote) | None => return None,
        }
    }
    Some(ascii)
}

/// Characters that are not ASCII and pass for ASCII ones, or for nothing, in a zone file.
#[derive(Clone, Copy)]
enum Lookalike {
    Dash,
    Quote,
    Space,
    Invisible,
}

impl Lookalike {
    fn of(c: char) -> Option<Lookalike> {
        Some(match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE63}' | '\u{FF0D}' => Lookalike::Dash,
            '\u{2018}'..='\u{201F}' | '\u{2032}' | '\u{2033}' | '\u{00AB}' | '\u{00BB}' => {
                Lookalike::Quote
            }
            '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => {
                Lookalike::Space
            }
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => Lookalike::Invisible,
            _ => return None,
        })
    }
}

/// The first character of `text` that looks like a blank or like nothing and is not ASCII (a
/// non-breaking space, U+00A0, pasted from a web page; a zero-width space): a zone file's
/// reader takes it for part of a word.
pub fn first_lookalike_blank(text: &str) -> Option<char> {
    text.chars().find(|&c| {
        matches!(
            Lookalike::of(c),
            Some(Lookalike::Space | Lookalike::Invisible)
        )
    })
}

/// How a zone file writes a TXT record's text: whether its first string is between quotes,
/// and the rest of the record's line when it starts with `;`. Unquoted, such a `;` (the
/// record's own, `TXT v=DMARC1; p=reject`) began a comment: the record holds only what came
/// before it. For an octoDNS value the rest of the line is empty.
fn written_form<'s>(source: &'s str, record: &Record) -> (bool, Option<&'s str>) {
    let quoted = record
        .spans
        .field(0)
        .and_then(|(start, _)| source.as_bytes().get(start as usize))
        == Some(&b'"');
    let comment = source
        .get(record.rdata_span().end as usize..)
        .and_then(|rest| rest.lines().next())
        .map(str::trim_start)
        .filter(|rest| rest.starts_with(';'));
    (quoted, comment)
}

/// A sentence for the help of a finding on a TXT record that a zone file holds without
/// quotes and whose line goes on with `;` and more tags (`TXT v=DMARC1; p=reject`): unquoted,
/// the `;` began a comment, so the record holds only what came before it. Empty otherwise
/// (quoted, or an octoDNS value, which keeps its `;`).
pub fn comment_cut_note(project: &Project<'_>, record: &Record) -> String {
    if !matches!(record.rdata, RData::Txt(..)) {
        return String::new();
    }
    let source = project.sources.get(record.file).text.as_str();
    let (quoted, comment) = written_form(source, record);
    if quoted || !comment.is_some_and(|rest| rest.contains('=')) {
        return String::new();
    }
    let held = txt_text(record).unwrap_or_default();
    format!(
        " The record is written without quotes, so the `;` after `{held}` began a comment and \
         the rest of the line is not in it: write the whole text between quotes."
    )
}

/// A sentence to add to the help of a finding about a TXT record (DKIM, DMARC, MTA-STS,
/// TLS-RPT, all ASCII only) that holds printable characters that are not ASCII, which the
/// message shows as `?` ([`printable_text`]): which they are, and what to type instead. Empty
/// when there are none.
pub fn non_ascii_note(record: &Record) -> String {
    let RData::Txt(strings, _) = &record.rdata else {
        return String::new();
    };
    // Nearly every record is ASCII: told without joining its strings.
    if strings.iter().all(<[u8]>::is_ascii) {
        return String::new();
    }
    let bytes = joined(strings);
    let mut shown: Vec<String> = Vec::new();
    for c in String::from_utf8_lossy(&bytes).chars() {
        if c.is_ascii() || c == char::REPLACEMENT_CHARACTER {
            continue;
        }
        let code = u32::from(c);
        let one = match Lookalike::of(c) {
            Some(Lookalike::Dash) => format!("`{c}` (U+{code:04X}, a dash: type `-`)"),
            Some(Lookalike::Quote) => format!("`{c}` (U+{code:04X}, a typographic quote)"),
            Some(Lookalike::Space) => format!("U+{code:04X} (a space that does not break)"),
            Some(Lookalike::Invisible) => format!("U+{code:04X} (invisible: delete it)"),
            None if c.is_control() => format!("U+{code:04X} (a control character)"),
            None => format!("`{c}` (U+{code:04X})"),
        };
        if !shown.contains(&one) {
            shown.push(one);
        }
    }
    if shown.is_empty() {
        return String::new();
    }
    format!(
        " The record holds characters that are not ASCII, shown as `?`: {}. It allows only \
         ASCII; a character pasted from a word processor or a web page can look right and be \
         another one.",
        shown.join(", ")
    )
}

/// The record `text` would be without the quote characters it was published with
/// (`"v=spf1 -all"`, quotes included, from an API or a configuration tool that added its own):
/// receivers read the quote as the first character, so the record is not what it says. None
/// when `text` does not start with a quote.
pub fn quoted_as_text(text: &str) -> Option<&str> {
    let inner = text.strip_prefix(['"', '\''])?;
    Some(inner.strip_suffix(['"', '\'']).unwrap_or(inner))
}

/// The text of a TXT record published with its quotes as text ([`quoted_as_text`] gives the
/// record meant): told by the first byte of the first string before the strings are joined,
/// since almost no record is.
pub fn quoted_record_text(record: &Record) -> Option<String> {
    match &record.rdata {
        RData::Txt(strings, _) if strings.starts_with_quote() => txt_text(record),
        _ => None,
    }
}

/// A TXT record written with typographic quotes (`“v=spf1 -all”`, `TXT “v=DMARC1; p=reject”`),
/// pasted from a word processor, chat or web page: a zone file or YAML reads them as text, so
/// receivers see a record that starts with a quote. The opening quote, and the text meant:
/// without the quotes, the strings joined as written (unquoted, each word of a zone file is a
/// string of its own, and a space stood between them; quoted strings join with nothing), and
/// whether a `;` after the record cut it short (unquoted, it starts a comment). None unless
/// the first string starts with such a quote.
pub fn typographic_quoted(project: &Project<'_>, record: &Record) -> Option<TypographicQuoted> {
    let RData::Txt(strings, _) = &record.rdata else {
        return None;
    };
    if !strings.starts_with_typographic_quote() {
        return None;
    }
    let source = project.sources.get(record.file).text.as_str();
    let (quoted, comment) = written_form(source, record);
    let words: Vec<String> = strings
        .iter()
        .map(|string| String::from_utf8_lossy(string).into_owned())
        .collect();
    let text = words.join(if quoted { "" } else { " " });
    let quote = text.chars().next()?;
    let is_quote = |c: char| c == '"' || crate::model::is_typographic_quote(c);
    let closed = text.ends_with(is_quote);
    // Unquoted and never closed: the rest stood after a `;`, which began a comment.
    let cut = !quoted && !closed && comment.is_some();
    let meant = text.trim_start_matches(is_quote).trim_end_matches(is_quote);
    Some(TypographicQuoted {
        quote,
        meant: meant.to_owned(),
        cut,
    })
}

/// What [`typographic_quoted`] reads.
pub struct TypographicQuoted {
    pub quote: char,
    /// The text without the quotes; only its start when `cut`.
    pub meant: String,
    /// A `;` after the record began a comment: the rest of the text meant is not in it.
    pub cut: bool,
}

impl TypographicQuoted {
    /// The opening quote as a message names it: `` `“` (U+201C) ``.
    pub fn quote_named(&self) -> String {
        format!("`{}` (U+{:04X})", self.quote, u32::from(self.quote))
    }

    /// The help of a finding on such a record: how the quotes came, what receivers then do
    /// (`consequence`), and what to write.
    pub fn help(&self, consequence: &str) -> String {
        format!(
            "The quotes typed around the record became typographic ones on the way (a word \
             processor, chat or web page), and a zone file reads them as text: {consequence}. {}",
            self.write_instead()
        )
    }

    /// The end of a help: the record to write, or, when a comment cut it, what to do.
    fn write_instead(&self) -> String {
        if self.cut {
            "Write the whole text between ASCII quotes: unquoted, the first `;` in it began a \
             comment, so the record holds only its start."
                .to_string()
        } else {
            // Dashes and spaces from the same paste (`–all`) are made ASCII too: the text
            // written as suggested must then read.
            let meant = ascii_for_lookalikes(&self.meant).unwrap_or_else(|| self.meant.clone());
            format!("Write it between ASCII quotes: `\"{meant}\"`.")
        }
    }
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
    fn lookalikes_typed_as_ascii() {
        assert_eq!(ascii_for_lookalikes("\u{2013}all").as_deref(), Some("-all"));
        assert_eq!(
            ascii_for_lookalikes("p=\u{a0}x\u{200b}").as_deref(),
            Some("p= x")
        );
        // A quote has no one ASCII stand-in (`p=“reject”` wants none at all), nor has a letter.
        assert_eq!(ascii_for_lookalikes("\u{201c}x\u{201d}"), None);
        assert_eq!(ascii_for_lookalikes("ex\u{e4}mple"), None);
    }

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
