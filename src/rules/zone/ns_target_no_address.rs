//! ZONE027: an NS target inside a linted zone has no address record.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Lookup, Project, ZoneIndex};
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::zone::targets::{self, Resolvable};
use rustc_hash::FxHashSet as HashSet;

pub static RULE: Rule = Rule {
    code: "ZONE027",
    name: "ns-target-no-address",
    severity: Severity::Error,
    summary: "An NS target inside a linted zone has no A or AAAA record",
    doc: include_str!("../../../rules/docs/ZONE027.md"),
    check: Some(check),
};

fn check<'a>(project: &Project<'a>, zone: &ZoneIndex<'a>, out: &mut Vec<Diagnostic>) {
    // An exact copy of an NS record is the same record to resolvers: judged once, as a name
    // may hold thousands of copies, each read against every record at the target.
    let mut seen: HashSet<(&Name, &Name)> = HashSet::default();
    for (target, found) in targets::resolved(project, zone, Resolvable::Ns) {
        let Some((mut target_zone, mut found)) = found else {
            continue;
        };
        if !seen.insert((&target.record.owner, target.name)) {
            continue;
        }
        // A target below this zone's apex that another linted zone holds, where this zone
        // does not delegate that zone: BIND and Knot look for the server's address in this
        // zone file, and refuse it without one (named-checkzone 9.18.49: "NS ... has no
        // address records"; kzonecheck 3.2.6: "missing glue record"), whatever the other zone
        // holds. octoDNS checks no such thing, and servers that serve both zones answer from
        // the other one.
        let mut undelegated = None;
        if zone.zone.format == crate::model::ZoneFormat::Bind
            && !std::ptr::eq(target_zone.zone, zone.zone)
            && target.name.is_subdomain_of(&zone.zone.apex)
            && zone.cut_above(target.name).is_none()
        {
            undelegated = Some(&target_zone.zone.apex);
            target_zone = zone;
            found = zone.lookup(target.name);
        }
        if !targets::knows_its_names(target_zone) {
            continue;
        }
        // A target below a zone cut of its own zone is glue: ZONE031 judges it.
        if std::ptr::eq(target_zone.zone, zone.zone)
            && targets::cut_above_found(zone, target.name, &found).is_some()
        {
            continue;
        }
        let hint = match found {
            Lookup::EmptyNonTerminal | Lookup::NxDomain => {
                targets::written_relative_hint(project, target.record, target.field)
            }
            _ => String::new(),
        };
        let Some(problem) =
            targets::missing_address(project, zone, &target, target_zone, found, "NS")
        else {
            continue;
        };
        // BIND and Knot refuse a zone whose own names lack the address; a server in another
        // zone they do not look into, and they load the zone.
        let other_zone = !std::ptr::eq(target_zone.zone, zone.zone);
        let loads = if other_zone {
            " (named-checkzone and kzonecheck load this zone: they do not read the other one)"
        } else {
            ""
        };
        let not_delegated = match undelegated {
            Some(child) => format!(
                " (`{child}` is a zone of its own here, but this zone does not delegate it: \
                 add NS records for `{child}` here, with the server's address as glue)"
            ),
            None => String::new(),
        };
        let diagnostic = Diagnostic::new(&RULE, target.span(), problem).with_help(format!(
            "resolvers cannot reach a name server without its address; add an A or AAAA \
             record for it, or name a server that has one{hint}{loads}{not_delegated}"
        ));
        out.push(if other_zone {
            diagnostic.with_severity(Severity::Warning)
        } else {
            diagnostic
        });
    }
}
