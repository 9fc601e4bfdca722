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
        let (records, from_wildcard) = match found {
            Some((_, Lookup::Found(records))) => (records, false),
            Some((_, Lookup::Wildcard(records))) => (records, true),
            _ => continue,
        };
        let Some(alias) = records.iter().find(|r| r.rtype == RType::CNAME) else {
            continue;
        };
        let RData::Target(canonical) = &alias.rdata else {
            continue;
        };
        // An alias a wildcard gives: the exchange has no records of its own, and the
        // wildcard's target is often the web host; pointing the MX there would send the mail
        // to it (a story of a wildcard `CNAME` to Heroku).
        let (message, label, fix) = if from_wildcard {
            (
                format!(
                    "MX exchange `{}` is an alias (CNAME to `{canonical}`) only through the wildcard `{}`: it has no records of its own",
                    mx.exchange, alias.owner
                ),
                "the wildcard CNAME is here",
                format!(
                    "the wildcard answers for every name without records, so a mail host never created or misspelt in the MX still resolves, to `{canonical}`. Give `{}` its own A/AAAA records, or point the MX at the mail server's own name (at `{canonical}` only if that is the mail server)",
                    mx.exchange
                ),
            )
        } else {
            (
                format!(
                    "MX exchange `{}` is an alias (CNAME to `{canonical}`)",
                    mx.exchange
                ),
                "the CNAME is here",
                format!("point the MX at `{canonical}`"),
            )
        };
        out.push(
            Diagnostic::new(&RULE, exchange_span(&mx), message)
                .with_label(alias.entry_span(), label)
                .with_help(format!(
                    "RFC 2181 §10.3: an MX must name a host, not an alias. Most senders follow the alias, but some refuse the MX (\"no valid mail exchangers\") and bounce the mail; {fix}"
                )),
        );
    }
}
