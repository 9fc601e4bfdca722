//! Output formats. Only this module knows how diagnostics look on the outside.

mod concise;
mod full;
mod json;
pub mod mx;

use std::io::{self, Write};

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{LineCol, SourceMap, Span};

pub use full::FullStyle;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Source excerpts with underlines, labels and help (the default on a terminal).
    Full,
    /// One line per diagnostic: `path:line:col: CODE [severity] message`.
    Concise,
    /// One JSON object with every diagnostic and a summary (a stable contract).
    Json,
}

/// Counts for the summary line and the JSON summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub zones: usize,
    pub records: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn count(&mut self, diagnostics: &[Diagnostic]) {
        for d in diagnostics {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
    }
}

/// What a run found, ready to render.
pub struct Outcome {
    pub sources: SourceMap,
    /// Sorted by path, line, column, code.
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Summary,
}

/// Position of a span's start and end (exclusive) in its file.
pub fn positions(sources: &SourceMap, span: Span) -> (LineCol, LineCol) {
    let file = sources.get(span.file);
    (
        file.line_col(span.start as usize),
        file.line_col(span.end as usize),
    )
}

pub fn render(
    format: Format,
    outcome: &Outcome,
    style: FullStyle,
    statistics: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Full => full::render(outcome, style, out)?,
        Format::Concise => concise::render(outcome, out)?,
        Format::Json => return json::render(outcome, out),
    }
    if statistics {
        render_statistics(outcome, out)?;
    }
    summary_line(outcome, out)
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn summary_line(outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    let s = outcome.summary;
    let scope = format!(
        "{} ({}, {})",
        plural(s.files, "file"),
        plural(s.zones, "zone"),
        plural(s.records, "record")
    );
    if outcome.diagnostics.is_empty() {
        return writeln!(out, "No problems found in {scope}.");
    }
    let mut parts = Vec::new();
    if s.errors > 0 {
        parts.push(plural(s.errors, "error"));
    }
    if s.warnings > 0 {
        parts.push(plural(s.warnings, "warning"));
    }
    if s.infos > 0 {
        parts.push(plural(s.infos, "info"));
    }
    writeln!(out, "Found {} in {scope}.", parts.join(", "))
}

fn render_statistics(outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    let mut counts: Vec<(&str, &str, usize)> = Vec::new();
    for d in &outcome.diagnostics {
        match counts.iter_mut().find(|(code, _, _)| *code == d.rule.code) {
            Some(entry) => entry.2 += 1,
            None => counts.push((d.rule.code, d.rule.name, 1)),
        }
    }
    counts.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(b.0)));
    for (code, name, count) in counts {
        writeln!(out, "{count:>6}  {code:<8} {name}")?;
    }
    Ok(())
}
