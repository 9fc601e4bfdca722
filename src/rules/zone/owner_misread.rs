//! ZONE054: a record line that starts, in the first column, with a word BIND and Knot read as
//! the owner but that was meant as something else: the class or TTL of a line that lost its
//! indentation (`IN NS ns2`, `3600 IN A 192.0.2.9`), or a comment marker (`# PTR Records`).
//! Both servers load such a line as a record of that name, and nothing else says so.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::{Class, RType, Record};
use crate::parse::text::parse_ttl;
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "ZONE054",
    name: "owner-misread",
    severity: Severity::Error,
    summary: "A line starts with a class (`IN NS ns2`), a TTL (`3600 IN A ...`) or a comment marker (`# PTR Records`) in the first column: BIND and Knot take that word for the owner and publish the record at the wrong name",
    doc: include_str!("../../../rules/docs/ZONE054.md"),
    check: Some(check),
};

/// What the first word of the line was meant as.
enum Meant {
    Class,
    Ttl,
    Comment(&'static str),
}

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    let apex = &zone.zone.apex;
    // Reverse and ENUM zones are named by digits: `1 IN PTR host.` is their normal line.
    let named_by_digits =
        apex.is_reverse_mapping() || crate::name::is_subdomain_text(apex.as_str(), "e164.arpa.");
    let records = zone.zone.records.as_slice();
    let mut names_by_numbers: Option<bool> = None;
    for record in zone.owners_maybe_misread() {
        let Some(written) = written_owner(project, record) else {
            continue;
        };
        let Some(meant) = meant(written, named_by_digits) else {
            continue;
        };
        // A zone that names hosts by numbers (`59`, `61`, ... beside `60`): a number at the
        // start of a line is one more of them. Asked once, of the first such line.
        if matches!(meant, Meant::Ttl)
            && written.bytes().all(|b| b.is_ascii_digit())
            && *names_by_numbers.get_or_insert_with(|| names_hosts_by_numbers(zone))
        {
            continue;
        }
        let rtype = record.rtype;
        let owner = &record.owner;
        let position = zone.zone.position_of(record);
        let above = position.and_then(|at| meant_to_follow(project, records, at, named_by_digits));
        let instead = above
            .map(|above| format!(", below the records of `{}`", above.owner))
            .unwrap_or_default();
        // The indented lines after it repeat the name it made.
        let followers = position.map_or(0, |at| {
            records[at + 1..]
                .iter()
                .take_while(|next| {
                    next.file == record.file
                        && next.owner == *owner
                        && project.owner_is_inherited(next)
                })
                .count()
        });
        let and_followers = match followers {
            0 => String::new(),
            1 => ", and so is the indented line after it".to_string(),
            n => format!(", and so are the {n} indented lines after it"),
        };
        let (message, severity, help) = match meant {
            Meant::Comment(marker) => (
                format!(
                    "`{marker}` does not start a comment in a zone file: BIND reads this line as the {rtype} record of `{owner}`{and_followers}"
                ),
                Severity::Warning,
                format!(
                    "A zone file's comments start with `;` (RFC 1035 §5.1); BIND reads `{written}` as an owner name \
                     and loads the line as a record{knot}. Write `;` instead of `{marker}`.",
                    knot = if marker == "#" {
                        " (Knot refuses the zone: ZONE044)"
                    } else {
                        ", and so does Knot"
                    }
                ),
            ),
            Meant::Class | Meant::Ttl => {
                let what = if matches!(meant, Meant::Class) {
                    "class"
                } else {
                    "TTL"
                };
                // `IN` in capitals is the class. A host may be called `in` (a country's site),
                // or `3d` or `4h`: written so, the line is a finding to check; an address or
                // alias of a host named like a TTL with a unit, only a note.
                let with_unit = !written.bytes().all(|b| b.is_ascii_digit());
                let severity = match meant {
                    Meant::Class if written.bytes().any(|b| b.is_ascii_uppercase()) => {
                        Severity::Error
                    }
                    Meant::Ttl
                        if with_unit && matches!(rtype, RType::A | RType::AAAA | RType::CNAME) =>
                    {
                        Severity::Info
                    }
                    _ => Severity::Warning,
                };
                (
                    format!(
                        "`{written}` at the start of the line is read as the owner name, not the {what}: this {rtype} record is published at `{owner}`{instead}{and_followers}"
                    ),
                    severity,
                    format!(
                        "A line that starts in the first column starts with its owner name (RFC 1035 §5.1): BIND \
                         and Knot load this one as written, a record of that name (named-checkzone 9.18 and \
                         kzonecheck 3.2 accept the zone). Indent the line to give the record the owner of the \
                         records above it, or write that owner first{example}.",
                        example = above
                            .map(|above| format!(
                                ": `{}`",
                                owner_written_first(project, zone, above, record)
                            ))
                            .unwrap_or_default()
                    ),
                )
            }
        };
        let mut diagnostic = Diagnostic::new(&RULE, record.owner_span(), message)
            .with_severity(severity)
            .with_help(help);
        if let (Some(above), Meant::Class | Meant::Ttl) = (above, &meant) {
            diagnostic = diagnostic.with_label(
                above.entry_span(),
                format!("the last record of `{}`", above.owner),
            );
        }
        out.push(diagnostic);
    }
}

/// The record the line of `records[at]` was meant to follow: the one before it in the same
/// file, passing over the lines that are themselves misread and the indented lines that repeat
/// their names (a few at most: a file of such lines is not read back to its start each time).
fn meant_to_follow<'r>(
    project: &Project<'_>,
    records: &'r [Record],
    at: usize,
    named_by_digits: bool,
) -> Option<&'r Record> {
    let record = &records[at];
    let mut misread = vec![&record.owner];
    let earlier = records[..at].iter().rev().take(16);
    for above in earlier {
        if above.file != record.file || above.spans.entry().1 > record.spans.entry().0 {
            return None;
        }
        if misread.contains(&&above.owner) {
            continue;
        }
        if above.owner_may_be_misread()
            && written_owner(project, above)
                .is_some_and(|written| meant(written, named_by_digits).is_some())
        {
            misread.push(&above.owner);
            continue;
        }
        return Some(above);
    }
    None
}

/// The line of `record` with the owner of `above` written before it (`@ IN NS ns2`), its
/// first line only, its words one blank apart, and cut short when long.
fn owner_written_first(
    project: &Project<'_>,
    zone: &ZoneIndex<'_>,
    above: &Record,
    record: &Record,
) -> String {
    // Written relative to the origin in force on the line: the misread owner is one label
    // (the word) before it.
    let origin = record
        .owner
        .parent()
        .unwrap_or_else(|| zone.zone.apex.clone());
    let owner = above
        .owner
        .relative_to(&origin)
        .map_or_else(|| above.owner.to_string(), str::to_string);
    let (start, end) = record.spans.entry();
    let entry = project
        .sources
        .get(record.file)
        .text
        .get(start as usize..end as usize)
        .unwrap_or_default();
    // Its words one blank apart: the columns of the file do not carry into a message.
    let line = entry
        .lines()
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let line: String = match line.char_indices().nth(48) {
        Some((cut, _)) => format!("{} ...", &line[..cut]),
        None => line.to_string(),
    };
    format!("{owner} {line}")
}

/// Whether the zone has an owner whose first label is a number no zone uses as a TTL (`59`,
/// `61`): its hosts are named by numbers, and `60` is one of them.
fn names_hosts_by_numbers(zone: &ZoneIndex<'_>) -> bool {
    zone.owner_names().any(|owner| {
        let label = owner.first_label();
        !label.is_empty()
            && label.bytes().all(|b| b.is_ascii_digit())
            && parse_ttl(label.as_bytes()).is_none_or(|ttl| !COMMON_TTLS.contains(&ttl))
    })
}

/// The owner as the record's entry writes it.
fn written_owner<'s>(project: &Project<'s>, record: &Record) -> Option<&'s str> {
    let (start, end) = record.spans.owner();
    project
        .sources
        .get(record.file)
        .text
        .get(start as usize..end as usize)
}

/// What an owner written `written` in the first column was meant as, if not as an owner: the
/// parser marked it ([`Record::OWNER_MAY_BE_MISREAD`]) when the entry does not write that
/// class or TTL again. `IN` is the class (`CH`, `HS` and `CS` are left: hosts are called so,
/// and a zone of another class is rare); a TTL is one written with a unit (`1h`) or a value
/// zones use (`300`, `3600`, `86400`), never in a zone named by digits.
fn meant(written: &str, named_by_digits: bool) -> Option<Meant> {
    if let Some(marker) = ["#", "//"].into_iter().find(|m| written.starts_with(m)) {
        return Some(Meant::Comment(marker));
    }
    if Class::from_mnemonic(written.as_bytes()) == Some(Class::IN) {
        return Some(Meant::Class);
    }
    let ttl = parse_ttl(written.as_bytes())?;
    let with_unit = !written.bytes().all(|b| b.is_ascii_digit());
    (!named_by_digits && (with_unit || COMMON_TTLS.contains(&ttl))).then_some(Meant::Ttl)
}

/// TTLs zone files write: a number among these at the start of a line is one.
const COMMON_TTLS: [u32; 21] = [
    60, 120, 180, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 14400, 21600, 28800, 43200, 86400,
    172800, 259200, 345600, 604800, 1209600,
];

#[cfg(test)]
mod tests {
    use super::{Meant, meant};

    #[test]
    fn the_first_word_is_read_for_what_it_was_meant_as() {
        assert!(matches!(meant("IN", false), Some(Meant::Class)));
        assert!(matches!(meant("in", false), Some(Meant::Class)));
        assert!(matches!(meant("CLASS1", false), Some(Meant::Class)));
        assert!(meant("CH", false).is_none());
        assert!(matches!(meant("3600", false), Some(Meant::Ttl)));
        assert!(matches!(meant("1h", false), Some(Meant::Ttl)));
        assert!(meant("3600", true).is_none());
        assert!(meant("101", false).is_none());
        assert!(matches!(meant("#", false), Some(Meant::Comment("#"))));
        assert!(matches!(meant("#www", false), Some(Meant::Comment("#"))));
        assert!(matches!(meant("//", false), Some(Meant::Comment("//"))));
        assert!(meant("www", false).is_none());
    }
}
