//! ZONE026: an NS target is an IP address written as a name.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::RType;
use crate::rules::Rule;
use crate::rules::zone::targets;

pub static RULE: Rule = Rule {
    code: "ZONE026",
    name: "ns-target-address",
    severity: Severity::Warning,
    summary: "An NS record names an IP address literal instead of a host",
    doc: include_str!("../../../rules/docs/ZONE026.md"),
    check: Some(check),
};

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for target in targets::targets(zone, RType::NS) {
        let Some(ip) = targets::address_literal(project, &target) else {
            continue;
        };
        let record_type = if ip.is_ipv4() { "A" } else { "AAAA" };
        out.push(
            Diagnostic::new(
                &RULE,
                target.span(),
                format!("NS target `{ip}` is an IP address, not a host name"),
            )
            .with_help(format!(
                "resolvers look the target up as a name and find nothing; give the server a \
                 name (`ns1 {record_type} {ip}`) and use that name in the NS record"
            )),
        );
    }
}
