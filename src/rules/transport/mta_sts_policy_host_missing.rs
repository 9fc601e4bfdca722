//! MTASTS002: an `_mta-sts` record whose policy host `mta-sts.<domain>` the linted zone lacks.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Lookup, Project, ZoneIndex};
use crate::model::RType;
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::transport::txt_by_owner;

pub static RULE: Rule = Rule {
    code: "MTASTS002",
    name: "mta-sts-policy-host-missing",
    severity: Severity::Warning,
    summary: "An MTA-STS record is published but `mta-sts.<domain>`, where senders fetch the policy, has no address",
    doc: include_str!("../../../rules/docs/MTASTS002.md"),
    check: Some(check),
};

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for records in txt_by_owner(zone, "_mta-sts") {
        let Some((record, _)) = records.iter().find(|(_, t)| t.starts_with("v=STSv1")) else {
            continue;
        };
        let Some(domain) = record.owner.parent() else {
            continue;
        };
        let Ok(host) = Name::from_ascii("mta-sts").and_then(|l| l.prepend_to(&domain)) else {
            continue;
        };
        let Some(host_zone) = project.zone_for(&host, zone) else {
            continue;
        };
        if !host_zone.zone.shows_all_at(&host) {
            continue;
        }
        let reachable = match host_zone.lookup(&host) {
            Lookup::Found(found) | Lookup::Wildcard(found) => {
                crate::rules::zone::targets::has_address(found.iter())
                    || found.iter().any(|r| r.rtype == RType::CNAME)
                    || crate::rules::zone::targets::is_delegation_point(
                        host_zone,
                        &host,
                        found.iter(),
                    )
            }
            Lookup::Delegated => true,
            Lookup::EmptyNonTerminal | Lookup::NxDomain => false,
        };
        if reachable {
            continue;
        }
        out.push(
            Diagnostic::new(
                &RULE,
                record.rdata_span(),
                format!("`{}` announces an MTA-STS policy, but `{host}` has no A, AAAA or CNAME record", record.owner),
            )
            .with_help(format!(
                "RFC 8461 §3.3: senders fetch the policy from https://{}/.well-known/mta-sts.txt; without \
                 the host they find no policy and send without it. Point `{host}` at the web server (or \
                 policy-hosting service) that serves the file.",
                host.as_str().trim_end_matches('.')
            )),
        );
    }
}
