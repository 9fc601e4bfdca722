//! MX022: the zone's only MX records sit at a host because their line starts with a blank,
//! repeating the host's name from the line above, while the domain itself has no MX.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::{RType, Record, ZoneFormat};
use crate::rules::Rule;
use crate::rules::mx::below_cut;
use crate::rules::mx::mx_misplaced::misplaced;
use crate::rules::zone::targets::has_address;

pub static RULE: Rule = Rule {
    code: "MX022",
    name: "mx-inherited-owner",
    severity: Severity::Warning,
    summary: "The zone's only MX records repeat a host's name from the line above (their line starts with a blank) while the domain has no MX",
    doc: include_str!("../../../rules/docs/MX022.md"),
    check: Some(check),
};

fn check<'a>(project: &Project<'a>, zone: &ZoneIndex<'a>, out: &mut Vec<Diagnostic>) {
    // Only a master file has blank owners; octoDNS names every record.
    if zone.zone.format != ZoneFormat::Bind {
        return;
    }
    // One name with MX records in the whole zone: where hosts each have their own (a mail
    // hub per host, as old university zones have), no single one was meant for the domain.
    let [set] = zone.mx_sets() else {
        return;
    };
    let apex = &zone.zone.apex;
    // A null MX says the host takes no mail (a mail server's own name): meant for the host.
    // An owner outside the zone is ZONE015's.
    if set.owner == apex
        || !set.owner.is_subdomain_of(apex)
        || set.hosts.iter().any(|mx| mx.is_null())
        || below_cut(zone, set)
        || !zone.zone.shows_all_at(apex)
    {
        return;
    }
    let at_apex = || zone.at(apex);
    if at_apex().any(|r| r.rtype == RType::MX || r.rtype == RType::CNAME) {
        return;
    }
    // The owner is a host: it has an address of its own, written on the line the MX repeats.
    if !has_address(zone.at(set.owner)) {
        return;
    }
    let Some(first) = set
        .hosts
        .iter()
        .map(|mx| mx.record)
        .min_by_key(|r| (r.file, r.spans.entry().0))
    else {
        return;
    };
    // Every line of the set repeats the name: one that writes it says the host was meant.
    if !set
        .hosts
        .iter()
        .all(|mx| project.owner_is_inherited(mx.record))
    {
        return;
    }
    // MX017 says it of a provider's MX, with the domain's records that show it.
    let hosts = zone.mx_hosts(project).next().unwrap_or_default();
    if misplaced(project, zone, set, hosts).is_some() {
        return;
    }
    let owner = set.owner;
    let host_line = owner_line(project, zone, first);
    // `$ORIGIN lists.example.com.` then `@ A ...`: a block written for that name on purpose.
    if host_line.is_some_and(|line| project.sources.get(line.file).slice(line.owner_span()) == "@")
    {
        return;
    }
    let fallback = if has_address(at_apex()) {
        "goes to the domain's own address instead"
    } else {
        "bounces, as the domain has no address either"
    };
    let mut diagnostic = Diagnostic::new(
        &RULE,
        first.entry_span(),
        format!(
            "`{owner}` gets this MX record, as its line starts with a blank and repeats the name above; `{apex}` has no MX, so its mail {fallback}"
        ),
    )
    .with_help(format!(
        "A line that starts with a space or tab has the owner of the record before it (RFC 1035 \
         §5.1). If the MX is meant for the domain, start the line with `@` (and the lines of \
         the other MX records of the set); if it is meant for `{owner}`, write that name on \
         the line to make it plain."
    ));
    if let Some(host_line) = host_line {
        diagnostic = diagnostic.with_label(
            host_line.owner_span(),
            format!("the name the MX repeats: `{owner}`"),
        );
    }
    out.push(diagnostic);
}

/// The last record before `mx` in its file at `mx`'s owner whose owner is written out: the
/// line the blank owner repeats.
fn owner_line<'a>(
    project: &Project<'a>,
    zone: &ZoneIndex<'a>,
    mx: &'a Record,
) -> Option<&'a Record> {
    let start = mx.spans.entry().0;
    zone.at(&mx.owner)
        .filter(|r| r.file == mx.file && r.spans.entry().0 < start)
        .filter(|r| !project.owner_is_inherited(r))
        .max_by_key(|r| r.spans.entry().0)
}
