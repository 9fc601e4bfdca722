//! SPF rules, and reading SPF records out of TXT data.

pub mod spf_fragment_record;
pub mod spf_host_ipv6_missing;
pub mod spf_invalid_syntax;
pub mod spf_missing;
pub mod spf_multiple_records;
pub mod spf_no_all;
pub mod spf_permissive_all;
pub mod spf_private_senders_only;
pub mod spf_provider_include_missing;
pub mod spf_ptr_mechanism;
pub mod spf_record_too_long;
pub mod spf_redirect_ignored;
pub mod spf_terms_after_all;
pub mod spf_too_many_lookups;
pub mod spf_type99_record;
pub mod spf_void_lookup;

use std::sync::OnceLock;

use crate::index::{Lookup, OwnerRecords, Project, ZoneIndex, group_by_owner};
use crate::model::{RData, RType, Record};
use crate::name::Name;
use crate::source::Span;

/// The domain an SPF term names by `include:` or `redirect=` (a qualifier before it allowed),
/// and whether it is a redirect; None for other terms.
fn referenced_domain(term: &str) -> Option<(&str, bool)> {
    let term = term.trim_start_matches(['+', '-', '~', '?']);
    if term
        .get(..8)
        .is_some_and(|p| p.eq_ignore_ascii_case("include:"))
    {
        Some((&term[8..], false))
    } else if term
        .get(..9)
        .is_some_and(|p| p.eq_ignore_ascii_case("redirect="))
    {
        Some((&term[9..], true))
    } else {
        None
    }
}

/// One SPF record: the record and its text, the character strings joined as RFC 7208 §3.3 says
/// (without spaces).
pub struct Spf<'a> {
    pub record: &'a Record,
    pub text: String,
    /// Where one character-string ends and the next begins, as offsets into `text`.
    pub joins: Vec<usize>,
    /// [`parse_terms`] of `text`, read on first use and kept: eight rules read each record's
    /// terms. Places in `text`, as the record cannot hold slices of its own text.
    read: OnceLock<TermPlaces>,
    /// Where each character-string starts in the RDATA as written, read on first use by
    /// [`term_span`] ([`string_starts`]).
    written_starts: OnceLock<Option<Vec<usize>>>,
}

impl Spf<'_> {
    /// The terms, read as receivers read them.
    pub fn parse(&self) -> Terms<'_> {
        let read = self
            .read
            .get_or_init(|| TermPlaces::of(&self.text, parse_terms(&self.text)));
        read.terms_in(&self.text)
    }

    /// True when `term` (a slice of `text`) runs across the join of two character-strings:
    /// receivers join them without a space (RFC 7208 §3.3).
    pub fn straddles_join(&self, term: &str) -> bool {
        let start = term.as_ptr() as usize - self.text.as_ptr() as usize;
        let end = start + term.len();
        self.joins.iter().any(|&j| start < j && j < end)
    }

    /// The terms that run two terms together across a join of character-strings, with the
    /// second term (`include:spf.protection.outlook.com-all`, `-all`): written
    /// `"... include:spf.protection.outlook.com" "-all"`, meant as two terms, read as one,
    /// since receivers join the strings without a space (RFC 7208 §3.3). A string cut inside a
    /// domain (`"... include:_spf.exa" "mple.com"`) is not such a join: what follows it does
    /// not start a term.
    ///
    /// octoDNS joins a value written in strings back into one before it cuts it again, so
    /// there the joins are gone: a domain that ends in a top-level domain and `-all`
    /// (`include:spf.protection.outlook.com-all`) is taken as the same mistake.
    pub fn glued_terms(&self) -> Vec<(&str, &str)> {
        // Most records are one string, or strings joined at spaces, with `all` standing alone:
        // nothing to split then, and every SPF rule's record is asked.
        let bytes = self.text.as_bytes();
        let all_glued = bytes
            .windows(4)
            .enumerate()
            .any(|(at, w)| at > 0 && bytes[at - 1] != b' ' && w.eq_ignore_ascii_case(b"-all"));
        if self.joins.is_empty() && !all_glued {
            return Vec::new();
        }
        let base = self.text.as_ptr() as usize;
        self.text
            .split(' ')
            .skip(1)
            .filter(|term| !term.is_empty())
            .filter_map(|term| {
                let start = term.as_ptr() as usize - base;
                let end = start + term.len();
                self.joins
                    .iter()
                    .filter(|&&join| start < join && join < end)
                    .map(|&join| &self.text[join..end])
                    .find(|second| starts_a_term(second))
                    .or_else(|| all_glued_to_domain(term))
                    .map(|second| (term, second))
            })
            .collect()
    }

    /// The record's size on the wire as receivers get it: the strings and their length bytes.
    pub fn wire_len(&self) -> usize {
        self.text.len() + self.joins.len() + 1
    }

    /// The terms after `v=spf1`.
    pub fn terms(&self) -> impl Iterator<Item = &str> {
        self.text.split_ascii_whitespace().skip(1)
    }

    /// Whether the record includes (or redirects to) one of `provider`'s SPF domains where
    /// receivers read it ([`Spf::evaluated_domains`]).
    pub fn includes_provider(&self, provider: &crate::catalog::Provider) -> bool {
        self.evaluated_domains()
            .any(|domain| provider.authorised_by_spf_include(domain))
    }

    /// [`Spf::referenced_domains`] that receivers look up: the includes before the first
    /// `all` (receivers stop there, RFC 7208 §4.6.2, SPF012's finding), and a `redirect=` only
    /// in a record without `all` (§6.1, SPF007's).
    pub fn evaluated_domains(&self) -> impl Iterator<Item = &str> {
        let is_all = |term: &&str| {
            term.trim_start_matches(['+', '-', '~', '?'])
                .eq_ignore_ascii_case("all")
        };
        let has_all = self.terms().any(|term| is_all(&term));
        self.terms()
            .take_while(move |term| !is_all(term))
            .filter_map(referenced_domain)
            .filter_map(move |(domain, redirect)| (!redirect || !has_all).then_some(domain))
    }

    /// Domains named by `include:` and `redirect=`, as written.
    pub fn referenced_domains(&self) -> impl Iterator<Item = &str> {
        self.terms()
            .filter_map(referenced_domain)
            .map(|(domain, _)| domain)
    }

    /// True when the record authorises no sender at all (`v=spf1 -all` and the like).
    pub fn authorises_nothing(&self) -> bool {
        self.terms().all(|term| {
            let bare = term.trim_start_matches(['+', '-', '~', '?']);
            bare.eq_ignore_ascii_case("all")
                || bare.contains('=') && !bare.to_ascii_lowercase().starts_with("redirect=")
        })
    }
}

/// Does `text` start with an SPF term, as the second string of a record would when the
/// space between two terms was left out? A mechanism with its qualifier, followed by the end,
/// `:` or `/` (so `a.example.com`, the rest of a cut domain, is not `a`), or `redirect=`/`exp=`.
fn starts_a_term(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let modifier = ["redirect=", "exp="].iter().any(|m| lower.starts_with(m));
    let bare = lower.trim_start_matches(['+', '-', '~', '?']);
    // One qualifier at most.
    let bare = if lower.len() - bare.len() > 1 {
        &lower[1..]
    } else {
        bare
    };
    let mechanism = ["all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists"]
        .iter()
        .any(|name| {
            bare.strip_prefix(name).is_some_and(|after| {
                after.is_empty() || (*name != "all" && after.starts_with([':', '/']))
            })
        });
    modifier || mechanism
}

/// The `-all` at the end of a term whose domain ends in a top-level domain and `-all`
/// (`include:spf.protection.outlook.com-all`): no top-level domain ends so.
fn all_glued_to_domain(term: &str) -> Option<&str> {
    let without = term
        .get(..term.len().checked_sub(4)?)
        .filter(|_| term[term.len() - 4..].eq_ignore_ascii_case("-all"))?;
    let bare = without
        .trim_start_matches(['+', '-', '~', '?'])
        .to_ascii_lowercase();
    let takes_domain = ["include:", "redirect=", "exists:", "a:", "mx:", "ptr:"]
        .iter()
        .any(|prefix| bare.starts_with(prefix));
    let last_label = without.rsplit('.').next()?.to_ascii_lowercase();
    (takes_domain
        && without.contains('.')
        && crate::rules::names::missing_trailing_dot::is_tld(&last_label))
    .then(|| &term[term.len() - 4..])
}

/// Whether a TXT record at `owner` mentions `v=spf1` in any form, read or not (SPF003 says
/// why receivers may not read it), or one does at its doubled name (`example.com TXT ...`
/// without the final dot, read as `example.com.example.com.`: NAME001 says to mend the owner).
/// The rules that ask a name for a missing SPF record ask nothing then: a second record
/// would be left once the first is mended.
pub fn mentions_spf_at(zone: &ZoneIndex<'_>, owner: &Name) -> bool {
    // Read string by string, without joining them: most names asked have no TXT at all.
    let mentions_spf = |record: &Record| match &record.rdata {
        RData::Txt(strings, _) => strings
            .iter()
            .any(|string| string.windows(6).any(|w| w.eq_ignore_ascii_case(b"v=spf1"))),
        _ => false,
    };
    zone.at(owner).any(mentions_spf)
        || crate::rules::names::missing_trailing_dot::with_apex_doubled(owner, &zone.zone.apex)
            .is_some_and(|doubled| zone.at(&doubled).any(mentions_spf))
}

/// The SPF records (TXT starting with `v=spf1`) at `owner`, in file order (read once per
/// zone: [`ZoneIndex::spf_at`]).
pub fn spf_records<'z, 'a>(zone: &'z ZoneIndex<'a>, owner: &Name) -> &'z [Spf<'a>] {
    zone.spf_at(owner)
}

/// Whether text is an SPF record as receivers tell one: `v=spf1`, in any case, then a space
/// or the end (RFC 7208 §4.5).
pub fn starts_as_spf(text: &str) -> bool {
    text.get(..6)
        .is_some_and(|version| version.eq_ignore_ascii_case("v=spf1"))
        && text.as_bytes().get(6).is_none_or(|&b| b == b' ')
}

/// A TXT or SPF (type 99) record read as SPF, when its text starts with `v=spf1`.
pub fn read_spf(record: &Record) -> Option<Spf<'_>> {
    let RData::Txt(strings, start) = &record.rdata else {
        return None;
    };
    // Most TXT records are not SPF: told by the start of the first string, read as the
    // record was made, before anything is joined.
    if !start.may_be_spf() {
        return None;
    }
    let mut bytes: Vec<u8> = Vec::new();
    let mut joins = Vec::new();
    for (i, string) in strings.iter().enumerate() {
        if i > 0 {
            joins.push(bytes.len());
        }
        bytes.extend_from_slice(string);
    }
    let text = crate::rules::tags::printable_text(bytes);
    starts_as_spf(&text).then_some(Spf {
        record,
        text,
        joins,
        read: OnceLock::new(),
        written_starts: OnceLock::new(),
    })
}

/// Every name of the zone with TXT SPF records, and those records, in file order (read once
/// per zone: [`ZoneIndex::spf_by_owner`]).
pub fn spf_by_owner<'z, 'a>(zone: &'z ZoneIndex<'a>) -> &'z [(&'a Name, Vec<Spf<'a>>)] {
    zone.spf_by_owner()
}

pub(crate) fn collect_spf_by_owner<'a>(zone: &ZoneIndex<'a>) -> Vec<(&'a Name, Vec<Spf<'a>>)> {
    group_by_owner(
        zone.txt_that_may_be_spf()
            .filter(|record| !zone.is_delegated(record))
            .filter_map(|record| Some((&record.owner, read_spf(record)?))),
    )
}

/// The single SPF record of each name that has exactly one: the records receivers evaluate.
pub fn single_spf<'z, 'a>(zone: &'z ZoneIndex<'a>) -> impl Iterator<Item = &'z Spf<'a>> {
    spf_by_owner(zone)
        .iter()
        .filter_map(|(_, records)| match records.as_slice() {
            [only] => Some(only),
            _ => None,
        })
}

/// An SPF term's qualifier (RFC 7208 §4.6.2); `+` when none is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Qualifier {
    Pass,
    Fail,
    SoftFail,
    Neutral,
}

/// The mechanisms of RFC 7208 §5.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mechanism {
    All,
    Include,
    A,
    Mx,
    Ptr,
    Ip4,
    Ip6,
    Exists,
}

impl Mechanism {
    pub(crate) fn from_name(name: &str) -> Option<Mechanism> {
        const NAMES: &[(&str, Mechanism)] = &[
            ("all", Mechanism::All),
            ("include", Mechanism::Include),
            ("a", Mechanism::A),
            ("mx", Mechanism::Mx),
            ("ptr", Mechanism::Ptr),
            ("ip4", Mechanism::Ip4),
            ("ip6", Mechanism::Ip6),
            ("exists", Mechanism::Exists),
        ];
        NAMES
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|&(_, m)| m)
    }

    /// Does evaluating it cost a DNS lookup (RFC 7208 §4.6.4)?
    pub fn queries_dns(self) -> bool {
        matches!(
            self,
            Mechanism::Include | Mechanism::A | Mechanism::Mx | Mechanism::Ptr | Mechanism::Exists
        )
    }
}

/// One term of an SPF record, read per RFC 7208 §4.6.1 and §12.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Term<'t> {
    Directive {
        qualifier: Qualifier,
        /// The qualifier was written (`+all`, not `all`).
        explicit: bool,
        mechanism: Mechanism,
        /// The domain-spec after `:`, if any.
        domain: Option<&'t str>,
        text: &'t str,
    },
    /// `redirect=`, `exp=` or an unknown modifier; `name` as written.
    Modifier {
        name: &'t str,
        value: &'t str,
        text: &'t str,
    },
}

impl<'t> Term<'t> {
    /// The domain a term makes receivers look up, when it is a literal name (no macro).
    pub fn literal_domain(&self) -> Option<&'t str> {
        let domain = match self {
            Term::Directive { domain, .. } => (*domain)?,
            Term::Modifier { name, value, .. } if name.eq_ignore_ascii_case("redirect") => value,
            Term::Modifier { .. } => return None,
        };
        (!domain.contains('%')).then_some(domain)
    }

    pub fn is_redirect(&self) -> bool {
        matches!(self, Term::Modifier { name, .. } if name.eq_ignore_ascii_case("redirect"))
    }

    /// `all` or `redirect=`: the term that gives the record's policy for every host it does
    /// not list (a record without one is a list of senders other records include).
    pub fn ends_policy(&self) -> bool {
        self.mechanism() == Some(Mechanism::All) || self.is_redirect()
    }

    pub fn mechanism(&self) -> Option<Mechanism> {
        match self {
            Term::Directive { mechanism, .. } => Some(*mechanism),
            Term::Modifier { .. } => None,
        }
    }

    pub fn text(&self) -> &'t str {
        match self {
            Term::Directive { text, .. } | Term::Modifier { text, .. } => text,
        }
    }
}

/// A term receivers cannot read: the whole record is then a permerror (RFC 7208 §4.6).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TermError<'t> {
    pub text: &'t str,
    pub message: String,
}

/// The terms after `v=spf1`, with the ones that do not parse.
pub struct Terms<'t> {
    pub terms: Vec<Term<'t>>,
    pub errors: Vec<TermError<'t>>,
}

/// [`Terms`] as byte places in the text they were read from: start, end and what sort of
/// term, from which [`TermPlaces::terms_in`] gives the terms again without reading the text.
struct TermPlaces {
    terms: Vec<(u32, u32, TermShape)>,
    errors: Vec<(u32, u32, String)>,
}

/// A term without its text: [`Term`]'s fields that are not slices, and where the slices are
/// inside the term.
#[derive(Clone, Copy)]
enum TermShape {
    Directive {
        qualifier: Qualifier,
        explicit: bool,
        mechanism: Mechanism,
        /// The domain's start and end inside the term.
        domain: Option<(u32, u32)>,
    },
    /// The name is the term up to this length; the value follows the `=`.
    Modifier { name_len: u32 },
}

impl TermPlaces {
    /// Where `read`, read from `text`, lies in it.
    fn of(text: &str, read: Terms<'_>) -> TermPlaces {
        // Every slice of a term is a slice of `text`: its place is the distance between them.
        let place = |within: &str, slice: &str| {
            let start = slice.as_ptr() as usize - within.as_ptr() as usize;
            (start as u32, (start + slice.len()) as u32)
        };
        let terms = read
            .terms
            .iter()
            .map(|term| {
                let (start, end) = place(text, term.text());
                let shape = match *term {
                    Term::Directive {
                        qualifier,
                        explicit,
                        mechanism,
                        domain,
                        text: token,
                    } => TermShape::Directive {
                        qualifier,
                        explicit,
                        mechanism,
                        domain: domain.map(|domain| place(token, domain)),
                    },
                    Term::Modifier { name, .. } => TermShape::Modifier {
                        name_len: name.len() as u32,
                    },
                };
                (start, end, shape)
            })
            .collect();
        let errors = read
            .errors
            .into_iter()
            .map(|error| {
                let (start, end) = place(text, error.text);
                (start, end, error.message)
            })
            .collect();
        TermPlaces { terms, errors }
    }

    /// The terms these places were read as, sliced from `text`, the text they were read from.
    fn terms_in<'t>(&self, text: &'t str) -> Terms<'t> {
        let slice = |start: u32, end: u32| &text[start as usize..end as usize];
        let terms = self
            .terms
            .iter()
            .map(|&(start, end, shape)| {
                let token = slice(start, end);
                match shape {
                    TermShape::Directive {
                        qualifier,
                        explicit,
                        mechanism,
                        domain,
                    } => Term::Directive {
                        qualifier,
                        explicit,
                        mechanism,
                        domain: domain.map(|(start, end)| &token[start as usize..end as usize]),
                        text: token,
                    },
                    TermShape::Modifier { name_len } => {
                        let (name, rest) = token.split_at(name_len as usize);
                        Term::Modifier {
                            name,
                            // After the `=`.
                            value: &rest[1..],
                            text: token,
                        }
                    }
                }
            })
            .collect();
        let errors = self
            .errors
            .iter()
            .map(|(start, end, message)| TermError {
                text: slice(*start, *end),
                message: message.clone(),
            })
            .collect();
        Terms { terms, errors }
    }
}

/// Read the terms of an SPF record's text (which starts with `v=spf1`).
pub fn parse_terms(text: &str) -> Terms<'_> {
    let mut terms = Vec::new();
    let mut errors = Vec::new();
    // Terms are separated by one or more SP (RFC 7208 §4.6.1); a tab is not a separator.
    for token in text.split(' ').skip(1).filter(|t| !t.is_empty()) {
        match parse_term(token) {
            Ok(term) => terms.push(term),
            Err(message) => errors.push(TermError {
                text: token,
                message,
            }),
        }
    }
    // Duplicate modifiers are a syntax error (RFC 7208 §6).
    for special in ["redirect", "exp"] {
        let mut seen = terms.iter().filter(
            |t| matches!(t, Term::Modifier { name, .. } if name.eq_ignore_ascii_case(special)),
        );
        seen.next();
        if let Some(second) = seen.next() {
            errors.push(TermError {
                text: second.text(),
                message: format!("a second `{special}=` modifier (RFC 7208 §6 allows one)"),
            });
        }
    }
    Terms { terms, errors }
}

pub(crate) fn parse_term(token: &str) -> Result<Term<'_>, String> {
    let name_end = token
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(token.len());
    // A modifier: name "=" macro-string, the name starting with a letter.
    if token[name_end..].starts_with('=') {
        let name = &token[..name_end];
        let value = &token[name_end + 1..];
        if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return Err(format!("`{name}` is not a modifier name"));
        }
        if name.eq_ignore_ascii_case("redirect") || name.eq_ignore_ascii_case("exp") {
            check_domain_spec(value)?;
        } else {
            check_macro_string(value, false)?;
        }
        return Ok(Term::Modifier {
            name,
            value,
            text: token,
        });
    }
    let (qualifier, explicit, rest) = match token.as_bytes().first() {
        Some(b'+') => (Qualifier::Pass, true, &token[1..]),
        Some(b'-') => (Qualifier::Fail, true, &token[1..]),
        Some(b'~') => (Qualifier::SoftFail, true, &token[1..]),
        Some(b'?') => (Qualifier::Neutral, true, &token[1..]),
        _ => (Qualifier::Pass, false, token),
    };
    let split = rest.find([':', '/']).unwrap_or(rest.len());
    let (name, args) = rest.split_at(split);
    let Some(mechanism) = Mechanism::from_name(name) else {
        return Err(unknown_term(name, token));
    };
    let directive = |domain| Term::Directive {
        qualifier,
        explicit,
        mechanism,
        domain,
        text: token,
    };
    match mechanism {
        Mechanism::All => {
            if args.is_empty() {
                Ok(directive(None))
            } else {
                Err("`all` takes no argument".into())
            }
        }
        Mechanism::Include | Mechanism::Exists => {
            let Some(domain) = args.strip_prefix(':') else {
                return Err(format!("`{name}` needs a domain: `{name}:<domain>`"));
            };
            check_domain_spec(domain)?;
            Ok(directive(Some(domain)))
        }
        Mechanism::A | Mechanism::Mx | Mechanism::Ptr => {
            let (domain, cidr) = match args.strip_prefix(':') {
                Some(after) => {
                    // Checked whole: the slashes of a URL would read as prefix lengths.
                    if let Some(error) = url_instead_of_domain(after) {
                        return Err(error);
                    }
                    let end = after.find('/').unwrap_or(after.len());
                    (Some(&after[..end]), &after[end..])
                }
                None => (None, args),
            };
            if let Some(domain) = domain {
                check_domain_spec(domain)?;
            }
            if mechanism == Mechanism::Ptr {
                if !cidr.is_empty() {
                    return Err("`ptr` takes no prefix length".into());
                }
            } else {
                check_dual_cidr(cidr)?;
            }
            Ok(directive(domain))
        }
        Mechanism::Ip4 | Mechanism::Ip6 => {
            let Some(network) = args.strip_prefix(':') else {
                return Err(format!("`{name}` needs an address: `{name}:<address>`"));
            };
            let (address, length) = match network.split_once('/') {
                Some((address, length)) => (address, Some(length)),
                None => (network, None),
            };
            if address.is_empty() {
                // `ip4: 192.0.2.1`: terms end at a space, so the address is a term of its own.
                return Err(format!(
                    "`{name}:` has no address after the colon (a space there ends the term, and the address becomes a term of its own)"
                ));
            }
            let max = if mechanism == Mechanism::Ip4 {
                if address.parse::<std::net::Ipv4Addr>().is_err() {
                    return Err(format!("`{address}` is not an IPv4 address"));
                }
                32
            } else {
                if address.parse::<std::net::Ipv6Addr>().is_err() {
                    return Err(format!("`{address}` is not an IPv6 address"));
                }
                128
            };
            if let Some(length) = length {
                check_cidr_length(length, max)?;
            }
            Ok(directive(None))
        }
    }
}

/// The message for a term that is neither a mechanism nor a modifier, naming what was meant
/// where a common slip is recognisable.
fn unknown_term(name: &str, token: &str) -> String {
    let lower = name.to_ascii_lowercase();
    let meant = match lower.as_str() {
        "ip" | "ipv4" | "ip4addr" => Some("ip4"),
        "ipv6" => Some("ip6"),
        "inc" | "includes" | "incude" | "inlude" => Some("include"),
        "redirect" => Some("redirect="),
        _ if lower.starts_with("all") => Some("all"),
        _ => None,
    };
    match meant {
        Some(meant) => format!("`{token}` is not an SPF mechanism (did you mean `{meant}`?)"),
        None => format!("`{token}` is not an SPF mechanism or modifier"),
    }
}

fn check_cidr_length(length: &str, max: u32) -> Result<(), String> {
    let valid = !length.is_empty()
        && length.bytes().all(|b| b.is_ascii_digit())
        && (length == "0" || !length.starts_with('0'))
        && length.parse::<u32>().is_ok_and(|n| n <= max);
    if valid {
        Ok(())
    } else {
        Err(format!("`/{length}` is not a prefix length (0 to {max})"))
    }
}

/// `[ "/" ip4-length ] [ "//" ip6-length ]`.
fn check_dual_cidr(cidr: &str) -> Result<(), String> {
    if cidr.is_empty() {
        return Ok(());
    }
    let (ip4, ip6) = match cidr.split_once("//") {
        Some((ip4, ip6)) => (ip4, Some(ip6)),
        None => (cidr, None),
    };
    if !ip4.is_empty() {
        let length = ip4
            .strip_prefix('/')
            .ok_or_else(|| format!("`{cidr}` is not a prefix length"))?;
        check_cidr_length(length, 32)?;
    }
    if let Some(ip6) = ip6 {
        check_cidr_length(ip6, 128)?;
    }
    Ok(())
}

/// A macro-string (RFC 7208 §7.1); `exp` allows the letters c, r and t too.
fn check_macro_string(text: &str, explanation: bool) -> Result<(), String> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => match bytes.get(i + 1) {
                Some(b'%' | b'_' | b'-') => i += 2,
                Some(b'{') => {
                    let Some(close) = text[i..].find('}') else {
                        return Err(format!("`{text}`: a macro `%{{` is not closed"));
                    };
                    let body = &text[i + 2..i + close];
                    check_macro_body(body, explanation)?;
                    i += close + 1;
                }
                _ => {
                    return Err(format!(
                        "`{text}`: `%` starts a macro (`%{{...}}`); write `%%` for a percent sign"
                    ));
                }
            },
            0x21..=0x7e => i += 1,
            _ => return Err(format!("`{text}` holds a character SPF does not allow")),
        }
    }
    Ok(())
}

fn check_macro_body(body: &str, explanation: bool) -> Result<(), String> {
    let mut chars = body.chars();
    let letter = chars.next().map(|c| c.to_ascii_lowercase());
    let allowed = match letter {
        Some('s' | 'l' | 'o' | 'd' | 'i' | 'p' | 'h' | 'v') => true,
        Some('c' | 'r' | 't') => explanation,
        _ => false,
    };
    if !allowed {
        return Err(format!("`%{{{body}}}` is not an SPF macro (RFC 7208 §7.2)"));
    }
    let rest = chars.as_str();
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &rest[digits..];
    let rest = rest
        .strip_prefix('r')
        .or_else(|| rest.strip_prefix('R'))
        .unwrap_or(rest);
    if rest.bytes().all(|b| b".-+,/_=".contains(&b)) {
        Ok(())
    } else {
        Err(format!("`%{{{body}}}` is not an SPF macro (RFC 7208 §7.1)"))
    }
}

/// domain-spec = macro-string domain-end (RFC 7208 §7.1): the last label is a top label (not
/// all digits) or a macro.
fn check_domain_spec(domain: &str) -> Result<(), String> {
    if domain.is_empty() {
        return Err("a domain is missing".into());
    }
    check_macro_string(domain, false)?;
    check_no_url_or_mechanism(domain)?;
    let trimmed = domain.strip_suffix('.').unwrap_or(domain);
    if trimmed.ends_with('}') {
        return Ok(());
    }
    let Some((_, top)) = trimmed.rsplit_once('.') else {
        return Err(format!(
            "`{domain}` is not a domain name: it needs at least two labels"
        ));
    };
    let alphanum_or_dash = top.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let has_letter = top.bytes().any(|b| b.is_ascii_alphabetic());
    if top.is_empty()
        || !alphanum_or_dash
        || top.starts_with('-')
        || top.ends_with('-')
        || !has_letter && !top.contains('-')
    {
        let hint = if trimmed.parse::<std::net::IpAddr>().is_ok() {
            " (an address goes in `ip4:` or `ip6:`)"
        } else {
            ""
        };
        return Err(format!("`{domain}` is not a domain name{hint}"));
    }
    Ok(())
}

/// A colon or a slash outside a macro is legal in a domain-spec (RFC 7208 §7.1 macro-literal)
/// but no host name has one: the name receivers look up (`include:_spf.example.com` as a label,
/// `http://spf.example.com`) does not exist, and an `include:` or `redirect=` of a name without
/// an SPF record is a permerror for the whole record (§5.2, §6.1). What is written is a
/// mechanism name pasted twice or a URL.
fn check_no_url_or_mechanism(domain: &str) -> Result<(), String> {
    let mut outside_macros = String::with_capacity(domain.len());
    let mut rest = domain;
    while let Some(start) = rest.find("%{") {
        outside_macros.push_str(&rest[..start]);
        rest = rest[start..]
            .find('}')
            .map_or("", |end| &rest[start + end + 1..]);
    }
    outside_macros.push_str(rest);
    let lower = outside_macros.to_ascii_lowercase();
    for prefix in [
        "include:",
        "a:",
        "mx:",
        "ptr:",
        "exists:",
        "redirect=",
        "exp=",
    ] {
        // At the start of the domain as written (a macro there cannot end in `:`), so the
        // name meant is the rest of it, macros and all.
        let starts = domain
            .get(..prefix.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(prefix));
        if starts {
            let meant = &domain[prefix.len()..];
            return Err(format!(
                "`{domain}` is not a domain name: it starts with `{prefix}`, the name of an SPF term, not part of a domain; the name meant is `{meant}`"
            ));
        }
    }
    if !outside_macros.contains([':', '/']) {
        return Ok(());
    }
    if let Some(error) = url_instead_of_domain(domain) {
        return Err(error);
    }
    // Two terms run together (`_spf.google.cominclude:mailgun.org`) are reported as such,
    // with the space to put back (`Spf::glued_terms`).
    let glued = ["include:", "a:", "mx:", "ptr:", "exists:", "ip4:", "ip6:"]
        .iter()
        .any(|mechanism| lower.contains(mechanism));
    if glued {
        return Ok(());
    }
    // An IPv6 address where `a:` or `mx:` wants a name (Virtualmin's `a:6c01:...::/64`).
    let address = domain.split('/').next().unwrap_or(domain);
    if address.parse::<std::net::Ipv6Addr>().is_ok() {
        return Err(format!(
            "`{domain}` is an IPv6 address, not a domain name: an address is listed with `ip6:{domain}`"
        ));
    }
    Err(format!(
        "`{domain}` is not a domain name: no host name has a `:` or `/`, so receivers find no record there"
    ))
}

/// An `http://` or `https://` URL where an SPF term names a host.
fn url_instead_of_domain(argument: &str) -> Option<String> {
    let lower = argument.to_ascii_lowercase();
    let scheme = ["https://", "http://"]
        .into_iter()
        .find(|scheme| lower.starts_with(scheme))?;
    let rest = &argument[scheme.len()..];
    let host = rest.split('/').next().unwrap_or(rest);
    Some(format!(
        "`{argument}` is a URL, not a domain name; the name meant is `{host}`"
    ))
}

/// The span of `term` in the record as written, where it can be found there whole; else the
/// record's RDATA.
pub fn term_span(project: &Project<'_>, spf: &Spf<'_>, term: &str) -> Span {
    let record = spf.record;
    let written = project.field_text(record, 0);
    let Some((field_start, field_end)) = record.spans.field(0) else {
        return record.rdata_span();
    };
    // field_text strips one pair of quotes: find where `written` starts in the field.
    let quote = usize::from((field_end - field_start) as usize != written.len());
    let bytes = written.as_bytes();
    // A line break separates terms too: a multi-line YAML string folds it into a blank.
    let separated =
        |i: Option<&u8>| i.is_none_or(|b| matches!(b, b' ' | b'"' | b'\t' | b'\n' | b'\r'));
    let span_at = |start: usize| {
        let start = field_start + (quote + start) as u32;
        Span {
            file: record.file,
            start,
            end: start + term.len() as u32,
        }
    };
    // A term read from the record is a slice of its joined text: its place there, moved to
    // where its character-string starts in the field as written, is where the field holds it
    // when that string has no escapes (nearly every record), found without a search.
    // Searching instead reads the record again for each term, quadratic in a record of
    // thousands of terms.
    let at = (term.as_ptr() as usize).wrapping_sub(spf.text.as_ptr() as usize);
    if at.saturating_add(term.len()) <= spf.text.len() {
        let string = spf.joins.partition_point(|&join| join <= at);
        let string_start = string.checked_sub(1).map_or(0, |k| spf.joins[k]);
        let written_start = match string {
            0 => Some(0),
            _ if quote == 1 => spf
                .written_starts
                .get_or_init(|| string_starts(written))
                .as_ref()
                .and_then(|starts| starts.get(string).copied()),
            _ => None,
        };
        if let Some(written_start) = written_start {
            let start = written_start + (at - string_start);
            let end = start + term.len();
            if written.get(start..end) == Some(term)
                && separated(start.checked_sub(1).and_then(|i| bytes.get(i)))
                && separated(bytes.get(end))
            {
                return span_at(start);
            }
        }
    }
    let mut from = 0;
    while let Some(found) = written[from..].find(term) {
        let start = from + found;
        let end = start + term.len();
        if separated(start.checked_sub(1).and_then(|i| bytes.get(i))) && separated(bytes.get(end)) {
            return span_at(start);
        }
        from = end;
    }
    record.rdata_span()
}

/// Where each character-string of quoted RDATA starts in its text as written, without the
/// first opening quote and the last closing one (`first" "second` gives 0 and 8): the strings
/// are quoted, apart from blanks, parentheses and comments between them. None for text that
/// holds a string written without quotes.
fn string_starts(written: &str) -> Option<Vec<usize>> {
    let bytes = written.as_bytes();
    let mut starts = vec![0];
    let mut inside = true;
    let mut i = 0;
    while i < bytes.len() {
        match (inside, bytes[i]) {
            (true, b'\\') => i += 1,
            (true, b'"') => inside = false,
            (true, _) => {}
            (false, b'"') => {
                inside = true;
                starts.push(i + 1);
            }
            (false, b';') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            (false, b' ' | b'\t' | b'\r' | b'\n' | b'(' | b')') => {}
            (false, _) => return None,
        }
        i += 1;
    }
    Some(starts)
}

/// The address and prefix length an `ip4:` or `ip6:` term writes (`ip4:192.0.2.0/24`), the
/// length None when none is written; None when the address or the length does not read.
pub(crate) fn ip_term_network(term: &str) -> Option<(std::net::IpAddr, Option<u32>)> {
    let network = term.split_once(':')?.1;
    let (address, length) = match network.split_once('/') {
        Some((address, length)) => (address, Some(length.parse::<u32>().ok()?)),
        None => (network, None),
    };
    Some((address.parse().ok()?, length))
}

/// The first and last addresses of the network of prefix `length` (at most the address's
/// bits) that holds `address`.
pub(crate) fn network_bounds(
    address: std::net::IpAddr,
    length: u32,
) -> (std::net::IpAddr, std::net::IpAddr) {
    use std::net::IpAddr;
    match address {
        IpAddr::V4(ip) => {
            let mask = u32::MAX.checked_shl(32 - length.min(32)).unwrap_or(0);
            let first = u32::from(ip) & mask;
            (IpAddr::V4(first.into()), IpAddr::V4((first | !mask).into()))
        }
        IpAddr::V6(ip) => {
            let mask = u128::MAX.checked_shl(128 - length.min(128)).unwrap_or(0);
            let first = u128::from(ip) & mask;
            (IpAddr::V6(first.into()), IpAddr::V6((first | !mask).into()))
        }
    }
}

/// The name a term looks up: its domain, or for `a` and `mx` without one the record's own
/// name (borrowed, not copied); None for a domain with macros or one that is no name.
pub(crate) fn looked_up_name<'s>(
    spf: &'s Spf<'_>,
    term: &Term<'_>,
) -> Option<std::borrow::Cow<'s, Name>> {
    if let Term::Directive {
        domain: None,
        mechanism: Mechanism::A | Mechanism::Mx,
        ..
    } = term
    {
        return Some(std::borrow::Cow::Borrowed(&spf.record.owner));
    }
    let domain = term.literal_domain()?;
    Name::from_ascii_dotted(domain.trim_end_matches('.'))
        .ok()
        .map(std::borrow::Cow::Owned)
}

/// The records a linted zone holds at `name`, as a server answers for it (a wildcard's; none
/// for a name it does not have), with that zone. None when it cannot be told here: outside
/// the linted zones, in a zone with input errors or records zonelint does not read at the
/// name, or below a delegation.
pub(crate) fn records_at<'p, 'a>(
    project: &'p Project<'a>,
    zone: &ZoneIndex<'_>,
    name: &Name,
) -> Option<(&'p ZoneIndex<'a>, OwnerRecords<'a>)> {
    let target_zone = project.zone_for(name, zone)?;
    if !target_zone.zone.shows_all_addresses() || target_zone.zone.holds_unmodelled(name) {
        return None;
    }
    let records = match target_zone.lookup(name) {
        Lookup::Found(records) | Lookup::Wildcard(records) => records,
        Lookup::Delegated => return None,
        Lookup::EmptyNonTerminal | Lookup::NxDomain => OwnerRecords::Run(&[]),
    };
    Some((target_zone, records))
}

/// The exchanges of the MX records at `name` (an `mx` term's), none when it has none; None
/// when it cannot be told here (outside the linted zones, an alias, a delegated name) or when
/// there are more than ten, a permerror before any address is looked up (RFC 7208 §4.6.4;
/// SPF004's finding).
pub(crate) fn mx_exchanges<'a>(
    project: &Project<'a>,
    zone: &ZoneIndex<'a>,
    name: &Name,
) -> Option<Vec<&'a Name>> {
    let (target_zone, records) = records_at(project, zone, name)?;
    if records.iter().any(|r| r.rtype == RType::CNAME) {
        return None;
    }
    // Eleven at most: a name with thousands of MX records is read no further than the
    // limit.
    let exchanges: Vec<&'a Name> = records
        .iter()
        .filter_map(|r| crate::rules::mx::mx_of(target_zone.zone, r))
        .map(|mx| mx.exchange)
        .take(11)
        .collect();
    (exchanges.len() <= 10).then_some(exchanges)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_start_after_their_quotes() {
        assert_eq!(string_starts("v=spf1 mx"), Some(vec![0]));
        assert_eq!(string_starts("v=spf1 \" \"mx -all"), Some(vec![0, 10]));
        // Blanks, parentheses and a comment (with a quote in it) between strings; an escaped
        // quote inside one.
        let written = "v=spf1 \\\" a\" ; \"quoted\"\n  \"mx\" (\"-all";
        let starts = string_starts(written).unwrap();
        assert_eq!(starts.len(), 3);
        assert!(written[starts[1]..].starts_with("mx"));
        assert!(written[starts[2]..].starts_with("-all"));
        // A string written without quotes: not told apart.
        assert_eq!(string_starts("v=spf1\" mx -all"), None);
    }

    #[test]
    fn what_starts_a_term_after_a_join() {
        for term in [
            "-all",
            "all",
            "~all",
            "a",
            "a:mail.example.com",
            "mx/24",
            "include:x.example",
            "ip4:192.0.2.1",
            "redirect=x.example",
            "EXP=x",
            "+mx",
        ] {
            assert!(starts_a_term(term), "{term}");
        }
        // The rest of a name or an address cut in two, and words that only begin like terms.
        for rest in [
            "a.example.com",
            "mx1.example.com",
            "allow",
            "mple.com",
            "/24",
            "--all",
            "ptrs",
        ] {
            assert!(!starts_a_term(rest), "{rest}");
        }
    }

    #[test]
    fn an_ipv6_address_where_a_name_belongs_says_ip6() {
        let error = check_domain_spec("6c01:5e2:340:7252::").unwrap_err();
        assert!(error.contains("is an IPv6 address"), "{error}");
        assert!(error.contains("`ip6:6c01:5e2:340:7252::`"), "{error}");
        let error = check_domain_spec("mail.example.com:25").unwrap_err();
        assert!(!error.contains("IPv6"), "{error}");
    }

    #[test]
    fn an_all_glued_to_a_domain_only_after_a_top_level_domain() {
        assert_eq!(
            all_glued_to_domain("include:spf.protection.outlook.com-all"),
            Some("-all")
        );
        assert_eq!(
            all_glued_to_domain("redirect=_spf.example.NET-ALL"),
            Some("-ALL")
        );
        assert_eq!(all_glued_to_domain("include:mail-all.example.com"), None);
        assert_eq!(all_glued_to_domain("include:spf.example.corp-all"), None);
        assert_eq!(all_glued_to_domain("ip4:192.0.2.1-all"), None);
        assert_eq!(all_glued_to_domain("-all"), None);
    }

    fn errors(text: &str) -> Vec<String> {
        parse_terms(text)
            .errors
            .into_iter()
            .map(|e| e.message)
            .collect()
    }

    #[test]
    fn rfc_7208_records_parse() {
        for text in [
            "v=spf1 +mx a:colo.example.com/28 -all",
            "v=spf1 a mx -all",
            "v=spf1 include:example.com include:example.org -all",
            "v=spf1 redirect=_spf.example.com",
            "v=spf1 mx:example.org -all",
            "v=spf1 mx/30 mx:example.org/30 -all",
            "v=spf1 ip4:192.0.2.128/28 -all",
            "v=spf1 a//64 a:example.net/24//48 ~all",
            "v=spf1 exists:%{ir}.%{l1r+-}._spf.%{d} -all",
            "v=spf1 -all exp=explain._spf.%{d}",
            "v=spf1 ip6:2001:db8::/32 ?all",
            "v=spf1 include:_spf.google.com. ~all",
        ] {
            assert_eq!(errors(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn kept_places_give_the_terms_again() {
        for text in [
            "v=spf1 +mx a:colo.example.com/28 -all",
            "v=spf1 redirect=_spf.example.com",
            "v=spf1 exists:%{ir}.%{l1r+-}._spf.%{d} -all exp=explain._spf.%{d}",
            "v=spf1  include:a.example   ~all unknown=x ",
            "v=spf1 ip:192.0.2.1 include: redirect=a.example redirect=b.example",
            "v=spf1",
        ] {
            let read = parse_terms(text);
            let again = TermPlaces::of(text, parse_terms(text)).terms_in(text);
            assert_eq!(again.terms, read.terms, "{text}");
            assert_eq!(again.errors, read.errors, "{text}");
            // The same places, not only the same words: rules find spans by them.
            let places = |terms: &Terms<'_>| -> Vec<*const u8> {
                let mut places = Vec::new();
                for term in &terms.terms {
                    places.push(term.text().as_ptr());
                    match term {
                        Term::Directive { domain, .. } => places.extend(domain.map(str::as_ptr)),
                        Term::Modifier { name, value, .. } => {
                            places.extend([name.as_ptr(), value.as_ptr()]);
                        }
                    }
                }
                places.extend(terms.errors.iter().map(|e| e.text.as_ptr()));
                places
            };
            assert_eq!(places(&again), places(&read), "{text}");
        }
    }

    #[test]
    fn bad_terms_are_named() {
        assert!(errors("v=spf1 ip:192.0.2.1 -all")[0].contains("did you mean `ip4`"));
        assert!(errors("v=spf1 ip4:192.0.2.0/33")[0].contains("0 to 32"));
        assert!(errors("v=spf1 ip4:192.0.2.0/08")[0].contains("prefix length"));
        assert!(errors("v=spf1 a:192.0.2.1")[0].contains("ip4:"));
        assert!(errors("v=spf1 exists:%{x}.example.com")[0].contains("macro"));
        assert!(errors("v=spf1 a:%{d")[0].contains("not closed"));
        assert!(errors("v=spf1 include: -all")[0].contains("missing"));
        assert!(errors("v=spf1 redirect=a.example redirect=b.example")[0].contains("second"));
        assert!(errors("v=spf1 ptr/24")[0].contains("prefix"));
        assert!(errors("v=spf1 all:example.com")[0].contains("no argument"));
    }

    #[test]
    fn qualifiers_and_lookups() {
        let terms = parse_terms("v=spf1 ?all").terms;
        assert!(matches!(
            terms[0],
            Term::Directive {
                qualifier: Qualifier::Neutral,
                explicit: true,
                mechanism: Mechanism::All,
                ..
            }
        ));
        let terms =
            parse_terms("v=spf1 include:a.example mx ip4:192.0.2.1 redirect=b.example").terms;
        let dns: Vec<bool> = terms
            .iter()
            .map(|t| t.mechanism().is_some_and(Mechanism::queries_dns) || t.is_redirect())
            .collect();
        assert_eq!(dns, [true, true, false, true]);
        assert_eq!(terms[3].literal_domain(), Some("b.example"));
    }
}
