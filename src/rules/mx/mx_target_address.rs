//! MX006: the exchange is an IP address written as a name.

use std::net::IpAddr;

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::rules::Rule;
use crate::rules::mx::{Mx, all_mx, exchange_span};
use crate::rules::zone::targets::{self, Target};

pub static RULE: Rule = Rule {
    code: "MX006",
    name: "mx-target-address",
    severity: Severity::Error,
    summary: "An MX exchange is an IP address literal",
    doc: include_str!("../../../rules/docs/MX006.md"),
    check: Some(check),
};

/// The address an exchange spells, whether written with or without a trailing dot: what
/// [`targets::address_literal`] reads of an NS or SRV target.
pub fn address_literal(project: &Project<'_>, mx: &Mx<'_>) -> Option<IpAddr> {
    let target = Target {
        record: mx.record,
        name: mx.exchange,
        field: 1,
    };
    targets::address_literal(project, &target)
}

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for mx in all_mx(zone) {
        let Some(ip) = address_literal(project, &mx) else {
            continue;
        };
        let record_type = if ip.is_ipv4() { "A" } else { "AAAA" };
        out.push(
            Diagnostic::new(
                &RULE,
                exchange_span(&mx),
                format!("MX exchange `{ip}` is an IP address, not a host name"),
            )
            .with_help(format!(
                "senders look up the exchange as a name and find nothing; give the host a name \
                     (`mail {record_type} {ip}`) and point the MX at that name"
            )),
        );
    }
}
