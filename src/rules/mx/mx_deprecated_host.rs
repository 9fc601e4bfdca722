//! MX010: a retired or wrong host used as an MX.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::mx::{Mx, all_mx, exchange_span, misrouted_bounce_service};

pub static RULE: Rule = Rule {
    code: "MX010",
    name: "mx-deprecated-host",
    severity: Severity::Error,
    summary: "A retired or wrong host is used as an MX (mail.eo.outlook.com, smtp.office365.com, ...)",
    doc: include_str!("../../../rules/docs/MX010.md"),
    check: Some(check),
};

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for mx in all_mx(zone).filter(|mx| !mx.is_null()) {
        let Some(deprecated) = project.catalog.deprecated(mx.exchange) else {
            continue;
        };
        let provider = project
            .catalog
            .provider(&deprecated.provider)
            .map_or(deprecated.provider.as_str(), |p| p.name.as_str());
        out.push(
            Diagnostic::new(
                &RULE,
                exchange_span(&mx),
                format!(
                    "`{}` is not a valid {provider} MX host: {}",
                    mx.exchange, deprecated.reason
                ),
            )
            .with_help(
                match (
                    bounce_host_meant(project, zone, &mx),
                    dashed_host(project, mx.exchange, &deprecated.provider),
                ) {
                    (Some(bounce), _) => bounce,
                    (None, Some(meant)) => format!(
                        "Publish {} instead; did you mean `{meant}`?",
                        deprecated.instead
                    ),
                    (None, None) => format!("Publish {} instead.", deprecated.instead),
                },
            ),
        );
    }
}

/// The advice where the MX's owner is a sending service's bounce domain given another host of
/// the service's operator ([`misrouted_bounce_service`]): the host its setup asks for there is
/// the service's feedback host, not the one the deprecated entry names for receiving mail.
fn bounce_host_meant(project: &Project<'_>, zone: &ZoneIndex<'_>, mx: &Mx<'_>) -> Option<String> {
    let service = misrouted_bounce_service(project.catalog, zone, &mx.record.owner, mx.exchange)?;
    let host = project
        .catalog
        .deprecated_hosts()
        .iter()
        .find(|d| d.provider == service.id)
        .map_or_else(
            || format!("{}'s feedback host", service.name),
            |d| d.instead.clone(),
        );
    let include = service
        .spf_includes
        .first()
        .map_or_else(String::new, |include| format!(" `{include}`"));
    Some(format!(
        "`{}`'s SPF record includes{include}: it is the bounce (MAIL FROM) domain of {}, whose MX is the service's feedback host, which takes its bounces and lets it verify the domain. Publish {host} instead.",
        mx.record.owner, service.name
    ))
}

/// The provider's host `exchange` was meant to be when its first labels, joined with `-`,
/// make one (`example-co.uk.mail.protection.outlook.com.` for
/// `example-co-uk.mail.protection.outlook.com.`): the token is one label, the domain dashed.
fn dashed_host(project: &Project<'_>, exchange: &Name, provider: &str) -> Option<Name> {
    let labels: Vec<&str> = exchange.labels().collect();
    (2..labels.len()).find_map(|joined| {
        let text = format!(
            "{}.{}.",
            labels[..joined].join("-"),
            labels[joined..].join(".")
        );
        let meant = Name::from_ascii(&text).ok()?;
        project
            .provider_for(&meant)
            .is_some_and(|p| p.id == provider)
            .then_some(meant)
    })
}
