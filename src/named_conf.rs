//! The `zone` statements of a BIND `named.conf`: which file holds which zone. A zone file
//! without `$ORIGIN` (Debian's `db.local`, a repository's `forward.zone`) takes its origin
//! from the `zone "example.com" { file "..."; };` that names it, as BIND loads it; zonelint
//! reads those statements from the `named.conf*` files beside the zone files or above them
//! (`discover::server_config_origins`), and nothing else of the configuration.

/// One `zone "<name>" { file "<path>"; };`, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneFile {
    pub zone: String,
    pub file: String,
    /// The server whose configuration says so.
    pub server: crate::model::NameServer,
    /// The zone takes dynamic updates (`update-policy`, or `allow-update` for anyone but
    /// `none`): records come and go that the file does not hold (ACME challenges, DHCP).
    pub dynamic: bool,
}

/// The zones with a `file` in `text`, in order. Hint zones (the root servers' list, never a
/// zone BIND serves) are left out; so is everything that does not read as a zone statement.
/// Comments (`//`, `#`, `/* */`) are skipped; views and other blocks are looked into.
pub fn zone_files(text: &str) -> Vec<ZoneFile> {
    let tokens = tokens(text);
    let mut found = Vec::new();
    let mut at = 0;
    while at < tokens.len() {
        let Token::Word(word) = &tokens[at] else {
            at += 1;
            continue;
        };
        if !word.eq_ignore_ascii_case("zone") {
            at += 1;
            continue;
        }
        let Some(Token::Quoted(zone)) = tokens.get(at + 1) else {
            at += 1;
            continue;
        };
        // An optional class, then the block.
        let mut open = at + 2;
        if matches!(tokens.get(open), Some(Token::Word(_))) {
            open += 1;
        }
        if tokens.get(open) != Some(&Token::Open) {
            at += 1;
            continue;
        }
        let mut depth = 0usize;
        let mut end = open;
        let mut file = None;
        let mut hint = false;
        let mut dynamic = false;
        while end < tokens.len() {
            match &tokens[end] {
                Token::Open => depth += 1,
                Token::Close => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                Token::Word(word) if depth == 1 && word.eq_ignore_ascii_case("file") => {
                    if let Some(Token::Quoted(path)) = tokens.get(end + 1) {
                        file = Some(path.clone());
                    }
                }
                Token::Word(word) if depth == 1 && word.eq_ignore_ascii_case("update-policy") => {
                    dynamic = true;
                }
                Token::Word(word) if depth == 1 && word.eq_ignore_ascii_case("allow-update") => {
                    // `allow-update { none; };` (or `{ "none"; }`, or an empty list) turns
                    // updates off.
                    let none = |token: Option<&Token>| match token {
                        Some(Token::Word(word) | Token::Quoted(word)) => {
                            word.eq_ignore_ascii_case("none")
                        }
                        _ => false,
                    };
                    let off = match (tokens.get(end + 1), tokens.get(end + 2)) {
                        (Some(Token::Open), Some(Token::Close)) => true,
                        (Some(Token::Open), second) => {
                            none(second) && tokens.get(end + 3) == Some(&Token::Close)
                        }
                        _ => false,
                    };
                    dynamic |= !off;
                }
                Token::Word(word) if depth == 1 && word.eq_ignore_ascii_case("type") => {
                    hint |= matches!(tokens.get(end + 1), Some(Token::Word(kind)) if kind.eq_ignore_ascii_case("hint"));
                }
                _ => {}
            }
            end += 1;
        }
        if let Some(file) = file.filter(|_| !hint) {
            found.push(ZoneFile {
                zone: zone.clone(),
                file,
                server: crate::model::NameServer::Bind,
                dynamic,
            });
        }
        at = end + 1;
    }
    found
}

/// The files `include "<path>";` statements of `text` name, in order (outside blocks and
/// in them: BIND reads an include wherever it stands).
pub fn includes(text: &str) -> Vec<String> {
    let tokens = tokens(text);
    tokens
        .windows(2)
        .filter_map(|pair| match pair {
            [Token::Word(word), Token::Quoted(path)] if word.eq_ignore_ascii_case("include") => {
                Some(path.clone())
            }
            _ => None,
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Word(String),
    Quoted(String),
    Open,
    Close,
}

/// Words, quoted strings and braces; `;` only ends a statement, which the zone reader does not
/// need to know.
fn tokens(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'{' => {
                out.push(Token::Open);
                at += 1;
            }
            b'}' => {
                out.push(Token::Close);
                at += 1;
            }
            b'#' => at = line_end(bytes, at),
            b'/' if bytes.get(at + 1) == Some(&b'/') => at = line_end(bytes, at),
            b'/' if bytes.get(at + 1) == Some(&b'*') => {
                at = text[at + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |end| at + 2 + end + 2);
            }
            b'"' => {
                let end = text[at + 1..]
                    .find('"')
                    .map_or(bytes.len(), |end| at + 1 + end);
                out.push(Token::Quoted(text[at + 1..end].to_string()));
                at = end + 1;
            }
            b if b.is_ascii_whitespace() || b == b';' => at += 1,
            _ => {
                let end = bytes[at..]
                    .iter()
                    .position(|b| b.is_ascii_whitespace() || b"{};\"#".contains(b))
                    .map_or(bytes.len(), |end| at + end);
                // A `/` that starts no comment is part of the word (an unquoted path).
                let end = end.max(at + 1);
                out.push(Token::Word(text[at..end].to_string()));
                at = end;
            }
        }
    }
    out
}

fn line_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |end| from + end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_statements_with_their_files() {
        let text = r#"
// Debian's named.conf.default-zones, shortened.
zone "." { type hint; file "/usr/share/dns/root.hints"; };
zone "localhost" {
    type master;   # a comment
    file "/etc/bind/db.local";
};
/* zone "commented.example" { file "x"; }; */
view "inside" {
    zone "127.in-addr.arpa" IN { type primary; file "db.127"; };
};
zone "no-file.example" { type forward; forwarders { 192.0.2.1; }; };
zone "example.com" { type primary; file "zones/example.com"; allow-transfer { none; }; };
"#;
        let found = zone_files(text);
        let pairs: Vec<(&str, &str)> = found
            .iter()
            .map(|z| (z.zone.as_str(), z.file.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("localhost", "/etc/bind/db.local"),
                ("127.in-addr.arpa", "db.127"),
                ("example.com", "zones/example.com"),
            ]
        );
    }

    #[test]
    fn zones_that_take_dynamic_updates() {
        let text = r#"
zone "example.org" { type master; file "db.example.org"; allow-update { none; }; };
zone "quoted.example.org" { type master; file "db.quoted"; allow-update { "none"; }; };
zone "empty.example.org" { type master; file "db.empty"; allow-update { }; };
zone "acme.example.org" { type master; file "db.acme"; update-policy { grant acme.example.org zonesub TXT; }; };
zone "dhcp.example.org" { type master; file "db.dhcp"; allow-update { key dhcp-key; }; };
zone "local.example.org" { type master; file "db.local"; update-policy local; };
"#;
        let found = zone_files(text);
        let dynamic: Vec<(&str, bool)> = found
            .iter()
            .map(|zone| (zone.file.as_str(), zone.dynamic))
            .collect();
        assert_eq!(
            dynamic,
            [
                ("db.example.org", false),
                ("db.quoted", false),
                ("db.empty", false),
                ("db.acme", true),
                ("db.dhcp", true),
                ("db.local", true)
            ]
        );
    }

    #[test]
    fn broken_text_ends_quietly() {
        for text in [
            "zone",
            "zone \"x\" {",
            "zone \"x\" { file",
            "/* open",
            "\"open",
            "}}}{",
        ] {
            let _ = zone_files(text);
        }
        // Pieces of a configuration in a pseudo-random order, non-ASCII included: no panic.
        let pieces = [
            "zone",
            "\"ex\u{e4}mple\"",
            "{",
            "}",
            ";",
            "file",
            "\"db.x\"",
            "//",
            "/*",
            "*/",
            "#",
            "\n",
            "type",
            "hint",
            "IN",
            "\u{e9}",
            "/",
            "\"",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut longest = 0;
        for _ in 0..2000 {
            let mut text = String::new();
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            for _ in 0..(seed >> 59) + 1 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
                if seed.is_multiple_of(3) {
                    text.push(' ');
                }
            }
            longest = longest.max(text.len());
            let _ = zone_files(&text);
        }
        assert!(
            longest > 40,
            "the texts are too short to try much: {longest}"
        );
    }
}
