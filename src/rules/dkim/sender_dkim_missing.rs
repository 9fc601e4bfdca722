//! DKIM007: a sending service (Mailchimp, Postmark, SendGrid, Amazon SES, ...) that the SPF
//! record authorises and whose mail can pass DMARC only through its DKIM signature, without
//! any of its DKIM records in the zone; or one of the DKIM selectors a service publishes
//! together without the others.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::catalog::{Companion, Kind, Sender};
use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::{RData, RType, Record};
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::dkim::is_key_name;
use crate::rules::mx::null_mx_without_auth::dmarc_policy;
use crate::rules::names::missing_trailing_dot::owner_doubles_apex;
use crate::rules::spf::{Mechanism, Spf, Term, spf_by_owner, term_span};

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
    /// A TXT key with an empty `p=`.
    revoked: bool,
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
    /// A key at a selector the customer chose (a TXT key, or a CNAME to a key host of their
    /// own) counts for a service whose keys may be such (`any_key`), unless `others` says the
    /// record is another's.
    fn is_of(&self, sender: &Sender, others: &Others<'_>) -> bool {
        if self.revoked {
            return false;
        }
        let by_selector = sender
            .dkim_selector
            .as_ref()
            .is_some_and(|pattern| pattern.is_match(&self.selector));
        let by_target = match (&self.target, &sender.dkim_target) {
            (Some(target), Some(pattern)) => pattern.is_match(target),
            _ => false,
        };
        let any_key = sender.any_key
            && matches!(self.record.rtype, RType::TXT | RType::CNAME)
            && !others.claim(self, sender);
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
    // A revoked key (`p=` empty) signs nothing: it is no sign of the service's DKIM.
    let revoked: HashSet<*const Record> = zone
        .dkim_keys()
        .keys
        .iter()
        .filter(|key| matches!(&key.key, Ok(Some(read)) if read.public_len == 0))
        .map(|key| std::ptr::from_ref(key.record))
        .collect();
    let key_names: Vec<KeyName<'_>> = zone
        .key_name_txt()
        .chain(zone.key_name_cnames())
        .filter(|record| is_key_name(record) && !zone.is_delegated(record))
        .map(|record| KeyName {
            record,
            revoked: revoked.contains(&std::ptr::from_ref(record)),
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
        // A selector at a doubled name (`s1._domainkey.example.com.example.com.`) is NAME001's:
        // its set belongs at the name meant, not beside it at the doubled one.
        if owner_doubles_apex(&key_name.record.owner, &zone.zone.apex) {
            continue;
        }
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
    let mut covered: Vec<Option<bool>> = vec![None; senders.len()];
    let mut others: Option<Others<'_>> = None;
    let mut kept_elsewhere: Option<bool> = None;
    let includers = includers_of(zone);
    let mut reported: HashSet<(String, usize)> = HashSet::default();
    let by_owner = spf_by_owner(zone);
    let mut walk_budget = WALK_STEPS_PER_NAME * by_owner.len();
    for (record_owner, records) in by_owner {
        // The includes of senders that sign with their own envelope domain, read once: most
        // SPF records have none, and the names they speak for are then not looked for.
        let included: Vec<(&Spf<'_>, usize, &str)> = records
            .iter()
            .flat_map(|spf| {
                spf.parse()
                    .terms
                    .iter()
                    .filter_map(|term| sender_included(term, senders))
                    .map(|(at, text)| (spf, at, text))
                    .collect::<Vec<_>>()
            })
            .collect();
        if included.is_empty() {
            continue;
        }
        // A record other records include (`_spf.example.com`) lists senders for the names
        // that include it: the finding is theirs, with their DMARC policy. Included only from
        // outside the zone: not judged here.
        let owners: Vec<&Name> = if project.is_spf_referenced(record_owner) {
            top_includers(&includers, record_owner, &mut walk_budget)
        } else {
            vec![*record_owner]
        };
        for owner in owners {
            // A service's bounce domain (an SES MAIL FROM subdomain, its MX at feedback-smtp, even
            // a wrong one: MX010's finding) is an envelope domain, not one mail is from. Asked
            // only of a name that includes a sender, as most SPF records include none.
            let mut bounce_domain: Option<bool> = None;
            for &(spf, at, text) in &included {
                if *bounce_domain.get_or_insert_with(|| is_bounce_domain(project, zone, owner)) {
                    continue;
                }
                let sender = &senders[at];
                if !reported.insert((owner.as_str().to_ascii_lowercase(), at)) {
                    continue;
                }
                // Whether the zone shows the service's DKIM or Return-Path does not depend
                // on the name: worked out once per service.
                let covered = *covered[at].get_or_insert_with(|| {
                    let others = others.get_or_insert_with(|| Others::of(project, zone));
                    key_names
                        .iter()
                        .any(|key_name| key_name.is_of(sender, others))
                        || has_return_path(zone, sender)
                        || *kept_elsewhere.get_or_insert_with(|| keys_kept_elsewhere(zone))
                });
                if covered {
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
                // Where the envelope is the service's only in some setups, whether this one is
                // cannot be seen: said as information.
                let condition = sender.envelope_condition.as_deref();
                let severity = if condition.is_some() {
                    Severity::Info
                } else {
                    severity
                };
                out.push(
                Diagnostic::new(
                    &RULE,
                    term_span(project, spf, text),
                    format!(
                        "`{owner}` authorises {} in its SPF record{}, but the zone has none \
                         of its DKIM records: {} sends with its own envelope domain (`{envelope}`){}, \
                         so its mail passes DMARC only with a DKIM signature for `{owner}`, {outcome}",
                        sender.name,
                        if owner == *record_owner {
                            String::new()
                        } else {
                            format!(" (through `{record_owner}`)")
                        },
                        sender.name,
                        condition
                            .map(|condition| format!(" when {condition}"))
                            .unwrap_or_default(),
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

/// The sender with its own envelope domain (its place in `senders`) that `term` includes, and
/// the term as written.
fn sender_included<'t>(term: &Term<'t>, senders: &[Sender]) -> Option<(usize, &'t str)> {
    let Term::Directive {
        mechanism: Mechanism::Include,
        domain: Some(domain),
        text,
        ..
    } = term
    else {
        return None;
    };
    let domain = domain.trim_end_matches('.').to_ascii_lowercase();
    let at = senders
        .iter()
        .position(|sender| sender.envelope.is_some() && sender.spf_includes.contains(&domain))?;
    Some((at, text))
}

/// Names [`top_includers`] may visit, per SPF owner of the zone, over all its walks. Each walk
/// visits the names that include a record, and theirs, ten deep: a few in a real zone. In a
/// hostile one whose records all include each other (10,000 records that include eight others
/// each) every walk visits every name, and the walks took 16 s; past this budget no further
/// includers are looked for.
const WALK_STEPS_PER_NAME: usize = 64;

/// The names whose SPF records in the zone include or redirect to each name (lower case,
/// without the final dot).
fn includers_of<'z, 'a>(zone: &'z ZoneIndex<'a>) -> HashMap<String, Vec<&'a Name>> {
    let mut includers: HashMap<String, Vec<&'a Name>> = HashMap::default();
    for (owner, records) in spf_by_owner(zone) {
        for spf in records {
            for domain in spf.referenced_domains() {
                includers
                    .entry(domain.trim_end_matches('.').to_ascii_lowercase())
                    .or_default()
                    .push(*owner);
            }
        }
    }
    includers
}

/// The names of the zone whose mail an SPF record at `name` speaks for: those that include it
/// (or redirect to it), followed up to names no record of the zone includes. Empty when only
/// records outside the zone include it.
///
/// Each name visited takes one step of `budget` (shared by the walks of one zone); with none
/// left the walk stops.
fn top_includers<'a>(
    includers: &HashMap<String, Vec<&'a Name>>,
    name: &'a Name,
    budget: &mut usize,
) -> Vec<&'a Name> {
    let mut found: Vec<&'a Name> = Vec::new();
    let mut seen: HashSet<String> = HashSet::default();
    let mut pending: Vec<(&'a Name, usize)> = vec![(name, 0)];
    while let Some((at, depth)) = pending.pop() {
        let key = at.as_str().trim_end_matches('.').to_ascii_lowercase();
        if seen.contains(&key) {
            continue;
        }
        let Some(left) = budget.checked_sub(1) else {
            break;
        };
        *budget = left;
        #[cfg(test)]
        tests::WALK_STEPS.set(tests::WALK_STEPS.get() + 1);
        let includers_here = includers.get(&key);
        seen.insert(key);
        match includers_here {
            Some(names) if depth < 10 => {
                pending.extend(names.iter().map(|&includer| (includer, depth + 1)));
            }
            Some(_) => {}
            None if at != name => found.push(at),
            None => {}
        }
    }
    found
}

/// What says a DKIM record is someone else's than a sending service's: the services and mail
/// providers in play in the zone (a service whose include an SPF record of the zone has, a
/// provider of one of its MX hosts), whose selectors (`google`, `selector1`, `k2`) and key
/// hosts are theirs. A selector of a service or provider not in play (`mail`, `default`) is
/// anyone's.
struct Others<'c> {
    senders: Vec<&'c Sender>,
    companions: Vec<&'c Companion>,
    all_senders: &'c [Sender],
}

impl<'c> Others<'c> {
    fn of(project: &Project<'c>, zone: &ZoneIndex<'_>) -> Others<'c> {
        let catalog = project.catalog;
        let included: HashSet<String> = spf_by_owner(zone)
            .iter()
            .flat_map(|(_, records)| records.iter())
            .flat_map(|spf| {
                spf.referenced_domains()
                    .map(|domain| domain.trim_end_matches('.').to_ascii_lowercase())
                    .collect::<Vec<_>>()
            })
            .collect();
        let providers: HashSet<&str> = zone
            .of_type(RType::MX)
            .filter_map(|record| match &record.rdata {
                RData::Mx { exchange, .. } => catalog.provider_for(exchange),
                _ => None,
            })
            .map(|provider| provider.id.as_str())
            .collect();
        Others {
            senders: catalog
                .senders()
                .iter()
                .filter(|sender| sender.spf_includes.iter().any(|d| included.contains(d)))
                .collect(),
            companions: catalog
                .companions()
                .iter()
                .filter(|companion| providers.contains(companion.provider.as_str()))
                .collect(),
            all_senders: catalog.senders(),
        }
    }

    /// Is `key_name` another's than `sender`'s: at a selector of a service or provider in play,
    /// or a CNAME to another service's key host or a provider's?
    fn claim(&self, key_name: &KeyName<'_>, sender: &Sender) -> bool {
        let selector = key_name.selector.as_str();
        let other_sender = self.senders.iter().any(|other| {
            other.id != sender.id
                && other
                    .dkim_selector
                    .as_ref()
                    .is_some_and(|pattern| pattern.is_match(selector))
        });
        let companion = self.companions.iter().any(|companion| {
            companion
                .name
                .strip_suffix("._domainkey")
                .is_some_and(|name| name == selector)
        });
        let other_host = key_name.target.as_deref().is_some_and(|target| {
            self.all_senders.iter().any(|other| {
                other.id != sender.id
                    && other
                        .dkim_target
                        .as_ref()
                        .is_some_and(|pattern| pattern.is_match(target))
            })
        });
        other_sender || companion || other_host || is_self_hosted(selector)
    }
}

/// Selectors that mail servers and hosting panels give their own keys (cPanel and Plesk
/// `default`, `default2205`; rspamd, Mailcow and iRedMail `dkim`): the domain's own server's
/// key, not a sending service's.
fn is_self_hosted(selector: &str) -> bool {
    selector == "dkim"
        || selector
            .strip_prefix("default")
            .is_some_and(|rest| rest.bytes().all(|b| b.is_ascii_digit()))
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
            || crate::rules::mx::misrouted_bounce_service(catalog, zone, owner, exchange).is_some()
    })
}

/// A CNAME or MX anywhere in the zone that gives `sender` a Return-Path in the domain (a
/// Postmark `pm-bounces` CNAME, an SES MAIL FROM subdomain's MX): its mail can align through
/// SPF then. An MX counts only beside an SPF record that includes the service, as its setup
/// publishes the two together (SendGrid without automated security: `em<n> MX
/// mx.sendgrid.net.` and `include:sendgrid.net`): the same host alone receives mail for the
/// service to parse (SendGrid's Inbound Parse), which gives it no Return-Path.
fn has_return_path(zone: &ZoneIndex<'_>, sender: &Sender) -> bool {
    let Some(pattern) = &sender.return_path else {
        return false;
    };
    let includes_sender = |owner: &Name| {
        zone.spf_at(owner).iter().any(|spf| {
            spf.parse()
                .terms
                .iter()
                .any(|term| sender_included(term, std::slice::from_ref(sender)).is_some())
        })
    };
    zone.of_either_type(RType::CNAME, RType::MX)
        .any(|record| match &record.rdata {
            RData::Target(target) => pattern.is_match(&target.as_str().to_ascii_lowercase()),
            RData::Mx { exchange, .. } => {
                pattern.is_match(&exchange.as_str().to_ascii_lowercase())
                    && includes_sender(&record.owner)
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::index::tests::parsed;
    use crate::source::{SourceFile, SourceMap};

    thread_local! {
        pub(super) static WALK_STEPS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    fn findings(text: &str) -> Vec<Diagnostic> {
        let zones = vec![parsed("example.com.", text)];
        let mut sources = SourceMap::default();
        sources.add(SourceFile::new(
            "example.zone".into(),
            "example.zone".into(),
            text.as_bytes().to_vec(),
        ));
        let project = Project::new(&zones, &sources, Catalog::builtin(), 1);
        let mut out = Vec::new();
        WALK_STEPS.set(0);
        check(&project, &project.zones[0], &mut out);
        out
    }

    /// A web of SPF records that all include each other (and a sender): every walk up the
    /// includers would visit every name, 500 x 500 steps; the zone's walks share a budget
    /// linear in its SPF names.
    #[test]
    fn walks_up_an_include_web_stay_within_their_budget() {
        let count = 500;
        let text: String = (0..count)
            .map(|i| {
                let includes: String = (1..=8)
                    .map(|k| format!(" include:s{}.example.com", (i * 7 + k) % count))
                    .collect();
                format!("s{i} TXT \"v=spf1{includes} include:spf.mtasv.net -all\"\n")
            })
            .collect();
        findings(&text);
        let steps = WALK_STEPS.get();
        assert!(steps > 0, "the walks ran");
        assert!(steps <= WALK_STEPS_PER_NAME * count, "{steps} steps");
    }

    /// The finding of a record that others include is made at the names at the top of the
    /// chain, however deep (up to ten includes), and not at all when no record includes a
    /// sender.
    #[test]
    fn findings_go_to_the_names_at_the_top_of_an_include_chain() {
        let text = "a TXT \"v=spf1 include:b.example.com -all\"\n\
                    b TXT \"v=spf1 include:c.example.com -all\"\n\
                    c TXT \"v=spf1 include:spf.mtasv.net -all\"\n\
                    d TXT \"v=spf1 include:c.example.com -all\"\n";
        let out = findings(text);
        let mut owners: Vec<&str> = out
            .iter()
            .filter_map(|d| d.message.split('`').nth(1))
            .collect();
        owners.sort_unstable();
        assert_eq!(owners, ["a.example.com.", "d.example.com."]);
        assert!(
            findings("a TXT \"v=spf1 include:b.example.com -all\"\nb TXT \"v=spf1 -all\"\n")
                .is_empty()
        );
        assert_eq!(WALK_STEPS.get(), 0, "no sender: no walk");
    }
}
