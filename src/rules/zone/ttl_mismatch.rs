//! ZONE014: TTLs that differ inside one RRset.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::RType;
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "ZONE014",
    name: "ttl-mismatch",
    severity: Severity::Warning,
    summary: "The records of one RRset have different TTLs",
    doc: include_str!("../../../rules/docs/ZONE014.md"),
    check: Some(check),
};

/// SIG (24): like RRSIG, one set per covered type, each with its own TTL.
const SIG: RType = RType(24);

fn check(_project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    // A set of one record has no other TTL to differ from; the index found the sets whose
    // TTLs differ as it built them.
    for set in zone.rrsets_of_several().filter(|set| set.ttls_differ) {
        // Signatures of different types share an owner and a type but not a TTL.
        if set.rtype == RType::RRSIG || set.rtype == SIG || !set.in_zone {
            continue;
        }
        let first = set.records[0];
        // The TTL the server serves the set with: BIND 9.18.49 keeps the first record's, Knot
        // 3.2.6 takes each later record's in turn ("TTL set to 600"), the last one's.
        let (server, served) = match zone.zone.served_by {
            Some(crate::model::NameServer::Knot) => (
                "Knot",
                set.records.iter().last().map_or(first.ttl, |r| r.ttl),
            ),
            _ => ("BIND", first.ttl),
        };
        for record in set.records.iter().skip(1).filter(|r| r.ttl != first.ttl) {
            out.push(
                Diagnostic::new(
                    &RULE,
                    record.entry_span(),
                    format!(
                        "TTL {} differs from the TTL {} of the first {} record at `{}`; {server} serves the whole RRset with {served}",
                        record.ttl, first.ttl, set.rtype, set.owner()
                    ),
                )
                .with_label(first.entry_span(), format!("TTL {} here", first.ttl))
                .with_help(
                    "give every record of the RRset the same TTL (RFC 2181 §5.2)",
                ),
            );
        }
    }
}
