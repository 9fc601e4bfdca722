//! Mail transport security: MTA-STS (RFC 8461), TLS-RPT (RFC 8460) and DANE TLSA records for
//! SMTP (RFC 7672).

pub mod dane_tlsa_invalid;
pub mod mta_sts_invalid_record;
pub mod mta_sts_policy_host_missing;
pub mod tls_rpt_invalid_record;

use crate::index::{ZoneIndex, group_by_owner};
use crate::model::Record;
use crate::rules::tags::txt_text;

/// The TXT records at names whose first label is `label` (`_mta-sts`), with their text,
/// grouped by owner in file order.
pub fn txt_by_owner<'a>(zone: &ZoneIndex<'a>, label: &str) -> Vec<Vec<(&'a Record, String)>> {
    // The index lists the TXT records at underscored names only.
    debug_assert!(
        label.starts_with('_'),
        "`{label}` is not an underscored label"
    );
    let texts = zone
        .underscored_txt()
        .filter(|record| record.owner.first_label().eq_ignore_ascii_case(label))
        .filter_map(|record| Some((&record.owner, (record, txt_text(record)?))));
    group_by_owner(texts)
        .into_iter()
        .map(|(_, records)| records)
        .collect()
}
