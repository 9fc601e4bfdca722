//! ZONE015: a record whose owner is outside the zone.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "ZONE015",
    name: "out-of-zone-data",
    severity: Severity::Warning,
    summary: "A record's owner is not at or below the zone's apex; BIND and Knot ignore it",
    doc: include_str!("../../../rules/docs/ZONE015.md"),
    check: Some(check),
};

fn check(_project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    let apex = &zone.zone.apex;
    let outside = zone.rrsets().filter(|set| !set.in_zone);
    for record in outside.flat_map(|set| set.records) {
        out.push(
            Diagnostic::new(
                &RULE,
                record.owner_span(),
                format!(
                    "`{}` is outside the zone `{apex}`: BIND and Knot ignore this {} record",
                    record.owner, record.rtype
                ),
            )
            .with_help(format!(
                "a zone holds names at or below `{apex}`: check $ORIGIN and for a missing or extra trailing dot, or move the record to the zone it belongs to"
            )),
        );
    }
}
