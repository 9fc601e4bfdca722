//! SPF002: more than one SPF record at a name; receivers return permerror (RFC 7208 §4.5).

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::rules::Rule;
use crate::rules::spf::spf_by_owner;

pub static RULE: Rule = Rule {
    code: "SPF002",
    name: "spf-multiple-records",
    severity: Severity::Error,
    summary: "A name has more than one SPF record, so SPF fails with permerror",
    doc: include_str!("../../../rules/docs/SPF002.md"),
    check: Some(check),
};

fn check(_project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for (owner, records) in spf_by_owner(zone) {
        // One finding per name, on the second record; the others are labels.
        let [first, second, rest @ ..] = records.as_slice() else {
            continue;
        };
        out.push(
            Diagnostic::new(
                &RULE,
                second.record.rdata_span(),
                format!(
                    "`{owner}` has {} SPF records; receivers treat that as a permerror and SPF fails for all of them",
                    records.len()
                ),
            )
            .with_label(first.record.rdata_span(), "the first SPF record is here")
            .with_labels(rest.iter().map(|r| (r.record.rdata_span(), "another SPF record")))
            .with_help(
                "Merge them into one `v=spf1` record: keep every mechanism once, and one `all` at the end.",
            ),
        );
    }
}
