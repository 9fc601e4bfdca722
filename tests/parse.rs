//! Parser edge cases: each file in fixtures/parse/zonefile/ is loaded and its records (with the
//! position of each field) and diagnostics are snapshotted, so the parser's reading of every
//! construct is on record and reviewed.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use zonelint::model::{RData, Record};
use zonelint::source::{SourceMap, Span};
use zonelint::{CheckOptions, Workspace};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/parse/zonefile")
}

fn at(sources: &SourceMap, span: Span) -> String {
    let file = sources.get(span.file);
    let start = file.line_col(span.start as usize);
    format!("{}:{}:{}", file.display_path, start.line, start.column)
}

fn rdata(record: &Record) -> String {
    match &record.rdata {
        RData::A(ip) => ip.to_string(),
        RData::Aaaa(ip) => ip.to_string(),
        RData::Target(name) => name.to_string(),
        RData::Mx {
            preference,
            exchange,
        } => format!("{preference} {exchange}"),
        RData::Srv {
            priority,
            weight,
            port,
            target,
        } => format!("{priority} {weight} {port} {target}"),
        RData::Soa(soa) => format!(
            "{} {} {} {} {} {} {}",
            soa.mname, soa.rname, soa.serial, soa.refresh, soa.retry, soa.expire, soa.minimum
        ),
        RData::Txt(strings) => strings
            .iter()
            .map(|s| format!("{:?}", String::from_utf8_lossy(s)))
            .collect::<Vec<_>>()
            .join(" "),
        RData::Other => "(not modelled)".into(),
        RData::Invalid => "(invalid)".into(),
    }
}

fn dump(ws: &Workspace) -> String {
    let mut out = String::new();
    for zone in &ws.zones {
        writeln!(out, "zone {} ({} records)", zone.apex, zone.records.len()).unwrap();
        for record in &zone.records {
            let fields: Vec<String> = (0..record.spans.fields.len())
                .map(|i| at(&ws.sources, record.field_span(i)))
                .collect();
            writeln!(
                out,
                "  {} {} {} {} {} | {} | fields at {}",
                at(&ws.sources, record.owner_span()),
                record.owner,
                record.ttl,
                record.class,
                record.rtype,
                rdata(record),
                fields.join(", ")
            )
            .unwrap();
        }
    }
    let mut diagnostics: Vec<_> = ws.diagnostics.iter().collect();
    diagnostics.sort_by_key(|d| (d.span.file, d.span.start));
    for d in diagnostics {
        writeln!(
            out,
            "{} {} [{}] {}",
            at(&ws.sources, d.span),
            d.rule.code,
            d.severity,
            d.message
        )
        .unwrap();
    }
    out
}

#[test]
fn zone_file_edge_cases() {
    insta::glob!("../fixtures/parse/zonefile", "*.zone", |path| {
        let options = CheckOptions {
            paths: vec![path.to_path_buf()],
            cwd: fixtures(),
            origin: None,
            selection: Default::default(),
        };
        let ws = zonelint::load(&options).unwrap();
        insta::assert_snapshot!(dump(&ws));
    });
}
