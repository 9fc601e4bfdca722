//! The octoDNS reader (YAML tree, classification, config, lowering, key order), the rules and
//! every renderer on arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zonelint::model::{Class, Zone, ZoneFormat};
use zonelint::name::Name;
use zonelint::parse::octodns::{
    self, Evidence, Includes, KeyOrder, ZoneDocument, ZoneOptions, config,
};
use zonelint::source::{SourceFile, SourceMap};

#[path = "common.rs"]
mod common;

fuzz_target!(|bytes: &[u8]| {
    let mut sources = SourceMap::default();
    let file = sources.add(SourceFile::new(
        "example.com.yaml".into(),
        "example.com.yaml".into(),
        bytes.to_vec(),
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
    common::lint_and_render(sources, &zones, diagnostics);
});
