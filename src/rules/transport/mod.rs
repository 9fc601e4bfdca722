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
    for record in &zone.zone.records {
        if !record.owner.first_label().eq_ignore_ascii_case(label) {
            continue;
        }
        let Some(text) = txt_text(record) else {
            continue;
        };
        match owners
            .iter_mut()
            .find(|list| list[0].0.owner == record.owner)
        {
            Some(list) => list.push((record, text)),
            None => owners.push(vec![(record, text)]),
        }
    }
    owners
}
