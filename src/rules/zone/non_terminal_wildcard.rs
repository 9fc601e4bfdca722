//! ZONE036: a `*` label that is not the leftmost label of the owner.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "ZONE036",
    name: "non-terminal-wildcard",
    severity: Severity::Warning,
    summary: "An owner name has a `*` label that is not its leftmost label",
    doc: include_str!("../../../rules/docs/ZONE036.md"),
    check: Some(check),
};

fn check(_project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    let mut previous: Option<&crate::name::Name> = None;
    for record in &zone.zone.records {
        // Once per owner run: the records of one owner usually follow each other.
        if previous.is_some_and(|p| p.as_str() == record.owner.as_str()) {
            continue;
        }
        previous = Some(&record.owner);
        // Nearly every owner has no `*` after its first byte: one byte search rules it out.
        let after_first = record
            .owner
            .as_str()
            .as_bytes()
            .get(1..)
            .unwrap_or_default();
        if memchr::memchr(b'*', after_first).is_none() {
            continue;
        }
        if !record.owner.labels().skip(1).any(|label| label == "*") {
            continue;
        }
        out.push(
            Diagnostic::new(
                &RULE,
                record.owner_span(),
                format!(
                    "`{}` has a `*` label that is not leftmost: it is a literal asterisk, not a wildcard",
                    record.owner
                ),
            )
            .with_help(
                "RFC 4592 §2.1.1: only a leftmost `*` label makes a wildcard; write `*.<name>` \
                 for a wildcard, or rename the owner",
            ),
        );
    }
}
