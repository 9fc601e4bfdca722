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

fn check(_project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for set in mx_sets(zone) {
        let others: Vec<_> = set.hosts.iter().filter(|mx| !mx.is_null()).collect();
        for null in set.hosts.iter().filter(|mx| mx.is_null()) {
            if !others.is_empty() {
                let mut diagnostic = Diagnostic::new(
                    &RULE,
                    exchange_span(null),
                    format!(
                        "null MX says `{}` accepts no mail, but {} other MX record{} here say{} it does",
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
                for other in &others {
                    diagnostic = diagnostic.with_label(exchange_span(other), "other MX");
                }
                out.push(diagnostic);
            }
            if null.preference != 0 {
                let span = if null.record.spans.fields.len() >= 2 {
                    null.record.field_span(0)
                } else {
                    null.record.rdata_span()
                };
                out.push(
                    Diagnostic::new(
                        &RULE,
                        span,
                        format!(
                            "null MX has preference {}; RFC 7505 requires 0",
                            null.preference
                        ),
                    )
                    .with_severity(Severity::Warning)
                    .with_help("write the null MX as `MX 0 .`"),
                );
            }
        }
    }
}
