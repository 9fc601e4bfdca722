//! SPF009: a term that looks up a name the linted zones do not have: an include or redirect
//! of a name without an SPF record is a permerror (RFC 7208 §5.2, §6.1); `a`, `mx` and
//! `exists` of a missing name are void lookups (§4.6.4).

use std::borrow::Cow;

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Lookup, OwnerRecords, Project, ZoneIndex};
use crate::model::RType;
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::spf::{Mechanism, Term, read_spf, single_spf, term_span};

pub static RULE: Rule = Rule {
    code: "SPF009",
    name: "spf-void-lookup",
    severity: Severity::Warning,
    summary: "An SPF term looks up a name of the linted zones that has no such record (an include without SPF is a permerror)",
    doc: include_str!("../../../rules/docs/SPF009.md"),
    check: Some(check),
};

/// What the term needs at its name.
#[derive(Clone, Copy, PartialEq)]
enum Needs {
    Spf,
    Address,
    Mx,
}

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for spf in single_spf(zone) {
        let terms = spf.parse();
        if !terms.errors.is_empty() {
            continue;
        }
        let has_all = terms
            .terms
            .iter()
            .any(|t| t.mechanism() == Some(Mechanism::All));
        for term in &terms.terms {
            let needs = match term {
                Term::Directive { mechanism, .. } => match mechanism {
                    Mechanism::Include => Needs::Spf,
                    Mechanism::A | Mechanism::Exists => Needs::Address,
                    Mechanism::Mx => Needs::Mx,
                    _ => continue,
                },
                _ if term.is_redirect() && !has_all => Needs::Spf,
                _ => continue,
            };
            // `a` and `mx` without a domain look up the record's own name, which is not copied.
            let name = match term {
                Term::Directive {
                    domain: None,
                    mechanism: Mechanism::A | Mechanism::Mx,
                    ..
                } => Cow::Borrowed(&spf.record.owner),
                _ => {
                    let Some(domain) = term.literal_domain() else {
                        continue;
                    };
                    let Ok(name) = Name::from_ascii_dotted(domain.trim_end_matches('.')) else {
                        continue;
                    };
                    Cow::Owned(name)
                }
            };
            let Some(target_zone) = project.zone_for(&name, zone) else {
                continue;
            };
            if !target_zone.zone.complete {
                continue;
            }
            let records = match target_zone.lookup(&name) {
                Lookup::Found(records) | Lookup::Wildcard(records) => records,
                Lookup::Delegated => continue,
                Lookup::EmptyNonTerminal | Lookup::NxDomain => OwnerRecords::Run(&[]),
            };
            // An alias is followed by resolvers; whether it leads anywhere is another zone's matter.
            if records.iter().any(|r| r.rtype == RType::CNAME) {
                continue;
            }
            let present = records.iter().any(|r| match needs {
                Needs::Spf => r.rtype == RType::TXT && read_spf(r).is_some(),
                Needs::Address => crate::rules::zone::targets::has_address([r]),
                Needs::Mx => r.rtype == RType::MX,
            });
            if present {
                continue;
            }
            let span = term_span(project, spf, term.text());
            let owner = &spf.record.owner;
            let diagnostic = match needs {
                Needs::Spf => Diagnostic::new(
                    &RULE,
                    span,
                    format!(
                        "`{}` in the SPF record of `{owner}` names `{name}`, which has no SPF record",
                        term.text()
                    ),
                )
                .with_severity(Severity::Error)
                .with_help(
                    "RFC 7208 §5.2 and §6.1: an include or redirect of a name without an SPF record is a \
                     permerror, and SPF fails for all of the domain's mail. Publish a `v=spf1` TXT \
                     record there, or remove the term.",
                ),
                Needs::Address | Needs::Mx => {
                    let what = if needs == Needs::Mx { "MX" } else { "A or AAAA" };
                    Diagnostic::new(
                        &RULE,
                        span,
                        format!(
                            "`{}` in the SPF record of `{owner}` looks up `{name}`, which has no {what} record",
                            term.text()
                        ),
                    )
                    .with_help(
                        "The term matches nothing and costs a lookup; RFC 7208 §4.6.4 lets receivers \
                         fail with permerror after two such void lookups. Remove the term or point it \
                         at the sending host.",
                    )
                }
            };
            out.push(diagnostic);
        }
    }
}
