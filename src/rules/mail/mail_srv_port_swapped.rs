//! MAIL005: a mail client SRV record (RFC 6186, RFC 8314) giving the port of its sibling
//! service: `_submission._tcp` (STARTTLS, 587) at 465, where the server speaks TLS at once.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::{RData, RType};
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "MAIL005",
    name: "mail-srv-port-swapped",
    severity: Severity::Warning,
    summary: "A mail client SRV record gives the port of its TLS or plain sibling (`_submission._tcp` at 465): clients speak the wrong protocol there",
    doc: include_str!("../../../rules/docs/MAIL005.md"),
    check: Some(check),
};

/// Each client service (RFC 6186 §3.1, RFC 8314 §5.1): its port, and its sibling's service
/// name and port, which a record of it must not give.
const SERVICES: &[(&str, u16, &str, u16)] = &[
    ("_submission", 587, "_submissions", 465),
    ("_submissions", 465, "_submission", 587),
    ("_imap", 143, "_imaps", 993),
    ("_imaps", 993, "_imap", 143),
    ("_pop3", 110, "_pop3s", 995),
    ("_pop3s", 995, "_pop3", 110),
];

fn check(_project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for record in zone.of_type(RType::SRV) {
        let RData::Srv { port, target, .. } = &record.rdata else {
            continue;
        };
        let mut labels = record.owner.labels();
        let (Some(service), Some(protocol)) = (labels.next(), labels.next()) else {
            continue;
        };
        if !protocol.eq_ignore_ascii_case("_tcp") || target.as_str() == "." {
            continue;
        }
        let Some(&(name, own_port, sibling, sibling_port)) = SERVICES
            .iter()
            .find(|(name, ..)| service.eq_ignore_ascii_case(name))
        else {
            continue;
        };
        if *port != sibling_port {
            continue;
        }
        let speaks = |service: &str| {
            if service.ends_with('s') {
                "TLS from the first byte"
            } else {
                "plain text, then STARTTLS"
            }
        };
        out.push(
            Diagnostic::new(
                &RULE,
                record.rdata_span(),
                format!(
                    "`{}` gives port {port}, the port of `{sibling}._tcp`: clients that look up \
                     `{name}._tcp` speak {} to `{target}` and fail where it speaks {}",
                    record.owner,
                    speaks(name),
                    speaks(sibling)
                ),
            )
            .with_help(format!(
                "RFC 6186 and RFC 8314 §5.1: `{name}._tcp` is the service on port {own_port}, \
                 `{sibling}._tcp` the one on port {sibling_port}. Give this record port \
                 {own_port}, or publish it as `{sibling}._tcp.<domain>` (with `{name}._tcp` at \
                 port {own_port}, or `0 0 0 .` if that service is not offered)."
            )),
        );
    }
}
