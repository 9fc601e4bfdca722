//! ZONE008: no NS records at the zone's apex.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::{RType, ZoneFormat};
use crate::rules::Rule;
use crate::rules::zone::zone_start;

pub static RULE: Rule = Rule {
    code: "ZONE008",
    name: "ns-missing",
    severity: Severity::Error,
    summary: "The zone has no NS records at its apex",
    doc: include_str!("../../../rules/docs/ZONE008.md"),
    check: Some(check),
};

fn check(_project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    // octoDNS zones usually leave the apex NS to the provider; a zone with input errors may
    // have lost its NS lines to them.
    if zone.zone.format != ZoneFormat::Bind || !zone.zone.complete {
        return;
    }
    let apex = &zone.zone.apex;
    if zone.at(apex).any(|r| r.rtype == RType::NS) {
        return;
    }
    let span = zone
        .at(apex)
        .find(|r| r.rtype == RType::SOA)
        .map_or_else(|| zone_start(zone), |soa| soa.owner_span());
    out.push(
        Diagnostic::new(
            &RULE,
            span,
            format!("the zone `{apex}` has no NS records at its apex"),
        )
        .with_help(format!(
            "add the zone's name servers: `@ IN NS ns1.{apex}`; BIND refuses a zone without them"
        )),
    );
}
