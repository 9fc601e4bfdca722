//! MAIL003: a domain that sends mail (DKIM keys under it) is an alias.

use rustc_hash::FxHashSet as HashSet;

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Lookup, Project, ZoneIndex};
use crate::model::{RData, RType, Record};
use crate::name::{Caseless, Name};
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "MAIL003",
    name: "mail-domain-alias",
    severity: Severity::Warning,
    summary: "A domain with DKIM keys is itself an alias (CNAME), so mail to it follows the alias",
    doc: include_str!("../../../rules/docs/MAIL003.md"),
    check: Some(check),
};

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    if !zone.has_type(RType::CNAME) {
        return;
    }
    // What shows a domain sends as itself: its DKIM keys. Not a DMARC policy, which a domain
    // that sends nothing publishes too.
    let keys = crate::rules::dkim::signing_evidence(zone);
    let mut seen: HashSet<Caseless<'_>> = HashSet::default();
    let mut found: Vec<(&Record, &Name, &Record)> = Vec::new();
    for (domain, evidence) in keys {
        // Looked up by its text, as most domains are no alias: a key of a large zone costs
        // one hash probe. A CNAME beside other records (an MX of its own) is ZONE009's error,
        // and a CNAME at the apex ZONE011's: the fix is said there.
        let mut alias_here = None;
        let mut beside_other = false;
        for r in zone.at_text(domain) {
            match (&r.rdata, r.rtype) {
                (RData::Target(canonical), RType::CNAME) => alias_here = Some((r, canonical)),
                _ if !crate::rules::zone::allowed_beside_cname(r.rtype) => beside_other = true,
                _ => {}
            }
        }
        let Some((cname, canonical)) = alias_here.filter(|_| !beside_other) else {
            continue;
        };
        if cname.owner == zone.zone.apex || !seen.insert(Caseless(domain)) {
            continue;
        }
        found.push((cname, canonical, evidence));
    }
    // In file order (the keys' TXT records were gathered before their CNAMEs).
    found.sort_by_key(|(cname, ..)| {
        let span = cname.entry_span();
        (span.file, span.start)
    });
    for (cname, canonical, evidence) in found {
        let domain = &cname.owner;
        // Mail servers that exist and serve another domain take the alias's mail: a warning.
        // Elsewhere the alias may be a send-only name (a transactional service's), whose
        // replies are not expected: info.
        let (destination, severity) = match mail_servers(project, zone, canonical) {
            Some(Some(exchange)) => (
                format!("the MX of `{canonical}` (`{exchange}`)"),
                Severity::Warning,
            ),
            Some(None) => (
                format!("`{canonical}`, which has no MX, so to its address"),
                Severity::Info,
            ),
            None => (format!("the MX of `{canonical}`"), Severity::Info),
        };
        out.push(
            Diagnostic::new(
                &RULE,
                cname.entry_span(),
                format!(
                    "`{domain}` is an alias (CNAME to `{canonical}`), but the DKIM key `{}` shows mail sent from addresses @{}: mail to them follows the alias to {destination}",
                    evidence.owner,
                    domain.as_str().trim_end_matches('.'),
                ),
            )
            .with_severity(severity)
            .with_label(evidence.entry_span(), format!("DKIM key for `{domain}`"))
            .with_help(format!(
                "a name with a CNAME has no MX or other records of its own (RFC 1034 §3.6.2, RFC \
                 2181 §10.1), so replies, bounces and reports to `{domain}` reach whatever \
                 receives `{canonical}`'s mail; give `{domain}` its own MX (and address) records \
                 in place of the CNAME, or make sure those servers accept mail for it"
            )),
        );
    }
}

/// Where mail to `target` goes, as far as the linted zones say: None when no linted zone
/// answers for it (or for a name its CNAMEs lead to), Some(None) when one does and it has no
/// MX, else the first exchange. Senders follow the target's own CNAMEs (RFC 5321 §5.1), up to
/// a few, and a wildcard MX answers for a name that does not exist.
fn mail_servers<'a>(
    project: &Project<'a>,
    zone: &ZoneIndex<'_>,
    target: &Name,
) -> Option<Option<&'a Name>> {
    const MAX_ALIASES: usize = 8;
    let mut name = target;
    for _ in 0..=MAX_ALIASES {
        let target_zone = project.zone_for(name, zone)?;
        if !target_zone.zone.shows_all_at(name) {
            return None;
        }
        let records = match target_zone.lookup(name) {
            Lookup::Found(records) | Lookup::Wildcard(records) => records,
            Lookup::Delegated => return None,
            Lookup::EmptyNonTerminal | Lookup::NxDomain => return Some(None),
        };
        if let Some((_, canonical)) = crate::rules::zone::targets::alias(&records) {
            name = canonical;
            continue;
        }
        let exchange = records
            .iter()
            .filter_map(|r| match &r.rdata {
                RData::Mx {
                    preference,
                    exchange,
                } if r.rtype == RType::MX => Some((*preference, exchange)),
                _ => None,
            })
            .min_by_key(|(preference, _)| *preference)
            .map(|(_, exchange)| exchange);
        return Some(exchange);
    }
    // A chain longer than that, or a loop (ZONE041's): nothing to say of where mail goes.
    None
}
