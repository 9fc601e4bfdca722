//! DMARC006: a domain's DMARC record enforces its policy (`p=quarantine` or `p=reject`) and
//! exempts its subdomains (`sp=none`): mail forged from any name below the domain, one that
//! exists or not, passes DMARC.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::dmarc::dmarc_at;
use crate::rules::tags::{parse_tag_list, piece_span, tag, tag_text};

pub static RULE: Rule = Rule {
    code: "DMARC006",
    name: "dmarc-subdomain-policy-none",
    severity: Severity::Info,
    summary: "A domain's DMARC record enforces its policy on the domain but sets `sp=none`: mail forged from any of its subdomains passes DMARC",
    doc: include_str!("../../../rules/docs/DMARC006.md"),
    check: Some(check),
};

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    // The zone's own domain, when it is a registered domain: a subdomain's `_dmarc` record
    // has no say over the names below it (receivers look up the organisational domain's `sp=`
    // for them, RFC 7489 §6.6.3).
    let apex = &zone.zone.apex;
    if !crate::name::is_registered_domain(apex) {
        return;
    }
    let Some(name) = Name::from_ascii("_dmarc")
        .ok()
        .and_then(|label| label.prepend_to(apex).ok())
    else {
        return;
    };
    let records: Vec<_> = dmarc_at(zone, &name).collect();
    // Several records are DMARC002's (none applies), one that does not read DMARC001's.
    let [dmarc] = records.as_slice() else {
        return;
    };
    let Ok(tags) = parse_tag_list(&dmarc.text) else {
        return;
    };
    let policy = tag(&tags, "p").unwrap_or_default().to_ascii_lowercase();
    if !matches!(policy.as_str(), "quarantine" | "reject") {
        return;
    }
    let Some(sp) = tags.iter().find(|t| t.name.eq_ignore_ascii_case("sp")) else {
        return;
    };
    if !sp.value.eq_ignore_ascii_case("none") {
        return;
    }
    let span = tag_text(&dmarc.text, sp).map_or(dmarc.record.rdata_span(), |written| {
        piece_span(project, dmarc.record, &dmarc.text, written)
    });
    let domain = apex.as_str().trim_end_matches('.');
    out.push(
        Diagnostic::new(
            &RULE,
            span,
            format!(
                "the DMARC record of `{apex}` enforces `p={policy}` on the domain but `sp=none` on its subdomains: mail forged from any name below it (`billing.{domain}`, existing or not) passes DMARC"
            ),
        )
        .with_help(
            "RFC 7489 §6.3: `sp` is the policy for the domain's subdomains, and receivers look \
             it up for mail from any name below the domain, names that do not exist included, \
             which phishers use. Remove `sp=none` (subdomains then take `p`), or set \
             `sp=quarantine` or `sp=reject`; a subdomain whose senders are not yet aligned can \
             have a `_dmarc` record of its own with `p=none` meanwhile.",
        ),
    );
}
