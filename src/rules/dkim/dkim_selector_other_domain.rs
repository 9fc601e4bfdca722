//! DKIM005: a Microsoft 365 or Fastmail DKIM selector CNAME that leads to another domain's key
//! (or, for Fastmail, to a name of the domain written with hyphens), or a SendGrid one that
//! leads to a name SendGrid does not publish. (Crossed selectors,
//! `selector1` to the `selector2-...` key, are MAIL001's: the catalog's target.)

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::RData;
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::mx::mx_tenant_mismatch::{named_domain, names_owner};

pub static RULE: Rule = Rule {
    code: "DKIM005",
    name: "dkim-selector-other-domain",
    severity: Severity::Warning,
    summary: "A Microsoft 365 or Fastmail DKIM selector CNAME leads to another domain's key, or a SendGrid one to a name SendGrid does not publish",
    doc: include_str!("../../../rules/docs/DKIM005.md"),
    check: Some(check),
};

/// The Microsoft 365 DKIM target `selector<n>-<token>._domainkey.<tenant>.onmicrosoft.com.`
/// (or `....dkim.mail.microsoft.`) read as its domain token.
fn microsoft_target(target: &Name) -> Option<&str> {
    let lower = target.as_str().to_ascii_lowercase();
    if !(lower.ends_with(".onmicrosoft.com.") || lower.ends_with(".dkim.mail.microsoft.")) {
        return None;
    }
    let mut labels = target.labels();
    let first = labels.next()?;
    if !labels.next()?.eq_ignore_ascii_case("_domainkey") {
        return None;
    }
    let (selector, token) = first.split_once('-')?;
    // Names compare without case: `Selector1-...` is the same selector.
    let number = selector
        .get(..8)
        .filter(|prefix| prefix.eq_ignore_ascii_case("selector"))
        .map(|_| &selector[8..])?;
    (!number.is_empty() && number.bytes().all(|b| b.is_ascii_digit())).then_some(token)
}

/// Fastmail's DKIM target `fm<n>.<domain>.dkim.fmhosted.com.` read as the domain it names
/// (lower case, without the final dot).
fn fastmail_target(target: &Name) -> Option<String> {
    let lower = target.as_str().to_ascii_lowercase();
    let inner = lower.strip_suffix(".dkim.fmhosted.com.")?;
    let (selector, domain) = inner.split_once('.')?;
    let number = selector.strip_prefix("fm")?;
    (!number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) && !domain.is_empty())
        .then(|| domain.to_string())
}

/// A Fastmail selector whose target names another domain than the selector's: Fastmail
/// publishes the key of `example.com` at `fm1.example.com.dkim.fmhosted.com.` (its list of DNS
/// records, fastmail.help article 360060591153), so a target of another domain is that
/// domain's key, and one written with hyphens (`fm1.example-com.dkim.fmhosted.com.`, the
/// Microsoft 365 habit) is no name Fastmail publishes.
fn fastmail_finding(
    record: &crate::model::Record,
    target: &Name,
    domain: &Name,
) -> Option<Diagnostic> {
    let named = fastmail_target(target)?;
    let domain = domain.as_str().trim_end_matches('.').to_ascii_lowercase();
    if named == domain {
        return None;
    }
    let first = target.first_label().to_ascii_lowercase();
    let meant = format!("{first}.{domain}.dkim.fmhosted.com.");
    let message = if named == domain.replace('.', "-") {
        format!(
            "this DKIM selector leads to `{target}`, which writes `{domain}` with hyphens: Fastmail publishes the key at `{meant}`"
        )
    } else {
        format!("this DKIM selector leads to the Fastmail key of `{named}`, not of `{domain}`")
    };
    Some(
        Diagnostic::new(&RULE, record.rdata_span(), message).with_help(format!(
            "Fastmail signs mail for `{domain}` with the key it publishes at `{meant}`; receivers that \
             follow this CNAME find no key or another domain's, and DKIM fails. Point the selector at \
             `{meant}`, as Fastmail's list of DNS records for the domain shows."
        )),
    )
}

/// SendGrid's DKIM target written with `_domainkey` where SendGrid writes `domainkey`: its
/// glossary once gave `s1._domainkey.u1234567.wl123.sendgrid.net.`, while the account's Sender
/// Authentication page and SendGrid's check want `s1.domainkey.u1234567.wl123.sendgrid.net`
/// (sendgrid/docs#4900; the check's "Expected CNAME ... to match
/// \"s1.domainkey....sendgrid.net\"", #5617). The name meant, when `target` is that slip.
fn sendgrid_meant(target: &Name) -> Option<String> {
    let lower = target.as_str().to_ascii_lowercase();
    let inner = lower.strip_suffix(".sendgrid.net.")?;
    let labels: Vec<&str> = inner.split('.').collect();
    let [selector, "_domainkey", user, white_label] = labels.as_slice() else {
        return None;
    };
    let numbered = |label: &str, prefix: &str| {
        label
            .strip_prefix(prefix)
            .is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()))
    };
    (numbered(selector, "s") && numbered(user, "u") && numbered(white_label, "wl"))
        .then(|| format!("{selector}.domainkey.{user}.{white_label}.sendgrid.net."))
}

/// DKIM005 for a SendGrid selector whose target writes `_domainkey` ([`sendgrid_meant`]).
fn sendgrid_finding(record: &crate::model::Record, target: &Name) -> Option<Diagnostic> {
    let meant = sendgrid_meant(target)?;
    Some(
        Diagnostic::new(
            &RULE,
            record.rdata_span(),
            format!(
                "this DKIM selector leads to `{target}`, a name SendGrid does not publish: its keys are at `{meant}`, without the underscore"
            ),
        )
        .with_help(format!(
            "SendGrid publishes the key behind `{meant}` (the value its Sender Authentication page \
             shows); receivers that follow this CNAME find no key, and SendGrid's own check of the \
             domain fails (\"Expected CNAME ... to match\"). Point the selector at `{meant}`."
        )),
    )
}

fn check<'a>(_project: &Project<'a>, zone: &ZoneIndex<'a>, out: &mut Vec<Diagnostic>) {
    for record in zone.key_name_cnames() {
        let RData::Target(written) = &record.rdata else {
            continue;
        };
        let target = zone.zone.meant_name(record, 0).unwrap_or(written);
        // The domain whose mail the selector signs: the owner without its two first labels.
        let Some(domain) = record.owner.parent().and_then(|p| p.parent()) else {
            continue;
        };
        if let Some(diagnostic) = sendgrid_finding(record, target) {
            out.push(diagnostic);
            continue;
        }
        if let Some(diagnostic) = fastmail_finding(record, target, &domain) {
            out.push(diagnostic);
            continue;
        }
        let Some(token) = microsoft_target(target) else {
            continue;
        };
        let token = token.to_ascii_lowercase();
        if names_owner(&token, &domain) {
            continue;
        }
        let Some(named) = named_domain(&token) else {
            continue;
        };
        let message = format!(
            "this DKIM selector leads to the Microsoft 365 key of `{named}`, not of `{domain}`"
        );
        out.push(
            Diagnostic::new(&RULE, record.rdata_span(), message).with_help(format!(
                "Microsoft 365 signs mail for `{domain}` with its own key of each selector; receivers \
                 that follow this CNAME find another key, and DKIM fails. Copy the value the \
                 Defender portal shows for this domain (Email authentication settings > DKIM)"
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sendgrid_targets() {
        let name = |s: &str| Name::from_ascii(s).unwrap();
        let meant = |s: &str| sendgrid_meant(&name(s));
        assert_eq!(
            meant("s1._domainkey.u1234567.wl123.sendgrid.net."),
            Some("s1.domainkey.u1234567.wl123.sendgrid.net.".into())
        );
        assert_eq!(meant("s1.domainkey.u1234567.wl123.sendgrid.net."), None);
        assert_eq!(meant("s1._domainkey.example.sendgrid.net."), None);
        assert_eq!(meant("em123.u1234567.wl123.sendgrid.net."), None);
    }

    #[test]
    fn reads_fastmail_targets() {
        let name = |s: &str| Name::from_ascii(s).unwrap();
        let read = |s: &str| fastmail_target(&name(s));
        assert_eq!(
            read("fm1.example.com.dkim.fmhosted.com."),
            Some("example.com".into())
        );
        assert_eq!(
            read("FM2.Example.COM.dkim.fmhosted.com."),
            Some("example.com".into())
        );
        assert_eq!(
            read("fm1.example-com.dkim.fmhosted.com."),
            Some("example-com".into())
        );
        assert_eq!(read("fm1.example.com.dkim.example.net."), None);
        assert_eq!(read("mesmtp.example.com.dkim.fmhosted.com."), None);
        assert_eq!(read("fm.example.com.dkim.fmhosted.com."), None);
    }

    #[test]
    fn reads_microsoft_targets() {
        let name = |s: &str| Name::from_ascii(s).unwrap();
        let classic = name("selector1-contoso-com._domainkey.contoso.onmicrosoft.com.");
        assert_eq!(microsoft_target(&classic), Some("contoso-com"));
        let newer = name("selector2-contoso-com._domainkey.contoso.n-v1.dkim.mail.microsoft.");
        assert_eq!(microsoft_target(&newer), Some("contoso-com"));
        assert_eq!(
            microsoft_target(&name("selector1-contoso-com._domainkey.example.net.")),
            None
        );
        assert_eq!(
            microsoft_target(&name("s1-contoso-com._domainkey.contoso.onmicrosoft.com.")),
            None
        );
        let mixed = name("Selector1-Contoso-com._DomainKey.contoso.onmicrosoft.com.");
        assert_eq!(microsoft_target(&mixed), Some("Contoso-com"));
        for not_selector in [
            "selector-contoso-com",
            "selectorx1-contoso-com",
            "select1-contoso-com",
        ] {
            let target = name(&format!(
                "{not_selector}._domainkey.contoso.onmicrosoft.com."
            ));
            assert_eq!(microsoft_target(&target), None, "{not_selector}");
        }
    }
}
