//! MX020: a wildcard MX does not apply to the names below it that exist.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::{RType, Record};
use crate::name::{Caseless, Name};
use crate::rules::Rule;
use crate::rules::mx::all_mx;

pub static RULE: Rule = Rule {
    code: "MX020",
    name: "wildcard-mx-skips-hosts",
    severity: Severity::Info,
    summary: "A wildcard MX does not apply to host names below it that have records",
    doc: include_str!("../../../rules/docs/MX020.md"),
    check: Some(check),
};

/// Hosts named as examples in a finding; the count says how many there are.
const SHOWN: usize = 3;

fn check(_project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    // Each wildcard MX owner's parent (`example.com.` for `*.example.com.`), with the first
    // MX record there. Few zones have one: most end here without reading an address record.
    let mut wildcards: Vec<(&str, &Record)> = Vec::new();
    let mut parents: HashMap<Caseless<'_>, usize> = HashMap::default();
    for mx in all_mx(zone) {
        let owner = &mx.record.owner;
        if owner.first_label() != "*" || mx.is_null() {
            continue;
        }
        let parent = &owner.as_str()[2..];
        if let std::collections::hash_map::Entry::Vacant(slot) = parents.entry(Caseless(parent)) {
            slot.insert(wildcards.len());
            wildcards.push((parent, mx.record));
        }
    }
    if wildcards.is_empty() {
        return;
    }
    // The hosts below each wildcard's parent: names with an address of their own, which the
    // wildcard does not cover (RFC 4592 §2.2.1), and no MX.
    let mut hosts: Vec<Vec<&Record>> = vec![Vec::new(); wildcards.len()];
    // Mail servers take their own mail at their address, and name servers are hosts no one
    // mails (`ns1`, `ns2`: noise in every zone with a wildcard MX): not reported.
    let name_servers = zone
        .of_type(RType::NS)
        .filter_map(|record| match &record.rdata {
            crate::model::RData::Target(target) => Some(Caseless(target.as_str())),
            _ => None,
        });
    let mut seen: HashSet<Caseless<'_>> = all_mx(zone)
        .map(|mx| Caseless(mx.exchange.as_str()))
        .chain(name_servers)
        .collect();
    for record in zone.of_either_type(RType::A, RType::AAAA) {
        let owner = &record.owner;
        if !seen.insert(Caseless(owner.as_str())) || !is_host_name(owner) {
            continue;
        }
        // The closest wildcard parent strictly above the owner: a deeper wildcard answers for
        // the names below it.
        let Some(&wildcard) = owner
            .suffixes()
            .skip(1)
            .find_map(|suffix| parents.get(&Caseless(suffix)))
        else {
            continue;
        };
        // A name below a delegation is another zone's (glue); one with an MX has its own.
        if zone.cut_above(owner).is_some() || zone.at(owner).any(|r| r.rtype == RType::MX) {
            continue;
        }
        hosts[wildcard].push(record);
    }
    report_mail_domains_made_to_exist(zone, &wildcards, &parents, out);
    for ((parent, mx), hosts) in wildcards.iter().zip(hosts) {
        if hosts.is_empty() {
            continue;
        }
        let count = hosts.len();
        let shown: Vec<String> = hosts
            .iter()
            .take(SHOWN)
            .map(|host| format!("`{}`", host.owner))
            .collect();
        let names = match count {
            1 => shown[0].clone(),
            _ if count <= SHOWN => {
                format!("{} and {}", shown[..count - 1].join(", "), shown[count - 1])
            }
            _ => format!("{count} names ({} and more)", shown.join(", ")),
        };
        let mut diagnostic = Diagnostic::new(
            &RULE,
            mx.entry_span(),
            format!(
                "the wildcard MX at `*.{parent}` does not apply to {names}, which {} records of {} own",
                if count == 1 { "has" } else { "have" },
                if count == 1 { "its" } else { "their" },
            ),
        )
        .with_help(
            "a wildcard answers only for names that do not exist (RFC 1912 §2.7, RFC 4592): mail \
             to these hosts goes to their own address records, if anything there accepts it. \
             Give each host that should receive mail its own MX record",
        );
        for host in hosts.iter().take(SHOWN) {
            diagnostic = diagnostic.with_label(host.entry_span(), "has an address and no MX");
        }
        out.push(diagnostic);
    }
}

/// A name mail could be addressed to: no label starting with `_` (service and policy names)
/// and no wildcard.
fn is_host_name(name: &Name) -> bool {
    !name
        .labels()
        .any(|label| label.starts_with('_') || label == "*")
}

/// A mail domain below a wildcard MX that has no records of its own but mail records below it
/// (`sel._domainkey.foo`, `_dmarc.foo`): those make `foo` exist (an empty non-terminal, RFC
/// 4592 §2.2.2), so the wildcard, which answered for it before, does not any more. Mail to
/// `@foo` then finds no MX and no address and bounces (hMailServer issue #326: a per-subdomain
/// DKIM key "causing email and website to stop working").
fn report_mail_domains_made_to_exist(
    zone: &ZoneIndex<'_>,
    wildcards: &[(&str, &Record)],
    parents: &HashMap<Caseless<'_>, usize>,
    out: &mut Vec<Diagnostic>,
) {
    // Each candidate domain (no records of its own), with the wildcard that answered for it
    // and its mail records in file order; by domain, the candidate's index.
    let mut domains: Vec<(&str, usize, Vec<&Record>)> = Vec::new();
    let mut index: HashMap<Caseless<'_>, usize> = HashMap::default();
    let mut mail_records: Vec<(&Record, &str)> = zone
        .underscored_txt()
        .chain(zone.of_either_type(RType::CNAME, RType::NS))
        .filter(|record| !zone.is_delegated(record) || record.rtype == RType::NS)
        .filter_map(|record| Some((record, mail_domain_of(record)?)))
        .collect();
    mail_records.sort_by_key(|(record, _)| record.spans.entry().0);
    for (record, domain) in mail_records {
        if let Some(&at) = index.get(&Caseless(domain)) {
            domains[at].2.push(record);
            continue;
        }
        // A domain at or below a delegation is another zone's.
        let below_cut = zone
            .cut_above(&record.owner)
            .is_some_and(|cut| cut.len() <= domain.len());
        if below_cut || zone.at_text(domain).next().is_some() {
            continue;
        }
        // The wildcard that answered for `domain` before: the first wildcard above it, with
        // no name between them that has records of its own or a wildcard of its own (under
        // such a name this wildcard never applied).
        let wildcard = record
            .owner
            .suffixes()
            .skip_while(|suffix| suffix.len() > domain.len())
            .skip(1)
            .find_map(|suffix| match parents.get(&Caseless(suffix)) {
                Some(&wildcard) => Some(Some(wildcard)),
                None if zone.at_text(suffix).next().is_some()
                    || has_wildcard_child(zone, suffix) =>
                {
                    Some(None)
                }
                None => None,
            });
        if let Some(Some(wildcard)) = wildcard {
            index.insert(Caseless(domain), domains.len());
            domains.push((domain, wildcard, vec![record]));
        }
    }
    if domains.is_empty() {
        return;
    }
    // A domain, or a name between it and the wildcard, that other names below it made exist
    // already (`www.shop` beside `_dmarc.shop`) was never the wildcard's: kept only the
    // domains under whose path nothing but their own mail records lies.
    let existed_before = names_made_to_exist_by_others(zone, wildcards, &domains);
    domains.retain(|(domain, _, _)| !existed_before.contains(&Caseless(domain)));
    for (domain, wildcard, records) in domains {
        let (parent, mx) = wildcards[wildcard];
        let mut lost: Vec<String> = zone.at(&mx.owner).map(|r| r.rtype.to_string()).collect();
        lost.sort();
        lost.dedup();
        // Named in canonical order, so that a BIND file and its octoDNS twin say the same.
        let mut below: Vec<String> = records.iter().map(|r| r.owner.to_string()).collect();
        below.sort_by_key(|name| name.to_ascii_lowercase());
        below.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
        let count = below.len();
        let below = match count {
            1 => format!("`{}`", below[0]),
            _ => format!("`{}` and {} more", below[0], count - 1),
        };
        let mut diagnostic = Diagnostic::new(
            &RULE,
            records[0].entry_span(),
            format!(
                "`{domain}` has no MX and no address: it exists only because of the records \
                 below it ({below}), so the wildcard at `*.{parent}` no longer answers for it"
            ),
        )
        .with_severity(Severity::Warning)
        .with_label(
            mx.entry_span(),
            format!("answers only names that do not exist ({})", lost.join(", ")),
        )
        .with_help(format!(
            "a name with records below it exists (an empty non-terminal, RFC 4592 §2.2.2), and a \
             wildcard answers only for names that do not: mail to `@{domain}` now finds no MX \
             and no address and bounces. Give `{domain}` its own MX record (and the other \
             records the wildcard gave it)"
        ));
        for record in records.iter().skip(1).take(SHOWN) {
            diagnostic = diagnostic.with_label(record.entry_span(), "also below it");
        }
        out.push(diagnostic);
    }
}

/// The domain a mail policy or key record is for: `foo.example.com.` for
/// `sel._domainkey.foo.example.com.`, `default._bimi.foo.example.com.`,
/// `_dmarc.foo.example.com.`, `_mta-sts.foo.example.com.`, `_smtp._tls.foo.example.com.` and
/// a delegation of `_domainkey.foo.example.com.`; None for other records. A suffix of the
/// owner, read label by label (escaped dots stay inside their label).
fn mail_domain_of(record: &Record) -> Option<&str> {
    let owner = &record.owner;
    let mut labels = owner.labels();
    let first = labels.next()?;
    let second = labels.next().unwrap_or("");
    let is = |label: &str, want: &str| label.eq_ignore_ascii_case(want);
    let skip = if record.rtype == RType::NS {
        usize::from(is(first, "_domainkey"))
    } else if (is(second, "_domainkey") || is(second, "_bimi")) && !first.starts_with('_')
        || is(first, "_smtp") && is(second, "_tls")
    {
        2
    } else if ["_dmarc", "_mta-sts"].iter().any(|label| is(first, label)) {
        1
    } else {
        0
    };
    if skip == 0 {
        return None;
    }
    owner.suffixes().nth(skip).filter(|domain| *domain != ".")
}

/// Does the zone have a wildcard `*.<name>` (of any type)?
fn has_wildcard_child(zone: &ZoneIndex<'_>, name: &str) -> bool {
    let wildcard = if name == "." {
        "*.".to_string()
    } else {
        format!("*.{name}")
    };
    zone.at_text(&wildcard).next().is_some()
}

/// The candidate domains that existed before their mail records: a name on the path from the
/// domain up to (not including) its wildcard's parent has an owner below it that is not one
/// of the domain's mail records. One pass over the zone's owners, made only when there are
/// candidates (a wildcard MX and mail records below names without records).
fn names_made_to_exist_by_others<'z>(
    zone: &ZoneIndex<'z>,
    wildcards: &[(&str, &Record)],
    domains: &[(&'z str, usize, Vec<&'z Record>)],
) -> HashSet<Caseless<'z>> {
    // Each name on a candidate's path, with the candidates whose path it is on.
    let mut on_path: HashMap<Caseless<'_>, Vec<usize>> = HashMap::default();
    for (at, (domain, wildcard, records)) in domains.iter().enumerate() {
        let parent = wildcards[*wildcard].0;
        for suffix in records[0].owner.suffixes() {
            if suffix.len() < domain.len() && suffix.len() <= parent.len() {
                break;
            }
            if suffix.len() <= domain.len() {
                on_path.entry(Caseless(suffix)).or_default().push(at);
            }
        }
    }
    let own: HashSet<Caseless<'_>> = domains
        .iter()
        .flat_map(|(_, _, records)| records.iter().map(|r| Caseless(r.owner.as_str())))
        .collect();
    let mut existed: HashSet<Caseless<'_>> = HashSet::default();
    let mut seen: HashSet<Caseless<'_>> = HashSet::default();
    for record in &zone.zone.records {
        let owner = record.owner.as_str();
        if own.contains(&Caseless(owner)) || !seen.insert(Caseless(owner)) {
            continue;
        }
        for ancestor in record.owner.suffixes().skip(1) {
            if let Some(candidates) = on_path.get(&Caseless(ancestor)) {
                for &at in candidates {
                    // An ancestor of one of the domain's own mail records is no other name.
                    existed.insert(Caseless(domains[at].0));
                }
            }
        }
    }
    existed
}
