//! One large file parsed in pieces on several threads, with exactly the result of one parse.
//!
//! A piece starts at a line that begins with an owner name, in the state it guesses the parse
//! is in there: the origin and default TTL of the last `$ORIGIN` and `$TTL` lines before it,
//! and the class the file's first records set. The pieces are then joined in file order. A
//! piece joins only if the parse before it stopped at the very entry the piece began with
//! (not inside parentheses), in the state the piece guessed, and if nothing in the piece drew
//! on what came before: a `$GENERATE` spends the run's budget, a server extension is reported
//! once per file, the lexer's re-reads after unclosed parentheses are capped per file, the
//! zone's `zone-records` limit counts every record. Otherwise the parse before the piece goes
//! on over its bytes itself, as a single parse would.

use super::lexer::{Entry, LexProblem, Token};
use super::{FileParser, ParseOptions, ParseState, ParsedFile, Paused};
use crate::diagnostic::Diagnostic;
use crate::model::Record;
use crate::parse::rdata::{self, Piece};
use crate::parse::text::parse_ttl;
use crate::source::FileId;

/// How much of the file the first piece reads before the others start: the header (`$ORIGIN`,
/// `$TTL`, the SOA) the other pieces take their state from.
const HEADER: usize = 64 << 10;

/// How far past its share a cut may move to find a line that starts with an owner name.
const SEARCH: usize = 1 << 20;

/// Where to cut `src` into `pieces` parts of about equal size: each cut at the start of a line
/// that begins with an owner name, after the header.
pub fn split_points(src: &[u8], pieces: usize) -> Vec<usize> {
    let mut points: Vec<usize> = Vec::new();
    for i in 1..pieces {
        let share = (src.len() as u128 * i as u128 / pieces as u128) as usize;
        if let Some(point) = owner_line_from(src, share.max(HEADER))
            && points.last().is_none_or(|&last| point > last)
        {
            points.push(point);
        }
    }
    points
}

/// The first line after byte `from` that starts with what can only be an owner name (not a
/// blank, a comment, a directive, a parenthesis or a quoted string).
fn owner_line_from(src: &[u8], from: usize) -> Option<usize> {
    let end = from.saturating_add(SEARCH).min(src.len());
    let mut at = from;
    while at < end {
        let line = at + memchr::memchr(b'\n', &src[at..end])? + 1;
        if src.get(line).is_some_and(|b| {
            !matches!(
                b,
                b' ' | b'\t' | b'\r' | b'\n' | b';' | b'$' | b'(' | b')' | b'"'
            )
        }) {
            return Some(line);
        }
        at = line;
    }
    None
}

/// `src` parsed as [`super::parse`] parses it, up to its first `$INCLUDE` (None when it has
/// one, as the loader must then read the included file), with the part after each of `points`
/// (increasing line starts) parsed on a thread of its own. `beside` runs on a thread of its
/// own while the pieces are put together, when the file was parsed in pieces (its result,
/// else None): one thread copies the pieces' records into one list then, and the other cores
/// would wait.
pub fn parse_alone_beside<T: Send>(
    file: FileId,
    src: &[u8],
    state: ParseState,
    options: &ParseOptions,
    points: &[usize],
    beside: impl FnOnce() -> T + Send,
) -> (Option<ParsedFile>, Option<T>) {
    // Counted once: the first piece's parser reserves room for the whole file's records
    // (the others' are joined into it), and the count decides below whether to cut at all.
    let newlines = super::newlines(src);
    let mut first = FileParser::with_newlines(file, src, newlines, state, options);
    let header_end = points
        .first()
        .map_or(usize::MAX, |&point| point.min(HEADER));
    match first.run_until(header_end) {
        Paused::Include(_) => return (None, None),
        Paused::Full | Paused::End => return (Some(first.finish()), None),
        Paused::Limit => {}
    }
    // A file that may hold as many records as the zone may still take is read in one go:
    // pieces would each read up to the limit, all at once, and throw the excess away.
    if newlines + 1 >= options.records_left.get() {
        return (finish(first, Paused::Limit), None);
    }
    let read_up_to = first
        .pending
        .map_or(src.len(), |entry| entry.start as usize);
    let header = first.parser.state.clone();
    let mut pieces: Vec<PieceStart> = points
        .iter()
        .filter(|&&point| point >= read_up_to && point < src.len())
        .filter_map(|&start| {
            let guess = guess_state(src, read_up_to, start, &header)?;
            Some(PieceStart {
                start,
                end: usize::MAX,
                guess,
            })
        })
        .collect();
    for i in 1..pieces.len() {
        pieces[i - 1].end = pieces[i].start;
    }
    let Some(first_piece) = pieces.first() else {
        return (finish(first, Paused::Limit), None);
    };
    let budget = Budget {
        records_left: options.records_left.get(),
        zone_records: options.zone_records,
        generate_limit: options.generate_limit,
    };
    std::thread::scope(|scope| {
        let handles: Vec<_> = pieces
            .iter()
            .map(|piece| {
                std::thread::Builder::new()
                    .stack_size(crate::parallel::STACK_SIZE)
                    .spawn_scoped(scope, move || parse_piece(file, src, piece, budget))
                    .ok()
            })
            .collect();
        let mut paused = first.run_until(first_piece.start);
        let results: Vec<Option<PieceResult>> = handles
            .into_iter()
            .map(|handle| {
                handle.map(|handle| match handle.join() {
                    Ok(result) => result,
                    Err(panic) => std::panic::resume_unwind(panic),
                })
            })
            .collect();
        let beside = std::thread::Builder::new()
            .stack_size(crate::parallel::STACK_SIZE)
            .spawn_scoped(scope, beside);
        for (piece, result) in pieces.iter().zip(results) {
            if !matches!(paused, Paused::Limit) {
                break;
            }
            paused = match result {
                Some(result) if first.can_join(piece, &result) => first.join(result),
                _ => first.run_until(piece.end),
            };
        }
        let parsed = finish(first, paused);
        let beside = match beside {
            Ok(handle) => match handle.join() {
                Ok(result) => Some(result),
                Err(panic) => std::panic::resume_unwind(panic),
            },
            Err(_) => None,
        };
        (parsed, beside)
    })
}

fn finish(mut parser: FileParser<'_>, mut paused: Paused) -> Option<ParsedFile> {
    if matches!(paused, Paused::Limit) {
        paused = parser.run_until(usize::MAX);
    }
    match paused {
        Paused::Include(_) => None,
        _ => Some(parser.finish()),
    }
}

/// The state at `start` as the `$ORIGIN` and `$TTL` lines between `from` and `start` set it
/// from `header`; None unless both an origin and a default TTL are known (without either,
/// once-per-file findings and the previous record's TTL would come into play).
fn guess_state(src: &[u8], from: usize, start: usize, header: &ParseState) -> Option<ParseState> {
    let mut state = ParseState {
        owner: None,
        last_ttl: None,
        ..header.clone()
    };
    let (mut origin, mut ttl): (Option<&[u8]>, Option<&[u8]>) = (None, None);
    for at in memchr::memrchr_iter(b'$', &src[from..start]) {
        let at = from + at;
        if at > 0 && src[at - 1] != b'\n' {
            continue;
        }
        let line_end = memchr::memchr(b'\n', &src[at..start]).map_or(start, |n| at + n);
        let line = &src[at..line_end];
        let line = &line[..memchr::memchr(b';', line).unwrap_or(line.len())];
        let mut words = line
            .split(|b| matches!(b, b' ' | b'\t' | b'\r'))
            .filter(|word| !word.is_empty());
        let (Some(keyword), argument) = (words.next(), words.next()) else {
            continue;
        };
        if origin.is_none() && keyword.eq_ignore_ascii_case(b"$ORIGIN") {
            origin = Some(argument?);
        } else if ttl.is_none() && keyword.eq_ignore_ascii_case(b"$TTL") {
            ttl = Some(argument?);
        }
        if origin.is_some() && ttl.is_some() {
            break;
        }
    }
    if let Some(text) = origin {
        // Only an absolute name written plainly: a relative one needs the origin before it.
        if text.iter().any(|b| matches!(b, b'"' | b'(' | b')')) {
            return None;
        }
        let piece = Piece {
            text,
            span: (0, 0),
            quoted: false,
        };
        let (name, _) = rdata::parse_name(piece, None).ok()?;
        state.origin = Some(name);
        state.origin_guessed = false;
    }
    if let Some(text) = ttl {
        state.default_ttl = Some(parse_ttl(text)?);
    }
    (state.origin.is_some() && state.default_ttl.is_some()).then_some(state)
}

/// Where a piece starts, where the next one does, and the state it guesses.
struct PieceStart {
    start: usize,
    end: usize,
    guess: ParseState,
}

/// What a piece's thread needs of the parse options (which hold counters a thread cannot
/// share).
#[derive(Clone, Copy)]
struct Budget {
    records_left: usize,
    zone_records: usize,
    generate_limit: usize,
}

/// A piece parsed with its guessed state.
struct PieceResult {
    /// The entry the piece starts with as its own lexer read it, where the lexer stood after
    /// it, and whether the lexer found no problem up to there.
    first: Option<(Entry, usize, usize)>,
    first_clean: bool,
    /// Nothing in the piece drew on what came before it.
    independent: bool,
    paused: Paused,
    records: Vec<Record>,
    diagnostics: Vec<Diagnostic>,
    cloudflare_proxied: Vec<crate::model::ProxiedRecord>,
    state: ParseState,
    owner_failed: bool,
    owner_absolute: bool,
    owner_in_last_record: bool,
    lexer_at: usize,
    pending: Option<Entry>,
    tokens: Vec<Token>,
    problems: Vec<LexProblem>,
}

fn parse_piece(file: FileId, src: &[u8], piece: &PieceStart, budget: Budget) -> PieceResult {
    let options = ParseOptions {
        generate_limit: budget.generate_limit,
        // A `$GENERATE` makes the piece dependent: it need not make anything.
        generated_left: std::cell::Cell::new(0),
        records_left: std::cell::Cell::new(budget.records_left),
        zone_records: budget.zone_records,
        generated_records: 0,
    };
    let mut parser = FileParser::starting_at(
        file,
        src,
        piece.start,
        piece.end,
        None,
        piece.guess.clone(),
        &options,
    );
    // The entry the piece starts with is read first, to compare with where the parse before
    // the piece stopped, and left pending for the parse to go on with.
    let first = parser
        .lexer
        .next_entry(&mut parser.tokens, &mut parser.problems)
        .map(|entry| (entry, parser.lexer.position(), parser.tokens.len()));
    let first_clean = parser.problems.is_empty();
    // The piece guesses no last owner: its first entry must name its own, as a record does
    // (after a directive, an indented line inherits the owner from before the cut).
    let names_owner = first.is_some_and(|(entry, ..)| {
        let token = parser.tokens[0];
        !entry.blank_owner && (token.quoted || src.get(token.start as usize) != Some(&b'$'))
    });
    parser.pending = first.map(|(entry, ..)| entry);
    let paused = parser.run_until(piece.end);
    let inner = &parser.parser;
    let independent = names_owner
        && matches!(paused, Paused::Limit | Paused::End)
        && !inner.generated
        && inner.extensions.is_empty()
        && inner.includes.is_empty()
        && !inner.records.is_empty()
        && !parser.lexer.recovered();
    PieceResult {
        first,
        first_clean,
        independent,
        paused,
        lexer_at: parser.lexer.position(),
        pending: parser.pending,
        tokens: parser.tokens,
        problems: parser.problems,
        records: parser.parser.records,
        diagnostics: parser.parser.diagnostics,
        cloudflare_proxied: parser.parser.cloudflare_proxied,
        state: parser.parser.state,
        owner_failed: parser.parser.owner_failed,
        owner_absolute: parser.parser.owner_absolute,
        owner_in_last_record: parser.parser.owner_in_last_record,
    }
}

impl FileParser<'_> {
    /// Can `result` stand for parsing on from here over `piece`?
    fn can_join(&self, piece: &PieceStart, result: &PieceResult) -> bool {
        let (Some(entry), Some((first, after, tokens))) = (self.pending, result.first) else {
            return false;
        };
        // The same entry, read from the same lexer state: clean on both sides, it ends at the
        // same place only if no parenthesis was open here.
        let same_entry = entry.start as usize == piece.start
            && first.start == entry.start
            && first.end == entry.end
            && first.blank_owner == entry.blank_owner
            && tokens == self.tokens.len()
            && after == self.lexer.position()
            && self.problems.is_empty()
            && result.first_clean;
        let state = &self.parser.state;
        let guessed = &piece.guess;
        let same_state = state.origin == guessed.origin
            && state.origin_guessed == guessed.origin_guessed
            && state.default_ttl == guessed.default_ttl
            && state.class == guessed.class;
        same_entry
            && same_state
            && result.independent
            && !self.parser.records.is_empty()
            && self.parser.options.records_left.get() > result.records.len()
    }

    /// Take `result` as the parse of its piece; where it paused.
    fn join(&mut self, mut result: PieceResult) -> Paused {
        #[cfg(test)]
        tests::JOINED.set(tests::JOINED.get() + 1);
        let left = self.parser.options.records_left.get();
        self.parser
            .options
            .records_left
            .set(left - result.records.len());
        self.parser.records.append(&mut result.records);
        self.parser.diagnostics.append(&mut result.diagnostics);
        self.parser
            .cloudflare_proxied
            .append(&mut result.cloudflare_proxied);
        self.parser.state = result.state;
        self.parser.owner_failed = result.owner_failed;
        self.parser.owner_absolute = result.owner_absolute;
        // The piece's records now end this parser's records: its last owner is still theirs.
        self.parser.owner_in_last_record = result.owner_in_last_record;
        // The lexer goes on where the piece's stopped, with this file's re-reads left.
        self.lexer.move_to(result.lexer_at);
        self.pending = result.pending;
        self.tokens = result.tokens;
        self.problems = result.problems;
        result.paused
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::name::Name;

    thread_local! {
        /// Pieces joined by the parse on this thread.
        pub(super) static JOINED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    /// The parse in one go: records, findings and the state at the end, or None at an include.
    fn whole(src: &[u8], state: &ParseState, options: &ParseOptions) -> Option<ParsedFile> {
        let mut parser = FileParser::new(FileId(0), src, state.clone(), options);
        match parser.run_until(usize::MAX) {
            Paused::Include(_) => None,
            _ => Some(parser.finish()),
        }
    }

    /// Small `$GENERATE` budgets: the hostile fixtures' ranges would make millions of records
    /// for each of the hundred parses of the file.
    fn options(zone_records: usize) -> ParseOptions {
        ParseOptions {
            generate_limit: 1000,
            generated_left: std::cell::Cell::new(3000),
            records_left: std::cell::Cell::new(zone_records),
            zone_records,
            generated_records: 3000,
        }
    }

    /// Parse `src` whole and in pieces cut at `points`: the same result. Returns how many
    /// pieces were joined, not read again.
    fn assert_same(src: &[u8], state: &ParseState, zone_records: usize, points: &[usize]) -> usize {
        let one = options(zone_records);
        let expected = whole(src, state, &one);
        let split = options(zone_records);
        JOINED.set(0);
        let (pieces, beside) =
            parse_alone_beside(FileId(0), src, state.clone(), &split, points, || 7);
        let what = || format!("cut at {points:?}:\n{}", String::from_utf8_lossy(src));
        // Work handed in runs whenever pieces were parsed, so whenever one was joined.
        assert!(JOINED.get() == 0 || beside == Some(7), "{}", what());
        match (expected, pieces) {
            (None, None) => {}
            (Some(expected), Some(pieces)) => {
                assert_eq!(expected.records, pieces.records, "{}", what());
                assert_eq!(
                    findings(&expected.diagnostics),
                    findings(&pieces.diagnostics),
                    "{}",
                    what()
                );
                assert_eq!(
                    expected.declared_origin,
                    pieces.declared_origin,
                    "{}",
                    what()
                );
                assert_eq!(expected.class, pieces.class, "{}", what());
                assert_eq!(
                    expected.cloudflare_proxied,
                    pieces.cloudflare_proxied,
                    "{}",
                    what()
                );
                assert_eq!(expected.end_state, pieces.end_state, "{}", what());
                assert_eq!(
                    one.records_left.get(),
                    split.records_left.get(),
                    "{}",
                    what()
                );
            }
            (expected, pieces) => panic!(
                "one parse {} an include, the pieces {}: {}",
                if expected.is_none() {
                    "met"
                } else {
                    "did not meet"
                },
                if pieces.is_none() { "did" } else { "did not" },
                what()
            ),
        }
        JOINED.get()
    }

    fn findings(diagnostics: &[Diagnostic]) -> Vec<String> {
        diagnostics
            .iter()
            .map(|d| {
                let labels: Vec<_> = d.labels.iter().map(|l| (l.span, &l.message)).collect();
                format!(
                    "{} {:?} {:?} {} {:?} {:?}",
                    d.rule.code, d.severity, d.span, d.message, labels, d.help
                )
            })
            .collect()
    }

    fn line_starts(src: &[u8]) -> Vec<usize> {
        memchr::memchr_iter(b'\n', src).map(|at| at + 1).collect()
    }

    fn start(origin: Option<&str>) -> ParseState {
        ParseState {
            origin: origin.map(|o| Name::from_ascii(o).unwrap()),
            ..ParseState::default()
        }
    }

    /// Cut at every line (at 100 lines spread over a longer file), one cut at a time, then at
    /// up to 16 of them at once.
    fn every_cut(src: &[u8], state: &ParseState, zone_records: usize) -> usize {
        let lines = line_starts(src);
        let spread = |count: usize| -> Vec<usize> {
            let step = lines.len().div_ceil(count).max(1);
            lines.iter().copied().step_by(step).collect()
        };
        let mut joined = 0;
        for point in spread(100) {
            joined += assert_same(src, state, zone_records, &[point]);
        }
        joined + assert_same(src, state, zone_records, &spread(16))
    }

    /// The parses these tests compare cut where production never does (the first piece reads
    /// 64 KiB alone): every line is a cut, so every state a piece can start in is met.
    #[test]
    fn pieces_join_to_the_parse_in_one_go() {
        let zone = "$ORIGIN example.com.\n$TTL 300\n@ IN SOA ns h ( 1 2 3 4\n 5 )\n@ NS ns\nns A 192.0.2.1\n\tAAAA 2001:db8::1\n$ORIGIN sub.example.com.\nwww A 192.0.2.2\nmail MX 10 www\n; a comment\n\nx TXT \"a\" (\n\"b\" )\n$TTL 1h\ny 60 A 192.0.2.3\nz CNAME www\n";
        let joined = every_cut(zone.as_bytes(), &start(None), 1000);
        assert!(joined > 5, "the cuts at owner lines join ({joined})");
    }

    #[test]
    fn pieces_that_depend_on_what_came_before_are_read_again() {
        let cases: &[(&str, Option<&str>, usize)] = &[
            // A piece that starts with a directive has no last owner for an indented line.
            (
                "$TTL 1\n$ORIGIN example.\na A 192.0.2.1\n$TTL 2\n A 192.0.2.2\nb A 192.0.2.3\n",
                None,
                1000,
            ),
            (
                "$TTL 1\n$ORIGIN example.\na A 192.0.2.1\n$ORIGIN sub.example.\n A 192.0.2.2\nb A 192.0.2.3\n",
                None,
                1000,
            ),
            // The class is set by the first record that names one.
            (
                "$TTL 1\na A 192.0.2.1\nb CH TXT x\nc TXT y\nd IN TXT z\n",
                Some("example."),
                1000,
            ),
            // No $TTL: the previous record's TTL, then a finding once per file.
            (
                "a 5 A 192.0.2.1\nb A 192.0.2.2\nc A 192.0.2.3\n",
                Some("example."),
                1000,
            ),
            ("a A 192.0.2.1\nb A 192.0.2.2\n", Some("example."), 1000),
            // No origin: one finding per file.
            (
                "$TTL 1\na A 192.0.2.1\nb.example. A 192.0.2.2\nc A 192.0.2.3\n",
                None,
                1000,
            ),
            // A relative $ORIGIN, and one that does not parse.
            (
                "$TTL 1\n$ORIGIN example.\na A 192.0.2.1\n$ORIGIN sub\nb A 192.0.2.2\n$ORIGIN a..b.\nc A 192.0.2.3\n",
                None,
                1000,
            ),
            // Lines at the start of a line within parentheses.
            (
                "$TTL 1\n$ORIGIN example.\na TXT (\nb\nc )\nd A 192.0.2.1\ne TXT (\nf )\ng A 192.0.2.2\n",
                None,
                1000,
            ),
            // An unclosed parenthesis: the lexer reads on from the next line.
            (
                "$TTL 1\n$ORIGIN example.\na TXT ( x\nb A 192.0.2.1\nc A 192.0.2.2\nd TXT ( y\ne A 192.0.2.3\n",
                None,
                1000,
            ),
            // A `(` alone on a line: the next line starts within parentheses, and the entry
            // read from there ends where the one read from the cut does (after the `)`).
            (
                "$TTL 1\n$ORIGIN example.\na A 192.0.2.1\n(\nb A 192.0.2.2\n )\nc A 192.0.2.3\n",
                None,
                1000,
            ),
            (
                "$TTL 1\n$ORIGIN example.\na A 192.0.2.1\n(\nb A 192.0.2.2 )\nc A 192.0.2.3\n",
                None,
                1000,
            ),
            // A stray `)`, a NUL byte, an unterminated string.
            (
                "$TTL 1\n$ORIGIN example.\na A 192.0.2.1\n)\nb A 192.0.2.2\n\0\nc TXT \"x\nd A 192.0.2.3\n",
                None,
                1000,
            ),
            // Server extensions are one finding per file.
            (
                "$TTL 1\n$ORIGIN example.\na ALIAS x\nb A 192.0.2.1\nc ALIAS y\nd A 192.0.2.2\ne ALIAS z\n",
                None,
                1000,
            ),
            // $GENERATE, and the zone-records limit.
            (
                "$TTL 1\n$ORIGIN example.\na A 192.0.2.1\n$GENERATE 1-3 h$ A 192.0.2.$\nb A 192.0.2.2\nc A 192.0.2.3\n",
                None,
                1000,
            ),
            (
                "$TTL 1\n$ORIGIN example.\na A 192.0.2.1\nb A 192.0.2.2\nc A 192.0.2.3\nd A 192.0.2.4\n; end\n",
                None,
                3,
            ),
            (
                "$TTL 1\n$ORIGIN example.\na A 192.0.2.1\nb A 192.0.2.2\nc A 192.0.2.3\n",
                None,
                3,
            ),
            // An include stops the parse in either way.
            (
                "$TTL 1\n$ORIGIN example.\na A 192.0.2.1\nb A 192.0.2.2\n$INCLUDE other\nc A 192.0.2.3\n",
                None,
                1000,
            ),
            // The SOA's owner replaces an origin guessed from the file name.
            (
                "$TTL 1\nexample.net. SOA ns h 1 2 3 4 5\na A 192.0.2.1\nb A 192.0.2.2\n",
                Some("example.com."),
                1000,
            ),
            // A byte-order mark, a file without a final newline, bytes that are not UTF-8.
            (
                "\u{feff}$TTL 1\n$ORIGIN example.\na A 192.0.2.1\nb A 192.0.2.2",
                None,
                1000,
            ),
        ];
        for &(zone, origin, limit) in cases {
            let mut state = start(origin);
            state.origin_guessed = origin.is_some();
            every_cut(zone.as_bytes(), &state, limit);
        }
        // The lexer re-reads the file after at most 16 unclosed parentheses; after that the
        // parse ends. A piece must not get 16 of its own.
        let mut zone = String::from("$TTL 1\n$ORIGIN example.\n");
        for i in 0..16 {
            zone.push_str(&format!(
                "u{i} TXT ( x\nr{i} A 192.0.2.1\ns{i} A 192.0.2.2\n"
            ));
        }
        let joins = zone.len();
        zone.push_str("t A 192.0.2.3\n");
        let does_not = zone.len();
        zone.push_str("v ALIAS x\nw TXT ( x\ny A 192.0.2.5\nz A 192.0.2.6\n");
        every_cut(zone.as_bytes(), &start(None), 1000);
        // A piece joined, the next not (a server extension is one finding per file): the
        // parse goes on over it with the re-reads it has left, none.
        let zone = zone.as_bytes();
        assert_eq!(assert_same(zone, &start(None), 1000, &[joins, does_not]), 1);
        let mut latin1 = b"$TTL 1\n$ORIGIN example.\na TXT caf\xe9\nb A 192.0.2.1\n".to_vec();
        every_cut(&latin1, &start(None), 1000);
        latin1.extend_from_slice(b"c TXT \xff\n");
        every_cut(&latin1, &start(None), 1000);
    }

    /// Every BIND file of the fixtures, cut at every line.
    #[test]
    fn fixture_zones_parse_alike_in_pieces() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut files = Vec::new();
        let mut dirs = vec![root];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_none_or(|e| {
                    e != "yaml"
                        && e != "yml"
                        && e != "toml"
                        && e != "md"
                        && e != "json"
                        && e != "snap"
                }) {
                    files.push(path);
                }
            }
        }
        files.sort();
        let (mut joined, mut cut) = (0, 0);
        for path in &files {
            let src = std::fs::read(path).unwrap();
            if src.len() > 200_000 {
                continue;
            }
            let origin = crate::discover::origin_from_file_name(path)
                .and_then(|o| Name::from_ascii(&o).ok());
            let state = ParseState {
                origin_guessed: origin.is_some(),
                origin,
                ..ParseState::default()
            };
            joined += every_cut(&src, &state, 1_000_000);
            cut += 1;
        }
        assert!(cut > 300, "{cut} files");
        assert!(joined > 1000, "{joined} pieces joined");
    }

    /// Zones made of lines drawn from a pool of hard cases, cut at every line that is not
    /// blank, one at a time and several at once.
    #[test]
    fn random_zones_parse_alike_in_pieces() {
        let pool: &[&str] = &[
            "$TTL 1",
            "$TTL 2",
            "$TTL 1 ; c",
            "$ORIGIN example.",
            "$ORIGIN sub.example.",
            "$ORIGIN rel",
            "$GENERATE 1-2 g$ A 192.0.2.$",
            "$INCLUDE x",
            "a A 192.0.2.1",
            " A 192.0.2.2",
            " TXT y",
            "b CH TXT x",
            "i IN A 192.0.2.5",
            "f 5 A 192.0.2.9",
            "x.example. 7 IN A 192.0.2.4",
            "@ SOA ns h 1 2 3 4 5",
            "example.net. SOA ns h 1 2 3 4 5",
            " SOA ns h 1 2 3 4 5",
            "c TXT (",
            ")",
            "d TXT ( x )",
            "( g A 192.0.2.3 )",
            "k ( A",
            "192.0.2.6 )",
            "h TXT \"open",
            "bad..name A 192.0.2.8",
            "e ALIAS x",
            "m A",
            "l A 192.0.2.7 ; x",
            "j\r",
            "; c",
            "",
        ];
        // A fixed xorshift sequence: the same zones every run.
        let mut seed: u64 = 12345;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut joined = 0;
        for _ in 0..1000 {
            let mut zone = String::new();
            for _ in 0..3 + next(12) {
                zone.push_str(pool[next(pool.len())]);
                zone.push('\n');
            }
            let src = zone.as_bytes();
            let cuts: Vec<usize> = line_starts(src)
                .into_iter()
                .filter(|&at| at < src.len() && src[at] != b'\n')
                .collect();
            let origin = [None, Some("example."), Some("other.")][next(3)];
            let mut state = start(origin);
            state.origin_guessed = origin.is_some() && next(2) == 0;
            let limit = [2, 3, 5, 1000][next(4)];
            for &cut in &cuts {
                joined += assert_same(src, &state, limit, &[cut]);
            }
            let some: Vec<usize> = cuts.iter().copied().filter(|_| next(2) == 0).collect();
            joined += assert_same(src, &state, limit, &some);
        }
        assert!(joined > 50, "{joined} pieces joined");
    }

    #[test]
    fn cuts_fall_on_owner_lines_after_the_header() {
        let mut zone = String::from("$ORIGIN example.\n$TTL 1\n");
        for i in 0..20_000 {
            zone.push_str(&format!("h{i} A 192.0.2.1\n\tAAAA 2001:db8::1\n; note\n"));
        }
        let src = zone.as_bytes();
        let points = split_points(src, 4);
        assert_eq!(points.len(), 3);
        for &point in &points {
            assert!(point > HEADER && src[point - 1] == b'\n' && src[point] == b'h');
        }
        assert_eq!(assert_same(src, &start(None), 1_000_000, &points), 3);
        // Too small to cut after the header.
        assert!(split_points(&src[..HEADER], 2).is_empty());
    }
}
