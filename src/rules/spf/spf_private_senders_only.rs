//! SPF015: an SPF record whose every sender is at an address no mail on the Internet comes
//! from (a server's LAN address behind NAT), with a policy that fails the rest.

use std::net::IpAddr;

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::Record;
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::mx::reachability::{HostAddresses, is_alias, is_internal_zone, is_routable};
use crate::rules::spf::{
    Mechanism, Qualifier, Spf, Term, Terms, ip_term_network, looked_up_name, mx_exchanges,
    network_bounds, records_at, single_spf, term_span,
};

pub static RULE: Rule = Rule {
    code: "SPF015",
    name: "spf-private-senders-only",
    severity: Severity::Warning,
    summary: "Every sender an SPF record authorises is at a private address, from which no mail on the Internet comes, and the record fails all others",
    doc: include_str!("../../../rules/docs/SPF015.md"),
    check: Some(check),
};

/// Addresses named in a finding: a record may authorise a network of hosts.
const MAX_LISTED: usize = 10;

/// An address the record authorises, with the term that does and the address record it was
/// found in (none for an `ip4:`/`ip6:` network, written in the term itself).
struct Sender<'a, 't> {
    address: IpAddr,
    term: &'t str,
    record: Option<&'a Record>,
}

fn check<'a>(project: &Project<'a>, zone: &ZoneIndex<'a>, out: &mut Vec<Diagnostic>) {
    let mut internal = None;
    for spf in single_spf(zone) {
        let terms = spf.parse();
        let Some((senders, all)) = private_senders_only(project, zone, spf, &terms) else {
            continue;
        };
        // Decided on the first record that needs it, as MX015 decides: a zone served to an
        // internal network names its hosts by their private addresses.
        if *internal.get_or_insert_with(|| is_internal_zone(project, zone))
            || public_in_another_view(project, zone, spf)
        {
            continue;
        }
        out.push(finding(project, spf, &senders, all));
    }
}

/// The senders of `spf` and its `all` term, when every sender it authorises is at a private
/// address and the first `all` fails or soft-fails the rest; None otherwise, or when a term
/// may authorise senders zonelint cannot see.
fn private_senders_only<'a, 't>(
    project: &Project<'a>,
    zone: &ZoneIndex<'a>,
    spf: &Spf<'a>,
    terms: &'t Terms<'t>,
) -> Option<(Vec<Sender<'a, 't>>, &'t str)> {
    if !terms.errors.is_empty() {
        return None;
    }
    // Only a record whose `all` (the first: receivers stop there) fails or soft-fails
    // every other sender makes its list matter.
    let first_all = terms
        .terms
        .iter()
        .find(|term| term.mechanism() == Some(Mechanism::All));
    let Some(Term::Directive {
        qualifier: Qualifier::Fail | Qualifier::SoftFail,
        text: all,
        ..
    }) = first_all
    else {
        return None;
    };
    let before_all = terms
        .terms
        .iter()
        .take_while(|term| term.mechanism() != Some(Mechanism::All));
    // Told from the text before any name is looked up: most records include a provider.
    let defers = before_all.clone().any(|term| {
        matches!(
            term.mechanism(),
            Some(Mechanism::Include | Mechanism::Exists | Mechanism::Ptr)
        )
    });
    if defers {
        return None;
    }
    let senders = senders(project, zone, spf, before_all)?;
    if senders.is_empty() || senders.iter().any(|sender| is_routable(sender.address)) {
        return None;
    }
    Some((senders, all))
}

/// A zone linted twice (an internal and an external view of one domain: MX015) is one view
/// of a split-horizon setup: the record is the internal view's when another copy of the zone
/// has another SPF record at its name, or one whose senders are public (or unseen). An exact
/// copy kept in another folder is no view: it has the same fault, and both are reported.
fn public_in_another_view<'a>(project: &Project<'a>, zone: &ZoneIndex<'a>, spf: &Spf<'a>) -> bool {
    project
        .other_copies(zone)
        .any(|other| match other.spf_at(&spf.record.owner) {
            [theirs] => private_senders_only(project, other, theirs, &theirs.parse()).is_none(),
            _ => true,
        })
}

/// Every address the pass terms before `all` authorise, None when one of them may authorise
/// an address zonelint cannot see: an include, `exists`, `ptr`, or a name outside the linted
/// zones (or in one that did not read cleanly, or behind an alias).
fn senders<'a, 't>(
    project: &Project<'a>,
    zone: &ZoneIndex<'a>,
    spf: &Spf<'a>,
    terms: impl Iterator<Item = &'t Term<'t>>,
) -> Option<Vec<Sender<'a, 't>>> {
    let mut senders = Vec::new();
    for term in terms {
        let Term::Directive {
            qualifier: Qualifier::Pass,
            mechanism,
            text,
            ..
        } = term
        else {
            // `-a`, `~ip4:...` authorise nothing; modifiers (`exp=`, a `redirect=` that `all`
            // overrides) neither.
            continue;
        };
        match mechanism {
            Mechanism::Ip4 | Mechanism::Ip6 => senders.push(Sender {
                address: private_network(text)?,
                term: text,
                record: None,
            }),
            // `a/24`, `mx//64`: the networks around the hosts, which may take in public
            // addresses; not judged.
            Mechanism::A | Mechanism::Mx if text.contains('/') => return None,
            Mechanism::A => {
                let name = looked_up_name(spf, term)?;
                for (address, record) in addresses_at(project, zone, &name)? {
                    senders.push(Sender {
                        address,
                        term: text,
                        record: Some(record),
                    });
                }
            }
            Mechanism::Mx => {
                let name = looked_up_name(spf, term)?;
                // A null MX (`MX 0 .`) names no host that sends.
                let exchanges = mx_exchanges(project, zone, &name)?;
                for exchange in exchanges.into_iter().filter(|exchange| !exchange.is_root()) {
                    for (address, record) in addresses_at(project, zone, exchange)? {
                        senders.push(Sender {
                            address,
                            term: text,
                            record: Some(record),
                        });
                    }
                }
            }
            Mechanism::Include | Mechanism::Exists | Mechanism::Ptr | Mechanism::All => {
                return None;
            }
        }
    }
    Some(senders)
}

/// The address of an `ip4:` or `ip6:` network that lies wholly in a block not routed on the
/// Internet (`ip4:10.0.0.0/8`, `ip4:192.168.1.20`), else None: its first and last addresses
/// both are, and it is no wider than the widest such block, a /8 (IPv4) or a /7 (IPv6,
/// `fc00::/7`), so that it cannot reach from one block over public space to another
/// (`ip4:192.168.0.0/8` is all of 192/8).
fn private_network(term: &str) -> Option<IpAddr> {
    let (address, length) = ip_term_network(term)?;
    let (bits, widest_block) = if address.is_ipv4() { (32, 8) } else { (128, 7) };
    let length = length.unwrap_or(bits);
    if length < widest_block || length > bits {
        return None;
    }
    let (first, last) = network_bounds(address, length);
    (!is_routable(first) && !is_routable(last)).then_some(address)
}

/// The A and AAAA records at `name` in the linted zones (none when it has none, or does not
/// exist), or None when they cannot be known here ([`records_at`]), or lie behind an alias or
/// Cloudflare's proxy.
fn addresses_at<'a>(
    project: &Project<'a>,
    zone: &ZoneIndex<'a>,
    name: &Name,
) -> Option<Vec<(IpAddr, &'a Record)>> {
    let (host_zone, records) = records_at(project, zone, name)?;
    if host_zone.zone.proxied_at(name).is_some() || records.iter().any(is_alias) {
        return None;
    }
    Some(HostAddresses::of(records).iter().collect())
}

fn finding(
    project: &Project<'_>,
    spf: &Spf<'_>,
    senders: &[Sender<'_, '_>],
    all: &str,
) -> Diagnostic {
    // A network is shown as written, a host's address once with the terms that name it
    // (the `a` and `mx` of one host: 10.10.10.10 (`a`, `mx`)).
    let mut shown: Vec<(Option<IpAddr>, Vec<&str>)> = Vec::new();
    for sender in senders {
        let address = sender.record.map(|_| sender.address);
        let same = |(at, terms): &&mut (Option<IpAddr>, Vec<&str>)| match address {
            Some(_) => *at == address,
            None => at.is_none() && terms.contains(&sender.term),
        };
        match shown.iter_mut().find(same) {
            Some((_, terms)) if terms.contains(&sender.term) => {}
            Some((_, terms)) => terms.push(sender.term),
            None => shown.push((address, vec![sender.term])),
        }
    }
    let mut listed: Vec<String> = shown
        .iter()
        .map(|(address, terms)| {
            let terms: Vec<String> = terms.iter().map(|term| format!("`{term}`")).collect();
            match address {
                Some(address) => format!("{address} ({})", terms.join(", ")),
                None => terms.join(", "),
            }
        })
        .collect();
    // One label for each address record, however many terms reach it.
    let mut labelled: Vec<&Record> = Vec::new();
    for record in senders.iter().filter_map(|sender| sender.record) {
        if !labelled.iter().any(|seen| std::ptr::eq(*seen, record)) {
            labelled.push(record);
        }
    }
    let more = listed.len().saturating_sub(MAX_LISTED);
    listed.truncate(MAX_LISTED);
    if more > 0 {
        listed.push(format!("and {more} more"));
    }
    let first_term = senders[0].term;
    Diagnostic::new(
        &RULE,
        term_span(project, spf, first_term),
        format!(
            "the SPF record of `{}` authorises only addresses that are not on the Internet, {}: mail the domain sends from its public address fails SPF (`{all}`)",
            spf.record.owner,
            listed.join(", ")
        ),
    )
    .with_labels(
        labelled
            .into_iter()
            .take(MAX_LISTED)
            .map(|record| (record.rdata_span(), "not routable on the Internet")),
    )
    .with_help(
        "receivers check the address a message reaches them from (the public address your \
         firewall or provider sends from), never a private one: authorise that address \
         (`ip4:203.0.113.25`) or your sending provider's include, and keep the private \
         addresses in the internal view",
    )
}
