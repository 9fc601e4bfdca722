//! DKIM002: an RSA DKIM key below 1024 bits, which verifiers reject (RFC 8301 §3.2), or a
//! domain whose only keys are Ed25519, which the large mailbox providers do not verify.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::rules::Rule;
use crate::rules::dkim::key_records;

pub static RULE: Rule = Rule {
    code: "DKIM002",
    name: "dkim-weak-key",
    severity: Severity::Error,
    summary: "An RSA DKIM key is shorter than 1024 bits (verifiers reject it) or than 2048 bits (advice), or a domain's only DKIM keys are Ed25519",
    doc: include_str!("../../../rules/docs/DKIM002.md"),
    check: Some(check),
};

fn check(_project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    let keys = key_records(zone);
    // A key cut over several records (DKIM004) has no size to judge: each piece is cut.
    for key in keys {
        let Ok(Some(read)) = &key.key else {
            continue;
        };
        if key.split {
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
    ed25519_only(zone, keys, out);
}

/// A domain whose only DKIM keys are Ed25519 (RFC 8463): Gmail and Outlook verify no Ed25519
/// signature ("Major ESPs like Gmail and Outlook do not support Ed25519 DKIM Signature",
/// frappe/mail#92; ProtonMail/WebClients#226), so its mail carries no DKIM they accept, and
/// DMARC rests on SPF, which forwarding breaks. Not said beside an RSA key or a DKIM CNAME of
/// the domain (a service's keys, whatever their kind).
fn ed25519_only(
    zone: &ZoneIndex<'_>,
    keys: &[crate::rules::dkim::KeyRecord<'_>],
    out: &mut Vec<Diagnostic>,
) {
    use crate::name::Caseless;
    use rustc_hash::FxHashMap as HashMap;
    fn domain_of(owner: &crate::name::Name) -> Option<Caseless<'_>> {
        owner.suffixes().nth(2).map(Caseless)
    }
    // Per domain: its first Ed25519 key, and whether it has any other.
    let mut domains: HashMap<Caseless<'_>, (Option<&crate::rules::dkim::KeyRecord<'_>>, bool)> =
        HashMap::default();
    for key in keys {
        let Some(domain) = domain_of(&key.record.owner) else {
            continue;
        };
        let entry = domains.entry(domain).or_default();
        match &key.key {
            Ok(Some(read)) if read.algorithm == "ed25519" && read.public_len > 0 => {
                entry.0.get_or_insert(key);
            }
            // A revoked key signs nothing; any other reading (RSA, unreadable) is another key.
            Ok(Some(read)) if read.public_len == 0 => {}
            _ => entry.1 = true,
        }
    }
    for record in zone.key_name_cnames() {
        if let Some(domain) = domain_of(&record.owner) {
            domains.entry(domain).or_default().1 = true;
        }
    }
    let mut found: Vec<(&str, &crate::model::Record)> = domains
        .into_iter()
        .filter_map(|(domain, (ed25519, other))| Some((domain.0, ed25519.filter(|_| !other)?)))
        .filter(|(_, key)| !key.split)
        .map(|(domain, key)| (domain, key.record))
        .collect();
    found.sort_by_key(|(_, record)| record.spans.entry().0);
    for (domain, record) in found {
        out.push(
            Diagnostic::new(
                &RULE,
                record.rdata_span(),
                format!(
                    "the DKIM keys of `{domain}` are all Ed25519 (`{}`): Gmail and Outlook do \
                     not verify Ed25519 signatures, so its mail carries no DKIM they accept",
                    record.owner
                ),
            )
            .with_severity(Severity::Warning)
            .with_help(
                "Sign with an RSA key too: publish a 2048-bit RSA key under a second selector \
                 and have the signer add an RSA signature beside the Ed25519 one (a verifier \
                 uses the signature it can check, RFC 6376 §4). Until then DMARC rests on SPF \
                 alone, which forwarding breaks.",
            ),
        );
    }
}
