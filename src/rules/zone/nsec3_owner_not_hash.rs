//! ZONE038: an NSEC3 record whose owner does not start with a hash.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::RType;
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "ZONE038",
    name: "nsec3-owner-not-hash",
    // BIND refuses the zone under `check-names` warn as well as fail; `ignore` turns it off.
    severity: Severity::Error,
    summary: "An NSEC3 owner's first label is not a base32hex hash without padding",
    doc: include_str!("../../../rules/docs/ZONE038.md"),
    check: Some(check),
};

/// RFC 5155 §3: the owner's first label is the hash in base32hex (RFC 4648 §7), no padding.
fn is_hash_label(label: &str) -> bool {
    !label.is_empty()
        && label
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'v').contains(&b.to_ascii_lowercase()))
}

fn check(_project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for record in zone.of_type(RType::NSEC3) {
        if is_hash_label(record.owner.first_label()) {
            continue;
        }
        out.push(
            Diagnostic::new(
                &RULE,
                record.owner_span(),
                format!(
                    "NSEC3 owner `{}` does not start with a base32hex hash without padding",
                    record.owner
                ),
            )
            .with_help(
                "RFC 5155 §3: the first label is the hashed name in base32hex (0-9, a-v) without \
                 `=` padding; let the signer generate NSEC3 records",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::is_hash_label;

    #[test]
    fn base32hex_without_padding() {
        assert!(is_hash_label("cpnmu"));
        assert!(is_hash_label("0P9MHAVEQVM6T7VBL5LOP2U3T2RP3TOM"));
        assert!(!is_hash_label("CPNMU==="));
        assert!(!is_hash_label("wxyz"));
    }
}
