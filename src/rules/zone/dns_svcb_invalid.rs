//! ZONE037: a DNS-server SVCB record (`_dns`, RFC 9461) lacks what clients need.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::model::{RType, Record};
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "ZONE037",
    name: "dns-svcb-invalid",
    severity: Severity::Error,
    summary: "A `_dns` SVCB record has no `alpn`, or offers DNS over HTTPS without `dohpath`",
    doc: include_str!("../../../rules/docs/ZONE037.md"),
    check: Some(check),
};

const SVCB: RType = RType(64);

/// `_dns.<server>` or `_<port>._dns.<server>` (RFC 9461 §2).
fn is_dns_server_owner(record: &Record) -> bool {
    let mut labels = record.owner.labels();
    match labels.next() {
        Some(first) if first.eq_ignore_ascii_case("_dns") => true,
        Some(first)
            if first.len() > 1
                && first.starts_with('_')
                && first[1..].bytes().all(|b| b.is_ascii_digit()) =>
        {
            labels
                .next()
                .is_some_and(|l| l.eq_ignore_ascii_case("_dns"))
        }
        _ => false,
    }
}

/// Presentation text with its escapes decoded: `\X` is X, `\DDD` the byte DDD.
fn unescape(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' && i + 1 < bytes.len() {
            let digits = bytes
                .get(i + 1..i + 4)
                .filter(|d| d.iter().all(u8::is_ascii_digit));
            match digits.and_then(|d| std::str::from_utf8(d).ok()?.parse::<u8>().ok()) {
                Some(byte) => {
                    out.push(byte);
                    i += 4;
                }
                None => {
                    out.push(bytes[i + 1]);
                    i += 2;
                }
            }
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

/// The SvcParams of an SVCB or HTTPS record's parameter field as written, each with its
/// offset in `text`: a token runs to unquoted, unescaped white space, and a comment (`;` outside
/// quotes, to the end of its line; the field of a record in parentheses may hold one) is none.
pub fn param_tokens(text: &str) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b if b.is_ascii_whitespace() || b == b'(' || b == b')' => at += 1,
            b';' => {
                at = bytes[at..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(bytes.len(), |end| at + end);
            }
            _ => {
                let start = at;
                let mut quoted = false;
                while at < bytes.len() {
                    match bytes[at] {
                        b'\\' => at += 1,
                        b'"' => quoted = !quoted,
                        b if !quoted && (b.is_ascii_whitespace() || b == b';') => break,
                        _ => {}
                    }
                    at += 1;
                }
                let end = at.min(bytes.len());
                tokens.push((start, &text[start..end]));
            }
        }
    }
    tokens
}

/// The SvcParams as (key, value) pairs, keys in lower case and in their `keyNNNNN` form
/// mapped to names for the two that matter here.
fn params(text: &str) -> Vec<(String, Vec<u8>)> {
    param_tokens(text)
        .into_iter()
        .map(|(_, token)| {
            let (key, value) = token.split_once('=').unwrap_or((token, ""));
            let value = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(value);
            let key = match key.to_ascii_lowercase().as_str() {
                "key1" => "alpn".to_string(),
                "key7" => "dohpath".to_string(),
                other => other.to_string(),
            };
            (key, unescape(value))
        })
        .collect()
}

/// An ALPN protocol ID of HTTP (`http/1.1`, `h2`, `h3`). The IDs are split at every comma,
/// escaped or not: BIND refuses `alpn=h1\\,h2` (one ID `h1,h2`) as well.
fn offers_http(alpn: &[u8]) -> bool {
    alpn.split(|&b| b == b',' || b == b'\\').any(|id| {
        id.eq_ignore_ascii_case(b"h2") || id.eq_ignore_ascii_case(b"h3") || id.starts_with(b"http/")
    })
}

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    // The parameters are read as a zone file writes them; octoDNS writes them as a YAML
    // mapping (`svcparams: {alpn: [dot]}`), which this reading does not know.
    if zone.zone.format != crate::model::ZoneFormat::Bind {
        return;
    }
    for record in zone.of_type(SVCB) {
        if !is_dns_server_owner(record) || record.spans.field_count() < 3 {
            continue;
        }
        // Priority 0 is AliasMode: it carries no parameters.
        if project.field_text(record, 0).trim() == "0" {
            continue;
        }
        let params = params(project.field_text(record, 2));
        let value = |key: &str| params.iter().find(|(k, _)| k == key).map(|(_, v)| v);
        let problem = match (value("alpn"), value("dohpath")) {
            (None, _) => {
                "`_dns` SVCB record has no `alpn`: clients cannot tell which DNS transport the server offers"
            }
            (Some(alpn), None) if offers_http(alpn) => {
                "`_dns` SVCB record offers DNS over HTTPS (`alpn` names HTTP) but has no `dohpath`"
            }
            _ => continue,
        };
        out.push(
            Diagnostic::new(&RULE, record.field_span(2), problem).with_help(
                "RFC 9461 §4 and §5: a `_dns` SVCB in ServiceMode needs `alpn` (dot, doq, h2, ...), \
                 and `dohpath=/dns-query{?dns}` (say) when it names HTTP (`key7=/dns-query{?dns}` \
                 where Knot DNS 3.2 serves the zone: it does not know the name)",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_params_as_written() {
        let p = params(r#"alpn="h2,h3" dohpath=/q{?dns} port=443"#);
        assert_eq!(p[0], ("alpn".into(), b"h2,h3".to_vec()));
        assert_eq!(p[1].0, "dohpath");
        assert_eq!(p[2].0, "port");
        assert!(offers_http(&params(r"alpn=h1\\,h2")[0].1));
        assert!(!offers_http(b"dot,doq"));
    }
}
