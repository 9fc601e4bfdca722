//! The key order octoDNS's YamlProvider enforces (`enforce_order`, `order_mode`).

use super::{KeyOrder, is_merge_key, key_string};
use crate::diagnostic::Diagnostic;
use crate::parse::octodns::scalar;
use crate::parse::octodns::yaml::{Document, Kind, Node};
use crate::rules::syntax::OCTODNS_KEY_ORDER;
use crate::source::Span;

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
