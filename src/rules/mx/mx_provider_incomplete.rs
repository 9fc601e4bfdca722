//! MX009: a provider's published MX set or order is not followed.
//!
//! Providers publish a set: Google's legacy set must start with `aspmx.l.google.com`, Zoho's
//! needs `mx.zoho.<region>`, Cloudflare Email Routing needs all three `route` hosts, Microsoft 365
//! publishes exactly one host (two of one tenant are a migration to finish).

use std::collections::HashSet;

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::rules::Rule;
use crate::rules::mx::{Host, classified_sets, exchange_span};
use crate::rules::typo::distance;

pub static RULE: Rule = Rule {
    code: "MX009",
    name: "mx-provider-incomplete",
    severity: Severity::Warning,
    summary: "A provider's published MX set or preference order is not followed",
    doc: include_str!("../../../rules/docs/MX009.md"),
    check: Some(check),
};

fn check<'a>(project: &Project<'a>, zone: &ZoneIndex<'a>, out: &mut Vec<Diagnostic>) {
    for (set, hosts) in classified_sets(project, zone) {
        let mixed = mixed_configurations(hosts, out);
        let mut providers_seen = HashSet::new();
        let mut groups_seen = HashSet::new();
        for host in hosts {
            let Some(provider) = host.provider else {
                continue;
            };
            // A set mixing two configurations of one provider is reported as such: what each
            // configuration publishes does not apply.
            if !providers_seen.insert(provider.id.as_str()) || mixed.contains(&provider.id.as_str())
            {
                continue;
            }
            let Some(published) = &provider.published else {
                continue;
            };
            // This provider's hosts, most preferred first.
            let own: Vec<&Host<'_>> = hosts
                .iter()
                .filter(|h| h.provider.is_some_and(|p| p.id == provider.id))
                .collect();
            // Hosts MX001 asks to remove are not a set to complete, nor is a provider MX003
            // finds left over from a move (the SPF record includes the other provider only):
            // "add the missing host" beside "remove it" would contradict.
            if own.iter().all(|h| h.is_backup_to_remove())
                || (own.len() < hosts.len()
                    && crate::rules::mx::is_leftover_provider(zone, set.owner, hosts, provider))
            {
                continue;
            }
            if published.host_count == Some(1) {
                let key = provider
                    .migration_group
                    .as_deref()
                    .unwrap_or(provider.id.as_str());
                if groups_seen.insert(key) {
                    one_host(provider, hosts, set.owner, out);
                }
            }
            repeated_host(provider, &own, out);
            // A set that also holds hosts of another entry of the provider's group (Zoho's
            // `zohomail.com` hosts beside its `zoho.com` ones) follows neither published set
            // to the letter: the group's hosts stand in for each other.
            let group_shares = hosts.iter().any(|h| {
                h.provider
                    .is_some_and(|p| p.id != provider.id && p.shares_migration_group(provider))
            });
            for required in published.required.iter().filter(|_| !group_shares) {
                if own.iter().any(|h| h.exchange() == required) {
                    continue;
                }
                let Some(refusal) = &published.refusal else {
                    out.push(
                        Diagnostic::new(
                            &RULE,
                            exchange_span(&own[0].mx),
                            format!("{}'s published MX set includes `{required}`, which is missing here", provider.name),
                        )
                        .with_help(published_set_help(provider)),
                    );
                    continue;
                };
                // The provider checks the set on every message: all mail fails, said at the
                // host written in the required one's place when there is one (a typo).
                let misspelt = hosts.iter().find(|h| {
                    h.provider.is_none()
                        && distance(
                            h.exchange().as_str().as_bytes(),
                            required.as_str().as_bytes(),
                            2,
                        )
                        .is_some()
                });
                let at = misspelt.copied().unwrap_or(*own[0]);
                out.push(
                    Diagnostic::new(
                        &RULE,
                        exchange_span(&at.mx),
                        format!(
                            "{} refuses every message for `{}` while its MX set lacks `{required}` (\"{refusal}\")",
                            provider.name, set.owner
                        ),
                    )
                    .with_severity(Severity::Error)
                    .with_help(format!(
                        "{} checks the domain's MX records before it accepts mail: publish all of \
                         its hosts. {}",
                        provider.name,
                        published_set_help(provider)
                    )),
                );
            }
            let mut first_reported = false;
            if let Some(first) = &published.most_preferred
                && let Some(first_host) = own.iter().find(|h| h.exchange() == first)
                && let Some(before) = own
                    .iter()
                    .find(|h| h.mx.preference <= first_host.mx.preference && h.exchange() != first)
            {
                first_reported = true;
                out.push(
                    Diagnostic::new(
                        &RULE,
                        exchange_span(&first_host.mx),
                        if before.mx.preference == first_host.mx.preference {
                            format!(
                                "`{first}` must be the most preferred of {}'s hosts, but `{}` has the same preference, {}",
                                provider.name,
                                before.exchange(),
                                first_host.mx.preference
                            )
                        } else {
                            format!(
                                "`{first}` must be the most preferred of {}'s hosts, but `{}` has preference {} and it has {}",
                                provider.name,
                                before.exchange(),
                                before.mx.preference,
                                first_host.mx.preference
                            )
                        },
                    )
                    .with_label(exchange_span(&before.mx), "preferred here")
                    .with_help(published_set_help(provider)),
                );
            }
            // A wrong first host already says the order is wrong.
            if published.check_preferences && !first_reported {
                order_against_published(provider, &own, out);
            }
        }
    }
}

/// Two catalog entries of one operator in one set that are not one migration (Google's new
/// `smtp.google.com` with the legacy `aspmx` hosts, Zoho's `.com` and `.eu` data centres):
/// report each once, and return their ids.
fn mixed_configurations<'a>(hosts: &[Host<'a>], out: &mut Vec<Diagnostic>) -> Vec<&'a str> {
    use crate::catalog::{Kind, Provider};
    let configured: Vec<(&Host<'a>, &'a Provider)> = hosts
        .iter()
        .filter_map(|h| {
            h.provider
                .filter(|p| p.kind != Kind::Verification)
                .map(|p| (h, p))
        })
        .collect();
    let mut mixed = Vec::new();
    // Each provider's first host, in the order they appear: the earlier hosts a host is
    // compared with, one per provider (a set may hold thousands of one provider's hosts).
    let mut firsts: Vec<(&Host<'a>, &'a Provider)> = Vec::new();
    for &(later, b) in &configured {
        if mixed.contains(&b.id.as_str()) {
            continue;
        }
        let other = firsts
            .iter()
            .find(|(_, a)| a.operator == b.operator && a.id != b.id && !a.shares_migration_group(b))
            .copied();
        if !firsts.iter().any(|(_, a)| a.id == b.id) {
            firsts.push((later, b));
        }
        let Some((first, a)) = other else { continue };
        mixed.push(a.id.as_str());
        mixed.push(b.id.as_str());
        out.push(
            Diagnostic::new(
                &RULE,
                exchange_span(&later.mx),
                format!(
                    "this set mixes two configurations: `{}` ({}) and `{}` ({})",
                    first.exchange(),
                    a.name,
                    later.exchange(),
                    b.name
                ),
            )
            .with_label(exchange_span(&first.mx), format!("{} MX is here", a.name))
            .with_help(format!(
                "Publish one of the provider's MX sets, as its setup page for this domain gives it. {}",
                published_set_help(a)
            )),
        );
    }
    mixed
}

/// One of the provider's hosts listed again at another preference, where a host of its
/// published set is missing (`mail.protonmail.ch.` at 10 and at 20, `mailsec` meant): the
/// second entry adds no other host, so there is no backup when the first does not answer.
/// Said only where that host is the provider's one host in the set.
fn repeated_host(
    provider: &crate::catalog::Provider,
    own: &[&Host<'_>],
    out: &mut Vec<Diagnostic>,
) {
    let Some(published) = &provider.published else {
        return;
    };
    let missing: Vec<&crate::catalog::PublishedHost> = published
        .hosts
        .iter()
        .filter(|p| !own.iter().any(|h| h.exchange() == &p.host))
        .collect();
    // Only where the repeated host is the provider's one host in the set: beside another of
    // its hosts, the repeat is a backup in the wrong order, which the order check says.
    let first_exchange = own.first().map(|h| h.exchange());
    if missing.is_empty() || own.iter().any(|h| Some(h.exchange()) != first_exchange) {
        return;
    }
    // Every host here is the one exchange: the first earlier entry at another preference is
    // the first entry, or else the first entry at a preference other than the first's.
    let Some(&head) = own.first() else {
        return;
    };
    let first_at_other = own
        .iter()
        .position(|h| h.mx.preference != head.mx.preference);
    for (i, host) in own.iter().enumerate() {
        let first = if head.mx.preference != host.mx.preference {
            head
        } else {
            match first_at_other {
                Some(at) if at < i => own[at],
                _ => continue,
            }
        };
        let meant = missing
            .iter()
            .map(|p| format!("`{}`", p.host))
            .collect::<Vec<_>>()
            .join(", ");
        out.push(
            Diagnostic::new(
                &RULE,
                exchange_span(&host.mx),
                format!(
                    "`{}` is listed again at preference {}, and {}'s published set has {meant}, which is missing here: the set has no other host to fall back to",
                    host.exchange(),
                    host.mx.preference,
                    provider.name
                ),
            )
            .with_label(exchange_span(&first.mx), format!("listed at preference {} here", first.mx.preference))
            .with_help(format!(
                "A host listed twice is still one host: when it does not answer, senders have no \
                 other to deliver to, and queue the mail. {}",
                published_set_help(provider)
            )),
        );
        return;
    }
}

/// The published set, for help text.
pub(crate) fn published_set_help(provider: &crate::catalog::Provider) -> String {
    let Some(published) = &provider.published else {
        return String::new();
    };
    let hosts: Vec<String> = published
        .hosts
        .iter()
        .map(|h| match h.preference {
            Some(preference) => format!("{preference} {}", h.host),
            None => h.host.to_string(),
        })
        .collect();
    if hosts.is_empty() {
        return format!("Publish the MX set {} gives for the domain.", provider.name);
    }
    let order = if published.check_preferences {
        ""
    } else {
        " (the preference values may differ)"
    };
    // Host names end in their dot: the sentence ends without another.
    format!("{} publishes: {}{order}", provider.name, hosts.join(", "))
}

/// A provider that publishes one MX per domain, with two or more hosts of it (or of its
/// migration group) in the set.
fn one_host(
    provider: &crate::catalog::Provider,
    hosts: &[Host<'_>],
    owner: &crate::name::Name,
    out: &mut Vec<Diagnostic>,
) {
    let group: Vec<&Host<'_>> = hosts
        .iter()
        .filter(|h| {
            h.provider
                .is_some_and(|p| p.id == provider.id || p.shares_migration_group(provider))
        })
        .collect();
    // One host written twice (the same record again, ZONE013's, or at two preferences) is
    // still one MX: only another host of the provider is a second one.
    let Some(second) = group
        .iter()
        .position(|h| h.exchange() != group[0].exchange())
        .map(|at| group[at])
    else {
        return;
    };
    let first = group[0];
    let distinct = group
        .iter()
        .map(|h| h.exchange())
        .collect::<HashSet<_>>()
        .len();
    let same_tenant = group.iter().all(|h| {
        h.exchange()
            .first_label()
            .eq_ignore_ascii_case(first.exchange().first_label())
    });
    let different_entries = group
        .iter()
        .any(|h| h.provider.map(|p| &p.id) != first.provider.map(|p| &p.id));
    // The group's entries are one service under several names; the shortest name says it best.
    let service = group
        .iter()
        .filter_map(|h| h.provider)
        .map(|p| p.name.as_str())
        .min_by_key(|n| n.len())
        .unwrap_or(&provider.name);
    let diagnostic = if same_tenant && different_entries {
        Diagnostic::new(
            &RULE,
            exchange_span(&second.mx),
            format!(
                "`{}` and `{}` are two names of one {service} tenant: finish the migration",
                first.exchange(),
                second.exchange(),
            ),
        )
        .with_help(format!(
            "{service} publishes one MX per domain. Two of a tenant's names may coexist only while moving \
             between them: keep the one the admin center now shows for the domain, at preference 0, and \
             delete the other."
        ))
    } else {
        Diagnostic::new(
            &RULE,
            exchange_span(&second.mx),
            format!("{} publishes one MX for `{owner}`, and this set has {distinct}", provider.name),
        )
        .with_help(format!(
            "Keep the one MX value the {} admin center shows for this domain; hosts of other tenants receive \
             mail they cannot deliver.",
            provider.name
        ))
    };
    out.push(diagnostic.with_label(exchange_span(&first.mx), "first MX of this provider"));
}

/// Hosts present in an order that contradicts the published preferences (info).
fn order_against_published(
    provider: &crate::catalog::Provider,
    own: &[&Host<'_>],
    out: &mut Vec<Diagnostic>,
) {
    let Some(published) = &provider.published else {
        return;
    };
    let published_preference = |host: &Host<'_>| {
        published
            .hosts
            .iter()
            .find(|p| &p.host == host.exchange())
            .and_then(|p| p.preference)
    };
    for (i, later) in own.iter().enumerate() {
        for earlier in &own[..i] {
            let (Some(a), Some(b)) = (published_preference(earlier), published_preference(later))
            else {
                continue;
            };
            if a > b && earlier.mx.preference < later.mx.preference {
                out.push(
                    Diagnostic::new(
                        &RULE,
                        exchange_span(&later.mx),
                        format!(
                            "`{}` comes before `{}` here, but {} publishes them the other way round",
                            earlier.exchange(),
                            later.exchange(),
                            provider.name
                        ),
                    )
                    .with_severity(Severity::Info)
                    .with_label(exchange_span(&earlier.mx), "preferred here")
                    .with_help(published_set_help(provider)),
                );
                return;
            }
        }
    }
}
