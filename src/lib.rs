//! zonelint: an offline linter for DNS zones kept in a repository.
//!
//! The data flows one way: discover → load → parse → rules → report. See ARCHITECTURE.md.

pub mod catalog;
pub mod cli;
pub mod diagnostic;
pub mod discover;
pub mod index;
pub mod lint;
pub mod load;
pub mod model;
pub mod name;
pub mod parse;
pub mod report;
pub mod routing;
pub mod rtype;
pub mod rules;
pub mod source;
pub mod suppress;

use std::path::PathBuf;

use diagnostic::Diagnostic;
use lint::Selection;
use name::Name;
use report::{Outcome, Summary};

/// Everything `zonelint check` needs to know.
pub struct CheckOptions {
    pub paths: Vec<PathBuf>,
    pub cwd: PathBuf,
    pub origin: Option<Name>,
    /// The base for relative `$INCLUDE` paths; None for the working directory.
    pub include_dir: Option<PathBuf>,
    /// The directory octoDNS runs in, the base of relative paths in its config
    /// (`directory: ./zones`); None for the project root.
    pub octodns_dir: Option<PathBuf>,
    pub selection: Selection,
    /// Treat files named on the command line as a directory walk treats files: skip those
    /// that are not zones, silently. For pre-commit and CI, which name every file that matches
    /// a pattern (every `.yaml`, say).
    pub only_zones: bool,
}

/// A problem that stops the run (exit status 2): an unreadable path.
#[derive(Debug)]
pub struct RunError(pub String);

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The zones read from the paths, with the input problems found while reading them.
pub struct Workspace {
    pub sources: source::SourceMap,
    pub zones: Vec<model::Zone>,
    /// For each zone (same index), the octoDNS config that configures it, if one does.
    pub configured_by: Vec<Option<source::FileId>>,
    /// Input problems (syntax and include errors), unsorted.
    pub diagnostics: Vec<Diagnostic>,
}

/// Discover, read and parse: everything before the rules.
///
/// Files named on the command line bring the rest of their zones along (a zone file that
/// includes them, an octoDNS config, split-directory siblings); only the zones that hold a
/// named file, or lie under a named directory, are kept.
pub fn load(options: &CheckOptions) -> Result<Workspace, RunError> {
    let mut candidates = discover::discover(&options.paths, &options.cwd, options.only_zones)
        .map_err(|e| RunError(e.0))?;
    let include_dir = options
        .include_dir
        .clone()
        .map_or_else(|| options.cwd.clone(), |dir| options.cwd.join(dir));
    let context = discover::zone_context(&candidates, &include_dir);
    let expanded = !context.is_empty();
    candidates.extend(context);
    let load_options = load::LoadOptions {
        origin: options.origin.clone(),
        cwd: options.cwd.clone(),
        include_dir,
        octodns_dir: options
            .octodns_dir
            .as_ref()
            .map(|dir| options.cwd.join(dir)),
        parse: parse::zonefile::ParseOptions::default(),
    };
    let loaded = load::load(&candidates, &load_options).map_err(|e| RunError(e.0))?;
    let named = NamedPaths::new(&options.paths, &options.cwd);
    let covered = |file: source::FileId| !expanded || named.covers(&loaded.sources.get(file).path);
    let mut diagnostics: Vec<Diagnostic> = loaded
        .diagnostics
        .into_iter()
        .filter(|d| covered(d.span.file))
        .collect();
    let mut zones = Vec::with_capacity(loaded.zones.len());
    let mut configured_by = Vec::with_capacity(loaded.zones.len());
    for loaded_zone in loaded.zones {
        let named = loaded_zone.zone.files.iter().any(|&f| covered(f))
            || loaded_zone.configured_by.is_some_and(covered);
        if !named {
            continue;
        }
        let mut zone = loaded_zone.zone;
        zone.complete &= !loaded_zone
            .diagnostics
            .iter()
            .any(|d| d.rule.family() == "SYN" && d.severity == diagnostic::Severity::Error);
        diagnostics.extend(loaded_zone.diagnostics);
        zones.push(zone);
        configured_by.push(loaded_zone.configured_by);
    }
    rules::names::missing_trailing_dot::mark_meant_names(&mut zones, &loaded.sources);
    Ok(Workspace {
        sources: loaded.sources,
        zones,
        configured_by,
        diagnostics,
    })
}

/// The paths named on the command line, canonical, to tell named files from context.
struct NamedPaths {
    files: Vec<PathBuf>,
    directories: Vec<PathBuf>,
}

impl NamedPaths {
    fn new(paths: &[PathBuf], cwd: &std::path::Path) -> NamedPaths {
        let mut named = NamedPaths {
            files: Vec::new(),
            directories: Vec::new(),
        };
        for path in paths {
            let Ok(canonical) = cwd.join(path).canonicalize() else {
                continue;
            };
            if canonical.is_dir() {
                named.directories.push(canonical);
            } else {
                named.files.push(canonical);
            }
        }
        named
    }

    fn covers(&self, path: &std::path::Path) -> bool {
        let Ok(canonical) = path.canonicalize() else {
            return false;
        };
        self.files.contains(&canonical) || self.directories.iter().any(|d| canonical.starts_with(d))
    }
}

/// What a run found, with the zones it found it in.
pub struct Analysis {
    pub outcome: Outcome,
    pub zones: Vec<model::Zone>,
}

/// Lint the paths and return the sorted diagnostics with the sources they point into.
pub fn check(options: &CheckOptions) -> Result<Outcome, RunError> {
    analyse(options).map(|analysis| analysis.outcome)
}

/// Load and lint, keeping the zones (for views such as `zonelint mx`).
pub fn analyse(options: &CheckOptions) -> Result<Analysis, RunError> {
    let Workspace {
        sources,
        zones,
        mut diagnostics,
        ..
    } = load(options)?;
    let catalog = catalog::Catalog::builtin();
    diagnostics.extend(lint::lint(&zones, &sources, catalog, &options.selection));
    let mut diagnostics = suppress::apply(&sources, &zones, diagnostics, |rule| {
        options.selection.enabled(rule)
    });
    // Once, after suppression: the loader's diagnostics and suppression findings (ZL001,
    // ZL002) are selectable like any rule's.
    diagnostics.retain(|d| options.selection.enabled(d.rule));
    diagnostics.sort_by(|a, b| {
        let path = |d: &Diagnostic| sources.get(d.span.file).display_path.as_str();
        path(a)
            .cmp(path(b))
            .then(a.span.start.cmp(&b.span.start))
            .then(a.rule.code.cmp(b.rule.code))
            .then(a.message.cmp(&b.message))
    });
    diagnostics
        .dedup_by(|a, b| a.span == b.span && a.rule.code == b.rule.code && a.message == b.message);
    // The files that were linted: those of the zones, and any other file a finding is in.
    let mut files: Vec<source::FileId> =
        zones.iter().flat_map(|z| z.files.iter().copied()).collect();
    files.extend(diagnostics.iter().map(|d| d.span.file));
    files.sort_unstable();
    files.dedup();
    let mut summary = Summary {
        files: files.len(),
        zones: zones.len(),
        records: zones.iter().map(|z| z.records.len()).sum(),
        ..Summary::default()
    };
    summary.count(&diagnostics);
    Ok(Analysis {
        outcome: Outcome {
            sources,
            diagnostics,
            summary,
        },
        zones,
    })
}
