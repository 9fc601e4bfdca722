//! MX015: every address a linted zone gives an MX host is a private one.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::rules::Rule;
use crate::rules::mx::reachability::{host_addresses, is_internal_zone};
use crate::rules::mx::{exchange_span, resolved_mx};

pub static RULE: Rule = Rule {
    code: "MX015",
    name: "mx-target-private-address",
    severity: Severity::Warning,
    summary: "An MX host has only private, loopback or link-local addresses, which senders on the Internet cannot reach",
    doc: include_str!("../../../rules/docs/MX015.md"),
    check: Some(check),
};

fn check<'a>(project: &Project<'a>, zone: &ZoneIndex<'a>, out: &mut Vec<Diagnostic>) {
    let mut internal = None;
    for (mx, found) in resolved_mx(project, zone).filter(|(mx, _)| !mx.is_null()) {
        let Some(addresses) = host_addresses(found) else {
            continue;
        };
        if !addresses.none_routable() {
            continue;
        }
        // Decided on the first host that needs it: most zones have no such host.
        if *internal.get_or_insert_with(|| is_internal_zone(project, zone)) {
            continue;
        }
        let listed: Vec<String> = addresses.iter().map(|(ip, _)| ip.to_string()).collect();
        let diagnostic = Diagnostic::new(
            &RULE,
            exchange_span(&mx),
            format!(
                "MX exchange `{}` has no public address, only {}: senders on the Internet cannot reach it",
                mx.exchange,
                listed.join(", ")
            ),
        )
        .with_labels(
            addresses
                .iter()
                .map(|(_, record)| (record.rdata_span(), "not routable on the Internet")),
        );
        out.push(diagnostic.with_help(
            "publish the host's public address (the one your firewall forwards port 25 from), or keep this MX in the internal view only",
        ));
    }
}
