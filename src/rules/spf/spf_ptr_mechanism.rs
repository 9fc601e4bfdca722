//! SPF008: the `ptr` mechanism, which RFC 7208 §5.5 says not to use.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::rules::Rule;
use crate::rules::spf::{Mechanism, spf_by_owner, term_span};

pub static RULE: Rule = Rule {
    code: "SPF008",
    name: "spf-ptr-mechanism",
    severity: Severity::Warning,
    summary: "The SPF record uses `ptr`, which is slow, unreliable and ignored by some receivers",
    doc: include_str!("../../../rules/docs/SPF008.md"),
    check: Some(check),
};

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for (owner, records) in spf_by_owner(zone) {
        for spf in records {
            for term in spf.parse().terms {
                if term.mechanism() != Some(Mechanism::Ptr) {
                    continue;
                }
                out.push(
                    Diagnostic::new(
                        &RULE,
                        term_span(project, spf, term.text()),
                        format!("the SPF record of `{owner}` uses `{}`", term.text()),
                    )
                    .with_help(
                        "RFC 7208 §5.5: `ptr` SHOULD NOT be published; it costs a reverse lookup and up \
                         to ten forward lookups per message, and large receivers skip it. List the \
                         sending hosts with `ip4:`/`ip6:`, `a:` or `include:` instead.",
                    ),
                );
            }
        }
    }
}
