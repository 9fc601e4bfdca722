//! BIMI001: a BIMI Assertion Record that receivers ignore or treat as an error: a version
//! other than exactly `v=BIMI1` first, a tag list that does not read, no `l=`, a location
//! that is not one HTTPS URI, a logo that is not SVG.

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{Project, ZoneIndex};
use crate::rules::Rule;
use crate::rules::bimi::bimi_records;
use crate::rules::tags::{Tag, parse_tag_list, piece_span, tag_text};

pub static RULE: Rule = Rule {
    code: "BIMI001",
    name: "bimi-invalid-record",
    severity: Severity::Error,
    summary: "A BIMI record receivers ignore or reject: not `v=BIMI1` first, no `l=`, a location that is not an HTTPS URI, a logo that is not SVG",
    doc: include_str!("../../../rules/docs/BIMI001.md"),
    check: Some(check),
};

/// Image formats a logo location may end in that BIMI does not take: the draft makes such a
/// location a permanent error (only SVG and SVGZ are registered).
const OTHER_IMAGES: &[&str] = &[
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".ico", ".tif", ".tiff", ".avif",
];

fn check(project: &Project<'_>, zone: &ZoneIndex<'_>, out: &mut Vec<Diagnostic>) {
    for bimi in bimi_records(zone) {
        let owner = &bimi.record.owner;
        let problem = |piece: &str, message: String, help: &str| {
            Diagnostic::new(
                &RULE,
                piece_span(project, bimi.record, &bimi.text, piece),
                format!("BIMI record `{owner}`: {message}"),
            )
            .with_help(help.to_string())
        };
        let tags = match parse_tag_list(&bimi.text) {
            Ok(tags) => tags,
            Err(message) => {
                out.push(problem(
                    &bimi.text,
                    message,
                    "A BIMI record is a DKIM-style tag list (`v=BIMI1; l=https://...; a=...`), \
                     tags separated by `;`. Receivers ignore a record that does not read.",
                ));
                continue;
            }
        };
        // The version tag first, its value exactly `BIMI1` (receivers must not fix case).
        match tags.first() {
            Some(first) if first.name == "v" && first.value == "BIMI1" => {}
            Some(first) => {
                out.push(problem(
                    whole(&bimi.text, first),
                    format!("starts with `{}`, not `v=BIMI1`", whole(&bimi.text, first)),
                    "The draft: `v=BIMI1` must be the first tag and match exactly, in this case; \
                     receivers ignore any other record, and show no logo.",
                ));
                continue;
            }
            None => continue,
        }
        let Some(location) = tags.iter().find(|t| t.name == "l") else {
            out.push(problem(
                &bimi.text,
                "has no `l=` tag".into(),
                "`l=` is required: the HTTPS URI of the SVG logo, or empty to decline to \
                 publish. Receivers treat a record without it as an error.",
            ));
            continue;
        };
        for tag in tags.iter().filter(|t| t.name == "l" || t.name == "a") {
            if tag.value.is_empty() {
                continue;
            }
            if let Some(reason) = not_one_https_uri(tag.value) {
                out.push(problem(
                    whole(&bimi.text, tag),
                    format!("`{}` {reason}", whole(&bimi.text, tag)),
                    "`l=` and `a=` each take one `https://` URI with a host name (or nothing); \
                     receivers fetch nothing else, and treat the record as an error.",
                ));
            }
        }
        let path = location
            .value
            .split(['?', '#'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if let Some(format) = OTHER_IMAGES.iter().find(|ext| path.ends_with(**ext)) {
            out.push(problem(
                whole(&bimi.text, location),
                format!("the logo is a `{format}` file, not SVG"),
                "BIMI takes only SVG (the SVG Tiny Portable/Secure profile), optionally \
                 gzipped as SVGZ; a location that ends in another image format is a permanent \
                 error for receivers. Publish the logo as SVG Tiny PS.",
            ));
        }
    }
}

/// The whole `name=value` of `tag` as a slice of `text`, so that its span is found.
fn whole<'t>(text: &'t str, tag: &Tag<'t>) -> &'t str {
    tag_text(text, tag).unwrap_or(text)
}

/// Why a location is not one HTTPS URI with a host, if it is not.
fn not_one_https_uri(value: &str) -> Option<&'static str> {
    if value.contains(',') {
        return Some("lists several URIs; BIMI takes one");
    }
    let Some(rest) = value
        .get(..8)
        .filter(|scheme| scheme.eq_ignore_ascii_case("https://"))
        .map(|_| &value[8..])
    else {
        return Some("is not an `https://` URI");
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host.rsplit('@').next().unwrap_or_default();
    let host = host.split(':').next().unwrap_or_default();
    if !host.contains('.') || host.bytes().any(|b| b.is_ascii_whitespace()) {
        return Some("has no fully qualified host name");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations() {
        assert_eq!(not_one_https_uri("https://example.com/logo.svg"), None);
        assert_eq!(not_one_https_uri("HTTPS://cdn.example.com:443/a.svg"), None);
        assert!(not_one_https_uri("http://example.com/logo.svg").is_some());
        assert!(not_one_https_uri("https://localhost/logo.svg").is_some());
        assert!(not_one_https_uri("https://a.example/x.svg,https://b.example/y.svg").is_some());
        assert!(not_one_https_uri("example.com/logo.svg").is_some());
    }
}
