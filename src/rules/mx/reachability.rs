//! Whether senders on the Internet can reach an MX host at the addresses a linted zone gives
//! it: shared by MX015 (private addresses only) and MX016 (no IPv4 address).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::index::{Lookup, OwnerRecords, Project, ZoneIndex};
use crate::model::{RData, RType, Record};
use crate::rules::zone::targets;

/// The A and AAAA records a lookup found at a host, or None when the lookup says nothing
/// certain about them: the host is outside the linted zones, delegated, an alias (a CNAME, or
/// a DNS provider's alias record, [`RData::AddressAlias`]), missing
/// (MX007 reports that), or in a zone that did not read cleanly. Read in place: on a large
/// zone every MX host is looked at, and few are reported.
pub fn host_addresses<'a>(
    found: Option<(&ZoneIndex<'a>, Lookup<'a>)>,
) -> Option<HostAddresses<'a>> {
    let Some((host_zone, Lookup::Found(records) | Lookup::Wildcard(records))) = found else {
        return None;
    };
    if !host_zone.zone.shows_all_addresses() || records.iter().any(is_alias) {
        return None;
    }
    let addresses = HostAddresses(records);
    let any = addresses.iter().next().is_some();
    any.then_some(addresses)
}

/// An alias (a CNAME, or a DNS provider's address alias): it leads to addresses that are not
/// at its name.
pub fn is_alias(record: &Record) -> bool {
    record.rtype == RType::CNAME || matches!(record.rdata, RData::AddressAlias(_))
}

/// The records at a host, read for their addresses.
pub struct HostAddresses<'a>(OwnerRecords<'a>);

impl<'a> HostAddresses<'a> {
    /// The addresses among `records` (the records at one name).
    pub fn of(records: OwnerRecords<'a>) -> HostAddresses<'a> {
        HostAddresses(records)
    }

    pub fn iter(&self) -> impl Iterator<Item = (IpAddr, &'a Record)> + '_ {
        self.0.iter().filter_map(|record| match record.rdata {
            RData::A(ip) if record.rtype == RType::A => Some((IpAddr::V4(ip), record)),
            RData::Aaaa(ip) if record.rtype == RType::AAAA => Some((IpAddr::V6(ip), record)),
            _ => None,
        })
    }

    /// Whether every address is an IPv6 one.
    pub fn ipv6_only(&self) -> bool {
        self.iter().all(|(ip, _)| ip.is_ipv6())
    }

    /// Whether no address is one senders on the Internet can reach.
    pub fn none_routable(&self) -> bool {
        self.iter().all(|(ip, _)| !is_routable(ip))
    }
}

/// Whether `ip` can be reached from the Internet at all: not a private (RFC 1918, RFC 4193),
/// shared (RFC 6598), loopback, link-local, unspecified, multicast or reserved address.
/// Documentation addresses (RFC 5737, RFC 3849) count as routable: example zones use them
/// for addresses that stand for public ones.
pub fn is_routable(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(ip) => is_routable_v4(ip),
        IpAddr::V6(ip) => match ip.to_ipv4_mapped() {
            Some(mapped) => is_routable_v4(mapped),
            None => is_routable_v6(ip),
        },
    }
}

fn is_routable_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    let shared = a == 100 && (64..128).contains(&b);
    let this_network = a == 0;
    let reserved = a >= 240;
    !(ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_multicast()
        || ip.is_broadcast()
        || shared
        || this_network
        || reserved)
}

fn is_routable_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    let unique_local = first & 0xfe00 == 0xfc00;
    let link_local = first & 0xffc0 == 0xfe80;
    !(ip.is_unspecified() || ip.is_loopback() || ip.is_multicast() || unique_local || link_local)
}

/// Top-level labels of names that are private by definition or by wide custom (RFC 6761,
/// RFC 8375, ICANN's `.internal`): a zone under one is served to an internal network only,
/// where private addresses are what its hosts have.
const INTERNAL_TLDS: &[&str] = &[
    "internal",
    "local",
    "localhost",
    "lan",
    "home",
    "corp",
    "intranet",
    "private",
    "localdomain",
    "test",
    "invalid",
    "example",
    "arpa",
];

/// Whether `zone` is served to an internal network rather than to the Internet: its apex lies
/// under an internal top-level label (or `arpa`), or every address its own name servers have
/// in the linted zones is a private one (an internal view of a split-horizon setup). Rules
/// about reaching hosts from the Internet say nothing about such a zone.
pub fn is_internal_zone<'a>(project: &Project<'a>, zone: &ZoneIndex<'a>) -> bool {
    let apex = &zone.zone.apex;
    let tld = apex.labels().last().unwrap_or("");
    if INTERNAL_TLDS.iter().any(|t| t.eq_ignore_ascii_case(tld)) {
        return true;
    }
    let mut server_addresses = zone
        .at(apex)
        .filter(|r| r.rtype == RType::NS)
        .filter_map(|ns| match &ns.rdata {
            RData::Target(server) => {
                let place = targets::place(project, zone, server);
                host_addresses(targets::expand(project, place))
            }
            _ => None,
        })
        .peekable();
    server_addresses.peek().is_some() && server_addresses.all(|a| a.none_routable())
}
