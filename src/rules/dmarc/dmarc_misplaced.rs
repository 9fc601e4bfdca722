//! DMARC003: a DMARC record at a name other than `_dmarc.<domain>`, where no receiver looks.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::rules::Rule;
use crate::rules::dmarc::{dmarc_like, is_report_authorisation};

pub static RULE: Rule = Rule {
    code: "DMARC003",
    name: "dmarc-misplaced",
    severity: Severity::Warning,
    summary: "A DMARC record is published at a name other than `_dmarc.<domain>`, where receivers never look",
    doc: include_str!("../../../rules/docs/DMARC003.md"),
    check: Some(check),
};

fn check(_project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for dmarc in dmarc_like(zone) {
        let owner = &dmarc.record.owner;
        // A report destination's `v=DMARC1` authorisation is in its place (DMARC004 asks for it).
        if dmarc.at_dmarc_name || is_report_authorisation(owner) {
            continue;
        }
        let expected = format!("_dmarc.{owner}");
        out.push(
            Diagnostic::new(
                &RULE,
                dmarc.record.owner_span(),
                format!("a DMARC record at `{owner}`: receivers look for it only at `{expected}`"),
            )
            .with_help(
                "RFC 7489 §6.1: the policy of a domain is the TXT record at `_dmarc.<domain>`. Move \
                 the record there (for a zone file, owner `_dmarc` relative to the domain).",
            ),
        );
    }
}
