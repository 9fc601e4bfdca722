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
        for host in hosts
            .iter()
            .filter(|h| h.kind() == Some(Kind::Verification))
        {
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
                .with_label(exchange_span(&live.mx), "this host receives the mail")
                .with_help(
                    "A verification MX is needed only until the provider has verified the domain. Left \
                     in place, senders that fail on the real hosts try it, wait for a name that does \
                     not resolve to a mail server, and delay or bounce the mail. Remove the record.",
                ),
            );
        }
    }
}
