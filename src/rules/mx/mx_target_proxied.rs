//! MX019: an MX exchange whose address Cloudflare proxies (octoDNS).

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::rules::Rule;
use crate::rules::mx::{all_mx, exchange_span};

pub static RULE: Rule = Rule {
    code: "MX019",
    name: "mx-target-proxied",
    severity: Severity::Warning,
    summary: "An MX exchange's address record is proxied by Cloudflare",
    doc: include_str!("../../../rules/docs/MX019.md"),
    check: Some(check),
};

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    // Most zones proxy nothing: no exchange is looked up.
    if !project.has_cloudflare_proxied() {
        return;
    }
    for mx in all_mx(zone) {
        let Some(host_zone) = project.zone_for(mx.exchange, zone) else {
            continue;
        };
        let Some(record) = host_zone.zone.proxied_at(mx.exchange) else {
            continue;
        };
        out.push(
            Diagnostic::new(
                &RULE,
                exchange_span(&mx),
                format!(
                    "MX exchange `{}` has its {} record proxied by Cloudflare, which passes on web traffic only",
                    mx.exchange, record.rtype
                ),
            )
            .with_label(record.flag, "proxied here")
            .with_help(
                "senders and mail clients reach Cloudflare's addresses, which do not carry SMTP, \
                 IMAP or POP; Cloudflare's own answer for the MX may be a `_dc-mx` name that \
                 reveals the origin. Set it DNS only (`proxied: false` in octoDNS, \
                 `cf-proxied:false` in a Cloudflare zone file) on every record a mail \
                 server is reached by",
            ),
        );
    }
}
