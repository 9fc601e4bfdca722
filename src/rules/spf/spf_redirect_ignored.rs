//! SPF007: `redirect=` beside an `all` term, which makes receivers ignore it (RFC 7208 §6.1).

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::rules::Rule;
use crate::rules::spf::{Mechanism, Qualifier, Term, spf_by_owner, term_span};

pub static RULE: Rule = Rule {
    code: "SPF007",
    name: "spf-redirect-ignored",
    severity: Severity::Warning,
    summary: "The SPF record has both `redirect=` and `all`; receivers ignore the redirect",
    doc: include_str!("../../../rules/docs/SPF007.md"),
    check: Some(check),
};

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for (owner, records) in spf_by_owner(zone) {
        for spf in records {
            let terms = spf.parse().terms;
            let all = terms.iter().find(|t| t.mechanism() == Some(Mechanism::All));
            let redirect = terms.iter().find(|t| t.is_redirect());
            let (Some(all), Some(redirect)) = (all, redirect) else {
                continue;
            };
            // With nothing before a failing `all`, the record authorises no host at all: every
            // message from the domain fails SPF (pyspf and the other evaluators agree), where
            // the author meant the redirect's hosts.
            let authorises = terms
                .iter()
                .take_while(|t| t.mechanism() != Some(Mechanism::All))
                .any(|t| t.mechanism().is_some());
            let fails_all = !authorises
                && matches!(
                    all,
                    Term::Directive {
                        qualifier: Qualifier::Fail,
                        ..
                    }
                );
            let severity = if fails_all {
                Severity::Error
            } else {
                Severity::Warning
            };
            let consequence = if fails_all {
                format!("; the record authorises no host, so all mail from `{owner}` fails SPF")
            } else {
                String::new()
            };
            out.push(
                Diagnostic::new(
                    &RULE,
                    term_span(project, spf, redirect.text()),
                    format!(
                        "`{}` in the SPF record of `{owner}` is never used: the record has `{}`{consequence}",
                        redirect.text(),
                        all.text()
                    ),
                )
                .with_severity(severity)
                .with_label(term_span(project, spf, all.text()), "this `all` always matches first")
                .with_help(
                    "RFC 7208 §6.1: `redirect` is ignored when the record has an `all` mechanism. Keep \
                     one of the two: `redirect=` to hand the whole decision to another domain, or \
                     `include:` that domain before `all`.",
                ),
            );
        }
    }
}
