//! MX020: a wildcard MX does not apply to the names below it that exist.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::{RType, Record};
use crate::name::{Caseless, Name};
use crate::rules::Rule;
use crate::rules::mx::all_mx;

pub static RULE: Rule = Rule {
    code: "MX020",
    name: "wildcard-mx-skips-hosts",
    severity: Severity::Info,
    summary: "A wildcard MX does not apply to host names below it that have records",
    doc: include_str!("../../../rules/docs/MX020.md"),
    check: Some(check),
};

/// Hosts named as examples in a finding; the count says how many there are.
const SHOWN: usize = 3;

fn check(_project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    // Each wildcard MX owner's parent (`example.com.` for `*.example.com.`), with the first
    // MX record there. Few zones have one: most end here without reading an address record.
    let mut wildcards: Vec<(&str, &Record)> = Vec::new();
    for mx in all_mx(zone) {
        let owner = &mx.record.owner;
        if owner.first_label() != "*" || mx.is_null() {
            continue;
        }
        let parent = &owner.as_str()[2..];
        if !wildcards
            .iter()
            .any(|(p, _)| Caseless(p) == Caseless(parent))
        {
            wildcards.push((parent, mx.record));
        }
    }
    if wildcards.is_empty() {
        return;
    }
    let parents: HashMap<Caseless<'_>, usize> = wildcards
        .iter()
        .enumerate()
        .map(|(i, (parent, _))| (Caseless(parent), i))
        .collect();
    // The hosts below each wildcard's parent: names with an address of their own, which the
    // wildcard does not cover (RFC 4592 §2.2.1), and no MX.
    let mut hosts: Vec<Vec<&Record>> = vec![Vec::new(); wildcards.len()];
    // Mail servers take their own mail at their address: not reported.
    let mut seen: HashSet<Caseless<'_>> = all_mx(zone)
        .map(|mx| Caseless(mx.exchange.as_str()))
        .collect();
    for record in zone.of_either_type(RType::A, RType::AAAA) {
        let owner = &record.owner;
        if !seen.insert(Caseless(owner.as_str())) || !is_host_name(owner) {
            continue;
        }
        // The closest wildcard parent strictly above the owner: a deeper wildcard answers for
        // the names below it.
        let Some(&wildcard) = owner
            .suffixes()
            .skip(1)
            .find_map(|suffix| parents.get(&Caseless(suffix)))
        else {
            continue;
        };
        // A name below a delegation is another zone's (glue); one with an MX has its own.
        if zone.cut_above(owner).is_some() || zone.at(owner).any(|r| r.rtype == RType::MX) {
            continue;
        }
        hosts[wildcard].push(record);
    }
    for ((parent, mx), hosts) in wildcards.iter().zip(hosts) {
        if hosts.is_empty() {
            continue;
        }
        let count = hosts.len();
        let shown: Vec<String> = hosts
            .iter()
            .take(SHOWN)
            .map(|host| format!("`{}`", host.owner))
            .collect();
        let names = match count {
            1 => shown[0].clone(),
            _ if count <= SHOWN => {
                format!("{} and {}", shown[..count - 1].join(", "), shown[count - 1])
            }
            _ => format!("{count} names ({} and more)", shown.join(", ")),
        };
        let mut diagnostic = Diagnostic::new(
            &RULE,
            mx.entry_span(),
            format!(
                "the wildcard MX at `*.{parent}` does not apply to {names}, which {} records of {} own",
                if count == 1 { "has" } else { "have" },
                if count == 1 { "its" } else { "their" },
            ),
        )
        .with_help(
            "a wildcard answers only for names that do not exist (RFC 1912 §2.7, RFC 4592): mail \
             to these hosts goes to their own address records, if anything there accepts it. \
             Give each host that should receive mail its own MX record",
        );
        for host in hosts.iter().take(SHOWN) {
            diagnostic = diagnostic.with_label(host.entry_span(), "has an address and no MX");
        }
        out.push(diagnostic);
    }
}

/// A name mail could be addressed to: no label starting with `_` (service and policy names)
/// and no wildcard.
fn is_host_name(name: &Name) -> bool {
    !name
        .labels()
        .any(|label| label.starts_with('_') || label == "*")
}
