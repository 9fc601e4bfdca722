//! SPF001: the MX points at a provider that sends mail, and the SPF record lacks its include.

use std::collections::HashSet;

use crate::catalog::{Kind, Provider};
use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::RType;
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::mx::mx_misplaced::misplaced;
use crate::rules::mx::{
    Host, PassedOver, below_cut, classified_sets, exchange_span, is_leftover_provider,
    is_removed_in_bounce_mix,
};
use crate::rules::spf::{Mechanism, Spf, Term, mentions_spf_at, spf_records, term_span};

pub static RULE: Rule = Rule {
    code: "SPF001",
    name: "spf-provider-include-missing",
    severity: Severity::Warning,
    summary: "The MX provider also sends the domain's mail, and the SPF record lacks its include",
    doc: include_str!("../../../rules/docs/SPF001.md"),
    check: Some(check),
};

/// How far `include:` and `redirect=` chains inside the linted zones are followed (RFC 7208
/// allows ten lookups in all).
const MAX_DEPTH: usize = 10;

/// What an SPF record's includes, followed through the linted zones, authorise.
enum Coverage {
    /// Every referenced domain was seen: these are all the include domains.
    Known(Vec<String>),
    /// Some domain is outside the linted zones and not a provider's include: it may authorise
    /// anything, so nothing can be said.
    Unknown,
}

/// How a gateway's outbound relay include (Mimecast's `eu._netblocks.mimecast.com`) counts.
#[derive(Clone, Copy, PartialEq)]
enum Relay {
    /// As the relay's own term: the gateway's outbound check reads it.
    Term,
    /// As an include that may authorise anything: a mailbox provider's mail routed out
    /// through the gateway passes SPF by it, so the provider's own include is not missing.
    Unknown,
}

fn coverage(
    project: &Project<'_>,
    from: &ZoneIndex<'_>,
    domains: Vec<String>,
    depth: usize,
    seen: &mut HashSet<String>,
    relay: Relay,
) -> Coverage {
    let mut known = Vec::new();
    for domain in domains {
        let lower = domain.trim_end_matches('.').to_ascii_lowercase();
        if !seen.insert(lower.clone()) {
            continue;
        }
        known.push(lower.clone());
        if lower.contains('%') {
            return Coverage::Unknown;
        }
        if project.catalog.is_outbound_relay_include(&lower) {
            match relay {
                Relay::Term => continue,
                Relay::Unknown => return Coverage::Unknown,
            }
        }
        // A provider's include, or a sending service's (Mailjet's `spf.mailjet.com`, or a
        // record that holds only address ranges, the catalog's cost of no further lookup),
        // authorises that service and no mailbox provider: `include:spf.mailjet.com` beside
        // Google's MX still lacks Google's include.
        if project.catalog.is_provider_spf_include(&lower)
            || project.catalog.is_sender_spf_include(&lower)
            || project
                .catalog
                .spf_include_cost(&lower)
                .is_some_and(|cost| cost.lookups == 0)
        {
            continue;
        }
        let Ok(name) = Name::from_ascii_dotted(&lower) else {
            return Coverage::Unknown;
        };
        let Some(zone) = project.zone_for(&name, from) else {
            return Coverage::Unknown;
        };
        let records = crate::rules::spf::spf_records(zone, &name);
        let [spf] = records else {
            return Coverage::Unknown;
        };
        if depth >= MAX_DEPTH {
            return Coverage::Unknown;
        }
        let nested: Vec<String> = spf.referenced_domains().map(str::to_string).collect();
        match coverage(project, from, nested, depth + 1, seen, relay) {
            Coverage::Known(more) => known.extend(more),
            Coverage::Unknown => return Coverage::Unknown,
        }
    }
    Coverage::Known(known)
}

/// Address terms from which a record reads as flattened: the ranges of its senders' SPF
/// records copied in (by hand, or by a flattening service, to stay under the ten lookups),
/// as Microsoft 365's nine `ip4:`/`ip6:` ranges replace `include:spf.protection.outlook.com`.
/// A record naming its own servers lists one to three.
const FLATTENED_TERMS: usize = 6;

/// Does the record list a provider's ranges in place of its include, as far as can be told?
/// Which ranges are whose is not in the catalog (they change), so such a record is not said to
/// miss an include.
fn looks_flattened(spf: &Spf<'_>) -> bool {
    spf.terms()
        .filter(|term| {
            let bare = term.trim_start_matches(['+', '-', '~', '?']);
            bare.get(..4)
                .is_some_and(|m| m.eq_ignore_ascii_case("ip4:") || m.eq_ignore_ascii_case("ip6:"))
        })
        .count()
        >= FLATTENED_TERMS
}

/// Whether `host` is a provider's that names the SPF include its customers publish: where
/// one is in an MX set (and no gateway is), this rule asks for the include, or for the
/// record when there is none (SPF016 asks for the record everywhere else).
pub(crate) fn names_its_include(host: &Host<'_>) -> bool {
    host.provider.is_some_and(|p| !p.spf_includes.is_empty())
}

fn check<'a>(project: &Project<'a>, zone: &ZoneIndex<'a>, out: &mut Vec<Diagnostic>) {
    for (set, hosts) in classified_sets(project, zone) {
        // Behind a gateway, outbound mail usually leaves through the gateway too: its relay's
        // SPF term is asked for where the catalog knows it.
        if hosts.iter().any(|h| h.kind() == Some(Kind::Gateway)) {
            if !below_cut(zone, set) {
                out.extend(gateway_outbound_missing(project, zone, set.owner, hosts));
            }
            continue;
        }
        // Only a provider that names its includes can be missing from the record: without one,
        // the record and the domains it includes need not be read.
        if !hosts.iter().any(names_its_include) || below_cut(zone, set) {
            continue;
        }
        let records = spf_records(zone, set.owner);
        if records.is_empty() {
            // An MX meant for the apex needs no SPF of its own: MX017 asks to move it.
            if misplaced(project, zone, set, hosts).is_none() {
                out.extend(no_spf(project, zone, set.owner, hosts));
            }
            continue;
        }
        // Several: another problem, which makes SPF fail as a whole.
        let [spf] = records else { continue };
        if spf.authorises_nothing() || looks_flattened(spf) {
            continue;
        }
        let referenced: Vec<String> = spf.evaluated_domains().map(str::to_string).collect();
        let Coverage::Known(includes) = coverage(
            project,
            zone,
            referenced,
            0,
            &mut HashSet::new(),
            Relay::Unknown,
        ) else {
            continue;
        };
        let mut reported: HashSet<&str> = HashSet::new();
        let mut passed_over = PassedOver::default();
        for host in hosts {
            let Some(provider) = host.provider else {
                continue;
            };
            // A backup MX001 asks to remove needs no include.
            if provider.spf_includes.is_empty()
                || host.is_backup_to_remove()
                || reported.contains(provider.id.as_str())
                || passed_over.judge(provider, || {
                    is_removed_in_bounce_mix(zone, set.owner, hosts, provider)
                        || is_leftover_provider(zone, set.owner, hosts, provider)
                })
            {
                continue;
            }
            reported.insert(provider.id.as_str());
            // Another configuration of the same operator that the record includes (a set
            // mixing Zoho's regions, MX009's finding) is not asked to include both.
            let covered = |p: &Provider| {
                includes
                    .iter()
                    .any(|domain| p.authorised_by_spf_include(domain))
            };
            // Entries of one migration group are one service under two names (Zoho's US
            // hosts at zoho.com and zohomail.com): either's include covers both.
            let same_service = |other: &Provider| {
                other.id != provider.id && provider.shares_migration_group(other)
            };
            if covered(provider)
                || hosts.iter().filter_map(|h| h.provider).any(|other| {
                    other.operator == provider.operator && other.id != provider.id && covered(other)
                })
                || project
                    .catalog
                    .providers()
                    .iter()
                    .any(|other| same_service(other) && covered(other))
            {
                continue;
            }
            // The record includes another region of the operator than the MX names (Zoho
            // MX at zoho.com, `include:zohomail.eu`): an account lives in one region, so one
            // of the two is wrong, and adding the MX region's include would hide which.
            let other_region = project
                .catalog
                .providers()
                .iter()
                .filter(|other| other.operator == provider.operator && other.id != provider.id)
                .find_map(|other| {
                    let include = includes
                        .iter()
                        .find(|domain| other.authorised_by_spf_include(domain))?;
                    Some((other, include.as_str()))
                });
            if let Some((other, include)) = other_region {
                out.push(
                    region_mismatch(provider, other, include, spf.record, set.owner).with_label(
                        exchange_span(&host.mx),
                        format!("{} MX is here", provider.name),
                    ),
                );
                continue;
            }
            // The include written wrongly (`include.spf.protection.outlook.de`, a dot for the
            // colon, as Microsoft's own page once printed it): a term the SPF reader cannot
            // read (SPF003's error, which says how to write it) that ends in the include
            // domain after a label's end. "Add the include" would say it twice.
            let include_written_wrongly = spf.parse().errors.iter().any(|error| {
                let term = error.text.to_ascii_lowercase();
                provider.spf_includes.iter().any(|include| {
                    term.strip_suffix(include.as_str()).is_some_and(|before| {
                        before.ends_with(|c: char| !c.is_ascii_alphanumeric() && c != '-')
                    })
                })
            });
            if include_written_wrongly {
                continue;
            }
            out.push(missing(project, provider, spf, set.owner).with_label(
                exchange_span(&host.mx),
                format!("{} MX is here", provider.name),
            ));
        }
    }
}

/// A name that receives mail through a gateway whose outbound relay is optional (Proofpoint
/// Essentials' Hosted Dispatch), with an SPF record that authorises none of the relay's terms:
/// if the domain's outbound mail leaves through the gateway, receivers fail it ("550 5.7.1
/// Message rejected per sender's SPF policy"). An info: the relay may be unused.
fn gateway_outbound_missing(
    project: &Project<'_>,
    zone: &ZoneIndex<'_>,
    owner: &Name,
    hosts: &[Host<'_>],
) -> Option<Diagnostic> {
    let (host, provider) = hosts.iter().find_map(|host| {
        let provider = host.provider?;
        (provider.kind == Kind::Gateway && !provider.outbound_spf.is_empty())
            .then_some((host, provider))
    })?;
    let [spf] = spf_records(zone, owner) else {
        return None;
    };
    if spf.authorises_nothing() || looks_flattened(spf) {
        return None;
    }
    let mut written = relay_terms(spf);
    // The terms of the MX host's region (`mx1-eu1.ppe-hosted.com` sends from `dispatch-eu`,
    // `eu-smtp-inbound-1.mimecast.com` from `eu._netblocks`) and the terms of no region
    // (Mimecast's global `_netblocks`); all of them when the host names no region the terms
    // know.
    let host_regions: Vec<String> = host
        .mx
        .exchange
        .first_label()
        .split('-')
        .map(|piece| {
            piece
                .trim_end_matches(|c: char| c.is_ascii_digit())
                .to_ascii_lowercase()
        })
        .filter(|piece| !piece.is_empty())
        .collect();
    let of_region: Vec<&String> = provider
        .outbound_spf
        .iter()
        .filter(|term| {
            relay_term_region(term).is_some_and(|region| host_regions.iter().any(|r| r == region))
        })
        .collect();
    let global = provider
        .outbound_spf
        .iter()
        .filter(|term| relay_term_region(term).is_none());
    let wanted: Vec<&String> = if of_region.is_empty() {
        // The global term first: it is the one to suggest when the region is not known.
        let mut all: Vec<&String> = global.collect();
        all.extend(
            provider
                .outbound_spf
                .iter()
                .filter(|term| relay_term_region(term).is_some()),
        );
        all
    } else {
        of_region.into_iter().chain(global).collect()
    };
    // Includes outside the linted zones that are not a known provider's may authorise it;
    // those inside are read for their own terms (`include:_spf.example.com` holding the `a:`).
    let referenced: Vec<String> = spf.evaluated_domains().map(str::to_string).collect();
    let Coverage::Known(includes) = coverage(
        project,
        zone,
        referenced,
        0,
        &mut HashSet::new(),
        Relay::Term,
    ) else {
        return None;
    };
    for domain in &includes {
        written.push(format!("include:{domain}"));
        let Ok(name) = Name::from_ascii_dotted(domain) else {
            continue;
        };
        if let Some(at) = project.zone_for(&name, zone)
            && let [included] = spf_records(at, &name)
        {
            written.extend(relay_terms(included));
        }
    }
    if written.iter().any(|term| wanted.contains(&term)) {
        return None;
    }
    let term = wanted[0];
    // Another region's term: the relay is in use, with the wrong region copied (a warning),
    // or an account elsewhere.
    let other_region = written
        .iter()
        .find(|written| provider.outbound_spf.contains(written));
    let severity = if other_region.is_some() {
        Severity::Warning
    } else {
        Severity::Info
    };
    let message = match other_region {
        Some(other) => format!(
            "`{owner}` receives mail through {} at `{}`, and its SPF record authorises another \
             region's outbound servers (`{other}`), not this one's (`{term}`): mail sent through \
             {} fails SPF",
            provider.name, host.mx.exchange, provider.name
        ),
        None => format!(
            "`{owner}` receives mail through {}, and its SPF record does not authorise its \
             outbound servers (`{term}`): mail sent through {} fails SPF",
            provider.name, provider.name
        ),
    };
    Some(
        Diagnostic::new(&RULE, spf.record.rdata_span(), message)
            .with_severity(severity)
            .with_label(
                exchange_span(&host.mx),
                format!("{} MX is here", provider.name),
            )
            .with_help(format!(
                "If outbound mail leaves through {} (its outbound relay is optional), add the \
                 term of the account's region to the record: `{term}` (one of {}); receivers \
                 otherwise refuse it under `-all` (\"550 5.7.1 Message rejected per sender's SPF \
                 policy\") or mark it as spam. Nothing to do if mail leaves another way.",
                provider.name,
                provider
                    .outbound_spf
                    .iter()
                    .map(|term| format!("`{term}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
    )
}

/// The region a gateway's relay term is for, as its first label names it: the part after the
/// last hyphen (`dispatch-us`, `_spf-eu`), or the whole label (Mimecast's `eu._netblocks`);
/// None for a label that starts with an underscore and names no region (Mimecast's global
/// `_netblocks`, which covers every region).
fn relay_term_region(term: &str) -> Option<&str> {
    let domain = term.split_once(':').map_or(term, |(_, domain)| domain);
    let label = domain.split('.').next()?;
    match label.rsplit_once('-') {
        Some((_, region)) => Some(region),
        None if label.starts_with('_') => None,
        None => Some(label),
    }
}

/// The `a:` and `include:` terms of a record, as `a:<domain>` in lower case without the final
/// dot, to compare with a gateway's relay terms.
fn relay_terms(spf: &Spf<'_>) -> Vec<String> {
    spf.parse()
        .terms
        .iter()
        .filter_map(|term| {
            let prefix = match term.mechanism()? {
                Mechanism::A => "a",
                Mechanism::Include => "include",
                _ => return None,
            };
            let domain = term.literal_domain()?.trim_end_matches('.');
            Some(format!("{prefix}:{}", domain.to_ascii_lowercase()))
        })
        .collect()
}

/// A name that receives mail at a provider that also sends it, and publishes no SPF record:
/// everything the provider sends as the name gets no SPF pass (RFC 7208 §2.6.1 `none`), and
/// the provider's setup lists the record as required. Not said where the zone may have lost
/// records to input errors, at a wildcard, or beside a TXT that mentions `v=spf1` in a form
/// receivers do not read (SPF003 says why).
fn no_spf(
    project: &Project<'_>,
    zone: &ZoneIndex<'_>,
    owner: &Name,
    hosts: &[Host<'_>],
) -> Option<Diagnostic> {
    // A name whose unmodelled records are addresses (gdnsd `DYNA` at the apex) still has all
    // its TXT records in the zone.
    if !zone.zone.shows_all_but_addresses_at(owner) || owner.first_label() == "*" {
        return None;
    }
    // A name that is a CNAME can hold no other record (ZONE009 says so of its MX): asking
    // for an SPF record there would add to that conflict.
    let is_alias = || zone.at(owner).any(|record| record.rtype == RType::CNAME);
    if mentions_spf_at(zone, owner) || is_alias() {
        return None;
    }
    let mut senders: Vec<(&Host<'_>, &Provider)> = Vec::new();
    let mut passed_over = PassedOver::default();
    for host in hosts {
        let Some(provider) = host.provider else {
            continue;
        };
        // One provider per operator: a set that mixes two of its configurations (Zoho's
        // regions, Google's old and new hosts) is MX009's finding; its first is named.
        if provider.spf_includes.is_empty()
            || host.is_backup_to_remove()
            || senders
                .iter()
                .any(|(_, seen)| seen.operator == provider.operator)
            || passed_over.judge(provider, || {
                is_removed_in_bounce_mix(zone, owner, hosts, provider)
            })
        {
            continue;
        }
        senders.push((host, provider));
    }
    let (first, _) = *senders.first()?;
    let includes: Vec<String> = senders
        .iter()
        .map(|(_, p)| format!("include:{}", p.spf_includes[0]))
        .collect();
    let names: Vec<&str> = senders.iter().map(|(_, p)| p.name.as_str()).collect();
    let diagnostic = Diagnostic::new(
        &RULE,
        exchange_span(&first.mx),
        format!(
            "`{owner}` receives mail at {} but publishes no SPF record",
            names.join(" and ")
        ),
    )
    .with_help(format!(
        "Mail {} sends as `{owner}` gets no SPF pass, and DMARC then rests on DKIM alone; the provider's \
         setup lists the record as required. Publish one SPF record at the name, with every service \
         that sends as it: `TXT \"v=spf1 {} -all\"` (`~all` while you find them all).",
        names.join(" and "),
        includes.join(" ")
    ));
    // The record published one label too low (at `www`, `mail`), as a panel's host field
    // filled in makes it: it covers mail from that name only. Move it rather than add one.
    // Likewise one at `spf` or `_spf` that no SPF record includes (a setup template's host
    // field, Domain-Connect/Templates#214): receivers never look there.
    let spf_at = |label: &str| {
        let name = Name::from_ascii(label).ok()?.prepend_to(owner).ok()?;
        let record = zone.at(&name).find(|record| {
            matches!(&record.rdata, crate::model::RData::Txt(_, start) if start.may_be_spf())
                && crate::rules::tags::txt_text(record).is_some_and(|text| {
                    text.get(..7)
                        .is_some_and(|v| v.eq_ignore_ascii_case("v=spf1 "))
                })
        })?;
        Some((name, record))
    };
    let misplaced = ["www", "mail", "smtp", "email"]
        .iter()
        .find_map(|label| spf_at(label))
        .map(|(name, record)| {
            (
                record,
                format!("an SPF record at `{name}`, which covers mail from that name only: move it to `{owner}`"),
            )
        })
        .or_else(|| {
            ["spf", "_spf"].iter().find_map(|label| {
                let (name, record) = spf_at(label)?;
                (!project.is_spf_referenced(&name)).then(|| {
                    (
                        record,
                        format!("an SPF record at `{name}`, which no SPF record of the linted zones includes: receivers look up `{owner}`'s own, so move it there (or include it from there)"),
                    )
                })
            })
        });
    Some(match misplaced {
        Some((record, label)) => diagnostic.with_label(record.rdata_span(), label),
        None => diagnostic,
    })
}

fn missing(project: &Project<'_>, provider: &Provider, spf: &Spf<'_>, owner: &Name) -> Diagnostic {
    // The include's domain named by `a:` or `mx:` (`a:spf.protection.outlook.com`,
    // berlevag.kommune.no via checkdmarc#9): that term authorises the addresses (or mail
    // hosts) of that name, not the provider's senders; said at the term, as the one to
    // rewrite. (`exists:` and `ptr:` test other things, and keep the general message.)
    let written_as_other = spf.parse().terms.into_iter().find_map(|term| {
        let Term::Directive {
            mechanism: mechanism @ (Mechanism::A | Mechanism::Mx),
            domain: Some(domain),
            text,
            ..
        } = term
        else {
            return None;
        };
        Some((mechanism, text, provider.spf_include_named(domain)?))
    });
    // The include written after `all` (two records merged into one by joining them,
    // MicrosoftDocs/OfficeDocs-Enterprise#847): receivers stop at `all` and never read it.
    let terms = spf.parse().terms;
    let after_all = terms
        .iter()
        .position(|term| term.mechanism() == Some(Mechanism::All))
        .and_then(|all| {
            let include = terms[all + 1..].iter().find(|term| {
                matches!(term, Term::Directive { mechanism: Mechanism::Include, domain: Some(domain), .. }
                    if provider.authorised_by_spf_include(domain))
            })?;
            Some((terms[all].text(), include.text()))
        });
    if let Some((all, include)) = after_all {
        return Diagnostic::new(
            &RULE,
            term_span(project, spf, include),
            format!(
                "the SPF record of `{owner}` names {}'s `{include}` after `{all}`, where receivers stop reading: the include authorises nothing",
                provider.name
            ),
        )
        .with_label(term_span(project, spf, all), "receivers stop here")
        .with_help(format!(
            "Mail {} sends for `{owner}` fails SPF (RFC 7208 §4.6.2: the first `all` ends the record). Move `{include}` before `{all}`, and keep one `all`, at the end.",
            provider.name
        ));
    }
    if let Some((mechanism, text, include)) = written_as_other {
        return Diagnostic::new(
            &RULE,
            term_span(project, spf, text),
            format!(
                "the SPF record of `{owner}` names {}'s `{include}` with `{}:`, not `include:`: the term authorises that name's own {}, not {}'s senders",
                provider.name,
                text.split(':')
                    .next()
                    .unwrap_or(text)
                    .trim_start_matches(['+', '-', '~', '?']),
                if mechanism == Mechanism::Mx { "mail hosts" } else { "addresses" },
                provider.name
            ),
        )
        .with_help(format!(
            "Mail {} sends for `{owner}` fails SPF: write `include:{include}` in place of `{text}`.",
            provider.name
        ));
    }
    let include = &provider.spf_includes[0];
    // `redirect=` beside `all` (SPF007's finding): receivers ignore the redirect, whose record
    // may be the one that names the include; removing `all` is then the other way out.
    let all = terms
        .iter()
        .find(|term| term.mechanism() == Some(Mechanism::All));
    let redirect = terms.iter().find(|term| term.is_redirect());
    let or_redirect = match (all, redirect) {
        (Some(all), Some(redirect)) => format!(
            " The record's `{}` is ignored while it has an `all` term (SPF007): if the record it names \
             includes {}, removing `{}` lets it apply instead.",
            redirect.text(),
            provider.name,
            all.text()
        ),
        _ => String::new(),
    };
    Diagnostic::new(
        &RULE,
        spf.record.rdata_span(),
        format!("the SPF record of `{owner}` does not include {}'s `{include}`", provider.name),
    )
    .with_help(format!(
        "Mail {} sends for `{owner}` fails SPF without it. Add `include:{include}` before the `all` term of \
         this record (a name may have only one SPF record).{or_redirect}",
        provider.name
    ))
}

fn region_mismatch(
    provider: &Provider,
    included: &Provider,
    include: &str,
    spf: &crate::model::Record,
    owner: &Name,
) -> Diagnostic {
    Diagnostic::new(
        &RULE,
        spf.rdata_span(),
        format!(
            "`{owner}` receives mail at {} but its SPF record includes {}: the MX and the SPF record name different regions or services of one provider",
            provider.name, included.name
        ),
    )
    .with_help(format!(
        "An account lives in one region or service: mail to hosts of another is refused, and mail \
         sent from the account's fails SPF against another's include. Use the MX hosts and the \
         include (`{}` or `{}`) of the one the account is in.",
        include.trim_end_matches('.'),
        provider.spf_includes[0]
    ))
}
