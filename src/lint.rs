//! Running the rules over loaded zones, and choosing which rules run.

use crate::catalog::Catalog;
use crate::diagnostic::Diagnostic;
use crate::index::Project;
use crate::model::Zone;
use crate::rules::names::missing_trailing_dot;
use crate::rules::{RULES, Rule, selects};
use crate::source::{SourceMap, Span};

/// `--select` and `--ignore`: codes, code prefixes or names.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
}

impl Selection {
    /// Input problems (`SYN`) are always reported: a zone that does not parse cannot pass.
    pub fn enabled(&self, rule: &Rule) -> bool {
        if rule.family() == "SYN" {
            return true;
        }
        let selected = self.select.is_empty() || self.select.iter().any(|s| selects(s, rule));
        selected && !self.ignore.iter().any(|s| selects(s, rule))
    }
}

/// Run every enabled rule over every zone.
pub fn lint(
    zones: &[Zone],
    sources: &SourceMap,
    catalog: &Catalog,
    selection: &Selection,
) -> Vec<Diagnostic> {
    let project = Project::new(zones, sources, catalog);
    let checks: Vec<_> = RULES
        .iter()
        .filter(|rule| selection.enabled(rule))
        .filter_map(|rule| rule.check)
        .collect();
    let mut out = Vec::new();
    for zone in &project.zones {
        for check in &checks {
            check(&project, zone, &mut out);
        }
    }
    note_meant_names(zones, &mut out);
    out
}

/// A finding at or about a name whose trailing dot is missing speaks of the name as meant
/// (the rules read [`crate::model::Record::meant_name`]); say so in its message.
fn note_meant_names(zones: &[Zone], diagnostics: &mut [Diagnostic]) {
    let mut notes: rustc_hash::FxHashMap<Span, String> = rustc_hash::FxHashMap::default();
    for record in zones.iter().flat_map(|zone| &zone.records) {
        if let Some(meant) = record.meant.as_deref()
            && let Some(note) = missing_trailing_dot::assumption(record, meant.field)
        {
            notes.insert(record.field_span(meant.field), note);
        }
    }
    if notes.is_empty() {
        return;
    }
    for diagnostic in diagnostics {
        if diagnostic.rule.code == missing_trailing_dot::RULE.code {
            continue;
        }
        let note = std::iter::once(diagnostic.span)
            .chain(diagnostic.labels.iter().map(|label| label.span))
            .find_map(|span| notes.get(&span));
        if let Some(note) = note {
            diagnostic.message.push_str(&format!("; {note}"));
        }
    }
}
