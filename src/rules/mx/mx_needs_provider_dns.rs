//! MX024: an MX names a service that works only while its provider's own name servers serve
//! the domain (Cloudflare Email Routing, Namecheap's email forwarding), in a zone whose NS
//! records name other servers: the service receives nothing for the domain.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::{RData, RType};
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::mx::{below_cut, classified_sets, exchange_span};

pub static RULE: Rule = Rule {
    code: "MX024",
    name: "mx-needs-provider-dns",
    severity: Severity::Error,
    summary: "An MX names a service that works only on its provider's own name servers (Cloudflare Email Routing, Namecheap Email Forwarding), and the zone's name servers are others",
    doc: include_str!("../../../rules/docs/MX024.md"),
    check: Some(check),
};

fn check<'a>(project: &Project<'a>, zone: &ZoneIndex<'a>, out: &mut Vec<Diagnostic>) {
    // The MX sets first: the MX rules share them, made once (and so listed in `readings`).
    let sets = classified_sets(project, zone);
    let apex = &zone.zone.apex;
    let name_servers: Vec<&Name> = zone
        .at(apex)
        .filter(|record| record.rtype == RType::NS)
        .filter_map(|record| match &record.rdata {
            RData::Target(target) => Some(target),
            _ => None,
        })
        .collect();
    // Without NS records (octoDNS leaves them to the provider) the servers are those of the
    // providers the zone is pushed to, when each is one known here; name servers named inside
    // the zone itself may be a provider's under the domain's own name (Cloudflare's custom
    // name servers).
    let pushed_to: Vec<&(&str, &str, &str)> = zone
        .zone
        .pushed_to
        .iter()
        .filter_map(|class| {
            PROVIDER_NAME_SERVERS
                .iter()
                .find(|(known, ..)| known == class)
        })
        .collect();
    if name_servers.iter().any(|ns| ns.is_subdomain_of(apex))
        || (name_servers.is_empty()
            && (pushed_to.is_empty() || pushed_to.len() != zone.zone.pushed_to.len()))
    {
        return;
    }
    // Lower-case names to match against a provider's patterns: the zone's NS targets, else one
    // of each pushed-to provider's name servers.
    let servers: Vec<String> = if name_servers.is_empty() {
        pushed_to.iter().map(|(_, ns, _)| ns.to_string()).collect()
    } else {
        name_servers
            .iter()
            .map(|ns| ns.as_str().to_ascii_lowercase())
            .collect()
    };
    let ours = if name_servers.is_empty() {
        let mut who: Vec<String> = pushed_to
            .iter()
            .map(|(class, _, who)| format!("{who} (`{class}`)"))
            .collect();
        who.dedup();
        format!(
            "this zone is pushed to {}, whose name servers serve it",
            who.join(" and ")
        )
    } else {
        let shown: Vec<String> = name_servers
            .iter()
            .take(4)
            .map(|ns| format!("`{ns}`"))
            .collect();
        format!("this zone's are {}", shown.join(", "))
    };
    for (set, hosts) in sets {
        if below_cut(zone, set) {
            continue;
        }
        let Some((host, provider)) = hosts.iter().find_map(|host| {
            let provider = host.provider?;
            (!provider.requires_name_servers.is_empty()).then_some((host, provider))
        }) else {
            continue;
        };
        let served_by_provider = servers.iter().any(|ns| {
            provider
                .requires_name_servers
                .iter()
                .any(|pattern| pattern.is_match(ns))
        });
        if served_by_provider {
            continue;
        }
        let theirs: Vec<String> = provider
            .requires_name_servers
            .iter()
            .map(|pattern| format!("`{}`", pattern_shown(pattern.as_str())))
            .collect();
        out.push(
            Diagnostic::new(
                &RULE,
                exchange_span(&host.mx),
                format!(
                    "{} works only for domains whose DNS its own name servers ({}) serve, and {ours}: it receives no mail for `{}`",
                    provider.name,
                    theirs.join(", "),
                    set.owner
                ),
            )
            .with_help(format!(
                "The provider turns the service on only while its name servers answer for the \
                 domain: records copied to another DNS host (an import after a move of name \
                 servers) point at servers that refuse the domain's mail. Point the domain's \
                 name servers back at the provider's ({}), or set up mail with a service that \
                 works with these name servers and replace these MX records with its own.",
                theirs.join(", ")
            )),
        );
    }
}

/// The DNS providers octoDNS pushes zones to whose name servers are known here (their
/// classes, as in [`crate::parse::octodns::config::PROVIDER_SUPPORTS`]): one of each one's
/// name servers (the names vary by account, the domain does not), and who they are.
const PROVIDER_NAME_SERVERS: &[(&str, &str, &str)] = &[
    (
        "octodns_cloudflare.CloudflareProvider",
        "ada.ns.cloudflare.com.",
        "Cloudflare",
    ),
    (
        "octodns_cloudflare.CloudflareInternalProvider",
        "ada.ns.cloudflare.com.",
        "Cloudflare",
    ),
    (
        "octodns_route53.Route53Provider",
        "ns-1.awsdns-01.com.",
        "Amazon Route 53",
    ),
    ("octodns_ovh.OvhProvider", "dns1.ovh.net.", "OVHcloud"),
    ("octodns_gandi.GandiProvider", "ns1.gandi.net.", "Gandi"),
    (
        "octodns_hetzner.HetznerProvider",
        "hydrogen.ns.hetzner.com.",
        "Hetzner",
    ),
    (
        "octodns_digitalocean.DigitalOceanProvider",
        "ns1.digitalocean.com.",
        "DigitalOcean",
    ),
];

/// A name server pattern as a reader writes it: `^[a-z0-9-]+\.ns\.cloudflare\.com\.$` as
/// `*.ns.cloudflare.com`.
fn pattern_shown(pattern: &str) -> String {
    pattern
        .trim_start_matches('^')
        .trim_end_matches('$')
        .trim_end_matches("\\.")
        .replace("[a-z0-9-]+", "*")
        .replace("\\.", ".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_read_as_names() {
        assert_eq!(
            pattern_shown(r"^[a-z0-9-]+\.ns\.cloudflare\.com\.$"),
            "*.ns.cloudflare.com"
        );
        assert_eq!(
            pattern_shown(r"^[a-z0-9-]+\.registrar-servers\.com\.$"),
            "*.registrar-servers.com"
        );
    }
}
