//! The JSON contract of DESIGN.md: fields may be added, never renamed or removed.

use std::io::{self, Write};

use serde::Serialize;

use super::{Outcome, Summary, positions};
use crate::diagnostic::Diagnostic;
use crate::source::SourceMap;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
pub(crate) struct JsonDiagnostic<'a> {
    code: &'static str,
    rule: &'static str,
    severity: &'static str,
    message: &'a str,
    file: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    labels: Vec<JsonLabel<'a>>,
    help: Option<&'a str>,
    url: String,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    file: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    message: &'a str,
}

/// One diagnostic as the JSON contract writes it.
pub(crate) fn diagnostic<'a>(sources: &'a SourceMap, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    let (start, end) = positions(sources, d.span);
    JsonDiagnostic {
        code: d.rule.code,
        rule: d.rule.name,
        severity: d.severity.as_str(),
        message: &d.message,
        file: &sources.get(d.span.file).display_path,
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        labels: d
            .labels
            .iter()
            .map(|label| {
                let (start, end) = positions(sources, label.span);
                JsonLabel {
                    file: &sources.get(label.span.file).display_path,
                    line: start.line,
                    column: start.column,
                    end_line: end.line,
                    end_column: end.column,
                    message: &label.message,
                }
            })
            .collect(),
        help: d.help.as_deref(),
        url: d.rule.url(),
    }
}

pub fn render(outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    let diagnostics = outcome
        .diagnostics
        .iter()
        .map(|d| diagnostic(&outcome.sources, d))
        .collect();
    let report = Report {
        version: 1,
        diagnostics,
        summary: outcome.summary,
    };
    super::escape::write_json(&mut *out, &report, true)?;
    writeln!(out)
}
