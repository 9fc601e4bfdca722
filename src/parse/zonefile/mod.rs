//! BIND master files (RFC 1035 §5 plus BIND's directives) into records with spans.
//!
//! The parser is pure: it reads one file's bytes and never opens another file. An `$INCLUDE`
//! becomes an [`IncludeRequest`] carrying the parser state at that point; the loader reads the
//! file and parses it with that state. After every error the parser goes on with the next entry.

mod generate;
pub mod lexer;
pub mod split;

use std::cell::Cell;

use crate::diagnostic::Diagnostic;
use crate::limits::{LIMIT_REACHED, Limits, raise_hint, thousands};
use crate::model::{Class, ProxiedRecord, RData, RType, Record, RecordSpans};
use crate::name::Name;
use crate::parse::rdata::{self, ErrorKind, Piece};
use crate::parse::text::{decode_string, parse_ttl};
use crate::rules::names::missing_trailing_dot;
use crate::rules::syntax::*;
use crate::rules::zone::knot_unsupported_syntax;
use crate::source::{FileId, Span};
use lexer::{Entry, LexProblem, Lexer, Token};

/// What a file inherits from the place it is read from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ParseState {
    /// The origin relative names are completed with.
    pub origin: Option<Name>,
    /// The origin is only a guess from the file name: an SOA whose owner is written absolute
    /// replaces it (the file says which zone it is).
    pub origin_guessed: bool,
    /// The last owner, for entries that start with a blank. While a parser runs it may be
    /// None with the owner kept in its last record instead (`Parser::owner_in_last_record`).
    pub owner: Option<Name>,
    /// The `$TTL` value.
    pub default_ttl: Option<u32>,
    /// The TTL of the previous record (RFC 1035's rule when there is no `$TTL`).
    pub last_ttl: Option<u32>,
    /// The zone's class, from the first record that names one.
    pub class: Option<Class>,
}

/// An `$INCLUDE` for the loader to resolve.
#[derive(Clone, Debug)]
pub struct IncludeRequest {
    pub path: String,
    pub span: Span,
    /// The state the included file starts with (its origin may come from the directive).
    pub state: ParseState,
    /// The included records go before the record at this index.
    pub position: usize,
}

pub struct ParsedFile {
    pub records: Vec<Record>,
    pub diagnostics: Vec<Diagnostic>,
    pub includes: Vec<IncludeRequest>,
    /// The first `$ORIGIN`, when it comes before any record or `$INCLUDE`: the zone the file
    /// declares.
    pub declared_origin: Option<Name>,
    pub class: Option<Class>,
    /// The owners of records in one server's zone-file extension (PowerDNS `ALIAS`, cli53's
    /// `AWS ALIAS`, ...), which are not made into records: the names hold records the server
    /// answers, which zonelint does not model ([`crate::model::Zone::unmodelled`]).
    pub unmodelled: Vec<Name>,
    /// The owners of extension records that answer with addresses only (gdnsd `DYNA`,
    /// PowerDNS `ALIAS`): [`crate::model::Zone::unmodelled_addresses`].
    pub unmodelled_addresses: Vec<Name>,
    /// The A, AAAA and CNAME records whose line ends in Cloudflare's proxied tag
    /// (`; cf_tags=cf-proxied:true`, as Cloudflare exports and imports zone files), in file
    /// order ([`crate::model::Zone::cloudflare_proxied`]).
    pub cloudflare_proxied: Vec<ProxiedRecord>,
    /// The parser state after the last entry (what an including file goes on with).
    pub end_state: ParseState,
}

pub struct ParseOptions {
    /// At most this many records from one `$GENERATE`.
    pub generate_limit: usize,
    /// Records all `$GENERATE`s of the run may still make: shared by every file parsed with
    /// these options, so a file of a hundred maximal ranges cannot make a hundred times more.
    pub generated_left: Cell<usize>,
    /// Records the zone being read may still hold: the loader resets it for each zone, and
    /// the files it includes share it.
    pub records_left: Cell<usize>,
    /// The `zone-records` limit itself, for the message.
    pub zone_records: usize,
    /// The `generated-records` limit itself, for the message.
    pub generated_records: usize,
}

impl ParseOptions {
    pub fn new(limits: &Limits) -> ParseOptions {
        ParseOptions {
            generate_limit: limits.generate_records,
            generated_left: Cell::new(limits.generated_records),
            records_left: Cell::new(limits.zone_records),
            zone_records: limits.zone_records,
            generated_records: limits.generated_records,
        }
    }

    /// Records the run's `$GENERATE`s have made so far.
    pub fn generated_total(&self) -> usize {
        self.generated_records - self.generated_left.get()
    }
}

impl Default for ParseOptions {
    fn default() -> ParseOptions {
        ParseOptions::new(&Limits::default())
    }
}

const BOM: &[u8] = b"\xef\xbb\xbf";

/// The directive (`$TTL`, `$ORIGIN` or `$GENERATE`) the unterminated last line of `src`
/// starts with, if it starts with one.
fn unterminated_directive(src: &[u8]) -> Option<&'static str> {
    let last_line = &src[memchr::memrchr(b'\n', src).map_or(0, |at| at + 1)..];
    ["$TTL", "$ORIGIN", "$GENERATE"]
        .into_iter()
        .find(|directive| {
            last_line.len() > directive.len()
                && last_line[..directive.len()].eq_ignore_ascii_case(directive.as_bytes())
                && matches!(last_line[directive.len()], b' ' | b'\t')
        })
}

/// The line ends in `src`.
pub(crate) fn newlines(src: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', src).count()
}

/// About as many records as `len` bytes of `newlines` line ends hold: one a line, as most
/// records take one. Reserved up front, a million records are not copied from one buffer to
/// the next as they grow. At most one per 32 bytes (real zones spend more on a record), so
/// that a file of empty lines cannot make the parser reserve several times its size.
fn record_estimate(newlines: usize, len: usize, options: &ParseOptions) -> usize {
    newlines.min(len / 32).min(options.records_left.get())
}

/// Parse a whole file, leaving every `$INCLUDE` as a request (the included files' state does
/// not flow back: use [`FileParser`] for that).
pub fn parse(file: FileId, src: &[u8], state: ParseState, options: &ParseOptions) -> ParsedFile {
    let mut parser = FileParser::new(file, src, state, options);
    let mut includes = Vec::new();
    while let Some(request) = parser.next_include() {
        includes.push(request);
    }
    let mut parsed = parser.finish();
    parsed.includes = includes;
    parsed
}

/// A file parsed in steps: up to each `$INCLUDE`, which the loader reads (the parser stays
/// pure), then on with the state the included file ended in. BIND 9.18 carries `$TTL` and the
/// last explicit TTL out of an included file, and restores the origin and the last owner
/// (checked with named-checkzone 9.18.49 and kzonecheck 3.2.6; fixtures/parse/include-state).
pub struct FileParser<'a> {
    parser: Parser<'a>,
    lexer: Lexer<'a>,
    tokens: Vec<Token>,
    problems: Vec<LexProblem>,
    /// The zone reached `zone-records`: nothing more is read.
    full: bool,
    /// An entry read but not yet parsed: the first at or after the limit [`Self::run_until`]
    /// stopped at. Its tokens and lexer problems are still in `tokens` and `problems`.
    pending: Option<Entry>,
}

/// Where [`FileParser::run_until`] stopped.
pub(crate) enum Paused {
    /// At an `$INCLUDE`: the loader reads the file, then parsing goes on.
    Include(IncludeRequest),
    /// The zone holds `zone-records` records: nothing more is read.
    Full,
    /// At the end of the file.
    End,
    /// At the first entry that starts at or after the limit, which is left unparsed.
    Limit,
}

impl<'a> FileParser<'a> {
    pub fn new(
        file: FileId,
        src: &'a [u8],
        state: ParseState,
        options: &'a ParseOptions,
    ) -> FileParser<'a> {
        FileParser::with_newlines(file, src, newlines(src), state, options)
    }

    /// [`Self::new`] when the caller has counted the line ends of `src` already: counting
    /// them again is a pass over a large file before its pieces can start.
    pub(crate) fn with_newlines(
        file: FileId,
        src: &'a [u8],
        newlines: usize,
        state: ParseState,
        options: &'a ParseOptions,
    ) -> FileParser<'a> {
        let mut parser =
            FileParser::starting_at(file, src, 0, src.len(), Some(newlines), state, options);
        if src.starts_with(BOM) {
            parser.parser.diagnostics.push(
                Diagnostic::new(
                    &INVALID_CHARACTER,
                    Span::new(file, 0, 3),
                    "the file starts with a UTF-8 byte-order mark",
                )
                .with_help(
                    "BIND reads the mark as part of the first name; save the file without it",
                ),
            );
            parser.lexer = Lexer::new(src, BOM.len());
        }
        parser
    }

    /// A parser for the part of `src` from `start` (a line start) to about `end`, in state
    /// `state`, as if what comes before had been read ([`split`] parses a file in pieces).
    /// `newlines` is the part's count of line ends when the caller has it, else it is counted
    /// here.
    pub(crate) fn starting_at(
        file: FileId,
        src: &'a [u8],
        start: usize,
        end: usize,
        newlines: Option<usize>,
        state: ParseState,
        options: &'a ParseOptions,
    ) -> FileParser<'a> {
        let end = end.min(src.len());
        let part = &src[start.min(end)..end];
        let newlines = newlines.unwrap_or_else(|| self::newlines(part));
        let parser = Parser {
            file,
            src,
            state,
            options,
            records: Vec::with_capacity(record_estimate(newlines, part.len(), options)),
            diagnostics: Vec::new(),
            includes: Vec::new(),
            declared_origin: None,
            included: false,
            origin_reported: false,
            soa_ttl_reported: false,
            owner_failed: false,
            owner_in_last_record: false,
            pieces: Vec::new(),
            owner_absolute: false,
            owner_repeats_origin: false,
            origin_changed: None,
            ttl_reported: false,
            extensions: Vec::new(),
            unmodelled: Vec::new(),
            unmodelled_addresses: Vec::new(),
            cloudflare_proxied: Vec::new(),
            generated: false,
        };
        FileParser {
            parser,
            lexer: Lexer::new(src, start),
            tokens: Vec::new(),
            problems: Vec::new(),
            full: false,
            pending: None,
        }
    }

    /// Parse on to the next `$INCLUDE` (returned; its records go before the record at its
    /// `position`) or to the end of the file (None).
    pub fn next_include(&mut self) -> Option<IncludeRequest> {
        match self.run_until(usize::MAX) {
            Paused::Include(request) => Some(request),
            Paused::Full | Paused::End | Paused::Limit => None,
        }
    }

    /// Parse on to the next `$INCLUDE`, the end of the file, or the first entry that starts
    /// at or after byte `limit`.
    pub(crate) fn run_until(&mut self, limit: usize) -> Paused {
        if self.full {
            return Paused::Full;
        }
        loop {
            let entry = match self.pending.take() {
                Some(entry) => entry,
                None => match self.lexer.next_entry(&mut self.tokens, &mut self.problems) {
                    Some(entry) => entry,
                    None => return Paused::End,
                },
            };
            if entry.start as usize >= limit {
                self.pending = Some(entry);
                return Paused::Limit;
            }
            let broken =
                !self.problems.is_empty() && self.parser.report_lex_problems(&mut self.problems);
            if !broken {
                self.parser.entry(entry, &self.tokens);
            }
            if self.parser.options.records_left.get() == 0 {
                self.parser.zone_full(entry);
                self.full = true;
                return Paused::Full;
            }
            if let Some(request) = self.parser.includes.pop() {
                return Paused::Include(request);
            }
        }
    }

    /// Go on after an included file that ended in state `included`: its `$TTL`, last TTL and
    /// class carry over; the origin and the last owner stay the includer's.
    pub fn resume_after(&mut self, included: &ParseState) {
        let state = &mut self.parser.state;
        state.default_ttl = included.default_ttl;
        state.last_ttl = included.last_ttl;
        if state.class.is_none() {
            state.class = included.class;
        }
    }

    /// The records read, the diagnostics, and the state at the end of the file.
    pub fn finish(mut self) -> ParsedFile {
        self.parser.report_lex_problems(&mut self.problems);
        self.parser.file_checks();
        self.parser.settle_owner();
        let parser = self.parser;
        ParsedFile {
            records: parser.records,
            diagnostics: parser.diagnostics,
            includes: parser.includes,
            declared_origin: parser.declared_origin,
            class: parser.state.class,
            unmodelled: parser.unmodelled,
            unmodelled_addresses: parser.unmodelled_addresses,
            cloudflare_proxied: parser.cloudflare_proxied,
            end_state: parser.state,
        }
    }
}

struct Parser<'a> {
    file: FileId,
    src: &'a [u8],
    state: ParseState,
    options: &'a ParseOptions,
    records: Vec<Record>,
    diagnostics: Vec<Diagnostic>,
    includes: Vec<IncludeRequest>,
    declared_origin: Option<Name>,
    /// An `$INCLUDE` has been read: its records come before any later `$ORIGIN`, which then
    /// declares no zone.
    included: bool,
    origin_reported: bool,
    soa_ttl_reported: bool,
    /// Reused for the RDATA pieces of each entry.
    pieces: Vec<Piece<'a>>,
    /// The current record's owner was written as an absolute name.
    owner_absolute: bool,
    /// The last `$ORIGIN` directive, while no record has been read since: a record that
    /// inherits its owner then gets ZONE040.
    origin_changed: Option<(u32, u32)>,
    /// The current record's owner is written in its entry, relative, and repeats the origin
    /// ([`Record::OWNER_REPEATS_ORIGIN`]).
    owner_repeats_origin: bool,
    /// The finding for each server-specific type met so far (index into `diagnostics`):
    /// later records of the type become its labels.
    extensions: Vec<(&'static str, usize)>,
    /// [`ParsedFile::unmodelled`].
    unmodelled: Vec<Name>,
    /// [`ParsedFile::unmodelled_addresses`].
    unmodelled_addresses: Vec<Name>,
    /// [`ParsedFile::cloudflare_proxied`].
    pub(crate) cloudflare_proxied: Vec<ProxiedRecord>,
    /// "No TTL" was reported: said once per file.
    ttl_reported: bool,
    /// The last explicit owner could not be read: entries that inherit it are skipped
    /// silently, as the owner's error is already reported.
    owner_failed: bool,
    /// The last owner is the owner of the last record read, not `state.owner`: an explicit
    /// owner is moved into its record rather than also copied into the state (one allocation
    /// less for most records of a large zone). [`Parser::last_owner`] reads it either way.
    owner_in_last_record: bool,
    /// A `$GENERATE` was read: it draws on the run's `generated-records` budget.
    generated: bool,
}

/// Record types that are not DNS types but one server family's zone-file extension:
/// (mnemonic, server, what it does, what its answers may be). BIND 9.18 and Knot 3.2 refuse
/// them ("unknown RR type").
const SERVER_EXTENSIONS: &[(&str, &str, &str, Answers)] = &[
    (
        "ALIAS",
        "PowerDNS",
        "an apex CNAME-like alias the server resolves and answers as A/AAAA",
        Answers::Addresses,
    ),
    (
        "LUA",
        "PowerDNS",
        "a record computed by a Lua script",
        Answers::Any,
    ),
    // cli53's export and import format for Route 53: `www AWS ALIAS A <target> <zone id>
    // <evaluate health>`.
    (
        "AWS",
        "cli53",
        "`AWS ALIAS`, a Route 53 alias answered with its target's records",
        Answers::Any,
    ),
    // gdnsd.zonefile(5): addresses, or a CNAME, a plugin (geoip, metafo, ...) picks per query.
    (
        "DYNA",
        "gdnsd",
        "addresses a plugin such as geoip picks for each query",
        Answers::Addresses,
    ),
    (
        "DYNC",
        "gdnsd",
        "a CNAME or addresses a plugin such as geoip picks for each query",
        Answers::Any,
    ),
];

/// What a server's extension record answers with: addresses only (the name's TXT and MX
/// records are still all in the file), or records of any type.
#[derive(Clone, Copy)]
enum Answers {
    Addresses,
    Any,
}

/// Why a TXT string over 255 bytes is an error, and what to write.
const LONG_STRING_HELP: &str = "BIND refuses the zone (\"syntax error\"); Knot DNS cuts the string into strings of 255 bytes itself. Write it as several quoted strings in one record (`\"v=DKIM1; k=rsa; p=MIIB...\" \"...IDAQAB\"`), which receivers join";

/// The parser's findings of TXT strings over 255 bytes, where the repository's configuration
/// has a server that loads them serve the zone: Knot DNS 3.2.6 loads them split into strings
/// of 255 bytes (kzonecheck: "No semantic error found"), and so does gdnsd, up to 16,000 bytes
/// a string, unless its config sets `disable_text_autosplit` (its zone scanner's
/// `text_add_tok`; not read here), so BIND's error is a warning there. A file with PowerDNS
/// `LUA` records is PowerDNS's whatever else serves it (its bind backend reads `named.conf`),
/// and PowerDNS 4.7.3 loads such strings split likewise (served as two strings).
pub fn follow_long_strings(
    diagnostics: &mut [Diagnostic],
    served_by: Option<crate::model::NameServer>,
) {
    use crate::model::NameServer;
    let uses_lua = diagnostics.iter().any(|d| {
        std::ptr::eq(d.rule, &UNKNOWN_TYPE)
            && d.message.starts_with("`LUA` is a PowerDNS extension")
    });
    let (help, longest) = match served_by {
        _ if uses_lua => (
            "the zone holds PowerDNS `LUA` records (in this file or one it includes), so PowerDNS \
             serves it: it cuts the string into strings of 255 bytes and loads it, BIND refuses \
             it. Write it as several quoted strings in one record, which every server loads",
            u32::MAX,
        ),
        Some(NameServer::Knot) => (
            "the repository's knot.conf serves this zone: Knot DNS cuts the string into strings \
             of 255 bytes and loads it, BIND refuses it. Write it as several quoted strings in \
             one record, which every server loads",
            u32::MAX,
        ),
        Some(NameServer::Gdnsd) => (
            "gdnsd serves this zone (its `config` is beside the `zones/` directory): it cuts the \
             string into strings of 255 bytes and loads it (unless the config sets \
             `disable_text_autosplit`), BIND refuses it. Write it as several quoted strings in \
             one record, which every server loads",
            // gdnsd refuses a string of more than 16,000 bytes; the text as written (with its
            // quotes and escapes) is no shorter than the string.
            16_000 + 2,
        ),
        _ => return,
    };
    for diagnostic in diagnostics.iter_mut().filter(|d| {
        std::ptr::eq(d.rule, &INVALID_RDATA)
            && d.message.starts_with(rdata::LONG_STRING)
            && d.span.end - d.span.start <= longest
    }) {
        diagnostic.severity = crate::diagnostic::Severity::Warning;
        diagnostic.help = Some(help.into());
    }
}

/// What to write instead of an SOA serial past 32 bits.
const SERIAL_HELP: &str = "an SOA serial is a 32-bit number (RFC 1035): the date form YYYYMMDDnn (10 digits, `2024031501`) fits, a date and time YYYYMMDDHHMMSS (14 digits) does not";

/// The parser's findings among `diagnostics` as gdnsd reads the zone, where gdnsd serves it
/// (its `config` beside the `zones/` directory, `served_by`) or the zone's files use gdnsd's
/// own types (`DYNA`, `DYNC`; checked against gdnsd 3.8.1). Where its configuration serves the
/// zone, the warnings that those types are gdnsd's go: gdnsd loads them. An SOA serial past
/// 32 bits, which BIND and Knot refuse, gdnsd loads with its low 32 bits: a warning that says
/// which serial is served, not the error that the zone does not load. `text_of` gives a
/// file's bytes.
pub fn follow_gdnsd<'t>(
    diagnostics: &mut Vec<Diagnostic>,
    served_by: Option<crate::model::NameServer>,
    text_of: impl Fn(FileId) -> &'t [u8],
) {
    let is_gdnsd_type = |d: &Diagnostic| {
        std::ptr::eq(d.rule, &UNKNOWN_TYPE)
            && SERVER_EXTENSIONS
                .iter()
                .filter(|(_, server, ..)| *server == "gdnsd")
                .any(|(name, ..)| {
                    d.message
                        .strip_prefix('`')
                        .and_then(|rest| rest.strip_prefix(name))
                        .is_some_and(|rest| rest.starts_with("` is a gdnsd extension"))
                })
    };
    let served = served_by == Some(crate::model::NameServer::Gdnsd);
    if !served && !diagnostics.iter().any(is_gdnsd_type) {
        return;
    }
    if served {
        diagnostics.retain(|d| !is_gdnsd_type(d));
    }
    for diagnostic in diagnostics
        .iter_mut()
        .filter(|d| std::ptr::eq(d.rule, &INVALID_RDATA))
    {
        let span = diagnostic.span;
        let written = text_of(span.file)
            .get(span.start as usize..span.end as usize)
            .unwrap_or_default();
        let Some(value) = rdata::serial_past_32_bits(written) else {
            continue;
        };
        if !diagnostic.message.starts_with("SOA serial") {
            continue;
        }
        let served_serial = value as u32;
        diagnostic.severity = crate::diagnostic::Severity::Warning;
        diagnostic.message = format!(
            "SOA serial {value} is past 32 bits: gdnsd serves {served_serial}, its low 32 bits; BIND and Knot refuse the zone"
        );
        diagnostic.help = Some(
            "the serial served is not the one written, which monitoring that compares the two, \
             and a move to another server, trip over; write the date form YYYYMMDDnn \
             (10 digits, `2024031501`), which fits"
                .into(),
        );
    }
}

/// Where Cloudflare's proxied tag (`cf-proxied:true` in a `; cf_tags=...` comment, as its zone
/// file export writes and its import reads) stands on the rest of the line after an entry
/// ending at `end`. Most lines end right after their last token: only a comment is searched.
fn cloudflare_proxied_tag(src: &[u8], end: u32) -> Option<(u32, u32)> {
    const TAG: &[u8] = b"cf-proxied:true";
    let rest = src.get(end as usize..)?;
    let line = &rest[..memchr::memchr(b'\n', rest).unwrap_or(rest.len())];
    let comment = memchr::memchr(b';', line)?;
    let tags = memchr::memmem::find(&line[comment..], b"cf_tags=")? + comment;
    let at = memchr::memmem::find(&line[tags..], TAG)? + tags;
    // The tag ends there, or before the next tag or the comment's end: not `cf-proxied:trueish`.
    if line
        .get(at + TAG.len())
        .is_some_and(|&b| !matches!(b, b',' | b' ' | b'\t' | b'\r'))
    {
        return None;
    }
    let start = end + at as u32;
    Some((start, start + TAG.len() as u32))
}

/// An error that ends the current entry.
struct Stop;

type Step<T> = Result<T, Stop>;

impl<'a> Parser<'a> {
    fn span(&self, range: (u32, u32)) -> Span {
        Span {
            file: self.file,
            start: range.0,
            end: range.1,
        }
    }

    fn text(&self, token: Token) -> &'a [u8] {
        &self.src[token.start as usize..token.end as usize]
    }

    fn report(
        &mut self,
        rule: &'static crate::rules::Rule,
        range: (u32, u32),
        message: impl Into<String>,
    ) {
        let span = self.span(range);
        self.diagnostics.push(Diagnostic::new(rule, span, message));
    }

    fn fail<T>(
        &mut self,
        rule: &'static crate::rules::Rule,
        range: (u32, u32),
        message: impl Into<String>,
    ) -> Step<T> {
        self.report(rule, range, message);
        self.note_lookalike_blank(range.1);
        Err(Stop)
    }

    /// A blank pasted from a web page (a non-breaking space) joins two words into one, and the
    /// error then names a word or type that looks right on screen: when the line holds one
    /// before the end of the failing part (`end`), outside quotes and comments, the last
    /// finding's help says so, after what it said already.
    fn note_lookalike_blank(&mut self, end: u32) {
        let end = (end as usize).min(self.src.len());
        let line_start = self.src[..end]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |at| at + 1);
        // A line that continues a quoted string (the one before ends in a backslash inside
        // quotes) cannot be read from its start: its quoting is not known there.
        if line_start >= 2 && self.src[line_start - 2] == b'\\' {
            return;
        }
        // The line up to `end`, with quoted text and any comment left out.
        let mut written = Vec::with_capacity(end - line_start);
        let (mut quoted, mut escaped) = (false, false);
        for &byte in &self.src[line_start..end] {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => quoted = !quoted,
                b';' if !quoted => break,
                _ if !quoted => written.push(byte),
                _ => {}
            }
        }
        let written = String::from_utf8_lossy(&written);
        let Some(blank) = crate::rules::tags::first_lookalike_blank(&written) else {
            return;
        };
        let Some(diagnostic) = self.diagnostics.last_mut() else {
            return;
        };
        let note = format!(
            "this line holds U+{:04X}, a character that looks like a space or like nothing (pasted \
             from a web page or a document): BIND and Knot read it as part of a word, not as a \
             blank; write a plain space or tab",
            u32::from(blank)
        );
        diagnostic.help = Some(match diagnostic.help.take() {
            Some(help) => format!("{help}; also, {note}").into(),
            None => note.into(),
        });
    }

    /// Report what the lexer found; true if the entry is broken and must be skipped.
    fn report_lex_problems(&mut self, problems: &mut Vec<LexProblem>) -> bool {
        let mut broken = false;
        let mut problems = problems.drain(..).peekable();
        while let Some(problem) = problems.next() {
            match problem {
                LexProblem::UnclosedParen { at } => {
                    self.report(&SYNTAX_ERROR, (at, at + 1), "this `(` is never closed");
                    // The broken entry is dropped; indented lines after it were meant to be part
                    // of it, so they must not inherit some earlier owner or report again.
                    self.forget_owner();
                    self.owner_failed = true;
                }
                LexProblem::StrayCloseParen { at } => {
                    self.report(&SYNTAX_ERROR, (at, at + 1), "`)` without a matching `(`");
                    broken = true;
                }
                LexProblem::UnterminatedString { start, end } => {
                    self.report(
                        &SYNTAX_ERROR,
                        (start, end),
                        "quoted string is not closed before the end of the line",
                    );
                    broken = true;
                }
                LexProblem::EscapedNewline { at } => {
                    let span = self.span((at, at + 1));
                    self.diagnostics
                        .push(knot_unsupported_syntax::escaped_newline_in_string(span));
                }
                LexProblem::NulByte { at } | LexProblem::ControlByte { at, .. } => {
                    // A run of NUL or control bytes is one finding, not one per byte (a
                    // binary blob pasted into a zone would otherwise give millions).
                    let mut end = at + 1;
                    while let Some(
                        LexProblem::NulByte { at: next } | LexProblem::ControlByte { at: next, .. },
                    ) = problems.peek()
                        && *next == end
                    {
                        end += 1;
                        problems.next();
                    }
                    let what = match problem {
                        LexProblem::ControlByte { byte, .. } => {
                            format!("control byte 0x{byte:02x}")
                        }
                        _ => "NUL byte".to_string(),
                    };
                    let message = if end - at == 1 {
                        format!("{what} in the zone file")
                    } else {
                        format!(
                            "{} NUL or control bytes in a row in the zone file, starting with a {what}",
                            end - at
                        )
                    };
                    self.report(&INVALID_CHARACTER, (at, end), message);
                    broken = true;
                }
            }
        }
        broken
    }

    fn entry(&mut self, entry: Entry, tokens: &[Token]) {
        let first = tokens[0];
        let text = self.text(first);
        let _ = if !entry.blank_owner && !first.quoted && text.first() == Some(&b'$') {
            self.directive(entry, tokens)
        } else {
            self.record(entry, tokens)
        };
    }

    /// The zone holds as many records as it may: say so where the next entry would be read,
    /// and read no further.
    fn zone_full(&mut self, entry: Entry) {
        let start = (entry.end as usize).min(self.src.len());
        let rest = &self.src[start..];
        let next = rest.iter().position(|b| !b.is_ascii_whitespace());
        if next.is_none() {
            return;
        }
        let at = start + next.unwrap_or(0);
        let end = self.src[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(self.src.len(), |n| at + n);
        let mut end = end.min(at + 80);
        while end > at && std::str::from_utf8(&self.src[at..end]).is_err() {
            end -= 1;
        }
        let span = self.span((at as u32, end as u32));
        self.diagnostics.push(
            Diagnostic::new(
                &LIMIT_REACHED,
                span,
                format!(
                    "the zone reached {} records (limit `zone-records`); zonelint reads no further",
                    thousands(self.options.zone_records as u64)
                ),
            )
            .with_help(raise_hint("zone-records")),
        );
    }

    /// Problems of the file as a whole, reported once each.
    /// One finding per file for each server-specific type, the later records as labels.
    fn server_extension(
        &mut self,
        range: (u32, u32),
        name: &'static str,
        server: &str,
        what: &str,
    ) {
        let span = self.span(range);
        if let Some(&(_, index)) = self.extensions.iter().find(|(n, _)| *n == name) {
            let diagnostic = std::mem::replace(
                &mut self.diagnostics[index],
                Diagnostic::new(&UNKNOWN_TYPE, span, String::new()),
            );
            self.diagnostics[index] = diagnostic.with_label(span, format!("another {name} record"));
            return;
        }
        self.extensions.push((name, self.diagnostics.len()));
        self.diagnostics.push(
            Diagnostic::new(
                &UNKNOWN_TYPE,
                span,
                format!(
                    "`{name}` is a {server} extension ({what}), not a DNS record type: only {server} loads this file; BIND and Knot refuse it"
                ),
            )
            .with_severity(crate::diagnostic::Severity::Warning)
            .with_help(format!(
                "if {server} loads this file, this is expected (zonelint does not check {name} records); otherwise replace them with standard records"
            )),
        );
    }

    fn file_checks(&mut self) {
        let len = self.src.len() as u32;
        let last_line = self.src.rsplit(|&b| b == b'\n').next().unwrap_or_default();
        // named-checkzone 9.18.49 says nothing when that line is a comment from its first
        // column (it warns when blanks come first), and no loader can lose a comment.
        if len > 0 && self.src[len as usize - 1] != b'\n' && !last_line.starts_with(b";") {
            // An empty span at the end: the last byte may be inside a multi-byte character.
            let span = self.span((len, len));
            let diagnostic = match unterminated_directive(self.src) {
                // named-checkzone 9.18.49 refuses these ("extra input text"); it loads a
                // record or an $INCLUDE left so, and Knot 3.2 loads all of them.
                Some(directive) => Diagnostic::new(
                    &MISSING_FINAL_NEWLINE,
                    span,
                    format!("the file ends in a {directive} line without a newline"),
                )
                .with_severity(crate::diagnostic::Severity::Error)
                .with_help(format!(
                    "named refuses the zone (\"extra input text\") when the last line is {directive} without a line break; end it with a newline"
                )),
                None => Diagnostic::new(
                    &MISSING_FINAL_NEWLINE,
                    span,
                    "the file does not end with a newline",
                )
                .with_help("BIND warns about this; end the last line with a newline"),
            };
            self.diagnostics.push(diagnostic);
        }
        self.carriage_returns();
        if let Err(error) = std::str::from_utf8(self.src) {
            let at = error.valid_up_to() as u32;
            let span = self.span((at, at + 1));
            self.diagnostics.push(
                Diagnostic::new(&NOT_UTF8, span, "the file is not valid UTF-8 from here on")
                    .with_help("save the file as UTF-8 (or write other bytes as \\DDD escapes); diagnostics show bad bytes as `?`"),
            );
        }
    }

    /// SYN010 for carriage returns, once per file for each kind. Knot refuses a file with a
    /// carriage return anywhere ("unsupported CRLF newline, remove CR bytes", kzonecheck
    /// 3.2.6). Alone (old Mac line ends, or one pasted into a line), an error: BIND 9.18 ends
    /// the line there and this parser reads a blank, so the records read here are not the
    /// ones BIND loads. Before a line feed (CRLF line ends), a warning: BIND reads them as
    /// line ends, as this parser does.
    fn carriage_returns(&mut self) {
        let src = self.src;
        let mut first_lone: Option<usize> = None;
        let mut lone = 0usize;
        let mut first_crlf: Option<usize> = None;
        for at in memchr::memchr_iter(b'\r', src) {
            if src.get(at + 1) == Some(&b'\n') {
                first_crlf.get_or_insert(at);
            } else {
                first_lone.get_or_insert(at);
                lone += 1;
            }
        }
        if let Some(first) = first_lone {
            let message = match lone {
                1 => "a carriage return without a line feed".to_string(),
                lone => format!("{lone} carriage returns without a line feed; the first is here"),
            };
            let span = self.span((first as u32, first as u32 + 1));
            self.diagnostics.push(
                Diagnostic::new(&INVALID_CHARACTER, span, message).with_help(
                    "BIND ends the line at a lone carriage return (zonelint reads a blank, so its \
                     other findings may not be about what BIND loads), and Knot refuses the file; \
                     save the file with LF line ends",
                ),
            );
        }
        if let Some(first) = first_crlf {
            let span = self.span((first as u32, first as u32 + 1));
            self.diagnostics.push(
                Diagnostic::new(
                    &INVALID_CHARACTER,
                    span,
                    "the file has CRLF line ends: Knot refuses it (\"unsupported CRLF newline\")",
                )
                .with_severity(crate::diagnostic::Severity::Warning)
                .with_help(
                    "BIND reads CRLF as a line end, Knot DNS refuses the whole file; save it with LF \
                     line ends (git: `* text=auto eol=lf` in .gitattributes)",
                ),
            );
        }
    }

    fn need_origin(&mut self, range: (u32, u32)) -> Step<Name> {
        if let Some(origin) = &self.state.origin {
            return Ok(origin.clone());
        }
        if !self.origin_reported {
            self.origin_reported = true;
            let span = self.span(range);
            self.diagnostics.push(
                Diagnostic::new(&MISSING_ORIGIN, span, "no origin is known for relative names in this file")
                    .with_help("add `$ORIGIN example.com.` at the top, name the file after the zone (example.com.zone), or pass --origin example.com"),
            );
        }
        Err(Stop)
    }

    /// A name token: `@`, absolute, or relative to the current origin.
    fn name(&mut self, token: Token) -> Step<(Name, bool)> {
        self.name_piece(Piece {
            text: self.text(token),
            span: token.outer(),
            quoted: token.quoted,
        })
    }

    fn name_piece(&mut self, piece: Piece<'_>) -> Step<(Name, bool)> {
        let parsed = rdata::parse_name(piece, self.state.origin.as_ref());
        match parsed {
            Ok(name) => Ok(name),
            Err(error) if error.kind == ErrorKind::NoOrigin => {
                self.need_origin(piece.span)?;
                Err(Stop)
            }
            Err(error) => self.fail(&INVALID_NAME, error.span, error.message),
        }
    }

    /// ZONE044 for a byte of a name that Knot DNS refuses unescaped, at `at` in the file.
    fn knot_refused_byte(&mut self, at: u32, byte: u8) {
        let span = self.span((at, at + 1));
        self.diagnostics
            .push(knot_unsupported_syntax::raw_name_character(span, byte));
    }

    fn directive(&mut self, entry: Entry, tokens: &[Token]) -> Step<()> {
        let keyword = tokens[0];
        let word = self.text(keyword).to_ascii_uppercase();
        let args = &tokens[1..];
        let missing = |this: &mut Self, what: &str| {
            let name = String::from_utf8_lossy(&word).into_owned();
            this.fail::<()>(
                &INVALID_DIRECTIVE,
                keyword.outer(),
                format!("{name} needs {what}"),
            )
        };
        match word.as_slice() {
            b"$ORIGIN" => {
                let Some(&arg) = args.first() else {
                    return missing(self, "a domain name");
                };
                self.no_extra(args, 1, "$ORIGIN")?;
                self.refuse_quoted(arg, "the $ORIGIN name")?;
                let previous = self.state.origin.clone();
                let (origin, relative) = self.name(arg)?;
                if relative && self.text(arg) != b"@" {
                    // BIND appends the current origin; Knot refuses the file.
                    let written = String::from_utf8_lossy(self.text(arg)).into_owned();
                    // Below the root, BIND's reading is the full name itself.
                    let below_root = previous.as_ref().is_some_and(Name::is_root);
                    let previous = previous.map(|p| p.to_string()).unwrap_or_default();
                    // A full name missing its dot is a slip (SYN004); any other relative
                    // origin is written so on purpose (`$ORIGIN 1.0.0.0` in a nibble zone),
                    // and only Knot minds (ZONE044), as for a full name below the root
                    // (`$ORIGIN example.net` after `$ORIGIN .`), which BIND reads as meant.
                    let diagnostic = if !below_root && looks_like_full_name(&written, &previous) {
                        Diagnostic::new(
                            &INVALID_DIRECTIVE,
                            self.span(arg.outer()),
                            format!(
                                "`$ORIGIN {written}` has no final dot: BIND reads it below the current origin `{previous}`, as `{origin}`; Knot refuses the file (\"invalid FQDN zone origin\")"
                            ),
                        )
                        .with_severity(crate::diagnostic::Severity::Warning)
                        .with_help(format!(
                            "write the origin in full with its final dot: `$ORIGIN {origin}` (or `$ORIGIN {written}.` if that was meant)"
                        ))
                    } else {
                        knot_unsupported_syntax::relative_origin(
                            self.span(arg.outer()),
                            &written,
                            &previous,
                            &origin.to_string(),
                        )
                    };
                    self.diagnostics.push(diagnostic);
                }
                if self.records.is_empty() && !self.included && self.declared_origin.is_none() {
                    self.declared_origin = Some(origin.clone());
                }
                self.state.origin = Some(origin);
                self.state.origin_guessed = false;
                self.origin_changed = Some((entry.start, entry.end));
            }
            b"$TTL" => {
                let Some(&arg) = args.first() else {
                    return missing(self, "a TTL value");
                };
                self.no_extra(args, 1, "$TTL")?;
                let ttl = self.ttl(arg)?;
                self.state.default_ttl = Some(ttl);
            }
            b"$INCLUDE" => {
                let Some(&path) = args.first() else {
                    return missing(self, "a file name");
                };
                self.no_extra(args, 2, "$INCLUDE")?;
                self.settle_owner();
                let mut state = self.state.clone();
                if let Some(&origin) = args.get(1) {
                    // The origin only: BIND 9.18 keeps the last owner for an indented first
                    // line (and warns "record with inherited owner ... immediately after
                    // $ORIGIN"; fixtures/parse/zonefile/include-owner-start.zone).
                    let (origin, _) = self.name(origin)?;
                    state.origin = Some(origin);
                }
                let Ok(decoded) = decode_string(self.text(path)) else {
                    return self.fail(
                        &INVALID_DIRECTIVE,
                        path.outer(),
                        "bad escape in the file name",
                    );
                };
                self.included = true;
                self.includes.push(IncludeRequest {
                    path: String::from_utf8_lossy(&decoded).into_owned(),
                    span: self.span(path.outer()),
                    state,
                    position: self.records.len(),
                });
            }
            b"$GENERATE" => {
                self.generated = true;
                generate::expand(self, entry, tokens)?
            }
            _ => {
                let name = String::from_utf8_lossy(self.text(keyword)).into_owned();
                return self.fail(
                    &INVALID_DIRECTIVE,
                    keyword.outer(),
                    format!("unknown directive `{name}`; BIND knows $ORIGIN, $TTL, $INCLUDE and $GENERATE"),
                );
            }
        }
        Ok(())
    }

    fn no_extra(&mut self, args: &[Token], allowed: usize, directive: &str) -> Step<()> {
        match args.get(allowed) {
            Some(&extra) => self.fail(
                &INVALID_DIRECTIVE,
                extra.outer(),
                format!("extra text after {directive}"),
            ),
            None => Ok(()),
        }
    }

    /// A quoted string where BIND and Knot read a bare word (a TTL, class, type, or the
    /// `$ORIGIN` name) makes them refuse the file ("unexpected token"); an owner name and
    /// character strings may be quoted.
    fn refuse_quoted(&mut self, token: Token, what: &str) -> Step<()> {
        if !token.quoted {
            return Ok(());
        }
        self.fail(
            &SYNTAX_ERROR,
            token.outer(),
            format!(
                "{what} cannot be a quoted string; BIND and Knot refuse it: write it without quotes"
            ),
        )
    }

    fn ttl(&mut self, token: Token) -> Step<u32> {
        self.refuse_quoted(token, "a TTL")?;
        match parse_ttl(self.text(token)) {
            // RFC 2181 §8: a TTL with the top bit set is read as zero; named warns
            // ("> MAXTTL, setting TTL to 0") and serves 0.
            Some(ttl) if ttl > i32::MAX as u32 => {
                let span = self.span(token.outer());
                self.diagnostics.push(
                    Diagnostic::new(
                        &INVALID_TTL,
                        span,
                        format!("TTL {ttl} is above 2147483647, so it counts as 0 (RFC 2181 §8)"),
                    )
                    .with_severity(crate::diagnostic::Severity::Warning)
                    .with_help("named warns and serves the records with TTL 0; write the TTL meant, at most 2147483647 (68 years), usually far less"),
                );
                Ok(0)
            }
            Some(ttl) => Ok(ttl),
            None => {
                let text = String::from_utf8_lossy(self.text(token)).into_owned();
                self.fail(
                    &INVALID_TTL,
                    token.outer(),
                    format!("`{text}` is not a TTL: use seconds or units like 1h30m"),
                )
            }
        }
    }

    fn record(&mut self, entry: Entry, tokens: &[Token]) -> Step<()> {
        let mut rest = tokens;
        let origin_changed = self.origin_changed.take();
        let (owner, owner_range) = if entry.blank_owner {
            match self.last_owner().cloned() {
                Some(owner) => {
                    if let Some(directive) = origin_changed {
                        self.inherited_after_origin(&owner, tokens[0].outer(), directive);
                    }
                    (owner, tokens[0].outer())
                }
                None if self.owner_failed => return Err(Stop),
                None => {
                    self.owner_failed = true;
                    return self.fail(
                        &SYNTAX_ERROR,
                        (entry.start, entry.start),
                        "no owner name: the first record of a file must start with its owner",
                    );
                }
            }
        } else {
            let token = tokens[0];
            rest = &tokens[1..];
            let Ok((owner, relative)) = self.name(token) else {
                self.forget_owner();
                self.owner_failed = true;
                return Err(Stop);
            };
            self.owner_absolute = !relative;
            self.owner_failed = false;
            self.owner_repeats_origin =
                relative && missing_trailing_dot::repeats_origin(self.text(token), &owner);
            // Moved into the record when it is made; kept in the state when it is not.
            let mut owner = Some(owner);
            let made = self.record_body(
                &mut owner,
                token.outer(),
                rest,
                (entry.start, entry.end),
                None,
                false,
            );
            self.owner_repeats_origin = false;
            self.owner_in_last_record = owner.is_none();
            self.state.owner = owner;
            // Said of an owner whose record is made: an entry that fails (`# old host`, a
            // comment in another syntax) has its own finding.
            let piece = Piece {
                text: self.text(token),
                span: token.outer(),
                quoted: token.quoted,
            };
            if self.owner_in_last_record
                && let Some((at, byte)) = rdata::knot_refused_byte(&piece)
            {
                self.knot_refused_byte(token.outer().0 + at as u32, byte);
            }
            return made;
        };
        self.record_body(
            &mut Some(owner),
            owner_range,
            rest,
            (entry.start, entry.end),
            None,
            entry.blank_owner,
        )
    }

    /// ZONE040: a record that inherits its owner right after `$ORIGIN` has the previous
    /// record's owner, not the new origin, which is what it reads as. BIND 9.18 warns "record
    /// with inherited owner (...) immediately after $ORIGIN (...)" and loads it so.
    fn inherited_after_origin(&mut self, owner: &Name, at: (u32, u32), directive: (u32, u32)) {
        let origin = self
            .state
            .origin
            .as_ref()
            .map_or_else(String::new, Name::to_string);
        let diagnostic = Diagnostic::new(
            &INHERITED_OWNER_AFTER_ORIGIN,
            self.span(at),
            format!(
                "this record's owner is the previous record's, `{owner}`, not the new origin `{origin}`"
            ),
        )
        .with_label(self.span(directive), "the origin changes here")
        .with_help(format!(
            "A line that starts with a blank repeats the last owner; `$ORIGIN` changes only how \
             later relative names are completed. Write the owner: `@` for `{origin}`, or `{owner}` \
             if that is meant."
        ));
        self.diagnostics.push(diagnostic);
    }

    /// The owner an entry that starts with a blank inherits.
    fn last_owner(&self) -> Option<&Name> {
        if self.owner_in_last_record {
            self.records.last().map(|record| &record.owner)
        } else {
            self.state.owner.as_ref()
        }
    }

    /// Put the last owner back in `state.owner`, before the state is handed on or a record
    /// with another owner is added.
    pub(super) fn settle_owner(&mut self) {
        if self.owner_in_last_record {
            self.state.owner = self.last_owner().cloned();
            self.owner_in_last_record = false;
        }
    }

    /// No owner to inherit from here on.
    fn forget_owner(&mut self) {
        self.state.owner = None;
        self.owner_in_last_record = false;
    }

    /// The help for an entry whose owner is a comment in another language's syntax (`# old
    /// host`, `// TODO`): the text BIND reads as an owner and a type.
    fn comment_hint(&self, owner_range: (u32, u32), blank_owner: bool) -> Option<&'static str> {
        if blank_owner {
            return None;
        }
        comment_marker_hint(self.text_at(owner_range))
    }

    /// Is the token at `range` a lone `#` followed by a number, RFC 3597's `\# <length>` with
    /// its backslash missing?
    fn is_generic_rdata_without_backslash(&self, range: (u32, u32)) -> bool {
        let after = self.src.get(range.1 as usize..).unwrap_or_default();
        self.text_at(range) == b"#"
            && after
                .trim_ascii_start()
                .first()
                .is_some_and(u8::is_ascii_digit)
    }

    /// Does the entry read as a record whose type is the owner token (`A 192.0.2.1` in the
    /// first column: the type taken for the owner)? Not a host named `mx` whose type was left
    /// out (`mx 192.0.2.25`: no MX record's data).
    fn reads_as_record_of_owner_type(&self, owner_range: (u32, u32), rest: &[Token]) -> bool {
        let Some(rtype) = RType::from_mnemonic(self.text_at(owner_range)) else {
            return false;
        };
        let pieces: Vec<Piece<'_>> = rest
            .iter()
            .map(|&token| Piece {
                text: self.text(token),
                span: token.outer(),
                quoted: token.quoted,
            })
            .collect();
        let end = rest.last().map_or(owner_range, |t| t.outer());
        rdata::parse_rdata(rtype, Class::IN, self.state.origin.as_ref(), &pieces, end).is_ok()
    }

    /// The type mnemonic an entry starts with in the first column, taken for its owner, when
    /// what follows it reads as that type's data (`MX 10 mail`, `NS ns2`, `TXT "..."`: a
    /// line that lost its indentation), all of it or its first words up to the one that
    /// failed, `reach` words, at the least (`NS ns1 # note`: a comment in another syntax after
    /// the data). Not when the entry writes a class: `ns IN AAA ...` is a host called `ns`.
    fn owner_taken_for_type(
        &self,
        owner_range: (u32, u32),
        tokens: &[Token],
        reach: usize,
        blank_owner: bool,
        class_written: bool,
    ) -> Option<String> {
        if blank_owner || class_written || RType::from_mnemonic(self.text_at(owner_range)).is_none()
        {
            return None;
        }
        // A few parses at most: a line of thousands of words is not read again for each.
        let reach = reach.max(1);
        let shorter = (reach..tokens.len()).rev().take(7);
        let reads = std::iter::once(tokens.len())
            .chain(shorter)
            .filter(|&n| n >= reach)
            .any(|n| self.reads_as_record_of_owner_type(owner_range, &tokens[..n]));
        reads.then(|| String::from_utf8_lossy(self.text_at(owner_range)).into_owned())
    }

    /// `problem` at `token`, whose entry's type in the first column was read as its owner
    /// (`owner_type`, found by [`Self::owner_taken_for_type`]): said so, with how to write it.
    fn fail_type_read_as_owner<T>(
        &mut self,
        rule: &'static crate::rules::Rule,
        token: Token,
        problem: &str,
        owner_type: &str,
    ) -> Step<T> {
        let span = self.span(token.outer());
        self.diagnostics.push(
            Diagnostic::new(
                rule,
                span,
                format!(
                    "{problem}: the line starts with `{owner_type}`, which is read as the owner name, not the type"
                ),
            )
            .with_help(owner_type_help(owner_type)),
        );
        self.note_lookalike_blank(token.outer().1);
        Err(Stop)
    }

    /// The source text in `range`, empty where the range does not fit the text.
    fn text_at(&self, range: (u32, u32)) -> &[u8] {
        self.src
            .get(range.0 as usize..range.1 as usize)
            .unwrap_or_default()
    }

    /// Everything after the owner: `[TTL] [class] type RDATA`, TTL and class in either order.
    /// `generated` replaces the RDATA tokens for `$GENERATE` (pieces and their span).
    /// `owner` is taken into the record when the record is made, and left where it is when
    /// the entry fails.
    fn record_body(
        &mut self,
        owner: &mut Option<Name>,
        owner_range: (u32, u32),
        tokens: &[Token],
        entry_range: (u32, u32),
        generated: Option<&[Piece<'_>]>,
        blank_owner: bool,
    ) -> Step<()> {
        let mut ttl: Option<(u32, (u32, u32))> = None;
        let mut class: Option<(Class, (u32, u32))> = None;
        let mut index = 0;
        let rtype = loop {
            let Some(&token) = tokens.get(index) else {
                let at = tokens.last().map_or(owner_range, |t| t.outer());
                let span = self.span(at);
                let mut diagnostic =
                    Diagnostic::new(&SYNTAX_ERROR, span, "missing record type and data");
                if let Some(hint) = self.comment_hint(owner_range, blank_owner) {
                    diagnostic = diagnostic.with_help(hint);
                }
                self.diagnostics.push(diagnostic);
                return Err(Stop);
            };
            index += 1;
            if token.quoted
                && let Some(owner_type) = self.owner_taken_for_type(
                    owner_range,
                    tokens,
                    index,
                    blank_owner,
                    class.is_some(),
                )
            {
                // `TXT "v=spf1 -all"` in the first column: the type was read as the owner.
                return self.fail_type_read_as_owner(
                    &SYNTAX_ERROR,
                    token,
                    "the type cannot be a quoted string",
                    &owner_type,
                );
            }
            self.refuse_quoted(token, "the TTL, class or type")?;
            let text = self.text(token);
            if text.first().is_some_and(u8::is_ascii_digit) {
                if ttl.is_some() {
                    return self.fail(&SYNTAX_ERROR, token.outer(), "a second TTL in one record");
                }
                // `A 192.0.2.1` at the start of a line: the type was read as the owner name
                // (the line lost its indentation), and the address is no TTL.
                if !blank_owner
                    && index == 1
                    && parse_ttl(text).is_none()
                    && self.reads_as_record_of_owner_type(owner_range, &tokens[index - 1..])
                {
                    let owner_text =
                        String::from_utf8_lossy(self.text_at(owner_range)).into_owned();
                    let value = String::from_utf8_lossy(text).into_owned();
                    let span = self.span(token.outer());
                    self.diagnostics.push(
                        Diagnostic::new(
                            &INVALID_TTL,
                            span,
                            format!("`{value}` is not a TTL: the line starts with `{owner_text}`, which is read as the owner name, not the type"),
                        )
                        .with_help(format!(
                            "A line that starts in the first column starts with its owner (RFC 1035 §5.1). Indent it to \
                             give the record the owner of the line above, or write the owner first: `www {owner_text} {value}`."
                        )),
                    );
                    return Err(Stop);
                }
                ttl = Some((self.ttl(token)?, token.outer()));
                continue;
            }
            if let Some(c) = Class::from_mnemonic(text) {
                if class.is_none() {
                    class = Some((c, token.outer()));
                    continue;
                }
                // `ANY` is a class and a type: after a class it is the type.
                if RType::from_mnemonic(text).is_none() {
                    return self.fail(&SYNTAX_ERROR, token.outer(), "a second class in one record");
                }
            }
            match RType::from_mnemonic(text) {
                Some(rtype) => break (rtype, token.outer()),
                None => {
                    let word = String::from_utf8_lossy(text).into_owned();
                    if let Some(&(name, server, what, answers)) = SERVER_EXTENSIONS
                        .iter()
                        .find(|(name, ..)| text.eq_ignore_ascii_case(name.as_bytes()))
                    {
                        self.server_extension(token.outer(), name, server, what);
                        if let Some(owner) = owner.as_ref() {
                            match answers {
                                Answers::Addresses => self.unmodelled_addresses.push(owner.clone()),
                                Answers::Any => self.unmodelled.push(owner.clone()),
                            }
                        }
                        return Err(Stop);
                    }
                    // `MX 10 mail`, `NS ns2` in the first column: the type was read as the
                    // owner, and what follows it as a TTL and a type.
                    if let Some(owner_type) = self.owner_taken_for_type(
                        owner_range,
                        tokens,
                        index,
                        blank_owner,
                        class.is_some(),
                    ) {
                        return self.fail_type_read_as_owner(
                            &UNKNOWN_TYPE,
                            token,
                            &format!("unknown record type `{word}`"),
                            &owner_type,
                        );
                    }
                    // A comment in another syntax reads as an owner and a type (`# old host`),
                    // or, indented or after an owner, as a type (`    # note`, `www # note`).
                    let help = if let Some(hint) = self
                        .comment_hint(owner_range, blank_owner)
                        .or_else(|| comment_marker_hint(text))
                    {
                        hint
                    } else if blank_owner && tokens.first() == Some(&token) {
                        "an owner name must start at the beginning of the line; an indented line repeats the previous owner"
                    } else {
                        "write a known type mnemonic, or TYPEnnn with `\\# length hex` data (RFC 3597)"
                    };
                    let span = self.span(token.outer());
                    self.diagnostics.push(
                        Diagnostic::new(
                            &UNKNOWN_TYPE,
                            span,
                            format!("unknown record type `{word}`"),
                        )
                        .with_help(help),
                    );
                    self.note_lookalike_blank(token.outer().1);
                    return Err(Stop);
                }
            }
        };
        let (rtype, type_range) = rtype;
        if rtype.is_meta() {
            return self.fail(
                &UNKNOWN_TYPE,
                type_range,
                format!(
                    "{} is a query or meta type and cannot appear in zone data",
                    rtype.zone_file_name()
                ),
            );
        }
        // RFC 973 replaced MD and MF with MX; BIND 9.18 refuses them, even in the generic form
        // ("type 'MD': obsolete"), though not from a `$GENERATE` template; Knot 3.2 refuses
        // the names.
        if matches!(rtype.0, 3 | 4) && generated.is_none() {
            return self.fail(
                &UNKNOWN_TYPE,
                type_range,
                format!(
                    "{} is an obsolete type (RFC 973) that BIND refuses, by name or number (\"obsolete\"): mail for a name is routed by MX records",
                    rtype.zone_file_name()
                ),
            );
        }
        let written_class = class.map(|(_, range)| range);
        let class = self.record_class(class)?;
        // Knot reads only `IN` as a class (any case): `CLASS1` it takes for a type. Another
        // class is SYN009's (a zone is of one class, and Knot serves IN only).
        if let Some(range) = written_class
            && class == Class::IN
            && !self.text_at(range).eq_ignore_ascii_case(b"IN")
            && generated.is_none()
        {
            let written = String::from_utf8_lossy(self.text_at(range)).into_owned();
            let span = self.span(range);
            self.diagnostics
                .push(knot_unsupported_syntax::class_written_generic(
                    span, &written,
                ));
        }
        if rtype == RType::SOA
            && self.state.origin_guessed
            && self.owner_absolute
            && generated.is_none()
        {
            self.state.origin = owner.clone();
            self.state.origin_guessed = false;
        }
        // The pieces buffer is reused from record to record: no allocation per entry.
        let mut buffer = std::mem::take(&mut self.pieces);
        buffer.clear();
        let src = self.src;
        let pieces: &[Piece<'_>] = match generated {
            Some(pieces) => pieces,
            None => {
                buffer.extend(tokens[index..].iter().map(|&t| Piece {
                    text: &src[t.start as usize..t.end as usize],
                    span: t.outer(),
                    quoted: t.quoted,
                }));
                &buffer
            }
        };
        let end = (entry_range.1, entry_range.1);
        let needs_origin = self.state.origin.is_none();
        let parsed = rdata::parse_rdata(rtype, class, self.state.origin.as_ref(), pieces, end);
        let first_rdata = pieces.first().map(|piece| piece.span.0);
        self.pieces = buffer;
        let (rdata, fields, relative) = match parsed {
            Ok(parsed) => {
                // A `$GENERATE` is ZONE044's as a whole; its template is read once a record.
                // An SOA mailbox written as an e-mail address is ZONE042's, which says so.
                if generated.is_none() {
                    for &(at, byte) in &parsed.knot_refused {
                        if !(rtype == RType::SOA && byte == b'@') {
                            self.knot_refused_byte(at, byte);
                        }
                    }
                }
                for warning in parsed.warnings {
                    let span = self.span(warning.span);
                    self.diagnostics.push(
                        Diagnostic::new(&INVALID_RDATA, span, warning.message)
                            .with_severity(crate::diagnostic::Severity::Warning),
                    );
                }
                // BIND refuses the zone; the record is kept as Knot loads it, split, so that
                // the rules still read it (a DKIM key in one long string). The loader makes
                // it a warning where Knot or gdnsd serves the zone ([`follow_long_strings`]).
                for (range, len) in parsed.long_strings {
                    let span = self.span(range);
                    self.diagnostics.push(
                        Diagnostic::new(&INVALID_RDATA, span, rdata::long_string_message(len))
                            .with_help(LONG_STRING_HELP),
                    );
                }
                (parsed.rdata, parsed.fields, parsed.relative)
            }
            Err(error) => {
                let rule = match error.kind {
                    ErrorKind::NoOrigin if needs_origin => {
                        let _ = self.need_origin(error.span);
                        None
                    }
                    ErrorKind::Name => Some(&INVALID_NAME),
                    ErrorKind::Type => Some(&UNKNOWN_TYPE),
                    _ => Some(&INVALID_RDATA),
                };
                if let Some(rule) = rule {
                    let mut diagnostic =
                        Diagnostic::new(rule, self.span(error.span), error.message);
                    // RDATA that starts `# 4 0a000001` is generic RDATA that lost its
                    // backslash, not a comment; a `#` after the RDATA is a comment.
                    let generic_without_backslash = first_rdata == Some(error.span.0)
                        && self.is_generic_rdata_without_backslash(error.span);
                    let serial_too_long = rtype == RType::SOA
                        && rdata::serial_past_32_bits(self.text_at(error.span)).is_some();
                    let hint = if generic_without_backslash {
                        Some(
                            "RFC 3597's generic RDATA starts with a backslash, `\\# <length> <hex>`; \
                             a lone `#` is neither that nor a comment",
                        )
                    } else if serial_too_long {
                        Some(SERIAL_HELP)
                    } else {
                        comment_marker_hint(self.text_at(error.span))
                    };
                    if let Some(hint) = hint {
                        diagnostic = diagnostic.with_help(hint);
                    }
                    // In a record spread over lines, also show where the record starts.
                    let start = (entry_range.0 as usize).min(self.src.len());
                    let at = (error.span.0 as usize).clamp(start, self.src.len());
                    if self.src[start..at].contains(&b'\n') {
                        diagnostic = diagnostic
                            .with_label(self.span(owner_range), "in the record that starts here");
                    }
                    self.diagnostics.push(diagnostic);
                }
                (RData::Invalid, Default::default(), 0)
            }
        };
        // A generated record's field spans are the template's: what NAME001 reads there is not
        // the text the name was parsed from, so it reads every such record.
        let relative = match generated {
            Some(_) if relative != 0 => relative | Record::LOOKS_ABSOLUTE,
            _ => relative,
        };
        let relative = if self.owner_repeats_origin {
            relative | Record::OWNER_REPEATS_ORIGIN
        } else {
            relative
        };
        let relative = if !blank_owner
            && generated.is_none()
            && owner_may_be_misread(
                self.text_at(owner_range),
                ttl.is_some(),
                written_class.is_some(),
            ) {
            relative | Record::OWNER_MAY_BE_MISREAD
        } else {
            relative
        };
        let ttl = self.record_ttl(ttl.map(|t| t.0), &rdata, type_range)?;
        // Always there: the callers pass an owner, and only this takes it.
        let Some(owner) = owner.take() else {
            return Err(Stop);
        };
        self.options
            .records_left
            .set(self.options.records_left.get().saturating_sub(1));
        if matches!(rtype, RType::A | RType::AAAA | RType::CNAME)
            && let Some(flag) = cloudflare_proxied_tag(self.src, entry_range.1)
        {
            self.cloudflare_proxied.push(ProxiedRecord {
                owner: owner.clone(),
                rtype,
                flag: self.span(flag),
            });
        }
        self.records.push(Record {
            owner,
            ttl,
            class,
            rtype,
            rdata,
            relative_fields: relative,
            file: self.file,
            spans: RecordSpans::new(entry_range, owner_range, type_range, &fields),
        });
        Ok(())
    }

    fn record_class(&mut self, class: Option<(Class, (u32, u32))>) -> Step<Class> {
        let Some((class, range)) = class else {
            return Ok(self.state.class.unwrap_or(Class::IN));
        };
        if class.is_meta() {
            return self.fail(
                &CLASS_MISMATCH,
                range,
                format!("class {class} is for queries and updates, not zone data"),
            );
        }
        match self.state.class {
            Some(zone) if zone != class => self.fail(
                &CLASS_MISMATCH,
                range,
                format!("class {class} differs from the zone's class {zone}"),
            ),
            Some(_) => Ok(class),
            None => {
                self.state.class = Some(class);
                Ok(class)
            }
        }
    }

    /// BIND's order: the record's own TTL, then `$TTL`, then the previous record's TTL, then
    /// (for an SOA) its minimum field, with a warning.
    fn record_ttl(
        &mut self,
        explicit: Option<u32>,
        rdata: &RData,
        type_range: (u32, u32),
    ) -> Step<u32> {
        let ttl = match (explicit, self.state.default_ttl, self.state.last_ttl) {
            (Some(ttl), _, _) => ttl,
            (None, Some(ttl), _) => ttl,
            (None, None, Some(ttl)) => ttl,
            (None, None, None) => match rdata {
                // The RDATA error is already reported; a TTL error on top would say nothing new.
                RData::Invalid => 0,
                RData::Soa(soa) => {
                    if !self.soa_ttl_reported {
                        self.soa_ttl_reported = true;
                        let span = self.span(type_range);
                        self.diagnostics.push(
                            Diagnostic::new(
                                &TTL_FROM_SOA_MINIMUM,
                                span,
                                format!("no TTL given: using the SOA minimum, {}", soa.minimum),
                            )
                            .with_help("add a `$TTL` line at the top of the file"),
                        );
                    }
                    soa.minimum
                }
                _ => {
                    // Once per file: every record after it would say the same. The record is
                    // kept (with TTL 0) so the rules still see it.
                    if !self.ttl_reported {
                        self.ttl_reported = true;
                        let span = self.span(type_range);
                        self.diagnostics.push(
                            Diagnostic::new(
                                &INVALID_TTL,
                                span,
                                "no TTL: this record has none, and there is no $TTL or earlier record to take it from",
                            )
                            .with_help("put `$TTL 3600` (or the TTL you want) at the top of the file"),
                        );
                    }
                    0
                }
            },
        };
        self.state.last_ttl = Some(ttl);
        Ok(ttl)
    }
}

/// The help for text that starts with `#` or `//`, which other formats (octoDNS YAML, shell,
/// C) use for comments and a zone file reads as data: there only `;` starts a comment.
fn comment_marker_hint(text: &[u8]) -> Option<&'static str> {
    if text.starts_with(b"#") {
        Some("`#` does not start a comment in a zone file, `;` does: write `; ...`")
    } else if text.starts_with(b"//") {
        Some("`//` does not start a comment in a zone file, `;` does: write `; ...`")
    } else {
        None
    }
}

/// The help for a line whose type, in the first column, was read as its owner.
fn owner_type_help(owner_type: &str) -> String {
    format!(
        "A line that starts in the first column starts with its owner name (RFC 1035 §5.1); an \
         indented line repeats the owner of the record above. Indent it to give the record that \
         owner, or write the owner first: `@ {owner_type} ...`."
    )
}

/// Does an owner written in the first column look like a word meant as something else
/// (ZONE054): a comment marker (`# PTR Records`), or a class or TTL that the entry does not
/// write again (`IN NS ns2`, `3600 IN A ...`: a line that lost its indentation)? Asked of
/// every entry that writes its owner, so the cheap tests come first.
fn owner_may_be_misread(owner: &[u8], ttl_written: bool, class_written: bool) -> bool {
    comment_marker_hint(owner).is_some()
        || (!class_written && Class::from_mnemonic(owner).is_some())
        || (!ttl_written && parse_ttl(owner).is_some())
}

/// Does a relative `$ORIGIN` look like a full name whose final dot was forgotten: one that
/// ends in the current origin's name (`$ORIGIN sub.example.com` under `example.com.`), or of
/// two labels or more that ends in a top-level domain (`$ORIGIN example.org`)?
fn looks_like_full_name(written: &str, previous: &str) -> bool {
    let written = written.to_ascii_lowercase();
    let previous = previous.trim_end_matches('.').to_ascii_lowercase();
    let repeats =
        !previous.is_empty() && (written == previous || written.ends_with(&format!(".{previous}")));
    let last = written.rsplit('.').next().unwrap_or_default();
    repeats || written.contains('.') && crate::rules::names::missing_trailing_dot::is_tld(last)
}
