//! ZONE031: a name server below a delegation of this zone has no glue.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Lookup, Project, ZoneIndex};
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::zone::targets::{self, Resolvable, has_address};

pub static RULE: Rule = Rule {
    code: "ZONE031",
    name: "missing-glue",
    severity: Severity::Error,
    summary: "A name server inside a delegated part of the zone has no glue address",
    doc: include_str!("../../../rules/docs/ZONE031.md"),
    check: Some(check),
};

fn check<'a>(project: &Project<'a>, zone: &ZoneIndex<'a>, out: &mut Vec<Diagnostic>) {
    if !targets::knows_its_names(zone) {
        return;
    }
    for (target, found) in targets::resolved(project, zone, Resolvable::Ns) {
        // The cut first: the glue is looked for only below one.
        let (cut, has_glue) = match found {
            // This zone answers for the target: its kept place tells (a target below a DNAME
            // this zone serves is left out there).
            Some((target_zone, found)) if std::ptr::eq(target_zone.zone, zone.zone) => {
                let Some(cut) = targets::cut_above_found(zone, target.name, &found) else {
                    continue;
                };
                let has_glue =
                    matches!(&found, Lookup::Found(records) if has_address(records.iter()));
                (cut, has_glue)
            }
            // Another linted zone does (one delegated from this zone) or none: ask this zone.
            _ => {
                let Some(cut) = zone.cut_above(target.name) else {
                    continue;
                };
                if targets::below_dname(zone, target.name) {
                    continue;
                }
                (cut, has_address(zone.at(target.name)))
            }
        };
        if has_glue {
            continue;
        }
        let owner = &target.record.owner;
        // Required glue: the server is inside the very zone it serves, so a resolver can only
        // learn its address from this zone. Sibling glue (a server inside another delegation)
        // can still be found by following that delegation, if it works.
        let required = *owner != zone.zone.apex && target.name.is_subdomain_of(owner);
        let diagnostic = if required {
            Diagnostic::new(
                &RULE,
                target.span(),
                format!(
                    "name server `{}` of `{owner}` lies inside the delegated zone and has no glue (A or AAAA)",
                    target.name
                ),
            )
            .with_help(format!(
                "resolvers cannot reach `{owner}` without the address; add `{} A <address>` (or AAAA) to this zone",
                target.name
            ))
        } else {
            let cut_name =
                Name::from_ascii(&cut.to_ascii_lowercase()).unwrap_or_else(|_| owner.clone());
            Diagnostic::new(
                &RULE,
                target.span(),
                format!(
                    "name server `{}` lies inside the delegation `{cut_name}` and has no glue (A or AAAA)",
                    target.name
                ),
            )
            .with_severity(Severity::Warning)
            .with_help(format!(
                "resolvers must first follow the delegation to `{cut_name}` to find the address; add `{} A <address>` (or AAAA) as glue",
                target.name
            ))
        };
        out.push(diagnostic);
    }
}
