//! The human format: miette's graphical rendering with the source excerpt, underlines,
//! secondary labels and help.

use std::fmt;
use std::io::{self, Write};

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use super::{Outcome, positions};
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceFile;

/// How to draw: colour and Unicode only on a capable terminal; tests use a fixed plain style.
#[derive(Clone, Copy, Debug)]
pub struct FullStyle {
    pub color: bool,
    pub unicode: bool,
    pub width: usize,
}

impl FullStyle {
    /// Plain and fixed, for snapshots and pipes.
    pub fn plain() -> FullStyle {
        FullStyle {
            color: false,
            unicode: true,
            width: 100,
        }
    }
}

/// A file's text under its display path, as miette wants it.
struct FileSource<'a> {
    name: &'a str,
    text: &'a str,
}

impl SourceCode for FileSource<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let inner = self.text.read_span(span, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            inner.data(),
            *inner.span(),
            inner.line(),
            inner.column(),
            inner.line_count(),
        )))
    }
}

struct Shown<'a> {
    diagnostic: &'a Diagnostic,
    source: FileSource<'a>,
    /// Labels that point into other files, shown as text after the help.
    elsewhere: Option<String>,
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
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
        match (&self.diagnostic.help, &self.elsewhere) {
            (None, None) => None,
            (Some(help), None) => Some(Box::new(help.as_str())),
            (None, Some(elsewhere)) => Some(Box::new(elsewhere.as_str())),
            (Some(help), Some(elsewhere)) => Some(Box::new(format!("{help}\n{elsewhere}"))),
        }
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
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
                    Some(label.message.clone()),
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
    for d in &outcome.diagnostics {
        let file: &SourceFile = outcome.sources.get(d.span.file);
        let elsewhere: Vec<String> = d
            .labels
            .iter()
            .filter(|label| label.span.file != d.span.file)
            .map(|label| {
                let (start, _) = positions(&outcome.sources, label.span);
                let path = &outcome.sources.get(label.span.file).display_path;
                format!("{path}:{}:{}: {}", start.line, start.column, label.message)
            })
            .collect();
        let shown = Shown {
            diagnostic: d,
            source: FileSource {
                name: &file.display_path,
                text: &file.text,
            },
            elsewhere: (!elsewhere.is_empty()).then(|| elsewhere.join("\n")),
        };
        let mut text = String::new();
        handler
            .render_report(&mut text, &shown)
            .map_err(|_| io::Error::other("cannot render a diagnostic"))?;
        writeln!(out, "{text}")?;
    }
    Ok(())
}
