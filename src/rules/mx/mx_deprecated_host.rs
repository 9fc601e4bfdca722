//! MX010: a retired or wrong host used as an MX.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
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
            .with_help(format!("Publish {} instead.", deprecated.instead)),
        );
    }
}
