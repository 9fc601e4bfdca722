//! SPF004: evaluating the SPF record takes more than ten DNS lookups; receivers return
//! permerror (RFC 7208 §4.6.4).

use std::collections::HashSet;

use crate::catalog::Confidence;
use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::spf::{Mechanism, Term, single_spf, spf_records};

pub static RULE: Rule = Rule {
    code: "SPF004",
    name: "spf-too-many-lookups",
    severity: Severity::Error,
    summary: "Evaluating the SPF record takes more than 10 DNS lookups, so SPF fails with permerror",
    doc: include_str!("../../../rules/docs/SPF004.md"),
    check: Some(check),
};

/// RFC 7208 §4.6.4.
const LIMIT: u32 = 10;

/// What a record's evaluation costs, as far as zonelint can know.
#[derive(Default)]
pub struct LookupCount {
    /// Lookups counted from the record, the linted zones, and catalog costs backed by the
    /// provider or a faithful secondary source.
    pub firm: u32,
    /// Lookups from catalog costs that are only observed or unconfirmed.
    pub observed: u32,
    /// Included domains whose cost is unknown (outside the linted zones, not in the catalog,
    /// or written with macros): each counted as its one lookup only.
    pub unknown: Vec<String>,
    /// How each lookup arose, for the help: (term, lookups).
    pub parts: Vec<(String, u32)>,
}

/// How deep includes are followed: every level costs at least one lookup, so a chain deeper
/// than the limit is over it whatever lies below, and receivers stop there. Without a bound a
/// chain of includes through a zone's own names (one per name, 30,000 names) overflowed the
/// stack, and counting from each of its records took time quadratic in its length.
const MAX_DEPTH: usize = LIMIT as usize + 1;

/// Count the lookups of `terms`, following includes and redirects into the linted zones and
/// the catalog, at most [`MAX_DEPTH`] deep (deeper, the count is a lower bound: `unknown`
/// says so). `seen` stops include loops (which receivers end with the same limit).
pub fn count_lookups(
    project: &Project<'_>,
    from: &ZoneIndex<'_>,
    terms: &[Term<'_>],
    seen: &mut HashSet<String>,
    count: &mut LookupCount,
    depth: usize,
) {
    let top = depth == 0;
    let has_all = terms.iter().any(|t| t.mechanism() == Some(Mechanism::All));
    for term in terms {
        let follows = match term {
            Term::Directive { mechanism, .. } if mechanism.queries_dns() => {
                *mechanism == Mechanism::Include
            }
            // redirect is not evaluated when the record has `all` (RFC 7208 §6.1).
            Term::Modifier { .. } if term.is_redirect() && !has_all => true,
            _ => continue,
        };
        count.firm += 1;
        let before = count.firm + count.observed;
        if follows && depth < MAX_DEPTH {
            follow(project, from, term, seen, count, depth);
        } else if follows {
            count.unknown.push(term.text().to_string());
        }
        if top {
            let cost = count.firm + count.observed - before + 1;
            count.parts.push((term.text().to_string(), cost));
        }
    }
}

fn follow(
    project: &Project<'_>,
    from: &ZoneIndex<'_>,
    term: &Term<'_>,
    seen: &mut HashSet<String>,
    count: &mut LookupCount,
    depth: usize,
) {
    let Some(domain) = term.literal_domain() else {
        count.unknown.push(term.text().to_string());
        return;
    };
    let lower = domain.trim_end_matches('.').to_ascii_lowercase();
    if !seen.insert(lower.clone()) {
        return;
    }
    if let Some(cost) = project.catalog.spf_include_cost(&lower) {
        if cost.confidence() >= Confidence::Secondary {
            count.firm += cost.lookups;
        } else {
            count.observed += cost.lookups;
        }
        return;
    }
    let inside = Name::from_ascii_dotted(&lower)
        .ok()
        .and_then(|name| Some((project.zone_for(&name, from)?, name)));
    let Some((zone, name)) = inside else {
        count.unknown.push(lower);
        return;
    };
    let records = spf_records(zone, &name);
    // No record or several: a permerror of its own (SPF009, SPF002), not a cost.
    let [spf] = records else {
        return;
    };
    let terms = spf.parse().terms;
    count_lookups(project, zone, &terms, seen, count, depth + 1);
}

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for spf in single_spf(zone) {
        let terms = spf.parse();
        // A record that does not parse is a permerror already (SPF003).
        if !terms.errors.is_empty() {
            continue;
        }
        let mut count = LookupCount::default();
        let mut seen = HashSet::new();
        seen.insert(
            spf.record
                .owner
                .as_str()
                .trim_end_matches('.')
                .to_ascii_lowercase(),
        );
        count_lookups(project, zone, &terms.terms, &mut seen, &mut count, 0);
        let total = count.firm + count.observed;
        if total <= LIMIT {
            continue;
        }
        let severity = if count.firm > LIMIT {
            Severity::Error
        } else {
            Severity::Warning
        };
        let at_least = if count.unknown.is_empty() {
            ""
        } else {
            "at least "
        };
        let breakdown = count
            .parts
            .iter()
            .map(|(term, cost)| format!("`{term}` {cost}"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut help = format!(
            "Counted: {breakdown}. Over ten lookups, receivers stop with permerror (RFC 7208 §4.6.4) and \
             the domain's mail fails SPF. Replace includes of your own hosts by `ip4:`/`ip6:`, drop \
             senders no longer used, or move a sending service to a subdomain with its own record."
        );
        if severity == Severity::Warning {
            help.push_str(
                " Some of these costs are only observed in public DNS, not published by the provider: \
                 check the current records before relying on the count.",
            );
        }
        out.push(
            Diagnostic::new(
                &RULE,
                spf.record.rdata_span(),
                format!(
                    "the SPF record of `{}` takes {at_least}{total} DNS lookups; the limit is {LIMIT}",
                    spf.record.owner
                ),
            )
            .with_severity(severity)
            .with_help(help),
        );
    }
}
