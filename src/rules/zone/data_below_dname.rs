//! ZONE012: records at a name below a DNAME.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "ZONE012",
    name: "data-below-dname",
    severity: Severity::Error,
    summary: "A name below a DNAME has records of its own",
    doc: include_str!("../../../rules/docs/ZONE012.md"),
    check: Some(check),
};

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    // Without a DNAME, no owner is below one: not a record of the zone need be read.
    if !project.has_dnames() {
        return;
    }
    for sets in zone.owners() {
        let owner = sets.first().owner();
        let Some(dname) = zone.dname_above(owner) else {
            continue;
        };
        // A DNAME at or below a delegation is the child zone's data, not in force here; the
        // names under it are glue or occluded data.
        if zone.cut_above(&dname.owner).is_some() {
            continue;
        }
        let first = sets.first().records[0];
        let types: Vec<String> = sets.iter().map(|s| s.rtype.to_string()).collect();
        out.push(
            Diagnostic::new(
                &RULE,
                first.owner_span(),
                format!(
                    "`{owner}` ({}) is below the DNAME at `{}`",
                    types.join(", "),
                    dname.owner
                ),
            )
            .with_label(dname.entry_span(), "the DNAME is here")
            .with_help(format!(
                "a DNAME redirects every name below `{}` (RFC 6672 §2.3), so these records are never served: remove them, or remove the DNAME",
                dname.owner
            )),
        );
    }
}
