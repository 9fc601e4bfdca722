//! MX012: a domain-verification MX left in an MX set that receives mail.

use crate::catalog::Kind;
use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::rules::Rule;
use crate::rules::mx::{classified_sets, exchange_span};

pub static RULE: Rule = Rule {
    code: "MX012",
    name: "mx-verification-leftover",
    severity: Severity::Warning,
    summary: "A domain-verification MX (`*.msv1.invalid.`, `*.mx-verification.google.com.`) is left in a live MX set",
    doc: include_str!("../../../rules/docs/MX012.md"),
    check: Some(check),
};

fn check<'a>(project: &Project<'a>, zone: &ZoneIndex<'a>, out: &mut Vec<Diagnostic>) {
    for (set, hosts) in classified_sets(project, zone) {
        let live = hosts.iter().find(|h| h.kind() != Some(Kind::Verification));
        let Some(live) = live else {
            continue; // verification in progress: nothing else receives mail yet
        };
        let lowest_live = hosts
            .iter()
            .filter(|h| h.kind() != Some(Kind::Verification))
            .map(|h| h.mx.preference)
            .max()
            .unwrap_or(0);
        for host in hosts
            .iter()
            .filter(|h| h.kind() == Some(Kind::Verification))
        {
            // Below every host that receives mail (Microsoft's `32767`, as it asks), senders
            // reach it only when all of them failed, and the mail is queued then anyway: a
            // leftover to tidy. Above one, senders try it first and wait on it.
            // Above a live host, the label shows the first host senders try after it.
            let after = hosts
                .iter()
                .filter(|h| h.kind() != Some(Kind::Verification))
                .filter(|h| h.mx.preference >= host.mx.preference)
                .min_by_key(|h| h.mx.preference);
            let (shown, label) = match after {
                Some(after) if host.mx.preference <= lowest_live => {
                    (after, "senders try the verification MX before this host")
                }
                _ => (live, "this host receives the mail"),
            };
            let (severity, help) = if host.mx.preference > lowest_live {
                (
                    Severity::Info,
                    "A verification MX is needed only until the provider has verified the domain; \
                     below every host that receives mail it changes no delivery, but it is not a \
                     mail server. Remove the record.",
                )
            } else {
                (
                    Severity::Warning,
                    "A verification MX is needed only until the provider has verified the domain. \
                     Left in place above a host that receives mail, senders try it before that \
                     host, find a name that is not a mail server, and delay the mail. Remove the \
                     record.",
                )
            };
            out.push(
                Diagnostic::new(
                    &RULE,
                    exchange_span(&host.mx),
                    format!(
                        "`{}` only proved ownership of `{}` ({}); it is not a mail server and can go",
                        host.exchange(),
                        set.owner,
                        host.operator_name()
                    ),
                )
                .with_severity(severity)
                .with_label(exchange_span(&shown.mx), label)
                .with_help(help),
            );
        }
    }
}
