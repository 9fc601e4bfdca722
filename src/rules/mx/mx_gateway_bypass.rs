//! MX002: a mail-security gateway beside a host that is not the gateway's.
//!
//! With a gateway in front of a mailbox provider, the MX must list the gateway's hosts only. Any
//! other host in the set (typically the provider's own MX left in place) is a published way
//! around the filter: senders use it when the gateway does not answer, and attackers at will.

use crate::catalog::Kind;
use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::rules::Rule;
use crate::rules::mx::{Rank, exchange_span, rank};

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
            if matches!(direct.kind(), Some(Kind::Gateway | Kind::Verification)) {
                continue;
            }
            if project
                .operator_of(direct.exchange())
                .is_some_and(|op| gateway_operators.contains(&op))
            {
                continue;
            }
            let how = match rank(&direct.mx, &gateway.mx) {
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
                     attackers can still reach the provider directly.",
                    direct.exchange()
                )),
            );
        }
    }
}
