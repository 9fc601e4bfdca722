//! SPF016: a domain that receives mail (at hosts of no provider that names its SPF include) and
//! publishes neither an SPF record nor a DKIM key: the mail it sends is unauthenticated.

use crate::catalog::Kind;
use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Lookup, Project, ZoneIndex};
use crate::model::RType;
use crate::name::{Name, eq_caseless};
use crate::rules::Rule;
use crate::rules::mx::mx_target_address::address_literal;
use crate::rules::mx::reachability::is_internal_zone;
use crate::rules::mx::{classified_sets, exchange_span};
use crate::rules::names::missing_trailing_dot::is_tld;
use crate::rules::spf::mentions_spf_at;
use crate::rules::spf::spf_provider_include_missing::names_its_include;
use crate::rules::zone::target_reserved_name::is_reserved_name;

pub static RULE: Rule = Rule {
    code: "SPF016",
    name: "spf-missing",
    severity: Severity::Warning,
    summary: "A domain that receives mail publishes no SPF record and no DKIM key: the mail it sends is unauthenticated, and Gmail and Yahoo refuse it (SPF001 where the MX provider names its SPF include)",
    doc: include_str!("../../../rules/docs/SPF016.md"),
    check: Some(check),
};

fn check<'a>(project: &Project<'a>, zone: &ZoneIndex<'a>, out: &mut Vec<Diagnostic>) {
    let apex = &zone.zone.apex;
    // A guide's or a test's own zone (`example.com`) is ZONE057's kind of zone: not judged.
    if is_reserved_name(apex.as_str()) {
        return;
    }
    // The zone's own domain only: a host name with MX records (`www MX 10 mail`, an old
    // habit) seldom sends mail of its own.
    let Some((set, hosts)) = classified_sets(project, zone).find(|(set, _)| set.owner == apex)
    else {
        return;
    };
    // Where SPF001 asks for the record (a mailbox provider that names its SPF include, with
    // no gateway in front of it) it is SPF001's; a null MX sends nothing; a zone that may not
    // show all its records may have the SPF record elsewhere.
    let spf001_asks = !hosts.iter().any(|host| host.kind() == Some(Kind::Gateway))
        && hosts.iter().any(names_its_include);
    if spf001_asks
        || set.hosts.iter().any(|mx| mx.is_null())
        || !zone.zone.shows_all_but_addresses_at(apex)
        || apex.is_reverse_mapping()
    {
        return;
    }
    // An MX set no host of which can receive mail (placeholders, ZONE057's; addresses written
    // as names, MX006's; verification MX, MX012's) is broken before it is unauthenticated.
    let receives = hosts.iter().any(|host| {
        host.kind() != Some(Kind::Verification)
            && !is_reserved_name(host.exchange().as_str())
            && address_literal(project, &host.mx).is_none()
    });
    if !receives {
        return;
    }
    // A type-99 SPF record without its TXT twin is ZONE018's; a CNAME beside the MX (ZONE009)
    // can hold no other record.
    if mentions_spf_at(zone, apex)
        || zone
            .at(apex)
            .any(|record| matches!(record.rtype, RType::SPF | RType::CNAME))
        || may_publish_dkim_keys(project, zone)
    {
        return;
    }
    // An internal zone sends no mail to the Internet (one under a top-level label the root
    // does not have, `reseau.loc`, is one too); a zone linted twice is one view of a
    // split-horizon setup, whose outside view may publish the record.
    let tld = apex
        .labels()
        .last()
        .unwrap_or_default()
        .to_ascii_lowercase();
    if !is_tld(&tld) || is_internal_zone(project, zone) || project.closest_zone_count(apex) > 1 {
        return;
    }
    // At the most preferred host, whose MX record shows it as written.
    let first = hosts
        .iter()
        .min_by_key(|host| host.mx.preference)
        .unwrap_or(&hosts[0]);
    out.push(
        Diagnostic::new(
            &RULE,
            exchange_span(&first.mx),
            format!(
                "`{apex}` receives mail but publishes no SPF record and no DKIM key: the mail it \
                 sends is unauthenticated"
            ),
        )
        .with_help(format!(
            "Gmail and Yahoo refuse mail that passes neither SPF nor DKIM (\"550 5.7.26 This \
             mail is unauthenticated\", their sender requirements since 2024), other receivers \
             file it as spam, and anyone may send as `{apex}`. Publish an SPF record listing \
             the hosts that send its mail: `@ TXT \"v=spf1 mx -all\"` when the MX hosts send \
             it (`~all` while you find the others), `v=spf1 -all` if the domain sends none; \
             and sign with DKIM."
        )),
    );
}

/// Whether the zone may publish a DKIM key for its apex: a TXT or CNAME record at a key name
/// `<selector>._domainkey.<apex>` (the index's lists; not the retired ADSP policy at
/// `_adsp`), a delegation of
/// `_domainkey` or a zone of its own linted beside this one, or a wildcard TXT or CNAME at the
/// apex that answers for every selector. The DomainKeys policy at `_domainkey` itself
/// (`o=~`) and a wildcard of other types are no keys.
fn may_publish_dkim_keys<'a>(project: &Project<'a>, zone: &ZoneIndex<'a>) -> bool {
    let apex = &zone.zone.apex;
    let Ok(domainkey) = Name::from_ascii("_domainkey").and_then(|label| label.prepend_to(apex))
    else {
        return true;
    };
    match zone.lookup(&domainkey) {
        Lookup::Delegated => return true,
        Lookup::Found(records) if records.iter().any(|r| r.rtype == RType::NS) => return true,
        Lookup::Wildcard(records)
            if records
                .iter()
                .any(|r| matches!(r.rtype, RType::TXT | RType::CNAME)) =>
        {
            return true;
        }
        _ => {}
    }
    if project
        .zone_for(&domainkey, zone)
        .is_some_and(|other| !std::ptr::eq(other.zone, zone.zone))
    {
        return true;
    }
    zone.key_name_txt()
        .chain(zone.key_name_cnames())
        .any(|record| {
            record
                .owner
                .suffixes()
                .nth(2)
                .is_some_and(|domain| eq_caseless(domain.as_bytes(), apex.as_str().as_bytes()))
        })
}
