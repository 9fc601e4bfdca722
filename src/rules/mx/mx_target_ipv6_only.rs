//! MX016: no host of an MX set has an IPv4 address.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::rules::Rule;
use crate::rules::mx::reachability::{host_addresses, is_internal_zone};
use crate::rules::mx::{Mx, exchange_span, resolved_mx};

pub static RULE: Rule = Rule {
    code: "MX016",
    name: "mx-target-ipv6-only",
    severity: Severity::Warning,
    summary: "No host of an MX set has an IPv4 address: senders without IPv6 cannot deliver",
    doc: include_str!("../../../rules/docs/MX016.md"),
    check: Some(check),
};

fn check<'a>(project: &Project<'a>, zone: &ZoneIndex<'a>, out: &mut Vec<Diagnostic>) {
    // Whether each MX host (in file order) is known to have IPv6 addresses only. Most zones
    // have no such host, and their MX records are not grouped.
    let ipv6_only: Vec<(Mx<'a>, bool)> = resolved_mx(project, zone)
        .filter(|(mx, _)| !mx.is_null())
        .map(|(mx, found)| (mx, host_addresses(found).is_some_and(|a| a.ipv6_only())))
        .collect();
    if !ipv6_only.iter().any(|&(_, only)| only) {
        return;
    }
    let sets = crate::index::group_by_owner(
        ipv6_only
            .iter()
            .map(|(mx, only)| (&mx.record.owner, (mx, *only))),
    );
    let mut internal = None;
    for (owner, hosts) in sets {
        // Every host must be known to have no IPv4 address: a host outside the linted zones,
        // or one that is an alias, may have one.
        if !hosts.iter().all(|&(_, only)| only)
            || *internal.get_or_insert_with(|| is_internal_zone(project, zone))
        {
            continue;
        }
        let (first, _) = hosts[0];
        let message = if hosts.len() == 1 {
            format!(
                "MX exchange `{}`, the only one of `{owner}`, has no IPv4 (A) address",
                first.exchange
            )
        } else {
            format!("no MX exchange of `{owner}` has an IPv4 (A) address, only IPv6 (AAAA)")
        };
        let diagnostic = Diagnostic::new(&RULE, exchange_span(first), message).with_labels(
            hosts[1..]
                .iter()
                .map(|(mx, _)| (exchange_span(mx), "no A record either")),
        );
        out.push(diagnostic.with_help(
            "many senders have no IPv6 route and cannot deliver; give the host an A record too, or add an MX host that has one",
        ));
    }
}
