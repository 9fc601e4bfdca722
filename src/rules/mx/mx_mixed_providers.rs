//! MX003: one MX set spans two mailbox providers, so mail for the name splits between them.

use crate::catalog::Kind;
use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::rules::Rule;
use crate::rules::mx::{
    Host, bounce_host_is_stray, classified_sets, exchange_span, is_leftover_provider, leftover_for,
};

pub static RULE: Rule = Rule {
    code: "MX003",
    name: "mx-mixed-providers",
    severity: Severity::Warning,
    summary: "One MX set spans two mailbox providers (Google Workspace and Microsoft 365, ...), or a host of no known provider is preferred to the provider's: mail splits between them",
    doc: include_str!("../../../rules/docs/MX003.md"),
    check: Some(check),
};

/// Providers that keep the mail they receive (or hand it to their own destination).
pub fn receives(kind: Option<Kind>) -> bool {
    matches!(kind, Some(Kind::Mailbox | Kind::Forwarder | Kind::Inbound))
}

fn check<'a>(project: &Project<'a>, zone: &ZoneIndex<'a>, out: &mut Vec<Diagnostic>) {
    for (set, hosts) in classified_sets(project, zone) {
        if let Some(diagnostic) = bounce_domain_receiving(zone, set.owner, hosts) {
            out.push(diagnostic);
            continue;
        }
        let receiving: Vec<_> = hosts.iter().filter(|h| receives(h.kind())).collect();
        out.extend(unknown_host_preferred(
            project, set.owner, hosts, &receiving,
        ));
        let Some(main) = receiving.first() else {
            continue;
        };
        let Some(main_provider) = main.provider else {
            continue;
        };
        // One finding per other provider, at its most preferred host; at the first provider's
        // host instead when the SPF record shows that one is what a move left behind.
        let mut reported = vec![main_provider.operator.as_str()];
        let mut main_reported = false;
        for other in &receiving {
            let Some(other_provider) = other.provider else {
                continue;
            };
            if reported.contains(&other_provider.operator.as_str()) {
                continue;
            }
            reported.push(&other_provider.operator);
            let leftover = |provider| is_leftover_provider(zone, set.owner, hosts, provider);
            let main_left_over =
                !main_reported && leftover(main_provider) && !leftover(other_provider);
            let (at, at_provider, beside, beside_provider) = if main_left_over {
                main_reported = true;
                (main, main_provider, other, other_provider)
            } else {
                (other, other_provider, main, main_provider)
            };
            // Named by what the SPF record includes: with three providers, not always the
            // host it is beside.
            let left_over = if main_left_over || leftover(other_provider) {
                let included =
                    leftover_for(zone, set.owner, hosts, at_provider).unwrap_or(beside_provider);
                format!(
                    "; it looks left over, as the SPF record of `{}` includes {} and not {}",
                    set.owner, included.name, at_provider.name
                )
            } else {
                String::new()
            };
            // The host of the other provider at the same preference, if any: the one the mail
            // is split with (not always the provider's most preferred host).
            let peer = receiving.iter().find(|h| {
                h.provider
                    .is_some_and(|p| p.operator == beside_provider.operator)
                    && h.mx.preference == at.mx.preference
            });
            // Hosts preferred to the pair take all mail while they answer: the pair splits
            // only what falls back.
            let first_tried = receiving
                .iter()
                .find(|h| h.mx.preference < at.mx.preference);
            let (message, help) = match (peer, first_tried) {
                (Some(peer), None) => (
                    format!(
                        "`{}` ({}) and `{}` ({}) share preference {}: mail for `{}` splits between two providers{left_over}",
                        at.exchange(),
                        at_provider.name,
                        peer.exchange(),
                        beside_provider.name,
                        at.mx.preference,
                        set.owner
                    ),
                    "Senders choose at random among equal preferences (RFC 5321 §5.1), so each provider gets a \
                     share of all mail and each mailbox misses the rest. Keep one provider's MX set; route \
                     split or dual delivery inside the provider."
                        .to_string(),
                ),
                (Some(peer), Some(first)) => (
                    format!(
                        "`{}` ({}) and `{}` ({}) share preference {}: mail for `{}` that falls back from `{}` splits between two providers{left_over}",
                        at.exchange(),
                        at_provider.name,
                        peer.exchange(),
                        beside_provider.name,
                        at.mx.preference,
                        set.owner,
                        first.exchange(),
                    ),
                    format!(
                        "Senders try `{}` (preference {}) first and, when it does not answer at once, choose at \
                         random among equal preferences (RFC 5321 §5.1): each provider gets a share of that \
                         mail and each mailbox misses the rest. Keep one provider's MX set; route split or \
                         dual delivery inside the provider.",
                        first.exchange(),
                        first.mx.preference
                    ),
                ),
                // No host of the other provider at the same preference: one provider takes all
                // mail while it answers, the other only what falls back.
                (None, _) => {
                    let message = if at.mx.preference < beside.mx.preference {
                        format!(
                            "`{}` ({}) is preferred to `{}` ({}): all mail for `{}` goes to {} while it answers, and {} gets only what falls back{left_over}",
                            at.exchange(),
                            at_provider.name,
                            beside.exchange(),
                            beside_provider.name,
                            set.owner,
                            at_provider.name,
                            beside_provider.name
                        )
                    } else {
                        format!(
                            "`{}` ({}) is a fallback beside `{}` ({}): mail for `{}` goes to {} while it answers, and to {} only when it does not{left_over}",
                            at.exchange(),
                            at_provider.name,
                            beside.exchange(),
                            beside_provider.name,
                            set.owner,
                            beside_provider.name,
                            at_provider.name
                        )
                    };
                    (
                        message,
                        "Senders use the less preferred provider whenever the first does not answer at once, so \
                         some mail lands in mailboxes nobody reads. After a migration, remove the old provider's \
                         MX records; route split or dual delivery inside the provider."
                            .to_string(),
                    )
                }
            };
            let labelled = peer.unwrap_or(beside);
            // The provider a move left behind is preferred: all mail goes to mailboxes
            // nobody reads while it answers, not only the mail that falls back.
            let leftover_preferred =
                !left_over.is_empty() && at.mx.preference < beside.mx.preference;
            let (severity, help) = if leftover_preferred {
                (
                    Severity::Error,
                    format!(
                        "All mail for `{}` goes to {} while it answers (RFC 5321 §5.1), and the mailboxes at {} \
                         get only the mail that falls back. Remove the old provider's MX records.",
                        set.owner, at_provider.name, beside_provider.name
                    ),
                )
            } else {
                (Severity::Warning, help)
            };
            let diagnostic = Diagnostic::new(&RULE, exchange_span(&at.mx), message)
                .with_severity(severity)
                .with_label(
                    exchange_span(&labelled.mx),
                    format!("{} MX is here", beside_provider.name),
                )
                .with_help(help);
            out.push(diagnostic);
        }
    }
}

/// A host of no known provider preferred to every host of the mailbox provider beside it
/// (`0 mail.example.org.` above Google Workspace's `1 smtp.google.com.`): while it answers,
/// all mail for the name goes there. Either it is the old server a move left behind (the
/// provider's mailboxes get only what falls back), or a filter in front of the provider,
/// which the provider's own MX beside it lets senders skip. A warning, at the host. Not said
/// where the provider supports no other host at all: MX001 reports any such host, as an error.
fn unknown_host_preferred(
    project: &Project<'_>,
    owner: &crate::name::Name,
    hosts: &[Host<'_>],
    receiving: &[&Host<'_>],
) -> Option<Diagnostic> {
    let provider_best = receiving.iter().map(|h| h.mx.preference).min()?;
    if receiving.iter().any(|h| {
        h.provider
            .is_some_and(|p| p.third_party_backup == crate::catalog::BackupPolicy::Unsupported)
    }) {
        return None;
    }
    let unknown = hosts
        .iter()
        .filter(|h| h.provider.is_none() && !h.exchange().is_root())
        .filter(|h| h.mx.preference < provider_best)
        .min_by_key(|h| h.mx.preference)?;
    // A retired provider host (MX010) or a slip of one (MX011) is those rules' finding. A
    // name with a blank, a parenthesis or another byte no host name has
    // (`smtp.secureserver.net\032\(priority:\0320\)`, setup text pasted into the field) is
    // the name of no mail server, which takes nothing from the provider (ZONE035 reports it
    // in a zone file). An underscore is let through: such a name may resolve.
    let no_host_has_it = unknown
        .exchange()
        .as_str()
        .bytes()
        .any(|byte| !(byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.')));
    if project.catalog.deprecated(unknown.exchange()).is_some()
        || crate::rules::mx::mx_host_typo::is_slip(project, unknown.exchange())
        || no_host_has_it
    {
        return None;
    }
    let first = receiving
        .iter()
        .find(|h| h.mx.preference == provider_best)?;
    let provider = first.provider?;
    Some(
        Diagnostic::new(
            &RULE,
            exchange_span(&unknown.mx),
            format!(
                "`{}` (preference {}) is preferred over {}'s `{}` (preference {}): while it answers, all mail for `{owner}` goes there, not to {}",
                unknown.exchange(),
                unknown.mx.preference,
                provider.name,
                first.exchange(),
                first.mx.preference,
                provider.name
            ),
        )
        .with_label(exchange_span(&first.mx), format!("{} MX is here", provider.name))
        .with_help(format!(
            "Senders try the lowest preference first (RFC 5321 §5.1). If `{}` is the server the \
             domain's mail used before {}, remove its MX record; if it filters mail and passes \
             it on to {}, keep it alone in the set, as {}'s MX beside it lets senders skip the \
             filter.",
            unknown.exchange(),
            provider.name,
            provider.name,
            provider.name
        )),
    )
}

/// A sending service's bounce domain (Amazon SES's custom MAIL FROM domain) whose MX set also
/// holds another host: the domain may receive only the service's bounces ("not be used to
/// receive emails", AWS's SetIdentityMailFromDomain), so bounces and complaints reach the
/// other host whenever it is preferred or the service does not answer at once. Said once, at
/// the most preferred other host, and instead of the providers' mix.
/// Where the name is no bounce domain ([`bounce_host_is_stray`]), the service's host is what
/// is said to be out of place, at it.
fn bounce_domain_receiving(
    zone: &ZoneIndex<'_>,
    owner: &crate::name::Name,
    hosts: &[Host<'_>],
) -> Option<Diagnostic> {
    let bounce = hosts.iter().find(|h| h.kind() == Some(Kind::Bounce))?;
    let bounce_provider = bounce.provider?;
    let other = hosts
        .iter()
        .filter(|h| h.provider.is_none_or(|p| p.id != bounce_provider.id))
        .min_by_key(|h| h.mx.preference)?;
    if bounce_host_is_stray(zone, owner, hosts) {
        return Some(
            Diagnostic::new(
                &RULE,
                exchange_span(&bounce.mx),
                format!(
                    "`{}` ({}) is beside `{}`{}: `{owner}` receives mail, and the feedback host takes only bounces",
                    bounce.exchange(),
                    bounce_provider.name,
                    other.exchange(),
                    other.provider_suffix(),
                ),
            )
            .with_label(exchange_span(&other.mx), "the domain's mail servers are here")
            .with_help(format!(
                "This feedback MX belongs at the service's custom MAIL FROM domain, a subdomain used for \
                 bounces only (`bounce.{}`): senders that do not reach the preferred host at once deliver \
                 to the feedback host, which does not keep the domain's mail. Move this MX record to that \
                 subdomain.",
                owner.as_str().trim_end_matches('.'),
            )),
        );
    }
    Some(
        Diagnostic::new(
            &RULE,
            exchange_span(&other.mx),
            format!(
                "`{}`{} is beside `{}` ({}): `{owner}` is a bounce domain, which receives no other mail",
                other.exchange(),
                other.provider_suffix(),
                bounce.exchange(),
                bounce_provider.name,
            ),
        )
        .with_label(
            exchange_span(&bounce.mx),
            format!("{} MX is here", bounce_provider.name),
        )
        .with_help(format!(
            "{} uses `{owner}` as the envelope sender of its mail, and its setup publishes one MX there, to its \
             own feedback host: bounces and complaints sent to another host never reach it, and the service may \
             stop using the domain. Receive the domain's mail at another name, and keep only the service's MX here.",
            bounce_provider.name
        )),
    )
}
