//! ZONE046: an NS record at a wildcard owner (`* NS ns1`), which BIND refuses to load.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::{NameServer, RType, ZoneFormat};
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "ZONE046",
    name: "wildcard-ns",
    severity: Severity::Error,
    summary: "An NS record at a wildcard owner (`* NS ...`): BIND refuses the zone",
    doc: include_str!("../../../rules/docs/ZONE046.md"),
    check: Some(check),
};

fn check(_project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    // BIND refuses the zone file; Knot loads it, and octoDNS (1.22.0) accepts the record, which
    // is then the provider's to take or refuse.
    let loads_anyway =
        zone.zone.format == ZoneFormat::OctoDns || zone.zone.served_by == Some(NameServer::Knot);
    for record in zone.of_type(RType::NS) {
        if record.owner.first_label() != "*" {
            continue;
        }
        // What the deploying server does: BIND refuses the zone; octoDNS and Knot take it.
        let consequence = match (zone.zone.format, zone.zone.served_by) {
            (ZoneFormat::OctoDns, _) => {
                "octoDNS accepts it, but it delegates none of the names below it, and a provider that loads zones into BIND refuses it"
            }
            (_, Some(NameServer::Knot)) => {
                "Knot loads it, but it delegates none of the names below it, and BIND refuses the zone"
            }
            _ => "BIND refuses to load the zone (\"invalid NS owner name (wildcard)\")",
        };
        let mut diagnostic = Diagnostic::new(
            &RULE,
            record.owner_span(),
            format!(
                "an NS record at the wildcard `{}`: {consequence}",
                record.owner
            ),
        )
        .with_help(
            "A wildcard does not delegate every name below it: RFC 4592 §4.2 finds the meaning of \
             an NS RRset at a wildcard poorly defined, and BIND refuses one. Delegate each \
             subdomain by its own name (`sub IN NS ns1.example.net.`).",
        );
        if loads_anyway {
            diagnostic = diagnostic.with_severity(Severity::Warning);
        }
        out.push(diagnostic);
    }
}
