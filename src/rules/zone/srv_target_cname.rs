//! ZONE028: an SRV target is an alias.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Lookup, Project, ZoneIndex};
use crate::model::RType;
use crate::rules::Rule;
use crate::rules::zone::targets::{self, alias};

pub static RULE: Rule = Rule {
    code: "ZONE028",
    name: "srv-target-cname",
    // `check-srv-cname` decides: warn by default, error under `--check-srv-cname fail`.
    severity: Severity::Warning,
    summary: "An SRV target is an alias (CNAME) in a linted zone",
    doc: include_str!("../../../rules/docs/ZONE028.md"),
    check: Some(check),
};

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for target in targets::targets(zone, RType::SRV).filter(|t| !t.name.is_root()) {
        let Some((_, Lookup::Found(records) | Lookup::Wildcard(records))) =
            targets::lookup(project, zone, target.name)
        else {
            continue;
        };
        let Some((cname, canonical)) = alias(&records) else {
            continue;
        };
        out.push(
            Diagnostic::new(
                &RULE,
                target.span(),
                format!(
                    "SRV target `{}` is an alias (CNAME to `{canonical}`)",
                    target.name
                ),
            )
            .with_label(cname.entry_span(), "the CNAME is here")
            .with_help(format!(
                "RFC 2782: the target must not be an alias; name `{canonical}` instead"
            )),
        );
    }
}
