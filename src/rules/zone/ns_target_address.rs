//! ZONE026: an NS target is an IP address written as a name.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Lookup, Project, ZoneIndex};
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
        let help = format!(
            "resolvers look the target up as a name and find nothing; give the server a \
             name (`ns1 {record_type} {ip}`) and use that name in the NS record"
        );
        let diagnostic = match completed_without_address(zone, &target) {
            // Written without the final dot, the address is completed with the origin into a
            // name of the zone itself, which has no address: what ZONE027 reports of any
            // other in-zone server, and what the servers refuse.
            Some(apex_ns) => Diagnostic::new(
                &RULE,
                target.span(),
                format!(
                    "NS target `{ip}` is an IP address without a final dot, so it means `{}`, a name of the zone without an address: {}",
                    target.name,
                    if apex_ns {
                        "named and kzonecheck refuse the zone"
                    } else {
                        "kzonecheck refuses the zone (\"missing glue record\"; named warns)"
                    }
                ),
            )
            .with_severity(Severity::Error),
            None => Diagnostic::new(
                &RULE,
                target.span(),
                format!("NS target `{ip}` is an IP address, not a host name"),
            ),
        };
        out.push(diagnostic.with_help(help));
    }
}

/// For an address written without its final dot (`@ NS 192.0.2.1`): whether the name it
/// became (`192.0.2.1.example.com.`) is a name of this zone, above every delegation, without
/// an address; Some(true) for the apex's NS record (BIND refuses those too), Some(false) for
/// a delegation's (Knot refuses, BIND warns).
fn completed_without_address<'a>(
    zone: &ZoneIndex<'a>,
    target: &targets::Target<'a>,
) -> Option<bool> {
    if !target.record.is_relative_field(target.field) || !targets::knows_its_names(zone) {
        return None;
    }
    let found = zone.lookup(target.name);
    if targets::cut_above_found(zone, target.name, &found).is_some() {
        return None;
    }
    let has_address = match found {
        Lookup::Found(records) | Lookup::Wildcard(records) => targets::has_address(records.iter()),
        Lookup::Delegated => true,
        Lookup::EmptyNonTerminal | Lookup::NxDomain => false,
    };
    (!has_address).then_some(target.record.owner == zone.zone.apex)
}
