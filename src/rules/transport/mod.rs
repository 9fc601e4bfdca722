//! Mail transport security: MTA-STS (RFC 8461), TLS-RPT (RFC 8460) and DANE TLSA records for
//! SMTP (RFC 7672).

pub mod dane_tlsa_invalid;
pub mod dane_tlsa_misplaced;
pub mod mta_sts_invalid_record;
pub mod mta_sts_policy_host_missing;
pub mod tls_rpt_invalid_record;

use crate::index::{Project, ZoneIndex, group_by_owner};
use crate::model::Record;
use crate::rules::tags::txt_text;
use crate::rules::zone::targets::aliased_from;

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

/// The records of `zone` that start with `version` (`v=STSv1`, `v=TLSRPTv1`) but stand where
/// senders do not look, with the name they belong at: `prefix` (`_mta-sts`, `_smtp._tls`) on
/// the domain the misplaced name was meant for, read by dropping the leading labels that spell
/// the prefix wrongly (`mta-sts`, `_smtp-tls`, `_tls._smtp`).
///
/// A record a CNAME at the right name leads to (`_mta-sts CNAME sts-policy`, a policy several
/// domains share) is read where it stands, as senders follow the alias: not misplaced.
pub fn misplaced<'a>(
    project: &Project<'_>,
    zone: &ZoneIndex<'a>,
    version: &str,
    prefix: &str,
) -> Vec<(&'a Record, crate::name::Name)> {
    let wanted: Vec<&str> = prefix.split('.').collect();
    let at_prefix = |owner: &crate::name::Name| {
        let labels: Vec<&str> = owner.labels().take(wanted.len()).collect();
        labels.len() == wanted.len()
            && labels
                .iter()
                .zip(&wanted)
                .all(|(a, b)| a.eq_ignore_ascii_case(b))
    };
    zone.txt_that_start_as_transport()
        .filter(|record| {
            txt_text(record).is_some_and(|text| {
                text.get(..version.len())
                    .is_some_and(|v| v.eq_ignore_ascii_case(version))
            })
        })
        .filter(|record| !at_prefix(&record.owner))
        .filter(|record| !aliased_from(project, &record.owner, at_prefix))
        .filter_map(|record| {
            let mut domain = record.owner.clone();
            while let Some(parent) = domain.parent() {
                let label = domain
                    .first_label()
                    .trim_start_matches('_')
                    .to_ascii_lowercase();
                // The misspellings, and the drafts' names (`_smtp-tlsrpt`, `_smtp_tlsrpt` of
                // draft-ietf-uta-smtp-tlsrpt; `_smtp-sts` of draft-ietf-uta-mta-sts).
                let spelling = [
                    "mta-sts",
                    "mta_sts",
                    "mtasts",
                    "smtp",
                    "tls",
                    "smtp-tls",
                    "smtp_tls",
                    "tlsrpt",
                    "tls-rpt",
                    "smtp-tlsrpt",
                    "smtp_tlsrpt",
                    "smtp-sts",
                    "smtp_sts",
                ];
                if !spelling.contains(&label.as_str()) {
                    break;
                }
                domain = parent;
            }
            let meant = crate::name::Name::from_ascii(prefix)
                .ok()?
                .prepend_to(&domain)
                .ok()?;
            Some((record, meant))
        })
        .collect()
}
