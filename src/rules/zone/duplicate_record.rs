//! ZONE013: the same record twice.

use rustc_hash::FxHashMap as HashMap;

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::Record;
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
        let mut seen = Seen::with_capacity(set.records.len());
        for &record in &set.records {
            let Some(key) = rdata_key(project, record) else {
                continue;
            };
            match seen.first_with(key, record) {
                None => {}
                Some(first) => out.push(
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

/// The records of one RRset seen so far, by RDATA key. Most RRsets hold two or three records:
/// those are compared in a list, as a hash map costs more to build than it saves.
enum Seen<'r> {
    Few(Vec<(Vec<u8>, &'r Record)>),
    Many(HashMap<Vec<u8>, &'r Record>),
}

impl<'r> Seen<'r> {
    const FEW: usize = 16;

    fn with_capacity(records: usize) -> Seen<'r> {
        if records <= Seen::FEW {
            Seen::Few(Vec::with_capacity(records))
        } else {
            Seen::Many(HashMap::with_capacity_and_hasher(
                records,
                Default::default(),
            ))
        }
    }

    /// The first record seen with `key`; None, and `record` noted as the first, when it is new.
    fn first_with(&mut self, key: Vec<u8>, record: &'r Record) -> Option<&'r Record> {
        match self {
            Seen::Few(seen) => match seen.iter().find(|(seen_key, _)| *seen_key == key) {
                Some(&(_, first)) => Some(first),
                None => {
                    seen.push((key, record));
                    None
                }
            },
            Seen::Many(seen) => match seen.get(&key) {
                Some(&first) => Some(first),
                None => {
                    seen.insert(key, record);
                    None
                }
            },
        }
    }
}
