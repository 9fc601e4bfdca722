//! Small parsers for presentation-format values: numbers, TTLs, escaped strings, encodings.

/// A TTL in seconds: plain digits, or BIND units (`1w2d3h4m5s`, case-insensitive, in any order).
/// As in BIND, a bare number may not follow units (`1h30` is an error). None when not a TTL.
pub fn parse_ttl(text: &[u8]) -> Option<u32> {
    if text.is_empty() || !text[0].is_ascii_digit() {
        return None;
    }
    if text.iter().all(u8::is_ascii_digit) {
        return parse_decimal(text);
    }
    let mut total: u64 = 0;
    let mut number: Option<u64> = None;
    for &b in text {
        if b.is_ascii_digit() {
            let n = number.unwrap_or(0) * 10 + u64::from(b - b'0');
            if n > u64::from(u32::MAX) {
                return None;
            }
            number = Some(n);
            continue;
        }
        let seconds = match b.to_ascii_lowercase() {
            b'w' => 604_800,
            b'd' => 86_400,
            b'h' => 3_600,
            b'm' => 60,
            b's' => 1,
            _ => return None,
        };
        total += number.take()? * seconds;
    }
    if number.is_some() {
        return None;
    }
    u32::try_from(total).ok()
}

/// Decimal digits only, up to u32::MAX.
pub fn parse_decimal(text: &[u8]) -> Option<u32> {
    if text.is_empty() || text.len() > 10 || !text.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let value = text.iter().fold(0u64, |v, d| v * 10 + u64::from(d - b'0'));
    u32::try_from(value).ok()
}

/// A `\DDD` escape that is not three digits up to 255.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadEscape;

/// Decode a character string's escapes (`\X`, `\DDD`).
pub fn decode_string(text: &[u8]) -> Result<Vec<u8>, BadEscape> {
    if !text.contains(&b'\\') {
        return Ok(text.to_vec());
    }
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if text[i] != b'\\' {
            out.push(text[i]);
            i += 1;
            continue;
        }
        match text.get(i + 1) {
            None => return Err(BadEscape),
            Some(d) if d.is_ascii_digit() => {
                let digits = text.get(i + 1..i + 4).ok_or(BadEscape)?;
                if !digits.iter().all(u8::is_ascii_digit) {
                    return Err(BadEscape);
                }
                let value = digits
                    .iter()
                    .fold(0u32, |v, d| v * 10 + u32::from(d - b'0'));
                out.push(u8::try_from(value).map_err(|_| BadEscape)?);
                i += 4;
            }
            Some(&c) => {
                out.push(c);
                i += 2;
            }
        }
    }
    Ok(out)
}

pub fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Decode hexadecimal digits (no separators).
pub fn decode_hex(text: &[u8]) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    text.chunks(2)
        .map(|pair| Some(hex_value(pair[0])? << 4 | hex_value(pair[1])?))
        .collect()
}

fn base64_value(b: u8) -> Option<u8> {
    match b {
        b'A'..=b'Z' => Some(b - b'A'),
        b'a'..=b'z' => Some(b - b'a' + 26),
        b'0'..=b'9' => Some(b - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// Why base64 text is not valid.
pub fn base64_problem(text: &[u8]) -> Option<&'static str> {
    if !text.len().is_multiple_of(4) {
        return Some("its length is not a multiple of 4");
    }
    let padding = text.iter().rev().take_while(|&&b| b == b'=').count();
    if padding > 2 {
        return Some("it has more than two `=` at the end");
    }
    let body = &text[..text.len() - padding];
    if body.iter().any(|&b| base64_value(b).is_none()) {
        return Some("it has a character outside the base64 alphabet");
    }
    None
}

/// Decode base64, skipping the spaces and line breaks that split it over tokens; None when it
/// is not valid base64.
pub fn decode_base64(text: &[u8]) -> Option<Vec<u8>> {
    let clean: Vec<u8> = text
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    if base64_problem(&clean).is_some() {
        return None;
    }
    let mut out = Vec::with_capacity(clean.len() / 4 * 3);
    for chunk in clean.chunks(4) {
        let values: Vec<u8> = chunk.iter().filter_map(|&b| base64_value(b)).collect();
        let bits = values
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &v)| acc | u32::from(v) << (18 - 6 * i));
        let bytes = bits.to_be_bytes();
        out.extend_from_slice(&bytes[1..values.len()]);
    }
    Some(out)
}

/// Base32hex (RFC 4648 §7) without padding; returns the decoded length.
pub fn base32hex_len(text: &[u8]) -> Result<usize, &'static str> {
    if text.contains(&b'=') {
        return Err("it is padded with `=`; NSEC3 uses base32hex without padding");
    }
    if !text
        .iter()
        .all(|b| matches!(b.to_ascii_uppercase(), b'0'..=b'9' | b'A'..=b'V'))
    {
        return Err("it has a character outside the base32hex alphabet (0-9, A-V)");
    }
    let bits = text.len() * 5;
    // The unused trailing bits must be fewer than one character's worth.
    if bits % 8 >= 5 {
        return Err("its length does not encode a whole number of bytes");
    }
    Ok(bits / 8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ttls() {
        assert_eq!(parse_ttl(b"3600"), Some(3600));
        assert_eq!(parse_ttl(b"1h30m"), Some(5400));
        assert_eq!(parse_ttl(b"2W"), Some(1_209_600));
        assert_eq!(parse_ttl(b"1d1H"), Some(90_000));
        assert_eq!(parse_ttl(b"1h30"), None);
        assert_eq!(parse_ttl(b"1hh"), None);
        assert_eq!(parse_ttl(b"1h1h"), Some(7200));
        assert_eq!(parse_ttl(b"h"), None);
        assert_eq!(parse_ttl(b"4294967295"), Some(u32::MAX));
        assert_eq!(parse_ttl(b"4294967296"), None);
        assert_eq!(parse_ttl(b"1x"), None);
    }

    #[test]
    fn strings_and_encodings() {
        assert_eq!(decode_string(br#"a\"b\059\\"#).unwrap(), br#"a"b;\"#);
        assert!(decode_string(b"a\\25").is_err());
        assert!(decode_string(b"a\\256").is_err());
        assert_eq!(decode_hex(b"0aFF"), Some(vec![10, 255]));
        assert_eq!(decode_hex(b"0aF"), None);
        assert_eq!(base64_problem(b"AQAB"), None);
        assert_eq!(base64_problem(b"AQ=="), None);
        assert!(base64_problem(b"AQ=").is_some());
        assert!(base64_problem(b"A*AB").is_some());
        assert_eq!(base32hex_len(b"8FPNS2UCT7FBS643THP2B77PEQ77K6IU"), Ok(20));
        assert!(base32hex_len(b"8FPNS2UC=").is_err());
        assert!(base32hex_len(b"WXYZ").is_err());
    }
}
