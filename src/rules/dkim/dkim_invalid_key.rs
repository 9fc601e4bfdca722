//! DKIM001: a DKIM key record that verifiers cannot use (RFC 6376 §3.6.1).

use std::borrow::Cow;

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::Record;
use crate::rules::Rule;
use crate::rules::dkim::key_records;
use crate::rules::tags::{non_ascii_note, printable_text, quoted_as_text, quoted_record_text};

pub static RULE: Rule = Rule {
    code: "DKIM001",
    name: "dkim-invalid-key",
    severity: Severity::Error,
    summary: "A DKIM key record does not read (tags, `v=`, `k=`, `p=` base64 or key data), so signatures with it fail",
    doc: include_str!("../../../rules/docs/DKIM001.md"),
    check: Some(check),
};

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    let keys = key_records(zone);
    for key in keys {
        // One key cut over several records is DKIM004's finding; each piece's missing `p=` or
        // cut key data would say the same again.
        if key.split {
            continue;
        }
        if key.key.is_err()
            && let Some(inner) = quoted_record_text(key.record)
                .as_deref()
                .and_then(quoted_as_text)
                .filter(|inner| inner.contains("p="))
        {
            out.push(quoted_key(key.record, inner));
            continue;
        }
        let problem: Cow<'_, str> = match &key.key {
            Ok(None) => continue,
            Err(message) => message.as_str().into(),
            Ok(Some(read)) if read.public_len == 0 => continue, // revoked: `p=` empty
            Ok(Some(read)) => match read.algorithm.as_str() {
                "rsa" if read.rsa_bits.is_none() => {
                    "`p=` decodes, but not to an RSA public key (SubjectPublicKeyInfo)".into()
                }
                "ed25519" if read.public_len != 32 => format!(
                    "`p=` decodes to {} bytes; an Ed25519 key is 32 (RFC 8463 §4.2)",
                    read.public_len
                )
                .into(),
                _ => continue,
            },
        };
        out.push(
            Diagnostic::new(
                &RULE,
                key.record.rdata_span(),
                format!("DKIM key `{}`: {problem}", key.record.owner),
            )
            .with_help(help(project, key.record)),
        );
    }
}

/// A key published with its quotes as text (`"\"v=DKIM1; k=rsa; p=...\""`, quoted twice by a
/// tool or a hand): the first tag verifiers read is `"v`, so the record does not read.
fn quoted_key(record: &Record, inner: &str) -> Diagnostic {
    let shown = printable_text(inner.bytes().take(40).collect::<Vec<u8>>());
    let more = if inner.len() > 40 { "..." } else { "" };
    Diagnostic::new(
        &RULE,
        record.rdata_span(),
        format!(
            "DKIM key `{}`: it starts with a quote character (the record is quoted twice), so verifiers cannot read it",
            record.owner
        ),
    )
    .with_help(format!(
        "The quotes are part of the text (`\\\"` in a zone file, or quotes inside quotes from an API \
         or a configuration tool), so the first tag reads as `\"v` and the last value ends in a \
         quote: mail signed with this selector fails DKIM. Publish the text without them: \
         `\"{shown}{more}\"`."
    ))
}

/// The help, borrowed unless the record holds non-ASCII characters to point out: a zone of
/// keys pasted wrong can have tens of thousands of these findings.
fn help(project: &Project<'_>, record: &Record) -> Cow<'static, str> {
    const HELP: &str = "Mail signed with this selector fails DKIM, and DMARC then depends on SPF \
                        alone. Copy the record again from the signing service or key generator: \
                        `v=DKIM1; k=rsa; p=<base64 key>`, with long keys split into several \
                        quoted strings rather than cut.";
    match non_ascii_note(record) + &crate::rules::tags::comment_cut_note(project, record) {
        note if note.is_empty() => Cow::Borrowed(HELP),
        note => Cow::Owned(format!("{HELP}{note}")),
    }
}
