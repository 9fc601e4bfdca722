//! ZONE056: a name server whose address in the linted zones is a public recursive resolver's
//! (`ns2 A 8.8.8.8`): it answers no zone with authority.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::mx::reachability::host_addresses;
use crate::rules::zone::targets::{self, Resolvable};

pub static RULE: Rule = Rule {
    code: "ZONE056",
    name: "ns-address-public-resolver",
    severity: Severity::Warning,
    summary: "A name server's address is a public recursive resolver's (8.8.8.8, 1.1.1.1, 9.9.9.9, ...), which serves no zone with authority",
    doc: include_str!("../../../rules/docs/ZONE056.md"),
    check: Some(check),
};

/// The addresses of public recursive resolvers, as their operators publish them.
const PUBLIC_RESOLVERS: &[(IpAddr, &str)] = &[
    (v4(8, 8, 8, 8), "Google Public DNS"),
    (v4(8, 8, 4, 4), "Google Public DNS"),
    (
        v6([0x2001, 0x4860, 0x4860, 0, 0, 0, 0, 0x8888]),
        "Google Public DNS",
    ),
    (
        v6([0x2001, 0x4860, 0x4860, 0, 0, 0, 0, 0x8844]),
        "Google Public DNS",
    ),
    (v4(1, 1, 1, 1), "Cloudflare's 1.1.1.1"),
    (v4(1, 0, 0, 1), "Cloudflare's 1.1.1.1"),
    (v4(1, 1, 1, 2), "Cloudflare's 1.1.1.1 for Families"),
    (v4(1, 0, 0, 2), "Cloudflare's 1.1.1.1 for Families"),
    (v4(1, 1, 1, 3), "Cloudflare's 1.1.1.1 for Families"),
    (v4(1, 0, 0, 3), "Cloudflare's 1.1.1.1 for Families"),
    (
        v6([0x2606, 0x4700, 0x4700, 0, 0, 0, 0, 0x1111]),
        "Cloudflare's 1.1.1.1",
    ),
    (
        v6([0x2606, 0x4700, 0x4700, 0, 0, 0, 0, 0x1001]),
        "Cloudflare's 1.1.1.1",
    ),
    (v4(9, 9, 9, 9), "Quad9"),
    (v4(149, 112, 112, 112), "Quad9"),
    (v4(9, 9, 9, 10), "Quad9"),
    (v4(149, 112, 112, 10), "Quad9"),
    (v4(9, 9, 9, 11), "Quad9"),
    (v4(149, 112, 112, 11), "Quad9"),
    (v6([0x2620, 0xfe, 0, 0, 0, 0, 0, 0xfe]), "Quad9"),
    (v6([0x2620, 0xfe, 0, 0, 0, 0, 0, 0x9]), "Quad9"),
    (v4(208, 67, 222, 222), "OpenDNS"),
    (v4(208, 67, 220, 220), "OpenDNS"),
    (v4(208, 67, 222, 123), "OpenDNS FamilyShield"),
    (v4(208, 67, 220, 123), "OpenDNS FamilyShield"),
    (v6([0x2620, 0x119, 0x35, 0, 0, 0, 0, 0x35]), "OpenDNS"),
    (v6([0x2620, 0x119, 0x53, 0, 0, 0, 0, 0x53]), "OpenDNS"),
    (v4(94, 140, 14, 14), "AdGuard DNS"),
    (v4(94, 140, 15, 15), "AdGuard DNS"),
    (v4(77, 88, 8, 8), "Yandex DNS"),
    (v4(77, 88, 8, 1), "Yandex DNS"),
    (v4(4, 2, 2, 1), "Level 3's public resolvers"),
    (v4(4, 2, 2, 2), "Level 3's public resolvers"),
];

const fn v4(a: u8, b: u8, c: u8, d: u8) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(a, b, c, d))
}

const fn v6(s: [u16; 8]) -> IpAddr {
    IpAddr::V6(Ipv6Addr::new(
        s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7],
    ))
}

fn resolver_at(ip: IpAddr) -> Option<&'static str> {
    PUBLIC_RESOLVERS
        .iter()
        .find(|(address, _)| *address == ip)
        .map(|&(_, operator)| operator)
}

fn check<'a>(project: &Project<'a>, zone: &ZoneIndex<'a>, out: &mut Vec<Diagnostic>) {
    // Each NS record's server, with the resolver its address belongs to (None when some
    // address is not a resolver's, or zonelint cannot read the server's addresses).
    let servers: Vec<_> = targets::resolved(project, zone, Resolvable::Ns)
        .map(|(target, found)| {
            let resolvers = host_addresses(found).and_then(|addresses| {
                addresses
                    .iter()
                    .map(|(ip, record)| Some((ip, record, resolver_at(ip)?)))
                    .collect::<Option<Vec<_>>>()
            });
            (target, resolvers)
        })
        .collect();
    if servers.iter().all(|(_, resolvers)| resolvers.is_none()) {
        return;
    }
    // Whether every server of each NS owner is a resolver, told in one pass: a zone may
    // delegate thousands of names to one server.
    let mut all_resolvers: rustc_hash::FxHashMap<&Name, bool> = rustc_hash::FxHashMap::default();
    for (target, resolvers) in &servers {
        let all = all_resolvers.entry(&target.record.owner).or_insert(true);
        *all &= resolvers.is_some();
    }
    for (target, resolvers) in &servers {
        let Some(resolvers) = resolvers else {
            continue;
        };
        let owner: &Name = &target.record.owner;
        // Every server of the name a resolver: no server answers for it at all.
        let all_lame = all_resolvers.get(owner).copied().unwrap_or(false);
        let (ip, _, operator) = resolvers[0];
        let consequence = if all_lame {
            "and no other server of it answers: lookups fail wherever the parent's delegation names the same servers"
        } else {
            "so resolvers that ask it get no authoritative answer and must try another server"
        };
        let diagnostic = Diagnostic::new(
            &RULE,
            target.span(),
            format!(
                "name server `{}` of `{owner}` is at {ip}, {operator}, a public resolver that answers for no zone with authority, {consequence}",
                target.name
            ),
        )
        .with_severity(if all_lame {
            Severity::Error
        } else {
            Severity::Warning
        })
        .with_labels(
            resolvers
                .iter()
                .map(|&(_, record, _)| (record.rdata_span(), "a public resolver's address")),
        )
        .with_help(
            "a name server must hold the zone (a primary or a secondary that transfers it): \
             a public resolver only looks names up for its users. Name a server that serves \
             the zone, or remove this NS record.",
        );
        out.push(diagnostic);
    }
}
