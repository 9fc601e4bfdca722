//! octoDNS zone data (YAML trees) lowered into the zone model, as octoDNS reads it.
//!
//! Values are turned into presentation-format pieces and handed to [`parse_rdata`], so YAML
//! gets the same RDATA validation and the same typed [`RData`] as zone files. Each piece keeps
//! the span of the YAML scalar it came from, so a diagnostic points at the value itself.
//!
//! What octoDNS would refuse is reported as it is met, and lowering goes on with the next
//! value or record. octoDNS has no origin: a name without a final dot is an error there
//! (NAME001 here), so we complete it the way the author meant and never mark fields relative.

use std::borrow::Cow;
use std::collections::HashMap;
use std::rc::Rc;

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Class, RData, RType, Record, RecordSpans};
use crate::name::Name;
use crate::parse::octodns::scalar::{self, Py};
use crate::parse::octodns::types::{self, Field, FieldKind, OctoType, Shape};
use crate::parse::octodns::yaml::{self, Document, Kind, Node, Style};
use crate::parse::rdata::{self, ErrorKind, Piece, RdataError};
use crate::rules::Rule;
use crate::rules::names::missing_trailing_dot::{self, is_tld};
use crate::rules::syntax::*;
use crate::source::{FileId, Span};

/// What the YamlProvider reading the zone is configured to do.
#[derive(Clone, Debug)]
pub struct ZoneOptions {
    /// The TTL of records without one (`default_ttl`, 3600 unless configured).
    pub default_ttl: u32,
    /// Whether TXT values escape `;` as `\;` (`escaped_semicolons`, true by default).
    pub escaped_semicolons: bool,
}

impl Default for ZoneOptions {
    fn default() -> ZoneOptions {
        ZoneOptions {
            default_ttl: 3600,
            escaped_semicolons: true,
        }
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
        defined: HashMap::new(),
    };
    for input in documents {
        lowerer.options = input.options;
        lowerer.replaces = input.replaces;
        lowerer.document(input.document);
    }
    Lowered {
        records: lowerer.records,
        diagnostics: lowerer.diagnostics,
    }
}

/// Keys out of octoDNS's order, one diagnostic per mapping, as `enforce_order` would refuse
/// them. Aliases and includes are checked where they are defined.
pub fn check_key_order(document: &Document, order: KeyOrder) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(root) = &document.root {
        key_order_walk(root, order, &mut out);
    }
    out
}

fn key_order_walk(node: &Node, order: KeyOrder, out: &mut Vec<Diagnostic>) {
    if node.is_include() {
        return;
    }
    match &node.kind {
        Kind::Seq(items) => {
            for item in items {
                key_order_walk(item, order, out);
            }
        }
        Kind::Map(entries) => {
            let keys: Vec<(String, Span)> = entries
                .iter()
                .filter(|(key, _)| !is_merge_key(key))
                .map(|(key, _)| (key_string(key), key.span))
                .collect();
            let mut sorted: Vec<&str> = keys.iter().map(|(k, _)| k.as_str()).collect();
            sorted.sort_by(|a, b| match order {
                KeyOrder::Natural => scalar::natural_cmp(a, b),
                KeyOrder::Simple => a.cmp(b),
            });
            if let Some(((key, span), expected)) = keys
                .iter()
                .zip(&sorted)
                .find(|((key, _), expected)| key != *expected)
            {
                let how = match order {
                    KeyOrder::Natural => "natural sort order",
                    KeyOrder::Simple => "sort order",
                };
                out.push(
                    Diagnostic::new(
                        &OCTODNS_KEY_ORDER,
                        *span,
                        format!("key `{key}` is out of order: octoDNS expects `{expected}` here"),
                    )
                    .with_help(format!(
                        "octoDNS's YamlProvider refuses keys that are not in {how} (`enforce_order`); sort them, or set `enforce_order: false`"
                    )),
                );
            }
            for (key, value) in entries {
                key_order_walk(key, order, out);
                key_order_walk(value, order, out);
            }
        }
        Kind::Scalar { .. } | Kind::Alias(_) => {}
    }
}

/// A key as octoDNS sees it after loading (`str()` of what PyYAML made of it).
fn key_string(key: &Node) -> String {
    let node = match &key.kind {
        Kind::Alias(target) => target.as_ref(),
        _ => key,
    };
    match node.scalar() {
        Some((text, style)) => {
            scalar::python_str(text, scalar::resolve(text, style, node.tag.as_deref()))
        }
        None => yaml::key_text(node),
    }
}

fn is_merge_key(key: &Node) -> bool {
    key.tag.is_none() && key.scalar() == Some(("<<", Style::Plain))
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
    type_span: Span,
    octo: &'static OctoType,
    ttl: u32,
    lenient: bool,
    /// False for `octodns: ignored: true`: checked, but octoDNS does not manage it.
    publish: bool,
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
    defined: HashMap<(Name, &'static str), Span>,
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
            if is_merge_key(key) {
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
        entries.iter().find(|(k, _)| key_string(k) == key)
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

    /// Something octoDNS's validators reject: an error, or a warning for a lenient record.
    fn rejected(&mut self, lenient: bool, span: Span, message: String, help: Option<String>) {
        let mut diagnostic = if lenient {
            Diagnostic::new(
                &OCTODNS_VALIDATION,
                span,
                format!("{message} (octoDNS accepts it only because the record is lenient)"),
            )
            .with_severity(Severity::Warning)
        } else {
            Diagnostic::new(&OCTODNS_VALIDATION, span, message)
        };
        if let Some(help) = help {
            diagnostic = diagnostic.with_help(help);
        }
        self.push(diagnostic);
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
            !known.contains(&name.as_str()) && suggest(&name, &[key]).is_some()
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
            self.implicit_type(
                key.span,
                format!(
                    "octoDNS (YAML 1.1) reads the record name `{text}` as {}, so the record is named `{name}`",
                    value.describe()
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
                Some(relative) if !relative.is_empty() => {
                    diagnostic.with_help(format!("write `{relative}`"))
                }
                Some(_) => diagnostic.with_help("write `''` for the zone apex"),
                None => diagnostic,
            };
            self.push(diagnostic);
            return inside.and(absolute);
        }
        match Name::parse(encoded.as_bytes(), Some(self.apex)) {
            Ok((owner, _)) => Some(owner),
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
        let Some(value) = self.deref(value) else {
            return;
        };
        let shown = key_string(key);
        match &value.kind {
            Kind::Map(_) => self.record(&owner, key.span, value),
            Kind::Seq(items) => {
                for item in items {
                    let Some(item) = self.deref(item) else {
                        continue;
                    };
                    if matches!(item.kind, Kind::Map(_)) {
                        self.record(&owner, key.span, item);
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

    fn record(&mut self, owner: &Name, owner_span: Span, item: &'a Node) {
        let Some(entries) = self.mapping(item) else {
            return;
        };
        let shown_owner = self.shown(owner);
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
                format!("record `{shown_owner}` has no `type`"),
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
            // provider, which validates it. We only check that it has a value.
            if Self::find(&entries, "value").is_none() && Self::find(&entries, "values").is_none() {
                self.structure(
                    item.span,
                    format!("record `{shown_owner}` ({type_text}) has no `value` or `values`"),
                    None,
                );
            }
            return;
        }
        let Some(octo) = types::find(type_text) else {
            self.unknown_type(type_node.span, type_text);
            return;
        };
        let mut known: Vec<&str> = types::RECORD_KEYS.to_vec();
        if types::has_geo(octo.name) {
            known.extend(types::GEO_KEYS);
        }
        for (key, _) in &entries {
            if !known.contains(&key_string(key).as_str()) {
                self.unknown_key(
                    key,
                    &format!("in the {} record `{shown_owner}`", octo.name),
                    &known,
                );
            }
        }
        let meta = self.meta(Self::find(&entries, "octodns").map(|e| e.1));
        let ttl = self.ttl(Self::find(&entries, "ttl").map(|e| e.1), meta.lenient);
        let ctx = RecordCtx {
            owner: owner.clone(),
            owner_span,
            item_span: item.span,
            type_span: type_node.span,
            octo,
            ttl,
            lenient: meta.lenient,
            publish: !meta.ignored,
        };
        if let Some(&first) = self.defined.get(&(owner.clone(), octo.name)) {
            if self.replaces {
                if let Some(rtype) = octo.rtype {
                    self.records
                        .retain(|r| !(r.owner == *owner && r.rtype == rtype));
                }
            } else {
                self.push(
                Diagnostic::new(
                    &INVALID_OCTODNS_RECORD,
                    type_node.span,
                    format!(
                        "`{shown_owner}` has a second {} record: octoDNS allows one record of each type per name",
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
        let Some(values) = self.values(&ctx, &entries, &shown_owner) else {
            return;
        };
        for value in values {
            self.value(&ctx, value);
        }
        if types::has_geo(octo.name) {
            self.geo_and_dynamic(&ctx, &entries);
        }
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
            "CNAME" if at_apex => self.rejected(
                ctx.lenient,
                ctx.type_span,
                "a CNAME at the zone apex: octoDNS rejects it (root CNAME not allowed)".into(),
                Some("the apex has SOA and NS records, which a CNAME cannot share a name with; use ALIAS or A/AAAA records".into()),
            ),
            "ALIAS" if !at_apex => self.rejected(
                ctx.lenient,
                ctx.type_span,
                format!("an ALIAS at `{shown_owner}`: octoDNS allows ALIAS only at the zone apex"),
                Some("use a CNAME below the apex".into()),
            ),
            "SOA" if !at_apex => self.rejected(
                ctx.lenient,
                ctx.type_span,
                format!("an SOA at `{shown_owner}`: octoDNS allows SOA only at the zone apex"),
                None,
            ),
            "SRV" => {
                let first_labels: Vec<&str> = shown_owner.splitn(3, '.').collect();
                let valid = first_labels.len() >= 2
                    && (first_labels[0] == "*"
                        || (first_labels[0].len() > 1 && first_labels[0].starts_with('_')))
                    && !first_labels[1].is_empty();
                if !valid {
                    self.rejected(
                        ctx.lenient,
                        ctx.owner_span,
                        format!("SRV record name `{shown_owner}` is not `_service._proto`: octoDNS rejects it"),
                        Some("name SRV records like `_sip._tcp`".into()),
                    );
                }
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
            match name.as_str() {
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
                    if !ok {
                        self.structure(
                            list.span,
                            format!("`{name}` must be a list of provider ids"),
                            None,
                        );
                    }
                }
                "healthcheck" => self.healthcheck(value, meta.lenient),
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
        match scalar::resolve(text, style, node.tag.as_deref()) {
            Py::Bool(value) => value,
            Py::Null => false,
            Py::Int(value) => value != Some(0),
            Py::Float(value) => value != 0.0,
            Py::Timestamp => true,
            Py::Str => {
                if !text.is_empty()
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
                !text.is_empty()
            }
        }
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
            if !types::HEALTHCHECK_KEYS.contains(&name.as_str()) {
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
        let (text, span) = match self.scalar_text(node, FieldKind::Number, "`ttl`") {
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
                    None => format!("{type_name} record `{shown_owner}` has no `value`"),
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
                    format!("{type_name} record `{shown_owner}` has an empty `value`"),
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
                    format!("{type_name} record `{shown_owner}` has no `value` or `values`"),
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
            ..*ctx
        };
        if let Some((_, geo)) = Self::find(entries, "geo").copied()
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
        if let Some((_, dynamic)) = Self::find(entries, "dynamic").copied()
            && let Some(dynamic) = self.deref(dynamic)
            && let Some(parts) = self.mapping(dynamic)
            && let Some((_, pools)) = Self::find(&parts, "pools").copied()
            && let Some(pools) = self.deref(pools)
            && let Some(pools) = self.mapping(pools)
        {
            for (_, pool) in pools {
                let Some(pool) = self.deref(pool) else {
                    continue;
                };
                let Some(pool) = self.mapping(pool) else {
                    continue;
                };
                let Some((_, values)) = Self::find(&pool, "values").copied() else {
                    continue;
                };
                for item in self.list(values) {
                    let Some(entry) = self.mapping(item) else {
                        continue;
                    };
                    if let Some((_, value)) = Self::find(&entry, "value").copied()
                        && let Some(value) = self.deref(value)
                    {
                        self.value(&check, value);
                    }
                }
            }
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

    // ----- values -------------------------------------------------------------------------

    /// One value of a record: its presentation pieces, then RDATA, then a record.
    fn value(&mut self, ctx: &RecordCtx, node: &'a Node) {
        if node.is_null() {
            self.structure(
                node.span,
                format!("empty {} value: octoDNS needs a value here", ctx.octo.name),
                None,
            );
            return;
        }
        let pieces = match ctx.octo.shape {
            Shape::Address | Shape::Token => {
                match self.scalar_text(node, FieldKind::Word, "the value") {
                    Got::Value(text, span) => vec![OwnedPiece {
                        text: text.into_owned(),
                        span,
                        quoted: false,
                    }],
                    Got::Missing | Got::Skip => return,
                }
            }
            Shape::Target => match self.scalar_text(node, FieldKind::Target, "the value") {
                Got::Value(text, span) => {
                    match self.name_piece(ctx, &text, span, FieldKind::Target, "value") {
                        Some(piece) => vec![piece],
                        None => return,
                    }
                }
                Got::Missing | Got::Skip => return,
            },
            Shape::Text => match self.scalar_text(node, FieldKind::Text, "the value") {
                Got::Value(text, span) => self.txt_pieces(ctx, &text, span),
                Got::Missing | Got::Skip => return,
            },
            Shape::Fields(fields) => match self.field_pieces(ctx, node, fields, &[]) {
                Some(pieces) => pieces,
                None => return,
            },
            Shape::Ds => {
                let legacy = self.mapping(node).is_some_and(|entries| {
                    Self::find(&entries, "public_key").is_some()
                        || Self::find(&entries, "flags").is_some()
                });
                let fields = if legacy { types::DS_LEGACY } else { types::DS };
                match self.field_pieces(ctx, node, fields, &[]) {
                    Some(pieces) => pieces,
                    None => return,
                }
            }
            Shape::Svcb => match self.svcb_pieces(ctx, node) {
                Some(pieces) => pieces,
                None => return,
            },
        };
        self.emit(ctx, pieces, node.span);
    }

    /// Read a scalar for a field of `kind`, warning where PyYAML reads it otherwise.
    fn scalar_text(&mut self, node: &'a Node, kind: FieldKind, what: &str) -> Got<'a> {
        let Some(node) = self.deref(node) else {
            return Got::Skip;
        };
        let Some((text, style)) = node.scalar() else {
            let shape = if matches!(node.kind, Kind::Seq(_)) {
                "a list"
            } else {
                "a mapping"
            };
            let wanted = match kind {
                FieldKind::Number | FieldKind::Decimal => "a number",
                FieldKind::Target | FieldKind::Name => "a domain name",
                FieldKind::Text | FieldKind::Word => "a single value",
            };
            self.structure(
                node.span,
                format!("{what} must be {wanted}, not {shape}"),
                None,
            );
            return Got::Skip;
        };
        let value = scalar::resolve(text, style, node.tag.as_deref());
        let span = node.span;
        match (kind, value) {
            (_, Py::Null) => Got::Missing,
            (FieldKind::Number | FieldKind::Decimal, Py::Int(Some(number))) => {
                if scalar::number_differs_from_text(text, value) {
                    self.implicit_type(
                        span,
                        format!(
                            "octoDNS (YAML 1.1) reads `{text}` as {number}{}",
                            number_reason(text)
                        ),
                        number_help(text, number),
                    );
                }
                Got::Value(Cow::Owned(number.to_string()), span)
            }
            (FieldKind::Number | FieldKind::Decimal, Py::Bool(flag)) => {
                self.implicit_type(
                    span,
                    format!("octoDNS (YAML 1.1) reads `{text}` as the boolean {flag}, which becomes the number {}", u8::from(flag)),
                    "write the number".into(),
                );
                Got::Value(Cow::Owned(u8::from(flag).to_string()), span)
            }
            (FieldKind::Number | FieldKind::Decimal, _) => {
                Got::Value(Cow::Borrowed(text.trim()), span)
            }
            (_, Py::Str) => Got::Value(Cow::Borrowed(text), span),
            (_, other) => {
                self.implicit_type(
                    span,
                    format!(
                        "octoDNS (YAML 1.1) reads `{text}` as {}, not as text",
                        describe_value(text, other)
                    ),
                    format!("quote it: `'{text}'`"),
                );
                Got::Value(Cow::Borrowed(text), span)
            }
        }
    }

    /// A domain name field: completed when the final dot is missing (NAME001), encoded when
    /// it is not ASCII. None when the value is skipped (a template octoDNS fills in later).
    fn name_piece(
        &mut self,
        ctx: &RecordCtx,
        text: &str,
        span: Span,
        kind: FieldKind,
        what: &str,
    ) -> Option<OwnedPiece> {
        let type_name = ctx.octo.name;
        if text.contains('{') && text.contains('}') {
            // octoDNS skips validation of templated values; the templating processor fills
            // them in at sync time, so there is nothing to lower yet.
            return None;
        }
        if text.trim().is_empty() {
            self.structure(span, format!("{type_name} {what} is empty"), None);
            return None;
        }
        if text == "." {
            if kind == FieldKind::Target && !ctx.octo.root_target_ok {
                self.rejected(
                    ctx.lenient,
                    span,
                    format!("`.` is not a valid {type_name} {what}: octoDNS allows it only for MX, SRV, SVCB and HTTPS"),
                    None,
                );
            }
            return Some(OwnedPiece {
                text: ".".into(),
                span,
                quoted: false,
            });
        }
        let encoded = match idna_encode(text) {
            Ok(encoded) => encoded,
            Err(message) => {
                self.push(Diagnostic::new(
                    &INVALID_NAME,
                    span,
                    format!("bad domain name `{text}`: {message}"),
                ));
                return None;
            }
        };
        if rdata::ends_with_unescaped_dot(encoded.as_bytes()) {
            return Some(OwnedPiece {
                text: encoded,
                span,
                quoted: false,
            });
        }
        let completed = self.complete(&encoded);
        let is_address = encoded.parse::<std::net::IpAddr>().is_ok();
        // MX006 explains an address written as an exchange better than a missing dot does.
        if !(is_address && type_name == "MX") {
            let checked = kind == FieldKind::Target;
            let (severity, message) = match (checked, ctx.lenient) {
                (true, false) => (
                    Severity::Error,
                    format!(
                        "`{text}` has no trailing dot: octoDNS needs a fully qualified {type_name} {what} and rejects the record"
                    ),
                ),
                (true, true) => (
                    Severity::Warning,
                    format!(
                        "`{text}` has no trailing dot: octoDNS accepts it only because the record is lenient, and passes it on unqualified"
                    ),
                ),
                (false, _) => (
                    Severity::Warning,
                    format!(
                        "`{text}` has no trailing dot: octoDNS passes it on as written, so it may be read relative to the zone"
                    ),
                ),
            };
            self.push(
                Diagnostic::new(&missing_trailing_dot::RULE, span, message)
                    .with_severity(severity)
                    .with_help(format!(
                        "write `{completed}` (zonelint reads it as `{completed}`)"
                    )),
            );
        }
        Some(OwnedPiece {
            text: completed,
            span,
            quoted: false,
        })
    }

    /// A name written without its final dot, completed as its author most likely meant: a
    /// name that repeats the zone, ends in a top-level domain or is an address is absolute;
    /// anything else is a name inside the zone.
    fn complete(&self, text: &str) -> String {
        let apex = self
            .apex
            .as_str()
            .trim_end_matches('.')
            .to_ascii_lowercase();
        let lower = text.to_ascii_lowercase();
        let last_label = lower.rsplit('.').next().unwrap_or("");
        let absolute = text.parse::<std::net::IpAddr>().is_ok()
            || (lower.contains('.')
                && ((!apex.is_empty() && (lower == apex || lower.ends_with(&format!(".{apex}"))))
                    || is_tld(last_label)));
        if absolute || self.apex.is_root() {
            format!("{text}.")
        } else {
            format!("{text}.{}", self.apex)
        }
    }

    /// TXT and SPF: octoDNS's escaping rules, then 255-character chunks as octoDNS sends them.
    fn txt_pieces(&mut self, ctx: &RecordCtx, text: &str, span: Span) -> Vec<OwnedPiece> {
        let mut value: String = match text.strip_prefix('"') {
            // A value written pre-chunked, `"abc" "def"`, is joined back, as octoDNS does.
            Some(rest) => rest.strip_suffix('"').unwrap_or(rest).replace("\" \"", ""),
            None => text.to_string(),
        };
        if !self.options.escaped_semicolons {
            value = value.replace(';', "\\;");
        }
        if has_unescaped_semicolon(&value) {
            self.rejected(
                ctx.lenient,
                span,
                format!(
                    "unescaped `;` in {} value: octoDNS wants `\\;`",
                    ctx.octo.name
                ),
                Some("write `\\;` for each `;` (octoDNS's `escaped_semicolons`)".into()),
            );
        }
        if value.contains("\\\\;") {
            self.rejected(
                ctx.lenient,
                span,
                format!("double escaped `;` in {} value", ctx.octo.name),
                Some("write `\\;`, with one backslash".into()),
            );
        }
        if !value.is_ascii() {
            self.rejected(
                ctx.lenient,
                span,
                format!(
                    "non-ASCII character in {} value: octoDNS rejects it",
                    ctx.octo.name
                ),
                Some("write the bytes as `\\DDD` escapes".into()),
            );
        }
        let escaped = value.replace('"', "\\\"");
        chunk(&escaped)
            .into_iter()
            .map(|text| OwnedPiece {
                text,
                span,
                quoted: true,
            })
            .collect()
    }

    /// A mapping value's fields in RDATA order.
    fn field_pieces(
        &mut self,
        ctx: &RecordCtx,
        node: &'a Node,
        fields: &[Field],
        other_keys: &[&'static str],
    ) -> Option<Vec<OwnedPiece>> {
        let type_name = ctx.octo.name;
        let keys: Vec<&str> = fields
            .iter()
            .flat_map(|f| std::iter::once(f.key).chain(f.legacy))
            .chain(other_keys.iter().copied())
            .collect();
        let Some(entries) = self.mapping(node) else {
            let keys: Vec<String> = fields
                .iter()
                .filter(|f| f.default.is_none())
                .map(|f| format!("`{}`", f.key))
                .collect();
            let listed = match keys.split_last() {
                Some((last, [])) => last.clone(),
                Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
                None => String::new(),
            };
            let help = node
                .scalar()
                .map(|(text, _)| field_help(fields, text))
                .unwrap_or_default();
            self.structure(
                node.span,
                format!("{type_name} values are mappings with {listed}"),
                (!help.is_empty()).then_some(help),
            );
            return None;
        };
        let mut pieces = Vec::with_capacity(fields.len());
        let mut reported: Vec<Span> = Vec::new();
        let mut complete = true;
        let mut read: Vec<(&'static str, String, Span)> = Vec::new();
        for field in fields {
            let main = Self::find(&entries, field.key).copied();
            let legacy = field.legacy.and_then(|l| Self::find(&entries, l).copied());
            if let (Some(_), Some((legacy_key, _))) = (main, legacy) {
                self.push(Diagnostic::new(
                    &OCTODNS_IGNORED_KEY,
                    legacy_key.span,
                    format!(
                        "octoDNS uses `{}` and ignores `{}` when both are given",
                        field.key,
                        key_string(legacy_key)
                    ),
                ));
                reported.push(legacy_key.span);
            }
            let found = main.or(legacy);
            let got = match found {
                Some((_, value)) => {
                    self.scalar_text(value, field.kind, &format!("`{}`", field.key))
                }
                None => Got::Missing,
            };
            let (text, span) = match got {
                Got::Value(text, span) => (text.into_owned(), span),
                Got::Skip => {
                    complete = false;
                    continue;
                }
                Got::Missing => match field.default {
                    Some(default) => (default.to_string(), node.span),
                    None => {
                        let within = found.map_or(node.span, |(k, _)| k.span);
                        if let Some(span) = self.missing_key(
                            &entries,
                            &keys,
                            field.key,
                            within,
                            format!("{type_name} value has no `{}`", field.key),
                        ) {
                            reported.push(span);
                        }
                        complete = false;
                        continue;
                    }
                },
            };
            let piece = match field.kind {
                FieldKind::Target | FieldKind::Name => {
                    match self.name_piece(ctx, &text, span, field.kind, field.key) {
                        Some(piece) => piece,
                        None => {
                            complete = false;
                            continue;
                        }
                    }
                }
                FieldKind::Text => OwnedPiece {
                    text: text.clone(),
                    span,
                    quoted: true,
                },
                FieldKind::Number | FieldKind::Decimal | FieldKind::Word => OwnedPiece {
                    text: text.clone(),
                    span,
                    quoted: false,
                },
            };
            read.push((field.key, text, span));
            pieces.push(piece);
        }
        for (key, _) in &entries {
            let name = key_string(key);
            if !keys.contains(&name.as_str()) && !reported.contains(&key.span) {
                self.unknown_key(key, &format!("in this {type_name} value"), &keys);
            }
        }
        self.field_checks(ctx, &read);
        complete.then_some(pieces)
    }

    /// Value rules of octoDNS's validators that RDATA syntax does not cover.
    fn field_checks(&mut self, ctx: &RecordCtx, read: &[(&'static str, String, Span)]) {
        let get = |key: &str| read.iter().find(|(k, _, _)| *k == key);
        let number = |key: &str| {
            get(key).and_then(|(_, text, span)| Some((text.parse::<i64>().ok()?, *span)))
        };
        let mut out: Vec<(Span, String)> = Vec::new();
        let mut in_set = |key: &str, allowed: &[i64], what: &str| {
            if let Some((value, span)) = number(key)
                && !allowed.contains(&value)
            {
                out.push((
                    span,
                    format!(
                        "{what} {value} is not one octoDNS accepts ({})",
                        allowed
                            .iter()
                            .map(i64::to_string)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
        };
        match ctx.octo.name {
            "SSHFP" => {
                in_set("algorithm", &[1, 2, 3, 4], "SSHFP algorithm");
                in_set("fingerprint_type", &[1, 2], "SSHFP fingerprint type");
                if let (Some((fp_type, _)), Some((_, fingerprint, span))) =
                    (number("fingerprint_type"), get("fingerprint"))
                {
                    let expected = match fp_type {
                        1 => Some(40),
                        2 => Some(64),
                        _ => None,
                    };
                    if let Some(expected) = expected
                        && fingerprint.len() != expected
                    {
                        out.push((*span, format!("SSHFP fingerprint is {} characters; fingerprint type {fp_type} needs {expected}", fingerprint.len())));
                    }
                }
            }
            "TLSA" => {
                in_set("certificate_usage", &[0, 1, 2, 3], "TLSA certificate usage");
                in_set("selector", &[0, 1], "TLSA selector");
                in_set("matching_type", &[0, 1, 2], "TLSA matching type");
            }
            "URLFWD" => {
                in_set("code", &[301, 302], "URLFWD code");
                in_set("masking", &[0, 1, 2], "URLFWD masking");
                in_set("query", &[0, 1], "URLFWD query");
            }
            "NAPTR" => {
                if let Some((_, flags, span)) = get("flags")
                    && !matches!(
                        flags.as_str(),
                        "S" | "A" | "U" | "P" | "s" | "a" | "u" | "p"
                    )
                {
                    out.push((*span, format!("NAPTR flags `{flags}` are not one of S, A, U, P, which octoDNS requires")));
                }
            }
            "LOC" => {
                for (key, allowed) in [
                    ("lat_direction", ["N", "S"]),
                    ("long_direction", ["E", "W"]),
                ] {
                    if let Some((_, direction, span)) = get(key)
                        && !allowed.contains(&direction.as_str())
                    {
                        out.push((
                            *span,
                            format!("LOC `{key}` must be {} or {}", allowed[0], allowed[1]),
                        ));
                    }
                }
            }
            _ => {}
        }
        for (span, message) in out {
            self.rejected(ctx.lenient, span, message, None);
        }
    }

    /// SVCB and HTTPS: priority, target, then `svcparams` as `key=value` pieces.
    fn svcb_pieces(&mut self, ctx: &RecordCtx, node: &'a Node) -> Option<Vec<OwnedPiece>> {
        let mut pieces = self.field_pieces(ctx, node, types::SVCB, &["svcparams"])?;
        let entries = self.mapping(node)?;
        let Some((key, params)) = Self::find(&entries, "svcparams").copied() else {
            return Some(pieces);
        };
        let params = self.deref(params)?;
        if params.is_null() {
            return Some(pieces);
        }
        let Some(params) = self.mapping(params) else {
            self.structure(
                params.span,
                "`svcparams` must be a mapping of SvcParam names to values",
                None,
            );
            return None;
        };
        let alias_mode = pieces.first().is_some_and(|p| p.text == "0");
        if alias_mode && !params.is_empty() {
            self.rejected(
                ctx.lenient,
                key.span,
                format!(
                    "svcparams on an AliasMode (priority 0) {} record",
                    ctx.octo.name
                ),
                Some("AliasMode records carry no parameters (RFC 9460 §2.4.2)".into()),
            );
        }
        for (param, value) in params {
            let name = key_string(param);
            let known = types::SVC_PARAMS.contains(&name.as_str())
                || name
                    .strip_prefix("key")
                    .is_some_and(|n| n.parse::<u16>().is_ok());
            if !known {
                self.rejected(
                    ctx.lenient,
                    param.span,
                    format!("unknown SvcParam `{name}`: octoDNS rejects it"),
                    Some(format!(
                        "octoDNS knows {} and keyNNNNN",
                        types::SVC_PARAMS.join(", ")
                    )),
                );
            }
            let value = self.deref(value)?;
            let text = match &value.kind {
                _ if value.is_null() => name.clone(),
                Kind::Seq(items) => {
                    let parts: Vec<String> = items
                        .iter()
                        .filter_map(|i| self.deref(i))
                        .filter_map(|i| i.scalar().map(|(t, _)| t.to_string()))
                        .collect();
                    format!("{name}={}", parts.join(","))
                }
                Kind::Scalar { text, .. } => {
                    if types::SVC_LIST_PARAMS.contains(&name.as_str()) {
                        self.rejected(
                            ctx.lenient,
                            value.span,
                            format!("SvcParam `{name}` must be a list in octoDNS"),
                            Some(format!("write `{name}: [{text}]`")),
                        );
                    }
                    format!("{name}={text}")
                }
                _ => {
                    self.structure(
                        value.span,
                        format!("SvcParam `{name}` must be a value or a list"),
                        None,
                    );
                    return None;
                }
            };
            let span = if param.span.file == value.span.file {
                param.span.cover(value.span)
            } else {
                param.span
            };
            pieces.push(OwnedPiece {
                text,
                span,
                quoted: false,
            });
        }
        Some(pieces)
    }

    // ----- records ------------------------------------------------------------------------

    /// Parse the pieces as RDATA and add the record.
    fn emit(&mut self, ctx: &RecordCtx, pieces: Vec<OwnedPiece>, value_span: Span) {
        let Some(rtype) = ctx.octo.rtype else {
            // ALIAS and URLFWD are not DNS types: checked above, nothing to publish.
            return;
        };
        let home = pieces.first().map_or(value_span.file, |p| p.span.file);
        let fallback = pieces
            .first()
            .map_or((value_span.start, value_span.end), |p| {
                (p.span.start, p.span.end)
            });
        let local = |span: Span| {
            if span.file == home {
                (span.start, span.end)
            } else {
                fallback
            }
        };
        let parse_pieces: Vec<Piece<'_>> = pieces
            .iter()
            .map(|p| Piece {
                text: p.text.as_bytes(),
                span: local(p.span),
                quoted: p.quoted,
            })
            .collect();
        let end = if value_span.file == home {
            (value_span.end, value_span.end)
        } else {
            fallback
        };
        let (rdata, mut fields) =
            match rdata::parse_rdata(rtype, Class::IN, Some(self.apex), &parse_pieces, end) {
                Ok(parsed) => (parsed.rdata, parsed.fields),
                Err(error) => {
                    self.rdata_problem(ctx.lenient, error, home);
                    (RData::Invalid, Vec::new())
                }
            };
        // A field made of several YAML scalars (LOC) may run backwards if the keys were
        // written out of RDATA order: give it the whole value instead.
        for field in &mut fields {
            if field.0 > field.1 {
                *field = local(value_span);
            }
        }
        if !ctx.publish {
            return;
        }
        let entry = if ctx.owner_span.file == home && ctx.item_span.file == home {
            let span = ctx.owner_span.cover(ctx.item_span);
            (span.start, span.end)
        } else {
            local(ctx.item_span)
        };
        let owner = if ctx.owner_span.file == home {
            (ctx.owner_span.start, ctx.owner_span.end)
        } else {
            (entry.0, entry.0)
        };
        self.records.push(Record {
            owner: ctx.owner.clone(),
            ttl: ctx.ttl,
            class: Class::IN,
            rtype,
            rdata,
            // octoDNS has no origin; a forgotten dot was reported (NAME001) while lowering.
            relative_fields: 0,
            spans: RecordSpans {
                file: home,
                entry,
                owner,
                rtype: local(ctx.type_span),
                fields,
            },
        });
    }
}

#[derive(Default)]
struct Meta {
    lenient: bool,
    ignored: bool,
}

/// What to write instead of a number YAML 1.1 reads otherwise.
fn number_help(text: &str, number: i128) -> String {
    let digits = text.trim_start_matches(['-', '+']);
    if digits.len() > 1
        && digits.starts_with('0')
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'_')
    {
        let decimal = digits.trim_start_matches('0');
        let decimal = if decimal.is_empty() { "0" } else { decimal };
        format!("write `{decimal}` without the leading zero, or `{number}` if octal was meant")
    } else {
        format!("write `{number}`, or quote the value if it is not a number")
    }
}

/// How a YAML 1.1 number differs from what is written.
fn number_reason(text: &str) -> &'static str {
    let digits = text.trim_start_matches(['-', '+']);
    if digits.starts_with("0b") {
        " (a binary number)"
    } else if digits.starts_with("0x") {
        " (a hexadecimal number)"
    } else if digits.contains(':') {
        " (a base-60 number)"
    } else if digits.starts_with('0') && digits.len() > 1 {
        " (a leading 0 makes it octal)"
    } else if digits.contains('_') {
        " (underscores are dropped)"
    } else {
        ""
    }
}

fn describe_value(text: &str, value: Py) -> String {
    match value {
        Py::Bool(flag) => format!("the boolean {flag}"),
        Py::Int(Some(n)) if n.to_string() != text => {
            format!("the number {n}{}", number_reason(text))
        }
        Py::Int(_) | Py::Float(_) => "a number".into(),
        Py::Timestamp => "a date".into(),
        Py::Null => "null".into(),
        Py::Str => "text".into(),
    }
}

/// How a value written as one string should be written as a mapping, for the help text.
fn field_help(fields: &[Field], text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() != fields.len() {
        return String::new();
    }
    let pairs: Vec<String> = fields
        .iter()
        .zip(&words)
        .map(|(f, w)| format!("{}: {w}", f.key))
        .collect();
    format!("write `{{{}}}`", pairs.join(", "))
}

/// octoDNS's `\w;` check: a `;` right after a word character is not escaped.
fn has_unescaped_semicolon(text: &str) -> bool {
    let mut previous: Option<char> = None;
    for c in text.chars() {
        if c == ';' && previous.is_some_and(|p| p.is_alphanumeric() || p == '_') {
            return true;
        }
        previous = Some(c);
    }
    false
}

/// octoDNS's chunking of TXT values: at most 255 characters, never ending in a backslash.
fn chunk(text: &str) -> Vec<String> {
    const CHUNK: usize = 255;
    let chars: Vec<char> = text.chars().collect();
    if chars.is_empty() {
        return vec![String::new()];
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let mut size = CHUNK.min(chars.len() - i);
        while size > 1 && chars[i + size - 1] == '\\' {
            size -= 1;
        }
        out.push(chars[i..i + size].iter().collect());
        i += size;
    }
    out
}

/// `NA`, `NA-US`, `NA-US-CA`: octoDNS's geo code pattern (two word characters each).
fn valid_geo_code(code: &str) -> bool {
    let parts: Vec<&str> = code.split('-').collect();
    (1..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| p.chars().count() == 2 && p.chars().all(|c| c.is_alphanumeric() || c == '_'))
}

/// Non-ASCII labels to their IDNA (punycode) form, as octoDNS's `idna_encode` does.
pub fn idna_encode(text: &str) -> Result<String, String> {
    if text.is_ascii() {
        return Ok(text.to_string());
    }
    let mut labels = Vec::new();
    for label in text.split('.') {
        if label.is_ascii() {
            labels.push(label.to_string());
            continue;
        }
        let encoded = hickory_proto::rr::Name::from_utf8(label)
            .map_err(|e| format!("not a valid internationalised name: {e}"))?
            .to_ascii();
        labels.push(encoded.trim_end_matches('.').to_string());
    }
    Ok(labels.join("."))
}

/// The known key closest to `word`, if it is close enough to be a likely misspelling.
pub fn suggest<'k>(word: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (distance(word, k), *k))
        .filter(|&(d, k)| d > 0 && d <= 2 && d * 2 < k.len().max(2))
        .min_by_key(|&(d, _)| d)
        .map(|(_, k)| k)
}

/// Edit distance counting a swap of two neighbours as one edit (optimal string alignment).
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
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

    #[test]
    fn txt_chunks_never_end_in_a_backslash() {
        let long = "a".repeat(254) + "\\;" + &"b".repeat(10);
        let chunks = chunk(&long);
        assert_eq!(chunks[0].chars().count(), 254);
        assert!(chunks[1].starts_with("\\;"));
        assert_eq!(chunk(""), [""]);
    }

    #[test]
    fn semicolons_and_geo_codes() {
        assert!(has_unescaped_semicolon("v=DKIM1; k=rsa"));
        assert!(!has_unescaped_semicolon("v=DKIM1\\; k=rsa"));
        assert!(!has_unescaped_semicolon(";"));
        assert!(valid_geo_code("NA-US-CA"));
        assert!(!valid_geo_code("NORTH"));
    }

    #[test]
    fn idna() {
        assert_eq!(idna_encode("bücher").unwrap(), "xn--bcher-kva");
        assert_eq!(idna_encode("_sip._tcp").unwrap(), "_sip._tcp");
    }
}
