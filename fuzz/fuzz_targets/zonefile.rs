//! The BIND zone-file parser, the rules and every renderer on arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zonelint::model::{Class, Zone, ZoneFormat};
use zonelint::name::Name;
use zonelint::parse::zonefile::{ParseOptions, ParseState, parse};
use zonelint::source::{SourceFile, SourceMap};

#[path = "common.rs"]
mod common;

fuzz_target!(|bytes: &[u8]| {
    let mut sources = SourceMap::default();
    let file = sources.add(SourceFile::new(
        "fuzz.zone".into(),
        "fuzz.zone".into(),
        bytes.to_vec(),
    ));
    let origin = Name::from_ascii("example.com.").unwrap();
    let state = ParseState {
        origin: Some(origin.clone()),
        ..ParseState::default()
    };
    // Small, so a `$GENERATE` does not make every input slow.
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
