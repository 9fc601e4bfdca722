//! DANE001: a TLSA record that clients cannot use (RFC 6698 §2.1, RFC 7218), and for SMTP
//! (`_25._tcp.<mx host>`) the usages RFC 7672 §3.1.3 says SMTP clients treat as unusable.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::RType;
use crate::name::Name;
use crate::rules::Rule;
use rustc_hash::FxHashMap as HashMap;

pub static RULE: Rule = Rule {
    code: "DANE001",
    name: "dane-tlsa-invalid",
    severity: Severity::Error,
    summary: "A TLSA record has an unknown usage, selector or matching type, or data of the wrong length; for SMTP, a PKIX usage",
    doc: include_str!("../../../rules/docs/DANE001.md"),
    check: Some(check),
};

fn is_smtp(record: &crate::model::Record) -> bool {
    record.owner.first_label() == "_25"
        && record
            .owner
            .parent()
            .is_some_and(|p| p.first_label().eq_ignore_ascii_case("_tcp"))
}

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    // Whether a name has a TLSA record that can match, read once per name: a name may hold
    // thousands.
    let mut usable_at: HashMap<&Name, bool> = HashMap::default();
    for record in zone.of_type(RType::TLSA) {
        if record.spans.field_count() < 4 {
            continue; // generic `\#` data: no fields to read
        }
        let number = |i: usize| project.field_text(record, i).trim().parse::<u16>().ok();
        let (Some(usage), Some(selector), Some(matching)) = (number(0), number(1), number(2))
        else {
            continue; // a syntax error, reported by the parser
        };
        let data = project.field_text(record, 3);
        let hex_len = data.bytes().filter(u8::is_ascii_hexdigit).count();
        let owner = &record.owner;
        let mut report = |field: usize, message: String, help: &str, severity: Severity| {
            out.push(
                Diagnostic::new(
                    &RULE,
                    record.field_span(field),
                    format!("TLSA `{owner}`: {message}"),
                )
                .with_help(help.to_string())
                .with_severity(severity),
            );
        };
        let unusable = "Clients ignore a TLSA record they cannot use; when no record of the set is \
                        usable, DANE protects nothing. Usages are 0-3 (PKIX-TA, PKIX-EE, DANE-TA, \
                        DANE-EE), selectors 0-1 (full certificate, public key), matching types 0-2 \
                        (full, SHA-256, SHA-512) (RFC 6698 §2.1, RFC 7218).";
        if usage > 3 {
            report(
                0,
                format!("certificate usage {usage} is not defined"),
                unusable,
                Severity::Error,
            );
        } else if usage < 2 && is_smtp(record) {
            report(
                0,
                format!("certificate usage {usage} (PKIX) is unusable for SMTP"),
                "RFC 7672 §3.1.3: SMTP clients treat PKIX-TA(0) and PKIX-EE(1) records as unusable, \
                 since there is no agreed set of trusted CAs for SMTP. Publish DANE-EE(3) or \
                 DANE-TA(2) records, usually `3 1 1 <SHA-256 of the server's public key>`.",
                Severity::Warning,
            );
        }
        if selector > 1 {
            report(
                1,
                format!("selector {selector} is not defined"),
                unusable,
                Severity::Error,
            );
        }
        let expected = match matching {
            0 => None,
            1 => Some(64),
            2 => Some(128),
            _ => {
                report(
                    2,
                    format!("matching type {matching} is not defined"),
                    unusable,
                    Severity::Error,
                );
                None
            }
        };
        if let Some(expected) = expected
            && hex_len != expected
        {
            let hash = if matching == 1 { "SHA-256" } else { "SHA-512" };
            report(
                3,
                format!(
                    "matching type {matching} ({hash}) needs {} bytes of data, this has {}",
                    expected / 2,
                    hex_len / 2
                ),
                "The association data is the digest itself, in hex: 64 digits for SHA-256, 128 for \
                 SHA-512 (RFC 6698 §2.1.4). A record that matches no certificate makes DANE clients \
                 refuse to deliver (RFC 7672 §2.2).",
                Severity::Error,
            );
        } else if is_digest_of_nothing(matching, data) {
            let hash = if matching == 1 { "SHA-256" } else { "SHA-512" };
            // Clients need one record of the set to match: beside a usable one this one only
            // matches nothing.
            // (This record is not one: it is a digest of nothing.)
            let others_usable = *usable_at.entry(owner).or_insert_with(|| {
                zone.at(owner).any(|other| {
                    other.rtype == RType::TLSA
                        && other.spans.field_count() >= 4
                        && !is_digest_of_nothing(
                            matching_type(project, other),
                            project.field_text(other, 3),
                        )
                })
            });
            report(
                3,
                format!(
                    "the data is the {hash} digest of nothing (empty input): no certificate or key matches it"
                ),
                "The tool that made the record hashed an empty file (the certificate was not \
                 found or not readable). DANE clients refuse to connect to a host none of whose \
                 TLSA records match (RFC 7672 §2.2, RFC 6698 §4): publish the digest of the \
                 server's public key (`openssl x509 -pubkey ... | sha256sum` for `3 1 1`).",
                if others_usable {
                    Severity::Warning
                } else {
                    Severity::Error
                },
            );
        }
    }
}

/// The matching type of a TLSA record, 0 when it does not read.
fn matching_type(project: &Project<'_>, record: &crate::model::Record) -> u16 {
    project.field_text(record, 2).trim().parse().unwrap_or(0)
}

/// Is `data` (hex, perhaps split by blanks) the SHA-256 (`matching` 1) or SHA-512 (2) of
/// empty input? Virtualmin published `3 1 1 e3b0c442...b855` for its mail hosts when it read
/// no certificate, and DANE senders refused all mail for hours.
fn is_digest_of_nothing(matching: u16, data: &str) -> bool {
    const SHA256_EMPTY: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    const SHA512_EMPTY: &str = "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce\
                                47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e";
    let digits: String = data
        .bytes()
        .filter(u8::is_ascii_hexdigit)
        .map(|b| b.to_ascii_lowercase() as char)
        .collect();
    match matching {
        1 => digits == SHA256_EMPTY,
        2 => digits == SHA512_EMPTY,
        _ => false,
    }
}
