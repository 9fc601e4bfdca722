//! Helpers the test files share: a readable dump of a workspace's records and diagnostics, and
//! the span and rendering checks of the robustness tests; a JSON Schema validator for SARIF.

#![allow(dead_code)]

pub mod json_schema;

use std::fmt::Write;

use zonelint::diagnostic::Diagnostic;
use zonelint::model::{RData, Record, Zone};
use zonelint::source::{SourceMap, Span};

/// `path:line:column` of a span's start.
pub fn at(sources: &SourceMap, span: Span) -> String {
    let file = sources.get(span.file);
    let start = file.line_col(span.start as usize);
    format!("{}:{}:{}", file.display_path, start.line, start.column)
}

/// RDATA as the snapshots show it.
pub fn rdata(record: &Record) -> String {
    match &record.rdata {
        RData::A(ip) => ip.to_string(),
        RData::Aaaa(ip) => ip.to_string(),
        RData::Target(name) => name.to_string(),
        RData::AddressAlias(target) => format!("(alias to {target})"),
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
        RData::Txt(strings, _) => strings
            .iter()
            .map(|s| format!("{:?}", String::from_utf8_lossy(s)))
            .collect::<Vec<_>>()
            .join(" "),
        RData::Other => "(not modelled)".into(),
        RData::Invalid => "(invalid)".into(),
    }
}

/// Every record with the position of each field, then every diagnostic.
pub fn dump(sources: &SourceMap, zones: &[Zone], diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for zone in zones {
        writeln!(out, "zone {} ({} records)", zone.apex, zone.records.len()).unwrap();
        for record in &zone.records {
            let fields: Vec<String> = (0..record.spans.field_count())
                .map(|i| at(sources, record.field_span(i)))
                .collect();
            writeln!(
                out,
                "  {} {} {} {} {} | {} | fields at {}",
                at(sources, record.owner_span()),
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
    let mut sorted: Vec<&Diagnostic> = diagnostics.iter().collect();
    sorted.sort_by_key(|d| (d.span.file, d.span.start));
    for d in sorted {
        writeln!(
            out,
            "{} {} [{}] {}",
            at(sources, d.span),
            d.rule.code,
            d.severity,
            d.message
        )
        .unwrap();
    }
    out
}

/// Every span of every record and diagnostic lies inside its file on character boundaries,
/// and every format renders the diagnostics.
pub fn check_spans_and_render(sources: SourceMap, zones: &[Zone], diagnostics: Vec<Diagnostic>) {
    use clap::ValueEnum;
    use zonelint::report::{
        self, Format, FullStyle, Links, Outcome, SUMMARY_LIMIT, Summary, SummaryOptions,
    };
    let check = |span: Span| {
        let text = &sources.get(span.file).text;
        assert!(
            span.start <= span.end && span.end as usize <= text.len(),
            "span {span:?} outside the file"
        );
        assert!(
            text.is_char_boundary(span.start as usize) && text.is_char_boundary(span.end as usize),
            "span {span:?} splits a character"
        );
    };
    for record in zones.iter().flat_map(|z| &z.records) {
        check(record.entry_span());
        check(record.owner_span());
        check(record.type_span());
        (0..record.spans.field_count()).for_each(|i| check(record.field_span(i)));
    }
    for d in &diagnostics {
        check(d.span);
        d.labels.iter().for_each(|l| check(l.span));
    }
    let outcome = Outcome {
        sources,
        diagnostics,
        summary: Summary::default(),
    };
    for &format in Format::value_variants() {
        report::render(format, &outcome, FullStyle::plain(), true, &mut Vec::new()).unwrap();
    }
    let links = Links {
        blob_base: "https://github.com/o/r/blob/0/".into(),
        prefix: String::new(),
    };
    let options = SummaryOptions {
        links: Some(links),
        budget: SUMMARY_LIMIT,
    };
    report::render_summary(&outcome, &options, &mut Vec::new()).unwrap();
}

/// The property tests' settings. 100 cases each by default, so that a plain `cargo test`
/// stays quick; `PROPTEST_CASES` asks for more (`.ci/run` runs 300, as many as these tests
/// always ran). proptest's XorShift generator instead of its default ChaCha20, which in an
/// unoptimised test build took a third of these tests' time making random numbers: any
/// generator serves to find the inputs that break a parser.
pub fn proptest_config() -> proptest::test_runner::Config {
    let asked = std::env::var_os("PROPTEST_CASES").is_some();
    let defaults = proptest::test_runner::Config::default();
    proptest::test_runner::Config {
        cases: if asked { defaults.cases } else { 100 },
        rng_algorithm: proptest::test_runner::RngAlgorithm::XorShift,
        ..defaults
    }
}

/// One change to a file's bytes, for the property tests that mutate real zones.
#[derive(Debug, Clone)]
pub enum Mutation {
    Flip(usize, u8),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Truncate(usize),
}

/// Mutations that flip any byte, delete or truncate anywhere, or insert one of `special`
/// (the bytes that steer a parser into its interesting paths).
pub fn mutation(special: Vec<Vec<u8>>) -> impl proptest::strategy::Strategy<Value = Mutation> {
    use proptest::prelude::*;
    let special = prop::sample::select(special);
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Flip(at, byte)),
        (any::<usize>(), special).prop_map(|(at, bytes)| Mutation::Insert(at, bytes)),
        (any::<usize>(), 1usize..64).prop_map(|(at, len)| Mutation::Delete(at, len)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

/// `bytes` with `mutations` applied in order (positions wrap around the length).
pub fn apply_mutations(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let len = bytes.len().max(1);
        match m {
            Mutation::Flip(at, byte) => {
                if !bytes.is_empty() {
                    bytes[at % len] = *byte;
                }
            }
            Mutation::Insert(at, new) => {
                let i = at % (bytes.len() + 1);
                bytes.splice(i..i, new.iter().copied());
            }
            Mutation::Delete(at, n) => {
                let i = at % len;
                let end = (i + n).min(bytes.len());
                if i < end {
                    bytes.drain(i..end);
                }
            }
            Mutation::Truncate(at) => bytes.truncate(at % len),
        }
    }
    bytes
}
