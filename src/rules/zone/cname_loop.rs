//! ZONE041: a chain of CNAME records inside a zone that leads back to where it started.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Lookup, Project, ZoneIndex};
use crate::model::{RData, RType, Record};
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "ZONE041",
    name: "cname-loop",
    severity: Severity::Error,
    summary: "A CNAME leads back to itself, directly or through other CNAMEs of the zone",
    doc: include_str!("../../../rules/docs/ZONE041.md"),
    check: Some(check),
};

/// How many aliases a chain is followed through: resolvers give up after about as many
/// (BIND's `max-restarts` was 11 when this was written; Unbound's 8).
const MAX_CHAIN: usize = 16;

fn check(_project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    let apex = &zone.zone.apex;
    for start in zone.of_type(RType::CNAME) {
        let Some(chain) = loop_from(zone, start) else {
            continue;
        };
        // A loop of several aliases is found from each of them: told once, at the one written
        // first (the zone's records are in file order).
        let first_written = chain
            .iter()
            .all(|r| zone.zone.position_of(r) >= zone.zone.position_of(start));
        if !first_written {
            continue;
        }
        let mut steps: Vec<String> = chain.iter().map(|r| relative(&r.owner, apex)).collect();
        steps.push(relative(&start.owner, apex));
        let message = if chain.len() == 1 && start.owner.first_label() == "*" {
            let target = match &start.rdata {
                RData::Target(target) => target.to_string(),
                _ => String::new(),
            };
            format!(
                "the wildcard `{}` also answers for its own target `{target}`: an alias of itself",
                start.owner
            )
        } else if chain.len() == 1 {
            format!("`{}` is an alias of itself", start.owner)
        } else {
            format!("CNAME loop: {}", steps.join(" -> "))
        };
        let diagnostic = Diagnostic::new(&RULE, start.rdata_span(), message).with_labels(
            chain[1..]
                .iter()
                .map(|r| (r.rdata_span(), "the loop goes on here")),
        );
        out.push(diagnostic.with_help(
            "every lookup of these names fails (resolvers answer SERVFAIL); point one of the \
             CNAMEs at the host that has the addresses",
        ));
    }
}

/// The CNAME records from `start` round to `start` again, when following its target through
/// the zone (wildcards included) comes back to it within [`MAX_CHAIN`] steps.
fn loop_from<'a>(zone: &ZoneIndex<'a>, start: &'a Record) -> Option<Vec<&'a Record>> {
    let mut chain = vec![start];
    let mut current = start;
    while chain.len() <= MAX_CHAIN {
        let RData::Target(target) = &current.rdata else {
            return None;
        };
        if !target.is_subdomain_of(&zone.zone.apex) {
            return None;
        }
        // The records at the name itself first: a name with records is not covered by a
        // wildcard, and most targets have records; only a name without any needs the whole
        // lookup, for the wildcard that may answer for it.
        let mut has_records = false;
        let mut alias = None;
        for record in zone.at(target) {
            has_records = true;
            if record.rtype == RType::CNAME {
                alias = Some(record);
                break;
            }
        }
        let next = match alias {
            Some(alias) => alias,
            None if has_records => return None,
            None => match zone.lookup(target) {
                Lookup::Wildcard(records) => records.iter().find(|r| r.rtype == RType::CNAME)?,
                _ => return None,
            },
        };
        if std::ptr::eq(next, start) {
            return Some(chain);
        }
        // A loop further on that does not pass through `start`: found from its own members.
        if chain.iter().any(|r| std::ptr::eq(*r, next)) {
            return None;
        }
        chain.push(next);
        current = next;
    }
    None
}

/// `name` relative to the apex, as the zone file would write it.
fn relative(name: &crate::name::Name, apex: &crate::name::Name) -> String {
    name.relative_to(apex)
        .map_or_else(|| name.to_string(), str::to_string)
}
