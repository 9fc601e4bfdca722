//! Parser edge cases: each file in fixtures/parse/zonefile/ is loaded and its records (with the
//! position of each field) and diagnostics are snapshotted, so the parser's reading of every
//! construct is on record and reviewed.

use std::path::{Path, PathBuf};

use zonelint::CheckOptions;

use crate::common;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/parse/zonefile")
}

#[test]
fn zone_file_edge_cases() {
    insta::glob!("../../fixtures/parse/zonefile", "*.zone", |path| {
        let options = CheckOptions {
            paths: vec![path.to_path_buf()],
            cwd: fixtures(),
            origin: None,
            config: Default::default(),
            only_zones: false,
            stdin_filename: None,
            include_dir: None,
            limits: Default::default(),
            ..Default::default()
        };
        let ws = zonelint::load(&options).unwrap();
        insta::assert_snapshot!(common::dump(&ws.sources, &ws.zones, &ws.diagnostics));
    });
}

/// fixtures/parse/rdata-sweep-bind-knot.tsv records, for single records in a zone of their
/// own, whether named-checkzone 9.18.49, kzonecheck 3.2.6 and zonelint load them. zonelint's
/// column is what its parser does (a SYN error is a refusal; the structure rules judge the
/// zone, not the record), and it agrees with BIND's but for the differences the file's header
/// names.
#[test]
fn rdata_sweep_verdicts_hold() {
    const KNOWN_BIND_DIFFERENCES: &[&str] = &[
        "https IN HTTPS 1 . key1=h2",
        "a IN NSEC3 1 0 0 - 0123456789ABCDEFGHIJKLMNOPQRSTUV",
        "e IN ZONEMD 1 1 240 0123",
        "naptr IN NAPTR 100 10 \"u\" \"E2U+sip\" \"!*a!x!\" .",
        "naptr IN NAPTR 100 10 \"u\" \"E2U+sip\" \"!a|!x!\" .",
    ];
    let table = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/parse/rdata-sweep-bind-knot.tsv"),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let zone = dir.path().join("example.com.zone");
    let mut wrong = Vec::new();
    let mut rows = 0;
    for line in table.lines().filter(|line| !line.starts_with('#')) {
        let fields: Vec<&str> = line.splitn(4, '\t').collect();
        let [bind, _knot, expected, record] = fields[..] else {
            panic!("rdata-sweep-bind-knot.tsv: not four columns: {line:?}");
        };
        rows += 1;
        std::fs::write(
            &zone,
            format!(
                "$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n\
                 @ IN NS ns1\nns1 IN A 192.0.2.1\n{record}\n"
            ),
        )
        .unwrap();
        let outcome = zonelint::check(&CheckOptions {
            paths: vec![zone.clone()],
            cwd: dir.path().to_path_buf(),
            ..Default::default()
        })
        .unwrap();
        let errors: Vec<String> = outcome
            .diagnostics
            .iter()
            .filter(|d| d.severity == zonelint::diagnostic::Severity::Error)
            .filter(|d| d.rule.code.starts_with("SYN"))
            .map(|d| format!("{} {}", d.rule.code, d.message))
            .collect();
        let verdict = if errors.is_empty() { "ok" } else { "REF" };
        if verdict != expected {
            wrong.push(format!(
                "{record}: listed {expected}, zonelint {verdict} {errors:?}"
            ));
        }
        if (bind != expected) != KNOWN_BIND_DIFFERENCES.contains(&record) {
            wrong.push(format!("{record}: BIND {bind}, zonelint column {expected}"));
        }
    }
    assert!(rows > 100, "{rows} rows");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
