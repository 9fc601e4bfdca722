//! SPF012: mechanisms after `all`, which receivers never test (RFC 7208 §5.1).

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::rules::Rule;
use crate::rules::spf::{Mechanism, spf_by_owner, term_span};

pub static RULE: Rule = Rule {
    code: "SPF012",
    name: "spf-terms-after-all",
    severity: Severity::Warning,
    summary: "Mechanisms follow `all` in the SPF record; receivers never test them",
    doc: include_str!("../../../rules/docs/SPF012.md"),
    check: Some(check),
};

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for (owner, records) in spf_by_owner(zone) {
        for spf in records {
            let terms = spf.parse().terms;
            let Some(at) = terms
                .iter()
                .position(|t| t.mechanism() == Some(Mechanism::All))
            else {
                continue;
            };
            // Modifiers may stand anywhere (`exp=` after `-all` is usual); a `redirect=`
            // beside `all` is SPF007's.
            let after: Vec<&str> = terms[at + 1..]
                .iter()
                .filter(|t| t.mechanism().is_some())
                .map(|t| t.text())
                .collect();
            let Some(first) = after.first() else {
                continue;
            };
            let all = terms[at].text();
            let listed = after
                .iter()
                .map(|t| format!("`{t}`"))
                .collect::<Vec<_>>()
                .join(", ");
            out.push(
                Diagnostic::new(
                    &RULE,
                    term_span(project, spf, first),
                    format!(
                        "{listed} in the SPF record of `{owner}` {} after `{all}`: receivers never test {}",
                        if after.len() == 1 { "comes" } else { "come" },
                        if after.len() == 1 { "it" } else { "them" }
                    ),
                )
                .with_label(term_span(project, spf, all), "evaluation ends here")
                .with_help(format!(
                    "RFC 7208 §5.1: `all` always matches, so mechanisms after it are never tested, and mail \
                     from the hosts they name gets `{all}`'s result. Move `{all}` to the end of the record."
                )),
            );
        }
    }
}
