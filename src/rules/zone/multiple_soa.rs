//! ZONE007: more than one SOA record at the apex.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::RType;
use crate::rules::Rule;
use crate::rules::zone::distinct_records;

pub static RULE: Rule = Rule {
    code: "ZONE007",
    name: "multiple-soa",
    severity: Severity::Error,
    summary: "The apex has more than one SOA record",
    doc: include_str!("../../../rules/docs/ZONE007.md"),
    check: Some(check),
};

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    let apex = &zone.zone.apex;
    let Some(set) = zone
        .rrsets()
        .find(|s| s.rtype == RType::SOA && s.owner() == apex)
    else {
        return;
    };
    // Identical copies (an AXFR dump repeats the SOA at the end) are one record to BIND;
    // duplicate-record reports them.
    let distinct = distinct_records(project, &set.records);
    let Some((first, others)) = distinct.split_first() else {
        return;
    };
    for soa in others {
        out.push(
            Diagnostic::new(
                &RULE,
                soa.entry_span(),
                format!("a second, different SOA record for `{apex}`"),
            )
            .with_label(first.entry_span(), "the first SOA is here")
            .with_help("keep one SOA record: a zone has exactly one (RFC 1035 §5.2)"),
        );
    }
}
