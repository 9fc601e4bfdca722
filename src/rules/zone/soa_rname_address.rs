//! ZONE042: the SOA's mailbox written as an e-mail address (`hostmaster@example.com.`).

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::RType;
use crate::rules::Rule;
use crate::rules::zone::follow_knot;

pub static RULE: Rule = Rule {
    code: "ZONE042",
    name: "soa-rname-address",
    severity: Severity::Warning,
    summary: "The SOA's responsible-person mailbox is written as an e-mail address (`@`), which Knot refuses and BIND reads as a label",
    doc: include_str!("../../../rules/docs/ZONE042.md"),
    check: Some(check),
};

// SOA RDATA fields: mname, rname, ...
const RNAME: usize = 1;

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for soa in zone.of_type(RType::SOA) {
        let written = project.field_text(soa, RNAME);
        // An `@` escaped (`\@`) was written on purpose.
        let (Some((local, domain)), Some(meant)) = (unescaped_at(written), mailbox_form(written))
        else {
            continue;
        };
        let diagnostic = Diagnostic::new(
            &RULE,
            soa.field_span(RNAME),
            format!(
                "the SOA's mailbox `{written}` is written as an e-mail address: in a zone file its `@` is a dot, `{meant}`"
            ),
        );
        out.push(
            follow_knot(zone, diagnostic).with_help(format!(
                "RFC 1035 §8: the mailbox `{local}@{}` is written `{meant}` (a dot in the part before the \
                 `@` is escaped, `\\.`). As written, BIND 9.18 loads the zone with a label `{local}@...` in the \
                 mailbox, an address no one can write to, and Knot DNS 3.2 refuses the zone (\"invalid domain \
                 name character\").",
                domain.trim_end_matches('.')
            )),
        );
    }
}

/// The SOA mailbox meant by `written` when it is written as an e-mail address
/// (`john.doe@example.com` is `john\\.doe.example.com.`), None when it is not. The domain of an
/// address is a full one: written without its final dot, it gets it (NAME001 would otherwise
/// find the dot missing in the form this suggests).
pub fn mailbox_form(written: &str) -> Option<String> {
    let (local, domain) = unescaped_at(written)?;
    let dot = if domain.ends_with('.') { "" } else { "." };
    Some(format!("{}.{domain}{dot}", local.replace('.', "\\.")))
}

/// The text before and after the last `@` that no backslash escapes.
fn unescaped_at(text: &str) -> Option<(&str, &str)> {
    let bytes = text.as_bytes();
    let mut last = None;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'@' => last = Some(i),
            _ => {}
        }
        i += 1;
    }
    let at = last?;
    // `@` alone is the origin, not an address.
    (at > 0 && at + 1 < text.len()).then(|| (&text[..at], &text[at + 1..]))
}

#[cfg(test)]
mod tests {
    use super::unescaped_at;

    #[test]
    fn finds_the_address_sign_as_written() {
        assert_eq!(
            unescaped_at("hostmaster@example.com."),
            Some(("hostmaster", "example.com."))
        );
        assert_eq!(
            unescaped_at("john.doe@example.com."),
            Some(("john.doe", "example.com."))
        );
        for not_an_address in [
            "hostmaster.example.com.",
            "hostmaster\\@example.com.",
            "@",
            "hostmaster@",
            "",
        ] {
            assert_eq!(unescaped_at(not_an_address), None, "{not_an_address}");
        }
    }
}
