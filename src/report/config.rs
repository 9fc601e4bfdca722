//! Config file errors, for standard error: a `path:line:column: message` line (the one-line
//! error of exit status 2), then the line of the file with the span underlined and the help.

use crate::config::{ConfigError, line_col};
use crate::diagnostic::MAX_TEXT_BYTES;
use crate::report::escape::shorten;

/// The most bytes of a message: its first line is the run's one-line error, and it may quote
/// a key or value of any length.
const MESSAGE_BYTES: usize = 400;

/// The most characters of a line an excerpt shows: a config line may be megabytes long (a
/// pull request's `select = [...]` on one line); past this the excerpt shows a window around
/// the span's start, with an ellipsis at each end it cuts.
const EXCERPT_CHARS: usize = 120;

/// How many characters before the span's start a cut excerpt keeps, for context.
const CONTEXT_CHARS: usize = 40;

/// Every error; the caller puts `zonelint: ` before the first line, so each later error's
/// first line gets it here.
pub fn render_config_errors(errors: &[ConfigError], color: bool) -> String {
    let rendered: Vec<String> = errors.iter().map(|e| render_one(e, color)).collect();
    rendered.join("\nzonelint: ")
}

fn render_one(error: &ConfigError, color: bool) -> String {
    let (bold, red, blue, reset) = if color {
        ("\x1b[1m", "\x1b[1;31m", "\x1b[1;34m", "\x1b[0m")
    } else {
        ("", "", "", "")
    };
    let path = terminal_safe(&error.path);
    let message = terminal_safe(&shorten(&error.message, MESSAGE_BYTES));
    let help = error
        .help
        .as_deref()
        .map(|help| terminal_safe(&shorten(help, MAX_TEXT_BYTES)));
    let Some((text, span)) = &error.source else {
        let mut out = format!("{bold}{path}{reset}: {message}");
        if let Some(help) = &help {
            out.push_str(&format!("\n  {blue}help{reset}: {help}"));
        }
        return out;
    };
    let start = span.start.min(text.len());
    let (line, column) = line_col(text, start);
    let mut out = format!("{bold}{path}:{line}:{column}{reset}: {red}error{reset}: {message}");
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line_text = text[line_start..line_end].trim_end_matches('\r');
    let gutter = line.to_string().len();
    let pad = " ".repeat(gutter);
    // Underline within the first line of the span, at least one character.
    let before = text[line_start..start].chars().count();
    // The line's text is shown without a final `\r`, which the span may start on.
    let end = span
        .end
        .clamp(start, (line_start + line_text.len()).max(start));
    let width = text[start..end].chars().count().max(1);
    let (shown, before, width) = window(line_text, before, width);
    out.push_str(&format!("\n{pad} {blue}|{reset}"));
    out.push_str(&format!(
        "\n{blue}{line}{reset} {blue}|{reset} {}",
        terminal_safe(&shown)
    ));
    out.push_str(&format!(
        "\n{pad} {blue}|{reset} {}{red}{}{reset}",
        " ".repeat(before),
        "^".repeat(width)
    ));
    if let Some(help) = &help {
        out.push_str(&format!("\n{pad} {blue}={reset} {bold}help{reset}: {help}"));
    }
    out
}

/// The part of `line` an excerpt shows, and where the underline starts and how long it is
/// in it, given those in the whole line (in characters): the whole line when it is at most
/// [`EXCERPT_CHARS`] long, else a window from a little before the underline, cut ends marked
/// with `…`.
fn window(line: &str, before: usize, width: usize) -> (String, usize, usize) {
    let total = line.chars().count();
    if total <= EXCERPT_CHARS {
        return (line.to_owned(), before, width);
    }
    let first = before.saturating_sub(CONTEXT_CHARS);
    let last = (first + EXCERPT_CHARS).min(total);
    let mut shown = String::new();
    if first > 0 {
        shown.push('…');
    }
    shown.extend(line.chars().skip(first).take(last - first));
    if last < total {
        shown.push('…');
    }
    let width = width.min(last.saturating_sub(before)).max(1);
    (shown, before - first + usize::from(first > 0), width)
}

/// Config files come from pull requests: no control character reaches the terminal (a tab
/// becomes a space, so the underline still lines up).
fn terminal_safe(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' => ' ',
            c if c.is_control() => '?',
            c => c,
        })
        .collect()
}
