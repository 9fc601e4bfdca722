//! Every output renderer fed hostile diagnostic text: the file's text, its path, the message,
//! a label and the help all come from the input. Whatever they hold, the terminal formats
//! send no control character and start no line with `::`, the `github` format writes one
//! workflow command per line, the machine formats stay JSON, and nothing panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zonelint::diagnostic::{Diagnostic, Severity};
use zonelint::report::Outcome;
use zonelint::report::escape::is_unsafe;
use zonelint::rules::RULES;
use zonelint::source::{SourceFile, SourceMap, Span};

#[path = "common.rs"]
mod common;

fuzz_target!(|bytes: &[u8]| {
    let mut parts = bytes.split(|&b| b == 0xff);
    let mut next = || String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    let text = next();
    let path = next();
    let message = next();
    let label = next();
    let help = next();
    let mut sources = SourceMap::default();
    let file = sources.add(SourceFile::new(
        path.clone().into(),
        path,
        text.clone().into_bytes(),
    ));
    // Spans on character boundaries, as the parsers guarantee.
    let boundaries: Vec<usize> = (0..=text.len())
        .filter(|&i| text.is_char_boundary(i))
        .collect();
    let pick = |seed: usize| boundaries[seed % boundaries.len()];
    let (a, b) = (pick(message.len()), pick(label.len() * 7 + 3));
    let span = Span::new(file, a.min(b), a.max(b));
    let rule = RULES[bytes.len() % RULES.len()];
    let mut d = Diagnostic::new(rule, span, message)
        .with_label(Span::new(file, a.min(b), a.min(b)), label)
        .with_severity([Severity::Error, Severity::Warning, Severity::Info][bytes.len() % 3]);
    if !help.is_empty() {
        d = d.with_help(help);
    }
    let diagnostics = vec![d.clone(), d];
    let mut summary = zonelint::report::Summary::default();
    summary.count(&diagnostics);
    let outputs = common::render_all(Outcome {
        sources,
        diagnostics,
        summary,
    });
    for (format, output) in &outputs {
        let stray = output
            .chars()
            .find(|&c| is_unsafe(c) && !matches!(c, '\n' | '\t'));
        assert!(stray.is_none(), "{format}: raw {stray:?} in {output:?}");
        match format.as_str() {
            "full" | "concise" => {
                for line in output.lines() {
                    assert!(
                        !line.trim_start().starts_with("::"),
                        "{format}: a line starts a workflow command: {line:?}"
                    );
                }
            }
            "github" => {
                let lines: Vec<&str> = output.lines().collect();
                assert_eq!(lines.len(), 3, "github: {output:?}");
                assert!(lines.iter().all(|l| l.starts_with("::")), "github: {output:?}");
            }
            "json" | "sarif" => {
                assert!(!output.contains('\t'), "{format}: raw tab");
            }
            "json-lines" => assert_eq!(output.lines().count(), 2, "{output:?}"),
            _ => {}
        }
    }
});
