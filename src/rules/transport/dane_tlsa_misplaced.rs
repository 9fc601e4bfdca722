//! DANE002: an SMTP TLSA record (`_25._tcp.<name>`) at a mail domain rather than at its MX
//! hosts, where senders look for it.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::RType;
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::mx::{MxSet, mx_sets};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

pub static RULE: Rule = Rule {
    code: "DANE002",
    name: "dane-tlsa-misplaced",
    severity: Severity::Warning,
    summary: "An SMTP TLSA record is at a mail domain (`_25._tcp.example.com`) rather than at its MX hosts, where senders look",
    doc: include_str!("../../../rules/docs/DANE002.md"),
    check: Some(check),
};

fn check<'a>(_project: &Project<'a>, zone: &ZoneIndex<'a>, out: &mut Vec<Diagnostic>) {
    if !zone.has_type(RType::TLSA) {
        return;
    }
    let sets = mx_sets(zone);
    // Each MX set by owner and every exchange, gathered on the first TLSA record at a
    // `_25._tcp` name: asked for each of them, a pass over the sets would be quadratic.
    let mut mail_names: Option<(HashMap<&Name, &MxSet<'_>>, HashSet<&Name>)> = None;
    let mut reported: HashSet<Name> = HashSet::default();
    for record in zone.of_type(RType::TLSA) {
        let mut labels = record.owner.labels();
        if labels.next() != Some("_25")
            || !labels
                .next()
                .is_some_and(|l| l.eq_ignore_ascii_case("_tcp"))
        {
            continue;
        }
        let Some(host) = record.owner.parent().and_then(|p| p.parent()) else {
            continue;
        };
        // The name has an MX set of its own (it is a mail domain) and is not one of the zone's
        // MX hosts: senders never look up `_25._tcp` here.
        let (set_at, exchanges_anywhere) = mail_names.get_or_insert_with(|| {
            let mut set_at = HashMap::default();
            for set in sets {
                set_at.entry(set.owner).or_insert(set);
            }
            let exchanges = sets
                .iter()
                .flat_map(|s| &s.hosts)
                .map(|mx| mx.exchange)
                .collect();
            (set_at, exchanges)
        });
        let Some(set) = set_at.get(&host) else {
            continue;
        };
        let is_exchange = exchanges_anywhere.contains(&host);
        let exchanges: Vec<String> = set
            .hosts
            .iter()
            .filter(|mx| !mx.is_null())
            .map(|mx| format!("`_25._tcp.{}`", mx.exchange))
            .collect();
        if is_exchange || exchanges.is_empty() || !reported.insert(host.clone()) {
            continue;
        }
        out.push(
            Diagnostic::new(
                &RULE,
                record.owner_span(),
                format!(
                    "TLSA `{}` is at the mail domain `{host}`, not at its MX hosts: senders never look it up",
                    record.owner
                ),
            )
            .with_help(format!(
                "A DANE sender looks up the TLSA records of each MX host it connects to \
                 (RFC 7672 §2.2); without them it does not authenticate the server. Publish \
                 the records at {} instead.",
                exchanges.join(", ")
            )),
        );
    }
}
