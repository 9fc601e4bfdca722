//! MX010: a retired or wrong host used as an MX.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::mx::{all_mx, exchange_span};

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
                match dashed_host(project, mx.exchange, &deprecated.provider) {
                    Some(meant) => format!(
                        "Publish {} instead; did you mean `{meant}`?",
                        deprecated.instead
                    ),
                    None => format!("Publish {} instead.", deprecated.instead),
                },
            ),
        );
    }
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
