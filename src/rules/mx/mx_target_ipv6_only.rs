//! MX016: no host of an MX set has an IPv4 address.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::rules::Rule;
use crate::rules::mx::reachability::{host_addresses, is_internal_zone};
use crate::rules::mx::{exchange_span, resolved_mx};

pub static RULE: Rule = Rule {
    code: "MX016",
    name: "mx-target-ipv6-only",
    severity: Severity::Warning,
    summary: "No host of an MX set has an IPv4 address: senders without IPv6 cannot deliver",
    doc: include_str!("../../../rules/docs/MX016.md"),
    check: Some(check),
};

fn check<'a>(project: &Project<'a>, zone: &ZoneIndex<'a>, out: &mut Vec<Diagnostic>) {
    let resolved: Vec<_> = resolved_mx(project, zone)
        .filter(|(mx, _)| !mx.is_null())
        .map(|(mx, found)| (mx, host_addresses(&found)))
        .collect();
    for set in
        crate::index::group_by_owner(resolved.iter().map(|(mx, a)| (&mx.record.owner, (mx, a))))
    {
        let (owner, hosts) = set;
        // Every host must be known to have no IPv4 address: a host outside the linted zones,
        // or one that is an alias, may have one.
        let all_ipv6_only = hosts.iter().all(|(_, addresses)| {
            addresses
                .as_ref()
                .is_some_and(|a| a.iter().all(|(ip, _)| ip.is_ipv6()))
        });
        if !all_ipv6_only || is_internal_zone(project, zone) {
            continue;
        }
        let (first, _) = hosts[0];
        let mut diagnostic = Diagnostic::new(
            &RULE,
            exchange_span(first),
            if hosts.len() == 1 {
                format!(
                    "MX exchange `{}`, the only one of `{owner}`, has no IPv4 (A) address",
                    first.exchange
                )
            } else {
                format!("no MX exchange of `{owner}` has an IPv4 (A) address, only IPv6 (AAAA)")
            },
        );
        for (mx, _) in &hosts[1..] {
            diagnostic = diagnostic.with_label(exchange_span(mx), "no A record either");
        }
        out.push(diagnostic.with_help(
            "many senders have no IPv6 route and cannot deliver; give the host an A record too, or add an MX host that has one",
        ));
    }
}
