//! The one diagnostic type every parser and rule produces and every report renders.

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;

use crate::rules::Rule;
use crate::source::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A secondary location with its own short message.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub message: String,
    pub span: Span,
    pub labels: Vec<Label>,
    /// Most help is the same text for every finding of a rule: kept borrowed, not copied into
    /// each of a zone's thousands of findings.
    pub help: Option<Cow<'static, str>>,
    /// The linted zone whose rules made it, by its place among the run's zones; None for what
    /// the loader finds, which is the file's. Several zones may share one file (a hoster's
    /// parked domains): a view of one zone's records (`zonelint mx`) lists its own findings
    /// only. Not part of any output.
    pub zone: Option<u32>,
}

/// Longest message, label or help text kept (in bytes). Messages quote input, and input may be
/// megabytes on one line (a 5 MB label): past this it is cut, with an ellipsis and the length.
pub const MAX_TEXT_BYTES: usize = 2048;

/// `text`, cut to [`MAX_TEXT_BYTES`] if longer, and held in no more room than it needs.
fn bounded(text: String) -> String {
    if text.len() <= MAX_TEXT_BYTES {
        // `format!` grows a message by doubling, so many have room for twice their text: a
        // zone may have tens of thousands of findings, each kept until the report is written
        // (5.4 MiB of the million-record zone's 63,000). A copy of the right size is kept.
        if text.capacity() > text.len() + text.len() / 4 {
            return text.as_str().to_owned();
        }
        return text;
    }
    crate::report::escape::shorten(&text, MAX_TEXT_BYTES).into_owned()
}

impl Diagnostic {
    /// A diagnostic at the rule's default severity.
    pub fn new(rule: &'static Rule, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            rule,
            severity: rule.severity,
            message: bounded(message.into()),
            span,
            labels: Vec::new(),
            help: None,
            zone: None,
        }
    }

    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            span,
            message: bounded(message.into()),
        });
        self
    }

    /// A label on each place: the other records one finding is about.
    pub fn with_labels<M: Into<String>>(
        self,
        places: impl IntoIterator<Item = (Span, M)>,
    ) -> Diagnostic {
        places
            .into_iter()
            .fold(self, |diagnostic, (span, message)| {
                diagnostic.with_label(span, message)
            })
    }

    pub fn with_help(mut self, help: impl Into<Cow<'static, str>>) -> Diagnostic {
        self.help = Some(match help.into() {
            Cow::Borrowed(help) if help.len() <= MAX_TEXT_BYTES => Cow::Borrowed(help),
            help => Cow::Owned(bounded(help.into_owned())),
        });
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Diagnostic {
        self.severity = severity;
        self
    }

    pub fn code(&self) -> &'static str {
        self.rule.code
    }
}
