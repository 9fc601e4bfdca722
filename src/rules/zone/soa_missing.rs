//! ZONE005: no SOA record at the zone's apex.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::{RType, ZoneFormat};
use crate::rules::Rule;
use crate::rules::zone::zone_start;

pub static RULE: Rule = Rule {
    code: "ZONE005",
    name: "soa-missing",
    severity: Severity::Error,
    summary: "The zone has no SOA record at its apex",
    doc: include_str!("../../../rules/docs/ZONE005.md"),
    check: Some(check),
};

fn check(_project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    // octoDNS has no SOA type: the provider writes it. A zone with input errors may have lost
    // its SOA line to a syntax error, already reported.
    if zone.zone.format != ZoneFormat::Bind || !zone.zone.complete {
        return;
    }
    let apex = &zone.zone.apex;
    if zone.at(apex).any(|r| r.rtype == RType::SOA) {
        return;
    }
    // An SOA owned by another name is where to look; else the top of the zone's file.
    let mut elsewhere = zone.of_type(RType::SOA);
    let mut diagnostic = match elsewhere.next() {
        Some(soa) => Diagnostic::new(
            &RULE,
            soa.owner_span(),
            format!(
                "the zone `{apex}` has no SOA record at its apex: this SOA is owned by `{}`",
                soa.owner
            ),
        ),
        None => Diagnostic::new(
            &RULE,
            zone_start(zone),
            format!("the zone `{apex}` has no SOA record at its apex"),
        ),
    }
    .with_help(format!(
        "start the zone with one SOA record owned by `{apex}` (`@` when $ORIGIN is the zone name); BIND and Knot refuse a zone without it{}",
        import_hint(zone)
    ));
    for soa in elsewhere {
        diagnostic = diagnostic.with_label(
            soa.owner_span(),
            format!("this SOA is owned by `{}`, not by the apex", soa.owner),
        );
    }
    out.push(diagnostic);
}

/// For a file with neither an SOA nor NS records that no server configuration names: it may be
/// records for a DNS provider's import, which keeps both itself; how to say so.
fn import_hint(zone: &ZoneIndex<'_>) -> &'static str {
    let apex = &zone.zone.apex;
    let import_like = zone.zone.served_by.is_none()
        && !zone.has_type(RType::SOA)
        && !zone.at(apex).any(|r| r.rtype == RType::NS);
    if import_like {
        ". If the file is a record set for a DNS provider's import (`gcloud dns record-sets import`, \
         Cloudflare's or Route 53's importer), which keeps the SOA and NS itself, list it under \
         `[per-file-ignores]` with ZONE005 and ZONE008"
    } else {
        ""
    }
}
