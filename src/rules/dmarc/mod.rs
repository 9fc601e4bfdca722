//! DMARC rules (RFC 7489, and the tags of DMARCbis): records at `_dmarc.<domain>`.

pub mod dmarc_external_reports;
pub mod dmarc_invalid_record;
pub mod dmarc_misplaced;
pub mod dmarc_missing;
pub mod dmarc_multiple_records;
pub mod dmarc_reports_undeliverable;
pub mod dmarc_subdomain_policy_none;

use crate::index::{ZoneIndex, group_by_owner};
use crate::model::{RData, RType, Record};
use crate::name::Name;
use crate::rules::tags::{Tag, tag, txt_text};

/// A TXT record that is, or tries to be, a DMARC record.
pub struct Dmarc<'a> {
    pub record: &'a Record,
    pub text: String,
    /// The owner's first label is `_dmarc`, where receivers look ([`is_dmarc_owner`]): read
    /// once, as several rules ask and the owner's name is a read from memory of its own.
    pub at_dmarc_name: bool,
}

impl Dmarc<'_> {
    /// The domain the policy is for: the owner without its `_dmarc` label.
    pub fn policy_domain(&self) -> Option<Name> {
        self.record.owner.parent()
    }

    /// Starts with `v=DMARC1` (white space around `=` allowed, RFC 7489 §6.4), the only records
    /// receivers keep (§6.6.3). The tag name is an ABNF string, which matches in any case
    /// (`V=DMARC1`, RFC 5234 §2.3); the value is given byte by byte, so `DMARC1` is exact.
    pub fn is_valid_version(&self) -> bool {
        let Some(rest) = self.text.strip_prefix(['v', 'V']) else {
            return false;
        };
        let Some(rest) = rest.trim_start_matches([' ', '\t']).strip_prefix('=') else {
            return false;
        };
        rest.trim_start_matches([' ', '\t'])
            .strip_prefix("DMARC1")
            .is_some_and(|r| r.is_empty() || r.starts_with([';', ' ', '\t']))
    }
}

/// The CNAME record at `_dmarc.<name>`, when the name's DMARC policy is hosted elsewhere (a
/// DMARC service: `_dmarc CNAME _dmarc.example.com.service.example.`). Receivers follow it,
/// so the policy is the target's, unknown here unless the target is linted.
pub fn dmarc_cname<'a>(zone: &ZoneIndex<'a>, name: &Name) -> Option<&'a Record> {
    let dmarc = Name::from_ascii("_dmarc").ok()?.prepend_to(name).ok()?;
    zone.at(&dmarc)
        .find(|record| record.rtype == RType::CNAME && matches!(record.rdata, RData::Target(_)))
}

/// True when the text looks like a DMARC record: `v=DMARC` in any case, spaced or not.
pub fn looks_like_dmarc(text: &str) -> bool {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(7)
        .collect();
    compact.eq_ignore_ascii_case("v=dmarc")
}

pub fn is_dmarc_owner(record: &Record) -> bool {
    is_dmarc_owner_name(&record.owner)
}

/// [`is_dmarc_owner`] of a name.
pub fn is_dmarc_owner_name(owner: &Name) -> bool {
    owner.first_label().eq_ignore_ascii_case("_dmarc")
}

/// Is `owner` a report destination's authorisation, `<domain>._report._dmarc.<destination>`
/// or its wildcard `*._report._dmarc.<destination>` (RFC 7489 §7.1)? Such a record holds
/// `v=DMARC1` too, and is where receivers look for it.
pub fn is_report_authorisation(owner: &Name) -> bool {
    let labels: Vec<&str> = owner.labels().collect();
    labels.windows(2).skip(1).any(|pair| {
        pair[0].eq_ignore_ascii_case("_report") && pair[1].eq_ignore_ascii_case("_dmarc")
    })
}

/// Every DMARC-looking TXT record of the zone, wherever it is (read once per zone:
/// [`ZoneIndex::dmarc_like`]).
pub fn dmarc_like<'z, 'a>(zone: &'z ZoneIndex<'a>) -> &'z [Dmarc<'a>] {
    zone.dmarc_like()
}

pub(crate) fn collect_dmarc_like<'a>(zone: &ZoneIndex<'a>) -> Vec<Dmarc<'a>> {
    zone.txt_that_may_be_dmarc()
        .filter(|record| !zone.is_delegated(record))
        .filter_map(|record| {
            let text = txt_text(record)?;
            looks_like_dmarc(&text).then(|| Dmarc {
                record,
                text,
                at_dmarc_name: is_dmarc_owner(record),
            })
        })
        .collect()
}

/// The DMARC record receivers apply at each `_dmarc` name, with its tags: the name's only
/// record that reads as a tag list. Several records are DMARC002's (receivers apply none), one
/// that does not read DMARC001's.
pub fn applied_records<'z, 'a>(
    zone: &'z ZoneIndex<'a>,
) -> impl Iterator<Item = (&'z Dmarc<'a>, Vec<Tag<'z>>)> + 'z {
    dmarc_by_owner(zone).filter_map(|(_, records)| {
        let [dmarc] = records.as_slice() else {
            return None;
        };
        let tags = crate::rules::tags::parse_tag_list(&dmarc.text).ok()?;
        Some((*dmarc, tags))
    })
}

/// The DMARC records receivers keep at each `_dmarc` name, grouped by owner in file order
/// (grouped once per zone: [`ZoneIndex::dmarc_groups`]).
pub fn dmarc_by_owner<'z, 'a>(
    zone: &'z ZoneIndex<'a>,
) -> impl Iterator<Item = (&'a Name, Vec<&'z Dmarc<'a>>)> + 'z {
    let all = dmarc_like(zone);
    let groups = zone.dmarc_groups(|| {
        group_by_owner(
            (0..)
                .zip(all)
                .filter(|(_, dmarc)| dmarc.at_dmarc_name && dmarc.is_valid_version())
                .map(|(place, dmarc)| (&dmarc.record.owner, place)),
        )
    });
    groups.iter().map(move |(owner, places)| {
        let records = places.iter().map(|&place| &all[place as usize]).collect();
        (*owner, records)
    })
}

/// The DMARC records receivers keep at `name` (a `_dmarc` name), as [`dmarc_by_owner`] groups
/// them: found through the index's owner table, not by passing over every group, as rules
/// ask it for each of many names.
pub fn dmarc_at<'z, 'a, 'n>(
    zone: &'z ZoneIndex<'a>,
    name: &'n Name,
) -> impl Iterator<Item = &'z Dmarc<'a>> + use<'z, 'a, 'n> {
    let all = dmarc_like(zone);
    let place = move |record: &Record| zone.zone.position_of(record);
    zone.at(name)
        .filter_map(move |record| {
            // `all` is in file order: found by the record's place in the zone.
            let at = place(record)?;
            let found = all
                .binary_search_by_key(&Some(at), |dmarc| place(dmarc.record))
                .ok()?;
            Some(&all[found])
        })
        .filter(|dmarc| dmarc.at_dmarc_name && dmarc.is_valid_version())
}

/// The mailto: addresses of a `rua`/`ruf` value, with the domain of each.
pub fn report_uris(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').map(str::trim).filter(|u| !u.is_empty())
}

/// The `mailto:` report addresses of a DMARC record's tags, `rua` first, then `ruf`, each in
/// the order written: the tag's name, the URI as written and its domain (lower case).
pub fn report_mailtos<'s, 't: 's>(
    tags: &'s [Tag<'t>],
) -> impl Iterator<Item = (&'static str, &'t str, String)> + 's {
    ["rua", "ruf"].into_iter().flat_map(move |name| {
        tag(tags, name)
            .into_iter()
            .flat_map(report_uris)
            .filter_map(move |uri| Some((name, uri, mailto_domain(uri)?)))
    })
}

/// The domain of a `mailto:` URI (without its `!size` suffix), lower case.
pub fn mailto_domain(uri: &str) -> Option<String> {
    let address = uri
        .get(..7)
        .filter(|p| p.eq_ignore_ascii_case("mailto:"))
        .map(|_| &uri[7..])?;
    let address = address.split('!').next()?;
    let (_, domain) = address.rsplit_once('@')?;
    Some(domain.trim_end_matches('.').to_ascii_lowercase())
}

/// The organisational domain of `domain` told by shape (zonelint carries no public suffix
/// list): its last two labels (`example.com`), or three under a country code's second level
/// (`example.co.uk`, [`crate::name::is_registry_second_level`]); None for a name too short to
/// have one.
pub fn organisational_domain(domain: &Name) -> Option<Name> {
    let labels: Vec<&str> = domain.labels().collect();
    let keep = match labels.as_slice() {
        [.., second, tld] if crate::name::is_registry_second_level(second, tld) => 3,
        _ => 2,
    };
    if labels.len() < keep {
        return None;
    }
    let mut org = domain.clone();
    for _ in keep..labels.len() {
        org = org.parent()?;
    }
    Some(org)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisational_domains_by_shape() {
        let org = |text: &str| {
            organisational_domain(&Name::from_ascii(text).unwrap()).map(|n| n.to_string())
        };
        assert_eq!(org("mail.example.com.").as_deref(), Some("example.com."));
        assert_eq!(org("a.b.example.co.uk.").as_deref(), Some("example.co.uk."));
        assert_eq!(
            org("www.example.com.au.").as_deref(),
            Some("example.com.au.")
        );
        // Nominet's personal and company second levels.
        assert_eq!(
            org("peterdavies.me.uk.").as_deref(),
            Some("peterdavies.me.uk.")
        );
        assert_eq!(
            org("shop.example.ltd.uk.").as_deref(),
            Some("example.ltd.uk.")
        );
        // `me` is a second level under `uk` only: `me.de` is a domain of its own.
        assert_eq!(org("www.me.de.").as_deref(), Some("me.de."));
        assert_eq!(org("co.uk."), None);
    }
}
