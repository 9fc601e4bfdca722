//! Config file errors, for standard error: a `path:line:column: message` line (the one-line
//! error of exit status 2), then the line of the file with the span underlined and the help.

use crate::config::{ConfigError, line_col};

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
    let message = terminal_safe(&error.message);
    let Some((text, span)) = &error.source else {
        let mut out = format!("{bold}{path}{reset}: {message}");
        if let Some(help) = &error.help {
            out.push_str(&format!("\n  {blue}help{reset}: {}", terminal_safe(help)));
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
    out.push_str(&format!("\n{pad} {blue}|{reset}"));
    out.push_str(&format!(
        "\n{blue}{line}{reset} {blue}|{reset} {}",
        terminal_safe(line_text)
    ));
    out.push_str(&format!(
        "\n{pad} {blue}|{reset} {}{red}{}{reset}",
        " ".repeat(before),
        "^".repeat(width)
    ));
    if let Some(help) = &error.help {
        out.push_str(&format!(
            "\n{pad} {blue}={reset} {bold}help{reset}: {}",
            terminal_safe(help)
        ));
    }
    out
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
