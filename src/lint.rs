//! Running the rules over loaded zones, and choosing which rules run.

use crate::catalog::Catalog;
use crate::diagnostic::Diagnostic;
use crate::index::Project;
use crate::model::Zone;
use crate::rules::{RULES, Rule, selects};
use crate::source::SourceMap;

/// `--select` and `--ignore`: codes, code prefixes or names.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
}

impl Selection {
    /// Input problems (`SYN`, and the limits: ZL003-ZL005) are always reported: a zone that
    /// does not parse, or was only partly read, cannot pass.
    pub fn enabled(&self, rule: &Rule) -> bool {
        if rule.is_input_problem() {
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
    out
}
