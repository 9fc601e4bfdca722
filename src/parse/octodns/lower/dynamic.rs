//! `dynamic` answers (A, AAAA, CNAME, DNAME): the pools and rules octoDNS's `DynamicValidator`
//! checks before it takes the record (`octodns/record/dynamic.py`, octoDNS 1.22.0). Each of
//! its reasons makes octoDNS refuse the zone (OCTO004, a warning under `lenient`); a shape
//! its checks do not expect (a rule that is no mapping) stops it with a Python error
//! (SYN013). octoDNS compares every geo and subnet with every one before it; here each is
//! looked up among those before it, so that a record of many rules stays linear.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::net::{Ipv4Addr, Ipv6Addr};

use super::{Lowerer, RecordCtx, key_string};
use crate::parse::octodns::geo_codes;
use crate::parse::octodns::scalar::{self, Py};
use crate::parse::octodns::yaml::{Kind, Node};
use crate::source::Span;

/// A pool as the rules and the other pools' fallbacks name it.
struct Pool {
    name: String,
    key: Span,
    /// A mapping with `values`: octoDNS counts it among the pools that must be used.
    exists: bool,
    /// The pool it falls back to, where that is a pool of the record, and where the fallback
    /// is written.
    fallback: Option<(usize, Span)>,
}

/// The pools of a `dynamic` block, and where each name stands among them.
#[derive(Default)]
struct Pools {
    list: Vec<Pool>,
    by_name: HashMap<String, usize>,
}

/// A rule of a `dynamic` block.
#[derive(Clone, Copy)]
struct Rule<'a> {
    span: Span,
    pool: Option<&'a Node>,
    subnets: Option<&'a Node>,
    geos: Option<&'a Node>,
    /// Whether Python finds `subnets` and `geos` true: what orders the rules and tells the
    /// catch-all.
    by_subnet: bool,
    by_geo: bool,
}

impl Rule<'_> {
    fn targeted(self) -> bool {
        self.by_subnet || self.by_geo
    }
}

/// A subnet of a rule, as Python's `ipaddress.ip_network` reads it.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Network {
    v6: bool,
    address: u128,
    prefix: u8,
}

impl Network {
    fn bits(self) -> u8 {
        if self.v6 { 128 } else { 32 }
    }

    /// The network of `prefix` bits that holds this one.
    fn widened(self, prefix: u8) -> Network {
        let host_bits = u32::from(self.bits() - prefix);
        let mask = if host_bits >= 128 {
            0
        } else {
            !((1u128 << host_bits) - 1)
        };
        Network {
            address: self.address & mask,
            prefix,
            ..self
        }
    }

    fn shown(self) -> String {
        if self.v6 {
            format!("{}/{}", Ipv6Addr::from(self.address), self.prefix)
        } else {
            format!("{}/{}", Ipv4Addr::from(self.address as u32), self.prefix)
        }
    }
}

/// Python's `ipaddress.ip_network(number)`: the address of that number, alone.
fn network_of_number(number: i128) -> Option<Network> {
    let v6 = number > i128::from(u32::MAX);
    let address = u128::try_from(number).ok()?;
    Some(Network {
        v6,
        address,
        prefix: if v6 { 128 } else { 32 },
    })
}

/// Python's `ipaddress.ip_network(text)` (strict: no host bits set): an address, or an
/// address and a prefix length, or for IPv4 a netmask or host mask. An IPv6 address may
/// carry a scope (`fe80::1%eth0`), which the network keeps and no comparison here reads.
fn parse_network(text: &str) -> Option<Network> {
    let (address, prefix) = match text.split_once('/') {
        Some((address, prefix)) if !prefix.contains('/') => (address, Some(prefix)),
        Some(_) => return None,
        None => (text, None),
    };
    let digits = |p: &str| -> Option<u32> {
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        // Leading zeros are allowed (`/08`); a long run of digits is no length.
        match p.trim_start_matches('0') {
            "" => Some(0),
            significant => significant.parse().ok(),
        }
    };
    let network = if let Ok(v4) = address.parse::<Ipv4Addr>() {
        let prefix = match prefix {
            None => 32,
            Some(p) => match digits(p) {
                Some(n) if n <= 32 => n,
                Some(_) => return None,
                None => mask_prefix(p.parse::<Ipv4Addr>().ok()?)?,
            },
        };
        Network {
            v6: false,
            address: u128::from(u32::from(v4)),
            prefix: prefix as u8,
        }
    } else {
        let address = match address.split_once('%') {
            Some((address, scope)) if !scope.is_empty() && !scope.contains('%') => address,
            Some(_) => return None,
            None => address,
        };
        let v6 = address.parse::<Ipv6Addr>().ok()?;
        let prefix = match prefix {
            None => 128,
            Some(p) => digits(p).filter(|&n| n <= 128)?,
        };
        Network {
            v6: true,
            address: u128::from(v6),
            prefix: prefix as u8,
        }
    };
    (network.widened(network.prefix) == network).then_some(network)
}

/// The prefix length of an IPv4 netmask (`255.255.0.0`) or host mask (`0.0.255.255`).
fn mask_prefix(mask: Ipv4Addr) -> Option<u32> {
    let bits = u32::from(mask);
    if bits.leading_ones() + bits.trailing_zeros() == 32 {
        Some(bits.leading_ones())
    } else if bits.leading_zeros() + bits.trailing_ones() == 32 {
        Some(bits.leading_zeros())
    } else {
        None
    }
}

/// What octoDNS's `GeoCodes.validate` says of a geo code, None when it knows it. A province
/// of a country other than the United States and Canada is no reason: octoDNS's lookup of the
/// country's provinces stops with a KeyError there ([`GEO_PROVINCE_CRASH`]).
fn geo_code_problem(code: &str) -> Option<&'static str> {
    let pieces: Vec<&str> = code.split('-').collect();
    let known = |list: &[&str], code: &str| list.binary_search(&code).is_ok();
    if pieces.len() > 3 {
        Some("invalid geo code")
    } else if !known(geo_codes::CONTINENTS, pieces[0]) {
        Some("unknown continent code")
    } else if pieces.len() > 1 && !known(geo_codes::COUNTRIES, &pieces[..2].join("-")) {
        Some("unknown country code")
    } else if pieces.len() > 2 && !matches!(pieces[..2], ["NA", "US" | "CA"]) {
        Some(GEO_PROVINCE_CRASH)
    } else if pieces.len() > 2 && !known(geo_codes::PROVINCES, code) {
        Some("unknown province code")
    } else {
        None
    }
}

/// [`geo_code_problem`] for a province of a country octoDNS lists none for.
const GEO_PROVINCE_CRASH: &str = "province of a country without provinces";

/// Geo codes octoDNS knows are at most this long (`NA-US-CA`): only these are looked for as
/// the broader codes of a later one. A longer code is reported as unknown already; octoDNS's
/// further "more specific than" reason for a code under such a one is not repeated.
const LONGEST_GEO: usize = 8;

/// Whether Python finds a rule's `subnets` or `geos` true (`if subnets`): absent, null,
/// empty and zero are not. The node is dereferenced already.
fn truthy(node: Option<&Node>) -> bool {
    let Some(node) = node else {
        return false;
    };
    match &node.kind {
        Kind::Seq(items) => !items.is_empty(),
        Kind::Map(entries) => !entries.is_empty(),
        Kind::Alias(target) => truthy(Some(target)),
        Kind::Scalar { text, style } => {
            scalar::resolve(text, *style, node.tag.as_deref()).is_truthy(text)
        }
    }
}

/// A scalar's value as Python shows it, and whether it is a string.
fn python_text(node: &Node) -> Option<(String, bool)> {
    let (text, style) = node.scalar()?;
    let value = scalar::resolve(text, style, node.tag.as_deref());
    Some((
        scalar::python_str(text, value).into_owned(),
        value == Py::Str,
    ))
}

/// What Python's `int(weight)` makes of a weight.
enum Weight {
    Number(i128),
    /// A ValueError, which octoDNS reports as an invalid weight.
    Invalid,
    /// A TypeError (null, a date, a collection): octoDNS stops with a Python error.
    Crash,
    /// Text with digits other than ASCII ones, which Python reads (`int('５')`) and this does
    /// not: not judged.
    Unknown,
}

fn python_int(node: &Node) -> Weight {
    let Some((text, style)) = node.scalar() else {
        return Weight::Crash;
    };
    let number = match scalar::resolve(text, style, node.tag.as_deref()) {
        Py::Null | Py::Timestamp => return Weight::Crash,
        Py::Str if !text.is_ascii() => return Weight::Unknown,
        Py::Int(value) => value,
        Py::Bool(value) => Some(i128::from(value)),
        Py::Float(value) if value.is_finite() => Some(value.trunc() as i128),
        Py::Str => {
            let digits = text.trim();
            let unsigned = digits.strip_prefix(['+', '-']).unwrap_or(digits);
            let valid = !unsigned.is_empty()
                && !unsigned.starts_with('_')
                && !unsigned.ends_with('_')
                && !unsigned.contains("__")
                && unsigned.bytes().all(|b| b.is_ascii_digit() || b == b'_');
            valid
                .then(|| digits.replace('_', "").parse().ok())
                .flatten()
        }
        _ => None,
    };
    number.map_or(Weight::Invalid, Weight::Number)
}

/// Python's `weight != 1` for a weight as written: `1`, `1.0` and `true` equal 1.
fn differs_from_one(node: &Node) -> bool {
    let Some((text, style)) = node.scalar() else {
        return true;
    };
    let value = scalar::resolve(text, style, node.tag.as_deref());
    !matches!(value, Py::Int(Some(1)) | Py::Bool(true)) && value != Py::Float(1.0)
}

/// The names of a fallback loop for a message, from `start` round to it again; a long loop
/// is cut short.
fn loop_path(pools: &[Pool], start: usize) -> String {
    const SHOWN: usize = 8;
    let mut names = vec![pools[start].name.as_str()];
    let mut at = fallback_of(pools, start);
    while let Some(pool) = at {
        if names.len() == SHOWN {
            names.push("...");
            break;
        }
        names.push(&pools[pool].name);
        if pool == start {
            break;
        }
        at = fallback_of(pools, pool);
    }
    names.join(" -> ")
}

fn fallback_of(pools: &[Pool], pool: usize) -> Option<usize> {
    pools[pool].fallback.map(|(target, _)| target)
}

impl<'a> Lowerer<'a> {
    /// The `dynamic` block of a record at `key`; `geo` is the record's `geo` key, if any.
    pub(super) fn dynamic(
        &mut self,
        ctx: &RecordCtx,
        check: &RecordCtx,
        key: &'a Node,
        node: &'a Node,
        geo: Option<&'a Node>,
    ) {
        if let Some(geo) = geo {
            self.rejected(
                ctx.lenient,
                geo.span,
                "a record with `dynamic` answers has `geo` answers too: octoDNS rejects it".into(),
                Some("write the `geo` answers as rules of the `dynamic` block".into()),
            );
        }
        let Some(node) = self.deref(node) else {
            return;
        };
        let Some(parts) = self.mapping(node) else {
            self.structure(
                node.span,
                "`dynamic` is a mapping of `pools` and `rules`: octoDNS stops with a Python error at anything else",
                None,
            );
            return;
        };
        let pools = self.dynamic_pools(ctx, check, key, Self::find(&parts, "pools").copied());
        let Some(used) = self.dynamic_rules(ctx, key, Self::find(&parts, "rules").copied(), &pools)
        else {
            return;
        };
        let fallback_targets: HashSet<usize> = (0..pools.list.len())
            .filter_map(|pool| fallback_of(&pools.list, pool))
            .collect();
        for (index, pool) in pools.list.iter().enumerate() {
            if pool.exists && !used.contains(&index) && !fallback_targets.contains(&index) {
                self.rejected(
                    ctx.lenient,
                    pool.key,
                    format!(
                        "pool `{}` is used by no rule and no other pool's fallback: octoDNS rejects it",
                        pool.name
                    ),
                    Some("name it in a rule or a fallback, or remove it".into()),
                );
            }
        }
    }

    /// A reason octoDNS's check gives where, under `lenient`, octoDNS goes on to build the
    /// record and stops with a Python error (a pool without `values`): an error either way.
    fn refused_even_lenient(
        &mut self,
        ctx: &RecordCtx,
        span: Span,
        message: String,
        help: Option<String>,
    ) {
        if ctx.lenient {
            let finding = message
                .strip_suffix(": octoDNS rejects it")
                .unwrap_or(&message);
            self.structure(
                span,
                format!("{finding}: `lenient` lets it past octoDNS's checks, but octoDNS then stops with a Python error building the record"),
                help,
            );
        } else {
            self.rejected(false, span, message, help);
        }
    }

    /// [`Self::rejected`] of a geo or subnet an earlier one targets already, with a label there.
    fn rejected_beside(
        &mut self,
        ctx: &RecordCtx,
        span: Span,
        message: String,
        (earlier, label): (Span, &str),
    ) {
        let diagnostic = self.rejection(ctx.lenient, span, message);
        self.push(diagnostic.with_label(earlier, label));
    }

    /// The pools, each checked; what the rules and the unused-pool check need of them.
    fn dynamic_pools(
        &mut self,
        ctx: &RecordCtx,
        check: &RecordCtx,
        dynamic_key: &Node,
        entry: Option<(&'a Node, &'a Node)>,
    ) -> Pools {
        let Some((pools_key, node)) = entry else {
            self.rejected(
                ctx.lenient,
                dynamic_key.span,
                "`dynamic` has no `pools`: octoDNS rejects it".into(),
                None,
            );
            return Pools::default();
        };
        let Some(node) = self.deref(node) else {
            return Pools::default();
        };
        let entries = match self.mapping(node) {
            Some(entries) if entries.is_empty() => {
                self.rejected(
                    ctx.lenient,
                    pools_key.span,
                    "`pools` is empty: octoDNS rejects it".into(),
                    None,
                );
                return Pools::default();
            }
            Some(entries) => entries,
            None => {
                self.refused_even_lenient(
                    ctx,
                    node.span,
                    "`pools` is not a mapping of pool names to pools: octoDNS rejects it".into(),
                    None,
                );
                return Pools::default();
            }
        };
        // Every name first: a fallback may name a pool written after it.
        let mut pools = Pools::default();
        let mut bodies = Vec::with_capacity(entries.len());
        for (key, value) in entries {
            let name = key_string(key).into_owned();
            pools.by_name.insert(name.clone(), pools.list.len());
            pools.list.push(Pool {
                name,
                key: key.span,
                exists: false,
                fallback: None,
            });
            bodies.push(self.deref(value).and_then(|value| self.mapping(value)));
        }
        for (index, body) in bodies.iter().enumerate() {
            let (name, key) = (pools.list[index].name.clone(), pools.list[index].key);
            let Some(body) = body else {
                self.refused_even_lenient(
                    ctx,
                    key,
                    format!("pool `{name}` is not a mapping: octoDNS rejects it"),
                    Some("a pool is a mapping with `values` and an optional `fallback`".into()),
                );
                continue;
            };
            match Self::find(body, "values").copied() {
                None => self.refused_even_lenient(
                    ctx,
                    key,
                    format!("pool `{name}` has no `values`: octoDNS rejects it"),
                    None,
                ),
                Some((_, values)) => {
                    pools.list[index].exists = true;
                    self.pool_values(ctx, check, &name, values);
                }
            }
            let Some((_, node)) = Self::find(body, "fallback").copied() else {
                continue;
            };
            let Some(node) = self.deref(node).filter(|node| !node.is_null()) else {
                continue;
            };
            let Some((target, _)) = python_text(node) else {
                self.structure(
                    node.span,
                    format!("the fallback of pool `{name}` is a collection, not a pool name: octoDNS stops with a Python error (TypeError)"),
                    None,
                );
                continue;
            };
            match pools.by_name.get(target.as_str()) {
                Some(&target) => pools.list[index].fallback = Some((target, node.span)),
                None => self.rejected(
                    ctx.lenient,
                    node.span,
                    format!("pool `{name}` falls back to `{target}`, which is no pool of this record: octoDNS rejects it"),
                    None,
                ),
            }
        }
        self.fallback_loops(ctx, &pools.list);
        pools
    }

    /// The values of one pool: their weight, status and value.
    fn pool_values(&mut self, ctx: &RecordCtx, check: &RecordCtx, pool: &str, values: &'a Node) {
        let Some(values) = self.deref(values) else {
            return;
        };
        let empty = match &values.kind {
            Kind::Map(entries) => entries.is_empty(),
            Kind::Scalar { text, .. } => {
                text.is_empty() && python_text(values).is_some_and(|t| t.1)
            }
            _ => false,
        };
        if empty {
            // octoDNS loops over no values: nothing to check, nothing to stop at.
            return;
        }
        let Kind::Seq(items) = &values.kind else {
            self.structure(
                values.span,
                format!("the `values` of pool `{pool}` are not a list of mappings with `value`: octoDNS stops with a Python error"),
                None,
            );
            return;
        };
        let single = items.len() == 1;
        for (index, item) in items.iter().enumerate() {
            let number = index + 1;
            let Some(item) = self.deref(item) else {
                continue;
            };
            let Some(entries) = self.mapping(item) else {
                self.structure(
                    item.span,
                    format!("value {number} of pool `{pool}` is not a mapping with `value`: octoDNS stops with a Python error"),
                    None,
                );
                continue;
            };
            if let Some((_, weight)) = Self::find(&entries, "weight").copied()
                && let Some(weight) = self.deref(weight)
            {
                let parsed = python_int(weight);
                if let Weight::Crash = parsed {
                    self.structure(
                        weight.span,
                        format!("the weight of value {number} of pool `{pool}` is no number or text: octoDNS stops with a Python error (TypeError)"),
                        Some("a weight is a whole number from 1 to 100".into()),
                    );
                } else if let Weight::Invalid | Weight::Number(..=0 | 101..) = parsed {
                    let shown = python_text(weight).map_or("(a collection)".into(), |t| t.0);
                    self.rejected(
                        ctx.lenient,
                        weight.span,
                        format!("invalid weight `{shown}` in value {number} of pool `{pool}`: octoDNS rejects it"),
                        Some("a weight is a whole number from 1 to 100 (octoDNS drops a fraction)".into()),
                    );
                } else if single && differs_from_one(weight) {
                    // octoDNS gives this reason beside an invalid weight too: said once here.
                    self.rejected(
                        ctx.lenient,
                        weight.span,
                        format!("pool `{pool}` has a single value, with a weight other than 1: octoDNS rejects it"),
                        Some("remove the weight: one value takes all the answers".into()),
                    );
                }
            }
            if let Some((_, status)) = Self::find(&entries, "status").copied()
                && let Some(status) = self.deref(status)
            {
                let text = python_text(status);
                let known = text.as_ref().is_some_and(|(t, is_str)| {
                    *is_str && matches!(t.as_str(), "up" | "down" | "obey")
                });
                if !known {
                    let shown = text.map_or("(a collection)".into(), |t| t.0);
                    self.rejected(
                        ctx.lenient,
                        status.span,
                        format!("invalid status `{shown}` in value {number} of pool `{pool}`: octoDNS rejects it"),
                        Some("the status is `up`, `down` or `obey`".into()),
                    );
                }
            }
            match Self::find(&entries, "value").copied() {
                Some((_, value)) => {
                    if let Some(value) = self.deref(value) {
                        self.value(check, value);
                    }
                }
                None => self.refused_even_lenient(
                    ctx,
                    item.span,
                    format!("value {number} of pool `{pool}` has no `value`: octoDNS rejects it"),
                    None,
                ),
            }
        }
    }

    /// Pools whose fallbacks never end: each pool of a loop, and each pool that falls back
    /// into one. Every pool is walked once.
    fn fallback_loops(&mut self, ctx: &RecordCtx, pools: &[Pool]) {
        const UNSEEN: u8 = 0;
        const ON_PATH: u8 = 1;
        const DONE: u8 = 2;
        let mut state = vec![UNSEEN; pools.len()];
        // The pool of the loop a pool's fallbacks reach, and whether the pool is in it.
        let mut reaches: Vec<Option<usize>> = vec![None; pools.len()];
        let mut in_loop = vec![false; pools.len()];
        for start in 0..pools.len() {
            let mut path = Vec::new();
            let mut at = Some(start);
            while let Some(pool) = at
                && state[pool] == UNSEEN
            {
                state[pool] = ON_PATH;
                path.push(pool);
                at = fallback_of(pools, pool);
            }
            let reached = match at {
                Some(pool) if state[pool] == ON_PATH => {
                    let first = path.iter().position(|&p| p == pool).unwrap_or(0);
                    for &member in &path[first..] {
                        in_loop[member] = true;
                    }
                    Some(pool)
                }
                Some(pool) => reaches[pool],
                None => None,
            };
            for pool in path {
                state[pool] = DONE;
                reaches[pool] = reached;
            }
        }
        for (index, pool) in pools.iter().enumerate() {
            let (Some(looped), Some((_, span))) = (reaches[index], pool.fallback) else {
                continue;
            };
            let message = if in_loop[index] {
                format!(
                    "pool `{}` falls back in a loop ({}): octoDNS rejects it",
                    pool.name,
                    loop_path(pools, index)
                )
            } else {
                format!(
                    "pool `{}` falls back into a loop ({}): octoDNS rejects it",
                    pool.name,
                    loop_path(pools, looped)
                )
            };
            self.rejected(
                ctx.lenient,
                span,
                message,
                Some("end the chain of fallbacks at a pool without one".into()),
            );
        }
    }

    /// The rules, each checked; the pools they name. None when one is no mapping, where
    /// octoDNS stops with a Python error before its other checks.
    fn dynamic_rules(
        &mut self,
        ctx: &RecordCtx,
        dynamic_key: &Node,
        entry: Option<(&'a Node, &'a Node)>,
        pools: &Pools,
    ) -> Option<HashSet<usize>> {
        let mut used = HashSet::new();
        let Some((rules_key, node)) = entry else {
            self.rejected(
                ctx.lenient,
                dynamic_key.span,
                "`dynamic` has no `rules`: octoDNS rejects it".into(),
                None,
            );
            return Some(used);
        };
        let node = self.deref(node)?;
        let Kind::Seq(items) = &node.kind else {
            self.rejected(
                ctx.lenient,
                node.span,
                "`rules` is not a list: octoDNS rejects it".into(),
                None,
            );
            return Some(used);
        };
        if items.is_empty() {
            self.rejected(
                ctx.lenient,
                rules_key.span,
                "`rules` is empty: octoDNS rejects it".into(),
                None,
            );
            return Some(used);
        }
        let mut rules = Vec::with_capacity(items.len());
        for item in items {
            let item = self.deref(item)?;
            let Some(entries) = self.mapping(item) else {
                self.structure(
                    item.span,
                    "a rule is a mapping with `pool` and optional `geos` and `subnets`: octoDNS stops with a Python error at anything else",
                    None,
                );
                return None;
            };
            let field = |name: &str| Self::find(&entries, name).map(|&(_, value)| value);
            let subnets = field("subnets").and_then(|node| self.deref(node));
            let geos = field("geos").and_then(|node| self.deref(node));
            rules.push(Rule {
                span: item.span,
                pool: field("pool"),
                subnets,
                geos,
                by_subnet: truthy(subnets),
                by_geo: truthy(geos),
            });
        }
        let mut seen_default = false;
        let mut subnets_seen: HashMap<Network, (usize, Span)> = HashMap::new();
        let mut geos_seen: HashMap<String, (usize, Span)> = HashMap::new();
        let mut geo_lengths: BTreeSet<usize> = BTreeSet::new();
        for (index, &rule) in rules.iter().enumerate() {
            let (number, span) = (index + 1, rule.span);
            let Some(pool) = rule.pool.and_then(|pool| self.deref(pool)) else {
                self.rejected(
                    ctx.lenient,
                    span,
                    format!("rule {number} has no `pool`: octoDNS rejects it"),
                    None,
                );
                continue;
            };
            match python_text(pool) {
                Some((name, true)) => match pools.by_name.get(name.as_str()) {
                    None => self.rejected(
                        ctx.lenient,
                        pool.span,
                        format!("rule {number} names pool `{name}`, which this record does not define: octoDNS rejects it"),
                        None,
                    ),
                    Some(&pool_index) => {
                        if rule.targeted() && used.contains(&pool_index) {
                            self.rejected(
                                ctx.lenient,
                                pool.span,
                                format!("rule {number} targets pool `{name}`, which an earlier rule uses: octoDNS rejects it"),
                                Some("give each pool one rule, with all its geos and subnets".into()),
                            );
                        }
                        used.insert(pool_index);
                    }
                },
                other => {
                    let shown = other.map_or("(a collection)".into(), |t| t.0);
                    self.rejected(
                        ctx.lenient,
                        pool.span,
                        format!("rule {number} names pool `{shown}`, which is not text: octoDNS rejects it"),
                        None,
                    );
                }
            }
            if let Some(previous) = index.checked_sub(1).map(|previous| rules[previous]) {
                if rule.by_subnet && rule.by_geo {
                    if !previous.by_subnet && previous.by_geo {
                        self.rejected(
                            ctx.lenient,
                            span,
                            format!("rule {number}, with subnets and geos, comes after a rule with geos only: octoDNS rejects it"),
                            Some("order the rules: subnets only, then subnets and geos, then geos only, then the catch-all".into()),
                        );
                    }
                } else if rule.by_subnet && previous.by_geo {
                    self.rejected(
                        ctx.lenient,
                        span,
                        format!("rule {number}, with subnets only, comes after a rule with geos: octoDNS rejects it"),
                        Some("order the rules: subnets only, then subnets and geos, then geos only, then the catch-all".into()),
                    );
                }
            }
            if !rule.targeted() {
                if seen_default {
                    self.rejected(
                        ctx.lenient,
                        span,
                        format!("rule {number} is a second catch-all rule (no geos or subnets): octoDNS rejects it"),
                        None,
                    );
                }
                seen_default = true;
            }
            if let Some(subnets) = rule.subnets {
                self.rule_subnets(ctx, number, subnets, &mut subnets_seen);
            }
            if let Some(geos) = rule.geos {
                self.rule_geos(ctx, number, geos, &mut geos_seen, &mut geo_lengths);
            }
        }
        if let Some(last) = rules.last()
            && last.targeted()
        {
            self.rejected(
                ctx.lenient,
                last.span,
                "the last rule has geos or subnets, so it does not catch every query: octoDNS rejects it".into(),
                Some("end the rules with one that names only a pool".into()),
            );
        }
        Some(used)
    }

    fn rule_subnets(
        &mut self,
        ctx: &RecordCtx,
        number: usize,
        subnets: &'a Node,
        seen: &mut HashMap<Network, (usize, Span)>,
    ) {
        let Kind::Seq(items) = &subnets.kind else {
            self.refused_even_lenient(
                ctx,
                subnets.span,
                format!("the `subnets` of rule {number} are not a list: octoDNS rejects it"),
                None,
            );
            return;
        };
        let mut networks = Vec::with_capacity(items.len());
        for item in items {
            let Some(item) = self.deref(item) else {
                continue;
            };
            let text = python_text(item);
            // `ip_network` takes a number too: the address of that number.
            let as_number = item.scalar().and_then(|(text, style)| {
                match scalar::resolve(text, style, item.tag.as_deref()) {
                    Py::Int(number) => number,
                    Py::Bool(value) => Some(i128::from(value)),
                    _ => None,
                }
            });
            let network = match as_number {
                Some(as_number) => network_of_number(as_number),
                None => text.as_ref().and_then(|(t, _)| parse_network(t)),
            };
            match network {
                Some(network) => networks.push((network, item.span)),
                None => {
                    let shown = text.map_or("(a collection)".into(), |t| t.0);
                    self.rejected(
                        ctx.lenient,
                        item.span,
                        format!("rule {number} has invalid subnet `{shown}`: octoDNS rejects it"),
                        Some("write a network as `10.0.0.0/8` or `2001:db8::/32`, with no host bits set".into()),
                    );
                }
            }
        }
        // Broader networks first, as octoDNS sorts them, so that a narrower one of the same
        // rule is told from the broader one before it.
        networks.sort_by_key(|&(network, _)| network);
        for (network, span) in networks {
            if let Some(&(rule, earlier)) = seen.get(&network) {
                self.rejected_beside(
                    ctx,
                    span,
                    format!("rule {number} targets subnet {}, which rule {rule} targets already: octoDNS rejects it", network.shown()),
                    (earlier, "targeted here first"),
                );
            } else if let Some((broader, (rule, earlier))) = (0..network.prefix)
                .map(|prefix| network.widened(prefix))
                .find_map(|broader| seen.get(&broader).map(|&found| (broader, found)))
            {
                self.rejected_beside(
                    ctx,
                    span,
                    format!(
                        "rule {number} targets subnet {}, inside {} which rule {rule} targets already: octoDNS rejects it",
                        network.shown(),
                        broader.shown()
                    ),
                    (earlier, "the broader subnet"),
                );
            }
            seen.insert(network, (number, span));
        }
    }

    fn rule_geos(
        &mut self,
        ctx: &RecordCtx,
        number: usize,
        geos: &'a Node,
        seen: &mut HashMap<String, (usize, Span)>,
        lengths: &mut BTreeSet<usize>,
    ) {
        let Kind::Seq(items) = &geos.kind else {
            self.refused_even_lenient(
                ctx,
                geos.span,
                format!("the `geos` of rule {number} are not a list: octoDNS rejects it"),
                None,
            );
            return;
        };
        let mut codes = Vec::with_capacity(items.len());
        for item in items {
            let Some(item) = self.deref(item) else {
                continue;
            };
            match python_text(item) {
                Some((code, true)) => codes.push((code, item.span)),
                _ => {
                    self.structure(
                        item.span,
                        format!("a geo code of rule {number} is not text: octoDNS stops with a Python error"),
                        Some("geo codes look like `NA`, `NA-US` or `NA-US-CA`".into()),
                    );
                    return;
                }
            }
        }
        // `NA` before `NA-US`, as octoDNS sorts them, so that a narrower code of the same
        // rule is told from the broader one before it.
        codes.sort_by(|a, b| a.0.cmp(&b.0));
        for (code, span) in codes {
            if geo_code_problem(&code) == Some(GEO_PROVINCE_CRASH) {
                self.structure(
                    span,
                    format!("rule {number} has geo `{code}`, a province of a country octoDNS knows no provinces of: octoDNS stops with a Python error (KeyError)"),
                    Some("octoDNS knows provinces of the United States and Canada only: target the country".into()),
                );
            } else if let Some(problem) = geo_code_problem(&code) {
                self.rejected(
                    ctx.lenient,
                    span,
                    format!("rule {number} has {problem} `{code}`: octoDNS rejects it"),
                    Some("geo codes look like `EU`, `NA-US` or `NA-US-CA`: a continent, an ISO 3166 country, a US state or Canadian province".into()),
                );
            }
            if let Some(&(rule, earlier)) = seen.get(&code) {
                self.rejected_beside(
                    ctx,
                    span,
                    format!("rule {number} targets geo `{code}`, which rule {rule} targets already: octoDNS rejects it"),
                    (earlier, "targeted here first"),
                );
            } else if let Some((broader, (rule, earlier))) = lengths
                .iter()
                .take_while(|&&length| length < code.len())
                .filter_map(|&length| code.get(..length))
                .find_map(|prefix| seen.get(prefix).map(|&found| (prefix, found)))
            {
                self.rejected_beside(
                    ctx,
                    span,
                    format!("rule {number} targets geo `{code}`, inside `{broader}` which rule {rule} targets already: octoDNS rejects it"),
                    (earlier, "the broader geo"),
                );
            }
            if code.len() <= LONGEST_GEO {
                lengths.insert(code.len());
            }
            seen.insert(code, (number, span));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn networks_read_as_python_reads_them() {
        let network = |text: &str| parse_network(text).map(Network::shown);
        assert_eq!(network("10.0.0.0/8").as_deref(), Some("10.0.0.0/8"));
        assert_eq!(network("10.0.0.0/08").as_deref(), Some("10.0.0.0/8"));
        assert_eq!(network("192.0.2.1").as_deref(), Some("192.0.2.1/32"));
        assert_eq!(network("10.0.0.0/255.0.0.0").as_deref(), Some("10.0.0.0/8"));
        assert_eq!(
            network("10.0.0.0/0.255.255.255").as_deref(),
            Some("10.0.0.0/8")
        );
        assert_eq!(network("2001:db8::/32").as_deref(), Some("2001:db8::/32"));
        assert_eq!(network("::/0").as_deref(), Some("::/0"));
        // A scope is read and left out of the network compared.
        assert_eq!(network("fe80::1%eth0").as_deref(), Some("fe80::1/128"));
        assert_eq!(network("fe80::%eth0/64").as_deref(), Some("fe80::/64"));
        // A number is the address of that number.
        let number = |n: i128| network_of_number(n).map(Network::shown);
        assert_eq!(number(167_772_160).as_deref(), Some("10.0.0.0/32"));
        assert_eq!(number(1).as_deref(), Some("0.0.0.1/32"));
        assert_eq!(number(1 << 32).as_deref(), Some("::1:0:0/128"));
        assert_eq!(number(-1), None);
        // Host bits set, a prefix too long, a broken mask, two slashes, a sign.
        for bad in [
            "10.0.0.1/8",
            "10.0.0.0/33",
            "2001:db8::/129",
            "10.0.0.0/255.0.255.0",
            "10.0.0.0/8/8",
            "10.0.0.0/+8",
            "fe80::1%",
            "fe80::1%a%b",
            "10.0.0.1%eth0",
            "010.0.0.0/8",
            "",
            "example.com",
        ] {
            assert_eq!(network(bad), None, "{bad}");
        }
    }

    #[test]
    fn geo_codes_checked_as_octodns_checks_them() {
        assert_eq!(geo_code_problem("EU"), None);
        assert_eq!(geo_code_problem("EU-FR"), None);
        assert_eq!(geo_code_problem("NA-US-CA"), None);
        assert_eq!(geo_code_problem("NA-CA-QC"), None);
        assert_eq!(geo_code_problem("XX"), Some("unknown continent code"));
        assert_eq!(geo_code_problem("eu"), Some("unknown continent code"));
        assert_eq!(geo_code_problem("EU-US"), Some("unknown country code"));
        assert_eq!(geo_code_problem("NA-US-XX"), Some("unknown province code"));
        assert_eq!(geo_code_problem("EU-FR-75"), Some(GEO_PROVINCE_CRASH));
        assert_eq!(geo_code_problem("NA-US-CA-SF"), Some("invalid geo code"));
    }

    #[test]
    fn geo_code_lists_are_sorted_for_binary_search() {
        for list in [
            geo_codes::CONTINENTS,
            geo_codes::COUNTRIES,
            geo_codes::PROVINCES,
        ] {
            assert!(list.windows(2).all(|pair| pair[0] < pair[1]));
        }
        assert_eq!(geo_codes::COUNTRIES.len(), 249);
        assert_eq!(geo_codes::PROVINCES.len(), 70);
    }

    #[test]
    fn a_network_widens_to_each_broader_prefix() {
        let network = parse_network("10.1.2.0/24").unwrap();
        assert_eq!(network.widened(8).shown(), "10.0.0.0/8");
        assert_eq!(network.widened(0).shown(), "0.0.0.0/0");
        let v6 = parse_network("2001:db8:1::/48").unwrap();
        assert_eq!(v6.widened(32).shown(), "2001:db8::/32");
    }
}
