//! SPF016: a domain that runs its own mail (MX hosts of no provider the catalog knows) and
//! publishes neither an SPF record nor a DKIM key: the mail it sends is unauthenticated.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Lookup, Project, ZoneIndex};
use crate::model::RType;
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::mx::reachability::is_internal_zone;
use crate::rules::mx::{classified_sets, exchange_span};
use crate::rules::names::missing_trailing_dot::is_tld;
use crate::rules::spf::mentions_spf_at;

pub static RULE: Rule = Rule {
    code: "SPF016",
    name: "spf-missing",
    severity: Severity::Warning,
    summary: "A domain that receives mail at its own or an unknown operator's servers publishes no SPF record and no DKIM key: the mail it sends is unauthenticated, and Gmail and Yahoo refuse it",
    doc: include_str!("../../../rules/docs/SPF016.md"),
    check: Some(check),
};

fn check<'a>(project: &Project<'a>, zone: &ZoneIndex<'a>, out: &mut Vec<Diagnostic>) {
    let apex = &zone.zone.apex;
    // The zone's own domain only: a host name with MX records (`www MX 10 mail`, an old
    // habit) seldom sends mail of its own.
    let Some((set, hosts)) = classified_sets(project, zone).find(|(set, _)| set.owner == apex)
    else {
        return;
    };
    // A provider the catalog knows is SPF001's (its include), a null MX sends nothing, and a
    // zone that may not show all its records may have the SPF record elsewhere.
    if hosts.is_empty()
        || hosts.iter().any(|host| host.provider.is_some())
        || set.hosts.iter().any(|mx| mx.is_null())
        || !zone.zone.shows_all_but_addresses_at(apex)
        || apex.is_reverse_mapping()
    {
        return;
    }
    // A type-99 SPF record without its TXT twin is ZONE018's; a CNAME beside the MX (ZONE009)
    // can hold no other record.
    if mentions_spf_at(zone, apex)
        || zone
            .at(apex)
            .any(|record| matches!(record.rtype, RType::SPF | RType::CNAME))
    {
        return;
    }
    // Any record at or below `_domainkey` may be a key (or a CNAME to one) that signs the
    // domain's mail, which is authentication enough; a wildcard or a delegation there may
    // answer for selectors the zone does not show.
    let Ok(domainkey) = Name::from_ascii("_domainkey").and_then(|label| label.prepend_to(apex))
    else {
        return;
    };
    if !matches!(zone.lookup(&domainkey), Lookup::NxDomain) {
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
    // At the first MX record, which shows the host as written.
    out.push(
        Diagnostic::new(
            &RULE,
            exchange_span(&hosts[0].mx),
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
