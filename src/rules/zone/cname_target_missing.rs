//! ZONE047: a CNAME whose target lies inside a linted zone, where it does not exist.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::{RData, RType};
use crate::rules::Rule;
use crate::rules::zone::targets::{self, Target};

pub static RULE: Rule = Rule {
    code: "ZONE047",
    name: "cname-target-missing",
    severity: Severity::Warning,
    summary: "A CNAME's target lies inside a linted zone and does not exist there",
    doc: include_str!("../../../rules/docs/ZONE047.md"),
    check: Some(check),
};

fn check<'a>(project: &Project<'a>, zone: &ZoneIndex<'a>, out: &mut Vec<Diagnostic>) {
    for record in zone.of_type(RType::CNAME) {
        let RData::Target(name) = &record.rdata else {
            continue;
        };
        // RFC 2317 classless reverse delegation: the parent publishes a CNAME for every address
        // of the block (`$GENERATE 0-63 $ CNAME $.0/26`), and the child zone has PTRs for the
        // addresses in use only; an unused address answering NXDOMAIN is what it should do.
        if record.owner.is_reverse_mapping() && name.is_reverse_mapping() {
            continue;
        }
        let Some((target_zone, what)) = targets::missing_target(project, zone, record, name) else {
            // Outside every linted zone (a root zone file holds its single labels).
            let outside = || project.zone_for(name, zone).is_none();
            if let Some(help) = targets::single_label_help(zone, name).filter(|_| outside()) {
                let target = Target {
                    record,
                    name,
                    field: 0,
                };
                out.push(
                    Diagnostic::new(
                        &RULE,
                        target.span(),
                        format!(
                            "CNAME `{}` points to `{name}`, a single label: no such name exists",
                            record.owner
                        ),
                    )
                    .with_help(format!(
                        "Every lookup of `{}` follows the alias and ends without an answer. {help}.",
                        record.owner
                    )),
                );
            }
            continue;
        };
        let target = Target {
            record,
            name,
            field: 0,
        };
        let hint = targets::written_relative_hint(project, record, 0);
        out.push(
            Diagnostic::new(
                &RULE,
                target.span(),
                format!(
                    "CNAME `{}` points to `{name}`, which {what} in zone `{}`",
                    record.owner, target_zone.zone.apex
                ),
            )
            .with_help(format!(
                "Every lookup of `{}` follows the alias and ends without an answer (NXDOMAIN, or \
                 no data). Point the CNAME at a name that exists, or add the records it should \
                 find{hint}",
                record.owner
            )),
        );
    }
}
