//! SPF003: a term receivers cannot read; the whole record is a permerror (RFC 7208 §4.6).

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::RType;
use crate::rules::Rule;
use crate::rules::spf::{Spf, read_spf, spf_by_owner, term_span};

pub static RULE: Rule = Rule {
    code: "SPF003",
    name: "spf-invalid-syntax",
    severity: Severity::Error,
    summary: "An SPF term does not parse (unknown mechanism, bad address or prefix, bad macro), so the whole record is a permerror",
    doc: include_str!("../../../rules/docs/SPF003.md"),
    check: Some(check),
};

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    // The TXT ones as the zone's SPF rules read them once; type 99 ones only here.
    let type_99: Vec<Spf<'_>> = zone.of_type(RType::SPF).filter_map(read_spf).collect();
    let txt = spf_by_owner(zone).iter().flat_map(|(_, records)| records);
    for spf in txt.chain(&type_99) {
        let terms = spf.parse();
        // Two terms read as one that still parses (`include:spf.protection.outlook.com-all`):
        // the record is not the one meant, and the include or redirect names a domain that
        // does not exist, a permerror (RFC 7208 §5.2, §6.1). One that does not parse is
        // reported below, with the same hint.
        for (term, second) in spf.glued_terms() {
            if terms
                .errors
                .iter()
                .any(|error| std::ptr::eq(error.text, term))
            {
                continue;
            }
            let first = &term[..term.len() - second.len()];
            out.push(
                Diagnostic::new(
                    &RULE,
                    term_span(project, spf, term),
                    format!(
                        "SPF record of `{}`: `{term}` is `{first}` and `{second}` run together: receivers join the quoted strings of a record without a space",
                        spf.record.owner
                    ),
                )
                .with_help(format!(
                    "RFC 7208 §3.3: the strings of a TXT record are joined as they are, so receivers read one term, `{term}`, and the record is not the one meant. \
                     End the string before `{second}` with a space, or start that string with one."
                )),
            );
        }
        for error in terms.errors {
            let mut help =
                "Receivers stop at the first term they cannot read and return permerror: \
                            the record then authorises nothing, and DMARC sees no SPF pass."
                    .to_string();
            if spf.straddles_join(error.text) {
                help.push_str(
                    " This term runs across two quoted strings: receivers join the strings \
                     without a space (RFC 7208 §3.3), so end the first string with a space or \
                     start the second with one.",
                );
            }
            out.push(
                Diagnostic::new(
                    &RULE,
                    term_span(project, spf, error.text),
                    format!("SPF record of `{}`: {}", spf.record.owner, error.message),
                )
                .with_help(help),
            );
        }
    }
}
