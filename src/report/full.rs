//! The human format: miette's graphical rendering with the source excerpt, underlines,
//! secondary labels and help.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::io::{self, Write};

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use super::escape::{guard_lines, is_unsafe, terminal};
use super::{Outcome, positions};
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{FileId, SourceFile};

/// How to draw: colour and Unicode only on a capable terminal; tests use a fixed plain style.
#[derive(Clone, Copy, Debug)]
pub struct FullStyle {
    pub color: bool,
    pub unicode: bool,
    pub width: usize,
    /// Findings drawn with source excerpts; the rest are printed one line each, as `concise`
    /// prints them (`--limit full-findings`).
    pub max_full: usize,
}

impl FullStyle {
    /// Plain and fixed, for snapshots and pipes.
    pub fn plain() -> FullStyle {
        FullStyle {
            color: false,
            unicode: true,
            width: 100,
            max_full: crate::limits::Limits::default().full_findings,
        }
    }
}

/// An excerpt longer than this (the span's lines and one on each side) is not drawn: its
/// place is given as text instead, so one huge line cannot make every finding on it huge.
const MAX_EXCERPT_BYTES: usize = 16 * 1024;

/// A file's text under its display path, as miette wants it.
struct FileSource<'a> {
    name: &'a str,
    /// The text to show: [`excerpt_text`] of the file's text, of the same length.
    text: &'a str,
    /// For its line index.
    file: &'a SourceFile,
}

impl SourceCode for FileSource<'_> {
    /// miette's own `read_span` for a `str` scans the text from its start for every
    /// diagnostic, which made `full` quadratic in the number of findings (20,000 findings in one
    /// file took 25 s). The line index finds the lines around the span; miette reads only those.
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let start = span.offset().min(self.text.len());
        let end = (span.offset() + span.len()).min(self.text.len());
        let first_line = self.file.line_index(start).saturating_sub(before);
        // Two lines more than needed: miette stops by itself after `after` lines.
        let last_line = self.file.line_index(end) + after + 2;
        let window_start = self.file.line_start(first_line + 1);
        let window_end = self.file.line_start(last_line + 1).max(end);
        let window = &self.text[window_start..window_end];
        let local = SourceSpan::new((start - window_start).into(), end - start);
        let inner = window.read_span(&local, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            inner.data(),
            SourceSpan::new(
                (inner.span().offset() + window_start).into(),
                inner.span().len(),
            ),
            inner.line() + first_line,
            inner.column(),
            inner.line_count() + first_line,
        )))
    }
}

struct Shown<'a> {
    diagnostic: &'a Diagnostic,
    /// None when the lines to show are too long (see [`MAX_EXCERPT_BYTES`]).
    source: Option<FileSource<'a>>,
    /// Labels that point into other files, shown as text after the help.
    elsewhere: Option<String>,
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&terminal(&self.diagnostic.message))
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&terminal(&self.diagnostic.message))
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!(
            "{} {}",
            self.diagnostic.rule.code, self.diagnostic.rule.name
        )))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        // `elsewhere` is escaped already, and its line breaks are ours.
        match (&self.diagnostic.help, &self.elsewhere) {
            (None, None) => None,
            (Some(help), None) => Some(Box::new(terminal(help))),
            (None, Some(elsewhere)) => Some(Box::new(elsewhere.as_str())),
            (Some(help), Some(elsewhere)) => {
                Some(Box::new(format!("{}\n{elsewhere}", terminal(help))))
            }
        }
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|source| source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let d = self.diagnostic;
        let primary = LabeledSpan::new_primary_with_span(None, to_miette(d.span.start, d.span.end));
        let secondary = d
            .labels
            .iter()
            .filter(|label| label.span.file == d.span.file)
            .map(|label| {
                LabeledSpan::new_with_span(
                    Some(terminal(&label.message).into_owned()),
                    to_miette(label.span.start, label.span.end),
                )
            });
        Some(Box::new(std::iter::once(primary).chain(secondary)))
    }
}

fn to_miette(start: u32, end: u32) -> SourceSpan {
    SourceSpan::new((start as usize).into(), (end - start) as usize)
}

pub fn render(outcome: &Outcome, style: FullStyle, out: &mut dyn Write) -> io::Result<()> {
    let theme = match (style.color, style.unicode) {
        (true, true) => GraphicalTheme::unicode(),
        (true, false) => GraphicalTheme::ascii(),
        (false, true) => GraphicalTheme::unicode_nocolor(),
        (false, false) => GraphicalTheme::none(),
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
        .with_urls(false)
        // Never split a host name or path across lines: people copy them.
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
        .with_break_words(false);
    // The excerpt shown for each file, with what a terminal would act on blanked out.
    let mut excerpts: HashMap<FileId, (String, Cow<'_, str>)> = HashMap::new();
    for (shown, d) in outcome.diagnostics.iter().enumerate() {
        if shown == style.max_full {
            let rest = outcome.diagnostics.len() - shown;
            writeln!(
                out,
                "{} more finding{} follow one per line (limit `full-findings`; raise it with `--limit full-findings=N`):",
                crate::limits::thousands(rest as u64),
                if rest == 1 { "" } else { "s" }
            )?;
            return super::concise::render_from(outcome, shown, out);
        }
        let file: &SourceFile = outcome.sources.get(d.span.file);
        let (name, text) = excerpts.entry(d.span.file).or_insert_with(|| {
            (
                terminal(&file.display_path).into_owned(),
                excerpt_text(&file.text),
            )
        });
        let elsewhere: Vec<String> = d
            .labels
            .iter()
            .filter(|label| label.span.file != d.span.file)
            .map(|label| {
                let (start, _) = positions(&outcome.sources, label.span);
                let path = &outcome.sources.get(label.span.file).display_path;
                format!(
                    "{}:{}:{}: {}",
                    terminal(path),
                    start.line,
                    start.column,
                    terminal(&label.message)
                )
            })
            .collect();
        // A minified or binary-like line would be printed whole for every finding on it.
        let first = file.line_index(d.span.start as usize).saturating_sub(1);
        let last = file.line_index(d.span.end as usize) + 2;
        let excerpt_bytes = file.line_start(last + 1) - file.line_start(first + 1);
        let mut elsewhere = elsewhere;
        let source = if excerpt_bytes > MAX_EXCERPT_BYTES {
            let (start, _) = positions(&outcome.sources, d.span);
            elsewhere.insert(
                0,
                format!(
                    "at {name}:{}:{} (the lines around it are {} bytes, too long to show)",
                    start.line,
                    start.column,
                    crate::limits::thousands(excerpt_bytes as u64)
                ),
            );
            None
        } else {
            Some(FileSource { name, text, file })
        };
        let shown = Shown {
            diagnostic: d,
            source,
            elsewhere: (!elsewhere.is_empty()).then(|| elsewhere.join("\n")),
        };
        let mut text = String::new();
        handler
            .render_report(&mut text, &shown)
            .map_err(|_| io::Error::other("cannot render a diagnostic"))?;
        writeln!(out, "{}", guard_lines(&text))?;
    }
    Ok(())
}

/// A file's text for excerpts: of the same length, so spans keep their meaning, with every
/// character a terminal would act on (ESC, BEL, a lone CR, bidi overrides, ...) replaced by
/// one `?` per byte, as invalid UTF-8 already is. Line feeds, tabs and the CR of a CRLF stay.
fn excerpt_text(text: &str) -> Cow<'_, str> {
    if !text
        .chars()
        .any(|c| is_unsafe(c) && !matches!(c, '\n' | '\t'))
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let keep = match c {
            '\n' | '\t' => true,
            '\r' => chars.peek() == Some(&'\n'),
            c => !is_unsafe(c),
        };
        if keep {
            out.push(c);
        } else {
            out.extend(std::iter::repeat_n('?', c.len_utf8()));
        }
    }
    Cow::Owned(out)
}
