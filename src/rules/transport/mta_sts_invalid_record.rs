//! MTASTS001: an `_mta-sts` TXT record senders cannot use (RFC 8461 §3.1).

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::rules::Rule;
use crate::rules::tags::{non_ascii_note, parse_tag_list, piece_span, tag_text};
use crate::rules::transport::{misplaced, txt_by_owner};

pub static RULE: Rule = Rule {
    code: "MTASTS001",
    name: "mta-sts-invalid-record",
    severity: Severity::Error,
    summary: "The `_mta-sts` TXT record is malformed or not unique, so senders apply no MTA-STS policy",
    doc: include_str!("../../../rules/docs/MTASTS001.md"),
    check: Some(check),
};

/// Why senders would not use this record (RFC 8461 §3.1), if they would not, and the part of
/// `text` that says so, when one part does.
fn problem(text: &str) -> Option<(String, Option<&str>)> {
    if !text.starts_with("v=STSv1;") && text != "v=STSv1" && !spaced_version(text) {
        return Some((
            "it does not start with `v=STSv1;`, so senders discard it".into(),
            None,
        ));
    }
    let tags = match parse_tag_list(text) {
        Ok(tags) => tags,
        Err(message) => return Some((message, None)),
    };
    let Some(id) = tags.iter().find(|t| t.name.eq_ignore_ascii_case("id")) else {
        return Some(("there is no `id=` tag".into(), None));
    };
    let value = id.value;
    let why = if value.is_empty() {
        "`id=` is empty: it must be 1 to 32 letters and digits".to_string()
    } else if value.len() > 32 {
        format!(
            "`id={value}` has {} characters: it must be 1 to 32 letters and digits",
            value.len()
        )
    } else if !value.bytes().all(|b| b.is_ascii_alphanumeric()) {
        format!(
            "`id={value}` is not letters and digits only (a time stamp such as 20260101T000000 has a `T` but no `-` or `:`)"
        )
    } else {
        return None;
    };
    Some((why, tag_text(text, id)))
}

/// Does `text` start with the version tag `v=STSv1` (then its end, a `;` or a blank), as an
/// MTA-STS record of this version does? Not `v=STSv10;`.
fn is_versioned(text: &str) -> bool {
    text.strip_prefix("v=STSv1")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([';', ' ', '\t']))
}

/// `v=STSv1 ;`: blanks between the version and its `;`, which RFC 8461 §3.1's grammar allows
/// (`sts-field-delim = *WSP ";" *WSP`) but its discovery step does not: where the name has
/// several TXT records, senders keep only those that begin with `v=STSv1;`, literally, and
/// some senders compare the start that way always.
fn spaced_version(text: &str) -> bool {
    text.strip_prefix("v=STSv1")
        .map(|rest| rest.trim_start_matches([' ', '\t']))
        .is_some_and(|rest| rest.starts_with(';'))
        && !text.starts_with("v=STSv1;")
}

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for (record, meant) in misplaced(project, zone, "v=STSv1", "_mta-sts") {
        out.push(
            Diagnostic::new(
                &RULE,
                record.owner_span(),
                format!(
                    "an MTA-STS record at `{}`: senders look for it only at `{meant}`",
                    record.owner
                ),
            )
            .with_help(
                "RFC 8461 §3.1: the TXT record is at `_mta-sts.<domain>` (with the underscore); the \
                 policy file is served from `https://mta-sts.<domain>/` (without). Move the record.",
            ),
        );
    }
    for records in txt_by_owner(zone, "_mta-sts") {
        let owner = &records[0].0.owner;
        let versioned: Vec<_> = records
            .iter()
            .filter(|(_, text)| is_versioned(text))
            .collect();
        // Where the name has several TXT records, senders keep those that begin with
        // `v=STSv1;` literally: a record with a blank before the `;` is discarded (and told
        // below), and does not make a second policy.
        let kept: Vec<_> = if records.len() > 1 {
            versioned
                .iter()
                .filter(|(_, text)| text.starts_with("v=STSv1;"))
                .copied()
                .collect()
        } else {
            versioned.clone()
        };
        if kept.len() > 1 {
            let versioned = kept;
            out.push(
                Diagnostic::new(
                    &RULE,
                    versioned[1].0.rdata_span(),
                    format!("`{owner}` has {} MTA-STS records; senders then apply no policy", versioned.len()),
                )
                .with_label(versioned[0].0.rdata_span(), "the first MTA-STS record is here")
                .with_help("RFC 8461 §3.1: with more than one `v=STSv1` record, senders assume there is no policy. Keep one."),
            );
            continue;
        }
        for (record, text) in &records {
            // Another TXT record beside an MTA-STS record (a site verification) is discarded
            // by senders and costs nothing; alone, it is what senders find instead of one.
            if !versioned.is_empty() && !is_versioned(text) {
                continue;
            }
            if spaced_version(text) {
                // Alone at its name the record is read by the grammar; beside other TXT
                // records the literal comparison discards it.
                let (severity, consequence) = if !kept.is_empty() && records.len() > 1 {
                    (
                        Severity::Warning,
                        "the name has other TXT records, so senders discard this one and apply \
                         the record that begins with `v=STSv1;`: remove this one",
                    )
                } else if records.len() > 1 {
                    (
                        Severity::Error,
                        "the name has other TXT records, so senders keep only those that begin \
                         with `v=STSv1;` and discard this one",
                    )
                } else {
                    // postfix-mta-sts-resolver keeps the records that start `v=STSv1` and
                    // reads the fields with their blanks trimmed, as RFC 8461's grammar does
                    // (aykevl/mta-sts#19 reads the record as valid): advice, not a fault.
                    (
                        Severity::Info,
                        "RFC 8461's grammar allows the blank, and senders read the record; only \
                         a sender that compares the start of the record with `v=STSv1;` (as the \
                         RFC has them do where the name has several TXT records) would discard it",
                    )
                };
                out.push(
                    Diagnostic::new(
                        &RULE,
                        record.rdata_span(),
                        format!(
                            "MTA-STS record of `{owner}` has a blank between `v=STSv1` and its `;`: {consequence}"
                        ),
                    )
                    .with_severity(severity)
                    .with_help("Write `v=STSv1;` with no blank before the `;` (RFC 8461 §3.1)."),
                );
            }
            let Some((message, at)) = problem(text) else {
                continue;
            };
            let span = at.map_or_else(
                || record.rdata_span(),
                |at| piece_span(project, record, text, at),
            );
            out.push(
                Diagnostic::new(
                    &RULE,
                    span,
                    format!("MTA-STS record of `{owner}`: {message}"),
                )
                .with_help(format!(
                    "RFC 8461 §3.1: the record is `v=STSv1; id=<1-32 letters and digits>;`, and `id` \
                     changes whenever the policy file at https://mta-sts.<domain>/.well-known/mta-sts.txt \
                     changes. Without a valid record senders never fetch the policy.{}",
                    non_ascii_note(record)
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn says_which_way_an_id_is_wrong() {
        let why = |text: &str| problem(text).map(|(why, _)| why).unwrap_or_default();
        assert!(why("v=STSv1; id=").starts_with("`id=` is empty"));
        let long = format!("v=STSv1; id={}", "a".repeat(33));
        assert!(why(&long).contains("has 33 characters"));
        assert!(why("v=STSv1; id=2026-01-01").contains("not letters and digits only"));
        assert_eq!(problem("v=STSv1; id=20260101T000000"), None);
        // A blank before the `;` is the grammar's; MTASTS001 says what it costs apart.
        assert_eq!(problem("v=STSv1 ; id=1234;"), None);
        assert!(why("v=STSv1 ; id=").starts_with("`id=` is empty"));
        assert!(why("v=STSv1x; id=1").contains("does not start with"));
    }
}
