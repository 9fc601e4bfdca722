//! Running the rules over loaded zones, and choosing which rules run.

use crate::catalog::Catalog;
use crate::diagnostic::Diagnostic;
use crate::index::Project;
use crate::model::Zone;
use crate::rules::{RULES, Rule, selects};
use crate::source::SourceMap;

/// Which rules run: layers of choices, lowest first (the base of an `extend` chain, then each
/// config file that extends it, then the command line). The highest layer that mentions a rule
/// decides; a layer whose `select` is set and does not pick the rule turns it off. Within one
/// layer the more specific selector wins (`MX003` over `MX`), `ignore` on a tie.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Selection {
    pub layers: Vec<SelectionLayer>,
}

/// One place that chooses rules: a config file or the command line.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SelectionLayer {
    /// `select`: only these (replaces what lower layers selected); None when not set.
    pub select: Option<Vec<String>>,
    /// `extend-select`: these too.
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
}

impl SelectionLayer {
    pub fn is_empty(&self) -> bool {
        self.select.is_none() && self.extend_select.is_empty() && self.ignore.is_empty()
    }

    /// Some(true) selected, Some(false) ignored or not selected, None: not mentioned.
    fn decides(&self, rule: &Rule) -> Option<bool> {
        let selected = self
            .select
            .iter()
            .flatten()
            .chain(&self.extend_select)
            .filter_map(|s| specificity(s, rule))
            .max();
        let ignored = self
            .ignore
            .iter()
            .filter_map(|s| specificity(s, rule))
            .max();
        match (selected, ignored) {
            (Some(s), Some(i)) => Some(s > i),
            (Some(_), None) => Some(true),
            (None, Some(_)) => Some(false),
            (None, None) => self.select.is_some().then_some(false),
        }
    }
}

/// How closely a selector names a rule: a code or name beats any prefix, a longer prefix beats
/// a shorter one, `ALL` is the least specific. None when it does not pick the rule.
pub fn specificity(selector: &str, rule: &Rule) -> Option<usize> {
    if !selects(selector, rule) {
        return None;
    }
    let selector = selector.trim();
    Some(
        if selector.eq_ignore_ascii_case(rule.code) || selector.eq_ignore_ascii_case(rule.name) {
            usize::MAX
        } else if selector.eq_ignore_ascii_case("ALL") {
            0
        } else {
            selector.len()
        },
    )
}

impl Selection {
    /// The command line's `--select` and `--ignore` alone.
    pub fn from_flags(select: Vec<String>, ignore: Vec<String>) -> Selection {
        let layer = SelectionLayer {
            select: (!select.is_empty()).then_some(select),
            extend_select: Vec::new(),
            ignore,
        };
        Selection {
            layers: vec![layer],
        }
    }

    /// Input problems (`SYN`) are always reported: a zone that does not parse cannot pass.
    pub fn enabled(&self, rule: &Rule) -> bool {
        if rule.family() == "SYN" {
            return true;
        }
        self.layers
            .iter()
            .rev()
            .find_map(|layer| layer.decides(rule))
            .unwrap_or(true)
    }
}

/// Run every enabled rule over every zone.
pub fn lint(
    zones: &[Zone],
    sources: &SourceMap,
    catalog: &Catalog,
    selection: &Selection,
) -> Vec<Diagnostic> {
    lint_with(zones, sources, catalog, |rule| selection.enabled(rule))
}

/// Run the rules `enabled` picks (those the settings of any linted file enable; the findings
/// are then selected per file).
pub fn lint_with(
    zones: &[Zone],
    sources: &SourceMap,
    catalog: &Catalog,
    enabled: impl Fn(&Rule) -> bool,
) -> Vec<Diagnostic> {
    let project = Project::new(zones, sources, catalog);
    let checks: Vec<_> = RULES
        .iter()
        .filter(|rule| enabled(rule))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::find;

    fn layer(select: Option<&[&str]>, extend: &[&str], ignore: &[&str]) -> SelectionLayer {
        let owned = |s: &[&str]| s.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        SelectionLayer {
            select: select.map(owned),
            extend_select: owned(extend),
            ignore: owned(ignore),
        }
    }

    fn enabled(layers: Vec<SelectionLayer>, code: &str) -> bool {
        Selection { layers }.enabled(find(code).unwrap())
    }

    #[test]
    fn the_more_specific_selector_wins_within_a_layer() {
        let mx_but_4 = layer(Some(&["MX"]), &[], &["MX004"]);
        assert!(enabled(vec![mx_but_4.clone()], "MX001"));
        assert!(!enabled(vec![mx_but_4.clone()], "MX004"));
        assert!(!enabled(vec![mx_but_4], "NAME001"));
        let only_1 = layer(None, &[], &["MX"]);
        let only_1 = SelectionLayer {
            extend_select: vec!["mx-backup-unsupported".into()],
            ..only_1
        };
        assert!(enabled(vec![only_1.clone()], "MX001"));
        assert!(!enabled(vec![only_1], "MX003"));
        // A tie goes to ignore.
        assert!(!enabled(
            vec![layer(Some(&["MX003"]), &[], &["MX003"])],
            "MX003"
        ));
    }

    #[test]
    fn the_nearest_layer_that_mentions_a_rule_decides() {
        let base = layer(None, &[], &["MX003"]);
        // The command line selects it back.
        assert!(enabled(
            vec![base.clone(), layer(Some(&["MX003"]), &[], &[])],
            "MX003"
        ));
        // A select in a later layer replaces what lower layers selected.
        assert!(!enabled(
            vec![base.clone(), layer(Some(&["NAME"]), &[], &[])],
            "MX001"
        ));
        // A later layer that does not mention the rule leaves the decision below.
        assert!(!enabled(
            vec![base.clone(), layer(None, &[], &["MX001"])],
            "MX003"
        ));
        assert!(enabled(vec![base, layer(None, &["ZL"], &[])], "MX001"));
        // Input problems cannot be deselected.
        assert!(enabled(vec![layer(Some(&["MX"]), &[], &["ALL"])], "SYN001"));
    }
}
