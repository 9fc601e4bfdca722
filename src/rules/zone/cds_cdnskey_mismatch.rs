//! ZONE017: CDS or CDNSKEY records that match no DNSKEY of the zone.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::{RData, RType, Record};
use crate::parse::rdata::{algorithm_number, key_flags};
use crate::parse::text::{decode_base64, parse_decimal};
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "ZONE017",
    name: "cds-cdnskey-mismatch",
    severity: Severity::Error,
    summary: "A CDS or CDNSKEY record matches no DNSKEY at its name (an error when no DNSKEY has its algorithm)",
    doc: include_str!("../../../rules/docs/ZONE017.md"),
    check: Some(check),
};

const DNSKEY: RType = RType(48);
const CDS: RType = RType(59);
const CDNSKEY: RType = RType(60);

/// A DNSKEY or CDNSKEY as numbers and key bytes: the RDATA in wire form, field by field.
#[derive(PartialEq)]
struct Key {
    flags: u32,
    protocol: u32,
    algorithm: u32,
    public_key: Vec<u8>,
}

impl Key {
    fn read(project: &Project<'_>, record: &Record) -> Option<Key> {
        if matches!(record.rdata, RData::Invalid) || record.spans.field_count() != 4 {
            return None;
        }
        let field = |i: usize| project.field_text(record, i).as_bytes();
        Some(Key {
            flags: key_flags(field(0))?,
            protocol: parse_decimal(field(1))
                .or_else(|| field(1).eq_ignore_ascii_case(b"DNSSEC").then_some(3))?,
            algorithm: algorithm_number(field(2))?,
            public_key: decode_base64(&strip_layout(field(3)))?,
        })
    }

    /// RFC 4034 Appendix B: the key tag over the RDATA in wire form.
    fn tag(&self) -> u32 {
        let mut wire = vec![(self.flags >> 8) as u8, self.flags as u8];
        wire.push(self.protocol as u8);
        wire.push(self.algorithm as u8);
        wire.extend_from_slice(&self.public_key);
        let mut sum: u32 = 0;
        for (i, &b) in wire.iter().enumerate() {
            sum += if i % 2 == 0 {
                u32::from(b) << 8
            } else {
                u32::from(b)
            };
        }
        (sum + (sum >> 16)) & 0xffff
    }
}

/// A key split over lines: drop the parentheses and comments between its tokens.
fn strip_layout(text: &[u8]) -> Vec<u8> {
    text.split(|&b| b == b'\n')
        .flat_map(|line| line.split(|&b| b == b';').next().unwrap_or(&[]))
        .copied()
        .filter(|&b| b != b'(' && b != b')')
        .collect()
}

/// BIND refuses the zone when no DNSKEY has the algorithm a CDS or CDNSKEY names; when one
/// does but it is another key, BIND loads the zone, and the finding is a warning.
fn severity(keys: &[Key], algorithm: u32) -> Severity {
    if keys.iter().any(|k| k.algorithm == algorithm) {
        Severity::Warning
    } else {
        Severity::Error
    }
}

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    if !zone.has_type(CDS) && !zone.has_type(CDNSKEY) {
        return;
    }
    for sets in zone.owners() {
        let records_of = |rtype: RType| {
            sets.iter()
                .filter(move |s| s.rtype == rtype)
                .flat_map(|s| s.records)
        };
        if records_of(CDS).next().is_none() && records_of(CDNSKEY).next().is_none() {
            continue;
        }
        if !sets.first().in_zone {
            continue;
        }
        let owner = sets.first().owner();
        let keys: Vec<Key> = records_of(DNSKEY)
            .filter_map(|r| Key::read(project, r))
            .collect();
        let first_dnskey = records_of(DNSKEY).next();
        let with_keys = |diagnostic: Diagnostic| match first_dnskey {
            Some(dnskey) => {
                diagnostic.with_label(dnskey.entry_span(), "the DNSKEY records start here")
            }
            None => diagnostic,
        };
        for cds in records_of(CDS) {
            if matches!(cds.rdata, RData::Invalid) || cds.spans.field_count() != 4 {
                continue;
            }
            let tag = parse_decimal(project.field_text(cds, 0).as_bytes());
            let algorithm = algorithm_number(project.field_text(cds, 1).as_bytes());
            let (Some(tag), Some(algorithm)) = (tag, algorithm) else {
                continue;
            };
            // RFC 8078 §4: algorithm 0 asks the parent to delete the DS; it names no key.
            if algorithm == 0 {
                continue;
            }
            if keys
                .iter()
                .any(|k| k.algorithm == algorithm && k.tag() == tag)
            {
                continue;
            }
            out.push(with_keys(
                Diagnostic::new(
                    &RULE,
                    cds.rdata_span(),
                    format!(
                        "CDS at `{owner}` names key tag {tag} algorithm {algorithm}, and no DNSKEY there has them"
                    ),
                )
                .with_severity(severity(&keys, algorithm))
                .with_help(
                    "a CDS asks the parent to publish a DS for one of the zone's own DNSKEYs (RFC 7344 §4): regenerate it from the DNSKEY (`dnssec-dsfromkey -C`), or remove it",
                ),
            ));
        }
        for cdnskey in records_of(CDNSKEY) {
            let Some(key) = Key::read(project, cdnskey) else {
                continue;
            };
            if key.algorithm == 0 || keys.contains(&key) {
                continue;
            }
            out.push(with_keys(
                Diagnostic::new(
                    &RULE,
                    cdnskey.rdata_span(),
                    format!(
                        "CDNSKEY at `{owner}` (key tag {}, algorithm {}) is not a copy of any DNSKEY there",
                        key.tag(),
                        key.algorithm
                    ),
                )
                .with_severity(severity(&keys, key.algorithm))
                .with_help(
                    "a CDNSKEY must repeat one of the zone's DNSKEY records exactly (RFC 7344 §4): copy it from the DNSKEY, or remove it",
                ),
            ));
        }
    }
}
