//! ZONE029: an SRV target is an IP address written as a name.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::RType;
use crate::rules::Rule;
use crate::rules::zone::targets;

pub static RULE: Rule = Rule {
    code: "ZONE029",
    name: "srv-target-address",
    severity: Severity::Warning,
    summary: "An SRV target is an IP address literal instead of a host",
    doc: include_str!("../../../rules/docs/ZONE029.md"),
    check: Some(check),
};

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for target in targets::targets(zone, RType::SRV) {
        let Some(ip) = targets::address_literal(project, &target) else {
            continue;
        };
        let record_type = if ip.is_ipv4() { "A" } else { "AAAA" };
        out.push(
            Diagnostic::new(
                &RULE,
                target.span(),
                format!("SRV target `{ip}` is an IP address, not a host name"),
            )
            .with_help(format!(
                "clients look the target up as a name and find nothing; give the host a name \
                 (`host {record_type} {ip}`) and use that name as the target"
            )),
        );
    }
}
