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
    pub selection: Selection,
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
    /// Input problems (syntax and include errors), unsorted.
    pub diagnostics: Vec<Diagnostic>,
}

/// Discover, read and parse: everything before the rules.
pub fn load(options: &CheckOptions) -> Result<Workspace, RunError> {
    let candidates = discover::discover(&options.paths, &options.cwd).map_err(|e| RunError(e.0))?;
    let load_options = load::LoadOptions {
        origin: options.origin.clone(),
        cwd: options.cwd.clone(),
        parse: parse::zonefile::ParseOptions::default(),
    };
    let loaded = load::load(&candidates, &load_options).map_err(|e| RunError(e.0))?;
    let mut diagnostics = loaded.diagnostics;
    let mut zones = Vec::with_capacity(loaded.zones.len());
    for loaded_zone in loaded.zones {
        diagnostics.extend(loaded_zone.diagnostics);
        zones.push(loaded_zone.zone);
    }
    Ok(Workspace {
        sources: loaded.sources,
        zones,
        diagnostics,
    })
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
    } = load(options)?;
    let catalog = catalog::Catalog::builtin();
    diagnostics.extend(lint::lint(&zones, &sources, catalog, &options.selection));
    diagnostics.retain(|d| options.selection.enabled(d.rule));
    let mut diagnostics = suppress::apply(&sources, &zones, diagnostics, |rule| {
        options.selection.enabled(rule)
    });
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
    let mut summary = Summary {
        files: sources.len(),
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
