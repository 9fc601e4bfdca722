//! MX013: a null-MX name (RFC 7505) that does not also say, through SPF and DMARC, that it
//! sends no mail.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::mx::{exchange_span, mx_sets};
use crate::rules::spf::{Mechanism, Qualifier, Spf, Term, spf_records};
use crate::rules::tags::{parse_tag_list, txt_text};
use crate::rules::zone::targets::has_address;

pub static RULE: Rule = Rule {
    code: "MX013",
    name: "null-mx-without-auth",
    severity: Severity::Info,
    summary: "A name with a null MX does not publish `v=spf1 -all` and a rejecting DMARC policy",
    doc: include_str!("../../../rules/docs/MX013.md"),
    check: Some(check),
};

/// The DMARC policy that applies to `name`: its own `_dmarc` record's `p`, else the `sp` (or
/// `p`) of the zone apex's, the closest to the organizational domain zonelint can know; in
/// lower case.
pub fn dmarc_policy(zone: &ZoneIndex<'_>, name: &Name) -> Option<String> {
    let read = |owner: &Name| -> Option<Vec<(String, String)>> {
        let dmarc = Name::from_ascii("_dmarc").ok()?.prepend_to(owner).ok()?;
        let text = zone
            .at(&dmarc)
            .find_map(|r| txt_text(r).filter(|t| crate::rules::dmarc::looks_like_dmarc(t)))?;
        let tags = parse_tag_list(&text).ok()?;
        Some(
            tags.iter()
                .map(|t| (t.name.to_ascii_lowercase(), t.value.to_string()))
                .collect(),
        )
    };
    let get = |tags: &[(String, String)], key: &str| {
        // Policies match in any case (RFC 7489 §6.4): `p=Reject` rejects.
        tags.iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.to_ascii_lowercase())
    };
    if let Some(tags) = read(name) {
        return get(&tags, "p");
    }
    if *name != zone.zone.apex {
        let tags = read(&zone.zone.apex)?;
        return get(&tags, "sp").or_else(|| get(&tags, "p"));
    }
    None
}

fn check(_project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for set in mx_sets(zone) {
        // Only a set that is just the null MX: mixed sets are MX008's.
        let [null] = set.hosts.as_slice() else {
            continue;
        };
        if !null.is_null() {
            continue;
        }
        let owner = set.owner;
        let spf = spf_records(zone, owner);
        // A mail server's own host name: it takes no mail (null MX) and its SPF record
        // authorises only its own address, for the HELO checks of the mail it sends for
        // other domains (RFC 7208 §2.3). Complete as it is.
        if let [one] = spf
            && authorises_only_itself(one, owner)
            && has_address(zone.at(owner))
        {
            continue;
        }
        let spf_ok = matches!(spf, [one] if one.authorises_nothing());
        // A `_dmarc` CNAME hands the policy to a DMARC service: not known here.
        let dmarc_ok = dmarc_policy(zone, owner).as_deref() == Some("reject")
            || crate::rules::dmarc::dmarc_cname(zone, owner).is_some();
        if spf_ok && dmarc_ok {
            continue;
        }
        // An SPF record that authorises senders says the name sends mail, with a null MX
        // that tells receivers its bounces cannot be delivered.
        let sends = matches!(spf, [one] if !one.authorises_nothing());
        let mut missing = Vec::new();
        let mut advice = Vec::new();
        if sends {
            missing.push("its SPF record authorises senders".to_string());
            advice.push(format!(
                "Receivers may refuse mail from a name with a null MX, as its bounces cannot be \
                 delivered (RFC 7505 §4.2, \"550 5.7.27 Sender address has null MX\"): if \
                 `{owner}` sends mail, give it an MX that takes bounces instead of the null MX; if it \
                 does not, replace its SPF record with `v=spf1 -all`."
            ));
        } else if spf.is_empty() {
            missing.push("`v=spf1 -all` at the name".to_string());
            advice.push(format!("Publish `{owner} TXT \"v=spf1 -all\"`."));
        } else if !spf_ok {
            missing.push("one SPF record, `v=spf1 -all`".to_string());
            advice.push(
                "Replace its SPF records with one, `v=spf1 -all` (several are a permerror, \
                 SPF002)."
                    .to_string(),
            );
        }
        // `p=reject` is advice for a name that sends nothing: for one that sends, the null MX
        // is what is wrong.
        if !dmarc_ok && !sends {
            missing.push("a DMARC policy of `p=reject`".to_string());
            let apex = &zone.zone.apex;
            let own = Name::from_ascii("_dmarc")
                .and_then(|label| label.prepend_to(owner))
                .ok()
                .filter(|dmarc| zone.at(dmarc).next().is_some());
            advice.push(match own {
                Some(dmarc) => format!("Set `p=reject` in `{dmarc}`."),
                None if owner != apex && dmarc_policy(zone, owner).is_some() => format!(
                    "Publish `_dmarc.{owner} TXT \"v=DMARC1; p=reject\"`, or set `sp=reject` in \
                     the policy of `{apex}`, which applies to it now."
                ),
                None => format!("Publish `_dmarc.{owner} TXT \"v=DMARC1; p=reject\"`."),
            });
        }
        // Nothing at all yet: one sentence for both records.
        if let [spf, dmarc] = advice.as_slice()
            && spf.starts_with("Publish")
            && dmarc.starts_with("Publish `_dmarc")
        {
            let records = format!(
                "{} and {}",
                spf.trim_end_matches('.'),
                dmarc.trim_start_matches("Publish ").trim_end_matches('.')
            );
            advice = vec![format!("{records}, so that receivers refuse such mail.")];
        }
        let message = if sends {
            format!(
                "`{owner}` receives no mail (null MX), but {}",
                missing.join(", and it lacks ")
            )
        } else {
            format!(
                "`{owner}` receives no mail (null MX) but lacks {}",
                missing.join(" and ")
            )
        };
        // A warning where the name sends: receivers may refuse its mail, and its bounces are
        // lost; info where it only lacks the records that say it sends nothing.
        let severity = if sends {
            Severity::Warning
        } else {
            Severity::Info
        };
        let mut diagnostic = Diagnostic::new(&RULE, exchange_span(null), message);
        if let ([one], true) = (spf, sends) {
            diagnostic =
                diagnostic.with_label(one.record.rdata_span(), "the senders it authorises");
        }
        out.push(diagnostic.with_severity(severity).with_help(format!(
            "A null MX says the name receives no mail; SPF and DMARC say whether it sends any, \
                 and without them forgers can send mail as it (RFC 7505 §4, RFC 7208 §10.1.2; \
                 M3AAWG's parked-domain advice). {}",
            advice.join(" ")
        )));
    }
}

/// Does `spf` authorise only `owner`'s own addresses (`v=spf1 a -all`, with `ip4:`/`ip6:`
/// terms at most): the record a host publishes for its HELO name?
fn authorises_only_itself(spf: &Spf<'_>, owner: &Name) -> bool {
    let parsed = spf.parse();
    let mut own_address = false;
    for term in &parsed.terms {
        match term {
            Term::Directive {
                qualifier: Qualifier::Pass,
                mechanism,
                domain,
                ..
            } => match mechanism {
                Mechanism::A => {
                    let itself = domain.is_none_or(|d| {
                        d.trim_end_matches('.')
                            .eq_ignore_ascii_case(owner.as_str().trim_end_matches('.'))
                    });
                    if !itself {
                        return false;
                    }
                    own_address = true;
                }
                Mechanism::Ip4 | Mechanism::Ip6 => {}
                _ => return false,
            },
            Term::Directive { .. } => {}
            Term::Modifier { .. } if term.is_redirect() => return false,
            Term::Modifier { .. } => {}
        }
    }
    own_address
}
