//! Finding the files to lint: walk the paths given, keep what looks like a zone, pass over the
//! rest. A file named on the command line is always linted or reported. Every path goes
//! through [`crate::paths`]: nothing outside the project root is looked at, links are followed
//! only inside it, and only regular files are read (a named pipe or `-` only when named on the
//! command line, as a stream).
//!
//! A walk lints every file git tracks, whatever `.gitignore` says, and every untracked file
//! `.gitignore` does not exclude; `.ignore` files and hidden names do not hide anything (only
//! `.git` itself is passed over), because a contributor's pull request can add any of them.
//! Without git (not installed, or not a repository) no ignore file is honoured.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::model::RType;
use crate::paths::{self, Refusal};

/// What a file is, as far as discovery can tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A BIND master file.
    Bind,
    /// YAML: an octoDNS zone or config, decided when it is read.
    Yaml,
}

#[derive(Clone, Debug)]
pub struct Candidate {
    /// As named on the command line, found by the walk, or given by `--stdin-filename`: what
    /// messages show and what the origin is guessed from.
    pub path: PathBuf,
    /// The file read: canonical, inside `root`, a regular file (unused for a stream).
    pub resolved: PathBuf,
    /// The bytes of standard input or a pipe named on the command line, already read.
    pub contents: Option<Vec<u8>>,
    /// The whole file, when telling whether it is a zone read every byte of it (a file
    /// shorter than the bytes sniffed): the loader need not open it again. A repository of
    /// many zones is mostly such files.
    pub sniffed: Option<Vec<u8>>,
    pub kind: FileKind,
    /// Named on the command line (not found by walking a directory).
    pub explicit: bool,
    /// Named, and to be reported when it turns out not to be a zone (false under
    /// `--only-zones`, where named files are treated as a walk treats them).
    pub insist: bool,
    /// The directory no path may leave (`$INCLUDE`, `!include`, config paths, links).
    pub root: PathBuf,
}

/// What the command line names: the files to read, and the directories walked for them,
/// canonical as [`paths::resolve`] found them.
pub struct Discovered {
    pub candidates: Vec<Candidate>,
    pub directories: Vec<PathBuf>,
}

/// A path that cannot be read: the run stops with exit status 2.
#[derive(Debug)]
pub struct DiscoverError(pub String);

/// Files that are clearly something else; never read to sniff.
const OTHER_EXTENSIONS: &[&str] = &[
    "rs",
    "py",
    "go",
    "js",
    "mjs",
    "ts",
    "tsx",
    "jsx",
    "java",
    "kt",
    "c",
    "h",
    "cc",
    "cpp",
    "hpp",
    "cs",
    "rb",
    "php",
    "pl",
    "pm",
    "lua",
    "swift",
    "md",
    "markdown",
    "rst",
    "adoc",
    "json",
    "toml",
    "lock",
    "html",
    "htm",
    "css",
    "scss",
    "svg",
    "png",
    "jpg",
    "jpeg",
    "gif",
    "ico",
    "webp",
    "pdf",
    "zip",
    "gz",
    "tgz",
    "bz2",
    "xz",
    "zst",
    "tar",
    "jar",
    "whl",
    "so",
    "dylib",
    "dll",
    "exe",
    "o",
    "a",
    "class",
    "sh",
    "bash",
    "zsh",
    "fish",
    "ps1",
    "bat",
    "tf",
    "tfvars",
    "hcl",
    "xml",
    "csv",
    "tsv",
    "ini",
    "cfg",
    "conf",
    "log",
    "snap",
    "patch",
    "diff",
    "pem",
    "crt",
    "key",
    "pub",
    "sum",
    "mod",
    "sql",
    "sqlite",
    "gitignore",
    "gitattributes",
    "editorconfig",
    "j2",
    "tmpl",
    "tpl",
];

/// Extensions that name zone files.
/// Templates that zone files are generated from: skipped in a walk, whatever their name.
const TEMPLATE_EXTENSIONS: &[&str] = &[
    "tmpl", "tpl", "template", "j2", "jinja", "jinja2", "erb", "epp", "mustache", "hbs", "njk",
    "liquid", "twig", "gotmpl", "mako",
];

const ZONE_EXTENSIONS: &[&str] = &[
    "zone", "db", "dns", "bind", "fwd", "rev", "hosts", "signed", "arpa", "zonefile", "forward",
    "reverse",
];

/// `only_zones`: a named file that does not look like a zone is skipped, as in a walk.
/// `stdin_filename` names standard input (`-`) for messages and the origin; it is never opened.
pub fn discover(
    arguments: &[PathBuf],
    cwd: &Path,
    only_zones: bool,
    stdin_filename: Option<&Path>,
    threads: usize,
) -> Result<Discovered, DiscoverError> {
    let cwd = cwd.canonicalize().unwrap_or_else(|_| cwd.to_path_buf());
    let run_root = paths::project_root(&cwd);
    let mut out = Vec::new();
    let mut directories = Vec::new();
    let mut stdin_read = false;
    for argument in arguments {
        let shown = argument.display().to_string();
        if argument.as_os_str() == "-" || paths::is_stream_argument(argument) {
            let is_stdin = argument.as_os_str() == "-";
            if is_stdin && std::mem::replace(&mut stdin_read, true) {
                return Err(DiscoverError("`-` (standard input) is named twice".into()));
            }
            let bytes = if is_stdin {
                paths::read_stream(std::io::stdin().lock(), "standard input")
            } else {
                // The user named it: the shell's end of a pipe (`<(...)`) or /dev/stdin.
                std::fs::File::open(argument)
                    .map_err(|e| format!("cannot read `{shown}`: {}", paths::io_reason(&e)))
                    .and_then(|file| paths::read_stream(file, &format!("`{shown}`")))
            }
            .map_err(DiscoverError)?;
            let label = match stdin_filename {
                Some(name) if is_stdin => name.to_path_buf(),
                _ => argument.clone(),
            };
            out.push(stream_candidate(label, bytes, only_zones, &run_root));
            continue;
        }
        let (root, anchored) = paths::root_for_argument(argument, &cwd, &run_root);
        let resolved = paths::resolve(&root, &cwd, &anchored)
            .map_err(|refusal| DiscoverError(refusal.message(&shown)))?;
        let metadata = std::fs::symlink_metadata(&resolved).map_err(|e| {
            DiscoverError(format!("cannot read `{shown}`: {}", paths::io_reason(&e)))
        })?;
        if metadata.is_dir() {
            let walked = walk(&resolved, &root, argument, threads);
            if let Some(problem) = walked.problems.into_iter().next() {
                return Err(DiscoverError(problem));
            }
            out.extend(walked.candidates);
            directories.push(resolved);
            continue;
        }
        if is_fifo(&metadata) {
            // Named on purpose (`mkfifo`): read as a stream, bounded, never blocking on a
            // pipe nobody writes to.
            let bytes =
                paths::read_fifo(&resolved, &format!("`{shown}`")).map_err(DiscoverError)?;
            out.push(stream_candidate(argument.clone(), bytes, only_zones, &root));
            continue;
        }
        if !metadata.is_file() {
            return Err(DiscoverError(
                Refusal::NotRegular(paths::kind_of(&metadata)).message(&shown),
            ));
        }
        let (kind, sniffed) = if only_zones {
            classify(argument, &resolved).map_err(|r| DiscoverError(r.message(&shown)))?
        } else {
            (Some(kind_of_explicit(argument)), None)
        };
        let Some(kind) = kind else { continue };
        out.push(Candidate {
            kind,
            path: argument.clone(),
            resolved,
            contents: None,
            sniffed,
            explicit: true,
            insist: !only_zones,
            root,
        });
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out.dedup_by(|a, b| a.path == b.path);
    Ok(Discovered {
        candidates: out,
        directories,
    })
}

fn stream_candidate(label: PathBuf, bytes: Vec<u8>, only_zones: bool, root: &Path) -> Candidate {
    Candidate {
        kind: kind_of_explicit(&label),
        resolved: label.clone(),
        path: label,
        contents: Some(bytes),
        sniffed: None,
        explicit: true,
        insist: !only_zones,
        root: root.to_path_buf(),
    }
}

#[cfg(unix)]
fn is_fifo(metadata: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    metadata.file_type().is_fifo()
}

#[cfg(not(unix))]
fn is_fifo(_metadata: &std::fs::Metadata) -> bool {
    false
}

pub use crate::paths::io_reason;

/// What a walk found: the zone candidates, and the files it had to pass over that may be
/// zones (a link out of the project, a pipe named like a zone, an unreadable file), each a
/// one-line message.
pub struct Walked {
    pub candidates: Vec<Candidate>,
    pub problems: Vec<String>,
    /// Every file the walk listed, zone or not, in the order found.
    pub listed: Vec<PathBuf>,
}

/// Files by file name, each path relative to the project root: where an `$INCLUDE` of a path
/// outside the project looks for the file it stands for ([`crate::load::stand_in`]).
pub type FilesByName = HashMap<std::ffi::OsString, Vec<PathBuf>>;

/// [`FilesByName`] of `listed` (paths under `root`, as a walk lists them).
pub fn files_by_name<'p>(
    root: &Path,
    listed: impl IntoIterator<Item = &'p PathBuf>,
) -> FilesByName {
    let mut by_name = FilesByName::new();
    for path in listed {
        let (Some(name), Ok(relative)) = (path.file_name(), path.strip_prefix(root)) else {
            continue;
        };
        let paths = by_name.entry(name.to_os_string()).or_default();
        if !paths.iter().any(|p| p == relative) {
            paths.push(relative.to_path_buf());
        }
    }
    by_name
}

/// The files under `root` by file name, listed as a walk lists them (git's tracked files and
/// the untracked ones `.gitignore` does not hide; `.git` skipped), none of them read.
pub fn list_project(root: &Path) -> FilesByName {
    let (listed, _) = list_files(root);
    files_by_name(root, &listed)
}

/// Walk `dir` (canonical, inside `root`; `written` is how it was named, for the paths found):
/// see the module doc for what is linted.
pub fn walk(dir: &Path, root: &Path, written: &Path, threads: usize) -> Walked {
    let (found, problems) = list_files(dir);
    let mut walked = Walked {
        candidates: Vec::new(),
        problems: problems
            .into_iter()
            .map(|reason| format!("cannot walk `{}`: {reason}", written.display()))
            .collect(),
        listed: Vec::new(),
    };
    // Resolving each path and sniffing its first bytes is most of a walk of many files: done
    // on every core, taken in the order found.
    let considered =
        crate::parallel::map_ordered(&found, crate::parallel::resolve(threads), |path| {
            consider(path, dir, root, written)
        });
    for considered in considered {
        match considered {
            Considered::Candidate(candidate) => walked.candidates.push(candidate),
            Considered::Problem(problem) => walked.problems.push(problem),
            Considered::Skipped => {}
        }
    }
    walked.candidates.sort_by(|a, b| a.path.cmp(&b.path));
    walked.listed = found;
    walked
}

/// Every file under `dir` a walk considers, in the order found, and why parts of it could not
/// be listed.
fn list_files(dir: &Path) -> (Vec<PathBuf>, Vec<String>) {
    list_files_to(dir, false)
}

/// [`list_files`], of `dir`'s own files only when `top_only` (not those below it).
fn list_files_to(dir: &Path, top_only: bool) -> (Vec<PathBuf>, Vec<String>) {
    let tracked = tracked_files(dir, top_only);
    let in_git = tracked.is_some();
    let walker = ignore::WalkBuilder::new(dir)
        .max_depth(top_only.then_some(1))
        .standard_filters(false)
        .git_ignore(in_git)
        .git_exclude(in_git)
        .git_global(in_git)
        .require_git(true)
        .parents(true)
        .filter_entry(|entry| entry.file_name() != ".git")
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    let mut problems = Vec::new();
    let mut seen: HashSet<PathBuf> = HashSet::new();
    let mut found = Vec::new();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                // ignore's own message holds absolute paths: only the reason is shown.
                problems.push(
                    e.io_error()
                        .map_or_else(|| "cannot list it".to_string(), paths::io_reason),
                );
                continue;
            }
        };
        if entry.file_type().is_some_and(|t| t.is_dir()) {
            continue;
        }
        let path = entry.into_path();
        seen.insert(path.clone());
        found.push(path);
    }
    // Tracked files `.gitignore` hid: git deploys them, so they are linted. (One deleted from
    // the work tree but not from the index is not there to lint.)
    for path in tracked.unwrap_or_default() {
        if !seen.contains(&path)
            && !path.components().any(|c| c.as_os_str() == ".git")
            && std::fs::symlink_metadata(&path).is_ok()
        {
            found.push(path);
        }
    }
    (found, problems)
}

/// Whether git ignores the directory `written` (relative to `dir`, not necessarily there): a
/// directory a build step makes (`zones/` in `.gitignore`). False when git is not there to ask.
pub fn ignored_by_git(dir: &Path, written: &str) -> bool {
    std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "core.fsmonitor=false",
            "check-ignore",
            "-q",
            "--no-index",
            "--",
        ])
        // With its final `/`, as a directory: `zones/` in `.gitignore` matches directories only,
        // and git cannot tell that a path that is not there is one.
        .arg(format!("{}/", written.trim_end_matches('/')))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// The files git tracks under `dir`, or None when git is not there to ask (not installed, or
/// not a repository).
fn tracked_files(dir: &Path, top_only: bool) -> Option<Vec<PathBuf>> {
    let mut command = std::process::Command::new("git");
    command
        .arg("-C")
        .arg(dir)
        .args(["-c", "core.fsmonitor=false", "ls-files", "-z", "--cached"]);
    if top_only {
        // A glob pathspec's `*` does not match `/`: the directory's own files.
        command.args(["--", ":(glob)*"]);
    }
    let output = command
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    Some(
        output
            .stdout
            .split(|&b| b == 0)
            .filter(|name| !name.is_empty())
            .map(|name| dir.join(os_path(name)))
            .collect(),
    )
}

#[cfg(unix)]
fn os_path(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

#[cfg(not(unix))]
fn os_path(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

/// A path found under a directory, as the user would write it: under the directory as named.
fn as_written(written: &Path, relative: &Path) -> PathBuf {
    if written.as_os_str().is_empty() || written == Path::new(".") {
        relative.to_path_buf()
    } else {
        written.join(relative)
    }
}

/// What a name server's configuration says of a zone a file holds.
#[derive(Clone, Debug)]
pub struct ServedZone {
    pub origin: crate::name::Name,
    pub server: crate::model::NameServer,
    /// The zone takes dynamic updates: the file does not hold all its records.
    pub dynamic: bool,
}

/// The origins the name servers' configurations give the BIND files among `candidates`: the
/// `zone` statements of the `*named.conf*` files (BIND) and the `zone` sections of the
/// `knot.conf*` files and the files they include (Knot DNS) in a candidate's directory or above
/// it (up to the project root; a configuration speaks only of the files in its directory or
/// below), and, for a file of the `zones/` directory beside a gdnsd `config`, its own name;
/// matched to a file by the longest tail of the configured path
/// that the file's path ends with (`/etc/bind/db.local` names `bind/db.local`), with the
/// server whose configuration it is and whether the zone takes dynamic updates. Every
/// statement of that longest tail is a zone the file holds (a parked domains' file, Debian's
/// `db.empty` for the private reverse zones): they come in the configuration's order, each
/// zone once. Read through `paths` like every input (regular files inside the root, 1 MiB
/// each).
pub fn server_config_origins(candidates: &[Candidate]) -> HashMap<PathBuf, Vec<ServedZone>> {
    let mut ancestors: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut seen: HashSet<PathBuf> = HashSet::new();
    for candidate in candidates {
        if candidate.kind != FileKind::Bind || candidate.contents.is_some() {
            continue;
        }
        for dir in candidate.resolved.ancestors().skip(1) {
            if !dir.starts_with(&candidate.root) {
                break;
            }
            if seen.insert(dir.to_path_buf()) {
                ancestors.push((dir.to_path_buf(), candidate.root.clone()));
            }
        }
    }
    let dirs = config_dirs(&ancestors);
    // Each statement with the directory of the configuration that holds it: it applies to
    // the files in that directory or below (one repository may keep several servers' configs).
    let mut statements: Vec<(crate::named_conf::ZoneFile, &Path)> = Vec::new();
    let mut knot_files_left = MAX_KNOT_CONF_FILES;
    let mut named_files_left = MAX_NAMED_CONF_FILES;
    let mut gdnsd_files_left = MAX_GDNSD_CONF_FILES;
    // The `zones/` directories beside a gdnsd configuration (`/etc/gdnsd/config`).
    let mut gdnsd_zone_dirs: Vec<PathBuf> = Vec::new();
    for (dir, speaks_for, root) in &dirs {
        let mut found: Vec<crate::named_conf::ZoneFile> = Vec::new();
        for entry in paths::list_dir(dir) {
            let Some(name) = entry.file_name().map(|name| name.to_string_lossy()) else {
                continue;
            };
            if name == "config" && gdnsd_files_left > 0 {
                gdnsd_files_left -= 1;
                let is_gdnsd = paths::resolve_file(root, root, &entry)
                    .ok()
                    .and_then(|path| read_server_config(&path))
                    .is_some_and(|text| is_gdnsd_config(&text));
                if is_gdnsd {
                    gdnsd_zone_dirs.push(dir.join("zones"));
                }
                continue;
            }
            // A copy kept per server or role (`MASTERnamed.conf.local`, `ns1-named.conf`,
            // `ns1-knot.conf`) is a configuration as much as the file itself.
            let is_named_conf = name.contains("named.conf");
            let is_knot_conf = name.contains("knot.conf");
            if !is_named_conf && !is_knot_conf {
                continue;
            }
            let Ok(path) = paths::resolve_file(root, root, &entry) else {
                continue;
            };
            if is_named_conf {
                read_named_conf(root, dir, &path, 0, &mut named_files_left, &mut found);
            } else {
                read_knot_conf(root, &path, 0, &mut knot_files_left, &mut found);
            }
        }
        statements.extend(
            found
                .into_iter()
                .map(|statement| (statement, speaks_for.as_path())),
        );
    }
    let mut origins = HashMap::new();
    // Each statement's `file` as path components, grouped by file name: a file is compared
    // only with the statements naming its own file name, not with every zone of the config.
    type Statement<'s> = (
        Vec<std::ffi::OsString>,
        &'s str,
        crate::model::NameServer,
        bool,
        &'s Path,
    );
    let mut by_file_name: HashMap<std::ffi::OsString, Vec<Statement<'_>>> = HashMap::new();
    for (statement, config_dir) in &statements {
        let parts: Vec<std::ffi::OsString> = paths::named_parts(Path::new(&statement.file))
            .into_iter()
            .map(std::ffi::OsStr::to_os_string)
            .collect();
        if let Some(name) = parts.last().cloned() {
            by_file_name.entry(name).or_default().push((
                parts,
                statement.zone.as_str(),
                statement.server,
                statement.dynamic,
                config_dir,
            ));
        }
    }
    for candidate in candidates {
        if candidate.kind != FileKind::Bind || candidate.contents.is_some() {
            continue;
        }
        let Some(same_name) = candidate
            .resolved
            .file_name()
            .and_then(|name| by_file_name.get(name))
        else {
            continue;
        };
        let path: Vec<&std::ffi::OsStr> = candidate
            .resolved
            .components()
            .map(|part| part.as_os_str())
            .collect();
        let tail = |written: &[std::ffi::OsString]| {
            written
                .iter()
                .rev()
                .zip(path.iter().rev())
                .take_while(|(a, b)| a.as_os_str() == **b)
                .count()
        };
        // Only the configurations in the file's own directory or above it speak of it.
        let applying: Vec<&Statement<'_>> = same_name
            .iter()
            .filter(|(.., config_dir)| candidate.resolved.starts_with(config_dir))
            .collect();
        let longest = applying.iter().map(|(parts, ..)| tail(parts)).max();
        let mut served: Vec<ServedZone> = Vec::new();
        let mut seen: HashSet<crate::name::Name> = HashSet::new();
        for &&(ref parts, zone, server, dynamic, _) in &applying {
            if Some(tail(parts)) != longest {
                continue;
            }
            // Written with or without the final dot (`"example.com."`, `"."` for the root,
            // as BIND and Knot both take them).
            let Ok(origin) = crate::name::Name::from_ascii(zone) else {
                continue;
            };
            // One zone in two views (an internal and an external `view` sharing the file).
            if !seen.insert(origin.clone()) {
                continue;
            }
            served.push(ServedZone {
                origin,
                server,
                dynamic,
            });
        }
        if !served.is_empty() {
            origins.insert(candidate.resolved.clone(), served);
        }
    }
    // gdnsd loads every file of its `zones/` directory as the zone the file is named after
    // (gdnsd.zonefile(5)): a file no `named.conf` or `knot.conf` statement names.
    for candidate in candidates {
        if candidate.kind != FileKind::Bind
            || candidate.contents.is_some()
            || origins.contains_key(&candidate.resolved)
        {
            continue;
        }
        let in_zones_dir = candidate
            .resolved
            .parent()
            .is_some_and(|parent| gdnsd_zone_dirs.iter().any(|dir| dir == parent));
        let origin = candidate
            .resolved
            .file_name()
            .and_then(|name| name.to_str())
            .filter(|name| !name.starts_with('.'))
            .and_then(|name| crate::name::Name::from_ascii_dotted(name).ok());
        if let (true, Some(origin)) = (in_zones_dir, origin) {
            origins.insert(
                candidate.resolved.clone(),
                vec![ServedZone {
                    origin,
                    server: crate::model::NameServer::Gdnsd,
                    dynamic: false,
                }],
            );
        }
    }
    origins
}

/// Where a server's configuration may be for the zone files below `ancestors` (each directory
/// holding one, with its project root): each of those directories, speaking for the files
/// below it, and its `etc/`, `etc/bind/`, `etc/named/` and `etc/knot/` folders, speaking for the
/// files below the directory that holds `etc/`: a repository that mirrors a server's file
/// system (CentOS's `etc/named.conf` with `directory "/var/named"` beside `var/named/`) keeps
/// the configuration in a folder beside the zone files, not above them. Each folder once, for
/// the widest directory it speaks for; as (folder, speaks for, root), in the order found.
fn config_dirs(ancestors: &[(PathBuf, PathBuf)]) -> Vec<(PathBuf, PathBuf, PathBuf)> {
    const SERVER_ETC: [&str; 3] = ["bind", "named", "knot"];
    let mut dirs: Vec<(PathBuf, PathBuf, PathBuf)> = Vec::new();
    let mut place: HashMap<PathBuf, usize> = HashMap::new();
    let mut add = |dir: PathBuf, speaks_for: &Path, root: &Path| match place.get(&dir) {
        Some(&at) => {
            let wider = &mut dirs[at].1;
            if wider.starts_with(speaks_for) {
                *wider = speaks_for.to_path_buf();
            }
        }
        None => {
            place.insert(dir.clone(), dirs.len());
            dirs.push((dir, speaks_for.to_path_buf(), root.to_path_buf()));
        }
    };
    for (dir, root) in ancestors {
        add(dir.clone(), dir, root);
        // Most folders have no `etc/`: one resolution each, and its own folders only then.
        let Ok(etc) = paths::resolve_dir(root, dir, Path::new("etc")) else {
            continue;
        };
        add(etc.clone(), dir, root);
        for server in SERVER_ETC {
            if let Ok(found) = paths::resolve_dir(root, &etc, Path::new(server)) {
                add(found, dir, root);
            }
        }
    }
    dirs
}

/// Is `text` a gdnsd configuration? Its format (vscf) writes `key => value`, and the top
/// level of gdnsd's holds `options`, `plugins` or `service_types`: a file named `config` that
/// says so is one.
fn is_gdnsd_config(text: &str) -> bool {
    text.lines().any(|line| {
        let line = line.trim_start();
        ["options", "plugins", "service_types"].iter().any(|key| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with("=>"))
        })
    })
}

/// The most Knot configuration files one run reads, the configurations found and the files
/// they include together; the most `named.conf` files and files they include; and how deep
/// includes are followed.
const MAX_KNOT_CONF_FILES: usize = 64;
const MAX_NAMED_CONF_FILES: usize = 256;
const MAX_GDNSD_CONF_FILES: usize = 64;
const MAX_INCLUDE_DEPTH: usize = 8;

/// A name server configuration's text, at most 1 MiB; None when it cannot be read.
fn read_server_config(path: &Path) -> Option<String> {
    match paths::read_at_most(path, 1 << 20) {
        Ok(Ok(bytes)) => Some(String::from_utf8_lossy(&bytes).into_owned()),
        _ => None,
    }
}

/// The zones of the Knot configuration at `path` (resolved) and of the files it includes:
/// a relative path or a pattern of file names (`zones.d/*.conf`, in sorted order, as Knot
/// reads them) from the including file's directory, through `paths`. An absolute include
/// names the server's file system, not the repository, and is not followed.
/// A `named.conf*` file's zone statements, and those of the files its `include` statements
/// name, read as [`read_knot_conf`] reads Knot's (a budget of files of their own). A relative
/// path is read from the configuration's folder `config_dir`; an absolute one (the path in
/// the server's container, `/app/named/zone.conf`) as the longest of its tails that is a file
/// below that folder (`named/zone.conf`), the tree the container mounts.
fn read_named_conf(
    root: &Path,
    config_dir: &Path,
    path: &Path,
    depth: usize,
    files_left: &mut usize,
    statements: &mut Vec<crate::named_conf::ZoneFile>,
) {
    if *files_left == 0 {
        return;
    }
    *files_left -= 1;
    let Some(text) = read_server_config(path) else {
        return;
    };
    statements.extend(crate::named_conf::zone_files(&text));
    if depth >= MAX_INCLUDE_DEPTH {
        return;
    }
    for include in crate::named_conf::includes(&text) {
        let written = Path::new(&include);
        let parts = paths::named_parts(written);
        let tails = if written.is_absolute() {
            (0..parts.len()).collect::<Vec<_>>()
        } else {
            vec![0]
        };
        let found = tails.into_iter().find_map(|skip| {
            let tail: PathBuf = parts[skip..].iter().collect();
            if tail.as_os_str().is_empty() {
                return None;
            }
            paths::resolve_file(root, config_dir, &tail).ok()
        });
        if let Some(file) = found {
            read_named_conf(root, config_dir, &file, depth + 1, files_left, statements);
        }
    }
}

fn read_knot_conf(
    root: &Path,
    path: &Path,
    depth: usize,
    files_left: &mut usize,
    statements: &mut Vec<crate::named_conf::ZoneFile>,
) {
    if *files_left == 0 {
        return;
    }
    *files_left -= 1;
    let Some(text) = read_server_config(path) else {
        return;
    };
    let conf = crate::knot_conf::read(&text);
    statements.extend(conf.zones);
    if depth >= MAX_INCLUDE_DEPTH {
        return;
    }
    let Some(base) = path.parent() else {
        return;
    };
    for include in conf.includes {
        let written = Path::new(&include);
        if written.is_absolute() {
            continue;
        }
        let pattern = written
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .filter(|name| name.contains(['*', '?', '[']));
        let files = match pattern {
            None => paths::resolve_file(root, base, written)
                .into_iter()
                .collect(),
            Some(pattern) => {
                let Ok(glob) = globset::Glob::new(&pattern) else {
                    continue;
                };
                let matcher = glob.compile_matcher();
                let parent = written.parent().unwrap_or(Path::new(""));
                let Ok(dir) = paths::resolve_dir(root, base, parent) else {
                    continue;
                };
                paths::list_dir(&dir)
                    .into_iter()
                    .filter(|entry| entry.file_name().is_some_and(|name| matcher.is_match(name)))
                    .filter_map(|entry| paths::resolve_file(root, &dir, &entry).ok())
                    .collect::<Vec<PathBuf>>()
            }
        };
        for file in files {
            read_knot_conf(root, &file, depth + 1, files_left, statements);
        }
    }
}

/// What a walk makes of one entry.
enum Considered {
    Candidate(Candidate),
    Problem(String),
    Skipped,
}

/// One walked entry (a real path under `dir`, inside the root; it may be a link or a special
/// file).
fn consider(path: &Path, dir: &Path, root: &Path, written: &Path) -> Considered {
    // `db.example.com.tmpl`, `example.com.zone.j2`: the source a zone is made from, with
    // placeholders (`{serial}`, `{{ ip }}`) that are no master-file syntax. Named on the
    // command line, such a file is still read.
    if extension(path).is_some_and(|e| TEMPLATE_EXTENSIONS.contains(&e.as_str())) {
        return Considered::Skipped;
    }
    let shown_as = path
        .strip_prefix(dir)
        .map_or_else(|_| path.to_path_buf(), |rel| as_written(written, rel));
    let shown_path = shown_as.display().to_string();
    let named_like_zone = is_yaml(path) || named_like_zone(path);
    let resolved = match paths::resolve_file(root, root, path) {
        Ok(resolved) => resolved,
        Err(Refusal::NotRegular("a directory")) => return Considered::Skipped,
        Err(refusal) => {
            // A link out, a pipe or an unreadable file is reported when its name says zone;
            // anything else would have to be read to tell, and is not read.
            return if named_like_zone {
                Considered::Problem(refusal.message(&shown_path))
            } else {
                Considered::Skipped
            };
        }
    };
    match classify(path, &resolved) {
        Ok((Some(kind), sniffed)) => Considered::Candidate(Candidate {
            path: shown_as,
            resolved,
            contents: None,
            sniffed,
            kind,
            explicit: false,
            insist: false,
            root: root.to_path_buf(),
        }),
        Ok((None, _)) => Considered::Skipped,
        Err(refusal) => Considered::Problem(refusal.message(&shown_path)),
    }
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
}

fn is_yaml(path: &Path) -> bool {
    matches!(extension(path).as_deref(), Some("yaml" | "yml"))
}

fn kind_of_explicit(path: &Path) -> FileKind {
    if is_yaml(path) {
        FileKind::Yaml
    } else {
        FileKind::Bind
    }
}

/// Is the file named as zone files are (`.zone`, `db.x`, `example.com.`, ...)?
fn named_like_zone(path: &Path) -> bool {
    let Some(file_name) = path.file_name() else {
        return false;
    };
    let file_name = file_name.to_string_lossy().to_ascii_lowercase();
    let extension = extension(path);
    // BIND's test templates: example.db.in
    let stem_extension = file_name
        .strip_suffix(".in")
        .and_then(|stem| stem.rsplit_once('.'))
        .map(|(_, e)| e.to_string());
    extension
        .as_deref()
        .is_some_and(|e| ZONE_EXTENSIONS.contains(&e))
        || stem_extension
            .as_deref()
            .is_some_and(|e| ZONE_EXTENSIONS.contains(&e))
        || file_name.starts_with("db.")
        || file_name.ends_with('.')
}

/// Decide from the name (`path`), then (for BIND candidates) from the first bytes of
/// `resolved` (a regular file inside the root, from [`paths::resolve_file`]). With a BIND
/// file's kind, its bytes when they were all read.
fn classify(path: &Path, resolved: &Path) -> Result<(Option<FileKind>, Option<Vec<u8>>), Refusal> {
    if is_yaml(path) {
        return Ok((Some(FileKind::Yaml), None));
    }
    if is_signing_output(path) {
        return Ok((None, None));
    }
    let named_like_zone = named_like_zone(path);
    if !named_like_zone && is_documentation(path) {
        return Ok((None, None));
    }
    // `voltaire.sh`, `jchen.pl` (bsdlp/dns): a zone named after its domain, whose top-level
    // domain is also a script's or a source file's ending. Read only when the ending is a
    // top-level domain, and a zone only when its first line says so (a directive or an SOA),
    // so that a shell script writing a zone in a here-document is not one.
    let mut first_line_decides = false;
    if !named_like_zone
        && let Some(ending) = extension(path)
        && OTHER_EXTENSIONS.contains(&ending.as_str())
    {
        if !crate::rules::names::missing_trailing_dot::is_tld(&ending) {
            return Ok((None, None));
        }
        first_line_decides = true;
    }
    let head = paths::read_head(resolved, SNIFF_BYTES as u64)?;
    if first_line_decides && !starts_as_zone(&head) {
        return Ok((None, None));
    }
    if !looks_like_zone(&head, named_like_zone) || is_template_text(&head) {
        return Ok((None, None));
    }
    // Fewer bytes than asked for: the read reached the end of the file.
    let whole = head.len() < SNIFF_BYTES;
    Ok((Some(FileKind::Bind), whole.then_some(head)))
}

pub(crate) const SNIFF_BYTES: usize = 8192;

/// Is the file one BIND's DNSSEC tools write beside a signed zone: `dsset-example.com.` (the
/// DS records dnssec-signzone makes for the parent to publish) or `keyset-example.com.` (the
/// zone's DNSKEY set, for the same)? Record lines of the zone's apex with no SOA or TTL, named
/// like a zone, but no zone: linted as `dsset-example.com.` they gave out-of-zone and
/// missing-TTL findings. Only a walk (and `--only-zones`) asks: a file named on purpose is read.
fn is_signing_output(path: &Path) -> bool {
    path.file_name()
        .map(|name| name.to_string_lossy())
        .is_some_and(|name| {
            ["dsset-", "keyset-"]
                .iter()
                .any(|prefix| name.len() > prefix.len() && name.starts_with(prefix))
        })
}

/// Is the file a repository's documentation (`README`, `NOTES.txt`, `INSTALL`), whatever it
/// quotes? A README that shows an example zone (Rosuav/bindfiles: prose, then an SOA to copy)
/// read as a zone is one SYN error after another. Only a walk (and `--only-zones`) asks: a
/// file named on purpose is read.
fn is_documentation(path: &Path) -> bool {
    const NAMES: &[&str] = &[
        "readme",
        "notes",
        "changelog",
        "changes",
        "news",
        "license",
        "licence",
        "copying",
        "authors",
        "contributing",
        "install",
        "todo",
        "hacking",
        "history",
    ];
    // The name alone or with a text extension: `news.example.com` is a zone.
    const EXTENSIONS: &[&str] = &[
        "", "txt", "md", "markdown", "rst", "adoc", "asciidoc", "html",
    ];
    path.file_name()
        .map(|name| name.to_string_lossy().to_ascii_lowercase())
        .is_some_and(|name| {
            let (stem, extension) = name.split_once('.').unwrap_or((&name, ""));
            NAMES.contains(&stem) && EXTENSIONS.contains(&extension)
        })
}

/// Does the start of a file hold a template's placeholders (`$ORIGIN {{ zonename }}.`,
/// `{% for host in hosts %}`, `<%= time() %>`: Jinja, Go templates, Liquid, ERB, EPP), the
/// source a zone is made from at deploy time whatever its name (wikimedia/operations-dns
/// keeps ~80 such files named as zones)? Its placeholders are no master-file syntax, and the
/// `$INCLUDE`d files it names may be generated. Only a walk (and `--only-zones`) asks: a file named on purpose is read.
pub(crate) fn is_template_text(head: &[u8]) -> bool {
    // Every file of a walk is asked, and nearly none has either opening: one search over
    // the whole head says so, before the lines are looked at.
    if memchr::memmem::find(head, b"{{").is_none()
        && memchr::memmem::find(head, b"{%").is_none()
        && memchr::memmem::find(head, b"<%").is_none()
    {
        return false;
    }
    head.split(|&b| b == b'\n').any(|line| {
        // A comment may quote anything.
        let line = line.split(|&b| b == b';').next().unwrap_or(line);
        let after = |open: &[u8], close: &[u8]| {
            line.windows(open.len())
                .position(|w| w == open)
                .is_some_and(|at| {
                    line[at + open.len()..]
                        .windows(close.len())
                        .any(|w| w == close)
                })
        };
        // Jinja, Go, Mustache and Liquid; ERB and Puppet's EPP (`<%= time() %>`, snonux's
        // Rex templates).
        after(b"{{", b"}}") || after(b"{%", b"%}") || after(b"<%", b"%>")
    })
}

/// Does a file's first line that is not blank or a comment start a master file: a
/// `$ORIGIN`, `$TTL` or `$INCLUDE` directive, or an SOA record? For files whose name says
/// they may be something else ([`classify`]).
fn starts_as_zone(head: &[u8]) -> bool {
    matches!(
        master_file_lines(head).next(),
        Some(HeadLine::Directive { generate: false } | HeadLine::Record(RType::SOA))
    )
}

/// Does the start of a file read like a master file? A file named like a zone needs one
/// record line; any other file needs a directive or two record lines. A record line is an
/// owner (or a leading blank), an optional TTL and class, a known type, and RDATA that parses
/// for that type, so that prose such as "moved mail in MX list" is not taken for a zone.
pub fn looks_like_zone(head: &[u8], named_like_zone: bool) -> bool {
    if head.contains(&0) && !named_like_zone {
        return false;
    }
    let needed = if named_like_zone { 1 } else { 2 };
    let mut records = 0;
    for line in master_file_lines(head).take(64) {
        match line {
            // A directive or an SOA settles it; other records need company in a file not
            // named as a zone.
            HeadLine::Directive { .. } | HeadLine::Record(RType::SOA) => return true,
            HeadLine::Record(_) => {
                records += 1;
                if records >= needed {
                    return true;
                }
            }
            HeadLine::Other => {}
        }
    }
    false
}

/// What a line of a file's head is to a master file.
enum HeadLine {
    /// `$ORIGIN`, `$TTL`, `$INCLUDE` or `$GENERATE` with an argument, in the first column.
    Directive {
        generate: bool,
    },
    /// A record line of this type ([`record_line`]).
    Record(RType),
    Other,
}

/// The lines of `head` that are not blank or a comment, as [`HeadLine`]s. Line by line, each
/// made text only when it is looked at: most files settle it on their first lines, and a
/// repository of many zones has every file's head looked at.
fn master_file_lines(head: &[u8]) -> impl Iterator<Item = HeadLine> + '_ {
    head.split(|&b| b == b'\n')
        .map(|line| String::from_utf8_lossy(line.strip_suffix(b"\r").unwrap_or(line)))
        .filter(|l| !l.split(';').next().unwrap_or("").trim().is_empty())
        .map(|line| {
            let content = line.split(';').next().unwrap_or("");
            let words: Vec<&str> = content.split_whitespace().collect();
            let blank_owner = line.starts_with([' ', '\t']);
            let directive = words[0].to_ascii_uppercase();
            if !blank_owner
                && matches!(
                    directive.as_str(),
                    "$ORIGIN" | "$TTL" | "$INCLUDE" | "$GENERATE"
                )
                && words.len() >= 2
            {
                return HeadLine::Directive {
                    generate: directive == "$GENERATE",
                };
            }
            record_line(blank_owner, &words).map_or(HeadLine::Other, HeadLine::Record)
        })
}

/// The type of a record line, or None when the line is not one.
fn record_line(blank_owner: bool, words: &[&str]) -> Option<crate::model::RType> {
    use crate::model::{Class, RType};
    use crate::parse::rdata::{Piece, parse_rdata};
    let mut rest = words;
    if !blank_owner {
        let (owner, tail) = rest.split_first()?;
        let plausible = *owner == "@"
            || owner.bytes().all(|b| {
                b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'*' | b'\\' | b'/')
            });
        if !plausible {
            return None;
        }
        rest = tail;
    }
    let mut rtype = None;
    while let Some((word, tail)) = rest.split_first() {
        rest = tail;
        if word.bytes().next().is_some_and(|b| b.is_ascii_digit())
            && crate::parse::text::parse_ttl(word.as_bytes()).is_some()
        {
            continue;
        }
        if Class::from_mnemonic(word.as_bytes()).is_some() && !word.eq_ignore_ascii_case("ANY") {
            continue;
        }
        rtype = RType::from_mnemonic(word.as_bytes()).filter(|t| !t.is_meta());
        break;
    }
    let rtype = rtype?;
    if rest.first() == Some(&"(") || rest.iter().any(|w| w.contains('(')) {
        // A record spread over lines: the type alone has to do (an SOA usually).
        return (rtype == RType::SOA && rest.len() >= 2).then_some(rtype);
    }
    if rest.iter().any(|w| w.contains('"')) {
        return (matches!(rtype.0, 16 | 99 | 257 | 13) && !rest.is_empty()).then_some(rtype);
    }
    let origin = crate::name::Name::from_ascii("example.").ok();
    let pieces: Vec<Piece<'_>> = rest
        .iter()
        .map(|w| Piece {
            text: w.as_bytes(),
            span: (0, 0),
            quoted: false,
        })
        .collect();
    (!pieces.is_empty() && parse_rdata(rtype, Class::IN, origin.as_ref(), &pieces, (0, 0)).is_ok())
        .then_some(rtype)
}

/// File-name endings that say "a copy of" or "a text of" a zone, not a zone name's last label.
const NOISE_SUFFIXES: &[&str] = &[
    "txt", "bak", "old", "new", "orig", "save", "backup", "tmp", "dist", "sample", "signed",
    "conf", "in", "jnl",
];

/// Names of the root zone's files (`named.root` as BIND's guides name the hints, IANA's
/// `root.zone`): the root, whatever they hold.
const ROOT_FILE_NAMES: &[&str] = &[
    "named.root",
    "named.ca",
    "named.cache",
    "db.root",
    "db.cache",
    "root.zone",
    "root.db",
    "root.hints",
    "root.hint",
    "root.cache",
];

/// A hints file's name with a prefix (`dn11_named.root`, `lab-named.cache`, `fb.root.hints`):
/// the root's NS records for a private root or another view. Only the hints' names that no
/// domain ends in: a zone file named `x.root.zone` or `un-named.ca` is a zone of its own.
fn is_prefixed_hints(file_name: &str) -> bool {
    let lower = file_name.to_ascii_lowercase();
    // Not `named.ca`: `.ca` is a top-level domain (`un-named.ca`).
    ["named.root", "named.cache", "root.hints", "root.hint"]
        .iter()
        .any(|hints| {
            lower
                .strip_suffix(hints)
                .and_then(|prefix| prefix.chars().last())
                .is_some_and(|separator| matches!(separator, '_' | '-' | '.'))
        })
}

/// Names of split-horizon views that files of a zone's view copies end with. Not `internal`,
/// `lan` or `int`: zones of those names are common (`corp.internal`, `office.lan`, the `.int`
/// top-level domain), also below a label that is a top-level domain (`app.dev.internal`).
const VIEW_SUFFIXES: &[&str] = &["external", "ext", "public", "private", "inside", "outside"];

/// Labels that mark a reverse zone's file (`example.com.rev`, `db.lab.rvs.146`).
const REVERSE_MARKERS: &[&str] = &["rev", "reverse", "rvs", "inv", "ptr"];

/// The zone name a file's name suggests: `example.com.zone`, `example.com.db`,
/// `db.example.com`, `example.com`, `example.com.`, also as `.txt`, `.bak`, `.signed` copies
/// and `zone-example.com`. None when it does not look like a domain.
pub fn origin_from_file_name(path: &Path) -> Option<String> {
    let mut name = path.file_name()?.to_string_lossy().into_owned();
    if let Some(reverse) = reverse_origin_from_octets(&name) {
        return Some(reverse);
    }
    // The root's own files: a root zone served locally (RFC 8806, DNS labs) or the hints.
    if ROOT_FILE_NAMES.contains(&name.to_ascii_lowercase().as_str()) || is_prefixed_hints(&name) {
        return Some(".".to_string());
    }
    // `example.com.rev` (as tutorials name it) is the reverse zone of example.com's network,
    // not example.com: only a name that is itself reverse gives its origin.
    let mut reverse = false;
    // Peel copy markers and zone extensions from the end, in any order (`x.zone.bak`,
    // `db.x.new`, `x.db.1`).
    loop {
        let lower = name.to_ascii_lowercase();
        let Some((stem, last)) = lower.rsplit_once('.') else {
            break;
        };
        let number = !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit());
        // `db.cslabs.rvs.146`: a number after a reverse marker is the network's octet, not a
        // copy's number, and which network's reverse zone it is the name does not say.
        if number && REVERSE_MARKERS.contains(&stem.rsplit('.').next().unwrap_or("")) {
            return None;
        }
        // A split-horizon view's copy (Rosuav/bindfiles' `rosuav.com.external`): a view name
        // after a name that already ends in a top-level domain (`corp.internal` is a zone).
        let view = VIEW_SUFFIXES.contains(&last)
            && stem.contains('.')
            && stem
                .rsplit('.')
                .next()
                .is_some_and(crate::rules::names::missing_trailing_dot::is_tld);
        let peel = NOISE_SUFFIXES.contains(&last)
            || ZONE_EXTENSIONS.iter().any(|e| *e == last && *e != "arpa")
            || (number && stem.contains('.'))
            || view;
        if !peel {
            break;
        }
        reverse |= last == "rev" || last == "reverse";
        name.truncate(stem.len());
    }
    let lower = name.to_ascii_lowercase();
    for prefix in ["db.", "zone-", "zone."] {
        if lower.starts_with(prefix) && lower.len() > prefix.len() {
            name = name[prefix.len()..].to_string();
            break;
        }
    }
    // `rev.1.168.192.in-addr.arpa` (sacarlson/mini_isp): a reverse marker before a name
    // that is a reverse zone already.
    let lower = name.to_ascii_lowercase();
    for prefix in ["rev.", "reverse."] {
        if let Some(rest) = lower.strip_prefix(prefix)
            && (rest.ends_with(".in-addr.arpa") || rest.ends_with(".ip6.arpa"))
        {
            name = name[prefix.len()..].to_string();
            break;
        }
    }
    // `master_db.example`, `slave-db.example`: a marker, not a label of the zone's name. What
    // follows it names the zone even as one label (Freifunk Bodensee's `master_db.ffbsee`
    // holds zone `ffbsee`), where `db.local` or `db.empty` do not name `local.` or `empty.`.
    let mut marked = false;
    if let Some((first, rest)) = name.split_once('.') {
        let first = first.to_ascii_lowercase();
        let marker = ["master", "slave", "primary", "secondary", "pri", "sec"]
            .iter()
            .any(|role| first == format!("{role}_db") || first == format!("{role}-db"));
        if marker {
            name = rest.to_string();
            marked = true;
        }
    }
    let lower = name.to_ascii_lowercase();
    let names_reverse_zone = lower.trim_end_matches('.').ends_with(".in-addr.arpa")
        || lower.trim_end_matches('.').ends_with(".ip6.arpa");
    if reverse && !names_reverse_zone {
        return None;
    }
    let candidate = name.strip_suffix('.').unwrap_or(&name);
    let labels: Vec<&str> = candidate.split('.').collect();
    let looks_like_domain = (labels.len() >= 2 || marked)
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        && labels.last().is_some_and(|tld| {
            let tld = tld.to_ascii_lowercase();
            // dn42, the community network's top-level domain, is the one with digits that
            // zone repositories use (jlu5/ansible-dn42's `highdef.dn42.zone`).
            (tld.bytes().all(|b| b.is_ascii_alphabetic())
                || tld.starts_with("xn--")
                || tld == "dn42")
                && !OTHER_EXTENSIONS.contains(&tld.as_str())
        });
    looks_like_domain.then(|| format!("{candidate}."))
}

/// The reverse zone a file named after its network's octets serves: `db.192.168.1`,
/// `db.1.168.192`, `192.168.1.rev` or `.zone` hold `1.168.192.in-addr.arpa.`,
/// `master_db.10.33` `33.10.in-addr.arpa.`, Debian's `db.127` `127.in-addr.arpa.`. A marker
/// before or after the octets is needed: a bare `10` names nothing.
fn reverse_origin_from_octets(file_name: &str) -> Option<String> {
    let lower = file_name.to_ascii_lowercase();
    let mut octets = lower.as_str();
    let mut marked = false;
    let roles = ["master", "slave", "primary", "secondary", "pri", "sec"];
    let prefixes = ["db.", "zone.", "rev."]
        .into_iter()
        .map(String::from)
        .chain(
            roles
                .iter()
                .flat_map(|role| [format!("{role}_db."), format!("{role}-db.")]),
        );
    for prefix in prefixes {
        if let Some(rest) = octets.strip_prefix(prefix.as_str()) {
            octets = rest;
            marked = true;
            break;
        }
    }
    for suffix in [".zone", ".db", ".rev"] {
        if let Some(rest) = octets.strip_suffix(suffix) {
            octets = rest;
            marked = true;
            break;
        }
    }
    let parts: Vec<&str> = octets.split('.').collect();
    let is_octet = |part: &str| {
        !part.is_empty()
            && part.len() <= 3
            && part.bytes().all(|b| b.is_ascii_digit())
            && (part == "0" || !part.starts_with('0'))
            && part.parse::<u16>().is_ok_and(|value| value <= 255)
    };
    if !marked || parts.len() > 3 || !parts.iter().all(|part| is_octet(part)) {
        return None;
    }
    // One octet names a network only in Debian's own files (`db.0`, `db.127`, `db.255`): the
    // Ubuntu guide's `db.192` holds `1.168.192.in-addr.arpa`. Several are written in address
    // order (`db.192.168.1`) or already reversed (`db.1.168.192`): told apart by a private
    // network's first octet at one end only; otherwise the order is unknown.
    let private_start = |part: &str| matches!(part, "10" | "172" | "192" | "100" | "169");
    let ordered: Vec<&str> = match parts.as_slice() {
        [single] if matches!(*single, "0" | "127" | "255") => parts,
        [_] => return None,
        [first, .., last] => match (private_start(first), private_start(last)) {
            (true, false) => parts.into_iter().rev().collect(),
            (false, true) => parts,
            _ => return None,
        },
        [] => return None,
    };
    Some(format!("{}.in-addr.arpa.", ordered.join(".")))
}

/// The zone a file's name gives only with the help of what the file holds, for names that
/// alone could be anything: `db.lan` or `db.home` (one label: `db.local` and `db.empty` are
/// Debian's files of no zone of that name) and `db.10` (one octet: the Ubuntu guide's `db.192`
/// holds a /24). `head` is the start of the file.
pub fn origin_from_file_name_and_content(path: &Path, head: &[u8]) -> Option<String> {
    let file_name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let stem = file_name
        .strip_prefix("db.")
        .or_else(|| file_name.strip_suffix(".zone"))
        .or_else(|| file_name.strip_suffix(".db"))?;
    let is_label = !stem.is_empty()
        && stem.len() <= 63
        && !stem.starts_with('-')
        && stem.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if !is_label {
        return None;
    }
    if stem.bytes().all(|b| b.is_ascii_digit()) {
        reverse_origin_from_ptr_owners(stem, head)
    } else {
        label_origin_from_soa(stem, head)
    }
}

/// `db.10` is `10.in-addr.arpa.` when every PTR owner the file writes is the other three
/// octets (`124.4.100 IN PTR ...`, mecsys/bind); one-label owners (`1.0.10.in-addr.arpa`, as
/// speedonl/bind-files' named.conf says) or a mix say nothing.
fn reverse_origin_from_ptr_owners(octet: &str, head: &[u8]) -> Option<String> {
    let octet = octet
        .parse::<u16>()
        .ok()
        .filter(|&v| v <= 255 && (octet == "0" || !octet.starts_with('0')))?;
    let is_octet = |label: &str| {
        (1..=3).contains(&label.len())
            && label.bytes().all(|b| b.is_ascii_digit())
            && label.parse::<u16>().is_ok_and(|v| v <= 255)
    };
    let three_octets = |owner: &str| {
        let labels: Vec<&str> = owner.split('.').collect();
        labels.len() == 3 && labels.iter().all(|l| is_octet(l))
    };
    let mut ptr_owners = head_entries(head)
        .into_iter()
        .filter(|words| words.iter().skip(1).any(|w| w.eq_ignore_ascii_case("PTR")))
        .map(|words| words[0].clone())
        .peekable();
    ptr_owners.peek()?;
    ptr_owners
        .all(|owner| three_octets(&owner))
        .then(|| format!("{octet}.in-addr.arpa."))
}

/// `db.lan` is `lan.` when the SOA's server or mailbox is a name one label below it
/// (`ns1.lan.`, `root.lan.`). A name deeper down (`ns1.home.lan.`) is the server of a zone
/// below, which the file may be (`home.lan`): no guess then.
fn label_origin_from_soa(label: &str, head: &[u8]) -> Option<String> {
    let suffix = format!(".{label}.");
    let one_below = |name: &str| {
        let name = name.to_ascii_lowercase();
        name.strip_suffix(&suffix)
            .is_some_and(|first| !first.is_empty() && !first.contains('.'))
    };
    // The SOA entry: `SOA` in the type's place (after the owner, and a TTL or class), then
    // its server and mailbox, on that line or the indented ones after its `(`. One pass.
    let mut names: Vec<String> = Vec::new();
    let mut in_soa = false;
    for line in head_lines(head) {
        let starts_entry = line.starts_with(|c: char| !c.is_whitespace());
        let words: Vec<&str> = line.split_whitespace().collect();
        let after = if in_soa {
            if starts_entry {
                break;
            }
            0
        } else if starts_entry && !line.starts_with('$') {
            let Some(at) = words
                .iter()
                .take(4)
                .skip(1)
                .position(|w| w.eq_ignore_ascii_case("SOA"))
            else {
                continue;
            };
            in_soa = true;
            at + 2
        } else {
            continue;
        };
        names.extend(
            words[after..]
                .iter()
                .filter(|w| **w != "(")
                .map(|w| w.to_string()),
        );
        if names.len() >= 2 {
            break;
        }
    }
    names
        .iter()
        .take(2)
        .any(|name| one_below(name))
        .then(|| format!("{label}."))
}

/// How many of a file's first lines are looked at to corroborate its name.
const HEAD_LINES: usize = 4000;

/// The lines of `head`, each up to a comment, as text (a byte that is not UTF-8, a Latin-1
/// letter in a comment, becomes a replacement character: zone syntax is ASCII).
fn head_lines(head: &[u8]) -> impl Iterator<Item = String> + '_ {
    head.split(|&b| b == b'\n').take(HEAD_LINES).map(|line| {
        let line = line.split(|&b| b == b';').next().unwrap_or_default();
        String::from_utf8_lossy(line).into_owned()
    })
}

/// The words of the entries that start a line (the owner written in the first column). No
/// parse: what a glance at the file shows, to corroborate a file name.
fn head_entries(head: &[u8]) -> Vec<Vec<String>> {
    head_lines(head)
        .filter(|line| line.starts_with(|c: char| !c.is_whitespace() && c != '$'))
        .map(|line| line.split_whitespace().map(str::to_string).collect())
        .collect()
}

/// The files named on the command line are read with (pre-commit passes the files a commit
/// touches): the other files of their zones ([`other_files_of_zones`]) and, under
/// `--only-zones`, the zone files and octoDNS configs beside each named file
/// ([`zones_beside`]). They come back as non-explicit
/// candidates; the caller lints and reports only the zones that hold a named file, and the
/// others are context for the rules that look across zones.
/// `include_dir` is the base for relative `$INCLUDE` paths, as the loader uses it.
pub fn zone_context(
    candidates: &[Candidate],
    include_dir: &Path,
    limits: &crate::limits::Limits,
    threads: usize,
) -> Context {
    let own_zones = other_files_of_zones(candidates, include_dir, limits, threads);
    let known: HashSet<PathBuf> = candidates
        .iter()
        .chain(&own_zones)
        .map(|c| c.resolved.clone())
        .collect();
    let beside = zones_beside(candidates, threads)
        .into_iter()
        .filter(|c| !known.contains(&c.resolved))
        .collect();
    Context { own_zones, beside }
}

/// What [`zone_context`] finds.
pub struct Context {
    /// The other files of the named files' zones: read whatever the config's `exclude` says,
    /// or a named fragment would be linted without the zone that includes it.
    pub own_zones: Vec<Candidate>,
    /// The zones beside the named files (under `--only-zones`), as a walk finds them.
    pub beside: Vec<Candidate>,
}

/// The zone files and octoDNS configs in the directory of each file named under
/// `--only-zones` (not below it), as a walk finds them: the zones a repository keeps side by side, which the rules that look
/// across zones (an MX host's address in a sister zone, a DMARC report authorisation) see in
/// a run over the directory. With them, a pre-commit run says of a file what CI's run over
/// the repository says, without reading the whole repository for each commit.
fn zones_beside(candidates: &[Candidate], threads: usize) -> Vec<Candidate> {
    let mut dirs: Vec<(&Path, &PathBuf)> = candidates
        .iter()
        // Under `--only-zones` (pre-commit, the action): named files are taken as a walk
        // takes them, and a walk of their directory has these zones too. Named on purpose
        // without it, a file is linted on its own (a rule's fixture beside others).
        .filter(|c| c.contents.is_none() && c.explicit && !c.insist)
        .filter_map(|c| Some((c.resolved.parent()?, &c.root)))
        .collect();
    dirs.sort();
    dirs.dedup();
    let mut out = Vec::new();
    for (dir, root) in dirs {
        let (listed, _) = list_files_to(dir, true);
        let beside: Vec<PathBuf> = listed
            .into_iter()
            .filter(|path| path.parent() == Some(dir))
            .collect();
        let considered =
            crate::parallel::map_ordered(&beside, crate::parallel::resolve(threads), |path| {
                consider(path, dir, root, dir)
            });
        out.extend(considered.into_iter().filter_map(|c| match c {
            Considered::Candidate(candidate) => Some(candidate),
            _ => None,
        }));
    }
    out
}

/// The other files that make up the zones of the named files, so that whole zones are linted
/// when only some of their files are named: a BIND zone file that `$INCLUDE`s a named file
/// (directly or through other includes), and for YAML, the octoDNS configs of the project and
/// the other files of a named file's split directory.
fn other_files_of_zones(
    candidates: &[Candidate],
    include_dir: &Path,
    limits: &crate::limits::Limits,
    threads: usize,
) -> Vec<Candidate> {
    // A named zone file that opens its zone (an SOA, with a TTL for it) is a zone's main
    // file: nothing includes it. Only fragments (and YAML, whose config may live elsewhere)
    // need the project searched.
    let explicit: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| c.contents.is_none())
        .filter(|c| c.explicit && (c.kind == FileKind::Yaml || !opens_its_zone(&c.resolved)))
        .collect();
    if explicit.is_empty() {
        return Vec::new();
    }
    let known: HashSet<PathBuf> = candidates.iter().map(|c| c.resolved.clone()).collect();
    let mut roots: Vec<&PathBuf> = explicit.iter().map(|c| &c.root).collect();
    roots.sort();
    roots.dedup();
    let include_dir = include_dir
        .canonicalize()
        .unwrap_or_else(|_| include_dir.to_path_buf());
    let mut out = Vec::new();
    for root in roots {
        let here: Vec<&&Candidate> = explicit.iter().filter(|c| &c.root == root).collect();
        let mut bind_targets: Vec<PathBuf> = here
            .iter()
            .filter(|c| c.kind == FileKind::Bind)
            .map(|c| c.resolved.clone())
            .collect();
        let yaml_named: Vec<PathBuf> = here
            .iter()
            .filter(|c| c.kind == FileKind::Yaml)
            .map(|c| c.resolved.clone())
            .collect();
        // What cannot be read here was not named: the run reports only the named paths.
        let walked = walk(root, root, root, threads);
        let project_files = files_by_name(root, walked.listed.iter().chain(&bind_targets));
        let (bind_files, yaml_files): (Vec<Candidate>, Vec<Candidate>) = walked
            .candidates
            .into_iter()
            .partition(|c| c.kind == FileKind::Bind);
        // Zone files that include a named file, then the files that include those, ...: each
        // file is read once for the files it includes, then the includers are found by
        // walking that graph backwards, no further than the loader follows includes.
        // (Rescanning every file for each level took minutes on a 1,000-file chain.)
        // Only named fragments need their includers: a run that names YAML files alone (a
        // pre-commit run on octoDNS files) reads no zone file for its `$INCLUDE`s.
        let scanned = if bind_targets.is_empty() {
            Vec::new()
        } else {
            crate::parallel::map_ordered(&bind_files, crate::parallel::resolve(threads), |file| {
                included_files(
                    &file.resolved,
                    &include_dir,
                    root,
                    limits.file_size,
                    &project_files,
                )
            })
        };
        let mut includers: HashMap<PathBuf, Vec<usize>> = HashMap::new();
        for (index, targets) in scanned.into_iter().enumerate() {
            for target in targets {
                includers.entry(target).or_default().push(index);
            }
        }
        let mut targets: HashSet<PathBuf> = bind_targets.drain(..).collect();
        let mut level: Vec<PathBuf> = targets.iter().cloned().collect();
        level.sort();
        for _ in 0..=limits.include_depth {
            let mut found: Vec<usize> = level
                .iter()
                .filter_map(|target| includers.get(target))
                .flatten()
                .copied()
                .collect();
            found.sort_unstable();
            found.dedup();
            let mut next = Vec::new();
            for index in found {
                let file = &bind_files[index];
                // Named files and files already added are targets already.
                if !targets.insert(file.resolved.clone()) {
                    continue;
                }
                out.push(file.clone());
                next.push(file.resolved.clone());
            }
            if next.is_empty() {
                break;
            }
            level = next;
        }
        if !yaml_named.is_empty() {
            for file in yaml_files {
                let canonical = &file.resolved;
                let sibling = yaml_named.iter().any(|named| {
                    named.parent() == canonical.parent()
                        && named
                            .parent()
                            .and_then(Path::file_name)
                            .is_some_and(|dir| dir.to_string_lossy().ends_with('.'))
                });
                if sibling || is_octodns_config(canonical) {
                    out.push(file);
                }
            }
        }
    }
    out.retain(|c| !known.contains(&c.resolved));
    out
}

/// Does the file start with an SOA record (judged from its text: an `SOA` word before any
/// comment, in its first 64 KiB)?
/// Does the file open a zone: an SOA, and a TTL for it (a `$TTL` or `$ORIGIN` line, or a TTL
/// on the SOA's own line)? A shared fragment that holds the SOA (`@ IN SOA ...` in
/// `includes/soa.inc`, which zones `$INCLUDE` after their `$TTL`) has none: it takes both
/// from the file that includes it.
fn opens_its_zone(resolved: &Path) -> bool {
    // The SOA opens a zone: the head of the file is enough, however large the zone.
    let Ok(bytes) = paths::read_head(resolved, SNIFF_BYTES as u64 * 8) else {
        return false;
    };
    let text = String::from_utf8_lossy(&bytes);
    let mut soa = false;
    let mut ttl = false;
    for line in text.lines() {
        let content = line.split(';').next().unwrap_or("");
        let words: Vec<&str> = content.split_whitespace().take(5).collect();
        let Some(first) = words.first() else {
            continue;
        };
        if !line.starts_with([' ', '\t'])
            && (first.eq_ignore_ascii_case("$TTL") || first.eq_ignore_ascii_case("$ORIGIN"))
        {
            ttl = true;
        }
        if let Some(at) = words.iter().position(|w| w.eq_ignore_ascii_case("SOA")) {
            soa = true;
            ttl |= words[..at]
                .iter()
                .any(|w| crate::parse::text::parse_ttl(w.as_bytes()).is_some());
        }
        if soa && ttl {
            return true;
        }
    }
    false
}

/// The files a zone file `$INCLUDE`s, resolved inside the root as the loader resolves them
/// (only lines that start with `$INCLUDE`; a file too large to lint is not read), and for a
/// path outside the project, the project's file the loader reads in its place
/// ([`crate::load::stand_in`] among `project_files`).
fn included_files(
    resolved: &Path,
    include_dir: &Path,
    root: &Path,
    max_size: u64,
    project_files: &FilesByName,
) -> Vec<PathBuf> {
    let Ok(file) = paths::open(resolved) else {
        return Vec::new();
    };
    if file.metadata().is_ok_and(|m| m.len() > max_size) {
        return Vec::new();
    }
    // Line by line: only `$INCLUDE` lines matter, and the file may be a large zone.
    let reader = std::io::BufReader::new(std::io::Read::take(file, max_size));
    let dir = resolved.parent();
    let mut out = Vec::new();
    for line in std::io::BufRead::split(reader, b'\n') {
        let Ok(line) = line else {
            break;
        };
        if line.len() < 8 || !line[..8].eq_ignore_ascii_case(b"$INCLUDE") {
            continue;
        }
        let line = String::from_utf8_lossy(&line);
        let Some(rest) = line
            .get(..8)
            .filter(|head| head.eq_ignore_ascii_case("$INCLUDE"))
            .map(|_| &line[8..])
        else {
            continue;
        };
        let Some(written) = rest.split_whitespace().next() else {
            continue;
        };
        let written = written.trim_matches('"');
        let found = crate::load::include_candidates(Path::new(written), dir, include_dir, root)
            .iter()
            .find_map(|p| paths::resolve_file(root, root, p).ok());
        out.extend(found.or_else(|| {
            let includer = resolved.strip_prefix(root).ok()?;
            let stand_in = crate::load::stand_in(written, includer, project_files)?;
            paths::resolve_file(root, root, &root.join(stand_in)).ok()
        }));
    }
    out
}

/// An octoDNS main config: top-level `providers:` and `zones:` keys.
pub fn is_octodns_config(resolved: &Path) -> bool {
    let Ok(head) = paths::read_head(resolved, SNIFF_BYTES as u64 * 8) else {
        return false;
    };
    let text = String::from_utf8_lossy(&head);
    let top = |key: &str| text.lines().any(|l| l.starts_with(key));
    top("providers:") && top("zones:")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_from_one_label_names_and_what_the_file_holds() {
        let origin = |name: &str, text: &str| {
            origin_from_file_name_and_content(Path::new(name), text.as_bytes())
        };
        // A homelab's `db.lan` (JohanLindqvistR/homelab): the SOA's server is under `lan.`.
        let lan = "$TTL 604800\n@ IN SOA ns1.lan. root.lan. (\n 2 604800 86400 2419200 604800 )\n@ IN NS ns1.lan.\n";
        assert_eq!(origin("db.lan", lan).as_deref(), Some("lan."));
        // The SOA's names on the lines after it, after its `(`.
        let split = "@ IN SOA (\n ns.home. ; server\n admin.home. 1 2 3 4 5 )\n";
        assert_eq!(origin("db.home", split).as_deref(), Some("home."));
        // Not when the SOA names another domain (COSI-Lab/zones' `db.csprojects`), nor for
        // Debian's `db.local` (`localhost.`).
        let other = "@ IN SOA talos.cslabs.clarkson.edu. root.clarkson.edu. 1 2 3 4 5\n";
        assert_eq!(origin("db.csprojects", other), None);
        let local = "@ IN SOA localhost. root.localhost. 1 2 3 4 5\n";
        assert_eq!(origin("db.local", local), None);
        // `db.10` (mecsys/bind) whose PTR owners are the other three octets.
        let ten = "@ IN SOA ns.example.br. h.example.br. 1 2 3 4 5\n@ IN NS ns.example.br.\n124.4.100 IN PTR ns.example.br.\n";
        assert_eq!(origin("db.10", ten).as_deref(), Some("10.in-addr.arpa."));
        // One-label owners: `1.0.10.in-addr.arpa` as its named.conf says (speedonl); the
        // Ubuntu guide's `db.192` for 1.168.192; no PTR at all.
        let one = "@ IN SOA ns.example. h.example. 1 2 3 4 5\n60 IN PTR a.example.\n";
        assert_eq!(origin("db.10", one), None);
        assert_eq!(origin("db.192", one), None);
        let mixed = "1.2.3 IN PTR a.example.\n4 IN PTR b.example.\n";
        assert_eq!(origin("db.10", mixed), None);
        assert_eq!(
            origin("db.10", "@ IN SOA ns.example. h.example. 1 2 3 4 5\n"),
            None
        );
        assert_eq!(origin("db.300", ten), None);
        // A server deeper below the label is a zone below's (`db.lan` of `home.lan`); `SOA`
        // only in the type's place, not in a TXT string.
        let deeper = "@ IN SOA ns1.home.lan. admin.home.lan. ( 3 604800 86400 2419200 604800 )\n";
        assert_eq!(origin("db.lan", deeper), None);
        let in_text = "note IN TXT \"SOA ns1.lan. root.lan.\"\n";
        assert_eq!(origin("db.lan", in_text), None);
        // A byte that is not UTF-8 in a comment above the SOA (a Latin-1 letter).
        let latin1 = [b"; Zone f\xfcr das Heimnetz\n".as_slice(), lan.as_bytes()].concat();
        assert_eq!(
            origin_from_file_name_and_content(Path::new("db.lan"), &latin1).as_deref(),
            Some("lan.")
        );
    }

    #[test]
    fn origins_from_names() {
        let origin = |s: &str| origin_from_file_name(Path::new(s));
        assert_eq!(
            origin("zones/example.com.zone").as_deref(),
            Some("example.com.")
        );
        assert_eq!(origin("example.com.db").as_deref(), Some("example.com."));
        assert_eq!(origin("db.example.com").as_deref(), Some("example.com."));
        assert_eq!(origin("example.com").as_deref(), Some("example.com."));
        assert_eq!(
            origin("highdef.dn42.zone").as_deref(),
            Some("highdef.dn42.")
        );
        assert_eq!(origin("backup.v2"), None);
        // A reverse marker before a reverse zone's name; not before a forward name, which may
        // have a host called `rev`.
        assert_eq!(
            origin("rev.1.168.192.in-addr.arpa").as_deref(),
            Some("1.168.192.in-addr.arpa.")
        );
        assert_eq!(
            origin("rev.example.com").as_deref(),
            Some("rev.example.com.")
        );
        assert_eq!(
            origin("2.0.192.in-addr.arpa.").as_deref(),
            Some("2.0.192.in-addr.arpa.")
        );
        assert_eq!(origin("bad1.db"), None);
        assert_eq!(origin("Makefile"), None);
        // Copies and exports keep the zone's name.
        assert_eq!(origin("rexroof.com.txt").as_deref(), Some("rexroof.com."));
        assert_eq!(
            origin("contoso.com.zone.bak").as_deref(),
            Some("contoso.com.")
        );
        assert_eq!(
            origin("db.contoso.com.new").as_deref(),
            Some("contoso.com.")
        );
        assert_eq!(
            origin("db.uitoux.com.save.1").as_deref(),
            Some("uitoux.com.")
        );
        assert_eq!(
            origin("zone-programmer.io").as_deref(),
            Some("programmer.io.")
        );
        assert_eq!(
            origin("example.com.zone.signed").as_deref(),
            Some("example.com.")
        );
        assert_eq!(origin("notes.txt"), None);
        assert_eq!(origin("config.json"), None);
        // `.rev` marks a reverse zone: the forward name before it is not the zone's.
        assert_eq!(origin("example.org.rev"), None);
        assert_eq!(origin("db.example.org.rev"), None);
        assert_eq!(
            origin("2.0.192.in-addr.arpa.rev").as_deref(),
            Some("2.0.192.in-addr.arpa.")
        );
        assert_eq!(origin("example.org.fwd").as_deref(), Some("example.org."));
        // notarobot767/dns-bind9's `ogrydziak.net.forward.zone`.
        assert_eq!(
            origin("ogrydziak.net.forward.zone").as_deref(),
            Some("ogrydziak.net.")
        );
        assert_eq!(origin("example.org.reverse.zone"), None);
        // COSI-Lab/zones' `db.cslabs.rvs.146`: the reverse zone of a /24 the name does not
        // give, not `cslabs.rvs.` (nor one zone with `.145` and `.144`).
        assert_eq!(origin("db.cslabs.rvs.146"), None);
        assert_eq!(origin("db.example.com.2").as_deref(), Some("example.com."));
        // A split-horizon view's copy (Rosuav/bindfiles); a zone under a private TLD stays.
        assert_eq!(
            origin("rosuav.com.external").as_deref(),
            Some("rosuav.com.")
        );
        assert_eq!(
            origin("db.example.org.public").as_deref(),
            Some("example.org.")
        );
        // Private zones, whose first label may be a top-level domain (`dev`, `app`).
        for zone in [
            "corp.internal",
            "home.lan",
            "dev.internal",
            "prod.lan",
            "office.lan",
            "app.dev.internal",
            "dev.external",
        ] {
            assert_eq!(
                origin(zone).as_deref(),
                Some(format!("{zone}.").as_str()),
                "{zone}"
            );
        }
        // The root's files (egegirit/dns-analyse serves `named.root` as zone `.`).
        for root in [
            "named.root",
            "root.zone",
            "db.root",
            "named.ca",
            "root.hints",
        ] {
            assert_eq!(origin(root).as_deref(), Some("."), "{root}");
        }
        // Hints files with a prefix (hdu-dn11/registry-root's `dn11_named.root`), not zones
        // `dn11_named.root.`; a zone file whose name only ends in `root` keeps its name.
        for hints in ["dn11_named.root", "lab-named.cache", "fb.root.hints"] {
            assert_eq!(origin(hints).as_deref(), Some("."), "{hints}");
        }
        assert_eq!(origin("un-named.ca").as_deref(), Some("un-named.ca."));
        assert_eq!(
            origin("example.root.zone").as_deref(),
            Some("example.root.")
        );
        assert_eq!(origin("unnamed.root").as_deref(), Some("unnamed.root."));
        // A file named after its network's octets is that network's reverse zone (Debian's
        // `db.127`, the `db.192.168.1` of OpenShift's install guides).
        assert_eq!(
            origin("db.192.168.1").as_deref(),
            Some("1.168.192.in-addr.arpa.")
        );
        assert_eq!(origin("db.127").as_deref(), Some("127.in-addr.arpa."));
        assert_eq!(
            origin("master_db.10.33").as_deref(),
            Some("33.10.in-addr.arpa.")
        );
        assert_eq!(
            origin("192.0.2.rev").as_deref(),
            Some("2.0.192.in-addr.arpa.")
        );
        assert_eq!(
            origin("db.1.168.192").as_deref(),
            Some("1.168.192.in-addr.arpa.")
        );
        // The Ubuntu guide's `db.192` is `1.168.192.in-addr.arpa`: one octet says too little.
        assert_eq!(origin("db.192"), None);
        assert_eq!(origin("db.203.0.113"), None);
        assert_eq!(origin("db.256.1"), None);
        assert_eq!(origin("db.1.2.3.4"), None);
        assert_eq!(origin("10"), None);
        // A `master_db.` marker is not a label (Freifunk Bodensee's `master_db.ffbsee`).
        assert_eq!(
            origin("master_db.example.org").as_deref(),
            Some("example.org.")
        );
        assert_eq!(origin("master_db.ffbsee").as_deref(), Some("ffbsee."));
        assert_eq!(
            origin("prod-db.example.com").as_deref(),
            Some("prod-db.example.com.")
        );
        assert_eq!(origin("db.local"), None);
        assert_eq!(
            origin("_msdcs.corp.example.com.dns").as_deref(),
            Some("_msdcs.corp.example.com.")
        );
    }

    #[test]
    fn sniffing() {
        assert!(looks_like_zone(b"$TTL 3600\n", false));
        assert!(looks_like_zone(
            b"; comment\n@ IN SOA ns h 1 2 3 4 5\n",
            false
        ));
        assert!(!looks_like_zone(b"www IN A 192.0.2.1\n", false));
        assert!(!looks_like_zone(b"www A 192.0.2.1\n", false));
        assert!(looks_like_zone(b"www A 192.0.2.1\n", true));
        assert!(!looks_like_zone(b"Plan A is good\nhello\n", false));
        assert!(!looks_like_zone(b"# Title\n\nSome text\n", true));
        // Prose that mentions record types is not a zone.
        assert!(!looks_like_zone(
            b"2024: moved mail in MX list\nnext in A queue\n",
            false
        ));
        assert!(!looks_like_zone(
            b"The SOA record is first\nThe SOA record matters\n",
            false
        ));
        assert!(!looks_like_zone(
            b"rollingstone.com   host output in a course note\n",
            true
        ));
        assert!(looks_like_zone(
            b"@ IN SOA ns1 hostmaster (\n 1 2 3 4 5 )\n",
            false
        ));
        assert!(looks_like_zone(
            b"www IN A 192.0.2.1\nmail IN MX 10 mx.example.net.\n",
            false
        ));
        // Windows line ends, bytes that are not UTF-8 in a comment, a last line cut short.
        assert!(looks_like_zone(
            b"; \xff\xfe notes\r\nwww IN A 192.0.2.1\r\nmail IN MX 10 mx\r\n",
            false
        ));
        assert!(looks_like_zone(
            b"\r\nwww IN A 192.0.2.1\r\nmail IN MX 10 mx",
            false
        ));
        assert!(!looks_like_zone(b"\xff\xfe\r\n\xffA 192.0.2.1\r\n", true));
    }
}
