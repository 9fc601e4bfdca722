//! ZONE019: a TTL above the configured maximum (`--max-zone-ttl`).

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "ZONE019",
    name: "ttl-above-maximum",
    severity: Severity::Error,
    summary: "A TTL is above the maximum set with --max-zone-ttl (BIND's max-zone-ttl)",
    doc: include_str!("../../../rules/docs/ZONE019.md"),
    check: Some(check),
};

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    let Some(max) = project.max_zone_ttl else {
        return;
    };
    // One finding per RRset: a `$TTL` above the limit would otherwise flag every record.
    for set in zone.rrsets() {
        if !set.in_zone {
            continue;
        }
        let mut over = set.records.iter().filter(|r| r.ttl > max);
        let Some(first) = over.next() else {
            continue;
        };
        let more = over.count();
        let others = match more {
            0 => String::new(),
            1 => " (and 1 more record of this RRset)".to_string(),
            n => format!(" (and {n} more records of this RRset)"),
        };
        out.push(
            Diagnostic::new(
                &RULE,
                first.entry_span(),
                format!(
                    "TTL {} of this {} record at `{}` is above the maximum {max}{others}",
                    first.ttl, set.rtype, set.owner()
                ),
            )
            .with_help(format!(
                "lower the TTL (or $TTL) to {max} seconds or less; BIND refuses the zone when max-zone-ttl is {max}"
            )),
        );
    }
}
