//! ZONE009: a CNAME and other data at one name.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::RType;
use crate::rules::Rule;
use crate::rules::zone::{a_type, allowed_beside_cname};

pub static RULE: Rule = Rule {
    code: "ZONE009",
    name: "cname-and-other-data",
    severity: Severity::Error,
    summary: "A name has a CNAME and other records",
    doc: include_str!("../../../rules/docs/ZONE009.md"),
    check: Some(check),
};

fn check(_project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for sets in zone.owners() {
        // The types come from the index: an owner without a CNAME costs no read of its records.
        let Some(cname) = sets.iter().find(|s| s.rtype == RType::CNAME) else {
            continue;
        };
        // A CNAME at the apex is cname-at-apex's finding; outside the zone, nobody loads it.
        // (Both told by the index: an owner with a CNAME alone costs no read of its records.)
        if sets.first().at_apex || !sets.first().in_zone {
            continue;
        }
        let others: Vec<_> = sets
            .iter()
            .filter(|s| !allowed_beside_cname(s.rtype))
            .flat_map(|s| s.records)
            .collect();
        let owner = sets.first().owner();
        if others.is_empty() {
            // Records zonelint does not make into records (an octoDNS URLFWD, a record octoDNS
            // is told to ignore, a server's extension type) are data at the name too:
            // octoDNS's CNAME check counts every record of the node.
            if zone.zone.owns_unmodelled_records(owner) {
                let diagnostic = Diagnostic::new(
                    &RULE,
                    cname.records[0].entry_span(),
                    format!(
                        "`{owner}` has a CNAME and other data (a record zonelint does not read: a URLFWD, a provider's own type, or one octoDNS is told to ignore)"
                    ),
                )
                .with_help(format!(
                    "a CNAME makes `{owner}` an alias for another name, so it can have no records of its own (RFC 1034 §3.6.2, RFC 2181 §10.1; octoDNS: \"CNAME at {owner} cannot coexist with other records\"): keep the CNAME or the other records, not both"
                ));
                // In a `lenient` octoDNS zone octoDNS only logs its CNAME check and goes on;
                // whether the provider takes both is the provider's (octodns-cloudflare makes a
                // URLFWD a Page Rule, no record at the name): a warning (bsoyka/infra).
                out.push(if zone.zone.lenient {
                    diagnostic.with_severity(Severity::Warning)
                } else {
                    diagnostic
                });
            }
            continue;
        }
        let mut types: Vec<String> = Vec::new();
        for record in &others {
            let name = record.rtype.to_string();
            if !types.contains(&name) {
                types.push(name);
            }
        }
        let mut diagnostic = Diagnostic::new(
            &RULE,
            cname.records[0].entry_span(),
            format!(
                "`{owner}` has a CNAME and other data ({})",
                types.join(", ")
            ),
        )
        .with_help(format!(
            "a CNAME makes `{owner}` an alias for another name, so it can have no records of its own (RFC 1034 §3.6.2, RFC 2181 §10.1): keep the CNAME or the other records, not both"
        ));
        for record in others {
            diagnostic = diagnostic.with_label(
                record.entry_span(),
                format!("{} at the same name", a_type(record.rtype)),
            );
        }
        out.push(diagnostic);
    }
}
