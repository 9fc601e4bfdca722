//! YAML text to a tree with a span on every node, built from saphyr-parser's events.
//!
//! We build our own tree rather than use saphyr's `MarkedYaml` because a linter needs what a
//! loader throws away: every duplicate key (saphyr stops at the first), the raw text and quoting
//! style of each scalar (to tell `no` from `'no'`), the exact span of a tagged scalar (saphyr's
//! tagged nodes lose it), and aliases that share their anchor's subtree instead of copying it.
//!
//! Limits keep hostile input cheap: nesting deeper than [`MAX_DEPTH`] and aliases that expand
//! to more than [`MAX_ALIAS_NODES`] nodes end the file with one diagnostic. After a syntax error
//! we blank the top-level entry holding it and parse again, so one broken record does not hide
//! the problems of the others.

use rustc_hash::FxHashMap as HashMap;
use std::rc::Rc;

use saphyr_parser::{Event, Parser, ScalarStyle, Tag};

use crate::diagnostic::Diagnostic;
use crate::parse::octodns::scalar;
use crate::rules::syntax::{DUPLICATE_KEY, INVALID_YAML};
use crate::source::{FileId, Span};

/// Collections nested deeper than this end the file: no octoDNS zone needs more than a dozen.
pub const MAX_DEPTH: usize = 64;
/// How many nodes aliases may expand to in one file (a "billion laughs" document is refused).
pub const MAX_ALIAS_NODES: u64 = 250_000;
/// After this many syntax errors in one file we stop looking for more.
pub const MAX_SYNTAX_ERRORS: usize = 10;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

impl Style {
    fn from_parser(style: ScalarStyle) -> Style {
        match style {
            ScalarStyle::Plain => Style::Plain,
            ScalarStyle::SingleQuoted => Style::SingleQuoted,
            ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
            ScalarStyle::Literal => Style::Literal,
            ScalarStyle::Folded => Style::Folded,
        }
    }
}

/// One YAML node. For a scalar the span covers its content without quotes or properties; for a
/// collection it runs from its first to its last character; for an alias it is the `*name`.
#[derive(Clone, Debug)]
pub struct Node {
    pub span: Span,
    /// The tag as written (`!include`, `tag:yaml.org,2002:str` for `!!str`), if any.
    pub tag: Option<Rc<str>>,
    pub kind: Kind,
}

#[derive(Clone, Debug)]
pub enum Kind {
    /// The value with escapes and folding applied, and how it was written.
    Scalar {
        text: String,
        style: Style,
    },
    Seq(Vec<Node>),
    /// Entries in the order written. A duplicate key is reported and, as PyYAML does, its
    /// value replaces the first one's.
    Map(Vec<(Node, Node)>),
    /// `*name`: the anchored node, shared.
    Alias(Rc<Node>),
}

impl Node {
    pub fn scalar(&self) -> Option<(&str, Style)> {
        match &self.kind {
            Kind::Scalar { text, style } => Some((text, *style)),
            _ => None,
        }
    }

    /// A YAML merge key (`<<: *defaults`): the plain, untagged scalar `<<`. Quoted, it is an
    /// ordinary key.
    pub fn is_merge_key(&self) -> bool {
        self.tag.is_none() && self.scalar() == Some(("<<", Style::Plain))
    }

    pub fn is_include(&self) -> bool {
        self.tag.as_deref() == Some(INCLUDE_TAG)
    }

    /// A null scalar (`~`, `null`, or nothing at all), as PyYAML reads it.
    pub fn is_null(&self) -> bool {
        match &self.kind {
            Kind::Scalar { text, style } if self.tag.is_none() => {
                scalar::resolve(text, *style, None) == scalar::Py::Null
            }
            _ => false,
        }
    }
}

pub const INCLUDE_TAG: &str = "!include";

/// An `!include` found in a file, for the loader to read.
#[derive(Clone, Debug)]
pub struct Include {
    /// The tagged node's span: the key under which the loader files what it read.
    pub span: Span,
    /// The paths as written with their spans: one for `!include file`, several for
    /// `!include [a, b]`.
    pub paths: Vec<(String, Span)>,
}

/// One file's YAML.
#[derive(Debug)]
pub struct Document {
    pub file: FileId,
    /// None for an empty document, or when the file could not be read at all.
    pub root: Option<Rc<Node>>,
    pub diagnostics: Vec<Diagnostic>,
    pub includes: Vec<Include>,
    /// Some content is missing (a syntax error or a limit): checks that need the whole file,
    /// such as "is this an octoDNS zone at all", must not draw conclusions from it.
    pub broken: bool,
}

/// Parse one file's text. Never fails: problems become diagnostics.
pub fn parse(file: FileId, text: &str) -> Document {
    parse_limited(file, text, MAX_ALIAS_NODES)
}

/// [`parse`] with the alias expansion limit (`--limit yaml-nodes`).
pub fn parse_limited(file: FileId, text: &str, max_alias_nodes: u64) -> Document {
    let mut diagnostics = Vec::new();
    let mut text = std::borrow::Cow::Borrowed(text);
    // A document start typed with two dashes (or four) reads as a plain scalar that swallows
    // the mapping after it, and every top-level key then fails again: said once, as what it
    // is, and the rest read as if the marker were right.
    if let Some(marker) = mistyped_document_start(&text) {
        let written = text[marker.clone()].trim_end().to_string();
        diagnostics.push(
            Diagnostic::new(
                &INVALID_YAML,
                Span::new(file, marker.start, marker.start + written.len()),
                format!("invalid YAML: `{written}` is not the document start `---`, so the mapping after it does not parse"),
            )
            .with_help("write `---` (three dashes), or remove the line"),
        );
        text = std::borrow::Cow::Owned(blank(&text, marker));
    }
    let mut last_error: Option<usize> = None;
    let mut broken = false;
    for _ in 0..=MAX_SYNTAX_ERRORS {
        match build(file, &text, max_alias_nodes) {
            Ok(built) => {
                diagnostics.extend(built.diagnostics);
                return Document {
                    file,
                    root: built.root.map(Rc::new),
                    diagnostics,
                    includes: built.includes,
                    broken: broken || built.limited,
                };
            }
            Err(Stop::Limit(diagnostic)) => {
                diagnostics.push(*diagnostic);
                return Document {
                    file,
                    root: None,
                    diagnostics,
                    includes: Vec::new(),
                    broken: true,
                };
            }
            Err(Stop::Syntax(error)) => {
                broken = true;
                let anchor = error.open_flow.map_or(error.offset, |(start, _)| start);
                if last_error == Some(anchor) {
                    break;
                }
                last_error = Some(anchor);
                diagnostics.push(syntax_diagnostic(file, &text, &error));
                let range = entry_around(&text, anchor);
                if range.is_empty() {
                    break;
                }
                text = std::borrow::Cow::Owned(blank(&text, range));
            }
        }
    }
    Document {
        file,
        root: None,
        diagnostics,
        includes: Vec::new(),
        broken: true,
    }
}

/// Why a build stopped.
enum Stop {
    /// A syntax error: worth blanking the entry and trying again.
    Syntax(SyntaxError),
    /// A limit: the file is refused as a whole.
    Limit(Box<Diagnostic>),
}

struct SyntaxError {
    offset: usize,
    message: String,
    /// The outermost flow collection (`[` or `{`) still open when the error was found, with
    /// its bracket: the usual cause of an error reported lines later.
    open_flow: Option<(usize, char)>,
}

struct Built {
    root: Option<Node>,
    diagnostics: Vec<Diagnostic>,
    includes: Vec<Include>,
    /// Content after the first document was dropped.
    limited: bool,
}

struct Frame {
    start: usize,
    tag: Option<Rc<str>>,
    anchor: usize,
    /// Nodes this collection stands for once aliases are expanded.
    weight: u64,
    flow: Option<char>,
    end: usize,
    kind: FrameKind,
}

enum FrameKind {
    Seq(Vec<Node>),
    Map {
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
        /// Each key's canonical form (as PyYAML would hash it) and its entry index.
        seen: HashMap<String, usize>,
    },
}

struct Builder {
    file: FileId,
    positions: Positions,
    stack: Vec<Frame>,
    anchors: HashMap<usize, (Rc<Node>, u64)>,
    alias_nodes: u64,
    max_alias_nodes: u64,
    root: Option<Node>,
    diagnostics: Vec<Diagnostic>,
    includes: Vec<Include>,
}

fn build(file: FileId, text: &str, max_alias_nodes: u64) -> Result<Built, Stop> {
    let mut builder = Builder {
        max_alias_nodes,
        file,
        positions: Positions::new(text),
        stack: Vec::new(),
        anchors: HashMap::default(),
        alias_nodes: 0,
        root: None,
        diagnostics: Vec::new(),
        includes: Vec::new(),
    };
    let mut parser = Parser::new_from_str(text);
    let mut documents = 0;
    let mut limited = false;
    while let Some(next) = parser.next_event() {
        let (event, span) = match next {
            Ok(pair) => pair,
            Err(error) if error.info().contains("recursion limit") => {
                // The scanner's own bracket limit (255) can come before ours.
                let at = builder.positions.byte(error.marker().index());
                return Err(Stop::Limit(Box::new(
                    Diagnostic::new(
                        &INVALID_YAML,
                        builder.span(at, at),
                        "YAML nested too deeply (brackets inside brackets); zonelint stops reading this file",
                    )
                    .with_help("an octoDNS zone needs only a few levels of nesting"),
                )));
            }
            Err(error) => {
                return Err(Stop::Syntax(SyntaxError {
                    offset: builder.positions.byte(error.marker().index()),
                    message: error.info().to_string(),
                    open_flow: builder.outermost_open_flow(),
                }));
            }
        };
        let sequence_start = matches!(event, Event::SequenceStart(..));
        let start = builder.positions.byte(span.start.index());
        let end = builder.positions.byte(span.end.index()).max(start);
        match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    builder.diagnostics.push(
                        Diagnostic::new(
                            &INVALID_YAML,
                            builder.span(start, end.max(char_end(text, start))),
                            "a second YAML document: octoDNS reads exactly one document per file",
                        )
                        .with_help("remove the `---` and what follows, or move it to its own file"),
                    );
                    limited = true;
                    break;
                }
            }
            Event::Scalar(value, style, anchor, tag) => {
                let style = Style::from_parser(style);
                let content = content_span(text, start, end, style);
                let tag = tag.map(|t| tag_text(&t));
                let node = Node {
                    span: builder.span(content.0, content.1),
                    tag,
                    kind: Kind::Scalar {
                        text: value.into_owned(),
                        style,
                    },
                };
                if node.is_include() {
                    let path = node
                        .scalar()
                        .map(|(t, _)| t.to_string())
                        .unwrap_or_default();
                    builder.includes.push(Include {
                        span: node.span,
                        paths: vec![(path, node.span)],
                    });
                }
                builder.add(node, anchor, 1)?;
            }
            Event::Alias(id) => {
                let Some((target, weight)) = builder.anchors.get(&id).cloned() else {
                    // The parser reports unknown anchors itself; keep going if it did not.
                    continue;
                };
                builder.alias_nodes += weight;
                if builder.alias_nodes > builder.max_alias_nodes {
                    return Err(Stop::Limit(Box::new(
                        Diagnostic::new(
                            &INVALID_YAML,
                            builder.span(start, end),
                            format!(
                                "aliases in this file expand to more than {} nodes (limit `yaml-nodes`); zonelint stops reading it",
                                builder.max_alias_nodes
                            ),
                        )
                        .with_help("this looks like an alias bomb (\"billion laughs\"); an octoDNS zone needs few aliases"),
                    )));
                }
                let node = Node {
                    span: builder.span(start, end),
                    tag: None,
                    kind: Kind::Alias(target),
                };
                builder.add(node, 0, weight)?;
            }
            Event::SequenceStart(anchor, tag) | Event::MappingStart(anchor, tag) => {
                if builder.stack.len() >= MAX_DEPTH {
                    return Err(Stop::Limit(Box::new(
                        Diagnostic::new(
                            &INVALID_YAML,
                            builder.span(start, end.max(char_end(text, start))),
                            format!(
                                "YAML nested more than {MAX_DEPTH} levels deep; zonelint stops reading this file"
                            ),
                        )
                        .with_help("an octoDNS zone needs only a few levels of nesting"),
                    )));
                }
                let flow = flow_bracket(text, start, end);
                let kind = if sequence_start {
                    FrameKind::Seq(Vec::new())
                } else {
                    FrameKind::Map {
                        entries: Vec::new(),
                        key: None,
                        seen: HashMap::default(),
                    }
                };
                builder.stack.push(Frame {
                    start: flow.map_or(start, |(at, _)| at),
                    tag: tag.map(|t| tag_text(&t)),
                    anchor,
                    weight: 1,
                    flow: flow.map(|(_, bracket)| bracket),
                    end: start,
                    kind,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = builder.stack.pop() else {
                    continue;
                };
                let closing = if frame.flow.is_some() { end } else { 0 };
                let end = frame.end.max(closing).max(frame.start);
                let span = builder.span(frame.start, end);
                let kind = match frame.kind {
                    FrameKind::Seq(items) => Kind::Seq(items),
                    FrameKind::Map { entries, .. } => Kind::Map(entries),
                };
                let node = Node {
                    span,
                    tag: frame.tag,
                    kind,
                };
                if node.is_include() {
                    builder.note_list_include(&node);
                }
                builder.add(node, frame.anchor, frame.weight)?;
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
    }
    Ok(Built {
        root: builder.root,
        diagnostics: builder.diagnostics,
        includes: builder.includes,
        limited,
    })
}

impl Builder {
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    fn outermost_open_flow(&self) -> Option<(usize, char)> {
        self.stack
            .iter()
            .find_map(|frame| frame.flow.map(|bracket| (frame.start, bracket)))
    }

    /// PyYAML's safe loader knows the standard tags and octoDNS adds `!include`; any other
    /// tag makes octoDNS fail to load the file.
    fn check_tag(&mut self, node: &Node) {
        const CORE: &[&str] = &[
            "str",
            "int",
            "float",
            "bool",
            "null",
            "seq",
            "map",
            "binary",
            "timestamp",
            "set",
            "omap",
            "pairs",
            "merge",
            "value",
        ];
        let Some(tag) = node.tag.as_deref() else {
            return;
        };
        if tag == INCLUDE_TAG {
            match node.kind {
                Kind::Map(_) => self.diagnostics.push(Diagnostic::new(
                    &INVALID_YAML,
                    node.span,
                    "`!include` takes a file name, not a mapping",
                )),
                // octoDNS's documentation shows `!include [a.yaml, b.yaml]`, which its
                // development branch reads; the releases call `construct_scalar` on the node
                // (octoDNS 1.22.0's `ContextLoader.construct_include`) and refuse the file.
                // The files are still read, joined, so that their records are linted.
                Kind::Seq(_) => self.diagnostics.push(
                    Diagnostic::new(
                        &INVALID_YAML,
                        node.span,
                        "`!include` with a list of files: octoDNS 1.22.0, the newest release, reads one file name only and refuses the file (\"expected a scalar node, but found sequence\")",
                    )
                    .with_help(
                        "include one file, or merge the files' values into one included file; the list form is in octoDNS's documentation but in no release yet",
                    ),
                ),
                _ => {}
            }
            return;
        }
        let core = tag
            .strip_prefix("tag:yaml.org,2002:")
            .is_some_and(|suffix| CORE.contains(&suffix));
        if !core {
            let shown = tag
                .strip_prefix("tag:yaml.org,2002:")
                .map_or(tag.to_string(), |s| format!("!!{s}"));
            self.diagnostics.push(
                Diagnostic::new(
                    &INVALID_YAML,
                    node.span,
                    format!("octoDNS cannot read the tag `{shown}`"),
                )
                .with_help("octoDNS's YAML loader knows only the standard tags and `!include`"),
            );
        }
    }

    /// `!include [a.yaml, b.yaml]`: the paths are the sequence's scalars.
    fn note_list_include(&mut self, node: &Node) {
        if let Kind::Seq(items) = &node.kind {
            let paths = items
                .iter()
                .filter_map(|item| item.scalar().map(|(text, _)| (text.to_string(), item.span)))
                .collect();
            self.includes.push(Include {
                span: node.span,
                paths,
            });
        }
    }

    /// Put a finished node where it belongs: in its parent collection, or as the root.
    fn add(&mut self, node: Node, anchor: usize, weight: u64) -> Result<(), Stop> {
        self.check_tag(&node);
        if anchor > 0 {
            self.anchors.insert(anchor, (Rc::new(node.clone()), weight));
        }
        let Some(parent) = self.stack.last_mut() else {
            self.root = Some(node);
            return Ok(());
        };
        parent.weight = parent.weight.saturating_add(weight);
        parent.end = parent.end.max(node.span.end as usize);
        match &mut parent.kind {
            FrameKind::Seq(items) => items.push(node),
            FrameKind::Map { entries, key, seen } => match key.take() {
                None => *key = Some(node),
                Some(key_node) => {
                    let canonical = canonical_key(&key_node);
                    match canonical.as_ref().and_then(|c| seen.get(c)) {
                        Some(&index) => {
                            let first = entries[index].0.span;
                            let shown = key_text(&key_node);
                            self.diagnostics.push(
                                Diagnostic::new(
                                    &DUPLICATE_KEY,
                                    key_node.span,
                                    format!(
                                        "duplicate key `{shown}`: octoDNS keeps only the last one"
                                    ),
                                )
                                .with_label(first, "first defined here")
                                .with_help(
                                    "merge the two entries; for several records at one name, use a list of records under one key",
                                ),
                            );
                            entries[index].1 = node;
                        }
                        None => {
                            if let Some(canonical) = canonical {
                                seen.insert(canonical, entries.len());
                            }
                            entries.push((key_node, node));
                        }
                    }
                }
            },
        }
        Ok(())
    }
}

/// A key's identity as PyYAML sees it: `1` and `01` differ, `'1'` and `1` differ, `a` and `'a'`
/// are the same. None for keys that are not scalars (never compared).
fn canonical_key(key: &Node) -> Option<String> {
    let node = match &key.kind {
        Kind::Alias(target) => target.as_ref(),
        _ => key,
    };
    let (text, style) = node.scalar()?;
    let value = scalar::resolve(text, style, node.tag.as_deref());
    Some(match value {
        // Joined by hand, not with `format!`: every key of every mapping is made one.
        scalar::Py::Str => ["str:", text].concat(),
        other => scalar::python_str(text, other).into_owned(),
    })
}

/// A key as it should appear in a message.
pub fn key_text(key: &Node) -> String {
    match &key.kind {
        Kind::Scalar { text, .. } => text.clone(),
        Kind::Alias(target) => key_text(target),
        _ => "(a collection)".to_string(),
    }
}

fn tag_text(tag: &Tag) -> Rc<str> {
    if tag.handle == "!" {
        format!("!{}", tag.suffix).into()
    } else {
        format!("{}{}", tag.handle, tag.suffix).into()
    }
}

/// Where a flow collection's bracket is, skipping any `&anchor` or `!tag` before it.
fn flow_bracket(text: &str, start: usize, end: usize) -> Option<(usize, char)> {
    let at = skip_properties(text, start, end.max(start));
    match text.as_bytes().get(at) {
        Some(b'[') => Some((at, '[')),
        Some(b'{') => Some((at, '{')),
        _ => None,
    }
}

/// Skip `&anchor` and `!tag` properties and the blanks after them.
fn skip_properties(text: &str, mut at: usize, limit: usize) -> usize {
    let bytes = text.as_bytes();
    let limit = limit.min(bytes.len());
    while at < limit && matches!(bytes[at], b'&' | b'!') {
        while at < limit && !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        while at < limit && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
    }
    at
}

/// A scalar's content: without properties, without quotes, without trailing blanks. The
/// parser's span of a quoted scalar can run on over a trailing comment, so we find the closing
/// quote ourselves.
fn content_span(text: &str, start: usize, end: usize, style: Style) -> (usize, usize) {
    let bytes = text.as_bytes();
    let end = end.min(bytes.len());
    let at = skip_properties(text, start, end);
    match style {
        Style::SingleQuoted | Style::DoubleQuoted => {
            let quote = if style == Style::SingleQuoted {
                b'\''
            } else {
                b'"'
            };
            if bytes.get(at) != Some(&quote) {
                return (start, end);
            }
            let mut i = at + 1;
            while i < bytes.len() {
                match bytes[i] {
                    b'\\' if quote == b'"' => i += 2,
                    b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
                    // An empty string keeps its quotes, so that `''` (the apex) can be shown.
                    b if b == quote && i == at + 1 => return (at, i + 1),
                    b if b == quote => return (at + 1, i),
                    _ => i += 1,
                }
            }
            (start, end)
        }
        Style::Plain | Style::Literal | Style::Folded => {
            let mut stop = end.max(at);
            while stop > at && bytes[stop - 1].is_ascii_whitespace() {
                stop -= 1;
            }
            (at.min(stop), stop)
        }
    }
}

/// Character index (what the parser counts) to byte offset (what spans hold).
struct Positions {
    /// Byte offset of each character; empty when the text is ASCII and the two agree.
    offsets: Vec<u32>,
    len: usize,
}

impl Positions {
    fn new(text: &str) -> Positions {
        let offsets = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices().map(|(i, _)| i as u32).collect()
        };
        Positions {
            offsets,
            len: text.len(),
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        if self.offsets.is_empty() {
            return char_index.min(self.len);
        }
        self.offsets
            .get(char_index)
            .map_or(self.len, |&offset| offset as usize)
    }
}

fn syntax_diagnostic(file: FileId, text: &str, error: &SyntaxError) -> Diagnostic {
    let at = |offset: usize| {
        let start = offset.min(text.len());
        let end = text[start..]
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8());
        Span::new(file, start, end)
    };
    if let Some((start, bracket)) = error.open_flow {
        let closing = if bracket == '[' { ']' } else { '}' };
        let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count();
        if line_of(start) != line_of(error.offset) {
            return Diagnostic::new(
                &INVALID_YAML,
                at(start),
                format!("invalid YAML: this `{bracket}` is never closed"),
            )
            .with_label(
                at(error.offset),
                format!("the parser gave up here: {}", error.message),
            )
            .with_help(format!("add the missing `{closing}`"));
        }
    }
    let mut diagnostic = Diagnostic::new(
        &INVALID_YAML,
        at(error.offset),
        format!("invalid YAML: {}", error.message),
    );
    if let Some(help) = syntax_help(&error.message) {
        diagnostic = diagnostic.with_help(help);
    }
    diagnostic
}

fn syntax_help(message: &str) -> Option<&'static str> {
    const HELP: &[(&str, &str)] = &[
        (
            "tabs",
            "indent with spaces: YAML does not allow tabs in indentation",
        ),
        (
            "mapping values are not allowed",
            "a `: ` starts a key; check the indentation, or quote a value that contains `: `",
        ),
        (
            "did not find expected",
            "check the indentation: entries of one mapping or list must line up",
        ),
        (
            "invalid indentation",
            "check the indentation: entries of one mapping or list must line up",
        ),
        (
            "quoted scalar",
            "check that the quote is closed, on the same indentation",
        ),
        (
            "unknown anchor",
            "an alias `*name` needs an anchor `&name` earlier in the file",
        ),
    ];
    HELP.iter()
        .find(|(needle, _)| message.contains(needle))
        .map(|&(_, help)| help)
}

/// Is this line the start of a top-level entry (a key at column 0)?
fn starts_entry(line: &str) -> bool {
    match line.as_bytes().first() {
        None | Some(b' ' | b'\t' | b'#' | b':' | b'\r' | b'\n') => false,
        Some(_) => !(line.starts_with("---") || line.starts_with("...") || line.starts_with('%')),
    }
}

/// The byte range of the top-level entry holding `offset`: from its key line to the next key
/// at column 0. Lines before the first entry count as one entry.
fn entry_around(text: &str, offset: usize) -> std::ops::Range<usize> {
    let offset = offset.min(text.len());
    let mut start = 0;
    let mut end = text.len();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let line_end = line_start + line.len();
        if starts_entry(line) {
            if line_start <= offset {
                start = line_start;
            } else if line_start > offset {
                end = line_start;
                break;
            }
        }
        line_start = line_end;
    }
    start..end
}

/// The text with `range` overwritten by spaces (newlines kept), so offsets stay valid.
/// The line range of a first line (after blank lines and comments) that holds only two dashes,
/// or four or more: a mistyped `---`.
fn mistyped_document_start(text: &str) -> Option<std::ops::Range<usize>> {
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end();
        if content.trim_start().is_empty() || content.starts_with('#') {
            start += line.len();
            continue;
        }
        let dashes = content.len();
        let mistyped = content.bytes().all(|b| b == b'-') && (dashes == 2 || dashes >= 4);
        return mistyped.then(|| start..start + line.len());
    }
    None
}

fn blank(text: &str, range: std::ops::Range<usize>) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for b in &mut bytes[range] {
        if *b != b'\n' && *b != b'\r' {
            *b = b' ';
        }
    }
    // Whole UTF-8 sequences are blanked only when the range covers them; a range always starts
    // and ends at a line boundary, so it does.
    String::from_utf8(bytes).unwrap_or_default()
}

/// The end of the character starting at `start`: a span at least one character long that never
/// ends inside a multi-byte character.
fn char_end(text: &str, start: usize) -> usize {
    (start + 1..=text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        parse(FileId(0), text)
    }

    fn slice(text: &str, span: Span) -> &str {
        &text[span.range()]
    }

    #[test]
    fn scalar_spans_exclude_quotes_comments_and_tags() {
        let text = "a: \"mail.example.com.\"   # c\nb: 'it''s'\nc: !include www.yaml\nd: plain\n  continued\n";
        let d = doc(text);
        let Kind::Map(entries) = &d.root.as_ref().unwrap().kind else {
            panic!()
        };
        let values: Vec<&str> = entries.iter().map(|(_, v)| slice(text, v.span)).collect();
        assert_eq!(
            values,
            [
                "mail.example.com.",
                "it''s",
                "www.yaml",
                "plain\n  continued"
            ]
        );
        assert_eq!(d.includes.len(), 1);
        assert_eq!(d.includes[0].paths[0].0, "www.yaml");
    }

    #[test]
    fn spans_are_bytes_in_non_ascii_text() {
        let text = "é: 1\nkey: välue\n";
        let d = doc(text);
        let Kind::Map(entries) = &d.root.as_ref().unwrap().kind else {
            panic!()
        };
        assert_eq!(slice(text, entries[1].1.span), "välue");
    }

    #[test]
    fn duplicate_keys_are_reported_and_the_last_wins() {
        let text = "www: 1\nmail: 2\nwww: 3\n";
        let d = doc(text);
        assert_eq!(d.diagnostics.len(), 1);
        assert_eq!(d.diagnostics[0].rule.code, DUPLICATE_KEY.code);
        assert_eq!(d.diagnostics[0].span.start, 15);
        let Kind::Map(entries) = &d.root.as_ref().unwrap().kind else {
            panic!()
        };
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].1.scalar().unwrap().0, "3");
    }

    #[test]
    fn syntax_errors_are_reported_and_other_entries_survive() {
        let text = "a:\n  type: A\n   value: 1\nb:\n  type: A\nc:\n\tvalue: 2\nd: ok\n";
        let d = doc(text);
        let codes: Vec<u32> = d.diagnostics.iter().map(|d| d.span.start).collect();
        assert_eq!(codes.len(), 2, "{:?}", d.diagnostics);
        let Kind::Map(entries) = &d.root.as_ref().unwrap().kind else {
            panic!()
        };
        let keys: Vec<String> = entries.iter().map(|(k, _)| key_text(k)).collect();
        assert_eq!(keys, ["b", "d"]);
        assert!(d.broken);
    }

    #[test]
    fn an_unclosed_bracket_is_blamed_on_the_bracket() {
        let text = "a:\n  value: [1, 2\nb: ok\n";
        let d = doc(text);
        assert_eq!(d.diagnostics.len(), 1);
        assert!(d.diagnostics[0].message.contains("never closed"));
        assert_eq!(slice(text, d.diagnostics[0].span), "[");
    }

    #[test]
    fn alias_bombs_and_deep_nesting_stop_with_one_diagnostic() {
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            bomb.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        let d = doc(&bomb);
        assert_eq!(d.diagnostics.len(), 1);
        assert!(d.diagnostics[0].message.contains("expand"));
        assert!(d.root.is_none());

        let deep = "[".repeat(200) + &"]".repeat(200);
        let d = doc(&deep);
        assert_eq!(d.diagnostics.len(), 1, "{:?}", d.diagnostics);
        assert!(d.diagnostics[0].message.contains("nested"));

        let deep_block: String = (0..100).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
        let d = doc(&deep_block);
        assert_eq!(d.diagnostics.len(), 1);
    }

    #[test]
    fn aliases_share_their_anchor() {
        let text = "a: &v [1, 2]\nb: *v\n";
        let d = doc(text);
        let Kind::Map(entries) = &d.root.as_ref().unwrap().kind else {
            panic!()
        };
        let Kind::Alias(target) = &entries[1].1.kind else {
            panic!()
        };
        assert!(matches!(target.kind, Kind::Seq(ref items) if items.len() == 2));
        assert_eq!(slice(text, entries[1].1.span), "*v");
    }

    #[test]
    fn a_second_document_is_reported() {
        let d = doc("a: 1\n---\nb: 2\n");
        assert_eq!(d.diagnostics.len(), 1);
        assert!(d.root.is_some());
    }
}
