//! SPF006: an SPF record with neither `all` nor `redirect=`: other hosts get `neutral`.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::RType;
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::spf::{Term, single_spf};

pub static RULE: Rule = Rule {
    code: "SPF006",
    name: "spf-no-all",
    severity: Severity::Warning,
    summary: "The SPF record ends without `all` or `redirect=`, so every other host gets `neutral`",
    doc: include_str!("../../../rules/docs/SPF006.md"),
    check: Some(check),
};

/// Whether `owner` holds TXT records and nothing else: no mail host, no address, so no
/// domain mail is sent from or received at. Its SPF record is a sender list other domains'
/// records include (`spf-eu`, `_spf`), whether or not their zones are in this run (a hook
/// passes only the files changed, and such lists serve other repositories' domains too).
fn only_text_at(zone: &ZoneIndex<'_>, owner: &Name) -> bool {
    zone.at(owner).all(|record| record.rtype == RType::TXT)
}

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for spf in single_spf(zone) {
        // A record SPF003 reports (a term that does not parse, or `-all` run into the term
        // before it) is not one receivers read to its end.
        let terms = spf.parse();
        if !terms.errors.is_empty() || !spf.glued_terms().is_empty() {
            continue;
        }
        if terms.terms.iter().any(Term::ends_policy) {
            continue;
        }
        // An included record needs no `all` of its own.
        let owner = &spf.record.owner;
        if project.is_spf_referenced(owner) || only_text_at(zone, owner) {
            continue;
        }
        out.push(
            Diagnostic::new(
                &RULE,
                spf.record.rdata_span(),
                format!(
                    "the SPF record of `{}` has no `all` and no `redirect=`: every host it does not list gets `neutral`",
                    spf.record.owner
                ),
            )
            .with_help(
                "RFC 7208 §4.7: with no match and no redirect the result is `neutral`, which receivers \
                 treat like no SPF. End the record with `-all` (or `~all` while you find every sender).",
            ),
        );
    }
}
