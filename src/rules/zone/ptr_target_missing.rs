//! ZONE049: a PTR record whose target lies inside a linted zone, where it does not exist.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::{RData, RType};
use crate::rules::Rule;
use crate::rules::zone::targets::{self, Target};

pub static RULE: Rule = Rule {
    code: "ZONE049",
    name: "ptr-target-missing",
    severity: Severity::Warning,
    summary: "A PTR record names a host inside a linted zone that does not exist there (a reverse zone's address then fails forward-confirmed reverse DNS)",
    doc: include_str!("../../../rules/docs/ZONE049.md"),
    check: Some(check),
};

fn check<'a>(project: &Project<'a>, zone: &ZoneIndex<'a>, out: &mut Vec<Diagnostic>) {
    for record in zone.of_type(RType::PTR) {
        let RData::Target(name) = &record.rdata else {
            continue;
        };
        // What ZONE047 asks of a CNAME's target, asked of the PTR's.
        let Some((target_zone, what)) = targets::missing_target(project, zone, record, name) else {
            continue;
        };
        let target = Target {
            record,
            name,
            field: 0,
        };
        let hint = targets::written_relative_hint(project, record, 0);
        let apex = zone.zone.apex.as_str().to_ascii_lowercase();
        let reverse = apex.ends_with("in-addr.arpa.") || apex.ends_with("ip6.arpa.");
        let help = if reverse {
            format!(
                "A reverse lookup of the address answers with a host name whose own lookup finds \
                 nothing, so checks that confirm the name (mail receivers' forward-confirmed \
                 reverse DNS, SSH, logging) fail for this address. Add the host's address record \
                 to its zone, or point the PTR at the host's name as it is now{hint}"
            )
        } else {
            format!(
                "Clients that follow the PTR (DNS-SD browsing, RFC 6763) find nothing at its \
                 target. Point it at a name that exists, or add the records it should find{hint}"
            )
        };
        out.push(
            Diagnostic::new(
                &RULE,
                target.span(),
                format!(
                    "PTR `{}` names `{name}`, which {what} in zone `{}`",
                    record.owner, target_zone.zone.apex
                ),
            )
            .with_help(help),
        );
    }
}
