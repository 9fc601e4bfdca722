//! GitHub Actions workflow commands: one `::error`, `::warning` or `::notice` line per
//! diagnostic, which the runner turns into an annotation on the file and line.
//!
//! The runner parses each line of the log on its own, so a diagnostic must stay on one line
//! whatever its text: `%`, CR and LF are escaped in the message, and `:` and `,` too in the
//! `key=value` properties, where they would end the value (the escaping of actions/toolkit's
//! `command.ts`); other control characters (ESC, BEL, bidi overrides) are made visible. The action counts findings by counting these lines.
//!
//! GitHub shows at most 10 annotations of each level per step and 50 per job, and silently
//! drops the rest. Every diagnostic is still printed, since the log keeps them all, but errors
//! come first so that the ones that fail the check are the ones shown; a closing `::notice`
//! gives the totals and says where the full list is.

use std::cmp::Reverse;
use std::io::{self, Write};

use super::escape::terminal;
use super::{Outcome, positions, summary_sentence};
use crate::diagnostic::{Diagnostic, Severity};

/// Annotations GitHub shows per level and step; past that it drops them without a word.
pub const ANNOTATIONS_PER_LEVEL: usize = 10;

pub fn render(outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    let mut ordered: Vec<&Diagnostic> = outcome.diagnostics.iter().collect();
    // Stable: within a level the path/line order is kept.
    ordered.sort_by_key(|d| Reverse(d.severity));
    for d in ordered {
        writeln!(out, "{}", command(outcome, d))?;
    }
    if outcome.diagnostics.is_empty() {
        // A clean run gets a plain log line, not an annotation on every pull request.
        return writeln!(out, "{}", summary_sentence(outcome));
    }
    let mut totals = summary_sentence(outcome);
    let s = outcome.summary;
    if [s.errors, s.warnings, s.infos]
        .iter()
        .any(|&n| n > ANNOTATIONS_PER_LEVEL)
    {
        totals.push_str(&format!(
            " GitHub shows only the first {ANNOTATIONS_PER_LEVEL} annotations of each level: \
             the job summary and the log list every finding."
        ));
    }
    writeln!(
        out,
        "::notice title={}::{}",
        escape_property("zonelint"),
        escape_data(&totals)
    )
}

/// The workflow command for one diagnostic.
fn command(outcome: &Outcome, d: &Diagnostic) -> String {
    let sources = &outcome.sources;
    let (start, end) = positions(sources, d.span);
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    // The annotation is all a reviewer sees on the pull request, so it carries the help and
    // where the related records are, one per line.
    // Zone-derived text is made visible first, so the only line breaks are ours.
    let mut message = terminal(&d.message).into_owned();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(&terminal(help));
    }
    for label in &d.labels {
        let (at, _) = positions(sources, label.span);
        let path = &sources.get(label.span.file).display_path;
        message.push_str(&format!(
            "\n{}:{}:{}: {}",
            terminal(path),
            at.line,
            at.column,
            terminal(&label.message)
        ));
    }
    format!(
        "::{level} file={},line={},endLine={},col={},endColumn={},title={}::{}",
        escape_property(&sources.get(d.span.file).display_path),
        start.line,
        end.line,
        start.column,
        end.column,
        escape_property(&format!("{} {}", d.rule.code, d.rule.name)),
        escape_data(&message),
    )
}

/// Escape the message of a workflow command: `%`, CR and LF, and every other control
/// character made visible (see [`super::escape::workflow_data`]).
pub fn escape_data(text: &str) -> String {
    super::escape::workflow_data(text)
}

/// Escape a property value of a workflow command: as the message, plus `:` and `,`.
pub fn escape_property(text: &str) -> String {
    super::escape::workflow_property(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_escapes_percent_and_line_breaks_only() {
        assert_eq!(escape_data("100% done"), "100%25 done");
        assert_eq!(escape_data("a\nb\r\nc"), "a%0Ab%0D%0Ac");
        // `:` and `,` are fine in the message: the message is everything after `::`.
        assert_eq!(escape_data("a: b, c"), "a: b, c");
        // Escaping is not applied twice: an existing `%0A` stays text.
        assert_eq!(escape_data("%0A"), "%250A");
        assert_eq!(escape_data("::error::x"), "::error::x");
    }

    #[test]
    fn properties_also_escape_colon_and_comma() {
        assert_eq!(
            escape_property("zones/a,b:c%d.zone"),
            "zones/a%2Cb%3Ac%25d.zone"
        );
        assert_eq!(escape_property("x\ny\r"), "x%0Ay%0D");
        assert_eq!(
            escape_property("MX001 mx-backup-unsupported"),
            "MX001 mx-backup-unsupported"
        );
        assert_eq!(escape_property("é ü"), "é ü");
    }

    #[test]
    fn escaped_text_never_contains_a_line_break() {
        let nasty = "line one\r\nline two\n::warning::injected\r";
        assert!(!escape_data(nasty).contains(['\n', '\r']));
        assert!(!escape_property(nasty).contains(['\n', '\r', ',', ':']));
    }
}
