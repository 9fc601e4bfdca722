//! ZONE028: an SRV target is an alias.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Lookup, Project, ZoneIndex};
use crate::rules::Rule;
use crate::rules::zone::targets::{self, Resolvable, alias};

pub static RULE: Rule = Rule {
    code: "ZONE028",
    name: "srv-target-cname",
    // `check-srv-cname` decides: warn by default, error under `--check-srv-cname fail`.
    severity: Severity::Warning,
    summary: "An SRV target is an alias (CNAME) in a linted zone",
    doc: include_str!("../../../rules/docs/ZONE028.md"),
    check: Some(check),
};

fn check<'a>(project: &Project<'a>, zone: &ZoneIndex<'a>, out: &mut Vec<Diagnostic>) {
    let resolved = targets::resolved(project, zone, Resolvable::Srv);
    for (target, found) in resolved.filter(|(t, _)| !t.name.is_root()) {
        let Some((_, Lookup::Found(records) | Lookup::Wildcard(records))) = found else {
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
