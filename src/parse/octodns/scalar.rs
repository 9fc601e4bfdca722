//! Plain scalars as octoDNS reads them: PyYAML's SafeLoader follows YAML 1.1, where `no` is a
//! boolean, `0755` is octal and `1:30` is a base-60 number. And the "natural" key order that
//! octoDNS's loader enforces (the `natsort` package's default).

use std::cmp::Ordering;

use crate::parse::octodns::yaml::Style;

/// What PyYAML makes of a scalar.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Py {
    Null,
    Bool(bool),
    /// None when the number does not fit in 128 bits (Python would still read it).
    Int(Option<i128>),
    Float(f64),
    /// A date or date-time (`2024-01-31`).
    Timestamp,
    Str,
}

impl Py {
    /// How a message names the type.
    pub fn describe(self) -> &'static str {
        match self {
            Py::Null => "null",
            Py::Bool(_) => "a boolean",
            Py::Int(_) => "a number",
            Py::Float(_) => "a number",
            Py::Timestamp => "a date",
            Py::Str => "text",
        }
    }

    /// Whether Python finds the value true (`if value:`), `text` being the scalar it was read
    /// from: null, false, zero and the empty string are not.
    pub fn is_truthy(self, text: &str) -> bool {
        match self {
            Py::Null => false,
            Py::Bool(value) => value,
            Py::Int(value) => value != Some(0),
            Py::Float(value) => value != 0.0,
            Py::Timestamp => true,
            Py::Str => !text.is_empty(),
        }
    }
}

const CORE: &str = "tag:yaml.org,2002:";

/// Resolve a scalar as PyYAML's SafeLoader does. Quoted and block scalars are strings; an
/// explicit core tag (`!!str`, `!!int`) decides by itself.
pub fn resolve(text: &str, style: Style, tag: Option<&str>) -> Py {
    if let Some(tag) = tag {
        return match tag.strip_prefix(CORE) {
            Some("str") => Py::Str,
            Some("int") => int_value(text).unwrap_or(Py::Str),
            Some("float") => float_value(text)
                .or_else(|| int_value(text))
                .unwrap_or(Py::Str),
            Some("bool") => bool_value(text).map_or(Py::Str, Py::Bool),
            Some("null") => Py::Null,
            _ => Py::Str,
        };
    }
    if style != Style::Plain {
        return Py::Str;
    }
    if let Some(value) = bool_value(text) {
        return Py::Bool(value);
    }
    if !could_be_number(text) {
        // Most plain scalars (names, record values) are words: only null is left to try.
        return if is_null(text) { Py::Null } else { Py::Str };
    }
    // PyYAML tries its float pattern before its int pattern.
    if let Some(value) = float_value(text) {
        return value;
    }
    if let Some(value) = int_value(text) {
        return value;
    }
    if is_null(text) {
        return Py::Null;
    }
    if is_timestamp(text) {
        return Py::Timestamp;
    }
    Py::Str
}

/// Python's `str()` of the value: what octoDNS makes of a key such as a record name.
pub fn python_str(text: &str, value: Py) -> std::borrow::Cow<'_, str> {
    match value {
        Py::Null => "None".into(),
        Py::Bool(true) => "True".into(),
        Py::Bool(false) => "False".into(),
        Py::Int(Some(n)) => n.to_string().into(),
        Py::Float(f) if f.is_nan() => "nan".into(),
        Py::Float(f) if f.is_infinite() => if f > 0.0 { "inf" } else { "-inf" }.into(),
        Py::Float(f) if f == f.trunc() && f.abs() < 1e16 => format!("{f:.1}").into(),
        Py::Float(f) => format!("{f}").into(),
        // Most keys and values: the text itself, not a copy.
        Py::Int(None) | Py::Timestamp | Py::Str => text.into(),
    }
}

/// Does PyYAML read this plain scalar as a number other than the decimal digits written,
/// or as a boolean where a number was meant? (`0755` is 493, `1:30` is 90; `1_000` is 1000,
/// as meant, and so is not reported.)
pub fn number_differs_from_text(text: &str, value: Py) -> bool {
    match value {
        Py::Int(Some(n)) => *without(text, |c| c == '_' || c == '+') != n.to_string(),
        Py::Bool(_) => true,
        _ => false,
    }
}

/// `text` without the characters `drop` picks: copied only when it has some (most numbers
/// have no `_` or `+`).
fn without(text: &str, drop: impl Fn(char) -> bool) -> std::borrow::Cow<'_, str> {
    if text.contains(&drop) {
        text.chars()
            .filter(|&c| !drop(c))
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

/// False when no number or timestamp pattern of PyYAML can match: each of them starts, after
/// an optional sign, with a digit or a dot.
fn could_be_number(text: &str) -> bool {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    unsigned
        .as_bytes()
        .first()
        .is_some_and(|b| b.is_ascii_digit() || *b == b'.')
}

fn bool_value(text: &str) -> Option<bool> {
    match text {
        "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => Some(true),
        "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => Some(false),
        _ => None,
    }
}

fn split_sign(text: &str) -> (i128, &str) {
    match text.as_bytes().first() {
        Some(b'-') => (-1, &text[1..]),
        Some(b'+') => (1, &text[1..]),
        _ => (1, text),
    }
}

fn all(text: &str, allowed: impl Fn(u8) -> bool) -> bool {
    !text.is_empty() && text.bytes().all(allowed)
}

/// `[0-5]?[0-9]`: one base-60 digit group.
fn is_sexagesimal_part(part: &str) -> bool {
    match part.as_bytes() {
        [d] => d.is_ascii_digit(),
        [a, b] => (b'0'..=b'5').contains(a) && b.is_ascii_digit(),
        _ => false,
    }
}

/// PyYAML's int pattern and constructor.
fn int_value(text: &str) -> Option<Py> {
    let (sign, rest) = split_sign(text);
    let digits = |s: &str, radix: u32| -> Option<i128> {
        let cleaned = without(s, |c| c == '_');
        if cleaned.is_empty() {
            return Some(0);
        }
        i128::from_str_radix(&cleaned, radix).ok()
    };
    let magnitude = if let Some(bits) = rest.strip_prefix("0b") {
        if !all(bits, |b| matches!(b, b'0' | b'1' | b'_')) {
            return None;
        }
        digits(bits, 2)
    } else if let Some(hex) = rest.strip_prefix("0x") {
        if !all(hex, |b| b.is_ascii_hexdigit() || b == b'_') {
            return None;
        }
        digits(hex, 16)
    } else if rest == "0" {
        Some(0)
    } else if let Some(octal) = rest.strip_prefix('0') {
        if !all(octal, |b| (b'0'..=b'7').contains(&b) || b == b'_') {
            return None;
        }
        digits(octal, 8)
    } else if rest
        .as_bytes()
        .first()
        .is_some_and(|b| (b'1'..=b'9').contains(b))
    {
        let mut parts = rest.split(':');
        let first = parts.next()?;
        if !all(first, |b| b.is_ascii_digit() || b == b'_') {
            return None;
        }
        let others: Vec<&str> = parts.collect();
        if !others.iter().all(|p| is_sexagesimal_part(p)) {
            return None;
        }
        let mut value = digits(first, 10);
        for part in others {
            value = value
                .and_then(|v| v.checked_mul(60))
                .and_then(|v| v.checked_add(part.parse::<i128>().ok()?));
        }
        value
    } else {
        return None;
    };
    Some(Py::Int(magnitude.map(|m| sign * m)))
}

/// PyYAML's float pattern (a dot is required; an exponent needs a sign) and constructor.
fn float_value(text: &str) -> Option<Py> {
    match text {
        ".nan" | ".NaN" | ".NAN" => return Some(Py::Float(f64::NAN)),
        _ => {}
    }
    let (sign, rest) = split_sign(text);
    let sign = sign as f64;
    if matches!(rest, ".inf" | ".Inf" | ".INF") {
        return Some(Py::Float(sign * f64::INFINITY));
    }
    let signed = text.len() != rest.len();
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(at) => (&rest[..at], Some(&rest[at + 1..])),
        None => (rest, None),
    };
    if let Some(exponent) = exponent {
        let digits = exponent.strip_prefix(['-', '+'])?;
        if digits.len() == exponent.len() || !all(digits, |b| b.is_ascii_digit()) {
            return None;
        }
    }
    let (whole, fraction) = mantissa.split_once('.')?;
    if !fraction.bytes().all(|b| b.is_ascii_digit() || b == b'_') {
        return None;
    }
    if whole.is_empty() {
        // `.5`: no sign allowed, and a digit must follow the dot.
        if signed || !fraction.as_bytes().first().is_some_and(u8::is_ascii_digit) {
            return None;
        }
    } else if whole.contains(':') {
        if exponent.is_some() {
            return None;
        }
        let mut parts = whole.split(':');
        let first = parts.next()?;
        if !first.as_bytes().first().is_some_and(u8::is_ascii_digit)
            || !first.bytes().all(|b| b.is_ascii_digit() || b == b'_')
            || !parts.all(is_sexagesimal_part)
        {
            return None;
        }
        let mut value = 0.0;
        for part in whole.split(':') {
            value = value * 60.0 + part.replace('_', "").parse::<f64>().ok()?;
        }
        let fraction: f64 = format!("0.{}", fraction.replace('_', ""))
            .parse()
            .unwrap_or(0.0);
        return Some(Py::Float(sign * (value + fraction)));
    } else if !whole.as_bytes()[0].is_ascii_digit()
        || !whole.bytes().all(|b| b.is_ascii_digit() || b == b'_')
    {
        return None;
    }
    let cleaned = rest.replace('_', "");
    let value: f64 = cleaned.parse().ok()?;
    Some(Py::Float(sign * value))
}

/// PyYAML's timestamp pattern: `2001-12-14`, `2001-12-14t21:59:43.10-05:00`, ...
fn is_timestamp(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        b.get(range.clone())
            .is_some_and(|s| s.iter().all(u8::is_ascii_digit))
    };
    if !digits(0..4) || b.get(4) != Some(&b'-') {
        return false;
    }
    let mut i = 5;
    let take_1_or_2 = |i: &mut usize| -> bool {
        if !b.get(*i).is_some_and(u8::is_ascii_digit) {
            return false;
        }
        *i += 1;
        if b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        true
    };
    if !take_1_or_2(&mut i) || b.get(i) != Some(&b'-') {
        return false;
    }
    i += 1;
    if !take_1_or_2(&mut i) {
        return false;
    }
    if i == b.len() {
        // The date-only form needs exactly two digits for month and day.
        return text.len() == 10;
    }
    // Date and time: `T`, `t` or blanks, then hh:mm:ss[.frac][zone].
    match b[i] {
        b'T' | b't' => i += 1,
        b' ' | b'\t' => {
            while b.get(i).is_some_and(|c| *c == b' ' || *c == b'\t') {
                i += 1;
            }
        }
        _ => return false,
    }
    if !take_1_or_2(&mut i) || b.get(i) != Some(&b':') || !digits(i + 1..i + 3) {
        return false;
    }
    i += 3;
    if b.get(i) != Some(&b':') || !digits(i + 1..i + 3) {
        return false;
    }
    i += 3;
    // Optional fraction, then an optional zone: `Z`, `+5`, `-05:00`.
    if b.get(i) == Some(&b'.') {
        i += 1;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    while b.get(i).is_some_and(|c| *c == b' ' || *c == b'\t') {
        i += 1;
    }
    match b.get(i) {
        None => true,
        Some(b'Z') => i + 1 == b.len(),
        Some(b'-' | b'+') => {
            i += 1;
            if !take_1_or_2(&mut i) {
                return false;
            }
            if b.get(i) == Some(&b':') {
                if !digits(i + 1..i + 3) {
                    return false;
                }
                i += 3;
            }
            i == b.len()
        }
        Some(_) => false,
    }
}

/// One piece of a natural sort key: runs of digits compare as numbers.
#[derive(Debug, PartialEq, Eq)]
enum Chunk<'a> {
    Text(&'a str),
    /// Digits without leading zeros, so that longer means larger.
    Number(&'a str),
}

/// The chunks of `text`, one after another: compared as they come, nothing collected (the
/// key-order check compares every pair of neighbouring keys of a zone).
fn chunks(text: &str) -> impl Iterator<Item = Chunk<'_>> {
    let bytes = text.as_bytes();
    // natsort puts an empty string first so that texts and numbers line up.
    let lead = bytes
        .first()
        .is_some_and(u8::is_ascii_digit)
        .then_some(Chunk::Text(""));
    let mut i = 0;
    let runs = std::iter::from_fn(move || {
        if i == bytes.len() {
            return None;
        }
        let digit = bytes[i].is_ascii_digit();
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() == digit {
            i += 1;
        }
        let run = &text[start..i];
        Some(if digit {
            Chunk::Number(run.trim_start_matches('0'))
        } else {
            Chunk::Text(run)
        })
    });
    lead.into_iter().chain(runs)
}

fn compare_chunks(a: &Chunk<'_>, b: &Chunk<'_>) -> Ordering {
    match (a, b) {
        (Chunk::Text(x), Chunk::Text(y)) => x.cmp(y),
        (Chunk::Number(x), Chunk::Number(y)) => x.len().cmp(&y.len()).then(x.cmp(y)),
        (Chunk::Text(_), Chunk::Number(_)) => Ordering::Less,
        (Chunk::Number(_), Chunk::Text(_)) => Ordering::Greater,
    }
}

/// natsort's default order: `2` before `12`, `a2` before `a10`, case-sensitive, on the texts'
/// canonical decompositions (natsort normalises its input to NFD): `über` sorts as `u` and a
/// combining diaeresis, so before `www`.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    if a.is_ascii() && b.is_ascii() {
        return natural_cmp_decomposed(a, b);
    }
    use unicode_normalization::UnicodeNormalization;
    let (a, b): (String, String) = (a.nfd().collect(), b.nfd().collect());
    natural_cmp_decomposed(&a, &b)
}

fn natural_cmp_decomposed(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (chunks(a), chunks(b));
    loop {
        match (a.next(), b.next()) {
            (Some(x), Some(y)) => match compare_chunks(&x, &y) {
                Ordering::Equal => {}
                order => return order,
            },
            // Equal as far as both go: the one with more chunks comes after.
            (x, y) => return x.is_some().cmp(&y.is_some()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> Py {
        resolve(text, Style::Plain, None)
    }

    /// The patterns tried in full, with no shortcut: what `resolve` must agree with.
    fn plain_without_shortcut(text: &str) -> Py {
        bool_value(text)
            .map(Py::Bool)
            .or_else(|| float_value(text))
            .or_else(|| int_value(text))
            .unwrap_or(if is_null(text) {
                Py::Null
            } else if is_timestamp(text) {
                Py::Timestamp
            } else {
                Py::Str
            })
    }

    #[test]
    fn words_skip_the_number_patterns_without_changing_a_reading() {
        // Every string of up to four characters over the characters the patterns care about,
        // and some longer ones: `resolve` skips the number patterns for most of them.
        let alphabet = [
            '0', '1', '7', '9', '.', '-', '+', '_', ':', 'e', 'x', 'b', 'n', 'a', '~', ' ',
        ];
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = texts
                .iter()
                .filter(|t| t.len() == texts.last().map_or(0, String::len))
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(longer);
        }
        texts.extend(
            [
                ".inf",
                "-.Inf",
                ".NaN",
                "2024-01-31",
                "2024-01-31T10:00:00Z",
                "1:30",
                "-0x1F",
                "on",
                "NULL",
                "no.example.",
            ]
            .map(String::from),
        );
        for text in &texts {
            let (fast, full) = (plain(text), plain_without_shortcut(text));
            // NaN is never equal to itself.
            let same = fast == full
                || matches!((fast, full), (Py::Float(a), Py::Float(b)) if a.is_nan() && b.is_nan());
            assert!(
                same,
                "{text:?}: {fast:?} with the shortcut, {full:?} without"
            );
        }
    }

    #[test]
    fn yaml_1_1_readings() {
        assert_eq!(plain("no"), Py::Bool(false));
        assert_eq!(plain("On"), Py::Bool(true));
        assert_eq!(plain("y"), Py::Str);
        assert_eq!(plain("0755"), Py::Int(Some(493)));
        assert_eq!(plain("08"), Py::Str);
        assert_eq!(plain("1_000"), Py::Int(Some(1000)));
        assert_eq!(plain("1:30"), Py::Int(Some(90)));
        assert_eq!(plain("0x1F"), Py::Int(Some(31)));
        assert_eq!(plain("0b101"), Py::Int(Some(5)));
        assert_eq!(plain("-12"), Py::Int(Some(-12)));
        assert_eq!(plain("300"), Py::Int(Some(300)));
        assert_eq!(plain("1.5"), Py::Float(1.5));
        assert_eq!(plain("1e3"), Py::Str);
        assert_eq!(plain("1.0e+3"), Py::Float(1000.0));
        assert_eq!(plain(".5"), Py::Float(0.5));
        assert_eq!(plain("1.2.3.4"), Py::Str);
        assert_eq!(plain("6.2.3.4."), Py::Str);
        assert_eq!(plain("2001:db8::1"), Py::Str);
        // An IPv6 address with only decimal groups is a base-60 number to PyYAML.
        let base60 = (1..=8).fold(0i128, |v, d| v * 60 + d);
        assert_eq!(plain("1:2:3:4:5:6:7:8"), Py::Int(Some(base60)));
        assert_eq!(plain("2024-01-31"), Py::Timestamp);
        assert_eq!(plain("2024-1-31"), Py::Str);
        assert_eq!(plain("~"), Py::Null);
        assert_eq!(plain(""), Py::Null);
        assert_eq!(resolve("no", Style::SingleQuoted, None), Py::Str);
        assert_eq!(
            resolve("0755", Style::Plain, Some("tag:yaml.org,2002:str")),
            Py::Str
        );
    }

    #[test]
    fn python_strings() {
        assert_eq!(python_str("on", Py::Bool(true)), "True");
        assert_eq!(python_str("012", plain("012")), "10");
        assert_eq!(python_str("1.50", plain("1.50")), "1.5");
        assert_eq!(python_str("2.0", plain("2.0")), "2.0");
        assert!(number_differs_from_text("0755", plain("0755")));
        assert!(!number_differs_from_text("300", plain("300")));
        assert!(!number_differs_from_text("+300", plain("+300")));
        assert!(!number_differs_from_text("3_600", plain("3_600")));
        assert!(number_differs_from_text("1:00", plain("1:00")));
    }

    #[test]
    fn natural_order_decomposes_accents_as_natsort_does() {
        // natsort 8 (octoDNS 1.22's loader): NFD first, so `ü` is `u` + U+0308.
        assert_eq!(natural_cmp("über-uns", "www"), Ordering::Less);
        assert_eq!(natural_cmp("café", "filiale"), Ordering::Less);
        assert_eq!(natural_cmp("Ärger", "_dmarc"), Ordering::Less);
        // Letters without a decomposition stay above ASCII.
        assert_eq!(natural_cmp("æble", "zürich"), Ordering::Greater);
        assert_eq!(natural_cmp("foß", "foo"), Ordering::Greater);
    }

    #[test]
    fn natural_order() {
        let mut keys = vec!["www", "12", "2", "", "*", "a10", "a2", "Zeta", "_srv._tcp"];
        keys.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            keys,
            ["", "2", "12", "*", "Zeta", "_srv._tcp", "a2", "a10", "www"]
        );
        assert_eq!(natural_cmp("a01", "a1"), Ordering::Equal);
    }

    /// The order compared chunk by chunk as they come is the order of the chunk lists
    /// compared whole (what natsort does): every pair of texts of up to four characters
    /// over digits, zeros, letters and a dot.
    #[test]
    fn truthiness_is_pythons() {
        for falsy in ["", "~", "null", "false", "no", "off", "0", "0.0", "0x0"] {
            assert!(!plain(falsy).is_truthy(falsy), "{falsy:?}");
        }
        for truthy in ["x", "true", "on", "1", "-1", "0.5", "2024-01-31", "nan"] {
            assert!(plain(truthy).is_truthy(truthy), "{truthy:?}");
        }
        // Quoted, any text but the empty string is true.
        assert!(resolve("false", Style::SingleQuoted, None).is_truthy("false"));
    }

    #[test]
    fn natural_order_as_chunk_lists_compare() {
        let collected = |a: &str, b: &str| {
            let (a, b): (Vec<_>, Vec<_>) = (chunks(a).collect(), chunks(b).collect());
            a.iter()
                .zip(&b)
                .map(|(x, y)| compare_chunks(x, y))
                .find(|order| *order != Ordering::Equal)
                .unwrap_or(a.len().cmp(&b.len()))
        };
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = texts
                .iter()
                .filter(|t| t.len() == texts.last().map_or(0, String::len))
                .flat_map(|t| ['0', '1', '2', 'a', 'B', '.'].map(|c| format!("{t}{c}")))
                .collect();
            texts.extend(longer);
        }
        for a in &texts {
            for b in texts.iter().step_by(7) {
                assert_eq!(natural_cmp(a, b), collected(a, b), "{a:?} {b:?}");
            }
        }
        assert_eq!(natural_cmp("a", "a1"), Ordering::Less);
        assert_eq!(natural_cmp("10", "1"), Ordering::Greater);
    }
}
