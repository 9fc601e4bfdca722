//! ZONE048: an NS, MX, CNAME or SRV target in a domain one letter off the zone's own
//! (`ns1.txpritnco.com.` in `txprintco.com.`): a slip that points the name at a domain anyone
//! can register.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::{RData, RType, Record};
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::mx::mx_host_typo::distance;

pub static RULE: Rule = Rule {
    code: "ZONE048",
    name: "target-near-own-domain",
    severity: Severity::Warning,
    summary: "An NS, MX, CNAME or SRV target is in a domain one letter off the zone's own (`ns1.txpritnco.com.` in txprintco.com)",
    doc: include_str!("../../../rules/docs/ZONE048.md"),
    check: Some(check),
};

/// Second-level labels shorter than this are compared with nothing: one letter turns short
/// names into other real ones (`abc.com`, `abd.com`).
const MIN_LABEL: usize = 5;

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    let Some((own_label, own_tld)) = last_two(&zone.zone.apex) else {
        return;
    };
    if own_label.len() < MIN_LABEL {
        return;
    }
    let own_label = own_label.to_ascii_lowercase();
    for rtype in [RType::NS, RType::MX, RType::CNAME, RType::SRV] {
        for record in zone.of_type(rtype) {
            let Some((target, field)) = target(record) else {
                continue;
            };
            let Some((label, tld)) = last_two(target) else {
                continue;
            };
            if !tld.eq_ignore_ascii_case(own_tld)
                || label.len() < MIN_LABEL
                || label.len().abs_diff(own_label.len()) > 1
                || label.eq_ignore_ascii_case(&own_label)
            {
                continue;
            }
            let label = label.to_ascii_lowercase();
            if distance(label.as_bytes(), own_label.as_bytes(), 1) != Some(1) {
                continue;
            }
            // A domain of the run is the owner's own (a defensive registration, a sister
            // domain): not a slip.
            if project.zone_for(target, zone).is_some() {
                continue;
            }
            let what = match rtype {
                RType::NS => "answers for this zone's names",
                RType::MX => "receives this name's mail",
                RType::CNAME => "decides what this name resolves to",
                _ => "serves this service",
            };
            let span = if record.spans.field_count() > field {
                record.field_span(field)
            } else {
                record.rdata_span()
            };
            let apex = &zone.zone.apex;
            out.push(
                Diagnostic::new(
                    &RULE,
                    span,
                    format!(
                        "{rtype} target `{target}` is in `{label}.{tld}.`, one letter off this zone's own `{own_label}.{own_tld}.`"
                    ),
                )
                .with_help(format!(
                    "Probably a typo for a name in `{apex}`. If `{label}.{tld}` is not yours, whoever \
                     registers it {what}. Correct the name, or add its zone to the run if the \
                     domain is yours."
                )),
            );
        }
    }
}

/// The target name of an NS, MX, CNAME or SRV record and its RDATA field.
fn target(record: &Record) -> Option<(&Name, usize)> {
    match &record.rdata {
        RData::Target(name) if matches!(record.rtype, RType::NS | RType::CNAME) => Some((name, 0)),
        RData::Mx { exchange, .. } => Some((exchange, 1)),
        RData::Srv { target, .. } => Some((target, 3)),
        _ => None,
    }
}

/// A name's last two labels (second level, top level), when it has two.
fn last_two(name: &Name) -> Option<(&str, &str)> {
    let mut labels = name.labels();
    let mut previous = labels.next()?;
    let mut last = labels.next()?;
    for label in labels {
        previous = last;
        last = label;
    }
    Some((previous, last))
}
