//! ZONE048: an NS, MX, CNAME, SRV or PTR target, or an SPF term's domain, in a domain one
//! letter (or a dot, or a hyphen for a dot) off the zone's own (`ns1.txpritnco.com.` in
//! `txprintco.com.`): a slip that points the name at a domain anyone can register.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Lookup, Project, ZoneIndex};
use crate::model::{RData, RType, Record};
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::mx::resolved_mx;
use crate::rules::spf::{Mechanism, single_spf, term_span};
use crate::rules::typo::distance;
use crate::rules::zone::targets::{self, Resolvable};
use crate::source::Span;

pub static RULE: Rule = Rule {
    code: "ZONE048",
    name: "target-near-own-domain",
    severity: Severity::Warning,
    summary: "An NS, MX, CNAME, SRV or PTR target, or an SPF term's domain, is in a domain one letter (or a dot, or a hyphen for a dot) off the zone's own (`ns1.txpritnco.com.` in txprintco.com)",
    doc: include_str!("../../../rules/docs/ZONE048.md"),
    check: Some(check),
};

/// Second-level labels shorter than this are compared with nothing: one letter turns short
/// names into other real ones (`abc.com`, `abd.com`).
const MIN_LABEL: usize = 5;

fn check<'a>(project: &Project<'a>, zone: &ZoneIndex<'a>, out: &mut Vec<Diagnostic>) {
    // A reverse zone's own domain is its operator's, which its SOA names (the PTR targets of
    // an ISP's block are host names in its own domain).
    let reverse = zone.zone.apex.is_reverse_mapping();
    let operator = if reverse { operator_domain(zone) } else { None };
    let base = operator.as_ref().unwrap_or(&zone.zone.apex);
    let Some((own_label, own_tld)) = last_two(base) else {
        return;
    };
    if own_label.len() < MIN_LABEL {
        return;
    }
    let labels: Vec<&str> = base.labels().collect();
    let before =
        (labels.len() >= 3 && !reverse).then(|| labels[labels.len() - 3].to_ascii_lowercase());
    let label = own_label.to_ascii_lowercase();
    let own = Own {
        domain: format!("{label}.{own_tld}."),
        joined: before.as_ref().map(|before| format!("{before}{label}")),
        before,
        label,
        tld: own_tld,
        apex: base,
        whose: if operator.is_some() {
            "the zone's operator's"
        } else {
            "this zone's own"
        },
    };
    // NS, SRV and MX targets as the target rules' shared readings place them: one a linted
    // zone holds is the owner's (a sister or defensive domain too), and is not read again.
    let ns = targets::resolved(project, zone, Resolvable::Ns).map(|(t, found)| (t.record, found));
    let srv = targets::resolved(project, zone, Resolvable::Srv).map(|(t, found)| (t.record, found));
    for (record, found) in ns.chain(srv) {
        if found.is_none() {
            out.extend(judge(&own, zone, record));
        }
    }
    for (mx, found) in resolved_mx(project, zone) {
        if found.is_none() {
            out.extend(judge(&own, zone, mx.record));
        }
    }
    // The domains SPF terms look up: a slip there authorises a stranger's hosts (an
    // `include:` hands the whole policy over), or looks up nothing.
    for spf in single_spf(zone) {
        let terms = spf.parse();
        for term in &terms.terms {
            let Some(domain) = term.literal_domain() else {
                continue;
            };
            // Most terms name a domain under another top-level domain: told from the text
            // before it is read as a name.
            let domain = domain.trim_end_matches('.');
            if !ends_in_bare_label(domain, own.tld) {
                continue;
            }
            let text = term.text();
            let Ok(name) = Name::from_ascii_dotted(domain) else {
                continue;
            };
            if project.zone_for(&name, zone).is_some() {
                continue;
            }
            let what = if term.mechanism() == Some(Mechanism::Include) || term.is_redirect() {
                "decides which hosts may send this name's mail"
            } else {
                "decides which hosts this term authorises"
            };
            out.extend(judge_name(&own, zone, &name, what, || {
                (term_span(project, spf, text), format!("SPF term `{text}`"))
            }));
        }
    }
    for record in zone.of_type(RType::CNAME) {
        if let Some(diagnostic) = judge(&own, zone, record)
            && let RData::Target(target) = &record.rdata
            && project.zone_for(target, zone).is_none()
        {
            out.push(diagnostic);
        }
    }
    // PTR targets, the host names of a block's addresses; a `$GENERATE` line makes hundreds of
    // records of one slip: said once, at the line.
    let mut said_at = None;
    for record in zone.of_type(RType::PTR) {
        let entry = record.entry_span();
        if said_at == Some(entry) {
            continue;
        }
        if let Some(diagnostic) = judge(&own, zone, record)
            && let RData::Target(target) = &record.rdata
            && project.zone_for(target, zone).is_none()
        {
            said_at = Some(entry);
            out.push(diagnostic);
        }
    }
}

/// The domain of the server a reverse zone's SOA names as its primary
/// (`dns1.asiannetworkbd.net.` → `asiannetworkbd.net.`): the operator's own domain.
fn operator_domain(zone: &ZoneIndex<'_>) -> Option<Name> {
    let soa = zone
        .at(&zone.zone.apex)
        .find_map(|record| match &record.rdata {
            RData::Soa(soa) => Some(soa),
            _ => None,
        })?;
    let (label, tld) = last_two(&soa.mname)?;
    Name::from_ascii(&format!("{label}.{tld}.")).ok()
}

/// The zone's own domain: its second-level label (lower case) and top-level label.
struct Own<'z> {
    label: String,
    tld: &'z str,
    apex: &'z Name,
    /// The own domain, `noisebridge.net.`.
    domain: String,
    /// The label before the second-level one in a longer apex (`mmes-2` of
    /// `mmes-2.ephec-ti.be.`), and the two written as one, as a lost dot writes them.
    before: Option<String>,
    joined: Option<String>,
    /// Whose domain it is, as the message says it: the zone's, or, for a reverse zone, its
    /// operator's (the domain of its SOA's primary server).
    whose: &'static str,
}

/// The finding for a record whose target is one letter off the zone's own domain: a warning
/// when the same name in the own domain exists in the zone (`ns1.txpritnco.com.` beside
/// `ns1`), information otherwise, as a sister brand one letter apart (wikipedia.org's
/// `ns0.wikimedia.org.`) has host names of its own.
fn judge(own: &Own<'_>, zone: &ZoneIndex<'_>, record: &Record) -> Option<Diagnostic> {
    let (target, field) = target(record)?;
    let rtype = record.rtype;
    let what = match rtype {
        RType::NS => "answers for this zone's names",
        RType::MX => "receives this name's mail",
        RType::CNAME => "decides what this name resolves to",
        RType::PTR => "decides what this address's host name resolves to",
        _ => "serves this service",
    };
    judge_name(own, zone, target, what, || {
        let span = if record.spans.field_count() > field {
            record.field_span(field)
        } else {
            record.rdata_span()
        };
        (span, format!("{rtype} target `{target}`"))
    })
}

/// The finding for `target`, named in a field at a span with a subject (`named`, asked only
/// for a finding: "MX target `...`", "SPF term `a:m5.noiesbridge.net`") whose domain is the zone's own with a slip: one letter off
/// its second-level label, or a dot of a longer own domain lost (`mail.mmes-2ephec-ti.be.`
/// in `mmes-2.ephec-ti.be.`). `what` says what whoever registers that domain then controls.
fn judge_name(
    own: &Own<'_>,
    zone: &ZoneIndex<'_>,
    target: &Name,
    what: &str,
    named: impl FnOnce() -> (Span, String),
) -> Option<Diagnostic> {
    // Most targets end in another top-level domain: told from the text's end before its
    // labels are read.
    if !ends_in_label(target.as_str(), own.tld) {
        return None;
    }
    let (label, tld) = last_two(target)?;
    if !tld.eq_ignore_ascii_case(own.tld) || label.eq_ignore_ascii_case(&own.label) {
        return None;
    }
    let label = label.to_ascii_lowercase();
    // `mail-example.net.` for `mail.example.net.`, `103-106-240-0-asiannetworkbd.net.`: a
    // hyphen typed where the dot before the own label belongs.
    let hyphen_prefix = label
        .strip_suffix(own.label.as_str())
        .and_then(|rest| rest.strip_suffix('-'))
        .filter(|prefix| !prefix.is_empty());
    let (meant, slip, own_domain) = if own.joined.as_deref() == Some(label.as_str()) {
        (lost_dot(own, target), "a dot short of", own.apex.as_str())
    } else if let Some(prefix) = hyphen_prefix {
        (
            hyphen_for_dot(own, target, prefix),
            "a hyphen where a dot belongs before",
            own.domain.as_str(),
        )
    } else {
        if label.len() < MIN_LABEL
            || label.len().abs_diff(own.label.len()) > 1
            || distance(label.as_bytes(), own.label.as_bytes(), 1) != Some(1)
        {
            return None;
        }
        (
            in_own_domain(own, target),
            "one letter off",
            own.domain.as_str(),
        )
    };
    // The same name in the zone's own domain, when the zone has it.
    let meant = meant.filter(|name| exists(zone, name));
    let apex = own.apex;
    let (likely, severity) = match &meant {
        Some(meant) => (
            format!("Probably a typo for `{meant}`, which this zone has."),
            Severity::Warning,
        ),
        _ => (
            format!("Perhaps a typo for a name in `{apex}`."),
            Severity::Info,
        ),
    };
    let (span, subject) = named();
    Some(
        Diagnostic::new(
            &RULE,
            span,
            format!(
                "{subject} is in `{label}.{tld}.`, {slip} {} `{own_domain}`",
                own.whose
            ),
        )
        .with_severity(severity)
        .with_help(format!(
            "{likely} If `{label}.{tld}` is not yours, whoever registers it {what}. Correct the \
             name, or add its zone to the run if the domain is yours."
        )),
    )
}

/// `target` in the own domain of several labels whose dot it lost
/// (`mail.mmes-2ephec-ti.be.` → `mail.mmes-2.ephec-ti.be.`).
fn lost_dot(own: &Own<'_>, target: &Name) -> Option<Name> {
    let labels: Vec<&str> = target.labels().collect();
    let host = &labels[..labels.len().checked_sub(2)?];
    let text = host
        .iter()
        .copied()
        .chain([own.before.as_deref()?, own.label.as_str(), own.tld])
        .collect::<Vec<_>>()
        .join(".");
    Name::from_ascii(&text).ok()
}

/// `target` with the hyphen before the own label made the dot it was meant to be
/// (`103-106-240-0-asiannetworkbd.net.` → `103-106-240-0.asiannetworkbd.net.`).
fn hyphen_for_dot(own: &Own<'_>, target: &Name, prefix: &str) -> Option<Name> {
    let labels: Vec<&str> = target.labels().collect();
    let host = &labels[..labels.len().checked_sub(2)?];
    let text = host
        .iter()
        .copied()
        .chain([prefix, own.label.as_str(), own.tld])
        .collect::<Vec<_>>()
        .join(".");
    Name::from_ascii(&text).ok()
}

/// `target` with its last two labels replaced by the zone's own domain
/// (`ns1.txpritnco.com.` → `ns1.txprintco.com.`).
fn in_own_domain(own: &Own<'_>, target: &Name) -> Option<Name> {
    let labels: Vec<&str> = target.labels().collect();
    let host = &labels[..labels.len().checked_sub(2)?];
    let text = host
        .iter()
        .copied()
        .chain([own.label.as_str(), own.tld])
        .collect::<Vec<_>>()
        .join(".");
    Name::from_ascii(&text).ok()
}

/// Whether `name` holds anything in the zone: records, names below it, or a delegation. A
/// wildcard's answer is no evidence: it answers for every name, the one meant included (the
/// flagged record itself may be that wildcard, `* CNAME proxyparty.hackclub.com.` in
/// wackclub.com).
fn exists(zone: &ZoneIndex<'_>, name: &Name) -> bool {
    if !name.is_subdomain_of(&zone.zone.apex) {
        // The own domain above a zone for a subdomain: said of the zone's apex only.
        return false;
    }
    !matches!(zone.lookup(name), Lookup::NxDomain | Lookup::Wildcard(_))
}

/// The target name of an NS, MX, CNAME or SRV record and its RDATA field.
fn target(record: &Record) -> Option<(&Name, usize)> {
    match &record.rdata {
        RData::Target(name) if matches!(record.rtype, RType::NS | RType::CNAME | RType::PTR) => {
            Some((name, 0))
        }
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

/// Does the name's text (`ns1.example.com.`) end in the label `tld` and its final dot?
fn ends_in_label(text: &str, tld: &str) -> bool {
    text.strip_suffix('.')
        .is_some_and(|rest| ends_in_bare_label(rest, tld))
}

/// [`ends_in_label`] of a name's text without its final dot (`ns1.example.com`).
fn ends_in_bare_label(rest: &str, tld: &str) -> bool {
    // Byte offsets, read with `get`: a name's text may hold bytes that are not ASCII.
    let Some(cut) = rest.len().checked_sub(tld.len() + 1) else {
        return false;
    };
    rest.as_bytes()[cut] == b'.'
        && rest
            .get(cut + 1..)
            .is_some_and(|last| last.eq_ignore_ascii_case(tld))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_end_of_a_name() {
        assert!(ends_in_label("ns1.example.com.", "com"));
        assert!(ends_in_label("ns1.example.COM.", "com"));
        assert!(!ends_in_label("ns1.example.net.", "com"));
        assert!(!ends_in_label("com.", "com"));
        assert!(!ends_in_label("xcom.", "com"));
        assert!(!ends_in_label("a.\u{e9}om.", "com"));
        assert!(!ends_in_label("ns.\u{e9}com.", "com"));
        assert!(ends_in_label("\u{e9}.com.", "com"));
        assert!(!ends_in_label("\u{e9}\u{e9}.", "com"));
        assert!(!ends_in_label("", "com"));
    }
}
