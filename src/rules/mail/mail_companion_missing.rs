//! MAIL001: a record the MX provider's setup guide publishes beside the MX (Microsoft 365's
//! `autodiscover` and DKIM CNAMEs, Google's DKIM key) is missing or of the wrong shape.

use std::collections::HashMap;

use crate::catalog::{CompanionType, Kind};
use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Lookup, OwnerRecords, Project, ZoneIndex};
use crate::model::{RData, RType, Record};
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::dkim::dkim_hostname_in_txt::is_host_name;
use crate::rules::mx::mx_misplaced::misplaced;
use crate::rules::mx::{
    PassedOver, below_cut, classified_sets, exchange_span, is_leftover_provider,
    is_removed_in_bounce_mix,
};
use crate::rules::tags::txt_text;

pub static RULE: Rule = Rule {
    code: "MAIL001",
    name: "mail-companion-missing",
    severity: Severity::Info,
    summary: "A record the MX provider's setup guide publishes beside the MX (autodiscover, DKIM selectors) is missing or wrong",
    doc: include_str!("../../../rules/docs/MAIL001.md"),
    check: Some(check),
};

fn check<'a>(project: &Project<'a>, zone: &ZoneIndex<'a>, out: &mut Vec<Diagnostic>) {
    // The zone's DKIM key selectors by `_domainkey` name, read once when first asked.
    let mut selectors_by_domainkey: Option<HashMap<String, Vec<String>>> = None;
    for (set, hosts) in classified_sets(project, zone) {
        // An MX meant for the apex: its companions are at the apex, and MX017 asks to move it.
        if misplaced(project, zone, set, hosts).is_some() {
            continue;
        }
        // A wildcard MX lets every host name receive mail; the provider's companions belong to
        // the domain users have mailboxes at, and `google._domainkey.*` is no name a receiver or
        // mail client ever looks up.
        if set.owner.first_label() == "*" {
            continue;
        }
        let mut done: Vec<&str> = Vec::new();
        // Each companion name once per set: two configurations of one provider mixed in a set
        // (Google's old and new hosts, MX009's finding) list the same `google._domainkey`.
        let mut checked: Vec<Name> = Vec::new();
        // Two providers or more: some host's differs from the first's.
        let mut providers = hosts.iter().filter_map(|h| h.provider);
        let mixed = providers
            .next()
            .is_some_and(|first| providers.any(|q| q.id != first.id));
        let mut passed_over = PassedOver::default();
        for host in hosts {
            let Some(provider) = host.provider else {
                continue;
            };
            // A backup MX001 asks to remove needs no companions.
            if provider.kind != Kind::Mailbox
                || host.is_backup_to_remove()
                || done.contains(&provider.id.as_str())
                || passed_over.judge(provider, || {
                    is_removed_in_bounce_mix(zone, set.owner, hosts, provider)
                        || is_leftover_provider(zone, set.owner, hosts, provider)
                })
            {
                continue;
            }
            // Below a delegation the child zone holds the name's records.
            if below_cut(zone, set) {
                break;
            }
            done.push(&provider.id);
            let mx_label = || {
                (
                    exchange_span(&host.mx),
                    format!("{} MX is here", provider.name),
                )
            };
            let mut missing = Vec::new();
            for companion in project.catalog.companions_of(&provider.id) {
                let Ok(name) = Name::from_ascii(&companion.name)
                    .and_then(|relative| relative.prepend_to(set.owner))
                else {
                    continue;
                };
                if mixed {
                    if checked.contains(&name) {
                        continue;
                    }
                    checked.push(name.clone());
                }
                let Some(target_zone) = project.zone_for(&name, zone) else {
                    continue;
                };
                if !target_zone.zone.shows_all_at(&name) {
                    continue;
                }
                let records = match target_zone.lookup(&name) {
                    Lookup::Found(found) => found,
                    Lookup::Delegated => continue,
                    // A wildcard that answers for a CNAME companion (`* A` for `autodiscover`)
                    // sends clients to the wildcard's host (astaris.co.uk: Outlook's
                    // certificate alerts): not missing, answered wrongly.
                    Lookup::Wildcard(found) if companion.rtype == CompanionType::CNAME => {
                        let Some(record) = found.iter().find(|record| {
                            !matches!(&record.rdata, RData::Target(target)
                            if record.rtype == RType::CNAME
                                && companion.target.as_ref().is_none_or(|p| {
                                    p.is_match(&target.as_str().to_ascii_lowercase())
                                }))
                        }) else {
                            continue;
                        };
                        let (span, label) = mx_label();
                        out.push(
                            Diagnostic::new(
                                &RULE,
                                record.entry_span(),
                                format!(
                                    "`{name}` has no record of its own: the wildcard `{}` answers \
                                     for it with {} record, not the CNAME {} asks for, so clients \
                                     reach the wildcard's host",
                                    record.owner,
                                    with_article(&record.rtype.to_string()),
                                    provider.name
                                ),
                            )
                            .with_severity(Severity::Warning)
                            .with_label(span, label)
                            .with_help(format!(
                                "It is for {}. A wildcard answers every name without records of \
                                 its own; publish `{}` so that the name has its own.",
                                companion.purpose, companion.publish
                            )),
                        );
                        continue;
                    }
                    Lookup::Wildcard(_) | Lookup::EmptyNonTerminal | Lookup::NxDomain => {
                        OwnerRecords::Run(&[])
                    }
                };
                if records.is_empty() {
                    missing.push((name, companion));
                    continue;
                }
                let cname = records.iter().find(|r| r.rtype == RType::CNAME);
                let wrong = match (companion.rtype, cname) {
                    (CompanionType::CNAME, Some(record)) => {
                        let RData::Target(written) = &record.rdata else {
                            continue;
                        };
                        // The name meant, where NAME001 says the final dot is missing: that
                        // finding is the one to fix, and says what the target became.
                        let target = target_zone.zone.meant_name(record, 0).unwrap_or(written);
                        let lower = target.as_str().to_ascii_lowercase();
                        let matches = companion.target.as_ref().is_none_or(|p| p.is_match(&lower));
                        (!matches).then(|| {
                            (
                                record,
                                format!(
                                    "`{name}` points to `{target}`, not where {} publishes it",
                                    provider.name
                                ),
                            )
                        })
                    }
                    (CompanionType::CNAME, None) => {
                        // Not empty: an empty lookup is a missing companion, above.
                        let Some(record) = records.iter().next() else {
                            continue;
                        };
                        // A host name in a TXT record is DKIM003's finding.
                        let dkim003 = txt_text(record).is_some_and(|t| is_host_name(&t));
                        (!dkim003).then(|| {
                            (
                                record,
                                format!(
                                    "`{name}` is {} record; {} asks for a CNAME, so it can change what it points to",
                                    with_article(&record.rtype.to_string()),
                                    provider.name
                                ),
                            )
                        })
                    }
                    (CompanionType::TXT, _) => None,
                };
                let Some((record, message)) = wrong else {
                    continue;
                };
                let (span, label) = mx_label();
                let mut help = format!(
                    "It is for {}. Publish `{}`.",
                    companion.purpose, companion.publish
                );
                // An address, or a CNAME to the domain's own host, may be right where the
                // catalog says why (Exchange hybrid): said as information, not a warning.
                let severity = match &companion.own_host {
                    Some(why) if points_to_own_host(project, zone, record) => {
                        help = format!("{help} Leave it if {why}.");
                        Severity::Info
                    }
                    _ => Severity::Warning,
                };
                out.push(
                    Diagnostic::new(&RULE, record.entry_span(), message)
                        .with_severity(severity)
                        .with_label(span, label)
                        .with_help(help),
                );
            }
            if missing.is_empty() {
                continue;
            }
            let names = missing
                .iter()
                .map(|(name, _)| format!("`{name}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let help = missing
                .iter()
                .map(|(_, c)| format!("`{}`", c.publish))
                .collect::<Vec<_>>()
                .join("; ");
            // A DKIM key the setup names by its default selector (`google`), where the domain
            // has keys under other selectors: the admin may have chosen another, as Google
            // offers when `google` is taken.
            let other_selectors: Vec<String> = missing
                .iter()
                .filter(|(_, c)| c.rtype == CompanionType::TXT)
                .filter_map(|(name, _)| Some((name, name.parent()?)))
                .filter(|(_, domainkey)| domainkey.first_label().eq_ignore_ascii_case("_domainkey"))
                .flat_map(|(name, domainkey)| {
                    key_selectors(zone, &mut selectors_by_domainkey)
                        .get(&domainkey.as_str().to_ascii_lowercase())
                        .into_iter()
                        .flatten()
                        .filter(|selector| !name.first_label().eq_ignore_ascii_case(selector))
                        .map(|selector| format!("`{selector}`"))
                        .collect::<Vec<_>>()
                })
                .collect();
            let help = if other_selectors.is_empty() {
                format!("Publish {help}; `zonelint rule MAIL001` says what each is for.")
            } else {
                format!(
                    "Publish {help}; `zonelint rule MAIL001` says what each is for. The DKIM selector named is the \
                     provider's default; an admin may choose another (Google offers it when `google` is taken): if \
                     the provider signs with one of this domain's other keys ({}), that key is the one it needs.",
                    other_selectors.join(", ")
                )
            };
            // The headline says the other keys too: "missing" alone reads as "no DKIM key"
            // where the domain has one at a selector the admin chose.
            let other_keys = match other_selectors.as_slice() {
                [] => String::new(),
                [only] => format!(
                    " (the domain has a DKIM key at selector {only}, which may be the one it signs with)"
                ),
                several => format!(
                    " (the domain has DKIM keys at selectors {}{}, one of which it may sign with)",
                    several[..several.len().min(3)].join(", "),
                    if several.len() > 3 { ", ..." } else { "" }
                ),
            };
            out.push(
                Diagnostic::new(
                    &RULE,
                    exchange_span(&host.mx),
                    format!(
                        "{}'s setup also publishes {names}, which {} missing{other_keys}",
                        provider.name,
                        if missing.len() == 1 { "is" } else { "are" }
                    ),
                )
                .with_help(help),
            );
        }
    }
}

/// Does `record` point at one of the domain's own hosts: an address, or a CNAME to a name
/// below the zone's apex or in a linted zone?
fn points_to_own_host(project: &Project<'_>, zone: &ZoneIndex<'_>, record: &Record) -> bool {
    match &record.rdata {
        RData::A(_) | RData::Aaaa(_) => true,
        RData::Target(target) if record.rtype == RType::CNAME => {
            target.is_subdomain_of(&zone.zone.apex) || project.zone_for(target, zone).is_some()
        }
        _ => false,
    }
}

/// `A` → `an A`, `TXT` → `a TXT`: a type's mnemonic is read letter by letter, so the article
/// follows how its first letter is spoken.
fn with_article(mnemonic: &str) -> String {
    match mnemonic.chars().next() {
        Some('A' | 'E' | 'F' | 'H' | 'I' | 'L' | 'M' | 'N' | 'O' | 'R' | 'S' | 'X') => {
            format!("an {mnemonic}")
        }
        _ => format!("a {mnemonic}"),
    }
}

/// The selectors of the zone's DKIM key records (TXT with `p=`) by their `_domainkey` name,
/// lower case: read in one pass over the zone's key names, the first time they are asked for.
fn key_selectors<'c>(
    zone: &ZoneIndex<'_>,
    cache: &'c mut Option<HashMap<String, Vec<String>>>,
) -> &'c HashMap<String, Vec<String>> {
    cache.get_or_insert_with(|| {
        let mut selectors: HashMap<String, Vec<String>> = HashMap::new();
        for record in zone.key_name_txt() {
            let is_key = txt_text(record).is_some_and(|text| text.contains("p="));
            let Some(domainkey) = record.owner.as_str().split_once('.').map(|(_, rest)| rest)
            else {
                continue;
            };
            if is_key {
                selectors
                    .entry(domainkey.to_ascii_lowercase())
                    .or_default()
                    .push(record.owner.first_label().to_string());
            }
        }
        selectors
    })
}
