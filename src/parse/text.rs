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

/// An IPv4 address in dotted-decimal form, read as `str::parse::<Ipv4Addr>` reads it (four
/// numbers up to 255, no leading zeros) straight from the bytes: a zone has hundreds of
/// thousands of A records.
pub fn parse_ipv4(text: &[u8]) -> Option<std::net::Ipv4Addr> {
    let mut octets = [0u8; 4];
    let mut parts = text.split(|&b| b == b'.');
    for octet in &mut octets {
        let part = parts.next()?;
        if part.is_empty() || part.len() > 3 || part.len() > 1 && part[0] == b'0' {
            return None;
        }
        let mut value = 0u16;
        for &b in part {
            if !b.is_ascii_digit() {
                return None;
            }
            value = value * 10 + u16::from(b - b'0');
        }
        *octet = u8::try_from(value).ok()?;
    }
    parts
        .next()
        .is_none()
        .then_some(std::net::Ipv4Addr::from(octets))
}

/// An IPv4 or IPv6 address as `str::parse::<IpAddr>` reads it. Text with a byte no address
/// has (a host name nearly always) is turned away before the full parse: rules ask this of
/// every NS, MX and SRV target.
pub fn parse_ip(text: &str) -> Option<std::net::IpAddr> {
    let may_be_address = text
        .bytes()
        .all(|b| b.is_ascii_hexdigit() || b == b'.' || b == b':');
    if !may_be_address {
        return None;
    }
    text.parse().ok()
}

/// A `\DDD` escape that is not three digits up to 255.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadEscape;

/// Decode a character string's escapes (`\X`, `\DDD`).
pub fn decode_string(text: &[u8]) -> Result<Vec<u8>, BadEscape> {
    let mut out = Vec::with_capacity(text.len());
    decode_string_into(text, &mut out)?;
    Ok(out)
}

/// [`decode_string`], appending to `out` (on an error, part of the string may be appended).
pub fn decode_string_into(text: &[u8], out: &mut Vec<u8>) -> Result<(), BadEscape> {
    if !text.contains(&b'\\') {
        out.extend_from_slice(text);
        return Ok(());
    }
    out.reserve(text.len());
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
    Ok(())
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

    /// Agrees with the standard library on addresses and near misses.
    #[test]
    fn ipv4_as_the_standard_library_reads_it() {
        let parts = [
            "0", "1", "9", "10", "00", "01", "099", "255", "256", "999", "1000", "", "a", "+1",
            " 1", "1 ", "-0",
        ];
        let mut texts: Vec<String> = vec![
            "1.2.3".into(),
            "1.2.3.4.5".into(),
            "1.2.3.4.".into(),
            ".1.2.3.4".into(),
            "1..2.3".into(),
            "".into(),
            "::1".into(),
        ];
        for a in parts {
            for b in parts {
                texts.push(format!("{a}.{b}.3.4"));
                texts.push(format!("192.0.{a}.{b}"));
            }
        }
        for text in texts {
            assert_eq!(parse_ipv4(text.as_bytes()), text.parse().ok(), "{text:?}");
        }
        assert_eq!(
            parse_ipv4(b"192.0.2.1"),
            Some(std::net::Ipv4Addr::new(192, 0, 2, 1))
        );
        assert_eq!(parse_ipv4(b"1.2.3.\xff"), None);
    }

    #[test]
    fn ip_addresses_and_host_names() {
        for text in [
            "192.0.2.1",
            "2001:db8::1",
            "::ffff:192.0.2.1",
            "::",
            "fe80::1%eth0",
            "ns1.example",
            "abc",
            "1.2.3",
            "dead:beef::g",
            "",
            "+1.2.3.4",
            "1.2.3.4 ",
        ] {
            assert_eq!(parse_ip(text), text.parse().ok(), "{text}");
        }
    }

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
