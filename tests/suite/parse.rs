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
