//! The baseline: findings a team has accepted for now, so that zonelint can be adopted on an
//! existing repository and only new findings fail.
//!
//! An entry names a finding by what it is about in DNS terms: the zone, the record's owner,
//! type and RDATA (each field as written, whitespace collapsed), and the rule's code. Line
//! numbers, indentation and record order play no part, so the baseline survives reordering,
//! reindenting and edits elsewhere; a change to the record itself makes the finding new. A
//! finding that is not about one record (a missing SOA, a broken `$INCLUDE`) is named by the
//! text its span covers instead of owner, type and RDATA.
//!
//! The file is JSON, one entry per line, sorted, so that a diff reviews well:
//!
//! ```json
//! {
//!   "version": 1,
//!   "findings": [
//!     {"zone": "example.com.", "owner": "example.com.", "type": "MX", "rdata": "20 ibmr.btconnect.com.", "code": "MX001"}
//!   ]
//! }
//! ```

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::model::Zone;
use crate::source::{FileId, SourceMap};

/// The format version written in the file.
const VERSION: u32 = 1;

/// One accepted finding. Field order is the sort order.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Entry {
    /// The zone's apex, lower case, absolute.
    pub zone: String,
    /// The record's owner, lower case, absolute; empty when the finding is not about a record.
    #[serde(default)]
    pub owner: String,
    /// The record's type; empty when the finding is not about a record.
    #[serde(default, rename = "type")]
    pub rtype: String,
    /// The record's RDATA fields as written, or the text the finding points at.
    #[serde(default)]
    pub rdata: String,
    pub code: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    findings: Vec<Entry>,
}

/// The entries of a baseline file.
#[derive(Clone, Debug, Default)]
pub struct Baseline {
    pub entries: BTreeSet<Entry>,
}

/// What applying a baseline did.
pub struct Applied {
    /// Findings the baseline hid.
    pub hidden: usize,
    /// Entries about a zone linted in this run that matched no finding: fixed, or changed.
    pub stale: Vec<Entry>,
}

/// The largest baseline file read (a million findings fit well below it).
const MAX_BASELINE_BYTES: u64 = 256 << 20;

impl Baseline {
    /// Read a baseline file. A missing file is an empty baseline only when `missing_ok`
    /// (`--update-baseline` creates it).
    pub fn read(path: &Path, missing_ok: bool) -> Result<Baseline, String> {
        let shown = path.display();
        if missing_ok && std::fs::symlink_metadata(path).is_err() {
            return Ok(Baseline::default());
        }
        // Only a regular file, of a bounded size: a baseline can come from the repository.
        let resolved = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        let text = match crate::paths::read_at_most(&resolved, MAX_BASELINE_BYTES) {
            Ok(Ok(bytes)) => String::from_utf8(bytes)
                .map_err(|_| format!("baseline `{shown}` is not UTF-8 text"))?,
            Ok(Err(_)) => {
                return Err(format!(
                    "baseline `{shown}` is larger than {} MiB",
                    MAX_BASELINE_BYTES >> 20
                ));
            }
            Err(refusal) => {
                return Err(format!("baseline: {}", refusal.message(&shown.to_string())));
            }
        };
        let file: File = serde_json::from_str(&text)
            .map_err(|e| format!("baseline `{shown}` is not a zonelint baseline: {e}"))?;
        if file.version != VERSION {
            return Err(format!(
                "baseline `{shown}` has version {}; this zonelint reads version {VERSION}",
                file.version
            ));
        }
        Ok(Baseline {
            entries: file.findings.into_iter().collect(),
        })
    }

    /// The file's text: sorted, one entry per line, ending in a newline.
    pub fn to_json(&self) -> String {
        let mut out = format!("{{\n  \"version\": {VERSION},\n  \"findings\": [");
        for (index, entry) in self.entries.iter().enumerate() {
            out.push_str(if index == 0 { "\n    " } else { ",\n    " });
            // A struct of strings always serialises.
            out.push_str(&serde_json::to_string(entry).unwrap_or_default());
        }
        if !self.entries.is_empty() {
            out.push_str("\n  ");
        }
        out.push_str("]\n}\n");
        out
    }

    /// The baseline of these findings.
    pub fn of(diagnostics: &[Diagnostic], identities: &Identities<'_>) -> Baseline {
        Baseline {
            entries: diagnostics.iter().map(|d| identities.of(d)).collect(),
        }
    }

    /// Drop the findings the baseline names; say which entries about the linted zones matched
    /// nothing.
    pub fn apply(&self, diagnostics: &mut Vec<Diagnostic>, identities: &Identities<'_>) -> Applied {
        let before = diagnostics.len();
        let mut used: HashSet<Entry> = HashSet::new();
        diagnostics.retain(|d| {
            let entry = identities.of(d);
            if self.entries.contains(&entry) {
                used.insert(entry);
                false
            } else {
                true
            }
        });
        let stale = self
            .entries
            .iter()
            .filter(|e| !used.contains(*e) && identities.linted(&e.zone))
            .cloned()
            .collect();
        Applied {
            hidden: before - diagnostics.len(),
            stale,
        }
    }

    /// `--update-baseline`: today's findings, plus the entries about zones this run did not
    /// lint (a run over some files must not forget the others).
    pub fn updated(&self, current: &Baseline, identities: &Identities<'_>) -> Baseline {
        let mut entries = current.entries.clone();
        entries.extend(
            self.entries
                .iter()
                .filter(|e| !identities.linted(&e.zone))
                .cloned(),
        );
        Baseline { entries }
    }
}

/// Finds the DNS identity of a finding: the record its primary span lies in.
pub struct Identities<'a> {
    sources: &'a SourceMap,
    zones: &'a [Zone],
    /// Per file: (entry start, entry end, zone, record), sorted by start.
    records: rustc_hash::FxHashMap<FileId, Vec<(u32, u32, usize, usize)>>,
    /// Per file: (RDATA field start, end, zone, record), sorted by start. An octoDNS record's
    /// entry can hold others (one key with a list of records), its fields cannot.
    fields: rustc_hash::FxHashMap<FileId, Vec<(u32, u32, usize, usize)>>,
    /// The zone each file belongs to (its first).
    zone_of_file: rustc_hash::FxHashMap<FileId, usize>,
    linted: HashSet<String>,
}

impl<'a> Identities<'a> {
    pub fn new(sources: &'a SourceMap, zones: &'a [Zone]) -> Identities<'a> {
        let mut records: rustc_hash::FxHashMap<FileId, Vec<(u32, u32, usize, usize)>> =
            Default::default();
        let mut fields: rustc_hash::FxHashMap<FileId, Vec<(u32, u32, usize, usize)>> =
            Default::default();
        let mut zone_of_file = rustc_hash::FxHashMap::default();
        for (z, zone) in zones.iter().enumerate() {
            for &file in &zone.files {
                zone_of_file.entry(file).or_insert(z);
            }
            for (r, record) in zone.records.iter().enumerate() {
                let (start, end) = record.spans.entry();
                records
                    .entry(record.file)
                    .or_default()
                    .push((start, end, z, r));
                let in_file = fields.entry(record.file).or_default();
                in_file.extend(record.spans.fields().map(|(s, e)| (s, e, z, r)));
            }
        }
        for list in records.values_mut().chain(fields.values_mut()) {
            list.sort_unstable();
        }
        let linted = zones.iter().map(|z| lower(&z.apex.to_string())).collect();
        Identities {
            sources,
            zones,
            records,
            fields,
            zone_of_file,
            linted,
        }
    }

    fn linted(&self, zone: &str) -> bool {
        self.linted.contains(zone)
    }

    pub fn of(&self, d: &Diagnostic) -> Entry {
        let file = d.span.file;
        let text = &self.sources.get(file).text;
        let field = |range: (u32, u32)| {
            text.get(range.0 as usize..range.1 as usize)
                .unwrap_or_default()
        };
        if let Some((z, r)) = self.record_at(d) {
            let record = &self.zones[z].records[r];
            let rdata: Vec<String> = record
                .spans
                .fields()
                .map(|range| collapse(field(range)))
                .collect();
            return Entry {
                zone: lower(&self.zones[z].apex.to_string()),
                owner: lower(&record.owner.to_string()),
                rtype: record.rtype.to_string(),
                rdata: rdata.join(" "),
                code: d.rule.code.to_string(),
            };
        }
        let zone = d
            .zone
            .map(|z| z as usize)
            .or_else(|| self.zone_of_file.get(&file).copied())
            .and_then(|z| self.zones.get(z))
            .map(|zone| lower(&zone.apex.to_string()))
            .unwrap_or_default();
        let written = collapse(text.get(d.span.range()).unwrap_or_default());
        Entry {
            zone,
            owner: String::new(),
            rtype: String::new(),
            rdata: if written.is_empty() {
                d.message.clone()
            } else {
                written
            },
            code: d.rule.code.to_string(),
        }
    }
}

impl Identities<'_> {
    /// The record a finding is about: the one with an RDATA field holding the primary span,
    /// else the smallest entry holding it; of the finding's own zone, where several zones
    /// share the file.
    fn record_at(&self, d: &Diagnostic) -> Option<(usize, usize)> {
        let (start, end) = (d.span.start, d.span.end);
        let holds = |&&(s, e, ..): &&(u32, u32, usize, usize)| s <= start && end <= e.max(s);
        let own_zone =
            |&&(.., z, _): &&(u32, u32, usize, usize)| d.zone.is_none_or(|own| own as usize == z);
        if let Some(list) = self.fields.get(&d.span.file)
            && let Some(&(.., z, r)) = before(list, start).filter(own_zone).take(64).find(holds)
        {
            return Some((z, r));
        }
        let list = self.records.get(&d.span.file)?;
        before(list, start)
            .filter(own_zone)
            .take(64)
            .filter(holds)
            .min_by_key(|&&(s, e, ..)| e - s)
            .map(|&(.., z, r)| (z, r))
    }
}

/// Spans that start at or before `start`, nearest first. A few of one zone's suffice (callers
/// take 64): fields do not nest, and entries nest only one level (an octoDNS key with a list of
/// records).
fn before(
    list: &[(u32, u32, usize, usize)],
    start: u32,
) -> impl Iterator<Item = &(u32, u32, usize, usize)> {
    let upto = list.partition_point(|&(s, ..)| s <= start);
    // Bounded, should a finding's zone have no records near it in this file.
    list[..upto].iter().rev().take(1 << 12)
}

fn lower(text: &str) -> String {
    text.to_ascii_lowercase()
}

/// Whitespace runs (line breaks of a record in parentheses, indentation) become one space.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
