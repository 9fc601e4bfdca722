//! TLSRPT001: an `_smtp._tls` TXT record that senders cannot use (RFC 8460 §3).

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::rules::Rule;
use crate::rules::tags::{non_ascii_note, parse_tag_list, piece_span, tag};
use crate::rules::transport::{misplaced, txt_by_owner};

pub static RULE: Rule = Rule {
    code: "TLSRPT001",
    name: "tls-rpt-invalid-record",
    severity: Severity::Error,
    summary: "The `_smtp._tls` TLS-RPT record is malformed or not unique, so senders send no TLS reports",
    doc: include_str!("../../../rules/docs/TLSRPT001.md"),
    check: Some(check),
};

fn problem(text: &str) -> Option<(String, Option<&str>)> {
    if !text.starts_with("v=TLSRPTv1") {
        return Some((
            "it does not start with `v=TLSRPTv1`, so senders discard it".into(),
            None,
        ));
    }
    let tags = match parse_tag_list(text) {
        Ok(tags) => tags,
        Err(message) => return Some((message, None)),
    };
    let Some(rua) = tag(&tags, "rua") else {
        return Some((
            "there is no `rua=` tag: reports have nowhere to go".into(),
            None,
        ));
    };
    for uri in rua.split(',').map(str::trim) {
        let lower = uri.to_ascii_lowercase();
        // `mailto:postmaster@mxdove.com.` (aykevl/mta-sts#2): a zone file's final dot, which
        // no mail address has (RFC 5321 §4.1.2), as DMARC001 says of `rua` there.
        if lower.starts_with("mailto:") && lower.ends_with('.') {
            return Some((
                format!(
                    "`{uri}` is not a mail address: its domain ends in a dot, as names in a zone file do, and no mail address does"
                ),
                Some(uri),
            ));
        }
        let valid = if let Some(address) = lower.strip_prefix("mailto:") {
            address
                .rsplit_once('@')
                .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'))
        } else if let Some(rest) = lower.strip_prefix("https://") {
            !rest.is_empty() && !rest.starts_with('/')
        } else {
            false
        };
        if !valid {
            return Some((
                format!("`{uri}` is not a `mailto:` address or an `https:` URL"),
                Some(uri),
            ));
        }
    }
    None
}

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for (record, meant) in misplaced(project, zone, "v=TLSRPTv1", "_smtp._tls") {
        out.push(
            Diagnostic::new(
                &RULE,
                record.owner_span(),
                format!(
                    "a TLS-RPT record at `{}`: senders look for it only at `{meant}`",
                    record.owner
                ),
            )
            // Only the reports are lost, as for a DMARC record at the wrong name (DMARC003):
            // mail is delivered as before.
            .with_severity(Severity::Warning)
            .with_help(
                "RFC 8460 §3: the TXT record is at `_smtp._tls.<domain>`, two labels, each with its \
                 underscore. Move the record, or no report is ever sent.",
            ),
        );
    }
    // `_smtp._tls.<domain>`: `_smtp` names whose parent is a `_tls` name.
    for records in txt_by_owner(zone, "_smtp") {
        let owner = &records[0].0.owner;
        let under_tls = owner
            .parent()
            .is_some_and(|p| p.first_label().eq_ignore_ascii_case("_tls"));
        if !under_tls {
            continue;
        }
        let versioned: Vec<_> = records
            .iter()
            .filter(|(_, text)| text.starts_with("v=TLSRPTv1"))
            .collect();
        if versioned.len() > 1 {
            out.push(
                Diagnostic::new(
                    &RULE,
                    versioned[1].0.rdata_span(),
                    format!("`{owner}` has {} TLS-RPT records; senders then send no reports", versioned.len()),
                )
                .with_label(versioned[0].0.rdata_span(), "the first TLS-RPT record is here")
                .with_help("RFC 8460 §3: with more than one `v=TLSRPTv1` record, senders treat the domain as having none. Keep one, listing every destination in `rua`."),
            );
            continue;
        }
        for (record, text) in &records {
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
                    format!("TLS-RPT record of `{owner}`: {message}"),
                )
                .with_help(format!(
                    "RFC 8460 §3: the record is `v=TLSRPTv1; rua=mailto:tls-reports@example.com` (or an \
                     `https:` URL), several destinations separated by commas.{}",
                    non_ascii_note(record)
                )),
            );
        }
    }
}
