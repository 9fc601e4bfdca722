//! ZONE053: a TXT record whose text is a whole record line, its own name and type included
//! (`_gitlab-pages-verification-code.www.example.com TXT gitlab-pages-verification-code=...`),
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

/// The value after `<owner> [ttl] [IN] TXT` at the start of the record's text, when its text
/// starts so. The owner may be written in full, with or without its final dot, relative to
/// the zone, or as `@` at the apex.
fn pasted_value(record: &Record, apex: &crate::name::Name) -> Option<String> {
    let RData::Txt(strings, _) = &record.rdata else {
        return None;
    };
    let first = strings.iter().next()?;
    // Most TXT records start with a tag (`v=`) or a token: look no further.
    let text = std::str::from_utf8(first).ok()?;
    let mut words = text.split_whitespace();
    let name = words.next()?;
    let owner = record.owner.as_str().trim_end_matches('.');
    let relative = record
        .owner
        .relative_to(apex)
        .filter(|relative| !relative.is_empty());
    let names_owner = name.trim_end_matches('.').eq_ignore_ascii_case(owner)
        || relative.is_some_and(|r| name.eq_ignore_ascii_case(r))
        || name == "@" && record.owner == *apex;
    if !names_owner {
        return None;
    }
    let mut rest = words.peekable();
    if rest
        .peek()
        .is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit()))
    {
        rest.next();
    }
    if rest.peek().is_some_and(|w| w.eq_ignore_ascii_case("IN")) {
        rest.next();
    }
    if !rest.next()?.eq_ignore_ascii_case("TXT") {
        return None;
    }
    // The value: the words after `TXT`, then the record's other strings.
    let value: Vec<&str> = rest.collect();
    let mut value = value.join(" ");
    for more in strings.iter().skip(1) {
        value.push_str(&String::from_utf8_lossy(more));
    }
    let value = value.trim_matches('"').to_string();
    (!value.is_empty()).then_some(value)
}
