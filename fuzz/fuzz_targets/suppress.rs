//! Suppression comments: a fixed zone with arbitrary text after `; zonelint:` and `# zonelint:`
//! markers, in a zone file and in YAML, through the suppression reader and every renderer.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zonelint::model::{Class, Zone, ZoneFormat};
use zonelint::name::Name;
use zonelint::parse::zonefile::{ParseOptions, ParseState, parse};
use zonelint::source::{SourceFile, SourceMap};

#[path = "common.rs"]
mod common;

/// A zone whose records give findings to suppress (MX to a CNAME, a relative-looking target).
const ZONE: &str = "$TTL 300\n@ IN SOA ns1 host 1 2 3 4 5\n@ NS ns1\nns1 A 192.0.2.1\n\
@ MX 10 mail\nmail CNAME ns1\n@ MX 20 mx.example.net\n";

fuzz_target!(|bytes: &[u8]| {
    let comment = String::from_utf8_lossy(bytes);
    // The fuzzed text as a comment on each line and on lines of its own.
    let mut text = String::new();
    for (i, line) in ZONE.lines().enumerate() {
        text.push_str(line);
        if i % 2 == 0 {
            text.push_str(" ; zonelint: ");
            text.push_str(&comment.replace('\n', " "));
        }
        text.push('\n');
        if i % 3 == 1 {
            text.push_str("; zonelint:");
            text.push_str(&comment);
            text.push('\n');
        }
    }
    let mut sources = SourceMap::default();
    let file = sources.add(SourceFile::new(
        "fuzz.zone".into(),
        "fuzz.zone".into(),
        text.into_bytes(),
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
    let zones = vec![Zone {
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
    }];
    common::lint_and_render(sources, &zones, parsed.diagnostics);
});
