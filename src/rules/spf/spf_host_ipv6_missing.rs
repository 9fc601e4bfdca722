//! SPF014: an SPF record that lists a host of the zone by its IPv4 address alone, while the
//! host also has an IPv6 address: mail it sends over IPv6 fails SPF.

use std::collections::{HashMap, HashSet};
use std::net::{Ipv4Addr, Ipv6Addr};

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::{RData, RType, Record};
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::spf::{Mechanism, Qualifier, Spf, Term, looked_up_name, single_spf, term_span};

pub static RULE: Rule = Rule {
    code: "SPF014",
    name: "spf-host-ipv6-missing",
    severity: Severity::Warning,
    summary: "The SPF record lists a host by its IPv4 address, and the host also has an IPv6 address the record does not authorise",
    doc: include_str!("../../../rules/docs/SPF014.md"),
    check: Some(check),
};

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    // The single addresses each SPF record lists (`ip4:192.0.2.10`, `ip4:192.0.2.10/32`):
    // those name hosts. Most records list none, and then no address record is read.
    let listed: Vec<(&Spf<'_>, Vec<(Ipv4Addr, &str)>)> = single_spf(zone)
        .filter_map(|spf| {
            let addresses: Vec<(Ipv4Addr, &str)> = spf
                .parse()
                .terms
                .iter()
                .filter(|term| passes(term, Mechanism::Ip4))
                .filter_map(|term| Some((single_ipv4(term.text())?, term.text())))
                .collect();
            (!addresses.is_empty()).then_some((spf, addresses))
        })
        .collect();
    if listed.is_empty() {
        return;
    }
    let wanted: HashSet<Ipv4Addr> = listed
        .iter()
        .flat_map(|(_, addresses)| addresses.iter().map(|(address, _)| *address))
        .collect();
    // The zone's hosts at those addresses, read in one pass over its A records.
    // Each host of a listed address with the IPv6 addresses at its name, read once: a
    // shared web server's address may be listed by thousands of records. Hosts without one
    // are left out, as no record can miss their IPv6.
    let mut hosts: HashMap<Ipv4Addr, Vec<(&Record, Vec<Ipv6Addr>)>> = HashMap::new();
    for record in zone.of_type(RType::A) {
        if let RData::A(address) = record.rdata
            && wanted.contains(&address)
        {
            let ipv6: Vec<Ipv6Addr> = zone
                .at(&record.owner)
                .filter_map(|at| match at.rdata {
                    RData::Aaaa(ipv6) if at.rtype == RType::AAAA => Some(ipv6),
                    _ => None,
                })
                .collect();
            if !ipv6.is_empty() {
                hosts.entry(address).or_default().push((record, ipv6));
            }
        }
    }
    for (spf, addresses) in &listed {
        let terms = spf.parse();
        // `a`, `mx` and `ip6` terms may authorise the host's IPv6 address already; `a:host`
        // and `mx` (of a name whose MX is the host) cover both of its families.
        // An include or redirect of a name in the linted zones may list the address; one of
        // a provider's (`_spf.google.com`) lists the provider's hosts, not this one.
        let defers_to_linted = terms.terms.iter().any(|term| {
            (term.mechanism() == Some(Mechanism::Include) || term.is_redirect())
                && looked_up_name(spf, term)
                    .is_some_and(|name| project.zone_for(&name, zone).is_some())
        });
        if defers_to_linted {
            continue;
        }
        let ip6: Vec<(Ipv6Addr, u8)> = terms
            .terms
            .iter()
            .filter(|term| passes(term, Mechanism::Ip6))
            .filter_map(|term| ipv6_network(term.text()))
            .collect();
        // The hosts the record names, read once per record.
        let mut mentioned: Option<Vec<Name>> = None;
        for (address, term) in addresses {
            let Some(records) = hosts.get(address) else {
                continue;
            };
            // An `ip6:` term covers the host's address, or one in its /64: the host's own
            // sending address (Postfix's `smtp_bind_address6`), which its AAAA need not be.
            let covered = |ipv6: Ipv6Addr| {
                ip6.iter()
                    .any(|&(net, length)| contains(net, length, ipv6) || contains(ipv6, 64, net))
            };
            // The hosts at the address (one host may have several names) whose IPv6 address
            // the record leaves out, each with the first such address.
            let mentioned = mentioned.get_or_insert_with(|| mentioned_hosts(spf, zone));
            let uncovered: Vec<(&Record, Ipv6Addr)> = records
                .iter()
                .filter(|(host, _)| {
                    !mentioned
                        .iter()
                        .any(|name| name.eq_ignore_case(&host.owner))
                })
                .filter_map(|(host, ipv6)| {
                    let ipv6 = ipv6.iter().find(|&&ipv6| !covered(ipv6))?;
                    Some((*host, *ipv6))
                })
                .collect();
            // One finding for the term, at its first host; the others are labels.
            let Some(&(host, ipv6)) = uncovered.first() else {
                continue;
            };
            let owner = &spf.record.owner;
            let also = match uncovered.len() {
                1 => String::new(),
                n => format!(
                    " (and {} more name{} of it)",
                    n - 1,
                    if n == 2 { "" } else { "s" }
                ),
            };
            let mut diagnostic = Diagnostic::new(
                &RULE,
                term_span(project, spf, term),
                format!(
                    "`{term}` in the SPF record of `{owner}` is `{}`{also}, which also has the IPv6 address {ipv6}: the record does not authorise it, so mail the host sends over IPv6 fails SPF",
                    host.owner
                ),
            )
            .with_label(host.entry_span(), "the host's IPv4 address");
            // The first few: the message counts them all, and a shared address may be
            // thousands of names'.
            for &(other, _) in uncovered[1..].iter().take(MAX_LABELS) {
                diagnostic = diagnostic.with_label(other.entry_span(), "the same address");
            }
            out.push(diagnostic.with_help(format!(
                "A host with an IPv6 address sends over IPv6 to receivers that have it (Gmail, Outlook.com, \
                 Yahoo), and they check that address against the SPF record (RFC 7208 §5.6); Gmail refuses \
                 such mail (\"550-5.7.26 ... SPF\"). Add `ip6:{ipv6}` to the record, or `a:{}`, which \
                 covers both of its addresses; or make the host send over IPv4 only.",
                host.owner.as_str().trim_end_matches('.')
            )));
        }
    }
}

/// Is `term` the `mechanism` with a pass qualifier (`+`, or none written)? A `-ip4:` term
/// names a host that must not send, and a `-ip6:` term authorises nothing.
fn passes(term: &Term<'_>, mechanism: Mechanism) -> bool {
    matches!(term, Term::Directive { mechanism: m, qualifier: Qualifier::Pass, .. } if *m == mechanism)
}

/// The address of an `ip4:` term that names one address (no prefix length, or `/32`).
fn single_ipv4(term: &str) -> Option<Ipv4Addr> {
    let network = term.split_once(':')?.1;
    let (address, length) = match network.split_once('/') {
        Some((address, length)) => (address, Some(length)),
        None => (network, None),
    };
    if length.is_some_and(|length| length != "32") {
        return None;
    }
    address.parse().ok()
}

/// The network of an `ip6:` term.
fn ipv6_network(term: &str) -> Option<(Ipv6Addr, u8)> {
    let network = term.split_once(':')?.1;
    let (address, length) = match network.split_once('/') {
        Some((address, length)) => (address, length.parse().ok()?),
        None => (network, 128),
    };
    Some((address.parse().ok()?, length))
}

fn contains(network: Ipv6Addr, length: u8, address: Ipv6Addr) -> bool {
    let length = u32::from(length.min(128));
    let mask = u128::MAX.checked_shl(128 - length).unwrap_or(0);
    u128::from(network) & mask == u128::from(address) & mask
}

/// Other hosts of the same address labelled on a finding, past the first.
const MAX_LABELS: usize = 20;

/// The hosts `spf` names, whose IPv6 it leaves to their names: the domain of each `a` term
/// (`a` alone: the record's own name) and the exchanges at the domain of each `mx` term.
fn mentioned_hosts(spf: &Spf<'_>, zone: &ZoneIndex<'_>) -> Vec<Name> {
    let mut hosts = Vec::new();
    for term in &spf.parse().terms {
        let Some(name) = looked_up_name(spf, term) else {
            continue;
        };
        match term.mechanism() {
            Some(Mechanism::A) => hosts.push(name.into_owned()),
            Some(Mechanism::Mx) => {
                hosts.extend(zone.at(&name).filter_map(|record| match &record.rdata {
                    RData::Mx { exchange, .. } => Some(exchange.clone()),
                    _ => None,
                }))
            }
            _ => {}
        }
    }
    hosts
}
