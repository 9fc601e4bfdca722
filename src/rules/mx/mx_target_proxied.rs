//! MX019: an MX exchange whose address Cloudflare proxies (octoDNS).

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::Lookup;
use crate::index::{Project, ZoneIndex};
use crate::model::ProxiedRecord;
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::mx::{all_mx, exchange_span};
use crate::rules::zone::targets::alias;

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
        let Some((name, record)) = proxied_along_aliases(project, zone, mx.exchange) else {
            continue;
        };
        let message = if record.owner != name {
            let via = if &name == mx.exchange {
                String::new()
            } else {
                format!(" leads by CNAME to `{name}`, which")
            };
            format!(
                "MX exchange `{}`{via} is answered by the wildcard `{}`, whose {} record Cloudflare proxies: it passes on web traffic only",
                mx.exchange, record.owner, record.rtype
            )
        } else if &name == mx.exchange {
            format!(
                "MX exchange `{name}` has its {} record proxied by Cloudflare, which passes on web traffic only",
                record.rtype
            )
        } else {
            format!(
                "MX exchange `{}` leads by CNAME to `{name}`, whose {} record Cloudflare proxies: it passes on web traffic only",
                mx.exchange, record.rtype
            )
        };
        let mut help =
            "senders and mail clients reach Cloudflare's addresses, which do not carry SMTP, \
             IMAP or POP; Cloudflare's own answer for the MX may be a `_dc-mx` name that \
             reveals the origin. Set it DNS only (`proxied: false` in octoDNS, \
             `cf-proxied:false` in a Cloudflare zone file) on every record a mail \
             server is reached by"
                .to_string();
        // An MX kept so that the name has one, at a name whose SPF record sends nothing
        // (AnalogManDigitalKid's Cloudflare workaround): the null MX says "no mail" itself.
        if let [spf] = zone.spf_at(&mx.record.owner)
            && spf.authorises_nothing()
        {
            help.push_str(
                "; or, if the name is to receive no mail (its SPF record sends none), publish \
                 the null MX instead, `MX 0 .` (RFC 7505)",
            );
        }
        out.push(
            Diagnostic::new(&RULE, exchange_span(&mx), message)
                .with_label(record.flag, "proxied here")
                .with_help(help),
        );
    }
}

/// The first name Cloudflare proxies on the way from `exchange` through CNAMEs in the linted
/// zones (at most eight), with its proxied record: senders follow the alias to its addresses
/// (dansuleski.com's `mail CNAME` to the apex, which went behind the proxy).
fn proxied_along_aliases<'p>(
    project: &'p Project<'_>,
    zone: &ZoneIndex<'_>,
    exchange: &Name,
) -> Option<(Name, &'p ProxiedRecord)> {
    let mut name = exchange.clone();
    for _ in 0..=8 {
        let host_zone = project.zone_for(&name, zone)?;
        if let Some(record) = host_zone.zone.proxied_at(&name) {
            return Some((name, record));
        }
        let records = match host_zone.lookup(&name) {
            Lookup::Found(records) => records,
            // A name the zone answers from its wildcard (edkadigital/startmeup's proxied
            // `'*'` CNAME): the wildcard's records, and its proxying, are the name's.
            Lookup::Wildcard(records) => {
                let wildcard = records.iter().next().map(|r| &r.owner);
                if let Some(record) = wildcard.and_then(|w| host_zone.zone.proxied_at(w)) {
                    return Some((name, record));
                }
                records
            }
            _ => return None,
        };
        let (_, target) = alias(&records)?;
        name = target.clone();
    }
    None
}
