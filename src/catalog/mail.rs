//! The catalog's mail-authentication data beside the providers: what a provider's SPF include
//! costs in DNS lookups (SPF004), the records a provider's setup guide publishes beside its MX
//! (MAIL001), and records known to do harm once a setup is finished (MAIL002).

use regex::Regex;
use serde::Deserialize;

use super::{Confidence, Source, check_sources, compile_host_pattern, is_spf_domain};

/// The facts of these entries that a source can back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MailFact {
    Lookups,
    Name,
    Target,
    Reason,
    OwnHost,
    SpfIncludes,
    Envelope,
    EnvelopeCondition,
    Dkim,
    ReturnPath,
    Together,
}

fn mail_fact_name(fact: MailFact) -> &'static str {
    match fact {
        MailFact::Lookups => "lookups",
        MailFact::Name => "name",
        MailFact::Target => "target",
        MailFact::Reason => "reason",
        MailFact::OwnHost => "own_host",
        MailFact::SpfIncludes => "spf_includes",
        MailFact::Envelope => "envelope",
        MailFact::EnvelopeCondition => "envelope_condition",
        MailFact::Dkim => "dkim",
        MailFact::ReturnPath => "return_path",
        MailFact::Together => "together",
    }
}

/// What an `include:` of a sender's SPF domain costs.
#[derive(Debug, Clone)]
pub struct SpfIncludeCost {
    /// Lower case, without a trailing dot.
    pub domain: String,
    /// DNS lookups the included record makes in turn (its own `include`, `a`, `mx`, `ptr`,
    /// `exists` and `redirect`, followed down), not counting the `include` itself.
    pub lookups: u32,
    pub sources: Vec<Source<MailFact>>,
}

impl SpfIncludeCost {
    /// The best confidence of the sources that give the cost.
    pub fn confidence(&self) -> Confidence {
        self.sources
            .iter()
            .filter(|s| s.facts.contains(&MailFact::Lookups))
            .map(|s| s.confidence)
            .max()
            .unwrap_or(Confidence::Unconfirmed)
    }
}

/// The record type of a companion or leftover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum CompanionType {
    CNAME,
    TXT,
}

/// A record a provider's setup guide publishes beside its MX.
#[derive(Debug, Clone)]
pub struct Companion {
    /// Id of the provider whose MX calls for it.
    pub provider: String,
    /// Relative to the name with the MX (`autodiscover`, `selector1._domainkey`).
    pub name: String,
    pub rtype: CompanionType,
    /// For a CNAME: what the target must look like (lower case, absolute).
    pub target: Option<Regex>,
    /// What to publish, for the help (`autodiscover CNAME autodiscover.outlook.com.`).
    pub publish: String,
    /// What the record is for.
    pub purpose: String,
    /// Why an address record, or a CNAME to one of the domain's own hosts, is right too (an
    /// Exchange hybrid deployment keeps Autodiscover on premises); None when only the
    /// provider's target is.
    pub own_host: Option<String>,
    pub sources: Vec<Source<MailFact>>,
}

/// A record known to do harm once a setup is finished.
#[derive(Debug, Clone)]
pub struct Leftover {
    /// The first label of the owner (`msoid`).
    pub name: String,
    pub rtype: CompanionType,
    /// For a CNAME, the targets that make it harmful; None for any.
    pub target: Option<Regex>,
    pub reason: String,
    pub sources: Vec<Source<MailFact>>,
}

/// A service that sends mail for its customers' domains (a newsletter or transactional
/// sender, a CRM): how its DKIM records look in a customer's zone (DKIM007).
#[derive(Debug, Clone)]
pub struct Sender {
    pub id: String,
    pub name: String,
    /// The `include:` domains its setup asks for (lower case, no trailing dot).
    pub spf_includes: Vec<String>,
    /// The domain of the envelope sender it uses unless told otherwise, when that is its own:
    /// SPF then passes for that domain and never aligns with the customer's, so DMARC passes
    /// only through a DKIM signature. None when its mail can align through SPF.
    pub envelope: Option<String>,
    /// When the envelope is the service's only in some setups (Salesforce: with Bounce
    /// Management on), what those are: DKIM007 then says so, as an info.
    pub envelope_condition: Option<String>,
    /// The selectors of its DKIM records (matched against the lower-case first label).
    pub dkim_selector: Option<Regex>,
    /// The targets of its DKIM CNAMEs (lower case, absolute).
    pub dkim_target: Option<Regex>,
    /// Its keys may be TXT records at a selector the customer chooses: any DKIM key of the zone
    /// may be one of them.
    pub any_key: bool,
    /// The targets of a CNAME or MX that gives its mail a Return-Path in the customer's domain
    /// (aligned SPF), anywhere in the zone.
    pub return_path: Option<Regex>,
    /// Selectors its setup publishes together (`k2`, `k3`): one without the others is half a
    /// setup.
    pub together: Vec<String>,
    /// What its setup publishes, for the help.
    pub setup: String,
    pub sources: Vec<Source<MailFact>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSender {
    pub(super) id: String,
    name: String,
    #[serde(default)]
    spf_includes: Vec<String>,
    envelope: Option<String>,
    envelope_condition: Option<String>,
    dkim_selector: Option<String>,
    dkim_target: Option<String>,
    #[serde(default)]
    any_key: bool,
    return_path: Option<String>,
    #[serde(default)]
    together: Vec<String>,
    setup: String,
    #[serde(default)]
    sources: Vec<Source<MailFact>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSpfIncludeCost {
    domain: String,
    lookups: u32,
    #[serde(default)]
    sources: Vec<Source<MailFact>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCompanion {
    pub(super) provider: String,
    name: String,
    #[serde(rename = "type")]
    rtype: CompanionType,
    target: Option<String>,
    publish: String,
    purpose: String,
    own_host: Option<String>,
    #[serde(default)]
    sources: Vec<Source<MailFact>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLeftover {
    name: String,
    #[serde(rename = "type")]
    rtype: CompanionType,
    target: Option<String>,
    reason: String,
    #[serde(default)]
    sources: Vec<Source<MailFact>>,
}

fn is_relative_name(text: &str) -> bool {
    !text.is_empty()
        && !text.ends_with('.')
        && text.split('.').all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        })
}

pub(super) fn compile_spf_include(
    raw: RawSpfIncludeCost,
    problems: &mut Vec<String>,
) -> SpfIncludeCost {
    if !is_spf_domain(&raw.domain) {
        problems.push(format!(
            "domain `{}` is not a lower-case domain without a trailing dot",
            raw.domain
        ));
    }
    if raw.lookups > 10 {
        problems.push(format!(
            "lookups {} is over the limit of 10 by itself",
            raw.lookups
        ));
    }
    check_sources(&raw.sources, &[MailFact::Lookups], mail_fact_name, problems);
    SpfIncludeCost {
        domain: raw.domain,
        lookups: raw.lookups,
        sources: raw.sources,
    }
}

fn compile_target(
    rtype: CompanionType,
    target: Option<&str>,
    required: bool,
    problems: &mut Vec<String>,
) -> Option<Regex> {
    match (rtype, target) {
        (CompanionType::CNAME, Some(pattern)) => compile_host_pattern(pattern, problems),
        (CompanionType::CNAME, None) if required => {
            problems.push("a CNAME companion needs a target pattern".into());
            None
        }
        (CompanionType::TXT, Some(_)) => {
            problems.push("target applies to CNAME entries only".into());
            None
        }
        _ => None,
    }
}

pub(super) fn compile_companion(raw: RawCompanion, problems: &mut Vec<String>) -> Companion {
    if !is_relative_name(&raw.name) {
        problems.push(format!(
            "name `{}` is not a lower-case relative name",
            raw.name
        ));
    }
    for (field, text) in [("publish", &raw.publish), ("purpose", &raw.purpose)] {
        if text.trim().is_empty() {
            problems.push(format!("{field} is empty"));
        }
    }
    let target = compile_target(raw.rtype, raw.target.as_deref(), true, problems);
    let mut set = vec![MailFact::Name];
    if target.is_some() {
        set.push(MailFact::Target);
    }
    match (&raw.own_host, raw.rtype) {
        (Some(text), _) if text.trim().is_empty() => problems.push("own_host is empty".into()),
        (Some(_), CompanionType::TXT) => {
            problems.push("own_host applies to CNAME entries only".into())
        }
        (Some(_), CompanionType::CNAME) => set.push(MailFact::OwnHost),
        (None, _) => {}
    }
    check_sources(&raw.sources, &set, mail_fact_name, problems);
    Companion {
        provider: raw.provider,
        name: raw.name,
        rtype: raw.rtype,
        target,
        publish: raw.publish,
        purpose: raw.purpose,
        own_host: raw.own_host,
        sources: raw.sources,
    }
}

pub(super) fn compile_leftover(raw: RawLeftover, problems: &mut Vec<String>) -> Leftover {
    if !is_relative_name(&raw.name) || raw.name.contains('.') {
        problems.push(format!("name `{}` is not one lower-case label", raw.name));
    }
    if raw.reason.trim().is_empty() {
        problems.push("reason is empty".into());
    }
    let target = compile_target(raw.rtype, raw.target.as_deref(), false, problems);
    let mut set = vec![MailFact::Name, MailFact::Reason];
    if target.is_some() {
        set.push(MailFact::Target);
    }
    check_sources(&raw.sources, &set, mail_fact_name, problems);
    Leftover {
        name: raw.name,
        rtype: raw.rtype,
        target,
        reason: raw.reason,
        sources: raw.sources,
    }
}

/// A selector pattern: anchored, lower case, as the selector is matched in lower case.
fn compile_selector_pattern(pattern: &str, problems: &mut Vec<String>) -> Option<Regex> {
    if !pattern.starts_with('^') || !pattern.ends_with('$') {
        problems.push(format!(
            "dkim_selector `{pattern}` must start with ^ and end with $"
        ));
        return None;
    }
    if pattern.bytes().any(|b| b.is_ascii_uppercase()) {
        problems.push(format!(
            "dkim_selector `{pattern}` has upper-case letters; selectors are matched in lower case"
        ));
        return None;
    }
    Regex::new(pattern)
        .map_err(|e| problems.push(format!("dkim_selector `{pattern}`: {e}")))
        .ok()
}

pub(super) fn compile_sender(raw: RawSender, problems: &mut Vec<String>) -> Sender {
    if !super::is_kebab(&raw.id) {
        problems.push(format!("id `{}` is not kebab-case", raw.id));
    }
    for (field, text) in [("name", &raw.name), ("setup", &raw.setup)] {
        if text.trim().is_empty() {
            problems.push(format!("{field} is empty"));
        }
    }
    for domain in raw.spf_includes.iter().chain(&raw.envelope) {
        if !is_spf_domain(domain) {
            problems.push(format!(
                "`{domain}` is not a lower-case domain without a trailing dot"
            ));
        }
    }
    if raw.envelope_condition.is_some() && raw.envelope.is_none() {
        problems.push("envelope_condition needs an envelope".into());
    }
    if raw
        .envelope_condition
        .as_deref()
        .is_some_and(|c| c.trim().is_empty())
    {
        problems.push("envelope_condition is empty".into());
    }
    if raw.envelope.is_some() && raw.spf_includes.is_empty() {
        problems.push("envelope needs the spf_includes that authorise it".into());
    }
    let dkim_selector = raw
        .dkim_selector
        .as_deref()
        .and_then(|pattern| compile_selector_pattern(pattern, problems));
    let dkim_target = raw
        .dkim_target
        .as_deref()
        .and_then(|pattern| compile_host_pattern(pattern, problems));
    let return_path = raw
        .return_path
        .as_deref()
        .and_then(|pattern| compile_host_pattern(pattern, problems));
    if raw.dkim_selector.is_none() && raw.dkim_target.is_none() && !raw.any_key {
        problems.push(
            "says nothing of its DKIM records (dkim_selector, dkim_target or any_key)".into(),
        );
    }
    if raw.together.len() == 1 {
        problems.push("together lists one selector; it needs two or more".into());
    }
    for selector in &raw.together {
        if !is_relative_name(selector) || selector.contains('.') {
            problems.push(format!(
                "together: `{selector}` is not one lower-case label"
            ));
        }
    }
    let mut set = vec![MailFact::Dkim];
    for (given, fact) in [
        (!raw.spf_includes.is_empty(), MailFact::SpfIncludes),
        (raw.envelope.is_some(), MailFact::Envelope),
        (
            raw.envelope_condition.is_some(),
            MailFact::EnvelopeCondition,
        ),
        (raw.return_path.is_some(), MailFact::ReturnPath),
        (!raw.together.is_empty(), MailFact::Together),
    ] {
        if given {
            set.push(fact);
        }
    }
    check_sources(&raw.sources, &set, mail_fact_name, problems);
    Sender {
        id: raw.id,
        name: raw.name,
        spf_includes: raw.spf_includes,
        envelope: raw.envelope,
        envelope_condition: raw.envelope_condition,
        dkim_selector,
        dkim_target,
        any_key: raw.any_key,
        return_path,
        together: raw.together,
        setup: raw.setup,
        sources: raw.sources,
    }
}
