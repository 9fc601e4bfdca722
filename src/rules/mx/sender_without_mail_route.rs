//! MX021: a name whose SPF record authorises senders, with no MX and no address: receivers
//! that check the envelope sender's domain refuse its mail, and its bounces go nowhere.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::RType;
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::spf::{Mechanism, Qualifier, Term};
use crate::rules::zone::targets::has_address;

pub static RULE: Rule = Rule {
    code: "MX021",
    name: "sender-without-mail-route",
    severity: Severity::Warning,
    summary: "A name whose SPF record authorises senders has no MX and no address: receivers that check the sender's domain refuse its mail",
    doc: include_str!("../../../rules/docs/MX021.md"),
    check: Some(check),
};

fn check<'a>(project: &Project<'a>, zone: &ZoneIndex<'a>, out: &mut Vec<Diagnostic>) {
    for (owner, records) in zone.spf_by_owner() {
        // Receivers read the TXT records (a type-99 copy is SPF011's); two are SPF002's
        // finding: receivers read neither.
        let mut txt = records.iter().filter(|spf| spf.record.rtype == RType::TXT);
        let (Some(spf), None) = (txt.next(), txt.next()) else {
            continue;
        };
        // `v=spf1 ?all` (or `+all`, `all`) authorises no host by name but lets any send: it is a
        // sender's record (The-Login/SMTP-Smuggling-Tools#2: "450 4.1.8 ... Sender address
        // rejected: Domain not found"). `-all` or `~all` alone says the name sends no mail.
        // The SPF reader gives `all` alone the pass qualifier (RFC 7208 §4.6.2).
        let lets_any_send = spf.parse().terms.iter().any(|term| {
            matches!(
                term,
                Term::Directive {
                    qualifier: Qualifier::Pass | Qualifier::Neutral,
                    mechanism: Mechanism::All,
                    ..
                }
            )
        });
        if spf.authorises_nothing() && !lets_any_send || !may_be_sender(owner, &zone.zone.apex) {
            continue;
        }
        // A record whose owner lost its final dot (`example.com.example.com.`) is NAME001's:
        // the mail route it needs is the one of the name meant.
        if crate::rules::names::missing_trailing_dot::owner_doubles_apex(owner, &zone.zone.apex) {
            continue;
        }
        // A record without `all` or `redirect=` is a list of senders other records include
        // (SPF006 reads it so too): a sender's own record ends with its policy.
        if !spf.parse().terms.iter().any(Term::ends_policy) {
            continue;
        }
        let at_owner = || zone.at(owner);
        let routed = at_owner().any(|r| r.rtype == RType::MX || r.rtype == RType::CNAME)
            || has_address(at_owner());
        if routed || !zone.zone.shows_all_at(owner) || zone.is_delegated(spf.record) {
            continue;
        }
        // A domain set up for a mailbox provider without its MX: MX023 names the provider.
        if **owner == zone.zone.apex
            && crate::rules::mx::mx_missing::set_up_without_mx(project, zone).is_some()
        {
            continue;
        }
        // `v=spf1 mx -all` (or `a`) at a name with no MX and no address lists the name's own
        // hosts, which do not exist: it authorises no one (SPF009 says its `mx` finds
        // nothing), and is no sender's record.
        let terms = spf.parse();
        let own_host = |term: &Term<'_>| {
            matches!(
                term,
                Term::Directive {
                    mechanism: Mechanism::A | Mechanism::Mx,
                    domain: None,
                    ..
                }
            )
        };
        let only_own_hosts = terms.errors.is_empty()
            && terms.terms.iter().any(own_host)
            && terms.terms.iter().all(|term| match term {
                _ if own_host(term) => true,
                Term::Directive {
                    mechanism: Mechanism::All,
                    qualifier,
                    ..
                } => !matches!(qualifier, Qualifier::Pass | Qualifier::Neutral),
                Term::Directive { .. } => false,
                Term::Modifier { .. } => !term.is_redirect(),
            });
        if only_own_hosts {
            continue;
        }
        // A record whose every sender is a service that sends with its own envelope domain
        // (SendGrid's `sendgrid.net` or its `em123` return path, Mailchimp's, SES's): the
        // name is the From domain, never the envelope sender receivers check, so its mail is
        // not refused for want of a route (ministryofjustice's `email.digideps.service`).
        let own_envelope_only = terms.errors.is_empty()
            && terms
                .terms
                .iter()
                .any(|term| term.mechanism() == Some(Mechanism::Include))
            && terms.terms.iter().all(|term| match term {
                Term::Directive {
                    mechanism: Mechanism::Include,
                    domain: Some(domain),
                    ..
                } => project
                    .catalog
                    .sender_of_spf_include(domain)
                    .is_some_and(|sender| sender.envelope.is_some()),
                Term::Directive {
                    mechanism: Mechanism::All,
                    ..
                } => true,
                Term::Directive { .. } => false,
                Term::Modifier { .. } => !term.is_redirect(),
            });
        if own_envelope_only {
            continue;
        }
        // A record other SPF records include or redirect to is a list of senders, not a
        // sender: no mail is sent from it.
        if project.is_spf_referenced(owner) {
            continue;
        }
        out.push(
            Diagnostic::new(
                &RULE,
                spf.record.rdata_span(),
                format!(
                    "`{owner}` {} in its SPF record but has no MX, A or AAAA record: receivers that check the sender's domain refuse its mail",
                    if spf.authorises_nothing() {
                        "lets any host send"
                    } else {
                        "authorises senders"
                    }
                ),
            )
            .with_help(
                "Mail sent with this name as its envelope sender (the return path, which its SPF \
                 record is for) is refused by receivers that check that the sender's domain can \
                 receive mail (Postfix's `reject_unknown_sender_domain`: \"450 4.1.8 Sender \
                 address rejected: Domain not found\"), and bounces to it cannot be delivered \
                 (RFC 5321 §5.1, §6.1). Publish the MX records the sending service documents for \
                 it (Mailgun: `mxa.mailgun.org` and `mxb.mailgun.org`), or an MX of the \
                 domain's own mail servers.",
            ),
        );
    }
}

/// Could mail be sent from `owner`? Not from a wildcard's records (which apply only to names
/// that have none), a name with a label starting with `_` (`_spf`, `_netblocks`: lists of
/// senders other records include), or one below the apex whose first label names SPF
/// (`spf`, `spf1`, `spf-eu`): include targets, by their names.
fn may_be_sender(owner: &Name, apex: &Name) -> bool {
    let names_spf = owner != apex && owner.first_label().to_ascii_lowercase().contains("spf");
    !names_spf
        && !owner
            .labels()
            .any(|label| label.starts_with('_') || label == "*")
}
