//! SPF004: evaluating the SPF record takes more than ten DNS lookups; receivers return
//! permerror (RFC 7208 §4.6.4).

use crate::catalog::Confidence;
use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::{RData, RType, Record};
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::spf::{Mechanism, Spf, Term, looked_up_name, single_spf, spf_records, term_span};
use crate::source::Span;

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
    /// The first include or redirect loop met: the domains from the one repeated to itself
    /// again, the record that closes the loop and its term that does.
    pub include_loop: Option<(Vec<String>, Span, String)>,
}

/// The domains whose records are being evaluated, from the record checked down to the one
/// whose terms are read now, each with its record's RDATA: an include of one of them is a loop.
type Path = Vec<(String, Span)>;

/// How deep includes are followed: every level costs at least one lookup, so a chain deeper
/// than the limit is over it whatever lies below, and receivers stop there. Without a bound a
/// chain of includes through a zone's own names (one per name, 30,000 names) overflowed the
/// stack, and counting from each of its records took time quadratic in its length.
const MAX_DEPTH: usize = LIMIT as usize + 1;

/// Lookups counted before includes stop being followed (see [`count_lookups`]).
const FOLLOW_UNTIL: u32 = 5 * LIMIT;

/// Count the lookups of `terms`, following includes and redirects into the linted zones and
/// the catalog, at most [`MAX_DEPTH`] deep (deeper, the count is a lower bound: `unknown`
/// says so). A domain reached twice through different includes is counted twice, as receivers
/// evaluate it twice; one already on `path` is an include loop, noted in `count` (receivers go
/// round it until the limit). Past [`FOLLOW_UNTIL`] lookups nothing more is followed: the
/// record is far over the limit, and includes that fan out could otherwise be followed a
/// number of times exponential in their depth.
pub fn count_lookups(
    project: &Project<'_>,
    from: &ZoneIndex<'_>,
    terms: &[Term<'_>],
    path: &mut Path,
    count: &mut LookupCount,
    depth: usize,
) {
    let top = depth == 0;
    let has_all = terms.iter().any(|t| t.mechanism() == Some(Mechanism::All));
    for term in terms {
        // `all` always matches: receivers evaluate nothing after it (SPF012 says so).
        if term.mechanism() == Some(Mechanism::All) {
            break;
        }
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
        if follows && depth < MAX_DEPTH && count.firm + count.observed <= FOLLOW_UNTIL {
            follow(project, from, term, path, count, depth);
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
    path: &mut Path,
    count: &mut LookupCount,
    depth: usize,
) {
    let Some(domain) = term.literal_domain() else {
        count.unknown.push(term.text().to_string());
        return;
    };
    let lower = domain.trim_end_matches('.').to_ascii_lowercase();
    if let Some(at) = path.iter().position(|(on_path, _)| *on_path == lower) {
        if count.include_loop.is_none() {
            let domains = path[at..]
                .iter()
                .map(|(domain, _)| domain.clone())
                .chain(std::iter::once(lower))
                .collect();
            let closing = path.last().map_or(path[at].1, |(_, span)| *span);
            count.include_loop = Some((domains, closing, term.text().to_string()));
        }
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
    path.push((lower, spf.record.rdata_span()));
    count_lookups(project, zone, &terms, path, count, depth + 1);
    path.pop();
}

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for spf in single_spf(zone) {
        let terms = spf.parse();
        // A record that does not parse is a permerror already (SPF003).
        if !terms.errors.is_empty() {
            continue;
        }
        too_many_mx_names(project, zone, spf, &terms.terms, out);
        let mut count = LookupCount::default();
        let owner = spf
            .record
            .owner
            .as_str()
            .trim_end_matches('.')
            .to_ascii_lowercase();
        let mut path = vec![(owner, spf.record.rdata_span())];
        count_lookups(project, zone, &terms.terms, &mut path, &mut count, 0);
        if let Some((domains, closing, closing_term)) = &count.include_loop {
            out.push(loop_finding(spf.record, domains, *closing, closing_term));
            continue;
        }
        let total = count.firm + count.observed;
        if total == LIMIT && !count.unknown.is_empty() {
            out.push(at_the_limit(spf.record, &count));
            continue;
        }
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

/// An SPF record that takes ten lookups, the limit, before the lookups inside includes whose
/// records zonelint cannot see (`include:_spf.salesforce.com`): one lookup in any of them and
/// receivers return permerror. A warning, as the record may still pass.
fn at_the_limit(record: &Record, count: &LookupCount) -> Diagnostic {
    let unknown = count
        .unknown
        .iter()
        .map(|term| format!("`{term}`"))
        .collect::<Vec<_>>()
        .join(", ");
    Diagnostic::new(
        &RULE,
        record.rdata_span(),
        format!(
            "the SPF record of `{}` takes {LIMIT} DNS lookups, the limit, not counting those of {unknown}, which zonelint cannot see",
            record.owner
        ),
    )
    .with_severity(Severity::Warning)
    .with_help(format!(
        "The records of {unknown} are outside the linted zones and the catalog: if one of them makes a \
         lookup of its own (an `include:`, `a`, `mx`), the count passes ten and receivers stop with \
         permerror (RFC 7208 §4.6.4). Check them, or make room: replace includes of your own hosts by \
         `ip4:`/`ip6:`, drop senders no longer used, or move a sending service to a subdomain."
    ))
}

/// An SPF record whose evaluation goes round an include or redirect loop (`domains`, from the
/// domain repeated to itself again; `closing` the RDATA of the record that repeats it, with
/// `closing_term`).
fn loop_finding(
    record: &Record,
    domains: &[String],
    closing: Span,
    closing_term: &str,
) -> Diagnostic {
    let owner = &record.owner;
    let chain = domains
        .iter()
        .map(|domain| format!("`{domain}`"))
        .collect::<Vec<_>>()
        .join(" → ");
    let message = if domains.len() == 2 {
        format!(
            "the SPF record of `{owner}` reaches an include loop: `{}` leads back to itself (`{closing_term}`)",
            domains[0]
        )
    } else {
        format!("the SPF record of `{owner}` reaches an include loop: {chain}")
    };
    let mut diagnostic = Diagnostic::new(&RULE, record.rdata_span(), message).with_help(
        "Receivers follow the loop until the limit of ten lookups (RFC 7208 §4.6.4) and return \
         permerror: mail that reaches the looping term fails SPF, and a DMARC policy then \
         quarantines or rejects it. Remove the include that leads back, or list the hosts with \
         `ip4:`/`ip6:`.",
    );
    if closing != record.rdata_span() {
        diagnostic = diagnostic.with_label(closing, format!("`{closing_term}` here leads back"));
    }
    diagnostic
}

/// An `mx` term whose name has more than ten MX records: receivers look up at most ten of
/// their names and otherwise return permerror (RFC 7208 §4.6.4: "the evaluation of each "MX"
/// record MUST NOT result in querying more than 10 address records", read as ten MX names:
/// blitiri.com.ar/go/spf, which maddy uses, fails with "too many MX records").
fn too_many_mx_names(
    project: &Project<'_>,
    zone: &ZoneIndex<'_>,
    spf: &Spf<'_>,
    terms: &[Term<'_>],
    out: &mut Vec<Diagnostic>,
) {
    for term in terms {
        // Nothing after `all` is evaluated.
        if term.mechanism() == Some(Mechanism::All) {
            break;
        }
        let (Some(Mechanism::Mx), Term::Directive { text, .. }) = (term.mechanism(), term) else {
            continue;
        };
        let Some(name) = looked_up_name(spf, term) else {
            continue;
        };
        let Some(target) = project.zone_for(&name, zone) else {
            continue;
        };
        // Distinct exchanges: a record written twice is served once.
        let mut exchanges: Vec<&Name> = target
            .at(&name)
            .filter_map(|r| match &r.rdata {
                RData::Mx { exchange, .. } if r.rtype == RType::MX => Some(exchange),
                _ => None,
            })
            .collect();
        exchanges.sort();
        exchanges.dedup();
        let names = exchanges.len();
        if names <= LIMIT as usize {
            continue;
        }
        out.push(
            Diagnostic::new(
                &RULE,
                term_span(project, spf, text),
                format!(
                    "`{text}` looks up `{name}`, which has {names} MX records: receivers look up the addresses of at most {LIMIT} MX names and return permerror beyond"
                ),
            )
            .with_help(
                "RFC 7208 §4.6.4 limits the address lookups of one `mx` term to ten MX names; \
                 receivers then fail SPF for every message whose check reaches the term \
                 (\"too many MX records\"). List the sending hosts with `ip4:`/`ip6:` (or `a:` \
                 terms) instead of `mx`, or publish ten MX records at most.",
            ),
        );
    }
}
