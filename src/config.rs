//! The configuration file: `zonelint.toml`, `.zonelint.toml`, or a `[tool.zonelint]` table in
//! `pyproject.toml`. For each linted file the nearest one wins, searched from the file's
//! directory up to the project root; `extend` names a base file whose keys the extending file
//! overrides. `--config FILE` uses one file for everything, `--isolated` none.
//!
//! Config files come from pull requests like zones do: they are read only inside the project
//! root, through [`read_confined`], and every problem in one is a [`ConfigError`] with a span
//! (exit status 2). The result is one [`Settings`] per linted file; the command line's choices
//! are layered on top of every file's. Settings are read before discovery and applied where
//! they belong: include/exclude to the discovered files, origins when a zone is loaded,
//! selection, per-file ignores and severities when findings are selected.
//!
//! Every key is documented once, in docs/configuration.md.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use clap::ValueEnum;
use globset::{GlobBuilder, GlobMatcher};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::Severity;
use crate::lint::{Selection, SelectionLayer};
use crate::name::Name;
use crate::report::Format;
use crate::rules::{self, RULES, Rule};

/// The file names searched in each directory, in this order: the first found is used.
pub const CONFIG_FILE_NAMES: [&str; 3] = ["zonelint.toml", ".zonelint.toml", "pyproject.toml"];

/// A config file larger than this is refused (a pull request could add a huge one).
const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// How many files an `extend` chain may have.
const MAX_EXTEND_DEPTH: usize = 16;

/// `--color` and the `color` key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, unless `NO_COLOR` is set to a non-empty value.
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Colour or not: `auto` is colour on a terminal unless `NO_COLOR` is set to a non-empty
    /// value (an empty one does not count, as no-color.org says).
    pub fn resolve(self, terminal: bool, no_color: Option<&std::ffi::OsStr>) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => terminal && no_color.is_none_or(|value| value.is_empty()),
        }
    }
}

/// A problem in a config file: exit status 2. `source` holds the file's text and the byte
/// range the message is about, when there is one.
#[derive(Clone, Debug)]
pub struct ConfigError {
    /// The file as the user would write it.
    pub path: String,
    pub source: Option<(Rc<str>, Range<usize>)>,
    pub message: String,
    pub help: Option<String>,
}

/// Every key a config file may have. Keys documented in docs/configuration.md, in this order.
const KEYS: &[&str] = &[
    "extend",
    "select",
    "extend-select",
    "ignore",
    "severity",
    "include",
    "exclude",
    "per-file-ignores",
    "origins",
    "include-dir",
    "octodns-config",
    "octodns-dir",
    "fail-on",
    "format",
    "color",
    "quiet",
    "baseline",
    "max-zone-ttl",
    "limits",
    "provider",
    "deprecated_host",
];

/// A glob from a config file, matched against paths relative to the file's directory. A
/// pattern without `/` matches a file or directory name at any depth (`*.bak`, `vendor`);
/// one with `/` is anchored to the config file's directory (`zones/legacy/**`).
#[derive(Clone, Debug)]
pub struct PathGlob {
    pub pattern: String,
    base: PathBuf,
    matcher: GlobMatcher,
    /// Also matches everything below a matching directory.
    below: GlobMatcher,
}

impl PathGlob {
    fn new(pattern: &str, base: &Path) -> Result<PathGlob, String> {
        let anchored = pattern.trim_start_matches("./");
        let full = if anchored.contains('/') {
            anchored.trim_start_matches('/').to_string()
        } else {
            format!("**/{anchored}")
        };
        let build = |glob: &str| {
            GlobBuilder::new(glob)
                .literal_separator(true)
                .build()
                .map(|g| g.compile_matcher())
                .map_err(|e| e.kind().to_string())
        };
        Ok(PathGlob {
            pattern: pattern.to_string(),
            base: base.to_path_buf(),
            matcher: build(&full)?,
            below: build(&format!("{}/**", full.trim_end_matches('/')))?,
        })
    }

    /// `path` is absolute and canonical.
    pub fn matches(&self, path: &Path) -> bool {
        path.strip_prefix(&self.base)
            .is_ok_and(|relative| self.matcher.is_match(relative) || self.below.is_match(relative))
    }
}

/// A team's catalog entries (`[[provider]]`, `[[deprecated_host]]`) from one config file, as
/// TOML text in the catalog's own format.
#[derive(Clone, Debug)]
pub struct CatalogExtension {
    /// The config file, as shown.
    pub file: String,
    pub toml: String,
}

/// The resolved settings for one linted file (or, for run-wide keys, for the run).
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// The config files these came from, nearest first (an `extend` chain); empty for none.
    pub files: Vec<String>,
    pub selection: Selection,
    /// `[severity]`: selector and severity, in the order written (base files first).
    pub severity: Vec<(String, Severity)>,
    pub include: Vec<PathGlob>,
    pub exclude: Vec<PathGlob>,
    pub per_file_ignores: Vec<(PathGlob, Vec<String>)>,
    pub origins: Vec<(PathGlob, Name)>,
    pub include_dir: Option<PathBuf>,
    pub octodns_config: Vec<PathBuf>,
    pub octodns_dir: Option<PathBuf>,
    pub fail_on: Option<Severity>,
    pub format: Option<Format>,
    pub color: Option<ColorChoice>,
    pub quiet: Option<bool>,
    pub baseline: Option<PathBuf>,
    pub max_zone_ttl: Option<u32>,
    pub limits: Vec<(String, u64)>,
    pub catalog: Vec<CatalogExtension>,
}

impl Settings {
    /// Does a finding of `rule` in the file at `path` (absolute, canonical) get reported?
    pub fn reports(&self, rule: &Rule, path: &Path) -> bool {
        if !self.selection.enabled(rule) {
            return false;
        }
        rule.is_input_problem()
            || !self.per_file_ignores.iter().any(|(glob, selectors)| {
                glob.matches(path) && selectors.iter().any(|s| rules::selects(s, rule))
            })
    }

    /// The severity `[severity]` gives the rule, if any: the most specific selector wins, the
    /// later one on a tie (so an extending file overrides its base). Input problems (`SYN`)
    /// keep theirs: a zone that does not load cannot pass.
    pub fn severity_of(&self, rule: &Rule) -> Option<Severity> {
        if rule.is_input_problem() {
            return None;
        }
        let mut best: Option<(usize, Severity)> = None;
        for (selector, severity) in &self.severity {
            if let Some(specificity) = crate::lint::specificity(selector, rule)
                && best.is_none_or(|(b, _)| specificity >= b)
            {
                best = Some((specificity, *severity));
            }
        }
        best.map(|(_, severity)| severity)
    }

    /// The origin `origins` gives a BIND file that sets none; the last matching glob wins.
    pub fn origin_for(&self, path: &Path) -> Option<&Name> {
        self.origins
            .iter()
            .rev()
            .find(|(glob, _)| glob.matches(path))
            .map(|(_, name)| name)
    }

    /// Is a file found by walking a directory kept by `include` and `exclude`?
    pub fn walk_keeps(&self, path: &Path) -> bool {
        let included = self.include.is_empty() || self.include.iter().any(|g| g.matches(path));
        included && !self.excludes(path)
    }

    pub fn excludes(&self, path: &Path) -> bool {
        self.exclude.iter().any(|g| g.matches(path))
    }

    /// Merge an `extend` chain, base first.
    fn from_chain(chain: Vec<Layer>) -> Settings {
        let mut settings = Settings::default();
        for layer in chain {
            settings.files.insert(0, layer.display);
            if !layer.selection.is_empty() {
                settings.selection.layers.push(layer.selection);
            }
            settings.severity.extend(layer.severity);
            if let Some(include) = layer.include {
                settings.include = include;
            }
            if let Some(exclude) = layer.exclude {
                settings.exclude = exclude;
            }
            settings.per_file_ignores.extend(layer.per_file_ignores);
            settings.origins.extend(layer.origins);
            settings.limits.extend(layer.limits);
            settings.catalog.extend(layer.catalog);
            macro_rules! replace {
                ($($field:ident),*) => { $( if layer.$field.is_some() { settings.$field = layer.$field; } )* };
            }
            replace!(
                include_dir,
                octodns_dir,
                fail_on,
                format,
                color,
                quiet,
                baseline,
                max_zone_ttl
            );
            if let Some(configs) = layer.octodns_config {
                settings.octodns_config = configs;
            }
        }
        settings
    }

    /// `--show-settings`: every key, resolved, with the files it came from.
    pub fn describe(&self, cwd: &Path) -> String {
        let mut out = String::new();
        if self.files.is_empty() {
            out.push_str("# no config file: defaults\n");
        } else {
            let _ = writeln!(out, "# config file: {}", self.files[0]);
            for base in &self.files[1..] {
                let _ = writeln!(out, "# which extends: {base}");
            }
        }
        let list = |items: &[String]| {
            let quoted: Vec<String> = items.iter().map(|s| format!("{s:?}")).collect();
            format!("[{}]", quoted.join(", "))
        };
        let shown = |path: &Path| display_path(path, cwd);
        for (index, layer) in self.selection.layers.iter().enumerate() {
            let _ = writeln!(out, "# selection layer {} (lowest first)", index + 1);
            if let Some(select) = &layer.select {
                let _ = writeln!(out, "select = {}", list(select));
            }
            if !layer.extend_select.is_empty() {
                let _ = writeln!(out, "extend-select = {}", list(&layer.extend_select));
            }
            if !layer.ignore.is_empty() {
                let _ = writeln!(out, "ignore = {}", list(&layer.ignore));
            }
        }
        let enabled: Vec<String> = RULES
            .iter()
            .filter(|r| self.selection.enabled(r))
            .map(|r| r.code.to_string())
            .collect();
        let _ = writeln!(out, "# rules enabled: {}", enabled.join(" "));
        let globs =
            |globs: &[PathGlob]| list(&globs.iter().map(|g| g.pattern.clone()).collect::<Vec<_>>());
        let _ = writeln!(out, "include = {}", globs(&self.include));
        let _ = writeln!(out, "exclude = {}", globs(&self.exclude));
        let mut set = |key: &str, value: Option<String>| {
            let _ = match value {
                Some(value) => writeln!(out, "{key} = {value}"),
                None => writeln!(out, "# {key}: not set"),
            };
        };
        let quoted_path =
            |path: &Option<PathBuf>| path.as_deref().map(|p| format!("{:?}", shown(p)));
        let configs: Vec<String> = self.octodns_config.iter().map(|p| shown(p)).collect();
        let name_of = |value: Option<clap::builder::PossibleValue>| {
            value.map(|v| format!("{:?}", v.get_name()))
        };
        set("include-dir", quoted_path(&self.include_dir));
        set("octodns-config", Some(list(&configs)));
        set("octodns-dir", quoted_path(&self.octodns_dir));
        set(
            "fail-on",
            Some(format!(
                "{:?}",
                self.fail_on.unwrap_or(Severity::Error).as_str()
            )),
        );
        set(
            "format",
            name_of(self.format.and_then(|f| f.to_possible_value())),
        );
        set(
            "color",
            name_of(self.color.unwrap_or(ColorChoice::Auto).to_possible_value()),
        );
        set("quiet", Some(self.quiet.unwrap_or(false).to_string()));
        set("baseline", quoted_path(&self.baseline));
        set("max-zone-ttl", self.max_zone_ttl.map(|t| t.to_string()));
        out.push_str("\n[severity]\n");
        for (selector, severity) in &self.severity {
            let _ = writeln!(out, "{selector:?} = {:?}", severity.as_str());
        }
        out.push_str("\n[per-file-ignores]\n");
        for (glob, selectors) in &self.per_file_ignores {
            let _ = writeln!(out, "{:?} = {}", glob.pattern, list(selectors));
        }
        out.push_str("\n[origins]\n");
        for (glob, name) in &self.origins {
            let _ = writeln!(out, "{:?} = {:?}", glob.pattern, name.to_string());
        }
        out.push_str("\n[limits]\n");
        for (name, value) in &self.limits {
            let _ = writeln!(out, "{name} = {value}");
        }
        for extension in &self.catalog {
            let _ = writeln!(out, "\n# catalog entries from {}", extension.file);
            out.push_str(&extension.toml);
        }
        out
    }
}

/// Where settings come from.
#[derive(Clone, Debug, Default)]
pub enum ConfigSource {
    /// The nearest config file to each linted file.
    #[default]
    Discover,
    /// `--config FILE`: this file for every linted file.
    File(PathBuf),
    /// `--isolated`: no config file.
    Isolated,
}

/// The settings of every linted file: found once per directory and remembered for the run.
/// The command line's selection is layered over every file's.
pub struct Configs {
    cwd: PathBuf,
    command_line: SelectionLayer,
    fixed: Option<Rc<Settings>>,
    by_dir: RefCell<HashMap<PathBuf, Rc<Settings>>>,
}

impl Default for Configs {
    /// No config file and no command-line selection (library use and tests).
    fn default() -> Configs {
        Configs {
            cwd: PathBuf::from("."),
            command_line: SelectionLayer::default(),
            fixed: Some(Rc::new(Settings::default())),
            by_dir: RefCell::default(),
        }
    }
}

impl Configs {
    /// `--config` is read at once, so that a bad file stops the run before anything else.
    pub fn new(
        source: ConfigSource,
        cwd: &Path,
        command_line: SelectionLayer,
    ) -> Result<Configs, Vec<ConfigError>> {
        let with_command_line = |mut settings: Settings| {
            if !command_line.is_empty() {
                settings.selection.layers.push(command_line.clone());
            }
            Rc::new(settings)
        };
        let fixed = match &source {
            ConfigSource::Discover => None,
            ConfigSource::Isolated => Some(with_command_line(Settings::default())),
            ConfigSource::File(path) => {
                let path = absolute(path, cwd);
                // A file named on the command line is the user's choice, read wherever it is;
                // what it extends must stay inside its project.
                let root = crate::paths::root_for_argument(
                    path.parent().unwrap_or(cwd),
                    cwd,
                    &crate::paths::project_root(cwd),
                )
                .0;
                let chain = load_chain(&path, Found::Named, None, &root, cwd, &mut Vec::new())?;
                Some(with_command_line(Settings::from_chain(chain)))
            }
        };
        Ok(Configs {
            cwd: cwd.to_path_buf(),
            command_line,
            fixed,
            by_dir: RefCell::default(),
        })
    }

    /// The run-wide settings (format, fail-on, colour, baseline, include-dir, octoDNS): those
    /// of the working directory.
    pub fn for_run(&self) -> Result<Rc<Settings>, Vec<ConfigError>> {
        self.for_dir(&self.cwd.clone())
    }

    /// The settings for a file or directory.
    pub fn for_path(&self, path: &Path) -> Result<Rc<Settings>, Vec<ConfigError>> {
        if let Some(fixed) = &self.fixed {
            return Ok(fixed.clone());
        }
        let path = absolute(path, &self.cwd);
        let dir = if path.is_dir() {
            path
        } else {
            path.parent()
                .map_or_else(|| self.cwd.clone(), Path::to_path_buf)
        };
        self.for_dir(&dir)
    }

    /// The settings of a file at a canonical path (one [`crate::paths`] resolved): its
    /// directory's, without resolving the path again (a repository of many zones has them
    /// all in a few directories).
    pub fn for_resolved_file(&self, file: &Path) -> Result<Rc<Settings>, Vec<ConfigError>> {
        if let Some(fixed) = &self.fixed {
            return Ok(fixed.clone());
        }
        match file.parent() {
            Some(dir) if file.is_absolute() => self.for_dir(dir),
            _ => self.for_path(file),
        }
    }

    fn for_dir(&self, dir: &Path) -> Result<Rc<Settings>, Vec<ConfigError>> {
        if let Some(fixed) = &self.fixed {
            return Ok(fixed.clone());
        }
        // A directory seen before is canonical already: its text is a key.
        if let Some(found) = self.by_dir.borrow().get(dir) {
            return Ok(found.clone());
        }
        let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        if let Some(found) = self.by_dir.borrow().get(&dir) {
            return Ok(found.clone());
        }
        let root = crate::paths::root_for_argument(
            &dir,
            &self.cwd,
            &crate::paths::project_root(&self.cwd),
        )
        .0;
        let mut found: Option<Rc<Settings>> = None;
        let mut searched = Vec::new();
        for ancestor in dir.ancestors() {
            if !ancestor.starts_with(&root) {
                break;
            }
            if let Some(cached) = self.by_dir.borrow().get(ancestor) {
                found = Some(cached.clone());
                break;
            }
            searched.push(ancestor.to_path_buf());
            if let Some(file) = config_in(ancestor, &root) {
                let chain = load_chain(
                    &file,
                    Found::InProject,
                    None,
                    &root,
                    &self.cwd,
                    &mut Vec::new(),
                )?;
                let mut settings = Settings::from_chain(chain);
                if !self.command_line.is_empty() {
                    settings.selection.layers.push(self.command_line.clone());
                }
                found = Some(Rc::new(settings));
                break;
            }
            if ancestor == root {
                break;
            }
        }
        let settings = found.unwrap_or_else(|| {
            let mut settings = Settings::default();
            if !self.command_line.is_empty() {
                settings.selection.layers.push(self.command_line.clone());
            }
            Rc::new(settings)
        });
        let mut cache = self.by_dir.borrow_mut();
        for dir in searched {
            cache.insert(dir, settings.clone());
        }
        Ok(settings)
    }

    /// Every distinct settings used so far (the run's, and each linted file's).
    pub fn all_used(&self) -> Vec<Rc<Settings>> {
        let mut all: Vec<Rc<Settings>> = self.fixed.iter().cloned().collect();
        for settings in self.by_dir.borrow().values() {
            if !all.iter().any(|s| Rc::ptr_eq(s, settings)) {
                all.push(settings.clone());
            }
        }
        if all.is_empty() {
            all.push(Rc::new(Settings::default()));
        }
        all
    }
}

fn absolute(path: &Path, cwd: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    joined.canonicalize().unwrap_or(joined)
}

/// The path as the user would write it: relative to the working directory when below it.
pub fn display_path(path: &Path, cwd: &Path) -> String {
    let cwd = cwd.canonicalize().unwrap_or_else(|_| cwd.to_path_buf());
    let shown = path.strip_prefix(&cwd).unwrap_or(path);
    let text = shown.to_string_lossy().replace('\\', "/");
    if text.is_empty() { ".".into() } else { text }
}

/// Is `path` (absolute) inside the project root of the working directory, symlinks resolved?
/// For paths a config file names (`octodns-config`, `baseline`), which must not lead a run
/// from a pull request to files elsewhere on the machine.
pub fn inside_project(path: &Path, cwd: &Path) -> bool {
    let root = crate::paths::project_root(cwd);
    // A file that does not exist yet (a baseline to write) is judged by its directory.
    let existing = path
        .ancestors()
        .find_map(|p| p.canonicalize().ok())
        .unwrap_or_default();
    existing.starts_with(&root)
}

/// The config file in `dir`, if any: the first of [`CONFIG_FILE_NAMES`] that is there, a
/// `pyproject.toml` only when it has a `[tool.zonelint]` table.
fn config_in(dir: &Path, root: &Path) -> Option<PathBuf> {
    CONFIG_FILE_NAMES.iter().find_map(|name| {
        let path = dir.join(name);
        std::fs::symlink_metadata(&path).ok()?;
        if *name == "pyproject.toml" {
            let text = read_confined(&path, root).ok()?;
            // A pyproject.toml that does not parse is ours to report only when it seems to
            // hold our table; otherwise it is another tool's business.
            let has_table = match text.parse::<toml::Table>() {
                Ok(table) => table.get("tool").and_then(|t| t.get("zonelint")).is_some(),
                Err(_) => text.contains("[tool.zonelint"),
            };
            if !has_table {
                return None;
            }
        }
        Some(path)
    })
}

/// The one place a config file is read. It refuses what leaves the project root (after
/// resolving symlinks) and what is not a regular file, with one message whether or not such a
/// file exists, and caps the size.
/// MERGE: the hardening-paths branch brings the central confined-path function; route this
/// through it.
pub fn read_confined(path: &Path, root: &Path) -> Result<String, String> {
    let shown = path.display().to_string();
    let resolved = crate::paths::resolve_file(root, root, path).map_err(|r| r.message(&shown))?;
    read_regular(&resolved)
}

/// A regular file of at most [`MAX_CONFIG_BYTES`], as UTF-8 text.
fn read_regular(path: &Path) -> Result<String, String> {
    let shown = path.display();
    match crate::paths::read_at_most(path, MAX_CONFIG_BYTES)
        .map_err(|refusal| refusal.message(&shown.to_string()))?
    {
        Ok(bytes) => String::from_utf8(bytes).map_err(|_| format!("`{shown}` is not UTF-8 text")),
        Err(_) => Err(format!(
            "`{shown}` is larger than {} KiB; a config file is small",
            MAX_CONFIG_BYTES / 1024
        )),
    }
}

/// One config file's keys, as written (unset keys are None or empty), paths made absolute
/// against the file's directory.
#[derive(Default)]
struct Layer {
    display: String,
    selection: SelectionLayer,
    severity: Vec<(String, Severity)>,
    include: Option<Vec<PathGlob>>,
    exclude: Option<Vec<PathGlob>>,
    per_file_ignores: Vec<(PathGlob, Vec<String>)>,
    origins: Vec<(PathGlob, Name)>,
    include_dir: Option<PathBuf>,
    octodns_config: Option<Vec<PathBuf>>,
    octodns_dir: Option<PathBuf>,
    fail_on: Option<Severity>,
    format: Option<Format>,
    color: Option<ColorChoice>,
    quiet: Option<bool>,
    baseline: Option<PathBuf>,
    max_zone_ttl: Option<u32>,
    limits: Vec<(String, u64)>,
    catalog: Vec<CatalogExtension>,
}

/// How a config file was found.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Found {
    /// `--config FILE`: the user's choice, read wherever it is.
    Named,
    /// Next to a linted file, or named by `extend`: read only inside the project root.
    InProject,
}

/// Read a config file and the files it extends; base first. Every file an `extend` names is
/// read only inside `root`.
fn load_chain(
    path: &Path,
    found: Found,
    extend_span: Option<(&Reader, Range<usize>)>,
    root: &Path,
    cwd: &Path,
    seen: &mut Vec<PathBuf>,
) -> Result<Vec<Layer>, Vec<ConfigError>> {
    let display = display_path(
        &path.canonicalize().unwrap_or_else(|_| path.to_path_buf()),
        cwd,
    );
    let fail = |message: String| {
        vec![match &extend_span {
            Some((reader, span)) => reader.error_at(span.clone(), message, None),
            None => ConfigError {
                path: display.clone(),
                source: None,
                message,
                help: None,
            },
        }]
    };
    let text = match found {
        // Named by the user: a link is theirs to follow.
        Found::Named => read_regular(&path.canonicalize().unwrap_or_else(|_| path.to_path_buf())),
        Found::InProject => read_confined(path, root),
    }
    .map_err(fail)?;
    let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    if seen.contains(&canonical) {
        return Err(fail(format!(
            "`{display}` extends itself (directly or through other files)"
        )));
    }
    if seen.len() >= MAX_EXTEND_DEPTH {
        return Err(fail(format!(
            "`extend` chain longer than {MAX_EXTEND_DEPTH} files"
        )));
    }
    seen.push(canonical.clone());
    let dir = canonical.parent().unwrap_or(root).to_path_buf();
    let is_pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
    let mut reader = Reader {
        display: display.clone(),
        text: Rc::from(text.as_str()),
        dir: dir.clone(),
        errors: Vec::new(),
    };
    let (layer, extend) = reader.read(is_pyproject);
    if !reader.errors.is_empty() {
        let mut errors = reader.errors;
        errors.sort_by_key(|e| e.source.as_ref().map(|(_, span)| span.start));
        return Err(errors);
    }
    let mut chain = Vec::new();
    if let Some((written, span)) = extend {
        let base = dir.join(&written);
        chain = load_chain(
            &base,
            Found::InProject,
            Some((&reader, span)),
            root,
            cwd,
            seen,
        )?;
    }
    chain.push(layer);
    Ok(chain)
}

/// Reads one file's keys, collecting every problem.
struct Reader {
    display: String,
    text: Rc<str>,
    /// The file's directory: the base of its relative paths and globs.
    dir: PathBuf,
    errors: Vec<ConfigError>,
}

type Value<'i> = Spanned<DeValue<'i>>;

impl Reader {
    fn error_at(&self, span: Range<usize>, message: String, help: Option<String>) -> ConfigError {
        ConfigError {
            path: self.display.clone(),
            source: Some((self.text.clone(), span)),
            message,
            help,
        }
    }

    fn error(&mut self, span: Range<usize>, message: impl Into<String>, help: Option<String>) {
        let error = self.error_at(span, message.into(), help);
        self.errors.push(error);
    }

    /// The layer, and `extend` (the path as written, its span) when set.
    fn read(&mut self, is_pyproject: bool) -> (Layer, Option<(String, Range<usize>)>) {
        let text = self.text.clone();
        let mut layer = Layer {
            display: self.display.clone(),
            ..Layer::default()
        };
        let document = match DeTable::parse(&text) {
            Ok(document) => document,
            Err(error) => {
                let span = error.span().unwrap_or(0..0);
                let message = format!("invalid TOML: {}", error.message().trim_end());
                self.error(span, message, None);
                return (layer, None);
            }
        };
        let table = if is_pyproject {
            let found = document
                .get_ref()
                .get("tool")
                .and_then(|tool| tool.get_ref().as_table())
                .and_then(|tool| tool.get("zonelint"));
            match found {
                Some(value) => match value.get_ref().as_table() {
                    Some(table) => table,
                    None => {
                        self.type_error("tool.zonelint", value, "a table");
                        return (layer, None);
                    }
                },
                None => return (layer, None),
            }
        } else {
            document.get_ref()
        };
        let mut extend = None;
        for (key, value) in table {
            let name = key.get_ref().as_ref();
            match name {
                "extend" => {
                    extend = self.string(name, value).map(|s| (s, value.span()));
                }
                "select" => layer.selection.select = self.selectors(name, value),
                "extend-select" => {
                    layer.selection.extend_select = self.selectors(name, value).unwrap_or_default()
                }
                "ignore" => {
                    layer.selection.ignore = self.selectors(name, value).unwrap_or_default()
                }
                "severity" => {
                    for (selector, level) in self.entries(name, value) {
                        let code = selector.get_ref().to_string();
                        if !self.check_selector(&code, selector.span()) {
                            continue;
                        }
                        if let Some(severity) = self.severity(&format!("severity.{code}"), level) {
                            layer.severity.push((code, severity));
                        }
                    }
                }
                "include" => layer.include = self.globs(name, value),
                "exclude" => layer.exclude = self.globs(name, value),
                "per-file-ignores" => {
                    for (pattern, selectors) in self.entries(name, value) {
                        let Some(glob) = self.glob(pattern.get_ref(), pattern.span()) else {
                            continue;
                        };
                        let key = format!("per-file-ignores.\"{}\"", pattern.get_ref());
                        if let Some(selectors) = self.selectors(&key, selectors) {
                            layer.per_file_ignores.push((glob, selectors));
                        }
                    }
                }
                "origins" => {
                    for (pattern, origin) in self.entries(name, value) {
                        let Some(glob) = self.glob(pattern.get_ref(), pattern.span()) else {
                            continue;
                        };
                        let key = format!("origins.\"{}\"", pattern.get_ref());
                        let Some(text) = self.string(&key, origin) else {
                            continue;
                        };
                        let absolute = if text.ends_with('.') {
                            text.clone()
                        } else {
                            format!("{text}.")
                        };
                        match Name::from_ascii(&absolute) {
                            Ok(name) => layer.origins.push((glob, name)),
                            Err(e) => {
                                self.error(origin.span(), format!("bad origin `{text}`: {e}"), None)
                            }
                        }
                    }
                }
                "include-dir" => layer.include_dir = self.path(name, value),
                "octodns-config" => {
                    layer.octodns_config = self
                        .strings(name, value)
                        .map(|configs| configs.into_iter().map(|(c, _)| self.dir.join(c)).collect())
                }
                "octodns-dir" => layer.octodns_dir = self.path(name, value),
                "fail-on" => layer.fail_on = self.severity(name, value),
                "format" => layer.format = self.choice::<Format>(name, value),
                "color" => layer.color = self.choice::<ColorChoice>(name, value),
                "quiet" => layer.quiet = self.boolean(name, value),
                "baseline" => layer.baseline = self.path(name, value),
                "max-zone-ttl" => {
                    layer.max_zone_ttl = self.integer(name, value).and_then(|n| {
                        u32::try_from(n).ok().or_else(|| {
                            self.error(
                                value.span(),
                                "`max-zone-ttl` is out of range (0 to 2147483647)",
                                None,
                            );
                            None
                        })
                    })
                }
                "limits" => {
                    for (limit, amount) in self.entries(name, value) {
                        let limit_name: &str = limit.get_ref();
                        let names = crate::limits::LIMITS.iter().map(|l| l.name);
                        if !names.clone().any(|n| n == limit_name) {
                            let help = closest(limit_name, names.clone())
                                .map(|n| format!("did you mean `{n}`?"))
                                .or_else(|| {
                                    Some(format!(
                                        "the limits are: {}",
                                        names.collect::<Vec<_>>().join(", ")
                                    ))
                                });
                            self.error(limit.span(), format!("unknown limit `{limit_name}`"), help);
                            continue;
                        }
                        let key = format!("limits.{limit_name}");
                        if let Some(n) = self.integer(&key, amount) {
                            layer.limits.push((limit_name.to_string(), n));
                        }
                    }
                }
                "provider" | "deprecated_host" => {
                    if value.get_ref().as_array().is_none() {
                        self.type_error(name, value, &format!("an array of tables (`[[{name}]]`)"));
                    }
                }
                _ => {
                    let help = closest(name, KEYS.iter().copied())
                        .map(|k| format!("did you mean `{k}`?"))
                        .or_else(|| Some(format!("the keys are: {}", KEYS.join(", "))));
                    self.error(key.span(), format!("unknown key `{name}`"), help);
                }
            }
        }
        if let Some(catalog) = self.catalog(table, is_pyproject) {
            layer.catalog.push(catalog);
        }
        (layer, extend)
    }

    fn type_error(&mut self, key: &str, value: &Value<'_>, expected: &str) {
        let found = value.get_ref().type_str();
        self.error(
            value.span(),
            format!("`{key}` must be {expected}, not {}", article(found)),
            None,
        );
    }

    fn string(&mut self, key: &str, value: &Value<'_>) -> Option<String> {
        match value.get_ref().as_str() {
            Some(s) => Some(s.to_string()),
            None => {
                self.type_error(key, value, "a string");
                None
            }
        }
    }

    fn boolean(&mut self, key: &str, value: &Value<'_>) -> Option<bool> {
        let boolean = value.get_ref().as_bool();
        if boolean.is_none() {
            self.type_error(key, value, "true or false");
        }
        boolean
    }

    fn integer(&mut self, key: &str, value: &Value<'_>) -> Option<u64> {
        let Some(integer) = value.get_ref().as_integer() else {
            self.type_error(key, value, "a whole number");
            return None;
        };
        let digits = integer.as_str().replace('_', "");
        let digits = digits.trim_start_matches('+');
        let radix = integer.radix();
        let digits = if radix == 10 { digits } else { &digits[2..] };
        match u64::from_str_radix(digits, radix) {
            Ok(n) => Some(n),
            Err(_) => {
                self.error(
                    value.span(),
                    format!("`{key}` must be a whole number of 0 or more"),
                    None,
                );
                None
            }
        }
    }

    /// An array of strings, each with its span.
    fn strings(&mut self, key: &str, value: &Value<'_>) -> Option<Vec<(String, Range<usize>)>> {
        let Some(array) = value.get_ref().as_array() else {
            self.type_error(key, value, "an array of strings");
            return None;
        };
        let mut out = Vec::new();
        for item in array.iter() {
            match item.get_ref().as_str() {
                Some(s) => out.push((s.to_string(), item.span())),
                None => self.type_error(&format!("each item of `{key}`"), item, "a string"),
            }
        }
        Some(out)
    }

    fn entries<'v, 'i>(
        &mut self,
        key: &str,
        value: &'v Value<'i>,
    ) -> Vec<(&'v Spanned<toml::de::DeString<'i>>, &'v Value<'i>)> {
        match value.get_ref().as_table() {
            Some(table) => table.iter().collect(),
            None => {
                self.type_error(key, value, "a table");
                Vec::new()
            }
        }
    }

    fn check_selector(&mut self, selector: &str, span: Range<usize>) -> bool {
        if selector.trim().is_empty() {
            self.error(span, "empty rule selector", None);
            return false;
        }
        if rules::is_known_selector(selector) {
            return true;
        }
        let names = RULES.iter().flat_map(|r| [r.code, r.name]);
        let help = closest(selector, names)
            .map(|s| format!("did you mean `{s}`?"))
            .or_else(|| Some("`zonelint rule --all` lists every rule".into()));
        self.error(span, format!("unknown rule selector `{selector}`"), help);
        false
    }

    fn selectors(&mut self, key: &str, value: &Value<'_>) -> Option<Vec<String>> {
        let items = self.strings(key, value)?;
        let mut out = Vec::new();
        for (selector, span) in items {
            if self.check_selector(&selector, span) {
                out.push(selector);
            }
        }
        Some(out)
    }

    fn glob(&mut self, pattern: &str, span: Range<usize>) -> Option<PathGlob> {
        match PathGlob::new(pattern, &self.dir) {
            Ok(glob) => Some(glob),
            Err(e) => {
                self.error(span, format!("bad glob `{pattern}`: {e}"), None);
                None
            }
        }
    }

    fn globs(&mut self, key: &str, value: &Value<'_>) -> Option<Vec<PathGlob>> {
        let items = self.strings(key, value)?;
        Some(
            items
                .into_iter()
                .filter_map(|(pattern, span)| self.glob(&pattern, span))
                .collect(),
        )
    }

    fn path(&mut self, key: &str, value: &Value<'_>) -> Option<PathBuf> {
        self.string(key, value).map(|s| self.dir.join(s))
    }

    fn severity(&mut self, key: &str, value: &Value<'_>) -> Option<Severity> {
        match self.string(key, value)?.as_str() {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            other => {
                let help = closest(other, ["error", "warning", "info"].into_iter())
                    .map(|s| format!("did you mean `{s}`?"));
                self.error(
                    value.span(),
                    format!("`{key}` must be \"error\", \"warning\" or \"info\", not `{other}`"),
                    help,
                );
                None
            }
        }
    }

    fn choice<T: ValueEnum>(&mut self, key: &str, value: &Value<'_>) -> Option<T> {
        let text = self.string(key, value)?;
        if let Ok(choice) = T::from_str(&text, false) {
            return Some(choice);
        }
        let names: Vec<String> = T::value_variants()
            .iter()
            .filter_map(|v| v.to_possible_value())
            .map(|v| v.get_name().to_string())
            .collect();
        let help = closest(&text, names.iter().map(String::as_str))
            .map(|s| format!("did you mean `{s}`?"))
            .or_else(|| Some(format!("one of: {}", names.join(", "))));
        self.error(
            value.span(),
            format!("unknown `{key}` value `{text}`"),
            help,
        );
        None
    }

    /// `[[provider]]` and `[[deprecated_host]]` entries, checked against the built-in catalog
    /// now, so that a problem points into this file.
    fn catalog(&mut self, table: &DeTable<'_>, is_pyproject: bool) -> Option<CatalogExtension> {
        let provider = table.get("provider").filter(|v| v.get_ref().is_array());
        let deprecated = table
            .get("deprecated_host")
            .filter(|v| v.get_ref().is_array());
        if provider.is_none() && deprecated.is_none() {
            return None;
        }
        // The entries again as plain TOML, in the catalog's own format.
        let mut plain: toml::Table = self.text.parse().ok()?;
        if is_pyproject {
            plain = plain
                .remove("tool")?
                .as_table_mut()?
                .remove("zonelint")?
                .as_table()?
                .clone();
        }
        plain.retain(|key, _| key == "provider" || key == "deprecated_host");
        let toml = toml::to_string(&plain).ok()?;
        let mut catalog = crate::catalog::Catalog::builtin().clone();
        if let Err(error) = catalog.extend_from_toml(&toml) {
            let whole = provider.or(deprecated).map_or(0..0, |v| v.span());
            match error {
                crate::catalog::CatalogError::Syntax { reason, .. } => self.error(
                    whole,
                    format!("bad catalog entry: {}", first_line(&reason)),
                    Some("the format is that of rules/catalog/providers.toml".into()),
                ),
                crate::catalog::CatalogError::Invalid(problems) => {
                    for problem in problems {
                        let span = entry_span(provider, deprecated, &problem.entry)
                            .unwrap_or(whole.clone());
                        self.error(
                            span,
                            format!("{}: {}", problem.entry, problem.message),
                            None,
                        );
                    }
                }
            }
            return None;
        }
        Some(CatalogExtension {
            file: self.display.clone(),
            toml,
        })
    }
}

/// The span of the catalog entry an error names: ``provider `id` ``, `provider #2`,
/// `deprecated_host #1 (...)`.
fn entry_span(
    provider: Option<&Value<'_>>,
    deprecated: Option<&Value<'_>>,
    entry: &str,
) -> Option<Range<usize>> {
    let (array, rest) = if let Some(rest) = entry.strip_prefix("provider ") {
        (provider?, rest)
    } else {
        (deprecated?, entry.strip_prefix("deprecated_host ")?)
    };
    let items = array.get_ref().as_array()?;
    if let Some(number) = rest.strip_prefix('#') {
        let index: usize = number.split(' ').next()?.parse().ok()?;
        return items.get(index.checked_sub(1)?).map(Spanned::span);
    }
    let id = rest.trim_matches('`');
    items
        .iter()
        .find(|item| {
            item.get_ref()
                .as_table()
                .and_then(|t| t.get("id"))
                .and_then(|v| v.get_ref().as_str())
                == Some(id)
        })
        .map(|item| {
            item.get_ref()
                .as_table()
                .and_then(|t| t.get("id"))
                .map_or_else(|| item.span(), Spanned::span)
        })
}

fn first_line(message: &str) -> &str {
    message
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or(message)
        .trim()
}

fn article(type_name: &str) -> String {
    match type_name.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => format!("an {type_name}"),
        _ => format!("a {type_name}"),
    }
}

/// The candidate nearest to `word` (edit distance at most a third of its length, case
/// ignored), for "did you mean".
fn closest<'c>(word: &str, candidates: impl Iterator<Item = &'c str>) -> Option<&'c str> {
    let word = word.to_ascii_lowercase();
    let limit = (word.len() / 3).max(1);
    candidates
        .map(|c| (edit_distance(&word, &c.to_ascii_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            current.push(
                (previous[j] + cost)
                    .min(previous[j + 1] + 1)
                    .min(current[j] + 1),
            );
        }
        previous = current;
    }
    previous[b.len()]
}

/// The line and column (1-based, in characters) of a byte offset, for one-line messages.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

/// `zonelint init`: a starter config, every key commented out with its default or an example,
/// and `baseline` set when a baseline is written beside it.
pub fn starter(baseline: Option<&str>) -> String {
    let baseline_line = match baseline {
        Some(path) => format!(
            "# Findings recorded here are hidden; `zonelint check --update-baseline` rewrites it.\nbaseline = {path:?}\n"
        ),
        None => "# Findings recorded in this file are hidden (`zonelint init --baseline FILE` writes one).\n# baseline = \"zonelint-baseline.json\"\n".to_string(),
    };
    format!(
        r#"# zonelint configuration. Every key is described in docs/configuration.md.
# Files found from each linted file upward (nearest wins): zonelint.toml, .zonelint.toml,
# pyproject.toml [tool.zonelint]. Flags on the command line win over this file.

# Inherit from another config file and override some of its keys.
# extend = "../zonelint.toml"

# Which rules run: codes (MX001), prefixes (MX) or names (mx-backup-unsupported).
# select = ["ALL"]
# extend-select = []
# ignore = []

# Exit status 1 for findings at or above this severity: "error", "warning" or "info".
# fail-on = "error"

# Output: "full", "concise", "json", "json-lines", "github" or "sarif".
# format = "concise"
# color = "auto"
# quiet = false

{baseline_line}
# Which files a directory walk lints (globs relative to this file; without a `/` a
# glob matches a name at any depth).
# include = ["zones/**"]
# exclude = ["*.bak", "legacy"]

# Base directory for relative $INCLUDE paths (BIND's `directory`), relative to this file.
# include-dir = "."

# The octoDNS config(s) to read; other YAML files that look like configs are passed over.
# octodns-config = ["config/production.yaml"]

# [severity]
# MX003 = "error"

# [per-file-ignores]
# "zones/legacy/**" = ["NAME001"]

# Origins for BIND files that set no $ORIGIN and are not named after their zone.
# [origins]
# "zones/db.internal" = "internal.example.com."

# The team's own catalog entries, in the format of rules/catalog/providers.toml.
# [[provider]]
# id = "example-relay"
# name = "Example Corp outbound relay"
# operator = "microsoft"
# kind = "gateway"
# hosts = ['^relay\.example\.com\.$']
# third_party_backup = "unknown"
# spf_includes = []
# [[provider.sources]]
# facts = ["kind", "hosts"]
# url = "https://wiki.example.com/mail/relay"
# confidence = "confirmed"
# note = "Our relay, run for us by the mailbox provider's operator."
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starter_configs_are_valid() {
        for baseline in [None, Some("zonelint-baseline.json")] {
            let mut reader = Reader {
                display: "zonelint.toml".into(),
                text: Rc::from(starter(baseline).as_str()),
                dir: PathBuf::from("/repo"),
                errors: Vec::new(),
            };
            let (layer, _) = reader.read(false);
            assert!(reader.errors.is_empty(), "{:?}", reader.errors);
            assert_eq!(layer.baseline.is_some(), baseline.is_some());
        }
    }

    #[test]
    fn no_color_counts_only_when_not_empty() {
        let set = Some(std::ffi::OsStr::new("1"));
        let empty = Some(std::ffi::OsStr::new(""));
        assert!(ColorChoice::Auto.resolve(true, None));
        assert!(ColorChoice::Auto.resolve(true, empty));
        assert!(!ColorChoice::Auto.resolve(true, set));
        assert!(!ColorChoice::Auto.resolve(false, None));
        assert!(ColorChoice::Always.resolve(false, set));
        assert!(!ColorChoice::Never.resolve(true, None));
    }

    #[test]
    fn severity_overrides_never_touch_input_problems() {
        let settings = Settings {
            severity: vec![
                ("ALL".into(), Severity::Info),
                ("MX".into(), Severity::Warning),
                ("MX003".into(), Severity::Error),
            ],
            ..Settings::default()
        };
        let rule = |code| crate::rules::find(code).unwrap();
        assert_eq!(settings.severity_of(rule("MX003")), Some(Severity::Error));
        assert_eq!(settings.severity_of(rule("MX001")), Some(Severity::Warning));
        assert_eq!(settings.severity_of(rule("NAME001")), Some(Severity::Info));
        assert_eq!(settings.severity_of(rule("SYN001")), None);
    }

    #[test]
    fn did_you_mean() {
        assert_eq!(closest("selct", KEYS.iter().copied()), Some("select"));
        assert_eq!(
            closest("per-file-ignore", KEYS.iter().copied()),
            Some("per-file-ignores")
        );
        assert_eq!(closest("providers", KEYS.iter().copied()), Some("provider"));
        assert_eq!(closest("zzz", KEYS.iter().copied()), None);
    }

    #[test]
    fn globs() {
        let base = Path::new("/repo");
        let glob = |p: &str| PathGlob::new(p, base).unwrap();
        assert!(glob("*.bak").matches(Path::new("/repo/zones/a.zone.bak")));
        assert!(glob("legacy").matches(Path::new("/repo/zones/legacy/a.zone")));
        assert!(glob("zones/*.zone").matches(Path::new("/repo/zones/a.zone")));
        assert!(!glob("zones/*.zone").matches(Path::new("/repo/zones/x/a.zone")));
        assert!(!glob("zones/*.zone").matches(Path::new("/other/zones/a.zone")));
        assert!(glob("zones/**").matches(Path::new("/repo/zones/x/a.zone")));
    }
}
