//! What the NS and SRV target rules share: reading a record's target, finding the linted zone
//! that answers for it, and telling an address written as a name.

use std::net::IpAddr;

use crate::index::{Lookup, Project, ZoneIndex};
use crate::model::{Class, RData, RType, Record};
use crate::name::Name;
use crate::source::Span;

/// An NS, MX or SRV record with its target name and the RDATA field that holds it.
#[derive(Clone, Copy)]
pub struct Target<'a> {
    pub record: &'a Record,
    pub name: &'a Name,
    pub field: usize,
}

impl Target<'_> {
    /// The target as written, or the RDATA when the field has no span of its own.
    pub fn span(&self) -> Span {
        if self.record.spans.field_count() > self.field {
            self.record.field_span(self.field)
        } else {
            self.record.rdata_span()
        }
    }
}

/// The target of an NS, MX or SRV record; None for other types and for RDATA that did not parse.
pub fn target_of(record: &Record) -> Option<Target<'_>> {
    let (name, field) = match (&record.rdata, record.rtype) {
        (RData::Target(name), RType::NS) => (name, 0),
        (RData::Mx { exchange, .. }, RType::MX) => (exchange, 1),
        (RData::Srv { target, .. }, RType::SRV) => (target, 3),
        _ => return None,
    };
    Some(Target {
        record,
        name,
        field,
    })
}

/// The targets of every record of type `rtype` in the zone, in file order (from the index's
/// list of the type, not a pass over every record).
pub fn targets<'z, 'a>(
    zone: &'z ZoneIndex<'a>,
    rtype: RType,
) -> impl Iterator<Item = Target<'a>> + 'z {
    zone.of_type(rtype).filter_map(target_of)
}

/// What the linted zone that answers for `name` holds there; None when no linted zone does, or
/// when a DNAME above the name redirects it (the name's own data is occluded; the rules on
/// DNAME say so).
pub fn lookup<'p, 'a>(
    project: &'p Project<'a>,
    zone: &ZoneIndex<'_>,
    name: &Name,
) -> Option<(&'p ZoneIndex<'a>, Lookup<'a>)> {
    let target_zone = project.zone_for(name, zone)?;
    if below_dname(target_zone, name) {
        return None;
    }
    Some((target_zone, target_zone.lookup(name)))
}

/// Is `name` strictly below a DNAME that `zone` serves?
pub fn below_dname(zone: &ZoneIndex<'_>, name: &Name) -> bool {
    served_dname_above(zone, name).is_some()
}

/// The DNAME strictly above `name` that `zone` serves: one at or below a delegation is the child
/// zone's data (BIND's good1.db), not this zone's.
pub fn served_dname_above<'a>(zone: &ZoneIndex<'a>, name: &Name) -> Option<&'a Record> {
    zone.dname_above(name)
        .filter(|dname| zone.cut_above(&dname.owner).is_none())
}

/// Can "this name has no address" be said of names in `zone`? Not in a zone that did not read
/// cleanly (the missing record may be the one that failed to parse), nor outside class IN,
/// where A and AAAA are not addresses (BIND checks class IN only).
pub fn knows_its_names(zone: &ZoneIndex<'_>) -> bool {
    zone.zone.complete && zone.zone.class == Class::IN
}

/// The records' CNAME, if one is among them.
pub fn alias<'a>(records: &[&'a Record]) -> Option<(&'a Record, &'a Name)> {
    records.iter().find_map(|r| match (&r.rdata, r.rtype) {
        (RData::Target(canonical), RType::CNAME) => Some((*r, canonical)),
        _ => None,
    })
}

pub fn has_address(records: &[&Record]) -> bool {
    records
        .iter()
        .any(|r| r.rtype == RType::A || r.rtype == RType::AAAA)
}

/// The address a target spells (`192.0.2.1.` or `192.0.2.1` completed with the origin), as
/// BIND's `check-mx` reads the token: one trailing dot removed, then parsed as an address.
pub fn address_literal(project: &Project<'_>, target: &Target<'_>) -> Option<IpAddr> {
    let written = project.field_text(target.record, target.field);
    let written = written.strip_suffix('.').unwrap_or(written);
    if let Ok(ip) = written.parse::<IpAddr>() {
        return Some(ip);
    }
    let absolute = target.name.as_str();
    absolute
        .strip_suffix('.')
        .unwrap_or(absolute)
        .parse::<IpAddr>()
        .ok()
}

/// What is wrong with an in-zone target that should have an address (`kind` names the record
/// type in the message), or None: it has one, is an alias (the `*-target-cname` rules), lies
/// below a delegation, is an address literal (the `*-target-address` rules) or a name whose
/// final dot is missing (NAME001).
pub fn missing_address(
    project: &Project<'_>,
    zone: &ZoneIndex<'_>,
    target: &Target<'_>,
    target_zone: &ZoneIndex<'_>,
    found: Lookup<'_>,
    kind: &str,
) -> Option<String> {
    let apex = &target_zone.zone.apex;
    let name = target.name;
    let problem = match found {
        Lookup::Found(records) | Lookup::Wildcard(records) => {
            if has_address(&records) || alias(&records).is_some() {
                return None;
            }
            format!("{kind} target `{name}` has no A or AAAA record in zone `{apex}`")
        }
        Lookup::Delegated => return None,
        Lookup::EmptyNonTerminal | Lookup::NxDomain => {
            format!("{kind} target `{name}` does not exist in zone `{apex}`")
        }
    };
    let suspect = crate::rules::names::missing_trailing_dot::suspect(
        project,
        zone,
        target.record,
        target.field,
    );
    (address_literal(project, target).is_none() && suspect.is_none()).then_some(problem)
}
