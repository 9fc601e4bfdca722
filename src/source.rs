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
    /// Where lines start: made on first use (most files of a repository have no finding to
    /// place), unless handed in ([`SourceFile::provide_line_index`]).
    line_index: OnceLock<LineIndex>,
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
            line_index: OnceLock::new(),
        }
    }

    /// Hand in the line index of this file's bytes, made where a core was free (a large file
    /// is parsed on every core, then put together on one); ignored once the index exists.
    pub fn provide_line_index(&self, index: LineIndex) {
        let _ = self.line_index.set(index);
    }

    fn lines(&self) -> &LineIndex {
        self.line_index
            .get_or_init(|| LineIndex::of(self.text.as_bytes()))
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
        let (line, line_start) = self.lines().line_at(self.text.as_bytes(), offset);
        let column = self.text[line_start..offset].chars().count();
        LineCol {
            line: line as u32 + 1,
            column: column as u32 + 1,
        }
    }

    /// [`Self::line_col`] of both ends of a span. The end is found from the start's line,
    /// not looked up again: a span is short, and the index is sparse (a look-up reads up to
    /// [`LINES_PER_MARK`] lines), which made the JSON report's positions a third of its time.
    pub fn span_line_cols(&self, start: usize, end: usize) -> (LineCol, LineCol) {
        let start_col = self.line_col(start);
        let mut from = start.min(self.text.len());
        while !self.text.is_char_boundary(from) {
            from -= 1;
        }
        let mut to = end.min(self.text.len());
        while !self.text.is_char_boundary(to) {
            to -= 1;
        }
        if to < from {
            return (start_col, self.line_col(end));
        }
        let bytes = self.text.as_bytes();
        let mut line = start_col.line;
        let mut line_start = None;
        for newline in memchr::memchr_iter(b'\n', &bytes[from..to]) {
            line += 1;
            line_start = Some(from + newline + 1);
        }
        let column = match line_start {
            Some(line_start) => self.text[line_start..to].chars().count() as u32 + 1,
            None => start_col.column + self.text[from..to].chars().count() as u32,
        };
        (start_col, LineCol { line, column })
    }

    /// 0-based index of the line holding a byte offset.
    pub fn line_index(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        self.lines().line_at(self.text.as_bytes(), offset).0
    }

    /// Byte offset of the start of a 1-based line (clamped to the end of the file).
    pub fn line_start(&self, line: usize) -> usize {
        self.lines()
            .start_of(self.text.as_bytes(), line.saturating_sub(1))
    }

    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.range()]
    }
}

/// Where the lines of a file start: every 64th line's start (`LINES_PER_MARK`), from which the
/// line ends are counted to any offset. A table of every line's start took 5 MiB for a
/// million-record zone, all of it resident while the rules ran, to place a few thousand
/// findings; counting at most 63 line ends from the mark before an offset costs nothing next
/// to rendering the finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineIndex {
    /// The start of lines 0, 64, 128...
    marks: Vec<u32>,
    /// How many lines there are (line ends plus one).
    lines: usize,
}

/// Lines between two marks of a [`LineIndex`].
const LINES_PER_MARK: usize = 64;

impl LineIndex {
    /// The index of `bytes`.
    pub fn of(bytes: &[u8]) -> LineIndex {
        let mut marks = vec![0u32];
        let mut lines = 1;
        for end in memchr::memchr_iter(b'\n', bytes) {
            if lines % LINES_PER_MARK == 0 {
                marks.push(end as u32 + 1);
            }
            lines += 1;
        }
        LineIndex { marks, lines }
    }

    /// The 0-based line holding `offset` (at most the length of `bytes`, the file indexed)
    /// and where that line starts.
    fn line_at(&self, bytes: &[u8], offset: usize) -> (usize, usize) {
        let mark = self
            .marks
            .partition_point(|&start| start as usize <= offset)
            .saturating_sub(1);
        let from = self.marks.get(mark).map_or(0, |&start| start as usize);
        let (mut line, mut start) = (mark * LINES_PER_MARK, from);
        for end in memchr::memchr_iter(b'\n', &bytes[from..offset]) {
            line += 1;
            start = from + end + 1;
        }
        (line, start)
    }

    /// The offset where 0-based line `line` starts; the length of `bytes` past the last.
    fn start_of(&self, bytes: &[u8], line: usize) -> usize {
        if line >= self.lines {
            return bytes.len();
        }
        let mark = line / LINES_PER_MARK;
        let from = self.marks[mark] as usize;
        match line % LINES_PER_MARK {
            0 => from,
            n => memchr::memchr_iter(b'\n', &bytes[from..])
                .nth(n - 1)
                .map_or(bytes.len(), |end| from + end + 1),
        }
    }
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
    fn a_line_index_handed_in_is_used_until_one_exists() {
        // The index handed in is the one read (here one that is not this text's, to tell:
        // it has a single line).
        let f = file(b"a\nb\nc");
        f.provide_line_index(LineIndex::of(b"abcde"));
        assert_eq!(f.line_start(3), 5);
        // Once there is an index, another is ignored.
        f.provide_line_index(LineIndex::of(b"a\nb\nc"));
        assert_eq!(f.line_start(3), 5);
        let made = file(b"a\nb\nc");
        assert_eq!(made.line_start(3), 4);
        made.provide_line_index(LineIndex::of(b"abcde"));
        assert_eq!(made.line_start(3), 4);
    }

    /// Lines, their starts and the line of every offset, against a table of every line's
    /// start, across several marks, with empty lines, a long line, with and without a final
    /// line end.
    #[test]
    fn the_line_index_finds_what_a_table_of_every_line_finds() {
        let mut text = String::new();
        for i in 0..300 {
            text.push_str(&"x".repeat(i % 7));
            if i == 150 {
                text.push_str(&"long ".repeat(100));
            }
            text.push('\n');
        }
        for tail in ["", "last"] {
            let bytes = format!("{text}{tail}").into_bytes();
            let table: Vec<usize> = std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', &bytes).map(|i| i + 1))
                .collect();
            let index = LineIndex::of(&bytes);
            for offset in 0..=bytes.len() {
                let line = table.partition_point(|&start| start <= offset) - 1;
                assert_eq!(
                    index.line_at(&bytes, offset),
                    (line, table[line]),
                    "{offset}"
                );
            }
            for line in 0..table.len() + 3 {
                let start = table.get(line).copied().unwrap_or(bytes.len());
                assert_eq!(index.start_of(&bytes, line), start, "{line}");
            }
        }
    }

    /// Both ends of every span (start and end at every offset pair, past the end too, and
    /// inside multi-byte characters), as two look-ups give them.
    #[test]
    fn span_ends_are_where_two_look_ups_put_them() {
        let text = "ab\ncé d\n\n\u{1F600}x\r\nlast".repeat(20);
        let f = file(text.as_bytes());
        let len = text.len();
        for start in 0..=len + 2 {
            for end in (start.saturating_sub(3)..=len + 2).step_by(5) {
                assert_eq!(
                    f.span_line_cols(start, end),
                    (f.line_col(start), f.line_col(end)),
                    "{start}..{end}"
                );
            }
        }
    }

    #[test]
    fn invalid_utf8_keeps_offsets() {
        let f = file(b"a\xff\xfeb\n");
        assert_eq!(f.text, "a??b\n");
        assert_eq!(f.first_invalid_utf8(), Some(1));
        assert_eq!(f.line_col(3).column, 4);
    }
}
