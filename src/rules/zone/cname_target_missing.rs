//! ZONE047: a CNAME whose target lies inside a linted zone, where it does not exist.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Lookup, Project, ZoneIndex};
use crate::model::{RData, RType};
use crate::rules::Rule;
use crate::rules::names::missing_trailing_dot::speaks_for;
use crate::rules::zone::targets::{self, Target};

pub static RULE: Rule = Rule {
    code: "ZONE047",
    name: "cname-target-missing",
    severity: Severity::Warning,
    summary: "A CNAME's target lies inside a linted zone and does not exist there",
    doc: include_str!("../../../rules/docs/ZONE047.md"),
    check: Some(check),
};

fn check<'a>(project: &Project<'a>, zone: &ZoneIndex<'a>, out: &mut Vec<Diagnostic>) {
    for record in zone.of_type(RType::CNAME) {
        let RData::Target(name) = &record.rdata else {
            continue;
        };
        let Some(target_zone) = project.zone_for(name, zone) else {
            continue;
        };
        // A zone that did not read cleanly may miss the name; a root zone file (hints, test
        // data) is not the authority for every name.
        if !targets::knows_its_names(target_zone) || target_zone.zone.apex.is_root() {
            continue;
        }
        // Nearly every target exists: the lookup first, the rarer questions after it.
        let what = match target_zone.lookup(name) {
            Lookup::NxDomain => "does not exist",
            Lookup::EmptyNonTerminal => "has no records (only names below it do)",
            _ => continue,
        };
        let target = Target {
            record,
            name,
            field: 0,
        };
        // A DNAME above the name redirects it (ZONE039); records zonelint does not model
        // (octoDNS `ignored`, URLFWD) may be there; a name NAME001 says lost its final dot, or
        // an address written as a name (ZONE045), is those rules' finding.
        if targets::below_dname(target_zone, name)
            || target_zone.zone.holds_unmodelled(name)
            || speaks_for(project, zone, record, 0)
            || targets::address_literal(project, &target).is_some()
        {
            continue;
        }
        let hint = targets::written_relative_hint(project, record, 0);
        out.push(
            Diagnostic::new(
                &RULE,
                target.span(),
                format!(
                    "CNAME `{}` points to `{name}`, which {what} in zone `{}`",
                    record.owner, target_zone.zone.apex
                ),
            )
            .with_help(format!(
                "Every lookup of `{}` follows the alias and ends without an answer (NXDOMAIN, or \
                 no data). Point the CNAME at a name that exists, or add the records it should \
                 find{hint}",
                record.owner
            )),
        );
    }
}
