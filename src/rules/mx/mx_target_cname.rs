//! MX005: the exchange is an alias.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Lookup, Project, ZoneIndex};
use crate::model::{RData, RType};
use crate::rules::Rule;
use crate::rules::mx::{exchange_span, resolved_mx};

pub static RULE: Rule = Rule {
    code: "MX005",
    name: "mx-target-cname",
    severity: Severity::Warning,
    summary: "An MX exchange is an alias (CNAME) in a linted zone",
    doc: include_str!("../../../rules/docs/MX005.md"),
    check: Some(check),
};

fn check<'a>(project: &Project<'a>, zone: &ZoneIndex<'a>, out: &mut Vec<Diagnostic>) {
    for (mx, found) in resolved_mx(project, zone).filter(|(mx, _)| !mx.is_null()) {
        let Some((_, Lookup::Found(records) | Lookup::Wildcard(records))) = found else {
            continue;
        };
        let Some(alias) = records.iter().find(|r| r.rtype == RType::CNAME) else {
            continue;
        };
        let RData::Target(canonical) = &alias.rdata else {
            continue;
        };
        out.push(
            Diagnostic::new(
                &RULE,
                exchange_span(&mx),
                format!("MX exchange `{}` is an alias (CNAME to `{canonical}`)", mx.exchange),
            )
            .with_label(alias.entry_span(), "the CNAME is here")
            .with_help(format!(
                "RFC 2181 §10.3: an MX must name a host, not an alias. Most senders follow the alias, but some refuse the MX (\"no valid mail exchangers\") and bounce the mail; point the MX at `{canonical}`"
            )),
        );
    }
}
