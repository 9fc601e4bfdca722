//! ZONE013: the same record twice.

use rustc_hash::FxHashMap as HashMap;

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::Record;
use crate::rules::Rule;
use crate::rules::zone::push_rdata_key;

pub static RULE: Rule = Rule {
    code: "ZONE013",
    name: "duplicate-record",
    severity: Severity::Warning,
    summary: "A record repeats another one of its RRset, perhaps written differently",
    doc: include_str!("../../../rules/docs/ZONE013.md"),
    check: Some(check),
};

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    let mut seen = Seen::default();
    // The index tells the sets whose records' fingerprints all differ: no key is made there.
    for set in zone.rrsets_of_several().filter(|set| set.may_repeat) {
        if !set.in_zone {
            continue;
        }
        seen.clear();
        for &record in &set.records {
            let Some(first) = seen.first_with(project, record) else {
                continue;
            };
            // BIND merges a copy whose DNSSEC canonical form is the same (names lower-cased
            // for the types of RFC 4034 §6.2, numbers as numbers) without a word, as Knot
            // does; `check-dup-records` looks only at copies that differ in case where the
            // canonical form keeps it (a HIP record's rendezvous server): a warning, an error
            // under `fail`.
            let (this, that) = (written(project, record), written(project, first));
            let exact = this == that;
            let case_kept = !exact
                && this.eq_ignore_ascii_case(&that)
                && !names_lowercased_in_canonical_form(record.rtype);
            let (severity, how) = match (exact, case_kept) {
                (true, _) => (Severity::Info, "repeats an earlier one"),
                (false, true) => (
                    Severity::Warning,
                    "repeats an earlier one in another case, which DNSSEC tells apart",
                ),
                (false, false) => (
                    Severity::Info,
                    "repeats an earlier one, written differently",
                ),
            };
            out.push(
                Diagnostic::new(
                    &RULE,
                    record.rdata_span(),
                    format!("this {} record at `{}` {how}", record.rtype, set.owner()),
                )
                .with_severity(severity)
                .with_label(first.rdata_span(), "the same data is here")
                .with_help(match (exact, case_kept) {
                    (true, _) => "remove the copy: BIND and Knot merge it silently, so it only makes the zone harder to read",
                    (false, true) => "remove the copy: BIND warns that the zone \"has semantically identical records\" and refuses it under `check-dup-records fail`, as signing would sign the two apart",
                    (false, false) => "remove the copy, or correct it if it was meant to differ: BIND and Knot keep one of the two",
                }),
            );
        }
    }
}

/// The records of one RRset seen so far, by RDATA key ([`push_rdata_key`]). Most RRsets hold
/// two or three records: their keys are laid end to end in one buffer, kept from set to set,
/// and compared in a list; a large set's go in a hash map.
#[derive(Default)]
struct Seen<'r> {
    keys: Vec<u8>,
    /// Each record seen, with where its key ends in `keys` (it starts where the last ended).
    few: Vec<(usize, &'r Record)>,
    many: HashMap<Vec<u8>, &'r Record>,
}

impl<'r> Seen<'r> {
    const FEW: usize = 16;

    fn clear(&mut self) {
        self.keys.clear();
        self.few.clear();
        self.many.clear();
    }

    /// The first record seen with the key of `record`; None, and `record` noted as the first,
    /// when it is new or its RDATA did not parse.
    fn first_with(&mut self, project: &Project<'_>, record: &'r Record) -> Option<&'r Record> {
        let start = self.keys.len();
        if !push_rdata_key(project, record, &mut self.keys) {
            return None;
        }
        if self.few.len() < Self::FEW {
            let key = &self.keys[start..];
            let mut seen_start = 0;
            for &(end, first) in &self.few {
                if &self.keys[seen_start..end] == key {
                    self.keys.truncate(start);
                    return Some(first);
                }
                seen_start = end;
            }
            self.few.push((self.keys.len(), record));
            return None;
        }
        // Past the list's length: the list's keys join the map, then this and later keys.
        if self.many.is_empty() {
            let mut seen_start = 0;
            for &(end, first) in &self.few {
                self.many
                    .entry(self.keys[seen_start..end].to_vec())
                    .or_insert(first);
                seen_start = end;
            }
        }
        let key = self.keys.split_off(start);
        match self.many.get(&key) {
            Some(&first) => Some(first),
            None => {
                self.many.insert(key, record);
                None
            }
        }
    }
}

/// The RDATA of `record` as written, its runs of blanks (and a record's line breaks) as one
/// space.
fn written(project: &Project<'_>, record: &Record) -> String {
    project
        .sources
        .get(record.file)
        .slice(record.rdata_span())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The types whose domain names the DNSSEC canonical form lower-cases (RFC 4034 §6.2, RFC
/// 6840 §5.1 takes NSEC out): copies of them that differ only in case are one record to a
/// signer too.
fn names_lowercased_in_canonical_form(rtype: crate::model::RType) -> bool {
    matches!(
        rtype.0,
        2 | 3
            | 4
            | 5
            | 6
            | 7
            | 8
            | 9
            | 12
            | 13
            | 14
            | 15
            | 17
            | 18
            | 21
            | 24
            | 26
            | 30
            | 35
            | 36
            | 33
            | 39
            | 38
            | 46
    )
}
