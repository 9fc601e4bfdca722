//! MAIL004: a CNAME that Cloudflare proxies (octoDNS, or a Cloudflare zone file) at a name receivers look up for a mail
//! record (a DKIM key, a DMARC, BIMI, MTA-STS or TLS-RPT record): Cloudflare answers the name
//! itself, so the lookup does not reach the record the CNAME points to.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::{RData, RType};
use crate::name::Name;
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "MAIL004",
    name: "mail-record-proxied",
    severity: Severity::Warning,
    summary: "A CNAME Cloudflare proxies stands where receivers look up a DKIM key or a DMARC, BIMI, MTA-STS or TLS-RPT record",
    doc: include_str!("../../../rules/docs/MAIL004.md"),
    check: Some(check),
};

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    // Most zones proxy nothing.
    if !project.has_cloudflare_proxied() {
        return;
    }
    for proxied in &zone.zone.cloudflare_proxied {
        if proxied.rtype != RType::CNAME {
            continue;
        }
        let Some(looked_up) = mail_record_at(&proxied.owner) else {
            continue;
        };
        let owner = &proxied.owner;
        let target = zone.at(owner).find_map(|record| match &record.rdata {
            RData::Target(target) if record.rtype == RType::CNAME => Some(target),
            _ => None,
        });
        let points = match target {
            Some(target) => format!("the record at `{target}`"),
            None => "the record the CNAME points to".to_string(),
        };
        out.push(
            Diagnostic::new(
                &RULE,
                proxied.flag,
                format!(
                    "`{owner}` is a CNAME Cloudflare proxies: receivers looking up the {looked_up} get Cloudflare's own answer, not {points}"
                ),
            )
            .with_help(
                "Cloudflare answers a proxied name itself, with its own addresses for web \
                 traffic, and does not hand out the CNAME; a TXT lookup there does not reach the \
                 target (Cloudflare refuses to proxy several providers' DKIM targets for this \
                 reason). Set it DNS only (`proxied: false` in octoDNS, `cf-proxied:false` in a \
                 Cloudflare zone file) on every record mail is checked by.",
            ),
        );
    }
}

/// What receivers look up at `owner`, when it is a mail record's name: `<selector>._domainkey`,
/// `_dmarc`, `<selector>._bimi`, `_mta-sts`, `_smtp._tls`.
fn mail_record_at(owner: &Name) -> Option<&'static str> {
    let labels: Vec<&str> = owner.labels().collect();
    let is = |index: usize, label: &str| {
        labels
            .get(index)
            .is_some_and(|l| l.eq_ignore_ascii_case(label))
    };
    // A selector may have several labels (`s1.mail._domainkey`, RFC 6376 §3.1).
    let after_selector = |label: &str| labels.iter().skip(1).any(|l| l.eq_ignore_ascii_case(label));
    if after_selector("_domainkey") {
        Some("DKIM key")
    } else if is(0, "_dmarc") {
        Some("DMARC policy")
    } else if after_selector("_bimi") {
        Some("BIMI record")
    } else if is(0, "_mta-sts") {
        Some("MTA-STS record")
    } else if is(0, "_smtp") && is(1, "_tls") {
        Some("TLS-RPT record")
    } else {
        None
    }
}
