//! The zone model every parser produces and every rule reads.

use std::net::{Ipv4Addr, Ipv6Addr};

use crate::name::Name;
use crate::source::{FileId, Span};

/// A record type by number; mnemonics come from [`crate::rtype`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct RType(pub u16);

/// A record class by number.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Class(pub u16);

impl Class {
    pub const IN: Class = Class(1);
    pub const CS: Class = Class(2);
    pub const CH: Class = Class(3);
    pub const HS: Class = Class(4);
    pub const NONE: Class = Class(254);
    pub const ANY: Class = Class(255);

    /// The class names BIND reads, beside `CLASSnnn`.
    const MNEMONICS: &[(&str, Class)] = &[
        ("IN", Class::IN),
        ("CS", Class::CS),
        ("CH", Class::CH),
        ("CHAOS", Class::CH),
        ("HS", Class::HS),
        ("HESIOD", Class::HS),
        ("NONE", Class::NONE),
        ("ANY", Class::ANY),
    ];

    pub fn from_mnemonic(text: &[u8]) -> Option<Class> {
        // Every token before a record's type is asked whether it is a class: most are types
        // (`A`, `AAAA`, `CNAME`, `NS`), which no class's first letter and length fit together
        // (a unit test holds this to `MNEMONICS` and `CLASSnnn`).
        let first = text.first()?.to_ascii_uppercase();
        let may_be_class = matches!(
            (first, text.len()),
            (b'I' | b'C' | b'H', 2) | (b'A', 3) | (b'N', 4) | (b'C', 5..=10) | (b'H', 6)
        );
        if !may_be_class {
            return None;
        }
        if let Some(&(_, class)) = Class::MNEMONICS
            .iter()
            .find(|(name, _)| text.eq_ignore_ascii_case(name.as_bytes()))
        {
            return Some(class);
        }
        crate::rtype::number_after_prefix(text, b"CLASS").map(Class)
    }

    pub fn is_meta(self) -> bool {
        self == Class::NONE || self == Class::ANY
    }
}

impl std::fmt::Display for Class {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Class::IN => f.write_str("IN"),
            Class::CS => f.write_str("CS"),
            Class::CH => f.write_str("CH"),
            Class::HS => f.write_str("HS"),
            Class::NONE => f.write_str("NONE"),
            Class::ANY => f.write_str("ANY"),
            Class(n) => write!(f, "CLASS{n}"),
        }
    }
}

/// The start of authority fields.
#[derive(Clone, Debug, PartialEq)]
pub struct Soa {
    pub mname: Name,
    pub rname: Name,
    pub serial: u32,
    pub refresh: u32,
    pub retry: u32,
    pub expire: u32,
    pub minimum: u32,
}

/// RDATA, typed where rules look inside it.
#[derive(Clone, Debug, PartialEq)]
pub enum RData {
    A(Ipv4Addr),
    Aaaa(Ipv6Addr),
    /// NS, CNAME, DNAME, PTR: a single domain name.
    Target(Name),
    Mx {
        preference: u16,
        exchange: Name,
    },
    Srv {
        priority: u16,
        weight: u16,
        port: u16,
        target: Name,
    },
    Soa(Box<Soa>),
    /// TXT and SPF: the character strings, escapes decoded, and what they may begin with
    /// (made by [`RData::txt`]).
    Txt(CharacterStrings, TxtStart),
    /// An A or AAAA record whose addresses a DNS provider looks up at the target when it
    /// answers (octoDNS's apex `ALIAS`, Route 53's alias records): the name has addresses,
    /// which the zone does not say.
    AddressAlias(Name),
    /// Valid RDATA of a type that no rule looks inside; the field spans are still kept.
    Other,
    /// RDATA that did not parse; a syntax diagnostic says why. Kept so that the name still
    /// counts as having a record of this type.
    Invalid,
}

impl RData {
    /// TXT or SPF RDATA of `strings`, with what they may begin with.
    pub fn txt(strings: CharacterStrings) -> RData {
        let start = TxtStart::of(&strings);
        RData::Txt(strings, start)
    }
}

/// Whether a TXT record's text may be an SPF or a DMARC record, read from its first string
/// when the record is made, as the parser holds its bytes. Most TXT records are neither, and
/// the SPF and DMARC readings pass over a zone's TXT records: with this beside the strings
/// they skip the others without reading them, each a read from memory of its own on a large
/// zone. Only a first look: the readings check the whole text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TxtStart(u8);

impl TxtStart {
    const SPF: u8 = 1;
    const DMARC: u8 = 2;
    const TRANSPORT: u8 = 4;
    const SPF_FRAGMENT: u8 = 8;

    pub fn of(strings: &CharacterStrings) -> TxtStart {
        let Some(first) = strings.first() else {
            return TxtStart(0);
        };
        // A record published with its quotes as text (`"\"v=spf1 -all\""`), or with the
        // typographic quotes a word processor puts (`“v=spf1 -all”`), is no SPF or DMARC record
        // to receivers; the rules that say so read it too.
        let first = without_opening_quote(first);
        // `v=spf1` exactly at the start, or a first string too short to tell.
        let spf = first.len() < 6 || first[..6].eq_ignore_ascii_case(b"v=spf1");
        // `v=DMARC` in any case, spaces between allowed (receivers read the tags so); a first
        // string shorter than the prefix may continue in the next one.
        let compact = first
            .iter()
            .filter(|b| !b.is_ascii_whitespace())
            .take(7)
            .map(u8::to_ascii_lowercase);
        let dmarc = compact.zip(b"v=dmarc".iter().copied()).all(|(a, b)| a == b);
        // `v=STSv1` (MTA-STS) or `v=TLSRPTv1` (TLS-RPT), wherever the record stands: a rule
        // looks for those published at the wrong name.
        let transport = matches!(first.first(), Some(b'v' | b'V'))
            && (first
                .get(..7)
                .is_some_and(|v| v.eq_ignore_ascii_case(b"v=STSv1"))
                || first
                    .get(..10)
                    .is_some_and(|v| v.eq_ignore_ascii_case(b"v=TLSRPTv1")));
        let mut start = 0;
        if may_start_spf_fragment(first) {
            start |= TxtStart::SPF_FRAGMENT;
        }
        if spf {
            start |= TxtStart::SPF;
        }
        if transport {
            start |= TxtStart::TRANSPORT;
        }
        if dmarc {
            start |= TxtStart::DMARC;
        }
        TxtStart(start)
    }

    /// May the text be an SPF record (`v=spf1`)?
    pub fn may_be_spf(self) -> bool {
        self.0 & TxtStart::SPF != 0
    }

    /// Does the text start as an MTA-STS or TLS-RPT record (`v=STSv1`, `v=TLSRPTv1`)?
    pub fn may_be_transport(self) -> bool {
        self.0 & TxtStart::TRANSPORT != 0
    }

    /// May the text be SPF terms without `v=spf1` first, a split or misspelt SPF record
    /// (SPF013)?
    pub fn may_be_spf_fragment(self) -> bool {
        self.0 & TxtStart::SPF_FRAGMENT != 0
    }

    /// May the text be a DMARC record (`v=DMARC1`)?
    pub fn may_be_dmarc(self) -> bool {
        self.0 & TxtStart::DMARC != 0
    }
}

/// The typographic quotes (UTF-8) a word processor, chat or web page puts where ASCII quotes
/// were typed: `“` `”` `„` `‘` `’` `«` `»`.
const TYPOGRAPHIC_QUOTES: &[&[u8]] = &[
    "\u{201C}".as_bytes(),
    "\u{201D}".as_bytes(),
    "\u{201E}".as_bytes(),
    "\u{2018}".as_bytes(),
    "\u{2019}".as_bytes(),
    "\u{AB}".as_bytes(),
    "\u{BB}".as_bytes(),
];

/// Is `c` one of the typographic quotes of [`TYPOGRAPHIC_QUOTES`]?
pub fn is_typographic_quote(c: char) -> bool {
    let mut buffer = [0; 4];
    let bytes = c.encode_utf8(&mut buffer).as_bytes();
    TYPOGRAPHIC_QUOTES.contains(&bytes)
}

/// `text` without the ASCII or typographic quote it starts with, if any.
fn without_opening_quote(text: &[u8]) -> &[u8] {
    match text.first() {
        Some(b'"' | b'\'') => return &text[1..],
        // Every typographic quote is a multi-byte character: text starting in ASCII, nearly
        // every TXT record, starts with none of them.
        Some(byte) if byte.is_ascii() => return text,
        _ => {}
    }
    TYPOGRAPHIC_QUOTES
        .iter()
        .find_map(|quote| text.strip_prefix(*quote))
        .unwrap_or(text)
}

/// The text from `v=spf1` on, when one to four stray characters stand before it: a mark
/// copied with the record (`>v=spf1` from a guide that quoted it, `*v=spf1`) or letters typed
/// to switch it off (`xxxv=spf1`). Not a quote (a record published with its quotes is another
/// finding), white space or `=`. None without such a prefix.
pub fn after_stray_prefix(text: &[u8]) -> Option<&[u8]> {
    (1..=4).find_map(|len| {
        let (prefix, rest) = text.split_at_checked(len)?;
        let stray = prefix
            .iter()
            .all(|b| b.is_ascii_graphic() && !matches!(b, b'"' | b'='));
        let version = rest
            .get(..6)
            .is_some_and(|tag| tag.eq_ignore_ascii_case(b"v=spf1"));
        (stray && version).then_some(rest)
    })
}

/// Could a TXT record whose first string is `first` be SPF terms without `v=spf1` first
/// (SPF013)? A look at the first bytes: a qualifier, a mechanism or modifier name, or a
/// version tag, and not `v=spf1 ` (an SPF record, whatever follows).
fn may_start_spf_fragment(first: &[u8]) -> bool {
    const STARTS: &[&[u8]] = &[
        b"include:",
        b"ip4:",
        b"ip6:",
        b"exists:",
        b"all",
        b"a:",
        b"a ",
        b"mx",
        b"ptr",
        b"redirect",
        b"v=spf",
        b"v:spf",
        b"v-spf",
        b"spf1",
        b"=spf1",
    ];
    let starts_with = |text: &[u8], prefix: &[u8]| {
        text.get(..prefix.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
    };
    if starts_with(first, b"v=spf1 ") {
        return false;
    }
    let bare = first.trim_ascii_start();
    let bare = match bare.first() {
        Some(b'+' | b'-' | b'~' | b'?') => &bare[1..],
        _ => bare,
    };
    let marked = after_stray_prefix(bare).is_some();
    marked || STARTS.iter().any(|prefix| starts_with(bare, prefix))
}

/// The character-strings of a TXT or SPF record, escapes decoded, in their wire form: each
/// string's length byte, then its bytes. One allocation a record, not one a string beside a
/// list of them: a zone holds one per TXT record, and SPF, DMARC, DKIM, MTA-STS and TLS-RPT
/// each read every one, now through one pointer instead of two.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct CharacterStrings(Box<[u8]>);

impl CharacterStrings {
    /// The strings of `wire` (length byte, bytes, and again); None unless it is exactly that.
    pub fn from_wire(wire: impl Into<Box<[u8]>>) -> Option<CharacterStrings> {
        let wire = wire.into();
        let mut rest = &wire[..];
        while let Some((&len, after)) = rest.split_first() {
            rest = after.get(usize::from(len)..)?;
        }
        Some(CharacterStrings(wire))
    }

    /// The strings in order.
    pub fn iter(&self) -> Strings<'_> {
        Strings(&self.0)
    }

    pub fn first(&self) -> Option<&[u8]> {
        self.iter().next()
    }

    /// Whether the first string starts with a quote character (`"` or `'`): a record
    /// published with its quotes as text. Read without joining the strings.
    pub fn starts_with_quote(&self) -> bool {
        matches!(
            self.first().and_then(|first| first.first()),
            Some(b'"' | b'\'')
        )
    }

    /// Whether the first string starts with a typographic quote (`“v=spf1 -all”`, pasted from
    /// a word processor): a zone file reads it as text, not as a quote.
    pub fn starts_with_typographic_quote(&self) -> bool {
        self.first().is_some_and(|first| {
            TYPOGRAPHIC_QUOTES
                .iter()
                .any(|quote| first.starts_with(quote))
        })
    }

    /// The wire form: each string's length byte and bytes. Two values are equal when their
    /// wire forms are: a key to find copies by.
    pub fn wire(&self) -> &[u8] {
        &self.0
    }

    /// The length of the wire form (each string's length byte and bytes), read without
    /// reading the strings.
    pub fn wire_len(&self) -> usize {
        self.0.len()
    }

    /// The bytes of all the strings together, without their length bytes.
    pub fn text_len(&self) -> usize {
        self.0.len() - self.iter().count()
    }
}

/// Shown as the list of strings it holds.
impl std::fmt::Debug for CharacterStrings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// [`CharacterStrings::iter`].
#[derive(Clone)]
pub struct Strings<'s>(&'s [u8]);

impl<'s> Iterator for Strings<'s> {
    type Item = &'s [u8];

    fn next(&mut self) -> Option<&'s [u8]> {
        let (&len, rest) = self.0.split_first()?;
        // `from_wire` checked the framing; a short string would end the list, not panic.
        let (string, rest) = rest.split_at_checked(usize::from(len))?;
        self.0 = rest;
        Some(string)
    }
}

impl<'s> IntoIterator for &'s CharacterStrings {
    type Item = &'s [u8];
    type IntoIter = Strings<'s>;

    fn into_iter(self) -> Strings<'s> {
        self.iter()
    }
}

/// Where the parts of a record are in its file. Field spans follow the RDATA field order of the
/// type (MX: preference, exchange); a field spread over several tokens (base64 keys) is one span.
///
/// A zone holds one per record, so they are kept small (24 bytes, not 72; the file is the
/// record's): where the entry is short and the owner near its start, the spans are stored as
/// 16-bit offsets from the entry's start (and short lengths and the owner's offset as bytes),
/// as they are for nearly every record; on the heap otherwise (a long entry, owner or type,
/// more than three fields).
#[derive(Clone, Debug, PartialEq)]
pub struct RecordSpans {
    parts: Parts,
}

/// The spans of [`RecordSpans`]. One set of spans has one form (the near one whenever it
/// fits), so the derived equality compares the spans themselves. The near form's fields are
/// written in the variant, not in a struct of their own, so that the bytes fill the room
/// beside the tag and the whole takes 24 bytes.
#[derive(Clone, Debug, PartialEq)]
enum Parts {
    Near {
        /// The entry's start.
        start: u32,
        /// Offsets from `start`: the entry's end, the type's start, each field's ends.
        end: u16,
        rtype_start: u16,
        fields: [[u16; 2]; NEAR_FIELDS],
        /// The owner's offset from `start` (0 but under `$GENERATE`) and length.
        owner_start: u8,
        owner_len: u8,
        /// The type's length in the low bits, the number of fields above them.
        rtype_len_and_count: u8,
    },
    Far(Box<FarParts>),
}

/// [`Parts::Near`] keeps the number of fields above this many bits of the type's length: a
/// type is at most `TYPE65535`, and a type of 64 bytes or more goes to the heap.
const COUNT_SHIFT: u32 = 6;
const RTYPE_LEN_MASK: u8 = (1 << COUNT_SHIFT) - 1;

/// Fields kept near: three covers A, AAAA, MX, TXT of up to three strings, CNAME, NS, CAA.
const NEAR_FIELDS: usize = 3;

#[derive(Clone, Debug, PartialEq)]
struct FarParts {
    entry: (u32, u32),
    owner: (u32, u32),
    rtype: (u32, u32),
    fields: Box<[(u32, u32)]>,
}

impl RecordSpans {
    /// `owner` is the owner as written (for an inherited owner, the first token of the entry).
    pub fn new(
        entry: (u32, u32),
        owner: (u32, u32),
        rtype: (u32, u32),
        fields: &[(u32, u32)],
    ) -> RecordSpans {
        let offset = |at: u32| u16::try_from(at.checked_sub(entry.0)?).ok();
        let short = |(start, end): (u32, u32)| u8::try_from(end.checked_sub(start)?).ok();
        let near =
            |span: (u32, u32)| -> Option<[u16; 2]> { Some([offset(span.0)?, offset(span.1)?]) };
        let mut near_fields = [[0u16; 2]; NEAR_FIELDS];
        let fits = fields.len() <= NEAR_FIELDS
            && fields
                .iter()
                .zip(&mut near_fields)
                .all(|(&span, slot)| near(span).map(|offsets| *slot = offsets).is_some());
        let parts = match (
            offset(entry.1),
            short((entry.0, owner.0)),
            short(owner),
            offset(rtype.0),
            short(rtype).filter(|&len| len <= RTYPE_LEN_MASK),
            fits,
        ) {
            (
                Some(end),
                Some(owner_start),
                Some(owner_len),
                Some(rtype_start),
                Some(rtype_len),
                true,
            ) => Parts::Near {
                start: entry.0,
                end,
                rtype_start,
                fields: near_fields,
                owner_start,
                owner_len,
                rtype_len_and_count: rtype_len | (fields.len() as u8) << COUNT_SHIFT,
            },
            _ => Parts::Far(Box::new(FarParts {
                entry,
                owner,
                rtype,
                fields: fields.into(),
            })),
        };
        RecordSpans { parts }
    }

    /// The whole entry: from the owner (or first token) to the last RDATA token.
    pub fn entry(&self) -> (u32, u32) {
        match &self.parts {
            Parts::Near { start, end, .. } => (*start, start + u32::from(*end)),
            Parts::Far(far) => far.entry,
        }
    }

    /// The owner as written; for an inherited owner, the first token of the entry.
    pub fn owner(&self) -> (u32, u32) {
        match &self.parts {
            Parts::Near {
                start,
                owner_start,
                owner_len,
                ..
            } => {
                let owner_start = start + u32::from(*owner_start);
                (owner_start, owner_start + u32::from(*owner_len))
            }
            Parts::Far(far) => far.owner,
        }
    }

    pub fn rtype(&self) -> (u32, u32) {
        match &self.parts {
            Parts::Near {
                start,
                rtype_start,
                rtype_len_and_count,
                ..
            } => {
                let rtype_start = start + u32::from(*rtype_start);
                let len = rtype_len_and_count & RTYPE_LEN_MASK;
                (rtype_start, rtype_start + u32::from(len))
            }
            Parts::Far(far) => far.rtype,
        }
    }

    /// How many RDATA fields have a span.
    pub fn field_count(&self) -> usize {
        match &self.parts {
            Parts::Near {
                rtype_len_and_count,
                ..
            } => usize::from(rtype_len_and_count >> COUNT_SHIFT),
            Parts::Far(far) => far.fields.len(),
        }
    }

    /// The span of RDATA field `index`.
    pub fn field(&self, index: usize) -> Option<(u32, u32)> {
        match &self.parts {
            Parts::Near { start, fields, .. } => fields[..self.field_count()]
                .get(index)
                .map(|offsets| (start + u32::from(offsets[0]), start + u32::from(offsets[1]))),
            Parts::Far(far) => far.fields.get(index).copied(),
        }
    }

    /// The field spans in field order.
    pub fn fields(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        (0..self.field_count()).filter_map(|index| self.field(index))
    }
}

/// The spans of a record's RDATA fields, in field order, as the RDATA parsers find them: up
/// to four without an allocation (nearly every record; an SOA has seven), as the parse makes
/// one per record. The record keeps them in [`RecordSpans`].
#[derive(Clone, Debug)]
pub enum FieldSpans {
    Inline { len: u8, spans: [(u32, u32); 4] },
    Heap(Vec<(u32, u32)>),
}

impl Default for FieldSpans {
    fn default() -> FieldSpans {
        FieldSpans::Inline {
            len: 0,
            spans: [(0, 0); 4],
        }
    }
}

impl FieldSpans {
    pub fn push(&mut self, span: (u32, u32)) {
        match self {
            FieldSpans::Inline { len, spans } if (*len as usize) < spans.len() => {
                spans[*len as usize] = span;
                *len += 1;
            }
            FieldSpans::Inline { len, spans } => {
                let mut heap = spans[..*len as usize].to_vec();
                heap.push(span);
                *self = FieldSpans::Heap(heap);
            }
            FieldSpans::Heap(heap) => heap.push(span),
        }
    }
}

impl std::ops::DerefMut for FieldSpans {
    fn deref_mut(&mut self) -> &mut [(u32, u32)] {
        match self {
            FieldSpans::Inline { len, spans } => &mut spans[..*len as usize],
            FieldSpans::Heap(heap) => heap,
        }
    }
}

/// Equal when the spans are, however they are kept.
impl PartialEq for FieldSpans {
    fn eq(&self, other: &FieldSpans) -> bool {
        **self == **other
    }
}

impl std::ops::Deref for FieldSpans {
    type Target = [(u32, u32)];

    fn deref(&self) -> &[(u32, u32)] {
        match self {
            FieldSpans::Inline { len, spans } => &spans[..*len as usize],
            FieldSpans::Heap(heap) => heap,
        }
    }
}

impl From<Vec<(u32, u32)>> for FieldSpans {
    fn from(spans: Vec<(u32, u32)>) -> FieldSpans {
        let mut fields = FieldSpans::default();
        for span in spans {
            fields.push(span);
        }
        fields
    }
}

/// One resource record.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub owner: Name,
    pub ttl: u32,
    pub class: Class,
    pub rtype: RType,
    pub rdata: RData,
    /// Bit `i` (below [`Record::FIELD_BITS`]) is set when RDATA field `i` is a domain name
    /// written relative to the origin (no trailing dot); the top bit
    /// ([`Record::LOOKS_ABSOLUTE`]) when one of those names may be an absolute name whose
    /// final dot was forgotten, the one below it ([`Record::OWNER_REPEATS_ORIGIN`]) when the
    /// owner written in this record's entry was (both for NAME001, the rule that catches a
    /// forgotten dot), and the one below that ([`Record::OWNER_MAY_BE_MISREAD`]) when the
    /// entry's first word may not be meant as its owner (ZONE054).
    pub relative_fields: u32,
    /// The file the record is in; its spans are byte ranges of that file.
    pub file: FileId,
    pub spans: RecordSpans,
}

/// A field's name as its author meant it, beside the name the file literally says.
#[derive(Clone, Debug, PartialEq)]
pub struct MeantName {
    pub field: usize,
    pub name: Name,
}

impl Record {
    fn span_of(&self, range: (u32, u32)) -> Span {
        Span {
            file: self.file,
            start: range.0,
            end: range.1,
        }
    }

    pub fn entry_span(&self) -> Span {
        self.span_of(self.spans.entry())
    }

    pub fn owner_span(&self) -> Span {
        self.span_of(self.spans.owner())
    }

    pub fn type_span(&self) -> Span {
        self.span_of(self.spans.rtype())
    }

    /// The span of RDATA field `index`, or of the whole entry when the field is absent or
    /// written elsewhere: a YAML alias or merge key (`shop: *mx`) brings it from an anchor, and
    /// a finding there would sit on the anchor's own record, where findings about this record
    /// are lost among (or merged with) that record's.
    pub fn field_span(&self, index: usize) -> Span {
        let (entry_start, entry_end) = self.spans.entry();
        match self.spans.field(index) {
            Some(range) if range.0 >= entry_start && range.1 <= entry_end => self.span_of(range),
            _ => self.entry_span(),
        }
    }

    /// The span from the first to the last RDATA field.
    pub fn rdata_span(&self) -> Span {
        // From the first field written to the last: in YAML the fields need not stand in RDATA
        // order (`exchange:` before `preference:`), so the first field is not the earliest.
        // Fields a YAML alias or merge key (`<<: *srv`) brings from an anchor elsewhere are
        // left out: spanning from them would cover other records. With none of its own, the
        // record is shown by its entry.
        let (entry_start, entry_end) = self.spans.entry();
        let own = || {
            self.spans
                .fields()
                .filter(move |field| field.0 >= entry_start && field.1 <= entry_end)
        };
        let start = own().map(|field| field.0).min();
        let end = own().map(|field| field.1).max();
        match (start, end) {
            (Some(start), Some(end)) => self.span_of((start, end)),
            _ => self.entry_span(),
        }
    }

    /// The bit of [`Record::relative_fields`] that the parser sets when a relative name has
    /// the shape of a forgotten final dot (a dot, and an escape, a top-level domain at the end
    /// or the origin repeated: [`crate::rules::names::missing_trailing_dot::may_have_lost_dot`]),
    /// judged while the name is at hand: NAME001's scan before the rules then reads only the
    /// records so marked instead of every relative name's text again (45 ms on one thread for
    /// a million-record zone, on one core at a time while the other waited).
    pub const LOOKS_ABSOLUTE: u32 = 1 << (Record::FIELD_BITS + 2);

    /// The bit of [`Record::relative_fields`] that the parser sets on the record whose entry
    /// writes its owner relative and repeating the origin (`_dmarc.example.com` in
    /// example.com, which is `_dmarc.example.com.example.com.`): NAME001 reports the owner.
    /// Only the entry that writes the owner has it, not the entries that inherit it.
    pub const OWNER_REPEATS_ORIGIN: u32 = 1 << (Record::FIELD_BITS + 1);

    /// The bit of [`Record::relative_fields`] that the parser sets on the record whose entry
    /// starts, in the first column, with a word a server reads as the owner but that looks
    /// like something else: a class (`IN NS ns2`) or TTL (`3600 IN A ...`) the entry does not
    /// write again, or a `#` (`# PTR Records`). ZONE054 reads only the records so marked.
    pub const OWNER_MAY_BE_MISREAD: u32 = 1 << Record::FIELD_BITS;

    /// How many RDATA fields [`Record::relative_fields`] has a bit for (the three bits above
    /// them are [`Record::OWNER_MAY_BE_MISREAD`], [`Record::OWNER_REPEATS_ORIGIN`] and
    /// [`Record::LOOKS_ABSOLUTE`]): a relative name in a later field (a HIP record's 28th
    /// rendezvous server) is not told apart.
    pub const FIELD_BITS: usize = 29;

    pub fn is_relative_field(&self, index: usize) -> bool {
        index < Record::FIELD_BITS && self.relative_fields & (1 << index) != 0
    }

    /// Whether a relative name field may have lost its final dot ([`Record::LOOKS_ABSOLUTE`]).
    pub fn may_have_lost_dot(&self) -> bool {
        self.relative_fields & Record::LOOKS_ABSOLUTE != 0
    }

    /// Whether the owner, as this record's entry writes it, repeats the origin
    /// ([`Record::OWNER_REPEATS_ORIGIN`]).
    pub fn owner_repeats_origin(&self) -> bool {
        self.relative_fields & Record::OWNER_REPEATS_ORIGIN != 0
    }

    /// Whether the owner, as this record's entry writes it, may be a word not meant as one
    /// ([`Record::OWNER_MAY_BE_MISREAD`]).
    pub fn owner_may_be_misread(&self) -> bool {
        self.relative_fields & Record::OWNER_MAY_BE_MISREAD != 0
    }
}

/// Which syntax a zone was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ZoneFormat {
    Bind,
    OctoDns,
}

/// A name server whose configuration can name a zone's file (`named.conf`, `knot.conf`, or
/// gdnsd's `config` beside its `zones/` directory).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameServer {
    Bind,
    Knot,
    Gdnsd,
}

/// A whole zone: every record of every file it spans.
pub struct Zone {
    pub apex: Name,
    pub class: Class,
    pub format: ZoneFormat,
    /// The file the zone was found through, then the files it includes.
    pub files: Vec<FileId>,
    pub records: Vec<Record>,
    /// False when reading the zone reported input errors (a record that did not parse, an
    /// include that failed): records may be missing, so "this name does not exist" cannot be
    /// said of it.
    pub complete: bool,
    /// The names relative RDATA fields were meant to be, where NAME001 finds a trailing dot
    /// missing (`mail.example.org` in example.org: `mail.example.org.`), by record index in
    /// increasing order. Set once, by the rules' own index before any rule runs, with every
    /// zone known ([`crate::rules::names::missing_trailing_dot::mark_meant_names`]); rules
    /// about the name use it and say so. Kept here, not in each record: most zones have none,
    /// and a field in every record costs 8 MB in a zone of a million.
    pub meant: std::sync::OnceLock<Vec<(u32, MeantName)>>,
    /// The name server whose configuration in the repository names this zone's file, if one
    /// does: where BIND and Knot refuse different things, a finding follows it.
    pub served_by: Option<NameServer>,
    /// The records that Cloudflare serves through its proxy (octoDNS's `octodns: cloudflare:
    /// proxied: true`, a Cloudflare zone file's `; cf_tags=cf-proxied:true`): it answers with
    /// its own addresses, and passes only web traffic on. A list, not a field of every record,
    /// as few zones have any.
    /// Sorted by owner ([`Zone::proxied_at`]).
    pub cloudflare_proxied: Vec<ProxiedRecord>,
    /// Names that hold records the zone has but zonelint does not model, sorted: octoDNS
    /// records with `octodns: ignored: true` (managed elsewhere, but there), URLFWD and other
    /// provider types; in a zone file, the owners of one server's extension records (PowerDNS
    /// `ALIAS`, cli53's `AWS ALIAS`, gdnsd `DYNA`). A rule that finds nothing at such a name
    /// does not know it is empty ([`Zone::holds_unmodelled`]).
    pub unmodelled: Vec<Name>,
    /// Names whose unmodelled records answer with addresses only (gdnsd `DYNA`, PowerDNS
    /// `ALIAS`), sorted: such a name has addresses, and its other records are all in the zone
    /// ([`Zone::shows_all_but_addresses_at`]).
    pub unmodelled_addresses: Vec<Name>,
    /// The DNS provider may hold A and AAAA records the repository does not show, at any
    /// name: an octoDNS network filter (`NetworkValueAllowlistFilter`,
    /// `NetworkValueRejectlistFilter`) leaves the provider's addresses alone, and its other
    /// records to octoDNS ([`Zone::shows_all_addresses`]).
    pub provider_addresses: bool,
    /// Names an octoDNS zone's name filters leave to the DNS provider ([`UnmanagedNames`]).
    pub unmanaged: UnmanagedNames,
    /// An octoDNS zone whose config entry says `lenient: true`: octoDNS's zone checks (a
    /// CNAME beside other data) only log there, and octodns-sync goes on.
    pub lenient: bool,
    /// The classes of the DNS providers an octoDNS zone is pushed to (its config entry's
    /// `targets`), when every target is a provider zonelint knows; empty otherwise (a zone
    /// file, no targets, a target of another class). A zone without NS records at its apex
    /// (octoDNS leaves them to the provider) is served by those providers' name servers.
    pub pushed_to: Vec<&'static str>,
}

/// The names of an octoDNS zone that its processors' name filters (`NameRejectlistFilter`,
/// `NameAllowlistFilter`) leave alone at the provider: octoDNS neither writes nor deletes
/// records there, so the provider may hold records at them that the repository does not
/// show. Empty for every other zone.
#[derive(Clone, Debug, Default)]
pub struct UnmanagedNames {
    filters: Vec<NameFilter>,
}

/// One octoDNS name filter, as `octodns.processor.filter._NameBaseFilter` reads its list: a
/// name as written matches exactly, `/pattern/` is a regular expression searched for in the
/// record's name relative to the zone (`''` at the apex, lower case).
#[derive(Clone, Debug)]
pub struct NameFilter {
    /// `NameAllowlistFilter`: the names that match are kept, the others removed.
    pub allow: bool,
    pub exact: Vec<String>,
    pub patterns: Vec<regex::Regex>,
}

impl NameFilter {
    /// Does the filter remove the records of `relative` (a name relative to the zone, `''`
    /// at the apex, lower case)?
    pub fn removes(&self, relative: &str) -> bool {
        let matches = self.exact.iter().any(|exact| exact == relative)
            || self
                .patterns
                .iter()
                .any(|pattern| pattern.is_match(relative));
        matches != self.allow
    }
}

impl UnmanagedNames {
    pub fn new(filters: Vec<NameFilter>) -> UnmanagedNames {
        UnmanagedNames { filters }
    }

    /// Is `name` (in zone `apex`) one octoDNS leaves to the provider?
    pub fn contains(&self, apex: &Name, name: &Name) -> bool {
        if self.filters.is_empty() {
            return false;
        }
        let Some(relative) = octodns_relative_name(apex, name) else {
            return false;
        };
        self.filters.iter().any(|filter| filter.removes(&relative))
    }
}

/// `name` as octoDNS names a record of zone `apex`: relative, `''` at the apex, lower case;
/// None outside the zone.
pub fn octodns_relative_name(apex: &Name, name: &Name) -> Option<String> {
    match name.relative_to(apex)? {
        "@" => Some(String::new()),
        relative => Some(relative.to_ascii_lowercase()),
    }
}

/// A record Cloudflare proxies: its owner and type, and where the flag is set.
#[derive(Clone, Debug, PartialEq)]
pub struct ProxiedRecord {
    pub owner: Name,
    pub rtype: RType,
    pub flag: Span,
}

impl Zone {
    pub fn main_file(&self) -> FileId {
        self.files[0]
    }

    /// Does `name` hold records zonelint does not model ([`Zone::unmodelled`]), or may it
    /// hold records the repository does not show ([`Zone::unmanaged`])?
    pub fn holds_unmodelled(&self, name: &Name) -> bool {
        self.has_unmodelled_records(name) || self.unmanaged.contains(&self.apex, name)
    }

    /// Does `name` hold records zonelint does not model ([`Zone::unmodelled`],
    /// [`Zone::unmodelled_addresses`]), at the name or through a wildcard above it?
    pub fn has_unmodelled_records(&self, name: &Name) -> bool {
        self.answers_from(&self.unmodelled, name)
            || self.answers_from(&self.unmodelled_addresses, name)
    }

    /// Does `name` itself own records zonelint does not model? Unlike
    /// [`Zone::has_unmodelled_records`], not through a wildcard: a wildcard answers for a
    /// name, it puts no data there.
    pub fn owns_unmodelled_records(&self, name: &Name) -> bool {
        self.unmodelled.binary_search(name).is_ok()
            || self.unmodelled_addresses.binary_search(name).is_ok()
    }

    /// [`Zone::holds_unmodelled`], leaving out the names whose unmodelled records are
    /// addresses only.
    fn holds_unmodelled_but_addresses(&self, name: &Name) -> bool {
        self.answers_from(&self.unmodelled, name) || self.unmanaged.contains(&self.apex, name)
    }

    /// Do the unmodelled records at `owners` (sorted) answer for `name`: at the name itself,
    /// or as a wildcard above it (gdnsd's `* DYNA geoip!cp`, which WikiTide's zones point
    /// their mail and name servers through)? A wildcard is taken to answer for every name
    /// below it, even one a closer name stops (RFC 4592): saying too little, never too much.
    fn answers_from(&self, owners: &[Name], name: &Name) -> bool {
        if owners.is_empty() {
            return false;
        }
        if owners.binary_search(name).is_ok() {
            return true;
        }
        name.suffixes()
            .skip(1)
            .take_while(|suffix| crate::name::is_subdomain_text(suffix, self.apex.as_str()))
            .filter_map(|suffix| Name::from_ascii(&format!("*.{suffix}")).ok())
            .any(|wildcard| owners.binary_search(&wildcard).is_ok())
    }

    /// [`Zone::shows_all_at`] for a question about records other than addresses (TXT, MX,
    /// CNAME): a name with a gdnsd `DYNA` or PowerDNS `ALIAS` still has all of those in the
    /// zone.
    pub fn shows_all_but_addresses_at(&self, name: &Name) -> bool {
        self.complete && !self.holds_unmodelled_but_addresses(name)
    }

    /// Can "`name` holds no such record" be said from the zone's records? Not in a zone that
    /// did not read cleanly, or whose records at `name` are not all in the repository.
    pub fn shows_all_at(&self, name: &Name) -> bool {
        self.shows_all_addresses() && !self.holds_unmodelled(name)
    }

    /// Can "this name has no address" be said from the zone's records? Not in a zone that did
    /// not read cleanly, nor where the provider may hold addresses octoDNS leaves alone
    /// ([`Zone::provider_addresses`]).
    pub fn shows_all_addresses(&self) -> bool {
        self.complete && !self.provider_addresses
    }

    /// The first record Cloudflare proxies at `owner`, found by a binary search of the sorted
    /// [`Zone::cloudflare_proxied`]: one probe an MX, however many records are proxied.
    pub fn proxied_at(&self, owner: &Name) -> Option<&ProxiedRecord> {
        let proxied = &self.cloudflare_proxied;
        let first = proxied.partition_point(|p| p.owner < *owner);
        proxied.get(first).filter(|p| p.owner == *owner)
    }

    /// The name RDATA field `index` of `record` (one of this zone's records) was meant to be,
    /// if its trailing dot is missing.
    pub fn meant_name(&self, record: &Record, index: usize) -> Option<&Name> {
        let meant = self.meant.get().filter(|meant| !meant.is_empty())?;
        let position = self.position_of(record)? as u32;
        let found = meant.binary_search_by_key(&position, |(at, _)| *at).ok()?;
        let meant = &meant[found].1;
        (meant.field == index).then_some(&meant.name)
    }

    /// The index of `record` in `records`, told by its address; None for a record that is
    /// not one of them (a copy).
    pub fn position_of(&self, record: &Record) -> Option<usize> {
        let size = std::mem::size_of::<Record>();
        let offset =
            (record as *const Record as usize).checked_sub(self.records.as_ptr() as usize)?;
        let index = offset / size;
        (offset % size == 0 && index < self.records.len()).then_some(index)
    }
}

#[cfg(test)]
mod tests {
    use super::{
        CharacterStrings, Class, FieldSpans, FileId, Parts, RData, Record, RecordSpans, TxtStart,
    };

    fn strings(parts: &[&[u8]]) -> CharacterStrings {
        let mut wire = Vec::new();
        for part in parts {
            wire.push(part.len() as u8);
            wire.extend_from_slice(part);
        }
        CharacterStrings::from_wire(wire).unwrap()
    }

    /// The first look at a TXT record lets through every text the SPF and DMARC readings
    /// would take, the prefix cut over strings included, and nothing that cannot be one.
    #[test]
    fn txt_start_tells_what_may_be_spf_or_dmarc() {
        let start = |parts: &[&[u8]]| {
            let start = TxtStart::of(&strings(parts));
            (start.may_be_spf(), start.may_be_dmarc())
        };
        assert_eq!(start(&[b"v=spf1 -all"]), (true, false));
        assert_eq!(start(&[b"V=SPF1 mx -all"]), (true, false));
        assert_eq!(
            start(&[b"v=spf10"]),
            (true, false),
            "the reading checks the rest"
        );
        assert_eq!(start(&[b"v=DMARC1; p=none"]), (false, true));
        assert_eq!(start(&[b" v = dmarc1;p=reject"]), (false, true));
        assert_eq!(start(&[b"v=spf", b"1 -all"]), (true, false));
        assert_eq!(start(&[b"v=DM", b"ARC1; p=none"]), (true, true));
        assert_eq!(start(&[b"", b"v=spf1 -all"]), (true, true));
        assert_eq!(start(&[b"google-site-verification=abc"]), (false, false));
        assert_eq!(start(&[b"v=DKIM1; k=rsa; p=MIGf"]), (false, false));
        assert_eq!(start(&[]), (false, false));
        // Made by RData::txt, as every parser makes TXT RDATA.
        let RData::Txt(_, made) = RData::txt(strings(&[b"v=spf1 a -all"])) else {
            panic!("TXT RDATA");
        };
        assert!(made.may_be_spf() && !made.may_be_dmarc());
    }

    #[test]
    fn class_mnemonics_in_any_case() {
        let classes = [
            ("IN", 1),
            ("in", 1),
            ("CS", 2),
            ("ch", 3),
            ("Chaos", 3),
            ("HS", 4),
            ("hesiod", 4),
            ("NONE", 254),
            ("any", 255),
            ("CLASS1", 1),
            ("class65535", 65535),
        ];
        for (text, number) in classes {
            assert_eq!(
                Class::from_mnemonic(text.as_bytes()),
                Some(Class(number)),
                "{text}"
            );
        }
        // The early refusal lets every listed name through, in both cases.
        for &(name, class) in Class::MNEMONICS {
            for text in [name.to_string(), name.to_ascii_lowercase()] {
                assert_eq!(Class::from_mnemonic(text.as_bytes()), Some(class), "{text}");
            }
        }
        for text in [
            "",
            "I",
            "A",
            "AAAA",
            "TXT",
            "MX",
            "NS",
            "CAA",
            "CNAME",
            "HINFO",
            "INN",
            "CLASS",
            "CLASS65536",
            "3600",
        ] {
            assert_eq!(Class::from_mnemonic(text.as_bytes()), None, "{text}");
        }
    }

    /// Spans read back as given, whether they are kept near the entry's start or on the heap.
    #[test]
    fn record_spans_read_back_as_given_near_and_far() {
        type Range = (u32, u32);
        // Entry, owner, type, fields, and whether they fit near the entry's start.
        let cases: &[(Range, Range, Range, &[Range], bool)] = &[
            // An A record: everything within a few bytes of the entry's start.
            ((100, 130), (100, 103), (110, 111), &[(112, 130)], true),
            // No fields (generic data), and three fields.
            ((0, 9), (0, 1), (2, 5), &[], true),
            (
                (7, 40),
                (7, 8),
                (9, 12),
                &[(13, 20), (21, 30), (31, 40)],
                true,
            ),
            // Four fields (SRV) go to the heap.
            (
                (7, 40),
                (7, 8),
                (9, 12),
                &[(13, 14), (15, 16), (17, 18), (19, 40)],
                false,
            ),
            // An entry longer than 16 bits of offset.
            ((10, 70_000), (10, 12), (13, 15), &[(16, 70_000)], false),
            // An owner before the entry (octoDNS: the key above the values), one of more
            // than 255 bytes as written (escapes), and one far into a long entry.
            ((500, 520), (400, 410), (505, 506), &[(507, 520)], false),
            ((0, 400), (0, 300), (301, 302), &[(303, 400)], false),
            ((0, 400), (300, 310), (311, 312), &[(313, 400)], false),
            // A `$GENERATE` record: its owner is the template after the range.
            ((40, 90), (55, 61), (62, 67), &[(68, 75), (76, 90)], true),
            // A type written with 64 bytes or more is no type, but its span reads back; the
            // longest kept near, with three fields.
            ((0, 400), (0, 3), (4, 300), &[(301, 400)], false),
            (
                (0, 200),
                (0, 3),
                (4, 67),
                &[(68, 70), (71, 80), (81, 200)],
                true,
            ),
        ];
        for &(entry, owner, rtype, fields, near) in cases {
            let spans = RecordSpans::new(entry, owner, rtype, fields);
            assert_eq!(matches!(spans.parts, Parts::Near { .. }), near, "{entry:?}");
            assert_eq!(spans.entry(), entry);
            assert_eq!(spans.owner(), owner);
            assert_eq!(spans.rtype(), rtype);
            assert_eq!(spans.field_count(), fields.len());
            assert_eq!(spans.fields().collect::<Vec<_>>(), fields);
            assert_eq!(spans.field(fields.len()), None);
            assert_eq!(spans, RecordSpans::new(entry, owner, rtype, fields));
        }
    }

    /// A meant name is found by the record's place in its zone: not for a copy of the record,
    /// nor for another field, nor for a record of another zone.
    #[test]
    fn a_meant_name_belongs_to_one_record_of_one_zone() {
        use super::{Class, MeantName, RData, RType, Zone, ZoneFormat};
        use crate::name::Name;
        let name = |text: &str| Name::from_ascii(text).unwrap();
        let record = |owner: &str| Record {
            owner: name(owner),
            ttl: 300,
            class: Class::IN,
            rtype: RType::MX,
            rdata: RData::Mx {
                preference: 10,
                exchange: name("mail.example.org.example.org."),
            },
            relative_fields: 2,
            file: FileId(0),
            spans: RecordSpans::new((0, 10), (0, 1), (2, 4), &[(5, 7), (8, 10)]),
        };
        let zone = |meant: Vec<(u32, MeantName)>| Zone {
            apex: name("example.org."),
            class: Class::IN,
            format: ZoneFormat::Bind,
            files: vec![FileId(0)],
            records: vec![record("a.example.org."), record("b.example.org.")],
            complete: true,
            meant: meant.into(),
            served_by: None,
            cloudflare_proxied: Vec::new(),
            unmodelled: Vec::new(),
            unmodelled_addresses: Vec::new(),
            provider_addresses: false,
            unmanaged: Default::default(),
            lenient: false,
            pushed_to: Vec::new(),
        };
        let meant = MeantName {
            field: 1,
            name: name("mail.example.org."),
        };
        let with = zone(vec![(1, meant)]);
        let without = zone(Vec::new());
        assert_eq!(with.meant_name(&with.records[0], 1), None);
        assert_eq!(
            with.meant_name(&with.records[1], 1),
            Some(&name("mail.example.org."))
        );
        assert_eq!(with.meant_name(&with.records[1], 0), None);
        assert_eq!(with.meant_name(&with.records[1].clone(), 1), None);
        assert_eq!(with.meant_name(&without.records[1], 1), None);
        assert_eq!(with.position_of(&with.records[1]), Some(1));
    }

    /// A zone holds one record per line: a million-record zone's memory follows this size
    /// (bench/bench.py measures it; 144 bytes before spans were kept near the entry, meant
    /// names beside the records and the file beside the spans).
    #[test]
    fn a_record_takes_at_most_88_bytes() {
        assert!(std::mem::size_of::<Record>() <= 88);
        assert!(std::mem::size_of::<RecordSpans>() <= 32);
    }

    #[test]
    fn character_strings_keep_their_wire_framing() {
        let strings = CharacterStrings::from_wire(b"\x05hello\x00\x03a=b".to_vec()).unwrap();
        let read: Vec<&[u8]> = strings.iter().collect();
        assert_eq!(read, [&b"hello"[..], b"", b"a=b"]);
        assert_eq!(strings.first(), Some(&b"hello"[..]));
        assert_eq!(strings.text_len(), 8);
        assert_eq!(format!("{strings:?}"), format!("{read:?}"));
        let empty = CharacterStrings::from_wire(Vec::new()).unwrap();
        assert_eq!((empty.first(), empty.text_len()), (None, 0));
        // A length byte that runs past the end, or a string cut short, is not framed.
        assert_eq!(CharacterStrings::from_wire(b"\x05hell".to_vec()), None);
        assert_eq!(CharacterStrings::from_wire(b"\x01a\x02b".to_vec()), None);
        assert_eq!(
            CharacterStrings::from_wire(b"\x01a\x00".to_vec())
                .unwrap()
                .iter()
                .count(),
            2
        );
    }

    #[test]
    fn field_spans_read_alike_inline_and_on_the_heap() {
        let mut fields = FieldSpans::default();
        let spans: Vec<(u32, u32)> = (0..7).map(|i| (i * 10, i * 10 + 5)).collect();
        for (count, &span) in spans.iter().enumerate() {
            fields.push(span);
            assert_eq!(&*fields, &spans[..=count]);
        }
        assert!(matches!(fields, FieldSpans::Heap(_)));
        assert_eq!(
            FieldSpans::from(spans[..3].to_vec()),
            FieldSpans::Heap(spans[..3].to_vec())
        );
        assert_ne!(
            FieldSpans::from(spans[..3].to_vec()),
            FieldSpans::from(spans[..2].to_vec())
        );
    }
}
