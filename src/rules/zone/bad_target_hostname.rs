//! ZONE035: a name in RDATA that must be a host name is not one (BIND's check-names).

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::{RData, RType, Record, ZoneFormat};
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::zone::bad_owner_hostname::is_hostname;
use crate::source::Span;

pub static RULE: Rule = Rule {
    code: "ZONE035",
    name: "bad-target-hostname",
    // `check-names` decides, as for ZONE034.
    severity: Severity::Error,
    summary: "An NS, MX, SRV, SVCB, SOA or reverse PTR target is not a valid host name (check-names)",
    doc: include_str!("../../../rules/docs/ZONE035.md"),
    check: Some(check),
};

/// BIND's `dns_name_ismailbox`: the first label (the local part) any printable characters, the
/// rest a host name.
fn is_mailbox(name: &Name) -> bool {
    let mut labels = name.labels();
    let Some(local) = labels.next() else {
        return true;
    };
    printable_label(local)
        && name
            .parent()
            .is_some_and(|domain| is_hostname(&domain, false))
}

/// Every byte of a presentation label (escapes decoded) is printable and not a space.
fn printable_label(label: &str) -> bool {
    let bytes = label.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let byte = if bytes[i] == b'\\' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
            let digits = std::str::from_utf8(bytes.get(i + 1..i + 4).unwrap_or_default());
            i += 4;
            digits.ok().and_then(|d| d.parse::<u8>().ok()).unwrap_or(0)
        } else if bytes[i] == b'\\' {
            i += 2;
            bytes.get(i - 1).copied().unwrap_or(0)
        } else {
            i += 1;
            bytes[i - 1]
        };
        if !(0x21..=0x7e).contains(&byte) {
            return false;
        }
    }
    true
}

/// RFC 6763 §11 browsing names (`b._dns-sd._udp.<domain>`), whose PTR targets are service
/// instance names, not hosts.
fn is_dns_sd(owner: &Name) -> bool {
    let labels: Vec<String> = owner.labels().map(str::to_ascii_lowercase).collect();
    let at = |i: usize| labels.get(i).map(String::as_str);
    (matches!(at(0), Some("b" | "db" | "r" | "dr" | "lb"))
        && at(1) == Some("_dns-sd")
        && at(2) == Some("_udp"))
        || (at(0) == Some("_services") && at(1) == Some("_dns-sd") && at(2) == Some("_udp"))
}

/// The names in `record` that must be host names (or a mailbox), with their fields.
/// Each entry: the name, its RDATA field, what the field is called, and whether it is a mailbox.
fn names_to_check(record: &Record) -> Vec<(&Name, usize, &'static str, bool)> {
    match (&record.rdata, record.rtype) {
        (RData::Target(name), RType::NS) => vec![(name, 0, "NS target", false)],
        (RData::Target(name), RType::PTR)
            if record.owner.is_reverse_mapping() && !is_dns_sd(&record.owner) =>
        {
            vec![(name, 0, "PTR target", false)]
        }
        (RData::Mx { exchange, .. }, RType::MX) => vec![(exchange, 1, "MX exchange", false)],
        (RData::Srv { target, .. }, RType::SRV) => vec![(target, 3, "SRV target", false)],
        (RData::Soa(soa), RType::SOA) => vec![
            (&soa.mname, 0, "SOA MNAME", false),
            (&soa.rname, 1, "SOA RNAME", true),
        ],
        _ => Vec::new(),
    }
}

fn field_span(record: &Record, field: usize) -> Span {
    if record.spans.field_count() > field {
        record.field_span(field)
    } else {
        record.rdata_span()
    }
}

/// The TargetName of an SVCB or HTTPS record in ServiceMode, which the model keeps as text:
/// relative names are read against the zone's apex. BIND checks no AliasMode target (priority
/// 0, `generic_checknames_in_svcb` in lib/dns/rdata/in_1/svcb_64.c): an alias may name any
/// owner, as a CNAME's target may (checked with named-checkzone 9.18.49 -k fail).
fn service_target(project: &Project<'_>, zone: &ZoneIndex<'_>, record: &Record) -> Option<Name> {
    if !matches!(record.rtype.0, 64 | 65) || record.spans.field_count() < 2 {
        return None;
    }
    if project.field_text(record, 0).parse::<u16>() == Ok(0) {
        return None;
    }
    let text = project.field_text(record, 1);
    Name::parse(text.as_bytes(), Some(&zone.zone.apex))
        .ok()
        .map(|(name, _)| name)
}

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    // check-names is BIND's: octoDNS and the providers it deploys to accept such names.
    if zone.zone.format != ZoneFormat::Bind {
        return;
    }
    // In file order, not from the type index: in a large zone the types read here are one
    // record in a few, and reading the records in order was faster than jumping to them.
    for record in &zone.zone.records {
        let service = service_target(project, zone, record);
        let mut names = names_to_check(record);
        if let Some(target) = &service {
            let role = if record.rtype.0 == 65 {
                "HTTPS target"
            } else {
                "SVCB target"
            };
            names.push((target, 1, role, false));
        }
        for (name, field, role, mailbox) in names {
            let valid = if mailbox {
                is_mailbox(name)
            } else {
                is_hostname(name, false)
            };
            if valid || super::bad_owner_hostname::is_generated(project, record) {
                continue;
            }
            // An address literal is MX006's, ZONE026's or ZONE029's finding, said better there.
            let written = project.field_text(record, field);
            let written = written.strip_suffix('.').unwrap_or(written);
            if crate::parse::text::parse_ip(written).is_some() {
                continue;
            }
            let what = if mailbox {
                "a valid mailbox name"
            } else {
                "a valid host name"
            };
            out.push(
                Diagnostic::new(
                    &RULE,
                    field_span(record, field),
                    format!("{role} `{name}` is not {what} (check-names)"),
                )
                .with_help(
                    "host names are letters, digits and hyphens, a label neither starting nor \
                     ending with a hyphen (RFC 952, RFC 1123 §2.1); an underscore label names a \
                     service, not a host; named refuses the zone under `check-names fail`, its \
                     default for primary zones",
                ),
            );
        }
    }
}
