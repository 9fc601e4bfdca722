//! SPF003: a term receivers cannot read, which makes the whole record a permerror (RFC 7208
//! §4.6), or a mechanism written as a modifier, which receivers ignore.

use std::net::IpAddr;

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::{CharacterStrings, RData, RType};
use crate::rules::Rule;
use crate::rules::spf::{
    Mechanism, Spf, Term, ip_term_network, network_bounds, read_spf, spf_by_owner, starts_as_spf,
    term_span,
};
use crate::rules::tags::{
    ascii_for_lookalikes, non_ascii_as_written, printable_text, quoted_as_text, quoted_record_text,
    typographic_quoted,
};

pub static RULE: Rule = Rule {
    code: "SPF003",
    name: "spf-invalid-syntax",
    severity: Severity::Error,
    summary: "An SPF term does not parse (unknown mechanism, bad address or prefix, bad macro), so the whole record is a permerror, or is a mechanism written as a modifier (`include=`), which receivers ignore",
    doc: include_str!("../../../rules/docs/SPF003.md"),
    check: Some(check),
};

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    quoted_records(zone, out);
    typographic_records(project, zone, out);
    version_glued(zone, out);
    // The TXT ones as the zone's SPF rules read them once; type 99 ones only here.
    let type_99: Vec<Spf<'_>> = zone.of_type(RType::SPF).filter_map(read_spf).collect();
    let txt = spf_by_owner(zone).iter().flat_map(|(_, records)| records);
    for spf in txt.chain(&type_99) {
        let terms = spf.parse();
        // Two terms read as one that still parses (`include:spf.protection.outlook.com-all`):
        // the record is not the one meant, and the include or redirect names a domain that
        // does not exist, a permerror (RFC 7208 §5.2, §6.1). One that does not parse is
        // reported below, with the same hint.
        for (term, second) in spf.glued_terms() {
            if terms
                .errors
                .iter()
                .any(|error| std::ptr::eq(error.text, term))
            {
                continue;
            }
            let first = &term[..term.len() - second.len()];
            // Across two quoted strings, or a space left out inside one
            // (`include:spf.protection.outlook.com-all`).
            let (why, help) = if spf.straddles_join(term) || written_in_strings(project, spf) {
                (
                    "receivers join the quoted strings of a record without a space",
                    format!(
                        "RFC 7208 §3.3: the strings of a TXT record are joined as they are, so receivers read one term, `{term}`, and the record is not the one meant. \
                         End the string before `{second}` with a space, or start that string with one."
                    ),
                )
            } else {
                (
                    "the space between them is missing",
                    format!(
                        "Receivers read one term, `{term}`, and the record is not the one meant. Put a space before `{second}`."
                    ),
                )
            };
            out.push(
                Diagnostic::new(
                    &RULE,
                    term_span(project, spf, term),
                    format!(
                        "SPF record of `{}`: `{term}` is `{first}` and `{second}` run together: {why}",
                        spf.record.owner
                    ),
                )
                .with_help(help),
            );
        }
        // A mechanism written as a modifier (`include=_spf.google.com`): valid syntax, an
        // unknown modifier, which receivers ignore (RFC 7208 §6). No permerror, but the term
        // authorises nothing: the senders it was written for fail SPF (`v=spf1
        // include=spf.protection.outlook.com -all` is `v=spf1 -all`), an error as the
        // record published is wrong. `all=` only fails to say the policy: a warning.
        for term in &terms.terms {
            let Term::Modifier { name, value, text } = term else {
                continue;
            };
            if Mechanism::from_name(name).is_none() {
                continue;
            }
            let meant = meant_mechanism(name, value);
            out.push(
                Diagnostic::new(
                    &RULE,
                    term_span(project, spf, text),
                    format!(
                        "SPF record of `{}`: `{text}` is a modifier receivers ignore, not the `{name}` mechanism, so it authorises nothing",
                        spf.record.owner
                    ),
                )
                .with_severity(if Mechanism::from_name(name) == Some(Mechanism::All) {
                    Severity::Warning
                } else {
                    Severity::Error
                })
                .with_help(format!(
                    "RFC 7208 §6: receivers skip a modifier (`name=value`) they do not know, so the record is read as if the term were not there. {meant}"
                )),
            );
        }
        // `ip4:135.84.68.123/28`: bits set below the prefix (a host's address with a network's
        // prefix length, or `ip4:192.168.0.0/8` for a smaller network). RFC 7208
        // §5.6 compares only the prefix, so the term authorises the whole network; some
        // receivers refuse it as malformed. A warning that names both readings.
        for term in &terms.terms {
            if let Term::Directive {
                mechanism: Mechanism::Ip4 | Mechanism::Ip6,
                text,
                ..
            } = term
                && let Some((network, length, address)) = host_bits_below_prefix(text)
            {
                let mechanism = if network.is_ipv4() { "ip4" } else { "ip6" };
                out.push(
                    Diagnostic::new(
                        &RULE,
                        term_span(project, spf, text),
                        format!(
                            "SPF record of `{}`: `{text}` has bits set below its /{length} prefix: receivers read the network {network}/{length}",
                            spf.record.owner
                        ),
                    )
                    .with_severity(Severity::Warning)
                    .with_help(format!(
                        "RFC 7208 §5.6 compares only the first {length} bits, so receivers that follow it \
                         authorise all of {network}/{length}; some receivers and validators refuse the term \
                         as malformed, and SPF then fails for all of the domain's mail. Write \
                         `{mechanism}:{network}/{length}` for that network; if a smaller one or the one \
                         host {address} was meant, give it its own prefix length (none for one host: \
                         `{mechanism}:{address}`)."
                    )),
                );
            }
        }
        let mut errors = terms.errors.iter().peekable();
        while let Some(error) = errors.next() {
            // `include: _spf.example.com`: the space after the colon makes two terms, the
            // mechanism without its domain and the domain as a term of its own, each a
            // permerror; one finding says what was meant.
            if let Some(argument) = errors
                .peek()
                .and_then(|next| argument_after_space(&spf.text, error.text, next.text))
            {
                errors.next();
                out.push(space_after_colon(project, spf, error.text, argument));
                continue;
            }
            // A character that is not ASCII, shown as `?` in the text the rules read: quote it
            // as written, and say what it is.
            let start = error.text.as_ptr() as usize - spf.text.as_ptr() as usize;
            if let Some(written) = non_ascii_as_written(spf.record, start, start + error.text.len())
            {
                out.push(non_ascii(project, spf, &written));
                continue;
            }
            let mut help =
                "Receivers stop at the first term they cannot read and return permerror: \
                            the record then authorises nothing, and DMARC sees no SPF pass."
                    .to_string();
            // `ip4:192.0.2.1~all`: a term and `all` with the space between them left out.
            if let Some((first, all)) = all_run_on(error.text) {
                help.push_str(&format!(
                    " This is `{first}` and `{all}` run together: put a space before `{all}`."
                ));
            }
            // `include.spf.protection.outlook.com`, as a guide once printed it: a dot (or a
            // semicolon) where the colon goes.
            if let Some(meant) = separator_slip(error.text) {
                help.push_str(&format!(" Write `{meant}`."));
            }
            if spf.straddles_join(error.text) {
                help.push_str(
                    " This term runs across two quoted strings: receivers join the strings \
                     without a space (RFC 7208 §3.3), so end the first string with a space or \
                     start the second with one.",
                );
            }
            out.push(
                Diagnostic::new(
                    &RULE,
                    term_span(project, spf, error.text),
                    format!("SPF record of `{}`: {}", spf.record.owner, error.message),
                )
                .with_help(help),
            );
        }
    }
}

/// A term that does not read and ends with `all` and its qualifier glued to a term that does
/// (`ip4:192.0.2.1~all`): the two, as meant.
fn all_run_on(term: &str) -> Option<(&str, &str)> {
    let split = term.len().checked_sub(4)?;
    let (first, all) = (term.get(..split)?, term.get(split..)?);
    let glued = all.starts_with(['-', '~', '?', '+']) && all[1..].eq_ignore_ascii_case("all");
    (glued && !first.is_empty() && crate::rules::spf::parse_term(first).is_ok())
        .then_some((first, all))
}

/// The argument of a mechanism written with a space after its colon (`include:` then
/// `_spf.example.com`, two terms that do not read): the second term, when the first is a
/// mechanism that takes a domain or an address with nothing after its colon, and only blanks
/// lie between the two in the record's text.
fn argument_after_space<'t>(text: &'t str, term: &str, next: &'t str) -> Option<&'t str> {
    term.strip_suffix(':')?;
    let name = mechanism_name(term);
    let takes_argument = Mechanism::from_name(name).is_some_and(|m| m != Mechanism::All);
    // The next term is a term of its own (`a: mx: -all`), or holds a character that is not
    // ASCII (shown as `?`, which the non-ASCII finding names): not an argument to join.
    let bare = next.trim_start_matches(['+', '-', '~', '?']);
    let name_end = bare.find([':', '/', '=']).unwrap_or(bare.len());
    let is_term =
        Mechanism::from_name(&bare[..name_end]).is_some() || bare[name_end..].starts_with('=');
    if is_term || bare.contains('?') || name.contains('?') {
        return None;
    }
    let term_end = term.as_ptr() as usize - text.as_ptr() as usize + term.len();
    let next_start = next.as_ptr() as usize - text.as_ptr() as usize;
    let between = text.get(term_end..next_start)?;
    (takes_argument && !between.is_empty() && between.bytes().all(|b| b == b' ')).then_some(next)
}

/// A mechanism written with its qualifier and colon (`~include:`), by its name (`include`).
fn mechanism_name(written: &str) -> &str {
    written
        .trim_start_matches(['+', '-', '~', '?'])
        .trim_end_matches(':')
}

/// What a mechanism takes after its colon: `ip4:` and `ip6:` an address, the others a domain.
fn what_follows(mechanism: &str) -> &'static str {
    let name = mechanism_name(mechanism);
    if name.eq_ignore_ascii_case("ip4") || name.eq_ignore_ascii_case("ip6") {
        "address"
    } else {
        "domain"
    }
}

/// SPF003 for `include: _spf.example.com` ([`argument_after_space`]): spanned over both
/// terms.
fn space_after_colon(
    project: &Project<'_>,
    spf: &Spf<'_>,
    term: &str,
    argument: &str,
) -> Diagnostic {
    let start = term.as_ptr() as usize - spf.text.as_ptr() as usize;
    let end = argument.as_ptr() as usize - spf.text.as_ptr() as usize + argument.len();
    let written = &spf.text[start..end];
    Diagnostic::new(
        &RULE,
        term_span(project, spf, written),
        format!(
            "SPF record of `{}`: `{written}` has a space after the colon: receivers read `{term}` with no {} and `{argument}` as a term of its own",
            spf.record.owner,
            what_follows(term),
        ),
    )
    .with_help(format!(
        "Receivers stop at the first term they cannot read and return permerror: the record then \
         authorises nothing, and DMARC sees no SPF pass. A mechanism's argument follows its colon \
         with no space: write `{term}{argument}`."
    ))
}

/// SPF003 for a term with characters that are not ASCII: SPF is ASCII only (RFC 7208 §4.6.1),
/// and such a character is usually one a word processor or web page put in place of an ASCII
/// one (`–all` for `-all`), which looks right in the zone file.
fn non_ascii(project: &Project<'_>, spf: &Spf<'_>, written: &str) -> Diagnostic {
    let characters: Vec<String> =
        written
            .chars()
            .filter(|c| !c.is_ascii())
            .fold(Vec::new(), |mut seen, c| {
                let shown = format!("`{c}` (U+{:04X})", u32::from(c));
                if !seen.contains(&shown) {
                    seen.push(shown);
                }
                seen
            });
    let instead = match ascii_for_lookalikes(written) {
        Some(ascii) => format!("Write `{ascii}`."),
        None => "Write the term in ASCII.".to_string(),
    };
    Diagnostic::new(
        &RULE,
        term_span(project, spf, written),
        format!(
            "SPF record of `{}`: `{written}` holds {} where SPF allows only ASCII",
            spf.record.owner,
            characters.join(", ")
        ),
    )
    .with_help(format!(
        "Receivers stop at the first term they cannot read and return permerror: the record then \
         authorises nothing, and DMARC sees no SPF pass. A dash or quote pasted from a word \
         processor or a web page looks like the ASCII one but is another character. {instead}"
    ))
}

/// What to write for `name=value`, a mechanism written as a modifier: the argument after a
/// colon, an address under `ip4:`/`ip6:`, a qualifier before `all`.
fn meant_mechanism(name: &str, value: &str) -> String {
    let lower = name.to_ascii_lowercase();
    if lower == "all" {
        return match value {
            "+" | "-" | "~" | "?" => format!("Write `{value}all`."),
            _ => "`all` takes no argument: write `-all` or `~all`.".into(),
        };
    }
    if value.is_empty() {
        return format!("Write `{name}` alone, or `{name}:<domain>`.");
    }
    if matches!(lower.as_str(), "a" | "mx" | "ptr") {
        let address = value.split('/').next().unwrap_or_default();
        if address.parse::<std::net::Ipv4Addr>().is_ok() {
            return format!("An address is listed with `ip4:`: write `ip4:{value}`.");
        }
        if address.parse::<std::net::Ipv6Addr>().is_ok() {
            return format!("An address is listed with `ip6:`: write `ip6:{value}`.");
        }
    }
    format!("A mechanism takes its argument after a colon: write `{name}:{value}`.")
}

/// The text of strings that join into no SPF record but, joined with spaces, start as one
/// (`v=spf1` `mx` `~all`), joined both ways: this rule's finding, which SPF013 leaves to it.
pub(crate) fn joined_without_spaces(strings: &CharacterStrings) -> Option<(String, String)> {
    strings.iter().nth(1)?;
    // As receivers join the strings (and the SPF reading does): read as SPF already.
    let joined = printable_text(strings.iter().flatten().copied().collect::<Vec<u8>>());
    let spaced: Vec<String> = strings.iter().map(printable_text).collect();
    let spaced = spaced.join(" ");
    (!starts_as_spf(&joined) && starts_as_spf(&spaced)).then_some((joined, spaced))
}

/// A TXT record meant as SPF whose strings join into text that is no SPF record: `TXT v=spf1
/// mx ~all`, written without quotes, is three strings that receivers join into `v=spf1mx~all`
/// (RFC 7208 §3.3), which does not start with `v=spf1` and a space (§4.5): the name publishes
/// no SPF policy at all, and the SPF reading never sees the record. Told by the text the
/// strings make when joined with spaces, which does start as SPF.
fn version_glued(zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for record in zone.txt_that_may_be_spf() {
        let RData::Txt(strings, _) = &record.rdata else {
            continue;
        };
        let Some((joined, spaced)) = joined_without_spaces(strings) else {
            continue;
        };
        let count = strings.iter().count();
        out.push(
            Diagnostic::new(
                &RULE,
                record.rdata_span(),
                format!(
                    "the TXT record of `{}` is meant as SPF, but its {count} strings join without spaces into `{joined}`, which receivers do not read as SPF",
                    record.owner
                ),
            )
            .with_help(format!(
                "RFC 7208 §3.3 and §4.5: receivers join the strings of a TXT record as they are, and text that does not \
                 start with `v=spf1` and a space is no SPF record, so the name publishes no SPF policy. Each unquoted word \
                 of a zone file is a string of its own: write the record as one quoted string, `\"{spaced}\"`."
            )),
        );
    }
}

/// SPF records written with typographic quotes (`TXT “v=spf1 include:_spf.google.com ~all”`),
/// pasted from a word processor, chat or web page: the quotes are text, so receivers see a
/// record that does not start with `v=spf1` (RFC 7208 §4.5), and the name has no SPF policy.
fn typographic_records(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for record in zone.txt_that_may_be_spf() {
        let Some(read) = typographic_quoted(project, record) else {
            continue;
        };
        if !starts_as_spf(&read.meant) {
            continue;
        }
        out.push(
            Diagnostic::new(
                &RULE,
                record.rdata_span(),
                format!(
                    "the TXT record of `{}` starts with {}, a typographic quote, so receivers do not read it as SPF",
                    record.owner,
                    read.quote_named()
                ),
            )
            .with_help(read.help(
                "receivers see a record that does not start with `v=spf1` (RFC 7208 §4.5), so the \
                 name publishes no SPF policy",
            )),
        );
    }
}

/// SPF records published with their quotes as text: `"\"v=spf1 ... -all\""` in a zone file
/// (an API or a configuration tool added quotes of its own). Receivers read the quote as the
/// record's first character, so it is no SPF record (RFC 7208 §4.5), and if it is the only
/// one, the name has none.
fn quoted_records(zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for record in zone.txt_that_may_be_spf() {
        let Some(text) = quoted_record_text(record) else {
            continue;
        };
        let Some(inner) = quoted_as_text(&text) else {
            continue;
        };
        if !starts_as_spf(inner) {
            continue;
        }
        out.push(
            Diagnostic::new(
                &RULE,
                record.rdata_span(),
                format!(
                    "the TXT record of `{}` starts with a quote character, so receivers do not read it as SPF",
                    record.owner
                ),
            )
            .with_help(format!(
                "The quotes are part of the text (`\\\"` in a zone file, or quotes inside quotes from an API or a \
                 configuration tool): receivers see `{}`, which does not start with `v=spf1` (RFC 7208 §4.5), \
                 so mail from the name gets no SPF result. Publish the text without them: `\"{inner}\"`.",
                text.chars().take(12).collect::<String>() + "..."
            )),
        );
    }
}

/// Whether the record's value is written as several quoted strings (`"v=spf1 ..." "-all"`),
/// which octoDNS joins into one before cutting it again, so the joins are gone from its text.
fn written_in_strings(project: &Project<'_>, spf: &Spf<'_>) -> bool {
    let span = spf.record.rdata_span();
    let written = project.sources.get(span.file).slice(span);
    written.split('"').skip(2).step_by(2).any(|between| {
        // The text between a closing and an opening quote: blanks only.
        !between.is_empty() && between.bytes().all(|b| b == b' ' || b == b'\t')
    })
}

/// The term meant, where a mechanism's name is followed by a dot, semicolon or comma in place
/// of its colon (`include.spf.protection.outlook.com`), or `redirect` in place of its `=`.
fn separator_slip(term: &str) -> Option<String> {
    let (qualifier, bare) = match term.as_bytes().first() {
        Some(b'+' | b'-' | b'~' | b'?') => term.split_at(1),
        _ => ("", term),
    };
    ["include", "exists", "redirect", "ip4", "ip6", "ptr"]
        .iter()
        .find_map(|name| {
            let rest = bare
                .get(..name.len())
                .filter(|start| start.eq_ignore_ascii_case(name))
                .map(|_| &bare[name.len()..])?;
            let argument = rest.strip_prefix(['.', ';', ','])?;
            if argument.is_empty() {
                return None;
            }
            let separator = if *name == "redirect" { '=' } else { ':' };
            let written = &bare[..name.len()];
            Some(format!("{qualifier}{written}{separator}{argument}"))
        })
}

/// The network of an `ip4:` or `ip6:` term whose address has bits set below its prefix length
/// (`ip4:135.84.68.123/28` is 135.84.68.112/28), with the length and the address written;
/// None for a network written as its own address, a single host, or a term that does not
/// read.
fn host_bits_below_prefix(term: &str) -> Option<(IpAddr, u32, IpAddr)> {
    let (address, Some(length)) = ip_term_network(term)? else {
        return None;
    };
    if length > if address.is_ipv4() { 32 } else { 128 } {
        return None;
    }
    let (network, _) = network_bounds(address, length);
    (network != address).then_some((network, length, address))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_bits_below_the_prefix_are_told() {
        let network = |term| host_bits_below_prefix(term).map(|(n, l, _)| format!("{n}/{l}"));
        assert_eq!(
            network("ip4:135.84.68.123/28").as_deref(),
            Some("135.84.68.112/28")
        );
        assert_eq!(
            network("-ip6:2001:db8:abcd:1234::5/48").as_deref(),
            Some("2001:db8:abcd::/48")
        );
        assert_eq!(network("ip4:135.84.68.112/28"), None);
        assert_eq!(network("ip4:192.0.2.1"), None);
        assert_eq!(network("ip4:192.0.2.1/32"), None);
        assert_eq!(network("ip4:0.0.0.0/0"), None);
        assert_eq!(network("ip4:192.0.2.1/33"), None);
    }

    #[test]
    fn a_dot_where_the_colon_goes() {
        assert_eq!(
            separator_slip("include.spf.protection.outlook.com").as_deref(),
            Some("include:spf.protection.outlook.com")
        );
        assert_eq!(
            separator_slip("~IP4;192.0.2.1").as_deref(),
            Some("~IP4:192.0.2.1")
        );
        assert_eq!(
            separator_slip("redirect._spf.example.com").as_deref(),
            Some("redirect=_spf.example.com")
        );
        assert_eq!(separator_slip("include."), None);
        assert_eq!(separator_slip("a.example.com"), None);
        assert_eq!(separator_slip("includes:x"), None);
    }

    #[test]
    fn what_a_mechanism_written_as_a_modifier_meant() {
        for (name, value, says) in [
            (
                "include",
                "_spf.google.com",
                "write `include:_spf.google.com`",
            ),
            ("all", "-", "Write `-all`."),
            ("all", "x", "`all` takes no argument"),
            ("ptr", "", "Write `ptr` alone"),
            ("a", "192.0.2.1", "write `ip4:192.0.2.1`"),
            ("a", "2001:db8::/32", "write `ip6:2001:db8::/32`"),
            ("ip4", "192.0.2.0/24", "write `ip4:192.0.2.0/24`"),
        ] {
            let help = meant_mechanism(name, value);
            assert!(help.contains(says), "{name}={value}: {help}");
        }
    }
}
