//! DMARC003: a DMARC record at a name other than `_dmarc.<domain>`, where no receiver looks.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::dmarc::{dmarc_like, is_report_authorisation};
use crate::rules::zone::targets::aliased_from;

pub static RULE: Rule = Rule {
    code: "DMARC003",
    name: "dmarc-misplaced",
    severity: Severity::Warning,
    summary: "A DMARC record is published at a name other than `_dmarc.<domain>`, where receivers never look",
    doc: include_str!("../../../rules/docs/DMARC003.md"),
    check: Some(check),
};

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for dmarc in dmarc_like(zone) {
        let owner = &dmarc.record.owner;
        // A report destination's `v=DMARC1` authorisation is in its place (DMARC004 asks for it).
        if dmarc.at_dmarc_name
            || is_report_authorisation(owner)
            || is_dmarc_alias_target(project, owner)
        {
            continue;
        }
        let expected = format!("_dmarc.{owner}");
        // A wildcard's TXT record answers every name below its parent that does not exist,
        // `_dmarc.<name>` included (RFC 4592): not a record to move, but a policy handed to
        // every such subdomain in place of the domain's own (happyDomain/happydeliver#15).
        if owner.first_label() == "*" {
            out.push(wildcard_policy(dmarc));
            continue;
        }
        // A name made for a shared policy (`_dmarc_ttp_policy`) is the target of `_dmarc`
        // CNAMEs, which may all be in other domains' zones: said as information.
        let (message, severity, help) = if names_shared_policy(owner) {
            (
                format!(
                    "a DMARC record at `{owner}`, a name made for a policy that `_dmarc` CNAMEs lead to, but none in the linted zones does: receivers read it only through such an alias"
                ),
                Severity::Info,
                "Receivers look for a domain's policy only at `_dmarc.<domain>` (RFC 7489 §6.1) \
                 and follow a CNAME there. Check that each domain meant to share this policy has \
                 `_dmarc CNAME` to this name; remove the record if none does.",
            )
        } else if let Some(domain) = misspelt_dmarc_name(owner).filter(|_| *owner != zone.zone.apex)
        {
            // `dmarc.example.com`: the `_dmarc` name of the domain above, misspelt, not a
            // domain of its own whose `_dmarc` name is wanted (but the apex of a zone
            // `dmarc.io` is a domain). Where that name holds a policy already, the copy is a
            // leftover.
            let dmarc_name = format!("_dmarc.{domain}");
            let policy_there = Name::from_ascii(&dmarc_name)
                .is_ok_and(|name| crate::rules::dmarc::dmarc_at(zone, &name).next().is_some());
            (
                format!(
                    "a DMARC record at `{owner}`, which is not `{dmarc_name}`: receivers look for the policy of `{domain}` only there"
                ),
                Severity::Warning,
                if policy_there {
                    "RFC 7489 §6.1: the policy of a domain is the TXT record at `_dmarc.<domain>`, \
                     with the underscore, where this domain has one: remove this copy, which no \
                     receiver reads."
                } else {
                    "RFC 7489 §6.1: the policy of a domain is the TXT record at `_dmarc.<domain>`, \
                     with the underscore. Rename the record to `_dmarc` (relative to the domain in \
                     a zone file)."
                },
            )
        } else {
            (
                format!("a DMARC record at `{owner}`: receivers look for it only at `{expected}`"),
                Severity::Warning,
                "RFC 7489 §6.1: the policy of a domain is the TXT record at `_dmarc.<domain>`. Move \
                 the record there (for a zone file, owner `_dmarc` relative to the domain).",
            )
        };
        out.push(
            Diagnostic::new(&RULE, dmarc.record.rdata_span(), message)
                .with_severity(severity)
                // The value is the record: an octoDNS name holds many values, a zone file's
                // owner may be inherited lines above.
                .with_label(dmarc.record.owner_span(), "the name it is published at")
                .with_help(help),
        );
    }
}

/// A DMARC record in a wildcard's TXT records.
fn wildcard_policy(dmarc: &crate::rules::dmarc::Dmarc<'_>) -> Diagnostic {
    let owner = &dmarc.record.owner;
    let parent = owner.parent().map_or_else(String::new, |p| p.to_string());
    let policy = crate::rules::tags::parse_tag_list(&dmarc.text)
        .ok()
        .and_then(|tags| crate::rules::tags::tag(&tags, "p").map(str::to_string));
    let policy = policy.map_or_else(String::new, |p| format!(" (`p={p}`)"));
    Diagnostic::new(
        &RULE,
        dmarc.record.rdata_span(),
        format!(
            "a DMARC record in the wildcard `{owner}`: it answers the `_dmarc` lookup of every name below `{parent}` that does not exist, so mail from those names gets this policy{policy} in place of the domain's own"
        ),
    )
    .with_label(dmarc.record.owner_span(), "the wildcard")
    .with_help(format!(
        "A wildcard answers every lookup of its type for names that do not exist (RFC 4592), \
         `_dmarc.<name>` among them, and receivers take the policy they find there (RFC 7489 \
         §6.6.3): spoofed mail from made-up subdomains gets this record's policy. Remove the DMARC \
         text from the wildcard; the policy at `_dmarc.{parent}` covers the subdomains (its `sp=` \
         tag)."
    ))
}

/// Whether a `_dmarc.<domain>` CNAME in the linted zones leads to `name`: receivers query
/// `_dmarc.<domain>` and follow the alias like any lookup, so a policy shared by several
/// domains (`_dmarc.fax CNAME _dmarc_policy`) is read where it stands.
fn is_dmarc_alias_target(project: &Project<'_>, name: &Name) -> bool {
    aliased_from(project, name, |owner| {
        owner.first_label().eq_ignore_ascii_case("_dmarc")
    })
}

/// Whether `name`'s first label is `_dmarc` joined to more words (`_dmarc_ttp_policy`,
/// `_dmarc-shared`): a name made to hold a policy that other domains' `_dmarc` CNAMEs lead to,
/// as the UK government's domains share theirs. Not `_dmarc_` alone, a slip.
fn names_shared_policy(name: &Name) -> bool {
    let label = name.first_label().to_ascii_lowercase();
    label.strip_prefix("_dmarc").is_some_and(|rest| {
        rest.strip_prefix(['_', '-'])
            .is_some_and(|words| words.chars().filter(char::is_ascii_alphanumeric).count() >= 2)
    })
}

/// The domain whose `_dmarc` name `name` misspells: a first label one edit from `_dmarc`
/// (`dmarc`, `_dmark`, `-dmarc`, `_dmarc1`). None for a shared policy's name
/// ([`names_shared_policy`]) or any other.
fn misspelt_dmarc_name(name: &Name) -> Option<Name> {
    let label = name.first_label().to_ascii_lowercase();
    if label == "_dmarc" || names_shared_policy(name) {
        return None;
    }
    crate::rules::typo::distance(label.as_bytes(), b"_dmarc", 1)?;
    name.parent()
}
