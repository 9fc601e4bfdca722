//! BIMI rules (draft-brand-indicators-for-message-identification): Assertion Records at
//! `<selector>._bimi.<domain>`, which ask receivers to show a brand's logo beside its mail.

pub mod bimi_invalid_record;
pub mod bimi_without_dmarc_enforcement;

use crate::index::ZoneIndex;
use crate::model::{RData, RType, Record};
use crate::name::Name;
use crate::rules::tags::txt_text;

/// A TXT record at a BIMI name whose text starts as a BIMI record (`v=BIMI`, any case).
pub struct Bimi<'a> {
    pub record: &'a Record,
    pub text: String,
    /// The domain the record is for: the owner's labels after `_bimi`.
    pub domain: Name,
}

/// The zone's TXT records at `<selector>._bimi.<domain>` that start as BIMI records. Most TXT
/// records are not: each is told by its owner's labels and its first string's first bytes
/// before any text is made.
pub fn bimi_records<'a>(zone: &ZoneIndex<'a>) -> Vec<Bimi<'a>> {
    zone.of_type(RType::TXT)
        .filter(|record| {
            let RData::Txt(strings, _) = &record.rdata else {
                return false;
            };
            // `v`, `=` and the value may have white space between them (the draft's ABNF).
            strings.first().is_some_and(|first| {
                first
                    .iter()
                    .filter(|b| !b.is_ascii_whitespace())
                    .take(6)
                    .map(u8::to_ascii_lowercase)
                    .eq(b"v=bimi".iter().copied())
            })
        })
        .filter_map(|record| {
            let domain = domain_of(&record.owner)?;
            let text = txt_text(record)?;
            Some(Bimi {
                record,
                text,
                domain,
            })
        })
        .collect()
}

/// The domain of a BIMI name `<selector>._bimi.<domain>` (the selector may have several
/// labels); None when the name has no `_bimi` label after its first.
fn domain_of(owner: &Name) -> Option<Name> {
    let labels: Vec<&str> = owner.labels().collect();
    let at = labels
        .iter()
        .skip(1)
        .position(|label| label.eq_ignore_ascii_case("_bimi"))?
        + 1;
    let mut domain = owner.clone();
    for _ in 0..=at {
        domain = domain.parent()?;
    }
    Some(domain)
}

/// Does the record decline to publish (`l=` and `a=` both empty or absent): no logo is asked
/// for, and nothing is required of the domain.
pub fn declines(tags: &[crate::rules::tags::Tag<'_>]) -> bool {
    let empty = |name| crate::rules::tags::tag(tags, name).is_none_or(str::is_empty);
    empty("l") && empty("a")
}
