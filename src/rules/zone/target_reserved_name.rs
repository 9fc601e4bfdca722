//! ZONE057: an NS, MX, SRV, CNAME or PTR target, or an SPF term's domain, under a name reserved
//! for documentation and testing (`ns1.example.com.`, `mail.example.net.`, `host.test.`): a
//! template's or a guide's placeholder left in a real zone, which points at nothing.

use rustc_hash::FxHashMap;

use crate::catalog::Kind;
use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::{RData, RType, Record};
use crate::name::{Name, is_subdomain_text};
use crate::rules::Rule;
use crate::rules::mx::reachability::is_internal_zone;
use crate::rules::mx::{Host, classified_sets};
use crate::rules::spf::{Mechanism, single_spf, term_span};
use crate::rules::zone::targets::Target;

pub static RULE: Rule = Rule {
    code: "ZONE057",
    name: "target-reserved-name",
    severity: Severity::Warning,
    summary: "An NS, MX, SRV, CNAME or PTR target, or an SPF term's domain, is under a name reserved for documentation or testing (`ns1.example.com.`, `mail.example.net.`, `host.test.`): a placeholder left in a real zone",
    doc: include_str!("../../../rules/docs/ZONE057.md"),
    check: Some(check),
};

/// The names RFC 2606 reserves, with what the message says of them. The three second-level
/// names are IANA's, which serve a web page and `v=spf1 -all` at the domain itself and
/// nothing below it; the top-level ones are not in the root zone.
const RESERVED: &[(&str, &str)] = &[
    ("example.com.", "reserved for documentation (RFC 2606)"),
    ("example.net.", "reserved for documentation (RFC 2606)"),
    ("example.org.", "reserved for documentation (RFC 2606)"),
    ("example.", "reserved for documentation (RFC 2606)"),
    ("test.", "reserved for testing (RFC 2606), not in the DNS"),
    (
        "invalid.",
        "reserved as a name that never exists (RFC 2606)",
    ),
];

/// The reverse zones of the documentation networks (RFC 5737, RFC 3849): their PTR records
/// name documentation hosts on purpose.
const DOCUMENTATION_REVERSE: &[&str] = &[
    "2.0.192.in-addr.arpa.",
    "100.51.198.in-addr.arpa.",
    "113.0.203.in-addr.arpa.",
    "8.b.d.0.1.0.0.2.ip6.arpa.",
];

/// The reverse zones of private and local networks (RFC 1918, link-local, loopback, RFC 4193):
/// served inside a network only, as the labs and home networks that name their hosts under
/// `test.` or `example.com.` serve them.
const PRIVATE_REVERSE: &[&str] = &[
    "10.in-addr.arpa.",
    "168.192.in-addr.arpa.",
    "254.169.in-addr.arpa.",
    "127.in-addr.arpa.",
    "c.f.ip6.arpa.",
    "d.f.ip6.arpa.",
];

/// A reserved name and what the message says it is reserved for.
type Reserved = (&'static str, &'static str);

/// Whether `name` is at or below a name RFC 2606 reserves (`example.com.`, `test.`, ...).
pub fn is_reserved_name(name: &str) -> bool {
    reserved(name).is_some()
}

/// The reserved name `name` is at or below.
fn reserved(name: &str) -> Option<Reserved> {
    RESERVED
        .iter()
        .find(|(reserved, _)| is_subdomain_text(name, reserved))
        .copied()
}

fn check<'a>(project: &Project<'a>, zone: &ZoneIndex<'a>, out: &mut Vec<Diagnostic>) {
    let apex = zone.zone.apex.as_str();
    // A zone of a reserved name (a guide's own `example.com` zone, a test zone) names its
    // own kind on purpose.
    if reserved(apex).is_some()
        || DOCUMENTATION_REVERSE
            .iter()
            .any(|net| is_subdomain_text(apex, net))
        || is_catalog_zone(zone)
    {
        return;
    }
    // Nor does a zone served inside a network only: a lab's or a home network's.
    let internal = if zone.zone.apex.is_reverse_mapping() {
        PRIVATE_REVERSE
            .iter()
            .any(|net| is_subdomain_text(apex, net))
            || (16..32).any(|octet| is_subdomain_text(apex, &format!("{octet}.172.in-addr.arpa.")))
    } else {
        is_internal_zone(project, zone)
    };
    if internal {
        return;
    }
    // A placeholder in a zone linted beside the reserved name's own zone is that zone's name.
    let placeholder =
        |name: &Name| reserved(name.as_str()).filter(|_| project.zone_for(name, zone).is_none());

    ns_targets(zone, &placeholder, out);
    mx_exchanges(project, zone, &placeholder, out);
    for rtype in [RType::SRV, RType::CNAME, RType::PTR] {
        other_targets(zone, rtype, &placeholder, out);
    }
    spf_terms(project, zone, &placeholder, out);
}

type Placeholder<'p> = dyn Fn(&Name) -> Option<Reserved> + 'p;

/// The name a record's target field means: NAME001's reading when the final dot is missing
/// (`ns1.example.com` written in `acme.io.` was meant as `ns1.example.com.`), else the name
/// the file gives.
fn meant<'a>(
    zone: &ZoneIndex<'a>,
    record: &'a Record,
    field: usize,
    written: &'a Name,
) -> &'a Name {
    zone.zone.meant_name(record, field).unwrap_or(written)
}

/// NS targets: an error when every server of the name is a placeholder (resolvers that
/// follow the name's own NS set find no server), a warning beside real ones (a lame server
/// each resolver tries, and waits on, before the others).
fn ns_targets(zone: &ZoneIndex<'_>, placeholder: &Placeholder<'_>, out: &mut Vec<Diagnostic>) {
    // Whether every server of a name is a placeholder, worked out once per name: a name may
    // have thousands of NS records.
    let mut every_of: FxHashMap<&Name, bool> = FxHashMap::default();
    for record in zone.of_type(RType::NS) {
        let RData::Target(written) = &record.rdata else {
            continue;
        };
        let target = meant(zone, record, 0, written);
        let Some((domain, reserved_for)) = placeholder(target) else {
            continue;
        };
        let every = *every_of.entry(&record.owner).or_insert_with(|| {
            zone.at(&record.owner)
                .filter(|r| r.rtype == RType::NS)
                .all(|r| match &r.rdata {
                    RData::Target(other) => placeholder(meant(zone, r, 0, other)).is_some(),
                    _ => true,
                })
        });
        let (severity, help) = if every {
            (
                Severity::Error,
                "Every name server of this name is a placeholder: resolvers that ask for the \
                 name's servers get names with no address, and the name stops resolving. List \
                 the servers the domain is delegated to (the registrar's or DNS provider's).",
            )
        } else {
            (
                Severity::Warning,
                "Resolvers that pick this server get no address for it and try another, after \
                 a delay. Remove it, or list the server meant.",
            )
        };
        out.push(finding(
            record,
            0,
            target,
            (domain, reserved_for),
            "A name server",
            severity,
            help,
        ));
    }
}

/// MX exchanges: an error when every host of the set is a placeholder (senders find no
/// server and bounce the mail), a warning beside real ones. Hosts the catalog knows (a
/// verification MX under `invalid.`, MX012's) are not placeholders.
fn mx_exchanges<'a>(
    project: &Project<'a>,
    zone: &ZoneIndex<'a>,
    placeholder: &Placeholder<'_>,
    out: &mut Vec<Diagnostic>,
) {
    for (_, hosts) in classified_sets(project, zone) {
        let is_placeholder =
            |host: &Host<'_>| host.provider.is_none() && placeholder(host.exchange()).is_some();
        if !hosts.iter().any(is_placeholder) {
            continue;
        }
        // A verification MX (MX012's) receives no mail either.
        let every = hosts
            .iter()
            .filter(|host| !host.mx.is_null() && host.kind() != Some(Kind::Verification))
            .all(is_placeholder);
        for host in hosts.iter().filter(|host| is_placeholder(host)) {
            let Some((domain, reserved_for)) = placeholder(host.exchange()) else {
                continue;
            };
            let (severity, help) = if every && domain == "invalid." {
                // `MX 0 nomail.invalid.`: the way of saying "no mail" before RFC 7505.
                (
                    Severity::Warning,
                    "No host of this MX set exists, which may be meant: if the domain takes no \
                     mail, say so with a null MX (`MX 0 .`, RFC 7505), which senders bounce at \
                     once instead of retrying for days; else list its real mail servers.",
                )
            } else if every {
                (
                    Severity::Error,
                    "No host of this MX set exists: senders find no server and bounce the \
                     name's mail. List the domain's real mail servers, or publish a null MX \
                     (`MX 0 .`, RFC 7505) if it takes no mail.",
                )
            } else {
                (
                    Severity::Warning,
                    "Senders that try this host get no address for it and move on to the \
                     others, after a delay. Remove it, or list the host meant.",
                )
            };
            out.push(finding(
                host.mx.record,
                1,
                host.exchange(),
                (domain, reserved_for),
                "An MX host",
                severity,
                help,
            ));
        }
    }
}

/// SRV, CNAME and PTR targets. A `$GENERATE` line that makes many PTR records of one
/// placeholder is reported once, at the line.
fn other_targets(
    zone: &ZoneIndex<'_>,
    rtype: RType,
    placeholder: &Placeholder<'_>,
    out: &mut Vec<Diagnostic>,
) {
    // Response policy zones (RPZ) rewrite names to local data by CNAME on purpose.
    if rtype == RType::CNAME && is_response_policy_zone(zone) {
        return;
    }
    let mut said_at = None;
    for record in zone.of_type(rtype) {
        let (written, field, what, help) = match &record.rdata {
            RData::Srv { target, .. } => (
                target,
                3,
                "The SRV target",
                "Clients that look the service up get a host with no address and cannot \
                 connect. Name the host that provides the service, or remove the record.",
            ),
            RData::Target(target) if rtype == RType::CNAME => (
                target,
                0,
                "The CNAME target",
                "The alias leads to a documentation name, not to the host meant: clients \
                 reach nothing, or the name's owner's example page. Point it at the real host.",
            ),
            RData::Target(target) => (
                target,
                0,
                "The PTR target",
                "The address's host name is a placeholder: receivers that check a mail \
                 server's reverse name against its forward one (and logs, and traceroute) get a \
                 name that leads nowhere. Name the host that has the address.",
            ),
            _ => continue,
        };
        // The records of one `$GENERATE` line share their fields' spans; the values of one
        // octoDNS record share only the entry's.
        let at = Target {
            record,
            name: written,
            field,
        }
        .span();
        if said_at == Some(at) {
            continue;
        }
        let target = meant(zone, record, field, written);
        let Some((domain, reserved_for)) = placeholder(target) else {
            continue;
        };
        said_at = Some(at);
        out.push(finding(
            record,
            field,
            target,
            (domain, reserved_for),
            what,
            Severity::Warning,
            help,
        ));
    }
}

/// A catalog zone (RFC 9432): its schema version, `"1"` or `"2"`, at `version.<apex>`. Its NS
/// is `invalid.` by the RFC's advice, and its PTR records name member zones, not hosts.
fn is_catalog_zone(zone: &ZoneIndex<'_>) -> bool {
    let is_schema_version = |record: &Record| match &record.rdata {
        RData::Txt(strings, _) => {
            let mut strings = strings.iter();
            matches!((strings.next(), strings.next()), (Some(b"1" | b"2"), None))
        }
        _ => false,
    };
    Name::from_ascii("version")
        .and_then(|label| label.prepend_to(&zone.zone.apex))
        .is_ok_and(|version| zone.at(&version).any(is_schema_version))
}

/// A response policy zone: its apex's first label says `rpz`, or its CNAME records hold the
/// policy targets (`.`, `*.`, `rpz-passthru.`, ...).
fn is_response_policy_zone(zone: &ZoneIndex<'_>) -> bool {
    let first = zone.zone.apex.first_label().to_ascii_lowercase();
    first.starts_with("rpz")
        || first.ends_with("rpz")
        || zone
            .of_type(RType::CNAME)
            .any(|record| match &record.rdata {
                RData::Target(target) => {
                    target.is_root()
                        || target.as_str() == "*."
                        || target
                            .first_label()
                            .to_ascii_lowercase()
                            .starts_with("rpz-")
                }
                _ => false,
            })
}

/// The domains of SPF terms. An `include:` or `redirect=` of a name below the three example
/// domains, or under a reserved top-level name, finds no SPF record there: a permanent error
/// for every message the record is checked for (RFC 7208 §5.2, §6.1). The example domains
/// themselves publish `v=spf1 -all`, which an `include:` passes over: a warning, as are
/// `a:`, `mx:` and `exists:` terms, void lookups.
fn spf_terms<'a>(
    project: &Project<'a>,
    zone: &ZoneIndex<'a>,
    placeholder: &Placeholder<'_>,
    out: &mut Vec<Diagnostic>,
) {
    for spf in single_spf(zone) {
        let terms = spf.parse();
        // Every placeholder term of the record, the most harmful first: one finding per
        // record, at that term, with the count of the others (a record may hold thousands,
        // and each span is a search of the record's text).
        let mut worst: Option<(Severity, &str, Name, Reserved)> = None;
        let mut count = 0;
        for term in &terms.terms {
            let Some(domain) = term.literal_domain() else {
                continue;
            };
            // Only the example domains: SPF009 reports a name under a top-level name the
            // root does not have (`test`, `invalid`, `example`). Most terms name a domain
            // under another top-level name, told from the text before it is read as a name.
            let bare = domain.trim_end_matches('.');
            let last = bare.rsplit('.').next().unwrap_or(bare);
            if !["com", "net", "org"]
                .iter()
                .any(|tld| tld.eq_ignore_ascii_case(last))
            {
                continue;
            }
            let Ok(name) = Name::from_ascii_dotted(bare) else {
                continue;
            };
            let Some(reserved) = placeholder(&name) else {
                continue;
            };
            // IANA's example domains publish `v=spf1 -all` themselves and nothing below
            // them: an `include:` of one is passed over, a `redirect=` to one fails all mail,
            // and either below one is a permanent error (no SPF record, RFC 7208 §5.2, §6.1).
            let at_example_domain = name.as_str().eq_ignore_ascii_case(reserved.0);
            let severity = if term.is_redirect()
                || (term.mechanism() == Some(Mechanism::Include) && !at_example_domain)
            {
                Severity::Error
            } else {
                Severity::Warning
            };
            count += 1;
            if worst.as_ref().is_none_or(|(shown, ..)| severity > *shown) {
                worst = Some((severity, term.text(), name, reserved));
            }
        }
        let Some((severity, text, name, (reserved_domain, reserved_for))) = worst else {
            continue;
        };
        let help = if severity == Severity::Error {
            "Receivers stop at this term with a permanent error, or take IANA's `v=spf1 -all` \
             for the domain's policy: its mail fails SPF everywhere. Include or redirect to the \
             sending service's real SPF name, or remove the term."
        } else {
            "The term matches no sender the domain uses and costs a DNS lookup of the ten \
             allowed. Replace it with the real name, or remove it."
        };
        let others = match count - 1 {
            0 => String::new(),
            1 => " (and one more term of the record)".to_string(),
            n => format!(" (and {n} more terms of the record)"),
        };
        out.push(
            Diagnostic::new(
                &RULE,
                term_span(project, spf, text),
                format!(
                    "SPF term `{text}` names {}, which is {reserved_for}: a placeholder from a \
                     template or a guide{others}",
                    under(&name, reserved_domain)
                ),
            )
            .with_severity(severity)
            .with_help(help),
        );
    }
}

fn finding(
    record: &Record,
    field: usize,
    target: &Name,
    (domain, reserved_for): Reserved,
    what: &str,
    severity: Severity,
    help: &'static str,
) -> Diagnostic {
    Diagnostic::new(
        &RULE,
        Target {
            record,
            name: target,
            field,
        }
        .span(),
        format!(
            "{what} of `{}` is {}, which is {reserved_for}: a placeholder from a template or \
             a guide",
            record.owner,
            under(target, domain)
        ),
    )
    .with_severity(severity)
    .with_help(help)
}

/// `name` and the reserved name it is under, as the message says them: "`mail.example.com.`,
/// under `example.com.`", or "`example.com.`" for the reserved name itself.
fn under(name: &Name, domain: &str) -> String {
    if name.as_str().eq_ignore_ascii_case(domain) {
        format!("`{domain}`")
    } else {
        format!("`{name}`, under `{domain}`")
    }
}
