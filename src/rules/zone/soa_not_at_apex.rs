//! ZONE006: an SOA record below the apex.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::RType;
use crate::rules::Rule;
use crate::rules::zone::in_zone;

pub static RULE: Rule = Rule {
    code: "ZONE006",
    name: "soa-not-at-apex",
    severity: Severity::Error,
    summary: "An SOA record is owned by a name below the zone's apex",
    doc: include_str!("../../../rules/docs/ZONE006.md"),
    check: Some(check),
};

fn check(_project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    let apex = &zone.zone.apex;
    let apex_soa = zone.at(apex).find(|r| r.rtype == RType::SOA);
    // An SOA outside the zone is out-of-zone data, reported as such.
    for soa in zone
        .zone
        .records
        .iter()
        .filter(|r| r.rtype == RType::SOA && &r.owner != apex && in_zone(zone, r))
    {
        let mut diagnostic = Diagnostic::new(
            &RULE,
            soa.owner_span(),
            format!(
                "SOA record at `{}`, below the zone's apex `{apex}`",
                soa.owner
            ),
        )
        .with_help(format!(
            "a zone has one SOA, at its apex; to make `{}` a zone of its own, delegate it with NS records here and put its SOA in its own zone file",
            soa.owner
        ));
        if let Some(apex_soa) = apex_soa {
            diagnostic = diagnostic.with_label(apex_soa.owner_span(), "the zone's SOA is here");
        }
        out.push(diagnostic);
    }
}
