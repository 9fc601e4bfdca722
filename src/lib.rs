//! zonelint: an offline linter for DNS zones kept in a repository.
//!
//! The data flows one way: discover → load → parse → rules → report. See ARCHITECTURE.md.

pub mod baseline;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod index;
pub mod knot_conf;
pub mod limits;
pub mod lint;
pub mod load;
pub mod model;
pub mod name;
pub mod named_conf;
pub mod parallel;
pub mod parse;
pub mod paths;
pub mod report;
pub mod routing;
pub mod rtype;
pub mod rules;
pub mod source;
pub mod suppress;

use std::path::PathBuf;
use std::rc::Rc;

use config::{ConfigError, Configs};
use diagnostic::Diagnostic;
use name::Name;
use report::{Outcome, Summary};

/// Everything `zonelint check` needs to know.
#[derive(Default)]
pub struct CheckOptions {
    pub paths: Vec<PathBuf>,
    pub cwd: PathBuf,
    /// `--origin`: wins over the config file's `origins` and the file name.
    pub origin: Option<Name>,
    /// The base for relative `$INCLUDE` paths; None for the config file's `include-dir`, else
    /// the working directory.
    pub include_dir: Option<PathBuf>,
    /// The settings of each linted file (config files with the command line's selection on
    /// top); `Configs::default()` is no config file and every rule.
    pub config: Configs,
    /// The directory octoDNS runs in, the base of relative paths in its config
    /// (`directory: ./zones`); None for the project root.
    pub octodns_dir: Option<PathBuf>,
    /// Treat files named on the command line as a directory walk treats files: skip those
    /// that are not zones, silently. For pre-commit and CI, which name every file that matches
    /// a pattern (every `.yaml`, say).
    pub only_zones: bool,
    /// `--stdin-filename`: the name standard input (`-`) goes by in output and for the
    /// origin; never opened.
    pub stdin_filename: Option<PathBuf>,
    /// Every limit of the run (`--limit NAME=N`).
    pub limits: limits::Limits,
    /// The settings of the rules that take one (BIND's check modes, `--max-zone-ttl`).
    pub rule_settings: lint::RuleSettings,
    /// `--threads`: how many threads read, parse and lint; 0 for one per core. The output is
    /// the same whatever the number.
    pub threads: usize,
    /// The baseline to apply (`--baseline`): the findings it holds are dropped before the
    /// rest are counted and capped, so that the summary, the exit status and the findings
    /// listed are those of today that it does not hold.
    pub baseline: Option<baseline::Baseline>,
}

/// A problem that stops the run (exit status 2): an unreadable path, a bad config file (its
/// errors rendered with their spans).
#[derive(Debug)]
pub struct RunError(pub String);

impl RunError {
    pub fn config(errors: &[ConfigError]) -> RunError {
        RunError(report::render_config_errors(errors, false))
    }
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The zones read from the paths, with the input problems found while reading them.
pub struct Workspace {
    pub sources: source::SourceMap,
    /// The zones to lint: those that hold a named file (every zone found, when directories
    /// are named).
    pub zones: Vec<model::Zone>,
    /// The other zones read when files are named (under `--only-zones`, those beside each
    /// named file): not linted or reported, but there for the rules that look across zones,
    /// as a run over their directory has them.
    pub context: Vec<model::Zone>,
    /// For each zone (same index), the octoDNS config that configures it, if one does.
    pub configured_by: Vec<Option<source::FileId>>,
    /// Input problems (syntax and include errors), unsorted.
    pub diagnostics: Vec<Diagnostic>,
    /// The octoDNS configs that configured the zones kept.
    pub configs: Vec<source::FileId>,
    /// Root hints files passed over (`db.root`): not zones, and not linted.
    pub root_hints: Vec<source::FileId>,
}

/// Discover, read and parse: everything before the rules.
///
/// Files named on the command line bring their context along (a zone file that includes
/// them, an octoDNS config, split-directory siblings, the zones beside them): only the
/// zones that hold a named file, or lie under a named directory, are linted; the others are
/// [`Workspace::context`].
pub fn load(options: &CheckOptions) -> Result<Workspace, RunError> {
    let config = |errors: Vec<ConfigError>| RunError::config(&errors);
    let run = options.config.for_run().map_err(config)?;
    let discover::Discovered {
        mut candidates,
        directories,
    } = discover::discover(
        &options.paths,
        &options.cwd,
        options.only_zones,
        options.stdin_filename.as_deref(),
        options.threads,
    )
    .map_err(|e| RunError(e.0))?;
    // `include` and `exclude` shape what a walk finds (and what pre-commit names, under
    // `--only-zones`); a file named on the command line is always linted.
    let mut kept = Vec::with_capacity(candidates.len());
    for candidate in candidates {
        let path = candidate_path(&candidate, &options.cwd);
        let settings = options.config.for_resolved_file(&path).map_err(config)?;
        if candidate.insist || settings.walk_keeps(&path) {
            kept.push(candidate);
        }
    }
    candidates = kept;
    let include_dir = options
        .include_dir
        .as_ref()
        .map(|dir| options.cwd.join(dir))
        .or_else(|| run.include_dir.clone())
        .unwrap_or_else(|| options.cwd.clone());
    let found = discover::zone_context(&candidates, &include_dir, &options.limits, options.threads);
    let mut context = found.own_zones;
    // The zones beside, as a walk of their directory keeps them: shaped by the same `include`
    // and `exclude`.
    for candidate in found.beside {
        let path = candidate_path(&candidate, &options.cwd);
        let settings = options.config.for_resolved_file(&path).map_err(config)?;
        if settings.walk_keeps(&path) {
            context.push(candidate);
        }
    }
    // What the command line named, before its context joins it (only then is there any to
    // tell apart): the files and directories, as discovery resolved them.
    let named = (!context.is_empty()).then(|| NamedPaths {
        files: candidates
            .iter()
            .filter(|candidate| candidate.contents.is_none())
            .map(|candidate| candidate.resolved.clone())
            .collect(),
        directories: directories.into_iter().collect(),
    });
    candidates.extend(context);
    octodns_configs(&mut candidates, &run.octodns_config, &options.cwd)?;
    let mut origins = std::collections::HashMap::new();
    let mut servers = std::collections::HashMap::new();
    let mut dynamic = std::collections::HashSet::new();
    let mut also_served = std::collections::HashMap::new();
    if options.origin.is_none() {
        // The zone statements of BIND's or Knot's own configuration, where the repository
        // keeps one; the config file's `[origins]` win over them.
        for (path, mut served) in discover::server_config_origins(&candidates) {
            let first = served.remove(0);
            origins.insert(path.clone(), first.origin);
            if first.dynamic {
                dynamic.insert(path.clone());
            }
            servers.insert(path.clone(), first.server);
            if !served.is_empty() {
                also_served.insert(path, served);
            }
        }
        for candidate in &candidates {
            let path = candidate_path(candidate, &options.cwd);
            let settings = options.config.for_resolved_file(&path).map_err(config)?;
            if let Some(origin) = settings.origin_for(&path) {
                // The file is the one zone the config file names.
                also_served.remove(&path);
                origins.insert(path, origin.clone());
            }
        }
    }
    let load_options = load::LoadOptions {
        origin: options.origin.clone(),
        origins,
        servers,
        dynamic,
        also_served,
        cwd: options.cwd.clone(),
        include_dir,
        octodns_dir: options
            .octodns_dir
            .as_ref()
            .map(|dir| options.cwd.join(dir)),
        parse: parse::zonefile::ParseOptions::new(&options.limits),
        limits: options.limits.clone(),
        threads: options.threads,
    };
    let loaded = load::load(&candidates, &load_options).map_err(|e| RunError(e.0))?;
    // Asked once per file, not once per finding or zone that asks: 8,000 include fragments
    // named at once took 5.6 s when each finding's file was resolved again.
    let covered_files: Option<Vec<bool>> = named.map(|named| {
        loaded
            .sources
            .iter()
            .map(|(_, file)| match &file.resolved {
                Some(resolved) => named.covers(resolved),
                // A stream: only the command line names one.
                None => true,
            })
            .collect()
    });
    let covered = |file: source::FileId| match &covered_files {
        Some(covered) => covered.get(file.0 as usize).copied().unwrap_or(false),
        None => true,
    };
    let mut diagnostics: Vec<Diagnostic> = loaded
        .diagnostics
        .into_iter()
        .filter(|d| covered(d.span.file))
        .collect();
    let mut zones = Vec::with_capacity(loaded.zones.len());
    let mut context = Vec::new();
    let mut configs = Vec::new();
    let mut configured_by = Vec::with_capacity(loaded.zones.len());
    for loaded_zone in loaded.zones {
        let named = loaded_zone.zone.files.iter().any(|&f| covered(f))
            || loaded_zone.configured_by.is_some_and(covered);
        let mut zone = loaded_zone.zone;
        zone.complete &= !loaded_zone
            .diagnostics
            .iter()
            .any(|d| d.rule.family() == "SYN" && d.severity == diagnostic::Severity::Error);
        if !named {
            context.push(zone);
            continue;
        }
        configs.extend(loaded_zone.configured_by);
        diagnostics.extend(loaded_zone.diagnostics);
        zones.push(zone);
        configured_by.push(loaded_zone.configured_by);
    }
    configs.sort_unstable();
    configs.dedup();
    let root_hints = loaded
        .root_hints
        .into_iter()
        .filter(|&f| covered(f))
        .collect();
    Ok(Workspace {
        sources: loaded.sources,
        zones,
        context,
        configured_by,
        diagnostics,
        configs,
        root_hints,
    })
}

/// The canonical path of a file to lint: the one discovery resolved, or for standard input the
/// name it goes by.
pub(crate) fn candidate_path(candidate: &discover::Candidate, cwd: &std::path::Path) -> PathBuf {
    if candidate.contents.is_none() {
        candidate.resolved.clone()
    } else {
        canonical(&candidate.path, cwd)
    }
}

fn canonical(path: &std::path::Path, cwd: &std::path::Path) -> PathBuf {
    let absolute = cwd.join(path);
    absolute.canonicalize().unwrap_or(absolute)
}

/// `octodns-config`: these files are the octoDNS configs, read even when the paths linted do
/// not hold them; other YAML files that look like configs are passed over.
fn octodns_configs(
    candidates: &mut Vec<discover::Candidate>,
    configs: &[PathBuf],
    cwd: &std::path::Path,
) -> Result<(), RunError> {
    if configs.is_empty() {
        return Ok(());
    }
    // The key comes from a file in the repository: resolved inside the project, with the
    // same refusal whether or not a file outside it exists.
    let root = paths::project_root(cwd);
    let mut wanted = Vec::with_capacity(configs.len());
    for written in configs {
        let resolved = paths::resolve_file(&root, cwd, written).map_err(|_| {
            RunError(format!(
                "`octodns-config` names `{}`, which is not a file inside the project",
                config::display_path(written, cwd)
            ))
        })?;
        wanted.push(resolved);
    }
    candidates.retain(|c| {
        c.kind != discover::FileKind::Yaml
            || c.explicit
            || wanted.contains(&c.resolved)
            || !discover::is_octodns_config(&c.resolved)
    });
    for resolved in wanted {
        if !candidates.iter().any(|c| c.resolved == resolved) {
            candidates.push(discover::Candidate {
                path: resolved.clone(),
                resolved,
                contents: None,
                sniffed: None,
                kind: discover::FileKind::Yaml,
                explicit: false,
                insist: false,
                root: root.clone(),
            });
        }
    }
    Ok(())
}

/// What the command line named, to tell named files from context: the files discovery found
/// (named, or in a named directory) and the directories it walked, by the canonical paths it
/// resolved, which the loader reads; the directories for the files read in them that
/// discovery does not list (include fragments).
struct NamedPaths {
    /// Sets: pre-commit names thousands of files at once, and a script may name as many
    /// directories.
    files: std::collections::HashSet<PathBuf>,
    directories: std::collections::HashSet<PathBuf>,
}

impl NamedPaths {
    /// Whether the file read from `canonical` was named, or is in a directory that was.
    fn covers(&self, canonical: &std::path::Path) -> bool {
        #[cfg(test)]
        tests::COVERS_ASKED.set(tests::COVERS_ASKED.get() + 1);
        self.files.contains(canonical)
            || canonical
                .ancestors()
                .skip(1)
                .any(|directory| self.directories.contains(directory))
    }
}

/// What a run found, with the zones it found it in.
pub struct Analysis {
    pub outcome: Outcome,
    pub zones: Vec<model::Zone>,
    /// The catalog with the config files' entries, when they add any (else the built-in one).
    pub catalog: Option<catalog::Catalog>,
    /// The display paths of the root hints files passed over (`db.root`), for the message of
    /// a run that lints nothing else.
    pub root_hints: Vec<String>,
    /// The entries of [`CheckOptions::baseline`] about the zones linted that matched no finding.
    pub baseline_stale: Vec<baseline::Entry>,
}

/// Lint the paths and return the sorted diagnostics with the sources they point into.
pub fn check(options: &CheckOptions) -> Result<Outcome, RunError> {
    analyse(options).map(|analysis| analysis.outcome)
}

/// Load and lint, keeping the zones (for views such as `zonelint mx`).
pub fn analyse(options: &CheckOptions) -> Result<Analysis, RunError> {
    // The built-in catalog (parsed TOML, compiled patterns) is ready by the time the rules
    // need it: it is made while the files load.
    let loaded = std::thread::scope(|scope| {
        if parallel::resolve(options.threads) > 1 {
            let _ = std::thread::Builder::new().spawn_scoped(scope, catalog::Catalog::builtin);
        }
        load(options)
    });
    let Workspace {
        sources,
        zones,
        context,
        mut diagnostics,
        root_hints,
        ..
    } = loaded?;
    let root_hints = root_hints
        .into_iter()
        .map(|file| sources.get(file).display_path.clone())
        .collect();
    let config = |errors: Vec<ConfigError>| RunError::config(&errors);
    // Settings per file (with its canonical path, which globs match), found once: a finding
    // is selected by the settings of its own file.
    let mut settings_of: rustc_hash::FxHashMap<source::FileId, (Rc<config::Settings>, PathBuf)> =
        Default::default();
    for (file, source) in sources.iter() {
        let path = match &source.resolved {
            Some(resolved) => resolved.clone(),
            None => canonical(&source.path, &options.cwd),
        };
        let settings = options.config.for_resolved_file(&path).map_err(config)?;
        settings_of.insert(file, (settings, path));
    }
    let all_settings = options.config.all_used();
    let extended = catalog_for(&all_settings)?;
    let catalog = extended
        .as_ref()
        .unwrap_or_else(|| catalog::Catalog::builtin());
    let any_enabled = |rule: &rules::Rule| all_settings.iter().any(|s| s.selection.enabled(rule));
    // The context zones after the zones linted, in one list the rules look across.
    let linted = zones.len();
    let mut zones = zones;
    zones.extend(context);
    lint::lint_into(
        &mut diagnostics,
        lint::Zones {
            zones: &zones,
            linted,
        },
        &sources,
        catalog,
        &options.rule_settings,
        options.threads,
        any_enabled,
    );
    // The context's own files are not the run's to report on (their suppression comments
    // included, which nothing linted uses).
    let mut context_files: std::collections::HashSet<source::FileId> = zones[linted..]
        .iter()
        .flat_map(|zone| zone.files.iter().copied())
        .collect();
    zones.truncate(linted);
    for zone in &zones {
        for file in &zone.files {
            context_files.remove(file);
        }
    }
    let reports = |rule: &rules::Rule, file: source::FileId| {
        settings_of
            .get(&file)
            .is_none_or(|(settings, path)| settings.reports(rule, path))
    };
    let mut diagnostics = suppress::apply(&sources, &zones, diagnostics, reports);
    diagnostics.retain(|d| !context_files.contains(&d.span.file));
    // Once, after suppression: the loader's diagnostics and suppression findings (ZL001,
    // ZL002) are selectable like any rule's.
    diagnostics.retain(|d| reports(d.rule, d.span.file));
    for d in &mut diagnostics {
        if let Some(severity) = settings_of
            .get(&d.span.file)
            .and_then(|(settings, _)| settings.severity_of(d.rule))
        {
            d.severity = severity;
        }
    }
    diagnostics.sort_by(report_order(&sources));
    // The same finding made in two zones that share a file is one finding, of both.
    diagnostics.dedup_by(|later, kept| {
        let same = later.span == kept.span
            && later.rule.code == kept.rule.code
            && later.message == kept.message;
        if same && later.zone != kept.zone {
            kept.zone = None;
        }
        same
    });
    // Before the count and the cap: a finding the baseline does not hold is counted, and
    // listed, even in a file where more of its rule's findings than the cap lists are known
    // ones (a legacy zone's thousands).
    let baseline_stale = match &options.baseline {
        Some(baseline) => {
            let identities = baseline::Identities::new(&sources, &zones);
            baseline.apply(&mut diagnostics, &identities).stale
        }
        None => Vec::new(),
    };
    // Counted before the cap: the summary and the exit status see every finding.
    let mut counts = Summary::default();
    counts.count(&diagnostics);
    let list_caps = any_enabled(&limits::FINDINGS_CAPPED);
    let diagnostics = cap_findings(diagnostics, &options.limits, &sources, list_caps);
    counts.infos += diagnostics
        .iter()
        .filter(|d| d.rule.code == limits::FINDINGS_CAPPED.code)
        .count();
    // The files that were linted: those of the zones, and any other file a finding is in.
    let mut files: Vec<source::FileId> =
        zones.iter().flat_map(|z| z.files.iter().copied()).collect();
    files.extend(diagnostics.iter().map(|d| d.span.file));
    files.sort_unstable();
    files.dedup();
    let summary = Summary {
        files: files.len(),
        zones: zones.len(),
        records: zones.iter().map(|z| z.records.len()).sum(),
        ..counts
    };
    Ok(Analysis {
        outcome: Outcome {
            sources,
            diagnostics,
            summary,
        },
        zones,
        catalog: extended,
        root_hints,
        baseline_stale,
    })
}

/// List at most `findings-per-rule` findings of one rule and `findings-per-file` findings in
/// one file; one ZL006 per file and rule says how many more there are, at the first one left
/// out. The diagnostics are sorted by file, so one pass suffices.
fn cap_findings(
    diagnostics: Vec<Diagnostic>,
    limits: &limits::Limits,
    sources: &source::SourceMap,
    list_caps: bool,
) -> Vec<Diagnostic> {
    /// One rule in one file: findings listed, findings left out, the first left out.
    #[derive(Default)]
    struct Tally {
        listed: usize,
        left_out: usize,
        first_left_out: Option<Diagnostic>,
    }
    fn notes(tallies: &mut HashMap<&'static str, Tally>, out: &mut Vec<Diagnostic>) {
        let mut capped: Vec<(&'static str, Tally)> = tallies.drain().collect();
        capped.sort_by_key(|(code, _)| *code);
        for (code, tally) in capped {
            let Some(first) = tally.first_left_out else {
                continue;
            };
            out.push(
                Diagnostic::new(
                    &limits::FINDINGS_CAPPED,
                    first.span,
                    format!(
                        "... and {} more {code} in this file ({} listed)",
                        limits::thousands(tally.left_out as u64),
                        limits::thousands(tally.listed as u64),
                    ),
                )
                .with_help(
                    "raise `--limit findings-per-rule=N` or `--limit findings-per-file=N` to list them all",
                ),
            );
        }
    }
    use std::collections::HashMap;
    let mut kept = Vec::with_capacity(diagnostics.len().min(1 << 16));
    let mut file = None;
    let mut in_file = 0usize;
    let mut tallies: HashMap<&'static str, Tally> = HashMap::new();
    let mut capped = Vec::new();
    for d in diagnostics {
        if file != Some(d.span.file) {
            notes(&mut tallies, &mut capped);
            file = Some(d.span.file);
            in_file = 0;
        }
        let tally = tallies.entry(d.rule.code).or_default();
        if tally.listed < limits.findings_per_rule && in_file < limits.findings_per_file {
            tally.listed += 1;
            in_file += 1;
            kept.push(d);
        } else {
            tally.left_out += 1;
            tally.first_left_out.get_or_insert(d);
        }
    }
    notes(&mut tallies, &mut capped);
    if capped.is_empty() || !list_caps {
        return kept;
    }
    kept.extend(capped);
    kept.sort_by(report_order(sources));
    kept
}

/// The order findings are reported in: by file path, then place in the file, rule and
/// message (the main sort and the one after the cap).
fn report_order(
    sources: &source::SourceMap,
) -> impl Fn(&Diagnostic, &Diagnostic) -> std::cmp::Ordering + '_ {
    move |a, b| {
        let path = |d: &Diagnostic| sources.get(d.span.file).display_path.as_str();
        path(a)
            .cmp(path(b))
            .then(a.span.start.cmp(&b.span.start))
            .then(a.rule.code.cmp(b.rule.code))
            .then(a.message.cmp(&b.message))
    }
}

/// The built-in catalog with the `[[provider]]` and `[[deprecated_host]]` entries of every
/// config file in use (each file once); None when there are none.
fn catalog_for(settings: &[Rc<config::Settings>]) -> Result<Option<catalog::Catalog>, RunError> {
    let mut seen = Vec::new();
    let mut catalog: Option<catalog::Catalog> = None;
    for extension in settings.iter().flat_map(|s| &s.catalog) {
        if seen.contains(&&extension.file) {
            continue;
        }
        seen.push(&extension.file);
        let catalog = catalog.get_or_insert_with(|| catalog::Catalog::builtin().clone());
        catalog.extend_from_toml(&extension.toml).map_err(|e| {
            RunError(format!(
                "the catalog entries of `{}` do not fit with those of another config file: {e}",
                extension.file
            ))
        })?;
    }
    Ok(catalog)
}

#[cfg(test)]
mod tests {
    use super::*;
    use source::{FileId, SourceFile, SourceMap, Span};

    thread_local! {
        /// How many times [`NamedPaths::covers`] was asked, on this thread.
        pub(super) static COVERS_ASKED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    fn write(path: &std::path::Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// A file is covered when it is named, or when a directory above it is, however deep;
    /// a file beside a named one, or in a directory beside a named directory, is not.
    #[test]
    fn named_paths_cover_named_files_and_whatever_is_below_named_directories() {
        let temp = tempfile::tempdir().unwrap();
        let root = temp.path().canonicalize().unwrap();
        for file in [
            "a/x.zone",
            "a/deep/er/y.zone",
            "b/z.zone",
            "b/w.zone",
            "ab/v.zone",
        ] {
            write(&root.join(file), "");
        }
        let named = NamedPaths {
            files: [root.join("b/z.zone")].into(),
            directories: [root.join("a")].into(),
        };
        let covered = |file: &str| named.covers(&root.join(file).canonicalize().unwrap());
        assert!(covered("a/x.zone"));
        assert!(covered("a/deep/er/y.zone"));
        assert!(covered("b/z.zone"));
        assert!(!covered("b/w.zone"));
        assert!(
            !covered("ab/v.zone"),
            "a sibling whose name starts like a named directory"
        );
    }

    /// Naming half of 40 include fragments as pre-commit names them (`--only-zones`) lints
    /// the 20 zones that include them, with the 20 beside them as context, from a working
    /// directory that is not the process's; and whether a file was named is asked once per
    /// loaded file, not once per finding or zone (naming 8,000 fragments at once took 5.6 s
    /// when it was).
    #[test]
    fn naming_fragments_lints_their_zones_asking_once_per_file() {
        let temp = tempfile::tempdir().unwrap();
        let root = temp.path().canonicalize().unwrap();
        let zones = 40;
        let mut paths = Vec::new();
        for i in 0..zones {
            write(
                &root.join(format!("zones/db.z{i}.example")),
                &format!(
                    "$ORIGIN z{i}.example.\n$TTL 3600\n@ SOA ns1 hostmaster 1 7200 3600 1209600 3600\n\
                     @ NS ns1\nns1 A 192.0.2.1\n$INCLUDE zones/z{i}.inc\n"
                ),
            );
            // Findings in each fragment: an MX to an address, to a name that is missing.
            write(
                &root.join(format!("zones/z{i}.inc")),
                "@ MX 10 192.0.2.7\n@ MX 20 missing\nwww A 192.0.2.2\n",
            );
            if i % 2 == 0 {
                paths.push(PathBuf::from(format!("zones/z{i}.inc")));
            }
        }
        let options = CheckOptions {
            paths,
            cwd: root.clone(),
            origin: None,
            include_dir: None,
            config: Configs::default(),
            octodns_dir: None,
            only_zones: true,
            stdin_filename: None,
            limits: limits::Limits::default(),
            rule_settings: lint::RuleSettings::default(),
            threads: 1,
            baseline: None,
        };
        let workspace = load(&options).unwrap();
        let origins = |zones: &[model::Zone]| {
            let mut origins: Vec<String> = zones.iter().map(|z| z.apex.to_string()).collect();
            origins.sort();
            origins
        };
        let mut named: Vec<String> = (0..zones)
            .step_by(2)
            .map(|i| format!("z{i}.example."))
            .collect();
        named.sort();
        assert_eq!(
            origins(&workspace.zones),
            named,
            "the named fragments' zones"
        );
        assert_eq!(workspace.context.len(), zones / 2, "the others, as context");
        COVERS_ASKED.set(0);
        let outcome = check(&options).unwrap();
        let asked = COVERS_ASKED.get();
        assert_eq!(outcome.summary.zones, zones / 2);
        let mut files: Vec<String> = outcome
            .diagnostics
            .iter()
            .map(|d| outcome.sources.get(d.span.file).display_path.clone())
            .collect();
        files.dedup();
        let mut fragments: Vec<String> = options
            .paths
            .iter()
            .map(|path| path.display().to_string())
            .collect();
        fragments.sort();
        assert_eq!(
            files, fragments,
            "findings in each named fragment, and nowhere else"
        );
        assert_eq!(asked, 2 * zones, "once per zone file and fragment");
    }

    /// Findings come by path, then place, rule and message; the findings of two files with
    /// one path interleave by place.
    #[test]
    fn findings_are_reported_by_path_then_place() {
        let mut sources = SourceMap::default();
        for path in ["b.zone", "a.zone", "a.zone"] {
            sources.add(SourceFile::new(path.into(), path.into(), Vec::new()));
        }
        let at = |file: u32, start: u32, rule: &'static rules::Rule| {
            let span = Span::new(FileId(file), start as usize, start as usize + 1);
            Diagnostic::new(rule, span, "x")
        };
        let (first, second) = (&limits::BINARY_FILE, &limits::FILE_TOO_LARGE);
        let mut found = [
            at(0, 1, first),
            at(2, 5, first),
            at(1, 9, first),
            at(2, 3, second),
            at(1, 3, first),
            at(0, 0, first),
        ];
        found.sort_by(report_order(&sources));
        let order: Vec<(u32, u32, &str)> = found
            .iter()
            .map(|d| (d.span.file.0, d.span.start, d.rule.code))
            .collect();
        let (first, second) = (first.code, second.code);
        assert_eq!(
            order,
            [
                (1, 3, first),
                (2, 3, second),
                (2, 5, first),
                (1, 9, first),
                (0, 0, first),
                (0, 1, first),
            ]
        );
    }
}
