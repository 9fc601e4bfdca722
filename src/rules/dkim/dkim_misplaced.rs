//! DKIM006: a DKIM key, or the CNAME a signing service asked for, at a name that misspells
//! `<selector>._domainkey.<domain>` (`selector1.domainkey`, `s1_domainkey`, no selector), where
//! no verifier looks.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Lookup, Project, ZoneIndex};
use crate::model::{RType, Record};
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::tags::{parse_tag_list, tag, txt_text};
use crate::rules::zone::targets::aliased_from;

pub static RULE: Rule = Rule {
    code: "DKIM006",
    name: "dkim-misplaced",
    severity: Severity::Warning,
    summary: "A DKIM key or DKIM CNAME is published at a misspelt `_domainkey` name (`selector1.domainkey`), where verifiers never look",
    doc: include_str!("../../../rules/docs/DKIM006.md"),
    check: Some(check),
};

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    let candidates = zone
        .of_type(RType::TXT)
        .chain(zone.of_type(RType::CNAME))
        // Nearly every owner lacks the word: the labels are read only for those that have it.
        .filter(|record| mentions_domainkey(record.owner.as_str()));
    for record in candidates {
        let Some(place) = misplaced(&record.owner) else {
            continue;
        };
        let what = match record.rtype {
            RType::CNAME => "DKIM CNAME",
            // A TXT record there that is no key (DomainKeys' old `o=~` policy at
            // `_domainkey.<domain>`, a note) is left alone.
            _ if looks_like_key(record) => "DKIM key",
            _ => continue,
        };
        // A key that a CNAME in the linted zones leads to is where the alias sends verifiers
        // (a key shared by several domains).
        if record.rtype == RType::TXT && aliased_from(project, &record.owner, |_| true) {
            continue;
        }
        // A key whose right name holds nothing: the signer signs with this selector and every
        // signature fails ("permerror (no key)", LukeSmithxyz/emailwiz#130), as with a key
        // that does not decode (DKIM001). A CNAME misplaced keeps the service from signing
        // with the selector at all (it checks the CNAME first), and a key beside one in its
        // right place is a leftover: warnings.
        // Only where a linted zone answers for the right name: elsewhere nothing is known.
        let nothing_in_place = match &place {
            Place::Meant(meant) if record.rtype == RType::TXT => {
                project.zone_for(meant, zone).is_some_and(|at| {
                    // Not below a delegation (the child zone answers), and not where records
                    // may have been lost to input errors.
                    at.zone.shows_all_but_addresses_at(meant)
                        && match at.lookup(meant) {
                            Lookup::Found(records) => !records
                                .iter()
                                .any(|r| matches!(r.rtype, RType::TXT | RType::CNAME)),
                            Lookup::NxDomain | Lookup::EmptyNonTerminal => true,
                            Lookup::Wildcard(_) | Lookup::Delegated => false,
                        }
                })
            }
            _ => false,
        };
        let diagnostic = diagnostic(record, what, &place, &zone.zone.apex, nothing_in_place);
        out.push(if nothing_in_place {
            diagnostic.with_severity(Severity::Error)
        } else {
            diagnostic
        });
    }
    out.extend(
        zone.of_type(RType::TXT)
            .filter(|record| starts_as_key(record) && !mentions_domainkey(record.owner.as_str()))
            .filter(|record| looks_like_key(record) && !zone.is_delegated(record))
            // A signing service's own zone keeps keys where its customers' CNAMEs lead
            // (`fm1.example.com.dkim.fmhosted.com.`): a name below a `dkim` label, or one a
            // CNAME of the linted zones leads to.
            .filter(|record| {
                !record
                    .owner
                    .labels()
                    .skip(1)
                    .any(|label| label.eq_ignore_ascii_case("dkim"))
                    && !aliased_from(project, &record.owner, |_| true)
            })
            .map(|record| key_without_key_name(project, zone, record)),
    );
}

/// A DKIM key pasted at a name with no `_domainkey` label (the apex, a host), as a panel's
/// host field left empty publishes it: verifiers never look there (is-a-dev/register#20842:
/// Zoho "needs verification at `zmail._domainkey.(your subdomain)`").
fn key_without_key_name(
    project: &Project<'_>,
    zone: &ZoneIndex<'_>,
    record: &Record,
) -> Diagnostic {
    let owner = &record.owner;
    // The selector the name's mail provider publishes its key at, when the catalog knows it.
    let selector = zone
        .at(owner)
        .filter_map(|mx| match &mx.rdata {
            crate::model::RData::Mx { exchange, .. } => project.provider_for(exchange),
            _ => None,
        })
        .find_map(|provider| {
            // A TXT key of the provider's setup (`google._domainkey`), not a CNAME's name
            // (`selector1._domainkey` of Microsoft 365, which a key must not replace).
            project
                .catalog
                .companions_of(&provider.id)
                .filter(|companion| companion.rtype == crate::catalog::CompanionType::TXT)
                .find_map(|companion| {
                    let selector = companion.name.strip_suffix("._domainkey")?;
                    Some((selector, provider.name.as_str()))
                })
        });
    let example = match selector {
        Some((selector, provider)) => format!(
            "`<selector>._domainkey.{owner}`, under the selector the signing service gives (if \
             it is {provider}'s key, `{selector}._domainkey.{owner}`)"
        ),
        None => {
            format!("`<selector>._domainkey.{owner}`, under the selector the signing service gives")
        }
    };
    Diagnostic::new(
        &RULE,
        record.rdata_span(),
        format!(
            "DKIM key at `{owner}`, a name without `_domainkey`: verifiers look up \
             `<selector>._domainkey.{owner}`, never this name"
        ),
    )
    .with_help(format!(
        "RFC 6376 §3.6.2.1: a key is the TXT record at `<selector>._domainkey.<domain>`, the \
         selector taken from the `s=` of each signature. Move the record to {example}; here \
         it only adds a TXT record to the name."
    ))
}

/// Does the TXT record's first string start `v=DKIM1`, as a key's tag list does? A first look
/// at the bytes, so that the zone's other TXT records are not read as tag lists.
fn starts_as_key(record: &Record) -> bool {
    let crate::model::RData::Txt(strings, _) = &record.rdata else {
        return false;
    };
    strings.first().is_some_and(|first| {
        let mut shown = first.iter().filter(|b| !b.is_ascii_whitespace());
        let mut expected = b"v=DKIM1".iter();
        expected.all(|want| shown.next().is_some_and(|b| b.eq_ignore_ascii_case(want)))
    })
}

fn diagnostic(
    record: &Record,
    what: &str,
    place: &Place,
    apex: &Name,
    nothing_in_place: bool,
) -> Diagnostic {
    let owner = &record.owner;
    let (message, help) = match place {
        Place::Meant(meant) => (
            format!("{what} at `{owner}`: verifiers look up `{meant}`, not this name"),
            format!(
                "RFC 6376 §3.6.2.1: a key is the TXT record at `<selector>._domainkey.<domain>`, with \
                 an underscore and the selector first. Move the record to `{meant}`{}.{}",
                match meant.relative_to(apex) {
                    Some(relative) if !relative.is_empty() =>
                        format!(" (`{relative}` in this zone)"),
                    _ => String::new(),
                },
                if nothing_in_place {
                    " Nothing is published there, so every signature with this selector fails."
                } else {
                    ""
                }
            ),
        ),
        Place::NoSelector => (
            format!(
                "{what} at `{owner}` has no selector before `_domainkey`: verifiers never look it up"
            ),
            "RFC 6376 §3.6.2.1: verifiers look up `<selector>._domainkey.<domain>`, the selector \
             taken from the `s=` of each signature. Publish the record under the selector the \
             signing service uses (`selector1._domainkey`, `s1._domainkey`, `google._domainkey`)."
                .to_string(),
        ),
    };
    Diagnostic::new(&RULE, record.owner_span(), message).with_help(help)
}

/// Where a misplaced record was meant to be.
#[derive(Debug, PartialEq)]
enum Place {
    /// `<selector>._domainkey.<domain>`, read from the misspelt name.
    Meant(Name),
    /// `_domainkey.<domain>` (or its misspelling) without a selector before it.
    NoSelector,
}

/// Does the name's text hold `domainkey`, in any case?
fn mentions_domainkey(text: &str) -> bool {
    // Asked of every TXT and CNAME owner: only the places of a `d` are compared, most names
    // having none or one.
    let bytes = text.as_bytes();
    memchr::memchr2_iter(b'd', b'D', bytes).any(|at| {
        bytes
            .get(at..at + DOMAINKEY.len())
            .is_some_and(|window| window.eq_ignore_ascii_case(DOMAINKEY.as_bytes()))
    })
}

const DOMAINKEY: &str = "domainkey";

/// Where `owner` meant to be, when it misspells a DKIM key name; None when it is one
/// (`_domainkey` after a selector of one label or more) or no DKIM name at all.
fn misplaced(owner: &Name) -> Option<Place> {
    let labels: Vec<&str> = owner.labels().collect();
    let is_exact = |label: &str| label.eq_ignore_ascii_case("_domainkey");
    if labels.iter().skip(1).any(|label| is_exact(label)) {
        return None;
    }
    let (first, rest) = labels.split_first()?;
    if is_exact(first) || is_near_miss(first) {
        return Some(Place::NoSelector);
    }
    let with = |selector: &[&str], domain: &[&str]| {
        let text = selector
            .iter()
            .chain(&["_domainkey"])
            .chain(domain)
            .copied()
            .collect::<Vec<_>>()
            .join(".");
        // The labels are a name's own, already escaped; the result is as long as the name.
        Name::from_ascii_dotted(&text).ok().map(Place::Meant)
    };
    if let Some(at) = labels.iter().position(|label| is_near_miss(label)) {
        return with(&labels[..at], &labels[at + 1..]);
    }
    // The selector and `_domainkey` glued into one label: `selector1_domainkey`,
    // `s1-domainkey`.
    let lower = first.to_ascii_lowercase();
    let selector = ["_domainkey", "-domainkey", "_domainkeys", "-domainkeys"]
        .iter()
        .find_map(|suffix| lower.strip_suffix(suffix))
        .filter(|selector| !selector.is_empty())?;
    with(&[&first[..selector.len()]], rest)
}

/// A label that is `_domainkey` misspelt: the word without its underscore, with a hyphen, or
/// in the plural (`domainkey`, `-domainkey`, `_domainkeys`, `_domain_key`).
fn is_near_miss(label: &str) -> bool {
    if label.eq_ignore_ascii_case("_domainkey") {
        return false;
    }
    let word: String = label
        .chars()
        .filter(|c| !matches!(c, '_' | '-'))
        .map(|c| c.to_ascii_lowercase())
        .collect();
    word == "domainkey" || word == "domainkeys"
}

/// Is the TXT record a DKIM key as signers publish it: a tag list with `p=`, and `v=DKIM1` or
/// `k=`, or a key long enough to be one?
fn looks_like_key(record: &Record) -> bool {
    let Some(text) = txt_text(record) else {
        return false;
    };
    let Ok(tags) = parse_tag_list(&text) else {
        return false;
    };
    let Some(key) = tag(&tags, "p") else {
        return false;
    };
    let version = tags
        .first()
        .is_some_and(|first| first.name == "v" && first.value.eq_ignore_ascii_case("DKIM1"));
    version || tag(&tags, "k").is_some() || key.len() >= 64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(text: &str) -> Option<Place> {
        misplaced(&Name::from_ascii(text).unwrap())
    }

    fn meant(text: &str) -> Option<Place> {
        Some(Place::Meant(Name::from_ascii(text).unwrap()))
    }

    #[test]
    fn misspelt_key_names_and_what_they_meant() {
        assert_eq!(
            place("selector1.domainkey.example.com."),
            meant("selector1._domainkey.example.com.")
        );
        assert_eq!(
            place("s1._domainkeys.example.com."),
            meant("s1._domainkey.example.com.")
        );
        assert_eq!(
            place("s1.-domainkey.mail.example.com."),
            meant("s1._domainkey.mail.example.com.")
        );
        assert_eq!(
            place("Google_domainkey.example.com."),
            meant("Google._domainkey.example.com.")
        );
        assert_eq!(
            place("k1-domainkey.example.com."),
            meant("k1._domainkey.example.com.")
        );
        assert_eq!(place("_domainkey.example.com."), Some(Place::NoSelector));
        assert_eq!(place("domainkey.example.com."), Some(Place::NoSelector));
    }

    #[test]
    fn key_names_in_place_and_other_names() {
        assert_eq!(place("selector1._domainkey.example.com."), None);
        assert_eq!(place("s1.sub._domainkey.example.com."), None);
        assert_eq!(place("_adsp._domainkey.example.com."), None);
        assert_eq!(place("mydomainkey.example.com."), None);
        assert_eq!(place("_domainkey-test.example.com."), None);
        assert_eq!(place("www.example.com."), None);
        assert_eq!(place("_domainkey."), Some(Place::NoSelector));
        assert!(mentions_domainkey("s1.DomainKey.example.com."));
        assert!(!mentions_domainkey("s1.domain.example.com."));
    }
}
