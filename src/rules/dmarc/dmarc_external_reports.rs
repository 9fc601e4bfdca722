//! DMARC004: reports sent to a domain other than the policy's own; the destination must
//! publish an authorisation record (RFC 7489 §7.1).

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Lookup, Project, ZoneIndex};
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::dmarc::{applied_records, organisational_domain, report_mailtos};
use crate::rules::tags::{has_version, txt_text};

pub static RULE: Rule = Rule {
    code: "DMARC004",
    name: "dmarc-external-reports",
    severity: Severity::Info,
    summary: "DMARC reports go to another domain, which must publish a `_report._dmarc` authorisation record",
    doc: include_str!("../../../rules/docs/DMARC004.md"),
    check: Some(check),
};

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for (dmarc, tags) in applied_records(zone) {
        // The report destinations outside this zone (a domain the policy domain's zone holds
        // needs no authorisation), in the order written: most reports stay in the zone, and
        // then the policy domain, a name made from the owner's, is not made at all.
        let destinations: Vec<(String, Name)> = report_mailtos(&tags)
            .filter_map(|(_, _, domain)| {
                let destination = Name::from_ascii_dotted(&domain).ok()?;
                (!destination.is_subdomain_of(&zone.zone.apex)).then_some((domain, destination))
            })
            .collect();
        if destinations.is_empty() {
            continue;
        }
        let Some(policy_domain) = dmarc.policy_domain() else {
            continue;
        };
        let mut reported = Vec::new();
        // RFC 7489 §7.1 asks for the authorisation only when the destination's organisational
        // domain differs from the policy domain's (`_dmarc.shop.example.com` reporting to
        // `mail.example.com`, each in a zone of its own, needs none).
        let organisational = organisational_domain(&policy_domain);
        for (domain, destination) in destinations {
            // The same domain, or one around it, needs no authorisation.
            if destination.is_subdomain_of(&policy_domain)
                || policy_domain.is_subdomain_of(&destination)
                || organisational.is_some() && organisational_domain(&destination) == organisational
                || reported.contains(&domain)
            {
                continue;
            }
            reported.push(domain.clone());
            let authorisation = format!(
                "{}._report._dmarc.{domain}.",
                policy_domain.as_str().trim_end_matches('.')
            );
            let span = dmarc.record.rdata_span();
            let help = format!(
                "RFC 7489 §7.1: receivers send reports to `{domain}` only when it publishes \
                     `{authorisation} TXT \"v=DMARC1;\"`. Report services publish it for their \
                     customers; for a domain of your own, add it."
            );
            let inside = Name::from_ascii(&authorisation)
                .ok()
                .and_then(|n| Some((project.zone_for(&n, zone)?, n)));
            match inside {
                Some((target, name)) => {
                    // Looked up as receivers do: a `*._report._dmarc` wildcard authorises
                    // every domain (RFC 4592); a delegated name is another zone's to answer.
                    let lacks_it = match target.lookup(&name) {
                        Lookup::Found(records) | Lookup::Wildcard(records) => !records
                            .iter()
                            .any(|r| txt_text(r).is_some_and(|t| has_version(&t, "DMARC1"))),
                        Lookup::Delegated => false,
                        // Records octoDNS leaves to the provider may be there.
                        _ if target.zone.unmanaged.contains(&target.zone.apex, &name) => false,
                        Lookup::EmptyNonTerminal | Lookup::NxDomain => true,
                    };
                    // A zone with input errors may miss the record: the reminder, as
                    // for a destination outside the linted zones.
                    if lacks_it && !target.zone.complete {
                        out.push(
                                Diagnostic::new(
                                    &RULE,
                                    span,
                                    format!(
                                        "`{}` sends DMARC reports to `{domain}`, whose zone did not read cleanly: it must publish `{authorisation}`",
                                        dmarc.record.owner
                                    ),
                                )
                                .with_help(help),
                            );
                    } else if lacks_it {
                        out.push(
                                Diagnostic::new(
                                    &RULE,
                                    span,
                                    format!(
                                        "`{name}` sends DMARC reports to `{domain}`, whose zone lacks the authorisation record `{authorisation}`: receivers send none",
                                        name = dmarc.record.owner
                                    ),
                                )
                                .with_severity(Severity::Warning)
                                .with_help(help),
                            );
                    }
                }
                None if let Some((own, edits)) =
                    looks_like_own_domain(&destination, organisational.as_ref()) =>
                {
                    out.push(
                        Diagnostic::new(
                            &RULE,
                            span,
                            format!(
                                "`{}` sends DMARC reports to `{domain}`, {} off the domain's own name: probably a slip, and the reports go to someone else's domain",
                                dmarc.record.owner,
                                if edits == 1 { "one letter" } else { "two letters" }
                            ),
                        )
                        .with_severity(Severity::Warning)
                        .with_help(format!(
                            "`{domain}` is {} off `{own}`. Receivers send the aggregate (and failure) reports to the address as written, which \
                             names the domain's mail sources and, in failure reports, messages' headers. \
                             Write the domain's own name, `{own}`, if that was meant; a report service of \
                             that name publishes `{authorisation} TXT \"v=DMARC1;\"`.",
                            if edits == 1 { "one letter" } else { "two letters" }
                        )),
                    );
                }
                None => {
                    // A zone linted from two files (a stale copy in another folder): which
                    // one is deployed cannot be known, so neither is judged.
                    let copies = Name::from_ascii(&authorisation)
                        .map_or(0, |name| project.closest_zone_count(&name));
                    let whose = if copies > 1 {
                        format!(
                            "whose zone the run holds {copies} times, so which one is deployed is not known"
                        )
                    } else {
                        "outside the linted zones".to_string()
                    };
                    out.push(
                            Diagnostic::new(
                                &RULE,
                                span,
                                format!(
                                    "`{}` sends DMARC reports to `{domain}`, {whose}: it must publish `{authorisation}`",
                                    dmarc.record.owner
                                ),
                            )
                            .with_help(help),
                        );
                }
            }
        }
    }
}

/// The policy domain's own organisational domain, when the report destination's is one or two
/// letters off it under the same suffix (`as21250.net` for `as212510.net`): a slip, not a
/// report service. A sister domain under another suffix (`example.co` for `example.com`) may be
/// the owner's own, and is not one; nor are names under six letters, nor one letter added at
/// the end.
fn looks_like_own_domain(destination: &Name, own: Option<&Name>) -> Option<(String, usize)> {
    let own = own?;
    let theirs = organisational_domain(destination)?;
    let split = |name: &Name| {
        let text = name.as_str().to_ascii_lowercase();
        let (label, suffix) = text.split_once('.')?;
        Some((label.to_string(), suffix.to_string()))
    };
    let ((own_label, own_suffix), (their_label, their_suffix)) = (split(own)?, split(&theirs)?);
    if own_suffix != their_suffix {
        return None;
    }
    // Short names are one letter from other real ones (`hp.com` for `hpe.com`), and a letter
    // added at the end is a brand's variant as often as a slip (`acmes.com`): neither is
    // judged. Two edits only in longer labels, where two would not reach other real names.
    // (Only when the report domain is the longer: a letter dropped from the end of the own
    // name, `exampl.com`, is a slip.)
    let added_at_end =
        their_label.len() == own_label.len() + 1 && their_label.starts_with(own_label.as_str());
    if own_label.len() < 6 || added_at_end {
        return None;
    }
    let limit = if own_label.len() >= 12 { 2 } else { 1 };
    let d = crate::rules::typo::distance(own_label.as_bytes(), their_label.as_bytes(), limit)?;
    (d > 0).then(|| (own.to_string(), d))
}

#[cfg(test)]
mod tests {
    use super::looks_like_own_domain;
    use crate::name::Name;

    #[test]
    fn report_domains_a_letter_off_the_own() {
        let name = |s: &str| Name::from_ascii(s).unwrap();
        let off = |destination: &str, own: &str| {
            looks_like_own_domain(&name(destination), Some(&name(own))).map(|(_, d)| d)
        };
        assert_eq!(off("as21250.net.", "as212510.net."), Some(1));
        assert_eq!(off("exmaple.com.", "example.com."), Some(1));
        // Short names, a sister suffix, a letter added at the end: not judged.
        assert_eq!(off("hp.com.", "hpe.com."), None);
        assert_eq!(off("example.co.", "example.com."), None);
        assert_eq!(off("examples.com.", "example.com."), None);
        // A letter dropped from the end is a slip.
        assert_eq!(off("exampl.com.", "example.com."), Some(1));
        assert_eq!(off("example.com.", "example.com."), None);
    }
}
