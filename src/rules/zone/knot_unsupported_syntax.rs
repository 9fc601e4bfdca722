//! ZONE044: what a BIND zone file may hold and Knot DNS's zone parser does not know: the
//! `$GENERATE` directive and record types written by a name Knot does not have.

use rustc_hash::FxHashMap;

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::{NameServer, RType, Record, ZoneFormat};
use crate::rules::Rule;
use crate::rules::zone::follow_knot;
use crate::source::{FileId, Span};

pub static RULE: Rule = Rule {
    code: "ZONE044",
    name: "knot-unsupported-syntax",
    severity: Severity::Info,
    summary: "A `$GENERATE` directive or a record type named in a way Knot DNS does not know: Knot refuses the zone",
    doc: include_str!("../../../rules/docs/ZONE044.md"),
    check: Some(check),
};

/// The record types Knot DNS 3.2 reads by name in a zone file (libknot's descriptors; checked
/// one by one with kzonecheck 3.2.6). Any type may still be written in RFC 3597's generic form,
/// `TYPEnnn \# <length> <hex>`, which Knot loads whatever the number.
fn knot_knows(rtype: RType) -> bool {
    matches!(
        rtype.0,
        1 | 2
            | 5
            | 6
            | 12..=18
            | 21
            | 25
            | 28
            | 29
            | 33
            | 35..=37
            | 39
            | 42..=53
            | 59..=65
            | 99
            | 104..=109
            | 256
            | 257
    )
}

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    // octoDNS YAML has no directives, and octoDNS writes each type for the provider. A zone
    // the repository's named.conf serves is BIND's, which loads all of this: nothing to say.
    // Otherwise advice (both are BIND's own and valid there), an error where Knot serves it.
    if zone.zone.format != ZoneFormat::Bind || zone.zone.served_by == Some(NameServer::Bind) {
        return;
    }
    let generate_entries = generate_entries(project, zone);
    let mut directives: Vec<_> = generate_entries.iter().collect();
    directives.sort_unstable();
    for (&(file, start), &made) in directives {
        out.push(follow_knot(
            zone,
            generate_finding(project, zone, file, start, made),
        ));
    }
    // Only the rare types: the index lists the types a zone has.
    let mut unknown: Vec<RType> = zone
        .types()
        .filter(|&rtype| !knot_knows(rtype) && !rtype.is_meta())
        .collect();
    unknown.sort_unstable_by_key(|rtype| rtype.0);
    for rtype in unknown {
        for record in zone.of_type(rtype) {
            // A `$GENERATE` is reported as a whole: Knot stops at the directive.
            if generate_entries.contains_key(&(record.file, record.spans.entry().0)) {
                continue;
            }
            let written = type_text(project, record);
            if is_generic(written) {
                continue;
            }
            let diagnostic = Diagnostic::new(
                &RULE,
                record.type_span(),
                format!(
                    "Knot DNS does not know the record type `{written}` by name: it refuses the zone (\"unsupported record type\")"
                ),
            )
            .with_help(format!(
                "if the record must stay, write it in RFC 3597's generic form, `TYPE{} \\# <length> <RDATA in hex>`, \
                 which Knot loads and BIND reads as the same record; a type no one queries is better removed",
                rtype.0
            ));
            out.push(follow_knot(zone, diagnostic));
        }
    }
}

/// The `$GENERATE` entries of the zone's files, by (file, entry start), with the number of
/// records each made: lines that begin with `$GENERATE` (any case), kept where a record was
/// made from them, so that the parse, not a second reading of the text, says what is a
/// directive. (One that made no record is a syntax error or a limit's finding already.)
fn generate_entries(
    project: &Project<'_>,
    zone: &ZoneIndex<'_>,
) -> FxHashMap<(FileId, u32), usize> {
    let mut found = FxHashMap::default();
    for &file in &zone.zone.files {
        let text = project.sources.get(file).text.as_bytes();
        let starts: Vec<u32> = memchr::memchr_iter(b'$', text)
            .filter(|&at| at == 0 || text[at - 1] == b'\n')
            .filter(|&at| {
                text.get(at..at + 9)
                    .is_some_and(|word| word.eq_ignore_ascii_case(b"$GENERATE"))
            })
            .map(|at| at as u32)
            .collect();
        if starts.is_empty() {
            continue;
        }
        for record in zone.zone.records.iter().filter(|r| r.file == file) {
            let entry = record.spans.entry().0;
            if starts.binary_search(&entry).is_ok() {
                *found.entry((file, entry)).or_default() += 1;
            }
        }
    }
    found
}

fn generate_finding(
    project: &Project<'_>,
    zone: &ZoneIndex<'_>,
    file: FileId,
    start: u32,
    made: usize,
) -> Diagnostic {
    let display_path = &project.sources.get(file).display_path;
    Diagnostic::new(
        &RULE,
        Span::new(file, start as usize, start as usize + "$GENERATE".len()),
        format!(
            "`$GENERATE` is BIND's own directive (here it makes {made} record{}); Knot DNS does not have it and refuses the zone (\"invalid directive\")",
            if made == 1 { "" } else { "s" }
        ),
    )
    .with_help(format!(
        "for a zone Knot serves, write the records out: `named-checkzone -D -o - {} {display_path}` prints \
         the zone with every `$GENERATE` expanded",
        zone.zone.apex
    ))
}

/// The record's type as its entry writes it.
fn type_text<'p>(project: &Project<'p>, record: &Record) -> &'p str {
    let (start, end) = record.spans.rtype();
    &project.sources.get(record.file).text[start as usize..end as usize]
}

/// `TYPE258`: RFC 3597's name for any type, which Knot reads whatever the number.
fn is_generic(written: &str) -> bool {
    written.len() > 4
        && written[..4].eq_ignore_ascii_case("TYPE")
        && written[4..].bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::{is_generic, knot_knows};
    use crate::model::RType;

    /// The names kzonecheck 3.2.6 loads, and some it refuses ("unsupported record type").
    #[test]
    fn knot_type_list_matches_kzonecheck() {
        for name in [
            "A",
            "NS",
            "CNAME",
            "SOA",
            "PTR",
            "HINFO",
            "MINFO",
            "MX",
            "TXT",
            "RP",
            "AFSDB",
            "RT",
            "KEY",
            "AAAA",
            "LOC",
            "SRV",
            "NAPTR",
            "KX",
            "CERT",
            "DNAME",
            "APL",
            "DS",
            "SSHFP",
            "IPSECKEY",
            "RRSIG",
            "NSEC",
            "DNSKEY",
            "DHCID",
            "NSEC3",
            "NSEC3PARAM",
            "TLSA",
            "SMIMEA",
            "CDS",
            "CDNSKEY",
            "OPENPGPKEY",
            "CSYNC",
            "ZONEMD",
            "SVCB",
            "HTTPS",
            "SPF",
            "NID",
            "L32",
            "L64",
            "LP",
            "EUI48",
            "EUI64",
            "URI",
            "CAA",
        ] {
            let rtype = RType::from_mnemonic(name.as_bytes()).unwrap();
            assert!(knot_knows(rtype), "{name}");
        }
        for name in [
            "MD", "MF", "MB", "MG", "MR", "NULL", "WKS", "X25", "ISDN", "NSAP", "NSAP-PTR", "SIG",
            "PX", "GPOS", "NXT", "EID", "NIMLOC", "ATMA", "A6", "SINK", "HIP", "NINFO", "RKEY",
            "TALINK", "DSYNC", "HHIT", "BRID", "UINFO", "UID", "GID", "UNSPEC", "AVC", "DOA",
            "AMTRELAY", "RESINFO", "WALLET", "TA", "DLV",
        ] {
            let rtype = RType::from_mnemonic(name.as_bytes()).unwrap();
            assert!(!knot_knows(rtype), "{name}");
        }
    }

    #[test]
    fn generic_names() {
        assert!(is_generic("TYPE258"));
        assert!(is_generic("type10"));
        assert!(!is_generic("TYPE"));
        assert!(!is_generic("AVC"));
        assert!(!is_generic("TYPEX"));
    }
}
