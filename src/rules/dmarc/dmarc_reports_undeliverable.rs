//! DMARC007: a DMARC report address whose domain, in the linted zones, has a null MX (RFC
//! 7505): it takes no mail.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Lookup, Project, ZoneIndex};
use crate::model::{RData, RType};
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::dmarc::{applied_records, report_mailtos};
use crate::rules::tags::piece_span;

pub static RULE: Rule = Rule {
    code: "DMARC007",
    name: "dmarc-reports-undeliverable",
    severity: Severity::Warning,
    summary: "A DMARC report address is at a domain with a null MX, which takes no mail: no report arrives",
    doc: include_str!("../../../rules/docs/DMARC007.md"),
    check: Some(check),
};

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for (dmarc, tags) in applied_records(zone) {
        let policy_domain = dmarc.policy_domain();
        let whose = policy_domain.as_ref().unwrap_or(&dmarc.record.owner);
        // Each domain once per tag: the fix is at each tag's address.
        let mut judged: Vec<(&str, String)> = Vec::new();
        for (name, uri, domain) in report_mailtos(&tags) {
            if judged.contains(&(name, domain.clone())) {
                continue;
            }
            judged.push((name, domain.clone()));
            let Ok(destination) = Name::from_ascii_dotted(&domain) else {
                continue;
            };
            if !has_null_mx_only(project, zone, &destination) {
                continue;
            }
            let kind = if name == "rua" {
                "aggregate"
            } else {
                "failure"
            };
            out.push(
                Diagnostic::new(
                    &RULE,
                    piece_span(project, dmarc.record, &dmarc.text, uri),
                    format!(
                        "the DMARC record of `{whose}` sends {kind} reports to `{address}`, whose domain has a null MX (`MX 0 .`, RFC 7505) and takes no mail: no report arrives",
                        address = &uri[7..]
                    ),
                )
                .with_help(
                    "Receivers mail the reports to the address as written, and a domain that \
                     takes no mail refuses them at once (RFC 7505 §3). \
                     Send the reports to a mailbox at a domain that receives mail, or to a \
                     report service; a parked domain's record can name the owner's main \
                     domain, which then publishes the authorisation (`<domain>._report._dmarc`, \
                     DMARC004).",
                ),
            );
        }
    }
}

/// Does `destination`, as the linted zones answer for it, have null MX records (RFC 7505) and
/// no other MX? False when the zones cannot say (outside them, a zone that did not read
/// cleanly, records the repository does not show, a delegation). A name without any MX is
/// left alone: its address, or records the zone leaves to its DNS provider, may take mail.
fn has_null_mx_only(project: &Project<'_>, zone: &ZoneIndex<'_>, destination: &Name) -> bool {
    let Some(target) = project.zone_for(destination, zone) else {
        return false;
    };
    if !target.zone.shows_all_at(destination) {
        return false;
    }
    let (Lookup::Found(records) | Lookup::Wildcard(records)) = target.lookup(destination) else {
        return false;
    };
    let mut exchanges = records
        .iter()
        .filter_map(|record| match &record.rdata {
            RData::Mx { exchange, .. } if record.rtype == RType::MX => Some(exchange),
            _ => None,
        })
        .peekable();
    exchanges.peek().is_some() && exchanges.all(Name::is_root)
}
