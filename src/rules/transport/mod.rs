//! Mail transport security: MTA-STS (RFC 8461), TLS-RPT (RFC 8460) and DANE TLSA records for
//! SMTP (RFC 7672).

pub mod dane_tlsa_invalid;
pub mod mta_sts_invalid_record;
pub mod mta_sts_policy_host_missing;
pub mod tls_rpt_invalid_record;

use crate::index::ZoneIndex;
use crate::model::Record;
use crate::rules::tags::txt_text;

/// The TXT records at names whose first label is `label` (`_mta-sts`), with their text,
/// grouped by owner in file order.
pub fn txt_by_owner<'a>(zone: &ZoneIndex<'a>, label: &str) -> Vec<Vec<(&'a Record, String)>> {
    let mut owners: Vec<Vec<(&'a Record, String)>> = Vec::new();
    let mut position: rustc_hash::FxHashMap<&'a crate::name::Name, usize> = Default::default();
    for record in zone.of_type(crate::model::RType::TXT) {
        if !record.owner.first_label().eq_ignore_ascii_case(label) {
            continue;
        }
        let Some(text) = txt_text(record) else {
            continue;
        };
        match position.get(&record.owner) {
            Some(&i) => owners[i].push((record, text)),
            None => {
                position.insert(&record.owner, owners.len());
                owners.push(vec![(record, text)]);
            }
        }
    }
    owners
}
