//! `path:line:col: CODE [severity] message`, one line each: for editors, grep and problem matchers.

use std::io::{self, Write};

use super::escape::{guard_line, terminal};
use super::{Outcome, positions};

pub fn render(outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    render_from(outcome, 0, out)
}

/// The diagnostics from index `first` on (`full` switches to this past its limit).
pub(super) fn render_from(outcome: &Outcome, first: usize, out: &mut dyn Write) -> io::Result<()> {
    for d in &outcome.diagnostics[first..] {
        let (start, _) = positions(&outcome.sources, d.span);
        let path = &outcome.sources.get(d.span.file).display_path;
        let line = format!(
            "{}:{}:{}: {} [{}] {}",
            terminal(path),
            start.line,
            start.column,
            d.rule.code,
            d.severity,
            terminal(&d.message)
        );
        writeln!(out, "{}", guard_line(&line))?;
    }
    Ok(())
}
