//! RDATA in presentation form, field by field, for every type in [`crate::rtype::TYPES`].
//!
//! Both front ends feed this: the BIND parser passes the tokens of an entry, the octoDNS
//! lowering passes the scalars of a record value. Each piece carries its span, so an error
//! points at the field that is wrong.

use std::fmt::Display;
use std::net::{Ipv4Addr, Ipv6Addr};

use crate::model::{CharacterStrings, Class, RData, RType, Soa};
use crate::name::{Name, NameError};
use crate::parse::text::{
    base32hex_len, base64_problem, decode_hex, decode_string, decode_string_into, hex_value,
    parse_decimal, parse_ipv4, parse_ipv6, parse_ttl,
};
use crate::rtype::Field;

/// One token of RDATA as written (escapes not yet decoded; quotes removed).
#[derive(Clone, Copy, Debug)]
pub struct Piece<'a> {
    pub text: &'a [u8],
    pub span: (u32, u32),
    pub quoted: bool,
}

/// RDATA that parsed.
#[derive(Debug)]
pub struct Parsed {
    pub rdata: RData,
    pub fields: crate::model::FieldSpans,
    /// Bit i set: field i (below 31) is a name written relative to the origin; bit 31
    /// ([`crate::model::Record::LOOKS_ABSOLUTE`]) when one of them may have lost a final dot.
    pub relative: u32,
    /// What loads but depends on the server's version (an SVCB key name older servers do
    /// not know): reported as warnings, the record is kept.
    pub warnings: Vec<RdataError>,
    /// Where a domain name holds a byte Knot DNS refuses unescaped ([`knot_refused_byte`]):
    /// the byte's offset in the file, and the byte.
    pub knot_refused: Vec<(u32, u8)>,
    /// TXT strings longer than 255 bytes, with their length: BIND refuses them, Knot DNS
    /// 3.2.6 splits each into strings of 255 bytes and loads it, as they are kept here.
    pub long_strings: Vec<((u32, u32), usize)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// A field is malformed, missing or extra.
    Rdata,
    /// A domain name in the RDATA is malformed.
    Name,
    /// A relative name with no origin to complete it.
    NoOrigin,
    /// A type this class or the master-file format cannot hold.
    Type,
    /// A field BIND's own stricter check refuses where the record's grammar allows it (a NAPTR
    /// regexp, RFC 3403's expression syntax): a zone file's error; octoDNS loads it.
    BindRefuses,
    /// Fields well formed one by one whose lengths disagree (a digest shorter than its type
    /// says): BIND refuses the text; octoDNS checks it with its own validators.
    Length,
}

#[derive(Debug, Clone)]
pub struct RdataError {
    pub kind: ErrorKind,
    pub span: (u32, u32),
    pub message: String,
}

type Result<T> = std::result::Result<T, RdataError>;

/// Several pieces' text run together, and the span covering them.
type Joined = (Vec<u8>, (u32, u32));

/// The largest RDATA named loads into a zone: 65,510 bytes. named-checkzone 9.18.49 refuses
/// 65,511 ("ran out of space"), as TXT strings and as generic `\#` data alike: it keeps an
/// RRset's records with two bytes of length each, and refuses an RRset whose records so kept
/// pass BIND's DNS_RDATA_MAXLENGTH (65,512), which its master-file unit test applies to one
/// record without a zone to load into (`master16.data`). (An RRset of several records that
/// together pass it, each below it, is refused too; not checked here, record by record.)
pub const MAX_RDATA: usize = 65510;

fn err<T>(span: (u32, u32), message: impl Into<String>) -> Result<T> {
    Err(RdataError {
        kind: ErrorKind::Rdata,
        span,
        message: message.into(),
    })
}

/// Parse the RDATA of one record. `end` is where the entry ends, for "missing field" errors.
pub fn parse_rdata(
    rtype: RType,
    class: Class,
    origin: Option<&Name>,
    pieces: &[Piece<'_>],
    end: (u32, u32),
) -> Result<Parsed> {
    // `\# <length> ...` is RFC 3597 generic data; like BIND, only when a number follows, so
    // that `TXT \# text` stays two strings.
    if let [first, length, ..] = pieces
        && !first.quoted
        && first.text == b"\\#"
        && !length.quoted
        && length.text.first().is_some_and(u8::is_ascii_digit)
    {
        return parse_generic(rtype, pieces);
    }
    let type_error = |message: String| {
        Err(RdataError {
            kind: ErrorKind::Type,
            span: pieces.first().map_or(end, |p| p.span),
            message,
        })
    };
    let Some(info) = rtype.info() else {
        return type_error(format!(
            "{rtype} has no text form this linter knows; write its RDATA as `\\# <length> <hex>` (RFC 3597)"
        ));
    };
    if info.fields.is_empty() {
        return type_error(format!("{} records cannot appear in zone data", info.name));
    }
    if info.in_only && class != Class::IN {
        return type_error(format!(
            "{} is defined only for class IN; in class {class} write its RDATA as `\\# <length> <hex>`",
            info.name
        ));
    }
    let mut reader = Reader {
        pieces,
        next: 0,
        end,
        origin,
        fields: crate::model::FieldSpans::default(),
        relative: 0,
        warnings: Vec::new(),
        knot_refused: Vec::new(),
        long_strings: Vec::new(),
    };
    let rdata = if rtype == RType::A && class == Class::CH {
        // Chaosnet A: a domain name and an octal address.
        reader.name()?;
        let piece = reader.take("address")?;
        let valid = std::str::from_utf8(piece.text)
            .ok()
            .and_then(|t| u16::from_str_radix(t, 8).ok());
        if valid.is_none() {
            return err(
                piece.span,
                "a Chaosnet address is an octal number up to 177777",
            );
        }
        reader.field(piece.span);
        RData::Other
    } else {
        parse_fields(rtype, info, &mut reader).map_err(|mut error| {
            // `@ IN SOA ns1`: say which field the record stops before, not only what kind.
            let have = reader.fields.len();
            if error.span == end
                && error.message.starts_with("missing ")
                && let Some(next) = info.field_names.get(have)
            {
                error.message = format!(
                    "{}: the {} RDATA ends after {have} of its {} fields, before the {}",
                    error.message,
                    info.name,
                    info.field_names.len(),
                    next.replace('_', " ")
                );
            }
            error
        })?
    };
    if let Some(extra) = pieces.get(reader.next) {
        // `sandbox IN NS 21600 ns1.example.` : a TTL written after the type is read as RDATA.
        let first = pieces[0];
        let misplaced_ttl = info.fields.first() == Some(&Field::Name)
            && !first.quoted
            && first.text.first().is_some_and(u8::is_ascii_digit)
            && parse_ttl(first.text).is_some();
        let message = if misplaced_ttl {
            format!(
                "extra text after the {} RDATA: `{}` was read as the {} field; a TTL goes before the type",
                info.name,
                lossy(first.text),
                info.field_names[0].replace('_', " ")
            )
        } else {
            format!("extra text after the {} RDATA", info.name)
        };
        return err(extra.span, message);
    }
    Ok(Parsed {
        rdata,
        fields: reader.fields,
        relative: reader.relative,
        warnings: reader.warnings,
        knot_refused: reader.knot_refused,
        long_strings: reader.long_strings,
    })
}

struct Reader<'p, 'a> {
    pieces: &'p [Piece<'a>],
    next: usize,
    end: (u32, u32),
    origin: Option<&'p Name>,
    fields: crate::model::FieldSpans,
    relative: u32,
    warnings: Vec<RdataError>,
    knot_refused: Vec<(u32, u8)>,
    long_strings: Vec<((u32, u32), usize)>,
}

impl<'p, 'a> Reader<'p, 'a> {
    fn peek(&self) -> Option<Piece<'a>> {
        self.pieces.get(self.next).copied()
    }

    /// The next piece, a bare word: only character strings may be quoted. BIND 9.18 and Knot
    /// 3.2 refuse a quoted number, address, name or key (`MX 10 "mail"`: "unexpected token").
    fn take(&mut self, what: impl Display + Copy) -> Result<Piece<'a>> {
        let piece = self.take_string(what)?;
        refuse_quoted(&piece, what)?;
        Ok(piece)
    }

    /// The next piece, quoted or not: a character string.
    fn take_string(&mut self, what: impl Display + Copy) -> Result<Piece<'a>> {
        match self.pieces.get(self.next) {
            Some(&piece) => {
                self.next += 1;
                Ok(piece)
            }
            None => err(self.end, format!("missing {what}")),
        }
    }

    /// The pieces left, quoted or not (each caller says which it takes).
    fn rest(&mut self) -> &'p [Piece<'a>] {
        let rest = &self.pieces[self.next..];
        self.next = self.pieces.len();
        rest
    }

    /// The pieces left, bare words (base64, hex, type lists).
    fn rest_of_words(&mut self, what: impl Display + Copy) -> Result<&'p [Piece<'a>]> {
        let rest = self.rest();
        for piece in rest {
            refuse_quoted(piece, what)?;
        }
        Ok(rest)
    }

    fn field(&mut self, span: (u32, u32)) {
        self.fields.push(span);
    }

    fn number(&mut self, what: impl Display + Copy, max: u32) -> Result<u32> {
        let piece = self.take(what)?;
        match parse_decimal(piece.text) {
            Some(value) if value <= max => {
                self.field(piece.span);
                Ok(value)
            }
            Some(_) => err(piece.span, format!("{what} is out of range (0-{max})")),
            // `MX 0.`: the number and the root name run together, for a null MX (RFC 7505)
            // written without its space.
            None if piece
                .text
                .strip_suffix(b".")
                .is_some_and(|number| parse_decimal(number).is_some()) =>
            {
                let number = String::from_utf8_lossy(&piece.text[..piece.text.len() - 1]);
                err(
                    piece.span,
                    format!(
                        "{what} must be a number from 0 to {max}: `{number}.` runs the number and a `.` together; write `{number} .` (a null MX is `MX 0 .`, RFC 7505)"
                    ),
                )
            }
            // A number too long for the field (an SOA serial written YYYYMMDDHHMMSS): BIND
            // 9.18 says "out of range", as for a shorter one past the maximum.
            None if !piece.text.is_empty() && piece.text.iter().all(u8::is_ascii_digit) => {
                err(piece.span, format!("{what} is out of range (0-{max})"))
            }
            None => err(
                piece.span,
                format!("{what} must be a number from 0 to {max}"),
            ),
        }
    }

    fn ttl(&mut self, what: impl Display + Copy) -> Result<u32> {
        let piece = self.take(what)?;
        match parse_ttl(piece.text) {
            Some(value) => {
                self.field(piece.span);
                Ok(value)
            }
            None => err(
                piece.span,
                format!("{what} must be a number of seconds or a TTL like 1h30m"),
            ),
        }
    }

    fn name(&mut self) -> Result<Name> {
        let piece = self.take("domain name")?;
        let index = self.fields.len();
        let name = parse_name(piece, self.origin)?;
        if let Some((at, byte)) = knot_refused_byte(&piece) {
            self.knot_refused.push((piece.span.0 + at as u32, byte));
        }
        if name.1 && index < crate::model::Record::FIELD_BITS {
            self.relative |= 1 << index;
            if crate::rules::names::missing_trailing_dot::may_have_lost_dot(piece.text, &name.0) {
                self.relative |= crate::model::Record::LOOKS_ABSOLUTE;
            }
        }
        self.field(piece.span);
        Ok(name.0)
    }

    /// Several pieces joined (base64 and hex split over tokens); returns the span covering them.
    fn joined(&mut self, what: impl Display + Copy, optional: bool) -> Result<Option<Joined>> {
        let rest = self.rest_of_words(what)?;
        let (Some(first), Some(last)) = (rest.first(), rest.last()) else {
            if optional {
                return Ok(None);
            }
            return err(self.end, format!("missing {what}"));
        };
        let span = (first.span.0, last.span.1);
        let text: Vec<u8> = rest.iter().flat_map(|p| p.text.iter().copied()).collect();
        self.field(span);
        Ok(Some((text, span)))
    }
}

/// The error for a quoted piece where a bare word belongs.
fn refuse_quoted(piece: &Piece<'_>, what: impl Display) -> Result<()> {
    if piece.quoted {
        return err(
            piece.span,
            format!(
                "{what} cannot be a quoted string; BIND and Knot refuse the record: write it without quotes"
            ),
        );
    }
    Ok(())
}

/// "MX preference": a field named for messages, formatted only when a message is written.
#[derive(Clone, Copy)]
struct FieldLabel {
    rtype: &'static str,
    field: &'static str,
}

impl Display for FieldLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ", self.rtype)?;
        for (i, word) in self.field.split('_').enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            f.write_str(word)?;
        }
        Ok(())
    }
}

/// A name from a piece: `@` is the origin.
pub fn parse_name(piece: Piece<'_>, origin: Option<&Name>) -> Result<(Name, bool)> {
    if piece.text == b"@" && !piece.quoted {
        return match origin {
            Some(origin) => Ok((origin.clone(), true)),
            None => Err(RdataError {
                kind: ErrorKind::NoOrigin,
                span: piece.span,
                message: "`@` needs an origin, and none is known".into(),
            }),
        };
    }
    let relative = !ends_with_unescaped_dot(piece.text);
    if relative && origin.is_none() {
        return Err(RdataError {
            kind: ErrorKind::NoOrigin,
            span: piece.span,
            message: format!(
                "relative name `{}` needs an origin, and none is known",
                String::from_utf8_lossy(piece.text)
            ),
        });
    }
    Name::parse(piece.text, origin).map_err(|e| name_error(piece, e))
}

/// The bytes Knot DNS refuses written as they are in a domain name of a zone file
/// ("invalid domain name character", kzonecheck 3.2.6, checked byte by byte): punctuation
/// BIND reads as part of a label. Knot takes them escaped (`a\!b`), and takes `*`, `-`, `/`
/// and `_` as they are.
static KNOT_REFUSES_RAW: [bool; 256] = {
    let mut refused = [false; 256];
    let bytes = b"!#$%&'+,:<=>?@[]^`{|}~";
    let mut i = 0;
    while i < bytes.len() {
        refused[bytes[i] as usize] = true;
        i += 1;
    }
    refused
};

/// The offset and byte of the first character of a name's text that Knot DNS refuses
/// unescaped ([`KNOT_REFUSES_RAW`]); None for quoted text, which Knot does not read as a name
/// at all (the lexer's concern), and for `@` alone.
pub fn knot_refused_byte(piece: &Piece<'_>) -> Option<(usize, u8)> {
    // Nearly every name has none of these bytes: one look at each, escapes read only then.
    if piece.quoted
        || piece.text == b"@"
        || !piece.text.iter().any(|&b| KNOT_REFUSES_RAW[b as usize])
    {
        return None;
    }
    let mut at = 0;
    while at < piece.text.len() {
        match piece.text[at] {
            // `\DDD` or `\X`: the escape and what it stands for.
            b'\\' if piece.text.get(at + 1).is_some_and(u8::is_ascii_digit) => at += 4,
            b'\\' => at += 2,
            byte if KNOT_REFUSES_RAW[byte as usize] => return Some((at, byte)),
            _ => at += 1,
        }
    }
    None
}

/// True when the text ends in a dot that is not escaped (an absolute name).
pub fn ends_with_unescaped_dot(text: &[u8]) -> bool {
    let Some(before) = text.strip_suffix(b".") else {
        return false;
    };
    before.iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 0
}

pub fn name_error(piece: Piece<'_>, error: NameError) -> RdataError {
    RdataError {
        kind: ErrorKind::Name,
        span: piece.span,
        // A name is at most 255 bytes; a longer one is quoted only in part.
        message: format!(
            "bad domain name `{}`: {error}",
            crate::report::escape::shorten(&String::from_utf8_lossy(piece.text), 300)
        ),
    }
}

fn parse_fields(
    rtype: RType,
    info: &crate::rtype::TypeInfo,
    r: &mut Reader<'_, '_>,
) -> Result<RData> {
    // Kept on the stack, as a zone has a million records: the first two names (no type has
    // more; the record keeps them for NS, CNAME, DNAME, PTR, MX, SRV and SOA) and the numbers.
    let mut names: [Option<Name>; 2] = [None, None];
    let mut name_count = 0;
    let mut numbers = FieldNumbers::default();
    // Every character-string field's, in wire form (what TXT and SPF keep).
    let mut strings: Vec<u8> = Vec::new();
    let mut address: Option<std::net::IpAddr> = None;
    for (index, &field) in info.fields.iter().enumerate() {
        let what = FieldLabel {
            rtype: info.name,
            field: info.field_names[index],
        };
        match field {
            Field::U8 => numbers.push(r.number(what, 0xff)?),
            Field::U16 => numbers.push(r.number(what, 0xffff)?),
            Field::U32 => numbers.push(r.number(what, u32::MAX)?),
            Field::Ttl => numbers.push(r.ttl(what)?),
            Field::Name => {
                let name = r.name()?;
                if let Some(slot) = names.get_mut(name_count) {
                    *slot = Some(name);
                }
                name_count += 1;
            }
            Field::Ipv4 => {
                let piece = r.take(what)?;
                let parsed = parse_ipv4(piece.text);
                let Some(ip) = parsed else {
                    return err(
                        piece.span,
                        format!("{what} must be an IPv4 address like 192.0.2.1"),
                    );
                };
                r.field(piece.span);
                address = Some(ip.into());
            }
            Field::Ipv6 => {
                let piece = r.take(what)?;
                let Some(ip) = parse_ipv6(piece.text) else {
                    return err(
                        piece.span,
                        format!("{what} must be an IPv6 address like 2001:db8::1"),
                    );
                };
                r.field(piece.span);
                address = Some(ip.into());
            }
            Field::String => {
                let piece = r.take_string(what)?;
                if rtype.0 == 256 {
                    // A URI's target is the rest of the RDATA, not a character-string (RFC
                    // 7553 §4.5): longer than 255 bytes it loads (named-checkzone 9.18.49,
                    // kzonecheck 3.2.6), and split into strings it does not.
                    if decode_string_into(piece.text, &mut Vec::new()).is_err() {
                        return err(piece.span, escape_problem(piece.text));
                    }
                } else {
                    push_character_string(piece, &mut strings)?;
                }
                check_string_field(rtype, &piece, what)?;
                if rtype.0 == 35 && info.field_names[index] == "regexp" {
                    let regexp = decode_string(piece.text).unwrap_or_default();
                    if let Err(problem) = naptr_regexp_problem(&regexp) {
                        return Err(RdataError {
                            kind: ErrorKind::BindRefuses,
                            span: piece.span,
                            message: format!("NAPTR regexp: {problem}"),
                        });
                    }
                }
                r.field(piece.span);
            }
            Field::OptionalString => {
                if r.peek().is_some() {
                    let piece = r.take_string(what)?;
                    push_character_string(piece, &mut strings)?;
                    r.field(piece.span);
                }
            }
            Field::Strings => {
                let rest = r.rest();
                if rest.is_empty() {
                    return err(r.end, format!("missing {what}: at least one string"));
                }
                let before = strings.len();
                // Decoding escapes only shortens: room for every string and its length byte,
                // so that the list is not copied as it grows, nor again into the record.
                strings.reserve_exact(rest.iter().map(|piece| 1 + piece.text.len()).sum());
                for &piece in rest {
                    // Kept as Knot loads it; the parser reports it as BIND refuses it.
                    if let Some(len) = push_splitting(piece, &mut strings)? {
                        r.long_strings.push((piece.span, len));
                    }
                }
                let wire = strings.len() - before;
                if wire > MAX_RDATA {
                    let span = (rest[0].span.0, rest[rest.len() - 1].span.1);
                    return err(
                        span,
                        format!(
                            "{what} is {wire} bytes in wire form; named loads at most {MAX_RDATA} bytes of RDATA (\"ran out of space\"), so that the record fits in one message"
                        ),
                    );
                }
                let span = (rest[0].span.0, rest[rest.len() - 1].span.1);
                r.field(span);
            }
            Field::Base64 | Field::OptionalBase64 => {
                let optional = field == Field::OptionalBase64 || key_may_be_absent(rtype, &numbers);
                if let Some((text, span)) = r.joined(what, optional)?
                    && let Some(problem) = base64_problem(&text)
                {
                    return err(span, format!("{what} is not valid base64: {problem}"));
                }
            }
            Field::Hex | Field::OptionalHex => {
                if let Some((text, span)) = r.joined(what, field == Field::OptionalHex)? {
                    let Some(bytes) = decode_hex(&text) else {
                        return err(
                            span,
                            format!("{what} must be an even number of hexadecimal digits"),
                        );
                    };
                    check_digest_length(rtype, &numbers, bytes.len(), span)?;
                }
            }
            Field::Salt => {
                let piece = r.take(what)?;
                if piece.text != b"-" {
                    match decode_hex(piece.text) {
                        Some(bytes) if bytes.len() <= 255 => {}
                        Some(_) => {
                            return err(piece.span, format!("{what} is longer than 255 bytes"));
                        }
                        None => {
                            return err(
                                piece.span,
                                format!("{what} must be hexadecimal digits, or `-` for none"),
                            );
                        }
                    }
                }
                r.field(piece.span);
            }
            Field::Base32Hex => {
                let piece = r.take(what)?;
                match base32hex_len(piece.text) {
                    Ok(len) if numbers.first() == Some(&1) && len != 20 => {
                        return err(
                            piece.span,
                            format!(
                                "{what} is {len} bytes; a SHA-1 hash (algorithm 1) is 20 bytes, 32 base32hex characters"
                            ),
                        );
                    }
                    Ok(0) => return err(piece.span, format!("{what} is empty")),
                    Ok(_) => {}
                    Err(problem) => {
                        return err(
                            piece.span,
                            format!("{what} is not valid base32hex: {problem}"),
                        );
                    }
                }
                r.field(piece.span);
            }
            Field::TypeBitmap => {
                let rest = r.rest_of_words(what)?;
                for piece in rest {
                    // A bare type number (`127`) only in an NXT list, as BIND 9.18.49 reads
                    // them (its own tests write NXT lists so); in NSEC, NSEC3 and CSYNC lists
                    // BIND and Knot refuse it ("unknown class/type"): `TYPE127` is the form.
                    let known = RType::from_mnemonic(piece.text).is_some()
                        || (rtype == RType::NXT
                            && parse_decimal(piece.text).is_some_and(|n| n <= 65535));
                    if !known {
                        return err(
                            piece.span,
                            format!("unknown type `{}` in the type list", lossy(piece.text)),
                        );
                    }
                }
                if let (Some(first), Some(last)) = (rest.first(), rest.last()) {
                    r.field((first.span.0, last.span.1));
                } else if rtype == RType::NSEC {
                    // BIND 9.18 refuses an NSEC without types (FORMERR); NSEC3 and CSYNC may
                    // have none.
                    return err(r.end, "NSEC needs at least one type in its type list");
                }
            }
            Field::Type => {
                let piece = r.take(what)?;
                if RType::from_mnemonic(piece.text).is_none() {
                    return err(piece.span, format!("unknown type `{}`", lossy(piece.text)));
                }
                r.field(piece.span);
            }
            Field::Algorithm => {
                let piece = r.take(what)?;
                let value = parse_decimal(piece.text)
                    .filter(|&v| v <= 255)
                    .or_else(|| mnemonic(piece.text, ALGORITHMS));
                let Some(value) = value else {
                    return err(
                        piece.span,
                        format!("{what} must be a number from 0 to 255 or a name like RSASHA256"),
                    );
                };
                r.field(piece.span);
                numbers.push(value);
            }
            Field::KeyFlags => {
                let piece = r.take(what)?;
                let Some(value) = key_flags(piece.text) else {
                    return err(
                        piece.span,
                        format!("{what} must be a number up to 65535 or flag names joined by `|`"),
                    );
                };
                r.field(piece.span);
                numbers.push(value);
            }
            Field::KeyProtocol => {
                let piece = r.take(what)?;
                let value = parse_decimal(piece.text)
                    .filter(|&v| v <= 255)
                    .or_else(|| mnemonic(piece.text, PROTOCOLS));
                let Some(value) = value else {
                    return err(
                        piece.span,
                        format!("{what} must be a number from 0 to 255 or a name like DNSSEC"),
                    );
                };
                r.field(piece.span);
                numbers.push(value);
            }
            Field::CertType => {
                let piece = r.take(what)?;
                let value = parse_decimal(piece.text)
                    .filter(|&v| v <= 0xffff)
                    .or_else(|| mnemonic(piece.text, CERT_TYPES));
                if value.is_none() {
                    return err(
                        piece.span,
                        format!("{what} must be a number up to 65535 or a name like PKIX"),
                    );
                }
                r.field(piece.span);
            }
            Field::Time => {
                let piece = r.take(what)?;
                if !valid_time(piece.text) {
                    return err(
                        piece.span,
                        format!("{what} must be YYYYMMDDHHmmSS or seconds since 1970"),
                    );
                }
                r.field(piece.span);
            }
            Field::Special => special(rtype, index, what, &numbers, r)?,
        }
    }
    Ok(match rtype {
        RType::A | RType::AAAA => match address {
            Some(std::net::IpAddr::V4(ip)) => RData::A(ip),
            Some(std::net::IpAddr::V6(ip)) => RData::Aaaa(ip),
            None => RData::Other,
        },
        // Each of these types has a name field, read above (or the parse failed).
        RType::NS | RType::CNAME | RType::DNAME | RType::PTR => {
            RData::Target(take_name(&mut names[0]))
        }
        RType::MX => RData::Mx {
            preference: numbers[0] as u16,
            exchange: take_name(&mut names[0]),
        },
        RType::SRV => RData::Srv {
            priority: numbers[0] as u16,
            weight: numbers[1] as u16,
            port: numbers[2] as u16,
            target: take_name(&mut names[0]),
        },
        RType::SOA => RData::Soa(Box::new(Soa {
            mname: take_name(&mut names[0]),
            rname: take_name(&mut names[1]),
            serial: numbers[0],
            refresh: numbers[1],
            retry: numbers[2],
            expire: numbers[3],
            minimum: numbers[4],
        })),
        // Framed by `push_character_string`, so never the default.
        RType::TXT | RType::SPF => {
            RData::txt(CharacterStrings::from_wire(strings).unwrap_or_default())
        }
        _ => RData::Other,
    })
}

/// The value of an SOA serial written past 32 bits (`20200329000001`, a date and time):
/// None for any other text. BIND 9.18.49 and Knot 3.2.6 refuse the zone; gdnsd 3.8.1 loads it
/// with the low 32 bits (`strtoul` into an `unsigned`).
pub fn serial_past_32_bits(text: &[u8]) -> Option<u64> {
    if text.is_empty() || text.len() > 19 || !text.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let value = text.iter().fold(0u64, |v, d| v * 10 + u64::from(d - b'0'));
    (value > u64::from(u32::MAX)).then_some(value)
}

/// A name field read by [`parse_fields`] (the root, which no caller sees, if there was none).
fn take_name(slot: &mut Option<Name>) -> Name {
    slot.take().unwrap_or_else(Name::root)
}

/// The numeric fields of one record's RDATA, in field order, on the stack.
#[derive(Default)]
struct FieldNumbers {
    values: [u32; MAX_FIELDS],
    len: usize,
}

/// The most fields a type has (SIG and RRSIG have nine): one number each at most.
const MAX_FIELDS: usize = 9;

impl FieldNumbers {
    fn push(&mut self, value: u32) {
        // Never full: a test holds every type to MAX_FIELDS fields.
        if let Some(slot) = self.values.get_mut(self.len) {
            *slot = value;
            self.len += 1;
        }
    }
}

impl std::ops::Deref for FieldNumbers {
    type Target = [u32];

    fn deref(&self) -> &[u32] {
        &self.values[..self.len]
    }
}

fn lossy(text: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(text)
}

/// Decode a character-string and append it to `wire` in wire form: its length byte, then its
/// bytes.
fn push_character_string(piece: Piece<'_>, wire: &mut Vec<u8>) -> Result<()> {
    match push_splitting(piece, wire)? {
        None => Ok(()),
        Some(len) => err(piece.span, long_string_message(len)),
    }
}

/// [`push_character_string`] for a string that may be longer than 255 bytes: cut into strings
/// of 255 bytes and the rest, as Knot DNS 3.2.6 loads it (`kzonesign` writes it so); the
/// length when it was, None when it fits.
fn push_splitting(piece: Piece<'_>, wire: &mut Vec<u8>) -> Result<Option<usize>> {
    let at = wire.len();
    wire.push(0);
    if decode_string_into(piece.text, wire).is_err() {
        return err(piece.span, escape_problem(piece.text));
    }
    let len = wire.len() - at - 1;
    if let Ok(short) = u8::try_from(len) {
        wire[at] = short;
        return Ok(None);
    }
    let bytes = wire.split_off(at + 1);
    wire.truncate(at);
    for chunk in bytes.chunks(255) {
        wire.push(chunk.len() as u8);
        wire.extend_from_slice(chunk);
    }
    Ok(Some(len))
}

/// What is said of a character-string of `len` bytes, more than 255. The loader finds the
/// finding by this start where Knot serves the zone ([`LONG_STRING`]).
pub fn long_string_message(len: usize) -> String {
    format!("{LONG_STRING} and this one is {len}; split it into several quoted strings")
}

/// The start of [`long_string_message`].
pub const LONG_STRING: &str = "a character string is at most 255 bytes";

/// What is wrong with the escapes of a string that did not decode.
fn escape_problem(text: &[u8]) -> &'static str {
    let trailing = text.iter().rev().take_while(|&&b| b == b'\\').count();
    if trailing % 2 == 1 {
        "a `\\` at the end escapes nothing: write `\\\\` for a backslash"
    } else {
        "bad escape: `\\DDD` needs three digits up to 255"
    }
}

/// A KEY record may omit the key when its flags say "no key" (both high bits set).
fn key_may_be_absent(rtype: RType, numbers: &[u32]) -> bool {
    // BIND allows this for KEY only; a DNSKEY without key material is an error there.
    rtype.0 == 25
        && numbers
            .first()
            .is_some_and(|flags| flags & 0xc000 == 0xc000)
}

/// The string fields BIND 9.18.49 reads more strictly than any text: a URI target must be
/// quoted ("syntax error" unquoted; Knot 3.2.6 loads it), and an X25 PSDN address is four
/// or more decimal digits (RFC 1183 §3.1; BIND and Knot refuse other text).
fn check_string_field(rtype: RType, piece: &Piece<'_>, what: impl Display) -> Result<()> {
    match rtype.0 {
        256 if !piece.quoted => err(
            piece.span,
            format!("{what} must be a quoted string (BIND refuses it bare)"),
        ),
        19 if piece.text.len() < 4 || !piece.text.iter().all(u8::is_ascii_digit) => err(
            piece.span,
            format!("{what} must be four or more decimal digits (RFC 1183 §3.1)"),
        ),
        _ => Ok(()),
    }
}

/// What BIND 9.18 refuses in a NAPTR regexp field (RFC 3403 §3.2,
/// `delim-char ere delim-char repl delim-char *flags`), as its `txt_valid_regex` checks it
/// (each case checked with named-checkzone 9.18.49, "syntax error"): a delimiter that is a
/// digit, a backslash, `i` or NUL; other than three delimiters not escaped; a flag other than
/// `i`; an empty expression; a backslash at the end; a `(` or `[` never closed; `\0`, or a
/// back-reference `\N` to a group the expression does not have, in the replacement. Only
/// these: BIND's full expression check refuses more (a leading `*`, an empty branch `a|`),
/// which a linter without its validator would guess at. Knot DNS 3.2 checks none of it.
/// An empty field (no substitution) is fine.
fn naptr_regexp_problem(regexp: &[u8]) -> std::result::Result<(), String> {
    let Some((&delimiter, rest)) = regexp.split_first() else {
        return Ok(());
    };
    if delimiter.is_ascii_digit() || matches!(delimiter, b'\\' | b'i' | 0) {
        return Err(format!(
            "`{}` cannot be the delimiter (not a digit, a backslash or `i`): BIND refuses it",
            shown_byte(delimiter)
        ));
    }
    // 0: the expression, 1: the replacement, 2: the flags.
    let mut part = 0;
    let mut expression: Vec<u8> = Vec::new();
    let mut groups = 0u32;
    let mut bytes = rest.iter().copied();
    while let Some(byte) = bytes.next() {
        if byte == 0 {
            return Err("a NUL byte: BIND refuses it".into());
        }
        if byte == delimiter {
            part += 1;
            if part == 1 {
                groups = expression_groups(&expression)?;
            } else if part > 2 {
                return Err(format!(
                    "a fourth `{}`: the field is delimiter, expression, delimiter, replacement, delimiter, flags (escape it as `\\{}` inside)",
                    shown_byte(delimiter),
                    shown_byte(delimiter)
                ));
            }
            continue;
        }
        if part == 2 {
            if byte != b'i' {
                return Err(format!(
                    "`{}` after the last delimiter: the only flag is `i`",
                    shown_byte(byte)
                ));
            }
            continue;
        }
        if part == 0 {
            expression.push(byte);
        }
        if byte == b'\\' {
            let Some(escaped) = bytes.next() else {
                return Err("it ends with a backslash".into());
            };
            if escaped == 0 {
                return Err("a NUL byte: BIND refuses it".into());
            }
            if part == 0 {
                expression.push(escaped);
            } else if escaped.is_ascii_digit() {
                let group = u32::from(escaped - b'0');
                if group == 0 {
                    return Err(
                        "`\\0` in the replacement: back-references are `\\1` to `\\9`".into(),
                    );
                }
                if group > groups {
                    let has = match groups {
                        0 => "no group `(...)`".to_string(),
                        1 => "one group".to_string(),
                        n => format!("{n} groups"),
                    };
                    return Err(format!(
                        "the replacement refers to group {group} (`\\{group}`), and the expression has {has}"
                    ));
                }
            }
        }
    }
    if part < 2 {
        let shown = shown_byte(delimiter);
        return Err(format!(
            "it needs three `{shown}`: delimiter, expression, delimiter, replacement, delimiter (`{shown}^.*${shown}sip:info@example.com{shown}`)"
        ));
    }
    Ok(())
}

/// A byte of a NAPTR regexp as a message quotes it: printable ASCII as it is, anything else as
/// the zone file's `\DDD`.
fn shown_byte(byte: u8) -> String {
    if byte.is_ascii_graphic() {
        char::from(byte).to_string()
    } else {
        format!("\\{byte:03}")
    }
}

/// The groups of a NAPTR regexp's expression (POSIX extended: every `(` not escaped and not in
/// a bracket expression opens one), or what makes BIND refuse it: empty, a `(` or `[` never
/// closed.
fn expression_groups(expression: &[u8]) -> std::result::Result<u32, String> {
    if expression.is_empty() {
        return Err("the expression is empty".into());
    }
    let (mut groups, mut depth) = (0u32, 0u32);
    let mut at = 0;
    while at < expression.len() {
        match expression[at] {
            b'\\' => at += 1,
            b'(' => {
                groups += 1;
                depth += 1;
            }
            // A `)` with no `(` is a literal in an extended expression (BIND loads `a)`).
            b')' => depth = depth.saturating_sub(1),
            b'[' => {
                // To the `]` that closes the bracket expression: one right after `[` or `[^`
                // is a member, as is a `]` inside `[:class:]`.
                let mut inside = at + 1;
                if expression.get(inside) == Some(&b'^') {
                    inside += 1;
                }
                if expression.get(inside) == Some(&b']') {
                    inside += 1;
                }
                loop {
                    match expression.get(inside) {
                        None => return Err("a `[` is never closed".into()),
                        Some(b'[')
                            if matches!(expression.get(inside + 1), Some(b':' | b'.' | b'=')) =>
                        {
                            let kind = expression[inside + 1];
                            let close = expression[inside + 2..]
                                .windows(2)
                                .position(|pair| pair == [kind, b']'])
                                .ok_or_else(|| "a `[` is never closed".to_string())?;
                            inside += 2 + close + 2;
                        }
                        Some(b']') => break,
                        Some(_) => inside += 1,
                    }
                }
                at = inside;
            }
            _ => {}
        }
        at += 1;
    }
    if depth > 0 {
        return Err("a `(` is never closed".into());
    }
    Ok(groups)
}

/// DS-family digests have a fixed length for the well-known digest types.
fn check_digest_length(rtype: RType, numbers: &[u32], len: usize, span: (u32, u32)) -> Result<()> {
    // Which number field says the digest type, and the lengths BIND 9.18 requires (checked
    // with named-checkzone 9.18.49: a short SSHFP or ZONEMD digest is "unexpected end of input").
    let (digest_type, expected) = match rtype.0 {
        // DS, CDS, TA, DLV: digest type 1 SHA-1, 2 SHA-256, 4 SHA-384.
        43 | 59 | 32768 | 32769 => {
            let digest_type = numbers.get(2).copied();
            let expected = match digest_type {
                Some(1) => 20,
                // GOST (3) is not checked: BIND 9.18.49 loads any length (Knot refuses).
                Some(2) => 32,
                Some(4) => 48,
                _ => return Ok(()),
            };
            (digest_type, expected)
        }
        // SSHFP: fingerprint type 1 SHA-1, 2 SHA-256.
        44 => {
            let digest_type = numbers.get(1).copied();
            let expected = match digest_type {
                Some(1) => 20,
                Some(2) => 32,
                _ => return Ok(()),
            };
            (digest_type, expected)
        }
        // ZONEMD: hash algorithm 1 SHA-384, 2 SHA-512.
        63 => {
            let digest_type = numbers.get(2).copied();
            let expected = match digest_type {
                Some(1) => 48,
                Some(2) => 64,
                _ => return Ok(()),
            };
            (digest_type, expected)
        }
        _ => return Ok(()),
    };
    if len != expected {
        return Err(RdataError {
            kind: ErrorKind::Length,
            span,
            message: format!(
                "digest is {len} bytes; digest type {} needs {expected}",
                digest_type.unwrap_or(0)
            ),
        });
    }
    Ok(())
}

const ALGORITHMS: &[(&str, u32)] = &[
    ("RSAMD5", 1),
    ("DH", 2),
    ("DSA", 3),
    ("ECC", 4),
    ("RSASHA1", 5),
    ("DSA-NSEC3-SHA1", 6),
    ("NSEC3DSA", 6),
    ("RSASHA1-NSEC3-SHA1", 7),
    ("NSEC3RSASHA1", 7),
    ("RSASHA256", 8),
    ("RSASHA512", 10),
    ("ECC-GOST", 12),
    ("ECCGOST", 12),
    ("ECDSAP256SHA256", 13),
    ("ECDSAP384SHA384", 14),
    ("ED25519", 15),
    ("ED448", 16),
    ("INDIRECT", 252),
    ("PRIVATEDNS", 253),
    ("PRIVATEOID", 254),
];

const PROTOCOLS: &[(&str, u32)] = &[
    ("NONE", 0),
    ("TLS", 1),
    ("EMAIL", 2),
    ("DNSSEC", 3),
    ("IPSEC", 4),
    ("ALL", 255),
];

const CERT_TYPES: &[(&str, u32)] = &[
    ("PKIX", 1),
    ("SPKI", 2),
    ("PGP", 3),
    ("IPKIX", 4),
    ("ISPKI", 5),
    ("IPGP", 6),
    ("ACPKIX", 7),
    ("IACPKIX", 8),
    ("URI", 253),
    ("OID", 254),
];

fn mnemonic(text: &[u8], table: &[(&str, u32)]) -> Option<u32> {
    table
        .iter()
        .find(|(name, _)| text.eq_ignore_ascii_case(name.as_bytes()))
        .map(|&(_, v)| v)
}

/// A DNSSEC algorithm as BIND reads it: a number up to 255 or a mnemonic (`RSASHA256`).
pub fn algorithm_number(text: &[u8]) -> Option<u32> {
    parse_decimal(text)
        .filter(|&v| v <= 255)
        .or_else(|| mnemonic(text, ALGORITHMS))
}

/// DNSKEY/KEY flags as BIND reads them: a number, or names joined by `|`.
pub fn key_flags(text: &[u8]) -> Option<u32> {
    if let Some(value) = parse_decimal(text) {
        return (value <= 0xffff).then_some(value);
    }
    const FLAGS: &[(&str, u32)] = &[
        ("NOCONF", 0x4000),
        ("NOAUTH", 0x8000),
        ("NOKEY", 0xc000),
        ("FLAG2", 0x2000),
        ("EXTEND", 0x1000),
        ("FLAG4", 0x0800),
        ("FLAG5", 0x0400),
        ("USER", 0x0000),
        ("ZONE", 0x0100),
        ("HOST", 0x0200),
        ("NTYP3", 0x0300),
        ("FLAG8", 0x0080),
        ("FLAG9", 0x0040),
        ("FLAG10", 0x0020),
        ("FLAG11", 0x0010),
        ("REVOKE", 0x0080),
        ("KSK", 0x0001),
    ];
    let mut value = 0;
    for part in text.split(|&b| b == b'|') {
        value |= mnemonic(part, FLAGS).or_else(|| {
            let n = std::str::from_utf8(part).ok()?.to_ascii_uppercase();
            n.strip_prefix("SIG")?
                .parse::<u32>()
                .ok()
                .filter(|&v| v <= 15)
        })?;
    }
    Some(value)
}

fn valid_time(text: &[u8]) -> bool {
    if text.len() == 14 && text.iter().all(u8::is_ascii_digit) {
        let num = |range: std::ops::Range<usize>| {
            text[range]
                .iter()
                .fold(0u32, |v, d| v * 10 + u32::from(d - b'0'))
        };
        let (month, day, hour, minute, second) =
            (num(4..6), num(6..8), num(8..10), num(10..12), num(12..14));
        return (1..=12).contains(&month)
            && (1..=31).contains(&day)
            && hour < 24
            && minute < 60
            && second < 61;
    }
    parse_decimal(text).is_some()
}

/// Fields with a grammar of their own.
fn special(
    rtype: RType,
    index: usize,
    what: impl Display + Copy,
    numbers: &[u32],
    r: &mut Reader<'_, '_>,
) -> Result<()> {
    match rtype.0 {
        // NULL, UINFO, UID, GID: BIND has no text form for these; only `\#` works.
        10 | 100 | 101 | 102 => {
            let span = r.peek().map_or(r.end, |p| p.span);
            Err(RdataError {
                kind: ErrorKind::Type,
                span,
                message: format!(
                    "{rtype} has no text form; write its RDATA as `\\# <length> <hex>` (RFC 3597)"
                ),
            })
        }
        11 => wks_services(r),
        22 => nsap(r),
        29 => loc(r),
        34 => atma(r),
        38 => a6(r),
        42 => apl(r),
        45 => ipseckey(r),
        55 => hip(r),
        64 | 65 => svcb_params(r),
        66 => {
            // DSYNC scheme: a number or the mnemonic NOTIFY.
            let piece = r.take(what)?;
            let valid = parse_decimal(piece.text).is_some_and(|v| v <= 255)
                || piece.text.eq_ignore_ascii_case(b"NOTIFY");
            if !valid {
                return err(
                    piece.span,
                    format!("{what} must be a number from 0 to 255 or NOTIFY"),
                );
            }
            r.field(piece.span);
            Ok(())
        }
        104 | 106 => {
            let piece = r.take(what)?;
            let groups: Vec<&[u8]> = piece.text.split(|&b| b == b':').collect();
            let valid = groups.len() == 4
                && groups.iter().all(|g| {
                    (1..=4).contains(&g.len()) && g.iter().all(|&b| hex_value(b).is_some())
                });
            if !valid {
                return err(
                    piece.span,
                    format!("{what} must be four groups of hex digits like 14:4fff:ff20:ee64"),
                );
            }
            r.field(piece.span);
            Ok(())
        }
        108 | 109 => {
            let groups = if rtype.0 == 108 { 6 } else { 8 };
            let piece = r.take(what)?;
            let parts: Vec<&[u8]> = piece.text.split(|&b| b == b'-').collect();
            let valid = parts.len() == groups
                && parts
                    .iter()
                    .all(|p| p.len() == 2 && p.iter().all(|&b| hex_value(b).is_some()));
            if !valid {
                return err(
                    piece.span,
                    format!(
                        "bad EUI: {what} must be {groups} pairs of hex digits separated by `-`, like 01-23-45-67-89-ab"
                    ),
                );
            }
            r.field(piece.span);
            Ok(())
        }
        257 if index == 1 => {
            let piece = r.take("CAA tag")?;
            if piece.text.is_empty() || !piece.text.iter().all(u8::is_ascii_alphanumeric) {
                return err(
                    piece.span,
                    "CAA tag must be letters and digits, like issue, issuewild or iodef",
                );
            }
            r.field(piece.span);
            Ok(())
        }
        257 => {
            let piece = r.take_string("CAA value")?;
            let bytes = decode_string(piece.text).map_err(|_| RdataError {
                kind: ErrorKind::Rdata,
                span: piece.span,
                message: "bad escape in CAA value".into(),
            })?;
            let _ = bytes;
            r.field(piece.span);
            Ok(())
        }
        259 => {
            // DOA data: base64, or `-` for none.
            let piece = r.take(what)?;
            if piece.text != b"-"
                && let Some(problem) = base64_problem(piece.text)
            {
                return err(piece.span, format!("{what} is not valid base64: {problem}"));
            }
            r.field(piece.span);
            Ok(())
        }
        260 => amtrelay(r),
        _ => {
            let _ = numbers;
            let span = r.peek().map_or(r.end, |p| p.span);
            err(span, format!("{rtype} RDATA cannot be checked"))
        }
    }
}

fn wks_services(r: &mut Reader<'_, '_>) -> Result<()> {
    let protocol = r.take("WKS protocol")?;
    let known = parse_decimal(protocol.text).is_some_and(|v| v <= 255)
        || protocol
            .text
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-');
    if !known {
        return err(
            protocol.span,
            "WKS protocol must be a number or a name like tcp",
        );
    }
    r.field(protocol.span);
    let rest = r.rest();
    for piece in rest {
        let ok = parse_decimal(piece.text).is_some_and(|v| v <= 65535)
            || piece
                .text
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'));
        if !ok {
            return err(
                piece.span,
                "WKS service must be a port number or a service name",
            );
        }
    }
    if let (Some(first), Some(last)) = (rest.first(), rest.last()) {
        r.field((first.span.0, last.span.1));
    }
    Ok(())
}

fn nsap(r: &mut Reader<'_, '_>) -> Result<()> {
    let piece = r.take("NSAP address")?;
    let text = piece.text;
    let Some(digits) = text
        .strip_prefix(b"0x")
        .or_else(|| text.strip_prefix(b"0X"))
    else {
        return err(piece.span, "NSAP address must start with 0x");
    };
    let hex: Vec<u8> = digits.iter().copied().filter(|&b| b != b'.').collect();
    if hex.is_empty() {
        return err(piece.span, "NSAP address has no digits after 0x");
    }
    if hex.iter().any(|&b| hex_value(b).is_none()) {
        return err(
            piece.span,
            "NSAP address must be hexadecimal digits (dots allowed)",
        );
    }
    if !hex.len().is_multiple_of(2) {
        return err(piece.span, "NSAP address has an odd number of hex digits");
    }
    r.field(piece.span);
    Ok(())
}

fn atma(r: &mut Reader<'_, '_>) -> Result<()> {
    let piece = r.take("ATMA address")?;
    let valid = if let Some(e164) = piece.text.strip_prefix(b"+") {
        // BIND 9.18 skips dots between the digits (`+358.400.1234567` loads).
        e164.iter().any(u8::is_ascii_digit) && e164.iter().all(|&b| b.is_ascii_digit() || b == b'.')
    } else {
        let hex: Vec<u8> = piece.text.iter().copied().filter(|&b| b != b'.').collect();
        !hex.is_empty()
            && hex.len().is_multiple_of(2)
            && hex.iter().all(|&b| hex_value(b).is_some())
    };
    if !valid {
        return err(
            piece.span,
            "ATMA address must be `+` and E.164 digits, or hexadecimal NSAP digits",
        );
    }
    r.field(piece.span);
    Ok(())
}

fn a6(r: &mut Reader<'_, '_>) -> Result<()> {
    let prefix = r.number("A6 prefix length", 128)?;
    if prefix < 128 {
        let piece = r.take("A6 address suffix")?;
        if parse_ipv6(piece.text).is_none() {
            return err(piece.span, "A6 address suffix must be an IPv6 address");
        }
        r.field(piece.span);
    }
    if prefix > 0 {
        r.name()?;
    }
    Ok(())
}

fn apl(r: &mut Reader<'_, '_>) -> Result<()> {
    let rest = r.rest();
    for piece in rest {
        let text = piece.text.strip_prefix(b"!").unwrap_or(piece.text);
        let text = String::from_utf8_lossy(text);
        let ok = (|| {
            let (family, rest) = text.split_once(':')?;
            let (address, prefix) = rest.split_once('/')?;
            let prefix: u8 = prefix.parse().ok()?;
            match family {
                "1" => (address.parse::<Ipv4Addr>().is_ok() && prefix <= 32).then_some(()),
                "2" => (address.parse::<Ipv6Addr>().is_ok() && prefix <= 128).then_some(()),
                _ => None,
            }
        })();
        if ok.is_none() {
            return err(
                piece.span,
                "APL item must look like 1:192.0.2.0/24 or !2:2001:db8::/32",
            );
        }
    }
    if let (Some(first), Some(last)) = (rest.first(), rest.last()) {
        r.field((first.span.0, last.span.1));
    }
    Ok(())
}

fn ipseckey(r: &mut Reader<'_, '_>) -> Result<()> {
    r.number("IPSECKEY precedence", 255)?;
    let gateway_type = r.number("IPSECKEY gateway type", 255)?;
    r.number("IPSECKEY algorithm", 255)?;
    relay_by_type(r, gateway_type, "IPSECKEY gateway")?;
    // RFC 4025 lets the key be absent, but BIND 9.18.49 refuses the record then ("unexpected
    // end of input"; Knot 3.2.6 loads it).
    if let Some((text, span)) = r.joined("IPSECKEY public key", false)?
        && let Some(problem) = base64_problem(&text)
    {
        return err(
            span,
            format!("IPSECKEY public key is not valid base64: {problem}"),
        );
    }
    Ok(())
}

/// The gateway or relay field of IPSECKEY and AMTRELAY, whose form depends on a type number.
fn relay_by_type(r: &mut Reader<'_, '_>, kind: u32, what: impl Display + Copy) -> Result<()> {
    match kind {
        0 => {
            let piece = r.take(what)?;
            if piece.text != b"." {
                return err(
                    piece.span,
                    format!("{what} type 0 means no gateway: write `.`"),
                );
            }
            r.field(piece.span);
        }
        1 | 2 => {
            let piece = r.take(what)?;
            let text = String::from_utf8_lossy(piece.text);
            let ok = if kind == 1 {
                text.parse::<Ipv4Addr>().is_ok()
            } else {
                text.parse::<Ipv6Addr>().is_ok()
            };
            if !ok {
                let family = if kind == 1 { "IPv4" } else { "IPv6" };
                return err(
                    piece.span,
                    format!("{what} type {kind} needs an {family} address"),
                );
            }
            r.field(piece.span);
        }
        3 => {
            r.name()?;
        }
        _ => {
            let span = r.fields.last().copied().unwrap_or(r.end);
            return err(span, format!("{what} type must be 0, 1, 2 or 3"));
        }
    }
    Ok(())
}

fn amtrelay(r: &mut Reader<'_, '_>) -> Result<()> {
    r.number("AMTRELAY precedence", 255)?;
    r.number("AMTRELAY discovery optional flag", 1)?;
    let kind = r.number("AMTRELAY relay type", 127)?;
    if kind == 0 {
        // The relay is absent; BIND writes and accepts a lone `.`.
        if let Some(piece) = r.peek()
            && piece.text == b"."
        {
            r.take("relay")?;
            r.field(piece.span);
        }
        return Ok(());
    }
    relay_by_type(r, kind, "AMTRELAY relay")
}

fn hip(r: &mut Reader<'_, '_>) -> Result<()> {
    r.number("HIP public key algorithm", 255)?;
    let hit = r.take("HIP HIT")?;
    if decode_hex(hit.text).is_none_or(|b| b.is_empty()) {
        return err(hit.span, "HIP HIT must be hexadecimal digits");
    }
    r.field(hit.span);
    let key = r.take("HIP public key")?;
    if let Some(problem) = base64_problem(key.text) {
        return err(
            key.span,
            format!("HIP public key is not valid base64: {problem}"),
        );
    }
    r.field(key.span);
    while r.peek().is_some() {
        r.name()?;
    }
    Ok(())
}

/// Does a DoH URI template hold the `dns` variable (`{?dns}`, `{&dns}`, `{?a,dns}`)?
fn contains_dns_variable(template: &[u8]) -> bool {
    let text = String::from_utf8_lossy(template);
    text.split('{').skip(1).any(|expression| {
        let Some((inside, _)) = expression.split_once('}') else {
            return false;
        };
        inside
            .trim_start_matches(['?', '&', '+', '#', '.', '/', ';'])
            .split(',')
            .any(|variable| variable.split(['*', ':']).next() == Some("dns"))
    })
}

/// SvcParamKeys of the IANA registry ("DNS SVCB", Service Parameter Keys), by number.
const SVCB_KEYS: &[&str] = &[
    "mandatory",
    "alpn",
    "no-default-alpn",
    "port",
    "ipv4hint",
    "ech",
    "ipv6hint",
    "dohpath",
    "ohttp",
    "tls-supported-groups",
    "docpath",
    "pvd",
    "oots",
];

/// Keys BIND 9.18 and Knot 3.2 know by name; they refuse the names registered since
/// (`ohttp`, `tls-supported-groups`, ...) but load them as `keyNNN`. Checked with
/// named-checkzone 9.18.49 and kzonecheck 3.2.6 (fixtures/parse/zonefile/svcb-keys.zone).
const SVCB_KEYS_BIND_918: usize = 8;

/// SVCB/HTTPS SvcParams (RFC 9460 §2.1), checked as BIND checks them.
fn svcb_params(r: &mut Reader<'_, '_>) -> Result<()> {
    const KEYS: &[&str] = SVCB_KEYS;
    let rest = r.rest();
    let mut seen: Vec<(u16, (u32, u32))> = Vec::new();
    let mut mandatory: Vec<(u16, (u32, u32))> = Vec::new();
    for piece in rest {
        if piece.quoted {
            // BIND 9.18.49 and Knot 3.2.6 refuse `"alpn=h2"` ("unexpected token").
            return err(
                piece.span,
                "a quoted SVCB parameter: BIND and Knot refuse the record; quote only the value (`alpn=\"h2,h3\"`)",
            );
        }
        let text = piece.text;
        let (key, value) = match text.iter().position(|&b| b == b'=') {
            Some(eq) => (&text[..eq], Some(&text[eq + 1..])),
            None => (text, None),
        };
        let key_text = String::from_utf8_lossy(key).to_ascii_lowercase();
        // Key names are matched as written: named-checkzone 9.18.49 ("FORMERR") and kzonecheck
        // 3.2.6 ("invalid parameter") refuse `ALPN=h2` and `Port=443`.
        if key.iter().any(u8::is_ascii_uppercase) {
            return err(
                piece.span,
                format!(
                    "SVCB parameter `{}` has capitals: BIND and Knot refuse the record, as key names are lower case; write `{key_text}`",
                    String::from_utf8_lossy(key)
                ),
            );
        }
        let number = match KEYS.iter().position(|k| *k == key_text) {
            Some(i) => i as u16,
            None => match key_text
                .strip_prefix("key")
                .and_then(|n| n.parse::<u32>().ok())
            {
                // 65535 is reserved ("Invalid key"), but BIND 9.18 and Knot 3.2 load it.
                Some(n) if n <= 65535 => n as u16,
                _ => {
                    return err(
                        piece.span,
                        format!(
                            "unknown SVCB parameter `{key_text}`: BIND and Knot refuse a key name they do not know; write an unregistered key as `keyNNNNN`"
                        ),
                    );
                }
            },
        };
        if (SVCB_KEYS_BIND_918..KEYS.len()).contains(&(number as usize))
            && !key_text.starts_with("key")
        {
            r.warnings.push(RdataError {
                kind: ErrorKind::Rdata,
                span: piece.span,
                message: format!(
                    "SVCB parameter `{key_text}` is registered with IANA (key{number}), but BIND 9.18 and Knot 3.2 do not know its name and refuse the zone; servers that do not know it load `key{number}=...`"
                ),
            });
        }
        if seen.iter().any(|&(k, _)| k == number) {
            return err(
                piece.span,
                format!("SVCB parameter `{key_text}` appears twice"),
            );
        }
        seen.push((number, piece.span));
        // Values may be quoted after `=`; the lexer keeps `key="..."` as one piece.
        let value = value.map(|v| {
            if v.len() >= 2 && v.starts_with(b"\"") && v.ends_with(b"\"") {
                &v[1..v.len() - 1]
            } else {
                v
            }
        });
        let decoded = match value.map(decode_string) {
            Some(Ok(v)) => Some(v),
            Some(Err(_)) => return err(piece.span, "bad escape in SVCB parameter value"),
            None => None,
        };
        let needs_value = !matches!(number, 2 | 8);
        match (&decoded, needs_value) {
            (None, true) if number < 9 => {
                return err(
                    piece.span,
                    format!("SVCB parameter `{key_text}` needs a value"),
                );
            }
            (Some(_), false) => {
                return err(
                    piece.span,
                    format!("SVCB parameter `{key_text}` takes no value"),
                );
            }
            _ => {}
        }
        let Some(value) = decoded else { continue };
        let bad = |message: &str| err(piece.span, format!("SVCB `{key_text}`: {message}"));
        match number {
            0 => {
                for item in value.split(|&b| b == b',') {
                    let item = String::from_utf8_lossy(item).to_ascii_lowercase();
                    let key = KEYS
                        .iter()
                        .position(|k| *k == item)
                        .map(|i| i as u16)
                        .or_else(|| item.strip_prefix("key")?.parse::<u16>().ok());
                    match key {
                        Some(0) => return bad("`mandatory` cannot list itself"),
                        Some(k) if mandatory.iter().any(|&(m, _)| m == k) => {
                            return bad("a key is listed twice");
                        }
                        Some(k) => mandatory.push((k, piece.span)),
                        None => return bad(&format!("unknown key `{item}`")),
                    }
                }
            }
            1 => {
                // A comma-separated list in which `\,` is a literal comma; no item may be empty.
                let mut item_len = 0;
                let mut i = 0;
                while i < value.len() {
                    match value[i] {
                        b'\\' if i + 1 < value.len() => {
                            item_len += 1;
                            i += 2;
                            continue;
                        }
                        b',' => {
                            if item_len == 0 {
                                return bad("empty protocol id in the alpn list");
                            }
                            item_len = 0;
                        }
                        _ => item_len += 1,
                    }
                    i += 1;
                }
                if item_len == 0 {
                    return bad("empty protocol id in the alpn list");
                }
            }
            3 if parse_decimal(&value).is_none_or(|p| p > 65535) => {
                return bad("port must be a number from 0 to 65535");
            }
            4 | 6 => {
                for item in value.split(|&b| b == b',') {
                    let text = String::from_utf8_lossy(item);
                    let ok = if number == 4 {
                        text.parse::<Ipv4Addr>().is_ok()
                    } else {
                        text.parse::<Ipv6Addr>().is_ok()
                    };
                    if !ok {
                        return bad(&format!(
                            "`{text}` is not an IP address of the right family"
                        ));
                    }
                }
            }
            5 => {
                if let Some(problem) = base64_problem(&value) {
                    return bad(&format!("not valid base64: {problem}"));
                }
            }
            7 if !value.starts_with(b"/") => {
                return bad("dohpath must be a relative URI template starting with `/`");
            }
            // RFC 9461 §5: the template "MUST contain a 'dns' variable"; named-checkzone
            // 9.18.49 refuses `dohpath=/dns-query` ("FORMERR").
            7 if !contains_dns_variable(&value) => {
                return bad(
                    "dohpath must hold the `dns` variable (RFC 9461 §5), as in `/dns-query{?dns}`",
                );
            }
            _ => {}
        }
    }
    for &(key, span) in &mandatory {
        if !seen.iter().any(|&(k, _)| k == key) {
            let name = KEYS
                .get(key as usize)
                .map_or(format!("key{key}"), |k| k.to_string());
            return err(
                span,
                format!("SVCB `mandatory` lists `{name}`, which the record does not have"),
            );
        }
    }
    if seen.iter().any(|&(k, _)| k == 2) && !seen.iter().any(|&(k, _)| k == 1) {
        let span = seen
            .iter()
            .find(|&&(k, _)| k == 2)
            .map_or(r.end, |&(_, s)| s);
        return err(span, "SVCB `no-default-alpn` needs an `alpn` parameter");
    }
    if let (Some(first), Some(last)) = (rest.first(), rest.last()) {
        r.field((first.span.0, last.span.1));
    }
    Ok(())
}

/// How many digits follow the decimal point of `number` (0 without one).
fn fraction_digits(number: &str) -> usize {
    number
        .split_once('.')
        .map_or(0, |(_, fraction)| fraction.len())
}

fn loc(r: &mut Reader<'_, '_>) -> Result<()> {
    let start = r.peek().map_or(r.end, |p| p.span);
    let rest = r.rest().to_vec();
    let words: Vec<String> = rest
        .iter()
        .map(|p| String::from_utf8_lossy(p.text).into_owned())
        .collect();
    let mut i = 0;
    let fail = |i: usize, message: &str| {
        let span = rest.get(i).map_or(start, |p| p.span);
        err(span, format!("LOC: {message}"))
    };
    for (hemispheres, max_degrees) in [(["N", "S"], 90.0), (["E", "W"], 180.0)] {
        let mut parts = 0;
        while i < words.len() && !hemispheres.iter().any(|h| words[i].eq_ignore_ascii_case(h)) {
            let value: f64 = match words[i].parse() {
                Ok(v) => v,
                Err(_) => return fail(i, "expected degrees, minutes, seconds, then N/S or E/W"),
            };
            let limit = [max_degrees, 59.0, 59.999][parts.min(2)];
            if parts > 2 || value < 0.0 || value > limit {
                return fail(i, "degrees, minutes or seconds out of range");
            }
            if parts < 2 && words[i].contains('.') {
                return fail(i, "only seconds may have a fraction");
            }
            if fraction_digits(&words[i]) > 3 {
                // BIND 9.18.49 and Knot 3.2.6 refuse `23.0001`: LOC keeps milliseconds.
                return fail(i, "seconds have at most three decimals (milliseconds)");
            }
            parts += 1;
            i += 1;
        }
        if parts == 0 || i >= words.len() {
            return fail(i, &format!("missing {} hemisphere", hemispheres.join("/")));
        }
        i += 1;
    }
    // Altitude, then optional size, horizontal and vertical precision, each with an optional "m".
    let mut extra = 0;
    while i < words.len() {
        let text = words[i].strip_suffix(['m', 'M']).unwrap_or(&words[i]);
        let value: f64 = match text.parse() {
            Ok(v) => v,
            Err(_) => return fail(i, "altitude and precisions must be numbers of metres"),
        };
        let (low, high) = if extra == 0 {
            (-100_000.0, 42_849_672.95)
        } else {
            (0.0, 90_000_000.0)
        };
        if value < low || value > high || extra > 3 {
            return fail(i, "altitude or precision out of range");
        }
        if fraction_digits(text) > 2 {
            // LOC keeps centimetres: BIND 9.18.49 and Knot 3.2.6 refuse `0.001m`.
            return fail(
                i,
                "altitude and precisions have at most two decimals (centimetres)",
            );
        }
        extra += 1;
        i += 1;
    }
    if extra == 0 {
        return fail(i, "missing altitude");
    }
    if let (Some(first), Some(last)) = (rest.first(), rest.last()) {
        r.field((first.span.0, last.span.1));
    }
    Ok(())
}

/// RFC 3597 generic RDATA: `\# <length> <hex>...`. Known types are decoded from wire form
/// ([`crate::parse::wire`]) so rules see the same typed data as from the text form.
fn parse_generic(rtype: RType, pieces: &[Piece<'_>]) -> Result<Parsed> {
    let (marker, length_piece) = (pieces[0], &pieces[1]);
    let Some(length) = parse_decimal(length_piece.text).filter(|&n| n <= 65535) else {
        return err(
            length_piece.span,
            "generic RDATA length must be a number from 0 to 65535",
        );
    };
    let hex_pieces = &pieces[2..];
    let hex: Vec<u8> = hex_pieces
        .iter()
        .flat_map(|p| p.text.iter().copied())
        .collect();
    let span = match (hex_pieces.first(), hex_pieces.last()) {
        (Some(first), Some(last)) => (first.span.0, last.span.1),
        _ => length_piece.span,
    };
    let Some(bytes) = decode_hex(&hex) else {
        return err(
            span,
            "generic RDATA must be an even number of hexadecimal digits",
        );
    };
    if bytes.len() != length as usize {
        return err(
            span,
            format!(
                "generic RDATA has {} bytes but the length says {length}",
                bytes.len()
            ),
        );
    }
    if bytes.len() > MAX_RDATA {
        return err(
            span,
            format!(
                "generic RDATA is {} bytes; named loads at most {MAX_RDATA} (\"ran out of space\")",
                bytes.len()
            ),
        );
    }
    if rtype.is_meta() || rtype.0 == 103 {
        return Err(RdataError {
            kind: ErrorKind::Type,
            span: marker.span,
            message: format!(
                "{} records cannot appear in zone data",
                rtype.zone_file_name()
            ),
        });
    }
    let whole = (marker.span.0, span.1);
    let rdata = crate::parse::wire::decode(rtype, &bytes).map_err(|message| RdataError {
        kind: ErrorKind::Rdata,
        span: whole,
        message: format!("generic RDATA is not valid {rtype} data: {message}"),
    })?;
    let mut fields = crate::model::FieldSpans::default();
    fields.push(whole);
    Ok(Parsed {
        rdata,
        fields,
        relative: 0,
        warnings: Vec::new(),
        knot_refused: Vec::new(),
        long_strings: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<Piece<'_>> {
        let mut out = Vec::new();
        let mut offset = 0;
        for word in text.split(' ') {
            let quoted = word.starts_with('"');
            let inner = if quoted {
                &word[1..word.len() - 1]
            } else {
                word
            };
            out.push(Piece {
                text: inner.as_bytes(),
                span: (offset, offset + word.len() as u32),
                quoted,
            });
            offset += word.len() as u32 + 1;
        }
        out
    }

    fn parse(rtype: &str, text: &str) -> Result<Parsed> {
        let origin = Name::from_ascii("example.com.").unwrap();
        let rtype = RType::from_mnemonic(rtype.as_bytes()).unwrap();
        parse_rdata(rtype, Class::IN, Some(&origin), &pieces(text), (99, 99))
    }

    /// named-checkzone 9.18.49 loads 65,510 bytes of RDATA and refuses 65,511 ("ran out of
    /// space"), as TXT strings and as generic data.
    #[test]
    fn rdata_longer_than_named_loads_is_refused() {
        let txt = |wire: usize| {
            let full = "x".repeat(255);
            let mut strings = vec![format!("\"{full}\""); wire / 256];
            if !wire.is_multiple_of(256) {
                strings.push(format!("\"{}\"", "x".repeat(wire % 256 - 1)));
            }
            strings.join(" ")
        };
        assert!(parse("TXT", &txt(65510)).is_ok());
        let refused = parse("TXT", &txt(65511)).err().unwrap();
        assert!(
            refused.message.contains("65511 bytes"),
            "{}",
            refused.message
        );
        let generic = |len: usize| format!("\\# {len} {}", "00".repeat(len));
        assert!(parse("TYPE65280", &generic(65510)).is_ok());
        let refused = parse("TYPE65280", &generic(65511)).err().unwrap();
        assert!(
            refused.message.contains("ran out of space"),
            "{}",
            refused.message
        );
    }

    /// What `parse_fields` keeps on the stack holds every type's fields: numbers are never
    /// dropped, and the names records keep are the first two.
    #[test]
    fn every_type_fits_the_field_lists() {
        for info in crate::rtype::TYPES {
            assert!(info.fields.len() <= MAX_FIELDS, "{}", info.name);
            let names = info.fields.iter().filter(|&&f| f == Field::Name).count();
            assert!(names <= 2, "{}", info.name);
        }
    }

    #[test]
    fn mx_is_typed_with_field_spans() {
        let parsed = parse("MX", "10 mail").unwrap();
        assert_eq!(
            parsed.rdata,
            RData::Mx {
                preference: 10,
                exchange: Name::from_ascii("mail.example.com.").unwrap()
            }
        );
        assert_eq!(&*parsed.fields, &[(0, 2), (3, 7)]);
        assert_eq!(parsed.relative, 0b10);
        let error = parse("MX", "70000 mail.").unwrap_err();
        assert_eq!(error.span, (0, 5));
        assert!(error.message.contains("preference"), "{}", error.message);
        assert_eq!(parse("MX", "10").unwrap_err().span, (99, 99));
        assert_eq!(parse("MX", "10 a. b.").unwrap_err().span, (6, 8));
    }

    #[test]
    fn common_types() {
        assert!(parse("A", "192.0.2.1").is_ok());
        assert!(parse("A", "192.0.2.01").is_err());
        assert!(parse("AAAA", "2001:db8::1").is_ok());
        assert!(parse("SOA", "ns hostmaster 1 8H 2H 4W 1D").is_ok());
        assert!(parse("SOA", "ns hostmaster 1 8H 2H 4W").is_err());
        assert!(parse("TXT", "\"v=spf1 -all\" more").is_ok());
        // Kept as Knot loads it, cut into strings of 255 bytes, with where and how long it
        // was (the zone-file parser reports BIND's error); a string of another type is an
        // error.
        let long = format!("\"{}\"", "a".repeat(256));
        let parsed = parse("TXT", &long).unwrap();
        assert_eq!(parsed.long_strings, [((0, 258), 256)]);
        let RData::Txt(strings, _) = &parsed.rdata else {
            panic!("{:?}", parsed.rdata);
        };
        assert_eq!(
            strings.iter().map(<[u8]>::len).collect::<Vec<_>>(),
            [255, 1]
        );
        assert!(parse("HINFO", &format!("{long} \"os\"")).is_err());
        // A URI's target is no character-string: no 255-byte bound.
        let uri = format!("10 1 \"https://example.com/{}\"", "p".repeat(300));
        assert!(parse("URI", &uri).is_ok());
        assert!(parse("URI", "10 1 \"https://example.com/\\\"").is_err());
        assert!(parse("CAA", "0 issue \"ca.example.net\"").is_ok());
        assert!(parse("CAA", "0 is-sue \"ca.example.net\"").is_err());
        assert!(
            parse(
                "DS",
                "12892 5 2 26584835CA80C81C91999F31CFAF2A0E89D4FF1C8FAFD0DDB31A85C719277C13"
            )
            .is_ok()
        );
        assert!(parse("DS", "12892 5 2 2658").is_err());
        assert!(parse("EUI48", "01-23-45-67-89-ab").is_ok());
        assert!(parse("EUI48", "1-23-45-67-89-ab").is_err());
        assert!(parse("LOC", "60 9 0.000 N 24 39 0.000 E 10.00m 20m 2000m 20m").is_ok());
        assert!(parse("LOC", "60 9 N").is_err());
        assert!(parse("NSAP", "0x47.0005.80.005a00").is_ok());
        assert!(parse("NSAP", "0x").is_err());
        assert!(parse("SVCB", "1 . port=60 alpn=h3").is_ok());
        assert!(parse("SVCB", "1 . unknown=wha").is_err());
        assert!(parse("SVCB", "1 . mandatory=alpn").is_err());
        assert!(parse("SVCB", "1 . ALPN=h2").is_err());
        assert!(parse("HTTPS", "1 . Port=443").is_err());
        assert!(parse("HTTPS", "1 . port=443").is_ok());
        assert!(parse("SVCB", "1 . alpn=a,,b").is_err());
        assert!(parse("DNSKEY", "FLAG2|SIG15 3 3 AQAB").is_ok());
        assert!(parse("DNSKEY", "256 3 8").is_err());
    }

    #[test]
    fn generic_rdata() {
        let parsed = parse("A", "\\# 4 c0000201").unwrap();
        assert_eq!(parsed.rdata, RData::A(Ipv4Addr::new(192, 0, 2, 1)));
        assert!(parse("A", "\\# 5 c000020101").is_err());
        assert!(parse("A", "\\# 4 c00002").is_err());
        assert!(parse("TYPE65534", "\\# 0").is_ok());
        assert!(parse("TYPE65534", "01").is_err());
    }
}
