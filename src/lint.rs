//! Running the rules over loaded zones, and choosing which rules run.

use crate::catalog::Catalog;
use crate::diagnostic::Diagnostic;
use crate::index::Project;
use crate::model::Zone;
use crate::rules::{RULES, Rule, selects};
use crate::source::SourceMap;

/// Which rules run (`--select` and `--ignore`: codes, code prefixes or names), and the
/// settings of the rules that take one.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// `--max-zone-ttl`: the largest TTL allowed (BIND's `max-zone-ttl`); None for no limit.
    pub max_zone_ttl: Option<u32>,
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
    let mut project = Project::new(zones, sources, catalog);
    project.max_zone_ttl = selection.max_zone_ttl;
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
