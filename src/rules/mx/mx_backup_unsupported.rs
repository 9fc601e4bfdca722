//! MX001: a provider that supports no third-party MX shares its MX set with another operator.
//!
//! The motivating failure: `10 MX <tenant>.mail.protection.outlook.com.` plus an ISP relay at 20
//! as a "backup". Whenever Exchange Online does not answer at once, senders fall back to the
//! relay, which is not set up for the domain and refuses ("Relaying denied"): some mail bounces.

use std::collections::HashSet;

use crate::catalog::{BackupPolicy, Fact, Kind};

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::rules::Rule;
use crate::rules::mx::{Host, Rank, classified_sets, exchange_span, rank, severity_for};

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

/// Is `host` one this rule asks to remove: another operator's host that senders fall back to
/// below a provider that supports no third-party backup MX? The rules that would ask to
/// complete that host's provider (its SPF include, its companion records, the rest of its MX
/// set) pass over it, so that one MX set is not told both to remove a host and to finish
/// setting it up.
pub fn is_backup_to_remove(project: &Project<'_>, hosts: &[Host<'_>], host: &Host<'_>) -> bool {
    // Most sets have no such provider: told without making the list of strict hosts.
    let strict = |h: &Host<'_>| {
        h.provider.is_some_and(|p| {
            p.third_party_backup == BackupPolicy::Unsupported && p.kind != Kind::Gateway
        })
    };
    if !hosts.iter().any(strict) {
        return false;
    }
    strict_hosts(hosts).iter().any(|strict| {
        is_third_party(project, strict, host)
            && matches!(rank(&host.mx, &strict.mx), Rank::Fallback)
    })
}

fn check<'a>(project: &Project<'a>, zone: &ZoneIndex<'a>, out: &mut Vec<Diagnostic>) {
    for (set, hosts) in classified_sets(project, zone) {
        for strict in strict_hosts(hosts) {
            let Some(provider) = strict.provider else {
                continue;
            };
            for other in hosts.iter().filter(|h| is_third_party(project, &strict, h)) {
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
                    Diagnostic::new(
                        &RULE,
                        exchange_span(&other.mx),
                        format!(
                            "`{}`{operator} {what} (`{}`)",
                            other.exchange(),
                            strict.exchange()
                        ),
                    )
                    .with_severity(severity_for(
                        provider,
                        Fact::ThirdPartyBackup,
                        Severity::Error,
                    ))
                    .with_label(
                        exchange_span(&strict.mx),
                        format!("{} MX is here", provider.name),
                    )
                    .with_help(format!("{consequence} {advice}")),
                );
            }
        }
    }
}
