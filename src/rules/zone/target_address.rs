//! ZONE045: a CNAME, DNAME, PTR or provider ALIAS target is an IP address written as a name.

use std::net::IpAddr;

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Lookup, Project, ZoneIndex};
use crate::model::{RData, RType, Record};
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::zone::targets::{self, Target};

pub static RULE: Rule = Rule {
    code: "ZONE045",
    name: "target-address",
    severity: Severity::Warning,
    summary: "A CNAME, DNAME, PTR or ALIAS target is an IP address literal instead of a host name",
    doc: include_str!("../../../rules/docs/ZONE045.md"),
    check: Some(check),
};

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    // A DNS provider's ALIAS (octoDNS) names a host whose addresses it serves at the owner.
    for rtype in [
        RType::CNAME,
        RType::DNAME,
        RType::PTR,
        RType::PROVIDER_ALIAS,
    ] {
        for record in zone.of_type(rtype) {
            let (RData::Target(name) | RData::AddressAlias(name)) = &record.rdata else {
                continue;
            };
            let target = Target {
                record,
                name,
                field: 0,
            };
            let Some(ip) = targets::address_literal(project, &target) else {
                continue;
            };
            // A relative name that exists as completed (`gw CNAME 192.0.2.1` beside the host
            // `192.0.2.1.ip.example.com.`, as per-address host zones have) was meant so.
            if record.is_relative_field(0) && names_records(project, zone, name) {
                continue;
            }
            let owner = &record.owner;
            let address_type = if ip.is_ipv4() { "A" } else { "AAAA" };
            let help = match rtype {
                RType::PTR => {
                    let reverse = format!(
                        "a PTR names a host, and the address belongs in the owner: the PTR for \
                         {ip} is `{} PTR {owner}`, in the reverse zone",
                        reverse_name(ip)
                    );
                    if has_address(zone, record, ip) {
                        reverse
                    } else {
                        format!(
                            "{reverse}; to give `{owner}` this address, write `{owner} \
                             {address_type} {ip}`"
                        )
                    }
                }
                RType::DNAME => format!(
                    "a DNAME moves the names below `{owner}` to the names below its target, and \
                     an address names no domain: give the domain they should move to, or, for \
                     `{owner}` itself, `{owner} {address_type} {ip}` in place of the DNAME"
                ),
                _ => format!(
                    "resolvers look the target up as a name and find nothing, so `{owner}` \
                     does not resolve; to give it this address, replace the {rtype} with \
                     `{owner} {address_type} {ip}`"
                ),
            };
            out.push(
                Diagnostic::new(
                    &RULE,
                    target.span(),
                    format!("{rtype} target `{ip}` is an IP address, not a host name"),
                )
                .with_help(help),
            );
        }
    }
}

/// Whether a linted zone has records at `name` itself: a wildcard that would answer for it
/// says nothing of what the author meant.
fn names_records(project: &Project<'_>, zone: &ZoneIndex<'_>, name: &Name) -> bool {
    project
        .zone_for(name, zone)
        .is_some_and(|zone| matches!(zone.lookup(name), Lookup::Found(_)))
}

/// Whether the owner of `record` already has the address `ip` (the host's A record beside
/// the misplaced PTR).
fn has_address(zone: &ZoneIndex<'_>, record: &Record, ip: IpAddr) -> bool {
    let Lookup::Found(records) = zone.lookup(&record.owner) else {
        return false;
    };
    records.iter().any(|r| match (&r.rdata, ip) {
        (RData::A(a), IpAddr::V4(v4)) => *a == v4,
        (RData::Aaaa(a), IpAddr::V6(v6)) => *a == v6,
        _ => false,
    })
}

/// The name under `in-addr.arpa.` or `ip6.arpa.` whose PTR record names the host of `ip`
/// (RFC 1035 §3.5, RFC 3596 §2.5).
fn reverse_name(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, c, d] = v4.octets();
            format!("{d}.{c}.{b}.{a}.in-addr.arpa.")
        }
        IpAddr::V6(v6) => {
            let mut name = String::with_capacity(73);
            for byte in v6.octets().iter().rev() {
                name.push(char::from_digit(u32::from(byte & 0x0f), 16).unwrap_or('0'));
                name.push('.');
                name.push(char::from_digit(u32::from(byte >> 4), 16).unwrap_or('0'));
                name.push('.');
            }
            name.push_str("ip6.arpa.");
            name
        }
    }
}

#[cfg(test)]
mod tests {
    use super::reverse_name;

    #[test]
    fn reverse_names_follow_the_arpa_trees() {
        assert_eq!(
            reverse_name("10.27.9.39".parse().unwrap()),
            "39.9.27.10.in-addr.arpa."
        );
        assert_eq!(
            reverse_name("2001:db8::1".parse().unwrap()),
            "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa."
        );
    }
}
