//! DKIM004: several TXT records at one DKIM selector, whose result is undefined
//! (RFC 6376 §3.6.2.2).

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::dkim::{KeyRecord, key_records, split_key_names};

pub static RULE: Rule = Rule {
    code: "DKIM004",
    name: "dkim-multiple-records",
    severity: Severity::Error,
    summary: "A DKIM selector has several TXT records (two keys, or one key split over records); verifiers read one at random",
    doc: include_str!("../../../rules/docs/DKIM004.md"),
    check: Some(check),
};

fn check(_project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    let keys = key_records(zone);
    if keys.len() < 2 {
        return;
    }
    let split = split_key_names(keys);
    let mut by_selector: HashMap<&Name, Vec<&KeyRecord<'_>>> = HashMap::new();
    for key in keys {
        by_selector.entry(&key.record.owner).or_default().push(key);
    }
    for (owner, mut records) in by_selector {
        // A record written twice is one record served (an RRset is a set, RFC 2181 §5; servers
        // and octoDNS keep one): ZONE013's finding, not two keys.
        let mut distinct: Vec<&KeyRecord<'_>> = Vec::with_capacity(records.len());
        records.retain(|k| {
            let repeated = distinct.iter().any(|d| d.record.rdata == k.record.rdata);
            if !repeated {
                distinct.push(k);
            }
            !repeated
        });
        // Only where one of them is (or tries to be) a key: other TXT records at a key name
        // are no DKIM business.
        let is_key = |k: &KeyRecord<'_>| !matches!(k.key, Ok(None));
        let Some(first) = records.iter().copied().find(|k| is_key(k)) else {
            continue;
        };
        let Some(second) = records
            .iter()
            .copied()
            .find(|k| !std::ptr::eq(k.record, first.record))
        else {
            continue;
        };
        // Keys that read whole: two of them are two keys; fewer, one key in pieces (which
        // DKIM001 and DKIM002 then leave to this rule).
        let whole = records
            .iter()
            .filter(|k| matches!(k.key, Ok(Some(_))))
            .count();
        let (message, help) = if split.contains(&owner) {
            (
                format!(
                    "the DKIM key at `{owner}` is split over {} TXT records: verifiers read one of them",
                    records.len()
                ),
                "A long key is one TXT record of several quoted strings, which verifiers join; as \
                 separate records they are separate answers, and the key in either is cut. Join them \
                 into one record: `( \"v=DKIM1; k=rsa; p=MIIB...\" \"...the rest\" )` in a zone file, one \
                 `value:` (not a `values:` list) in octoDNS YAML.",
            )
        } else {
            (
                format!("`{owner}` has {whole} DKIM key records: verifiers use either at random"),
                "RFC 6376 §3.6.2.2: the TXT records of a selector must be unique, and with several the \
                 result is undefined, so signatures made with the other key fail at random. Keep the \
                 key the signing service uses now; publish a new key under a new selector when rotating.",
            )
        };
        out.push(
            Diagnostic::new(&RULE, second.record.rdata_span(), message)
                .with_label(
                    first.record.rdata_span(),
                    "the other record at this selector",
                )
                .with_help(help),
        );
    }
}
