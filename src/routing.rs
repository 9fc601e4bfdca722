//! How mail for each name is routed: the MX sets as senders see them, with the provider of each
//! host, what the name publishes about its own mail (SPF, DMARC, DKIM) and the findings on all
//! of those records. The data behind `zonelint mx`; `report::mx` renders it.

use crate::catalog::{Catalog, Provider};
use crate::diagnostic::Diagnostic;
use crate::index::ZoneIndex;
use crate::model::{RData, RType, Record, Zone};
use crate::name::Name;
use crate::rules::dmarc::{dmarc_cname, looks_like_dmarc};
use crate::rules::mx::{Mx, collect_mx_sets, exchange_span};
use crate::rules::spf::spf_records;
use crate::rules::tags::{printable_text, txt_text};
use crate::source::Span;

/// One host of a set.
pub struct RoutedHost<'a> {
    pub preference: u16,
    pub exchange: Name,
    pub provider: Option<&'a Provider>,
    /// The exchange as written (or the record, for generic RDATA).
    pub span: Span,
}

/// The MX set at one name.
pub struct RoutingSet<'a> {
    pub owner: Name,
    /// The first MX record of the set.
    pub span: Span,
    /// A null MX (`0 .`) is in the set: the name says it accepts no mail.
    pub null_mx: bool,
    /// Most preferred first, file order among equals: the order senders try them.
    pub hosts: Vec<RoutedHost<'a>>,
    /// What the name publishes about the mail it sends.
    pub auth: MailAuth,
    /// Indices into the diagnostics whose primary span or a label lies on the set's records
    /// or on the SPF, DMARC and DKIM records shown with it.
    pub findings: Vec<usize>,
}

/// The DKIM selectors of a zone by the domain they sign for, read in one pass.
type DkimSelectors = rustc_hash::FxHashMap<Name, Vec<(String, RType, Span)>>;

fn dkim_selectors(zone: &Zone) -> DkimSelectors {
    let mut selectors = DkimSelectors::default();
    for record in &zone.records {
        if !matches!(record.rtype, RType::TXT | RType::CNAME) {
            continue;
        }
        let Some(domainkey) = record.owner.parent() else {
            continue;
        };
        // `_adsp._domainkey` is the retired ADSP policy (RFC 5617, historic), not a key.
        if !domainkey.first_label().eq_ignore_ascii_case("_domainkey")
            || record.owner.first_label().eq_ignore_ascii_case("_adsp")
        {
            continue;
        }
        let Some(domain) = domainkey.parent() else {
            continue;
        };
        let selector = printable_text(record.owner.first_label().as_bytes());
        selectors
            .entry(domain)
            .or_default()
            .push((selector, record.rtype, record.entry_span()));
    }
    selectors
}

/// A record shown in the view: its text (printable ASCII only) and where it is.
pub struct ShownRecord {
    pub owner: Name,
    pub text: String,
    pub span: Span,
}

/// SPF, DMARC and DKIM of one name, as published in its zone.
#[derive(Default)]
pub struct MailAuth {
    /// Every SPF record at the name (more than one is SPF002's finding).
    pub spf: Vec<ShownRecord>,
    /// The DMARC record that applies: at `_dmarc.<name>`, or else the zone apex's.
    pub dmarc: Option<ShownRecord>,
    /// True when `dmarc` is the apex's record, applied to a name below it (its `sp=`).
    pub dmarc_inherited: bool,
    /// A CNAME at `_dmarc.<name>` (a DMARC service hosting the policy), when there is no DMARC
    /// TXT there: its text is the target. Receivers follow it; its record is the target's.
    pub dmarc_cname: Option<ShownRecord>,
    /// DKIM selectors at `<selector>._domainkey.<name>`: the selector and the record's type.
    pub dkim: Vec<(String, RType, Span)>,
}

impl MailAuth {
    fn read(zone: &ZoneIndex<'_>, owner: &Name, selectors: &DkimSelectors) -> MailAuth {
        let shown = |record: &Record, text: String| ShownRecord {
            owner: record.owner.clone(),
            text,
            span: record.entry_span(),
        };
        let spf = spf_records(zone, owner)
            .iter()
            .map(|spf| shown(spf.record, spf.text.clone()))
            .collect();
        let dmarc_at = |name: &Name| {
            let dmarc = Name::from_ascii("_dmarc").ok()?.prepend_to(name).ok()?;
            zone.at(&dmarc).find_map(|record| {
                let text = txt_text(record).filter(|t| looks_like_dmarc(t))?;
                Some(shown(record, text))
            })
        };
        let mut dmarc = dmarc_at(owner);
        // `_dmarc CNAME <a DMARC service>`: the policy is the target's, which the name has as
        // its own (the apex's does not apply to it).
        let dmarc_cname = dmarc
            .is_none()
            .then(|| dmarc_cname(zone, owner))
            .flatten()
            .and_then(|record| match &record.rdata {
                RData::Target(target) => Some(shown(record, target.to_string())),
                _ => None,
            });
        let mut dmarc_inherited = false;
        if dmarc.is_none() && dmarc_cname.is_none() && *owner != zone.zone.apex {
            dmarc = dmarc_at(&zone.zone.apex);
            dmarc_inherited = dmarc.is_some();
        }
        let dkim = selectors.get(owner).cloned().unwrap_or_default();
        MailAuth {
            spf,
            dmarc,
            dmarc_inherited,
            dmarc_cname,
            dkim,
        }
    }

    /// The spans of every record shown, for the findings on them.
    fn spans(&self) -> impl Iterator<Item = Span> + '_ {
        self.spf
            .iter()
            .map(|r| r.span)
            // An inherited record's findings belong to the apex's own set.
            .chain(
                self.dmarc
                    .iter()
                    .filter(|_| !self.dmarc_inherited)
                    .chain(&self.dmarc_cname)
                    .map(|r| r.span),
            )
            .chain(self.dkim.iter().map(|(_, _, span)| *span))
    }
}

impl RoutingSet<'_> {
    /// What a sender does, in a sentence or two.
    pub fn fallback(&self) -> String {
        if self.hosts.is_empty() {
            return "Null MX: senders give up at once and bounce mail for this name (RFC 7505)."
                .into();
        }
        let mut groups: Vec<Vec<&RoutedHost<'_>>> = Vec::new();
        // A host listed again at a later preference is no other host to try.
        let mut repeats: Vec<&RoutedHost<'_>> = Vec::new();
        // The hosts already in a group (a set: a name may have thousands).
        let mut grouped: std::collections::HashSet<&Name> = std::collections::HashSet::new();
        for host in &self.hosts {
            if !grouped.insert(&host.exchange) {
                repeats.push(host);
                continue;
            }
            match groups.last_mut() {
                Some(group) if group[0].preference == host.preference => group.push(host),
                _ => groups.push(vec![host]),
            }
        }
        let list = |group: &[&RoutedHost<'_>]| {
            group
                .iter()
                .map(|h| {
                    format!(
                        "`{}` ({})",
                        h.exchange,
                        h.provider.map_or("unknown operator", |p| p.name.as_str())
                    )
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut sentences = Vec::new();
        if self.null_mx {
            sentences.push("A null MX says this name accepts no mail, yet other hosts are listed: some senders bounce at once, others deliver.".to_string());
        }
        let first = &groups[0];
        if first.len() == 1 {
            sentences.push(format!("Senders deliver to {} first.", list(first)));
        } else {
            sentences.push(format!(
                "Senders pick at random among {} (same preference).",
                list(first)
            ));
        }
        for pair in groups.windows(2) {
            let subject = if pair[0].len() == 1 {
                "it does not answer"
            } else {
                "none of them answers"
            };
            sentences.push(format!(
                "When {subject} at once, they try {}.",
                list(&pair[1])
            ));
        }
        for repeat in repeats {
            sentences.push(format!(
                "`{}` is listed again at preference {}, which adds no other host.",
                repeat.exchange, repeat.preference
            ));
        }
        let last = if groups.len() == 1 && first.len() == 1 {
            "When it does not answer, there is no other host: senders queue the mail and retry it for up to a few days."
        } else {
            "When no host answers, senders queue the mail and retry it for up to a few days."
        };
        sentences.push(last.into());
        sentences.join(" ")
    }
}

/// Every MX set of the zones, by zone then owner, in file order.
pub fn mx_routing<'a>(
    zones: &[Zone],
    catalog: &'a Catalog,
    diagnostics: &[Diagnostic],
) -> Vec<RoutingSet<'a>> {
    let findings = FindingsBySpan::new(diagnostics);
    let mut sets = Vec::new();
    for (position, zone) in zones.iter().enumerate() {
        // A finding of another zone that shares this zone's file is not this zone's.
        let ours = |&i: &usize| diagnostics[i].zone.is_none_or(|z| z as usize == position);
        let index = ZoneIndex::new(zone);
        let selectors = dkim_selectors(zone);
        for set in collect_mx_sets(zone, &zone.records) {
            let auth = MailAuth::read(&index, set.owner, &selectors);
            let mut routed = RoutingSet {
                owner: set.owner.clone(),
                span: set.hosts[0].record.entry_span(),
                null_mx: set.hosts.iter().any(Mx::is_null),
                hosts: Vec::new(),
                findings: auth
                    .spans()
                    .flat_map(|span| findings.within(span))
                    .filter(ours)
                    .collect(),
                auth,
            };
            // A TXT record at the name that SPF rules judge without reading it as SPF (a
            // misspelt `v=spfv1`, a record split in two): "SPF: none" above, and why here.
            for record in index.at(set.owner).filter(|r| r.rtype == RType::TXT) {
                routed.findings.extend(
                    findings
                        .within(record.entry_span())
                        .filter(ours)
                        .filter(|&i| diagnostics[i].rule.family() == "SPF"),
                );
            }
            for mx in &set.hosts {
                routed
                    .findings
                    .extend(findings.within(mx.record.entry_span()).filter(ours));
                if !mx.is_null() {
                    routed.hosts.push(RoutedHost {
                        preference: mx.preference,
                        exchange: mx.exchange.clone(),
                        provider: catalog.provider_for(mx.exchange),
                        span: exchange_span(mx),
                    });
                }
            }
            // A stable sort keeps file order among equal preferences.
            routed.hosts.sort_by_key(|h| h.preference);
            routed.findings.sort_unstable();
            routed.findings.dedup();
            sets.push(routed);
        }
    }
    sets
}

/// Every span of every diagnostic (primary and labels), sorted by file and start, so the
/// findings on one record are found by a binary search instead of a scan.
struct FindingsBySpan {
    spans: Vec<(Span, usize)>,
}

impl FindingsBySpan {
    fn new(diagnostics: &[Diagnostic]) -> Self {
        let mut spans: Vec<(Span, usize)> = diagnostics
            .iter()
            .enumerate()
            .flat_map(|(i, d)| {
                std::iter::once((d.span, i)).chain(d.labels.iter().map(move |l| (l.span, i)))
            })
            .collect();
        spans.sort_unstable_by_key(|(span, _)| (span.file, span.start));
        FindingsBySpan { spans }
    }

    /// The diagnostics with a span inside `entry`.
    fn within(&self, entry: Span) -> impl Iterator<Item = usize> + '_ {
        let first = self
            .spans
            .partition_point(|(span, _)| (span.file, span.start) < (entry.file, entry.start));
        self.spans[first..]
            .iter()
            .take_while(move |(span, _)| span.file == entry.file && span.start <= entry.end)
            .filter(move |(span, _)| span.end <= entry.end)
            .map(|&(_, i)| i)
    }
}
