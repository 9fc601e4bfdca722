//! MX017: a mailbox provider's MX sits one label below the apex (`mail`), while the apex,
//! which has no MX, carries that provider's SPF include or setup records.

use crate::catalog::{Kind, Provider};
use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::{RType, Record};
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::mx::mx_tenant_mismatch::names_domain;
use crate::rules::mx::{Host, MxSet, classified_sets};
use crate::rules::spf::spf_records;
use crate::source::Span;

pub static RULE: Rule = Rule {
    code: "MX017",
    name: "mx-misplaced",
    severity: Severity::Error,
    summary: "A provider's MX is at a name below the domain (`mail`) while the domain, set up for that provider, has no MX",
    doc: include_str!("../../../rules/docs/MX017.md"),
    check: Some(check),
};

/// An MX set that was meant for the apex: its provider, and where the apex shows it.
pub struct Misplaced<'a> {
    pub provider: &'a Provider,
    pub apex: &'a Name,
    /// The apex's records that set it up for the provider, each with what it is.
    pub evidence: Vec<(Span, String)>,
}

/// Whether `set` (with its classified `hosts`) is the apex's MX written one label too low:
/// the set's owner is a child of the apex, the apex has no MX, a mailbox provider of the set
/// is authorised by the apex's SPF record, has its setup records (autodiscover, DKIM) at the
/// apex, or names the apex in its MX host (`example-com.mail.protection.outlook.com`), and
/// the owner itself has neither that SPF include nor those records (a subdomain set up to
/// receive mail of its own has them).
pub fn misplaced<'a>(
    project: &Project<'a>,
    zone: &ZoneIndex<'a>,
    set: &MxSet<'a>,
    hosts: &[Host<'a>],
) -> Option<Misplaced<'a>> {
    let apex = &zone.zone.apex;
    let owner = set.owner;
    // One label below the apex: read off the relative name, as most sets are at the apex
    // or deeper and this is asked for each set by three rules.
    let relative = owner.relative_to(apex)?;
    if relative == "@" || relative.contains('.') || super::below_cut(zone, set) {
        return None;
    }
    if zone
        .at(apex)
        .any(|r| r.rtype == RType::MX || r.rtype == RType::CNAME)
    {
        return None;
    }
    let provider = hosts
        .iter()
        .filter_map(|h| h.provider)
        .find(|p| p.kind == Kind::Mailbox)?;
    let spf_authorises = |name: &Name| -> Option<&'a Record> {
        spf_records(zone, name)
            .iter()
            .find_map(|spf| spf.includes_provider(provider).then_some(spf.record))
    };
    let companions_at = |name: &Name| -> Vec<(&'a Record, &str)> {
        project
            .catalog
            .companions_of(&provider.id)
            .filter_map(|companion| {
                let at = Name::from_ascii(&companion.name)
                    .and_then(|relative| relative.prepend_to(name))
                    .ok()?;
                Some((zone.at(&at).next()?, companion.name.as_str()))
            })
            .collect()
    };
    if spf_authorises(owner).is_some() || !companions_at(owner).is_empty() {
        return None;
    }
    let mut evidence = Vec::new();
    if let Some(spf) = spf_authorises(apex) {
        evidence.push((
            spf.rdata_span(),
            "the domain's SPF record authorises it".to_string(),
        ));
    }
    for (record, name) in companions_at(apex) {
        evidence.push((
            record.rdata_span(),
            format!("`{name}`, part of its setup, is at the domain"),
        ));
    }
    for host in hosts
        .iter()
        .filter(|h| h.provider.is_some_and(|p| p.id == provider.id))
    {
        // As MX004 reads a tenant label: `example-com`, or with Microsoft's suffix.
        if provider
            .tenant_label(host.exchange())
            .is_some_and(|label| names_domain(label, apex))
        {
            evidence.push((
                crate::rules::mx::exchange_span(&host.mx),
                format!("this host is the MX for `{apex}`"),
            ));
        }
    }
    (!evidence.is_empty()).then_some(Misplaced {
        provider,
        apex,
        evidence,
    })
}

fn check<'a>(project: &Project<'a>, zone: &ZoneIndex<'a>, out: &mut Vec<Diagnostic>) {
    for (set, hosts) in classified_sets(project, zone) {
        let Some(found) = misplaced(project, zone, set, hosts) else {
            continue;
        };
        let first = set.hosts[0].record;
        let relative = set.owner.relative_to(found.apex).unwrap_or("");
        out.push(
            Diagnostic::new(
                &RULE,
                first.owner_span(),
                format!(
                    "the {} MX is at `{}`, but the domain set up for it, `{}`, has no MX",
                    found.provider.name, set.owner, found.apex
                ),
            )
            .with_labels(found.evidence)
            .with_help(format!(
                "mail to addresses at `{apex}` finds no MX and goes to the domain's own address, \
                 or bounces (RFC 5321 §5.1); publish these MX records at the domain itself \
                 (`@`, or an empty name in a DNS panel), not at `{relative}`",
                apex = found.apex
            )),
        );
    }
}
