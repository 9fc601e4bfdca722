//! What the NS and SRV target rules share: reading a record's target, finding the linted zone
//! that answers for it, and telling an address written as a name.

use std::net::IpAddr;

use crate::index::{Lookup, OwnerRecords, Project, TargetList, TargetPlace, ZoneIndex};
use crate::model::{Class, RData, RType, Record};
use crate::name::Name;
use crate::parse::text::parse_ip;
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

/// The record types whose targets [`resolved`] keeps.
#[derive(Clone, Copy)]
pub enum Resolvable {
    Ns,
    Srv,
}

/// Every target of `kind` in file order, with what the linted zone that answers for it holds
/// there: None when no linted zone does, or when a DNAME above the target redirects it (its
/// own data is occluded; the rules on DNAME say so). Looked up once per zone: several rules ask
/// about the same targets (alias, no address), and each lookup reads records and names
/// scattered over the zone.
pub fn resolved<'p, 'a>(
    project: &'p Project<'a>,
    zone: &'p ZoneIndex<'a>,
    kind: Resolvable,
) -> impl Iterator<Item = (Target<'a>, Option<(&'p ZoneIndex<'a>, Lookup<'a>)>)> + 'p {
    let (list, rtype) = match kind {
        Resolvable::Ns => (TargetList::Ns, RType::NS),
        Resolvable::Srv => (TargetList::Srv, RType::SRV),
    };
    let places = zone.target_places(list, || {
        targets(zone, rtype)
            .map(|target| place(project, zone, target.name))
            .collect()
    });
    targets(zone, rtype)
        .zip(places)
        .map(move |(target, &place)| {
            let found = expand(project, place)
                .filter(|(target_zone, _)| !below_dname(target_zone, target.name));
            (target, found)
        })
}

/// Where `name` leads: the linted zone that answers for it and the place there, as
/// [`ZoneIndex::target_places`] keeps it (a DNAME above the name not yet considered).
pub fn place(project: &Project<'_>, zone: &ZoneIndex<'_>, name: &Name) -> TargetPlace {
    let target_zone = project.zone_for(name, zone)?;
    Some((target_zone.position() as u32, target_zone.locate(name)))
}

/// The zone and lookup a kept place stands for.
pub fn expand<'p, 'a>(
    project: &'p Project<'a>,
    place: TargetPlace,
) -> Option<(&'p ZoneIndex<'a>, Lookup<'a>)> {
    let (position, place) = place?;
    let target_zone = &project.zones[position as usize];
    Some((target_zone, target_zone.expand(place)))
}

/// [`ZoneIndex::cut_above`] of a target that `zone` itself answers for, read off what the
/// target's kept place found rather than by hashing its ancestors again: a name with records
/// has its owner's (kept per record), a delegated name has one, and a name that is neither
/// (covered by a wildcard, empty or missing) lies below none.
pub fn cut_above_found<'a>(
    zone: &ZoneIndex<'a>,
    name: &'a Name,
    found: &Lookup<'a>,
) -> Option<&'a str> {
    match found {
        Lookup::Found(records) => records.iter().next().and_then(|r| zone.record_cut(r)),
        Lookup::Delegated => zone.cut_above(name),
        Lookup::Wildcard(_) | Lookup::EmptyNonTerminal | Lookup::NxDomain => None,
    }
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
    zone.zone.shows_all_addresses() && zone.zone.class == Class::IN
}

/// The records' CNAME, if one is among them.
pub fn alias<'a>(records: &OwnerRecords<'a>) -> Option<(&'a Record, &'a Name)> {
    records.iter().find_map(|r| match (&r.rdata, r.rtype) {
        (RData::Target(canonical), RType::CNAME) => Some((r, canonical)),
        _ => None,
    })
}

/// Whether a CNAME in the linted zones, at an owner `from` accepts, leads to `name`: lookups
/// of that owner are answered from `name` (a DMARC policy or DKIM key several domains share).
/// Read for the few records that need it, not for every record.
pub fn aliased_from(project: &Project<'_>, name: &Name, from: impl Fn(&Name) -> bool) -> bool {
    project.cnames_to(name).any(|record| from(&record.owner))
}

/// Whether `name`, holding `records` in `zone`, is a delegation point: NS records below the
/// apex. The parent answers only NS and DS there and refers every other question to the child
/// zone, which holds the name's addresses, mail and text records: nothing can be said to be
/// missing (named-checkzone and kzonecheck say nothing either).
pub fn is_delegation_point<'r>(
    zone: &ZoneIndex<'_>,
    name: &Name,
    records: impl IntoIterator<Item = &'r Record>,
) -> bool {
    *name != zone.zone.apex && records.into_iter().any(|r| r.rtype == RType::NS)
}

/// Whether the records give their name addresses: A or AAAA records, or a DNS provider's
/// alias to addresses ([`RData::AddressAlias`]).
pub fn has_address<'r>(records: impl IntoIterator<Item = &'r Record>) -> bool {
    records.into_iter().any(|r| {
        r.rtype == RType::A || r.rtype == RType::AAAA || matches!(r.rdata, RData::AddressAlias(_))
    })
}

/// The address a target spells (`192.0.2.1.` or `192.0.2.1` completed with the origin), as
/// BIND's `check-mx` reads the token: one trailing dot removed, then parsed as an address.
pub fn address_literal(project: &Project<'_>, target: &Target<'_>) -> Option<IpAddr> {
    // An address is hex digits, dots and colons, and the name was read from the text (or is
    // the text completed): its first label is the text's. A first label with any other byte
    // (a host name's, nearly always) spells no address, and the text is not read from the
    // file, a cache miss for each of the hundreds of thousands of targets of a large zone.
    let may_spell_address = |label: &str| label.bytes().all(|b| b.is_ascii_hexdigit() || b == b':');
    if !may_spell_address(target.name.first_label()) {
        return None;
    }
    let written = project.field_text(target.record, target.field);
    let written = written.strip_suffix('.').unwrap_or(written);
    if let Some(ip) = parse_ip(written) {
        return Some(ip);
    }
    let absolute = target.name.as_str();
    parse_ip(absolute.strip_suffix('.').unwrap_or(absolute))
}

/// The last labels of private and reserved names (ICANN's `internal`, RFC 6762's `local`,
/// RFC 2606's `test` and `invalid`, and the habits `lan`, `corp`, `home`, `intranet`,
/// `localdomain`): not in the root, so NAME001 does not know them. (RFC 8375's `home.arpa`
/// ends in a top-level domain, so NAME001 reads it.)
const PRIVATE_TOP_LABELS: &[&str] = &[
    "internal",
    "local",
    "localdomain",
    "lan",
    "corp",
    "home",
    "intranet",
    "private",
    "test",
    "invalid",
];

/// For a target that does not exist and was written without its final dot, with a dot inside
/// and a last label of a private name (`sip.internal`, `mail.lan`): a help sentence saying the
/// origin was appended. Its author may have meant that name outside the zone, which NAME001
/// cannot tell as the label is no top-level domain; empty otherwise (`smtp.dc1` beside
/// `smtp.dc2` is more likely a name of the zone mistyped).
pub fn written_relative_hint(project: &Project<'_>, record: &Record, field: usize) -> String {
    if !record.is_relative_field(field) {
        return String::new();
    }
    let written = project.field_text(record, field);
    let last = written.rsplit('.').next().unwrap_or_default();
    if !written.contains('.')
        || !PRIVATE_TOP_LABELS
            .iter()
            .any(|l| l.eq_ignore_ascii_case(last))
    {
        return String::new();
    }
    format!(
        "; `{written}` has no final dot, so the origin was appended to it: a name outside \
         the zone is written `{written}.`"
    )
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
    // Records zonelint does not model (octoDNS `ignored`, URLFWD) may give it addresses.
    if target_zone.zone.holds_unmodelled(name) {
        return None;
    }
    let problem = match found {
        Lookup::Found(records) | Lookup::Wildcard(records) => {
            if has_address(records.iter())
                || alias(&records).is_some()
                || is_delegation_point(target_zone, name, records.iter())
            {
                return None;
            }
            format!("{kind} target `{name}` has no A or AAAA record in zone `{apex}`")
        }
        Lookup::Delegated => return None,
        Lookup::EmptyNonTerminal | Lookup::NxDomain => {
            format!("{kind} target `{name}` does not exist in zone `{apex}`")
        }
    };
    let name001 = crate::rules::names::missing_trailing_dot::speaks_for(
        project,
        zone,
        target.record,
        target.field,
    );
    (address_literal(project, target).is_none() && !name001).then_some(problem)
}

/// Where a CNAME's or PTR's target (RDATA field 0) lies inside a linted zone and is not there:
/// the zone and what is missing ("does not exist", or an empty non-terminal). None for a
/// target outside every linted zone, in a zone that did not read cleanly or takes updates, in
/// a root zone file (hints, test data: no authority for every name), covered by a wildcard,
/// delegated, below a DNAME (ZONE039), holding records zonelint does not model (octoDNS
/// `ignored`, URLFWD), a name NAME001 says lost its final dot, or an address written as a name
/// (ZONE045): those are other rules' findings, or no finding.
pub fn missing_target<'p, 'a>(
    project: &'p Project<'a>,
    zone: &ZoneIndex<'a>,
    record: &'a Record,
    name: &'a Name,
) -> Option<(&'p ZoneIndex<'a>, &'static str)> {
    let target_zone = project.zone_for(name, zone)?;
    if !knows_its_names(target_zone) || target_zone.zone.apex.is_root() {
        return None;
    }
    // Nearly every target exists: the lookup first, the rarer questions after it.
    let what = match target_zone.lookup(name) {
        Lookup::NxDomain => "does not exist",
        Lookup::EmptyNonTerminal => "has no records (only names below it do)",
        _ => return None,
    };
    let target = Target {
        record,
        name,
        field: 0,
    };
    let elsewhere = below_dname(target_zone, name)
        || target_zone.zone.holds_unmodelled(name)
        || crate::rules::names::missing_trailing_dot::speaks_for(project, zone, record, 0)
        || address_literal(project, &target).is_some();
    (!elsewhere).then_some((target_zone, what))
}

/// How many aliases [`alias_chain_dead_end`] follows: a longer chain is ZONE041's (a loop) or
/// no real one.
const MAX_ALIAS_HOPS: usize = 8;

/// Where a chain of aliases ends at a name that does not exist in the linted zones.
pub struct DeadEnd<'p, 'a> {
    /// The chain's last CNAME.
    pub last: &'a Record,
    /// The name it points to.
    pub end: &'a Name,
    /// The zone that lacks it.
    pub zone: &'p ZoneIndex<'a>,
    /// What is missing there, as [`missing_target`] says it.
    pub what: &'static str,
}

/// The dead end of the chain of aliases that starts with CNAME `first` (a record of `zone`),
/// followed through the linted zones up to eight links, with [`missing_target`]'s test at each
/// one. None when the chain reaches records, a wildcard or a delegation, leaves the linted
/// zones, or cannot be told here: a name looked up through such a chain (an MX exchange, an
/// SPF term's domain) has nothing at its end.
pub fn alias_chain_dead_end<'p, 'a>(
    project: &'p Project<'a>,
    zone: &ZoneIndex<'a>,
    first: &'a Record,
) -> Option<DeadEnd<'p, 'a>> {
    let mut alias = first;
    let mut from = project.zone_for(&alias.owner, zone)?;
    for _ in 0..MAX_ALIAS_HOPS {
        let RData::Target(canonical) = &alias.rdata else {
            return None;
        };
        if let Some((target_zone, what)) = missing_target(project, from, alias, canonical) {
            return Some(DeadEnd {
                last: alias,
                end: canonical,
                zone: target_zone,
                what,
            });
        }
        let target_zone = project.zone_for(canonical, from)?;
        let Lookup::Found(records) = target_zone.lookup(canonical) else {
            return None;
        };
        alias = records.iter().find(|r| r.rtype == RType::CNAME)?;
        from = target_zone;
    }
    None
}

/// The label of a name of one label (`mail-server.`), and the zone's name of that label
/// (`mail-server.example.com.`): a final dot after a name meant relative to the zone makes the
/// first of the second, which is what was probably meant when the zone has it.
pub fn single_label<'n>(zone: &ZoneIndex<'_>, name: &'n Name) -> Option<(&'n str, Option<Name>)> {
    let mut labels = name.labels();
    let (Some(label), None) = (labels.next(), labels.next()) else {
        return None;
    };
    let under_apex = Name::from_ascii(label)
        .and_then(|relative| relative.prepend_to(&zone.zone.apex))
        .ok();
    Some((label, under_apex))
}

/// A target of one label that is no top-level domain (`mail-server.`, stalwart#1084's
/// generated zone): no such name exists in the DNS. Usually a final dot after a name meant
/// relative to the zone. Gives the help that says so, naming the zone's name of that label
/// when the zone has one (what was probably meant). `localhost.` is not one: it is every
/// host's own, as other rules say.
pub fn single_label_help(zone: &ZoneIndex<'_>, name: &Name) -> Option<String> {
    let (label, under_apex) = single_label(zone, name)?;
    let lower = label.to_ascii_lowercase();
    // An IPv6 address written as a name (`2001:db8::1.`) is said by the rules about those.
    if lower == "localhost"
        || lower.contains(':')
        || crate::rules::names::missing_trailing_dot::is_tld(&lower)
    {
        return None;
    }
    let meant = under_apex.filter(|meant| zone.at(meant).next().is_some());
    Some(match meant {
        Some(meant) => format!(
            "`{label}` is no top-level domain, so `{name}` does not exist; the final dot makes it a name of the DNS root, and `{meant}`, which this zone has, was probably meant: write `{label}` without the dot"
        ),
        None => format!(
            "`{label}` is no top-level domain, so `{name}` does not exist: write the target's full name, ending in the dot, or the name relative to the zone without one"
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::index::tests::parsed;
    use crate::source::SourceMap;

    /// What the kept places give is what a lookup of each target gives, whatever it finds:
    /// records, glue, a wildcard, a delegation, an empty non-terminal, nothing, a name below a
    /// DNAME, a name in a sibling zone and one no linted zone holds.
    #[test]
    fn resolved_targets_read_as_their_lookups() {
        let zones = vec![
            parsed(
                "example.com.",
                "@ NS ns1\n@ NS ns.child\n@ NS other.child\n@ NS b.empty\n@ NS x.wild\n@ NS nowhere\n\
                 @ NS mail.example.net.\n@ NS elsewhere.example.org.\n@ NS host.old\n\
                 @ MX 10 alias\n@ MX 20 x.wild\n@ MX 30 mail.example.net.\n@ MX 0 .\n\
                 _sip._tcp SRV 0 0 5060 ns1\n_sip._udp SRV 0 0 5060 ns.child\n\
                 ns1 A 192.0.2.1\nchild NS ns.child\nns.child A 192.0.2.2\n\
                 c.b.empty TXT x\n*.wild A 192.0.2.3\nalias CNAME ns1\nold DNAME new.example.\n",
            ),
            parsed("example.net.", "mail A 192.0.2.4\n"),
        ];
        let sources = SourceMap::default();
        let project = Project::new(&zones, &sources, Catalog::builtin(), 1);
        let zone = &project.zones[0];
        let describe = |found: Option<(&ZoneIndex<'_>, Lookup<'_>)>| {
            found.map(|(target_zone, lookup)| {
                let records = match &lookup {
                    Lookup::Found(records) | Lookup::Wildcard(records) => records
                        .iter()
                        .map(|r| r.entry_span().start)
                        .collect::<Vec<_>>(),
                    _ => Vec::new(),
                };
                let kind = match lookup {
                    Lookup::Found(_) => "found",
                    Lookup::Wildcard(_) => "wildcard",
                    Lookup::Delegated => "delegated",
                    Lookup::EmptyNonTerminal => "empty non-terminal",
                    Lookup::NxDomain => "no such name",
                };
                (target_zone.zone.apex.to_string(), kind, records)
            })
        };
        let mut kinds = std::collections::HashSet::new();
        for (kind, rtype) in [(Resolvable::Ns, RType::NS), (Resolvable::Srv, RType::SRV)] {
            let kept: Vec<_> = resolved(&project, zone, kind)
                .map(|(target, found)| (target.name.to_string(), describe(found)))
                .collect();
            let looked_up: Vec<_> = targets(zone, rtype)
                .map(|target| {
                    let found = project
                        .zone_for(target.name, zone)
                        .filter(|target_zone| !below_dname(target_zone, target.name))
                        .map(|target_zone| (target_zone, target_zone.lookup(target.name)));
                    (target.name.to_string(), describe(found))
                })
                .collect();
            assert_eq!(kept, looked_up);
            kinds.extend(kept.iter().map(|(_, found)| found.as_ref().map(|f| f.1)));
        }
        let kept: Vec<_> = crate::rules::mx::resolved_mx(&project, zone)
            .map(|(mx, found)| (mx.exchange.to_string(), describe(found)))
            .collect();
        let looked_up: Vec<_> = crate::rules::mx::all_mx(zone)
            .map(|mx| {
                let found = project
                    .zone_for(mx.exchange, zone)
                    .map(|target_zone| (target_zone, target_zone.lookup(mx.exchange)));
                (mx.exchange.to_string(), describe(found))
            })
            .collect();
        assert_eq!(kept, looked_up);
        kinds.extend(kept.iter().map(|(_, found)| found.as_ref().map(|f| f.1)));
        // Every kind of answer was compared, and no linted zone.
        assert_eq!(kinds.len(), 6, "{kinds:?}");
    }
}
