//! The master-file lexer: splits bytes into entries (logical lines, joined across parentheses)
//! and tokens, without allocating per token. Tokens are byte ranges into the file.

/// A problem the lexer found; the parser turns it into a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LexProblem {
    UnclosedParen {
        at: u32,
    },
    StrayCloseParen {
        at: u32,
    },
    UnterminatedString {
        start: u32,
        end: u32,
    },
    NulByte {
        at: u32,
    },
    ControlByte {
        at: u32,
        byte: u8,
    },
    /// A backslash that ends a line inside a quoted string (at the backslash): BIND reads the
    /// newline into the string and goes on on the next line, Knot DNS refuses the zone. Not
    /// an error of the entry.
    EscapedNewline {
        at: u32,
    },
}

/// One token: `start..end` is its text (inside the quotes for a quoted string).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: u32,
    pub end: u32,
    pub quoted: bool,
}

impl Token {
    /// The span including the quotes of a quoted string.
    pub fn outer(self) -> (u32, u32) {
        if self.quoted {
            (self.start - 1, self.end + 1)
        } else {
            (self.start, self.end)
        }
    }
}

/// One entry: its tokens are in the caller's buffer.
#[derive(Clone, Copy, Debug)]
pub struct Entry {
    /// Byte offset of the first token (or, for an empty entry, of the line).
    pub start: u32,
    /// End of the last token.
    pub end: u32,
    /// The entry's first line began with a space or tab: the owner is inherited.
    pub blank_owner: bool,
}

pub struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
    /// Re-reads left after unclosed parentheses; each costs a pass over the rest of the file,
    /// so they are capped to keep a hostile file linear.
    recoveries_left: u32,
}

/// Re-reads after unclosed parentheses one file may cost.
const RECOVERIES: u32 = 16;

/// The bytes a word reads past with nothing more to do: not a delimiter (space, tab, CR, LF,
/// `;`, parentheses, NUL), an escape, a quote or another control byte.
static PLAIN_WORD_BYTE: [bool; 256] = {
    let mut plain = [true; 256];
    let mut b = 0;
    while b < 0x20 {
        plain[b] = false;
        b += 1;
    }
    let special = [b' ', b';', b'(', b')', b'\\', b'"'];
    let mut i = 0;
    while i < special.len() {
        plain[special[i] as usize] = false;
        i += 1;
    }
    plain
};

impl<'a> Lexer<'a> {
    /// `start` skips a byte-order mark (the caller reports it), or starts at a line of the
    /// file for a parse in pieces.
    pub fn new(src: &'a [u8], start: usize) -> Lexer<'a> {
        Lexer {
            src,
            pos: start,
            recoveries_left: RECOVERIES,
        }
    }

    /// Where the next entry will be looked for.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Go on reading at `pos`, keeping the re-reads left.
    pub fn move_to(&mut self, pos: usize) {
        self.pos = pos;
    }

    /// Whether an unclosed parenthesis made the lexer read part of the file again.
    pub fn recovered(&self) -> bool {
        self.recoveries_left < RECOVERIES
    }

    /// Read the next entry's tokens into `tokens` (cleared first). None at the end of input.
    pub fn next_entry(
        &mut self,
        tokens: &mut Vec<Token>,
        problems: &mut Vec<LexProblem>,
    ) -> Option<Entry> {
        loop {
            match self.try_entry(tokens, problems) {
                Ok(entry) => return entry,
                Err(resume) => self.pos = resume,
            }
        }
    }

    /// Ok(entry), or Err(offset) to start again from after an unclosed parenthesis.
    fn try_entry(
        &mut self,
        tokens: &mut Vec<Token>,
        problems: &mut Vec<LexProblem>,
    ) -> Result<Option<Entry>, usize> {
        tokens.clear();
        let src = self.src;
        let mut depth = 0u32;
        // Where the outermost open parenthesis was, and where its line ends, for recovery.
        let mut open_paren: Option<(u32, usize)> = None;
        let mut blank_owner = false;
        let mut line_start = true;
        let mut entry_start = self.pos as u32;
        while self.pos < src.len() {
            let b = src[self.pos];
            if line_start && tokens.is_empty() && depth == 0 {
                blank_owner = matches!(b, b' ' | b'\t');
                entry_start = self.pos as u32;
            }
            line_start = false;
            match b {
                b'\n' => {
                    self.pos += 1;
                    if depth == 0 {
                        if !tokens.is_empty() {
                            return Ok(Some(self.entry(tokens, entry_start, blank_owner)));
                        }
                        line_start = true;
                    } else if let Some((at, 0)) = open_paren {
                        open_paren = Some((at, self.pos));
                    }
                }
                b' ' | b'\t' | b'\r' => {
                    self.pos += 1;
                    while matches!(src.get(self.pos), Some(b' ' | b'\t' | b'\r')) {
                        self.pos += 1;
                    }
                }
                b';' => {
                    self.pos = memchr::memchr(b'\n', &src[self.pos..])
                        .map_or(src.len(), |at| self.pos + at);
                }
                b'(' => {
                    if depth == 0 {
                        open_paren = Some((self.pos as u32, 0));
                    }
                    depth += 1;
                    self.pos += 1;
                }
                b')' => {
                    if depth == 0 {
                        problems.push(LexProblem::StrayCloseParen {
                            at: self.pos as u32,
                        });
                    } else {
                        depth -= 1;
                    }
                    self.pos += 1;
                }
                b'"' => tokens.push(self.quoted(problems)),
                0 => {
                    problems.push(LexProblem::NulByte {
                        at: self.pos as u32,
                    });
                    self.pos += 1;
                }
                _ => tokens.push(self.word(problems)),
            }
        }
        if depth > 0 {
            let (at, resume) = open_paren.unwrap_or((entry_start, 0));
            problems.push(LexProblem::UnclosedParen { at });
            // Resume on the line after the parenthesis, so that the records after a forgotten
            // `)` are still read; the broken entry is dropped.
            tokens.clear();
            if resume > 0 && resume < src.len() && self.recoveries_left > 0 {
                self.recoveries_left -= 1;
                return Err(resume);
            }
            return Ok(None);
        }
        if tokens.is_empty() {
            return Ok(None);
        }
        Ok(Some(self.entry(tokens, entry_start, blank_owner)))
    }

    fn entry(&self, tokens: &[Token], line_start: u32, blank_owner: bool) -> Entry {
        let first = tokens.first().map_or(line_start, |t| t.outer().0);
        let last = tokens.last().map_or(line_start, |t| t.outer().1);
        Entry {
            start: first,
            end: last,
            blank_owner,
        }
    }

    fn quoted(&mut self, problems: &mut Vec<LexProblem>) -> Token {
        let src = self.src;
        let open = self.pos;
        self.pos += 1;
        let start = self.pos;
        while self.pos < src.len() {
            // Straight to the next byte that ends the string or needs a look.
            self.pos += memchr::memchr3(b'\\', b'"', b'\n', &src[self.pos..])
                .unwrap_or(src.len() - self.pos);
            if self.pos == src.len() {
                break;
            }
            match src[self.pos] {
                b'\\' if src.get(self.pos + 1) == Some(&b'\n') => {
                    problems.push(LexProblem::EscapedNewline {
                        at: self.pos as u32,
                    });
                    self.pos += 2;
                }
                b'\\' if self.pos + 1 < src.len() => self.pos += 2,
                b'"' => {
                    let token = Token {
                        start: start as u32,
                        end: self.pos as u32,
                        quoted: true,
                    };
                    self.pos += 1;
                    return token;
                }
                b'\n' => break,
                _ => self.pos += 1,
            }
        }
        problems.push(LexProblem::UnterminatedString {
            start: open as u32,
            end: self.pos as u32,
        });
        // Treat the rest of the line as the string's text; the entry is reported as broken.
        Token {
            start: start as u32,
            end: self.pos as u32,
            quoted: false,
        }
    }

    fn word(&mut self, problems: &mut Vec<LexProblem>) -> Token {
        let src = self.src;
        let start = self.pos;
        loop {
            // Most bytes of a word are plain: skip them in one run, without the match below.
            let rest = &src[self.pos..];
            self.pos += rest
                .iter()
                .position(|&b| !PLAIN_WORD_BYTE[b as usize])
                .unwrap_or(rest.len());
            let Some(&b) = src.get(self.pos) else {
                break;
            };
            match b {
                b' ' | b'\t' | b'\r' | b'\n' | b';' | b'(' | b')' | 0 => break,
                b'\\' => {
                    if self.pos + 1 < src.len() && src[self.pos + 1] != b'\n' {
                        self.pos += 2;
                    } else {
                        self.pos += 1;
                    }
                }
                b'"' => {
                    // `key="quoted value"` (SVCB parameters) is one token, as in BIND.
                    if self.pos > start && src[self.pos - 1] == b'=' {
                        // The quoted part is read past; the whole piece is one token.
                        self.quoted(problems);
                        continue;
                    }
                    break;
                }
                c if c < 0x20 && c != b'\t' => {
                    problems.push(LexProblem::ControlByte {
                        at: self.pos as u32,
                        byte: c,
                    });
                    self.pos += 1;
                }
                _ => self.pos += 1,
            }
        }
        Token {
            start: start as u32,
            end: self.pos as u32,
            quoted: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex(src: &str) -> (Vec<(bool, Vec<String>)>, Vec<LexProblem>) {
        let mut lexer = Lexer::new(src.as_bytes(), 0);
        let mut tokens = Vec::new();
        let mut problems = Vec::new();
        let mut out = Vec::new();
        while let Some(entry) = lexer.next_entry(&mut tokens, &mut problems) {
            let words = tokens
                .iter()
                .map(|t| src[t.start as usize..t.end as usize].to_string())
                .collect();
            out.push((entry.blank_owner, words));
        }
        (out, problems)
    }

    #[test]
    fn entries_join_parentheses_and_skip_comments() {
        let (entries, problems) =
            lex("@ IN SOA ns h (\n 1 ; serial\n 2 3 4 5 )\n\twww A 1.2.3.4 ; c\n\n; only\n");
        assert!(problems.is_empty());
        assert_eq!(entries.len(), 2);
        assert_eq!(
            entries[0].1,
            ["@", "IN", "SOA", "ns", "h", "1", "2", "3", "4", "5"]
        );
        assert!(!entries[0].0);
        assert!(entries[1].0);
    }

    #[test]
    fn quoted_strings_and_escapes() {
        let (entries, _) = lex("t TXT \"a;b\" c\\ d \"e\\\"f\"\n");
        assert_eq!(entries[0].1, ["t", "TXT", "a;b", "c\\ d", "e\\\"f"]);
        let (entries, _) = lex("s SVCB 1 . ech=\"ab c\" x\n");
        assert_eq!(entries[0].1, ["s", "SVCB", "1", ".", "ech=\"ab c\"", "x"]);
    }

    #[test]
    fn crlf_no_final_newline_and_problems() {
        let (entries, problems) = lex("a A 1.2.3.4\r\nb A 1.2.3.5");
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[1].1, ["b", "A", "1.2.3.5"]);
        assert!(problems.is_empty());
        let (_, problems) = lex("a TXT \"open\nb A 1.2.3.4\n");
        assert_eq!(
            problems,
            [LexProblem::UnterminatedString { start: 6, end: 11 }]
        );
        // A backslash ending a line inside quotes: the string goes on (BIND), said once.
        let (entries, problems) = lex("t TXT \"one\\\ntwo\"\nu A 1.2.3.4\n");
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].1, ["t", "TXT", "one\\\ntwo"]);
        assert_eq!(problems, [LexProblem::EscapedNewline { at: 10 }]);
        let (_, problems) = lex("a A 1.2.3.4)\n");
        assert_eq!(problems, [LexProblem::StrayCloseParen { at: 11 }]);
    }

    #[test]
    fn unclosed_parenthesis_recovers_on_the_next_line() {
        let (entries, problems) = lex("@ SOA ns h ( 1 2\nwww A 1.2.3.4\nftp A 1.2.3.5\n");
        assert_eq!(problems, [LexProblem::UnclosedParen { at: 11 }]);
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].1, ["www", "A", "1.2.3.4"]);
    }
}
