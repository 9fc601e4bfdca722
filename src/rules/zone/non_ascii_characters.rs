//! ZONE043: characters that are not ASCII written as they are in a name or RDATA of a zone
//! file (`café`, `"Café Ltd"`): Knot DNS refuses the zone, BIND loads their UTF-8 bytes.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::{Record, ZoneFormat};
use crate::rules::Rule;
use crate::rules::zone::follow_knot;
use crate::source::Span;

pub static RULE: Rule = Rule {
    code: "ZONE043",
    name: "non-ascii-characters",
    severity: Severity::Warning,
    summary: "A name or RDATA of a zone file holds characters that are not ASCII, written as they are: Knot refuses the zone, BIND loads their bytes",
    doc: include_str!("../../../rules/docs/ZONE043.md"),
    check: Some(check),
};

/// At most this many places in one file are looked at: a file of text in another script has
/// them on every line, and one finding a record is enough to say what to do.
const MAX_PLACES: usize = 100_000;

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    // octoDNS YAML is UTF-8 by definition; octoDNS itself judges its values (OCTO004).
    if zone.zone.format != ZoneFormat::Bind {
        return;
    }
    for &file in &zone.zone.files {
        let source = project.sources.get(file);
        // The bytes as read: in a file that is not UTF-8 (Latin-1 text), `text` shows each
        // byte that is not as `?`, and Knot refuses those bytes as it refuses UTF-8 ones.
        let (text, bytes) = (source.text.as_str(), source.bytes());
        // Nearly every zone file is ASCII: told in one pass over the bytes.
        if bytes.is_ascii() {
            continue;
        }
        let places = places_outside_comments(bytes, text.as_bytes());
        // A `$GENERATE` makes many records of one template: its text is reported once.
        let mut reported: rustc_hash::FxHashSet<(u32, u32)> = Default::default();
        for record in zone.zone.records.iter().filter(|r| r.file == file) {
            let Some((span, is_owner)) = first_non_ascii_span(text, record, &places) else {
                continue;
            };
            if !reported.insert((span.start, span.end)) {
                continue;
            }
            out.push(follow_knot(
                zone,
                finding(text, bytes, record, span, is_owner),
            ));
        }
    }
}

/// The byte offsets of the characters that are not ASCII and lie outside comments (after a
/// `;` on a line that no quote or backslash hides), at most [`MAX_PLACES`]: one pass over
/// the bytes, as a line of thousands of such characters must not be read once for each.
/// `text` is the file as text (the same bytes, or `?` for each byte that is not UTF-8).
fn places_outside_comments(bytes: &[u8], text: &[u8]) -> Vec<u32> {
    let mut places = Vec::new();
    let (mut quoted, mut comment, mut escaped) = (false, false, false);
    for (at, &byte) in bytes.iter().enumerate() {
        if byte == b'\n' {
            // A backslash before the line end inside quotes continues the string on the next
            // line, as BIND reads it (the lexer's `EscapedNewline`).
            if !(quoted && escaped) {
                (quoted, comment) = (false, false);
            }
            escaped = false;
            continue;
        }
        if comment {
            continue;
        }
        if escaped {
            escaped = false;
        } else {
            match byte {
                b'\\' => escaped = true,
                b'"' => quoted = !quoted,
                b';' if !quoted => comment = true,
                _ => {}
            }
        }
        // The first byte of a character that is not ASCII (not a continuation byte), or a
        // byte that is no UTF-8 at all (shown as `?` in the text).
        if byte >= 0x80 && (byte & 0xC0 != 0x80 || text[at] == b'?') {
            places.push(at as u32);
            if places.len() == MAX_PLACES {
                break;
            }
        }
    }
    places
}

/// Where in the owner or an RDATA field of `record` the first of `places` lies (sorted byte
/// offsets of characters that are not ASCII, outside comments): the part of that name or
/// field on the place's line, and whether it is the owner.
fn first_non_ascii_span(text: &str, record: &Record, places: &[u32]) -> Option<(Span, bool)> {
    let first_in = |(start, end): (u32, u32)| {
        let first = places.partition_point(|&at| at < start);
        places.get(first).copied().filter(|&at| at < end)
    };
    first_in(record.spans.entry())?;
    let owner = record.spans.owner();
    let (range, place, is_owner) = match first_in(owner) {
        Some(place) => (owner, place, true),
        None => record
            .spans
            .fields()
            .find_map(|field| Some((field, first_in(field)?, false)))?,
    };
    // A field written over several lines (strings in parentheses) is shown by its line.
    let place = place as usize;
    let line_start = text[..place].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[place..].find('\n').map_or(text.len(), |i| place + i);
    let start = (range.0 as usize).max(line_start);
    let end = (range.1 as usize).min(line_end);
    let part = &text[start..end];
    let start = start + (part.len() - part.trim_start().len());
    let end = end - (part.len() - part.trim_end().len());
    Some((Span::new(record.file, start, end), is_owner))
}

fn finding(text: &str, bytes: &[u8], record: &Record, span: Span, is_owner: bool) -> Diagnostic {
    let range = span.start as usize..span.end as usize;
    let written = &text[range.clone()];
    let raw = &bytes[range];
    // Each character that is not ASCII, or each byte that is not UTF-8 (`?` in the text).
    let characters: Vec<String> = written
        .char_indices()
        .filter_map(|(at, c)| match c {
            '?' if raw[at] >= 0x80 => Some(format!("the byte `\\{:03}` (not UTF-8)", raw[at])),
            c if !c.is_ascii() => Some(format!("`{c}` (U+{:04X})", u32::from(c))),
            _ => None,
        })
        .fold(Vec::new(), |mut seen, shown| {
            if !seen.contains(&shown) {
                seen.push(shown);
            }
            seen
        })
        .into_iter()
        .take(4)
        .collect();
    let what = if is_owner {
        "the owner name".to_string()
    } else {
        format!("the {} RDATA", record.rtype.zone_file_name())
    };
    let escaped = escape_non_ascii(raw);
    Diagnostic::new(
        &RULE,
        span,
        format!(
            "{what} `{written}` holds {}, not ASCII: Knot refuses the zone, BIND loads the bytes",
            characters.join(", ")
        ),
    )
    .with_help(format!(
        "Knot DNS 3.2 refuses a zone file with such characters in a name or text (\"invalid domain \
         name character\", \"invalid text character\"); BIND 9.18 loads the bytes as they are. Both read \
         them written as `\\DDD` escapes: `{escaped}`{}.",
        if is_owner {
            "; a host name in another script is written in its IDNA form (`xn--...`), which \
              resolvers and browsers look up"
        } else {
            ""
        }
    ))
}

/// `bytes` with every byte that is not ASCII written as a `\DDD` escape.
fn escape_non_ascii(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &byte in bytes {
        if byte.is_ascii() {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("\\{byte:03}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{escape_non_ascii, places_outside_comments};

    #[test]
    fn bytes_become_decimal_escapes() {
        assert_eq!(escape_non_ascii("café".as_bytes()), "caf\\195\\169");
        assert_eq!(escape_non_ascii("\"€\"".as_bytes()), "\"\\226\\130\\172\"");
        assert_eq!(escape_non_ascii(b"caf\xe9"), "caf\\233");
        assert_eq!(escape_non_ascii(b"ascii"), "ascii");
    }

    #[test]
    fn comments_start_at_a_semicolon_outside_quotes() {
        let text = "a TXT \"x;é\" ; é\nb TXT x\\;é\nc TXT \"é\"\n";
        let found: Vec<&str> = places_outside_comments(text.as_bytes(), text.as_bytes())
            .iter()
            .map(|&at| &text[at as usize..at as usize + 2])
            .collect();
        assert_eq!(found.len(), 3, "{found:?}");
        let comment = text.find("; é").unwrap() + 2;
        assert!(
            !places_outside_comments(text.as_bytes(), text.as_bytes()).contains(&(comment as u32))
        );
    }
}
