//! SPF011: an SPF policy published as TXT and again as the retired SPF type (99).

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::RType;
use crate::rules::Rule;
use crate::rules::spf::{read_spf, spf_records};

pub static RULE: Rule = Rule {
    code: "SPF011",
    name: "spf-type99-record",
    severity: Severity::Warning,
    summary: "An SPF policy is also published as type SPF (99), a retired copy nothing reads",
    doc: include_str!("../../../rules/docs/SPF011.md"),
    check: Some(check),
};

fn check(_project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for record in zone.of_type(RType::SPF) {
        // A type-99 record with no TXT copy is ZONE018 (BIND's check-spf): one finding, there.
        if read_spf(record).is_none() || spf_records(zone, &record.owner).is_empty() {
            continue;
        }
        let owner = &record.owner;
        out.push(
            Diagnostic::new(
                &RULE,
                record.type_span(),
                format!(
                    "`{owner}` publishes its SPF record also as type SPF (99), which nothing reads"
                ),
            )
            .with_help(
                "RFC 7208 §3.1: SPF records are published as TXT only; type 99 was retired (§14.1). \
                 Remove the SPF-type record and keep the TXT one (and keep only one copy up to date).",
            ),
        );
    }
}
