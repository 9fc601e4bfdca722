//! SPF009: a term that looks up a name the linted zones do not have: an include or redirect
//! of a name without an SPF record is a permerror (RFC 7208 §5.2, §6.1); `a`, `mx` and
//! `exists` of a missing name are void lookups (§4.6.4).

use rustc_hash::FxHashMap;

use crate::catalog::Provider;
use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Lookup, OwnerRecords, Project, ZoneIndex};
use crate::model::RType;
use crate::name::Name;
use crate::rules::Rule;
use crate::rules::mx::{exchange_span, mx_of};
use crate::rules::names::missing_trailing_dot::is_tld;
use crate::rules::spf::{
    Mechanism, Qualifier, Spf, Term, looked_up_name, mx_exchanges, read_spf, records_at,
    single_spf, term_span,
};

pub static RULE: Rule = Rule {
    code: "SPF009",
    name: "spf-void-lookup",
    severity: Severity::Warning,
    summary: "An SPF term looks up a name of the linted zones that has no such record (an include without SPF is a permerror)",
    doc: include_str!("../../../rules/docs/SPF009.md"),
    check: Some(check),
};

/// What the term needs at its name.
#[derive(Clone, Copy, PartialEq)]
enum Needs {
    Spf,
    Address,
    Mx,
}

fn check<'a>(project: &Project<'a>, zone: &ZoneIndex<'a>, out: &mut Vec<Diagnostic>) {
    void_for_ipv6_senders(project, zone, out);
    let mut outside = Outside::new(project, zone);
    for spf in single_spf(zone) {
        let terms = spf.parse();
        if !terms.errors.is_empty() {
            continue;
        }
        let has_all = terms
            .terms
            .iter()
            .any(|t| t.mechanism() == Some(Mechanism::All));
        // The `a`, `mx` and `exists` lookups of this record that find nothing, in order: the
        // third stops receivers with permerror (RFC 7208 §4.6.4 allows two).
        let mut voids = 0;
        // The places in `out` of the infos on the domain's own `a` or `mx` finding nothing:
        // where those are the record's only terms and it ends in `-all` or `~all`, it
        // authorises no host at all ([`no_host_authorised`]).
        let mut own_voids: Vec<usize> = Vec::new();
        for term in &terms.terms {
            // `all` always matches: receivers look up nothing after it (SPF012's finding).
            if term.mechanism() == Some(Mechanism::All) {
                break;
            }
            let needs = match term {
                Term::Directive { mechanism, .. } => match mechanism {
                    Mechanism::Include => Needs::Spf,
                    Mechanism::A | Mechanism::Exists => Needs::Address,
                    Mechanism::Mx => Needs::Mx,
                    _ => continue,
                },
                _ if term.is_redirect() && !has_all => Needs::Spf,
                _ => continue,
            };
            let Some(name) = looked_up_name(spf, term) else {
                continue;
            };
            let Some(target_zone) = project.zone_for(&name, zone) else {
                out.extend(outside.finding(project, zone, spf, term, needs, &name));
                continue;
            };
            if !target_zone.zone.shows_all_addresses() || target_zone.zone.holds_unmodelled(&name) {
                continue;
            }
            let records = match target_zone.lookup(&name) {
                Lookup::Found(records) | Lookup::Wildcard(records) => records,
                Lookup::Delegated => continue,
                Lookup::EmptyNonTerminal | Lookup::NxDomain => OwnerRecords::Run(&[]),
            };
            // An alias is followed by resolvers: what it leads to is judged where the chain
            // ends, which is seen here only when it ends at a name the linted zones lack (a
            // dead end finds nothing, as a missing name does). What a delegated name holds
            // is another zone's matter.
            let alias = records.iter().find(|r| r.rtype == RType::CNAME);
            let dead_end = alias.and_then(|alias| {
                crate::rules::zone::targets::alias_chain_dead_end(project, target_zone, alias)
            });
            if (alias.is_some() && dead_end.is_none())
                || crate::rules::zone::targets::is_delegation_point(
                    target_zone,
                    &name,
                    records.iter(),
                )
            {
                continue;
            }
            let present = dead_end.is_none()
                && records.iter().any(|r| match needs {
                    Needs::Spf => r.rtype == RType::TXT && read_spf(r).is_some(),
                    Needs::Address => crate::rules::zone::targets::has_address([r]),
                    Needs::Mx => r.rtype == RType::MX,
                });
            if present {
                continue;
            }
            let wanted = match needs {
                Needs::Spf => "SPF",
                Needs::Address => "A or AAAA",
                Needs::Mx => "MX",
            };
            // What the lookup finds, said after the name.
            let found_nothing = match &dead_end {
                Some(end) => format!(
                    ", an alias whose chain ends at `{}`, which {} in zone `{}`: the lookup finds no {wanted} record",
                    end.end, end.what, end.zone.zone.apex
                ),
                None => format!(", which has no {wanted} record"),
            };
            let span = term_span(project, spf, term.text());
            let owner = &spf.record.owner;
            let diagnostic = match needs {
                Needs::Spf => {
                    voids += 1;
                    Diagnostic::new(
                    &RULE,
                    span,
                    format!(
                        "`{}` in the SPF record of `{owner}` names `{name}`{found_nothing}",
                        term.text()
                    ),
                )
                .with_severity(Severity::Error)
                .with_help(
                    "RFC 7208 §5.2 and §6.1: an include or redirect of a name without an SPF record is a \
                     permerror, and SPF fails for all of the domain's mail. Publish a `v=spf1` TXT \
                     record there, or remove the term.",
                )
                }
                Needs::Address | Needs::Mx => {
                    voids += 1;
                    let diagnostic = Diagnostic::new(
                        &RULE,
                        span,
                        format!(
                            "`{}` in the SPF record of `{owner}` looks up `{name}`{found_nothing}{}",
                            term.text(),
                            if voids > 2 {
                                ": past the record's second lookup that finds nothing, where receivers stop with permerror"
                            } else {
                                ""
                            }
                        ),
                    )
                    .with_help(
                        "The term matches nothing and costs a lookup; RFC 7208 §4.6.4 lets receivers \
                         fail with permerror after two such void lookups. Remove the term or point it \
                         at the sending host.",
                    );
                    // Past two, SPF fails for all of the domain's mail. A bare `a` or `mx` of a
                    // domain without addresses or MX (Forward Email's documented `v=spf1 a
                    // include:spf.forwardemail.net -all` on a mail-only domain) is boilerplate
                    // that authorises nothing and costs one of the two void lookups: an info.
                    if voids > 2 {
                        diagnostic.with_severity(Severity::Error)
                    } else if *name == *owner {
                        own_voids.push(out.len());
                        diagnostic.with_severity(Severity::Info).with_help(
                            "The term authorises nothing while the domain has no such record, and \
                             costs one of the two void lookups RFC 7208 §4.6.4 allows before \
                             receivers fail the record with permerror. Harmless as it stands (setup \
                             guides write `a` and `mx` for the domain's own hosts, which may send); \
                             remove it if they send no mail.",
                        )
                    } else {
                        diagnostic
                    }
                }
            };
            out.push(diagnostic);
        }
        if !own_voids.is_empty() {
            no_host_authorised(zone, spf, &terms.terms, &own_voids, out);
        }
    }
}

/// The infos at `own_voids` say that the domain's own `a` or `mx` finds nothing. Where those
/// terms are all the record has before an `-all` or `~all`, the record authorises no host,
/// and where a DKIM key under the domain shows it sends mail, all of that mail fails SPF
/// (sweep 21: noisebridge.io's `v=spf1 mx -all` with no MX, beside its DKIM selectors): a
/// warning, which says so.
fn no_host_authorised(
    zone: &ZoneIndex<'_>,
    spf: &Spf<'_>,
    terms: &[Term<'_>],
    own_voids: &[usize],
    out: &mut [Diagnostic],
) {
    let ends_in_fail = terms.iter().any(|term| {
        matches!(
            term,
            Term::Directive {
                qualifier: Qualifier::Fail | Qualifier::SoftFail,
                mechanism: Mechanism::All,
                ..
            }
        )
    });
    let senders = terms
        .iter()
        .take_while(|term| term.mechanism() != Some(Mechanism::All))
        .filter(|term| term.mechanism().is_some())
        .count();
    if !ends_in_fail || senders != own_voids.len() {
        return;
    }
    let owner = &spf.record.owner;
    // The zone's DKIM keys, read only here, for the few records that come this far: not one
    // of the readings SPF009 is listed for (`readings.rs`), which it makes for every zone.
    let Some((_, key)) = crate::rules::dkim::signing_evidence(zone)
        .find(|(domain, _)| domain.eq_ignore_ascii_case(owner.as_str()))
    else {
        return;
    };
    for &at in own_voids {
        let diagnostic = &mut out[at];
        diagnostic.severity = Severity::Warning;
        diagnostic.message.push_str(&format!(
            ", so the record authorises no host and all mail from `{owner}` fails SPF, though `{}` shows that it sends mail",
            key.owner
        ));
        diagnostic.help = Some(
            "With no MX or address for its own `mx` or `a` to find, the record lists no sender, \
             and its `all` fails every one: receivers that act on SPF refuse or junk the \
             domain's mail, and DMARC then rests on DKIM alone. List the hosts that send as \
             the domain (`ip4:`, `include:` of the sending service), or give the names the \
             records these terms look for."
                .into(),
        );
    }
}

/// What an `a` term's own lookup finds for a sender of each address family: a name of the
/// linted zones (complete, no alias) with an A record and no AAAA is void for an IPv6 sender
/// only; one with neither, void for both. None when it cannot be told here.
fn void_for_ipv6(project: &Project<'_>, zone: &ZoneIndex<'_>, name: &Name) -> Option<bool> {
    let (target_zone, records) = records_at(project, zone, name)?;
    // An alias is followed elsewhere; a name Cloudflare proxies is answered with Cloudflare's
    // own addresses, IPv6 ones too.
    if records
        .iter()
        .any(|r| r.rtype == RType::CNAME || r.rtype == RType::PROVIDER_ALIAS)
        || target_zone.zone.proxied_at(name).is_some()
    {
        return None;
    }
    Some(!records.iter().any(|r| r.rtype == RType::AAAA))
}

/// What a term's lookups find for a sender that connects over IPv6, as pyspf 2.0.14 counts
/// them: an `a` term looks up its name's AAAA records (RFC 7208 §5.3), one void lookup when
/// there are none; an `mx` term looks up the name's MX records (void when there are none) and
/// then the AAAA records of every exchange (`dns_mx` reads each one's addresses, §5.4), one void
/// lookup for each without. None when it cannot be told here (a name outside the linted zones
/// or behind an alias, a macro).
struct Ipv6Lookups {
    /// The names whose lookups found nothing, in order.
    voids: Vec<Name>,
    /// Whether the term may still match an IPv6 sender (an address was found).
    may_match: bool,
    /// An `mx` term whose name has no MX records: its one void lookup is the MX lookup, void
    /// for every sender.
    no_mx: bool,
}

fn ipv6_lookups(
    project: &Project<'_>,
    zone: &ZoneIndex<'_>,
    spf: &Spf<'_>,
    term: &Term<'_>,
    exchanges: Option<&[&Name]>,
) -> Option<Ipv6Lookups> {
    let name = looked_up_name(spf, term)?;
    match term.mechanism()? {
        Mechanism::A => {
            let void = void_for_ipv6(project, zone, &name)?;
            Some(Ipv6Lookups {
                voids: if void {
                    vec![name.into_owned()]
                } else {
                    Vec::new()
                },
                may_match: !void,
                no_mx: false,
            })
        }
        Mechanism::Mx => {
            let exchanges = exchanges?;
            if exchanges.is_empty() {
                return Some(Ipv6Lookups {
                    voids: vec![name.into_owned()],
                    may_match: false,
                    no_mx: true,
                });
            }
            let mut lookups = Ipv6Lookups {
                voids: Vec::new(),
                may_match: false,
                no_mx: false,
            };
            for &exchange in exchanges {
                match void_for_ipv6(project, zone, exchange) {
                    Some(true) => lookups.voids.push(exchange.clone()),
                    // An exchange with AAAA records, or one not told here: it may match.
                    Some(false) | None => lookups.may_match = true,
                }
            }
            Some(lookups)
        }
        _ => None,
    }
}

/// An SPF record whose `a` and `mx` terms make three void lookups or more for a sender that
/// connects over IPv6 ([`ipv6_lookups`]): receivers that keep the limit of two void lookups
/// (§4.6.4; pyspf and Mail::SPF do) return permerror at the third, before the terms after it,
/// which may be the ones that list the sender (an include of a provider that sends over IPv6,
/// an `ip6:`). Counted only where such a term follows. An `mx` term's exchanges count one each
/// as pyspf counts them (checked with pyspf 2.0.14: `v=spf1 mx include:_spf.google.com ~all`
/// with three IPv4-only exchanges is "Void lookup limit of 2 exceeded" for a sender over
/// IPv6); RFC 7208 speaks of void terms, and other receivers may count the term once.
fn void_for_ipv6_senders<'a>(
    project: &Project<'a>,
    zone: &ZoneIndex<'a>,
    out: &mut Vec<Diagnostic>,
) {
    // The exchanges of each name an `mx` term names, read once for the zone: records of
    // many names name one mail domain (`mx:mail.example.com`).
    let mut exchanges_of: FxHashMap<Name, Option<Vec<&Name>>> = FxHashMap::default();
    for spf in single_spf(zone) {
        let terms = spf.parse();
        if !terms.errors.is_empty() {
            continue;
        }
        // Three `a` terms before `all` at the least, or an `mx` term, or nothing to count:
        // most records have neither, and are not looked up.
        let before_all = || {
            terms
                .terms
                .iter()
                .take_while(|t| t.mechanism() != Some(Mechanism::All))
        };
        let a_terms = before_all()
            .filter(|t| t.mechanism() == Some(Mechanism::A))
            .count();
        let mx_terms = before_all()
            .filter(|t| t.mechanism() == Some(Mechanism::Mx))
            .count();
        if a_terms < 3 && mx_terms == 0 {
            continue;
        }
        // Each `mx` term's exchanges, read once; and the most void lookups the terms can
        // make (an `mx` term one for each exchange, or one when the name has no MX), so that
        // a record that cannot reach three (a domain's two MX hosts) looks up no address.
        let exchanges: Vec<Option<Vec<&Name>>> = terms
            .terms
            .iter()
            .map(|t| match t.mechanism() {
                Some(Mechanism::Mx) => {
                    let name = looked_up_name(spf, t)?;
                    exchanges_of
                        .entry(name.into_owned())
                        .or_insert_with_key(|name| mx_exchanges(project, zone, name))
                        .clone()
                }
                _ => None,
            })
            .collect();
        let most: usize = before_all()
            .zip(&exchanges)
            .map(|(t, exchanges)| match t.mechanism() {
                Some(Mechanism::A) => 1,
                Some(Mechanism::Mx) => exchanges.as_ref().map_or(0, |e| e.len().max(1)),
                _ => 0,
            })
            .sum();
        if most < 3 {
            continue;
        }
        // Each void lookup with the term that made it, up to the third; and whether the term
        // of the third may still have matched (an `mx` term whose other hosts have AAAA
        // records: pyspf looks up every exchange before it matches any, and stops at the
        // third void lookup).
        let mut voids: Vec<(&Term<'_>, Name)> = Vec::new();
        let mut third = None;
        let mut third_no_mx = false;
        let mut cut_within = false;
        for (index, term) in terms.terms.iter().enumerate() {
            if term.mechanism() == Some(Mechanism::All) {
                break;
            }
            if !matches!(term.mechanism(), Some(Mechanism::A | Mechanism::Mx)) {
                continue;
            }
            let Some(lookups) = ipv6_lookups(project, zone, spf, term, exchanges[index].as_deref())
            else {
                continue;
            };
            voids.extend(lookups.voids.into_iter().map(|name| (term, name)));
            if voids.len() >= 3 {
                voids.truncate(3);
                third = Some(index);
                third_no_mx = lookups.no_mx;
                cut_within = term.mechanism() == Some(Mechanism::Mx) && lookups.may_match;
                break;
            }
        }
        let Some(third) = third else {
            continue;
        };
        // What could still list an IPv6 sender after the third void lookup: an include, an
        // `ip6:`, `exists:` or `redirect=`, an `a` or `mx` term that finds an address.
        let mut cut_off: Vec<&str> = terms.terms[third + 1..]
            .iter()
            .zip(&exchanges[third + 1..])
            .take_while(|(t, _)| t.mechanism() != Some(Mechanism::All))
            .filter(|(t, exchanges)| match t.mechanism() {
                Some(Mechanism::Include | Mechanism::Ip6 | Mechanism::Exists) => true,
                // A macro names what is known only when mail arrives: it may match.
                Some(Mechanism::A | Mechanism::Mx) => {
                    ipv6_lookups(project, zone, spf, t, exchanges.as_deref())
                        .is_none_or(|lookups| lookups.may_match)
                }
                Some(_) => false,
                None => t.is_redirect(),
            })
            .map(|(t, _)| t.text())
            .collect();
        if cut_within {
            cut_off.insert(0, "the hosts of that `mx` term with AAAA records");
        }
        if cut_off.is_empty() {
            continue;
        }
        let owner = &spf.record.owner;
        let listed = cut_off
            .iter()
            .enumerate()
            .take(3)
            .map(|(at, t)| {
                if at == 0 && cut_within {
                    t.to_string()
                } else {
                    format!("`{t}`")
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        let [(first, _), (second, _), (last, _)] = voids.as_slice() else {
            continue;
        };
        let message = if third_no_mx {
            format!(
                "for a sender that connects over IPv6, `{}` is the third void lookup of the SPF record of `{owner}`: `{}` has no MX record, after two void lookups over IPv6 before it; receivers return permerror here and never reach {listed}",
                last.text(),
                voids[2].1
            )
        } else if last.mechanism() == Some(Mechanism::Mx) {
            let hosts: Vec<String> = voids
                .iter()
                .filter(|(term, _)| std::ptr::eq(*term, *last))
                .map(|(_, name)| format!("`{name}`"))
                .collect();
            format!(
                "for a sender that connects over IPv6, `{}` makes the third void lookup of the SPF record of `{owner}`: its lookups of {} find no AAAA record, each a void lookup as pyspf counts them, so receivers return permerror here and never reach {listed}",
                last.text(),
                hosts.join(", ")
            )
        } else if voids
            .iter()
            .all(|(term, _)| term.mechanism() == Some(Mechanism::A))
        {
            format!(
                "for a sender that connects over IPv6, `{}` is the third `a` term of the SPF record of `{owner}` to name a host without an AAAA record, its third void lookup: receivers return permerror here and never reach {listed}",
                last.text()
            )
        } else {
            format!(
                "for a sender that connects over IPv6, `{}` names a host without an AAAA record, the third void lookup of the SPF record of `{owner}` over IPv6, counting those of the `mx` terms before it: receivers return permerror here and never reach {listed}",
                last.text()
            )
        };
        let mut diagnostic = Diagnostic::new(&RULE, term_span(project, spf, last.text()), message);
        // One label a term: an `mx` term may make two of the voids itself.
        if !std::ptr::eq(*first, *last) {
            diagnostic = diagnostic.with_label(
                term_span(project, spf, first.text()),
                "first void lookup over IPv6",
            );
        }
        if !std::ptr::eq(*second, *first) && !std::ptr::eq(*second, *last) {
            diagnostic = diagnostic.with_label(term_span(project, spf, second.text()), "second");
        }
        out.push(diagnostic.with_help(
            "A term looks up AAAA records when the sender connects over IPv6 (RFC 7208 §5.3): \
             an `a` term its name's, an `mx` term each MX host's (§5.4). A name without one is \
             a void lookup (pyspf counts one for each MX host), and receivers stop with \
             permerror after two (§4.6.4; pyspf and Mail::SPF do). Mail from a provider that \
             sends over IPv6 (Google, Microsoft) then fails SPF. List the hosts with `ip4:` \
             terms, give them AAAA records, or move the terms after the includes.",
        ));
    }
}

/// Names outside the linted zones that a term cannot have meant: under a top-level domain the
/// root does not have (`_spf.google.con`, `mail.internal`), or, for an include or redirect, a
/// mail provider's MX host (`smtp.google.com`) or a letter or two off an include the catalog
/// knows (`sendgird.net` for `sendgrid.net`).
struct Outside<'a> {
    /// The catalog's include domains, lower case, with a provider's name where it has one.
    known_includes: Vec<(&'a str, Option<&'a str>)>,
    /// The zone is itself under no root TLD (`corp.internal`): it is served to a private
    /// network, whose resolvers may well find other private names.
    private_zone: bool,
    /// What is known of each include or redirect domain seen (lower case), whoever names it:
    /// a zone's SPF records name the same few domains over and over, and the catalog's host
    /// patterns are a regular-expression set.
    judged: FxHashMap<Box<str>, Judged<'a>>,
    /// The domain of the term at hand, lower case (one buffer, not one string a term).
    domain: String,
}

/// What an include or redirect domain outside the linted zones is, for any record.
#[derive(Clone, Copy)]
enum Judged<'a> {
    /// A catalog include.
    Known,
    /// A provider's MX host.
    MxHost(&'a Provider),
    /// Another domain, with the catalog include of 11 characters or more it is a slip of; and
    /// whether it is a slip of any catalog include, however short, so that only then the
    /// naming record's MX providers are asked.
    Other {
        near_known: Option<(&'a str, Option<&'a str>)>,
        near_any: bool,
    },
}

impl<'a> Outside<'a> {
    fn new(project: &Project<'a>, zone: &ZoneIndex<'a>) -> Outside<'a> {
        let apex = zone.zone.apex.as_str().trim_end_matches('.');
        let apex_tld = apex.rsplit('.').next().unwrap_or_default();
        Outside {
            known_includes: project.catalog.known_spf_includes(),
            private_zone: !apex.is_empty() && !is_tld(&apex_tld.to_ascii_lowercase()),
            judged: FxHashMap::default(),
            domain: String::new(),
        }
    }

    fn finding(
        &mut self,
        project: &Project<'a>,
        zone: &ZoneIndex<'a>,
        spf: &Spf<'_>,
        term: &Term<'_>,
        needs: Needs,
        name: &Name,
    ) -> Option<Diagnostic> {
        let owner = &spf.record.owner;
        self.domain.clear();
        self.domain.push_str(name.as_str().trim_end_matches('.'));
        self.domain.make_ascii_lowercase();
        let domain = self.domain.as_str();
        let tld = domain.rsplit('.').next().unwrap_or_default();
        // A number is no host name at all, and a last label with a hyphen (`com-all`) is
        // terms whose strings run together: other rules say those (SPF003).
        let said_elsewhere = tld.bytes().all(|b| b.is_ascii_digit())
            || (tld.contains('-') && !tld.starts_with("xn--"));
        if !tld.is_empty() && !said_elsewhere && !self.private_zone && !is_tld(tld) {
            let span = term_span(project, spf, term.text());
            let message = format!(
                "`{}` in the SPF record of `{owner}` names `{name}`, and `{tld}` is no top-level domain of the DNS",
                term.text()
            );
            return Some(if needs == Needs::Spf {
                Diagnostic::new(&RULE, span, message)
                    .with_severity(Severity::Error)
                    .with_help(
                        "No resolver on the Internet finds the name, so the include or redirect has no SPF \
                         record to read: a permerror (RFC 7208 §5.2, §6.1), and SPF fails for all of the \
                         domain's mail. Correct the domain, or remove the term.",
                    )
            } else {
                Diagnostic::new(&RULE, span, message).with_help(
                    "No resolver on the Internet finds the name: the term matches nothing and costs a \
                     void lookup, and RFC 7208 §4.6.4 lets receivers fail with permerror after two. \
                     Correct the domain, or remove the term.",
                )
            });
        }
        if needs != Needs::Spf {
            return None;
        }
        let judged = match self.judged.get(domain) {
            Some(&judged) => judged,
            None => {
                let judged = judge(project, &self.known_includes, domain, name);
                self.judged.insert(domain.into(), judged);
                judged
            }
        };
        let near_known = match judged {
            Judged::Known => return None,
            Judged::MxHost(provider) => {
                return Some(mx_host_finding(project, spf, term, name, provider));
            }
            Judged::Other {
                near_known,
                near_any,
            } => {
                if !near_any {
                    return None;
                }
                near_known
            }
        };
        // A slip of the include of the name's own MX provider, however short (`zoho.eu`), with
        // that MX as a label; else of any known include long enough not to spell another
        // real domain one letter off.
        let at_mx = zone.at(owner).find_map(|record| {
            let mx = mx_of(zone.zone, record)?;
            let provider = project.provider_for(mx.exchange)?;
            let candidates = provider
                .spf_includes
                .iter()
                .map(|include| (include.as_str(), None));
            let (meant, _) = near_miss(domain, candidates, 0)?;
            Some((meant, Some(provider.name.as_str()), Some(mx)))
        });
        let (meant, provider, mx) = match at_mx {
            Some(found) => found,
            None => {
                let (meant, provider) = near_known?;
                (meant, provider, None)
            }
        };
        // `include:cloud.com` beside `include:icloud.com` is another domain, not a slip.
        let already_included = spf
            .referenced_domains()
            .any(|included| included.trim_end_matches('.').eq_ignore_ascii_case(meant));
        if already_included {
            return None;
        }
        let slip_of = match provider {
            Some(provider) => format!("`{meant}`, the SPF include of {provider}"),
            None => format!("the known include `{meant}`"),
        };
        let corrected = if term.is_redirect() {
            format!("redirect={meant}")
        } else {
            format!("include:{meant}")
        };
        let mut diagnostic = Diagnostic::new(
            &RULE,
            term_span(project, spf, term.text()),
            format!(
                "`{}` in the SPF record of `{owner}` names `{name}`, a letter or two off {slip_of}",
                term.text()
            ),
        );
        if let (Some(mx), Some(provider)) = (&mx, provider) {
            diagnostic = diagnostic.with_label(exchange_span(mx), format!("{provider} MX is here"));
        }
        Some(
            diagnostic
            .with_severity(Severity::Error)
            .with_help(format!(
                "The mistyped domain is not the sender's: it has no SPF record, a permerror for the \
                 whole record (RFC 7208 §5.2), and SPF fails for all of the domain's mail; or someone \
                 else's, who then sends as the domain. Write `{corrected}`."
            )),
        )
    }
}

/// What `domain` (lower case; `name` as the record wrote it) is, whatever record names it.
fn judge<'a>(
    project: &Project<'a>,
    known_includes: &[(&'a str, Option<&'a str>)],
    domain: &str,
    name: &Name,
) -> Judged<'a> {
    if known_includes.iter().any(|(include, _)| *include == domain) {
        return Judged::Known;
    }
    // A provider's MX host where its SPF include was meant (`include:smtp.google.com`). Not
    // a name whose first label says SPF: gateways' broad host patterns
    // (`*.tmes.trendmicro.com`) take in their own SPF domains (`spf.tmes.trendmicro.com`).
    let first_label = domain.split('.').next().unwrap_or_default();
    if !first_label.contains("spf")
        && let Some(provider) = project.provider_for(name)
    {
        return Judged::MxHost(provider);
    }
    let near_known = near_miss(
        domain,
        known_includes.iter().copied(),
        KNOWN_INCLUDE_MIN_LEN,
    );
    Judged::Other {
        near_known,
        near_any: near_known.is_some()
            || near_miss(domain, known_includes.iter().copied(), 0).is_some(),
    }
}

/// An include of `provider`'s MX host: a host that receives mail, not a record of the hosts
/// that send it.
fn mx_host_finding(
    project: &Project<'_>,
    spf: &Spf<'_>,
    term: &Term<'_>,
    name: &Name,
    provider: &Provider,
) -> Diagnostic {
    let term_text = term.text();
    let diagnostic = Diagnostic::new(
        &RULE,
        term_span(project, spf, term_text),
        format!(
            "`{term_text}` in the SPF record of `{}` names `{name}`, {}'s MX host, not an SPF record of theirs",
            spf.record.owner, provider.name
        ),
    );
    let why = "An include names a domain whose SPF record lists the hosts that send; an MX host \
               receives mail, and where it publishes no SPF record the include is a permerror \
               for the whole record (RFC 7208 §5.2).";
    match provider.spf_includes.first() {
        Some(include) => diagnostic.with_help(format!(
            "{why} {}'s setup authorises its senders with `include:{include}`: write that.",
            provider.name
        )),
        None => diagnostic.with_help(format!(
            "{why} Authorise the hosts that send as the domain instead."
        )),
    }
}

/// Known includes shorter than this (`zoho.com`, `icloud.com`) are one letter from real
/// domains, and are compared only with the includes of the name's own MX provider.
const KNOWN_INCLUDE_MIN_LEN: usize = 11;

/// The include of `candidates` (lower case, with a provider's name) that `domain` (lower
/// case, not one of them) is a slip of: one edit off, two from 16 characters on (an adjacent
/// swap counting one), among those of `min_len` characters or more.
fn near_miss<'c>(
    domain: &str,
    candidates: impl Iterator<Item = (&'c str, Option<&'c str>)>,
    min_len: usize,
) -> Option<(&'c str, Option<&'c str>)> {
    candidates
        .filter(|(include, _)| include.len() >= min_len && *include != domain)
        .filter_map(|(include, provider)| {
            let limit = if include.len() >= 16 { 2 } else { 1 };
            let d = crate::rules::typo::distance(domain.as_bytes(), include.as_bytes(), limit)?;
            Some((d, (include, provider)))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, found)| found)
}
