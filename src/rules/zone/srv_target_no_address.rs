//! ZONE030: an SRV target inside a linted zone has no address record.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Lookup, Project, ZoneIndex};
use crate::model::RType;
use crate::rules::Rule;
use crate::rules::names::missing_trailing_dot;
use crate::rules::zone::targets::{self, alias, has_address};

pub static RULE: Rule = Rule {
    code: "ZONE030",
    name: "srv-target-no-address",
    severity: Severity::Warning,
    summary: "An SRV target inside a linted zone has no A or AAAA record",
    doc: include_str!("../../../rules/docs/ZONE030.md"),
    check: Some(check),
};

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    // Target `.` says the service is not offered (RFC 2782): nothing to resolve.
    for target in targets::targets(zone, RType::SRV).filter(|t| !t.name.is_root()) {
        let Some((target_zone, found)) = targets::lookup(project, zone, target.name) else {
            continue;
        };
        // A root zone file (root hints, test data) is not the authority for every name its
        // service records mention, as for MX007.
        if !targets::knows_its_names(target_zone) || target_zone.zone.apex.is_root() {
            continue;
        }
        let apex = &target_zone.zone.apex;
        let problem = match found {
            Lookup::Found(records) | Lookup::Wildcard(records) => {
                if has_address(&records) || alias(&records).is_some() {
                    continue;
                }
                format!(
                    "SRV target `{}` has no A or AAAA record in zone `{apex}`",
                    target.name
                )
            }
            Lookup::Delegated(_) => continue,
            Lookup::EmptyNonTerminal | Lookup::NxDomain => {
                format!(
                    "SRV target `{}` does not exist in zone `{apex}`",
                    target.name
                )
            }
        };
        // An address literal has its own rule; a forgotten final dot is NAME001's finding.
        if targets::address_literal(project, &target).is_some()
            || missing_trailing_dot::suspect(project, zone, target.record, target.field).is_some()
        {
            continue;
        }
        out.push(Diagnostic::new(&RULE, target.span(), problem).with_help(
            "clients find no address to connect to; add an A or AAAA record for the target, \
                 or name a host that has one",
        ));
    }
}
