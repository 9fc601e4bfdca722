//! Finding the files to lint: walk the paths given (honouring `.gitignore`), keep what looks
//! like a zone, skip the rest silently. A file named on the command line is always linted.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};

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
    pub path: PathBuf,
    pub kind: FileKind,
    /// Named on the command line (not found by walking a directory).
    pub explicit: bool,
    /// Named, and to be reported when it turns out not to be a zone (false under
    /// `--only-zones`, where named files are treated as a walk treats them).
    pub insist: bool,
    /// The directory `$INCLUDE` and `!include` may not leave.
    pub root: PathBuf,
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
const ZONE_EXTENSIONS: &[&str] = &[
    "zone", "db", "dns", "bind", "fwd", "rev", "hosts", "signed", "arpa", "zonefile",
];

/// `only_zones`: a named file that does not look like a zone is skipped, as in a walk.
pub fn discover(
    paths: &[PathBuf],
    cwd: &Path,
    only_zones: bool,
) -> Result<Vec<Candidate>, DiscoverError> {
    let mut out = Vec::new();
    for path in paths {
        let metadata = std::fs::metadata(path).map_err(|e| {
            DiscoverError(format!(
                "cannot read `{}`: {}",
                path.display(),
                io_reason(&e)
            ))
        })?;
        let absolute = if path.is_absolute() {
            path.clone()
        } else {
            cwd.join(path)
        };
        if metadata.is_file() {
            let root = project_root(absolute.parent().unwrap_or(cwd), cwd);
            let kind = if only_zones {
                classify(path)
            } else {
                Some(kind_of_explicit(path))
            };
            let Some(kind) = kind else { continue };
            out.push(Candidate {
                kind,
                path: path.clone(),
                explicit: true,
                insist: !only_zones,
                root,
            });
            continue;
        }
        let root = project_root(&absolute, cwd);
        let walker = ignore::WalkBuilder::new(path)
            .require_git(false)
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            let entry = entry
                .map_err(|e| DiscoverError(format!("cannot walk `{}`: {e}", path.display())))?;
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let file = entry.into_path();
            if let Some(kind) = classify(&file) {
                out.push(Candidate {
                    path: file,
                    kind,
                    explicit: false,
                    insist: false,
                    root: root.clone(),
                });
            }
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out.dedup_by(|a, b| a.path == b.path);
    Ok(out)
}

pub fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => error.to_string(),
    }
}

/// The top of the git work tree holding `dir`, else the working directory when `dir` is below
/// it, else `dir` itself.
pub fn project_root(dir: &Path, cwd: &Path) -> PathBuf {
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let cwd = cwd.canonicalize().unwrap_or_else(|_| cwd.to_path_buf());
    if let Some(top) = dir.ancestors().find(|a| a.join(".git").exists()) {
        return top.to_path_buf();
    }
    if dir.starts_with(&cwd) { cwd } else { dir }
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

/// Decide from the name, then (for BIND candidates) from the first bytes.
fn classify(path: &Path) -> Option<FileKind> {
    if is_yaml(path) {
        return Some(FileKind::Yaml);
    }
    let file_name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let extension = extension(path);
    // BIND's test templates: example.db.in
    let stem_extension = file_name
        .strip_suffix(".in")
        .and_then(|stem| stem.rsplit_once('.'))
        .map(|(_, e)| e.to_string());
    let named_like_zone = extension
        .as_deref()
        .is_some_and(|e| ZONE_EXTENSIONS.contains(&e))
        || stem_extension
            .as_deref()
            .is_some_and(|e| ZONE_EXTENSIONS.contains(&e))
        || file_name.starts_with("db.")
        || file_name.ends_with('.');
    if !named_like_zone
        && extension
            .as_deref()
            .is_some_and(|e| OTHER_EXTENSIONS.contains(&e))
    {
        return None;
    }
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    std::fs::File::open(path)
        .ok()?
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)
        .ok()?;
    looks_like_zone(&head, named_like_zone).then_some(FileKind::Bind)
}

const SNIFF_BYTES: usize = 8192;

/// Does the start of a file read like a master file? A file named like a zone needs one
/// record line; any other file needs a directive or two record lines. A record line is an
/// owner (or a leading blank), an optional TTL and class, a known type, and RDATA that parses
/// for that type, so that prose such as "moved mail in MX list" is not taken for a zone.
pub fn looks_like_zone(head: &[u8], named_like_zone: bool) -> bool {
    if head.contains(&0) && !named_like_zone {
        return false;
    }
    let text = String::from_utf8_lossy(head);
    let needed = if named_like_zone { 1 } else { 2 };
    let mut records = 0;
    for line in text
        .lines()
        .filter(|l| !l.split(';').next().unwrap_or("").trim().is_empty())
        .take(64)
    {
        let content = line.split(';').next().unwrap_or("");
        let words: Vec<&str> = content.split_whitespace().collect();
        let directive = words[0].to_ascii_uppercase();
        if !line.starts_with([' ', '\t'])
            && matches!(
                directive.as_str(),
                "$ORIGIN" | "$TTL" | "$INCLUDE" | "$GENERATE"
            )
            && words.len() >= 2
        {
            return true;
        }
        if let Some(rtype) = record_line(line.starts_with([' ', '\t']), &words) {
            // An SOA settles it; other records need company in a file not named as a zone.
            if rtype == crate::model::RType::SOA {
                return true;
            }
            records += 1;
            if records >= needed {
                return true;
            }
        }
    }
    false
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

/// The zone name a file's name suggests: `example.com.zone`, `example.com.db`,
/// `db.example.com`, `example.com`, `example.com.`, also as `.txt`, `.bak`, `.signed` copies
/// and `zone-example.com`. None when it does not look like a domain.
pub fn origin_from_file_name(path: &Path) -> Option<String> {
    let mut name = path.file_name()?.to_string_lossy().into_owned();
    // Peel copy markers and zone extensions from the end, in any order (`x.zone.bak`,
    // `db.x.new`, `x.db.1`).
    loop {
        let lower = name.to_ascii_lowercase();
        let Some((stem, last)) = lower.rsplit_once('.') else {
            break;
        };
        let peel = NOISE_SUFFIXES.contains(&last)
            || ZONE_EXTENSIONS.iter().any(|e| *e == last && *e != "arpa")
            || (!last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()) && stem.contains('.'));
        if !peel {
            break;
        }
        name.truncate(stem.len());
    }
    let lower = name.to_ascii_lowercase();
    for prefix in ["db.", "zone-", "zone."] {
        if lower.starts_with(prefix) && lower.len() > prefix.len() {
            name = name[prefix.len()..].to_string();
            break;
        }
    }
    let candidate = name.strip_suffix('.').unwrap_or(&name);
    let labels: Vec<&str> = candidate.split('.').collect();
    let looks_like_domain = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        && labels.last().is_some_and(|tld| {
            let tld = tld.to_ascii_lowercase();
            (tld.bytes().all(|b| b.is_ascii_alphabetic()) || tld.starts_with("xn--"))
                && !OTHER_EXTENSIONS.contains(&tld.as_str())
        });
    looks_like_domain.then(|| format!("{candidate}."))
}

/// The other files that make up the zones of the files named on the command line, so that
/// whole zones are linted when only some of their files are named (pre-commit passes the files
/// a commit touches): a BIND zone file that `$INCLUDE`s a named file (directly or through other
/// includes), and for YAML, the octoDNS configs of the project and the other files of a named
/// file's split directory. They come back as non-explicit candidates; the caller reports only
/// the zones that hold a named file.
/// `include_dir` is the base for relative `$INCLUDE` paths, as the loader uses it.
pub fn zone_context(
    candidates: &[Candidate],
    include_dir: &Path,
    limits: &crate::limits::Limits,
) -> Vec<Candidate> {
    // A named zone file with its own SOA is a zone's main file: nothing includes it. Only
    // fragments (and YAML, whose config may live elsewhere) need the project searched.
    let explicit: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| c.explicit && (c.kind == FileKind::Yaml || !has_soa(&c.path)))
        .collect();
    if explicit.is_empty() {
        return Vec::new();
    }
    let known: std::collections::HashSet<PathBuf> = candidates
        .iter()
        .filter_map(|c| c.path.canonicalize().ok())
        .collect();
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
            .filter_map(|c| c.path.canonicalize().ok())
            .collect();
        let yaml_named: Vec<PathBuf> = here
            .iter()
            .filter(|c| c.kind == FileKind::Yaml)
            .filter_map(|c| c.path.canonicalize().ok())
            .collect();
        let mut bind_files = Vec::new();
        let mut yaml_files = Vec::new();
        let walker = ignore::WalkBuilder::new(root)
            .require_git(false)
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        for entry in walker.flatten() {
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let path = entry.into_path();
            match classify(&path) {
                Some(FileKind::Bind) => bind_files.push(path),
                Some(FileKind::Yaml) => yaml_files.push(path),
                None => {}
            }
        }
        // Zone files that include a named file, then the files that include those, ...: each
        // file is read once for the files it includes, then the includers are found by
        // walking that graph backwards, no further than the loader follows includes.
        // (Rescanning every file for each level took minutes on a 1,000-file chain.)
        let mut includers: HashMap<PathBuf, Vec<usize>> = HashMap::new();
        let mut canonical_files = Vec::with_capacity(bind_files.len());
        for (index, file) in bind_files.iter().enumerate() {
            let canonical = file.canonicalize().ok();
            if canonical.is_some() {
                for target in included_files(file, &include_dir, root, limits.file_size) {
                    includers.entry(target).or_default().push(index);
                }
            }
            canonical_files.push(canonical);
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
                let Some(canonical) = &canonical_files[index] else {
                    continue;
                };
                // Named files and files already added are targets already.
                if !targets.insert(canonical.clone()) {
                    continue;
                }
                out.push(Candidate {
                    path: bind_files[index].clone(),
                    kind: FileKind::Bind,
                    explicit: false,
                    insist: false,
                    root: root.clone(),
                });
                next.push(canonical.clone());
            }
            if next.is_empty() {
                break;
            }
            level = next;
        }
        if !yaml_named.is_empty() {
            for file in &yaml_files {
                let Ok(canonical) = file.canonicalize() else {
                    continue;
                };
                let sibling = yaml_named.iter().any(|named| {
                    named.parent() == canonical.parent()
                        && named
                            .parent()
                            .and_then(Path::file_name)
                            .is_some_and(|dir| dir.to_string_lossy().ends_with('.'))
                });
                if sibling || is_octodns_config(file) {
                    out.push(Candidate {
                        path: file.clone(),
                        kind: FileKind::Yaml,
                        explicit: false,
                        insist: false,
                        root: root.clone(),
                    });
                }
            }
        }
    }
    out.retain(|c| c.path.canonicalize().map_or(true, |p| !known.contains(&p)));
    out
}

/// Does the file start with an SOA record (judged from its text: an `SOA` word before any
/// comment, in its first 64 KiB)?
fn has_soa(path: &Path) -> bool {
    // The SOA opens a zone: the head of the file is enough, however large the zone.
    let mut bytes = Vec::with_capacity(SNIFF_BYTES * 8);
    let read = std::fs::File::open(path)
        .and_then(|f| f.take(SNIFF_BYTES as u64 * 8).read_to_end(&mut bytes));
    if read.is_err() {
        return false;
    }
    String::from_utf8_lossy(&bytes).lines().any(|line| {
        let content = line.split(';').next().unwrap_or("");
        content
            .split_whitespace()
            .take(5)
            .any(|word| word.eq_ignore_ascii_case("SOA"))
    })
}

/// The files a zone file `$INCLUDE`s, canonical, resolving paths as the loader does (only
/// lines that start with `$INCLUDE`; a file too large to lint is not read).
fn included_files(file: &Path, include_dir: &Path, root: &Path, max_size: u64) -> Vec<PathBuf> {
    let too_large = std::fs::metadata(file).is_ok_and(|m| m.len() > max_size);
    if too_large || !file.is_file() {
        return Vec::new();
    }
    // Line by line: only `$INCLUDE` lines matter, and the file may be a large zone.
    let Ok(reader) = std::fs::File::open(file).map(std::io::BufReader::new) else {
        return Vec::new();
    };
    let dir = file
        .canonicalize()
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf));
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
        let written = Path::new(written.trim_matches('"'));
        out.extend(
            crate::load::include_candidates(written, dir.as_deref(), include_dir, root)
                .iter()
                .filter_map(|p| p.canonicalize().ok()),
        );
    }
    out
}

/// An octoDNS main config: top-level `providers:` and `zones:` keys.
fn is_octodns_config(path: &Path) -> bool {
    let mut head = Vec::with_capacity(SNIFF_BYTES * 8);
    let read = std::fs::File::open(path)
        .and_then(|f| f.take(SNIFF_BYTES as u64 * 8).read_to_end(&mut head));
    if read.is_err() {
        return false;
    }
    let text = String::from_utf8_lossy(&head);
    let top = |key: &str| text.lines().any(|l| l.starts_with(key));
    top("providers:") && top("zones:")
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}
