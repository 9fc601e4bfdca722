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
    match ipv4_at(text, 0) {
        Some((address, end)) if end == text.len() => Some(address),
        _ => None,
    }
}

/// An IPv6 address, read as `str::parse::<Ipv6Addr>` reads it (groups of one to four hex
/// digits, one `::` for one or more zero groups, the last 32 bits optionally as a dotted IPv4
/// address) straight from the bytes: the standard library's parser costs ~1,300 instructions
/// an address, this one ~500, and a zone may hold hundreds of thousands.
pub fn parse_ipv6(text: &[u8]) -> Option<std::net::Ipv6Addr> {
    let mut head = [0u16; 8];
    let (head_size, head_ends_in_ipv4, at) = ipv6_groups(text, 0, &mut head);
    if head_size == 8 {
        return (at == text.len()).then_some(head.into());
    }
    if head_ends_in_ipv4 || text.get(at..at + 2) != Some(b"::") {
        return None;
    }
    // `::` stands for at least one zero group: seven groups at most follow it.
    let mut tail = [0u16; 7];
    let (tail_size, _, end) = ipv6_groups(text, at + 2, &mut tail[..7 - head_size]);
    if end != text.len() {
        return None;
    }
    head[8 - tail_size..].copy_from_slice(&tail[..tail_size]);
    Some(head.into())
}

/// Up to `groups.len()` groups of an IPv6 address from `at`, `:` between them; the last two
/// may be written as an IPv4 address. How many were read, whether the last were an IPv4
/// address, and where reading stopped (before a `:` that no group follows). What the standard
/// library's `read_groups` reads, so that both accept the same texts.
fn ipv6_groups(text: &[u8], mut at: usize, groups: &mut [u16]) -> (usize, bool, usize) {
    let limit = groups.len();
    for i in 0..limit {
        let start = match i {
            0 => at,
            _ if text.get(at) == Some(&b':') => at + 1,
            _ => return (i, false, at),
        };
        // The group's hex digits in one pass. A `.` after them makes it the start of an
        // IPv4 address (which the standard library tries first: it can only be one when its
        // first number, all digits, ends in a `.`).
        let mut value = 0u32;
        let mut end = start;
        while let Some(digit) = text.get(end).and_then(|&b| hex_value(b)) {
            value = value << 4 | u32::from(digit);
            end += 1;
        }
        if text.get(end) == Some(&b'.')
            && i + 1 < limit
            && let Some((ipv4, end)) = ipv4_at(text, start)
        {
            let [a, b, c, d] = ipv4.octets();
            groups[i] = u16::from_be_bytes([a, b]);
            groups[i + 1] = u16::from_be_bytes([c, d]);
            return (i + 2, true, end);
        }
        // A fifth digit fails the group, as in the standard library.
        let digits = end - start;
        if digits == 0 || digits > 4 {
            return (i, false, at);
        }
        groups[i] = value as u16;
        at = end;
    }
    (limit, false, at)
}

/// A dotted IPv4 address starting at `at` (four numbers up to 255 of one to three digits, no
/// leading zeros, a fourth digit failing it), and where it ends; text may follow it. One pass
/// over the digits: a zone has hundreds of thousands of A records.
fn ipv4_at(text: &[u8], mut at: usize) -> Option<(std::net::Ipv4Addr, usize)> {
    let mut octets = [0u8; 4];
    for (i, octet) in octets.iter_mut().enumerate() {
        if i > 0 {
            if text.get(at) != Some(&b'.') {
                return None;
            }
            at += 1;
        }
        let start = at;
        let mut value = 0u16;
        while let Some(&b) = text.get(at).filter(|b| b.is_ascii_digit()) {
            // A fourth digit fails the number; so does a leading zero.
            if at - start == 3 || at > start && text[start] == b'0' {
                return None;
            }
            value = value * 10 + u16::from(b - b'0');
            at += 1;
        }
        if at == start {
            return None;
        }
        *octet = u8::try_from(value).ok()?;
    }
    Some((octets.into(), at))
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
    if text.contains(':') {
        parse_ipv6(text.as_bytes()).map(Into::into)
    } else {
        parse_ipv4(text.as_bytes()).map(Into::into)
    }
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

    /// Agrees with the standard library on addresses, compressed forms, embedded IPv4 and
    /// near misses (a fifth digit, a second `::`, nine groups, a group too many beside `::`).
    #[test]
    fn ipv6_as_the_standard_library_reads_it() {
        let texts = [
            "::",
            "::1",
            "1::",
            "1::2",
            "2001:db8::1",
            "2001:DB8:0:0:0:0:0:1",
            "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7::",
            "::2:3:4:5:6:7:8",
            "1::3:4:5:6:7:8",
            "1:2:3:4::5:6:7:8",
            "1::2::3",
            ":::",
            ":1::",
            "1:",
            ":1",
            "1::2:",
            "12345::",
            "1:12345::",
            "::12345",
            "0000:0000::",
            "::ffff:192.0.2.1",
            "::192.0.2.1",
            "1:2:3:4:5:6:192.0.2.1",
            "1:2:3:4:5:6:7:192.0.2.1",
            "1:2:3:4:5::192.0.2.1",
            "1:2:3:4:5:6::192.0.2.1",
            "::1.2.3",
            "::1.2.3.4.5",
            "::01.2.3.4",
            "::1.2.3.04",
            "::256.1.1.1",
            "::1.2.3.1234",
            "::1.2.3.4a",
            "192.0.2.1",
            "::1.2.3.4:5",
            "1:192.0.2.1::",
            "1:2:192.0.2.1::5",
            "fe80::1%eth0",
            "",
            "g::",
            " ::1",
            "::1 ",
            "1:2:3:4:5:6:7:8:",
        ];
        for text in texts {
            assert_eq!(parse_ipv6(text.as_bytes()), text.parse().ok(), "{text:?}");
        }
        assert_eq!(
            parse_ipv6(b"2001:db8::a:1"),
            Some(std::net::Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0xa, 1))
        );
        assert_eq!(parse_ipv6(b"::\xff"), None);
    }

    proptest::proptest! {
        /// Any text of the characters addresses are made of reads the same both ways.
        #[test]
        fn ipv6_agrees_with_the_standard_library_on_any_text(
            text in "([0-9a-fA-F]{0,5}:{1,2}){0,9}([0-9a-fA-F]{0,5}|0?[0-9]{1,3}(\\.[0-9]{1,4}){2,4})[:.]?"
        ) {
            proptest::prop_assert_eq!(parse_ipv6(text.as_bytes()), text.parse().ok());
        }

        #[test]
        fn ipv4_agrees_with_the_standard_library_on_any_text(
            text in "[0-9]{0,4}(\\.[0-9]{0,4}){0,4}\\.?"
        ) {
            proptest::prop_assert_eq!(parse_ipv4(text.as_bytes()), text.parse().ok());
        }
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
