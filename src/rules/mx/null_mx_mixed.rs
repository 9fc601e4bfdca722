//! MX008: a null MX (RFC 7505) beside other MX records, or with a non-zero preference.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::rules::Rule;
use crate::rules::mx::{exchange_span, mx_sets};

pub static RULE: Rule = Rule {
    code: "MX008",
    name: "null-mx-mixed",
    severity: Severity::Error,
    summary: "A null MX (`0 .`) shares its name with other MX records, or has a non-zero preference",
    doc: include_str!("../../../rules/docs/MX008.md"),
    check: Some(check),
};

/// One finding per MX set and problem: the first null MX carries it, the other records
/// involved are labels.
fn check(_project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for set in mx_sets(zone) {
        let nulls: Vec<_> = set.hosts.iter().filter(|mx| mx.is_null()).collect();
        let Some(&first) = nulls.first() else {
            continue;
        };
        let others: Vec<_> = set.hosts.iter().filter(|mx| !mx.is_null()).collect();
        if !others.is_empty() {
            let nulls_said = if nulls.len() == 1 {
                "null MX says".to_string()
            } else {
                format!("{} null MX records say", nulls.len())
            };
            let mut diagnostic = Diagnostic::new(
                &RULE,
                exchange_span(first),
                format!(
                    "{nulls_said} `{}` accepts no mail, but {} other MX record{} here say{} it does",
                    set.owner,
                    others.len(),
                    if others.len() == 1 { "" } else { "s" },
                    if others.len() == 1 { "s" } else { "" }
                ),
            )
            .with_help(
                "RFC 7505 §3: a null MX must be the only MX at its name; remove it if the \
                 domain receives mail, or remove the other MX records if it does not",
            );
            for null in &nulls[1..] {
                diagnostic = diagnostic.with_label(exchange_span(null), "another null MX");
            }
            for other in &others {
                diagnostic = diagnostic.with_label(exchange_span(other), "other MX");
            }
            out.push(diagnostic);
        }
        let preference_span = |null: &crate::rules::mx::Mx<'_>| {
            if null.record.spans.field_count() >= 2 {
                null.record.field_span(0)
            } else {
                null.record.rdata_span()
            }
        };
        // Null MX records alone, more than one (`MX 0 .` and `MX 1 .`): the mail outcome is
        // the same, but RFC 7505 §3 allows no other MX beside the null MX, a second one
        // included. The one to keep is the first with preference 0; the others are the
        // finding, and their preference is not said again below.
        let kept = nulls
            .iter()
            .copied()
            .find(|null| null.preference == 0)
            .unwrap_or(first);
        if others.is_empty() && nulls.len() > 1 {
            let extra: Vec<_> = nulls
                .iter()
                .copied()
                .filter(|null| !std::ptr::eq(*null, kept))
                .collect();
            let mut diagnostic = Diagnostic::new(
                &RULE,
                exchange_span(extra[0]),
                format!(
                    "`{}` has {} null MX records; RFC 7505 allows one, the only MX at its name",
                    set.owner,
                    nulls.len()
                ),
            )
            .with_severity(Severity::Warning)
            .with_label(exchange_span(kept), "the null MX to keep")
            .with_help("keep a single `MX 0 .` and remove the other null MX records");
            for null in &extra[1..] {
                diagnostic = diagnostic.with_label(exchange_span(null), "another null MX");
            }
            out.push(diagnostic);
        }
        let non_zero: Vec<_> = nulls
            .iter()
            .filter(|null| {
                null.preference != 0 && (!others.is_empty() || std::ptr::eq(**null, kept))
            })
            .collect();
        if let Some(&&first) = non_zero.first() {
            let message = if non_zero.len() == 1 {
                format!(
                    "null MX has preference {}; RFC 7505 requires 0",
                    first.preference
                )
            } else {
                format!(
                    "{} null MX records have a non-zero preference; RFC 7505 requires 0",
                    non_zero.len()
                )
            };
            let mut diagnostic = Diagnostic::new(&RULE, preference_span(first), message)
                .with_severity(Severity::Warning)
                .with_help("write the null MX as `MX 0 .`");
            for null in &non_zero[1..] {
                diagnostic = diagnostic.with_label(
                    preference_span(null),
                    format!("preference {}", null.preference),
                );
            }
            out.push(diagnostic);
        }
    }
}
