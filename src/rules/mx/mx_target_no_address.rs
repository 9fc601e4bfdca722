//! MX007: an exchange inside a linted zone has no address record.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Lookup, Project, ZoneIndex};
use crate::model::{RData, RType, Record};
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::mx::{Mx, exchange_span, mx_target_address, resolved_mx};
use crate::rules::names::missing_trailing_dot;
use crate::rules::zone::targets;

pub static RULE: Rule = Rule {
    code: "MX007",
    name: "mx-target-no-address",
    severity: Severity::Error,
    summary: "An MX exchange inside a linted zone has no A or AAAA record",
    doc: include_str!("../../../rules/docs/MX007.md"),
    check: Some(check),
};

fn check<'a>(project: &Project<'a>, zone: &ZoneIndex<'a>, out: &mut Vec<Diagnostic>) {
    for (mx, found) in resolved_mx(project, zone).filter(|(mx, _)| !mx.is_null()) {
        let Some((target_zone, found)) = found else {
            out.extend(single_label(project, zone, &mx));
            continue;
        };
        let apex = &target_zone.zone.apex;
        // A root zone file (root hints, test data) is not the authority for the names of every
        // domain its MX records mention: without delegations nothing can be said.
        // Nor is a zone that did not read cleanly: the missing name may be in a record that
        // failed to parse or a file that failed to load.
        // A name holding records zonelint does not model (octoDNS `ignored`, URLFWD) may have
        // addresses it cannot see.
        if apex.is_root()
            || !target_zone.zone.shows_all_addresses()
            || target_zone.zone.holds_unmodelled(mx.exchange)
        {
            continue;
        }
        // Below a DNAME the name is redirected, not missing: ZONE039 says so.
        if crate::rules::zone::targets::below_dname(target_zone, mx.exchange) {
            continue;
        }
        let hint = match found {
            Lookup::EmptyNonTerminal | Lookup::NxDomain => {
                crate::rules::zone::targets::written_relative_hint(project, mx.record, 1)
            }
            _ => String::new(),
        };
        let problem = match found {
            Lookup::Found(records) | Lookup::Wildcard(records) => {
                // An alias is MX005's; one whose chain ends at a name that does not exist
                // leaves the exchange without an address all the same.
                if let Some(alias) = records.iter().find(|r| r.rtype == RType::CNAME) {
                    if let RData::Target(canonical) = &alias.rdata
                        && let Some(end) =
                            targets::alias_chain_dead_end(project, target_zone, alias)
                    {
                        out.push(dead_end(&mx, alias, canonical, end));
                    }
                    continue;
                }
                let has_address = crate::rules::zone::targets::has_address(records.iter());
                if has_address
                    || crate::rules::zone::targets::is_delegation_point(
                        target_zone,
                        mx.exchange,
                        records.iter(),
                    )
                {
                    continue;
                }
                format!(
                    "MX exchange `{}` has no A or AAAA record in zone `{apex}`",
                    mx.exchange
                )
            }
            Lookup::Delegated => continue,
            Lookup::EmptyNonTerminal | Lookup::NxDomain => {
                format!(
                    "MX exchange `{}` does not exist in zone `{apex}`",
                    mx.exchange
                )
            }
        };
        // Other rules explain these better: an address literal, or a forgotten trailing dot.
        // Checked last because they are rarer and dearer than the lookup.
        if mx_target_address::address_literal(project, &mx).is_some()
            || missing_trailing_dot::speaks_for(project, zone, mx.record, 1)
        {
            continue;
        }
        let mut help = format!(
            "senders cannot find an address to deliver to; add an A or AAAA record for the host, or point the MX at a host that has one{hint}"
        );
        if reads_as_none(&mx) {
            help.push_str(". ");
            help.push_str(NULL_MX_MEANT);
        }
        out.push(Diagnostic::new(&RULE, exchange_span(&mx), problem).with_help(help));
    }
}

/// An exchange of one label (`mail-server.`, `localhost.`): no mail server has such a name. A
/// label that is no top-level domain does not exist, and ICANN bars top-level domains from
/// address and MX records (SAC053, "dotless domains"). The usual cause is a final dot after a
/// name meant relative to the zone.
fn single_label(
    project: &Project<'_>,
    zone: &ZoneIndex<'_>,
    mx: &crate::rules::mx::Mx<'_>,
) -> Option<Diagnostic> {
    let (label, under_apex) = crate::rules::zone::targets::single_label(zone, mx.exchange)?;
    // An address written as the exchange (`2001:db8::25.`) is MX006's.
    if mx_target_address::address_literal(project, mx).is_some() {
        return None;
    }
    // `localhost.`, every sender's own loopback, is MX015's.
    if label.eq_ignore_ascii_case("localhost") {
        return None;
    }
    let meant = under_apex.filter(|name| crate::rules::zone::targets::has_address(zone.at(name)));
    let (message, help) = {
        let fix = match &meant {
            Some(meant) => format!(
                "The final dot makes it a name of the DNS root; `{meant}`, which this zone has, was probably meant: write `{label}` without the dot."
            ),
            None => "Write the mail server's full name, ending in the dot, or the name relative to the zone without one.".to_string(),
        };
        (
            format!(
                "MX exchange `{}` is a single label: no mail server has such a name",
                mx.exchange
            ),
            format!(
                "A name of one label is a top-level domain, and top-level domains publish no \
                 addresses for mail (ICANN SAC053, dotless domains): senders find nowhere to \
                 deliver. {fix}{}",
                if reads_as_none(mx) {
                    format!(" {NULL_MX_MEANT}")
                } else {
                    String::new()
                }
            ),
        )
    };
    Some(Diagnostic::new(&RULE, exchange_span(mx), message).with_help(help))
}

/// What to write for a null MX spelt as a host ([`reads_as_none`]).
const NULL_MX_MEANT: &str = "If the name is to receive no mail, publish the null MX instead: \
     `MX 0 .`, the root alone as the exchange (RFC 7505).";

/// The null MX spelt as a host (`MX 0 0.`, `MX 0 nullmx`: wordtothewise's "The Internet is
/// hard"): the exchange's first label reads as "none".
fn reads_as_none(mx: &crate::rules::mx::Mx<'_>) -> bool {
    let label = mx.exchange.first_label();
    ["0", "null", "nullmx", "none", "nomail", "no-mail"]
        .iter()
        .any(|none| label.eq_ignore_ascii_case(none))
}

/// The exchange's aliases lead to a name that does not exist: no sender finds an address to
/// deliver to (MX005 says that the exchange is an alias at all).
fn dead_end(
    mx: &Mx<'_>,
    first: &Record,
    canonical: &Name,
    targets::DeadEnd {
        last,
        end,
        zone: end_zone,
        what,
    }: targets::DeadEnd<'_, '_>,
) -> Diagnostic {
    let chain = if std::ptr::eq(first, last) {
        String::new()
    } else {
        format!(", and the chain of aliases ends at `{end}`")
    };
    let mut diagnostic = Diagnostic::new(
        &RULE,
        exchange_span(mx),
        format!(
            "MX exchange `{}` is an alias (CNAME to `{canonical}`){chain}, which {what} in zone `{}`: no mail can be delivered to it",
            mx.exchange, end_zone.zone.apex
        ),
    )
    .with_label(first.entry_span(), "the CNAME is here");
    if !std::ptr::eq(first, last) {
        diagnostic = diagnostic.with_label(last.entry_span(), "the chain ends here");
    }
    diagnostic.with_help(
        "Senders follow the alias to find the host's address and find none: the mail waits in \
         their queues and bounces after a few days. Point the MX at the host that receives the \
         mail, by a name with A or AAAA records (RFC 2181 §10.3: an MX names a host, not an \
         alias).",
    )
}
