//! ZONE033: data at or below a delegation that the zone never serves.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::RType;
use crate::name::Name;
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "ZONE033",
    name: "occluded-data",
    severity: Severity::Warning,
    summary: "Records at or below a delegation other than NS, DS, NSEC and glue are never served",
    doc: include_str!("../../../rules/docs/ZONE033.md"),
    check: Some(check),
};

/// Types a parent may hold at a delegation point (RFC 4035 §2.4, RFC 1034 §4.2.1).
const AT_DELEGATION: &[RType] = &[RType::NS, RType::DS, RType::NSEC, RType::RRSIG];

fn check(_project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for (record, cut) in zone.records_below_cuts() {
        // Addresses are glue or ZONE032's finding.
        if record.rtype == RType::A || record.rtype == RType::AAAA {
            continue;
        }
        let mut at_cut = record.owner.as_str().eq_ignore_ascii_case(cut);
        let mut cut = cut;
        if at_cut && AT_DELEGATION.contains(&record.rtype) {
            // A delegation inside another one (`box.escabox NS` below `escabox NS`): the
            // parent answers with the outer referral, and never serves the inner one.
            let Some(outer) = zone.cut_strictly_above(&record.owner) else {
                continue;
            };
            cut = outer;
            at_cut = false;
        }
        let cut_name =
            Name::from_ascii(&cut.to_ascii_lowercase()).unwrap_or_else(|_| zone.zone.apex.clone());
        let type_name = record.rtype;
        // Knot refuses a DNAME beside a delegation's NS ("NS record exists beside DNAME";
        // kzonecheck 3.2.6), as it refuses data below a DNAME (ZONE012); BIND loads it.
        let dname_at_cut = at_cut && record.rtype == RType::DNAME;
        let message = if dname_at_cut {
            format!(
                "DNAME record at the delegation `{cut_name}`: kzonecheck refuses the zone (\"NS record exists beside DNAME\"), and BIND serves the referral, never the DNAME"
            )
        } else if at_cut {
            format!(
                "{type_name} record at the delegation `{cut_name}`: only NS, DS and NSEC belong there, the rest is served by the child zone"
            )
        } else {
            format!(
                "{type_name} record `{}` lies below the delegation `{cut_name}`: it is never served",
                record.owner
            )
        };
        let mut diagnostic = Diagnostic::new(&RULE, record.type_span(), message).with_help(
            format!("move the record into the zone file of `{cut_name}`, or remove the delegation"),
        );
        if let Some(ns) = zone.at(&cut_name).find(|r| r.rtype == RType::NS) {
            diagnostic = diagnostic.with_label(ns.entry_span(), "the delegation is here");
        }
        if dname_at_cut {
            diagnostic = diagnostic.with_severity(Severity::Error);
        }
        out.push(diagnostic);
    }
}
