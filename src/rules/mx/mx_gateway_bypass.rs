//! MX002: a mail-security gateway beside a host that is not the gateway's.
//!
//! With a gateway in front of a mailbox provider, the MX must list the gateway's hosts only. Any
//! other host in the set (typically the provider's own MX left in place) is a published way
//! around the filter: senders use it when the gateway does not answer, and attackers at will.

use crate::catalog::{Kind, Provider};
use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::rules::Rule;
use crate::rules::mx::{Host, Rank, exchange_span, rank};

pub static RULE: Rule = Rule {
    code: "MX002",
    name: "mx-gateway-bypass",
    severity: Severity::Error,
    summary: "A mail-security gateway's MX sits beside a host that is not the gateway's: mail can skip the gateway",
    doc: include_str!("../../../rules/docs/MX002.md"),
    check: Some(check),
};

fn check<'a>(project: &Project<'a>, zone: &ZoneIndex<'a>, out: &mut Vec<Diagnostic>) {
    for hosts in zone.mx_hosts(project) {
        // The most preferred gateway host stands for the gateway.
        let Some(gateway) = hosts.iter().find(|h| h.kind() == Some(Kind::Gateway)) else {
            continue;
        };
        let Some(vendor) = gateway.provider else {
            continue;
        };
        let gateway_operators: Vec<&str> = hosts
            .iter()
            .filter(|h| h.kind() == Some(Kind::Gateway))
            .filter_map(|h| h.provider.map(|p| p.operator.as_str()))
            .collect();
        for direct in hosts {
            match direct.provider {
                Some(other) if other.kind == Kind::Gateway => {
                    if other.operator != vendor.operator {
                        out.push(second_gateway(gateway, vendor, direct, other));
                    }
                    continue;
                }
                Some(other) if other.kind == Kind::Verification => continue,
                _ => {}
            }
            if project
                .operator_of(direct.exchange())
                .is_some_and(|op| gateway_operators.contains(&op))
            {
                continue;
            }
            let how_rank = rank(&direct.mx, &gateway.mx);
            let how = match how_rank {
                Rank::Fallback => {
                    "senders fall back to it whenever the gateway does not answer at once"
                }
                Rank::Equal => {
                    "at the same preference, senders send part of all mail straight to it"
                }
                Rank::Preferred => {
                    "it is preferred over the gateway, so most mail never reaches the gateway"
                }
            };
            let direct_name = direct.provider_suffix();
            // An unknown host tried before the gateway may itself be a filter, with the
            // gateway's hosts left over from an earlier setup: either way one of them goes.
            let or_the_gateway = if direct.provider.is_none() && matches!(how_rank, Rank::Preferred)
            {
                format!(
                    " If `{}` is instead a filter of its own in front of the mailbox provider, and the {} hosts \
                     are left from an earlier setup, remove those.",
                    direct.exchange(),
                    vendor.name
                )
            } else {
                String::new()
            };
            out.push(
                Diagnostic::new(
                    &RULE,
                    exchange_span(&direct.mx),
                    format!(
                        "`{}`{direct_name} lets mail skip the {} gateway: {how}",
                        direct.exchange(),
                        vendor.name
                    ),
                )
                .with_label(exchange_span(&gateway.mx), format!("{} gateway MX is here", vendor.name))
                .with_help(format!(
                    "When mail must pass a filtering gateway, publish only the gateway's MX hosts and remove \
                     `{}`; then make the mailbox provider accept mail only from the gateway (Microsoft 365: \
                     a partner inbound connector restricted to the gateway, with Enhanced Filtering), since \
                     attackers can still reach the provider directly.{or_the_gateway}",
                    direct.exchange()
                )),
            );
        }
    }
}

/// A host of a second gateway vendor beside the most preferred gateway: what a move between
/// gateways leaves behind (AppRiver at 10 and 20 with the old Barracuda hosts kept at 99). A
/// warning: the old gateway still filters what it takes, but under rules the domain no longer
/// keeps, and it refuses the mail once its service has dropped the domain.
fn second_gateway(
    gateway: &Host<'_>,
    vendor: &Provider,
    host: &Host<'_>,
    other: &Provider,
) -> Diagnostic {
    let how = match rank(&host.mx, &gateway.mx) {
        Rank::Equal => "at the same preference, senders split the mail between the two",
        Rank::Fallback | Rank::Preferred => {
            "senders fall back to it whenever the first gateway does not answer at once"
        }
    };
    Diagnostic::new(
        &RULE,
        exchange_span(&host.mx),
        format!(
            "`{}` ({}) is a second gateway vendor's host beside the {} gateway: {how}",
            host.exchange(),
            other.name,
            vendor.name
        ),
    )
    .with_severity(Severity::Warning)
    .with_label(exchange_span(&gateway.mx), format!("{} gateway MX is here", vendor.name))
    .with_help(format!(
        "An MX set names one filtering gateway. A move between gateways leaves the old one's hosts \
         behind: mail that reaches them is filtered under settings the domain no longer keeps, or \
         refused once the old service has dropped the domain, and a mailbox provider that accepts \
         mail only from the new gateway refuses what the old one relays. Remove `{}`, or, if the {} \
         hosts are the ones left over, remove those.",
        host.exchange(),
        vendor.name
    ))
}
