//! ZONE010: more than one CNAME at one name; ZONE021: more than one DNAME.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::RType;
use crate::rules::Rule;
use crate::rules::zone::distinct_records;

pub static RULE: Rule = Rule {
    code: "ZONE010",
    name: "multiple-cname",
    severity: Severity::Error,
    summary: "A name has more than one CNAME record",
    doc: include_str!("../../../rules/docs/ZONE010.md"),
    check: Some(check),
};

pub static MULTIPLE_DNAME: Rule = Rule {
    code: "ZONE021",
    name: "multiple-dname",
    severity: Severity::Error,
    summary: "A name has more than one DNAME record",
    doc: include_str!("../../../rules/docs/ZONE021.md"),
    check: Some(check_dname),
};

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    check_singleton(project, zone, &RULE, out);
}

fn check_dname(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    check_singleton(project, zone, &MULTIPLE_DNAME, out);
}

/// CNAME and DNAME are singletons: one name, one target (RFC 1034 §3.6.2, RFC 6672 §2.4).
fn check_singleton(
    project: &Project<'_>,
    zone: &ZoneIndex<'_>,
    rule: &'static Rule,
    out: &mut Vec<Diagnostic>,
) {
    let rtype = if std::ptr::eq(rule, &RULE) {
        RType::CNAME
    } else {
        RType::DNAME
    };
    for set in zone.rrsets_of_several() {
        if set.rtype != rtype || !set.in_zone {
            continue;
        }
        // Identical copies are one record to BIND and Knot; duplicate-record reports them.
        let distinct = distinct_records(project, &set.records);
        let Some((first, others)) = distinct.split_first() else {
            continue;
        };
        let help = if rtype == RType::CNAME {
            "an alias points at exactly one name: keep one CNAME (RFC 1034 §3.6.2); to spread load, use A/AAAA records instead"
        } else {
            "a DNAME redirects a whole subtree to exactly one other name: keep one DNAME (RFC 6672 §2.4)"
        };
        for record in others {
            out.push(
                Diagnostic::new(
                    rule,
                    record.entry_span(),
                    format!("a second {rtype} for `{}`", set.owner()),
                )
                .with_label(first.entry_span(), format!("the first {rtype} is here"))
                .with_help(help),
            );
        }
    }
}
