//! The key order octoDNS's YamlProvider enforces (`enforce_order`, `order_mode`).

use super::{KeyOrder, key_string};
use crate::diagnostic::Diagnostic;
use crate::parse::octodns::scalar;
use crate::parse::octodns::yaml::{Document, Kind, Node};
use crate::rules::syntax::OCTODNS_KEY_ORDER;
use crate::source::Span;

/// Keys out of octoDNS's order, one diagnostic per mapping, as `enforce_order` would refuse
/// them. Aliases and includes are checked where they are defined.
/// One finding per file: octoDNS refuses the file at its first unsorted mapping, and one
/// sort fixes them all; the other unsorted mappings are labels.
pub fn check_key_order(document: &Document, order: KeyOrder) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    if let Some(root) = &document.root {
        key_order_walk(root, order, &mut found);
    }
    let mut found = found.into_iter();
    let Some(mut first) = found.next() else {
        return Vec::new();
    };
    let rest: Vec<Diagnostic> = found.collect();
    if !rest.is_empty() {
        first.message.push_str(&format!(
            " (and {} more unsorted mapping{} in this file)",
            rest.len(),
            if rest.len() == 1 { "" } else { "s" }
        ));
        for other in rest.iter().take(MAX_LABELS) {
            first = first.with_label(other.span, "also out of order");
        }
    }
    vec![first]
}

/// Labels on one key-order finding, at most.
const MAX_LABELS: usize = 20;

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
            let keys: Vec<(std::borrow::Cow<'_, str>, Span)> = entries
                .iter()
                .filter(|(key, _)| !key.is_merge_key())
                .map(|(key, _)| (key_string(key), key.span))
                .collect();
            let compare = |a: &str, b: &str| match order {
                KeyOrder::Natural => scalar::natural_cmp(a, b),
                KeyOrder::Simple => a.cmp(b),
            };
            // Most maps are in order: sort a copy only to name the key expected.
            let in_order = keys
                .windows(2)
                .all(|pair| compare(&pair[0].0, &pair[1].0) != std::cmp::Ordering::Greater);
            let mut sorted: Vec<&str> = Vec::new();
            if !in_order {
                sorted = keys.iter().map(|(k, _)| k.as_ref()).collect();
                sorted.sort_by(|a, b| compare(a, b));
            }
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
                        format!(
                            "key {} is out of order: octoDNS expects {} here",
                            shown(key),
                            shown(expected)
                        ),
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

/// A key as written in messages: the empty key (the zone apex) as `''`.
fn shown(key: &str) -> String {
    if key.is_empty() {
        "`''`".to_string()
    } else {
        format!("`{key}`")
    }
}
