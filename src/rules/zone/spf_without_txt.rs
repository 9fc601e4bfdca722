//! ZONE018: an SPF (type 99) record without the TXT record SPF is read from.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::{RData, RType};
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "ZONE018",
    name: "spf-without-txt",
    severity: Severity::Warning,
    summary: "A name has an SPF (type 99) record but no SPF policy in a TXT record",
    doc: include_str!("../../../rules/docs/ZONE018.md"),
    check: Some(check),
};

fn check(_project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    if !zone.has_type(RType::SPF) {
        return;
    }
    for sets in zone.owners() {
        let Some(spf) = sets.iter().find(|s| s.rtype == RType::SPF) else {
            continue;
        };
        if !spf.in_zone {
            continue;
        }
        // BIND's test: a TXT record whose text starts with `v=spf1`.
        let has_policy = sets
            .iter()
            .filter(|s| s.rtype == RType::TXT)
            .flat_map(|s| s.records)
            .any(|r| match &r.rdata {
                RData::Txt(strings, _) => {
                    let text: Vec<u8> = strings.iter().flatten().copied().collect();
                    text.len() >= 6 && text[..6].eq_ignore_ascii_case(b"v=spf1")
                }
                _ => false,
            });
        if has_policy {
            continue;
        }
        out.push(
            Diagnostic::new(
                &RULE,
                spf.records[0].type_span(),
                format!(
                    "`{}` has an SPF (type 99) record but no `v=spf1` TXT record",
                    spf.owner()
                ),
            )
            .with_help(
                "receivers read SPF only from TXT records (RFC 7208 §3.1, §14.1 retired type 99): publish the same policy as a TXT record, and drop the SPF record",
            ),
        );
    }
}
