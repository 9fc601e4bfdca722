//! BIMI002: a BIMI record for a domain whose DMARC policy does not enforce (`p=none`,
//! `quarantine` below `pct=100`, an `sp=none` for the subdomains, or no DMARC record): receivers
//! show no logo, which is the only thing the record is for.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::bimi::{bimi_records, declines};
use crate::rules::dmarc::{Dmarc, dmarc_by_owner, dmarc_cname};
use crate::rules::tags::{parse_tag_list, tag};

pub static RULE: Rule = Rule {
    code: "BIMI002",
    name: "bimi-without-dmarc-enforcement",
    severity: Severity::Warning,
    summary: "A BIMI record for a domain whose DMARC policy does not enforce (p=none, quarantine below pct=100, sp=none, or no DMARC record), so no logo is shown",
    doc: include_str!("../../../rules/docs/BIMI002.md"),
    check: Some(check),
};

fn check(_project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    // The DMARC records are a reading the DMARC rules share: taken first, so that this rule
    // waits on it like they do, BIMI records or not.
    let policies: Vec<(&Name, Vec<&Dmarc<'_>>)> = dmarc_by_owner(zone).collect();
    let bimis = bimi_records(zone);
    if bimis.is_empty() || !zone.zone.complete {
        return;
    }
    let apex = &zone.zone.apex;
    let policy_of = |domain: &Name| -> Result<Option<&Dmarc<'_>>, ()> {
        // A policy hosted elsewhere (a CNAME to a DMARC service) is not known here; several
        // records are DMARC002's error.
        if dmarc_cname(zone, domain).is_some() {
            return Err(());
        }
        let dmarc_name = Name::from_ascii("_dmarc")
            .and_then(|label| label.prepend_to(domain))
            .map_err(|_| ())?;
        match policies.iter().find(|(owner, _)| **owner == dmarc_name) {
            Some((_, records)) if records.len() == 1 => Ok(Some(records[0])),
            Some(_) => Err(()),
            None => Ok(None),
        }
    };
    for bimi in &bimis {
        let Ok(tags) = parse_tag_list(&bimi.text) else {
            continue;
        };
        if declines(&tags) || !bimi.domain.is_subdomain_of(apex) {
            continue;
        }
        let Ok(own) = policy_of(&bimi.domain) else {
            continue;
        };
        // The zone's apex stands for the organisational domain, whose record covers a
        // subdomain without one (RFC 7489 §6.6.3) and must enforce too.
        let organisational = if bimi.domain == *apex {
            None
        } else {
            match policy_of(apex) {
                Ok(found) => found,
                Err(()) => continue,
            }
        };
        let weakness = match (own, organisational) {
            // Said only where the apex is an organisation's domain: a zone below one takes
            // the policy another zone publishes.
            (None, None) if is_organisational(apex) => {
                Some((None, format!("`{}` has no DMARC record", bimi.domain)))
            }
            (None, None) => None,
            (Some(own), organisational) => not_enforcing(own, "p")
                .or_else(|| organisational.and_then(|org| not_enforcing(org, "p")))
                .or_else(|| {
                    // The organisational domain's `sp=`, read for its subdomains.
                    let org = organisational.unwrap_or(own);
                    subdomain_policy_none(org)
                })
                .map(|(record, what)| (Some(record), what)),
            (None, Some(org)) => not_enforcing(org, "sp")
                .or_else(|| not_enforcing(org, "p"))
                .map(|(record, what)| (Some(record), what)),
        };
        let Some((dmarc, what)) = weakness else {
            continue;
        };
        let mut diagnostic = Diagnostic::new(
            &RULE,
            bimi.record.rdata_span(),
            format!(
                "BIMI record for `{}`, but {what}: receivers show no logo without a DMARC policy that enforces",
                bimi.domain
            ),
        )
        .with_help(
            "BIMI asks for a DMARC policy of `quarantine` applied to all mail (`pct=100`, or no \
             `pct`) or `reject`, at the domain and at its organisational domain, and an `sp=` \
             that is not `none` (draft-brand-indicators-for-message-identification §2; Gmail and \
             Yahoo require it). Move DMARC to enforcement once its reports show \
             only your own senders, or remove the BIMI record until then.",
        );
        if let Some(dmarc) = dmarc {
            diagnostic = diagnostic.with_label(dmarc.record.rdata_span(), "the DMARC policy");
        }
        out.push(diagnostic);
    }
}

/// When the policy tag `name` of a DMARC record (`sp` falling back to `p`) does not enforce:
/// the record and what is wrong.
fn not_enforcing<'d, 'a>(dmarc: &'d Dmarc<'a>, name: &str) -> Option<(&'d Dmarc<'a>, String)> {
    let tags = parse_tag_list(&dmarc.text).ok()?;
    let policy = tag(&tags, name).or_else(|| tag(&tags, "p"))?;
    let shown = if tag(&tags, name).is_some() {
        name
    } else {
        "p"
    };
    let pct = tag(&tags, "pct").map(str::trim);
    let owner = &dmarc.record.owner;
    match policy.to_ascii_lowercase().as_str() {
        "reject" => None,
        "quarantine" if pct.is_none_or(|p| p == "100") => None,
        "quarantine" => Some((
            dmarc,
            format!(
                "the DMARC policy at `{owner}` quarantines only `pct={}`",
                pct.unwrap_or_default()
            ),
        )),
        other => Some((
            dmarc,
            format!("the DMARC policy at `{owner}` is `{shown}={other}`"),
        )),
    }
}

/// When an organisational domain's record publishes `sp=none`, which the draft forbids for
/// BIMI: the record and what is wrong.
fn subdomain_policy_none<'d, 'a>(dmarc: &'d Dmarc<'a>) -> Option<(&'d Dmarc<'a>, String)> {
    let tags = parse_tag_list(&dmarc.text).ok()?;
    tag(&tags, "sp")
        .filter(|sp| sp.eq_ignore_ascii_case("none"))
        .map(|_| {
            (
                dmarc,
                format!("the DMARC policy at `{}` is `sp=none`", dmarc.record.owner),
            )
        })
}

/// Is `apex` a domain an organisation registers: one label under a top-level domain
/// (`example.com`), or under a country code's second level (`example.co.uk`)? Told by shape:
/// zonelint carries no public suffix list.
fn is_organisational(apex: &Name) -> bool {
    match apex.label_count() {
        2 => true,
        3 => {
            let labels: Vec<&str> = apex.labels().collect();
            labels[2].len() == 2
                && ["ac", "co", "com", "edu", "gov", "ne", "net", "or", "org"]
                    .iter()
                    .any(|second| labels[1].eq_ignore_ascii_case(second))
        }
        _ => false,
    }
}
