//! octoDNS's own YAML test and documentation files (fixtures/corpus/octodns, listed in
//! fixtures/corpus/MANIFEST.tsv with octoDNS's verdict): every file octoDNS accepts lints
//! without a SYN diagnostic, and every file it rejects gets an error at the line of the
//! problem. The corpus is linted twice: as a repository (its octoDNS configs decide how their
//! zone directories are read) and file by file (each named on the command line).
//!
//! Run with `cargo test --test octodns_corpus -- --nocapture` to see the counts.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use zonelint::diagnostic::{Diagnostic, Severity};
use zonelint::{CheckOptions, Workspace};

/// The files octoDNS rejects, with the lines a diagnostic must point at.
const REJECTED: &[(&str, &[u32])] = &[
    // `- null` values: "missing value(s)".
    ("octodns/tests/config-txt-none/all.null.yaml", &[5, 6]),
    (
        "octodns/tests/config-txt-none/list.with.nulls.yaml",
        &[5, 7],
    ),
    // `value:` with nothing after it.
    ("octodns/tests/config-txt-none/scalar.null.yaml", &[4]),
    // healthcheck protocol BOGUS: "invalid healthcheck protocol".
    (
        "octodns/tests/config/zone-disable-validators/zone-disable-validators-b.tests.yaml",
        &[5],
    ),
];

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/corpus")
}

/// The YAML files of the manifest that were copied here, with octoDNS's verdict (`accept` or
/// `reject`).
fn manifest() -> BTreeMap<String, String> {
    let table = std::fs::read_to_string(corpus().join("MANIFEST.tsv")).unwrap();
    table
        .lines()
        .skip(1)
        .filter_map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            let path = fields[0];
            let copied = corpus().join(path).is_file();
            (copied && path.starts_with("octodns/") && path.ends_with(".yaml"))
                .then(|| (path.to_string(), fields[5].to_string()))
        })
        .collect()
}

fn load(paths: Vec<PathBuf>) -> Workspace {
    let options = CheckOptions {
        paths,
        cwd: corpus(),
        origin: None,
        config: Default::default(),
        only_zones: false,
        stdin_filename: None,
        include_dir: None,
        limits: Default::default(),
        ..Default::default()
    };
    zonelint::load(&options).unwrap()
}

fn position(ws: &Workspace, d: &Diagnostic) -> (String, u32) {
    let file = ws.sources.get(d.span.file);
    (
        file.display_path.clone(),
        file.line_col(d.span.start as usize).line,
    )
}

fn describe(ws: &Workspace, d: &Diagnostic) -> String {
    let (path, line) = position(ws, d);
    format!("{path}:{line}: {} {}", d.rule.code, d.message)
}

/// Check one load of the corpus against the manifest; returns problems found.
fn judge(ws: &Workspace, verdicts: &BTreeMap<String, String>, pass: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let loaded: Vec<&str> = ws
        .sources
        .iter()
        .map(|(_, f)| f.display_path.as_str())
        .collect();
    for (path, verdict) in verdicts {
        if !loaded.contains(&path.as_str()) {
            problems.push(format!("{pass}: {path} was not read"));
            continue;
        }
        let here: Vec<&Diagnostic> = ws
            .diagnostics
            .iter()
            .filter(|d| position(ws, d).0 == *path)
            .collect();
        match verdict.as_str() {
            "accept" => {
                let syntax: Vec<String> = here
                    .iter()
                    .filter(|d| d.rule.family() == "SYN")
                    .map(|d| describe(ws, d))
                    .collect();
                if !syntax.is_empty() {
                    problems.push(format!("{pass}: {path} (accepted by octoDNS): {syntax:?}"));
                }
            }
            "reject" => {
                let lines = REJECTED
                    .iter()
                    .find(|(p, _)| p == path)
                    .map(|(_, lines)| *lines)
                    .unwrap_or_else(|| {
                        panic!("{path} is rejected in the manifest but not listed in REJECTED")
                    });
                for &line in lines {
                    let caught = here
                        .iter()
                        .any(|d| d.severity == Severity::Error && position(ws, d).1 == line);
                    if !caught {
                        let found: Vec<String> = here.iter().map(|d| describe(ws, d)).collect();
                        problems.push(format!(
                            "{pass}: {path}: no error at line {line}; found {found:?}"
                        ));
                    }
                }
            }
            other => problems.push(format!("{path}: unexpected verdict {other}")),
        }
    }
    problems
}

#[test]
fn octodns_corpus_matches_what_octodns_accepts_and_rejects() {
    let verdicts = manifest();
    for (path, _) in REJECTED {
        assert_eq!(
            verdicts.get(*path).map(String::as_str),
            Some("reject"),
            "{path} is listed as rejected here but not in the manifest"
        );
    }
    let accepted = verdicts.values().filter(|v| *v == "accept").count();
    let rejected = verdicts.values().filter(|v| *v == "reject").count();
    assert!(accepted >= 50 && rejected == REJECTED.len());

    // As a repository: configs decide how their zone directories are read.
    let whole = load(vec![corpus().join("octodns")]);
    let mut problems = judge(&whole, &verdicts, "repository");
    // File by file, each named on the command line.
    let mut zones = 0;
    let mut records = 0;
    for path in verdicts.keys() {
        let ws = load(vec![corpus().join(path)]);
        zones += ws.zones.len();
        records += ws.zones.iter().map(|z| z.records.len()).sum::<usize>();
        let only: BTreeMap<String, String> = verdicts
            .iter()
            .filter(|(p, _)| *p == path)
            .map(|(p, v)| (p.clone(), v.clone()))
            .collect();
        problems.extend(judge(&ws, &only, "file by file"));
    }
    let configs = verdicts
        .keys()
        .filter(|p| {
            let text = std::fs::read_to_string(corpus().join(p)).unwrap();
            text.lines().any(|l| l.starts_with("providers:"))
        })
        .count();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    println!(
        "octoDNS corpus: {} YAML files. All {accepted} that octoDNS accepts ({configs} of them \
         configs) lint without a SYN diagnostic; all {rejected} it rejects get an error at each \
         problem line. As a repository: {} zones, {} records, {} diagnostics ({} SYN, all in \
         rejected files). File by file: {zones} zones, {records} records.",
        verdicts.len(),
        whole.zones.len(),
        whole.zones.iter().map(|z| z.records.len()).sum::<usize>(),
        whole.diagnostics.len(),
        whole
            .diagnostics
            .iter()
            .filter(|d| d.rule.family() == "SYN")
            .count(),
    );
}
