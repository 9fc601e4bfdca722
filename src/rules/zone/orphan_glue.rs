//! ZONE032: an address record below a delegation that no NS record names.

use rustc_hash::FxHashSet as HashSet;

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::RType;
use crate::name::{Caseless, Name};
use crate::rules::Rule;
use crate::rules::zone::targets;

pub static RULE: Rule = Rule {
    code: "ZONE032",
    name: "orphan-glue",
    severity: Severity::Warning,
    summary: "An address record inside a delegated part of the zone is not glue for any NS",
    doc: include_str!("../../../rules/docs/ZONE032.md"),
    check: Some(check),
};

fn check(_project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    if zone.zone.class != crate::model::Class::IN {
        return;
    }
    // The NS targets, compared ignoring case without lower-cased copies.
    let mut named: Option<HashSet<Caseless<'_>>> = None;
    for (record, cut) in zone.records_below_cuts() {
        if record.rtype != RType::A && record.rtype != RType::AAAA {
            continue;
        }
        let named = named.get_or_insert_with(|| {
            targets::targets(zone, RType::NS)
                .map(|t| Caseless(t.name.as_str()))
                .collect()
        });
        if named.contains(&Caseless(record.owner.as_str())) {
            continue;
        }
        let cut_name =
            Name::from_ascii(&cut.to_ascii_lowercase()).unwrap_or_else(|_| zone.zone.apex.clone());
        let place = if record.owner.eq_ignore_case(&cut_name) {
            "is the delegation point"
        } else {
            "lies inside the delegation"
        };
        let mut diagnostic = Diagnostic::new(
            &RULE,
            record.owner_span(),
            format!(
                "`{}` {place} `{cut_name}` but no NS record names it: this address is never served",
                record.owner
            ),
        )
        .with_help(format!(
            "the data for `{cut_name}` lives in the delegated zone; remove this record, or name it in an NS record if it is meant as glue"
        ));
        if let Some(ns) = zone.at(&cut_name).find(|r| r.rtype == RType::NS) {
            diagnostic = diagnostic.with_label(ns.entry_span(), "the delegation is here");
        }
        out.push(diagnostic);
    }
}
