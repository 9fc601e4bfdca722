//! ZONE052: a DS record whose digest type validators are dropping (SHA-1, GOST) or do not
//! know, as BIND warns and Knot refuses.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::{RData, RType, Record};
use crate::parse::rdata::algorithm_number;
use crate::rules::Rule;
use crate::rules::zone::follow_knot;

pub static RULE: Rule = Rule {
    code: "ZONE052",
    name: "ds-digest-deprecated",
    severity: Severity::Warning,
    summary: "A DS record uses a digest type validators are dropping (SHA-1, GOST) or do not know",
    doc: include_str!("../../../rules/docs/ZONE052.md"),
    check: Some(check),
};

const DS: RType = RType(43);

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
    let records: Vec<(&Record, (u16, u8, u8))> = zone
        .of_type(DS)
        .filter_map(|record| Some((record, ds_fields(project, record)?)))
        .collect();
    // One finding per name and digest type, as named-checkzone prints one line per name.
    let mut said: Vec<(&crate::name::Name, u8)> = Vec::new();
    for &(record, (key_tag, algorithm, digest)) in &records {
        if matches!(digest, 2 | 4) || said.contains(&(&record.owner, digest)) {
            continue;
        }
        said.push((&record.owner, digest));
        // A SHA-256 or SHA-384 digest of the same key beside it: validators use that one.
        let beside = records.iter().any(|&(other, (tag, alg, d))| {
            other.owner == record.owner && tag == key_tag && alg == algorithm && matches!(d, 2 | 4)
        });
        let owner = &record.owner;
        let (message, help, severity) = match digest {
            1 => (
                format!("DS of `{owner}` (key tag {key_tag}) uses digest type 1 (SHA-1), which RFC 8624 says MUST NOT be used"),
                "named-checkzone warns (\"deprecated digest type 1 (SHA-1)\"), and validators that no \
                 longer accept SHA-1 (Red Hat Enterprise Linux 9's default policy) ignore the \
                 record. Publish the digest as type 2 (SHA-256) and drop this one."
                    .to_string(),
                if beside { Severity::Info } else { Severity::Warning },
            ),
            3 => (
                format!("DS of `{owner}` (key tag {key_tag}) uses digest type 3 (GOST R 34.11-94), which RFC 8624 says MUST NOT be used"),
                "named-checkzone warns (\"deprecated digest type 3 (GOST)\"), kzonecheck 3.2.6 \
                 refuses the zone (\"invalid algorithm in DS\"), and most validators do not \
                 implement GOST. Publish the digest as type 2 (SHA-256) instead."
                    .to_string(),
                Severity::Warning,
            ),
            _ => (
                format!("DS of `{owner}` (key tag {key_tag}) uses digest type {digest}, which no validator knows"),
                "Only digest types 1, 2, 3 and 4 are assigned (IANA's DS RR digest types). Validators \
                 skip a DS they cannot check, kzonecheck 3.2.6 refuses the zone (\"invalid \
                 algorithm in DS\"); named-checkzone loads it. Publish the digest as type 2 \
                 (SHA-256)."
                    .to_string(),
                Severity::Info,
            ),
        };
        let consequence = if beside {
            " A SHA-256 or SHA-384 digest of the same key is beside it, which validators use."
        } else {
            " No other digest of this key is beside it: validators that ignore this one treat the delegation as unsigned."
        };
        let diagnostic = Diagnostic::new(&RULE, record.field_span(2), message)
            .with_help(format!("{help}{consequence}"))
            .with_severity(severity);
        // Knot refuses every digest type but 1, 2 and 4.
        out.push(if digest == 1 {
            diagnostic
        } else {
            follow_knot(zone, diagnostic)
        });
    }
}
