//! ZONE053: a TXT record whose text is a whole record line, its own name and type included
//! (`@ TXT v=spf1 include:_spf.google.com ~all`, `_dmarc.example.com TXT v=DMARC1; ...`),
//! as pasted from a provider's instructions into a field meant for the value alone.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::{RData, RType, Record};
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "ZONE053",
    name: "txt-holds-record-line",
    severity: Severity::Warning,
    summary: "A TXT record's text is a whole record line (its own name, `TXT`, then the value): whoever looks for the value does not find it",
    doc: include_str!("../../../rules/docs/ZONE053.md"),
    check: Some(check),
};

fn check(_project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for record in zone.of_type(RType::TXT) {
        let Some(value) = pasted_value(record, &zone.zone.apex) else {
            continue;
        };
        // GitLab Pages reads each word of the record and compares it with the token
        // (gitlab-org/gitlab's VerifyPagesDomainService splits the strings on blanks): the
        // domain is verified all the same, and the finding is only tidiness.
        let word = value.trim_matches('"');
        if word.starts_with("gitlab-pages-verification-code=")
            && !word.contains(char::is_whitespace)
        {
            out.push(
                Diagnostic::new(
                    &RULE,
                    record.rdata_span(),
                    format!(
                        "the TXT record of `{}` holds a whole record line, its name and type included, around the GitLab Pages token `{value}`",
                        record.owner
                    ),
                )
                .with_severity(Severity::Info)
                .with_help(
                    "GitLab reads each word of the record and finds its token, so the domain is verified; \
                     anything else that reads the record sees the name and `TXT` first. Keep only the value.",
                ),
            );
            continue;
        }
        out.push(
            Diagnostic::new(
                &RULE,
                record.rdata_span(),
                format!(
                    "the TXT record of `{}` holds a whole record line, its name and type included: the value meant is `{value}`",
                    record.owner
                ),
            )
            .with_help(
                "The text was pasted from a line of a provider's instructions (name, type, value) \
                 into the value alone: receivers and verifiers read the whole text and find the \
                 name and `TXT` before the value, so a verification never passes and a policy is \
                 not read. Keep only the value.",
            ),
        );
    }
}

/// The value after `<owner> [ttl] [class] TXT` (TTL and class in either order, the TTL with
/// units too: `1h`) at the start of the record's text, when its text starts so. The owner may
/// be written in full, with or without its final dot, relative to the zone, or as `@` at the
/// apex. The value is the text after `TXT` as written.
pub(crate) fn pasted_value(record: &Record, apex: &crate::name::Name) -> Option<String> {
    let RData::Txt(strings, _) = &record.rdata else {
        return None;
    };
    // The first word, read in place: most TXT records start with a tag (`v=spf1`) or a
    // token, not their own name, and are left before their text is joined.
    let name = strings
        .iter()
        .flat_map(|string| string.split(u8::is_ascii_whitespace))
        .find(|word| !word.is_empty())?;
    let name = std::str::from_utf8(name).ok()?;
    let owner = record.owner.as_str().trim_end_matches('.');
    let names_owner = name.trim_end_matches('.').eq_ignore_ascii_case(owner)
        || record
            .owner
            .relative_to(apex)
            .is_some_and(|relative| !relative.is_empty() && name.eq_ignore_ascii_case(relative))
        || name == "@" && record.owner == *apex;
    if !names_owner {
        return None;
    }
    let joined: Vec<u8> = strings.iter().flatten().copied().collect();
    let mut rest = std::str::from_utf8(&joined).ok()?.trim_start();
    next_word(&mut rest)?;
    let is_ttl = |w: &str| {
        w.starts_with(|c: char| c.is_ascii_digit()) && w.bytes().all(|b| b.is_ascii_alphanumeric())
    };
    let is_class = |w: &str| ["IN", "CH", "HS"].iter().any(|c| w.eq_ignore_ascii_case(c));
    let mut word = next_word(&mut rest)?;
    for _ in 0..2 {
        if is_ttl(word) || is_class(word) {
            word = next_word(&mut rest)?;
        }
    }
    if !word.eq_ignore_ascii_case("TXT") {
        return None;
    }
    // Quoted strings pasted as they were (`"v=DMARC1; p=none" "rua=..."`) are shown so: as
    // strings of a zone file, which is what was meant.
    let value = rest.trim();
    (!value.is_empty() && value != "\"\"").then(|| value.to_string())
}

/// The word at the start of `rest` (which starts with no blank), and `rest` moved past it and
/// the blanks after it.
fn next_word<'t>(rest: &mut &'t str) -> Option<&'t str> {
    let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let (word, after) = rest.split_at(end);
    *rest = after.trim_start();
    (!word.is_empty()).then_some(word)
}
