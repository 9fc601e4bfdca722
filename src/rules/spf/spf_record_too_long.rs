//! SPF010: an SPF record over 450 bytes, which may not fit a UDP answer (RFC 7208 §3.4).

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::rules::Rule;
use crate::rules::spf::spf_by_owner;

pub static RULE: Rule = Rule {
    code: "SPF010",
    name: "spf-record-too-long",
    severity: Severity::Warning,
    summary: "The SPF record is over 450 bytes; its answer may not fit in 512 bytes of UDP",
    doc: include_str!("../../../rules/docs/SPF010.md"),
    check: Some(check),
};

/// RFC 7208 §3.4: keep the record's answer within 512 bytes, which leaves about 450 for the text.
const LIMIT: usize = 450;

fn check(_project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for (owner, records) in spf_by_owner(zone) {
        for spf in records {
            let size = spf.wire_len();
            if size <= LIMIT {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &RULE,
                    spf.record.rdata_span(),
                    format!(
                        "the SPF record of `{owner}` is {size} bytes, over the {LIMIT} that RFC 7208 §3.4 advises"
                    ),
                )
                .with_help(
                    "Answers over 512 bytes need EDNS or TCP, and some receivers then fail to get the \
                     record (temperror). Move groups of senders behind `include:` of a name of your \
                     own, or drop senders no longer used.",
                ),
            );
        }
    }
}
