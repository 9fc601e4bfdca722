//! ZONE055: an A or AAAA record holding a link-local address, which no client off the host's
//! own network link can use.

use std::net::IpAddr;

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::{RData, RType};
use crate::rules::Rule;
use crate::rules::mx::reachability::is_internal_zone;

pub static RULE: Rule = Rule {
    code: "ZONE055",
    name: "link-local-address",
    severity: Severity::Warning,
    summary: "An A or AAAA record holds a link-local address (169.254.0.0/16, fe80::/10), usable only on the host's own network link",
    doc: include_str!("../../../rules/docs/ZONE055.md"),
    check: Some(check),
};

fn check<'a>(project: &Project<'a>, zone: &ZoneIndex<'a>, out: &mut Vec<Diagnostic>) {
    let mut internal = None;
    let found = zone
        .of_either_type(RType::A, RType::AAAA)
        .filter_map(|record| {
            let address = match record.rdata {
                RData::A(ip) if ip.is_link_local() => IpAddr::V4(ip),
                RData::Aaaa(ip) if ip.is_unicast_link_local() => IpAddr::V6(ip),
                _ => None?,
            };
            Some((record, address))
        });
    for (record, address) in found {
        let help = match address {
            IpAddr::V4(_) => {
                // An IPv4 link-local address needs no interface to be named, and an internal
                // zone may name one on purpose: the cloud's metadata service at 169.254.169.254
                // (`metadata.google.internal`). A zone linted twice is one view of a
                // split-horizon setup, as MX015 and SPF015 take it.
                if *internal.get_or_insert_with(|| {
                    is_internal_zone(project, zone)
                        || project.closest_zone_count(&zone.zone.apex) > 1
                }) {
                    continue;
                }
                "169.254.0.0/16 is the address a host gives itself when no DHCP server answers \
                 (RFC 3927): it reaches only hosts on the same link, and routers never forward \
                 it. Publish the host's real address."
            }
            IpAddr::V6(_) => {
                "fe80::/10 addresses are valid only on one network link, and only with the \
                 interface they are on (`fe80::1%eth0`, RFC 4007 §11), which the DNS cannot \
                 carry: a client that tries one fails, and falls back to IPv4 after a delay \
                 if it can. Publish the host's global IPv6 address (`ip -6 addr show scope \
                 global`), or no AAAA record."
            }
        };
        out.push(
            Diagnostic::new(
                &RULE,
                record.rdata_span(),
                format!(
                    "`{}` has the link-local address {address}, which no client off the host's own network link can use",
                    record.owner
                ),
            )
            .with_help(help),
        );
    }
}
