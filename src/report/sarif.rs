//! SARIF 2.1.0, the format GitHub code scanning ingests (`github/codeql-action/upload-sarif`)
//! and other SARIF viewers read.
//!
//! The fields are the ones GitHub documents as used, plus the standard ones other consumers
//! read: `tool.driver.rules` describes every rule (so `ruleIndex` is stable from run to run)
//! with its doc as help; a result's first location is its primary span, labels become
//! `relatedLocations`. Paths are relative URIs against `%SRCROOT%` (the repository checkout),
//! so a log is the same on every machine and GitHub maps it onto the repository.
//! `partialFingerprints` let code scanning follow an alert when lines move: upload-sarif adds
//! its own `primaryLocationLineHash` beside ours.

use std::collections::BTreeMap;
use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;

use super::escape::sarif_text;
use super::{Outcome, encode_path, positions};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{RULES, Rule};
use crate::source::{SourceMap, Span};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI: &str = "https://github.com/zonelint/zonelint";
/// The base our relative artifact URIs are resolved against: the root of the checkout.
const SRCROOT: &str = "%SRCROOT%";
/// The key of our own fingerprint in `partialFingerprints`; bump the version if the recipe
/// changes, so that old and new fingerprints are never compared.
const FINGERPRINT_KEY: &str = "zonelint/v1";

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    invocations: [Invocation; 1],
    /// Our columns count characters (Unicode code points), not UTF-16 units.
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<ReportingDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor {
    id: &'static str,
    name: &'static str,
    short_description: Message,
    full_description: Message,
    help: MultiformatMessage,
    help_uri: String,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Message {
    text: String,
}

#[derive(Serialize)]
struct MultiformatMessage {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Message,
    locations: [Location; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    partial_fingerprints: BTreeMap<&'static str, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Message>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

/// 1-based; the end column is the column after the last character, as in SARIF.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

pub fn render(outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "zonelint",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: INFORMATION_URI,
                    rules: RULES.iter().map(|rule| descriptor(rule)).collect(),
                },
            },
            invocations: [Invocation {
                execution_successful: true,
            }],
            column_kind: "unicodeCodePoints",
            results: results(outcome),
        }],
    };
    super::escape::write_json(&mut *out, &log, true)?;
    writeln!(out)
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn descriptor(rule: &Rule) -> ReportingDescriptor {
    ReportingDescriptor {
        id: rule.code,
        name: rule.name,
        short_description: Message {
            text: rule.summary.to_string(),
        },
        full_description: Message {
            text: full_description(rule),
        },
        help: MultiformatMessage {
            text: rule.doc.trim().to_string(),
            markdown: rule.doc.trim().to_string(),
        },
        help_uri: rule.url(),
        default_configuration: Configuration {
            level: level(rule.severity),
        },
        properties: RuleProperties {
            tags: vec!["dns".to_string(), rule.family().to_ascii_lowercase()],
        },
    }
}

/// The first paragraph of prose in the rule's doc (GitHub shows at most 1024 characters),
/// else the one-line summary.
fn full_description(rule: &Rule) -> String {
    let paragraph = rule
        .doc
        .split("\n\n")
        .map(str::trim)
        .find(|p| !p.is_empty() && !p.starts_with('#') && !p.starts_with("```"))
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "));
    let text = paragraph.unwrap_or_else(|| rule.summary.to_string());
    truncate_chars(&text, 1024)
}

fn truncate_chars(text: &str, max: usize) -> String {
    match text.char_indices().nth(max - 1) {
        Some((at, _)) if text.len() > at + 1 => format!("{}…", &text[..at]),
        _ => text.to_string(),
    }
}

fn results(outcome: &Outcome) -> Vec<SarifResult> {
    let sources = &outcome.sources;
    // Identical findings on identical lines of one file are told apart by their order.
    let mut seen: HashMap<u64, usize> = HashMap::new();
    outcome
        .diagnostics
        .iter()
        .map(|d| {
            let hash = fingerprint(sources, d);
            let occurrence = seen.entry(hash).or_insert(0);
            *occurrence += 1;
            let mut message = sarif_text(&d.message);
            if let Some(help) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(&sarif_text(help));
            }
            SarifResult {
                rule_id: d.rule.code,
                rule_index: RULES
                    .iter()
                    .position(|rule| rule.code == d.rule.code)
                    .unwrap_or_default(),
                level: level(d.severity),
                message: Message { text: message },
                locations: [location(sources, d.span, None, None)],
                related_locations: d
                    .labels
                    .iter()
                    .enumerate()
                    .map(|(i, label)| {
                        location(sources, label.span, Some(i + 1), Some(&label.message))
                    })
                    .collect(),
                partial_fingerprints: BTreeMap::from([(
                    FINGERPRINT_KEY,
                    format!("{hash:016x}:{occurrence}"),
                )]),
            }
        })
        .collect()
}

fn location(sources: &SourceMap, span: Span, id: Option<usize>, message: Option<&str>) -> Location {
    let (start, end) = positions(sources, span);
    Location {
        id,
        physical_location: PhysicalLocation {
            artifact_location: artifact(&sources.get(span.file).display_path),
            region: Region {
                start_line: start.line,
                start_column: start.column,
                end_line: end.line,
                end_column: end.column,
            },
        },
        message: message.map(|text| Message {
            text: sarif_text(text),
        }),
    }
}

/// A display path as a URI: relative to `%SRCROOT%` when it is relative, else a `file:` URI.
fn artifact(display_path: &str) -> ArtifactLocation {
    let is_windows_absolute = display_path.as_bytes().get(1) == Some(&b':')
        && display_path.as_bytes()[0].is_ascii_alphabetic();
    if display_path.starts_with('/') {
        ArtifactLocation {
            uri: format!("file://{}", encode_path(display_path)),
            uri_base_id: None,
        }
    } else if is_windows_absolute {
        let (drive, rest) = display_path.split_at(2);
        ArtifactLocation {
            uri: format!("file:///{drive}{}", encode_path(rest)),
            uri_base_id: None,
        }
    } else {
        ArtifactLocation {
            uri: encode_path(display_path),
            uri_base_id: Some(SRCROOT),
        }
    }
}

/// What identifies a finding across commits: the rule, the file and the text of the line it
/// is on (whitespace collapsed), not the line number, which moves when lines are added above.
fn fingerprint(sources: &SourceMap, d: &Diagnostic) -> u64 {
    let file = sources.get(d.span.file);
    // Bytes, not text: a span never needs to fall on a character boundary here.
    let bytes = file.bytes();
    let start = (d.span.start as usize).min(bytes.len());
    let line_start = bytes[..start]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line_end = bytes[start..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| start + i);
    let mut hash = Fnv64::new();
    hash.write(d.rule.code.as_bytes());
    hash.write(&[0]);
    hash.write(file.display_path.as_bytes());
    hash.write(&[0]);
    for (i, word) in bytes[line_start..line_end]
        .split(|b| b.is_ascii_whitespace())
        .filter(|word| !word.is_empty())
        .enumerate()
    {
        if i > 0 {
            hash.write(b" ");
        }
        hash.write(word);
    }
    hash.finish()
}

/// FNV-1a, 64 bits: a fixed, documented function, unlike `std`'s hasher, whose output may
/// change between Rust releases; fingerprints must stay the same from one release to the next.
struct Fnv64(u64);

impl Fnv64 {
    fn new() -> Fnv64 {
        Fnv64(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_matches_the_published_test_vectors() {
        let hash = |s: &str| {
            let mut h = Fnv64::new();
            h.write(s.as_bytes());
            h.finish()
        };
        assert_eq!(hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(hash("foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn uris_are_relative_and_encoded() {
        let a = artifact("zones/db.example.com");
        assert_eq!(a.uri, "zones/db.example.com");
        assert_eq!(a.uri_base_id, Some(SRCROOT));
        assert_eq!(
            artifact("my zones/a,b:c%.zone").uri,
            "my%20zones/a%2Cb%3Ac%25.zone"
        );
        assert_eq!(artifact("zones/é.zone").uri, "zones/%C3%A9.zone");
        let abs = artifact("/srv/zones/x.zone");
        assert_eq!(abs.uri, "file:///srv/zones/x.zone");
        assert_eq!(abs.uri_base_id, None);
        assert_eq!(artifact("C:/zones/x.zone").uri, "file:///C:/zones/x.zone");
    }

    #[test]
    fn descriptions_are_bounded() {
        assert_eq!(truncate_chars("abc", 3), "abc");
        assert_eq!(truncate_chars("abcd", 3), "ab…");
        assert_eq!(
            truncate_chars(&"é".repeat(2000), 1024).chars().count(),
            1024
        );
    }
}
