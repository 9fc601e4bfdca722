//! Output formats. Only this module knows how diagnostics look on the outside.

mod concise;
mod config;
pub mod escape;
mod full;
mod github;
mod json;
mod json_lines;
pub mod mx;
pub mod rules;
mod sarif;
mod summary;

use std::io::{self, Write};

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{LineCol, SourceMap, Span};

pub use config::render_config_errors;
pub use full::FullStyle;
pub use github::{escape_data, escape_property};
pub use summary::{Links, SUMMARY_LIMIT, SummaryOptions};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Source excerpts with underlines, labels and help (the default on a terminal).
    Full,
    /// One line per diagnostic: `path:line:col: CODE [severity] message`.
    Concise,
    /// One JSON object with every diagnostic and a summary (a stable contract).
    Json,
    /// One JSON object per line, one line per diagnostic (the fields of the `json` format).
    JsonLines,
    /// GitHub Actions workflow commands, which become annotations on the pull request.
    Github,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
}

/// Counts for the summary line and the JSON summary. The field names are part of the JSON
/// contract (DESIGN.md): add fields, never rename one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
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

/// Percent-encode a `/`-separated path for a URI: everything but RFC 3986's unreserved
/// characters and `/`, byte by byte.
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Position of a span's start and end (exclusive) in its file.
pub fn positions(sources: &SourceMap, span: Span) -> (LineCol, LineCol) {
    sources
        .get(span.file)
        .span_line_cols(span.start as usize, span.end as usize)
}

/// What the human formats add to the findings.
#[derive(Clone, Copy, Debug, Default)]
pub struct RenderOptions {
    /// `--statistics`: findings per rule.
    pub statistics: bool,
    /// `--quiet`: the findings only, no summary sentence.
    pub quiet: bool,
}

pub fn render(
    format: Format,
    outcome: &Outcome,
    style: FullStyle,
    statistics: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let options = RenderOptions {
        statistics,
        quiet: false,
    };
    render_with(format, outcome, style, options, out)
}

pub fn render_with(
    format: Format,
    outcome: &Outcome,
    style: FullStyle,
    options: RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Full => full::render(outcome, style, out)?,
        Format::Concise => concise::render(outcome, out)?,
        // Machine formats are exactly their contract: no statistics, no closing sentence.
        Format::Json => return json::render(outcome, out),
        Format::JsonLines => return json_lines::render(outcome, out),
        Format::Github => return github::render(outcome, out),
        Format::Sarif => return sarif::render(outcome, out),
    }
    if options.statistics {
        render_statistics(outcome, out)?;
    }
    if options.quiet {
        return Ok(());
    }
    writeln!(out, "{}", summary_sentence(outcome))
}

/// The SARIF 2.1.0 log, for `--sarif-file`.
pub fn render_sarif(outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    sarif::render(outcome, out)
}

/// The Markdown job summary, for `--summary-file`.
pub fn render_summary(
    outcome: &Outcome,
    options: &SummaryOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    summary::render(outcome, options, out)
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// "Found 1 error, 2 warnings in 3 files (2 zones, 40 records)." or "No problems found in ...".
fn summary_sentence(outcome: &Outcome) -> String {
    let s = outcome.summary;
    let scope = format!(
        "{} ({}, {})",
        plural(s.files, "file"),
        plural(s.zones, "zone"),
        plural(s.records, "record")
    );
    if outcome.diagnostics.is_empty() {
        return format!("No problems found in {scope}.");
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
    format!("Found {} in {scope}.", parts.join(", "))
}

/// Findings per rule, most frequent first (then by code): `(rule, count)`.
fn counts_per_rule(outcome: &Outcome) -> Vec<(&'static crate::rules::Rule, usize)> {
    let mut counts: Vec<(&'static crate::rules::Rule, usize)> = Vec::new();
    for d in &outcome.diagnostics {
        match counts.iter_mut().find(|(rule, _)| rule.code == d.rule.code) {
            Some(entry) => entry.1 += 1,
            None => counts.push((d.rule, 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.code.cmp(b.0.code)));
    counts
}

fn render_statistics(outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    for (rule, count) in counts_per_rule(outcome) {
        writeln!(out, "{count:>6}  {:<8} {}", rule.code, rule.name)?;
    }
    Ok(())
}
