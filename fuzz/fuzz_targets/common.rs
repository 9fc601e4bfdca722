//! What the fuzz targets share: lint a workspace and render it in every format.

#![allow(dead_code)]

use clap::ValueEnum;
use zonelint::catalog::Catalog;
use zonelint::diagnostic::Diagnostic;
use zonelint::model::Zone;
use zonelint::report::{
    self, Format, FullStyle, Links, Outcome, SUMMARY_LIMIT, Summary, SummaryOptions,
};
use zonelint::source::{SourceMap, Span};

/// Run the rules and the suppressions over the zones, then render every format.
pub fn lint_and_render(sources: SourceMap, zones: &[Zone], mut diagnostics: Vec<Diagnostic>) {
    diagnostics.extend(zonelint::lint::lint(
        zones,
        &sources,
        Catalog::builtin(),
        &Default::default(),
        &Default::default(),
    ));
    let diagnostics = zonelint::suppress::apply(&sources, zones, diagnostics, |_, _| true);
    check_spans(&sources, zones, &diagnostics);
    render_all(Outcome {
        sources,
        diagnostics,
        summary: Summary::default(),
    });
}

/// Every span lies inside its file on character boundaries (the renderers rely on it).
pub fn check_spans(sources: &SourceMap, zones: &[Zone], diagnostics: &[Diagnostic]) {
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
    for d in diagnostics {
        check(d.span);
        d.labels.iter().for_each(|l| check(l.span));
    }
}

/// Every format's output, by name, with the Markdown job summary last.
pub fn render_all(outcome: Outcome) -> Vec<(String, String)> {
    let mut outputs = Vec::new();
    for &format in Format::value_variants() {
        let mut out = Vec::new();
        report::render(format, &outcome, FullStyle::plain(), true, &mut out).unwrap();
        let name = format.to_possible_value().unwrap().get_name().to_owned();
        outputs.push((name, String::from_utf8(out).expect("output is UTF-8")));
    }
    let options = SummaryOptions {
        links: Some(Links {
            blob_base: "https://github.com/o/r/blob/0/".into(),
            prefix: String::new(),
        }),
        budget: SUMMARY_LIMIT,
    };
    let mut out = Vec::new();
    report::render_summary(&outcome, &options, &mut out).unwrap();
    outputs.push((
        "summary".to_owned(),
        String::from_utf8(out).expect("summary is UTF-8"),
    ));
    outputs
}
