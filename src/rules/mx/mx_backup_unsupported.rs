//! MX001: a provider that supports no third-party MX shares its MX set with another operator.
//!
//! The motivating failure: `10 MX <tenant>.mail.protection.outlook.com.` plus an ISP relay at 20
//! as a "backup". Whenever Exchange Online does not answer at once, senders fall back to the
//! relay, which is not set up for the domain and refuses ("Relaying denied"): some mail bounces.

use std::collections::HashSet;

use crate::catalog::{BackupPolicy, Fact, Kind, Provider};

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::mx::mx_mixed_providers::receives;
use crate::rules::mx::{
    Host, Rank, classified_sets, exchange_span, is_leftover_provider, rank, severity_for,
};

pub static RULE: Rule = Rule {
    code: "MX001",
    name: "mx-backup-unsupported",
    severity: Severity::Error,
    summary: "A provider that supports no third-party backup MX (Microsoft 365, ...) shares the MX set with another operator's host",
    doc: include_str!("../../../rules/docs/MX001.md"),
    check: Some(check),
};

/// Does `host` count as a third party beside `strict`'s provider? Any host of another
/// operator, known or not, except a security gateway (MX002's business) and a verification-only
/// MX. Hosts of the same operator (a retired name, the tenant's other name during a migration)
/// are not third parties.
pub fn is_third_party(project: &Project<'_>, strict: &Host<'_>, host: &Host<'_>) -> bool {
    let Some(provider) = strict.provider else {
        return false;
    };
    if matches!(host.kind(), Some(Kind::Gateway | Kind::Verification)) {
        return false;
    }
    project.operator_of(host.exchange()) != Some(provider.operator.as_str())
}

/// The hosts whose provider forbids other operators in the set: the most preferred host of each
/// such provider (gateways excepted: MX002 covers a gateway beside other hosts).
pub fn strict_hosts<'a>(hosts: &[Host<'a>]) -> Vec<Host<'a>> {
    let mut seen = HashSet::new();
    hosts
        .iter()
        .filter(|h| {
            h.provider.is_some_and(|p| {
                p.third_party_backup == BackupPolicy::Unsupported && p.kind != Kind::Gateway
            })
        })
        .filter(|h| seen.insert(h.provider.map(|p| p.id.as_str())))
        .copied()
        .collect()
}

/// Is `host` another operator's host that senders fall back to below one of `strict` (the
/// set's [`strict_hosts`])? [`Host::is_backup_to_remove`] keeps the answer, worked out when the
/// set is classified.
pub fn falls_back_below(project: &Project<'_>, strict: &[Host<'_>], host: &Host<'_>) -> bool {
    strict.iter().any(|strict| {
        is_third_party(project, strict, host)
            && matches!(rank(&host.mx, &strict.mx), Rank::Fallback)
    })
}

fn check<'a>(project: &Project<'a>, zone: &ZoneIndex<'a>, out: &mut Vec<Diagnostic>) {
    for (set, hosts) in classified_sets(project, zone) {
        // Pairs of providers reported: two that each forbid the other are one finding.
        let mut pairs_reported: Vec<(&str, &str)> = Vec::new();
        for strict in strict_hosts(hosts) {
            let Some(provider) = strict.provider else {
                continue;
            };
            // Another mailbox provider (or forwarder) is one finding, at its most preferred
            // host: which of the two the domain's mail belongs at, the zone cannot tell.
            let mut providers_reported: Vec<&str> = Vec::new();
            for other in hosts.iter().filter(|h| is_third_party(project, &strict, h)) {
                if let Some(receiving) = other.provider.filter(|_| receives(other.kind())) {
                    if providers_reported.contains(&receiving.operator.as_str()) {
                        continue;
                    }
                    providers_reported.push(&receiving.operator);
                    let pair = (receiving.operator.as_str(), provider.operator.as_str());
                    if pairs_reported.contains(&pair) {
                        continue;
                    }
                    pairs_reported.push((pair.1, pair.0));
                    // When the SPF record shows the strict provider is what a move left
                    // behind, its own host is the one to remove: MX003 says so.
                    if is_leftover_provider(zone, set.owner, hosts, provider) {
                        continue;
                    }
                    let pair = (provider, receiving);
                    // The SPF record may show the other provider is what a move left behind:
                    // then its hosts are the ones to delete, as MX003 says at the same host.
                    let other_left_over = is_leftover_provider(zone, set.owner, hosts, receiving);
                    out.push(second_provider(
                        set.owner,
                        hosts,
                        (&strict, other),
                        pair,
                        other_left_over,
                    ));
                    continue;
                }
                let (what, consequence) = match rank(&other.mx, &strict.mx) {
                    Rank::Fallback => (
                        format!("is a third-party backup MX beside {}", provider.name),
                        format!(
                            "Senders deliver to `{}` whenever {} does not answer at once; unless it accepts \
                             and queues mail for `{}`, that mail is refused (typically \"Relaying denied\") \
                             and bounces.",
                            other.exchange(),
                            provider.name,
                            set.owner
                        ),
                    ),
                    Rank::Equal => (
                        format!(
                            "shares the MX set with {} at the same preference",
                            provider.name
                        ),
                        format!(
                            "Senders choose at random among equal preferences (RFC 5321 §5.1), so `{}` gets \
                             a share of all mail for `{}`.",
                            other.exchange(),
                            set.owner
                        ),
                    ),
                    Rank::Preferred if other.provider.is_some() => (
                        format!(
                            "is preferred over {}, which supports no other MX beside its own",
                            provider.name
                        ),
                        format!(
                            "Mail splits between {} and {}. Finish the move and keep one provider's MX records.",
                            other.operator_name(),
                            provider.name
                        ),
                    ),
                    Rank::Preferred => (
                        format!(
                            "is preferred over {}, which supports no other MX beside its own",
                            provider.name
                        ),
                        format!(
                            "Most mail goes to `{}`. If it is a filtering gateway in front of {}, remove the \
                             {} MX instead and accept mail only from the gateway.",
                            other.exchange(),
                            provider.name,
                            provider.name
                        ),
                    ),
                };
                let advice = provider
                    .backup_advice
                    .as_deref()
                    .unwrap_or("Remove the other host.");
                let operator = other.provider_suffix();
                out.push(
                    finding(
                        provider,
                        (&strict, other),
                        format!(
                            "`{}`{operator} {what} (`{}`)",
                            other.exchange(),
                            strict.exchange()
                        ),
                    )
                    .with_help(format!("{consequence} {advice}")),
                );
            }
        }
    }
}

/// A finding at `other`, with the strict provider's MX as its label, an error where the
/// catalog's source for the provider's policy is firm.
fn finding(
    provider: &Provider,
    (strict, other): (&Host<'_>, &Host<'_>),
    message: String,
) -> Diagnostic {
    Diagnostic::new(&RULE, exchange_span(&other.mx), message)
        .with_severity(severity_for(
            provider,
            Fact::ThirdPartyBackup,
            Severity::Error,
        ))
        .with_label(
            exchange_span(&strict.mx),
            format!("{} MX is here", provider.name),
        )
}

/// The finding for `other`, the most preferred host of a second receiving provider (Google
/// Workspace beside Microsoft 365): the set mixes two providers, and the zone cannot tell
/// which one the domain's mail belongs at, so the help names both ways out.
fn second_provider(
    owner: &Name,
    hosts: &[Host<'_>],
    (strict, other): (&Host<'_>, &Host<'_>),
    (provider, other_provider): (&Provider, &Provider),
    other_left_over: bool,
) -> Diagnostic {
    let of_other: Vec<String> = hosts
        .iter()
        .filter(|h| {
            h.provider
                .is_some_and(|p| p.operator == other_provider.operator)
        })
        .map(|h| format!("`{}`", h.exchange()))
        .collect();
    let where_mail_goes = match rank(&other.mx, &strict.mx) {
        Rank::Fallback => format!(
            "all mail goes to {} while it answers, and to {} whenever it does not answer at once",
            provider.name, other_provider.name
        ),
        Rank::Equal => format!(
            "senders choose at random among equal preferences (RFC 5321 §5.1), so {} and {} each get a share of all mail",
            provider.name, other_provider.name
        ),
        Rank::Preferred => format!(
            "all mail goes to {} while it answers, and to {} whenever it does not answer at once",
            other_provider.name, provider.name
        ),
    };
    let (hosts_word, look, them) = if of_other.len() == 1 {
        ("host", "looks", "it")
    } else {
        ("hosts", "look", "them")
    };
    finding(
        provider,
        (strict, other),
        format!(
            "`{}` ({}) shares the MX set of `{owner}` with {} (`{}`), which supports no other provider's MX beside its own",
            other.exchange(),
            other_provider.name,
            provider.name,
            strict.exchange()
        ),
    )
    .with_help(if other_left_over {
        format!(
            "Two providers receive mail for `{owner}`: {where_mail_goes}, and the mailboxes at \
             each miss the mail the other gets. The SPF record of `{owner}` includes {} and not \
             {}, so {}'s {hosts_word} {look} left over from a move: delete {them} ({}).",
            provider.name,
            other_provider.name,
            other_provider.name,
            of_other.join(", ")
        )
    } else {
        format!(
        "Two providers receive mail for `{owner}`: {where_mail_goes}, and the mailboxes at each \
         miss the mail the other gets. {}Keep one provider's MX records: if the mail belongs \
         at {}, delete {}'s {hosts_word} ({}); if it belongs at {}, delete `{}`.",
        // The catalog's advice ends by saying to remove the other host: here either may go.
        provider
            .backup_advice
            .as_deref()
            .map(|advice| format!("{} ", advice.trim_end_matches("Remove the other host.").trim_end()))
            .unwrap_or_default(),
        provider.name,
        other_provider.name,
        of_other.join(", "),
        other_provider.name,
        strict.exchange()
    )
    })
}
