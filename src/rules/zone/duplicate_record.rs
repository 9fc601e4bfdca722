//! ZONE013: the same record twice.

use rustc_hash::FxHashMap as HashMap;

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::rules::Rule;
use crate::rules::zone::rdata_key;

pub static RULE: Rule = Rule {
    code: "ZONE013",
    name: "duplicate-record",
    severity: Severity::Warning,
    summary: "A record repeats another one of its RRset, perhaps written differently",
    doc: include_str!("../../../rules/docs/ZONE013.md"),
    check: Some(check),
};

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for set in zone.rrsets() {
        if set.records.len() < 2 || !set.in_zone {
            continue;
        }
        let mut seen = HashMap::default();
        for &record in &set.records {
            let Some(key) = rdata_key(project, record) else {
                continue;
            };
            match seen.get(&key) {
                None => {
                    seen.insert(key, record);
                }
                Some(&first) => out.push(
                    Diagnostic::new(
                        &RULE,
                        record.rdata_span(),
                        format!(
                            "this {} record at `{}` repeats an earlier one",
                            record.rtype, set.owner()
                        ),
                    )
                    .with_label(first.rdata_span(), "the same data is here")
                    .with_help(
                        "remove the copy: a server keeps one of the two, so it only makes the zone harder to read (BIND refuses semantically identical records under `check-dup-records fail`)",
                    ),
                ),
            }
        }
    }
}
