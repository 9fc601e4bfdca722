//! ZONE034: the owner of an A, AAAA or MX record is not a valid host name (BIND's check-names).

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::{Class, RType, Record, ZoneFormat};
use crate::name::Name;
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "ZONE034",
    name: "bad-owner-hostname",
    // `check-names` decides: named refuses a primary zone by default (`fail`); `--check-names
    // warn` or `ignore` follow a named.conf that says otherwise.
    severity: Severity::Error,
    summary: "The owner of an A, AAAA or MX record is not a valid host name (check-names)",
    doc: include_str!("../../../rules/docs/ZONE034.md"),
    check: Some(check),
};

/// RFC 952 as amended by RFC 1123 §2.1, as BIND's `dns_name_ishostname` reads it: each label
/// letters, digits and hyphens, starting and ending with a letter or digit. With `wildcard`, a
/// leading `*` label is allowed. The root is a host name (a null MX, an SRV "no service").
pub fn is_hostname(name: &Name, wildcard: bool) -> bool {
    // Read as bytes, every dot ending a label: an escaped dot (`a\.b`) comes with a
    // backslash, never a letter, digit or hyphen, so such a name fails either way, as its
    // labels do.
    let text = name.as_str().as_bytes();
    let Some(mut labels) = text.strip_suffix(b".") else {
        return false;
    };
    if labels.is_empty() {
        return true;
    }
    if wildcard {
        match labels.strip_prefix(b"*") {
            Some([]) => return true,
            Some([b'.', rest @ ..]) => labels = rest,
            _ => {}
        }
    }
    // One pass: a label starts and ends with a letter or digit, and holds only those and
    // hyphens.
    let mut previous = DOT;
    for &b in labels {
        let class = LDH_CLASS[b as usize];
        let fits = match class {
            LETTER_OR_DIGIT => true,
            HYPHEN => previous != DOT,
            DOT => previous == LETTER_OR_DIGIT,
            _ => false,
        };
        if !fits {
            return false;
        }
        previous = class;
    }
    previous == LETTER_OR_DIGIT
}

/// Was `record` expanded from a `$GENERATE` line (its entry, the whole directive, starts with
/// the keyword)? named applies check-names to the records a file holds, not to those it
/// generates: named-checkzone 9.18.49 `-k fail` loads `$GENERATE 1-2 a_$ A 192.0.2.$` and
/// refuses `a_1 A 192.0.2.1`. Asked only of a record about to be reported, so the source is
/// read rarely.
pub fn is_generated(project: &Project<'_>, record: &Record) -> bool {
    let start = record.entry_span().start as usize;
    project
        .sources
        .get(record.file)
        .text
        .as_bytes()
        .get(start..start + "$GENERATE".len())
        .is_some_and(|word| word.eq_ignore_ascii_case(b"$GENERATE"))
}

const OTHER: u8 = 0;
const LETTER_OR_DIGIT: u8 = 1;
const HYPHEN: u8 = 2;
const DOT: u8 = 3;

/// What each byte is in a host name.
static LDH_CLASS: [u8; 256] = {
    let mut class = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        if (b as u8).is_ascii_alphanumeric() {
            class[b] = LETTER_OR_DIGIT;
        }
        b += 1;
    }
    class[b'-' as usize] = HYPHEN;
    class[b'.' as usize] = DOT;
    class
};

/// BIND's exceptions for address records (`lib/dns/rdata/in_1/a_1.c` `checkowner`): Active
/// Directory's `gc._msdcs.<forest>` and the RFC 7208 targets of SPF `exists:` macros, a name
/// with a `_spf`, `_spf_verify` or `_spf_rate` label anywhere but last.
fn address_owner_exception(name: &Name) -> bool {
    let labels: Vec<&str> = name.labels().collect();
    if labels.len() > 2
        && labels[0].eq_ignore_ascii_case("gc")
        && labels[1].eq_ignore_ascii_case("_msdcs")
        && Name::from_ascii(&labels[2..].join(".")).is_ok_and(|forest| is_hostname(&forest, false))
    {
        return true;
    }
    labels.len() > 1
        && labels[..labels.len() - 1].iter().any(|label| {
            ["_spf", "_spf_verify", "_spf_rate"]
                .iter()
                .any(|spf| label.eq_ignore_ascii_case(spf))
        })
}

/// Which of BIND's check-names checks applies to `record`'s owner: the owner of an A, AAAA
/// (class IN) or MX record must be a host name.
enum OwnerCheck {
    None,
    /// An A or AAAA record of class IN: a host name, or one of [`address_owner_exception`].
    Address,
    /// An MX record: a host name.
    Mail,
}

fn owner_check(record: &Record) -> OwnerCheck {
    if (record.rtype == RType::A || record.rtype == RType::AAAA) && record.class == Class::IN {
        OwnerCheck::Address
    } else if record.rtype == RType::MX {
        OwnerCheck::Mail
    } else {
        OwnerCheck::None
    }
}

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    // check-names is BIND's: octoDNS and the providers it deploys to accept such names.
    if zone.zone.format != ZoneFormat::Bind {
        return;
    }
    // An owner's records usually follow each other: its answer is kept for the next.
    let mut last: Option<(&str, bool)> = None;
    for record in &zone.zone.records {
        let check = owner_check(record);
        if matches!(check, OwnerCheck::None) {
            continue;
        }
        let owner = record.owner.as_str();
        let host = match last {
            Some((text, host)) if text == owner => host,
            _ => {
                let host = is_hostname(&record.owner, true);
                last = Some((owner, host));
                host
            }
        };
        let bad =
            !host && (matches!(check, OwnerCheck::Mail) || !address_owner_exception(&record.owner));
        if !bad || is_generated(project, record) {
            continue;
        }
        out.push(
            Diagnostic::new(
                &RULE,
                record.owner_span(),
                format!(
                    "`{}` is not a valid host name for an {} record (check-names)",
                    record.owner, record.rtype
                ),
            )
            .with_help(
                "host names are letters, digits and hyphens, a label neither starting nor ending \
                 with a hyphen (RFC 952, RFC 1123 §2.1); named refuses the zone under \
                 `check-names fail`, its default for primary zones",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(text: &str) -> Name {
        Name::from_ascii(text).unwrap()
    }

    #[test]
    fn host_names_as_bind_reads_them() {
        assert!(is_hostname(&name("www.example."), false));
        assert!(is_hostname(&name("1.2-3.example."), false));
        assert!(is_hostname(&name("."), false));
        assert!(is_hostname(&name("*.example."), true));
        assert!(!is_hostname(&name("*.example."), false));
        assert!(!is_hostname(&name("a.*.example."), true));
        assert!(!is_hostname(&name("x_y.example."), false));
        assert!(!is_hostname(&name("-a.example."), false));
        assert!(!is_hostname(&name("a-.example."), false));
        assert!(!is_hostname(&name("a\\032b.example."), false));
        assert!(!is_hostname(&name("a\\.b.example."), false));
        assert!(is_hostname(&name("*."), true));
        assert!(!is_hostname(&name("*."), false));
        assert!(!is_hostname(&name("**.example."), true));
    }

    /// A label as RFC 952 and RFC 1123 §2.1 say, checked on its own.
    fn is_ldh_label(label: &[u8]) -> bool {
        match (label.first(), label.last()) {
            (Some(first), Some(last)) => {
                first.is_ascii_alphanumeric()
                    && last.is_ascii_alphanumeric()
                    && label
                        .iter()
                        .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
            }
            _ => false,
        }
    }

    /// The byte scan agrees with reading the name label by label, escapes decoded.
    #[test]
    fn byte_scan_agrees_with_the_labels() {
        fn by_labels(name: &Name, wildcard: bool) -> bool {
            let mut labels = name.labels().peekable();
            if wildcard && labels.peek() == Some(&"*") {
                labels.next();
            }
            labels.all(|label| is_ldh_label(label.as_bytes()))
        }
        let pieces = [
            "a", "*", "-", "b-c", "x_y", "\\.", "a\\.b", "\\065", "0", "é", "a-",
        ];
        for first in pieces {
            for second in pieces {
                for text in [
                    format!("{first}."),
                    format!("{first}.{second}."),
                    format!("{first}.{second}.example."),
                ] {
                    let Ok(name) = Name::from_ascii(&text) else {
                        continue;
                    };
                    for wildcard in [false, true] {
                        assert_eq!(
                            is_hostname(&name, wildcard),
                            by_labels(&name, wildcard),
                            "{text} {wildcard}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn bind_exceptions_for_address_owners() {
        assert!(address_owner_exception(&name("gc._msdcs.example.")));
        assert!(!address_owner_exception(&name("gc._msdcs.ex_ample.")));
        assert!(address_owner_exception(&name("a._spf.example.")));
        assert!(address_owner_exception(&name("a._SPF_rate.example.")));
        assert!(!address_owner_exception(&name("a.b._spf.")));
    }
}
