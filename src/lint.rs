//! Running the rules over loaded zones, and choosing which rules run.

use crate::catalog::Catalog;
use crate::diagnostic::{Diagnostic, Severity};
use crate::index::Project;
use crate::model::Zone;
use crate::rules::{RULES, Rule, selects};
use crate::source::SourceMap;

/// Which rules run (`--select` and `--ignore`: codes, code prefixes or names), the settings of
/// the rules that take one, and the modes of the checks whose verdict BIND leaves to its
/// configuration.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub modes: CheckModes,
    /// `--max-zone-ttl`: the largest TTL allowed (BIND's `max-zone-ttl`); None for no limit.
    pub max_zone_ttl: Option<u32>,
}

/// BIND's `fail | warn | ignore` for a check: refuse the zone, log a warning, or say nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Fail,
    Warn,
    Ignore,
}

impl Mode {
    pub fn parse(text: &str) -> Option<Mode> {
        match text {
            "fail" => Some(Mode::Fail),
            "warn" => Some(Mode::Warn),
            "ignore" => Some(Mode::Ignore),
            _ => None,
        }
    }
}

/// The named.conf options (and named-checkzone flags) that decide whether a finding refuses the
/// zone. The defaults are those of `named` for a primary zone, the server that deploys it:
/// `check-names primary fail`, `check-mx-cname warn`, `check-srv-cname warn`,
/// `check-dup-records warn`. (named-checkzone itself defaults `-k` to warn.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CheckModes {
    /// `check-names` (`named-checkzone -k`): ZONE034, ZONE035; `ignore` also turns ZONE038 off.
    pub check_names: Mode,
    /// `check-mx-cname` (`-M`): MX005.
    pub check_mx_cname: Mode,
    /// `check-srv-cname` (`-S`): ZONE028.
    pub check_srv_cname: Mode,
    /// `check-dup-records` (`-r`): ZONE013.
    pub check_dup_records: Mode,
}

impl Default for CheckModes {
    fn default() -> CheckModes {
        CheckModes {
            check_names: Mode::Fail,
            check_mx_cname: Mode::Warn,
            check_srv_cname: Mode::Warn,
            check_dup_records: Mode::Warn,
        }
    }
}

impl CheckModes {
    /// Does an `ignore` mode turn `rule` off? ZONE038 (NSEC3 owner) follows `check-names` only
    /// this far: BIND refuses it under warn as under fail.
    pub fn silences(&self, rule: &Rule) -> bool {
        self.mode_for(rule) == Some(Mode::Ignore)
            || rule.code == "ZONE038" && self.check_names == Mode::Ignore
    }

    /// The mode that sets `rule`'s severity, for the rules that follow one.
    pub fn mode_for(&self, rule: &Rule) -> Option<Mode> {
        match rule.code {
            "ZONE034" | "ZONE035" => Some(self.check_names),
            "MX005" => Some(self.check_mx_cname),
            "ZONE028" => Some(self.check_srv_cname),
            "ZONE013" => Some(self.check_dup_records),
            _ => None,
        }
    }
}

impl Selection {
    /// Input problems (`SYN`, and the limits: ZL003-ZL005) are always reported: a zone that
    /// does not parse, or was only partly read, cannot pass.
    pub fn enabled(&self, rule: &Rule) -> bool {
        if rule.is_input_problem() {
            return true;
        }
        let selected = self.select.is_empty() || self.select.iter().any(|s| selects(s, rule));
        selected && !self.ignore.iter().any(|s| selects(s, rule)) && !self.modes.silences(rule)
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
        .filter_map(|rule| Some((rule.check?, selection.modes.mode_for(rule))))
        .collect();
    let mut out = Vec::new();
    for zone in &project.zones {
        for (check, mode) in &checks {
            let start = out.len();
            check(&project, zone, &mut out);
            // The configured mode decides the severity: fail refuses the zone, warn does not.
            if let Some(mode) = mode {
                let severity = match mode {
                    Mode::Fail => Severity::Error,
                    _ => Severity::Warning,
                };
                for diagnostic in &mut out[start..] {
                    diagnostic.severity = severity;
                }
            }
        }
    }
    out
}
