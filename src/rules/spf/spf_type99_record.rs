//! SPF011: an SPF policy published as TXT and again as the retired SPF type (99).

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::RType;
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::spf::{read_spf, spf_records};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

pub static RULE: Rule = Rule {
    code: "SPF011",
    name: "spf-type99-record",
    severity: Severity::Warning,
    summary: "An SPF policy is also published as type SPF (99), a retired copy nothing reads",
    doc: include_str!("../../../rules/docs/SPF011.md"),
    check: Some(check),
};

fn check(_project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    let mut policies_at: HashMap<&Name, HashSet<String>> = HashMap::default();
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
        // The TXT policies of each name, normalised once: a name may hold thousands.
        let policies = policies_at
            .entry(owner)
            .or_insert_with(|| txt.iter().map(|policy| normalised(&policy.text)).collect());
        let same = policies.contains(&normalised(&spf.text));
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
            // The first few: a name may hold thousands.
            for policy in txt.iter().take(20) {
                diagnostic =
                    diagnostic.with_label(policy.record.rdata_span(), "the TXT SPF record");
            }
            diagnostic
        };
        out.push(diagnostic);
    }
}

/// A policy's terms in lower case, one space apart: two records are the same policy, as a
/// verifier reads them, when these are equal (terms compared in any case, however spaced).
fn normalised(policy: &str) -> String {
    policy
        .split_ascii_whitespace()
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}
