//! `path:line:col: CODE [severity] message`, one line each: for editors, grep and problem matchers.

use std::io::{self, Write};

use super::{Outcome, positions};

pub fn render(outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    for d in &outcome.diagnostics {
        let (start, _) = positions(&outcome.sources, d.span);
        let path = &outcome.sources.get(d.span.file).display_path;
        writeln!(
            out,
            "{path}:{}:{}: {} [{}] {}",
            start.line, start.column, d.rule.code, d.severity, d.message
        )?;
    }
    Ok(())
}
