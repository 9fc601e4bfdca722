//! Inline suppressions, the same grammar in both comment syntaxes (`;` in zone files, `#` in
//! YAML):
//!
//! - `zonelint: ignore[MX001, mx-target-cname]` at the end of a record's line, or on its own line
//!   directly above it, covers that record's whole entry;
//! - `zonelint: disable[MX001]` ... `zonelint: enable[MX001]` covers the lines between;
//! - `zonelint: ignore-file[MX001]` covers the whole file.
//!
//! Codes or names are required. A suppression that silences nothing, names an unknown rule or a
//! syntax rule (input problems cannot be silenced), or cannot be read is itself reported.

use std::ops::Range;

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Zone;
use crate::rules::{Rule, find};
use crate::source::{FileId, SourceMap, Span};

pub static UNUSED_SUPPRESSION: Rule = Rule {
    code: "ZL001",
    name: "unused-suppression",
    severity: Severity::Warning,
    summary: "A zonelint suppression comment silences nothing",
    doc: include_str!("../rules/docs/ZL001.md"),
    check: None,
};

pub static INVALID_SUPPRESSION: Rule = Rule {
    code: "ZL002",
    name: "invalid-suppression",
    severity: Severity::Warning,
    summary: "A zonelint suppression comment cannot be read, or names an unknown or syntax rule",
    doc: include_str!("../rules/docs/ZL002.md"),
    check: None,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// The next record (or the record on this line).
    Next,
    Disable,
    Enable,
    File,
}

/// One rule named in one suppression comment.
struct Suppression {
    rule: &'static Rule,
    /// The rule's code or name as written, for the unused report.
    span: Span,
    /// Byte ranges of the file it covers.
    covers: Range<u32>,
    used: bool,
}

/// Drop the diagnostics that suppressions cover; add findings about the suppressions. A
/// suppression of a rule that is not enabled is not reported as unused.
pub fn apply(
    sources: &SourceMap,
    zones: &[Zone],
    diagnostics: Vec<Diagnostic>,
    enabled: impl Fn(&Rule, FileId) -> bool,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut suppressions = Vec::new();
    // Made on the first `ignore` of the run, in one pass over the records: most runs have none.
    let entries = std::cell::OnceCell::new();
    for (file, source) in sources.iter() {
        let marker = if is_yaml(&source.display_path) {
            b'#'
        } else {
            b';'
        };
        if !source.text.contains("zonelint:") {
            continue;
        }
        suppressions.extend(read_file(
            file,
            &source.text,
            marker,
            || entries.get_or_init(|| entries_by_file(zones)),
            &mut problems,
        ));
    }
    if suppressions.is_empty() && problems.is_empty() {
        return diagnostics;
    }
    let covering = covering_suppressions(&suppressions, &diagnostics);
    let mut kept = Vec::with_capacity(diagnostics.len());
    for (d, covering) in diagnostics.into_iter().zip(covering) {
        match covering {
            Some(i) => suppressions[i].used = true,
            None => kept.push(d),
        }
    }
    for s in suppressions
        .iter()
        .filter(|s| !s.used && enabled(s.rule, s.span.file))
    {
        kept.push(
            Diagnostic::new(
                &UNUSED_SUPPRESSION,
                s.span,
                format!(
                    "`{}` is suppressed here, but nothing is reported",
                    s.rule.code
                ),
            )
            .with_help("remove the suppression, or move it to the record it was meant for"),
        );
    }
    kept.extend(problems);
    kept
}

/// For each diagnostic, the first suppression of its rule in its file whose range holds the
/// diagnostic's start, if any: first in the order `read_file` gives them (a `disable` where
/// its `enable` is), so that of two suppressions covering one finding the same one is used
/// in every run.
///
/// A sweep per file and rule, not a scan of the file's suppressions per diagnostic: a file
/// from a stranger's pull request may hold a hundred thousand suppressions over as many
/// findings. Diagnostics are visited by position; the suppressions that start at or before the
/// position wait in a heap by reading order, and one that ends at or before it is dropped for
/// good (later positions lie further on), so the heap's first live entry is the answer.
fn covering_suppressions(
    suppressions: &[Suppression],
    diagnostics: &[Diagnostic],
) -> Vec<Option<usize>> {
    type Key = (FileId, *const Rule);
    let key = |file: FileId, rule: &'static Rule| -> Key { (file, std::ptr::from_ref(rule)) };
    let mut groups: rustc_hash::FxHashMap<Key, (Vec<usize>, Vec<usize>)> = Default::default();
    for (i, s) in suppressions.iter().enumerate() {
        groups
            .entry(key(s.span.file, s.rule))
            .or_default()
            .0
            .push(i);
    }
    let mut covering = vec![None; diagnostics.len()];
    for (i, d) in diagnostics.iter().enumerate() {
        if let Some((_, in_group)) = groups.get_mut(&key(d.span.file, d.rule)) {
            in_group.push(i);
        }
    }
    for (mut by_start, mut by_position) in groups.into_values() {
        by_start.sort_by_key(|&i| (suppressions[i].covers.start, i));
        by_position.sort_by_key(|&i| diagnostics[i].span.start);
        let mut waiting = by_start.into_iter().peekable();
        let mut open = std::collections::BinaryHeap::new();
        for d in by_position {
            let at = diagnostics[d].span.start;
            while let Some(s) = waiting.next_if(|&s| suppressions[s].covers.start <= at) {
                open.push(std::cmp::Reverse(s));
            }
            while let Some(&std::cmp::Reverse(s)) = open.peek() {
                if suppressions[s].covers.end > at {
                    covering[d] = Some(s);
                    break;
                }
                open.pop();
            }
        }
    }
    covering
}

fn is_yaml(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".yaml") || lower.ends_with(".yml")
}

/// Where each comment starts: the first `marker` outside quotes on each line.
fn comments(text: &str, marker: u8) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) => {
                if b == b'\\' && q == b'"' {
                    i += 1;
                } else if b == q || b == b'\n' {
                    quote = None;
                }
            }
            None if b == b'"' || (marker == b'#' && b == b'\'') => quote = Some(b),
            None if b == b'\\' && marker == b';' => i += 1,
            None if b == marker
                && (marker == b';' || i == 0 || bytes[i - 1].is_ascii_whitespace()) =>
            {
                let end = text[i..].find('\n').map_or(text.len(), |n| i + n);
                out.push((i, end));
                i = end;
                continue;
            }
            None => {}
        }
        i += 1;
    }
    out
}

/// Where a directive starts in `comment` (which starts with its marker): `zonelint:` first in
/// the comment, or first after another marker in it (`; old relay ; zonelint: ignore[MX001]`).
/// The word in the middle of prose (`; last linted with zonelint: no findings`) is not one.
fn directive_at(comment: &str, marker: u8) -> Option<usize> {
    comment
        .match_indices("zonelint:")
        .map(|(at, _)| at)
        .find(|&at| {
            comment[..at]
                .trim_end_matches(|c: char| c.is_ascii_whitespace())
                .as_bytes()
                .last()
                .is_some_and(|&b| b == marker)
        })
}

fn read_file<'e>(
    file: FileId,
    text: &str,
    marker: u8,
    entries: impl Fn() -> &'e EntriesByFile,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Suppression> {
    let mut out = Vec::new();
    let mut open: Vec<(usize, &'static Rule, Span)> = Vec::new();
    // Made on the first `ignore` of the file: the lines an `ignore` above may cover, found
    // once, not by reading on from each of a run of comments.
    let mut content_lines: Option<Vec<u32>> = None;
    for (start, end) in comments(text, marker) {
        let comment = &text[start..end];
        let Some(at) = directive_at(comment, marker) else {
            continue;
        };
        let directive_start = start + at;
        let rest = &comment[at + "zonelint:".len()..];
        let trimmed = rest.trim_start();
        let offset = directive_start + "zonelint:".len() + (rest.len() - trimmed.len());
        let span_all = Span::new(file, directive_start, end);
        let (scope, after) = match ["ignore-file", "ignore", "disable", "enable"]
            .iter()
            .find(|k| trimmed.starts_with(*k))
        {
            Some(&"ignore-file") => (Scope::File, "ignore-file".len()),
            Some(&"ignore") => (Scope::Next, "ignore".len()),
            Some(&"disable") => (Scope::Disable, "disable".len()),
            Some(_) => (Scope::Enable, "enable".len()),
            None => {
                problems.push(
                    Diagnostic::new(&INVALID_SUPPRESSION, span_all, "unknown zonelint directive")
                        .with_help("write `zonelint: ignore[CODE]`, `disable[CODE]`, `enable[CODE]` or `ignore-file[CODE]`"),
                );
                continue;
            }
        };
        let bracketed = &trimmed[after..];
        let list = bracketed
            .strip_prefix('[')
            .and_then(|inner| inner.find(']').map(|close| &inner[..close]));
        let Some(list) = list else {
            problems.push(
                Diagnostic::new(
                    &INVALID_SUPPRESSION,
                    span_all,
                    "a suppression needs rule codes or names in brackets",
                )
                .with_help("for example `zonelint: ignore[MX004]`"),
            );
            continue;
        };
        let inner_start = offset + after + 1;
        let mut position = inner_start;
        for item in list.split(',') {
            let item_start = position + (item.len() - item.trim_start().len());
            position += item.len() + 1;
            let key = item.trim();
            let span = Span::new(file, item_start, item_start + key.len());
            let Some(rule) = find(key) else {
                problems.push(Diagnostic::new(
                    &INVALID_SUPPRESSION,
                    span,
                    format!("unknown rule `{key}`"),
                ));
                continue;
            };
            if rule.is_input_problem() {
                problems.push(Diagnostic::new(
                    &INVALID_SUPPRESSION,
                    span,
                    format!(
                        "{} reports input zonelint cannot read; it cannot be suppressed",
                        rule.code
                    ),
                ));
                continue;
            }
            match scope {
                Scope::File => out.push(Suppression {
                    rule,
                    span,
                    covers: 0..text.len() as u32 + 1,
                    used: false,
                }),
                Scope::Next => {
                    let entries = entries().get(&file).map_or(&[][..], Vec::as_slice);
                    let content_lines =
                        content_lines.get_or_insert_with(|| lines_with_content(text));
                    let covers = next_entry(text, start, entries, content_lines);
                    out.push(Suppression {
                        rule,
                        span,
                        covers,
                        used: false,
                    });
                }
                Scope::Disable => open.push((end, rule, span)),
                Scope::Enable => match open.iter().rposition(|(_, r, _)| std::ptr::eq(*r, rule)) {
                    Some(i) => {
                        let (from, rule, span) = open.remove(i);
                        out.push(Suppression {
                            rule,
                            span,
                            covers: from as u32..start as u32,
                            used: false,
                        });
                    }
                    None => problems.push(Diagnostic::new(
                        &INVALID_SUPPRESSION,
                        span,
                        format!("`enable[{key}]` without a `disable[{key}]` before it"),
                    )),
                },
            }
        }
    }
    // A `disable` without `enable` runs to the end of the file.
    for (from, rule, span) in open {
        out.push(Suppression {
            rule,
            span,
            covers: from as u32..text.len() as u32 + 1,
            used: false,
        });
    }
    out
}

/// The byte range an `ignore` at `comment_start` covers: the record on the comment's line if
/// the comment trails one, else the next line with content; a whole entry when a record starts
/// on that line (its parentheses may span several lines).
fn next_entry(
    text: &str,
    comment_start: usize,
    entries: &[(u32, u32)],
    content_lines: &[u32],
) -> Range<u32> {
    let line_start = text[..comment_start].rfind('\n').map_or(0, |n| n + 1);
    let trailing = !text[line_start..comment_start].trim().is_empty();
    let target = if trailing {
        line_start
    } else {
        // The next line that is neither blank nor only a comment.
        let after = text[comment_start..]
            .find('\n')
            .map_or(text.len(), |n| comment_start + n + 1);
        let next = content_lines.partition_point(|&start| (start as usize) < after);
        content_lines
            .get(next)
            .map_or(text.len(), |&start| start as usize)
    };
    let target_end = text[target..].find('\n').map_or(text.len(), |n| target + n);
    let mut covers = target as u32..target_end as u32 + 1;
    let first = entries.partition_point(|&(start, _)| (start as usize) < target);
    for &(start, end) in entries[first..]
        .iter()
        .take_while(|&&(start, _)| start as usize <= target_end)
    {
        covers.start = covers.start.min(start);
        covers.end = covers.end.max(end + 1);
    }
    covers
}

/// Where each line that is neither blank nor only a comment starts.
fn lines_with_content(text: &str) -> Vec<u32> {
    let mut starts = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_start();
        if !content.is_empty() && !content.starts_with(';') && !content.starts_with('#') {
            starts.push(at as u32);
        }
        at += line.len();
    }
    starts
}

/// The entry spans of the records read from each file, sorted by start.
type EntriesByFile = rustc_hash::FxHashMap<FileId, Vec<(u32, u32)>>;

fn entries_by_file(zones: &[Zone]) -> EntriesByFile {
    let mut by_file = EntriesByFile::default();
    for record in zones.iter().flat_map(|z| &z.records) {
        by_file
            .entry(record.file)
            .or_default()
            .push(record.spans.entry());
    }
    for entries in by_file.values_mut() {
        entries.sort_unstable();
    }
    by_file
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_start_a_comment_or_follow_a_marker() {
        for (comment, marker, found) in [
            ("; zonelint: ignore[MX001]", b';', Some(2)),
            (";zonelint: ignore[MX001]", b';', Some(1)),
            ("; old relay ; zonelint: ignore[MX001]", b';', Some(14)),
            ("# zonelint: disable[MX001]", b'#', Some(2)),
            ("; last linted with zonelint: no findings", b';', None),
            ("# run zonelint: see the wiki", b'#', None),
        ] {
            assert_eq!(directive_at(comment, marker), found, "{comment}");
        }
    }

    #[test]
    fn comments_skip_quotes_and_escapes() {
        let text = "a TXT \"x;y\" b\\;c ; real\nb TXT \"unterminated\nc A 1 ;c2\n";
        let found: Vec<&str> = comments(text, b';')
            .iter()
            .map(|&(s, e)| &text[s..e])
            .collect();
        assert_eq!(found, ["; real", ";c2"]);
        let yaml = "a: 'x # y' # real\nb: \"#\"\nc: x#y\n# top\n";
        let found: Vec<&str> = comments(yaml, b'#')
            .iter()
            .map(|&(s, e)| &yaml[s..e])
            .collect();
        assert_eq!(found, ["# real", "# top"]);
    }
}
