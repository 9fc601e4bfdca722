//! octoDNS zone data (YAML trees) lowered into the zone model, as octoDNS reads it.
//!
//! Values are turned into presentation-format pieces and handed to [`parse_rdata`], so YAML
//! gets the same RDATA validation and the same typed [`RData`] as zone files. Each piece keeps
//! the span of the YAML scalar it came from, so a diagnostic points at the value itself.
//!
//! What octoDNS would refuse is reported as it is met, and lowering goes on with the next
//! value or record. octoDNS has no origin: a name without a final dot is an error there
//! (NAME001 here), so we complete it the way the author meant and never mark fields relative.
//!
//! [`parse_rdata`]: crate::parse::rdata::parse_rdata
//! [`RData`]: crate::model::RData

mod dynamic;
mod order;
mod values;

use std::borrow::Cow;
use std::collections::HashMap;
use std::rc::Rc;

use rustc_hash::FxHashMap;

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Class, ProxiedRecord, RData, RType, Record, RecordSpans};
use crate::name::Name;
use crate::parse::octodns::config::{Dropped, TargetSupport};
use crate::parse::octodns::idna_encode;
use crate::parse::octodns::scalar::{self, Py};
use crate::parse::octodns::types::{self, FieldKind, OctoType};
use crate::parse::octodns::yaml::{self, Document, Kind, Node};
use crate::parse::rdata::{self, ErrorKind, RdataError};
use crate::rules::Rule;
use crate::rules::names::missing_trailing_dot;
use crate::rules::syntax::*;
use crate::source::{FileId, Span};

pub use order::check_key_order;

/// What the YamlProvider reading the zone is configured to do.
#[derive(Clone, Debug)]
pub struct ZoneOptions {
    /// The TTL of records without one (`default_ttl`, 3600 unless configured).
    pub default_ttl: u32,
    /// Whether TXT values escape `;` as `\;` (`escaped_semicolons`, true by default).
    pub escaped_semicolons: bool,
    /// The zone's config entry says `lenient: true` (a `'*'` entry too): every record is
    /// lenient, as with `octodns: lenient: true` on the record.
    pub lenient: bool,
    /// The octoDNS release assumed, which decides what a missing final dot does.
    pub octodns: OctoDnsVersion,
    /// Whether the zone may be pushed to Cloudflare, which alone reads `octodns: cloudflare:
    /// proxied:`: false when the zone's config entry names its targets and none is a
    /// CloudflareProvider; true without a config, as the setting is written for a reason.
    pub cloudflare_target: bool,
    /// The zone's targets whose record types zonelint knows: a record of another type stops
    /// octodns-sync, or is left out with `strict_supports: false`.
    pub targets: Vec<TargetSupport>,
    /// The ids of every target the zone's config entry names (none without a config): a
    /// record whose `octodns: included:`/`excluded:` keeps it from all of them is pushed to
    /// none.
    pub target_ids: Vec<String>,
    /// What the zone's processors take out before octoDNS pushes: not checked against the
    /// targets.
    pub dropped: Dropped,
    /// The config's validators refuse SPF-type records ([`super::config::Config::spf_record_type_rejected`]).
    pub spf_record_type_rejected: bool,
}

impl Default for ZoneOptions {
    fn default() -> ZoneOptions {
        ZoneOptions {
            default_ttl: 3600,
            escaped_semicolons: true,
            lenient: false,
            octodns: OctoDnsVersion::default(),
            cloudflare_target: true,
            targets: Vec::new(),
            target_ids: Vec::new(),
            dropped: Dropped::default(),
            spf_record_type_rejected: false,
        }
    }
}

/// What the repository says of the octoDNS it deploys with. Until 1.16 octoDNS refused a
/// target (MX exchange, SRV target, CNAME/ALIAS/DNAME/PTR/NS value, SVCB/HTTPS targetname)
/// without its final dot; from 1.17 that check is in the opt-in `best-practice` validator set
/// (`octodns/record/target.py`, CHANGELOG 1.17.0 "Validators Next"). Checked with
/// `octodns-validate` 1.9.1 (refuses; warns when lenient) and 1.22.0 (accepts).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OctoDnsVersion {
    /// `(major, minor)` pinned by the repository; None: the newest release is assumed.
    pub pinned: Option<(u32, u32)>,
    /// Where the pin was read, for messages (`requirements.txt`).
    pub pinned_in: Option<String>,
    /// The config enables the `best-practice` validators.
    pub best_practice: bool,
}

impl OctoDnsVersion {
    /// Does octoDNS refuse a target written without its final dot?
    pub fn requires_final_dot(&self) -> bool {
        self.best_practice || self.pinned.is_some_and(|version| version < (1, 17))
    }

    /// Does the release have the zone validators of `octodns/zone/` (the `mail`, NS, CNAME,
    /// MX, SRV and CAA checks of the `best-practice` set)? Checked against 1.22.0; an older
    /// pin is not judged by them.
    pub fn has_zone_validators(&self) -> bool {
        self.pinned.is_none_or(|version| version >= (1, 22))
    }

    /// The assumption, said in messages: "octoDNS 1.9 (pinned in requirements.txt)".
    pub fn describe(&self) -> String {
        let mut text = match (&self.pinned, &self.pinned_in) {
            (Some((major, minor)), Some(place)) => {
                format!("octoDNS {major}.{minor} (pinned in {place})")
            }
            (Some((major, minor)), None) => format!("octoDNS {major}.{minor}"),
            _ => "the newest octoDNS (no version pinned)".to_string(),
        };
        if self.best_practice {
            text.push_str(" with `best-practice` validators");
        }
        text
    }

    /// The octoDNS release pinned in a dependency file named `file_name` (the loader's
    /// `PIN_FILES`):
    /// `octodns==1.9.1` in requirements or a PEP 621 `dependencies` list, `octodns =
    /// "==1.9.1"` in a Pipfile or Poetry's dependencies, the locked version in Pipfile.lock,
    /// poetry.lock or uv.lock. None for a range (`>=1.9`, `^1.9`, `*`) or a file that does not
    /// read.
    pub fn pin_from_file(file_name: &str, text: &str) -> Option<(u32, u32)> {
        match file_name {
            "requirements.txt" => Self::pin_from_requirements(text),
            "Pipfile.lock" => {
                let lock: serde_json::Value = serde_json::from_str(text).ok()?;
                let version = lock.get("default")?.get("octodns")?.get("version")?;
                Self::pin_from_spec(version.as_str()?)
            }
            "poetry.lock" | "uv.lock" => {
                let lock: toml::Table = text.parse().ok()?;
                lock.get("package")?
                    .as_array()?
                    .iter()
                    .find(|package| package.get("name").and_then(|n| n.as_str()) == Some("octodns"))
                    .and_then(|package| package.get("version")?.as_str())
                    .and_then(Self::version_numbers)
            }
            "Pipfile" => {
                let pipfile: toml::Table = text.parse().ok()?;
                Self::pin_from_spec_value(pipfile.get("packages")?.get("octodns")?)
            }
            "pyproject.toml" => {
                let project: toml::Table = text.parse().ok()?;
                let pep621 = project
                    .get("project")
                    .and_then(|p| p.get("dependencies"))
                    .and_then(|d| d.as_array())
                    .and_then(|dependencies| {
                        let lines: Vec<&str> =
                            dependencies.iter().filter_map(|d| d.as_str()).collect();
                        Self::pin_from_requirements(&lines.join("\n"))
                    });
                pep621.or_else(|| {
                    let poetry = project.get("tool")?.get("poetry")?.get("dependencies")?;
                    Self::pin_from_spec_value(poetry.get("octodns")?)
                })
            }
            _ => None,
        }
    }

    /// A Pipfile or Poetry dependency: `"==1.9.1"`, or a table with a `version`.
    fn pin_from_spec_value(value: &toml::Value) -> Option<(u32, u32)> {
        let spec = match value {
            toml::Value::String(spec) => spec.as_str(),
            toml::Value::Table(table) => table.get("version")?.as_str()?,
            _ => return None,
        };
        Self::pin_from_spec(spec)
    }

    /// The newest `(major, minor)` a version specifier lets pip install: `==1.9.1`,
    /// `===1.9.1`, `~=1.9.1`, a bare `1.9.1` (Poetry's exact form), or a range with an upper
    /// bound (`>=0.9.9,<1.0` is 0.9, octoDNS's last release before 1.0; `<1.10` is 1.9);
    /// None when the newest allowed release is not known (`>=1.8`, `^1.8`, `*`).
    fn pin_from_spec(spec: &str) -> Option<(u32, u32)> {
        let spec = spec.split(';').next().unwrap_or("").trim();
        if spec.starts_with(|c: char| c.is_ascii_digit() || c == 'v') {
            return Self::version_numbers(spec);
        }
        let mut newest: Option<(u32, u32)> = None;
        for clause in spec.split(',').map(str::trim).filter(|c| !c.is_empty()) {
            let operator_len = clause
                .find(|c: char| c.is_ascii_digit() || c == 'v' || c == ' ')
                .unwrap_or(clause.len());
            let (operator, version) = clause.split_at(operator_len);
            let version = version.trim();
            let any_later = version.ends_with(".*");
            let numbers: Vec<u32> = version
                .trim_end_matches(".*")
                .trim_start_matches('v')
                .split('.')
                .map(|part| part.parse().ok())
                .collect::<Option<_>>()?;
            let (major, minor, patch) = (
                *numbers.first()?,
                numbers.get(1).copied(),
                numbers.get(2).copied(),
            );
            let bound = match operator {
                // `==1.*` allows every 1.x release: the newest is not known.
                "==" | "===" if any_later && minor.is_none() => {
                    return major.checked_add(1).and_then(Self::newest_below_major);
                }
                "==" | "===" => return Some((major, minor.unwrap_or(0))),
                "<=" => Some((major, minor.unwrap_or(0))),
                // `~=X.Y.Z` stays below X.(Y+1); `~=X.Y` below (X+1).0.
                "~=" if patch.is_some() => Some((major, minor?)),
                "~=" => major.checked_add(1).and_then(Self::newest_below_major),
                "<" => match (minor.unwrap_or(0), patch.unwrap_or(0)) {
                    (minor, patch) if patch > 0 => Some((major, minor)),
                    (minor, _) if minor > 0 => Some((major, minor - 1)),
                    _ => Self::newest_below_major(major),
                },
                ">=" | ">" | "!=" => continue,
                _ => return None,
            };
            let bound = bound?;
            newest = Some(newest.map_or(bound, |known: (u32, u32)| known.min(bound)));
        }
        newest
    }

    /// The newest `(major, minor)` of octoDNS below `major.0`: 0.9 below 1.0 (0.9.21 was the
    /// last 0.x release); not known for later majors.
    fn newest_below_major(major: u32) -> Option<(u32, u32)> {
        (major == 1).then_some((0, 9))
    }

    /// `(major, minor)` of a version such as `1.9.1` or `v1.9`.
    fn version_numbers(version: &str) -> Option<(u32, u32)> {
        let mut parts = version.trim().trim_start_matches('v').split('.');
        let major = parts.next()?.parse().ok()?;
        let minor = parts.next().map_or(Some(0), |m| m.parse().ok())?;
        Some((major, minor))
    }

    /// Read the octoDNS release a pip requirements file installs: `octodns==X.Y[.Z]`, `~=`,
    /// `===`, or a range with an upper bound (`octodns>=0.9.9,<1.0`), as [`Self::pin_from_spec`]
    /// reads them.
    pub fn pin_from_requirements(text: &str) -> Option<(u32, u32)> {
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some(rest) = line
                .get(..7)
                .filter(|name| name.eq_ignore_ascii_case("octodns"))
                .map(|_| line[7..].trim_start())
            else {
                continue;
            };
            // Extras (`octodns[dev]==1.9.1`) and a parenthesised specifier (`octodns (<1.0)`).
            let rest = match rest.strip_prefix('[') {
                Some(extras) => extras
                    .split_once(']')
                    .map_or("", |(_, after)| after.trim_start()),
                None => rest,
            };
            let rest = rest.trim_start_matches('(').trim_start();
            // `octodns-route53==...` is another package.
            if !rest.starts_with(['=', '<', '>', '~', '!']) {
                continue;
            }
            // pip's options after the specifier: `--hash=...` and the line continuation
            // `pip-compile --generate-hashes` writes (`octodns==1.9.1 \`).
            let spec = rest
                .split(" --")
                .next()
                .unwrap_or(rest)
                .trim_end_matches('\\')
                .trim_end()
                .trim_end_matches(')');
            return Self::pin_from_spec(spec);
        }
        None
    }
}

/// The order octoDNS enforces on mapping keys (`order_mode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyOrder {
    Natural,
    Simple,
}

/// What each `!include` resolved to, by the span of the tagged node. An include that could
/// not be read is absent (the loader reported it), and what refers to it is skipped quietly.
pub type Includes = HashMap<Span, Rc<Node>>;

pub struct Lowered {
    pub records: Vec<Record>,
    pub diagnostics: Vec<Diagnostic>,
    /// [`crate::model::Zone::cloudflare_proxied`].
    pub cloudflare_proxied: Vec<ProxiedRecord>,
    /// [`crate::model::Zone::unmodelled`].
    pub unmodelled: Vec<Name>,
    /// [`crate::model::Zone::unmodelled_addresses`]: the owners of `URLFWD` records.
    pub unmodelled_addresses: Vec<Name>,
    /// The records marked `octodns: lenient: true`, by name and type: octoDNS only logs what
    /// its zone validators find in them ([`super::zone_validators`]).
    pub lenient_records: Vec<(Name, RType)>,
}

/// One file of a zone, with the options of the provider that reads it.
pub struct ZoneDocument<'d> {
    pub document: &'d Document,
    pub options: &'d ZoneOptions,
    /// The provider has `populate_should_replace`: its records replace earlier ones of the
    /// same name and type instead of clashing with them.
    pub replaces: bool,
}

/// Lower the files of one zone (a zone file, a split directory's files, the files of several
/// providers) in the order octoDNS reads them.
pub fn lower_zone(apex: &Name, documents: &[ZoneDocument<'_>], includes: &Includes) -> Lowered {
    let default_options = ZoneOptions::default();
    let mut lowerer = Lowerer {
        apex,
        options: &default_options,
        replaces: false,
        includes,
        records: Vec::new(),
        diagnostics: Vec::new(),
        defined: FxHashMap::default(),
        cloudflare_proxied: Vec::new(),
        unmodelled: Vec::new(),
        unmodelled_addresses: Vec::new(),
        lenient_records: Vec::new(),
    };
    for input in documents {
        lowerer.options = input.options;
        lowerer.replaces = input.replaces;
        lowerer.document(input.document);
    }
    // Sorted by owner (a stable sort: file order among one owner's), for MX019's lookups.
    let mut cloudflare_proxied = lowerer.cloudflare_proxied;
    cloudflare_proxied.sort_by(|a, b| a.owner.cmp(&b.owner));
    let mut unmodelled = lowerer.unmodelled;
    unmodelled.sort();
    unmodelled.dedup();
    let mut unmodelled_addresses = lowerer.unmodelled_addresses;
    unmodelled_addresses.sort();
    unmodelled_addresses.dedup();
    Lowered {
        records: lowerer.records,
        diagnostics: lowerer.diagnostics,
        cloudflare_proxied,
        unmodelled,
        unmodelled_addresses,
        lenient_records: lowerer.lenient_records,
    }
}

/// Whether `key` is a lower-case word (letters and `_`, not `nan` or `inf`): such a key is
/// only ever the Python string of the same text, which [`key_is`] uses.
fn is_plain_word(key: &str) -> bool {
    !key.is_empty()
        && key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
        && !matches!(key, "nan" | "inf")
}

/// `key_string(node) == key`, without resolving every key looked at: a lower-case word is
/// only ever the Python string of the same text (PyYAML's other readings of a plain scalar
/// are spelt `True`, `None`, digits, `nan` or `inf`, none of them a key octoDNS reads).
/// `word` is [`is_plain_word`] of `key`, worked out once for all the entries looked through.
fn key_is(node: &Node, key: &str, word: bool) -> bool {
    if word
        && node.tag.is_none()
        && let Some((text, _)) = node.scalar()
        && text != key
    {
        return false;
    }
    key_string(node) == key
}

/// A key as octoDNS sees it after loading (`str()` of what PyYAML made of it).
fn key_string(key: &Node) -> std::borrow::Cow<'_, str> {
    let node = match &key.kind {
        Kind::Alias(target) => target.as_ref(),
        _ => key,
    };
    match node.scalar() {
        Some((text, style)) => {
            scalar::python_str(text, scalar::resolve(text, style, node.tag.as_deref()))
        }
        None => yaml::key_text(node).into(),
    }
}

/// One presentation-format RDATA piece, owned, with the span of its YAML scalar.
struct OwnedPiece {
    text: String,
    span: Span,
    quoted: bool,
}

/// A scalar field read for lowering.
enum Got<'a> {
    Value(Cow<'a, str>, Span),
    /// Absent or null.
    Missing,
    /// Already reported, or behind an include that failed: skip the value quietly.
    Skip,
}

/// What is known of the record being lowered.
struct RecordCtx {
    owner: Name,
    owner_span: Span,
    /// The record's mapping (one element of a record list).
    item_span: Span,
    /// The whole record, from its name to its end (for an element of a record list, from the
    /// name too: a suppression comment at the name covers every record under it).
    entry_span: Span,
    type_span: Span,
    octo: &'static OctoType,
    ttl: u32,
    lenient: bool,
    /// False for `octodns: ignored: true`: checked, but octoDNS does not manage it.
    publish: bool,
    /// A `geo` or `dynamic` answer: another answer for the record published at the name,
    /// not a record of its own.
    alternative: bool,
}

struct Lowerer<'a> {
    apex: &'a Name,
    /// The options of the provider reading the current file.
    options: &'a ZoneOptions,
    /// The current file's records replace earlier ones (`populate_should_replace`).
    replaces: bool,
    includes: &'a Includes,
    records: Vec<Record>,
    diagnostics: Vec<Diagnostic>,
    /// (owner, type) → where the type was given: octoDNS allows one record of a type per name.
    defined: FxHashMap<(Name, &'static str), Span>,
    cloudflare_proxied: Vec<ProxiedRecord>,
    /// Owners of records checked but not lowered ([`crate::model::Zone::unmodelled`]).
    unmodelled: Vec<Name>,
    /// Owners of `URLFWD` records ([`crate::model::Zone::unmodelled_addresses`]).
    unmodelled_addresses: Vec<Name>,
    lenient_records: Vec<(Name, RType)>,
}

impl<'a> Lowerer<'a> {
    // ----- reading the tree ---------------------------------------------------------------

    /// Follow aliases and includes. None behind an include that could not be read.
    fn deref(&self, mut node: &'a Node) -> Option<&'a Node> {
        // Includes cannot form cycles (the loader refuses them) and aliases point backwards,
        // so this ends; the bound is a guard.
        for _ in 0..64 {
            if let Kind::Alias(target) = &node.kind {
                node = target;
                continue;
            }
            if node.is_include() {
                node = self.includes.get(&node.span)?;
                continue;
            }
            return Some(node);
        }
        None
    }

    /// A mapping's entries with YAML merge keys (`<<`) applied as PyYAML does: written keys
    /// win over merged ones, and earlier merged mappings over later ones. None if `node` is
    /// not a mapping.
    fn mapping(&mut self, node: &'a Node) -> Option<Vec<(&'a Node, &'a Node)>> {
        let Kind::Map(entries) = &node.kind else {
            return None;
        };
        let mut out: Vec<(&'a Node, &'a Node)> = Vec::with_capacity(entries.len());
        let mut merges = Vec::new();
        for (key, value) in entries {
            if key.is_merge_key() {
                merges.push(value);
            } else {
                out.push((key, value));
            }
        }
        for merge in merges {
            let Some(merge) = self.deref(merge) else {
                continue;
            };
            let sources: Vec<&'a Node> = match &merge.kind {
                Kind::Seq(items) => items.iter().filter_map(|i| self.deref(i)).collect(),
                _ => vec![merge],
            };
            for source in sources {
                let Some(merged) = self.mapping(source) else {
                    self.structure(
                        source.span,
                        "`<<` merges a mapping or a list of mappings",
                        None,
                    );
                    continue;
                };
                for (key, value) in merged {
                    let name = key_string(key);
                    if !out.iter().any(|(k, _)| key_string(k) == name) {
                        out.push((key, value));
                    }
                }
            }
        }
        Some(out)
    }

    fn find<'e>(
        entries: &'e [(&'a Node, &'a Node)],
        key: &str,
    ) -> Option<&'e (&'a Node, &'a Node)> {
        // The key is looked for among several entries: whether it is a plain word is asked once.
        let word = is_plain_word(key);
        entries.iter().find(|(k, _)| key_is(k, key, word))
    }

    // ----- diagnostics --------------------------------------------------------------------

    fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn structure(&mut self, span: Span, message: impl Into<String>, help: Option<String>) {
        let mut diagnostic = Diagnostic::new(&INVALID_OCTODNS_RECORD, span, message);
        if let Some(help) = help {
            diagnostic = diagnostic.with_help(help);
        }
        self.push(diagnostic);
    }

    /// A record of a type one of the zone's targets does not take, or a root NS record a
    /// target does not manage: octodns-sync stops at it (every record counts, ignored,
    /// excluded and lenient ones too: octoDNS checks the zone before it filters by target),
    /// or with `strict_supports: false` leaves it out of that target.
    fn unsupported_by_targets(&mut self, owner: &Name, type_name: &str, span: Span) {
        // Most zones name no target zonelint knows: nothing to compare, per record. The table
        // is of the 1.x plugins; before 1.0 the providers were octoDNS's own.
        if self.options.targets.is_empty()
            || self
                .options
                .octodns
                .pinned
                .is_some_and(|version| version < (1, 0))
        {
            return;
        }
        let root_ns = type_name == "NS" && owner == self.apex;
        if self.options.dropped.drops(type_name, root_ns) {
            return;
        }
        for target in &self.options.targets {
            let refused = if root_ns {
                !target.root_ns
            } else {
                !target.supports(type_name)
            };
            if !refused {
                continue;
            }
            let what = if root_ns {
                format!("root NS record not supported for {}", self.apex)
            } else {
                format!("{type_name} records not supported for {owner}")
            };
            let (message, severity, help) = if target.strict {
                (
                    format!(
                        "the target `{id}` ({class}) does not take this record: octodns-sync stops before changing anything (\"SupportsException: {id}: {what}\")",
                        id = target.id,
                        class = target.class
                    ),
                    Severity::Error,
                    if root_ns {
                        "The provider manages the zone's own NS records itself: remove the apex NS record from the zone, or set `strict_supports: false` on the provider to have octoDNS leave it out with a warning."
                    } else if type_name == "SPF" {
                        "Receivers read SPF from TXT records only (RFC 7208 §3.1): remove the SPF-type record and keep the TXT one, or set `strict_supports: false` on the provider to have octoDNS leave it out with a warning."
                    } else {
                        "Remove the record, or set `strict_supports: false` on the provider to have octoDNS leave it out there with a warning."
                    },
                )
            } else {
                (
                    format!(
                        "the target `{id}` ({class}) does not take this record: with `strict_supports: false` octoDNS leaves it out there (\"{what}; omitting record\")",
                        id = target.id,
                        class = target.class
                    ),
                    Severity::Warning,
                    "The record is not published at this provider; remove it, or publish it where it is wanted.",
                )
            };
            let diagnostic = Diagnostic::new(&OCTODNS_VALIDATION, span, message)
                .with_severity(severity)
                .with_help(help);
            self.push(diagnostic);
        }
    }

    /// Something octoDNS's validators reject: an error, or a warning for a lenient record.
    fn rejected(&mut self, lenient: bool, span: Span, message: String, help: Option<String>) {
        let mut diagnostic = self.rejection(lenient, span, message);
        if let Some(help) = help {
            diagnostic = diagnostic.with_help(help);
        }
        self.push(diagnostic);
    }

    /// The diagnostic [`Self::rejected`] pushes, for a caller that adds labels.
    fn rejection(&self, lenient: bool, span: Span, message: String) -> Diagnostic {
        if lenient {
            // The message says what octoDNS's validator finds; lenient, octoDNS logs it as a
            // warning instead of refusing the zone, which `octodns-validate` turns into exit 1.
            let finding = message
                .strip_suffix(": octoDNS rejects it")
                .unwrap_or(&message)
                .replace(": octoDNS rejects it (", " (");
            Diagnostic::new(
                &OCTODNS_VALIDATION,
                span,
                format!("{finding} (octoDNS would refuse it, but the record or its zone is lenient: octodns-sync logs a warning and applies it, octodns-validate exits 1)"),
            )
            .with_severity(Severity::Warning)
        } else {
            Diagnostic::new(&OCTODNS_VALIDATION, span, message)
        }
    }

    /// RDATA that does not parse: SYN002 and friends, as for zone files; for a lenient record
    /// octoDNS only logs it, so it is a warning.
    fn rdata_problem(&mut self, lenient: bool, error: RdataError, file: FileId) {
        let span = Span {
            file,
            start: error.span.0,
            end: error.span.1,
        };
        let rule: &'static Rule = match error.kind {
            ErrorKind::Rdata => &INVALID_RDATA,
            ErrorKind::Name => &INVALID_NAME,
            ErrorKind::NoOrigin => &MISSING_ORIGIN,
            ErrorKind::Type => &UNKNOWN_TYPE,
            // A digest shorter than its type says. octoDNS checks SSHFP fingerprints itself
            // (reported already, at this span); DS digests only with its `strict` validators.
            // BIND refuses it, octoDNS 1.22.0 loads it (its NAPTR checks do not read the
            // regexp): a record a resolver cannot apply, deployed as written.
            ErrorKind::BindRefuses => {
                self.push(
                    Diagnostic::new(
                        &INVALID_RDATA,
                        span,
                        format!(
                            "{}: octoDNS loads it, but resolvers cannot apply the rule (BIND refuses such a record)",
                            error.message
                        ),
                    )
                    .with_severity(Severity::Warning),
                );
                return;
            }
            ErrorKind::Length => {
                if !self.diagnostics.iter().any(|d| d.span == span) {
                    self.push(
                        Diagnostic::new(
                            &OCTODNS_VALIDATION,
                            span,
                            format!(
                                "{}: octoDNS accepts it unless its `strict` validators are enabled, but the record is wrong",
                                error.message
                            ),
                        )
                        .with_severity(Severity::Warning),
                    );
                }
                return;
            }
        };
        if lenient && matches!(error.kind, ErrorKind::Rdata | ErrorKind::Name) {
            self.rejected(true, span, error.message, None);
        } else {
            self.push(Diagnostic::new(rule, span, error.message));
        }
    }

    fn unknown_key(&mut self, key: &Node, context: &str, known: &[&str]) {
        let name = key_string(key);
        let mut diagnostic = Diagnostic::new(
            &OCTODNS_IGNORED_KEY,
            key.span,
            format!("unknown key `{name}` {context}: octoDNS ignores it"),
        );
        if let Some(suggestion) = suggest(&name, known) {
            diagnostic = diagnostic.with_help(format!("did you mean `{suggestion}`?"));
        }
        self.push(diagnostic);
    }

    /// A required key is absent. When an unknown key looks like its misspelling, point there.
    fn missing_key(
        &mut self,
        entries: &[(&'a Node, &'a Node)],
        known: &[&str],
        key: &str,
        within: Span,
        message: String,
    ) -> Option<Span> {
        let misspelled = entries.iter().find(|(k, _)| {
            let name = key_string(k);
            !known.contains(&name.as_ref()) && suggest(&name, &[key]).is_some()
        });
        match misspelled {
            Some((k, _)) => {
                let name = key_string(k);
                self.structure(
                    k.span,
                    format!("{message}; `{name}` is not a key octoDNS reads"),
                    Some(format!("did you mean `{key}`?")),
                );
                Some(k.span)
            }
            None => {
                self.structure(within, message, None);
                None
            }
        }
    }

    fn implicit_type(&mut self, span: Span, message: String, help: String) {
        self.push(Diagnostic::new(&YAML_IMPLICIT_TYPE, span, message).with_help(help));
    }

    // ----- zone, records --------------------------------------------------------------------

    fn document(&mut self, document: &'a Document) {
        let Some(root) = &document.root else {
            return;
        };
        let Some(root) = self.deref(root) else {
            return;
        };
        if root.is_null() {
            return;
        }
        let Some(entries) = self.mapping(root) else {
            self.structure(
                root.span,
                "an octoDNS zone file is a mapping from record names to records",
                Some("write `name:` keys (`''` for the zone apex) whose values are records".into()),
            );
            return;
        };
        for (key, value) in entries {
            self.record_set(key, value);
        }
    }

    /// The record name of a zone file key, completed with the zone.
    fn record_name(&mut self, key: &'a Node) -> Option<Name> {
        let node = self.deref(key)?;
        let Some((text, style)) = node.scalar() else {
            self.structure(
                key.span,
                "a record name must be text, not a list or mapping",
                None,
            );
            return None;
        };
        let value = scalar::resolve(text, style, node.tag.as_deref());
        let name = scalar::python_str(text, value);
        if name != text {
            // octoDNS lower-cases the name it makes (Python's `str(None)` is `None`; the record
            // published is `none.<zone>`).
            self.implicit_type(
                key.span,
                format!(
                    "octoDNS (YAML 1.1) reads the record name `{text}` as {}, so the record is named `{}`",
                    value.describe(),
                    name.to_lowercase()
                ),
                format!("quote the name: `'{text}':`"),
            );
        }
        if name.is_empty() {
            return Some(self.apex.clone());
        }
        if name == "@" {
            self.rejected(
                false,
                key.span,
                "octoDNS does not accept `@` as a record name".into(),
                Some("write `''` for the zone apex".into()),
            );
            return Some(self.apex.clone());
        }
        if name.contains([' ', '\t']) {
            self.push(Diagnostic::new(
                &INVALID_NAME,
                key.span,
                format!("record name `{name}` contains whitespace"),
            ));
            return None;
        }
        let encoded = match idna_encode(&name) {
            Ok(encoded) => encoded,
            Err(message) => {
                self.push(Diagnostic::new(
                    &INVALID_NAME,
                    key.span,
                    format!("record name `{name}`: {message}"),
                ));
                return None;
            }
        };
        if rdata::ends_with_unescaped_dot(encoded.as_bytes()) {
            // octoDNS appends the zone: `www.example.com.` becomes `www.example.com..example.com.`.
            let absolute = Name::from_ascii(&encoded).ok();
            let inside = absolute
                .as_ref()
                .and_then(|n| n.relative_to(self.apex).map(str::to_string));
            let mut diagnostic = Diagnostic::new(
                &INVALID_NAME,
                key.span,
                format!(
                    "record name `{name}` ends with a dot: octoDNS names are relative to the zone"
                ),
            );
            diagnostic = match &inside {
                Some(relative) if relative != "@" => {
                    diagnostic.with_help(format!("write `{relative}`"))
                }
                Some(_) => diagnostic.with_help("write `''` for the zone apex"),
                None => diagnostic,
            };
            self.push(diagnostic);
            return inside.and(absolute);
        }
        match Name::parse(encoded.as_bytes(), Some(self.apex)) {
            Ok((owner, _)) => {
                if missing_trailing_dot::repeats_origin(encoded.as_bytes(), &owner) {
                    self.push(owner_repeats_zone(
                        &name, &encoded, &owner, self.apex, key.span,
                    ));
                }
                Some(owner)
            }
            Err(error) => {
                self.push(Diagnostic::new(
                    &INVALID_NAME,
                    key.span,
                    format!("bad record name `{name}`: {error}"),
                ));
                None
            }
        }
    }

    /// One zone file key: a record, or a list of records at one name.
    fn record_set(&mut self, key: &'a Node, value: &'a Node) {
        let Some(owner) = self.record_name(key) else {
            return;
        };
        let written = value.span;
        let Some(value) = self.deref(value) else {
            return;
        };
        let shown = key_string(key);
        match &value.kind {
            Kind::Map(_) => self.record(&owner, key.span, written, value),
            Kind::Seq(items) => {
                for item in items {
                    let written = item.span;
                    let Some(item) = self.deref(item) else {
                        continue;
                    };
                    if matches!(item.kind, Kind::Map(_)) {
                        self.record(&owner, key.span, written, item);
                    } else {
                        self.structure(
                            item.span,
                            format!("each entry of the record list `{shown}` must be a mapping with `type` and `value` or `values`"),
                            None,
                        );
                    }
                }
            }
            Kind::Scalar { .. } if value.is_null() => self.structure(
                key.span,
                format!("record `{shown}` has no data"),
                Some("give it `type` and `value` (or `values`)".into()),
            ),
            _ => self.structure(
                value.span,
                format!("record `{shown}` must be a mapping with `type` and `value` or `values`"),
                None,
            ),
        }
    }

    /// One record: `item` is its mapping, aliases followed; `written` where the record is
    /// written at its name (the `*mx` of `shop: *mx`, or the mapping itself), which with the
    /// name makes the entry: not the anchor's, which is another record's place.
    fn record(&mut self, owner: &Name, owner_span: Span, written: Span, item: &'a Node) {
        let Some(entries) = self.mapping(item) else {
            return;
        };
        let shown_owner = self.quoted(owner);
        let Some((_, type_node)) = Self::find(&entries, "type").copied() else {
            let known: Vec<&str> = types::RECORD_KEYS
                .iter()
                .chain(types::GEO_KEYS)
                .copied()
                .collect();
            self.missing_key(
                &entries,
                &known,
                "type",
                owner_span,
                format!("record {shown_owner} has no `type`"),
            );
            return;
        };
        let Some(type_node) = self.deref(type_node) else {
            return;
        };
        let Some((type_text, _)) = type_node.scalar() else {
            self.structure(
                type_node.span,
                "`type` must be a record type such as `A` or `MX`",
                None,
            );
            return;
        };
        if type_text.contains('/') {
            // A provider's own type (`Route53Provider/ALIAS`): octoDNS hands it to the
            // provider, which validates it. We only check that it has a value, and keep an
            // alias to addresses as such.
            if Self::find(&entries, "value").is_none() && Self::find(&entries, "values").is_none() {
                self.structure(
                    item.span,
                    format!("record {shown_owner} ({type_text}) has no `value` or `values`"),
                    None,
                );
            } else {
                self.unsupported_by_targets(owner, type_text, type_node.span);
                self.provider_alias(owner, owner_span, item, &entries, type_node.span);
            }
            return;
        }
        let Some(octo) = types::find(type_text) else {
            self.unknown_type(type_node.span, type_text);
            return;
        };
        let mut known: Vec<&str> = types::RECORD_KEYS.to_vec();
        known.extend(types::geo_keys(octo.name));
        // Without a value, a key that looks like `value` is reported once, as the missing value.
        let no_value =
            Self::find(&entries, "value").is_none() && Self::find(&entries, "values").is_none();
        for (key, _) in &entries {
            let name = key_string(key);
            if no_value && suggest(&name, &["value", "values"]).is_some() {
                continue;
            }
            if !known.contains(&name.as_ref()) {
                self.unknown_key(
                    key,
                    &format!("in the {} record {shown_owner}", octo.name),
                    &known,
                );
            }
        }
        let meta = self.meta(Self::find(&entries, "octodns").map(|e| e.1));
        let lenient = meta.lenient || self.options.lenient;
        if let (true, Some(rtype)) = (meta.lenient, octo.rtype) {
            self.lenient_records.push((owner.clone(), rtype));
        }
        let ttl = self.ttl(Self::find(&entries, "ttl").map(|e| e.1), lenient);
        let ctx = RecordCtx {
            owner: owner.clone(),
            owner_span,
            item_span: item.span,
            // A record an `!include` brings is in the included file, which its spans are of.
            entry_span: if owner_span.file == item.span.file && written.file == item.span.file {
                owner_span.cover(written)
            } else {
                item.span
            },
            type_span: type_node.span,
            octo,
            ttl,
            lenient,
            publish: !meta.ignored && meta.reaches_a_target(&self.options.target_ids),
            alternative: false,
        };
        if let Some(&first) = self.defined.get(&(owner.clone(), octo.name)) {
            if self.replaces {
                if let Some(rtype) = octo.rtype {
                    self.records
                        .retain(|r| !(r.owner == *owner && r.rtype == rtype));
                    self.cloudflare_proxied
                        .retain(|p| !(p.owner == *owner && p.rtype == rtype));
                }
            } else if first.file != type_node.span.file {
                // Another file of the zone (another source's, a split zone's other file, an
                // `!include`): this file holds one such record, and merging is not the fix.
                self.push(
                    Diagnostic::new(
                        &INVALID_OCTODNS_RECORD,
                        type_node.span,
                        format!(
                            "{shown_owner} already has a record of type {} in another file of this zone: octoDNS stops at a record defined twice (DuplicateRecordException)",
                            octo.name
                        ),
                    )
                    .with_label(first, "the record defined first")
                    .with_help(
                        "octoDNS reads every file of the zone (each source's, each file of a split \
                         zone, each `!include`) into one zone. Within one source, put all values in \
                         one record's `values`; across sources, keep the record in one of them, or \
                         set `populate_should_replace: true` on the later source's provider where it \
                         is meant to replace the records it defines again.",
                    ),
                );
                return;
            } else {
                self.push(
                Diagnostic::new(
                    &INVALID_OCTODNS_RECORD,
                    type_node.span,
                    format!(
                        "{shown_owner} has a second {} record: octoDNS allows one record of each type per name",
                        octo.name
                    ),
                )
                .with_label(first, "the first one")
                .with_help("put all values in one record's `values`"),
                );
                return;
            }
        }
        self.defined
            .insert((owner.clone(), octo.name), type_node.span);
        self.record_checks(&ctx, &shown_owner);
        self.unsupported_by_targets(owner, octo.name, type_node.span);
        let Some(values) = self.values(&ctx, &entries, &shown_owner) else {
            return;
        };
        for value in values {
            self.value(&ctx, value);
        }
        // Cloudflare proxies only the address records and aliases it is told to.
        if let (Some(flag), Some(rtype @ (RType::A | RType::AAAA | RType::CNAME)), true, true) = (
            meta.cloudflare_proxied,
            octo.rtype,
            ctx.publish,
            self.options.cloudflare_target,
        ) {
            self.cloudflare_proxied.push(ProxiedRecord {
                owner: owner.clone(),
                rtype,
                flag,
            });
        }
        if !types::geo_keys(octo.name).is_empty() {
            self.geo_and_dynamic(&ctx, &entries);
        }
    }

    /// A provider's own record whose values are aliases to addresses, as Route 53's are
    /// (`type: Route53Provider/ALIAS`, each value a mapping with the `type` it answers, `A`
    /// or `AAAA`, and the target's `name`): kept as provider aliases whose addresses the
    /// zone does not say ([`RType::PROVIDER_ALIAS`]), so that the name has addresses for the
    /// rules, as it has for resolvers. Any other provider type says nothing zonelint reads.
    fn provider_alias(
        &mut self,
        owner: &Name,
        owner_span: Span,
        item: &'a Node,
        entries: &[(&'a Node, &'a Node)],
        type_span: Span,
    ) {
        let meta = self.meta(Self::find(entries, "octodns").map(|e| e.1));
        if meta.ignored || !meta.reaches_a_target(&self.options.target_ids) {
            self.unmodelled.push(owner.clone());
            return;
        }
        let values: Vec<&'a Node> = match (
            Self::find(entries, "value").map(|e| e.1),
            Self::find(entries, "values").map(|e| e.1),
        ) {
            (Some(value), _) => vec![value],
            (None, Some(values)) => match self.deref(values).map(|v| &v.kind) {
                Some(Kind::Seq(items)) => items.iter().collect(),
                _ => Vec::new(),
            },
            (None, None) => Vec::new(),
        };
        let mut aliases = Vec::new();
        for value in values {
            let Some(fields) = self.deref(value).and_then(|v| self.mapping(v)) else {
                continue;
            };
            let scalar = |key: &str| {
                Self::find(&fields, key)
                    .and_then(|(_, node)| self.deref(node))
                    .and_then(|node| Some((node.scalar()?.0, node.span)))
            };
            if !matches!(scalar("type"), Some(("A" | "AAAA", _))) {
                continue;
            }
            let Some((name, name_span)) = scalar("name") else {
                continue;
            };
            if let Ok((target, _)) = Name::parse(name.as_bytes(), Some(self.apex)) {
                aliases.push((target, name_span));
            }
        }
        if aliases.is_empty() {
            // Another provider type, or aliases to something else: the name holds records
            // zonelint does not read.
            self.unmodelled.push(owner.clone());
            return;
        }
        let lenient = meta.lenient || self.options.lenient;
        if meta.lenient {
            // The alias is kept as an A and an AAAA alias.
            self.lenient_records.push((owner.clone(), RType::A));
            self.lenient_records.push((owner.clone(), RType::AAAA));
        }
        let ttl = self.ttl(Self::find(entries, "ttl").map(|e| e.1), lenient);
        let home = item.span.file;
        let local = |span: Span, or: (u32, u32)| {
            if span.file == home {
                (span.start, span.end)
            } else {
                or
            }
        };
        let entry = if owner_span.file == home {
            owner_span.cover(item.span)
        } else {
            item.span
        };
        let entry = (entry.start, entry.end);
        let owner_at = local(owner_span, (entry.0, entry.0));
        for (target, name_span) in aliases {
            self.records.push(Record {
                owner: owner.clone(),
                ttl,
                class: Class::IN,
                rtype: RType::PROVIDER_ALIAS,
                rdata: RData::AddressAlias(target),
                relative_fields: 0,
                file: home,
                spans: RecordSpans::new(
                    entry,
                    owner_at,
                    local(type_span, entry),
                    &[local(name_span, entry)],
                ),
            });
        }
    }

    /// A record name for a message: quoted as written in a zone file, and said to be the apex
    /// where it is `''`, which reads as an empty quote otherwise.
    fn quoted(&self, owner: &Name) -> String {
        if owner == self.apex {
            return "`''` (the zone apex)".to_string();
        }
        format!("`{}`", self.shown(owner))
    }

    /// A record name as written in a zone file: relative, `''` for the apex.
    fn shown(&self, owner: &Name) -> String {
        if owner == self.apex {
            return "''".to_string();
        }
        owner
            .relative_to(self.apex)
            .unwrap_or(owner.as_str())
            .to_string()
    }

    fn unknown_type(&mut self, span: Span, text: &str) {
        let upper = text.to_ascii_uppercase();
        let (message, help) = if types::find(&upper).is_some() {
            (
                format!("unknown record type `{text}`: octoDNS type names are upper case"),
                Some(format!("write `{upper}`")),
            )
        } else if RType::from_mnemonic(upper.as_bytes()).is_some() {
            (
                format!("octoDNS has no `{upper}` record type"),
                Some(format!(
                    "octoDNS supports {}; a provider's own types are written `Provider/TYPE`",
                    types::TYPES
                        .iter()
                        .map(|t| t.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            )
        } else {
            (format!("unknown record type `{text}`"), None)
        };
        let mut diagnostic = Diagnostic::new(&UNKNOWN_TYPE, span, message);
        if let Some(help) = help {
            diagnostic = diagnostic.with_help(help);
        }
        self.push(diagnostic);
    }

    /// Record-level rules of octoDNS's validators.
    fn record_checks(&mut self, ctx: &RecordCtx, shown_owner: &str) {
        let at_apex = ctx.owner == *self.apex;
        match ctx.octo.name {
            "SPF" if self.options.spf_record_type_rejected => self.rejected(
                ctx.lenient,
                ctx.type_span,
                "an SPF-type record, which the validators the config turns on refuse (`spf-record-type`, of the `strict` set: \"The SPF record type is DEPRECATED\"): octoDNS rejects it".into(),
                Some("receivers read SPF from TXT records only (RFC 7208 §3.1, §14.1): remove the SPF-type record and keep the TXT one".into()),
            ),
            "CNAME" if at_apex => self.rejected(
                ctx.lenient,
                ctx.type_span,
                "a CNAME at the zone apex: octoDNS rejects it (root CNAME not allowed)".into(),
                Some("the apex has SOA and NS records, which a CNAME cannot share a name with; use ALIAS or A/AAAA records".into()),
            ),
            "ALIAS" if !at_apex => self.rejected(
                ctx.lenient,
                ctx.type_span,
                format!("an ALIAS at {shown_owner}: octoDNS allows ALIAS only at the zone apex"),
                Some("use a CNAME below the apex".into()),
            ),
            // `SrvNameValidator` and `UriNameValidator`: `_service._proto` (any second label)
            // or a wildcard first label.
            "SRV" | "URI" if !is_service_name(&self.shown(&ctx.owner)) => {
                let (reason, example) = if ctx.octo.name == "URI" {
                    (" (\"invalid name for URI record\")", "_ftp._tcp")
                } else {
                    ("", "_sip._tcp")
                };
                self.rejected(
                    ctx.lenient,
                    ctx.owner_span,
                    format!(
                        "{} record name {shown_owner} is not `_service._proto`: octoDNS rejects it{reason}",
                        ctx.octo.name
                    ),
                    Some(format!("name {} records like `{example}`", ctx.octo.name)),
                );
            }
            _ => {}
        }
    }

    /// `octodns:` settings that change how the record is read.
    fn meta(&mut self, node: Option<&'a Node>) -> Meta {
        let mut meta = Meta::default();
        let Some(node) = node.and_then(|n| self.deref(n)) else {
            return meta;
        };
        if node.is_null() {
            return meta;
        }
        let Some(entries) = self.mapping(node) else {
            self.structure(node.span, "`octodns` must be a mapping of settings", None);
            return meta;
        };
        for flag in ["lenient", "ignored"] {
            if let Some((_, value)) = Self::find(&entries, flag) {
                let set = self.truthy(value);
                if flag == "lenient" {
                    meta.lenient = set;
                } else {
                    meta.ignored = set;
                }
            }
        }
        for (key, value) in &entries {
            let name = key_string(key);
            match name.as_ref() {
                "lenient" | "ignored" => {}
                "excluded" | "included" => {
                    let Some(list) = self.deref(value) else {
                        continue;
                    };
                    let ok = match &list.kind {
                        Kind::Seq(items) => items
                            .iter()
                            .all(|i| self.deref(i).is_some_and(|i| i.scalar().is_some())),
                        _ => list.is_null(),
                    };
                    // One id as text (`included: route53`): octoDNS 1.22.0 loads it and asks
                    // `target.id in included`, a substring test, so the one provider works
                    // (and `route` would match `route53` too): a warning, not a refusal.
                    if let Some((text, _)) = list.scalar().filter(|_| !ok) {
                        let ids = ProviderIds::Text(text.to_string());
                        if name == "included" {
                            meta.included = Some(ids);
                        } else {
                            meta.excluded = Some(ids);
                        }
                        self.push(
                            Diagnostic::new(
                                &INVALID_OCTODNS_RECORD,
                                list.span,
                                format!(
                                    "`{name}` is the text `{text}`, not a list: octoDNS tests provider ids against it as a substring of that text"
                                ),
                            )
                            .with_severity(Severity::Warning)
                            .with_help(format!("write a list: `{name}: [{text}]`")),
                        );
                        continue;
                    }
                    if !ok {
                        self.structure(
                            list.span,
                            format!("`{name}` must be a list of provider ids"),
                            None,
                        );
                        continue;
                    }
                    let ids = ProviderIds::List(match &list.kind {
                        Kind::Seq(items) => items
                            .iter()
                            .filter_map(|item| self.deref(item)?.scalar())
                            .map(|(text, _)| text.to_string())
                            .collect(),
                        _ => Vec::new(),
                    });
                    if name == "included" {
                        meta.included = Some(ids);
                    } else {
                        meta.excluded = Some(ids);
                    }
                }
                "healthcheck" => self.healthcheck(value, meta.lenient || self.options.lenient),
                // octodns-cloudflare reads `octodns.cloudflare.proxied` (Python truthiness).
                "cloudflare" => {
                    let proxied = self
                        .deref(value)
                        .and_then(|settings| self.mapping(settings))
                        .and_then(|settings| Self::find(&settings, "proxied").map(|e| e.1));
                    if let Some(flag) = proxied
                        && self.truthy(flag)
                    {
                        meta.cloudflare_proxied = Some(flag.span);
                    }
                }
                _ => {
                    // Other keys are provider settings (`route53:`, `cloudflare:`); only a
                    // likely misspelling of octoDNS's own settings is reported.
                    if let Some(suggestion) = suggest(&name, types::META_KEYS) {
                        self.push(
                            Diagnostic::new(
                                &OCTODNS_IGNORED_KEY,
                                key.span,
                                format!("unknown `octodns` setting `{name}`: octoDNS ignores it"),
                            )
                            .with_help(format!("did you mean `{suggestion}`?")),
                        );
                    }
                }
            }
        }
        meta
    }

    /// Python truthiness of a setting, with a warning when text stands for a boolean.
    fn truthy(&mut self, node: &'a Node) -> bool {
        let Some(node) = self.deref(node) else {
            return false;
        };
        let Some((text, style)) = node.scalar() else {
            return true;
        };
        let value = scalar::resolve(text, style, node.tag.as_deref());
        if value == Py::Str
            && matches!(
                text.to_ascii_lowercase().as_str(),
                "false" | "no" | "off" | "0"
            )
        {
            self.implicit_type(
                node.span,
                format!("`'{text}'` is quoted text, which octoDNS treats as true"),
                format!("write `{}` without quotes", text.to_ascii_lowercase()),
            );
        }
        value.is_truthy(text)
    }

    fn healthcheck(&mut self, node: &'a Node, lenient: bool) {
        let Some(node) = self.deref(node) else {
            return;
        };
        let Some(entries) = self.mapping(node) else {
            self.structure(node.span, "`healthcheck` must be a mapping", None);
            return;
        };
        for (key, value) in &entries {
            let name = key_string(key);
            if !types::HEALTHCHECK_KEYS.contains(&name.as_ref()) {
                self.unknown_key(key, "in `healthcheck`", types::HEALTHCHECK_KEYS);
                continue;
            }
            if name == "protocol"
                && let Some(value) = self.deref(value)
                && let Some((protocol, _)) = value.scalar()
                && !types::HEALTHCHECK_PROTOCOLS.contains(&protocol)
            {
                self.rejected(
                    lenient,
                    value.span,
                    format!("invalid healthcheck protocol `{protocol}`"),
                    Some(format!(
                        "octoDNS knows {}",
                        types::HEALTHCHECK_PROTOCOLS.join(", ")
                    )),
                );
            }
        }
    }

    fn ttl(&mut self, node: Option<&'a Node>, lenient: bool) -> u32 {
        let default = self.options.default_ttl;
        let Some(node) = node else {
            return default;
        };
        let (text, span) = match self.scalar_text(node, FieldKind::Number, &"`ttl`") {
            Got::Value(text, span) => (text, span),
            Got::Missing => {
                self.push(Diagnostic::new(
                    &INVALID_TTL,
                    node.span,
                    "`ttl` is empty: octoDNS needs a number of seconds",
                ));
                return default;
            }
            Got::Skip => return default,
        };
        match text.parse::<i64>() {
            Ok(value) if value < 0 => {
                self.rejected(
                    lenient,
                    span,
                    format!("invalid ttl `{text}`: a TTL cannot be negative"),
                    None,
                );
                default
            }
            Ok(value) if value > i64::from(i32::MAX) => {
                self.push(Diagnostic::new(
                    &INVALID_TTL,
                    span,
                    format!("TTL {value} is larger than 2147483647 (RFC 2181 §8)"),
                ));
                default
            }
            Ok(value) => value as u32,
            Err(_) => {
                let mut diagnostic = Diagnostic::new(
                    &INVALID_TTL,
                    span,
                    format!("`ttl: {text}` is not a number of seconds"),
                );
                if let Some(seconds) = crate::parse::text::parse_ttl(text.as_bytes()) {
                    diagnostic = diagnostic.with_help(format!(
                        "octoDNS TTLs are whole seconds, without units: write `ttl: {seconds}`"
                    ));
                }
                self.push(diagnostic);
                default
            }
        }
    }

    /// The value nodes of a record, from `value` or `values` as octoDNS picks them.
    fn values(
        &mut self,
        ctx: &RecordCtx,
        entries: &[(&'a Node, &'a Node)],
        shown_owner: &str,
    ) -> Option<Vec<&'a Node>> {
        let value = Self::find(entries, "value").copied();
        let values = Self::find(entries, "values").copied();
        let type_name = ctx.octo.name;
        if ctx.octo.single {
            let Some((_, node)) = value else {
                let message = match values {
                    Some(_) => format!("{type_name} records take one `value`, not `values`"),
                    None => format!("{type_name} record {shown_owner} has no `value`"),
                };
                let span = values.map_or(ctx.item_span, |(k, _)| k.span);
                if values.is_some() {
                    self.structure(
                        span,
                        message,
                        Some("write `value:` with the one target".into()),
                    );
                } else {
                    self.missing_key(entries, types::RECORD_KEYS, "value", span, message);
                }
                return None;
            };
            if let Some((key, _)) = values {
                self.push(Diagnostic::new(
                    &OCTODNS_IGNORED_KEY,
                    key.span,
                    format!(
                        "octoDNS reads only `value` for {type_name} records and ignores `values`"
                    ),
                ));
            }
            let node = self.deref(node)?;
            if node.is_null() {
                self.structure(
                    node.span,
                    format!("{type_name} record {shown_owner} has an empty `value`"),
                    None,
                );
                return None;
            }
            if let Kind::Seq(_) = node.kind {
                self.structure(
                    node.span,
                    format!("{type_name} records have one value, not a list"),
                    None,
                );
                return None;
            }
            return Some(vec![node]);
        }
        let (key, node) = match (values, value) {
            (Some(values), Some((value_key, _))) => {
                self.push(Diagnostic::new(
                    &OCTODNS_IGNORED_KEY,
                    value_key.span,
                    "octoDNS uses `values` and ignores `value` when a record has both",
                ));
                values
            }
            (Some(values), None) => values,
            (None, Some(value)) => value,
            (None, None) => {
                self.missing_key(
                    entries,
                    types::RECORD_KEYS,
                    "values",
                    ctx.item_span,
                    format!("{type_name} record {shown_owner} has no `value` or `values`"),
                );
                return None;
            }
        };
        let node = self.deref(node)?;
        let written = key_string(key);
        match &node.kind {
            Kind::Seq(items) if items.is_empty() => {
                self.structure(
                    node.span,
                    format!("`{written}` is empty: octoDNS needs at least one value"),
                    None,
                );
                None
            }
            Kind::Seq(items) => Some(items.iter().filter_map(|i| self.deref(i)).collect()),
            _ if node.is_null() => {
                self.structure(
                    key.span,
                    format!("`{written}` is empty: octoDNS needs at least one value"),
                    None,
                );
                None
            }
            _ => Some(vec![node]),
        }
    }

    /// `geo` and `dynamic` answers: checked like the values, never published as records.
    fn geo_and_dynamic(&mut self, ctx: &RecordCtx, entries: &[(&'a Node, &'a Node)]) {
        let check = RecordCtx {
            owner: ctx.owner.clone(),
            publish: false,
            alternative: true,
            ..*ctx
        };
        let geo_entry = Self::find(entries, "geo").copied();
        // A CNAME's or DNAME's `geo` is a key octoDNS ignores (OCTO003), but the check of its
        // `dynamic` answers refuses a record that has both.
        if types::geo_keys(ctx.octo.name).contains(&"geo")
            && let Some((_, geo)) = geo_entry
            && let Some(geo) = self.deref(geo)
            && let Some(regions) = self.mapping(geo)
        {
            for (code, values) in regions {
                let code_text = key_string(code);
                if !valid_geo_code(&code_text) {
                    self.rejected(
                        ctx.lenient,
                        code.span,
                        format!("invalid geo code `{code_text}`"),
                        Some("geo codes look like `NA`, `NA-US` or `NA-US-CA`".into()),
                    );
                }
                for value in self.list(values) {
                    self.value(&check, value);
                }
            }
        }
        if let Some((key, dynamic)) = Self::find(entries, "dynamic").copied() {
            self.dynamic(ctx, &check, key, dynamic, geo_entry.map(|(geo, _)| geo));
        }
    }

    fn list(&self, node: &'a Node) -> Vec<&'a Node> {
        match self.deref(node) {
            Some(node) => match &node.kind {
                Kind::Seq(items) => items.iter().filter_map(|i| self.deref(i)).collect(),
                _ if node.is_null() => Vec::new(),
                _ => vec![node],
            },
            None => Vec::new(),
        }
    }
}

#[derive(Default)]
struct Meta {
    lenient: bool,
    ignored: bool,
    /// Where `cloudflare: {proxied: true}` says so.
    cloudflare_proxied: Option<Span>,
    /// `included:` and `excluded:`, the targets the record is and is not pushed to.
    included: Option<ProviderIds>,
    excluded: Option<ProviderIds>,
}

impl Meta {
    /// Whether octoDNS pushes the record to one of `targets` (the zone's, none known: yes):
    /// `Zone.changes` (1.22.0) skips a target not in a non-empty `included` and one in
    /// `excluded`, creating and deleting nothing for the record there.
    fn reaches_a_target(&self, targets: &[String]) -> bool {
        targets.is_empty()
            || targets.iter().any(|target| {
                self.included
                    .as_ref()
                    .is_none_or(|ids| ids.is_empty() || ids.has(target))
                    && !self.excluded.as_ref().is_some_and(|ids| ids.has(target))
            })
    }
}

/// Provider ids as `included:` or `excluded:` lists them.
#[derive(Debug)]
enum ProviderIds {
    List(Vec<String>),
    /// One id written as text: octoDNS's `target.id in included` is then a substring test.
    Text(String),
}

impl ProviderIds {
    fn has(&self, id: &str) -> bool {
        match self {
            ProviderIds::List(ids) => ids.iter().any(|listed| listed == id),
            ProviderIds::Text(text) => text.contains(id),
        }
    }

    fn is_empty(&self) -> bool {
        match self {
            ProviderIds::List(ids) => ids.is_empty(),
            ProviderIds::Text(text) => text.is_empty(),
        }
    }
}

/// `NA`, `NA-US`, `NA-US-CA`: octoDNS's geo code pattern (two word characters each).
fn valid_geo_code(code: &str) -> bool {
    let parts: Vec<&str> = code.split('-').collect();
    (1..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| p.chars().count() == 2 && p.chars().all(|c| c.is_alphanumeric() || c == '_'))
}

/// The known key closest to `word`, if it is close enough to be a likely misspelling: one
/// or two edits off, case aside, a swap of two neighbours counting one.
pub fn suggest<'k>(word: &str, known: &[&'k str]) -> Option<&'k str> {
    let letters = |text: &str| -> Vec<char> { text.to_lowercase().chars().collect() };
    let word = letters(word);
    known
        .iter()
        .filter_map(|k| Some((crate::rules::typo::distance(&word, &letters(k), 2)?, *k)))
        .filter(|&(d, k)| d > 0 && d * 2 < k.len().max(2))
        .min_by_key(|&(d, _)| d)
        .map(|(_, k)| k)
}

/// NAME001 for a record name that repeats the zone's name (`_dmarc.example.com` in
/// example.com.yaml): octoDNS appends the zone to every name and publishes the records at
/// `_dmarc.example.com.example.com.` (octodns-validate 1.22.0 accepts it), so the name meant
/// has none of them.
fn owner_repeats_zone(
    written: &str,
    encoded: &str,
    owner: &Name,
    apex: &Name,
    span: Span,
) -> Diagnostic {
    let zone = apex.as_str().trim_end_matches('.');
    let relative = encoded
        .get(..encoded.len().saturating_sub(zone.len() + 1))
        .filter(|relative| !relative.is_empty() && zone.len() < encoded.len());
    let help = match relative {
        Some(relative) => format!("octoDNS names are relative to the zone: write `{relative}`"),
        None => "octoDNS names are relative to the zone: write `''` for the zone apex".to_string(),
    };
    Diagnostic::new(
        &missing_trailing_dot::RULE,
        span,
        format!("record name `{written}` repeats the zone's name, so it means `{owner}`"),
    )
    .with_severity(Severity::Error)
    .with_help(help)
}

/// A name octoDNS takes for an SRV or URI record: a first label `_service` (or `*`) and a
/// second label, as its validators' pattern `^(\*|_[^\.]+)\.[^\.]+` reads it.
fn is_service_name(name: &str) -> bool {
    let mut labels = name.splitn(3, '.');
    let first = labels.next().unwrap_or_default();
    let second = labels.next().unwrap_or_default();
    (first == "*" || (first.len() > 1 && first.starts_with('_'))) && !second.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(
            suggest("exhange", &["preference", "exchange"]),
            Some("exchange")
        );
        assert_eq!(suggest("tpye", &["type", "ttl"]), Some("type"));
        assert_eq!(suggest("tll", &["type", "ttl", "value"]), Some("ttl"));
        assert_eq!(suggest("route53", types::META_KEYS), None);
        assert_eq!(suggest("lenent", types::META_KEYS), Some("lenient"));
    }

    /// The places a Python project pins octoDNS, as ministryofjustice/dns (Pipfile) and
    /// others keep them; ranges are no pin.
    #[test]
    fn octodns_pins_in_dependency_files() {
        let pin = OctoDnsVersion::pin_from_file;
        assert_eq!(pin("requirements.txt", "octodns==1.9.1\n"), Some((1, 9)));
        assert_eq!(
            pin("Pipfile", "[packages]\noctodns = \"==1.9.1\"\n"),
            Some((1, 9))
        );
        assert_eq!(
            pin(
                "Pipfile",
                "[packages]\noctodns = { version = \"~=1.10.0\" }\n"
            ),
            Some((1, 10))
        );
        assert_eq!(pin("Pipfile", "[packages]\noctodns = \"*\"\n"), None);
        assert_eq!(
            pin(
                "Pipfile.lock",
                r#"{"_meta": {}, "default": {"octodns": {"hashes": [], "version": "==1.9.1"}}}"#
            ),
            Some((1, 9))
        );
        for lock in ["poetry.lock", "uv.lock"] {
            let text = "[[package]]\nname = \"octodns-route53\"\nversion = \"0.0.7\"\n\n\
                        [[package]]\nname = \"octodns\"\nversion = \"1.4.0\"\n";
            assert_eq!(pin(lock, text), Some((1, 4)), "{lock}");
        }
        assert_eq!(
            pin(
                "pyproject.toml",
                "[project]\nname = \"dns\"\ndependencies = [\"octodns-route53\", \"octodns==1.12.0\"]\n"
            ),
            Some((1, 12))
        );
        assert_eq!(
            pin(
                "pyproject.toml",
                "[tool.poetry.dependencies]\noctodns = \"1.8.0\"\n"
            ),
            Some((1, 8))
        );
        for range in ["^1.8.0", ">=1.8", "~1.8"] {
            let text = format!("[tool.poetry.dependencies]\noctodns = \"{range}\"\n");
            assert_eq!(pin("pyproject.toml", &text), None, "{range}");
        }
        assert_eq!(pin("Pipfile", "not toml ["), None);
        assert_eq!(pin("Pipfile.lock", "{"), None);
        // A range with an upper bound installs the newest release below it.
        for (spec, newest) in [
            ("octodns>=0.9.9,<1.0", Some((0, 9))),
            ("octodns >= 0.9.9, < 1", Some((0, 9))),
            ("octodns<1.10", Some((1, 9))),
            ("octodns>=1.4,<=1.9.3", Some((1, 9))),
            ("octodns~=0.9", Some((0, 9))),
            ("octodns~=1.9", None),
            ("octodns==0.9.*", Some((0, 9))),
            ("octodns>=1.4", None),
            ("octodns<2", None),
            ("octodns-route53==0.0.7", None),
            ("octodns==1.9.1 \\", Some((1, 9))),
            ("octodns==1.9.1 --hash=sha256:0123", Some((1, 9))),
            ("octodns==1.*", None),
            ("octodns==0.*", Some((0, 9))),
            ("octodns==1.9.*", Some((1, 9))),
            ("octodns[dev]==1.4.0", Some((1, 4))),
            ("octodns (>=0.9,<1.0)", Some((0, 9))),
            ("octodns~=4294967295", None),
        ] {
            assert_eq!(pin("requirements.txt", spec), newest, "{spec}");
        }
    }

    #[test]
    fn geo_codes() {
        assert!(valid_geo_code("NA-US-CA"));
        assert!(!valid_geo_code("NORTH"));
    }
}
