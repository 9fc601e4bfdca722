//! ZONE052: a DS or CDS record whose digest type validators are dropping (SHA-1, GOST) or do
//! not know, as BIND warns and Knot refuses.

use std::collections::HashSet;
use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap as HashMap;

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::{RData, RType, Record};
use crate::name::Name;
use crate::parse::rdata::algorithm_number;
use crate::rules::Rule;
use crate::rules::zone::follow_knot;

pub static RULE: Rule = Rule {
    code: "ZONE052",
    name: "ds-digest-deprecated",
    severity: Severity::Warning,
    summary: "A DS or CDS record uses a digest type validators are dropping (SHA-1, GOST) or do not know",
    doc: include_str!("../../../rules/docs/ZONE052.md"),
    check: Some(check),
};

const DS: RType = RType(43);
/// The child's copy of a DS for its parent (RFC 7344), whose digest the parent publishes.
const CDS: RType = RType(59);

/// A DS record's key tag, algorithm and digest type, as written (None when the record did not
/// read, or a field is not a number: SYN002 says so).
fn ds_fields(project: &Project<'_>, record: &Record) -> Option<(u16, u8, u8)> {
    if matches!(record.rdata, RData::Invalid) || record.spans.field_count() < 4 {
        return None;
    }
    let text = |index: usize| project.field_text(record, index);
    Some((
        text(0).parse().ok()?,
        u8::try_from(algorithm_number(text(1).as_bytes())?).ok()?,
        text(2).parse().ok()?,
    ))
}

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for rtype in [DS, CDS] {
        check_type(project, zone, rtype, out);
    }
}

fn check_type(
    project: &Project<'_>,
    zone: &ZoneIndex<'_>,
    rtype: RType,
    out: &mut Vec<Diagnostic>,
) {
    let records: Vec<(&Record, (u16, u8, u8))> = zone
        .of_type(rtype)
        .filter_map(|record| Some((record, ds_fields(project, record)?)))
        // RFC 8078 §4's `CDS 0 0 0 00` asks the parent to remove the DS: no digest at all.
        .filter(|&(record, (_, algorithm, _))| !(record.rtype == CDS && algorithm == 0))
        .collect();
    // The keys (name, key tag, algorithm) that have a SHA-256 or SHA-384 digest: validators use
    // that one, and a weaker digest beside it loses nothing.
    let strong: HashSet<(&Name, u16, u8)> = records
        .iter()
        .filter(|(_, (_, _, digest))| matches!(digest, 2 | 4))
        .map(|&(record, (tag, algorithm, _))| (&record.owner, tag, algorithm))
        .collect();
    // One finding per name and digest type, as named-checkzone prints one line per name: at
    // the first record of a key with no strong digest, else at the first record.
    let mut by_name: HashMap<(&Name, u8), (&Record, u16, bool)> = HashMap::default();
    let mut order = Vec::new();
    for &(record, (tag, algorithm, digest)) in &records {
        if matches!(digest, 2 | 4) {
            continue;
        }
        let beside = strong.contains(&(&record.owner, tag, algorithm));
        match by_name.entry((&record.owner, digest)) {
            Entry::Vacant(entry) => {
                order.push((&record.owner, digest));
                entry.insert((record, tag, beside));
            }
            Entry::Occupied(mut entry) if entry.get().2 && !beside => {
                entry.insert((record, tag, beside));
            }
            Entry::Occupied(_) => {}
        }
    }
    for key in order {
        let (record, key_tag, beside) = by_name[&key];
        out.push(finding(zone, record, key_tag, key.1, beside));
    }
}

fn finding(
    zone: &ZoneIndex<'_>,
    record: &Record,
    key_tag: u16,
    digest: u8,
    beside: bool,
) -> Diagnostic {
    let owner = &record.owner;
    let kind = if record.rtype == CDS { "CDS" } else { "DS" };
    let (message, help, severity) = match digest {
        1 => (
            format!(
                "{kind} of `{owner}` (key tag {key_tag}) uses digest type 1 (SHA-1), which RFC 8624 says MUST NOT be used"
            ),
            "named-checkzone warns (\"deprecated digest type 1 (SHA-1)\"), and validators that no \
             longer accept SHA-1 (Red Hat Enterprise Linux 9's default policy) ignore the \
             record. Publish the digest as type 2 (SHA-256) and drop this one.",
            if beside {
                Severity::Info
            } else {
                Severity::Warning
            },
        ),
        3 => (
            format!(
                "{kind} of `{owner}` (key tag {key_tag}) uses digest type 3 (GOST R 34.11-94), which RFC 8624 says MUST NOT be used"
            ),
            "named-checkzone warns (\"deprecated digest type 3 (GOST)\"), kzonecheck 3.2.6 \
             refuses the zone (\"invalid algorithm in DS\"), and most validators do not \
             implement GOST. Publish the digest as type 2 (SHA-256) instead.",
            Severity::Warning,
        ),
        _ => (
            format!(
                "{kind} of `{owner}` (key tag {key_tag}) uses digest type {digest}, which no validator knows"
            ),
            "Only digest types 1, 2, 3 and 4 are assigned (IANA's DS RR digest types). Validators \
             skip a DS they cannot check, kzonecheck 3.2.6 refuses the zone (\"invalid \
             algorithm in DS\"); named-checkzone loads it. Publish the digest as type 2 \
             (SHA-256).",
            Severity::Info,
        ),
    };
    let consequence = if beside {
        " A SHA-256 or SHA-384 digest of the same key is beside it, which validators use."
    } else {
        " No other digest of this key is beside it: validators that ignore this one treat the delegation as unsigned."
    };
    // A CDS asks the parent for that DS (RFC 7344 §4); BIND warns of a deprecated one in its
    // own words, and Knot loads any.
    let help = if kind == "CDS" {
        match digest {
            1 | 3 => {
                "named-checkzone warns (\"deprecated CDS digest type\"): a parent that \
                      follows the CDS (RFC 7344 §4) publishes a DS of that digest type, which RFC \
                      8624 says MUST NOT be used and validators drop. Publish the CDS with digest \
                      type 2 (SHA-256): `dnssec-dsfromkey -2 -C`, or the signer's CDS setting."
            }
            _ => {
                "Only digest types 1, 2, 3 and 4 are assigned (IANA's DS RR digest types): a \
                  parent that follows the CDS (RFC 7344 §4) publishes a DS validators skip. \
                  Publish the CDS with digest type 2 (SHA-256)."
            }
        }
    } else {
        help
    };
    let diagnostic = Diagnostic::new(&RULE, record.field_span(2), message)
        .with_help(format!("{help}{consequence}"))
        .with_severity(severity);
    // SHA-1 loads in Knot as in BIND. GOST and unassigned types stop kzonecheck ("invalid
    // algorithm in DS") where BIND only warns or says nothing: an error only where the
    // repository's knot.conf serves the zone.
    // A CDS is only a request to the parent: kzonecheck 3.2.6 loads any digest type there.
    if digest == 1 || record.rtype == CDS {
        diagnostic
    } else {
        follow_knot(zone, diagnostic)
    }
}
