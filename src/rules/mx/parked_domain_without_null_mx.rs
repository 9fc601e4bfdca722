//! MX014: a domain that sends no mail (`v=spf1 -all`) and has no MX: a null MX would say it
//! receives none either.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::RType;
use crate::rules::Rule;
use crate::rules::spf::spf_records;

pub static RULE: Rule = Rule {
    code: "MX014",
    name: "parked-domain-without-null-mx",
    severity: Severity::Info,
    summary: "A domain that sends no mail and has no MX should publish a null MX (RFC 7505)",
    doc: include_str!("../../../rules/docs/MX014.md"),
    check: Some(check),
};

fn check(_project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    let apex = &zone.zone.apex;
    let has = |rtype: RType| zone.at(apex).any(|r| r.rtype == rtype);
    // A zone whose records may not all be here (one that did not read cleanly, an octoDNS
    // zone with a source zonelint does not read, a provider's own record type) may have its MX
    // elsewhere.
    if has(RType::MX) || has(RType::CNAME) || !zone.zone.shows_all_but_addresses_at(apex) {
        return;
    }
    let records = spf_records(zone, apex);
    let [spf] = records else {
        return;
    };
    if !spf.authorises_nothing() {
        return;
    }
    // With an address and no MX, senders deliver to the address (RFC 5321 §5.1's implicit
    // MX): a web server's, where nothing answers on port 25 and mail queues for days
    // (hackclub/dns's hackfoundation.org).
    let message = if crate::rules::zone::targets::has_address(zone.at(apex)) {
        format!(
            "`{apex}` sends no mail and has no MX, so senders deliver its mail to its address record instead: publish a null MX"
        )
    } else {
        format!("`{apex}` sends no mail and has no MX or address: publish a null MX")
    };
    out.push(
        Diagnostic::new(&RULE, spf.record.rdata_span(), message).with_help(format!(
            "With `{apex} MX 0 .` (RFC 7505) senders bounce mail to the domain at once instead of \
             queueing it, and receivers that check the sender's domain refuse forged mail from it \
             (RFC 7505 §4.2)."
        )),
    );
}
