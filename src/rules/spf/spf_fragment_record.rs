//! SPF013: a TXT record that holds SPF terms but does not start with `v=spf1`: one SPF
//! record split into two TXT records, or a record whose version tag is misspelt. Receivers
//! read only a TXT record that starts with `v=spf1` (RFC 7208 §4.5), so the terms of this one
//! never count.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::{RData, Record};
use crate::rules::Rule;
use crate::rules::spf::spf_invalid_syntax::joined_without_spaces;
use crate::rules::spf::{Mechanism, Spf, Term, parse_term, spf_records, starts_as_spf};
use crate::rules::tags::{piece_span, txt_text};

pub static RULE: Rule = Rule {
    code: "SPF013",
    name: "spf-fragment-record",
    severity: Severity::Error,
    summary: "A TXT record holds SPF terms without `v=spf1` first (one record split in two, or a misspelt version), so receivers never read them",
    doc: include_str!("../../../rules/docs/SPF013.md"),
    check: Some(check),
};

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    // Listed by the index from what the parser saw of each TXT record's first bytes
    // (`TxtStart`): most TXT records start with no SPF term.
    for record in zone.txt_that_may_be_spf_fragment() {
        let Some(text) = txt_text(record) else {
            continue;
        };
        if starts_as_spf(&text) {
            // Read with tabs and line breaks as blanks (`txt_text`, for the tag-list records),
            // but receivers take only a space after `v=spf1`.
            if let Some(finding) = white_space_after_version(project, record, &text) {
                out.push(finding);
            }
            continue;
        }
        let Some(fragment) = read_fragment(&text) else {
            continue;
        };
        // Strings that lost their spaces when joined (`TXT v=spf1 mx ~all` unquoted): SPF003
        // says how the record was written.
        if let RData::Txt(strings, _) = &record.rdata
            && fragment.glued
            && joined_without_spaces(strings).is_some()
        {
            continue;
        }
        out.push(finding(project, zone, record, &text, &fragment));
    }
}

/// A record that would be SPF but for a tab or a line break after `v=spf1` (sweep 17: a record
/// written `"v=spf1\tinclude:..."`): receivers match `v=spf1` and a space only (RFC 7208
/// §4.5), so the domain has no SPF record. `text` is the record read with those as blanks.
fn white_space_after_version(
    project: &Project<'_>,
    record: &Record,
    text: &str,
) -> Option<Diagnostic> {
    let RData::Txt(strings, _) = &record.rdata else {
        return None;
    };
    let written = strings.iter().flatten().nth(6).copied()?;
    let what = match written {
        b'\t' => "a tab",
        b'\r' | b'\n' => "a line break",
        _ => return None,
    };
    Some(
        Diagnostic::new(
            &RULE,
            piece_span(project, record, text, &text[..6]),
            format!(
                "this TXT record at `{}` has {what} after `v=spf1`, not a space: receivers do not read it as SPF, so none of its terms count",
                record.owner
            ),
        )
        .with_help(format!(
            "A TXT record is an SPF record only when it starts with `v=spf1` and a space (RFC \
             7208 §4.5); with {what} there the name has no SPF record at all. Write a space: \
             `TXT \"{}\"`.",
            text.trim_end()
        )),
    )
}

/// What a TXT record that is not an SPF record holds in SPF terms.
struct Fragment<'t> {
    /// A first token that misspells `v=spf1` (`v=spf1,`, `spf1`, `v:spf1`), or `v=spf1` itself
    /// after white space (`" v=spf1 ..."`) or with no space after it, if any.
    misspelt_version: Option<&'t str>,
    /// `v=spf1` with the space after it lost (`v=spf1include:...`).
    glued: bool,
    /// The terms, every one of which reads as an SPF term.
    terms: Vec<Term<'t>>,
}

/// The text read as SPF terms, when it is one: every token reads as a term (after an
/// optional misspelt version tag), and at least one names senders or ends a policy
/// (`include:`, `ip4:`, `ip6:`, `exists:`, `all`) so that a lone word such as `mx` or a
/// `key=value` token is not taken for SPF.
fn read_fragment(text: &str) -> Option<Fragment<'_>> {
    let mut tokens = text.split(' ').filter(|t| !t.is_empty()).peekable();
    let first = *tokens.peek()?;
    // Receivers match `v=spf1` at the very start: after a space it is no version tag.
    let spaced_version = text.starts_with(' ') && first.eq_ignore_ascii_case("v=spf1");
    let mut unglued: Vec<&str> = Vec::new();
    let misspelt_version = if let Some((tag, rest)) = glued_version(first) {
        tokens.next();
        unglued = unglue_all(rest);
        Some(tag)
    } else if spaced_version || is_misspelt_version(first) {
        tokens.next();
        Some(first)
    } else {
        None
    };
    let glued = !unglued.is_empty();
    let terms = unglued
        .into_iter()
        .chain(tokens)
        .map(|token| parse_term(token).ok())
        .collect::<Option<Vec<Term<'_>>>>()?;
    let names_senders = terms.iter().any(|term| {
        matches!(
            term.mechanism(),
            Some(
                Mechanism::Include
                    | Mechanism::Ip4
                    | Mechanism::Ip6
                    | Mechanism::Exists
                    | Mechanism::All
            )
        )
    });
    // A modifier that is not SPF's (`key=value`) says the text is something else.
    let foreign_modifier = terms.iter().any(|term| {
        matches!(term, Term::Modifier { name, .. }
            if !name.eq_ignore_ascii_case("redirect") && !name.eq_ignore_ascii_case("exp"))
    });
    // A lone unqualified `all` is as likely a word as the end of a split record.
    let lone_word = misspelt_version.is_none()
        && matches!(terms.as_slice(), [term] if term.text().eq_ignore_ascii_case("all"));
    (names_senders && !foreign_modifier && !lone_word).then_some(Fragment {
        misspelt_version,
        glued,
        terms,
    })
}

/// `v=spf1` and the text glued to it, when the space after the tag was lost
/// (`v=spf1include:_spf.google.com~all`, `v=spf1-all`); not `v=spf10` or `v=spf1.0`, which
/// are misspelt tags.
fn glued_version(first: &str) -> Option<(&str, &str)> {
    let tag = first
        .get(..6)
        .filter(|t| t.eq_ignore_ascii_case("v=spf1"))?;
    let rest = &first[6..];
    let glued = rest
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || matches!(b, b'+' | b'-' | b'~' | b'?'));
    glued.then_some((tag, rest))
}

/// A token with the space before a closing `all` lost too (`include:_spf.google.com~all`),
/// as two terms; else the token.
fn unglue_all(token: &str) -> Vec<&str> {
    let cut = token.len().saturating_sub(4);
    let ends_in_all = token.len() > 4
        && token.is_char_boundary(cut)
        && matches!(token.as_bytes()[cut], b'+' | b'-' | b'~' | b'?')
        && token[cut + 1..].eq_ignore_ascii_case("all");
    if ends_in_all {
        vec![&token[..cut], &token[cut..]]
    } else {
        vec![token]
    }
}

/// A first token that was meant as `v=spf1` and is not (`v=spf1,`, `v=spf1;`, `v=spf`,
/// `spf1`, `v:spf1`, `v=spf1.0`); not Sender ID's `spf2.0/pra`, which is another record.
fn is_misspelt_version(token: &str) -> bool {
    let lower = token.to_ascii_lowercase();
    if lower == "v=spf1" || lower.starts_with("spf2.0") {
        return false;
    }
    if crate::model::after_stray_prefix(lower.as_bytes()) == Some(b"v=spf1") {
        return true;
    }
    ["v=spf", "v:spf", "v-spf", "spf1", "=spf1", "v=spf1"]
        .iter()
        .any(|prefix| lower.starts_with(prefix))
        && lower.len() <= 10
}

fn finding(
    project: &Project<'_>,
    zone: &ZoneIndex<'_>,
    record: &Record,
    text: &str,
    fragment: &Fragment<'_>,
) -> Diagnostic {
    let owner = &record.owner;
    let terms: Vec<&str> = fragment.terms.iter().map(Term::text).collect();
    let listed = quoted_list(&terms);
    let count = if terms.len() == 1 { "counts" } else { "count" };
    if let Some(version) = fragment.misspelt_version {
        // With an SPF record already at the name, a corrected copy would be a second one
        // (SPF002): the terms go into that record.
        let corrected = match spf_records(zone, owner) {
            [spf] => merged_record(spf, &fragment.terms),
            _ => std::iter::once("v=spf1")
                .chain(terms.iter().copied())
                .collect::<Vec<_>>()
                .join(" "),
        };
        let starts = if fragment.glued {
            format!("has no space after `{version}`")
        } else if version.eq_ignore_ascii_case("v=spf1") {
            format!("starts with a space before `{version}`")
        } else {
            format!("starts with `{version}`, not `v=spf1`")
        };
        let mut diagnostic = Diagnostic::new(
            &RULE,
            piece_span(project, record, text, version),
            format!(
                "this TXT record at `{owner}` {starts}: receivers do not read it as SPF, so {listed} never {count}"
            ),
        );
        if let [spf] = spf_records(zone, owner) {
            diagnostic = diagnostic
                .with_label(spf.record.rdata_span(), "the SPF record receivers read")
                .with_help(format!(
                    "A TXT record is an SPF record only when it starts with exactly `v=spf1` and \
                     a space (RFC 7208 §4.5), and a name has one. Publish one record: `TXT \
                     \"{corrected}\"`, and remove this one."
                ));
        } else {
            diagnostic = diagnostic.with_help(format!(
                "A TXT record is an SPF record only when it starts with exactly `v=spf1` and a \
                 space (RFC 7208 §4.5). Write `TXT \"{corrected}\"`."
            ));
        }
        return diagnostic;
    }
    let first_term = fragment.terms[0].text();
    let span = piece_span(project, record, text, first_term);
    match spf_records(zone, owner) {
        [spf] => {
            let merged = merged_record(spf, &fragment.terms);
            Diagnostic::new(
                &RULE,
                span,
                format!(
                    "this TXT record continues the SPF record of `{owner}` but does not start with `v=spf1`: receivers read only the record that does, so {listed} never {count}"
                ),
            )
            .with_label(spf.record.rdata_span(), "the SPF record receivers read")
            .with_help(format!(
                "Receivers evaluate the one TXT record that starts with `v=spf1` (RFC 7208 §4.5) \
                 and ignore the others: mail from the hosts this record lists fails SPF. Publish \
                 one record: `TXT \"{merged}\"` (split into strings of at most 255 characters \
                 inside the one record if it is long), and remove this one."
            ))
        }
        [] => {
            let corrected = std::iter::once("v=spf1")
                .chain(terms.iter().copied())
                .collect::<Vec<_>>()
                .join(" ");
            Diagnostic::new(
                &RULE,
                span,
                format!(
                    "this TXT record at `{owner}` holds SPF terms but does not start with `v=spf1`: receivers do not read it as SPF, and `{owner}` has no SPF record"
                ),
            )
            .with_help(format!(
                "A TXT record is an SPF record only when it starts with `v=spf1` (RFC 7208 §4.5). \
                 Write `TXT \"{corrected}\"`."
            ))
        }
        // Several SPF records are already a permerror (SPF002): which one this continues
        // cannot be told.
        _ => Diagnostic::new(
            &RULE,
            span,
            format!(
                "this TXT record at `{owner}` holds SPF terms but does not start with `v=spf1`: receivers do not read it as SPF, so {listed} never {count}"
            ),
        )
        .with_help(
            "Receivers read only a TXT record that starts with `v=spf1` (RFC 7208 §4.5). Put \
             these terms into the name's one SPF record and remove this one.",
        ),
    }
}

/// The SPF record with the fragment's terms added before its `all` (or at its end): the one
/// record that was meant. The fragment's `all` or `redirect=` is kept only when the record
/// has none.
fn merged_record(spf: &Spf<'_>, fragment: &[Term<'_>]) -> String {
    let own = spf.parse().terms;
    let ends = Term::ends_policy;
    let own_end = own.iter().find(|t| ends(t)).map(Term::text);
    let fragment_end = fragment.iter().find(|t| ends(t)).map(Term::text);
    let mut out = vec!["v=spf1"];
    out.extend(own.iter().filter(|t| !ends(t)).map(Term::text));
    out.extend(fragment.iter().filter(|t| !ends(t)).map(Term::text));
    out.extend(own_end.or(fragment_end));
    out.join(" ")
}

fn quoted_list(terms: &[&str]) -> String {
    const SHOWN: usize = 4;
    let mut listed: Vec<String> = terms.iter().take(SHOWN).map(|t| format!("`{t}`")).collect();
    if terms.len() > SHOWN {
        listed.push(format!("{} more terms", terms.len() - SHOWN));
    }
    match listed.as_slice() {
        [only] => only.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        [] => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CharacterStrings, TxtStart};

    fn strings(text: &str) -> CharacterStrings {
        let mut wire = vec![text.len() as u8];
        wire.extend_from_slice(text.as_bytes());
        CharacterStrings::from_wire(wire).unwrap()
    }

    #[test]
    fn fragments_and_other_text() {
        for fragment in [
            "include:mailgun.org ~all",
            "ip4:192.0.2.0/24 -all",
            "+include:servers.mcsv.net",
            "-all",
            "v=spf1, include:_spf.google.com ~all",
            "spf1 include:_spf.google.com -all",
        ] {
            assert!(
                TxtStart::of(&strings(fragment)).may_be_spf_fragment(),
                "{fragment} passes the first look"
            );
            assert!(read_fragment(fragment).is_some(), "{fragment}");
        }
        for other in [
            "google-site-verification=abc",
            "mx",
            "a",
            "redirect=https://example.com/",
            "spf2.0/pra include:x.example -all",
            "MS=ms12345678",
            "all good",
            "include:x.example key=value",
        ] {
            assert!(
                !TxtStart::of(&strings(other)).may_be_spf_fragment()
                    || read_fragment(other).is_none(),
                "{other}"
            );
        }
    }

    #[test]
    fn the_version_tag_that_is_not_quite() {
        assert!(is_misspelt_version("v=spf1,"));
        assert!(is_misspelt_version("V=SPF"));
        assert!(is_misspelt_version("spf1"));
        assert!(is_misspelt_version(">v=spf1"));
        assert!(is_misspelt_version("*v=spf1"));
        assert!(is_misspelt_version("xxxv=spf1"));
        assert!(!is_misspelt_version("xxxxxv=spf1"));
        assert!(!is_misspelt_version("\"v=spf1"));
        assert!(!is_misspelt_version("v=spf1"));
        assert!(!is_misspelt_version("spf2.0/pra"));
        assert!(!is_misspelt_version("v=spf1-this-is-a-long-token"));
    }

    #[test]
    fn the_space_after_the_version_tag_lost() {
        let read = |text| {
            read_fragment(text).map(|f| {
                (
                    f.glued,
                    f.terms.iter().map(Term::text).collect::<Vec<_>>().join(" "),
                )
            })
        };
        assert_eq!(
            read("v=spf1include:_spf.google.com~all"),
            Some((true, "include:_spf.google.com ~all".into()))
        );
        assert_eq!(read("v=spf1-all"), Some((true, "-all".into())));
        assert_eq!(
            read("v=spf1ip4:192.0.2.1 -all"),
            Some((true, "ip4:192.0.2.1 -all".into()))
        );
        assert_eq!(read("v=spf1mx ~all"), Some((true, "mx ~all".into())));
        // Misspelt tags stay misspelt; text that is no SPF term is no fragment.
        assert_eq!(read("v=spf10 -all"), Some((false, "-all".into())));
        assert_eq!(read("v=spf1-this-is-a-long-token"), None);
        assert_eq!(read("v=spf1xyz"), None);
        for text in ["v=spf1include:_spf.google.com~all", "v=spf1-all"] {
            let start = TxtStart::of(&strings(text));
            assert!(start.may_be_spf_fragment(), "{text}");
        }
    }
}
