//! The loader: reads files, resolves `$INCLUDE` within the project root, and assembles zones.
//! Parsers never touch the file system; this is the one place that does. octoDNS YAML
//! (configs, split directories, `!include`) is loaded by the `octodns` submodule.

mod octodns;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Severity};
use crate::discover::{
    Candidate, FileKind, FilesByName, origin_from_file_name, origin_from_file_name_and_content,
};
use crate::limits::{
    BINARY_FILE, FILE_TOO_LARGE, LIMIT_REACHED, Limits, bytes as show_bytes, looks_binary,
    raise_hint,
};
use crate::model::{Class, RData, RType, Record, Zone, ZoneFormat};
use crate::name::Name;
use crate::parse::zonefile::{
    FileParser, IncludeRequest, ParseOptions, ParseState, ParsedFile, split,
};
use crate::paths::{self, HeadThenRest, Refusal};
use crate::rules::syntax::{GENERATE_LIMIT, INCLUDE_FAILED};
use crate::source::{FileId, SourceFile, SourceMap, Span};

pub struct LoadOptions {
    /// `--origin`: the origin for BIND files that do not set one.
    pub origin: Option<Name>,
    /// The config file's `origins`: the origin of each BIND file (by canonical path) that a
    /// glob names, for files that set none. `--origin` wins over it.
    pub origins: HashMap<PathBuf, Name>,
    /// The server whose configuration (`named.conf`, `knot.conf`) names each BIND file (by
    /// canonical path), for the zones it names ([`Zone::served_by`]).
    pub servers: HashMap<PathBuf, crate::model::NameServer>,
    /// The files of zones the server configuration lets take dynamic updates
    /// (`update-policy`, `allow-update`): their zones are not complete
    /// ([`Zone::complete`]).
    pub dynamic: HashSet<PathBuf>,
    /// The zones after the first that the server configuration serves from one BIND file
    /// (by canonical path): each is the file read again with its own origin.
    pub also_served: HashMap<PathBuf, Vec<crate::discover::ServedZone>>,
    /// The working directory: the base for display paths.
    pub cwd: PathBuf,
    /// The base for relative `$INCLUDE` paths (BIND's `directory`): the working directory
    /// unless `--include-dir` says otherwise.
    pub include_dir: PathBuf,
    /// `--octodns-dir`: where octoDNS runs, the base of relative paths in its config; None
    /// for the project root.
    pub octodns_dir: Option<PathBuf>,
    pub parse: ParseOptions,
    pub limits: Limits,
    /// Threads that read and parse BIND files ahead of the loader (0: one per core).
    pub threads: usize,
}

/// A zone with the input diagnostics found while reading it.
pub struct LoadedZone {
    pub zone: Zone,
    pub diagnostics: Vec<Diagnostic>,
    /// The octoDNS config that configured the zone, if one did.
    pub configured_by: Option<FileId>,
}

pub struct Loaded {
    pub sources: SourceMap,
    pub zones: Vec<LoadedZone>,
    /// Input problems that belong to no zone (an octoDNS config, a YAML file that is not
    /// octoDNS, a root hints file).
    pub diagnostics: Vec<Diagnostic>,
    /// Root hints files passed over (`db.root`): not zones, and not linted.
    pub root_hints: Vec<FileId>,
}

/// A file named on the command line or found by discovery could not be read: exit status 2.
#[derive(Debug)]
pub struct LoadError(pub String);

pub fn load(candidates: &[Candidate], options: &LoadOptions) -> Result<Loaded, LoadError> {
    let mut loader = Loader {
        options,
        sources: SourceMap::default(),
        by_path: HashMap::new(),
        refused: HashMap::new(),
        included_bytes: 0,
        includes: 0,
        cwd: options
            .cwd
            .canonicalize()
            .unwrap_or_else(|_| options.cwd.clone()),
        project_files: HashMap::new(),
        bind_candidates: candidates
            .iter()
            .filter(|c| c.kind == FileKind::Bind && c.contents.is_none())
            .map(|c| c.resolved.clone())
            .collect(),
    };
    let mut zones = Vec::new();
    // Files that YAML zones `!include`; BIND zones list their included files themselves.
    let mut included: HashSet<FileId> = HashSet::new();
    let mut yaml = Vec::new();
    let mut prefetched = prefetch(candidates, options).into_iter();
    for candidate in candidates {
        let ahead = prefetched.next().flatten();
        match candidate.kind {
            FileKind::Bind => {
                let (file, parsed) = match ahead {
                    Some(ahead) => loader.add_prefetched(candidate, ahead)?,
                    None => (loader.read_top(candidate)?, None),
                };
                let mut zone = loader.bind_zone(file, candidate, parsed, None);
                let also = loader.also_served(file, candidate, &mut zone);
                zones.push(zone);
                zones.extend(also);
            }
            // YAML files are read together: a config decides how its zone files are read.
            FileKind::Yaml => yaml.push(candidate),
        }
    }
    let mut diagnostics = Vec::new();
    if !yaml.is_empty() {
        let loaded = octodns::load(&mut loader, &yaml)?;
        zones.extend(loaded.zones);
        included.extend(loaded.included);
        diagnostics = loaded.diagnostics;
    }
    // A file another zone includes is linted as part of that zone, not on its own.
    let zones = keep_including_zones(zones, &included, &loader.sources);
    // A root hints file is not linted, but what did not parse in it is still said: the input
    // rules' errors (SYN), not their advice.
    let mut root_hints = Vec::new();
    let (hints, zones): (Vec<LoadedZone>, Vec<LoadedZone>) = zones
        .into_iter()
        .partition(|loaded| is_root_hints(&loaded.zone));
    for hint in hints {
        root_hints.extend(hint.zone.files.first().copied());
        diagnostics.extend(hint.diagnostics.into_iter().filter(|d| {
            d.rule.family() == "SYN" && d.severity == crate::diagnostic::Severity::Error
        }));
    }
    Ok(Loaded {
        sources: loader.sources,
        zones,
        diagnostics,
        root_hints,
    })
}

/// A BIND file read, and parsed when it stands alone, by a worker thread ahead of the loader.
struct Prefetched {
    content: Result<Content, Refusal>,
    /// The file parsed with the state the loader would start it with, unless it has an
    /// `$INCLUDE` or a `$GENERATE`: those draw on what the run has read and made so far, so
    /// the loader parses such a file itself, in order. The spans name a placeholder file.
    parsed: Option<ParsedFile>,
    /// The file's line table, when a core made it beside the parse.
    line_index: Option<crate::source::LineIndex>,
}

/// Read and parse the BIND files named or found, on `options.threads` threads: most files
/// of a repository of many zones stand alone, and reading and parsing them is most of the
/// loading. What comes out is exactly what the loader would make of each file in turn.
fn prefetch(candidates: &[Candidate], options: &LoadOptions) -> Vec<Option<Prefetched>> {
    let threads = crate::parallel::resolve(options.threads);
    if threads <= 1 {
        return Vec::new();
    }
    // Only what a worker needs: the loader's own options hold counters that are not shared.
    let (origin, origins, limits) = (&options.origin, &options.origins, &options.limits);
    crate::parallel::map_ordered(candidates, threads, |candidate| {
        if candidate.kind != FileKind::Bind || candidate.contents.is_some() {
            return None;
        }
        let content = candidate_content(candidate, limits.file_size, threads);
        let (parsed, line_index) = match &content {
            Ok(Content::Text(bytes)) => {
                let start =
                    StartOrigin::new(origin, origins, candidate, &candidate.resolved, bytes);
                let parse = ParseOptions::new(limits);
                // Nothing is generated ahead: the run's `generated-records` budget is the
                // loader's to spend, file by file. With none left a `$GENERATE` makes no
                // record, only its limit finding, and the loader parses that file itself.
                parse.generated_left.set(0);
                // A large file is cut into pieces parsed on every core (the result is that of
                // one parse): it is most of the run when one zone is most of the repository.
                // A piece per `SPLIT_SIZE` at most: threads on smaller pieces cost more than
                // they save, and workers already parse other files.
                let pieces = threads.min(bytes.len() / SPLIT_SIZE);
                let points = if pieces >= 2 {
                    split::split_points(bytes, pieces)
                } else {
                    Vec::new()
                };
                let state = start.state(origin);
                // None when the file has an `$INCLUDE`. A core that would wait while the
                // pieces of a large file are put together makes its line table meanwhile.
                let (parsed, lines) =
                    split::parse_alone_beside(PREFETCH_FILE, bytes, state, &parse, &points, || {
                        crate::source::LineIndex::of(bytes)
                    });
                let parsed = parsed.filter(|parsed| {
                    !parsed
                        .diagnostics
                        .iter()
                        .any(|d| d.rule.code == GENERATE_LIMIT.code)
                });
                (parsed, lines)
            }
            _ => (None, None),
        };
        Some(Prefetched {
            content,
            parsed,
            line_index,
        })
    })
}

/// The least a piece of a file parsed in pieces holds: files of twice this are cut.
const SPLIT_SIZE: usize = 1 << 20;

/// The file the spans of a prefetched parse name until the loader gives it its id.
const PREFETCH_FILE: FileId = FileId(u32::MAX);

/// Is the last component of an `$INCLUDE`d path a public key file as `dnssec-keygen` names
/// it, `K<zone>.+<algorithm>+<key tag>.key` (`Kexample.com.+013+12345.key`)?
fn is_dnssec_key_file(written: &str) -> bool {
    let name = written.rsplit(['/', '\\']).next().unwrap_or(written);
    let Some(stem) = name
        .strip_prefix('K')
        .and_then(|rest| rest.strip_suffix(".key"))
    else {
        return false;
    };
    // `<zone>.+NNN+NNNNN`: the zone ends with its dot, then the algorithm and the key tag.
    let mut parts = stem.rsplitn(3, '+');
    let (Some(tag), Some(algorithm), Some(zone)) = (parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let digits =
        |text: &str, len: usize| text.len() == len && text.bytes().all(|b| b.is_ascii_digit());
    digits(tag, 5) && digits(algorithm, 3) && zone.ends_with('.')
}

/// The owner `record`'s entry meant when it writes a relative owner that repeats the origin
/// ([`Record::owner_repeats_origin`]): the text as written, with a final dot
/// (`example.org.` for `example.org` in example.org, which reads `example.org.example.org.`).
fn owner_meant(record: &Record) -> Option<Name> {
    if !record.owner_repeats_origin() {
        return None;
    }
    let (start, end) = record.spans.owner();
    let written = usize::try_from(end.checked_sub(start)?).ok()?;
    // The parser marks only an owner whose name starts with the text as written, a dot after it.
    let text = record.owner.as_str();
    (text.as_bytes().get(written) == Some(&b'.'))
        .then(|| Name::from_ascii(text.get(..written)?).ok())
        .flatten()
}

/// Point every span of a parse made ahead at `file`.
fn move_to_file(parsed: &mut ParsedFile, file: FileId) {
    for record in &mut parsed.records {
        record.file = file;
    }
    for diagnostic in &mut parsed.diagnostics {
        diagnostic.span.file = file;
        for label in &mut diagnostic.labels {
            label.span.file = file;
        }
    }
    for proxied in &mut parsed.cloudflare_proxied {
        proxied.flag.file = file;
    }
}

/// The origin a BIND file starts with: `--origin`, else the config file's `origins`, else
/// the file's name (with what the file holds, for a name of one label or octet).
struct StartOrigin {
    from_file_name: Option<Name>,
    configured: Option<Name>,
    initial: Option<Name>,
}

impl StartOrigin {
    fn new(
        origin: &Option<Name>,
        origins: &HashMap<PathBuf, Name>,
        candidate: &Candidate,
        canonical: &Path,
        content: &[u8],
    ) -> StartOrigin {
        let from_file_name = origin_from_file_name(&candidate.path)
            .or_else(|| origin_from_file_name_and_content(&candidate.path, content))
            .and_then(|o| Name::from_ascii(&o).ok());
        let configured = origins.get(canonical).cloned();
        let initial = origin
            .clone()
            .or(configured.clone())
            .or(from_file_name.clone());
        StartOrigin {
            from_file_name,
            configured,
            initial,
        }
    }

    /// The start of a file read as one of the other zones the server configuration serves
    /// from it.
    fn served(candidate: &Candidate, origin: &Name) -> StartOrigin {
        StartOrigin {
            from_file_name: origin_from_file_name(&candidate.path)
                .and_then(|o| Name::from_ascii(&o).ok()),
            configured: Some(origin.clone()),
            initial: Some(origin.clone()),
        }
    }

    fn state(&self, origin: &Option<Name>) -> ParseState {
        ParseState {
            origin: self.initial.clone(),
            origin_guessed: origin.is_none() && self.configured.is_none(),
            ..ParseState::default()
        }
    }
}

/// Is `zone` a root hints file (`db.root`, `named.root`, `named.ca`: the root's NS records and
/// their addresses, with no SOA), which a server reads to find the root servers (BIND's
/// `type hint`), never as a zone it serves? Such a file has no SOA by design: it is not linted.
fn is_root_hints(zone: &Zone) -> bool {
    zone.format == ZoneFormat::Bind
        && zone.apex.is_root()
        && zone
            .records
            .iter()
            .any(|r| r.rtype == RType::NS && r.owner.is_root())
        && zone.records.iter().all(|r| match r.rtype {
            RType::NS => r.owner.is_root(),
            RType::A | RType::AAAA => !r.owner.is_root(),
            _ => false,
        })
}

/// Drop the zones whose main file another kept zone includes. Zones nothing else includes are
/// kept first; zones that only include each other (a cycle) keep the first by path, so that an
/// include cycle never makes its zones vanish.
fn keep_including_zones(
    zones: Vec<LoadedZone>,
    yaml_included: &HashSet<FileId>,
    sources: &SourceMap,
) -> Vec<LoadedZone> {
    let mut includers: HashMap<FileId, Vec<usize>> = HashMap::new();
    // A BIND zone's later files are its `$INCLUDE`s; an octoDNS zone's are its other
    // documents (a split directory's files, the parts of a zone put together), which another
    // zone may share through a link, and its `!include`s are `yaml_included`.
    let bind_zones = zones
        .iter()
        .enumerate()
        .filter(|(_, loaded)| loaded.zone.format == crate::model::ZoneFormat::Bind);
    for (index, loaded) in bind_zones {
        for &file in loaded.zone.files.iter().skip(1) {
            includers.entry(file).or_default().push(index);
        }
    }
    let included_by_another = |index: usize, main: FileId| {
        yaml_included.contains(&main)
            || includers
                .get(&main)
                .is_some_and(|by| by.iter().any(|&j| j != index))
    };
    let mut keep = vec![false; zones.len()];
    let mut covered: HashSet<FileId> = HashSet::new();
    for (index, loaded) in zones.iter().enumerate() {
        if !included_by_another(index, loaded.zone.main_file()) {
            keep[index] = true;
            covered.extend(loaded.zone.files.iter().copied());
        }
    }
    let mut rest: Vec<usize> = (0..zones.len())
        .filter(|&i| !keep[i] && !yaml_included.contains(&zones[i].zone.main_file()))
        .collect();
    let shown = |index: usize| {
        sources
            .get(zones[index].zone.main_file())
            .display_path
            .as_str()
    };
    rest.sort_by(|&a, &b| shown(a).cmp(shown(b)));
    for index in rest {
        if !covered.contains(&zones[index].zone.main_file()) {
            keep[index] = true;
            covered.extend(zones[index].zone.files.iter().copied());
        }
    }
    zones
        .into_iter()
        .zip(keep)
        .filter_map(|(zone, keep)| keep.then_some(zone))
        .collect()
}

struct Loader<'a> {
    options: &'a LoadOptions,
    sources: SourceMap,
    by_path: HashMap<PathBuf, FileId>,
    /// Files read only in part or not at all (binary, too large): the one diagnostic about
    /// each, given wherever the file is used.
    refused: HashMap<FileId, Diagnostic>,
    /// Bytes read through `$INCLUDE` and `!include` so far in the run.
    included_bytes: u64,
    /// `$INCLUDE`s followed so far in the run.
    includes: u64,
    cwd: PathBuf,
    /// The files under each project root by name, where an `$INCLUDE` of a path outside the
    /// project looks for the file it stands for ([`Loader::stand_in_for`]).
    project_files: HashMap<PathBuf, crate::discover::FilesByName>,
    /// The run's BIND files: named ones count there too, even where a walk would pass them
    /// over.
    bind_candidates: Vec<PathBuf>,
}

/// A file's content, or why it was not read.
enum Content {
    Text(Vec<u8>),
    /// Over the size limit: its size. Nothing was read.
    TooLarge(u64),
    /// Binary: its first bytes, which were enough to tell.
    Binary(Vec<u8>),
}

/// The head [`read_content`] looks at before reading the rest.
const CONTENT_HEAD: usize = 8192;

/// Read a regular file [`paths`] resolved, within `max` bytes, looking at its head before
/// reading the rest, so neither a huge file nor a binary one is read whole.
fn read_content(path: &Path, max: u64, readers: usize) -> Result<Content, Refusal> {
    Ok(
        match paths::read_head_then_rest(path, CONTENT_HEAD as u64, max, readers, |head| {
            !looks_binary(head)
        })? {
            HeadThenRest::Head(head) => Content::Binary(head),
            HeadThenRest::Whole(bytes) => Content::Text(bytes),
            HeadThenRest::TooLarge(size) => Content::TooLarge(size),
        },
    )
}

/// A candidate's content: what discovery already read of a short file, judged as
/// [`read_content`] would judge it, else read now.
fn candidate_content(candidate: &Candidate, max: u64, readers: usize) -> Result<Content, Refusal> {
    match &candidate.sniffed {
        Some(bytes) if bytes.len() <= CONTENT_HEAD => Ok(if looks_binary(bytes) {
            Content::Binary(bytes.clone())
        } else if bytes.len() as u64 > max {
            Content::TooLarge(bytes.len() as u64)
        } else {
            Content::Text(bytes.clone())
        }),
        _ => read_content(&candidate.resolved, max, readers),
    }
}

impl Loader<'_> {
    /// How many threads may read one large file.
    fn readers(&self) -> usize {
        crate::parallel::resolve(self.options.threads)
    }

    /// The path as the user would write it: relative to the working directory when below it.
    fn display_path(&self, path: &Path) -> String {
        let absolute = if path.is_absolute() {
            path.to_path_buf()
        } else {
            self.options.cwd.join(path)
        };
        let canonical = absolute.canonicalize().unwrap_or(absolute);
        self.display_path_of(path, &canonical)
    }

    /// [`Loader::display_path`] of `path`, whose canonical form is known.
    fn display_path_of(&self, path: &Path, canonical: &Path) -> String {
        let shown = canonical
            .strip_prefix(&self.cwd)
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| {
                if path.is_absolute() {
                    canonical.to_path_buf()
                } else {
                    path.to_path_buf()
                }
            });
        let text = shown.to_string_lossy();
        // A backslash is a path separator only on Windows; elsewhere it is part of the name.
        let text = if cfg!(windows) {
            text.replace('\\', "/")
        } else {
            text.into_owned()
        };
        if text.is_empty() { ".".into() } else { text }
    }

    /// Add a file read from `resolved` (canonical, from [`paths`]), shown as `path`; only
    /// [`Loader::add_content`] calls it, once it knows the file is new.
    fn add(&mut self, path: &Path, resolved: &Path, bytes: Vec<u8>) -> FileId {
        let display = self.display_path_of(path, resolved);
        let id = self
            .sources
            .add(SourceFile::new(path.to_path_buf(), display, bytes).resolved_at(resolved));
        self.by_path.insert(resolved.to_path_buf(), id);
        id
    }

    /// A file named or found: read through [`paths`] (discovery resolved it), or the stream
    /// read already.
    fn read_top(&mut self, candidate: &Candidate) -> Result<FileId, LoadError> {
        if let Some(bytes) = &candidate.contents {
            return Ok(self.add_stream(&candidate.path, bytes.clone()));
        }
        if let Some(&id) = self.by_path.get(&candidate.resolved) {
            return Ok(id);
        }
        let max = self.options.limits.file_size;
        self.add_content(
            &candidate.resolved,
            &candidate.path,
            candidate_content(candidate, max, self.readers()),
            max,
            "file-size",
        )
        .map_err(|refusal| LoadError(refusal.message(&candidate.path.display().to_string())))
    }

    /// A `$ORIGIN` written without its final dot (SYN004's warning) that moved the SOA below
    /// the zone the file starts in (`$ORIGIN example.com` in example.com's file: the SOA at
    /// `example.com.example.com.`): BIND loads the file as the zone its configuration, the
    /// command line or the file's name gives, and refuses it ("SOA record not at top of
    /// zone"), as Knot refuses the `$ORIGIN`. The warning becomes an error that says so. The
    /// zone is still linted at the SOA's name: its records agree with each other there.
    fn origin_moved_soa(
        &self,
        soa: &Record,
        soa_owner: &Name,
        start: &Name,
        diagnostics: &mut [Diagnostic],
    ) {
        if soa_owner == start || !soa_owner.is_subdomain_of(start) {
            return;
        }
        let file = soa.file;
        let soa_start = soa.spans.entry().0;
        let source = self.sources.get(file).bytes();
        let is_origin_line = |diagnostic: &Diagnostic| {
            let line_start = source[..diagnostic.span.start as usize]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |at| at + 1);
            source[line_start..]
                .get(..7)
                .is_some_and(|word| word.eq_ignore_ascii_case(b"$ORIGIN"))
        };
        // The last such `$ORIGIN` before the SOA: the one that moved it.
        let Some(moved) = diagnostics.iter_mut().rev().find(|diagnostic| {
            diagnostic.rule.code == "SYN004"
                && diagnostic.span.file == file
                && diagnostic.span.start < soa_start
                && diagnostic.severity == Severity::Warning
                && is_origin_line(diagnostic)
        }) else {
            return;
        };
        moved.severity = Severity::Error;
        moved.message = format!(
            "{}; the SOA then stands at `{soa_owner}`, below the zone `{start}` this file is \
             loaded as, and named refuses the zone (\"SOA record not at top of zone\")",
            moved.message
        );
    }

    /// A file a worker read ahead, added as [`Loader::read_top`] would add it, with its parse
    /// when it stands alone.
    fn add_prefetched(
        &mut self,
        candidate: &Candidate,
        ahead: Prefetched,
    ) -> Result<(FileId, Option<ParsedFile>), LoadError> {
        let max = self.options.limits.file_size;
        // A file read before (included by an earlier zone) keeps the table of that reading.
        let known = self.by_path.contains_key(&candidate.resolved);
        let file = self
            .add_content(
                &candidate.resolved,
                &candidate.path,
                ahead.content,
                max,
                "file-size",
            )
            .map_err(|refusal| LoadError(refusal.message(&candidate.path.display().to_string())))?;
        if let Some(index) = ahead.line_index
            && !known
        {
            self.sources.get(file).provide_line_index(index);
        }
        Ok((file, ahead.parsed))
    }

    /// Standard input or a pipe: shown under its label, never confused with a file of that name.
    fn add_stream(&mut self, label: &Path, bytes: Vec<u8>) -> FileId {
        let key = PathBuf::from(format!("\0stream:{}", label.display()));
        if let Some(&id) = self.by_path.get(&key) {
            return id;
        }
        let display = label.to_string_lossy().into_owned();
        let id = self
            .sources
            .add(SourceFile::new(label.to_path_buf(), display, bytes));
        self.by_path.insert(key, id);
        id
    }

    /// Read a file [`paths`] resolved (`resolved`; `shown` is how the input named it) within
    /// a size limit (named `limit` for the message). A file too large or binary is added empty,
    /// with its one diagnostic in `refused`.
    fn read_limited(
        &mut self,
        resolved: &Path,
        shown: &Path,
        max: u64,
        limit: &str,
    ) -> Result<FileId, Refusal> {
        if let Some(&id) = self.by_path.get(resolved) {
            return Ok(id);
        }
        let content = read_content(resolved, max, self.readers());
        self.add_content(resolved, shown, content, max, limit)
    }

    /// Add a file's content as [`read_content`] read it within `max` bytes (the limit named
    /// `limit`, for the message).
    fn add_content(
        &mut self,
        resolved: &Path,
        shown: &Path,
        content: Result<Content, Refusal>,
        max: u64,
        limit: &str,
    ) -> Result<FileId, Refusal> {
        if let Some(&id) = self.by_path.get(resolved) {
            return Ok(id);
        }
        Ok(match content? {
            Content::Text(bytes) => self.add(shown, resolved, bytes),
            Content::TooLarge(size) => {
                let file = self.add(shown, resolved, Vec::new());
                let diagnostic = Diagnostic::new(
                    &FILE_TOO_LARGE,
                    file_start(file),
                    format!(
                        "the file is {}; zonelint reads files up to {} (limit `{limit}`)",
                        show_bytes(size),
                        show_bytes(max)
                    ),
                )
                .with_help(raise_hint(limit));
                self.refused.insert(file, diagnostic);
                file
            }
            Content::Binary(head) => {
                let at = head
                    .iter()
                    .position(|&b| b == 0)
                    .map(|at| format!(" (a NUL byte at offset {at})"))
                    .unwrap_or_default();
                // Nothing is kept, so no span can point into binary content.
                let file = self.add(shown, resolved, Vec::new());
                let diagnostic = Diagnostic::new(
                    &BINARY_FILE,
                    file_start(file),
                    format!("the file is binary{at}, not a zone; zonelint does not read it"),
                )
                .with_help(
                    "do not name it (narrow the glob or pre-commit pattern); a UTF-16 zone file must be saved as UTF-8",
                );
                self.refused.insert(file, diagnostic);
                file
            }
        })
    }

    /// Whether an include may still be read in this run (by count and by bytes), or the ZL005
    /// that says it may not.
    fn include_budget(&mut self, path: &Path, span: Span) -> Result<(), Diagnostic> {
        // Counted apart from bytes: three `$INCLUDE`s a file, nineteen deep, are a billion
        // includes of a few bytes each.
        let most = self.options.limits.includes;
        if self.includes >= most {
            return Err(Diagnostic::new(
                &LIMIT_REACHED,
                span,
                format!(
                    "the run has followed {most} includes, the limit (`includes`), so this one is not read"
                ),
            )
            .with_help(raise_hint("includes")));
        }
        self.includes += 1;
        let size = std::fs::symlink_metadata(path).map_or(0, |m| m.len());
        let limit = self.options.limits.included_bytes;
        if self.included_bytes.saturating_add(size) > limit {
            return Err(Diagnostic::new(
                &LIMIT_REACHED,
                span,
                format!(
                    "the run has read {} through includes; this one would pass the limit of {} (limit `included-bytes`), so it is not read",
                    show_bytes(self.included_bytes),
                    show_bytes(limit)
                ),
            )
            .with_help(raise_hint("included-bytes")));
        }
        self.included_bytes += size;
        Ok(())
    }

    /// The zone of a BIND file: parsed here with its includes, or `parsed` ahead (when the
    /// file stands alone, [`prefetch`]).
    /// `served` is one of the other zones the server configuration serves from the file
    /// ([`LoadOptions::also_served`]): its origin, server and updates instead of the file's
    /// first zone's.
    fn bind_zone(
        &mut self,
        file: FileId,
        candidate: &Candidate,
        parsed: Option<ParsedFile>,
        served: Option<&crate::discover::ServedZone>,
    ) -> LoadedZone {
        // The path `origins` is keyed by, as `crate::load` made the keys.
        let canonical = crate::candidate_path(candidate, &self.options.cwd);
        let (served_by, dynamic, start) = match served {
            Some(served) => (
                Some(served.server),
                served.dynamic,
                StartOrigin::served(candidate, &served.origin),
            ),
            None => (
                self.options.servers.get(&canonical).copied(),
                self.options.dynamic.contains(&canonical),
                StartOrigin::new(
                    &self.options.origin,
                    &self.options.origins,
                    candidate,
                    &canonical,
                    self.sources.get(file).bytes(),
                ),
            ),
        };
        let state = start.state(&self.options.origin);
        let StartOrigin {
            from_file_name: file_origin,
            initial: initial_origin,
            configured,
        } = start;
        // Each zone gets the whole `zone-records` budget; the files it includes share it.
        self.options
            .parse
            .records_left
            .set(self.options.limits.zone_records);
        if let Some(refused) = self.refused.get(&file) {
            return LoadedZone {
                zone: Zone {
                    apex: initial_origin.unwrap_or_else(Name::root),
                    class: Class::IN,
                    format: ZoneFormat::Bind,
                    files: vec![file],
                    records: Vec::new(),
                    complete: false,
                    meant: Default::default(),
                    served_by,
                    cloudflare_proxied: Vec::new(),
                    unmodelled: Vec::new(),
                    unmodelled_addresses: Vec::new(),
                    provider_addresses: false,
                    unmanaged: Default::default(),
                    lenient: false,
                    pushed_to: Vec::new(),
                },
                diagnostics: vec![refused.clone()],
                configured_by: None,
            };
        }
        let mut files = vec![file];
        let mut diagnostics = Vec::new();
        let parsed = match parsed {
            Some(mut parsed) => {
                move_to_file(&mut parsed, file);
                diagnostics.append(&mut parsed.diagnostics);
                parsed
            }
            None => {
                let mut stack = vec![canonical];
                self.parse_with_includes(
                    file,
                    state,
                    &candidate.root,
                    &mut stack,
                    &mut files,
                    &mut diagnostics,
                )
            }
        };
        // The parser's ZONE044 findings, as the server that loads the zone decides.
        crate::rules::zone::knot_unsupported_syntax::follow_server(&mut diagnostics, served_by);
        crate::parse::zonefile::follow_long_strings(&mut diagnostics, served_by);
        // Likewise what gdnsd's zones, or files that use its types, hold.
        crate::parse::zonefile::follow_gdnsd(&mut diagnostics, served_by, |file| {
            self.sources.get(file).bytes()
        });
        placeholders_in_templates(&mut diagnostics, |file| self.sources.get(file).bytes());
        // "No origin" in a file of PTR records: the origin to give is a reverse zone's. (Read
        // from the text: with no origin, the records with relative owners were not made.)
        let has_syn008 = diagnostics.iter().any(|d| d.rule.code == "SYN008");
        if has_syn008 {
            diagnostics.extend(self.syntax_without_origin(file, &diagnostics));
        }
        if has_syn008 && writes_ptr_records(self.sources.get(file).bytes()) {
            for diagnostic in &mut diagnostics {
                if diagnostic.rule.code == "SYN008" {
                    diagnostic.help = Some(
                        "the file holds PTR records, so it is a reverse zone: add its name, as BIND's `zone` statement gives it, at the top (for 192.0.2.0/24, `$ORIGIN 2.0.192.in-addr.arpa.`), name the file after it (2.0.192.in-addr.arpa.zone), or pass --origin with it"
                            .into(),
                    );
                }
            }
        }
        let declared_origin = parsed.declared_origin;
        let class = parsed.class;
        let records = parsed.records;
        let mut unmodelled = parsed.unmodelled;
        unmodelled.sort();
        unmodelled.dedup();
        let mut unmodelled_addresses = parsed.unmodelled_addresses;
        unmodelled_addresses.sort();
        unmodelled_addresses.dedup();
        let mut cloudflare_proxied = parsed.cloudflare_proxied;
        // Sorted by owner, as `Zone::proxied_at` searches it; stable, so file order within one.
        cloudflare_proxied.sort_by(|a, b| a.owner.cmp(&b.owner));
        // The SOA owner is the apex; but an SOA owned by the root after `$ORIGIN .` in a file
        // named for a zone is the export mistake, not a root zone.
        let soa = records
            .iter()
            .find(|r| r.rtype == RType::SOA && !matches!(r.rdata, RData::Invalid));
        // An SOA owner written without its final dot and repeating the origin (`example.org IN
        // SOA` for example.org, as some providers' exports write it) is NAME001's error; the
        // zone is still the name meant, or each of its other records would be "outside".
        let soa_owner = soa.map(|r| owner_meant(r).unwrap_or_else(|| r.owner.clone()));
        if let (Some(soa), Some(owner), Some(start)) = (soa, &soa_owner, &initial_origin) {
            self.origin_moved_soa(soa, owner, start, &mut diagnostics);
        }
        // A relative SOA owner other than `@` (`www IN SOA`, `@@ IN SOA`) in a file that sets
        // no other `$ORIGIN` before its records, loaded as the zone `--origin`, `[origins]` or a `named.conf` names:
        // named loads the file as that zone and refuses the SOA below its top ("SOA record not
        // at top of zone", named-checkzone 9.18.49), so it is linted as that zone, where ZONE006
        // says so. (A file's own `$ORIGIN`, or an absolute SOA owner, still names its zone.)
        let named_zone = self.options.origin.is_some() || configured.is_some();
        let owner_written_relative = |record: &Record| {
            let (start, end) = record.spans.owner();
            let source = self.sources.get(record.file).bytes();
            let written = source.get(start as usize..end as usize).unwrap_or_default();
            !written.ends_with(b".") || written.ends_with(b"\\.")
        };
        let soa_below_named_zone = named_zone
            && soa.is_some_and(owner_written_relative)
            && (declared_origin.is_none() || declared_origin == initial_origin)
            && matches!(
                (&soa_owner, &initial_origin),
                (Some(owner), Some(start)) if owner != start && owner.is_subdomain_of(start)
            );
        let apex = match soa_owner {
            _ if soa_below_named_zone => initial_origin.unwrap_or_else(Name::root),
            Some(owner)
                if owner.is_root() && self.options.origin.is_none() && file_origin.is_some() =>
            {
                file_origin.unwrap_or(owner)
            }
            // Without a usable SOA, a zone `--origin`, `[origins]` or a `named.conf` names is
            // that zone, whatever `$ORIGIN` the file starts with: the server loads it as that
            // zone (and says its SOA is missing). Otherwise the file's first `$ORIGIN` names it.
            soa_owner => soa_owner
                .or(if named_zone {
                    initial_origin.clone()
                } else {
                    None
                })
                .or(declared_origin)
                .or(initial_origin)
                .unwrap_or_else(Name::root),
        };
        let zone = Zone {
            apex,
            class: class.unwrap_or(Class::IN),
            format: ZoneFormat::Bind,
            files,
            records,
            // Names a dynamic zone holds come and go by updates (an ACME challenge's TXT
            // record): that one is not in the file does not mean the zone lacks it.
            complete: !dynamic,
            meant: Default::default(),
            served_by,
            cloudflare_proxied,
            unmodelled,
            unmodelled_addresses,
            provider_addresses: false,
            unmanaged: Default::default(),
            lenient: false,
            pushed_to: Vec::new(),
        };
        LoadedZone {
            zone,
            diagnostics,
            configured_by: None,
        }
    }

    /// The syntax errors of `file` that "no origin" (SYN008) hid: the parser stops at each
    /// entry with a relative name, so a line BIND refuses (a `//` comment, a misspelt type)
    /// went unsaid. The file alone is parsed again with a stand-in origin, and its syntax
    /// findings that name no name of it (the stand-in would show) are kept, beside `found`.
    fn syntax_without_origin(&self, file: FileId, found: &[Diagnostic]) -> Vec<Diagnostic> {
        const STAND_IN: &str = "origin.invalid.";
        let Ok(stand_in) = Name::from_ascii(STAND_IN) else {
            return Vec::new();
        };
        let state = ParseState {
            origin: Some(stand_in),
            ..ParseState::default()
        };
        // Its records are not kept: their counts are not the run's (fresh limits, as many).
        let options = ParseOptions::new(&self.options.limits);
        let parsed =
            crate::parse::zonefile::parse(file, self.sources.get(file).bytes(), state, &options);
        parsed
            .diagnostics
            .into_iter()
            // SYN006 (a bad name) may be the stand-in's doing: a name too long with it.
            .filter(|d| {
                d.rule.code.starts_with("SYN") && !matches!(d.rule.code, "SYN006" | "SYN008")
            })
            .filter(|d| !d.message.contains(STAND_IN.trim_end_matches('.')))
            .filter(|d| {
                !found
                    .iter()
                    .any(|f| f.span == d.span && f.rule.code == d.rule.code)
            })
            .collect()
    }

    /// The zones after its first that the server configuration serves from the BIND file
    /// `file` (a parked domains' file, Debian's `db.empty`): the file parsed again with each
    /// one's origin, its bytes counted as an include's (`included-bytes`), as the file is read
    /// once more. A file that fixes its zone itself (`$ORIGIN`, an SOA owned by an absolute
    /// name: `first`'s apex is not the first statement's zone) is that zone's file only, and so
    /// is a read whose apex is not the statement's zone. What cannot be read for the budget is
    /// a ZL005 in `first`'s diagnostics.
    fn also_served(
        &mut self,
        file: FileId,
        candidate: &Candidate,
        first: &mut LoadedZone,
    ) -> Vec<LoadedZone> {
        let canonical = crate::candidate_path(candidate, &self.options.cwd);
        let Some(also) = self.options.also_served.get(&canonical) else {
            return Vec::new();
        };
        if self.refused.contains_key(&file)
            || self.options.origins.get(&canonical) != Some(&first.zone.apex)
        {
            return Vec::new();
        }
        let size = self.sources.get(file).bytes().len() as u64;
        let limit = self.options.limits.included_bytes;
        let mut zones: Vec<LoadedZone> = Vec::new();
        for (read, served) in also.iter().enumerate() {
            if self.included_bytes.saturating_add(size) > limit {
                let left = also.len() - read;
                first.diagnostics.push(
                    Diagnostic::new(
                        &LIMIT_REACHED,
                        file_start(file),
                        format!(
                            "the server configuration serves {left} more zone(s) from this file (`{}` first), but reading it again would pass the limit of {} (limit `included-bytes`), so they are not linted",
                            served.origin,
                            show_bytes(limit)
                        ),
                    )
                    .with_help(raise_hint("included-bytes")),
                );
                break;
            }
            self.included_bytes += size;
            let zone = self.bind_zone(file, candidate, None, Some(served));
            if zone.zone.apex == served.origin && zone.zone.apex != first.zone.apex {
                zones.push(zone);
            }
        }
        zones
    }

    /// Parse a zone file, reading each `$INCLUDE` where it stands: the included records go
    /// in its place, and the includer goes on with the state the included file ended in (as
    /// BIND does: `$TTL` carries over, the origin and the owner do not).
    fn parse_with_includes(
        &mut self,
        file: FileId,
        state: ParseState,
        root: &Path,
        stack: &mut Vec<PathBuf>,
        files: &mut Vec<FileId>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> ParsedFile {
        // The parser reads the text while included files are added to the source map: it is
        // lent out of the map meanwhile, not copied (a second copy of a large zone, every
        // page of it faulted in). The
        // options are the run's (their counters are shared by every file), borrowed from
        // `LoadOptions`, not from `self`.
        let lent = self.sources.lend_bytes(file);
        let load_options = self.options;
        let mut parser = FileParser::new(file, lent.bytes(), state, &load_options.parse);
        let mut included: Vec<(usize, Vec<Record>)> = Vec::new();
        let mut unmodelled = Vec::new();
        let mut unmodelled_addresses = Vec::new();
        let mut proxied = Vec::new();
        while let Some(request) = parser.next_include() {
            let Some((child, path)) =
                self.open_include(&request, file, root, stack, files, diagnostics)
            else {
                continue;
            };
            stack.push(path);
            let parsed =
                self.parse_with_includes(child, request.state, root, stack, files, diagnostics);
            stack.pop();
            parser.resume_after(&parsed.end_state);
            diagnostics.extend(parsed.diagnostics);
            unmodelled.extend(parsed.unmodelled);
            unmodelled_addresses.extend(parsed.unmodelled_addresses);
            proxied.extend(parsed.cloudflare_proxied);
            included.push((request.position, parsed.records));
        }
        let mut parsed = parser.finish();
        parsed.unmodelled.append(&mut unmodelled);
        parsed
            .unmodelled_addresses
            .append(&mut unmodelled_addresses);
        parsed.cloudflare_proxied.append(&mut proxied);
        self.sources.give_back(file, lent);
        diagnostics.append(&mut parsed.diagnostics);
        if !included.is_empty() {
            let own = std::mem::take(&mut parsed.records);
            let mut records = Vec::with_capacity(own.len());
            let mut own = own.into_iter();
            let mut taken = 0;
            for (position, nested) in included {
                records.extend(own.by_ref().take(position - taken));
                taken = position;
                records.extend(nested);
            }
            records.extend(own);
            parsed.records = records;
        }
        parsed
    }

    /// Find, check and read the file an `$INCLUDE` names; None (reported) when it cannot be.
    fn open_include(
        &mut self,
        request: &IncludeRequest,
        from: FileId,
        root: &Path,
        stack: &[PathBuf],
        files: &mut Vec<FileId>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<(FileId, PathBuf)> {
        let report = |diagnostics: &mut Vec<Diagnostic>, message: String| {
            diagnostics.push(Diagnostic::new(&INCLUDE_FAILED, request.span, message));
        };
        let path = match self.resolve_include(&request.path, from, root) {
            Ok(path) => path,
            Err((Refusal::Missing | Refusal::Outside, message)) => {
                let Some(path) = self.stand_in_for(&request.path, from, root) else {
                    if is_dnssec_key_file(&request.path) {
                        diagnostics.push(
                            Diagnostic::new(&INCLUDE_FAILED, request.span, message)
                                .with_severity(crate::diagnostic::Severity::Warning)
                                .with_help(
                                    "the name is a key file `dnssec-keygen` writes on the signing server, which is \
                                     usually not committed: BIND reads it there. zonelint checks the zone without \
                                     the DNSKEY record it holds.",
                                ),
                        );
                    } else {
                        report(diagnostics, message);
                    }
                    return None;
                };
                let shown = self.display_path(&path);
                // An absolute path is the file's place on the server: info. A relative one
                // may be that too, or a wrong path, which BIND run from the project would not
                // find either: a warning.
                let absolute = Path::new(&request.path).is_absolute();
                let (where_not, where_read, severity) = if absolute {
                    (
                        "is not in the project",
                        "",
                        crate::diagnostic::Severity::Info,
                    )
                } else {
                    (
                        "is not found from the including file or the working directory",
                        " from its `directory`, where the repository may be checked out under another name",
                        crate::diagnostic::Severity::Warning,
                    )
                };
                diagnostics.push(
                    Diagnostic::new(
                        &INCLUDE_FAILED,
                        request.span,
                        format!(
                            "`{}` {where_not}; `{shown}`, the project's file of that name, is read in its place",
                            request.path
                        ),
                    )
                    .with_severity(severity)
                    .with_help(format!(
                        "BIND reads `{}` on the server{where_read}; zonelint takes it to be the file `{shown}` is deployed as. If it is not, keep the file BIND reads in the repository under its own name.",
                        request.path
                    )),
                );
                path
            }
            Err((_, message)) => {
                report(diagnostics, message);
                return None;
            }
        };
        if stack.contains(&path) {
            report(
                diagnostics,
                format!(
                    "`{}` includes itself (directly or through other files)",
                    request.path
                ),
            );
            return None;
        }
        let depth = self.options.limits.include_depth;
        if stack.len() > depth {
            diagnostics.push(
                Diagnostic::new(
                    &INCLUDE_FAILED,
                    request.span,
                    format!("$INCLUDE nested more than {depth} deep"),
                )
                .with_help(raise_hint("include-depth")),
            );
            return None;
        }
        if self.options.parse.records_left.get() == 0 {
            // The zone is full: the parser said so already.
            return None;
        }
        if let Err(refusal) = self.include_budget(&path, request.span) {
            diagnostics.push(refusal);
            return None;
        }
        let child =
            match self.read_limited(&path, &path, self.options.limits.file_size, "file-size") {
                Ok(child) => child,
                Err(refusal) => {
                    report(diagnostics, refusal.message(&request.path));
                    return None;
                }
            };
        if !files.contains(&child) {
            files.push(child);
        }
        if let Some(refused) = self.refused.get(&child) {
            let mut refused = refused.clone();
            refused.span = request.span;
            refused.message = format!("`{}`: {}", request.path, refused.message);
            diagnostics.push(refused);
            return None;
        }
        Some((child, path))
    }

    /// Find an included file as BIND would (relative to the working directory), falling back
    /// to the including file's directory and its ancestors up to the project root. The result
    /// must be a file inside the root.
    fn resolve_include(
        &self,
        written: &str,
        from: FileId,
        root: &Path,
    ) -> Result<PathBuf, (Refusal, String)> {
        let written_path = Path::new(written);
        let from_dir = self
            .sources
            .get(from)
            .path
            .canonicalize()
            .ok()
            .and_then(|p| p.parent().map(Path::to_path_buf));
        let include_dir = self
            .options
            .include_dir
            .canonicalize()
            .unwrap_or_else(|_| self.options.include_dir.clone());
        let tried = include_candidates(written_path, from_dir.as_deref(), &include_dir, root);
        // The first place that holds the file wins. Every refusal of a place outside the
        // project reads the same whether or not something is there, so a zone in a pull
        // request cannot probe the CI runner's file system.
        // A place inside the project where nothing is says more than the places outside it
        // (`../db.ocf` from `etc/zones/` is `etc/db.ocf`, a file made by a build step): the
        // file is missing, not out of bounds.
        // A link inside the project that leads out is said to lead out, wherever else the file
        // was looked for.
        let mut missing_inside: Vec<String> = Vec::new();
        let mut link_out = false;
        for place in &tried {
            // Resolved as written, `..` after the links before it, as BIND and the kernel do;
            // the text made plain only to be shown (relative to the root: the root itself is
            // never printed) and to tell a link out from a path out.
            match paths::resolve_file(root, root, place) {
                Ok(path) => return Ok(path),
                Err(Refusal::Missing) => {
                    let plain = paths::normalize(place);
                    if let Ok(shown) = plain.strip_prefix(root) {
                        let shown = shown.to_string_lossy().into_owned();
                        if !missing_inside.contains(&shown) {
                            missing_inside.push(shown);
                        }
                    }
                }
                Err(Refusal::Outside) => link_out |= paths::normalize(place).starts_with(root),
                Err(other) => {
                    let message = other.message(written);
                    return Err((other, message));
                }
            }
        }
        if link_out || missing_inside.is_empty() {
            return Err((Refusal::Outside, Refusal::Outside.message(written)));
        }
        // The first two places inside the project that were tried; the ones after them (the
        // including file's ancestors) only counted.
        const SHOWN: usize = 2;
        let mut looked = missing_inside
            .iter()
            .take(SHOWN)
            .map(|place| format!("`{place}`"))
            .collect::<Vec<_>>()
            .join(", ");
        if missing_inside.len() > SHOWN {
            let more = missing_inside.len() - SHOWN;
            let places = if more == 1 { "place" } else { "places" };
            looked.push_str(&format!(" and {more} more {places} up to the project root"));
        }
        Err((
            Refusal::Missing,
            format!(
                "cannot find `{written}` inside the project (the git work tree, or the directory being linted): nothing at {looked}"
            ),
        ))
    }

    /// The project's file an `$INCLUDE` of a path outside the project stands for
    /// ([`stand_in`]), among the files under the project root (listed once per root, and only
    /// when such an include fails; none is read to list them) and those of the run; resolved
    /// through [`paths`] like any include.
    fn stand_in_for(&mut self, written: &str, from: FileId, root: &Path) -> Option<PathBuf> {
        let includer = self.sources.get(from).path.canonicalize().ok()?;
        let includer = includer.strip_prefix(root).ok()?;
        let named = &self.bind_candidates;
        let files = self
            .project_files
            .entry(root.to_path_buf())
            .or_insert_with(|| {
                let mut files = crate::discover::list_project(root);
                let named = crate::discover::files_by_name(root, named);
                for (name, paths) in named {
                    let listed = files.entry(name).or_default();
                    for path in paths {
                        if !listed.contains(&path) {
                            listed.push(path);
                        }
                    }
                }
                files
            });
        let relative = stand_in(written, includer, files)?;
        paths::resolve_file(root, root, &root.join(relative)).ok()
    }
}

/// The file an `$INCLUDE` of the path `written`, which is outside the project or not found in
/// it, most likely names: among `files` of that file name (paths relative to the project root), the one
/// whose path ends in the most of the written path's last components, the nearest to the
/// including file (`includer`, relative to the root) among those; None when two are equally
/// likely. Repositories often write the path the file is deployed to
/// (`$INCLUDE /etc/bind/zones/common.inc`) and keep the file itself in the repository; reading
/// it in its place lints the zone as BIND will load it, instead of linting the fragment as a
/// zone of its own (no owner, no TTL). A relative path is read by BIND from its `directory`
/// on the server, where the repository may be checked out under another name
/// (`$INCLUDE ffhl/ffhl.include` with the repository deployed as `ffhl/`): the same search.
/// Only paths inside the project are compared, so the choice does not depend on where the
/// project is checked out.
pub(crate) fn stand_in(written: &str, includer: &Path, files: &FilesByName) -> Option<PathBuf> {
    let written = Path::new(written);
    // A bare relative name (`hosts.inc`, `./hosts.inc`) is looked for where BIND looks: not
    // found there, it is missing. A relative path with a directory (`ffhl/ffhl.include`) may
    // name the repository as it is checked out under BIND's `directory` on the server.
    let named_parts = written
        .components()
        .filter(|c| matches!(c, std::path::Component::Normal(_)))
        .count();
    if !written.is_absolute() && named_parts < 2 {
        return None;
    }
    let wanted: Vec<&std::ffi::OsStr> = written
        .components()
        .rev()
        .map_while(|c| match c {
            std::path::Component::Normal(part) => Some(part),
            _ => None,
        })
        .collect();
    let candidates = files.get(*wanted.first()?)?;
    let ends_alike = |path: &Path| {
        path.components()
            .rev()
            .zip(&wanted)
            .take_while(|(have, want)| have.as_os_str() == **want)
            .count()
    };
    // Steps from the including file's directory to the file's, through their common
    // ancestor: the file beside the includer is the nearest.
    let from_dir = includer.parent().unwrap_or(Path::new(""));
    let steps_away = |path: &Path| {
        let dir = path.parent().unwrap_or(Path::new(""));
        let shared = dir
            .components()
            .zip(from_dir.components())
            .take_while(|(a, b)| a == b)
            .count();
        dir.components().count() + from_dir.components().count() - 2 * shared
    };
    let mut best: Option<((usize, std::cmp::Reverse<usize>), &PathBuf)> = None;
    let mut tied = false;
    for path in candidates {
        if path == includer {
            continue;
        }
        let score = (ends_alike(path), std::cmp::Reverse(steps_away(path)));
        match best {
            Some((top, _)) if score < top => {}
            Some((top, _)) if score == top => tied = true,
            _ => {
                best = Some((score, path));
                tied = false;
            }
        }
    }
    best.filter(|_| !tied).map(|(_, path)| path.clone())
}

/// Where an `$INCLUDE` of `written` may be, in the order tried: the include directory (BIND
/// resolves against its working directory), then the including file's directory and its
/// ancestors up to the project root. Discovery uses it too, so it finds the same files.
pub(crate) fn include_candidates(
    written: &Path,
    from_dir: Option<&Path>,
    include_dir: &Path,
    root: &Path,
) -> Vec<PathBuf> {
    if written.is_absolute() {
        return vec![written.to_path_buf()];
    }
    let mut tried = vec![include_dir.join(written)];
    for ancestor in from_dir.into_iter().flat_map(Path::ancestors) {
        tried.push(ancestor.join(written));
        if !ancestor.starts_with(root) || ancestor == root {
            break;
        }
    }
    tried
}

/// The span of a file's first byte, for diagnostics about a file as a whole.
pub fn file_start(file: FileId) -> Span {
    Span {
        file,
        start: 0,
        end: 0,
    }
}

/// Whether a zone file's text has a `PTR` type token (white space on both sides): a reverse
/// zone's records.
fn writes_ptr_records(bytes: &[u8]) -> bool {
    bytes
        .split(|b| b.is_ascii_whitespace())
        .any(|token| token.eq_ignore_ascii_case(b"PTR"))
}

/// The syntax findings on a line with a template placeholder (`{{serial}}`, `{% if %}`,
/// `<%= time() %>`) in a
/// file whose first lines make it a template: information, not errors. A walk skips such a
/// file, but one that a zone file `$INCLUDE`s (GrapheneOS/ns1.grapheneos.org's `base.zone`,
/// its SOA serial `{{serial}}`) or that is named on the command line is read: its
/// placeholders are filled in before the server reads it, and the rest of it is checked.
fn placeholders_in_templates<'t>(
    diagnostics: &mut [Diagnostic],
    text_of: impl Fn(crate::source::FileId) -> &'t [u8],
) {
    // Whether each file is a template, told once per file: a file may hold thousands of
    // syntax findings, and its head is 8 KiB.
    let mut is_template: rustc_hash::FxHashMap<crate::source::FileId, bool> = Default::default();
    for diagnostic in diagnostics.iter_mut().filter(|d| {
        d.rule.code.starts_with("SYN") && d.severity > crate::diagnostic::Severity::Info
    }) {
        let text = text_of(diagnostic.span.file);
        let template = *is_template.entry(diagnostic.span.file).or_insert_with(|| {
            crate::discover::is_template_text(&text[..text.len().min(crate::discover::SNIFF_BYTES)])
        });
        if !template {
            continue;
        }
        let at = (diagnostic.span.start as usize).min(text.len());
        let line_start = memchr::memrchr(b'\n', &text[..at]).map_or(0, |i| i + 1);
        let line_end = memchr::memchr(b'\n', &text[at..]).map_or(text.len(), |i| at + i);
        if !crate::discover::is_template_text(&text[line_start..line_end]) {
            continue;
        }
        diagnostic.severity = crate::diagnostic::Severity::Info;
        diagnostic.message = format!(
            "{}, on a line with a template placeholder, which is filled in before the zone is \
             deployed",
            diagnostic.message
        );
        diagnostic.help = Some(
            "the file is a template (its first lines hold `{{ }}`, `{% %}` or `<% %>` placeholders): \
             zonelint reads it as it stands and checks the lines without placeholders"
                .into(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discover::FileKind;

    #[test]
    fn dnssec_key_file_names() {
        assert!(is_dnssec_key_file("Kexample.com.+013+12345.key"));
        assert!(is_dnssec_key_file(
            "/etc/bind/keys/Kexample.com.+008+00042.key"
        ));
        assert!(is_dnssec_key_file("keys\\Kexample.com.+013+12345.key"));
        assert!(!is_dnssec_key_file("Kexample.com.+013+12345.private"));
        assert!(!is_dnssec_key_file("Kexample.com+013+12345.key"));
        assert!(!is_dnssec_key_file("Kexample.com.+13+12345.key"));
        assert!(!is_dnssec_key_file("example.com.key"));
        assert!(!is_dnssec_key_file("dkim.key"));
    }

    fn describe(content: Result<Content, Refusal>) -> String {
        match content {
            Ok(Content::Text(bytes)) => format!("text of {} bytes", bytes.len()),
            Ok(Content::TooLarge(size)) => format!("too large: {size}"),
            Ok(Content::Binary(head)) => format!("binary, head of {} bytes", head.len()),
            Err(_) => "refused".to_string(),
        }
    }

    #[test]
    fn bytes_discovery_read_are_judged_as_a_fresh_read_would_be() {
        let dir = tempfile::tempdir().unwrap();
        let samples: [(&str, Vec<u8>); 4] = [
            ("text.zone", b"@ IN SOA ns hostmaster 1 2 3 4 5\n".to_vec()),
            ("nul.zone", vec![0; 100]),
            ("controls.zone", b"\x01\x02\x03 a".repeat(20)),
            ("empty.zone", Vec::new()),
        ];
        for max in [0, 10, 1 << 20] {
            for (name, bytes) in &samples {
                let path = dir.path().join(name);
                std::fs::write(&path, bytes).unwrap();
                let candidate = Candidate {
                    path: path.clone(),
                    resolved: path.clone(),
                    contents: None,
                    sniffed: Some(bytes.clone()),
                    kind: FileKind::Bind,
                    explicit: false,
                    insist: false,
                    root: dir.path().to_path_buf(),
                };
                assert_eq!(
                    describe(candidate_content(&candidate, max, 1)),
                    describe(read_content(&path, max, 1)),
                    "{name} within {max} bytes"
                );
            }
        }
    }
}

#[cfg(test)]
mod stand_in_tests {
    use super::*;

    /// A deployed absolute path and a relative path with a directory find the project's file
    /// of that name; a bare name, written with `./` or not, does not.
    #[test]
    fn stand_ins_for_paths_with_a_directory_only() {
        let mut files = crate::discover::FilesByName::new();
        files.insert("hosts.inc".into(), vec![PathBuf::from("zones/hosts.inc")]);
        let includer = Path::new("zones/example.com.zone");
        let found = |written: &str| stand_in(written, includer, &files);
        assert_eq!(
            found("/etc/bind/hosts.inc"),
            Some(PathBuf::from("zones/hosts.inc"))
        );
        assert_eq!(
            found("ffhl/hosts.inc"),
            Some(PathBuf::from("zones/hosts.inc"))
        );
        assert_eq!(found("hosts.inc"), None);
        assert_eq!(found("./hosts.inc"), None);
        assert_eq!(found("other.inc"), None);
    }
}
