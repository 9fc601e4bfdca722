//! ZONE039: an NS, MX or SRV target lies below a DNAME.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::RType;
use crate::rules::Rule;
use crate::rules::zone::targets;

pub static RULE: Rule = Rule {
    code: "ZONE039",
    name: "target-below-dname",
    severity: Severity::Error,
    summary: "An NS, MX or SRV target lies below a DNAME (an error for the apex NS, else a warning)",
    doc: include_str!("../../../rules/docs/ZONE039.md"),
    check: Some(check),
};

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    // Most projects have no DNAME: then no target is below one, and no target need be
    // looked up.
    if !project.has_dnames() {
        return;
    }
    let records = zone.zone.records.iter();
    let all_targets = records
        .filter(|r| matches!(r.rtype, RType::NS | RType::MX | RType::SRV))
        .filter_map(targets::target_of);
    for target in all_targets {
        let Some(target_zone) = project.zone_for(target.name, zone) else {
            continue;
        };
        let Some(dname) = targets::served_dname_above(target_zone, target.name) else {
            continue;
        };
        let rtype = target.record.rtype;
        let role = if rtype == RType::MX {
            "MX exchange"
        } else if rtype == RType::NS {
            "NS target"
        } else {
            "SRV target"
        };
        // BIND refuses a zone whose own name servers are unreachable this way, and only warns
        // about delegations, mail and service targets.
        let apex_ns = rtype == RType::NS && target.record.owner == zone.zone.apex;
        let severity = if apex_ns {
            Severity::Error
        } else {
            Severity::Warning
        };
        out.push(
            Diagnostic::new(
                &RULE,
                target.span(),
                format!(
                    "{role} `{}` lies below the DNAME at `{}`: it is redirected, and its own records are never served",
                    target.name, dname.owner
                ),
            )
            .with_severity(severity)
            .with_label(dname.entry_span(), "the DNAME is here")
            .with_help(
                "RFC 6672 §2.3: a name below a DNAME is answered by the DNAME's substitution; point \
                 the record at the host's real name, outside the DNAME's subtree",
            ),
        );
    }
}
