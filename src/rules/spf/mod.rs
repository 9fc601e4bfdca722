//! SPF rules, and reading SPF records out of TXT data.

pub mod spf_provider_include_missing;

use crate::index::ZoneIndex;
use crate::model::{RData, RType, Record};
use crate::name::Name;

/// One SPF record: the record and its text, the character strings joined as RFC 7208 §3.3 says
/// (without spaces).
pub struct Spf<'a> {
    pub record: &'a Record,
    pub text: String,
}

impl Spf<'_> {
    /// The terms after `v=spf1`.
    pub fn terms(&self) -> impl Iterator<Item = &str> {
        self.text.split_ascii_whitespace().skip(1)
    }

    /// Domains named by `include:` and `redirect=`, as written.
    pub fn referenced_domains(&self) -> impl Iterator<Item = &str> {
        self.terms().filter_map(|term| {
            let term = term.trim_start_matches(['+', '-', '~', '?']);
            let lower = term.get(..8).map(str::to_ascii_lowercase);
            if lower.as_deref() == Some("include:") {
                Some(&term[8..])
            } else if term
                .get(..9)
                .is_some_and(|p| p.eq_ignore_ascii_case("redirect="))
            {
                Some(&term[9..])
            } else {
                None
            }
        })
    }

    /// True when the record authorises no sender at all (`v=spf1 -all` and the like).
    pub fn authorises_nothing(&self) -> bool {
        self.terms().all(|term| {
            let bare = term.trim_start_matches(['+', '-', '~', '?']);
            bare.eq_ignore_ascii_case("all")
                || bare.contains('=') && !bare.to_ascii_lowercase().starts_with("redirect=")
        })
    }
}

/// The SPF records (TXT starting with `v=spf1`) at `owner`.
pub fn spf_records<'a>(zone: &ZoneIndex<'a>, owner: &Name) -> Vec<Spf<'a>> {
    zone.at(owner)
        .filter(|r| r.rtype == RType::TXT)
        .filter_map(|record| {
            let RData::Txt(strings) = &record.rdata else {
                return None;
            };
            let bytes: Vec<u8> = strings.iter().flat_map(|s| s.iter().copied()).collect();
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let version = text.get(..6)?;
            let after = text.as_bytes().get(6);
            (version.eq_ignore_ascii_case("v=spf1") && after.is_none_or(|b| *b == b' '))
                .then_some(Spf { record, text })
        })
        .collect()
}
