//! ZONE025: an NS target is an alias.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Lookup, Project, ZoneIndex};
use crate::rules::Rule;
use crate::rules::zone::targets::{self, Resolvable, alias};

pub static RULE: Rule = Rule {
    code: "ZONE025",
    name: "ns-target-cname",
    severity: Severity::Error,
    summary: "An NS record names an alias (CNAME) in a linted zone",
    doc: include_str!("../../../rules/docs/ZONE025.md"),
    check: Some(check),
};

fn check<'a>(project: &Project<'a>, zone: &ZoneIndex<'a>, out: &mut Vec<Diagnostic>) {
    for (target, found) in targets::resolved(project, zone, Resolvable::Ns) {
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
                    "NS target `{}` is an alias (CNAME to `{canonical}`)",
                    target.name
                ),
            )
            .with_label(cname.entry_span(), "the CNAME is here")
            .with_help(format!(
                "RFC 2181 §10.3: an NS must name a host, not an alias; name `{canonical}` instead"
            )),
        );
    }
}
