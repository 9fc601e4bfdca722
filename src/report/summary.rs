//! The Markdown summary for a CI run, written with `--summary-file` (on GitHub, to
//! `$GITHUB_STEP_SUMMARY`, shown on the run's page): the totals, the findings per rule and a
//! table of every finding with a link to its line.
//!
//! The table is the full list that annotations cannot be (GitHub shows 10 per level and step),
//! but GitHub refuses a step summary over 1 MiB, so rows stop before the budget runs out and a
//! last line says how many were left out. Text from zone files and file names is shown in
//! code spans (`escape::markdown_cell`) so that it cannot break the table or inject Markdown,
//! HTML, links or mentions.

use std::cmp::Reverse;
use std::io::{self, Write};

use super::{Outcome, counts_per_rule, encode_path, positions, summary_sentence};
use crate::diagnostic::{Diagnostic, Severity};

/// GitHub's limit for one step's summary.
pub const SUMMARY_LIMIT: usize = 1024 * 1024;

/// A message longer than this is cut in the table; the log and SARIF keep it whole.
const MAX_MESSAGE_CHARS: usize = 400;

/// Where findings link to: the file at the commit that was linted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Links {
    /// `https://github.com/OWNER/REPO/blob/SHA/`
    pub blob_base: String,
    /// The linted directory's path inside the repository, `""` or ending in `/`, for paths
    /// that are relative to a working directory below the repository's root.
    pub prefix: String,
}

impl Links {
    /// From the values of `GITHUB_SERVER_URL`, `GITHUB_REPOSITORY` and `GITHUB_SHA`.
    pub fn github(server_url: &str, repository: &str, sha: &str, prefix: &str) -> Links {
        let mut prefix = prefix.trim_matches('/').to_string();
        if !prefix.is_empty() {
            prefix.push('/');
        }
        Links {
            blob_base: format!(
                "{}/{}/blob/{}/",
                server_url.trim_end_matches('/'),
                repository.trim_matches('/'),
                sha
            ),
            prefix,
        }
    }

    fn line_url(&self, path: &str, line: u32, end_line: u32) -> Option<String> {
        // Only paths inside the linted directory can be mapped onto the repository.
        let absolute = path.starts_with('/') || path.as_bytes().get(1) == Some(&b':');
        if absolute || path.starts_with("../") {
            return None;
        }
        let anchor = if end_line > line {
            format!("#L{line}-L{end_line}")
        } else {
            format!("#L{line}")
        };
        Some(format!(
            "{}{}{}{anchor}",
            self.blob_base,
            encode_path(&self.prefix),
            encode_path(path)
        ))
    }
}

pub struct SummaryOptions {
    pub links: Option<Links>,
    /// Bytes the summary may take: [`SUMMARY_LIMIT`] less what the file already holds.
    pub budget: usize,
}

pub fn render(outcome: &Outcome, options: &SummaryOptions, out: &mut dyn Write) -> io::Result<()> {
    let mut head = String::from("## zonelint\n\n");
    if outcome.diagnostics.is_empty() {
        head.push_str(&format!("✅ {}\n\n", summary_sentence(outcome)));
        head.push_str(&version_line());
        return out.write_all(head.as_bytes());
    }
    head.push_str(&format!("{}\n\n", summary_sentence(outcome)));
    head.push_str("| Rule | Name | Findings |\n|---|---|--:|\n");
    for (rule, count) in counts_per_rule(outcome) {
        head.push_str(&format!(
            "| [{}]({}) | {} | {count} |\n",
            rule.code,
            rule.url(),
            rule.name
        ));
    }
    head.push_str(
        "\n### Findings\n\n| Severity | Location | Rule | Message |\n|---|---|---|---|\n",
    );

    // Most severe first, as the annotations, so that a cut drops the least important.
    let mut ordered: Vec<&Diagnostic> = outcome.diagnostics.iter().collect();
    ordered.sort_by_key(|d| Reverse(d.severity));

    // Room kept for the closing lines, which are short and bounded.
    const FOOTER_ROOM: usize = 512;
    let mut body = String::new();
    let mut shown = 0;
    for d in &ordered {
        let row = row(outcome, options.links.as_ref(), d);
        if head.len() + body.len() + row.len() + FOOTER_ROOM > options.budget {
            break;
        }
        body.push_str(&row);
        shown += 1;
    }
    let mut footer = String::from("\n");
    let left_out = ordered.len() - shown;
    if left_out > 0 {
        footer.push_str(&format!(
            "_{left_out} more finding{} not listed: a job summary is limited to 1 MiB. \
             The log lists every finding, and so does `--format sarif`._\n\n",
            if left_out == 1 { " is" } else { "s are" }
        ));
    }
    footer.push_str(&version_line());
    out.write_all(head.as_bytes())?;
    out.write_all(body.as_bytes())?;
    out.write_all(footer.as_bytes())
}

fn version_line() -> String {
    format!("<sub>zonelint {}</sub>\n", env!("CARGO_PKG_VERSION"))
}

fn row(outcome: &Outcome, links: Option<&Links>, d: &Diagnostic) -> String {
    let (start, end) = positions(&outcome.sources, d.span);
    let path = &outcome.sources.get(d.span.file).display_path;
    let place = escape_cell(&format!("{path}:{}:{}", start.line, start.column));
    let location = match links.and_then(|l| l.line_url(path, start.line, end.line)) {
        Some(url) => format!("[{place}]({url})"),
        None => place,
    };
    let severity = match d.severity {
        Severity::Error => "❌ error",
        Severity::Warning => "⚠️ warning",
        Severity::Info => "ℹ️ info",
    };
    let mut message: String = d.message.chars().take(MAX_MESSAGE_CHARS).collect();
    if message.len() < d.message.len() {
        message.push('…');
    }
    format!(
        "| {severity} | {location} | [{}]({}) | {} |\n",
        d.rule.code,
        d.rule.url(),
        escape_cell(&message)
    )
}

/// Make text safe in a table cell: shown exactly as written, never read as Markdown or HTML
/// (see [`super::escape::markdown_cell`]).
pub(super) fn escape_cell(text: &str) -> String {
    super::escape::markdown_cell(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_show_text_as_written() {
        assert_eq!(
            escape_cell("MX exchange `192.0.2.1` is an IP"),
            "`` MX exchange `192.0.2.1` is an IP ``"
        );
        assert_eq!(escape_cell("a|b"), "` a\\|b `");
        assert_eq!(escape_cell("<script>x</script>"), "` <script>x</script> `");
        assert_eq!(escape_cell("one\ntwo\r\n"), "` one\\ntwo\\r\\n `");
        assert_eq!(escape_cell(""), "");
    }

    #[test]
    fn links_point_at_the_line_in_the_commit() {
        let links = Links::github("https://github.com/", "acme/dns", "abc123", "");
        assert_eq!(
            links.line_url("zones/db.example.com", 10, 10).as_deref(),
            Some("https://github.com/acme/dns/blob/abc123/zones/db.example.com#L10")
        );
        assert_eq!(
            links.line_url("a b.zone", 3, 5).as_deref(),
            Some("https://github.com/acme/dns/blob/abc123/a%20b.zone#L3-L5")
        );
        let below = Links::github("https://ghe.example", "acme/dns", "abc", "/sub/dir/");
        assert_eq!(
            below.line_url("x.zone", 1, 1).as_deref(),
            Some("https://ghe.example/acme/dns/blob/abc/sub/dir/x.zone#L1")
        );
        assert_eq!(links.line_url("/etc/x.zone", 1, 1), None);
        assert_eq!(links.line_url("../x.zone", 1, 1), None);
    }
}
