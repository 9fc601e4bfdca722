//! SPF005: `+all` (or a bare `all`) authorises every host; `?all` says nothing.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::rules::Rule;
use crate::rules::spf::{Mechanism, Qualifier, Term, spf_by_owner, term_span};

pub static RULE: Rule = Rule {
    code: "SPF005",
    name: "spf-permissive-all",
    severity: Severity::Error,
    summary: "The SPF record ends in `+all` (every host on the Internet passes) or `?all` (no policy)",
    doc: include_str!("../../../rules/docs/SPF005.md"),
    check: Some(check),
};

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for (owner, records) in spf_by_owner(zone) {
        for spf in records {
            for term in spf.parse().terms {
                let Term::Directive {
                    qualifier,
                    mechanism: Mechanism::All,
                    text,
                    ..
                } = term
                else {
                    continue;
                };
                if matches!(qualifier, Qualifier::Fail | Qualifier::SoftFail) {
                    continue;
                }
                // Found only for a finding: the term's place is read from the file's text.
                let span = term_span(project, spf, text);
                match qualifier {
                    Qualifier::Pass => out.push(
                        Diagnostic::new(
                            &RULE,
                            span,
                            format!(
                                "`{text}` in the SPF record of `{owner}` authorises every host on the Internet to send its mail"
                            ),
                        )
                        .with_help(
                            "With `+all` anyone's forged mail passes SPF, and with DMARC's SPF alignment it \
                             passes DMARC too: the record is worse than none. End with `-all` (or `~all` \
                             while you find every sender).",
                        ),
                    ),
                    Qualifier::Neutral => out.push(
                        Diagnostic::new(
                            &RULE,
                            span,
                            format!(
                                "`{text}` in the SPF record of `{owner}` gives no policy for other hosts"
                            ),
                        )
                        // Advice: a deliberate choice some providers document (Fastmail's
                        // `include:spf.messagingengine.com ?all`), with DMARC left to DKIM.
                        .with_severity(Severity::Info)
                        .with_help(
                            "`?all` makes every other host `neutral` (RFC 7208 §8.2), which receivers treat \
                             like no SPF at all. End with `-all`, or `~all` while you find every sender.",
                        ),
                    ),
                    Qualifier::Fail | Qualifier::SoftFail => {}
                }
            }
        }
    }
}
