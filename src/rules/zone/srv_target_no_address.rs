//! ZONE030: an SRV target inside a linted zone has no address record.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Lookup, Project, ZoneIndex};
use crate::rules::Rule;
use crate::rules::zone::targets::{self, Resolvable};

pub static RULE: Rule = Rule {
    code: "ZONE030",
    name: "srv-target-no-address",
    severity: Severity::Warning,
    summary: "An SRV target inside a linted zone has no A or AAAA record",
    doc: include_str!("../../../rules/docs/ZONE030.md"),
    check: Some(check),
};

fn check<'a>(project: &Project<'a>, zone: &ZoneIndex<'a>, out: &mut Vec<Diagnostic>) {
    // Target `.` says the service is not offered (RFC 2782): nothing to resolve.
    let resolved = targets::resolved(project, zone, Resolvable::Srv);
    for (target, found) in resolved.filter(|(t, _)| !t.name.is_root()) {
        let Some((target_zone, found)) = found else {
            if let Some(help) = targets::single_label_help(zone, target.name) {
                out.push(
                    Diagnostic::new(
                        &RULE,
                        target.span(),
                        format!(
                            "SRV target `{}` is a single label: no such host exists",
                            target.name
                        ),
                    )
                    .with_help(format!("clients find no address to connect to. {help}.")),
                );
            }
            continue;
        };
        // A root zone file (root hints, test data) is not the authority for every name its
        // service records mention, as for MX007.
        if !targets::knows_its_names(target_zone) || target_zone.zone.apex.is_root() {
            continue;
        }
        let hint = match found {
            Lookup::EmptyNonTerminal | Lookup::NxDomain => {
                targets::written_relative_hint(project, target.record, target.field)
            }
            _ => String::new(),
        };
        let Some(problem) =
            targets::missing_address(project, zone, &target, target_zone, found, "SRV")
        else {
            continue;
        };
        out.push(
            Diagnostic::new(&RULE, target.span(), problem).with_help(format!(
                "clients find no address to connect to; add an A or AAAA record for the target, \
                 or name a host that has one{hint}"
            )),
        );
    }
}
