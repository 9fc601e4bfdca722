//! MX015: every address a linted zone gives an MX host is a private one.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::name::{Caseless, Name};
use crate::rules::Rule;
use crate::rules::mx::reachability::{host_addresses, is_internal_zone};
use crate::rules::mx::{Mx, all_mx, exchange_span, resolved_mx};
use crate::rules::zone::targets;
use rustc_hash::FxHashSet as HashSet;

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
    let mut views = None;
    // An exact copy of an MX record is the same record to senders (servers answer with each
    // once): judged once, as a name may hold thousands of copies.
    let mut seen: HashSet<(&Name, u16, &Name)> = HashSet::default();
    for (mx, found) in resolved_mx(project, zone).filter(|(mx, _)| !mx.is_null()) {
        if !seen.insert((&mx.record.owner, mx.preference, mx.exchange)) {
            continue;
        }
        if is_localhost(mx.exchange) {
            if !*internal.get_or_insert_with(|| is_internal_zone(project, zone)) {
                out.push(localhost_finding(&mx));
            }
            continue;
        }
        let Some(addresses) = host_addresses(found) else {
            continue;
        };
        if !addresses.none_routable() {
            continue;
        }
        // Decided on the first host that needs it: most zones have no such host.
        if *internal.get_or_insert_with(|| is_internal_zone(project, zone))
            || public_in_another_view(
                project,
                views.get_or_insert_with(|| other_views(project, zone)),
                &mx,
            )
        {
            continue;
        }
        // Each address once (a host's records may repeat one), the first few: the rest are
        // counted.
        let mut distinct: Vec<std::net::IpAddr> = Vec::new();
        for (ip, _) in addresses.iter() {
            if !distinct.contains(&ip) {
                distinct.push(ip);
                if distinct.len() > MAX_LISTED {
                    break;
                }
            }
        }
        let mut listed: Vec<String> = distinct
            .iter()
            .take(MAX_LISTED)
            .map(ToString::to_string)
            .collect();
        if distinct.len() > MAX_LISTED {
            listed.push("and more".to_string());
        }
        // Loopback and unspecified addresses reach no other machine from anywhere: each sender
        // would deliver to itself (RFC 1122 §3.2.1.3, RFC 6890). A private one may serve a
        // view of the zone the repository keeps elsewhere.
        let nowhere = addresses
            .iter()
            .all(|(ip, _)| ip.is_loopback() || ip.is_unspecified());
        let severity = if nowhere {
            Severity::Error
        } else {
            Severity::Warning
        };
        let diagnostic = Diagnostic::new(
            &RULE,
            exchange_span(&mx),
            format!(
                "MX exchange `{}` has no public address, only {}: senders on the Internet cannot reach it",
                mx.exchange,
                listed.join(", ")
            ),
        )
        .with_severity(severity)
        .with_labels(
            addresses
                .iter()
                .take(MAX_LISTED)
                .map(|(_, record)| (record.rdata_span(), "not routable on the Internet")),
        );
        out.push(diagnostic.with_help(
            "publish the host's public address (the one your firewall forwards port 25 from), or keep this MX in the internal view only",
        ));
    }
}

/// A zone linted twice (an internal and an external view of one domain, in two files or two
/// octoDNS configs: mamercad/cloudmason) is one view of a split-horizon setup, whose internal
/// one names the mail server by its private address: the MX is the internal view's when
/// another copy of the zone routes the owner's mail elsewhere (another exchange) or gives the
/// exchange an address that is public, or one zonelint cannot see. An exact copy kept in
/// another folder is no view: it has the same fault, and both are reported.
fn public_in_another_view<'a>(project: &Project<'a>, views: &[View<'_, 'a>], mx: &Mx<'a>) -> bool {
    views.iter().any(|(other, routes)| {
        if !routes.contains(&(
            Caseless(mx.record.owner.as_str()),
            Caseless(mx.exchange.as_str()),
        )) {
            return true;
        }
        let place = targets::place(project, other, mx.exchange);
        host_addresses(targets::expand(project, place))
            .is_none_or(|addresses| !addresses.none_routable())
    })
}

/// Another copy of a zone, with the owner and exchange of each of its MX records, gathered
/// once: a set of thousands of hosts is not read again for each.
type View<'p, 'a> = (&'p ZoneIndex<'a>, HashSet<(Caseless<'a>, Caseless<'a>)>);

fn other_views<'p, 'a>(project: &'p Project<'a>, zone: &'p ZoneIndex<'a>) -> Vec<View<'p, 'a>> {
    project
        .other_copies(zone)
        .map(|other| {
            let routes = all_mx(other)
                .map(|theirs| {
                    (
                        Caseless(theirs.record.owner.as_str()),
                        Caseless(theirs.exchange.as_str()),
                    )
                })
                .collect();
            (other, routes)
        })
        .collect()
}

/// `localhost.` or a name below it: every resolver answers it with the loopback address
/// itself, without asking the zone (RFC 6761 §6.3).
/// Addresses named in a finding, and records labelled: a host may have thousands.
const MAX_LISTED: usize = 20;

fn is_localhost(name: &Name) -> bool {
    crate::name::is_subdomain_text(name.as_str(), "localhost.")
}

fn localhost_finding(mx: &Mx<'_>) -> Diagnostic {
    Diagnostic::new(
        &RULE,
        exchange_span(mx),
        format!(
            "MX exchange `{}` is every sender's own loopback (RFC 6761): each sender delivers to itself, and the mail loops or bounces",
            mx.exchange
        ),
    )
    .with_severity(Severity::Error)
    .with_help(
        "to say that the name takes no mail, publish a null MX instead (`MX 0 .`, RFC 7505), \
         which senders refuse at once; else name the real mail host",
    )
}
