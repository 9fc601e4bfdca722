//! MAIL002: a record known to do harm once a setup is finished (a stale `msoid` CNAME).

use crate::catalog::CompanionType;
use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::{RData, RType};
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "MAIL002",
    name: "mail-leftover-record",
    severity: Severity::Warning,
    summary: "A record known to do harm once a mail setup is finished is still published (e.g. an `msoid` CNAME)",
    doc: include_str!("../../../rules/docs/MAIL002.md"),
    check: Some(check),
};

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    let leftovers = project.catalog.leftovers();
    if leftovers.is_empty() {
        return;
    }
    // The first bytes a leftover's owner can start with, in either case, and `\\` for an
    // escaped one: most owners are passed over on their first byte, without reading a label.
    let mut first_bytes = [false; 256];
    first_bytes[usize::from(b'\\')] = true;
    for leftover in leftovers {
        if let Some(&first) = leftover.name.as_bytes().first() {
            first_bytes[usize::from(first.to_ascii_lowercase())] = true;
            first_bytes[usize::from(first.to_ascii_uppercase())] = true;
        }
    }
    // A leftover is a CNAME or a TXT record ([`CompanionType`]): the other records' owners
    // need not be read.
    for record in zone.of_either_type(RType::CNAME, RType::TXT) {
        let first = record.owner.as_str().as_bytes().first();
        if first.is_some_and(|&b| !first_bytes[usize::from(b)]) {
            continue;
        }
        let label = record.owner.first_label();
        for leftover in leftovers {
            if !label.eq_ignore_ascii_case(&leftover.name) {
                continue;
            }
            let matches = match leftover.rtype {
                CompanionType::CNAME => {
                    record.rtype == RType::CNAME
                        && match (&record.rdata, &leftover.target) {
                            (RData::Target(target), Some(pattern)) => {
                                pattern.is_match(&target.as_str().to_ascii_lowercase())
                            }
                            (_, None) => true,
                            _ => false,
                        }
                }
                CompanionType::TXT => record.rtype == RType::TXT,
            };
            if !matches {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &RULE,
                    record.entry_span(),
                    format!("`{}` is a leftover: {}", record.owner, leftover.reason),
                )
                .with_help("Remove the record."),
            );
        }
    }
}
