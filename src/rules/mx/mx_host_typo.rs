//! MX011: an MX host one or two letters off a catalog provider's host.

use rustc_hash::FxHashMap as HashMap;

use crate::catalog::{Provider, TypoTarget};
use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::mx::{all_mx, exchange_span};
use crate::rules::names::missing_trailing_dot::is_tld;
use crate::rules::typo::distance;

pub static RULE: Rule = Rule {
    code: "MX011",
    name: "mx-host-typo",
    severity: Severity::Warning,
    summary: "An MX host is one or two letters off a mail provider's host (`atl1.aspmx.l.google.com.` for `alt1`)",
    doc: include_str!("../../../rules/docs/MX011.md"),
    check: Some(check),
};

/// How many edits still read as a slip: one for short names, where two would reach other
/// real hosts, two from 16 characters on.
fn limit_for(target: &str) -> usize {
    if target.len() >= 16 { 2 } else { 1 }
}

/// The host `host` was probably meant to be, with the provider's name.
fn intended(targets: &[(&TypoTarget, &Provider)], host: &str) -> Option<Guess> {
    let mut best: Option<(usize, String, String)> = None;
    for (target, provider) in targets {
        let (meant, d) = match target {
            TypoTarget::Host(literal) => {
                let Some(d) = distance(host.as_bytes(), literal.as_bytes(), limit_for(literal))
                else {
                    continue;
                };
                (literal.clone(), d)
            }
            TypoTarget::Tail(tail) => {
                let Some((first, rest)) = host.split_once('.') else {
                    continue;
                };
                let Some(d) = distance(rest.as_bytes(), tail.as_bytes(), limit_for(tail)) else {
                    continue;
                };
                (format!("{first}.{tail}"), d)
            }
        };
        if d == 0
            || best.as_ref().is_some_and(|(b, _, _)| *b <= d)
            || other_top_level_domain(host, &meant)
        {
            continue;
        }
        best = Some((d, meant, provider.name.clone()));
    }
    best.map(|(_, meant, provider)| Guess { meant, provider })
}

/// Is `host` a slip of a provider's host (`mx1.fowardemail.net.`), MX011's finding?
pub fn is_slip(project: &Project<'_>, host: &Name) -> bool {
    let host = host.as_str().to_ascii_lowercase();
    intended(&project.catalog.typo_targets(), &host).is_some()
}

/// Do `host` and `meant` end in different top-level domains that both exist
/// (`mx2.zoho.com.cn.` and `mx2.zoho.com.au.`)? Then the host is in another registrable
/// domain, as a provider's regional data centre is, not one letter off: `.con` for `.com` is
/// still a slip.
fn other_top_level_domain(host: &str, meant: &str) -> bool {
    let last = |name: &str| {
        name.trim_end_matches('.')
            .rsplit('.')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    let (host_tld, meant_tld) = (last(host), last(meant));
    host_tld != meant_tld && is_tld(&host_tld) && is_tld(&meant_tld)
}

/// The provider host a slip was meant to be, and that provider's name.
#[derive(Clone)]
struct Guess {
    meant: String,
    provider: String,
}

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, Option<Guess>> = HashMap::default();
    let mut targets = None;
    // Per owner, its MX records and how many of them read as slips; the slips themselves
    // apart, as few records are one (a large zone has tens of thousands of MX owners).
    let mut counts: HashMap<&Name, (u32, u32)> = HashMap::default();
    let mut slips = Vec::new();
    for mx in all_mx(zone).filter(|mx| !mx.is_null()) {
        // A host of the linted zones is the zone owner's own server, whatever its name (and
        // asked first: most MX hosts are the zone's own, and this asks no catalog).
        let known = project.zone_for(mx.exchange, zone).is_some()
            || project.provider_for(mx.exchange).is_some()
            || project.catalog.deprecated(mx.exchange).is_some();
        let guess = if known {
            None
        } else {
            let host = mx.exchange.as_str().to_ascii_lowercase();
            seen.entry(host)
                .or_insert_with_key(|host| {
                    let targets = targets.get_or_insert_with(|| project.catalog.typo_targets());
                    intended(targets, host)
                })
                .clone()
        };
        let (records, slipped) = counts.entry(&mx.record.owner).or_default();
        *records += 1;
        if let Some(guess) = guess {
            *slipped += 1;
            slips.push((mx, guess));
        }
    }
    for (mx, Guess { meant, provider }) in slips {
        // A host under the provider's own domain (`us1-smtp.messagingengine.com` beside the
        // catalog's `in1-smtp`) is no one else's to register, and may be a name the provider
        // gives now that the catalog does not know: a warning to check it, never an error.
        let organisational = crate::rules::dmarc::organisational_domain;
        let own_domain = organisational(mx.exchange).filter(|domain| {
            Name::from_ascii(&meant)
                .ok()
                .and_then(|meant| organisational(&meant))
                .is_some_and(|meant_domain| meant_domain == *domain)
        });
        if let Some(domain) = own_domain {
            out.push(
                Diagnostic::new(
                    &RULE,
                    exchange_span(&mx),
                    format!(
                        "MX host `{}` is under {provider}'s domain `{domain}` but is not a host zonelint knows for it; did you mean `{meant}`?",
                        mx.exchange
                    ),
                )
                .with_help(format!(
                    "`{}` is one or two letters off `{meant}`, the host the catalog knows. Under the \
                     provider's own domain no one else can receive the mail, but a host that does not \
                     exist delays and then bounces it. Check the name against the provider's setup \
                     page; if it gives this host, it is right (and the catalog is behind).",
                    mx.exchange
                )),
            );
            continue;
        }
        // When no host of the owner's set is right, no mail reaches the provider: an error.
        let (records, slipped) = counts[&mx.record.owner];
        let all_wrong = records == slipped;
        let consequence = if all_wrong {
            "No other host of the set is right, so no mail reaches the provider."
        } else {
            "Senders that pick it deliver elsewhere or not at all."
        };
        let diagnostic = Diagnostic::new(
            &RULE,
            exchange_span(&mx),
            format!("MX host `{}` is not a {provider} host; did you mean `{meant}`?", mx.exchange),
        )
        .with_help(format!(
            "`{}` is one or two letters off `{meant}`. Senders look the written name up: it may not \
             exist (mail to this host is delayed, then bounces), or someone else may register it \
             and receive the mail. {consequence} Write `{meant}`.",
            mx.exchange
        ));
        out.push(if all_wrong {
            diagnostic.with_severity(Severity::Error)
        } else {
            diagnostic
        });
    }
}
