//! MX018: a domain's only MX hosts are an application inbound service that its operator says
//! to use on a subdomain of its own (SendGrid Inbound Parse, Postmark inbound).

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::rules::Rule;
use crate::rules::mx::{classified_sets, exchange_span};

pub static RULE: Rule = Rule {
    code: "MX018",
    name: "mx-inbound-at-domain",
    severity: Severity::Warning,
    summary: "A domain's MX is an application inbound service (SendGrid Inbound Parse, ...) meant for a subdomain of its own",
    doc: include_str!("../../../rules/docs/MX018.md"),
    check: Some(check),
};

fn check<'a>(project: &Project<'a>, zone: &ZoneIndex<'a>, out: &mut Vec<Diagnostic>) {
    let apex = &zone.zone.apex;
    for (set, hosts) in classified_sets(project, zone) {
        if set.owner != apex || hosts.is_empty() {
            continue;
        }
        // Mixed with other hosts, MX001 or MX003 says what goes wrong.
        let Some(provider) = hosts[0].provider.filter(|p| p.dedicated_subdomain) else {
            continue;
        };
        if !hosts
            .iter()
            .all(|h| h.provider.is_some_and(|p| p.id == provider.id))
            || !crate::name::is_registered_domain(apex)
        {
            continue;
        }
        let advice = provider.backup_advice.clone().unwrap_or_else(|| {
            format!(
                "{} recommends a subdomain of its own for inbound mail.",
                provider.name
            )
        });
        out.push(
            Diagnostic::new(
                &RULE,
                exchange_span(&hosts[0].mx),
                format!(
                    "`{apex}` receives all its mail at {} (`{}`), which hands it to an application: no mailbox at the domain gets any",
                    provider.name,
                    hosts[0].exchange()
                ),
            )
            .with_help(format!(
                "{advice} Move this MX to a subdomain (`parse.{apex}`) and point the domain's MX \
                 at the service that holds its mailboxes; if the domain receives only the \
                 application's mail, suppress this finding."
            )),
        );
    }
}
