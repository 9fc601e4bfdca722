//! Loading octoDNS YAML: main configs, zone files, split directories and `!include`.
//!
//! Every YAML file named or found is parsed once. Configs come first: each YamlProvider
//! source of each configured zone says which zone file, split directory and shared file make
//! up the zone, and with which options (`default_ttl`, `enforce_order`, ...). YAML files no
//! config claims are zones by their own name (`example.com.yaml`, `example.com./*.yaml`) when
//! their content is octoDNS records; anything else is skipped quietly in a directory walk and
//! reported (OCTO005) when named explicitly. `!include` is resolved here, relative to the
//! including file and never outside the project root; the parsers stay pure.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::{LoadError, LoadedZone, Loader};
use crate::diagnostic::{Diagnostic, Severity};
use crate::discover::Candidate;
use crate::limits::{LIMIT_REACHED, raise_hint, thousands};
use crate::model::{
    Class, NameFilter, RData, RType, Record, RecordSpans, UnmanagedNames, Zone, ZoneFormat,
    octodns_relative_name,
};
use crate::name::{Caseless, Name};
use crate::parse::octodns::config::{self, Config, YamlProvider};
use crate::parse::octodns::yaml::{self, Document, Kind, Node, Style};
use crate::parse::octodns::{
    self, Evidence, FileClass, Includes, KeyOrder, OctoDnsVersion, ZoneDocument, ZoneOptions,
};
use crate::paths::{self, Refusal};
use crate::rules::syntax::{
    INCLUDE_FAILED, INVALID_YAML, NOT_OCTODNS_FILE, OCTODNS_SOURCE_NOT_READ, OCTODNS_VALIDATION,
};
use crate::source::{FileId, Span};

pub(super) struct YamlLoaded {
    pub zones: Vec<LoadedZone>,
    /// Problems that belong to no zone: configs, files that are not octoDNS.
    pub diagnostics: Vec<Diagnostic>,
    /// Files another zone includes: not zones of their own.
    pub included: HashSet<FileId>,
}

/// What an `octodns_spf.SpfSource` among a zone's sources does to it when octoDNS syncs
/// (`SpfSource.populate`; checked with octoDNS 1.22.0 and octodns-spf 1.0.0): it adds its SPF
/// record at the apex, shown at the source's id in the config, or with `merging_enabled`
/// merges its terms into the SPF TXT record already there, which keeps its place in the zone
/// file. octoDNS stops instead (OCTO004) where the apex has a type-99 SPF record, an SPF TXT
/// record and no `merging_enabled`, or a term the merge cannot read.
fn spf_source_record(
    apex: &Name,
    spf: &config::SpfSource,
    config_file: FileId,
    records: &mut Vec<Record>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let span = Span {
        file: config_file,
        ..spf.span
    };
    let at_apex = |record: &&Record| record.owner == *apex;
    let existing = records.iter().position(|record| {
        at_apex(&record)
            && (record.rtype == RType::SPF
                || (record.rtype == RType::TXT
                    && crate::rules::tags::txt_text(record)
                        .is_some_and(|t| t.starts_with("v=spf1"))))
    });
    if let Some(existing) = existing {
        let existing = &mut records[existing];
        let text = crate::rules::tags::txt_text(existing).unwrap_or_default();
        let merged = match (existing.rtype, spf.merging) {
            (RType::TXT, true) => Some(config::merge_spf(&text, spf)),
            _ => None,
        };
        let (reason, help) = match merged {
            Some(Ok(merged)) => {
                if let Some(strings) = character_strings(&merged) {
                    existing.rdata = RData::txt(strings);
                }
                return;
            }
            Some(Err(term)) => (
                format!("its merge cannot read `{term}`"),
                "octodns-spf merges only `a:`, `mx:`, `ip4:`, `ip6:`, `include:` and `exists:` \
                 terms with a value, and `all`: write the term so, or move the record's terms \
                 into the SpfSource's options",
            ),
            None if existing.rtype == RType::SPF => (
                "\"Existing SPF value found, cannot coexist, migrate to TXT\"".to_string(),
                "publish SPF as a TXT record (type 99 is retired, RFC 7208 §3.1), with \
                 `merging_enabled: true` on the SpfSource, or move its terms into the source",
            ),
            None => (
                "\"Existing SPF value found in TXT record, merging not enabled\"".to_string(),
                "keep the SPF record in one place: remove it from the zone file, or set \
                 `merging_enabled: true` on the SpfSource",
            ),
        };
        diagnostics.push(
            Diagnostic::new(
                &OCTODNS_VALIDATION,
                existing.entry_span(),
                format!(
                    "the zone's sources include the SpfSource `{}`, which stops octoDNS here: {reason}",
                    spf.id
                ),
            )
            .with_label(span, "the SpfSource")
            .with_help(help),
        );
        return;
    }
    let Some(strings) = character_strings(&spf.value) else {
        return;
    };
    let at = (spf.span.start, spf.span.end);
    records.push(Record {
        owner: apex.clone(),
        ttl: spf.ttl,
        class: Class::IN,
        rtype: RType::TXT,
        rdata: RData::txt(strings),
        relative_fields: 0,
        file: config_file,
        spans: RecordSpans::new(at, at, at, &[at]),
    });
}

/// `text` as the strings of a TXT record, cut every 255 bytes as octoDNS publishes it.
fn character_strings(text: &str) -> Option<crate::model::CharacterStrings> {
    let mut wire = Vec::with_capacity(text.len() + 2);
    for chunk in text.as_bytes().chunks(255) {
        wire.push(chunk.len() as u8);
        wire.extend_from_slice(chunk);
    }
    crate::model::CharacterStrings::from_wire(wire)
}

/// The files a Python project pins its dependencies in, read for the octoDNS release in this
/// order: pip's requirements, then the lock files (the release installed), then the manifests.
const PIN_FILES: &[&str] = &[
    "requirements.txt",
    "Pipfile.lock",
    "poetry.lock",
    "uv.lock",
    "Pipfile",
    "pyproject.toml",
];

/// Folders beside a config looked in for a dependency file that pins octoDNS: a bound on the
/// files one config makes zonelint look for.
const MAX_FOLDERS_BESIDE: usize = 32;

/// An octoDNS release pinned by a requirements file: `(major, minor)` and the file as shown.
type Pin = ((u32, u32), String);

/// One zone to build: its name, and its files with the options of the provider reading them.
struct ZonePlan {
    apex: Name,
    /// The config that configured the zone; None for a zone named after its file.
    configured_by: Option<FileId>,
    documents: Vec<PlannedDocument>,
    root: PathBuf,
    /// The `octodns_spf.SpfSource`s among the zone's sources, with the config naming them.
    spf_sources: Vec<(config::SpfSource, FileId)>,
    /// A source zonelint does not read adds records too (NetBox, an environment variable, a
    /// zone file or a provider's live records): the zone may hold names its YAML does not.
    other_sources: bool,
    /// The octoDNS zone validators that run on the zone (its config's, less those its entry
    /// disables), and whether the zone is lenient (they then only log).
    zone_validators: Vec<String>,
    lenient: bool,
    /// The config's other zones below this one (octoDNS's `sub_zones`).
    sub_zones: Vec<Name>,
    /// `ignore_subzone_adds: true`: octoDNS drops the records at or below a sub-zone quietly.
    ignore_subzone_adds: bool,
    /// The processors that filter the zone's records, in the order they run.
    processors: Vec<config::Processor>,
    /// [`Zone::pushed_to`].
    pushed_to: Vec<&'static str>,
}

struct PlannedDocument {
    file: FileId,
    options: ZoneOptions,
    key_order: Option<KeyOrder>,
    replaces: bool,
}

/// A directory a config's YamlProvider reads zones from, with how it reads them: a zone file
/// there that no config names is read as that provider would read it.
struct ProviderDirectory {
    dir: PathBuf,
    provider: String,
    options: ZoneOptions,
    key_order: Option<KeyOrder>,
    config_file: FileId,
    /// The config's zones by name (lower case, without the final dot), with the providers
    /// each reads its records from: a file here that a zone names but does not read from this
    /// provider is said to be passed over for that reason.
    zone_sources: HashMap<String, Vec<String>>,
}

struct YamlLoad<'l, 'o> {
    loader: &'l mut Loader<'o>,
    documents: HashMap<FileId, Rc<Document>>,
    /// Files whose own diagnostics (syntax, duplicate keys, key order) were already given.
    reported: HashSet<FileId>,
    /// Files a config gives to a zone, with the zones: one file may make several zones (a
    /// link `canary.example.com.yaml -> example.com.yaml`, both configured), but a zone that
    /// two configs name is linted once.
    claimed: HashMap<FileId, Vec<Name>>,
    provider_directories: Vec<ProviderDirectory>,
    /// The `split_extension`s the configs' YamlProviders declare, whether or not their
    /// directories are found: a split directory no config claims (the config's directory is
    /// relative to another working directory) is still named as octoDNS names it.
    split_extensions: Vec<String>,
    diagnostics: Vec<Diagnostic>,
    /// YAML nodes each file's tree holds, aliases expanded: counted once per file.
    node_counts: HashMap<FileId, u64>,
    /// Nodes each resolved `!include` brings into the zone being built, with what it
    /// includes in turn; and the zone's total so far, against the `yaml-nodes` limit.
    include_weights: HashMap<Span, u64>,
    zone_included_nodes: u64,
    /// The octoDNS pin read from each requirements file.
    pins: HashMap<PathBuf, Option<Pin>>,
    /// The pin found for the files of each folder (and project root).
    pin_by_folder: HashMap<(PathBuf, PathBuf), Option<Pin>>,
}

pub(super) fn load(
    loader: &mut Loader<'_>,
    candidates: &[&Candidate],
) -> Result<YamlLoaded, LoadError> {
    let mut load = YamlLoad {
        loader,
        documents: HashMap::new(),
        reported: HashSet::new(),
        claimed: HashMap::new(),
        provider_directories: Vec::new(),
        split_extensions: Vec::new(),
        diagnostics: Vec::new(),
        node_counts: HashMap::new(),
        include_weights: HashMap::new(),
        zone_included_nodes: 0,
        pins: HashMap::new(),
        pin_by_folder: HashMap::new(),
    };
    let mut files = Vec::with_capacity(candidates.len());
    for candidate in candidates {
        let file = match &candidate.contents {
            Some(bytes) => {
                let file = load.loader.add_stream(&candidate.path, bytes.clone());
                load.parse(file);
                file
            }
            None => load.read(&candidate.resolved).map_err(|refusal| {
                LoadError(refusal.message(&candidate.path.display().to_string()))
            })?,
        };
        files.push((file, *candidate));
    }
    let mut plans = Vec::new();
    let mut unclaimed = Vec::new();
    // The key order of every YamlProvider the project's configs define: files no config
    // names are read with it when they all agree (a config whose directory cannot be followed,
    // a container path, still says how the project orders keys).
    let mut provider_orders: Vec<Option<KeyOrder>> = Vec::new();
    for &(file, candidate) in &files {
        let document = load.documents[&file].clone();
        let evidence = evidence_of(&candidate.path);
        let mut class = octodns::classify(&document, evidence);
        if candidate.insist && document.broken && class != FileClass::Other(octodns::GCLOUD_EXPORT)
        {
            // A file named on purpose that does not parse: show why, whatever it was meant to be.
            class = FileClass::Zone;
        }
        match class {
            FileClass::Config => {
                load.report_own(file);
                let config = config::read(&document);
                load.diagnostics
                    .extend(config.unknown_references.iter().map(unknown_reference));
                load.diagnostics.extend(zone_entry_problems(&config));
                load.diagnostics.extend(
                    config
                        .provider_option_problems
                        .iter()
                        .map(provider_option_problem),
                );
                if !config.removed_classes.is_empty() {
                    let version = load.octodns_version(file, &candidate.root, config.best_practice);
                    // Before 1.0 the class is octoDNS's own: nothing to say.
                    if version.pinned.is_none_or(|(major, _)| major >= 1) {
                        load.diagnostics.extend(
                            config
                                .removed_classes
                                .iter()
                                .map(|removed| removed_class(removed, &version)),
                        );
                    }
                }
                load.diagnostics.extend(unread_sources(&config));
                provider_orders.extend(config.providers.iter().map(|p| p.key_order));
                for extension in config
                    .providers
                    .iter()
                    .filter_map(|p| p.split_extension.clone())
                {
                    if extension != "." && !load.split_extensions.contains(&extension) {
                        load.split_extensions.push(extension);
                    }
                }
                plans.extend(load.config_zones(&config, file, candidate));
            }
            FileClass::Zone => unclaimed.push((file, candidate)),
            FileClass::Other(reason) => {
                if candidate.insist {
                    let shown = load.loader.sources.get(file).display_path.clone();
                    load.diagnostics.push(
                        Diagnostic::new(
                            &NOT_OCTODNS_FILE,
                            first_line(&load, file),
                            format!("`{shown}` is not an octoDNS zone or config: {reason}; zonelint skips it"),
                        )
                        .with_help("name octoDNS zone files (`example.com.yaml`), split zone directories, or the octoDNS config"),
                    );
                }
            }
        }
    }
    let project_order = match provider_orders.split_first() {
        Some((first, rest)) if rest.iter().all(|order| order == first) => *first,
        _ => Some(KeyOrder::Natural),
    };
    plans.extend(load.own_zones(&unclaimed, project_order));
    let mut zones = Vec::new();
    let mut included = HashSet::new();
    for plan in plans {
        zones.push(load.build(plan, &mut included));
    }
    Ok(YamlLoaded {
        zones,
        diagnostics: load.diagnostics,
        included,
    })
}

/// What a file's name and place say about it.
fn evidence_of(path: &Path) -> Evidence {
    let in_split_directory = path.parent().and_then(Path::file_name).is_some_and(|dir| {
        octodns::zone_from_split_directory(&dir.to_string_lossy(), ".").is_some()
    });
    if in_split_directory {
        return Evidence::Place;
    }
    let named = path
        .file_name()
        .is_some_and(|name| octodns::zone_from_file_name(&name.to_string_lossy()).is_some());
    if named {
        Evidence::Name
    } else {
        Evidence::Nothing
    }
}

/// The first line of a file, for diagnostics about the file as a whole.
fn first_line(load: &YamlLoad<'_, '_>, file: FileId) -> Span {
    let text = &load.loader.sources.get(file).text;
    let end = text.find('\n').unwrap_or(text.len());
    let end = text[..end].trim_end().len();
    Span::new(file, 0, end)
}

impl YamlLoad<'_, '_> {
    /// Read and parse a YAML file once; a file over the size limit gets one diagnostic.
    /// `path` comes from [`paths::resolve_file`]: canonical, inside the root.
    fn read(&mut self, path: &Path) -> Result<FileId, Refusal> {
        if let Some(&file) = self.loader.by_path.get(path)
            && self.documents.contains_key(&file)
        {
            return Ok(file);
        }
        let max = self.loader.options.limits.yaml_file_size;
        let file = self
            .loader
            .read_limited(path, path, max, "yaml-file-size")?;
        if let Some(refused) = self.loader.refused.get(&file) {
            let document = Document {
                file,
                root: None,
                diagnostics: vec![refused.clone()],
                includes: Vec::new(),
                broken: true,
            };
            self.documents.insert(file, Rc::new(document));
            return Ok(file);
        }
        self.parse(file);
        Ok(file)
    }

    /// Parse a file read into the source map.
    fn parse(&mut self, file: FileId) {
        if self.documents.contains_key(&file) {
            return;
        }
        let source = self.loader.sources.get(file);
        let mut document =
            yaml::parse_limited(file, &source.text, self.loader.options.limits.yaml_nodes);
        if let Some(at) = source.first_invalid_utf8() {
            document.diagnostics.insert(
                0,
                Diagnostic::new(
                    &INVALID_YAML,
                    Span::new(file, at, at + 1),
                    "the file is not valid UTF-8: octoDNS (PyYAML) cannot read it",
                )
                .with_help("save the file as UTF-8"),
            );
        }
        self.documents.insert(file, Rc::new(document));
    }

    /// A path a config names that is not read: one diagnostic on the config, naming the path
    /// as the config writes it.
    fn refuse(&mut self, span: Span, refusal: &Refusal, written: &str) {
        let diagnostic = Diagnostic::new(&INCLUDE_FAILED, span, refusal.message(written));
        if !self
            .diagnostics
            .iter()
            .any(|d| d.span == diagnostic.span && d.message == diagnostic.message)
        {
            self.diagnostics.push(diagnostic);
        }
    }

    /// Nodes a file brings where it is included: its own tree (aliases expanded) and what its
    /// own `!include`s bring (resolved before this is asked).
    fn expanded_weight(&mut self, file: FileId) -> u64 {
        let own = match self.node_counts.get(&file) {
            Some(&count) => count,
            None => {
                let count = self.documents[&file].root.as_deref().map_or(1, node_count);
                self.node_counts.insert(file, count);
                count
            }
        };
        let nested: u64 = self.documents[&file]
            .includes
            .iter()
            .filter_map(|include| self.include_weights.get(&include.span))
            .sum();
        own.saturating_add(nested)
    }

    /// Give a file's own diagnostics once.
    fn report_own(&mut self, file: FileId) {
        if self.reported.insert(file)
            && let Some(document) = self.documents.get(&file)
        {
            self.diagnostics
                .extend(document.diagnostics.iter().cloned());
        }
    }

    fn path_of(&self, file: FileId) -> PathBuf {
        let path = &self.loader.sources.get(file).path;
        path.canonicalize().unwrap_or_else(|_| path.clone())
    }

    /// A directory a config names, found as octoDNS finds it: relative to the directory
    /// octoDNS runs in (`octodns-sync --config-file=config/production.yaml` from the
    /// repository root reads `directory: ./` as the root), which is the project root unless
    /// `--octodns-dir` says otherwise. When it is not there, the config's folder and its
    /// parents are tried and OCTO005 says that octoDNS, run from there, would not find it.
    /// Every place is resolved inside the project: one that leads out is refused on the
    /// config key, alike whether or not something is there outside.
    fn config_directory(
        &mut self,
        provider: &YamlProvider,
        zones: &[&str],
        config: &Path,
        root: &Path,
    ) -> Option<PathBuf> {
        let written_text = provider.directory.as_deref()?;
        let written = Path::new(written_text);
        let mut outside = false;
        let mut inside = |place: PathBuf| match paths::resolve_dir(root, root, &place) {
            Ok(dir) => Some(dir),
            Err(Refusal::Outside) => {
                outside = true;
                None
            }
            Err(_) => None,
        };
        if written.is_absolute() {
            if let Some(found) = inside(written.to_path_buf()) {
                return Some(found);
            }
            return self.container_directory(provider, written, config, root);
        }
        let run_dir = self.run_dir(root);
        let mut tried = Vec::new();
        if let Some(dir) = config.parent() {
            for ancestor in dir.ancestors() {
                tried.push(ancestor.join(written));
                if ancestor == root || !ancestor.starts_with(root) {
                    break;
                }
            }
        }
        let mut holds_none = false;
        // Asked beside `inside`, which also notes a place outside the project for the
        // refusal below: once per provider.
        let run_place_outside = matches!(
            paths::resolve_dir(root, root, &run_dir.join(written)),
            Err(Refusal::Outside)
        );
        if let Some(found) = inside(run_dir.join(written)) {
            // `directory: ./` from a working directory that is not where octoDNS runs (a
            // repository linted from its parent, or from a folder below its root) exists but
            // holds none of the provider's zones: where they are, from the config's folder up,
            // is where octoDNS runs, and OCTO005 says so.
            // Not when `--octodns-dir` says where octoDNS runs: then it finds nothing either.
            let holds = |dir: &Path| zones.iter().any(|zone| holds_zone(root, dir, zone));
            if self.loader.options.octodns_dir.is_some() || zones.is_empty() || holds(&found) {
                return Some(found);
            }
            let elsewhere = tried.iter().find_map(|place| {
                let dir = paths::resolve_dir(root, root, place).ok()?;
                (dir != found && holds(&dir)).then_some(dir)
            });
            let Some(elsewhere) = elsewhere else {
                return Some(found);
            };
            holds_none = true;
            tried = vec![elsewhere];
        }
        let Some(found) = tried.into_iter().find_map(&mut inside) else {
            if outside {
                self.refuse(provider.directory_span, &Refusal::Outside, written_text);
            } else {
                // Often made before octoDNS runs (a CI step that renders the zones): said, so
                // that a run over the repository does not end in "nothing to lint".
                let run_shown = match self.loader.display_path(&run_dir) {
                    shown if shown.is_empty() => ".".to_string(),
                    shown => shown,
                };
                // A directory `.gitignore` names is a build step's output (rangelovkiril's
                // generated `zones/`): said as information, which the repository as committed
                // cannot otherwise clear.
                let diagnostic = if crate::discover::ignored_by_git(&run_dir, written_text) {
                    Diagnostic::new(
                        &NOT_OCTODNS_FILE,
                        provider.directory_span,
                        format!(
                            "the directory `{written_text}` is not there, and git ignores it (a build step makes it): zonelint reads none of provider `{}`'s zones through this config",
                            provider.id
                        ),
                    )
                    .with_severity(crate::diagnostic::Severity::Info)
                    .with_help("lint the zone files the build step makes, after it has run")
                } else {
                    Diagnostic::new(
                        &NOT_OCTODNS_FILE,
                        provider.directory_span,
                        format!(
                            "there is no directory `{written_text}` where octoDNS runs (`{run_shown}`) nor beside the config: zonelint reads none of provider `{}`'s zones through this config (zone files found on their own are linted without its settings)",
                            provider.id
                        ),
                    )
                    .with_help("if a build step makes the directory, lint the files it makes; else pass `--octodns-dir DIR` with the directory octoDNS runs in")
                };
                self.diagnostics.push(diagnostic);
            }
            return None;
        };
        let run_shown = match self.loader.display_path(&run_dir) {
            shown if shown.is_empty() => ".".to_string(),
            shown => shown,
        };
        let found_shown = self.loader.display_path(&found);
        let from = if self.loader.options.octodns_dir.is_some() {
            "--octodns-dir"
        } else {
            "by default, where zonelint runs"
        };
        self.diagnostics.push(
            Diagnostic::new(
                &NOT_OCTODNS_FILE,
                provider.directory_span,
                format!(
                    "octoDNS reads `{written_text}` from the directory it runs in (`{run_shown}`, {from}), {}; zonelint reads `{found_shown}` instead",
                    if holds_none {
                        "where it holds none of the provider's zones"
                    } else if run_place_outside {
                        "which is outside the project zonelint reads (the git work tree, else the working directory)"
                    } else {
                        "where there is no such directory"
                    }
                ),
            )
            .with_help("pass `--octodns-dir DIR` with the directory octoDNS runs in, or write the directory relative to it")
            // Where octoDNS runs is zonelint's guess unless `--octodns-dir` says: many
            // repositories run it from the config's own folder (`cd dns && octodns-sync`),
            // which the repository cannot show. Said as information then; a warning where
            // the place given does not hold the directory.
            .with_severity(if self.loader.options.octodns_dir.is_some() {
                crate::diagnostic::Severity::Warning
            } else {
                crate::diagnostic::Severity::Info
            }),
        );
        Some(found)
    }

    /// Where octoDNS runs, the base of a config's relative paths: `--octodns-dir`, else where
    /// zonelint runs (in CI and in pre-commit, the repository root) when that is inside the
    /// project, else its root.
    fn run_dir(&self, root: &Path) -> PathBuf {
        match &self.loader.options.octodns_dir {
            Some(dir) => dir.clone(),
            None if self.loader.cwd.starts_with(root) => self.loader.cwd.clone(),
            None => root.to_path_buf(),
        }
    }

    /// An absolute `directory:` outside the project: usually the path the repository has where
    /// octoDNS runs (`/octodns/config` in a CI container, kubernetes/k8s.io does this). Its
    /// last components are looked for inside the project, from where octoDNS runs and from
    /// the config's folder up (`octodns/config`, then `config`); found, zonelint reads that and
    /// says so (OCTO005). Not found, the provider's zones cannot be read as configured: a
    /// warning (SYN005), as the repository itself is not at fault.
    fn container_directory(
        &mut self,
        provider: &YamlProvider,
        written: &Path,
        config: &Path,
        root: &Path,
    ) -> Option<PathBuf> {
        let written_text = provider.directory.as_deref().unwrap_or_default();
        let parts = paths::named_parts(written);
        let run_dir = self.run_dir(root);
        let mut bases = vec![run_dir];
        if let Some(dir) = config.parent() {
            for ancestor in dir.ancestors() {
                if !ancestor.starts_with(root) {
                    break;
                }
                bases.push(ancestor.to_path_buf());
            }
        }
        let found = (0..parts.len()).find_map(|start| {
            let suffix: PathBuf = parts[start..].iter().collect();
            bases.iter().find_map(|base| {
                paths::resolve_dir(root, root, &base.join(&suffix))
                    .ok()
                    .map(|dir| (dir, suffix.clone()))
            })
        });
        let Some((dir, suffix)) = found else {
            // Where octoDNS runs is not the repository's to show (kubernetes/k8s.io's deploy
            // script writes the path into the config): nothing in the repository is wrong,
            // only the config's settings cannot be applied. Said as information.
            self.diagnostics.push(
                Diagnostic::new(
                    &NOT_OCTODNS_FILE,
                    provider.directory_span,
                    format!(
                        "`{written_text}` is outside the project (a path where octoDNS runs, a container's say), and no directory `{}` is inside it: the zones this provider holds are not read as configured",
                        parts.last().map_or(String::new(), |p| p.to_string_lossy().into_owned())
                    ),
                )
                .with_severity(Severity::Info)
                .with_help("pass `--octodns-dir DIR` and write the directory relative to it, or lint the zone files directly"),
            );
            return None;
        };
        let shown = self.loader.display_path(&dir);
        self.diagnostics.push(
            Diagnostic::new(
                &NOT_OCTODNS_FILE,
                provider.directory_span,
                format!(
                    "`{written_text}` is outside the project (a path where octoDNS runs, a container's say); zonelint reads `{shown}` for it, found by its last components (`{}`)",
                    suffix.display()
                ),
            )
            .with_severity(Severity::Info)
            .with_help("if that is not the directory octoDNS reads, pass `--octodns-dir DIR` and write the directory relative to it"),
        );
        Some(dir)
    }

    /// The octoDNS release the repository deploys with: a pin (`octodns==1.9.1`) in its
    /// Python dependencies, found like an `$INCLUDE` from `from` ([`PIN_FILES`], the first
    /// that pins octoDNS), else the newest.
    fn octodns_version(
        &mut self,
        from: FileId,
        root: &Path,
        best_practice: bool,
    ) -> OctoDnsVersion {
        let folder = self
            .path_of(from)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        // The same for every file of a folder: found once per folder.
        let key = (folder, root.to_path_buf());
        let pin = match self.pin_by_folder.get(&key) {
            Some(pin) => pin.clone(),
            None => {
                let pin = self.find_pin(from, root, &key.0);
                self.pin_by_folder.insert(key, pin.clone());
                pin
            }
        };
        OctoDnsVersion {
            best_practice,
            pinned: pin.as_ref().map(|(pinned, _)| *pinned),
            pinned_in: pin.map(|(_, place)| place),
        }
    }

    /// The octoDNS pin for files in `folder`: in a dependency file beside them (or in the
    /// include directory or the project root, found like an `$INCLUDE` from `from`), else in
    /// one in a folder beside them, where the image octoDNS runs in is often built
    /// (`dns/octodns-docker/requirements.txt` beside `dns/octodns-config.yaml`, as
    /// kubernetes/k8s.io has it). Every file through the one confined path function.
    fn find_pin(&mut self, from: FileId, root: &Path, folder: &Path) -> Option<Pin> {
        for &file_name in PIN_FILES {
            if let Ok(path) = self.loader.resolve_include(file_name, from, root)
                && let Some(pin) = self.pin_in(&path, file_name)
            {
                return Some(pin);
            }
        }
        // Listed only when the folder itself is inside the project (a stream named with
        // `--stdin-filename` may sit anywhere).
        if paths::resolve_dir(root, folder, Path::new(".")).is_err() {
            return None;
        }
        for beside in paths::list_subdirs(folder)
            .into_iter()
            .take(MAX_FOLDERS_BESIDE)
        {
            for &file_name in PIN_FILES {
                let written = Path::new(&beside).join(file_name);
                if let Ok(path) = paths::resolve_file(root, folder, &written)
                    && let Some(pin) = self.pin_in(&path, file_name)
                {
                    return Some(pin);
                }
            }
        }
        None
    }

    /// The octoDNS pin a dependency file named `file_name` holds, read once per path.
    fn pin_in(&mut self, path: &Path, file_name: &str) -> Option<Pin> {
        if let Some(pin) = self.pins.get(path) {
            return pin.clone();
        }
        let pin = match paths::read_at_most(path, 1024 * 1024) {
            Ok(Ok(bytes)) => Some(String::from_utf8_lossy(&bytes).into_owned()),
            _ => None,
        }
        .and_then(|text| OctoDnsVersion::pin_from_file(file_name, &text))
        .map(|pin| (pin, self.loader.display_path(path)));
        self.pins.insert(path.to_path_buf(), pin.clone());
        pin
    }

    /// The zones a config defines, with the files its YamlProviders read for each.
    fn config_zones(
        &mut self,
        config: &Config,
        config_file: FileId,
        candidate: &Candidate,
    ) -> Vec<ZonePlan> {
        let config_path = self.path_of(config_file);
        let root = candidate.root.clone();
        let mut directories: HashMap<&str, PathBuf> = HashMap::new();
        // Only the providers zones are read from: a target's directory (a dump, a backup) is
        // written by octoDNS, not read, and need not exist here.
        let sources: HashSet<&str> = config
            .zones
            .iter()
            .flat_map(|zone| zone.sources.iter().map(String::as_str))
            .collect();
        for provider in &config.providers {
            if !sources.contains(provider.id.as_str()) {
                continue;
            }
            // The zones this provider is a source of, by name: where they are tells which of
            // two existing directories octoDNS reads.
            let zones: Vec<&str> = config
                .zones
                .iter()
                .filter(|zone| !zone.name.starts_with('*') && zone.sources.contains(&provider.id))
                .map(|zone| zone.name.as_str())
                .collect();
            if let Some(dir) = self.config_directory(provider, &zones, &config_path, &root) {
                directories.insert(provider.id.as_str(), dir);
            }
        }
        let explicit: HashSet<String> = config
            .zones
            .iter()
            .filter(|z| !z.name.starts_with('*'))
            .map(|z| z.name.to_ascii_lowercase())
            .collect();
        // Each configured zone's configured zones below it (octoDNS's `sub_zones`), found by
        // walking every zone's ancestors once: no zone is compared with every other, as a
        // config may have thousands.
        let configured: Vec<Name> = config
            .zones
            .iter()
            .filter(|other| !other.name.starts_with('*'))
            .filter_map(|other| {
                let name = octodns::idna_encode(&other.name).ok()?;
                Name::from_ascii(&name).ok()
            })
            .collect();
        let configured_keys: HashSet<String> = configured
            .iter()
            .map(|name| name.as_str().to_ascii_lowercase())
            .collect();
        let mut sub_zones_of: HashMap<String, Vec<Name>> = HashMap::new();
        for zone in &configured {
            let mut ancestor = zone.parent();
            while let Some(above) = ancestor {
                let key = above.as_str().to_ascii_lowercase();
                if configured_keys.contains(&key) {
                    sub_zones_of.entry(key).or_default().push(zone.clone());
                }
                ancestor = above.parent();
            }
        }
        let mut zone_names: Vec<(String, &config::ZoneEntry)> = Vec::new();
        for entry in config.zones.iter().filter(|z| !z.alias) {
            if !entry.name.starts_with('*') {
                // octoDNS's `Zone` lower-cases its name, and the YamlProvider reads the file
                // of that name (`Example.COM.` reads `example.com.yaml`; octoDNS 1.22.0). A
                // key that holds a path is no zone name: it keeps its spelling, so that the
                // confined path function refuses it as written.
                let name = if entry.name.contains(['/', '\\']) {
                    entry.name.clone()
                } else {
                    entry.name.to_lowercase()
                };
                zone_names.push((name, entry));
                continue;
            }
            // A dynamic zone entry: every zone its YamlProvider sources list that no explicit
            // entry configures.
            let mut found = Vec::new();
            for source in &entry.sources {
                if let (Some(provider), Some(dir)) =
                    (config.provider(source), directories.get(source.as_str()))
                {
                    found.extend(list_zones(provider, dir));
                    // Entries that cannot be read are reported when their zone's files are.
                }
            }
            found.sort();
            found.dedup();
            for zone in found {
                if config::entry_matches(entry, &zone)
                    && !explicit.contains(&zone.to_ascii_lowercase())
                    && !zone_names
                        .iter()
                        .any(|(z, _)| z.eq_ignore_ascii_case(&zone))
                {
                    zone_names.push((zone, entry));
                }
            }
        }
        let version = self.octodns_version(config_file, &root, config.best_practice);
        for (id, dir) in &directories {
            if let Some(provider) = config.provider(id) {
                self.provider_directories.push(ProviderDirectory {
                    // Canonical already (`paths::resolve_dir`), as `path_of` makes files' paths.
                    dir: dir.clone(),
                    provider: id.to_string(),
                    options: ZoneOptions {
                        octodns: version.clone(),
                        ..provider.zone.clone()
                    },
                    key_order: provider.key_order,
                    config_file,
                    zone_sources: config
                        .zones
                        .iter()
                        .filter(|zone| !zone.name.starts_with('*') && !zone.alias)
                        .map(|zone| {
                            (
                                zone.name.trim_end_matches('.').to_ascii_lowercase(),
                                zone.sources.clone(),
                            )
                        })
                        .collect(),
                });
            }
        }
        let mut plans = Vec::new();
        for (zone, entry) in zone_names {
            let Some(apex) = octodns::idna_encode(&zone)
                .ok()
                .and_then(|z| Name::from_ascii(&z).ok())
            else {
                continue;
            };
            let mut documents = Vec::new();
            // Where the zone's YamlProviders looked, when they found nothing.
            let mut looked_in: Vec<PathBuf> = Vec::new();
            let mut found_any = false;
            for (index, source) in entry.sources.iter().enumerate() {
                let (Some(provider), Some(dir)) =
                    (config.provider(source), directories.get(source.as_str()))
                else {
                    continue;
                };
                let mut paths = Vec::new();
                for place in zone_files(provider, dir, &zone, &root) {
                    match place {
                        Ok(path) => paths.push(path),
                        Err((written, refusal, from)) => {
                            let span = match from {
                                ConfigPath::SplitDirectory => provider.split_extension_span,
                                ConfigPath::ZoneFile => entry.span,
                                ConfigPath::Shared => provider.shared_filename_span,
                            };
                            self.refuse(span, &refusal, &written);
                        }
                    }
                }
                paths.sort();
                found_any |= !paths.is_empty();
                looked_in.push(dir.clone());
                for path in paths {
                    let file = match self.read(&path) {
                        Ok(file) => file,
                        Err(refusal) => {
                            let shown = path
                                .strip_prefix(&root)
                                .unwrap_or(&path)
                                .display()
                                .to_string();
                            self.refuse(entry.span, &refusal, &shown);
                            continue;
                        }
                    };
                    let zones = self.claimed.entry(file).or_default();
                    if zones.iter().any(|z| z.eq_ignore_case(&apex)) {
                        // Another config already lints this file as this zone.
                        continue;
                    }
                    zones.push(apex.clone());
                    documents.push(PlannedDocument {
                        file,
                        options: ZoneOptions {
                            lenient: entry.lenient,
                            octodns: version.clone(),
                            cloudflare_target: entry.targets.is_empty()
                                || entry
                                    .targets
                                    .iter()
                                    .any(|t| config.cloudflare_providers.contains(t)),
                            targets: config
                                .target_supports
                                .iter()
                                .filter(|known| entry.targets.contains(&known.id))
                                .cloned()
                                .collect(),
                            target_ids: entry.targets.clone(),
                            dropped: config::Dropped::of(config.processors_of(entry)),
                            spf_record_type_rejected: config.spf_record_type_rejected,
                            ..provider.zone.clone()
                        },
                        key_order: provider.key_order,
                        replaces: index > 0 && provider.populate_should_replace,
                    });
                }
            }
            // octoDNS's `Zone` refuses a name without its final dot before any file is read:
            // the reason its files were not found.
            if !found_any && !zone.ends_with('.') && !entry.name.starts_with('*') {
                self.diagnostics.push(
                    Diagnostic::new(
                        &NOT_OCTODNS_FILE,
                        entry.span,
                        format!(
                            "zone `{}` has no final dot: octoDNS refuses the config (\"Invalid zone name {}, missing ending dot\")",
                            entry.name, entry.name
                        ),
                    )
                    .with_help(format!("write `{}.:`", entry.name))
                    .with_severity(crate::diagnostic::Severity::Error),
                );
            } else if !found_any && !looked_in.is_empty() && !entry.name.starts_with('*') {
                let places: Vec<String> = looked_in
                    .iter()
                    .map(|dir| match self.loader.display_path(dir) {
                        shown if shown.is_empty() => "`.`".to_string(),
                        shown => format!("`{shown}`"),
                    })
                    .collect();
                let message = format!(
                    "octoDNS finds no YAML for zone `{zone}` in {}, and fails (\"no YAMLs found\")",
                    places.join(" or ")
                );
                // A template the zone's YAML is made from (`example.com.yaml.mo`, `.j2`): a
                // build step makes the file before octoDNS runs (mamercad/cloudmason's
                // `sync.sh`), as a missing directory may be made (info there too).
                let template = looked_in.iter().find_map(|dir| zone_template(dir, &zone));
                let diagnostic = match template {
                    Some(template) => Diagnostic::new(&NOT_OCTODNS_FILE, entry.span, message)
                        .with_help(format!(
                            "`{template}` is there, a template a build step may make the zone's YAML from before octoDNS runs; zonelint does not read templates"
                        ))
                        .with_severity(crate::diagnostic::Severity::Info),
                    None => Diagnostic::new(&NOT_OCTODNS_FILE, entry.span, message)
                        .with_help("paths in the config are relative to the directory octoDNS runs in; pass `--octodns-dir DIR` if that is not where zonelint runs")
                        // octoDNS stops the whole run there (octodns-validate 1.22.0 too).
                        .with_severity(crate::diagnostic::Severity::Error),
                };
                self.diagnostics.push(diagnostic);
            }
            if !documents.is_empty() {
                let spf_sources = entry
                    .sources
                    .iter()
                    .filter_map(|source| config.spf_source(source))
                    .map(|spf| (spf.clone(), config_file))
                    .collect();
                // octoDNS's `auto-arpa` source (the manager's `auto_arpa: true`) adds PTR
                // records to reverse zones only (octodns/processor/arpa.py 1.22.0: a zone
                // whose name ends an `in-addr.arpa`/`ip6.arpa` name): a forward zone that lists
                // it has every record in its YAML still.
                let adds_records =
                    |source: &str| source != "auto-arpa" || apex.is_reverse_mapping();
                let other_sources = entry.sources.iter().any(|source| {
                    config.spf_source(source).is_none()
                        && !(config.provider(source).is_some()
                            && directories.contains_key(source.as_str()))
                        && adds_records(source)
                });
                // Zone validators judge what octoDNS assembles: not a zone part of whose
                // records come from a source zonelint does not read.
                let zone_validators = if other_sources || !version.has_zone_validators() {
                    Vec::new()
                } else {
                    config
                        .zone_validators
                        .iter()
                        .filter(|id| !entry.disabled_zone_validators.contains(id))
                        .cloned()
                        .collect()
                };
                let sub_zones = sub_zones_of
                    .get(&apex.as_str().to_ascii_lowercase())
                    .cloned()
                    .unwrap_or_default();
                // The providers whose name servers serve the zone: known only when every
                // target is of a class zonelint knows.
                let pushed_to: Option<Vec<&'static str>> = entry
                    .targets
                    .iter()
                    .map(|id| {
                        config
                            .target_supports
                            .iter()
                            .find(|known| known.id == *id)
                            .map(|known| known.class)
                    })
                    .collect();
                plans.push(ZonePlan {
                    pushed_to: pushed_to.unwrap_or_default(),
                    apex,
                    configured_by: Some(config_file),
                    documents,
                    root: root.clone(),
                    spf_sources,
                    other_sources,
                    zone_validators,
                    lenient: entry.lenient,
                    sub_zones,
                    ignore_subzone_adds: entry.ignore_subzone_adds,
                    processors: config.processors_of(entry).cloned().collect(),
                });
            }
        }
        plans
    }

    /// Zones from files no config claimed: named after the file, or after their split
    /// directory (whose files make up one zone).
    fn own_zones(
        &mut self,
        files: &[(FileId, &Candidate)],
        key_order: Option<KeyOrder>,
    ) -> Vec<ZonePlan> {
        let mut plans: Vec<ZonePlan> = Vec::new();
        let mut by_directory: HashMap<PathBuf, usize> = HashMap::new();
        // Zones named after their files, by directory and apex, where the files of one zone
        // are fragments (`k8s.io._0_base.yaml` beside `k8s.io.yaml`).
        // The plan's index, and whether it holds the zone's own file (`k8s.io.yaml`): two
        // files that are each a zone's own (`--origin` naming both) stay two zones.
        let mut by_file_zone: HashMap<(PathBuf, String), (usize, bool)> = HashMap::new();
        for &(file, candidate) in files {
            if self.claimed.contains_key(&file) {
                continue;
            }
            let path = self.path_of(file);
            // The zone is named by the file as found, as octoDNS names it: a link
            // (`canary.example.com.yaml -> example.com.yaml`) is a zone of its own, read from
            // the file it leads to.
            let file_name = candidate
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let split = path.parent().and_then(|dir| {
                let name = dir.file_name()?.to_string_lossy().into_owned();
                let zone = std::iter::once(".")
                    .chain(self.split_extensions.iter().map(String::as_str))
                    .find_map(|extension| octodns::zone_from_split_directory(&name, extension))?;
                Some((dir.to_path_buf(), zone))
            });
            // A zone file beside a split directory of the same zone belongs to that zone
            // (octoDNS reads both when split zones are on and zone files are not disabled).
            let beside_split = path.parent().and_then(|dir| {
                let stem = file_name.strip_suffix("yaml")?;
                let split_dir = dir.join(stem);
                // Not following a link: a link out of the project says nothing about it.
                std::fs::symlink_metadata(&split_dir)
                    .is_ok_and(|m| m.is_dir())
                    .then(|| (split_dir, format!("{}.", stem.trim_end_matches('.'))))
            });
            let octodns = self.octodns_version(file, &candidate.root, false);
            let document = PlannedDocument {
                file,
                options: ZoneOptions {
                    octodns,
                    ..ZoneOptions::default()
                },
                key_order,
                replaces: false,
            };
            if let Some((dir, zone)) = split.or(beside_split) {
                let Some(apex) = octodns::idna_encode(&zone)
                    .ok()
                    .and_then(|z| Name::from_ascii(&z).ok())
                else {
                    continue;
                };
                match by_directory.get(&dir) {
                    Some(&index) => plans[index].documents.push(document),
                    None => {
                        by_directory.insert(dir, plans.len());
                        plans.push(ZonePlan {
                            pushed_to: Vec::new(),
                            apex,
                            configured_by: None,
                            documents: vec![document],
                            root: candidate.root.clone(),
                            spf_sources: Vec::new(),
                            other_sources: false,
                            zone_validators: Vec::new(),
                            lenient: false,
                            sub_zones: Vec::new(),
                            ignore_subzone_adds: false,
                            processors: Vec::new(),
                        });
                    }
                }
                continue;
            }
            // A file whose name is no domain (`shared/mail.yaml`) is no zone file octoDNS's
            // YamlProvider lists: in a walk (or named under `--only-zones`, as pre-commit
            // names changed files) it is another tool's or a plugin provider's, and naming a
            // zone after it (`mail.`)
            // would judge its records against a zone that does not exist.
            if !candidate.insist
                && self.loader.options.origin.is_none()
                && octodns::zone_from_file_name(&file_name).is_none()
            {
                continue;
            }
            // In a directory a config's YamlProvider reads, but named by no config: octoDNS
            // never deploys it. Read as that provider reads its zones, and said.
            let provider_directory = path.parent().and_then(|dir| {
                self.provider_directories
                    .iter()
                    .filter(|p| p.dir == dir)
                    .min_by_key(|p| p.config_file)
            });
            let yml = file_name.ends_with(".yml");
            if yml {
                let shown = self.loader.sources.get(file).display_path.clone();
                // Where a config's YamlProvider reads the directory, the file is certainly
                // passed over; elsewhere a build step may rename or merge it into what a
                // config reads (wei/cloudflare-dns-template compiles `zones/*/*.yml`).
                let diagnostic = if provider_directory.is_some() {
                    Diagnostic::new(
                        &NOT_OCTODNS_FILE,
                        first_line(self, file),
                        format!(
                            "octoDNS reads only `.yaml` zone files, so `{shown}` is never deployed"
                        ),
                    )
                    .with_help("rename the file to end in `.yaml`")
                } else {
                    Diagnostic::new(
                        &NOT_OCTODNS_FILE,
                        first_line(self, file),
                        format!(
                            "octoDNS's YamlProvider reads only `.yaml` zone files: `{shown}` is deployed only if a build step renames or merges it"
                        ),
                    )
                    .with_severity(Severity::Info)
                    .with_help("rename the file to end in `.yaml`, unless a script turns it into the files a config reads")
                };
                self.diagnostics.push(diagnostic);
            }
            let document = match provider_directory {
                // A `.yml` file there is passed over whether or not a zone names it: said once.
                Some(provider) if yml => PlannedDocument {
                    options: provider.options.clone(),
                    key_order: provider.key_order,
                    ..document
                },
                Some(provider) => {
                    let config = self
                        .loader
                        .sources
                        .get(provider.config_file)
                        .display_path
                        .clone();
                    let zone = octodns::zone_from_file_name(&file_name).unwrap_or_default();
                    let named = provider
                        .zone_sources
                        .get(&zone.trim_end_matches('.').to_ascii_lowercase())
                        .filter(|sources| !sources.contains(&provider.provider));
                    let diagnostic = match named {
                        // Named, with no sources or other ones: its entry says why (OCTO005 at
                        // the entry when it lists none).
                        Some(sources) => {
                            let reads = if sources.is_empty() {
                                "lists no sources".to_string()
                            } else {
                                let listed: Vec<String> =
                                    sources.iter().map(|s| format!("`{s}`")).collect();
                                format!(
                                    "reads it from {}, not from `{}`",
                                    listed.join(", "),
                                    provider.provider
                                )
                            };
                            Diagnostic::new(
                                &NOT_OCTODNS_FILE,
                                first_line(self, file),
                                format!(
                                    "`{zone}` is in the directory of provider `{}`, but the zone's entry in `{config}` {reads}: octoDNS never reads this file",
                                    provider.provider
                                ),
                            )
                            .with_help(format!(
                                "add `{}` to the `sources` of `{zone}` in `{config}`, or remove the file if the zone's records live elsewhere; zonelint lints it with that provider's options",
                                provider.provider
                            ))
                        }
                        None => Diagnostic::new(
                            &NOT_OCTODNS_FILE,
                            first_line(self, file),
                            format!(
                                "`{zone}` is in the directory of provider `{}` but no zone of `{config}` names it: octoDNS never deploys this file",
                                provider.provider
                            ),
                        )
                        .with_help(format!(
                            "add `{zone}` under `zones:` in `{config}`, or remove the file if the zone is gone; zonelint lints it with that provider's options"
                        )),
                    };
                    self.diagnostics.push(diagnostic);
                    PlannedDocument {
                        options: provider.options.clone(),
                        key_order: provider.key_order,
                        ..document
                    }
                }
                None => document,
            };
            // `k8s.io._0_base.yaml`: a part of zone `k8s.io.` that the repository's scripts
            // put together with the others before octoDNS runs (kubernetes/k8s.io concatenates
            // `<zone>yaml` and `<zone>_*.yaml`). A last label starting with `_` is no
            // top-level domain, so the name is the zone's and the rest a part's.
            let mut is_part = false;
            let named = octodns::zone_from_file_name(&file_name).map(|zone| {
                let trimmed = zone.trim_end_matches('.');
                match trimmed.rsplit_once('.') {
                    Some((zone, part)) if part.starts_with('_') && zone.contains('.') => {
                        is_part = true;
                        format!("{zone}.")
                    }
                    _ => zone,
                }
            });
            // A file named on the command line whose name is no domain (`hackclub.yml`): the
            // zone `--origin` gives, else the one its folder is named after when that name ends
            // in a top-level domain (`partials/lorebooks.wiki/hackclub.yml`, parts a script
            // merges into `lorebooks.wiki.yaml`): a part, which holds only some of the zone's
            // names, so the zone is not complete; failing both, the file's own name stands in
            // (`unordered.yaml` as zone `unordered.`).
            let mut folder_part = false;
            let apex = named
                .and_then(|zone| octodns::idna_encode(&zone).ok())
                .and_then(|zone| Name::from_ascii(&zone).ok())
                .or_else(|| self.loader.options.origin.clone())
                .or_else(|| {
                    let folder = path.parent()?.file_name()?.to_string_lossy().into_owned();
                    let zone = octodns::zone_from_folder_name(&folder)?;
                    let last = zone.trim_end_matches('.').rsplit('.').next()?;
                    if !crate::rules::names::missing_trailing_dot::is_tld(last) {
                        return None;
                    }
                    let apex = Name::from_ascii(&octodns::idna_encode(&zone).ok()?).ok()?;
                    folder_part = true;
                    Some(apex)
                })
                .or_else(|| {
                    let stem = file_name
                        .rsplit_once('.')
                        .map_or(file_name.as_str(), |(s, _)| s);
                    Name::from_ascii_dotted(stem).ok()
                })
                .unwrap_or_else(Name::root);
            is_part |= folder_part;
            let key = (
                path.parent().map(Path::to_path_buf).unwrap_or_default(),
                apex.as_str().to_ascii_lowercase(),
            );
            match by_file_zone.get_mut(&key) {
                Some((index, has_own)) if is_part || !*has_own => {
                    *has_own |= !is_part;
                    plans[*index].documents.push(document);
                    continue;
                }
                Some(_) => {}
                None => {
                    by_file_zone.insert(key, (plans.len(), !is_part));
                }
            }
            plans.push(ZonePlan {
                pushed_to: Vec::new(),
                apex,
                configured_by: None,
                documents: vec![document],
                root: candidate.root.clone(),
                spf_sources: Vec::new(),
                // The zone's other parts, not named, hold the rest of its names.
                other_sources: folder_part,
                zone_validators: Vec::new(),
                lenient: false,
                sub_zones: Vec::new(),
                ignore_subzone_adds: false,
                processors: Vec::new(),
            });
        }
        for plan in &mut plans {
            // octoDNS reads a zone's sources in sorted path order.
            let paths: HashMap<FileId, PathBuf> = plan
                .documents
                .iter()
                .map(|d| (d.file, self.path_of(d.file)))
                .collect();
            plan.documents
                .sort_by(|a, b| paths[&a.file].cmp(&paths[&b.file]));
        }
        plans
    }

    /// Read a zone's includes, check key order, lower it.
    fn build(&mut self, plan: ZonePlan, included: &mut HashSet<FileId>) -> LoadedZone {
        let mut includes = Includes::new();
        let mut files: Vec<FileId> = plan.documents.iter().map(|d| d.file).collect();
        let mut diagnostics = Vec::new();
        self.include_weights.clear();
        self.zone_included_nodes = 0;
        for document in &plan.documents {
            let path = self.path_of(document.file);
            let mut stack = vec![path];
            self.resolve_includes(
                document.file,
                &plan.root,
                &mut stack,
                &mut includes,
                &mut files,
                &mut diagnostics,
            );
        }
        let zone_files: HashSet<FileId> = plan.documents.iter().map(|d| d.file).collect();
        included.extend(files.iter().filter(|f| !zone_files.contains(f)));
        // Every file read for the zone: its own problems, then key order as configured.
        let key_order = plan.documents.first().and_then(|d| d.key_order);
        for &file in &files {
            if self.reported.contains(&file) {
                continue;
            }
            self.reported.insert(file);
            let document = self.documents[&file].clone();
            diagnostics.extend(document.diagnostics.iter().cloned());
            let order = plan
                .documents
                .iter()
                .find(|d| d.file == file)
                .map_or(key_order, |d| d.key_order);
            if let Some(order) = order {
                // octoDNS refuses the file (an error) where a config in the linted paths says
                // how the provider reading the zone orders keys; without one, octoDNS's default
                // (`enforce_order: true`) is only assumed: a warning that says so.
                let configured = plan.configured_by.is_some();
                diagnostics.extend(
                    octodns::check_key_order(&document, order)
                        .into_iter()
                        .map(|found| {
                            if configured {
                                found
                            } else {
                                let help = found.help.clone().unwrap_or_default();
                                found.with_severity(Severity::Warning).with_help(format!(
                                    "{help} (no octoDNS config in the linted paths names this zone: \
                                     the key order of the project's YamlProviders, else octoDNS's \
                                     default, `enforce_order: true`, assumed)"
                                ))
                            }
                        }),
                );
            }
        }
        let documents: Vec<Rc<Document>> = plan
            .documents
            .iter()
            .map(|d| self.documents[&d.file].clone())
            .collect();
        let inputs: Vec<ZoneDocument<'_>> = plan
            .documents
            .iter()
            .zip(&documents)
            .map(|(planned, document)| ZoneDocument {
                document,
                options: &planned.options,
                replaces: planned.replaces,
            })
            .collect();
        let mut lowered = octodns::lower_zone(&plan.apex, &inputs, &includes);
        diagnostics.extend(lowered.diagnostics);
        for (spf, config_file) in &plan.spf_sources {
            spf_source_record(
                &plan.apex,
                spf,
                *config_file,
                &mut lowered.records,
                &mut diagnostics,
            );
        }
        if !plan.ignore_subzone_adds {
            diagnostics.extend(records_in_sub_zones(
                &plan.apex,
                &plan.sub_zones,
                plan.lenient,
                &lowered.records,
                &lowered.lenient_records,
            ));
        }
        let filtered = apply_processors(&plan.apex, &plan.processors, &mut lowered.records);
        let max_records = self.loader.options.limits.zone_records;
        if lowered.records.len() > max_records {
            let first_dropped = lowered.records[max_records].entry_span();
            lowered.records.truncate(max_records);
            diagnostics.push(
                Diagnostic::new(
                    &LIMIT_REACHED,
                    first_dropped,
                    format!(
                        "the zone reached {} records (limit `zone-records`); zonelint checks no more",
                        thousands(max_records as u64)
                    ),
                )
                .with_help(raise_hint("zone-records")),
            );
        }
        if !plan.zone_validators.is_empty() {
            let sources = &self.loader.sources;
            let field_text = |record: &Record, index: usize| -> String {
                let Some((start, end)) = record.spans.field(index) else {
                    return String::new();
                };
                let text = &sources.get(record.file).text;
                let field = text.get(start as usize..end as usize).unwrap_or_default();
                field.trim_matches(|c| c == '"' || c == '\'').to_string()
            };
            let settings = octodns::zone_validators::Settings {
                active: &plan.zone_validators,
                lenient: plan.lenient,
                lenient_records: &lowered.lenient_records,
                sub_zones: &plan.sub_zones,
            };
            diagnostics.extend(octodns::zone_validators::check(
                &plan.apex,
                &lowered.records,
                &settings,
                &field_text,
            ));
        }
        LoadedZone {
            configured_by: plan.configured_by,
            zone: Zone {
                apex: plan.apex,
                class: Class::IN,
                format: ZoneFormat::OctoDns,
                files,
                records: lowered.records,
                complete: !plan.other_sources && !filtered.leaves_others,
                meant: Default::default(),
                served_by: None,
                cloudflare_proxied: lowered.cloudflare_proxied,
                unmodelled: lowered.unmodelled,
                unmodelled_addresses: lowered.unmodelled_addresses,
                provider_addresses: filtered.leaves_addresses,
                unmanaged: filtered.unmanaged,
                lenient: plan.lenient,
                pushed_to: plan.pushed_to,
            },
            diagnostics,
        }
    }

    /// Read what a file's `!include`s name, recursively, into `includes`.
    fn resolve_includes(
        &mut self,
        file: FileId,
        root: &Path,
        stack: &mut Vec<PathBuf>,
        includes: &mut Includes,
        files: &mut Vec<FileId>,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let document = self.documents[&file].clone();
        let base = stack.last().and_then(|p| p.parent()).map(Path::to_path_buf);
        for include in &document.includes {
            if includes.contains_key(&include.span) {
                continue;
            }
            let mut roots: Vec<Rc<Node>> = Vec::new();
            let mut failed = false;
            let mut weight = 0u64;
            for (written, span) in &include.paths {
                let report = |diagnostics: &mut Vec<Diagnostic>, message: String| {
                    diagnostics.push(Diagnostic::new(&INCLUDE_FAILED, *span, message));
                };
                let path = match resolve_include(written, base.as_deref(), root) {
                    Ok(path) => path,
                    Err(message) => {
                        report(diagnostics, message);
                        failed = true;
                        continue;
                    }
                };
                if stack.contains(&path) {
                    report(
                        diagnostics,
                        format!("`{written}` includes itself (directly or through other files)"),
                    );
                    failed = true;
                    continue;
                }
                let depth = self.loader.options.limits.include_depth;
                if stack.len() > depth {
                    diagnostics.push(
                        Diagnostic::new(
                            &INCLUDE_FAILED,
                            *span,
                            format!("!include nested more than {depth} deep"),
                        )
                        .with_help(raise_hint("include-depth")),
                    );
                    failed = true;
                    continue;
                }
                if let Err(refusal) = self.loader.include_budget(&path, *span) {
                    diagnostics.push(refusal);
                    failed = true;
                    continue;
                }
                let child = match self.read(&path) {
                    Ok(child) => child,
                    Err(refusal) => {
                        report(diagnostics, refusal.message(written));
                        failed = true;
                        continue;
                    }
                };
                if !files.contains(&child) {
                    files.push(child);
                }
                stack.push(path);
                self.resolve_includes(child, root, stack, includes, files, diagnostics);
                stack.pop();
                if self.loader.refused.contains_key(&child) {
                    // The file's own diagnostic (binary, too large) says why.
                    failed = true;
                    continue;
                }
                weight = weight.saturating_add(self.expanded_weight(child));
                let child_root = self.documents[&child].root.clone();
                roots.push(child_root.unwrap_or_else(|| Rc::new(null_node(include.span))));
            }
            if failed {
                continue;
            }
            // Each use of an included tree counts: `!include [big.yaml, big.yaml, ...]` is as
            // large as it reads. Nested includes count inside their parent's weight.
            let limit = self.loader.options.limits.yaml_nodes;
            let top_level = stack.len() == 1;
            if weight > limit || (top_level && self.zone_included_nodes + weight > limit) {
                diagnostics.push(
                    Diagnostic::new(
                        &LIMIT_REACHED,
                        include.span,
                        format!(
                            "this !include brings {} YAML nodes into the zone, past the limit of {} (limit `yaml-nodes`); it is not read",
                            thousands(self.zone_included_nodes + weight),
                            thousands(limit)
                        ),
                    )
                    .with_help(raise_hint("yaml-nodes")),
                );
                continue;
            }
            if top_level {
                self.zone_included_nodes += weight;
            }
            self.include_weights.insert(include.span, weight);
            match merge_included(&roots, include.span) {
                Ok(node) => {
                    includes.insert(include.span, node);
                }
                Err(message) => {
                    diagnostics.push(Diagnostic::new(&INCLUDE_FAILED, include.span, message));
                }
            }
        }
    }
}

/// Records of a zone's files at or below another zone of the same config (octoDNS's
/// `Zone.add_record`, 1.22.0): at the sub-zone's own name only NS and DS records may stand
/// ("is a managed sub-zone and not of type NS or DS"), below it none ("is under a managed
/// subzone"); octoDNS refuses the zone with `SubzoneRecordException`, or logs a warning for a
/// lenient zone or record.
fn records_in_sub_zones(
    apex: &Name,
    sub_zones: &[Name],
    zone_lenient: bool,
    records: &[Record],
    lenient_records: &[(Name, RType)],
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    if sub_zones.is_empty() {
        return found;
    }
    // Looked up by name, each record's owner then its ancestors up to the apex: a parent with
    // thousands of delegated sub-zones is not compared record by sub-zone. The owner itself
    // first, as octoDNS asks whether the name is a sub-zone before whether it lies in one
    // (`a.b` is the sub-zone `a.b.` itself, not a name in `b.`).
    let by_name: HashMap<Caseless<'_>, &Name> = sub_zones
        .iter()
        .map(|sub| (Caseless(sub.as_str()), sub))
        .collect();
    let apex_len = apex.as_str().len();
    for record in records {
        let Some((sub, at_cut)) = record
            .owner
            .suffixes()
            .take_while(|suffix| suffix.len() > apex_len)
            .enumerate()
            .find_map(|(depth, suffix)| {
                let sub = by_name.get(&Caseless(suffix))?;
                Some((*sub, depth == 0))
            })
        else {
            continue;
        };
        if at_cut && matches!(record.rtype, RType::NS | RType::DS) {
            continue;
        }
        let message = if at_cut {
            format!(
                "{} record at `{}`, the zone `{sub}` this config also manages: octoDNS takes only NS and DS records for it in `{apex}` (\"is a managed sub-zone and not of type NS or DS\")",
                record.rtype, record.owner
            )
        } else {
            format!(
                "`{}` lies in the zone `{sub}` this config also manages: octoDNS refuses it in `{apex}` (\"is under a managed subzone\")",
                record.owner
            )
        };
        let lenient = zone_lenient
            || lenient_records.iter().any(|(owner, rtype)| {
                *rtype == record.rtype && owner.eq_ignore_case(&record.owner)
            });
        let diagnostic = Diagnostic::new(&OCTODNS_VALIDATION, record.owner_span(), message)
            .with_help(format!(
                "move the record into the zone file of `{sub}` (octodns-validate and octodns-sync \
                 stop with SubzoneRecordException), or set `ignore_subzone_adds: true` on the zone \
                 to have octoDNS drop it"
            ));
        found.push(if lenient {
            diagnostic.with_severity(Severity::Warning)
        } else {
            diagnostic
        });
    }
    found
}

/// OCTO005 for a provider of a class octoDNS 1.0 moved to a plugin package.
fn removed_class(removed: &config::RemovedClass, version: &OctoDnsVersion) -> Diagnostic {
    let release = match (&version.pinned, &version.pinned_in) {
        (Some((major, minor)), Some(place)) => format!("octoDNS {major}.{minor} ({place})"),
        _ => "octoDNS 1.x (no pin found: the newest assumed)".to_string(),
    };
    let replacement = match removed.replacement {
        Some(class) => {
            let package = class.split('.').next().unwrap_or(class).replace('_', "-");
            format!("install `{package}` and write `class: {class}`")
        }
        None => "install the plugin package that provides it now and write its class (`octodns_<name>.<Class>`)".to_string(),
    };
    Diagnostic::new(
        &NOT_OCTODNS_FILE,
        removed.span,
        format!(
            "provider `{}` is of class `{}`, which octoDNS 1.0 removed: {release} stops there (\"Unknown provider class\")",
            removed.id, removed.class
        ),
    )
    .with_help(format!(
        "octoDNS 1.0 moved its providers to plugin packages; {replacement}, or pin `octodns<1.0` in requirements.txt if the repository deploys with 0.9"
    ))
    .with_severity(Severity::Error)
}

/// OCTO005 for a YamlProvider option octoDNS does not take, or a YamlProvider without its
/// `directory`: the manager stops the run (octoDNS 1.22.0, octodns-validate too: "Incorrect
/// provider config for config").
fn provider_option_problem(problem: &config::ProviderOptionProblem) -> Diagnostic {
    let config::ProviderOptionProblem {
        id,
        class,
        unknown,
        span,
    } = problem;
    let stops = format!("octoDNS stops there (\"Incorrect provider config for {id}\")");
    let (message, help) = match unknown {
        Some((option, suggestion)) => (
            format!(
                "provider `{id}` has the option `{option}`, which {class} does not take: {stops}"
            ),
            match suggestion {
                Some(meant) => format!("did you mean `{meant}`?"),
                None => format!(
                    "remove it, or see the {class} options in octoDNS's documentation (`directory`, `default_ttl`, `enforce_order`, `split_extension`, ...)"
                ),
            },
        ),
        None => (
            format!("provider `{id}` ({class}) has no `directory`: {stops}"),
            "add `directory:` with the folder of its zone files (relative to where octoDNS runs)"
                .to_string(),
        ),
    };
    Diagnostic::new(&NOT_OCTODNS_FILE, *span, message)
        .with_help(help)
        .with_severity(Severity::Error)
}

/// A provider or processor a config uses and does not define: octoDNS stops the run there
/// (`Manager._get_sources`, `_get_processors`, the targets in `sync`; 1.22.0).
/// One note per source of a class zonelint does not read that some zone takes records from
/// (NetBox, a DNS provider, a plugin): those zones are read as incomplete, so the checks that need every
/// record (a missing SPF or DMARC record, a target that does not exist) stay quiet, and this
/// says why. A provider that is only a target is not read by octoDNS either, and not named.
fn unread_sources(config: &Config) -> Vec<Diagnostic> {
    const ZONE_FILE_SOURCES: &[&str] = &[
        "octodns_bind.ZoneFileSource",
        // The same source in octoDNS before 1.0.
        "octodns.source.axfr.ZoneFileSource",
    ];
    // The zones of each source, in one pass over the zones: a config may name thousands.
    let mut zones_of: HashMap<&str, Vec<(&str, usize)>> = HashMap::new();
    for zone in config.zones.iter().filter(|zone| !zone.alias) {
        for source in &zone.sources {
            zones_of
                .entry(source)
                .or_default()
                .push((&zone.name, zone.sources.len()));
        }
    }
    let mut notes = Vec::new();
    for provider in &config.unread_providers {
        let Some(zones) = zones_of.get(provider.id.as_str()) else {
            continue;
        };
        // octodns-bind's ZoneFileSource reads a BIND zone file, which zonelint lints as a
        // zone of its own where it finds it: a zone with no other source is that file
        // (fwfurtado/the-lab-zone-iac), and needs no note; one with other sources is read
        // in two parts, which the note says.
        let zone_file = ZONE_FILE_SOURCES.contains(&provider.class.as_str());
        let zones: Vec<&str> = zones
            .iter()
            .filter(|&&(_, sources)| !zone_file || sources > 1)
            .map(|&(name, _)| name)
            .collect();
        if zones.is_empty() {
            continue;
        }
        let first = zones[0];
        let which = match zones.len() {
            1 => format!("zone `{first}` takes"),
            2 => format!("zones `{first}` and `{}` take", zones[1]),
            n => format!("zones `{first}`, `{}` and {} more take", zones[1], n - 2),
        };
        if zone_file {
            notes.push(
                Diagnostic::new(
                    &OCTODNS_SOURCE_NOT_READ,
                    provider.span,
                    format!(
                        "{which} records from source `{}` (class `{}`), a BIND zone file, and from other sources: zonelint lints that file as a zone of its own, not merged with the others",
                        provider.id, provider.class
                    ),
                )
                .with_help(
                    "the zone octoDNS deploys is the records of all its sources together; \
                     zonelint reads the YAML as one zone and the zone file (where it is in \
                     the linted paths) as another, so the checks that need a zone's every \
                     record (a missing SPF or DMARC record, a target that does not exist) say \
                     nothing of the YAML part, and may report missing, in the zone file, a \
                     record the YAML adds.",
                ),
            );
            continue;
        }
        notes.push(
            Diagnostic::new(
                &OCTODNS_SOURCE_NOT_READ,
                provider.span,
                format!(
                    "{which} records from source `{}` (class `{}`), which zonelint does not read",
                    provider.id, provider.class
                ),
            )
            .with_help(
                "zonelint reads the YAML of octoDNS's YamlProvider and SplitYamlProvider (and the \
                 records octodns_spf.SpfSource makes); what another source adds is not seen, so \
                 the checks that need a zone's every record (a missing SPF or DMARC record, a \
                 target that does not exist) say nothing of these zones; the other checks read \
                 their YAML alone.",
            ),
        );
    }
    notes
}

/// Zone entries octoDNS stops at or skips for want of `sources` (octoDNS 1.22.0,
/// `Manager._get_sources` and `sync`): no `sources` key stops both `octodns-sync` and
/// `octodns-validate` ("Zone example.com. is missing sources"); an empty list makes sync skip
/// the zone ("no eligible sources"), so it is never deployed. An `alias` zone needs none. (No
/// `targets` key stops sync too, but not validate, and configs kept for validation or tests
/// leave it out: not reported.)
fn zone_entry_problems(config: &Config) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for zone in config.zones.iter().filter(|zone| !zone.alias) {
        let name = &zone.name;
        if !zone.sources_given {
            problems.push(
                Diagnostic::new(
                    &NOT_OCTODNS_FILE,
                    zone.span,
                    format!(
                        "zone `{name}` has no `sources`: octoDNS stops there (\"Zone {name} is missing sources\"), and deploys no zone of this config"
                    ),
                )
                .with_help(
                    "list the providers the zone's records are read from, such as `sources: [config]` for the YamlProvider `config` (a config only `octodns-dump` reads, which takes its sources from the command line, may suppress this)",
                )
                .with_severity(Severity::Error),
            );
        } else if zone.sources.is_empty() {
            problems.push(
                Diagnostic::new(
                    &NOT_OCTODNS_FILE,
                    zone.span,
                    format!(
                        "zone `{name}` lists no sources: octoDNS skips it (\"no eligible sources\") and never deploys it"
                    ),
                )
                .with_help(
                    "list the providers the zone's records are read from, such as `sources: [config]`, or remove the zone from the config",
                ),
            );
        }
    }
    problems
}

fn unknown_reference(reference: &config::UnknownReference) -> Diagnostic {
    let config::UnknownReference {
        kind,
        id,
        zone,
        span,
    } = reference;
    let defined_in = if *kind == "processor" {
        "processors"
    } else {
        "providers"
    };
    let user = match zone {
        Some(zone) => format!("zone `{zone}`"),
        None => "the manager".to_string(),
    };
    let raised = match zone {
        Some(zone) => format!("\"Zone {zone}, unknown {kind}: {id}\""),
        None => format!("\"Zone <each zone>, unknown processor: {id}\""),
    };
    Diagnostic::new(
        &NOT_OCTODNS_FILE,
        *span,
        format!(
            "{user} names {kind} `{id}`, which `{defined_in}:` does not define: octoDNS stops there ({raised})"
        ),
    )
    .with_help(format!(
        "define `{id}` under `{defined_in}:`, or name one that is defined (ids are case-sensitive)"
    ))
    .with_severity(Severity::Error)
}

/// `pattern` when Python's `re`, which octoDNS compiles it with, and the regex crate read it
/// alike, as far as a look at its text tells: None for the regex crate's own syntax (POSIX
/// classes `[[:digit:]]`, which Python reads as `[[:digit:]` and a `]`; set operations
/// `&&`, `--`, `~~`; `\p` classes; `(?<name>`; `\z`).
fn python_compatible(pattern: &str) -> Option<&str> {
    // (`&&`, `--` and `~~` only mean sets inside a class; `xn--` outside one is common.)
    let in_class_ops = pattern.split('[').skip(1).any(|class| {
        let class = class.split(']').next().unwrap_or("");
        ["&&", "--", "~~"].iter().any(|op| class.contains(op))
    });
    let rust_only = ["[[:", "[:^", "\\p", "\\P", "(?<", "\\z"];
    (!in_class_ops && !rust_only.iter().any(|syntax| pattern.contains(syntax))).then_some(pattern)
}

/// What a zone's processors leave of its records ([`apply_processors`]).
struct Filtered {
    /// Names whose records at the provider octoDNS leaves alone.
    unmanaged: UnmanagedNames,
    /// The provider may hold records octoDNS leaves alone anywhere in the zone.
    leaves_others: bool,
    /// The provider may hold A and AAAA records octoDNS leaves alone anywhere in the zone.
    leaves_addresses: bool,
}

/// The zone's records as octoDNS pushes them after `processors` (`process_source_zone`):
/// the records a name or type filter removes are not deployed, so no rule judges them. A
/// filter that also judges the provider's records (`include_target`, the default) leaves
/// the provider's records it removes alone: the deployed zone may hold records there that
/// the repository does not show.
fn apply_processors(
    apex: &Name,
    processors: &[config::Processor],
    records: &mut Vec<Record>,
) -> Filtered {
    let mut filtered = Filtered {
        unmanaged: UnmanagedNames::default(),
        leaves_others: false,
        leaves_addresses: false,
    };
    let mut name_filters = Vec::new();
    for processor in processors {
        match processor {
            config::Processor::Names {
                allow,
                list,
                include_target,
            } => {
                let mut filter = NameFilter {
                    allow: *allow,
                    exact: Vec::new(),
                    patterns: Vec::new(),
                };
                let mut readable = true;
                for item in list {
                    match item.strip_prefix('/') {
                        // octoDNS drops the first and last characters (`pattern[1:-1]`).
                        Some(rest) => {
                            let mut inner = rest.chars();
                            inner.next_back();
                            match python_compatible(inner.as_str())
                                .and_then(|text| regex::Regex::new(text).ok())
                            {
                                Some(pattern) => filter.patterns.push(pattern),
                                // A pattern Python reads and the regex crate does not (a
                                // look-around), or reads otherwise: which records it takes
                                // is unknown.
                                None => readable = false,
                            }
                        }
                        None => filter.exact.push(item.clone()),
                    }
                }
                if !readable {
                    filtered.leaves_others |= include_target;
                    continue;
                }
                records.retain(|record| {
                    octodns_relative_name(apex, &record.owner)
                        .is_none_or(|relative| !filter.removes(&relative))
                });
                if *include_target {
                    name_filters.push(filter);
                }
            }
            config::Processor::Types {
                allow,
                types,
                include_target,
            } => {
                let listed: Vec<RType> = types
                    .iter()
                    .filter_map(|t| RType::from_mnemonic(t.as_bytes()))
                    .collect();
                records.retain(|record| listed.contains(&record.rtype) == *allow);
                filtered.leaves_others |= include_target;
            }
            config::Processor::LeavesOthers => filtered.leaves_others = true,
            config::Processor::LeavesAddresses => filtered.leaves_addresses = true,
            config::Processor::IgnoreRootNs => {
                records.retain(|record| !(record.rtype == RType::NS && record.owner == *apex));
            }
        }
    }
    filtered.unmanaged = UnmanagedNames::new(name_filters);
    filtered
}

/// Which setting of a config a path comes from, for the span of a refusal.
enum ConfigPath {
    /// The zone name and `split_extension`.
    SplitDirectory,
    /// The zone name.
    ZoneFile,
    /// `shared_filename`.
    Shared,
}

type ZoneFile = Result<PathBuf, (String, Refusal, ConfigPath)>;

/// Nodes in a tree, aliases counted as the tree they stand for (the parser bounds how far
/// they expand).
fn node_count(root: &Node) -> u64 {
    let mut count = 0u64;
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        count += 1;
        match &node.kind {
            Kind::Scalar { .. } => {}
            Kind::Seq(items) => stack.extend(items.iter()),
            Kind::Map(entries) => {
                for (key, value) in entries {
                    stack.push(key);
                    stack.push(value);
                }
            }
            Kind::Alias(target) => stack.push(target.as_ref()),
        }
    }
    count
}

/// The files of one zone as a YamlProvider reads them: the split directory's `.yaml` files,
/// the zone file, the shared file; each resolved inside the root, or refused with the path as
/// the config implies it (relative to the provider's directory). A file that is simply not
/// there is left out, as octoDNS leaves it out.
fn zone_files(provider: &YamlProvider, dir: &Path, zone: &str, root: &Path) -> Vec<ZoneFile> {
    let mut out = Vec::new();
    let place =
        |written: String, from: ConfigPath, out: &mut Vec<ZoneFile>| match paths::resolve_file(
            root,
            dir,
            Path::new(&written),
        ) {
            Ok(path) => out.push(Ok(path)),
            Err(Refusal::Missing) => {}
            Err(refusal) => out.push(Err((written, refusal, from))),
        };
    if let Some(extension) = &provider.split_extension {
        let written = format!("{}{extension}", zone.trim_end_matches('.'));
        match paths::resolve_dir(root, dir, Path::new(&written)) {
            Ok(split) => {
                for entry in paths::list_dir(&split) {
                    let Some(name) = entry.file_name().map(|n| n.to_string_lossy().into_owned())
                    else {
                        continue;
                    };
                    if !name.ends_with(".yaml") {
                        continue;
                    }
                    match paths::resolve_file(root, &split, Path::new(&name)) {
                        Ok(path) => out.push(Ok(path)),
                        // A directory named `x.yaml` is not a file octoDNS reads either.
                        Err(Refusal::NotRegular("a directory") | Refusal::Missing) => {}
                        Err(refusal) => out.push(Err((
                            format!("{written}/{name}"),
                            refusal,
                            ConfigPath::SplitDirectory,
                        ))),
                    }
                }
            }
            Err(Refusal::Missing | Refusal::NotRegular(_)) => {}
            Err(refusal) => out.push(Err((written, refusal, ConfigPath::SplitDirectory))),
        }
    }
    if !provider.disable_zonefile {
        place(format!("{zone}yaml"), ConfigPath::ZoneFile, &mut out);
    }
    if let Some(shared) = &provider.shared_filename {
        place(shared.clone(), ConfigPath::Shared, &mut out);
    }
    out
}

/// The zones a YamlProvider's directory holds, as its `list_zones` finds them. Links are
/// listed by their name (and refused when their zone's files are read), so a link out of the
/// project is reported, not skipped.
fn list_zones(provider: &YamlProvider, dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for path in paths::list_dir(dir) {
        let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
            continue;
        };
        let Ok(metadata) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        let link = metadata.file_type().is_symlink();
        if let Some(extension) = &provider.split_extension
            && (metadata.is_dir() || link)
            && let Some(stem) = name.strip_suffix(extension.as_str())
            && !stem.is_empty()
        {
            out.push(format!("{}.", stem.trim_end_matches('.')));
        } else if !provider.disable_zonefile
            && !metadata.is_dir()
            && name.ends_with(".yaml")
            && name.matches('.').count() >= 2
        {
            out.push(name[..name.len() - 4].to_string());
        }
    }
    out
}

/// An include's path: relative to the including file's directory (as octoDNS resolves it),
/// and inside the project root.
fn resolve_include(written: &str, base: Option<&Path>, root: &Path) -> Result<PathBuf, String> {
    if written.trim().is_empty() {
        return Err("`!include` needs a file name".into());
    }
    // A stream (standard input) has no directory: its includes are refused as outside.
    let base = base.ok_or_else(|| Refusal::Outside.message(written))?;
    paths::resolve_file(root, base, Path::new(written)).map_err(|refusal| match refusal {
        Refusal::Missing => {
            format!("cannot find `{written}`: no such file relative to the including file")
        }
        refusal => refusal.message(written),
    })
}

fn null_node(span: Span) -> Node {
    Node {
        span,
        tag: None,
        kind: Kind::Scalar {
            text: String::new(),
            style: Style::Plain,
        },
    }
}

/// `!include [a.yaml, b.yaml]`: lists are joined, mappings merged (later keys win), as octoDNS
/// does; one file is used as it is.
fn merge_included(roots: &[Rc<Node>], span: Span) -> Result<Rc<Node>, String> {
    if let [single] = roots {
        return Ok(single.clone());
    }
    let resolved: Vec<&Node> = roots
        .iter()
        .map(|r| match &r.kind {
            Kind::Alias(target) => target.as_ref(),
            _ => r.as_ref(),
        })
        .collect();
    if resolved.iter().all(|n| matches!(n.kind, Kind::Seq(_))) {
        let items = resolved
            .iter()
            .flat_map(|n| match &n.kind {
                Kind::Seq(items) => items.clone(),
                _ => Vec::new(),
            })
            .collect();
        return Ok(Rc::new(Node {
            span,
            tag: None,
            kind: Kind::Seq(items),
        }));
    }
    if resolved.iter().all(|n| matches!(n.kind, Kind::Map(_))) {
        let mut entries: Vec<(Node, Node)> = Vec::new();
        // By key text, so merging stays linear in the number of keys.
        let mut index: HashMap<String, usize> = HashMap::new();
        for node in &resolved {
            if let Kind::Map(more) = &node.kind {
                for (key, value) in more {
                    match index.entry(yaml::key_text(key)) {
                        std::collections::hash_map::Entry::Occupied(at) => {
                            entries[*at.get()].1 = value.clone();
                        }
                        std::collections::hash_map::Entry::Vacant(slot) => {
                            slot.insert(entries.len());
                            entries.push((key.clone(), value.clone()));
                        }
                    }
                }
            }
        }
        return Ok(Rc::new(Node {
            span,
            tag: None,
            kind: Kind::Map(entries),
        }));
    }
    Err("the included files must all hold lists or all hold mappings".into())
}

/// Whether `dir` holds zone `zone`'s YAML as a YamlProvider names it: `example.com.yaml`, or
/// a split directory `example.com.` (looked up inside the project only).
fn holds_zone(root: &Path, dir: &Path, zone: &str) -> bool {
    let zone = if zone.ends_with('.') {
        zone.to_string()
    } else {
        format!("{zone}.")
    };
    paths::resolve_file(root, dir, Path::new(&format!("{zone}yaml"))).is_ok()
        || paths::resolve_dir(root, dir, Path::new(&zone)).is_ok()
}

/// The name of a template in `dir` that the YAML of `zone` (`example.com.`) is made from
/// (`example.com.yaml.mo`, `example.com.yml.j2`): a zone file with one more extension.
fn zone_template(dir: &Path, zone: &str) -> Option<String> {
    let zone = zone.trim_end_matches('.');
    paths::list_dir(dir).into_iter().find_map(|path| {
        let name = path.file_name()?.to_str()?;
        let rest = name.strip_prefix(zone)?;
        let extension = rest
            .strip_prefix(".yaml.")
            .or_else(|| rest.strip_prefix(".yml."))?;
        (!extension.is_empty()).then(|| name.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Name-filter patterns go to the regex crate only where Python's `re` reads them alike.
    #[test]
    fn patterns_python_reads_otherwise_are_not_taken() {
        for alike in ["^web\\d$", "^xn--", "mail|smtp", "^[a-z-]+$", "(?P<n>x)"] {
            assert_eq!(python_compatible(alike), Some(alike), "{alike}");
        }
        for otherwise in ["^web[[:digit:]]$", "[a-z&&[^x]]", "\\pL", "(?<n>x)", "x\\z"] {
            assert_eq!(python_compatible(otherwise), None, "{otherwise}");
        }
    }
}
