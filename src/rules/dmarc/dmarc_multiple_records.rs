//! DMARC002: more than one DMARC record at `_dmarc.<domain>`; receivers then apply none
//! (RFC 7489 §6.6.3).

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::rules::Rule;
use crate::rules::dmarc::dmarc_by_owner;

pub static RULE: Rule = Rule {
    code: "DMARC002",
    name: "dmarc-multiple-records",
    severity: Severity::Error,
    summary: "A `_dmarc` name has more than one DMARC record, so receivers apply no DMARC policy",
    doc: include_str!("../../../rules/docs/DMARC002.md"),
    check: Some(check),
};

fn check(_project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for (owner, records) in dmarc_by_owner(zone) {
        // One finding per name, on the second record; the others are labels.
        let [first, second, rest @ ..] = records.as_slice() else {
            continue;
        };
        out.push(
            Diagnostic::new(
                &RULE,
                second.record.rdata_span(),
                format!(
                    "`{owner}` has {} DMARC records; receivers then apply no DMARC policy at all",
                    records.len()
                ),
            )
            .with_label(first.record.rdata_span(), "the first DMARC record is here")
            .with_labels(
                rest.iter()
                    .map(|r| (r.record.rdata_span(), "another DMARC record")),
            )
            .with_help(
                "RFC 7489 §6.6.3: when more than one `v=DMARC1` record remains, DMARC processing \
                 ends as if there were none. Keep one record with every tag you need.",
            ),
        );
    }
}
