//! Bad input is the normal case: the parser and the rules must return, never panic, on any
//! bytes, and every span they produce must lie inside its file on character boundaries so
//! that every output format can render it.

use proptest::prelude::*;

use zonelint::catalog::Catalog;
use zonelint::model::{Class, Zone, ZoneFormat};
use zonelint::name::Name;
use zonelint::parse::zonefile::{ParseOptions, ParseState, parse};
use zonelint::source::{SourceFile, SourceMap};

use crate::common;

/// Parse, lint and render one file; check every span.
fn lint_bytes(bytes: Vec<u8>) {
    let mut sources = SourceMap::default();
    let file = sources.add(SourceFile::new(
        "fuzz.zone".into(),
        "fuzz.zone".into(),
        bytes,
    ));
    let origin = Name::from_ascii("example.com.").unwrap();
    let state = ParseState {
        origin: Some(origin.clone()),
        ..ParseState::default()
    };
    let options = ParseOptions {
        generate_limit: 64,
        ..ParseOptions::default()
    };
    let parsed = parse(file, sources.get(file).bytes(), state, &options);
    let zone = Zone {
        apex: origin,
        class: Class::IN,
        format: ZoneFormat::Bind,
        files: vec![file],
        records: parsed.records,
        complete: true,
        meant: Default::default(),
        served_by: None,
        cloudflare_proxied: Vec::new(),
        unmodelled: Vec::new(),
        unmodelled_addresses: Vec::new(),
        provider_addresses: false,
        unmanaged: Default::default(),
        lenient: false,
        pushed_to: Vec::new(),
    };
    let zones = vec![zone];
    let catalog = Catalog::builtin();
    let mut diagnostics = parsed.diagnostics;
    diagnostics.extend(zonelint::lint::lint(
        &zones,
        &sources,
        catalog,
        &Default::default(),
        &Default::default(),
    ));
    common::check_spans_and_render(sources, &zones, diagnostics);
}

/// Fragments that steer random text into the parser's interesting paths.
fn zone_fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\n".to_string()),
        Just(" ".to_string()),
        Just("\t".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just("\"".to_string()),
        Just(";".to_string()),
        Just("\\".to_string()),
        Just("\\#".to_string()),
        Just("@".to_string()),
        Just(".".to_string()),
        Just("$ORIGIN".to_string()),
        Just("$TTL".to_string()),
        Just("$INCLUDE".to_string()),
        Just("$GENERATE".to_string()),
        Just("${".to_string()),
        Just("}".to_string()),
        Just("IN".to_string()),
        Just("\r\n".to_string()),
        Just("\u{feff}".to_string()),
        Just("é".to_string()),
        Just("; zonelint: ignore[".to_string()),
        Just("; zonelint: disable[MX006]".to_string()),
        Just("; zonelint: enable[NAME001,".to_string()),
        Just("]".to_string()),
        prop::sample::select(vec![
            "A",
            "AAAA",
            "MX",
            "NS",
            "CNAME",
            "SOA",
            "TXT",
            "SRV",
            "CAA",
            "SVCB",
            "LOC",
            "DNSKEY",
            "NSEC3",
            "APL",
            "TYPE65280",
            "CLASS3"
        ])
        .prop_map(str::to_string),
        "[0-9]{1,12}".prop_map(|s| s),
        "[a-z0-9-]{1,8}(\\.[a-z0-9-]{1,8}){0,3}\\.?".prop_map(|s| s),
        "[0-9a-fA-F+/=]{1,20}".prop_map(|s| s),
    ]
}

fn corpus_files() -> &'static [Vec<u8>] {
    static FILES: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    FILES.get_or_init(read_corpus_files)
}

fn read_corpus_files() -> Vec<Vec<u8>> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut files = Vec::new();
    let mut stack = vec![
        root.join("corpus/bind"),
        root.join("rules"),
        root.join("parse"),
    ];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(bytes) = std::fs::read(&path)
                && bytes.len() < 200_000
            {
                files.push(bytes);
            }
        }
    }
    files.sort();
    files
}

fn mutation() -> impl Strategy<Value = common::Mutation> {
    common::mutation(vec![
        b"(".to_vec(),
        b")".to_vec(),
        b"\"".to_vec(),
        b";".to_vec(),
        b"\\".to_vec(),
        b"\n".to_vec(),
        b"\0".to_vec(),
        b"\xff\xfe".to_vec(),
        b"$".to_vec(),
        b"\\# 3".to_vec(),
        b" 99999999999 ".to_vec(),
    ])
}

proptest! {
    #![proptest_config(common::proptest_config())]

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        lint_bytes(bytes);
    }

    #[test]
    fn zone_like_text(fragments in prop::collection::vec(zone_fragment(), 0..200)) {
        lint_bytes(fragments.join(" ").into_bytes());
    }

    #[test]
    fn mutated_corpus_files(index in any::<prop::sample::Index>(), mutations in prop::collection::vec(mutation(), 1..8)) {
        let files = corpus_files();
        let original = files[index.index(files.len())].clone();
        lint_bytes(common::apply_mutations(original, &mutations));
    }
}

#[test]
fn pathological_inputs_end_quickly() {
    // Unclosed parentheses on every line would cost a pass over the file per recovery.
    lint_bytes("a ( b\n".repeat(20_000).into_bytes());
    // A huge $GENERATE is capped.
    lint_bytes(b"$GENERATE 0-2147483647 h$ A 10.0.0.1\n".to_vec());
    // Deep escapes and long tokens.
    lint_bytes(format!("{} A 1.2.3.4\n", "\\".repeat(100_000)).into_bytes());
    lint_bytes(format!("x TXT \"{}\"\n", "a".repeat(1_000_000)).into_bytes());
}

/// Hostile text for a diagnostic: pieces of the shared table of hostile strings, arbitrary
/// characters (controls, separators, bidi) and backtick runs.
fn hostile_text() -> impl Strategy<Value = String> {
    use zonelint::report::escape::HOSTILE_SAMPLES;
    let piece = prop_oneof![
        prop::sample::select(HOSTILE_SAMPLES.to_vec()).prop_map(str::to_string),
        "[\\x00-\\x1f\\x7f\u{80}-\u{9f}\u{2028}\u{2029}\u{202a}-\u{202e}\u{2066}-\u{2069}:`|<>\\[\\]()*_%\\\\ a-z]{0,12}",
        (1usize..8).prop_map(|n| "`".repeat(n)),
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..6).prop_map(|pieces| pieces.concat())
}

/// Whatever a diagnostic's text (the file, its path, the message, a label, the help), the
/// terminal formats send no control character and start no line with `::`, `github` writes
/// one workflow command per line, and JSON stays JSON: the property twin of the `render` fuzz
/// target.
fn render_hostile(text: String, path: String, message: String, label: String, help: String) {
    use zonelint::diagnostic::{Diagnostic, Severity};
    use zonelint::report::escape::is_unsafe;
    use zonelint::report::{self, Format, FullStyle, Outcome, Summary};
    use zonelint::source::Span;
    let mut sources = SourceMap::default();
    let file = sources.add(SourceFile::new(
        path.clone().into(),
        path,
        text.clone().into_bytes(),
    ));
    let boundaries: Vec<usize> = (0..=text.len())
        .filter(|&i| text.is_char_boundary(i))
        .collect();
    let at = |seed: usize| boundaries[seed % boundaries.len()];
    let (a, b) = (at(message.len()), at(label.len() * 7 + 3));
    let rule = zonelint::rules::RULES[message.len() % zonelint::rules::RULES.len()];
    let d = Diagnostic::new(rule, Span::new(file, a.min(b), a.max(b)), message)
        .with_label(Span::new(file, a.min(b), a.min(b)), label)
        .with_help(help)
        .with_severity(Severity::Error);
    let outcome = Outcome {
        sources,
        diagnostics: vec![d],
        summary: Summary {
            errors: 1,
            ..Summary::default()
        },
    };
    for format in [
        Format::Full,
        Format::Concise,
        Format::Github,
        Format::Json,
        Format::JsonLines,
        Format::Sarif,
    ] {
        let mut out = Vec::new();
        report::render(format, &outcome, FullStyle::plain(), false, &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        let stray = out
            .chars()
            .find(|&c| is_unsafe(c) && !matches!(c, '\n' | '\t'));
        assert!(stray.is_none(), "{format:?}: raw {stray:?} in {out:?}");
        match format {
            Format::Full | Format::Concise => assert!(
                out.lines().all(|l| !l.trim_start().starts_with("::")),
                "{format:?}: {out}"
            ),
            Format::Github => {
                assert_eq!(out.lines().count(), 2, "{out}");
                assert!(out.lines().all(|l| l.starts_with("::")), "{out}");
            }
            Format::JsonLines => {
                assert_eq!(out.lines().count(), 1, "{out}");
                serde_json::from_str::<serde_json::Value>(&out).unwrap();
            }
            Format::Json | Format::Sarif => {
                serde_json::from_str::<serde_json::Value>(&out).unwrap();
            }
        }
    }
}

proptest! {
    #![proptest_config(common::proptest_config())]

    #[test]
    fn hostile_diagnostic_text_is_escaped_in_every_format(
        text in hostile_text(),
        path in hostile_text(),
        message in hostile_text(),
        label in hostile_text(),
        help in hostile_text(),
    ) {
        render_hostile(text, path, message, label, help);
    }
}
