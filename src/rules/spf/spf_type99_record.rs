//! SPF011: an SPF policy published as TXT and again as the retired SPF type (99).

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::RType;
use crate::rules::Rule;
use crate::rules::spf::{read_spf, spf_records};

pub static RULE: Rule = Rule {
    code: "SPF011",
    name: "spf-type99-record",
    severity: Severity::Warning,
    summary: "An SPF policy is also published as type SPF (99), a retired copy nothing reads",
    doc: include_str!("../../../rules/docs/SPF011.md"),
    check: Some(check),
};

fn check(_project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for record in zone.of_type(RType::SPF) {
        // A type-99 record with no TXT copy is ZONE018 (BIND's check-spf): one finding, there.
        let Some(spf) = read_spf(record) else {
            continue;
        };
        let txt = spf_records(zone, &record.owner);
        if txt.is_empty() {
            continue;
        }
        let owner = &record.owner;
        let same = txt
            .iter()
            .any(|policy| same_policy(&policy.text, &spf.text));
        let diagnostic = if same {
            Diagnostic::new(
                &RULE,
                record.type_span(),
                format!(
                    "`{owner}` publishes its SPF record also as type SPF (99), which nothing reads"
                ),
            )
            .with_help(
                "RFC 7208 §3.1: SPF records are published as TXT only; type 99 was retired (§14.1). \
                 Remove the SPF-type record and keep the TXT one.",
            )
            // The same policy either way: nothing changes for any verifier, only a record to
            // tidy (a target that refuses the type is OCTO004's).
            .with_severity(Severity::Info)
        } else {
            let mut diagnostic = Diagnostic::new(
                &RULE,
                record.type_span(),
                format!(
                    "`{owner}` publishes an SPF (99) record that differs from its TXT SPF record: a verifier that still reads type 99 applies the other policy"
                ),
            )
            .with_help(
                "RFC 7208 §3.1: SPF records are published as TXT only; type 99 was retired (§14.1), \
                 but old verifiers (libspf2, smf-spf) may still look it up first and fail mail the TXT \
                 record authorises. Remove the SPF-type record; the TXT one is the policy.",
            );
            for policy in txt {
                diagnostic =
                    diagnostic.with_label(policy.record.rdata_span(), "the TXT SPF record");
            }
            diagnostic
        };
        out.push(diagnostic);
    }
}

/// The same policy, as a verifier reads it: terms compared in any case, however spaced.
fn same_policy(a: &str, b: &str) -> bool {
    a.split_ascii_whitespace()
        .map(str::to_ascii_lowercase)
        .eq(b.split_ascii_whitespace().map(str::to_ascii_lowercase))
}
