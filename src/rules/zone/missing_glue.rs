//! ZONE031: a name server below a delegation of this zone has no glue.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::RType;
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::zone::targets::{self, has_address};

pub static RULE: Rule = Rule {
    code: "ZONE031",
    name: "missing-glue",
    severity: Severity::Error,
    summary: "A name server inside a delegated part of the zone has no glue address",
    doc: include_str!("../../../rules/docs/ZONE031.md"),
    check: Some(check),
};

fn check(_project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    if !targets::knows_its_names(zone) {
        return;
    }
    for target in targets::targets(zone, RType::NS) {
        let Some(cut) = zone.cut_above(target.name) else {
            continue;
        };
        if targets::below_dname(zone, target.name) {
            continue;
        }
        if has_address(zone.at(target.name)) {
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
