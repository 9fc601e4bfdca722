//! `zonelint mx`: the mail routing view, as a plain table or JSON.

use std::io::{self, Write};

use serde::Serialize;

use super::escape::{guard_line, terminal};
use super::{Outcome, json, positions};
use crate::routing::{MailAuth, RoutingSet, ShownRecord};

pub fn render_text(
    outcome: &Outcome,
    sets: &[RoutingSet<'_>],
    out: &mut dyn Write,
) -> io::Result<()> {
    if sets.is_empty() {
        let problems = outcome
            .diagnostics
            .iter()
            .filter(|d| d.rule.family() == "SYN")
            .count();
        if problems > 0 {
            return writeln!(
                out,
                "No MX records found, but {problems} input problem{} kept records from being read: run `zonelint check`.",
                if problems == 1 { "" } else { "s" }
            );
        }
        return writeln!(out, "No MX records found.");
    }
    let sources = &outcome.sources;
    for (i, set) in sets.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let (start, _) = positions(sources, set.span);
        let heading = format!(
            "{}  ({}:{})",
            terminal(set.owner.as_str()),
            terminal(&sources.get(set.span.file).display_path),
            start.line
        );
        writeln!(out, "{}", guard_line(&heading))?;
        if !set.hosts.is_empty() {
            let width = set
                .hosts
                .iter()
                .map(|h| terminal(h.exchange.as_str()).len())
                .max()
                .unwrap_or(0)
                .max(4);
            writeln!(out, "  {:>5}  {:<width$}  operator", "pref", "host")?;
            for host in &set.hosts {
                let operator = host
                    .provider
                    .map_or("unknown operator", |p| p.name.as_str());
                writeln!(
                    out,
                    "  {:>5}  {:<width$}  {}",
                    host.preference,
                    terminal(host.exchange.as_str()),
                    terminal(operator)
                )?;
            }
        }
        writeln!(out, "  {}", terminal(&set.fallback()))?;
        write_auth(&set.auth, out)?;
        if set.findings.is_empty() {
            writeln!(out, "  No findings.")?;
        } else {
            writeln!(out, "  Findings:")?;
            for &index in &set.findings {
                let d = &outcome.diagnostics[index];
                let (start, _) = positions(sources, d.span);
                writeln!(
                    out,
                    "    {}:{}:{}: {} [{}] {}",
                    terminal(&sources.get(d.span.file).display_path),
                    start.line,
                    start.column,
                    d.rule.code,
                    d.severity,
                    terminal(&d.message)
                )?;
            }
        }
    }
    Ok(())
}

/// The SPF, DMARC and DKIM lines of a set.
fn write_auth(auth: &MailAuth, out: &mut dyn Write) -> io::Result<()> {
    if auth.spf.is_empty() {
        writeln!(out, "  SPF:   none")?;
    }
    for spf in &auth.spf {
        writeln!(out, "  SPF:   {}", terminal(&spf.text))?;
    }
    match &auth.dmarc {
        None => match &auth.dmarc_cname {
            Some(alias) => writeln!(
                out,
                "  DMARC: CNAME to `{}` (receivers read the policy at its end)",
                terminal(&alias.text)
            )?,
            None => writeln!(out, "  DMARC: none")?,
        },
        Some(dmarc) if auth.dmarc_inherited => writeln!(
            out,
            "  DMARC: {}  (from `{}`, for names below it)",
            terminal(&dmarc.text),
            terminal(&dmarc.owner.to_string())
        )?,
        Some(dmarc) => writeln!(out, "  DMARC: {}", terminal(&dmarc.text))?,
    }
    if auth.dkim.is_empty() {
        writeln!(out, "  DKIM:  no selectors in the zone")?;
    } else {
        // Each selector and type once: a key split over two TXT records (DKIM004's finding)
        // is one selector, said with its number of records. The JSON view lists every record.
        let mut counted: Vec<(&str, String, usize)> = Vec::new();
        for (selector, rtype, _) in &auth.dkim {
            let rtype = rtype.to_string();
            match counted
                .iter_mut()
                .find(|(seen, seen_type, _)| *seen == selector.as_str() && *seen_type == rtype)
            {
                Some((_, _, count)) => *count += 1,
                None => counted.push((selector, rtype, 1)),
            }
        }
        let selectors: Vec<String> = counted
            .iter()
            .map(|(selector, rtype, count)| match count {
                1 => format!("{selector} ({rtype})"),
                _ => format!("{selector} ({count} {rtype} records)"),
            })
            .collect();
        writeln!(out, "  DKIM:  {}", terminal(&selectors.join(", ")))?;
    }
    Ok(())
}

#[derive(Serialize)]
struct JsonView<'a> {
    version: u32,
    sets: Vec<JsonSet<'a>>,
}

#[derive(Serialize)]
struct JsonSet<'a> {
    owner: &'a str,
    file: &'a str,
    line: u32,
    null_mx: bool,
    hosts: Vec<JsonHost<'a>>,
    fallback: String,
    spf: Vec<JsonRecord<'a>>,
    dmarc: Option<JsonRecord<'a>>,
    /// True when `dmarc` is the zone apex's record, applying to this name through `sp=`.
    dmarc_inherited: bool,
    /// The target of a CNAME at `_dmarc.<name>` (a DMARC service), when there is no DMARC TXT.
    dmarc_cname: Option<JsonRecord<'a>>,
    dkim: Vec<JsonSelector<'a>>,
    findings: Vec<json::JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct JsonRecord<'a> {
    owner: &'a str,
    text: &'a str,
    file: &'a str,
    line: u32,
}

#[derive(Serialize)]
struct JsonSelector<'a> {
    selector: &'a str,
    #[serde(rename = "type")]
    rtype: String,
    file: &'a str,
    line: u32,
}

#[derive(Serialize)]
struct JsonHost<'a> {
    preference: u16,
    exchange: &'a str,
    provider: Option<JsonProvider<'a>>,
    file: &'a str,
    line: u32,
    column: u32,
}

#[derive(Serialize)]
struct JsonProvider<'a> {
    id: &'a str,
    name: &'a str,
    kind: String,
    operator: &'a str,
}

pub fn render_json(
    outcome: &Outcome,
    sets: &[RoutingSet<'_>],
    out: &mut dyn Write,
) -> io::Result<()> {
    let sources = &outcome.sources;
    let view = JsonView {
        version: 1,
        sets: sets
            .iter()
            .map(|set| JsonSet {
                owner: set.owner.as_str(),
                file: &sources.get(set.span.file).display_path,
                line: positions(sources, set.span).0.line,
                null_mx: set.null_mx,
                hosts: set
                    .hosts
                    .iter()
                    .map(|host| {
                        let (start, _) = positions(sources, host.span);
                        JsonHost {
                            preference: host.preference,
                            exchange: host.exchange.as_str(),
                            provider: host.provider.map(|p| JsonProvider {
                                id: &p.id,
                                name: &p.name,
                                kind: format!("{:?}", p.kind).to_ascii_lowercase(),
                                operator: &p.operator,
                            }),
                            file: &sources.get(host.span.file).display_path,
                            line: start.line,
                            column: start.column,
                        }
                    })
                    .collect(),
                fallback: set.fallback(),
                spf: set.auth.spf.iter().map(|r| record(outcome, r)).collect(),
                dmarc: set.auth.dmarc.as_ref().map(|r| record(outcome, r)),
                dmarc_inherited: set.auth.dmarc_inherited,
                dmarc_cname: set.auth.dmarc_cname.as_ref().map(|r| record(outcome, r)),
                dkim: set
                    .auth
                    .dkim
                    .iter()
                    .map(|(selector, rtype, span)| JsonSelector {
                        selector,
                        rtype: rtype.to_string(),
                        file: &sources.get(span.file).display_path,
                        line: positions(sources, *span).0.line,
                    })
                    .collect(),
                findings: set
                    .findings
                    .iter()
                    .map(|&i| json::diagnostic(sources, &outcome.diagnostics[i]))
                    .collect(),
            })
            .collect(),
    };
    super::escape::write_json(&mut *out, &view, true)?;
    writeln!(out)
}

fn record<'a>(outcome: &'a Outcome, shown: &'a ShownRecord) -> JsonRecord<'a> {
    JsonRecord {
        owner: shown.owner.as_str(),
        text: &shown.text,
        file: &outcome.sources.get(shown.span.file).display_path,
        line: positions(&outcome.sources, shown.span).0.line,
    }
}
