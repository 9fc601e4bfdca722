//! One escaping function per output. Every piece of text that comes from a zone, a YAML file
//! or a file name (messages quote names, labels and values) goes through the function of the
//! output it is written to, so that a file from a stranger's pull request cannot drive the
//! terminal (ESC, OSC, BEL), forge a line of output (CR, LF, U+2028, a line that starts with a
//! GitHub workflow command `::`), reorder what a reader sees (bidi overrides), or inject
//! Markdown, HTML or links into a job summary or a SARIF viewer.
//!
//! - [`terminal`]: `full`, `concise` and `zonelint mx` text; [`guard_line`] for whole lines.
//! - [`workflow_data`] / [`workflow_property`]: GitHub workflow commands (`github`).
//! - [`markdown_cell`]: the Markdown job summary.
//! - [`sarif_text`]: SARIF message strings; [`write_json`] for all JSON, which escapes what
//!   serde_json leaves raw.

use std::borrow::Cow;
use std::fmt::Write;

/// A character that must not reach an output raw: C0 controls but tab, DEL, C1 controls,
/// line and paragraph separators, bidi embeddings, overrides and isolates, the marks that
/// reorder text, and the byte-order mark / zero-width no-break space.
pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\0'..='\x08' | '\n'..='\x1f' | '\x7f'..='\u{9f}'
        | '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// Write `c` so that it can be seen and not acted on: `\n`, `\r`, `\t`, `\0`, `\x1b`,
/// `\u{202e}`.
fn push_visible(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\0' => out.push_str("\\0"),
        c if (c as u32) < 0x80 => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        c => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
}

/// Text for a terminal: every unsafe character made visible (`\x1b`, `\n`, `\u{202e}`), so
/// the text stays on its line and sends the terminal nothing but printable characters. Tabs
/// stay: they are harmless, and zone files are full of them.
pub fn terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) && c != '\t' {
            push_visible(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// One line of terminal output, checked whole: GitHub's runner reads every line of a step's
/// output that starts with `::` (after leading blanks) as a workflow command, and pre-commit
/// and `--format full` run inside GitHub Actions. A line that would start that way (a file
/// named `::error ...`, a long message wrapped before a word that starts with `::`) gets a
/// backslash before its first colon.
pub fn guard_line(line: &str) -> Cow<'_, str> {
    let rest = skip_blanks_and_colours(line);
    if !rest.starts_with("::") {
        return Cow::Borrowed(line);
    }
    let at = line.len() - rest.len();
    Cow::Owned(format!("{}\\{}", &line[..at], &line[at..]))
}

/// Every line of a block of terminal output through [`guard_line`].
pub fn guard_lines(text: &str) -> Cow<'_, str> {
    if !text.contains("::") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&guard_line(line));
    }
    Cow::Owned(out)
}

/// The rest of a line after leading whitespace and ANSI colour sequences (`ESC [ ... m`),
/// which a terminal does not show and a log viewer may strip.
fn skip_blanks_and_colours(mut line: &str) -> &str {
    loop {
        let trimmed = line.trim_start();
        if let Some(after) = trimmed.strip_prefix("\x1b[") {
            match after.find(|c: char| c.is_ascii_alphabetic()) {
                Some(end) => line = &after[end + 1..],
                None => return trimmed,
            }
        } else {
            return trimmed;
        }
    }
}

/// The message of a workflow command (`::error ...::MESSAGE`): unsafe characters made visible
/// as for a terminal, then the runner's own escaping of `%`, CR and LF. Line breaks the
/// caller means (help on its own line) are written as `\n` in `text` and become `%0A`;
/// zone-derived pieces must be passed through [`terminal`] first.
pub fn workflow_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if is_unsafe(c) && c != '\t' => push_visible(&mut out, c),
            _ => out.push(c),
        }
    }
    out
}

/// A property value of a workflow command (`file=`, `title=`): as [`workflow_data`], plus
/// `:` and `,`, which would end the value.
pub fn workflow_property(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' => out.push_str("%3A"),
            ',' => out.push_str("%2C"),
            c if is_unsafe(c) => push_visible(&mut out, c),
            _ => out.push(c),
        }
    }
    out
}

/// Text for a cell of a GitHub-flavoured Markdown table, shown as it is and never acted on:
/// one code span whose backtick fence is longer than any run of backticks inside (CommonMark
/// pairs only runs of equal length, so no run inside can close it), padded with a space on
/// each side (which CommonMark strips) so text that starts or ends with a backtick still
/// reads. Inside a code span there is no HTML, emphasis, link, autolink, entity, emoji
/// shortcode or @mention. `|` is escaped as `\|` (GFM splits cells on it even inside code
/// spans and removes the backslash), and unsafe characters become visible.
pub fn markdown_cell(text: &str) -> String {
    let text = terminal(text);
    if text.is_empty() {
        return String::new();
    }
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let mut out = String::with_capacity(text.len() + 2 * fence.len() + 4);
    out.push_str(&fence);
    out.push(' ');
    for c in text.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '\t' => out.push(' '),
            _ => out.push(c),
        }
    }
    out.push(' ');
    out.push_str(&fence);
    out
}

/// A SARIF message string. SARIF viewers (GitHub code scanning among them) read
/// `[text](target)` in a plain-text message as a link (SARIF 2.1.0 §3.11.6), and the standard
/// escape for a literal bracket is a backslash; a backslash before a bracket is doubled so it
/// cannot undo that. Unsafe characters become visible; serde_json then escapes the rest.
pub fn sarif_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '\\' if matches!(chars.peek(), Some('[' | ']')) => out.push_str("\\\\"),
            '\n' => out.push('\n'),
            c if is_unsafe(c) && c != '\t' => push_visible(&mut out, c),
            _ => out.push(c),
        }
    }
    out
}

/// At most `max` bytes of `text` (cut on a character boundary), with an ellipsis and the
/// whole length when something was cut: for echoing input that may be megabytes long.
pub fn shorten(text: &str, max: usize) -> Cow<'_, str> {
    if text.len() <= max {
        return Cow::Borrowed(text);
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    Cow::Owned(format!("{}… ({} bytes)", &text[..end], text.len()))
}

/// A serde_json formatter that also writes every [`is_unsafe`] character as a `\uXXXX`
/// escape: serde_json escapes C0 controls itself, but passes DEL, C1 controls, U+2028 and
/// bidi overrides through raw, and JSON gets read in terminals and by JavaScript. The value is
/// unchanged for any JSON reader.
pub struct SafeJson<F>(pub F);

impl<F: serde_json::ser::Formatter> serde_json::ser::Formatter for SafeJson<F> {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        // Printable ASCII and tabs, as nearly every fragment is, holds nothing unsafe: one
        // byte pass instead of decoding each character. A fold without an early exit, which
        // compiles to vector code: every string of a report passes here.
        if fragment.bytes().fold(true, |plain, b| {
            plain & ((0x20..0x7f).contains(&b) | (b == b'\t'))
        }) {
            return self.0.write_string_fragment(writer, fragment);
        }
        let mut rest = fragment;
        while let Some((at, c)) = rest.char_indices().find(|&(_, c)| is_unsafe(c)) {
            self.0.write_string_fragment(writer, &rest[..at])?;
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                write!(writer, "\\u{unit:04x}")?;
            }
            rest = &rest[at + c.len_utf8()..];
        }
        self.0.write_string_fragment(writer, rest)
    }

    // Everything else as the wrapped formatter does it.
    fn write_null<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.write_null(w)
    }
    fn write_bool<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        v: bool,
    ) -> std::io::Result<()> {
        self.0.write_bool(w, v)
    }
    fn write_u64<W: ?Sized + std::io::Write>(&mut self, w: &mut W, v: u64) -> std::io::Result<()> {
        self.0.write_u64(w, v)
    }
    fn write_i64<W: ?Sized + std::io::Write>(&mut self, w: &mut W, v: i64) -> std::io::Result<()> {
        self.0.write_i64(w, v)
    }
    fn write_f64<W: ?Sized + std::io::Write>(&mut self, w: &mut W, v: f64) -> std::io::Result<()> {
        self.0.write_f64(w, v)
    }
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// JSON for a report: pretty (`json`, `sarif`, `mx --format json`) or one line
/// (`json-lines`), with [`SafeJson`]'s escaping.
pub fn write_json<T: serde::Serialize + ?Sized>(
    out: &mut dyn std::io::Write,
    value: &T,
    pretty: bool,
) -> std::io::Result<()> {
    // Through a buffer of a known type: the serializer writes each bracket, key, value and
    // indentation on its own, and each write to a `dyn Write` is a call that cannot be inlined.
    // The default size: `json-lines` makes one for every finding.
    let mut out = std::io::BufWriter::new(out);
    let result = if pretty {
        let formatter = SafeJson(serde_json::ser::PrettyFormatter::new());
        value.serialize(&mut serde_json::Serializer::with_formatter(
            &mut out, formatter,
        ))
    } else {
        let formatter = SafeJson(serde_json::ser::CompactFormatter);
        value.serialize(&mut serde_json::Serializer::with_formatter(
            &mut out, formatter,
        ))
    };
    result.map_err(std::io::Error::from)?;
    std::io::Write::flush(&mut out)
}

/// Hostile strings every output is tested against (here, in `tests/suite/hostile_limits.rs` and by
/// the `render` fuzz target): terminal control, forged workflow commands, Markdown and HTML
/// injection, line and bidi tricks.
#[doc(hidden)]
pub const HOSTILE_SAMPLES: &[&str] = &[
    "\x1b]0;pwned\x07",
    "\x1b[2J\x1b[31mred",
    "\n::error file=README.md,line=1::forged",
    "\r::warning::forged",
    "x\n::stop-commands::token",
    "::add-mask::secret",
    "::error::at the start",
    "``<img src=https://attacker.example/p.png>``",
    "`<img src=x>` ``` ```` <img src=y>",
    "<details><summary>open</summary>hidden</details>",
    "<a href=\"https://attacker.example\">click</a>",
    "*emph* _under_ **strong** ~~strike~~",
    "[link](http://attacker.example) ![img](http://attacker.example/i.png)",
    "https://attacker.example www.attacker.example @someone :shipit:",
    "| cell | break |",
    "a\0b",
    "carriage\rreturn",
    "line\u{2028}separator\u{2029}paragraph",
    "\u{202e}txt.exe\u{202c} \u{2066}isolate\u{2069}",
    "\u{9b}31m C1 CSI \u{85} NEL",
    "\u{feff}bom \x7f del \x08 backspace",
    "%0A%0D%25 already escaped",
    "\\[not a link\\](1) [x](1)",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_makes_controls_visible_and_keeps_the_rest() {
        assert_eq!(terminal("mx.example.com."), "mx.example.com.");
        assert_eq!(terminal("a\x1b]0;pwned\x07b"), "a\\x1b]0;pwned\\x07b");
        assert_eq!(terminal("a\nb\rc\0"), "a\\nb\\rc\\0");
        assert_eq!(terminal("x\u{202e}y\u{2028}"), "x\\u{202e}y\\u{2028}");
        assert_eq!(terminal("tab\there é"), "tab\there é");
        assert_eq!(terminal("\u{9b}31m"), "\\u{9b}31m");
    }

    #[test]
    fn guard_line_defuses_workflow_commands() {
        assert_eq!(guard_line("::error::x"), "\\::error::x");
        assert_eq!(guard_line("   ::warning::x"), "   \\::warning::x");
        assert_eq!(
            guard_line("\x1b[31m::add-mask::x"),
            "\x1b[31m\\::add-mask::x"
        );
        assert_eq!(
            guard_line("a.zone:1:1: 2001:db8::1"),
            "a.zone:1:1: 2001:db8::1"
        );
        assert_eq!(guard_lines("ok\n ::x\n"), "ok\n \\::x\n");
    }

    #[test]
    fn markdown_cell_is_one_code_span() {
        assert_eq!(markdown_cell("a|b"), "` a\\|b `");
        assert_eq!(markdown_cell("x `y` z"), "`` x `y` z ``");
        assert_eq!(markdown_cell("```<img>`"), "```` ```<img>` ````");
        assert_eq!(markdown_cell("one\ntwo"), "` one\\ntwo `");
    }

    #[test]
    fn sarif_text_escapes_link_brackets() {
        assert_eq!(sarif_text("[l](http://x)"), "\\[l\\](http://x)");
        assert_eq!(sarif_text("a\\[b"), "a\\\\\\[b");
        assert_eq!(sarif_text("\x1b"), "\\x1b");
    }

    /// What every escaped sample must not contain, per output.
    fn no_raw_unsafe(text: &str) -> bool {
        !text.chars().any(|c| is_unsafe(c) && c != '\t')
    }

    #[test]
    fn every_output_defuses_every_sample() {
        for sample in HOSTILE_SAMPLES {
            let shown = terminal(sample);
            assert!(no_raw_unsafe(&shown), "terminal: {shown:?}");
            assert!(!shown.contains('\n'));
            assert!(
                !guard_line(&shown).trim_start().starts_with("::"),
                "{shown:?}"
            );

            let data = workflow_data(&terminal(sample));
            assert!(no_raw_unsafe(&data), "workflow data: {data:?}");
            let property = workflow_property(sample);
            assert!(
                no_raw_unsafe(&property) && !property.contains([':', ',']),
                "{property:?}"
            );

            let cell = markdown_cell(sample);
            assert!(no_raw_unsafe(&cell), "markdown: {cell:?}");
            assert_eq!(
                cell.matches('|').count(),
                cell.matches("\\|").count(),
                "{cell:?}"
            );
            assert_single_code_span(&cell);

            let sarif = sarif_text(sample);
            assert!(no_raw_unsafe(&sarif.replace('\n', "")), "sarif: {sarif:?}");
            assert!(!has_unescaped_bracket(&sarif), "sarif: {sarif:?}");

            let mut json = Vec::new();
            write_json(&mut json, sample, false).unwrap();
            let json = String::from_utf8(json).unwrap();
            assert!(no_raw_unsafe(&json), "json: {json:?}");
            assert_eq!(serde_json::from_str::<String>(&json).unwrap(), *sample);
        }
    }

    /// A cell is one code span: it opens with a fence of N backticks and a space, ends with a
    /// space and N backticks, and no run of N backticks appears in between (CommonMark
    /// closes a code span only at a run of the same length).
    fn assert_single_code_span(cell: &str) {
        let fence = cell.len() - cell.trim_start_matches('`').len();
        assert!(fence > 0, "{cell:?}");
        let inner = &cell[fence..cell.len() - fence];
        assert!(cell.ends_with(&"`".repeat(fence)), "{cell:?}");
        let longest = inner.split(|c| c != '`').map(str::len).max().unwrap_or(0);
        assert!(longest < fence, "{cell:?}");
    }

    fn has_unescaped_bracket(text: &str) -> bool {
        let mut backslashes = 0;
        for c in text.chars() {
            if matches!(c, '[' | ']') && backslashes % 2 == 0 {
                return true;
            }
            backslashes = if c == '\\' { backslashes + 1 } else { 0 };
        }
        false
    }

    #[test]
    fn shorten_counts_bytes() {
        assert_eq!(shorten("abc", 3), "abc");
        assert_eq!(shorten("abcdef", 3), "abc… (6 bytes)");
        assert_eq!(shorten("ééé", 3), "é… (6 bytes)");
    }

    #[test]
    fn json_escapes_what_serde_json_passes_through() {
        let mut out = Vec::new();
        write_json(&mut out, &["a\u{202e}b\u{2028}\x1b\x7f"], false).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, r#"["a\u202eb\u2028\u001b\u007f"]"#);
        let back: Vec<String> = serde_json::from_str(&text).unwrap();
        assert_eq!(back[0], "a\u{202e}b\u{2028}\x1b\x7f");
        // Every ASCII character, alone in otherwise plain text (the printable fast path).
        for c in (0u8..0x80).map(char::from) {
            let mut out = Vec::new();
            write_json(&mut out, &[format!("plain {c} text")], false).unwrap();
            let text = String::from_utf8(out).unwrap();
            assert!(
                !is_unsafe(c) || !text.contains(c),
                "{c:?} written raw: {text}"
            );
            let back: Vec<String> = serde_json::from_str(&text).unwrap();
            assert_eq!(back[0], format!("plain {c} text"));
        }
    }
}
