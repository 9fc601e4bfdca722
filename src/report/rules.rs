//! `zonelint rule`: a rule's doc, the list of rules, or their metadata as JSON.

use std::io::{self, Write};

use serde::Serialize;

use crate::rules::Rule;

#[derive(Serialize)]
struct JsonRule<'a> {
    code: &'a str,
    name: &'a str,
    severity: &'a str,
    summary: &'a str,
    url: String,
    doc: &'a str,
}

fn json_rule(rule: &Rule) -> JsonRule<'_> {
    JsonRule {
        code: rule.code,
        name: rule.name,
        severity: rule.severity.as_str(),
        summary: rule.summary,
        url: rule.url(),
        doc: rule.doc,
    }
}

/// One rule's doc, headed by its code, name and default severity.
pub fn explain(rule: &Rule, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "{} ({}), default severity: {}\n\n{}",
        rule.code,
        rule.name,
        rule.severity,
        rule.doc.trim_end()
    )
}

/// One line per rule: code, name, default severity, summary.
pub fn list(rules: &[&Rule], out: &mut dyn Write) -> io::Result<()> {
    for rule in rules {
        writeln!(
            out,
            "{:<8} {:<28} {:<8} {}",
            rule.code, rule.name, rule.severity, rule.summary
        )?;
    }
    Ok(())
}

/// One rule as a JSON object.
pub fn explain_json(rule: &Rule, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &json_rule(rule))?;
    writeln!(out)
}

/// Every rule as a JSON array.
pub fn list_json(rules: &[&Rule], out: &mut dyn Write) -> io::Result<()> {
    let list: Vec<JsonRule<'_>> = rules.iter().map(|rule| json_rule(rule)).collect();
    serde_json::to_writer_pretty(&mut *out, &list)?;
    writeln!(out)
}
