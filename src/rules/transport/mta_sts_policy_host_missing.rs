//! MTASTS002: an `_mta-sts` record whose policy host `mta-sts.<domain>` the linted zone lacks.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Lookup, Project, ZoneIndex};
use crate::model::{RData, RType, Record};
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
        if let Some(diagnostic) = policy_host_missing(project, zone, record, &domain) {
            out.push(diagnostic);
        }
    }
    // `_mta-sts CNAME _mta-sts.<provider>`: a policy record kept elsewhere (a hosting
    // service's, or a sister domain's, thunderbird/mailstrom#213) announces a policy for this
    // domain all the same, and senders fetch it from this domain's `mta-sts` host. Looked for
    // at the names that receive mail, one lookup each.
    for set in zone.mx_sets() {
        let Ok(name) = Name::from_ascii("_mta-sts").and_then(|l| l.prepend_to(set.owner)) else {
            continue;
        };
        // The name itself: a wildcard `_mta-sts` alias is no one's policy.
        let Some(alias) = zone.at(&name).find(|r| r.rtype == RType::CNAME) else {
            continue;
        };
        let RData::Target(target) = &alias.rdata else {
            continue;
        };
        if !announces_policy(project, zone, target) {
            continue;
        }
        if let Some(diagnostic) = policy_host_missing(project, zone, alias, set.owner) {
            out.push(diagnostic);
        }
    }
}

/// Whether the name an `_mta-sts` alias leads to holds an MTA-STS record: in the linted zones,
/// where they show all of its records; elsewhere, when it is named as one (`_mta-sts.<domain>`).
fn announces_policy(project: &Project<'_>, zone: &ZoneIndex<'_>, target: &Name) -> bool {
    match project.zone_for(target, zone) {
        Some(target_zone) if target_zone.zone.shows_all_at(target) => {
            match target_zone.lookup(target) {
                Lookup::Found(found) => found.iter().any(|r| {
                    r.rtype == RType::TXT
                        && crate::rules::tags::txt_text(r).is_some_and(|t| t.starts_with("v=STSv1"))
                }),
                _ => false,
            }
        }
        Some(_) => false,
        None => target.first_label().eq_ignore_ascii_case("_mta-sts"),
    }
}

/// The finding on `record` (the policy record, or the alias to it) when `mta-sts.<domain>`
/// is in a linted zone that shows all of its records and has no address, alias or delegation.
fn policy_host_missing(
    project: &Project<'_>,
    zone: &ZoneIndex<'_>,
    record: &Record,
    domain: &Name,
) -> Option<Diagnostic> {
    let host = Name::from_ascii("mta-sts")
        .and_then(|l| l.prepend_to(domain))
        .ok()?;
    let host_zone = project.zone_for(&host, zone)?;
    if !host_zone.zone.shows_all_at(&host) {
        return None;
    }
    let reachable = match host_zone.lookup(&host) {
        Lookup::Found(found) | Lookup::Wildcard(found) => {
            crate::rules::zone::targets::has_address(found.iter())
                || found.iter().any(|r| r.rtype == RType::CNAME)
                || crate::rules::zone::targets::is_delegation_point(host_zone, &host, found.iter())
        }
        Lookup::Delegated => true,
        Lookup::EmptyNonTerminal | Lookup::NxDomain => false,
    };
    if reachable {
        return None;
    }
    let through = if record.rtype == RType::CNAME {
        " (through its alias)"
    } else {
        ""
    };
    Some(
        Diagnostic::new(
            &RULE,
            record.rdata_span(),
            format!(
                "`{}` announces an MTA-STS policy{through}, but `{host}` has no A, AAAA or CNAME record",
                record.owner
            ),
        )
        .with_help(format!(
            "RFC 8461 §3.3: senders fetch the policy from https://{}/.well-known/mta-sts.txt, at the \
             domain's own host even where the record is an alias to another's; without the host \
             they find no policy and send without it. Point `{host}` at the web server (or \
             policy-hosting service) that serves the file.",
            host.as_str().trim_end_matches('.')
        )),
    )
}
