//! ZONE011: a CNAME at the zone's apex.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::{RType, ZoneFormat};
use crate::rules::Rule;
use crate::rules::zone::{a_type, allowed_beside_cname};

pub static RULE: Rule = Rule {
    code: "ZONE011",
    name: "cname-at-apex",
    severity: Severity::Error,
    summary: "The zone's apex has a CNAME record",
    doc: include_str!("../../../rules/docs/ZONE011.md"),
    check: Some(check),
};

fn check(_project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    // octoDNS refuses a root CNAME itself, which its lowering reports (OCTO004).
    if zone.zone.format == ZoneFormat::OctoDns {
        return;
    }
    let apex = &zone.zone.apex;
    let Some(cname) = zone.at(apex).find(|r| r.rtype == RType::CNAME) else {
        return;
    };
    // A server that published it anyway answers the MX question with the CNAME: mail then
    // goes where the target's MX records say (karlo.org's apex CNAME to Typepad beside its
    // Google MX).
    let mail = match (zone.at(apex).any(|r| r.rtype == RType::MX), &cname.rdata) {
        (true, crate::model::RData::Target(target)) => format!(
            "; where it is served anyway, resolvers answer the MX question with the CNAME, so mail for `{apex}` goes to `{target}`'s mail servers, not to these MX hosts"
        ),
        _ => String::new(),
    };
    let mut diagnostic = Diagnostic::new(
        &RULE,
        cname.entry_span(),
        format!("CNAME at the zone's apex `{apex}`"),
    )
    .with_help(format!(
        "the apex must hold the zone's SOA and NS records, and a CNAME allows no other data beside it (RFC 1034 §3.6.2, RFC 2181 §10.1){mail}; use A/AAAA records at the apex, or your provider's ALIAS/flattening feature"
    ));
    for other in zone.at(apex).filter(|r| !allowed_beside_cname(r.rtype)) {
        diagnostic = diagnostic.with_label(
            other.entry_span(),
            format!("{} at the apex", a_type(other.rtype)),
        );
    }
    out.push(diagnostic);
}
