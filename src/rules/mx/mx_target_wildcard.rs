//! MX025: an exchange inside a linted zone exists only through a wildcard.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Lookup, Project, ZoneIndex};
use crate::model::{RData, RType, Record};
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::mx::{exchange_span, resolved_mx};
use crate::rules::zone::targets;

pub static RULE: Rule = Rule {
    code: "MX025",
    name: "mx-target-wildcard",
    severity: Severity::Warning,
    summary: "An MX exchange inside a linted zone has no records of its own; a wildcard answers for it",
    doc: include_str!("../../../rules/docs/MX025.md"),
    check: Some(check),
};

fn check<'a>(project: &Project<'a>, zone: &ZoneIndex<'a>, out: &mut Vec<Diagnostic>) {
    for (mx, found) in resolved_mx(project, zone).filter(|(mx, _)| !mx.is_null()) {
        let Some((target_zone, Lookup::Wildcard(records))) = found else {
            continue;
        };
        // A name holding records zonelint does not model may have its own addresses.
        if target_zone.zone.holds_unmodelled(mx.exchange) {
            continue;
        }
        let wildcard: Vec<&Record> = records.iter().collect();
        let Some(first) = wildcard.first() else {
            continue;
        };
        // An alias from the wildcard is MX005's (BIND too calls it a CNAME); a wildcard without
        // an address leaves the exchange without one: MX007's.
        if wildcard.iter().any(|r| r.rtype == RType::CNAME)
            || !targets::has_address(wildcard.iter().copied())
        {
            continue;
        }
        let addresses: Vec<&Record> = wildcard
            .iter()
            .copied()
            .filter(|r| matches!(r.rdata, RData::A(_) | RData::Aaaa(_)))
            .collect();
        let wildcard_owner = &first.owner;
        let shown: Vec<String> = addresses.iter().map(|r| address_text(r)).collect();
        let what = match shown.as_slice() {
            [] => "with an address its DNS provider looks up".to_string(),
            [one] => format!("with the address {one}"),
            many => format!("with the addresses {}", many.join(", ")),
        };
        let label_record = addresses.first().copied().unwrap_or(first);
        let also = match shared_with_web_names(target_zone, &addresses) {
            Some(name) => format!(", as `{name}` does"),
            None => String::new(),
        };
        let help = format!(
            "A wildcard answers for every name of the zone that has no records of its own, so a mail \
             host never created, or misspelt in the MX, still resolves: to what the wildcard gives, \
             usually the web server, which does not take mail for the domain. Give `{}` its own \
             A/AAAA records (the wildcard then no longer answers for it), or point the MX at the \
             mail server's own name.",
            mx.exchange
        );
        out.push(
            Diagnostic::new(
                &RULE,
                exchange_span(&mx),
                format!(
                    "MX exchange `{}` has no records of its own: the wildcard `{wildcard_owner}` answers for it, {what}{also}",
                    mx.exchange
                ),
            )
            .with_label(label_record.entry_span(), "the wildcard is here")
            .with_help(help),
        );
    }
}

fn address_text(record: &Record) -> String {
    match &record.rdata {
        RData::A(address) => address.to_string(),
        RData::Aaaa(address) => address.to_string(),
        _ => String::new(),
    }
}

/// The zone's apex or `www` name when it has an address the wildcard gives: the wildcard then
/// sends the mail to the web server.
fn shared_with_web_names(zone: &ZoneIndex<'_>, addresses: &[&Record]) -> Option<Name> {
    let apex = zone.zone.apex.clone();
    let www = Name::from_ascii("www")
        .and_then(|label| label.prepend_to(&apex))
        .ok();
    [Some(apex), www].into_iter().flatten().find(|name| {
        let Lookup::Found(records) = zone.lookup(name) else {
            return false;
        };
        records.iter().any(|record| {
            matches!(record.rdata, RData::A(_) | RData::Aaaa(_))
                && addresses.iter().any(|a| a.rdata == record.rdata)
        })
    })
}
