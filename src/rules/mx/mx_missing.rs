//! MX023: a domain set up for a mailbox provider (its SPF record includes the provider, and
//! the provider's setup records are there) has no MX at all: mail to it goes to its web host,
//! or bounces. What a move of the domain's name servers leaves behind when the new DNS host's
//! import skips the MX records.

use crate::catalog::mail::{Companion, CompanionType};
use crate::catalog::{Kind, Provider};
use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::{RData, RType, Record};
use crate::rules::Rule;
use crate::rules::mx::mx_provider_incomplete::published_set_help;
use crate::rules::spf::spf_records;
use crate::rules::zone::targets::has_address;

pub static RULE: Rule = Rule {
    code: "MX023",
    name: "mx-missing",
    severity: Severity::Warning,
    summary: "A domain set up for a mailbox provider (its SPF include and its DKIM or Autodiscover records) has no MX: mail to it goes to its web host, or bounces",
    doc: include_str!("../../../rules/docs/MX023.md"),
    check: Some(check),
};

/// A domain set up for a mailbox provider without an MX: the provider, the SPF record that
/// authorises it and the setup records found at the domain.
pub(crate) struct SetUpWithoutMx<'a, 'c> {
    pub provider: &'c Provider,
    pub spf: &'a Record,
    pub setup: Vec<(&'a Record, &'c Companion)>,
}

/// [`SetUpWithoutMx`] of the zone's apex, when it is one (MX021 leaves such a domain to this
/// rule, which names the provider).
pub(crate) fn set_up_without_mx<'a, 'c>(
    project: &'c Project<'a>,
    zone: &ZoneIndex<'a>,
) -> Option<SetUpWithoutMx<'a, 'c>> {
    let apex = &zone.zone.apex;
    // An MX one label below the domain, written there for the domain, is MX017's and MX022's
    // finding: it says where the records went.
    let has_mx_nearby = zone.mx_sets().iter().any(|set| {
        set.owner == apex
            || set
                .owner
                .relative_to(apex)
                .is_some_and(|relative| !relative.contains('.'))
    });
    // An alias at the apex takes its MX from the target (MAIL003 reads it); names whose
    // records may not all be here (a zone that did not read cleanly, a provider's own record
    // type) are not said to lack one.
    if has_mx_nearby
        || !zone.zone.shows_all_but_addresses_at(apex)
        || zone.at(apex).any(|r| r.rtype == RType::CNAME)
    {
        return None;
    }
    let spf = spf_records(zone, apex)
        .iter()
        .find(|spf| spf.record.rtype == RType::TXT)?;
    // The first mailbox provider the SPF record authorises whose setup records are at the
    // domain too: an SPF include alone may be a sending relay's, not where the mailboxes are.
    project
        .catalog
        .providers()
        .iter()
        .filter(|provider| provider.kind == Kind::Mailbox && spf.includes_provider(provider))
        .find_map(|provider| {
            let setup = setup_records(project, zone, provider);
            (!setup.is_empty()).then_some(SetUpWithoutMx {
                provider,
                spf: spf.record,
                setup,
            })
        })
}

fn check<'a>(project: &Project<'a>, zone: &ZoneIndex<'a>, out: &mut Vec<Diagnostic>) {
    let Some(SetUpWithoutMx {
        provider,
        spf,
        setup,
    }) = set_up_without_mx(project, zone)
    else {
        return;
    };
    let apex = &zone.zone.apex;
    let fallback = if has_address(zone.at(apex)) {
        "goes to the domain's own address (its web host), not to the provider"
    } else {
        "bounces, as the domain has no address either, and receivers that check the sender's \
         domain refuse the mail it sends"
    };
    let mut labels = vec![(
        spf.rdata_span(),
        format!("the SPF record authorises {}", provider.name),
    )];
    labels.extend(setup.iter().map(|(record, companion)| {
        (
            record.rdata_span(),
            format!("`{}`, part of its setup, is here", companion.name),
        )
    }));
    out.push(
        Diagnostic::new(
            &RULE,
            spf.owner_span(),
            format!(
                "`{apex}` is set up for {} but has no MX record: mail to it {fallback}",
                provider.name
            ),
        )
        .with_labels(labels)
        .with_help(format!(
            "Senders look up the domain's MX; with none they deliver to its A or AAAA record \
             (RFC 5321 §5.1), a web server that refuses or drops the mail, or bounce it when \
             there is none. MX records are often lost when the domain's name servers move \
             and the new DNS host's import leaves them out. {}",
            published_set_help(provider)
        )),
    );
}

/// The provider's setup records at the apex (a DKIM key, an Autodiscover or DKIM CNAME to the
/// provider), each with the companion entry it matches: a record of the right type, and a
/// CNAME to the provider's own target.
fn setup_records<'a, 'c>(
    project: &'c Project<'a>,
    zone: &ZoneIndex<'a>,
    provider: &'c Provider,
) -> Vec<(&'a Record, &'c Companion)> {
    let apex = &zone.zone.apex;
    project
        .catalog
        .companions_of(&provider.id)
        .filter_map(|companion| {
            let name = crate::name::Name::from_ascii(&companion.name)
                .and_then(|relative| relative.prepend_to(apex))
                .ok()?;
            let record = zone
                .at(&name)
                .find(|record| matches_companion(record, companion))?;
            Some((record, companion))
        })
        .collect()
}

/// Is `record` the kind of record `companion` asks for?
fn matches_companion(record: &Record, companion: &Companion) -> bool {
    match (companion.rtype, &record.rdata) {
        (CompanionType::TXT, RData::Txt(..)) => record.rtype == RType::TXT,
        (CompanionType::CNAME, RData::Target(target)) if record.rtype == RType::CNAME => companion
            .target
            .as_ref()
            .is_none_or(|pattern| pattern.is_match(&target.as_str().to_ascii_lowercase())),
        _ => false,
    }
}
