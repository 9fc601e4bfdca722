//! ZONE051: the zone's DNSKEY records use an algorithm RFC 8624 retires (RSASHA1, RSAMD5,
//! DSA, ECC-GOST), as BIND warns when it loads the zone.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::{RData, RType};
use crate::parse::rdata::algorithm_number;
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "ZONE051",
    name: "dnskey-algorithm-deprecated",
    severity: Severity::Warning,
    summary: "A DNSKEY of the zone uses a deprecated algorithm (RSASHA1, RSAMD5, DSA, ECC-GOST): validators are dropping them",
    doc: include_str!("../../../rules/docs/ZONE051.md"),
    check: Some(check),
};

const DNSKEY: RType = RType(48);

/// The algorithms BIND 9.18 calls deprecated when it loads a zone ("deprecated DNSKEY
/// algorithm found"), with their names and what RFC 8624 §3.1 says of signing with them.
const DEPRECATED: &[(u32, &str, &str)] = &[
    (1, "RSAMD5", "MUST NOT"),
    (3, "DSA", "MUST NOT"),
    (5, "RSASHA1", "NOT RECOMMENDED"),
    (6, "DSA-NSEC3-SHA1", "MUST NOT"),
    (7, "RSASHA1-NSEC3-SHA1", "NOT RECOMMENDED"),
    (12, "ECC-GOST", "MUST NOT"),
];

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    let apex = &zone.zone.apex;
    let keys: Vec<_> = zone
        .of_type(DNSKEY)
        .filter(|r| r.owner == *apex && !matches!(r.rdata, RData::Invalid))
        .filter(|r| r.spans.field_count() == 4)
        .filter_map(|r| Some((r, algorithm_number(project.field_text(r, 2).as_bytes())?)))
        .collect();
    let all_deprecated = !keys.is_empty()
        && keys
            .iter()
            .all(|(_, algorithm)| DEPRECATED.iter().any(|d| d.0 == *algorithm));
    let mut said = Vec::new();
    for (record, algorithm) in &keys {
        let Some(&(number, name, rfc)) = DEPRECATED.iter().find(|d| d.0 == *algorithm) else {
            continue;
        };
        if said.contains(&number) {
            continue;
        }
        said.push(number);
        let consequence = if all_deprecated {
            "and every DNSKEY of the zone uses a deprecated algorithm: validators that no longer accept them treat the zone as unsigned"
        } else {
            "validators that no longer accept it ignore its signatures"
        };
        out.push(
            Diagnostic::new(
                &RULE,
                record.field_span(2),
                format!("DNSKEY algorithm {number} ({name}) is deprecated, {consequence}"),
            )
            .with_help(format!(
                "RFC 8624 §3.1: signing with {name} {rfc} be done, and BIND warns when it loads \
                 the zone (\"deprecated DNSKEY algorithm found\"). Roll the zone to \
                 ECDSAP256SHA256 (13) or RSASHA256 (8): sign with the new algorithm, publish its \
                 DS at the parent, then withdraw the old keys (RFC 6781 §4.1.4)."
            )),
        );
    }
}
