//! DKIM003: a TXT record at a DKIM key name holding a host name: a CNAME was meant.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::dkim::key_records;
use crate::rules::tags::txt_text;
use rustc_hash::FxHashSet as HashSet;

pub static RULE: Rule = Rule {
    code: "DKIM003",
    name: "dkim-hostname-in-txt",
    severity: Severity::Error,
    summary: "A DKIM selector is a TXT record holding a host name, where the provider asked for a CNAME",
    doc: include_str!("../../../rules/docs/DKIM003.md"),
    check: Some(check),
};

/// A DNS name, optionally absolute: letters, digits, `-` and `_` in two labels or more.
pub fn is_host_name(text: &str) -> bool {
    let trimmed = text.trim().trim_end_matches('.');
    trimmed.contains('.')
        && trimmed.split('.').all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        && trimmed
            .rsplit('.')
            .next()
            .is_some_and(|tld| tld.bytes().any(|b| b.is_ascii_alphabetic()))
}

fn check(_project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    // A host name has no `=`, so it never reads as a key (`read_key` gives Ok(None)): only
    // those records' text is joined again.
    let keys = key_records(zone);
    let unread = keys.iter().filter(|key| matches!(key.key, Ok(None)));
    // The owners of keys that read whole, gathered on the first candidate (not scanned for
    // each: a zone may hold thousands of such records).
    let mut whole_key_owners: Option<HashSet<&Name>> = None;
    for key in unread {
        // Beside a key that reads whole, a host name is a stray value, not the CNAME meant:
        // replacing the key by a CNAME would break the selector. DKIM004 says to remove it.
        let whole_key_owners = whole_key_owners.get_or_insert_with(|| {
            keys.iter()
                .filter(|other| matches!(other.key, Ok(Some(_))))
                .map(|other| &other.record.owner)
                .collect()
        });
        if whole_key_owners.contains(&key.record.owner) {
            continue;
        }
        let Some(text) = txt_text(key.record).filter(|text| is_host_name(text)) else {
            continue;
        };
        let target = text.trim().trim_end_matches('.');
        out.push(
            Diagnostic::new(
                &RULE,
                key.record.type_span(),
                format!(
                    "DKIM selector `{}` is a TXT record holding the host name `{target}`; verifiers read it as a key and fail",
                    key.record.owner
                ),
            )
            .with_help(format!(
                "The signing service publishes the key at `{target}` and asks for a CNAME to it, so it \
                 can rotate the key: replace the TXT record with `CNAME {target}.`."
            )),
        );
    }
}
