//! DMARC005: a domain whose SPF record authorises senders, or that signs mail with DKIM,
//! publishes no DMARC record, at its own `_dmarc` name or at its organisational domain's.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Lookup, Project, ZoneIndex};
use crate::model::{RData, RType, Record};
use crate::name::{Caseless, Name};
use crate::rules::Rule;
use crate::rules::dmarc::{looks_like_dmarc, organisational_domain};
use crate::rules::spf::{Mechanism, Spf, Term, single_spf};
use crate::rules::tags::txt_text;

pub static RULE: Rule = Rule {
    code: "DMARC005",
    name: "dmarc-missing",
    severity: Severity::Info,
    summary: "A domain whose SPF record authorises senders, or that signs mail with DKIM, publishes no DMARC record: Gmail, Yahoo and Outlook.com require one of bulk senders",
    doc: include_str!("../../../rules/docs/DMARC005.md"),
    check: Some(check),
};

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    if !zone.zone.complete {
        return;
    }
    // The organisational domains reported, each once: a subdomain's senders are reported at
    // the first of them only when the domain itself has no finding.
    let mut reported: HashSet<Name> = HashSet::default();
    for spf in single_spf(zone) {
        let domain = &spf.record.owner;
        // The From domain of mail is an organisational domain or a name below it that the
        // organisational domain's record covers (RFC 7489 §6.6.3): asked of the
        // organisational domain alone, so that a bounce or sending subdomain (`bounce`,
        // `_spf`) is not asked for a record of its own.
        if organisational_domain(domain).as_ref() != Some(domain) {
            continue;
        }
        if !authorises_senders(spf) {
            continue;
        }
        let Some(dmarc_name) = missing_dmarc(project, zone, domain) else {
            continue;
        };
        reported.insert(domain.clone());
        // A bulk sending service authorised (Mailchimp, SendGrid, ...) is the volume the
        // large receivers' DMARC requirement is about: their mail is refused or junked
        // without a record (Outlook.com's "550 5.7.515" since May 2025, Gmail's "5.7.26").
        let bulk_sender = bulk_sender(project, spf);
        let diagnostic = match bulk_sender {
            Some(sender) => Diagnostic::new(
                &RULE,
                spf.record.rdata_span(),
                format!(
                    "`{domain}` sends through {} (its SPF record includes it) but publishes no DMARC record at `{dmarc_name}`: Gmail, Yahoo and Outlook.com refuse or junk high-volume senders' mail without one",
                    sender.name
                ),
            )
            .with_severity(Severity::Warning),
            None => Diagnostic::new(
                &RULE,
                spf.record.rdata_span(),
                format!(
                    "`{domain}` authorises senders in its SPF record but publishes no DMARC record at `{dmarc_name}`"
                ),
            ),
        };
        out.push(diagnostic.with_help(HELP));
    }
    signing_without_dmarc(project, zone, &mut reported, out);
    subdomains_without_dmarc(project, zone, &reported, out);
}

/// Whether the organisational domain shows that it sends, in the linted zone that holds it
/// (its SPF record authorises senders, or it has a DKIM key of its own): the finding, if any,
/// is then that zone's, about the domain itself.
fn sends_itself(project: &Project<'_>, zone: &ZoneIndex<'_>, organisational: &Name) -> bool {
    let Some(holder) = project.zone_for(organisational, zone) else {
        return false;
    };
    holder.spf_at(organisational).iter().any(authorises_senders)
        || crate::rules::dkim::signing_evidence(holder)
            .any(|(domain, _)| Caseless(domain) == Caseless(organisational.as_str()))
}

/// A mechanism other than `all`, or a `redirect=`: the record names hosts that send.
fn authorises_senders(spf: &Spf<'_>) -> bool {
    spf.parse().terms.iter().any(|term| match term {
        Term::Directive { mechanism, .. } => *mechanism != Mechanism::All,
        Term::Modifier { .. } => term.is_redirect(),
    })
}

/// The sending service the catalog knows among the record's includes (Mailchimp, SendGrid,
/// Amazon SES, ...): the name sends in volume.
fn bulk_sender<'c>(
    project: &Project<'c>,
    spf: &Spf<'_>,
) -> Option<&'c crate::catalog::mail::Sender> {
    spf.parse()
        .terms
        .into_iter()
        .filter_map(|term| match term {
            Term::Directive {
                mechanism: Mechanism::Include,
                domain: Some(domain),
                ..
            } => Some(domain),
            _ => None,
        })
        .find_map(|include| project.catalog.sender_of_spf_include(include))
}

/// A subdomain that sends (its SPF record includes a sending service the catalog knows, or it
/// has a DKIM key: a return-path domain such as `mail.example.com` for Amazon SES), with
/// no DMARC record of its own nor at its organisational domain, which has no finding itself
/// (no SPF record that sends, no DKIM key of its own): receivers look for a policy at
/// `_dmarc.<subdomain>`, then at `_dmarc.<organisational domain>` (RFC 7489 §6.6.3), and find
/// none. Reported once per organisational domain, at its first such record. Underscored
/// names (`_spf`, `_netblocks`) are lists other records include, and a wildcard answers for
/// names that do not exist: neither is a domain that sends.
fn subdomains_without_dmarc(
    project: &Project<'_>,
    zone: &ZoneIndex<'_>,
    reported: &HashSet<Name>,
    out: &mut Vec<Diagnostic>,
) {
    // An SPF record shows that a subdomain sends in the domain's name only when it includes a
    // sending service: `v=spf1 a -all` at a mail server's own name is for its HELO name.
    let by_spf = single_spf(zone).filter_map(|spf| {
        let sender = bulk_sender(project, spf)?;
        Some((spf.record, spf.record.owner.clone(), Some(sender)))
    });
    let by_dkim = crate::rules::dkim::signing_evidence(zone)
        .filter_map(|(domain, key)| Some((key, Name::from_ascii(domain).ok()?, None)));
    let mut senders: Vec<_> = by_spf.chain(by_dkim).collect();
    senders.sort_by_key(|(record, ..)| {
        let span = record.entry_span();
        (span.file, span.start)
    });
    // Each organisational domain's `_dmarc` name while its subdomains are still to be told
    // that it has no record; None once one is, or when the domain has a record, a finding of
    // its own, or sends itself. Decided once a domain: a zone may hold thousands of
    // subdomains' keys, and telling whether the domain signs reads every key.
    let mut uncovered: HashMap<Name, Option<Name>> = HashMap::default();
    for (record, domain, bulk_sender) in senders {
        // A wildcard's SPF record answers for names that do not exist: no domain's own.
        let label = domain.first_label();
        if label.starts_with('_') || label == "*" || !domain.is_subdomain_of(&zone.zone.apex) {
            continue;
        }
        let Some(organisational) = organisational_domain(&domain) else {
            continue;
        };
        if organisational == domain {
            continue;
        }
        let organisational_dmarc = uncovered.entry(organisational.clone()).or_insert_with(|| {
            let told_elsewhere =
                reported.contains(&organisational) || sends_itself(project, zone, &organisational);
            (!told_elsewhere)
                .then(|| missing_dmarc(project, zone, &organisational))
                .flatten()
        });
        if organisational_dmarc.is_none() {
            continue;
        }
        let Some(own_dmarc) = missing_dmarc(project, zone, &domain) else {
            continue;
        };
        let Some(organisational_dmarc) = organisational_dmarc.take() else {
            continue;
        };
        let how = if record.owner == domain {
            "authorises a sending service in its SPF record".to_string()
        } else {
            format!("signs mail with DKIM (`{}`)", record.owner)
        };
        let mut message = format!(
            "`{domain}` {how}, and no DMARC record covers its mail: `{organisational}` publishes none at `{organisational_dmarc}`, nor `{domain}` one of its own at `{own_dmarc}`"
        );
        let severity = match bulk_sender {
            Some(sender) => {
                message.push_str(&format!(
                    ": it sends through {}, and Gmail, Yahoo and Outlook.com refuse or junk high-volume senders' mail without one",
                    sender.name
                ));
                Severity::Warning
            }
            None => Severity::Info,
        };
        out.push(
            Diagnostic::new(&RULE, record.rdata_span(), message)
                .with_severity(severity)
                .with_help(HELP),
        );
    }
}

/// The same for an organisational domain that publishes no SPF record but signs mail
/// ([`crate::rules::dkim::signing_evidence`]). One finding per domain, at its first key. A domain with an SPF record is the loop above's
/// (`v=spf1 -all` beside a key says the domain sends nothing, which DKIM rules judge).
fn signing_without_dmarc(
    project: &Project<'_>,
    zone: &ZoneIndex<'_>,
    reported: &mut HashSet<Name>,
    out: &mut Vec<Diagnostic>,
) {
    // In file order (the keys' TXT records are gathered before their CNAMEs), so that a
    // domain's finding is at its first key.
    let mut keys: Vec<(&str, &Record)> = crate::rules::dkim::signing_evidence(zone).collect();
    keys.sort_by_key(|(_, key)| {
        let span = key.entry_span();
        (span.file, span.start)
    });
    let mut judged: HashSet<Caseless<'_>> = HashSet::default();
    let mut found: Vec<(&Record, Name, Name)> = Vec::new();
    for (domain, key) in keys {
        if !judged.insert(Caseless(domain)) {
            continue;
        }
        let Ok(domain) = Name::from_ascii(domain) else {
            continue;
        };
        // The domain's SPF record is read in this zone: a domain above it (a zone of its
        // own for `_domainkey.example.com`) is its own zone's to judge.
        if !domain.is_subdomain_of(&zone.zone.apex)
            || organisational_domain(&domain).as_ref() != Some(&domain)
            || !zone.spf_at(&domain).is_empty()
        {
            continue;
        }
        if let Some(dmarc_name) = missing_dmarc(project, zone, &domain) {
            found.push((key, domain, dmarc_name));
        }
    }
    for (key, domain, dmarc_name) in found {
        reported.insert(domain.clone());
        out.push(
            Diagnostic::new(
                &RULE,
                key.rdata_span(),
                format!(
                    "`{domain}` signs mail with DKIM (`{}`) but publishes no DMARC record at `{dmarc_name}`",
                    key.owner
                ),
            )
            .with_help(HELP),
        );
    }
}

const HELP: &str = "Gmail and Yahoo (since February 2024) and Outlook.com (since May 2025) require a DMARC \
     record of domains that send them 5,000 messages a day or more, and refuse or junk \
     their mail without one; without it no receiver sends reports, so mail sent in the \
     domain's name by others goes unseen. Publish `_dmarc TXT \"v=DMARC1; p=none; \
     rua=mailto:dmarc-reports@<domain>\"`, and move to `p=quarantine` or `p=reject` \
     once the reports show only your own senders (RFC 7489 §6.1).";

/// `_dmarc.<domain>` when the linted zones show that no DMARC record is published there;
/// None when one is, when the name is not in a linted zone that read cleanly, or when a
/// DMARC record is published at the domain itself, where receivers do not look (DMARC003's
/// finding, which says where to move it).
fn missing_dmarc(project: &Project<'_>, zone: &ZoneIndex<'_>, domain: &Name) -> Option<Name> {
    let dmarc_name = Name::from_ascii("_dmarc")
        .and_then(|label| label.prepend_to(domain))
        .ok()?;
    let dmarc_zone = project.zone_for(&dmarc_name, zone)?;
    if !dmarc_zone.zone.shows_all_but_addresses_at(&dmarc_name)
        || !publishes_none(dmarc_zone, &dmarc_name)
    {
        return None;
    }
    let misplaced = zone.at(domain).any(|record| {
        record.rtype == RType::TXT && txt_text(record).is_some_and(|text| looks_like_dmarc(&text))
    });
    (!misplaced).then_some(dmarc_name)
}

/// Whether `_dmarc.<domain>` (`dmarc_name`) holds no DMARC record: no TXT record that reads
/// as one, and no CNAME to a policy hosted elsewhere. A delegated name is the child zone's
/// to answer.
fn publishes_none(zone: &ZoneIndex<'_>, dmarc_name: &Name) -> bool {
    let records = match zone.lookup(dmarc_name) {
        Lookup::Found(records) => records,
        // A wildcard answers for `_dmarc` with what it holds: a DMARC record there is one,
        // anything else (a wildcard SPF record) is no policy. A wildcard CNAME (`* CNAME` to
        // the apex or a web host, Internet.nl#1025) leads `_dmarc` to a name that holds a
        // policy only if the zone shows one there.
        Lookup::Wildcard(records) => {
            let is_dmarc = |record: &crate::model::Record| {
                record.rtype == RType::TXT
                    && txt_text(record).is_some_and(|text| looks_like_dmarc(&text))
            };
            return !records.iter().any(|record| match &record.rdata {
                RData::Target(target) if record.rtype == RType::CNAME => {
                    match zone.lookup(target) {
                        Lookup::Found(at) | Lookup::Wildcard(at) => at.iter().any(is_dmarc),
                        _ => false,
                    }
                }
                _ => is_dmarc(record),
            });
        }
        Lookup::Delegated => return false,
        Lookup::EmptyNonTerminal | Lookup::NxDomain => return true,
    };
    // A TXT record there that receivers do not read as DMARC (quoted as text, `v=DMARC1`
    // misspelt) is DMARC001's finding, which says what is wrong with it; an NS record
    // delegates the name, whose records the child zone holds.
    !records
        .iter()
        .any(|record| matches!(record.rtype, RType::CNAME | RType::TXT | RType::NS))
}
