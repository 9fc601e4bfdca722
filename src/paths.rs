//! The one way a path from any input becomes a file zonelint reads.
//!
//! Every path zonelint reads, wherever it was written (a command-line argument, `$INCLUDE`,
//! an octoDNS `!include`, a config's `directory`, `shared_filename`, zone key or
//! `split_extension`, a directory listing, a walk), goes through [`resolve`] and is opened by
//! [`read`] or [`read_head`]:
//!
//! - The path is resolved one component at a time against the project root, following
//!   symbolic links by hand. A step that would look at anything outside the root (other than
//!   the root's own ancestors, which are known to exist) ends the resolution with
//!   [`Refusal::Outside`] before the file system is asked about it, so a refusal is the same
//!   whether or not the outside target exists: an input cannot probe the machine.
//! - Only regular files are opened: the type is checked with `lstat` before opening, the file
//!   is opened with `O_NOFOLLOW | O_NONBLOCK` (a FIFO swapped in cannot block the run) and
//!   checked again with `fstat` on the open handle.
//! - Messages name the path as the input wrote it, never the absolute root.
//!
//! Standard input (`-`) and streams the user names on the command line (`<(...)`,
//! `/dev/stdin`) are read by [`read_stream`], bounded by [`MAX_STREAM_BYTES`]; they never come
//! from a walk or from a file's content.

use std::fs::{File, Metadata};
use std::io::{Read, Seek, SeekFrom};
use std::path::{Component, Path, PathBuf};

/// The most bytes read from standard input or a named pipe.
pub const MAX_STREAM_BYTES: u64 = 256 * 1024 * 1024;

/// Symbolic links followed while resolving one path (Linux's own limit).
const MAX_SYMLINK_HOPS: usize = 40;

/// Why a path is not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The path, or a link on the way, leads outside the project root. Given alike whether
    /// the outside target exists or not.
    Outside,
    /// Inside the root, nothing is there.
    Missing,
    /// A loop of symbolic links inside the root.
    Loop,
    /// Inside the root, but not a regular file (a directory, FIFO, socket or device).
    NotRegular(&'static str),
    /// Inside the root, a regular file that cannot be read (permission, I/O).
    Unreadable(String),
}

impl Refusal {
    /// One line naming the path as the input wrote it.
    pub fn message(&self, written: &str) -> String {
        match self {
            Refusal::Outside => format!(
                "`{written}` leads outside the project; zonelint reads only files inside the git work tree \
                 (or the working directory) and follows no path or link out of it"
            ),
            Refusal::Missing => format!("cannot read `{written}`: no such file or directory"),
            Refusal::Loop => format!("cannot read `{written}`: a loop of symbolic links"),
            Refusal::NotRegular(kind) => {
                format!(
                    "`{written}` is {kind}, not a regular file; zonelint reads only regular files"
                )
            }
            Refusal::Unreadable(reason) => format!("cannot read `{written}`: {reason}"),
        }
    }
}

/// The project root for a run started in `cwd`: the top of the git work tree holding the
/// working directory, else the working directory. Canonical.
pub fn project_root(cwd: &Path) -> PathBuf {
    let cwd = cwd.canonicalize().unwrap_or_else(|_| cwd.to_path_buf());
    git_top(&cwd).unwrap_or(cwd)
}

/// The top of the git work tree holding `dir` (a canonical directory), if any.
pub fn git_top(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .find(|a| a.join(".git").exists())
        .map(Path::to_path_buf)
}

/// The root for a path named on the command line, and the path to resolve in it. A path
/// inside the run's root (as written, before any link is followed) keeps that root: a link
/// there can never move it. Only a path the user wrote that lies outside it (`zonelint check
/// /srv/other-repo`) gets its own root: the git work tree holding the directory it names (its
/// parent, for a file or a link), else that directory.
pub fn root_for_argument(argument: &Path, cwd: &Path, run_root: &Path) -> (PathBuf, PathBuf) {
    let written = cwd.join(argument);
    if normalize(&written).starts_with(run_root) {
        return (run_root.to_path_buf(), argument.to_path_buf());
    }
    // The user wrote these directories: their links are theirs to follow, as the shell
    // follows them, each before the `..` after it (`other/link/../x.zone` is beside the
    // link's target, not in `other`).
    let is_real_directory = std::fs::symlink_metadata(&written).is_ok_and(|m| m.is_dir());
    let (dir, name) = match (is_real_directory, written.parent(), written.file_name()) {
        (false, Some(parent), Some(name)) => (parent.to_path_buf(), Some(name.to_os_string())),
        _ => (written.clone(), None),
    };
    let dir = dir.canonicalize().unwrap_or_else(|_| normalize(&dir));
    let root = git_top(&dir).unwrap_or_else(|| dir.clone());
    let anchored = name.map_or(dir.clone(), |name| dir.join(name));
    (root, anchored)
}

/// `..` and `.` removed without asking the file system.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Resolve `written` (relative to `base`, a canonical directory) inside `root` (canonical).
/// Returns the canonical path of whatever is there (file, directory or other); see
/// [`resolve_file`] and [`resolve_dir`] for a kind checked.
pub fn resolve(root: &Path, base: &Path, written: &Path) -> Result<PathBuf, Refusal> {
    let mut current = if written.is_absolute() {
        PathBuf::from("/")
    } else {
        base.to_path_buf()
    };
    // Components still to walk, last first.
    let mut pending: Vec<std::ffi::OsString> = Vec::new();
    push_components(&mut pending, written);
    let mut hops = 0;
    while let Some(component) = pending.pop() {
        if component == ".." {
            current.pop();
            continue;
        }
        let next = current.join(&component);
        // Only what lies inside the root, or is one of its ancestors (which exist), is ever
        // looked at: anything else is refused before the file system is asked.
        if !next.starts_with(root) {
            if root.starts_with(&next) {
                current = next;
                continue;
            }
            return Err(Refusal::Outside);
        }
        let metadata = match std::fs::symlink_metadata(&next) {
            Ok(metadata) => metadata,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Refusal::Missing),
            Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => {
                return Err(Refusal::Missing);
            }
            Err(e) => return Err(Refusal::Unreadable(io_reason(&e))),
        };
        if metadata.file_type().is_symlink() {
            hops += 1;
            if hops > MAX_SYMLINK_HOPS {
                return Err(Refusal::Loop);
            }
            let target =
                std::fs::read_link(&next).map_err(|e| Refusal::Unreadable(io_reason(&e)))?;
            if target.is_absolute() {
                current = PathBuf::from("/");
            }
            push_components(&mut pending, &target);
            continue;
        }
        current = next;
    }
    if current.starts_with(root) {
        Ok(current)
    } else {
        Err(Refusal::Outside)
    }
}

/// The named components of `path`, in order, without its root, `.` and `..`: what a path
/// written for another machine (`/etc/bind/db.local`, a container's `/app/named/zone.conf`) is
/// matched by against the project's files.
pub fn named_parts(path: &Path) -> Vec<&std::ffi::OsStr> {
    path.components()
        .filter_map(|part| match part {
            Component::Normal(part) => Some(part),
            _ => None,
        })
        .collect()
}

fn push_components(pending: &mut Vec<std::ffi::OsString>, path: &Path) {
    let components: Vec<std::ffi::OsString> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(name) => Some(name.to_os_string()),
            Component::ParentDir => Some("..".into()),
            Component::CurDir | Component::RootDir | Component::Prefix(_) => None,
        })
        .collect();
    pending.extend(components.into_iter().rev());
}

/// Where the kernel shows itself as files (`/proc/self/environ`, `/proc/kmsg`): never a zone,
/// whatever `stat` says, even when the user names a path there.
const KERNEL_FILE_SYSTEMS: &[&str] = &["/proc", "/sys", "/dev"];

/// [`resolve`], and the result must be a regular file.
pub fn resolve_file(root: &Path, base: &Path, written: &Path) -> Result<PathBuf, Refusal> {
    let path = resolve(root, base, written)?;
    if KERNEL_FILE_SYSTEMS.iter().any(|top| path.starts_with(top)) {
        return Err(Refusal::NotRegular("a kernel file (/proc, /sys, /dev)"));
    }
    let metadata =
        std::fs::symlink_metadata(&path).map_err(|e| Refusal::Unreadable(io_reason(&e)))?;
    regular(&metadata)?;
    Ok(path)
}

/// [`resolve`], and the result must be a directory.
pub fn resolve_dir(root: &Path, base: &Path, written: &Path) -> Result<PathBuf, Refusal> {
    let path = resolve(root, base, written)?;
    let metadata =
        std::fs::symlink_metadata(&path).map_err(|e| Refusal::Unreadable(io_reason(&e)))?;
    if metadata.is_dir() {
        Ok(path)
    } else {
        Err(Refusal::NotRegular(kind_of(&metadata)))
    }
}

/// What a file is, in words, for messages.
pub fn kind_of(metadata: &Metadata) -> &'static str {
    let file_type = metadata.file_type();
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
    }
    if file_type.is_dir() {
        "a directory"
    } else if file_type.is_symlink() {
        "a symbolic link"
    } else if file_type.is_file() {
        "a regular file"
    } else {
        "a special file"
    }
}

fn regular(metadata: &Metadata) -> Result<(), Refusal> {
    if metadata.is_file() {
        Ok(())
    } else {
        Err(Refusal::NotRegular(kind_of(metadata)))
    }
}

/// Open a path [`resolve`] returned, as a regular file only (for reading it in pieces).
pub fn open(path: &Path) -> Result<File, Refusal> {
    open_regular(path)
}

/// Open a path [`resolve`] returned, as a regular file only.
fn open_regular(path: &Path) -> Result<File, Refusal> {
    let metadata =
        std::fs::symlink_metadata(path).map_err(|e| Refusal::Unreadable(io_reason(&e)))?;
    regular(&metadata)?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // A file swapped for a link or a FIFO after the check above is not followed and
        // cannot block the open.
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| {
        if e.raw_os_error() == Some(libc_eloop()) {
            Refusal::Outside
        } else {
            Refusal::Unreadable(io_reason(&e))
        }
    })?;
    let metadata = file
        .metadata()
        .map_err(|e| Refusal::Unreadable(io_reason(&e)))?;
    regular(&metadata)?;
    Ok(file)
}

#[cfg(unix)]
fn libc_eloop() -> i32 {
    libc::ELOOP
}

#[cfg(not(unix))]
fn libc_eloop() -> i32 {
    -1
}

/// The whole of a regular file [`resolve`] returned.
pub fn read(path: &Path) -> Result<Vec<u8>, Refusal> {
    let mut file = open_regular(path)?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)
        .map_err(|e| Refusal::Unreadable(io_reason(&e)))?;
    Ok(bytes)
}

/// The first `limit` bytes of a regular file [`resolve`] returned.
pub fn read_head(path: &Path, limit: u64) -> Result<Vec<u8>, Refusal> {
    let file = open_regular(path)?;
    let mut bytes = Vec::new();
    file.take(limit)
        .read_to_end(&mut bytes)
        .map_err(|e| Refusal::Unreadable(io_reason(&e)))?;
    Ok(bytes)
}

/// A regular file [`resolve`] returned, whole when it holds at most `max` bytes, else its
/// size (`Err`) with no more than `max + 1` bytes read: a file that grows while read, or whose
/// metadata gives no size, is bounded too.
pub fn read_at_most(path: &Path, max: u64) -> Result<Result<Vec<u8>, u64>, Refusal> {
    // No head to look at: the whole file within `max`, or its size.
    Ok(match read_head_then_rest(path, 0, max, 1, |_| true)? {
        HeadThenRest::Head(bytes) | HeadThenRest::Whole(bytes) => Ok(bytes),
        HeadThenRest::TooLarge(size) => Err(size),
    })
}

/// What [`read_head_then_rest`] read.
pub enum HeadThenRest {
    /// The head only: the caller's look at it said stop.
    Head(Vec<u8>),
    /// The whole file, within the limit.
    Whole(Vec<u8>),
    /// Larger than the limit: its size; no more than the head was kept.
    TooLarge(u64),
}

/// A regular file [`resolve`] returned, read through one open: its first `head` bytes, which
/// `keep_reading` looks at, then (if it says so) the rest: the whole file within `max` bytes,
/// else its size, with no more than `max + 1` bytes read (a file that grows while read, or
/// whose metadata gives no size, is bounded too). One open and no second look at the path: a
/// file of a repository of many zones is read once.
///
/// A large file is read by up to `readers` threads, each a part of it: most of the time a read
/// takes goes to the kernel's copy into fresh pages, which each core can do for its part.
pub fn read_head_then_rest(
    path: &Path,
    head: u64,
    max: u64,
    readers: usize,
    keep_reading: impl FnOnce(&[u8]) -> bool,
) -> Result<HeadThenRest, Refusal> {
    let unreadable = |e: std::io::Error| Refusal::Unreadable(io_reason(&e));
    let mut file = open_regular(path)?;
    let size = file.metadata().map_err(unreadable)?.len();
    // Room for the head only: a binary or oversized file is not read further, and must not
    // make a buffer of its size.
    let mut bytes = Vec::with_capacity(size.min(head).saturating_add(1) as usize);
    (&mut file)
        .take(head)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if !keep_reading(&bytes) {
        return Ok(HeadThenRest::Head(bytes));
    }
    if size > max {
        return Ok(HeadThenRest::TooLarge(size));
    }
    if bytes.len() as u64 == head {
        if read_in_parts(&file, &mut bytes, size, readers) {
            // On from the parts' end: what a file that grew while read has more, bounded.
            let read = bytes.len() as u64;
            file.seek(SeekFrom::Start(read)).map_err(unreadable)?;
        } else {
            bytes.reserve(size.saturating_sub(head).saturating_add(1) as usize);
        }
        let read = bytes.len() as u64;
        file.take(max.saturating_add(1).saturating_sub(read))
            .read_to_end(&mut bytes)
            .map_err(unreadable)?;
    }
    if bytes.len() as u64 > max {
        return Ok(HeadThenRest::TooLarge(bytes.len() as u64));
    }
    Ok(HeadThenRest::Whole(bytes))
}

/// Files of at least this many bytes are read in parts by several threads.
const READ_IN_PARTS: u64 = 8 << 20;

/// Read `file` from `bytes.len()` up to `size` in parts, one per reader, onto the end of `bytes`.
/// False, with `bytes` as it was, when the file is too small for it to pay, or a part could not
/// be read (the file shrank while read, a thread did not start): the caller then reads on
/// from where `bytes` ends, as for any file.
#[cfg(unix)]
fn read_in_parts(file: &File, bytes: &mut Vec<u8>, size: u64, readers: usize) -> bool {
    use std::os::unix::fs::FileExt;
    let start = bytes.len();
    let Ok(end) = usize::try_from(size) else {
        return false;
    };
    if readers < 2 || size < READ_IN_PARTS || end <= start {
        return false;
    }
    // Zeroed memory fresh from the system is not written to until the parts are: each reader
    // takes the page faults of its own part.
    let mut whole = vec![0u8; end];
    whole[..start].copy_from_slice(bytes);
    let part_len = (end - start).div_ceil(readers);
    let complete = std::thread::scope(|scope| {
        let readers: Vec<_> = whole[start..]
            .chunks_mut(part_len)
            .enumerate()
            .map(|(i, part)| {
                let offset = (start + i * part_len) as u64;
                std::thread::Builder::new()
                    .spawn_scoped(scope, move || file.read_exact_at(part, offset).is_ok())
                    .ok()
            })
            .collect();
        // Every reader joined, even after one failed: none is left writing. A part whose
        // thread did not start is not read, and the file is read again as one.
        let read: Vec<bool> = readers
            .into_iter()
            .map(|reader| reader.is_some_and(|reader| reader.join().unwrap_or(false)))
            .collect();
        read.into_iter().all(|part| part)
    });
    if complete {
        *bytes = whole;
    }
    complete
}

#[cfg(not(unix))]
fn read_in_parts(_file: &File, _bytes: &mut Vec<u8>, _size: u64, _readers: usize) -> bool {
    false
}

/// Resolve and read in one step.
pub fn read_file(root: &Path, base: &Path, written: &Path) -> Result<(PathBuf, Vec<u8>), Refusal> {
    let path = resolve_file(root, base, written)?;
    let bytes = read(&path)?;
    Ok((path, bytes))
}

/// The entries of a directory [`resolve_dir`] returned, as paths inside it (not resolved:
/// resolve each before use), sorted by name.
pub fn list_dir(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    out.sort();
    out
}

/// The names of the folders in `dir` (not links to folders), sorted, without hidden ones: the
/// entry types the listing gives, no `stat` of each entry. Names only: resolve what is in
/// them before use.
pub fn list_subdirs(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_dir()))
                .filter_map(|entry| entry.file_name().into_string().ok())
                .filter(|name| !name.starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// A stream the user named: standard input or a pipe (`<(...)`), at most
/// [`MAX_STREAM_BYTES`]. `what` names it in messages.
pub fn read_stream(reader: impl Read, what: &str) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_STREAM_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {what}: {}", io_reason(&e)))?;
    if bytes.len() as u64 > MAX_STREAM_BYTES {
        return Err(format!(
            "{what} holds more than {} MiB; zonelint reads at most that much from a stream",
            MAX_STREAM_BYTES / (1024 * 1024)
        ));
    }
    Ok(bytes)
}

/// A named pipe the user named on the command line: opened without blocking (nobody may ever
/// write to it), read until its writer closes it, at most [`MAX_STREAM_BYTES`].
pub fn read_fifo(path: &Path, what: &str) -> Result<Vec<u8>, String> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let mut file = options
        .open(path)
        .map_err(|e| format!("cannot read {what}: {}", io_reason(&e)))?;
    let mut bytes = Vec::new();
    let mut buffer = [0u8; 64 * 1024];
    loop {
        match file.read(&mut buffer) {
            // No writer, or the writer closed it.
            Ok(0) => break,
            Ok(n) => {
                bytes.extend_from_slice(&buffer[..n]);
                if bytes.len() as u64 > MAX_STREAM_BYTES {
                    return Err(format!(
                        "{what} holds more than {} MiB; zonelint reads at most that much from a stream",
                        MAX_STREAM_BYTES / (1024 * 1024)
                    ));
                }
            }
            // A writer that has not written yet.
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(format!("cannot read {what}: {}", io_reason(&e))),
        }
    }
    Ok(bytes)
}

/// Is this command-line argument, as written, a stream the shell handed us: `/dev/stdin`,
/// `/dev/fd/N` or `/proc/self/fd/N` (process substitution `<(...)`)? Only ever asked of
/// arguments, which a repository's content cannot write.
pub fn is_stream_argument(argument: &Path) -> bool {
    let text = argument.to_string_lossy();
    let numbered = |prefix: &str| {
        text.strip_prefix(prefix)
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    text == "/dev/stdin" || numbered("/dev/fd/") || numbered("/proc/self/fd/")
}

pub fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project() -> (tempfile::TempDir, PathBuf) {
        let temp = tempfile::tempdir().unwrap();
        let root = temp.path().canonicalize().unwrap().join("repo");
        std::fs::create_dir_all(root.join("zones")).unwrap();
        std::fs::write(root.join("zones/a.zone"), "x").unwrap();
        std::fs::write(temp.path().join("secret"), "s").unwrap();
        (temp, root)
    }

    /// A path named outside the run's root is read where the shell would read it: a link in
    /// it is followed before the `..` after it.
    #[test]
    fn an_outside_argument_follows_its_links_before_their_dot_dots() {
        let temp = tempfile::tempdir().unwrap();
        let base = temp.path().canonicalize().unwrap();
        let (run, other) = (base.join("run"), base.join("other"));
        std::fs::create_dir_all(run.as_path()).unwrap();
        std::fs::create_dir_all(other.join("real/sub")).unwrap();
        std::fs::write(other.join("x.zone"), "lexical").unwrap();
        std::fs::write(other.join("real/x.zone"), "meant").unwrap();
        std::os::unix::fs::symlink("real/sub", other.join("link")).unwrap();
        let argument = Path::new("../other/link/../x.zone");
        // What the shell reads.
        assert_eq!(
            std::fs::read_to_string(run.join(argument)).unwrap(),
            "meant"
        );
        let (root, anchored) = root_for_argument(argument, &run, &run);
        assert_eq!(anchored, other.join("real/x.zone"));
        assert_eq!(
            resolve_file(&root, &run, &anchored),
            Ok(other.join("real/x.zone"))
        );
        // A plain outside path, and one that leaves by `..` alone, are as before.
        let (root, anchored) = root_for_argument(Path::new("../other/x.zone"), &run, &run);
        assert_eq!((root, anchored), (other.clone(), other.join("x.zone")));
        let (root, anchored) = root_for_argument(Path::new("../other/real/.."), &run, &run);
        assert_eq!((root, anchored), (other.clone(), other.clone()));
    }

    #[test]
    fn inside_paths_resolve() {
        let (_temp, root) = project();
        let zones = root.join("zones");
        assert_eq!(
            resolve_file(&root, &root, Path::new("zones/a.zone")),
            Ok(zones.join("a.zone"))
        );
        assert_eq!(
            resolve_file(&root, &zones, Path::new("../zones/./a.zone")),
            Ok(zones.join("a.zone"))
        );
        let absolute = zones.join("a.zone");
        assert_eq!(resolve_file(&root, &zones, &absolute), Ok(absolute.clone()));
        assert_eq!(
            resolve_file(&root, &zones, Path::new("b.zone")),
            Err(Refusal::Missing)
        );
        assert_eq!(
            resolve_file(&root, &root, Path::new("zones")),
            Err(Refusal::NotRegular("a directory"))
        );
    }

    #[test]
    fn outside_is_refused_alike_present_or_absent() {
        let (_temp, root) = project();
        for written in [
            "../secret",
            "../absent",
            "/etc/passwd",
            "/no/such/file",
            "zones/../../secret",
        ] {
            assert_eq!(
                resolve(&root, &root, Path::new(written)),
                Err(Refusal::Outside),
                "{written}"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn links_out_are_refused_alike_present_or_absent() {
        let (temp, root) = project();
        let outside = temp.path().canonicalize().unwrap();
        std::os::unix::fs::symlink(outside.join("secret"), root.join("zones/present.zone"))
            .unwrap();
        std::os::unix::fs::symlink(outside.join("absent"), root.join("zones/absent.zone")).unwrap();
        std::os::unix::fs::symlink("../..", root.join("zones/up")).unwrap();
        std::os::unix::fs::symlink("a.zone", root.join("zones/inside.zone")).unwrap();
        std::os::unix::fs::symlink("loop", root.join("zones/loop")).unwrap();
        for written in [
            "zones/present.zone",
            "zones/absent.zone",
            "zones/up/secret",
            "zones/up/absent",
        ] {
            assert_eq!(
                resolve(&root, &root, Path::new(written)),
                Err(Refusal::Outside),
                "{written}"
            );
        }
        assert_eq!(
            resolve_file(&root, &root, Path::new("zones/inside.zone")),
            Ok(root.join("zones/a.zone"))
        );
        assert_eq!(
            resolve(&root, &root, Path::new("zones/loop")),
            Err(Refusal::Loop)
        );
    }

    /// A large file read in parts by several threads is the file, whatever the head read first
    /// and however the parts fall; the limit still refuses it; a file shorter than its size
    /// said (it shrank while read) is left to the one-thread read.
    #[cfg(unix)]
    #[test]
    fn large_file_reads_the_same_in_parts() {
        let temp = tempfile::tempdir().unwrap();
        let path = temp.path().join("big.zone");
        let size = READ_IN_PARTS as usize + 12_345;
        let bytes: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        for readers in [1, 2, 3, 8] {
            for head in [0, 8192] {
                let read = read_head_then_rest(&path, head, size as u64, readers, |_| true);
                assert!(
                    matches!(&read, Ok(HeadThenRest::Whole(read)) if *read == bytes),
                    "{readers} readers after a head of {head}"
                );
            }
        }
        let refused = read_head_then_rest(&path, 8192, size as u64 - 1, 3, |_| true);
        assert!(matches!(refused, Ok(HeadThenRest::TooLarge(s)) if s == size as u64));
        let file = File::open(&path).unwrap();
        let mut read = bytes[..100].to_vec();
        assert!(read_in_parts(&file, &mut read, size as u64, 3));
        assert!(read == bytes);
        let mut read = bytes[..100].to_vec();
        assert!(!read_in_parts(&file, &mut read, size as u64 + 10, 3));
        assert_eq!(read, bytes[..100]);
    }

    #[test]
    fn stream_arguments() {
        assert!(is_stream_argument(Path::new("/dev/stdin")));
        assert!(is_stream_argument(Path::new("/dev/fd/63")));
        assert!(is_stream_argument(Path::new("/proc/self/fd/0")));
        assert!(!is_stream_argument(Path::new("/dev/fd/")));
        assert!(!is_stream_argument(Path::new("/dev/zero")));
        assert!(!is_stream_argument(Path::new("zones/dev/stdin")));
    }
}
