//! Record values: presentation pieces from YAML scalars, checked by octoDNS's rules, then
//! parsed as RDATA into records.

use std::borrow::Cow;

use super::{Got, Lowerer, OwnedPiece, RecordCtx, key_string};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Class, RData, RType, Record, RecordSpans};
use crate::parse::octodns::idna_encode;
use crate::parse::octodns::scalar::{self, Py};
use crate::parse::octodns::types::{self, Field, FieldKind, Shape};
use crate::parse::octodns::yaml::{Kind, Node};
use crate::parse::rdata::{self, Piece};
use crate::rules::names::missing_trailing_dot::{self, is_tld};
use crate::rules::syntax::*;
use crate::source::Span;

impl<'a> Lowerer<'a> {
    // ----- values -------------------------------------------------------------------------

    /// One value of a record: its presentation pieces, then RDATA, then a record.
    pub(super) fn value(&mut self, ctx: &RecordCtx, node: &'a Node) {
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
                match self.scalar_text(node, FieldKind::Word, &"the value") {
                    Got::Value(text, span) => vec![OwnedPiece {
                        text: text.into_owned(),
                        span,
                        quoted: false,
                    }],
                    Got::Missing | Got::Skip => return,
                }
            }
            Shape::Target => match self.scalar_text(node, FieldKind::Target, &"the value") {
                Got::Value(text, span) => {
                    match self.name_piece(ctx, &text, span, FieldKind::Target, "value") {
                        Some(piece) => vec![piece],
                        None => return,
                    }
                }
                Got::Missing | Got::Skip => return,
            },
            Shape::Text => {
                match self.scalar_text_octodns_needs(node, FieldKind::Text, &"the value") {
                    Got::Value(text, span) => {
                        let double_quoted = self.deref(node).is_some_and(|n| {
                            matches!(
                                n.kind,
                                crate::parse::octodns::yaml::Kind::Scalar {
                                    style: crate::parse::octodns::yaml::Style::DoubleQuoted,
                                    ..
                                }
                            )
                        });
                        self.txt_pieces(ctx, &text, span, double_quoted)
                    }
                    Got::Missing | Got::Skip => return,
                }
            }
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

    /// [`Self::scalar_text`] for a value octoDNS must have as text, as it runs string
    /// operations on it (a TXT or SPF value's `;` check, an SSHFP fingerprint's): a plain
    /// `1234567890`, `yes` or `2024-01-31` there makes octodns-validate and octodns-sync stop
    /// ("TypeError: expected string or bytes-like object, got 'int'"; octoDNS 1.22.0), so
    /// OCTO002's finding is an error.
    pub(super) fn scalar_text_octodns_needs(
        &mut self,
        node: &'a Node,
        kind: FieldKind,
        what: &dyn std::fmt::Display,
    ) -> Got<'a> {
        self.scalar_text_as(node, kind, what, true)
    }

    /// Read a scalar for a field of `kind`, warning where PyYAML reads it otherwise.
    /// `what` names the value in messages: written out only when there is one to give.
    pub(super) fn scalar_text(
        &mut self,
        node: &'a Node,
        kind: FieldKind,
        what: &dyn std::fmt::Display,
    ) -> Got<'a> {
        self.scalar_text_as(node, kind, what, false)
    }

    /// [`Self::scalar_text`]; `needs_text` when octoDNS stops on a value that is not text.
    fn scalar_text_as(
        &mut self,
        node: &'a Node,
        kind: FieldKind,
        what: &dyn std::fmt::Display,
        needs_text: bool,
    ) -> Got<'a> {
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
                let read_as = describe_value(text, other);
                if needs_text {
                    self.push(
                        Diagnostic::new(
                            &YAML_IMPLICIT_TYPE,
                            span,
                            format!(
                                "octoDNS (YAML 1.1) reads `{text}` as {read_as}, not as text, and octoDNS stops on it with a TypeError"
                            ),
                        )
                        .with_severity(Severity::Error)
                        .with_help(format!("quote it: `'{text}'`")),
                    );
                } else {
                    self.implicit_type(
                        span,
                        format!("octoDNS (YAML 1.1) reads `{text}` as {read_as}, not as text"),
                        format!("quote it: `'{text}'`"),
                    );
                }
                Got::Value(Cow::Borrowed(text), span)
            }
        }
    }

    /// A domain name field: completed when the final dot is missing (NAME001), encoded when
    /// it is not ASCII. None when the value is skipped (a template octoDNS fills in later).
    pub(super) fn name_piece(
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
        // A target pasted with blanks around it (` x.dkim.amazonses.com. `): octoDNS's FQDN
        // check refuses it, and the name meant is the one within the blanks, final dot and
        // all, which the rules then read (not a name without its final dot, NAME001's).
        let trimmed = text.trim_matches([' ', '\t']);
        let text = if kind == FieldKind::Target && trimmed.len() != text.len() {
            self.rejected(
                ctx.lenient,
                span,
                format!(
                    "{type_name} {what} `{}` has a blank before or after the name: octoDNS rejects it (not a valid FQDN)",
                    crate::report::escape::shorten(text, 120)
                ),
                Some(format!("write `{trimmed}`, without the blanks")),
            );
            trimmed
        } else {
            text
        };
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
                    format!(
                        "bad domain name `{}`: {message}",
                        crate::report::escape::shorten(text, 300)
                    ),
                ));
                return None;
            }
        };
        // An IPv4 address as a target is its own finding (MX006, ZONE026, ZONE029,
        // ZONE045, ALIAS included), said better, and octoDNS's check takes its digit
        // labels. An IPv6 one, colons and all, octoDNS refuses, so it is both.
        let is_ipv4 = encoded
            .trim_end_matches('.')
            .parse::<std::net::Ipv4Addr>()
            .is_ok();
        if kind == FieldKind::Target
            && !is_ipv4
            && let Some(reason) = fqdn_problem(&encoded)
        {
            self.rejected(
                ctx.lenient,
                span,
                format!(
                    "{type_name} {what} `{}` is not a valid FQDN ({reason}): octoDNS rejects it",
                    crate::report::escape::shorten(text, 120)
                ),
                Some(
                    "octoDNS's `target-value-rfc` check: labels of letters, digits, `-` and `_`, not \
                     starting or ending with `-`, at least two of them"
                        .into(),
                ),
            );
        }
        if rdata::ends_with_unescaped_dot(encoded.as_bytes()) {
            return Some(OwnedPiece {
                text: encoded,
                span,
                quoted: false,
            });
        }
        let completed = self.complete(&encoded);
        let diagnostic = self.missing_dot(ctx, text, &encoded, &completed, span, kind, what);
        // The address rules (MX006, ZONE026, ZONE029, ZONE045) explain an address written as
        // a target better than a missing dot does, and a final dot would not mend it. Kept
        // when octoDNS refuses an IPv4 address for the missing dot; an IPv6 one it refuses in
        // any case (OCTO004, above).
        let address = encoded.parse::<std::net::IpAddr>().ok();
        let said_better = address
            .is_some_and(|address| address.is_ipv6() || diagnostic.severity != Severity::Error);
        if !(said_better && ADDRESS_RULE_TYPES.contains(&type_name)) {
            self.push(diagnostic);
        }
        Some(OwnedPiece {
            text: completed,
            span,
            quoted: false,
        })
    }

    /// NAME001 for a name without its final dot, saying what octoDNS and the providers it
    /// syncs to will do with it. octoDNS sends names as written; Route 53 and most provider
    /// APIs take every name as absolute, so `mail.example.net` is published as meant.
    #[allow(clippy::too_many_arguments)]
    fn missing_dot(
        &self,
        ctx: &RecordCtx,
        text: &str,
        encoded: &str,
        completed: &str,
        span: Span,
        kind: FieldKind,
        what: &str,
    ) -> Diagnostic {
        let type_name = ctx.octo.name;
        let version = &self.options.octodns;
        let assumed = version.describe();
        let as_meant = completed == format!("{encoded}.");
        // octoDNS's FQDN check (every release) wants two labels: `mail` is refused outright.
        let single_label = !encoded.contains('.');
        let refused = kind == FieldKind::Target && (single_label || version.requires_final_dot());
        let (severity, message) = if refused && !ctx.lenient {
            let why = if single_label {
                format!(
                    "octoDNS refuses the record (the {type_name} {what} must be a fully qualified name of two labels or more)"
                )
            } else {
                format!(
                    "{assumed} refuses the record (the {type_name} {what} must be fully qualified)"
                )
            };
            (
                Severity::Error,
                format!("`{text}` has no trailing dot: {why}"),
            )
        } else if refused {
            (
                Severity::Warning,
                format!(
                    "`{text}` has no trailing dot: {assumed} accepts it only because the record or its zone is lenient, and passes it on as written (octodns-sync logs a warning, octodns-validate exits 1)"
                ),
            )
        } else if as_meant {
            (
                Severity::Info,
                format!(
                    "`{text}` has no trailing dot: {assumed} accepts it and most providers publish `{completed}`, but one that writes zone files may read it relative to the zone"
                ),
            )
        } else {
            (
                Severity::Error,
                format!(
                    "`{text}` has no trailing dot: octoDNS passes it on as written and providers publish it as `{encoded}.`, not as `{completed}`"
                ),
            )
        };
        let help = if as_meant {
            format!("write `{completed}`, with the final dot")
        } else {
            format!("write the full name `{completed}`; zonelint reads `{text}` as that name")
        };
        Diagnostic::new(&missing_trailing_dot::RULE, span, message)
            .with_severity(severity)
            .with_help(help)
    }

    /// A name written without its final dot, completed as its author most likely meant: a
    /// name that repeats the zone, ends in a top-level domain or is an address is absolute;
    /// anything else is a name inside the zone.
    pub(super) fn complete(&self, text: &str) -> String {
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
    pub(super) fn txt_pieces(
        &mut self,
        ctx: &RecordCtx,
        text: &str,
        span: Span,
        double_quoted: bool,
    ) -> Vec<OwnedPiece> {
        // octoDNS's clean-up of every TXT value (`_ChunkedValue.process`, 1.22 as before): a
        // value that starts with `"` loses its first and last characters, whatever the last
        // is (`"v=spf1 mx -all` becomes `v=spf1 mx -al`), then every `" "` goes, anywhere:
        // a key split as `abc" "def` is published as `abcdef`.
        let mut value: String = match text.strip_prefix('"') {
            Some(rest) => {
                let mut rest = rest.to_string();
                rest.pop();
                rest
            }
            None => text.to_string(),
        }
        .replace("\" \"", "");
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
                // In a double-quoted YAML string `\;` is an escape YAML does not know
                // (felixoi/dns: following the help gave "found unknown escape character").
                Some(if double_quoted {
                    "write `\\\\;` for each `;` inside the double quotes (YAML makes it `\\;`), or \
                     put the value in single quotes and write `\\;` (octoDNS's \
                     `escaped_semicolons`)"
                        .into()
                } else {
                    "write `\\;` for each `;` (octoDNS's `escaped_semicolons`)".into()
                }),
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
    pub(super) fn field_pieces(
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
                // octoDNS runs string operations on an SSHFP fingerprint (`fingerprint_type`
                // checks its length and hex digits).
                Some((_, value)) if ctx.octo.name == "SSHFP" && field.key == "fingerprint" => self
                    .scalar_text_octodns_needs(value, field.kind, &format_args!("`{}`", field.key)),
                Some((_, value)) => {
                    self.scalar_text(value, field.kind, &format_args!("`{}`", field.key))
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
                FieldKind::Decimal => OwnedPiece {
                    text: as_octodns_writes_decimal(field.key, &text),
                    span,
                    quoted: false,
                },
                FieldKind::Number | FieldKind::Word => OwnedPiece {
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
            if !keys.contains(&name.as_ref()) && !reported.contains(&key.span) {
                self.unknown_key(key, &format!("in this {type_name} value"), &keys);
            }
        }
        self.field_checks(ctx, &read);
        complete.then_some(pieces)
    }

    /// Value rules of octoDNS's validators that RDATA syntax does not cover.
    pub(super) fn field_checks(&mut self, ctx: &RecordCtx, read: &[(&'static str, String, Span)]) {
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
    pub(super) fn svcb_pieces(
        &mut self,
        ctx: &RecordCtx,
        node: &'a Node,
    ) -> Option<Vec<OwnedPiece>> {
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
            let known = types::SVC_PARAMS.contains(&name.as_ref())
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
                _ if value.is_null() => name.to_string(),
                Kind::Seq(items) => {
                    let parts: Vec<String> = items
                        .iter()
                        .filter_map(|i| self.deref(i))
                        .filter_map(|i| i.scalar().map(|(t, _)| t.to_string()))
                        .collect();
                    format!("{name}={}", parts.join(","))
                }
                Kind::Scalar { text, .. } => {
                    if types::SVC_LIST_PARAMS.contains(&name.as_ref()) {
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
    pub(super) fn emit(&mut self, ctx: &RecordCtx, pieces: Vec<OwnedPiece>, value_span: Span) {
        // ALIAS and URLFWD are not DNS types: checked above. An ALIAS is published as the
        // addresses its provider looks up at the target: read as a name, kept as a provider
        // alias whose addresses the zone does not say ([`RData::AddressAlias`]).
        let (rtype, alias) = match (ctx.octo.rtype, ctx.octo.name) {
            (Some(rtype), _) => (rtype, false),
            (None, "ALIAS") => (RType::CNAME, true),
            // URLFWD: the provider answers for the name with records of its own, addresses of
            // its redirect service (NS1, Constellix) or a proxied address and a Page Rule
            // (Cloudflare); never a TXT record, so a wildcard URLFWD publishes no DMARC or SPF
            // record below it (felixoi/dns, sweep 19).
            (None, _) => {
                self.unmodelled_addresses.push(ctx.owner.clone());
                return;
            }
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
        let (rdata, mut fields) = match rdata::parse_rdata(
            rtype,
            Class::IN,
            Some(self.apex),
            &parse_pieces,
            end,
        ) {
            // The target of an ALIAS was checked with its value; only its name is wanted.
            Ok(parsed) if alias => (parsed.rdata, parsed.fields),
            Err(_) if alias => return,
            Ok(parsed) => {
                for warning in parsed.warnings {
                    let span = Span {
                        file: home,
                        start: warning.span.0,
                        end: warning.span.1,
                    };
                    self.push(
                        Diagnostic::new(&INVALID_RDATA, span, warning.message)
                            .with_severity(Severity::Warning),
                    );
                }
                (parsed.rdata, parsed.fields)
            }
            // Lenience only skips octoDNS's validators: an A or AAAA value that is no
            // address still stops it when it builds the record (`ip_address()` raises
            // AddressValueError; octoDNS 1.22.0), so that stays an error.
            Err(error) if ctx.lenient && matches!(ctx.octo.shape, Shape::Address) => {
                let span = Span {
                    file: home,
                    start: error.span.0,
                    end: error.span.1,
                };
                self.push(Diagnostic::new(
                        &OCTODNS_VALIDATION,
                        span,
                        format!(
                            "{}: the record is lenient, but octoDNS cannot build it (AddressValueError), and octodns-validate and octodns-sync stop",
                            error.message
                        ),
                    ));
                (RData::Invalid, Default::default())
            }
            Err(error) => {
                self.rdata_problem(ctx.lenient, error, home);
                (RData::Invalid, Default::default())
            }
        };
        // A field made of several YAML scalars (LOC) may run backwards if the keys were
        // written out of RDATA order: give it the whole value instead.
        for field in fields.iter_mut() {
            if field.0 > field.1 {
                *field = local(value_span);
            }
        }
        if !ctx.publish {
            // `octodns: ignored: true`: the record exists, managed elsewhere. A `geo` or
            // `dynamic` answer is another answer of the record published at the name, no
            // record of its own (ZONE009 reads the names listed as holding other data).
            if !ctx.alternative {
                self.unmodelled.push(ctx.owner.clone());
            }
            return;
        }
        let (rtype, rdata) = match rdata {
            RData::Target(target) if alias => (RType::PROVIDER_ALIAS, RData::AddressAlias(target)),
            _ if alias => return,
            rdata => (rtype, rdata),
        };
        let entry = local(ctx.entry_span);
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
            file: home,
            spans: RecordSpans::new(entry, owner, local(ctx.type_span), &fields),
        });
    }
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

/// The types whose target, written as an address, a rule of its own reports.
const ADDRESS_RULE_TYPES: &[&str] = &["MX", "NS", "SRV", "CNAME", "DNAME", "PTR", "ALIAS"];

/// Why octoDNS 1.22 does not take `name` (IDNA-encoded) as a target: its check is the `fqdn`
/// package's with underscores allowed (labels of 1-63 letters, digits, `-` and `_`, not
/// starting or ending with `-`, 253 characters at most, two labels or more). A name without
/// its final dot is NAME001's, which also covers a single label.
fn fqdn_problem(name: &str) -> Option<&'static str> {
    let absolute = name.ends_with('.');
    let text = name.strip_suffix('.').unwrap_or(name);
    if text.len() > 253 {
        return Some("longer than 253 characters");
    }
    for label in text.split('.') {
        if label.is_empty() || label.len() > 63 {
            return Some("an empty label, or one over 63 characters");
        }
        if !label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Some("a character other than letters, digits, `-` and `_`");
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Some("a label that starts or ends with `-`");
        }
    }
    (absolute && !text.contains('.')).then_some("a single label")
}

/// How a YAML 1.1 number differs from what is written.
/// A LOC decimal as octoDNS 1.22 hands it to a provider (`LocValue.rdata_text`): seconds
/// with three decimals, altitude, size and precisions with two, so `lat_seconds: 23.0001` is
/// `23.000`, which BIND and Knot would refuse as written in a zone file. Text that is no
/// number is left for the RDATA parser to report.
fn as_octodns_writes_decimal(key: &str, text: &str) -> String {
    match text.trim().parse::<f64>() {
        Ok(value) if value.is_finite() && key.ends_with("_seconds") => format!("{value:.3}"),
        Ok(value) if value.is_finite() => format!("{value:.2}"),
        _ => text.to_string(),
    }
}

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
    // Where each character starts, and the end. ASCII text (nearly every TXT value) has one
    // byte a character, and needs no list.
    let starts: Vec<usize> = if text.is_ascii() {
        Vec::new()
    } else {
        text.char_indices()
            .map(|(at, _)| at)
            .chain([text.len()])
            .collect()
    };
    let ascii = starts.is_empty();
    let start = |k: usize| if ascii { k } else { starts[k] };
    let chars = if ascii { text.len() } else { starts.len() - 1 };
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(chars / CHUNK + 1);
    let mut i = 0;
    loop {
        let mut size = CHUNK.min(chars - i);
        while size > 1 && bytes[start(i + size - 1)] == b'\\' {
            size -= 1;
        }
        out.push(text[start(i)..start(i + size)].to_string());
        i += size;
        if i == chars {
            return out;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn txt_chunks_never_end_in_a_backslash() {
        let long = "a".repeat(254) + "\\;" + &"b".repeat(10);
        let chunks = chunk(&long);
        assert_eq!(chunks[0].chars().count(), 254);
        assert!(chunks[1].starts_with("\\;"));
        assert_eq!(chunk(""), [""]);
    }

    /// octoDNS's chunking as it reads, character by character: what `chunk` must agree with.
    fn chunk_chars(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        if chars.is_empty() {
            return vec![String::new()];
        }
        let mut out = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let mut size = 255.min(chars.len() - i);
            while size > 1 && chars[i + size - 1] == '\\' {
                size -= 1;
            }
            out.push(chars[i..i + size].iter().collect());
            i += size;
        }
        out
    }

    /// Text is cut where the character-by-character cutting cuts it, backslashes at the
    /// boundary included, whether it is ASCII or not.
    #[test]
    fn ascii_txt_chunks_as_character_chunks() {
        let a = |n: usize| "a".repeat(n);
        let texts = [
            String::new(),
            a(1),
            a(255),
            a(256),
            a(254) + "\\",
            a(254) + "\\\\x",
            a(253) + "\\\\" + &a(300),
            "\\".repeat(600),
            a(510) + "\\",
        ];
        for text in &texts {
            assert_eq!(chunk(text), chunk_chars(text), "{}", text.len());
        }
        for text in &texts {
            let wide = text.replace('a', "é");
            assert_eq!(chunk(&wide), chunk_chars(&wide), "{}", wide.len());
        }
        assert_eq!(chunk("é\\"), chunk_chars("é\\"));
    }

    #[test]
    fn semicolons() {
        assert!(has_unescaped_semicolon("v=DKIM1; k=rsa"));
        assert!(!has_unescaped_semicolon("v=DKIM1\\; k=rsa"));
        assert!(!has_unescaped_semicolon(";"));
    }
}
