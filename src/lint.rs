//! Running the rules over loaded zones, and choosing which rules run.

use crate::catalog::Catalog;
use crate::diagnostic::{Diagnostic, Severity};
use crate::index::Project;
use crate::model::Zone;
use crate::parallel;
use crate::rules::names::missing_trailing_dot;
use crate::rules::readings::{READINGS, Reading};
use crate::rules::{RULES, Rule, selects};
use crate::source::{SourceMap, Span};

/// Which rules run: layers of choices, lowest first (the base of an `extend` chain, then each
/// config file that extends it, then the command line). The highest layer that mentions a rule
/// decides; a layer whose `select` is set and does not pick the rule turns it off. Within one
/// layer the more specific selector wins (`MX003` over `MX`), `ignore` on a tie.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Selection {
    pub layers: Vec<SelectionLayer>,
}

/// The settings of the rules that take one: the modes of the checks whose verdict BIND leaves
/// to its configuration, and `--max-zone-ttl`. One for the run.
#[derive(Clone, Copy, Debug, Default)]
pub struct RuleSettings {
    pub modes: CheckModes,
    /// `--max-zone-ttl`: the largest TTL allowed (BIND's `max-zone-ttl`); None for no limit.
    pub max_zone_ttl: Option<u32>,
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

    /// Input problems (`SYN`, and the limits: ZL003-ZL005) are always reported: a zone that
    /// does not parse, or was only partly read, cannot pass.
    pub fn enabled(&self, rule: &Rule) -> bool {
        if rule.is_input_problem() {
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
    settings: &RuleSettings,
) -> Vec<Diagnostic> {
    lint_with(zones, sources, catalog, settings, 0, |rule| {
        selection.enabled(rule)
    })
}

/// Run the rules `enabled` picks (those the settings of any linted file enable; the findings
/// are then selected per file) and BIND's check modes leave on, each mode setting its rules'
/// severity, over every zone on `threads` threads (0: one per core). The findings come out in
/// zone order, then rule order, whatever the threads did.
pub fn lint_with(
    zones: &[Zone],
    sources: &SourceMap,
    catalog: &Catalog,
    settings: &RuleSettings,
    threads: usize,
    enabled: impl Fn(&Rule) -> bool,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    lint_into(
        &mut out,
        Zones::all(zones),
        sources,
        catalog,
        settings,
        threads,
        enabled,
    );
    out
}

/// The zones of a run: the first `linted` are linted, the rest are context the rules look
/// across ([`crate::Workspace::context`]).
#[derive(Clone, Copy)]
pub struct Zones<'z> {
    pub zones: &'z [Zone],
    pub linted: usize,
}

impl<'z> Zones<'z> {
    /// Every zone linted.
    pub fn all(zones: &'z [Zone]) -> Zones<'z> {
        Zones {
            zones,
            linted: zones.len(),
        }
    }
}

/// [`lint_with`], adding the findings after those already in `out` (the loader's): the rules'
/// findings are moved in once, rather than the whole list copied again to join the two.
pub fn lint_into(
    out: &mut Vec<Diagnostic>,
    Zones { zones, linted }: Zones<'_>,
    sources: &SourceMap,
    catalog: &Catalog,
    settings: &RuleSettings,
    threads: usize,
    enabled: impl Fn(&Rule) -> bool,
) {
    let mut project = Project::new(zones, sources, catalog, threads);
    // Before any rule: the MX sets and targets the index builds on first use read them.
    missing_trailing_dot::mark_meant_names(&project, threads);
    project.max_zone_ttl = settings.max_zone_ttl;
    let checks: Vec<(&Rule, _, _)> = RULES
        .iter()
        .filter(|rule| enabled(rule) && !settings.modes.silences(rule))
        .filter_map(|&rule| Some((rule, rule.check?, settings.modes.mode_for(rule))))
        .collect();
    let threads = parallel::resolve(threads);
    // With many zones, a thread takes a whole zone: the rules of one zone share what the
    // index reads once (MX sets, SPF and DKIM records), and two threads on one zone would wait
    // for each other there. With few, each zone and rule is a piece of work, so that one
    // large zone still uses every core.
    let whole_zones = linted >= 4 * threads;
    let work: Vec<Work> = if whole_zones {
        (0..linted).map(Work::Zone).collect()
    } else {
        // The readings that several rules share are handed out first, so that a rule does
        // not wait while another thread makes the reading it needs (`rules::readings`).
        let codes = || checks.iter().map(|&(rule, ..)| rule.code);
        let readings: Vec<&Reading> = READINGS
            .iter()
            .filter(|reading| reading.wanted_by(codes()))
            .collect();
        let order = by_family_in_turn(checks.iter().map(|&(rule, ..)| rule));
        let zones = 0..linted;
        let made = zones.clone().flat_map(|zone| {
            readings
                .iter()
                .map(move |&reading| Work::Make(zone, reading))
        });
        let checked =
            zones.flat_map(|zone| order.iter().map(move |&check| Work::Check(zone, check)));
        made.chain(checked).collect()
    };
    let run = |zone: usize, check: usize, out: &mut Vec<Diagnostic>| {
        let (_, check, mode) = checks[check];
        let start = out.len();
        check(&project, &project.zones[zone], out);
        // The configured mode decides the severity: fail refuses the zone, warn does not. A
        // finding the rule makes an info is one the server's check does not cover (an exact
        // copy of a record, which BIND merges before `check-dup-records` looks).
        if let Some(mode) = mode {
            let severity = match mode {
                Mode::Fail => Severity::Error,
                _ => Severity::Warning,
            };
            for diagnostic in &mut out[start..] {
                if diagnostic.severity != Severity::Info {
                    diagnostic.severity = severity;
                }
            }
        }
    };
    let done = parallel::map_ordered(&work, threads, |work| {
        let mut out = Vec::new();
        match *work {
            Work::Make(zone, reading) => (reading.make)(&project, &project.zones[zone]),
            Work::Check(zone, check) => run(zone, check, &mut out),
            Work::Zone(zone) => (0..checks.len()).for_each(|check| run(zone, check, &mut out)),
        }
        out
    });
    // Back in zone and rule order, whatever order the work was taken in.
    let mut found: Vec<Vec<Diagnostic>> = Vec::new();
    let pieces = if whole_zones {
        linted
    } else {
        linted * checks.len()
    };
    found.resize_with(pieces, Vec::new);
    for (work, mut out) in work.iter().zip(done) {
        let (zone, place) = match *work {
            Work::Make(..) => continue,
            Work::Check(zone, check) => (zone, zone * checks.len() + check),
            Work::Zone(zone) => (zone, zone),
        };
        for diagnostic in &mut out {
            diagnostic.zone = Some(zone as u32);
        }
        found[place] = out;
    }
    // Reserved once and filled piece by piece, each freed as it is moved: a zone's tens of
    // thousands of findings are not copied again and again as the vector grows.
    let start = out.len();
    out.reserve_exact(found.iter().map(Vec::len).sum());
    for piece in found {
        out.extend(piece);
    }
    note_meant_names(zones, &mut out[start..]);
}

/// One piece of the rules' work.
enum Work {
    /// Make a shared reading of a zone, before the rules that read it.
    Make(usize, &'static Reading),
    /// Run one check (its place in the enabled checks) over one zone.
    Check(usize, usize),
    /// Run every check over one zone.
    Zone(usize),
}

/// A rule's family: its code without the number (`MX`, `SPF`, `ZONE`).
fn family(rule: &Rule) -> &'static str {
    rule.code.trim_end_matches(|c: char| c.is_ascii_digit())
}

/// The rules' places in `rules`, one of each family (`MX`, `SPF`, `ZONE`...) in turn. The rules
/// of a family share what the index reads once for them (MX sets, SPF, DMARC and DKIM records,
/// RRsets), and the first to ask reads it while the others wait: taken family by family, the
/// threads read different families' data at the same time instead of waiting for each other.
fn by_family_in_turn<'r>(rules: impl IntoIterator<Item = &'r Rule>) -> Vec<usize> {
    let mut families: Vec<(&str, Vec<usize>)> = Vec::new();
    for (place, rule) in rules.into_iter().enumerate() {
        match families.iter_mut().find(|(name, _)| *name == family(rule)) {
            Some((_, members)) => members.push(place),
            None => families.push((family(rule), vec![place])),
        }
    }
    let rounds = families.iter().map(|(_, members)| members.len()).max();
    (0..rounds.unwrap_or(0))
        .flat_map(|round| {
            families
                .iter()
                .filter_map(move |(_, members)| members.get(round).copied())
        })
        .collect()
}

/// A finding at or about a name whose trailing dot is missing speaks of the name as meant
/// (the rules read [`crate::model::Zone::meant_name`]); say so in its message.
fn note_meant_names(zones: &[Zone], diagnostics: &mut [Diagnostic]) {
    let mut notes: rustc_hash::FxHashMap<Span, String> = rustc_hash::FxHashMap::default();
    for zone in zones {
        for (index, meant) in zone.meant.get().into_iter().flatten() {
            let record = &zone.records[*index as usize];
            if let Some(note) = missing_trailing_dot::assumption(record, meant) {
                notes.insert(record.field_span(meant.field), note);
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::find;

    /// Every rule once, the first of each family before the second of any.
    #[test]
    fn rules_are_taken_one_family_at_a_time() {
        let order = by_family_in_turn(RULES.iter().copied());
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..RULES.len()).collect::<Vec<_>>());
        let family_at = |place: usize| family(RULES[place]);
        let families: std::collections::BTreeSet<&str> = RULES.iter().map(|r| family(r)).collect();
        let first_round: std::collections::BTreeSet<&str> = order[..families.len()]
            .iter()
            .map(|&place| family_at(place))
            .collect();
        assert_eq!(
            first_round, families,
            "the first round takes one rule of each family"
        );
        // Within a family, the rules keep their order.
        for name in &families {
            let members: Vec<usize> = order
                .iter()
                .copied()
                .filter(|&place| family_at(place) == *name)
                .collect();
            assert!(members.windows(2).all(|pair| pair[0] < pair[1]), "{name}");
        }
    }

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
