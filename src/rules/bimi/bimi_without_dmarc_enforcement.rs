//! BIMI002: a BIMI record for a domain whose DMARC policy does not enforce (`p=none`,
//! `quarantine` below `pct=100`, an `sp=none` for the subdomains, or no DMARC record): receivers
//! show no logo, which is the only thing the record is for.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::bimi::{bimi_records, declines};
use crate::rules::dmarc::{Dmarc, dmarc_at, dmarc_by_owner, dmarc_cname, organisational_domain};
use crate::rules::tags::{parse_tag_list, tag};

pub static RULE: Rule = Rule {
    code: "BIMI002",
    name: "bimi-without-dmarc-enforcement",
    severity: Severity::Warning,
    summary: "A BIMI record for a domain whose DMARC policy does not enforce (p=none, quarantine below pct=100, sp=none, or no DMARC record), so no logo is shown",
    doc: include_str!("../../../rules/docs/BIMI002.md"),
    check: Some(check),
};

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    // The DMARC records are a reading the DMARC rules share: taken first, so that this rule
    // waits on it like they do, BIMI records or not.
    let _ = dmarc_by_owner(zone).next();
    let bimis = bimi_records(zone);
    if bimis.is_empty() || !zone.zone.complete {
        return;
    }
    let apex = &zone.zone.apex;
    for bimi in &bimis {
        let Ok(tags) = parse_tag_list(&bimi.text) else {
            continue;
        };
        if declines(&tags) || !bimi.domain.is_subdomain_of(apex) {
            continue;
        }
        let Policy::Known(own) = policy_at(zone, &bimi.domain) else {
            continue;
        };
        // The organisational domain's record covers a subdomain without one (RFC 7489
        // §6.6.3), and must enforce too; it is known when a linted zone holds that domain.
        let organisational_name = organisational_domain(&bimi.domain);
        // The domain's own `sp=` governs its subdomains, not it (RFC 7489 §6.3): it matters
        // here only when the domain is the organisational domain, whose `sp=` its subdomains
        // without a record of their own take.
        let is_organisational = organisational_name
            .as_ref()
            .is_none_or(|org| *org == bimi.domain);
        let organisational = match organisational_name {
            Some(org) if org == bimi.domain => Policy::Known(None),
            Some(org) => match project.zone_for(&org, zone) {
                Some(org_zone)
                    if org_zone.zone.complete && org.is_subdomain_of(&org_zone.zone.apex) =>
                {
                    policy_at(org_zone, &org)
                }
                _ => Policy::Unknown,
            },
            None => Policy::Unknown,
        };
        let weakness = match (own, organisational) {
            // The policy that applies is another zone's, not linted.
            (None, Policy::Unknown) => continue,
            (None, Policy::Known(None)) => {
                Some((None, format!("`{}` has no DMARC record", bimi.domain)))
            }
            (None, Policy::Known(Some(org))) => not_enforcing(org, "sp")
                .or_else(|| not_enforcing(org, "p"))
                .map(|(record, what)| (Some(record), what)),
            (Some(own), organisational) => {
                let org = match organisational {
                    Policy::Known(found) => found,
                    Policy::Unknown => None,
                };
                not_enforcing(own, "p")
                    .or_else(|| org.and_then(|org| not_enforcing(org, "p")))
                    .or_else(|| subdomain_policy_none(own).filter(|_| is_organisational))
                    .or_else(|| org.and_then(subdomain_policy_none))
                    .map(|(record, what)| (Some(record), what))
            }
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
            "BIMI asks for a DMARC policy of `quarantine` or `reject` applied to all mail \
             (`pct=100`, or no `pct`), at the domain and at its organisational domain, and an \
             organisational `sp=` that is not `none` (the BIMI draft, draft-brand-indicators-for-message-identification; \
             Gmail and Yahoo require it). Move DMARC to enforcement once its reports show \
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
    // `pct` below 100 applies the policy to that share of failing mail and the next milder
    // one to the rest (RFC 7489 §6.6.4): BIMI asks for all of it.
    match policy.to_ascii_lowercase().as_str() {
        "reject" | "quarantine" if pct.is_none_or(|p| p == "100") => None,
        enforcing @ ("reject" | "quarantine") => Some((
            dmarc,
            format!(
                "the DMARC policy at `{owner}` applies `{shown}={enforcing}` only to `pct={}`",
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

/// The DMARC record at `_dmarc.<domain>` of `zone`, as far as it can be told.
enum Policy<'z, 'a> {
    /// The one record there, or none.
    Known(Option<&'z Dmarc<'a>>),
    /// A policy hosted elsewhere (a CNAME to a DMARC service), several records (DMARC002's
    /// error), or a domain no linted zone holds.
    Unknown,
}

fn policy_at<'z, 'a>(zone: &'z ZoneIndex<'a>, domain: &Name) -> Policy<'z, 'a> {
    if dmarc_cname(zone, domain).is_some() {
        return Policy::Unknown;
    }
    let Ok(dmarc_name) = Name::from_ascii("_dmarc").and_then(|label| label.prepend_to(domain))
    else {
        return Policy::Unknown;
    };
    // Whether there are none, one or several: the rest are not read.
    let mut found = dmarc_at(zone, &dmarc_name);
    match (found.next(), found.next()) {
        (None, _) => Policy::Known(None),
        (Some(record), None) => Policy::Known(Some(record)),
        _ => Policy::Unknown,
    }
}
