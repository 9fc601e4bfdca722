//! SPF011: an SPF record published as the retired SPF type (99).

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::RType;
use crate::rules::Rule;
use crate::rules::spf::{read_spf, spf_records};

pub static RULE: Rule = Rule {
    code: "SPF011",
    name: "spf-type99-record",
    severity: Severity::Warning,
    summary: "An SPF record is published as type SPF (99), which receivers no longer query",
    doc: include_str!("../../../rules/docs/SPF011.md"),
    check: Some(check),
};

fn check(_project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for record in zone.zone.records.iter().filter(|r| r.rtype == RType::SPF) {
        if read_spf(record).is_none() {
            continue;
        }
        let owner = &record.owner;
        let has_txt = !spf_records(zone, owner).is_empty();
        let (message, help) = if has_txt {
            (
                format!(
                    "`{owner}` publishes its SPF record also as type SPF (99), which nothing reads"
                ),
                "RFC 7208 §3.1: SPF records are published as TXT only; type 99 was retired (§14.1). \
                 Remove the SPF-type record and keep the TXT one (and keep only one copy up to date).",
            )
        } else {
            (
                format!(
                    "`{owner}` publishes SPF only as type SPF (99): receivers query TXT and find no SPF record"
                ),
                "RFC 7208 §3.1: SPF records are published as TXT only; type 99 was retired (§14.1). \
                 Publish the same text as a TXT record.",
            )
        };
        out.push(Diagnostic::new(&RULE, record.type_span(), message).with_help(help));
    }
}
