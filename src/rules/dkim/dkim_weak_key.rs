//! DKIM002: an RSA DKIM key below 1024 bits, which verifiers reject (RFC 8301 §3.2).

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::rules::Rule;
use crate::rules::dkim::{key_records, split_key_names};

pub static RULE: Rule = Rule {
    code: "DKIM002",
    name: "dkim-weak-key",
    severity: Severity::Error,
    summary: "An RSA DKIM key is shorter than 1024 bits (verifiers reject it) or than 2048 bits (advice)",
    doc: include_str!("../../../rules/docs/DKIM002.md"),
    check: Some(check),
};

fn check(_project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    let keys = key_records(zone);
    // A key cut over several records (DKIM004) has no size to judge: each piece is cut.
    let split = split_key_names(keys);
    for key in keys {
        let Ok(Some(read)) = &key.key else {
            continue;
        };
        if split.contains(&&key.record.owner) {
            continue;
        }
        if read.algorithm != "rsa" {
            continue;
        }
        let Some(bits) = read.rsa_bits else {
            continue;
        };
        let owner = &key.record.owner;
        let diagnostic = if bits < 1024 {
            Diagnostic::new(
                &RULE,
                key.record.rdata_span(),
                format!("DKIM key `{owner}` is a {bits}-bit RSA key; verifiers reject keys under 1024 bits"),
            )
            .with_help(
                "RFC 8301 §3.2: verifiers MUST NOT accept signatures made with RSA keys under 1024 bits, \
                 so mail signed with this selector fails DKIM. Generate a 2048-bit key and publish it \
                 under a new selector.",
            )
        } else if bits < 2048 {
            Diagnostic::new(
                &RULE,
                key.record.rdata_span(),
                format!("DKIM key `{owner}` is a {bits}-bit RSA key; 2048 bits is the recommended size"),
            )
            .with_severity(Severity::Info)
            .with_help(
                "RFC 8301 §3.2: signers SHOULD use RSA keys of at least 2048 bits. Rotate to a 2048-bit \
                 key under a new selector when the signing service allows it.",
            )
        } else {
            continue;
        };
        out.push(diagnostic);
    }
}
