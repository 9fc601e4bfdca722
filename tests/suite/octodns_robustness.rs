//! Bad YAML is the normal case: the octoDNS reader (YAML tree, classification, config,
//! lowering, key order) and the rules must return, never panic, on any bytes, and every span
//! must lie inside its file on character boundaries so that every output format renders it.

use proptest::prelude::*;

use zonelint::catalog::Catalog;
use zonelint::model::{Class, Zone, ZoneFormat};
use zonelint::name::Name;
use zonelint::parse::octodns::{
    self, Evidence, Includes, KeyOrder, ZoneDocument, ZoneOptions, config,
};
use zonelint::source::{SourceFile, SourceMap};

use crate::common;

/// Read one YAML file as a zone and as a config, lint it and render it; check every span.
fn lint_yaml(bytes: Vec<u8>) {
    let mut sources = SourceMap::default();
    let file = sources.add(SourceFile::new(
        "fuzz.example.com.yaml".into(),
        "fuzz.example.com.yaml".into(),
        bytes,
    ));
    let document = octodns::parse(file, &sources.get(file).text);
    let _ = octodns::classify(&document, Evidence::Nothing);
    let _ = config::read(&document);
    let apex = Name::from_ascii("example.com.").unwrap();
    let options = ZoneOptions::default();
    let lowered = octodns::lower_zone(
        &apex,
        &[ZoneDocument {
            document: &document,
            options: &options,
            replaces: false,
        }],
        &Includes::new(),
    );
    let mut diagnostics = document.diagnostics.clone();
    diagnostics.extend(octodns::check_key_order(&document, KeyOrder::Natural));
    diagnostics.extend(lowered.diagnostics);
    let zones = vec![Zone {
        apex,
        class: Class::IN,
        format: ZoneFormat::OctoDns,
        files: vec![file],
        records: lowered.records,
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
    }];
    diagnostics.extend(zonelint::lint::lint(
        &zones,
        &sources,
        Catalog::builtin(),
        &Default::default(),
        &Default::default(),
    ));
    common::check_spans_and_render(sources, &zones, diagnostics);
}

/// Fragments that steer random text into YAML's and octoDNS's interesting paths.
fn yaml_fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\n".to_string()),
        Just("\n  ".to_string()),
        Just("\n    - ".to_string()),
        Just(" ".to_string()),
        Just("\t".to_string()),
        Just(": ".to_string()),
        Just("- ".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just(", ".to_string()),
        Just("'".to_string()),
        Just("\"".to_string()),
        Just("\\".to_string()),
        Just("#".to_string()),
        Just("&a ".to_string()),
        Just("*a".to_string()),
        Just("<<: ".to_string()),
        Just("!include ".to_string()),
        Just("!!str ".to_string()),
        Just("? ".to_string()),
        Just("|\n".to_string()),
        Just("---\n".to_string()),
        Just("''".to_string()),
        Just("\u{feff}".to_string()),
        Just("é".to_string()),
        Just("日本".to_string()),
        prop::sample::select(vec![
            "type",
            "value",
            "values",
            "ttl",
            "octodns",
            "exchange",
            "preference",
            "priority",
            "target",
            "port",
            "weight",
            "lenient",
            "ignored",
            "healthcheck",
            "protocol",
            "geo",
            "dynamic",
            "pools",
            "rules",
            "svcparams",
            "svcpriority",
            "targetname",
            "flags",
            "tag",
            "A",
            "AAAA",
            "MX",
            "CNAME",
            "TXT",
            "SRV",
            "CAA",
            "NS",
            "LOC",
            "NAPTR",
            "SSHFP",
            "TLSA",
            "SVCB",
            "HTTPS",
            "URLFWD",
            "ALIAS",
            "DS",
            "SOA",
            "SPF",
            "Route53Provider/ALIAS",
            "no",
            "on",
            "0755",
            "1:30",
            "null",
            "~",
            ".",
            "@",
        ])
        .prop_map(str::to_string),
        "[0-9]{1,12}".prop_map(|s| s),
        "[a-z0-9-]{1,8}(\\.[a-z0-9-]{1,8}){0,3}\\.?".prop_map(|s| s),
        "(25[0-5]|1?[0-9]{1,2})(\\.(25[0-5]|1?[0-9]{1,2})){3}".prop_map(|s| s),
    ]
}

fn yaml_files() -> &'static [Vec<u8>] {
    static FILES: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    FILES.get_or_init(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut files = Vec::new();
        let mut stack = vec![
            root.join("corpus/octodns"),
            root.join("parse/octodns"),
            root.join("rules"),
            root.join("repos"),
        ];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                    files.push(std::fs::read(&path).unwrap());
                }
            }
        }
        files.sort();
        files
    })
}

fn mutation() -> impl Strategy<Value = common::Mutation> {
    common::mutation(vec![
        b":".to_vec(),
        b"- ".to_vec(),
        b"[".to_vec(),
        b"{".to_vec(),
        b"'".to_vec(),
        b"\"".to_vec(),
        b"\t".to_vec(),
        b"\n".to_vec(),
        b"  ".to_vec(),
        b"\0".to_vec(),
        b"\xff\xfe".to_vec(),
        b"&x ".to_vec(),
        b"*x".to_vec(),
        b"<<: ".to_vec(),
        b"!include ../x.yaml".to_vec(),
        b" 99999999999999999999999 ".to_vec(),
    ])
}

/// Inputs the fuzzers crashed on (fixtures/fuzz/octodns/), each a regression test.
#[test]
fn fuzz_crashes_stay_fixed() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/fuzz/octodns");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no cases in {}", dir.display());
    for file in files {
        lint_yaml(std::fs::read(&file).unwrap());
    }
}

proptest! {
    #![proptest_config(common::proptest_config())]

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        lint_yaml(bytes);
    }

    #[test]
    fn yaml_like_text(fragments in prop::collection::vec(yaml_fragment(), 0..200)) {
        lint_yaml(fragments.concat().into_bytes());
    }

    #[test]
    fn mutated_yaml_files(index in any::<prop::sample::Index>(), mutations in prop::collection::vec(mutation(), 1..8)) {
        let files = yaml_files();
        let original = files[index.index(files.len())].clone();
        lint_yaml(common::apply_mutations(original, &mutations));
    }
}
