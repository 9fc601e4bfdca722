//! ZONE049: a PTR record whose target lies inside a linted zone, where it does not exist.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use std::net::IpAddr;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::model::{RData, RType, Record};
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::zone::targets::{self, Target};

pub static RULE: Rule = Rule {
    code: "ZONE049",
    name: "ptr-target-missing",
    severity: Severity::Warning,
    summary: "A PTR record names a host inside a linted zone that does not exist there, or (in a reverse zone) that lacks the PTR's address: forward-confirmed reverse DNS fails",
    doc: include_str!("../../../rules/docs/ZONE049.md"),
    check: Some(check),
};

fn check<'a>(project: &Project<'a>, zone: &ZoneIndex<'a>, out: &mut Vec<Diagnostic>) {
    let mut forward = HashMap::default();
    for record in zone.of_type(RType::PTR) {
        let RData::Target(name) = &record.rdata else {
            continue;
        };
        // What ZONE047 asks of a CNAME's target, asked of the PTR's.
        let Some((target_zone, what)) = targets::missing_target(project, zone, record, name) else {
            out.extend(address_not_confirmed(
                project,
                zone,
                &mut forward,
                record,
                name,
            ));
            continue;
        };
        let target = Target {
            record,
            name,
            field: 0,
        };
        let hint = targets::written_relative_hint(project, record, 0);
        let apex = zone.zone.apex.as_str().to_ascii_lowercase();
        let reverse = apex.ends_with("in-addr.arpa.") || apex.ends_with("ip6.arpa.");
        let help = if reverse {
            format!(
                "A reverse lookup of the address answers with a host name whose own lookup finds \
                 nothing, so checks that confirm the name (mail receivers' forward-confirmed \
                 reverse DNS, SSH, logging) fail for this address. Add the host's address record \
                 to its zone, or point the PTR at the host's name as it is now{hint}"
            )
        } else {
            format!(
                "Clients that follow the PTR (DNS-SD browsing, RFC 6763) find nothing at its \
                 target. Point it at a name that exists, or add the records it should find{hint}"
            )
        };
        out.push(
            Diagnostic::new(
                &RULE,
                target.span(),
                format!(
                    "PTR `{}` names `{name}`, which {what} in zone `{}`",
                    record.owner, target_zone.zone.apex
                ),
            )
            .with_help(help),
        );
    }
}

/// A reverse zone's PTR whose target exists in a linted zone but has no address record for
/// the PTR's own address: forward-confirmed reverse DNS fails for that address, and mail
/// receivers refuse mail from it (Gmail: "550-5.7.25 The IP address sending this message
/// does not have a PTR record setup, or the corresponding forward DNS entry does not point to
/// the sending IP"). Not said for a target that is an alias or has no records the zone shows.
fn address_not_confirmed<'a>(
    project: &Project<'a>,
    zone: &ZoneIndex<'a>,
    forward: &mut HashMap<&'a Name, Option<Vec<IpAddr>>>,
    record: &Record,
    name: &'a Name,
) -> Option<Diagnostic> {
    let address = reverse_address(&record.owner)?;
    // Each target's addresses, each once, read once: a host may be the target of every PTR
    // of a network.
    let addresses = forward
        .entry(name)
        .or_insert_with(|| forward_addresses(project, zone, name))
        .as_ref()?;
    let family: Vec<IpAddr> = addresses
        .iter()
        .copied()
        .filter(|a| a.is_ipv4() == address.is_ipv4())
        .collect();
    if family.contains(&address) {
        return None;
    }
    let kind = if address.is_ipv4() { "A" } else { "AAAA" };
    let has = if family.is_empty() {
        format!("has no {kind} record")
    } else {
        format!(
            "has {kind} {}, not `{address}`",
            family
                .iter()
                .map(|a| format!("`{a}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let target = Target {
        record,
        name,
        field: 0,
    };
    Some(
        Diagnostic::new(
            &RULE,
            target.span(),
            format!(
                "PTR `{}` for `{address}` names `{name}`, which {has}: forward-confirmed \
                 reverse DNS fails for this address",
                record.owner
            ),
        )
        .with_help(format!(
            "Checks that confirm a reverse name look the name up again and expect the address \
             back; mail receivers refuse mail from an address that fails (Gmail: 550-5.7.25). \
             Add `{address}` to `{name}`, or point the PTR at the name that has it."
        )),
    )
}

/// The distinct A and AAAA addresses of a PTR target in a linted zone that shows all its
/// records, in file order; None for a name it does not know, or an alias.
fn forward_addresses(
    project: &Project<'_>,
    zone: &ZoneIndex<'_>,
    name: &Name,
) -> Option<Vec<IpAddr>> {
    let target_zone = project.zone_for(name, zone)?;
    if !target_zone.zone.shows_all_at(name) || !name.is_subdomain_of(&target_zone.zone.apex) {
        return None;
    }
    let mut at = target_zone.at(name).peekable();
    at.peek()?;
    let mut seen = HashSet::default();
    let mut addresses = Vec::new();
    for r in at {
        let address = match r.rdata {
            _ if r.rtype == RType::CNAME => return None,
            RData::A(v4) if r.rtype == RType::A => IpAddr::V4(v4),
            RData::Aaaa(v6) if r.rtype == RType::AAAA => IpAddr::V6(v6),
            _ => continue,
        };
        if seen.insert(address) {
            addresses.push(address);
        }
    }
    Some(addresses)
}

/// The address a reverse name stands for: `4.3.2.1.in-addr.arpa.` is 1.2.3.4, 32 nibbles
/// under `ip6.arpa.` an IPv6 address; None for any other name (a partial name). A classless
/// delegation's name (RFC 2317: `1.0/25.2.0.192.in-addr.arpa.`, `1.0-25...`) stands for the
/// address its host label and the three octets above the block's label spell (192.0.2.1).
fn reverse_address(owner: &Name) -> Option<IpAddr> {
    let lower = owner.as_str().to_ascii_lowercase();
    if let Some(octets) = lower.strip_suffix(".in-addr.arpa.") {
        let mut labels: Vec<&str> = octets.split('.').collect();
        // The block's label, second of five: `0/25`, `0-25`, `subnet0`. Not a number.
        if labels.len() == 5 && !labels[1].bytes().all(|b| b.is_ascii_digit()) {
            labels.remove(1);
        }
        let parts: Vec<u8> = labels
            .into_iter()
            .map(|part| {
                (!part.is_empty() && part.len() <= 3 && part.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| part.parse().ok())
                    .flatten()
            })
            .collect::<Option<_>>()?;
        let [d, c, b, a] = parts.as_slice() else {
            return None;
        };
        return Some(IpAddr::from([*a, *b, *c, *d]));
    }
    let nibbles = lower.strip_suffix(".ip6.arpa.")?;
    let digits: Vec<u8> = nibbles
        .split('.')
        .map(|nibble| {
            let mut chars = nibble.chars();
            let digit = chars.next()?.to_digit(16)?;
            chars.next().is_none().then_some(digit as u8)
        })
        .collect::<Option<_>>()?;
    if digits.len() != 32 {
        return None;
    }
    let mut bytes = [0u8; 16];
    for (i, pair) in digits
        .iter()
        .rev()
        .collect::<Vec<_>>()
        .chunks(2)
        .enumerate()
    {
        bytes[i] = (pair[0] << 4) | pair[1];
    }
    Some(IpAddr::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reverse_names_read_as_addresses() {
        let read = |text: &str| reverse_address(&Name::from_ascii(text).unwrap());
        assert_eq!(
            read("25.2.0.192.in-addr.arpa."),
            Some("192.0.2.25".parse().unwrap())
        );
        assert_eq!(
            read("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa."),
            Some("2001:db8::1".parse().unwrap())
        );
        assert_eq!(read("2.0.192.in-addr.arpa."), None);
        assert_eq!(
            read("1.0/25.2.0.192.in-addr.arpa."),
            Some("192.0.2.1".parse().unwrap())
        );
        assert_eq!(
            read("21.0-26.2.0.192.in-addr.arpa."),
            Some("192.0.2.21".parse().unwrap())
        );
        assert_eq!(read("0/25.2.0.192.in-addr.arpa."), None);
        assert_eq!(read("256.2.0.192.in-addr.arpa."), None);
        assert_eq!(read("mail.example.com."), None);
    }
}
