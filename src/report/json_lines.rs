//! JSON Lines: one compact JSON object per diagnostic, with exactly the fields of a diagnostic
//! in the `json` format. Easy to stream, `grep` and `jq -c`; a clean run prints nothing.

use std::io::{self, Write};

use super::Outcome;
use super::json::diagnostic;

pub fn render(outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    for d in &outcome.diagnostics {
        // The compact writer never emits a raw newline (strings escape it), so one object is
        // always one line.
        super::escape::write_json(&mut *out, &diagnostic(&outcome.sources, d), false)?;
        writeln!(out)?;
    }
    Ok(())
}
