//! DKIM007: a sending service (Mailchimp, Postmark, SendGrid, Amazon SES, ...) that the SPF
//! record authorises and whose mail can pass DMARC only through its DKIM signature, without
//! any of its DKIM records in the zone; or one of the DKIM selectors a service publishes
//! together without the others.

use rustc_hash::FxHashSet as HashSet;

use crate::catalog::{Kind, Sender};
use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::{RData, RType, Record};
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::dkim::is_key_name;
use crate::rules::mx::null_mx_without_auth::dmarc_policy;
use crate::rules::spf::{Mechanism, Term, spf_by_owner, term_span};

pub static RULE: Rule = Rule {
    code: "DKIM007",
    name: "sender-dkim-missing",
    severity: Severity::Warning,
    summary: "A sending service the SPF record authorises, whose mail passes DMARC only with its DKIM records, has none in the zone; or one of a service's paired DKIM selectors is missing",
    doc: include_str!("../../../rules/docs/DKIM007.md"),
    check: Some(check),
};

/// A record at a DKIM key name (`<selector>._domainkey.<domain>`).
struct KeyName<'a> {
    record: &'a Record,
    /// The first label, lower case.
    selector: String,
    /// For a CNAME, its target in lower case.
    target: Option<String>,
}

impl KeyName<'_> {
    /// The name the selector is for: the owner after `<selector>._domainkey.`.
    fn domain(&self) -> &str {
        let owner = self.record.owner.as_str();
        let after_selector = owner.split_once('.').map_or("", |(_, rest)| rest);
        after_selector.split_once('.').map_or("", |(_, rest)| rest)
    }

    /// Whether this record is one of `sender`'s DKIM records, as its setup publishes them.
    /// A key at a selector the customer chose counts for a service whose keys may be such
    /// (`any_key`), unless the selector is another's (`google`, `selector1`, `k2`).
    fn is_of(&self, sender: &Sender, others: &[&str]) -> bool {
        let by_selector = sender
            .dkim_selector
            .as_ref()
            .is_some_and(|pattern| pattern.is_match(&self.selector));
        let by_target = match (&self.target, &sender.dkim_target) {
            (Some(target), Some(pattern)) => pattern.is_match(target),
            _ => false,
        };
        let any_key = sender.any_key
            && self.record.rtype == RType::TXT
            && !others.contains(&self.selector.as_str());
        by_selector || by_target || any_key
    }

    /// Whether this is the record of `selector` that `sender`'s setup publishes: a CNAME to
    /// its hosts when it names them, so that another service's `s1` is not taken for
    /// SendGrid's.
    fn is_set_member_of(&self, sender: &Sender) -> bool {
        sender.together.contains(&self.selector)
            && match &sender.dkim_target {
                Some(pattern) => self.target.as_ref().is_some_and(|t| pattern.is_match(t)),
                None => true,
            }
    }
}

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    let senders = project.catalog.senders();
    if senders.is_empty() {
        return;
    }
    let key_names: Vec<KeyName<'_>> = zone
        .key_name_txt()
        .chain(zone.key_name_cnames())
        .filter(|record| is_key_name(record) && !zone.is_delegated(record))
        .map(|record| KeyName {
            record,
            selector: record.owner.first_label().to_ascii_lowercase(),
            target: match &record.rdata {
                RData::Target(target) if record.rtype == RType::CNAME => {
                    Some(target.as_str().to_ascii_lowercase())
                }
                _ => None,
            },
        })
        .collect();
    half_sets(zone, senders, &key_names, out);
    senders_without_keys(project, zone, senders, &key_names, out);
}

/// A selector of a set a service publishes together (`k2` and `k3`) without the others at the
/// same domain: the service signs with each in turn, or does not enable signing until all
/// are there.
fn half_sets(
    zone: &ZoneIndex<'_>,
    senders: &[Sender],
    key_names: &[KeyName<'_>],
    out: &mut Vec<Diagnostic>,
) {
    let mut reported: HashSet<(&str, String)> = HashSet::default();
    for key_name in key_names {
        for sender in senders.iter().filter(|s| key_name.is_set_member_of(s)) {
            let domain = key_name.domain();
            if domain.is_empty() || !reported.insert((sender.id.as_str(), domain.to_string())) {
                continue;
            }
            let missing: Vec<String> = sender
                .together
                .iter()
                .map(|selector| format!("{selector}._domainkey.{domain}"))
                .filter(|name| zone.at_text(name).next().is_none())
                .collect();
            if missing.is_empty() {
                continue;
            }
            let missing_list = missing
                .iter()
                .map(|name| format!("`{name}`"))
                .collect::<Vec<_>>()
                .join(" and ");
            out.push(
                Diagnostic::new(
                    &RULE,
                    key_name.record.entry_span(),
                    format!(
                        "`{}` is one of {}'s DKIM records, but {missing_list} {} missing",
                        key_name.record.owner,
                        sender.name,
                        if missing.len() == 1 { "is" } else { "are" },
                    ),
                )
                .with_help(format!(
                    "{}'s setup publishes its DKIM selectors together: {}. It signs with each \
                     of them (and rotates between them), or does not turn signing on until all \
                     are there: mail signed with a selector that is not published fails DKIM",
                    sender.name, sender.setup
                )),
            );
        }
    }
}

/// A name whose SPF record includes a service that sends with its own envelope domain, while
/// the zone holds none of that service's DKIM records and no Return-Path record for it.
fn senders_without_keys(
    project: &Project<'_>,
    zone: &ZoneIndex<'_>,
    senders: &[Sender],
    key_names: &[KeyName<'_>],
    out: &mut Vec<Diagnostic>,
) {
    for (owner, records) in spf_by_owner(zone) {
        // A service's bounce domain (an SES MAIL FROM subdomain, its MX at feedback-smtp, even
        // a wrong one: MX010's finding) is an envelope domain, not one mail is from.
        if is_bounce_domain(project, zone, owner) {
            continue;
        }
        for spf in records {
            let terms = spf.parse();
            for term in &terms.terms {
                let Term::Directive {
                    mechanism: Mechanism::Include,
                    domain: Some(domain),
                    text,
                    ..
                } = term
                else {
                    continue;
                };
                let domain = domain.trim_end_matches('.').to_ascii_lowercase();
                let Some(sender) = senders.iter().find(|sender| {
                    sender.envelope.is_some() && sender.spf_includes.contains(&domain)
                }) else {
                    continue;
                };
                let others = others_selectors(project, key_names, sender);
                if key_names
                    .iter()
                    .any(|key_name| key_name.is_of(sender, &others))
                    || has_return_path(zone, sender)
                    || keys_kept_elsewhere(zone)
                {
                    continue;
                }
                let envelope = sender.envelope.as_deref().unwrap_or_default();
                let policy = dmarc_policy(zone, owner);
                let (outcome, severity) = match policy.as_deref() {
                    Some(enforcing @ ("reject" | "quarantine")) => (
                        format!(
                            "and the DMARC policy `p={enforcing}` {} it",
                            if enforcing == "reject" {
                                "rejects"
                            } else {
                                "quarantines"
                            }
                        ),
                        Severity::Warning,
                    ),
                    Some(other) => (
                        format!(
                            "and without one it fails DMARC (the policy `p={other}` does not act \
                             on that yet)"
                        ),
                        Severity::Info,
                    ),
                    None => (
                        "and receivers that require DMARC alignment of bulk senders (Gmail, \
                         Yahoo) may refuse it"
                            .to_string(),
                        Severity::Info,
                    ),
                };
                out.push(
                    Diagnostic::new(
                        &RULE,
                        term_span(project, spf, text),
                        format!(
                            "`{owner}` authorises {} in its SPF record, but the zone has none of \
                             its DKIM records: {} sends with its own envelope domain (`{envelope}`), \
                             so its mail passes DMARC only with a DKIM signature for `{owner}`, {outcome}",
                            sender.name, sender.name
                        ),
                    )
                    .with_severity(severity)
                    .with_help(format!(
                        "Publish {}. SPF checks the envelope domain (`{envelope}`), not \
                         `{owner}`: the include makes SPF pass for {}'s mail, but SPF does not \
                         align with the From domain then (RFC 7489 §3.1.2)",
                        sender.setup, sender.name
                    )),
                );
            }
        }
    }
}

/// The selectors of the zone's key names that belong to someone else than `sender`: a mailbox
/// provider's setup (the catalog's companions, `google._domainkey`) or another service's.
fn others_selectors<'k>(
    project: &Project<'_>,
    key_names: &'k [KeyName<'_>],
    sender: &Sender,
) -> Vec<&'k str> {
    let catalog = project.catalog;
    key_names
        .iter()
        .filter(|key_name| {
            let companion = catalog.companions().iter().any(|companion| {
                companion
                    .name
                    .strip_suffix("._domainkey")
                    .is_some_and(|selector| selector == key_name.selector)
            });
            let other_sender = catalog.senders().iter().any(|other| {
                other.id != sender.id
                    && other
                        .dkim_selector
                        .as_ref()
                        .is_some_and(|pattern| pattern.is_match(&key_name.selector))
            });
            companion || other_sender
        })
        .map(|key_name| key_name.selector.as_str())
        .collect()
}

/// Whether `owner`'s MX hosts are a sending service's bounce hosts (the catalog's `bounce`
/// providers, or a wrong host of one).
fn is_bounce_domain(project: &Project<'_>, zone: &ZoneIndex<'_>, owner: &Name) -> bool {
    let catalog = project.catalog;
    zone.at(owner).any(|record| {
        let RData::Mx { exchange, .. } = &record.rdata else {
            return false;
        };
        let bounce = |id: &str| catalog.provider(id).is_some_and(|p| p.kind == Kind::Bounce);
        catalog
            .provider_for(exchange)
            .is_some_and(|provider| provider.kind == Kind::Bounce)
            || catalog
                .deprecated(exchange)
                .is_some_and(|deprecated| bounce(&deprecated.provider))
    })
}

/// A CNAME or MX anywhere in the zone that gives `sender` a Return-Path in the domain (a
/// Postmark `pm-bounces` CNAME, an SES MAIL FROM subdomain's MX): its mail can align through
/// SPF then.
fn has_return_path(zone: &ZoneIndex<'_>, sender: &Sender) -> bool {
    let Some(pattern) = &sender.return_path else {
        return false;
    };
    zone.of_either_type(RType::CNAME, RType::MX)
        .any(|record| match &record.rdata {
            RData::Target(target) => pattern.is_match(&target.as_str().to_ascii_lowercase()),
            RData::Mx { exchange, .. } => pattern.is_match(&exchange.as_str().to_ascii_lowercase()),
            _ => false,
        })
}

/// The zone hands its `_domainkey` names to another server (an NS record at a `_domainkey`
/// name, as some services ask): the keys are there, not here.
fn keys_kept_elsewhere(zone: &ZoneIndex<'_>) -> bool {
    zone.of_type(RType::NS).any(|record| {
        record
            .owner
            .labels()
            .any(|label| label.eq_ignore_ascii_case("_domainkey"))
    })
}
