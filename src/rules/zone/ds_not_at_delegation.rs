//! ZONE016: a DS record at the apex or away from a delegation.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::RType;
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "ZONE016",
    name: "ds-not-at-delegation",
    severity: Severity::Error,
    summary: "A DS record is at the apex, or at a name that is not delegated",
    doc: include_str!("../../../rules/docs/ZONE016.md"),
    check: Some(check),
};

fn check(_project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    if !zone.has_type(RType::DS) {
        return;
    }
    let apex = &zone.zone.apex;
    for set in zone.rrsets() {
        if set.rtype != RType::DS || !set.in_zone {
            continue;
        }
        let ds = set.records[0];
        let diagnostic = if set.owner() == apex {
            Diagnostic::new(
                &RULE,
                ds.type_span(),
                format!("DS record at the zone's apex `{apex}`"),
            )
            .with_help(
                "a zone's DS records belong in its parent zone, at the delegation (RFC 4034 §5): remove them here and give them to the parent's operator or registrar",
            )
        } else if zone.cut_above(set.owner()).is_some() {
            // At a delegation, where it belongs; below one, it is occluded data.
            continue;
        } else {
            Diagnostic::new(
                &RULE,
                ds.type_span(),
                format!("DS record at `{}`, which is not delegated", set.owner()),
            )
            .with_help(format!(
                "a DS record describes the key of a child zone, so it stands beside the NS records that delegate it (RFC 4034 §5): add the delegation's NS records at `{}`, or remove the DS",
                set.owner()
            ))
        };
        out.push(diagnostic);
    }
}
