//! MX004: a Microsoft 365 MX whose tenant label clearly names another domain.
//!
//! The label is usually the domain with dots turned into hyphens (`contoso-com` for
//! contoso.com), sometimes with a suffix (`contoso-com01b`), and one tenant may serve several
//! domains with one MX value. So this only warns, and only when the label reads as a domain that
//! is neither the owner nor one of its parents.

use crate::catalog::TenantLabel;
use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::mx::{Host, classified_sets, exchange_span};
use crate::rules::names::missing_trailing_dot::is_tld;

pub static RULE: Rule = Rule {
    code: "MX004",
    name: "mx-tenant-mismatch",
    severity: Severity::Warning,
    summary: "A Microsoft 365 MX whose tenant label names another domain than the owner",
    doc: include_str!("../../../rules/docs/MX004.md"),
    check: Some(check),
};

/// Does the tenant label stand for `owner` or one of its parents (at least two labels)?
pub fn names_owner(label: &str, owner: &Name) -> bool {
    let mut ancestor = Some(owner.clone());
    while let Some(name) = ancestor {
        if name.label_count() < 2 {
            break;
        }
        if names_domain(label, &name) {
            return true;
        }
        ancestor = name.parent();
    }
    false
}

/// Does the tenant label stand for `domain` itself (`contoso-com` for `contoso.com.`)?
pub fn names_domain(label: &str, domain: &Name) -> bool {
    let squash = |s: &str| s.replace('-', "").to_ascii_lowercase();
    let label = squash(label);
    let dashed: Vec<&str> = domain.labels().collect();
    let dashed = squash(&dashed.join(""));
    // Microsoft may append a short suffix (`contoso-com01b`, `contoso-com0i`): no hyphen, and
    // a digit first. A suffix of letters is another label run in (`contoso-com-com`, a
    // domain's token written with its top-level domain twice).
    label == dashed
        || label.strip_prefix(&dashed).is_some_and(|rest| {
            rest.starts_with(|c: char| c.is_ascii_digit())
                && rest.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

/// The domain a label like `contoso-com` or `contoso-co-uk01b` spells, if it clearly spells one.
pub fn named_domain(label: &str) -> Option<String> {
    let parts: Vec<&str> = label.split('-').collect();
    if parts.len() < 2 || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    let last = parts[parts.len() - 1];
    let tld: String = last.chars().take_while(char::is_ascii_lowercase).collect();
    let suffix = &last[tld.len()..];
    let suffix_ok = suffix.is_empty() || suffix.starts_with(|c: char| c.is_ascii_digit());
    if !is_tld(&tld) || !suffix_ok {
        return None;
    }
    let mut labels: Vec<&str> = parts[..parts.len() - 1].to_vec();
    labels.push(&tld);
    Some(labels.join("."))
}

/// Is `domain` (as [`named_domain`] spells a token) one that setup guides write for the
/// reader's own (`yourdomain.com`, `your-domain.com`, `mydomain.com`) or Microsoft's
/// documentation domains (`contoso.com`, `fabrikam.com`), or a reserved example domain? A
/// token of one in another domain's zone is a copied example, never the domain's own value.
fn is_placeholder(domain: &str) -> bool {
    const PLACEHOLDERS: &[&str] = &[
        "yourdomain",
        "yourdomainname",
        "yourcompany",
        "mydomain",
        "domain",
        "example",
        "contoso",
        "fabrikam",
    ];
    let Some((name, _tld)) = domain.rsplit_once('.') else {
        return false;
    };
    // `contoso.co.uk`: the registry's second level is not part of the name.
    let name = ["co", "com", "org", "net", "ac"]
        .iter()
        .find_map(|second| name.strip_suffix(&format!(".{second}")))
        .unwrap_or(name);
    let squashed = name.replace('.', "");
    PLACEHOLDERS.contains(&squashed.as_str())
}

fn check<'a>(project: &Project<'a>, zone: &ZoneIndex<'a>, out: &mut Vec<Diagnostic>) {
    // Every MX host but a null MX, with the provider the MX rules found for it once.
    let hosts = classified_sets(project, zone).flat_map(|(_, hosts)| hosts);
    for &Host { mx, provider, .. } in hosts {
        let Some(provider) = provider else {
            continue;
        };
        if provider.tenant_label != TenantLabel::DomainDashed {
            continue;
        }
        let label = mx.exchange.first_label().to_ascii_lowercase();
        if names_owner(&label, &mx.record.owner) {
            continue;
        }
        let Some(named) = named_domain(&label) else {
            continue;
        };
        if is_placeholder(&named) {
            out.push(
                Diagnostic::new(
                    &RULE,
                    exchange_span(&mx),
                    format!(
                        "{} MX `{}` names `{named}`, a setup guide's placeholder, not `{}`",
                        provider.name, mx.exchange, mx.record.owner
                    ),
                )
                .with_severity(Severity::Error)
                .with_help(format!(
                    "The value was copied from an example: no tenant has `{}` as an accepted domain \
                     there, so mail for it cannot be delivered. Copy the MX value for the domain from \
                     the Microsoft 365 admin center (Settings > Domains > the domain > DNS records).",
                    mx.record.owner
                )),
            );
            continue;
        }
        out.push(
            Diagnostic::new(
                &RULE,
                exchange_span(&mx),
                format!(
                    "{} MX `{}` names `{named}`, not `{}`",
                    provider.name, mx.exchange, mx.record.owner
                ),
            )
            .with_help(format!(
                "Each accepted domain has its own MX value in the Microsoft 365 admin center (Settings > \
                 Domains). If `{}` shares the tenant of `{named}` on purpose this is fine; if the value was \
                 copied from another domain, mail for `{}` goes to a tenant that may not accept it.",
                mx.record.owner, mx.record.owner
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_told_from_domains() {
        for placeholder in [
            "yourdomain.com",
            "your.domain.com",
            "mydomain.net",
            "domain.com",
            "contoso.com",
            "contoso.co.uk",
            "example.org",
        ] {
            assert!(is_placeholder(placeholder), "{placeholder}");
        }
        for domain in [
            "sisterbrand.com",
            "yourdomains.com",
            "domainbox.com",
            "contosso.com",
        ] {
            assert!(!is_placeholder(domain), "{domain}");
        }
    }

    #[test]
    fn labels() {
        let owner = Name::from_ascii("mail.contoso.com.").unwrap();
        assert!(names_owner("contoso-com", &owner));
        assert!(names_owner("mail-contoso-com", &owner));
        assert!(names_owner("contoso-com01b", &owner));
        assert!(names_owner("contoso-com0i", &owner));
        // The top-level domain twice (MicrosoftDocs/OfficeDocs-Exchange#615).
        assert!(!names_owner("contoso-com-com", &owner));
        assert!(!names_owner("contoso-comcom", &owner));
        assert!(!names_owner("fabrikam-com", &owner));
        assert!(names_owner(
            "contososhop-com",
            &Name::from_ascii("contoso-shop.com.").unwrap()
        ));
        assert_eq!(
            named_domain("fabrikam-com").as_deref(),
            Some("fabrikam.com")
        );
        assert_eq!(
            named_domain("fabrikam-co-uk03i").as_deref(),
            Some("fabrikam.co.uk")
        );
        assert_eq!(named_domain("tenant01"), None);
        assert_eq!(named_domain("mail-relay"), None);
    }
}
