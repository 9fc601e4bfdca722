//! Source files, byte spans and line/column positions.
//!
//! Parsers work on the raw bytes of a file; spans are byte ranges into those bytes. For display
//! we keep a text copy of the same length in which every byte that is not valid UTF-8 is replaced
//! by `?`, so a span means the same range in both and never splits a character.

use std::path::PathBuf;
use std::sync::OnceLock;

/// Index of a file in a [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FileId(pub u32);

/// A byte range in one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        Span {
            file,
            start: start as u32,
            end: end as u32,
        }
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.end == self.start
    }

    /// The smallest span covering both (same file assumed).
    pub fn cover(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// A 1-based line and column; the column counts characters, not bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

/// One loaded file.
pub struct SourceFile {
    /// The path as the user would write it (relative to the working directory where it lies
    /// below it, `/` separators).
    pub display_path: String,
    /// The path used to open the file.
    pub path: PathBuf,
    /// The canonical path the file was read from; None for standard input and pipes.
    pub resolved: Option<PathBuf>,
    /// The file as text: identical to its bytes where they are UTF-8, `?` for each byte that is
    /// not, so that both have the same length and spans mean the same in both.
    pub text: String,
    /// The bytes as read, kept only when they differ from `text` (not valid UTF-8).
    raw: Option<Vec<u8>>,
    /// Byte offset where each line starts: made on first use (most files of a repository
    /// have no finding to place), unless handed in ([`SourceFile::provide_line_starts`]).
    line_starts: OnceLock<Vec<u32>>,
}

impl SourceFile {
    /// The file read from `resolved`, a canonical path.
    pub fn resolved_at(mut self, resolved: &std::path::Path) -> SourceFile {
        self.resolved = Some(resolved.to_path_buf());
        self
    }

    pub fn new(path: PathBuf, display_path: String, bytes: Vec<u8>) -> SourceFile {
        let (text, raw) = match String::from_utf8(bytes) {
            Ok(text) => (text, None),
            Err(error) => {
                let bytes = error.into_bytes();
                (same_length_lossy(&bytes), Some(bytes))
            }
        };
        SourceFile {
            display_path,
            resolved: None,
            path,
            text,
            raw,
            line_starts: OnceLock::new(),
        }
    }

    /// Hand in the line table of this file's bytes, made where a core was free (a large file
    /// is parsed on every core, then put together on one); ignored once the table exists.
    pub fn provide_line_starts(&self, starts: Vec<u32>) {
        let _ = self.line_starts.set(starts);
    }

    fn line_starts(&self) -> &[u32] {
        self.line_starts
            .get_or_init(|| line_starts(self.text.as_bytes()))
    }

    /// The bytes as read; parsers work on these.
    pub fn bytes(&self) -> &[u8] {
        self.raw.as_deref().unwrap_or(self.text.as_bytes())
    }

    /// Byte offset of the first byte that is not valid UTF-8, if any.
    pub fn first_invalid_utf8(&self) -> Option<usize> {
        let raw = self.raw.as_deref()?;
        std::str::from_utf8(raw).err().map(|e| e.valid_up_to())
    }

    /// 1-based line and character column of a byte offset.
    pub fn line_col(&self, offset: usize) -> LineCol {
        // Spans end on character boundaries; should one not, round down rather than fail.
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_starts = self.line_starts();
        let line = line_starts.partition_point(|&start| start as usize <= offset) - 1;
        let line_start = line_starts[line] as usize;
        let column = self.text[line_start..offset].chars().count();
        LineCol {
            line: line as u32 + 1,
            column: column as u32 + 1,
        }
    }

    /// 0-based index of the line holding a byte offset (by the line index, no scan).
    pub fn line_index(&self, offset: usize) -> usize {
        self.line_starts()
            .partition_point(|&start| start as usize <= offset)
            .saturating_sub(1)
    }

    /// Byte offset of the start of a 1-based line (clamped to the end of the file).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts()
            .get(line.saturating_sub(1))
            .map_or(self.text.len(), |&start| start as usize)
    }

    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.range()]
    }
}

/// Byte offset where each line of `bytes` starts.
pub fn line_starts(bytes: &[u8]) -> Vec<u32> {
    let mut starts = vec![0u32];
    starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i as u32 + 1));
    starts
}

/// Replace each byte of every invalid UTF-8 sequence by `?`, keeping the length.
fn same_length_lossy(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                out.push_str(valid);
                return out;
            }
            Err(error) => {
                let (valid, after) = rest.split_at(error.valid_up_to());
                out.push_str(std::str::from_utf8(valid).unwrap_or_default());
                let bad = error.error_len().unwrap_or(after.len());
                out.extend(std::iter::repeat_n('?', bad));
                rest = &after[bad..];
            }
        }
    }
}

/// A file's bytes taken out of the [`SourceMap`] for a while ([`SourceMap::lend_bytes`]).
pub enum LentBytes {
    Text(String),
    Raw(Vec<u8>),
}

impl LentBytes {
    pub fn bytes(&self) -> &[u8] {
        match self {
            LentBytes::Text(text) => text.as_bytes(),
            LentBytes::Raw(raw) => raw,
        }
    }
}

/// All files loaded in one run.
#[derive(Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(self.files.len() as u32 - 1)
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// Take a file's bytes out of the map, to be read while more files are added (a BIND
    /// file is parsed while the files it includes join the map), without copying them: the
    /// text, or for a file that is not UTF-8 the raw bytes (the text, `?` for bad bytes,
    /// stays). Until [`Self::give_back`] nothing may read the file's bytes, nor ask for its
    /// lines (the line table, made on first use, could be that of the empty text).
    pub fn lend_bytes(&mut self, id: FileId) -> LentBytes {
        let file = &mut self.files[id.0 as usize];
        match file.raw.take() {
            Some(raw) => LentBytes::Raw(raw),
            None => LentBytes::Text(std::mem::take(&mut file.text)),
        }
    }

    /// Put back what [`Self::lend_bytes`] took.
    pub fn give_back(&mut self, id: FileId, lent: LentBytes) {
        let file = &mut self.files[id.0 as usize];
        match lent {
            LentBytes::Text(text) => file.text = text,
            LentBytes::Raw(raw) => file.raw = Some(raw),
        }
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(bytes: &[u8]) -> SourceFile {
        SourceFile::new("t".into(), "t".into(), bytes.to_vec())
    }

    #[test]
    fn line_col_counts_characters() {
        let f = file("ab\ncé d\n".as_bytes());
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(f.line_col(3), LineCol { line: 2, column: 1 });
        // "é" is two bytes; 'd' is at byte 7 and character column 4.
        assert_eq!(f.line_col(7), LineCol { line: 2, column: 4 });
        assert_eq!(f.line_col(9), LineCol { line: 3, column: 1 });
    }

    #[test]
    fn a_line_table_handed_in_is_used_until_one_exists() {
        // The table handed in is the one read (here one that is not this text's, to tell).
        let f = file(b"a\nb\nc");
        f.provide_line_starts(vec![0, 1]);
        assert_eq!(f.line_col(4), LineCol { line: 2, column: 4 });
        // Once there is a table, another is ignored.
        f.provide_line_starts(vec![0, 2, 4]);
        assert_eq!(f.line_index(4), 1);
        let made = file(b"a\nb\nc");
        assert_eq!(made.line_start(3), 4);
        made.provide_line_starts(vec![0]);
        assert_eq!(made.line_start(3), 4);
    }

    #[test]
    fn invalid_utf8_keeps_offsets() {
        let f = file(b"a\xff\xfeb\n");
        assert_eq!(f.text, "a??b\n");
        assert_eq!(f.first_invalid_utf8(), Some(1));
        assert_eq!(f.line_col(3).column, 4);
    }
}
