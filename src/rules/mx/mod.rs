//! Mail routing rules: what an MX set says and where its hosts lead.

pub mod mx_backup_unsupported;
pub mod mx_deprecated_host;
pub mod mx_gateway_bypass;
pub mod mx_host_typo;
pub mod mx_inbound_at_domain;
pub mod mx_inherited_owner;
pub mod mx_misplaced;
pub mod mx_missing;
pub mod mx_mixed_providers;
pub mod mx_needs_provider_dns;
pub mod mx_provider_incomplete;
pub mod mx_target_address;
pub mod mx_target_cname;
pub mod mx_target_ipv6_only;
pub mod mx_target_no_address;
pub mod mx_target_private_address;
pub mod mx_target_proxied;
pub mod mx_target_wildcard;
pub mod mx_tenant_mismatch;
pub mod mx_verification_leftover;
pub mod null_mx_mixed;
pub mod null_mx_without_auth;
pub mod parked_domain_without_null_mx;
pub mod reachability;
pub mod sender_without_mail_route;
pub mod wildcard_mx_skips_hosts;

use crate::catalog::{Confidence, Fact, Kind, Provider};
use crate::diagnostic::Severity;
use crate::index::{Lookup, Project, TargetList, ZoneIndex};
use crate::model::{RData, RType, Record, Zone};
use crate::name::Name;
use crate::rules::zone::targets;

/// One MX record with its fields read out.
#[derive(Clone, Copy)]
pub struct Mx<'a> {
    pub record: &'a Record,
    pub preference: u16,
    /// The exchange as meant: the file's name, or the name NAME001 says was meant when the
    /// trailing dot is missing (`written` then says what the file has).
    pub exchange: &'a Name,
    /// The exchange the file literally gives.
    pub written: &'a Name,
}

impl Mx<'_> {
    /// RFC 7505 null MX: the exchange is the root.
    pub fn is_null(&self) -> bool {
        self.exchange.is_root()
    }
}

/// The MX records at one owner: the set senders choose from.
pub struct MxSet<'a> {
    pub owner: &'a Name,
    pub hosts: Vec<Mx<'a>>,
}

/// `record` (one of `zone`'s) as an MX, None for other records.
pub fn mx_of<'a>(zone: &'a Zone, record: &'a Record) -> Option<Mx<'a>> {
    match &record.rdata {
        RData::Mx {
            preference,
            exchange,
        } if record.rtype == RType::MX => Some(Mx {
            record,
            preference: *preference,
            exchange: zone.meant_name(record, 1).unwrap_or(exchange),
            written: exchange,
        }),
        _ => None,
    }
}

/// Every MX record of the zone, in file order.
pub fn all_mx<'a>(zone: &ZoneIndex<'a>) -> impl Iterator<Item = Mx<'a>> {
    zone.of_type(RType::MX)
        .filter_map(|record| mx_of(zone.zone, record))
}

/// Every MX record of the zone, in file order, with the linted zone that answers for its
/// exchange and what a lookup there finds (None when no linted zone does). Looked up once per
/// zone for the rules that ask (alias, no address).
pub fn resolved_mx<'p, 'a>(
    project: &'p Project<'a>,
    zone: &'p ZoneIndex<'a>,
) -> impl Iterator<Item = (Mx<'a>, Option<(&'p ZoneIndex<'a>, Lookup<'a>)>)> + 'p {
    let places = zone.target_places(TargetList::MxExchanges, || {
        all_mx(zone)
            .map(|mx| targets::place(project, zone, mx.exchange))
            .collect()
    });
    all_mx(zone)
        .zip(places)
        .map(move |(mx, &place)| (mx, targets::expand(project, place)))
}

/// The zone's MX sets, one per owner, in the order their first record appears (computed once
/// per zone: see [`ZoneIndex::mx_sets`]).
pub fn mx_sets<'z, 'a>(zone: &'z ZoneIndex<'a>) -> &'z [MxSet<'a>] {
    zone.mx_sets()
}

/// The MX sets of `records` (some of `zone`'s, in file order), one per owner, in the order
/// their first record appears.
pub fn collect_mx_sets<'a>(
    zone: &'a Zone,
    records: impl IntoIterator<Item = &'a Record>,
) -> Vec<MxSet<'a>> {
    crate::index::group_by_owner(
        records
            .into_iter()
            .filter_map(|record| mx_of(zone, record))
            .map(|mx| (&mx.record.owner, mx)),
    )
    .into_iter()
    .map(|(owner, hosts)| MxSet {
        owner,
        hosts: without_copies(hosts),
    })
    .collect()
}

/// `hosts` without the exact copies of an earlier record (same preference, same exchange):
/// a server answers with the set, which holds each record once (BIND merges copies when it
/// loads the zone; ZONE duplicate-record rules report them). The MX rules then read each
/// host once, and a name with thousands of copies costs what one record does.
fn without_copies(hosts: Vec<Mx<'_>>) -> Vec<Mx<'_>> {
    if hosts.len() < 2 {
        return hosts;
    }
    let mut seen: rustc_hash::FxHashSet<(u16, &Name)> = Default::default();
    hosts
        .into_iter()
        .filter(|mx| seen.insert((mx.preference, mx.exchange)))
        .collect()
}

/// Whether an MX set's owner is at or below a delegation of the zone: such records are never
/// served (ZONE033 says so), the child zone answers for the name, and advice about what the
/// name should also publish belongs to the child.
pub fn below_cut(zone: &ZoneIndex<'_>, set: &MxSet<'_>) -> bool {
    zone.cut_above(set.owner).is_some()
}

/// Whether `provider`'s host is the one MX003 asks to remove from a set that mixes a sending
/// service's bounce host (Amazon SES's custom MAIL FROM domain) with other hosts: the other
/// provider's on a bounce domain, which sends only the service's mail; the bounce host itself
/// where it is the stray one ([`bounce_host_is_stray`]). Nothing more is asked for it (its SPF
/// include, its companion records).
pub fn is_removed_in_bounce_mix(
    zone: &ZoneIndex<'_>,
    owner: &Name,
    hosts: &[Host<'_>],
    provider: &Provider,
) -> bool {
    #[cfg(test)]
    tests::BOUNCE_MIX_ASKED.set(tests::BOUNCE_MIX_ASKED.get() + 1);
    let has_bounce = hosts
        .iter()
        .any(|h| h.provider.is_some_and(|p| p.kind == Kind::Bounce));
    let has_other = hosts
        .iter()
        .any(|h| h.provider.is_none_or(|p| p.kind != Kind::Bounce));
    if !(has_bounce && has_other) {
        return false;
    }
    (provider.kind == Kind::Bounce) == bounce_host_is_stray(zone, owner, hosts)
}

/// Whether, in a set that holds a sending service's bounce host, the bounce host is what does
/// not belong: Amazon SES takes as custom MAIL FROM domain only a subdomain of the identity
/// (SetIdentityMailFromDomain), so the zone's apex is no bounce domain; nor is a name whose
/// set holds a mailbox provider's hosts and whose SPF record includes that provider: it
/// receives and sends mail there on purpose. The feedback MX was then published at the wrong
/// name (SES's setup gives it for the MAIL FROM subdomain, whose SPF record includes only
/// SES).
pub fn bounce_host_is_stray(zone: &ZoneIndex<'_>, owner: &Name, hosts: &[Host<'_>]) -> bool {
    if *owner == zone.zone.apex {
        return true;
    }
    let [spf] = crate::rules::spf::spf_records(zone, owner) else {
        return false;
    };
    hosts
        .iter()
        .filter_map(|h| h.provider)
        .any(|p| p.kind == Kind::Mailbox && spf.includes_provider(p))
}

/// The sending service whose bounce (MAIL FROM) domain `owner` is, when its MX `exchange` is
/// another host of the service's operator, not the service's feedback host: Amazon SES's SMTP
/// endpoint `email-smtp.<region>.amazonaws.com` where `feedback-smtp.<region>.amazonses.com`
/// belongs (openship#886: a tool derived the MAIL FROM MX from the SMTP host). Told by the
/// name's one SPF record, which includes the service, as SES's setup publishes the two
/// together at a subdomain of the identity (never the apex).
pub fn misrouted_bounce_service<'c>(
    catalog: &'c crate::catalog::Catalog,
    zone: &ZoneIndex<'_>,
    owner: &Name,
    exchange: &Name,
) -> Option<&'c Provider> {
    // A bounce host already, right or retired (`feedback-smtp.<region>.amazonaws.com`, whose
    // replacement the catalog gives): not another host of the operator.
    let is_bounce = |provider: Option<&Provider>| provider.is_some_and(|p| p.kind == Kind::Bounce);
    if *owner == zone.zone.apex
        || is_bounce(catalog.provider_for(exchange))
        || is_bounce(
            catalog
                .deprecated(exchange)
                .and_then(|deprecated| catalog.provider(&deprecated.provider)),
        )
    {
        return None;
    }
    let operator = catalog.operator_of(exchange)?;
    let [spf] = crate::rules::spf::spf_records(zone, owner) else {
        return None;
    };
    catalog
        .providers()
        .iter()
        .filter(|p| p.kind == Kind::Bounce && p.operator == operator)
        .find(|p| spf.includes_provider(p))
}

/// Whether mailbox provider `provider` looks left over in an MX set that mixes it with another
/// provider that keeps mail: the owner's one SPF record includes another such provider of the set and none
/// of `provider`'s includes, so the domain sends through the other and `provider` is what a
/// move left behind. MX003 says so at its host; SPF001 and MAIL001 then ask nothing for it
/// (its include, its DKIM key), which would tell the owner to finish setting up the provider
/// it left. Only the record's own includes are read: a provider's include is written there.
pub fn is_leftover_provider(
    zone: &ZoneIndex<'_>,
    owner: &Name,
    hosts: &[Host<'_>],
    provider: &Provider,
) -> bool {
    leftover_for(zone, owner, hosts, provider).is_some()
}

/// The provider of the set whose include the owner's SPF record has, for which `provider`
/// looks left over ([`is_leftover_provider`]); None when it does not.
pub fn leftover_for<'c>(
    zone: &ZoneIndex<'_>,
    owner: &Name,
    hosts: &[Host<'c>],
    provider: &Provider,
) -> Option<&'c Provider> {
    let keeps_mail = |p: &Provider| {
        matches!(p.kind, Kind::Mailbox | Kind::Forwarder | Kind::Inbound)
            && !p.spf_includes.is_empty()
    };
    // Only a mailbox provider: a forwarder (Forward Email, ImprovMX) receives only, and its
    // users send through another provider, which is the one their SPF record names.
    if provider.kind != Kind::Mailbox || provider.spf_includes.is_empty() {
        return None;
    }
    let [spf] = crate::rules::spf::spf_records(zone, owner) else {
        return None;
    };
    let included = |p: &Provider| spf.includes_provider(p);
    let same_operator = |p: &Provider| p.operator == provider.operator;
    let operator_included = hosts
        .iter()
        .filter_map(|h| h.provider)
        .any(|p| same_operator(p) && included(p));
    if operator_included {
        return None;
    }
    hosts
        .iter()
        .filter_map(|h| h.provider)
        .find(|p| !same_operator(p) && keeps_mail(p) && included(p))
}

/// What a rule decided of each provider of one MX set, asked of every host of the provider:
/// questions such as [`is_removed_in_bounce_mix`] read the whole set, and a set may hold
/// thousands of one provider's hosts.
#[derive(Default)]
pub struct PassedOver<'c>(Vec<(&'c str, bool)>);

impl<'c> PassedOver<'c> {
    /// `decide()` for `provider`, made the first time it is asked.
    pub fn judge(&mut self, provider: &'c Provider, decide: impl FnOnce() -> bool) -> bool {
        if let Some(&(_, decided)) = self.0.iter().find(|(id, _)| *id == provider.id) {
            return decided;
        }
        let decided = decide();
        self.0.push((&provider.id, decided));
        decided
    }
}

/// The exchange span of an MX record (its whole RDATA for generic `\#` data).
pub fn exchange_span(mx: &Mx<'_>) -> crate::source::Span {
    if mx.record.spans.field_count() >= 2 {
        mx.record.field_span(1)
    } else {
        mx.record.rdata_span()
    }
}

/// The zone's MX sets, each with its hosts classified ([`classify`], done once per zone).
pub fn classified_sets<'z, 'a>(
    project: &Project<'a>,
    zone: &'z ZoneIndex<'a>,
) -> impl Iterator<Item = (&'z MxSet<'a>, &'z [Host<'a>])> {
    zone.mx_sets().iter().zip(zone.mx_hosts(project))
}

/// An MX host with what the catalog knows of it.
#[derive(Clone, Copy)]
pub struct Host<'a> {
    pub mx: Mx<'a>,
    pub provider: Option<&'a Provider>,
    /// MX001 asks to remove this host ([`Host::is_backup_to_remove`]): worked out once, when
    /// the set is classified, as several rules ask it of every host (a set may have thousands).
    backup_to_remove: bool,
}

impl<'a> Host<'a> {
    /// Whether MX001 asks to remove this host: another operator's host that senders fall back
    /// to below a provider that supports no third-party backup MX. The rules that would ask to
    /// complete that host's provider (its SPF include, its companion records, the rest of its
    /// MX set) pass over it, so that one MX set is not told both to remove a host and to
    /// finish setting it up.
    pub fn is_backup_to_remove(&self) -> bool {
        self.backup_to_remove
    }

    pub fn exchange(&self) -> &'a Name {
        self.mx.exchange
    }

    pub fn kind(&self) -> Option<Kind> {
        self.provider.map(|p| p.kind)
    }

    /// " (Microsoft 365 (Exchange Online))" after a host name, or nothing for an unknown host.
    pub fn provider_suffix(&self) -> String {
        self.provider
            .map(|p| format!(" ({})", p.name))
            .unwrap_or_default()
    }

    /// "Microsoft 365 (Exchange Online)", or "unknown operator".
    pub fn operator_name(&self) -> &'a str {
        self.provider
            .map_or("unknown operator", |p| p.name.as_str())
    }
}

/// The non-null hosts of a set with their providers, most preferred first (file order among
/// equal preferences), as senders try them.
pub fn classify<'r, 'p: 'r, 'z: 'r>(project: &Project<'p>, set: &MxSet<'z>) -> Vec<Host<'r>> {
    let mut hosts: Vec<Host<'r>> = set
        .hosts
        .iter()
        .filter(|mx| !mx.is_null())
        .map(|&mx| Host {
            mx,
            provider: project.provider_for(mx.exchange),
            backup_to_remove: false,
        })
        .collect();
    hosts.sort_by_key(|h| h.mx.preference);
    // Against the few strict providers' first hosts, each host once: asked of every host by
    // several rules, with the strict hosts found again each time, a set of 40,000 hosts took
    // seconds.
    let strict = mx_backup_unsupported::strict_hosts(&hosts);
    if !strict.is_empty() {
        for host in &mut hosts {
            host.backup_to_remove = mx_backup_unsupported::falls_back_below(project, &strict, host);
        }
    }
    hosts
}

/// How `other` stands to `anchor` in the order senders try them.
pub enum Rank {
    /// `other` has a higher preference number: senders use it only when `anchor` fails.
    Fallback,
    /// Same preference: senders choose between them at random (RFC 5321 §5.1).
    Equal,
    /// `other` is tried first.
    Preferred,
}

pub fn rank(other: &Mx<'_>, anchor: &Mx<'_>) -> Rank {
    match other.preference.cmp(&anchor.preference) {
        std::cmp::Ordering::Greater => Rank::Fallback,
        std::cmp::Ordering::Equal => Rank::Equal,
        std::cmp::Ordering::Less => Rank::Preferred,
    }
}

/// Severity for a finding that rests on one catalog fact: an error when the provider's own
/// documentation or a faithful secondary source says it, a warning when it is only observed.
pub fn severity_for(provider: &Provider, fact: Fact, strong: Severity) -> Severity {
    match provider.confidence(fact) {
        Some(Confidence::Confirmed | Confidence::Secondary) => strong,
        _ => Severity::Warning.min(strong),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::index::tests::parsed;
    use crate::source::SourceMap;

    thread_local! {
        pub(super) static BOUNCE_MIX_ASKED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    /// In one MX set of 2,000 hosts that mixes Google's with Amazon SES's bounce host (at the
    /// apex, where the bounce host is the stray one), SPF001 passes over SES for every one of
    /// its hosts: it asks whether SES is removed in the bounce mix once, not for each host
    /// (which read the whole set each time: 2.3 s for 40,000 hosts of several providers).
    #[test]
    fn a_large_mx_set_is_asked_about_each_provider_once() {
        let hosts = [
            "feedback-smtp.us-east-1.amazonses.com.",
            "aspmx.l.google.com.",
        ];
        let mut text: String = (0..2000)
            .map(|i| format!("@ MX {} {}\n", i % 50, hosts[i % hosts.len()]))
            .collect();
        text.push_str("@ TXT \"v=spf1 include:_spf.google.com ~all\"\n");
        let zones = vec![parsed("example.com.", &text)];
        let sources = SourceMap::default();
        let project = Project::new(&zones, &sources, Catalog::builtin(), 1);
        let rule = crate::rules::RULES
            .iter()
            .find(|r| r.code == "SPF001")
            .unwrap();
        BOUNCE_MIX_ASKED.set(0);
        let mut out = Vec::new();
        (rule.check.unwrap())(&project, &project.zones[0], &mut out);
        let asked = BOUNCE_MIX_ASKED.get();
        assert!((1..=hosts.len()).contains(&asked), "asked {asked} times");
    }

    /// Each host's "MX001 asks to remove it", kept when the set is classified: another
    /// operator's host that senders fall back to below Microsoft 365, not one tried before it,
    /// nor Microsoft 365's own hosts, nor any host of a set without such a provider.
    #[test]
    fn backups_to_remove_are_marked_when_the_set_is_classified() {
        let text = "@ MX 0 example-com.mail.protection.outlook.com.\n\
                    @ MX 10 mx.isp.example.net.\n\
                    @ MX 10 example-com.mail.protection.outlook.com.\n\
                    first MX 0 mx.isp.example.net.\n\
                    first MX 10 example-com.mail.protection.outlook.com.\n\
                    plain MX 10 mx1.isp.example.net.\n\
                    plain MX 20 mx2.isp.example.net.\n";
        let zones = vec![parsed("example.com.", text)];
        let sources = SourceMap::default();
        let project = Project::new(&zones, &sources, Catalog::builtin(), 1);
        let marks: Vec<Vec<(String, bool)>> = classified_sets(&project, &project.zones[0])
            .map(|(_, hosts)| {
                hosts
                    .iter()
                    .map(|h| (h.exchange().to_string(), h.is_backup_to_remove()))
                    .collect()
            })
            .collect();
        let outlook = "example-com.mail.protection.outlook.com.";
        assert_eq!(
            marks,
            [
                vec![
                    (outlook.to_string(), false),
                    ("mx.isp.example.net.".to_string(), true),
                    (outlook.to_string(), false),
                ],
                vec![
                    ("mx.isp.example.net.".to_string(), false),
                    (outlook.to_string(), false),
                ],
                vec![
                    ("mx1.isp.example.net.".to_string(), false),
                    ("mx2.isp.example.net.".to_string(), false),
                ],
            ]
        );
    }
}
