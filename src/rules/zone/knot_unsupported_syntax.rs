//! ZONE044: what a BIND zone file may hold and Knot DNS's zone parser does not know: the
//! `$GENERATE` directive and record types written by a name Knot does not have. The class
//! written `CLASS1` and punctuation unescaped in a name are found by the zone-file parser,
//! which alone sees how they were written ([`raw_name_character`], [`class_written_generic`]).

use rustc_hash::FxHashMap;

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::limits::thousands;
use crate::model::{NameServer, RType, Record, ZoneFormat};
use crate::rules::Rule;
use crate::rules::zone::{follow_knot, knot_serves};
use crate::source::{FileId, Span};

pub static RULE: Rule = Rule {
    code: "ZONE044",
    name: "knot-unsupported-syntax",
    severity: Severity::Info,
    summary: "A `$GENERATE` directive, a record type, class or SVCB parameter named in a way Knot DNS does not know, strings with no blank between them, or punctuation unescaped in a name: Knot refuses the zone",
    doc: include_str!("../../../rules/docs/ZONE044.md"),
    check: Some(check),
};

/// The record types Knot DNS 3.2 reads by name in a zone file (libknot's descriptors; checked
/// one by one with kzonecheck 3.2.6). Any type may still be written in RFC 3597's generic form,
/// `TYPEnnn \# <length> <hex>`, which Knot loads whatever the number.
fn knot_knows(rtype: RType) -> bool {
    matches!(
        rtype.0,
        1 | 2
            | 5
            | 6
            | 12..=18
            | 21
            | 25
            | 28
            | 29
            | 33
            | 35..=37
            | 39
            | 42..=53
            | 59..=65
            | 99
            | 104..=109
            | 256
            | 257
    )
}

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    // octoDNS YAML has no directives, and octoDNS writes each type for the provider. A zone
    // the repository's named.conf serves is BIND's, which loads all of this: nothing to say.
    // Otherwise advice (both are BIND's own and valid there), an error where Knot serves it.
    if zone.zone.format != ZoneFormat::Bind || zone.zone.served_by == Some(NameServer::Bind) {
        return;
    }
    // Each file: Knot reads an included file with no previous owner either (kzonecheck
    // 3.2.6: "previous owner is invalid", then "include file processing error").
    // A file included twice is one file.
    let main_file = zone.zone.files.first().copied();
    // Made on first need, in one pass: most zones have no included file that starts so.
    let mut first_entries: Option<FxHashMap<FileId, u32>> = None;
    let mut files = zone.zone.files.clone();
    files.sort_unstable();
    files.dedup();
    for file in files {
        let Some((start, end, first)) = blank_before_first_owner(&project.sources.get(file).text)
        else {
            continue;
        };
        let diagnostic = match first {
            FirstBlank::Empty => Diagnostic::new(
                &RULE,
                Span::new(file, start, end),
                "this line starts with a blank before any record has named an owner: Knot DNS refuses the zone (\"previous owner is invalid\")",
            )
            .with_help(
                "BIND ignores a blank line or an indented comment here; Knot reads the leading blank as \
                 \"same owner as before\" and there is none yet. Start the line at column 1 or remove its spaces.",
            ),
            // In the file the zone is read from, BIND refuses it too: SYN001's. So it does in
            // an included file when no record came before the `$INCLUDE` ("no current owner
            // name"): then the parser made no record of the line.
            FirstBlank::Record
                if Some(file) == main_file
                    || first_entries
                        .get_or_insert_with(|| first_entry_of_each_file(zone))
                        .get(&file)
                        .is_none_or(|&first| first as usize != end) =>
            {
                continue;
            }
            // In an `$INCLUDE`d file (freifunk-luebeck/ffhl-dns's `ffhl.include`).
            FirstBlank::Record => Diagnostic::new(
                &RULE,
                Span::new(file, start, end),
                "this record starts with a blank before any record of this included file has named an owner: BIND gives it the owner of the last record before the `$INCLUDE`, Knot DNS refuses the zone (\"previous owner is invalid\")",
            )
            .with_help(
                "Write the owner the record is meant for at the start of the line (`@` for the apex), \
                 which both read alike.",
            ),
        };
        out.push(follow_knot(zone, diagnostic));
    }
    let directives = generate_directives(project, zone);
    for &(file, start) in &directives {
        out.push(follow_knot(
            zone,
            generate_finding(project, zone, file, start),
        ));
    }
    // Only the rare types: the index lists the types a zone has.
    // SvcParamKeys Knot 3.2 does not know by name: `dohpath` (RFC 9461), which BIND 9.18
    // reads; Knot takes the same parameter as `key7=`. (Names neither knows are SYN002's.)
    for rtype in [RType(64), RType(65)] {
        for record in zone.of_type(rtype) {
            // The parameters are one field, after the priority and the target.
            let (Some((start, _)), text) = (record.spans.field(2), project.field_text(record, 2))
            else {
                continue;
            };
            for (offset, token) in crate::rules::zone::dns_svcb_invalid::param_tokens(text) {
                if token.split_once('=').map_or(token, |(key, _)| key) != "dohpath" {
                    continue;
                }
                let span_start = start as usize + offset;
                let diagnostic = Diagnostic::new(
                    &RULE,
                    Span::new(record.file, span_start, span_start + token.len()),
                    "Knot DNS 3.2 does not know the SVCB parameter `dohpath` by name and refuses the zone (\"invalid parameter\")",
                )
                .with_help(
                    "write it as `key7=...` with the same value, which Knot loads and BIND reads as the same parameter",
                );
                out.push(follow_knot(zone, diagnostic));
            }
        }
    }
    // Strings written without a blank between them (`"v=DKIM1; k=rsa; ""p=MIGf..."`, a key
    // split by hand): BIND reads two strings, Knot refuses the zone ("invalid text string").
    // TXT and SPF only, whose RDATA is any number of strings: in a type of fixed fields
    // (HINFO, CAA, NAPTR, URI) the extra string makes BIND refuse the record too, SYN002's
    // error (named-checkzone 9.18.49: "extra input text").
    for rtype in [RType::TXT, RType::SPF] {
        for record in zone.of_type(rtype) {
            let rdata = record.rdata_span();
            let text =
                &project.sources.get(record.file).bytes()[rdata.start as usize..rdata.end as usize];
            if !text.contains(&b'"') {
                continue;
            }
            let Some(at) = glued_strings(text) else {
                continue;
            };
            let at = rdata.start as usize + at;
            let diagnostic = Diagnostic::new(
                &RULE,
                Span::new(record.file, at, at + 1),
                "two strings written with no blank between them: BIND reads them as two strings, Knot DNS refuses the zone (\"invalid text string\")",
            )
            .with_help("put a space between the strings (`\"...\" \"...\"`), which both read alike");
            out.push(follow_knot(zone, diagnostic));
        }
    }
    let mut unknown: Vec<RType> = zone
        .types()
        .filter(|&rtype| !knot_knows(rtype) && !rtype.is_meta())
        .collect();
    unknown.sort_unstable_by_key(|rtype| rtype.0);
    for rtype in unknown {
        for record in zone.of_type(rtype) {
            // A `$GENERATE` is reported as a whole: Knot stops at the directive.
            if directives
                .binary_search(&(record.file, record.spans.entry().0))
                .is_ok()
            {
                continue;
            }
            let written = type_text(project, record);
            if is_generic(written) {
                continue;
            }
            let diagnostic = Diagnostic::new(
                &RULE,
                record.type_span(),
                format!(
                    "Knot DNS does not know the record type `{written}` by name and refuses the zone"
                ),
            )
            .with_help(format!(
                "if the record must stay, write it in RFC 3597's generic form, `TYPE{} \\# <length> <RDATA in hex>`, \
                 which Knot loads and BIND reads as the same record; a type no one queries is better removed",
                rtype.0
            ));
            out.push(follow_knot(zone, diagnostic));
        }
    }
}

/// ZONE044 for a domain name that holds `byte` unescaped at `span` (one character), found by
/// the zone-file parser, which alone sees how a name was written: Knot DNS refuses it
/// ("invalid domain name character", kzonecheck 3.2.6); BIND reads it as part of the label.
/// Info here; [`follow_server`] sets the severity once the zone's server is known.
pub fn raw_name_character(span: Span, byte: u8) -> Diagnostic {
    let character = char::from(byte);
    Diagnostic::new(
        &RULE,
        span,
        format!(
            "`{character}` written as it is in a domain name: Knot DNS refuses the zone (\"invalid domain name character\")"
        ),
    )
    .with_help(format!(
        "BIND reads `{character}` as part of the label, Knot only escaped: write `\\{character}`, which both read \
         as the same name; a host name has only letters, digits and `-` in any case"
    ))
}

/// ZONE044 for an `$ORIGIN` written relative on purpose (`$ORIGIN 1.0.0.0` in a nibble
/// zone, `$ORIGIN lab`), found by the zone-file parser: BIND 9.18.49 reads it below the
/// current origin, Knot DNS refuses the file ("invalid FQDN zone origin", kzonecheck 3.2.6).
/// One that looks like a full name missing its dot is SYN004's warning instead. Info here, as
/// [`raw_name_character`].
pub fn relative_origin(span: Span, written: &str, previous: &str, origin: &str) -> Diagnostic {
    Diagnostic::new(
        &RULE,
        span,
        format!(
            "`$ORIGIN {written}` is relative: BIND reads it below the current origin `{previous}`, as `{origin}`; Knot DNS refuses the file (\"invalid FQDN zone origin\")"
        ),
    )
    .with_help(format!(
        "write the origin in full with its final dot, `$ORIGIN {origin}`, which both read alike"
    ))
}

/// ZONE044 for a backslash that ends a line inside a quoted string, found by the zone-file
/// lexer: BIND 9.18.49 reads the newline into the string (`"one\` on one line, `two"` on the
/// next is the TXT string `one\010two`), Knot DNS refuses the zone (kzonecheck 3.2.6: "invalid
/// number", reading `\` and the line end as a bad `\DDD`). Info here, as
/// [`raw_name_character`].
pub fn escaped_newline_in_string(span: Span) -> Diagnostic {
    Diagnostic::new(
        &RULE,
        span,
        "a backslash ends this line inside a quoted string: BIND reads a newline into the string and goes on on the next line, Knot DNS refuses the zone (\"invalid number\")",
    )
    .with_help(
        "end the string on this line and start another on the next, inside parentheses \
         (`( \"...\" \"...\" )`), which both read alike; write `\\010` where a newline is meant in the text",
    )
}

/// ZONE044 for a record whose class is written other than `IN` though it is class IN
/// (`CLASS1`, RFC 3597's name for it), found by the zone-file parser: Knot DNS reads only
/// `IN` as a class, takes the word for a type and refuses the zone ("unsupported record
/// type", kzonecheck 3.2.6). Info here, as [`raw_name_character`].
pub fn class_written_generic(span: Span, written: &str) -> Diagnostic {
    Diagnostic::new(
        &RULE,
        span,
        format!(
            "the class is written `{written}`: Knot DNS reads only `IN` there and refuses the zone (\"unsupported record type\")"
        ),
    )
    .with_help("write `IN`, the same class to BIND")
}

/// The zone-file parser's ZONE044 findings among `diagnostics`, as the zone's server decides:
/// gone where the repository's named.conf serves the zone (BIND loads it), errors where its
/// knot.conf does, info otherwise (gdnsd's zones too: what its own parser takes is not
/// modelled; as the rule's own findings, [`follow_knot`]).
pub fn follow_server(diagnostics: &mut Vec<Diagnostic>, served_by: Option<NameServer>) {
    match served_by {
        None | Some(NameServer::Gdnsd) => {}
        Some(NameServer::Bind) => diagnostics.retain(|d| !std::ptr::eq(d.rule, &RULE)),
        Some(NameServer::Knot) => {
            for diagnostic in diagnostics
                .iter_mut()
                .filter(|d| std::ptr::eq(d.rule, &RULE))
            {
                knot_serves(diagnostic);
            }
        }
    }
}

/// Where the first record of each of the zone's files starts.
fn first_entry_of_each_file(zone: &ZoneIndex<'_>) -> FxHashMap<FileId, u32> {
    let mut first = FxHashMap::default();
    for record in &zone.zone.records {
        first.entry(record.file).or_insert(record.spans.entry().0);
    }
    first
}

/// What the first line that starts with a blank, before any line that names an owner, holds.
#[derive(Clone, Copy, Debug, PartialEq)]
enum FirstBlank {
    /// Nothing but a comment, or nothing: BIND ignores it.
    Empty,
    /// A record, which repeats the previous owner: in an included file, BIND's last owner
    /// before the `$INCLUDE`; in the zone's own file there is none (SYN001).
    Record,
}

/// The leading blanks of the first line that starts with a space or tab, before any line that
/// names an owner, and what the line holds: kzonecheck 3.2.6 refuses such a file, "previous
/// owner is invalid", where BIND loads it (but for a record in the zone's own file). Directives
/// and comment lines at column 1 name no owner; a line of spaces alone counts.
fn blank_before_first_owner(text: &str) -> Option<(usize, usize, FirstBlank)> {
    let mut at = if text.starts_with('\u{feff}') { 3 } else { 0 };
    while at < text.len() {
        let line_end = text[at..].find('\n').map_or(text.len(), |n| at + n);
        let line = text[at..line_end].trim_end_matches('\r');
        match line.bytes().next() {
            None | Some(b';' | b'$') => {}
            Some(b' ' | b'\t') => {
                let rest = line.trim_start_matches([' ', '\t']);
                let first = if rest.is_empty() || rest.starts_with(';') {
                    FirstBlank::Empty
                } else {
                    FirstBlank::Record
                };
                return Some((at, at + (line.len() - rest.len()), first));
            }
            Some(_) => return None,
        }
        at = line_end + 1;
    }
    None
}

/// The `$GENERATE` directives of the zone's files, as (file, offset), sorted: lines that begin
/// with `$GENERATE` (any case) and lie inside no other entry (a line of a multi-line entry may
/// start with the word as data). A directive is reported whether or not a limit or an error
/// kept it from making records.
fn generate_directives(project: &Project<'_>, zone: &ZoneIndex<'_>) -> Vec<(FileId, u32)> {
    let mut starts_by_file: FxHashMap<FileId, Vec<u32>> = FxHashMap::default();
    for &file in &zone.zone.files {
        let text = project.sources.get(file).text.as_bytes();
        // At a line start (or after a byte-order mark, SYN010's); the word whole.
        let line_start = |at: usize| {
            at == 0 || text[at - 1] == b'\n' || (at == 3 && text.starts_with(b"\xEF\xBB\xBF"))
        };
        let starts: Vec<u32> = memchr::memchr_iter(b'$', text)
            .filter(|&at| line_start(at))
            .filter(|&at| {
                text.get(at..at + 9)
                    .is_some_and(|word| word.eq_ignore_ascii_case(b"$GENERATE"))
                    && text.get(at + 9).is_none_or(u8::is_ascii_whitespace)
            })
            .map(|at| at as u32)
            .collect();
        if !starts.is_empty() {
            starts_by_file.insert(file, starts);
        }
    }
    // Nearly every zone has none: the records are not read.
    if starts_by_file.is_empty() {
        return Vec::new();
    }
    // The entries of those files, in one pass over the records.
    let mut entries_by_file: FxHashMap<FileId, Vec<(u32, u32)>> = FxHashMap::default();
    for record in &zone.zone.records {
        if starts_by_file.contains_key(&record.file) {
            entries_by_file
                .entry(record.file)
                .or_default()
                .push(record.spans.entry());
        }
    }
    let mut directives = Vec::new();
    for (file, starts) in starts_by_file {
        let mut entries = entries_by_file.remove(&file).unwrap_or_default();
        entries.sort_unstable();
        entries.dedup();
        for start in starts {
            // The last entry that starts at or before the line.
            let before = entries.partition_point(|&(entry_start, _)| entry_start <= start);
            let inside_other = before > 0 && {
                let (entry_start, entry_end) = entries[before - 1];
                entry_start < start && start < entry_end
            };
            if !inside_other {
                directives.push((file, start));
            }
        }
    }
    directives.sort_unstable();
    directives
}

fn generate_finding(
    project: &Project<'_>,
    zone: &ZoneIndex<'_>,
    file: FileId,
    start: u32,
) -> Diagnostic {
    let text = &project.sources.get(file).text;
    let line_end = text[start as usize..]
        .find('\n')
        .map_or(text.len(), |at| start as usize + at);
    let makes = match records_made(&text[start as usize..line_end]) {
        Some(1) => " (here it makes 1 record)".to_string(),
        Some(count) => format!(" (here it makes {} records)", thousands(count)),
        None => String::new(),
    };
    // The zone as BIND loads it, from the file that is not included: expanded there, the
    // records come out with the TTL and origin the includer gives.
    let main_path = &project.sources.get(zone.zone.main_file()).display_path;
    Diagnostic::new(
        &RULE,
        Span::new(file, start as usize, start as usize + "$GENERATE".len()),
        format!(
            "`$GENERATE` is BIND's own directive{makes}; Knot DNS does not have it and refuses the zone (\"invalid directive\")"
        ),
    )
    .with_help(format!(
        "for a zone Knot serves, write the records out: `named-checkzone -D -o - {} {main_path}` prints \
         the zone with every `$GENERATE` expanded",
        zone.zone.apex
    ))
}

/// How many records the `$GENERATE` line makes, read from its range (`start-stop[/step]`),
/// as BIND reads it; None when the range does not read.
fn records_made(line: &str) -> Option<u64> {
    let range = line.split_ascii_whitespace().nth(1)?;
    let (bounds, step) = match range.split_once('/') {
        Some((bounds, step)) => (bounds, step),
        None => (range, "1"),
    };
    let (first, last) = bounds.split_once('-')?;
    // Digits, after a `+` as BIND's `sscanf("%d")` allows; never a `-`.
    let number = |text: &str| {
        let digits = text.strip_prefix('+').unwrap_or(text);
        (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| digits.parse::<u64>().ok())
            .flatten()
    };
    let (first, last, step) = (number(first)?, number(last)?, number(step)?);
    // BIND's bounds: at most 2^31-1 each, start not above stop, a step of at least 1.
    let most = (1u64 << 31) - 1;
    (step >= 1 && first <= last && last <= most && step <= most).then(|| (last - first) / step + 1)
}

/// Where in an RDATA's text a string meets the token before or after it with no blank
/// between (`"a""b"`, `a"b"`, `"a"b`): the offset of the quote or of the byte after the
/// closing quote. Comments and escapes are read as the lexer reads them. The text of a string
/// and of a comment is skipped with `memchr`: a zone's TXT records are mostly long quoted
/// keys, and every one is read.
fn glued_strings(text: &[u8]) -> Option<usize> {
    let separates = |byte: u8| byte.is_ascii_whitespace() || matches!(byte, b'(' | b')' | b';');
    // Where the last token ended, if a token ended just here: a word or a closing quote.
    let mut word_before = false;
    let mut closed_at: Option<usize> = None;
    let mut at = 0;
    while at < text.len() {
        let byte = text[at];
        if closed_at == Some(at) && !separates(byte) {
            return Some(at);
        }
        match byte {
            b'"' if word_before => return Some(at),
            b'"' => {
                // To the closing quote, past escaped bytes; an unclosed string ends the text.
                let mut inside = at + 1;
                loop {
                    match memchr::memchr2(b'\\', b'"', &text[inside..]) {
                        Some(n) if text[inside + n] == b'\\' => inside += n + 2,
                        Some(n) => {
                            at = inside + n;
                            break;
                        }
                        None => return None,
                    }
                    if inside >= text.len() {
                        return None;
                    }
                }
                closed_at = Some(at + 1);
                word_before = false;
            }
            b';' => match memchr::memchr(b'\n', &text[at..]) {
                Some(n) => {
                    at += n;
                    word_before = false;
                }
                None => return None,
            },
            b'\\' => {
                word_before = true;
                at += 1;
            }
            byte => word_before = !separates(byte),
        }
        at += 1;
    }
    None
}

/// The record's type as its entry writes it.
fn type_text<'p>(project: &Project<'p>, record: &Record) -> &'p str {
    let (start, end) = record.spans.rtype();
    &project.sources.get(record.file).text[start as usize..end as usize]
}

/// `TYPE258`: RFC 3597's name for any type, which Knot reads whatever the number.
fn is_generic(written: &str) -> bool {
    written.len() > 4
        && written[..4].eq_ignore_ascii_case("TYPE")
        && written[4..].bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {

    #[test]
    fn strings_glued_together() {
        let glued = |text: &str| super::glued_strings(text.as_bytes());
        assert_eq!(glued(r#""a""b""#), Some(3));
        assert_eq!(glued(r#"a"b""#), Some(1));
        assert_eq!(glued(r#""a"b"#), Some(3));
        assert_eq!(glued(r#""a" "b""#), None);
        assert_eq!(glued("( \"a\"\n  \"b\" )"), None);
        assert_eq!(glued(r#""a\"b" "c""#), None);
        assert_eq!(glued(r#""a" ; "b""c""#), None);
        assert_eq!(glued(r#"0 issue "ca.example.net""#), None);
        // A comment ends the word before it; an unclosed string glues nothing.
        assert_eq!(glued("a;c\n\"b\""), None);
        assert_eq!(glued(r#""a\"#), None);
        assert_eq!(glued(r#""a\" "b"c"#), Some(6));
        assert_eq!(glued(r#""a\\"b"#), Some(5));
    }

    use super::{FirstBlank, blank_before_first_owner, is_generic, knot_knows, records_made};
    use crate::model::RType;

    /// The names kzonecheck 3.2.6 loads, and some it refuses ("unsupported record type").
    #[test]
    fn knot_type_list_matches_kzonecheck() {
        for name in [
            "A",
            "NS",
            "CNAME",
            "SOA",
            "PTR",
            "HINFO",
            "MINFO",
            "MX",
            "TXT",
            "RP",
            "AFSDB",
            "RT",
            "KEY",
            "AAAA",
            "LOC",
            "SRV",
            "NAPTR",
            "KX",
            "CERT",
            "DNAME",
            "APL",
            "DS",
            "SSHFP",
            "IPSECKEY",
            "RRSIG",
            "NSEC",
            "DNSKEY",
            "DHCID",
            "NSEC3",
            "NSEC3PARAM",
            "TLSA",
            "SMIMEA",
            "CDS",
            "CDNSKEY",
            "OPENPGPKEY",
            "CSYNC",
            "ZONEMD",
            "SVCB",
            "HTTPS",
            "SPF",
            "NID",
            "L32",
            "L64",
            "LP",
            "EUI48",
            "EUI64",
            "URI",
            "CAA",
        ] {
            let rtype = RType::from_mnemonic(name.as_bytes()).unwrap();
            assert!(knot_knows(rtype), "{name}");
        }
        for name in [
            "MD", "MF", "MB", "MG", "MR", "NULL", "WKS", "X25", "ISDN", "NSAP", "NSAP-PTR", "SIG",
            "PX", "GPOS", "NXT", "EID", "NIMLOC", "ATMA", "A6", "SINK", "HIP", "NINFO", "RKEY",
            "TALINK", "DSYNC", "HHIT", "BRID", "UINFO", "UID", "GID", "UNSPEC", "AVC", "DOA",
            "AMTRELAY", "RESINFO", "WALLET", "TA", "DLV",
        ] {
            let rtype = RType::from_mnemonic(name.as_bytes()).unwrap();
            assert!(!knot_knows(rtype), "{name}");
        }
    }

    #[test]
    fn blank_before_the_first_owner() {
        assert_eq!(
            blank_before_first_owner("  \n$ORIGIN example.com.\n@ IN SOA a b 1 2 3 4 5\n"),
            Some((0, 2, FirstBlank::Empty))
        );
        assert_eq!(
            blank_before_first_owner("$TTL 1h\n\t; name servers\n@ IN NS ns1\n"),
            Some((8, 9, FirstBlank::Empty))
        );
        assert_eq!(
            blank_before_first_owner("; zone\n\n@ IN NS ns1\n  \n"),
            None
        );
        // An indented record: SYN001's in the zone's own file, ZONE044's in an included one.
        assert_eq!(
            blank_before_first_owner("  IN NS ns1\n"),
            Some((0, 2, FirstBlank::Record))
        );
        assert_eq!(blank_before_first_owner(""), None);
    }

    #[test]
    fn records_made_reads_the_range() {
        assert_eq!(records_made("$GENERATE 1-254 host$ A 192.0.2.$"), Some(254));
        assert_eq!(records_made("$generate 0-10/5 h$ A 192.0.2.$"), Some(3));
        assert_eq!(records_made("$GENERATE 1-70000 h$ A 10.0.0.1"), Some(70000));
        assert_eq!(records_made("$GENERATE 5-1 h$ A 10.0.0.1"), None);
        assert_eq!(records_made("$GENERATE 1-2/0 h$ A 10.0.0.1"), None);
        assert_eq!(records_made("$GENERATE junk"), None);
        assert_eq!(records_made("$GENERATE +1-3/+1 h$ A 10.0.0.1"), Some(3));
        assert_eq!(records_made("$GENERATE -1-3 h$ A 10.0.0.1"), None);
        assert_eq!(records_made("$GENERATE 1-3/-1 h$ A 10.0.0.1"), None);
    }

    #[test]
    fn generic_names() {
        assert!(is_generic("TYPE258"));
        assert!(is_generic("type10"));
        assert!(!is_generic("TYPE"));
        assert!(!is_generic("AVC"));
        assert!(!is_generic("TYPEX"));
    }
}
