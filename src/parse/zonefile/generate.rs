//! BIND's `$GENERATE range lhs [ttl] [class] type rhs`, with `$`, `$$` and
//! `${offset[,width[,base]]}` in the owner and RDATA templates.

use super::lexer::{Entry, Lexer, Token};
use super::{Parser, Step};
use crate::diagnostic::Diagnostic;
use crate::limits::{raise_hint, thousands};
use crate::model::{Class, RType};
use crate::parse::rdata::Piece;
use crate::rules::syntax::{GENERATE_LIMIT, INVALID_DIRECTIVE};

/// One part of a template.
#[derive(Debug, PartialEq)]
enum Part<'a> {
    Literal(&'a [u8]),
    Value { offset: i64, width: usize, base: u8 },
}

pub(super) fn expand(p: &mut Parser<'_>, entry: Entry, tokens: &[Token]) -> Step<()> {
    // The records made here have owners of their own; the owner an indented line after the
    // `$GENERATE` inherits is the one before it.
    p.settle_owner();
    let keyword = tokens[0];
    let args = &tokens[1..];
    if args.len() < 4 {
        return p.fail(
            &INVALID_DIRECTIVE,
            keyword.outer(),
            "$GENERATE needs a range, an owner template, a type and an RDATA template",
        );
    }
    let (start, stop, step) = range(p, args[0])?;
    let lhs = args[1];
    // [ttl] [class] type, then the RDATA template.
    let mut type_index = None;
    for (i, &token) in args.iter().enumerate().skip(2) {
        let text = p.text(token);
        let is_ttl = text.first().is_some_and(u8::is_ascii_digit);
        if !is_ttl && Class::from_mnemonic(text).is_none() {
            type_index = Some(i);
            break;
        }
    }
    let Some(type_index) = type_index.filter(|&i| RType::from_mnemonic(p.text(args[i])).is_some())
    else {
        let at = args
            .get(type_index.unwrap_or(2))
            .copied()
            .unwrap_or(keyword);
        return p.fail(
            &INVALID_DIRECTIVE,
            at.outer(),
            "$GENERATE needs a record type after the owner template",
        );
    };
    let Some(&rhs) = args.get(type_index + 1) else {
        return p.fail(
            &INVALID_DIRECTIVE,
            args[type_index].outer(),
            "$GENERATE needs an RDATA template after the type",
        );
    };
    if let Some(&extra) = args.get(type_index + 2) {
        return p.fail(
            &INVALID_DIRECTIVE,
            extra.outer(),
            "extra text after the $GENERATE RDATA template",
        );
    }
    let lhs_parts = template(p, lhs)?;
    let rhs_parts = template(p, rhs)?;
    let count = (stop - start) / step + 1;
    let limit = p.options.generate_limit as i64;
    let left = p.options.generated_left.get() as i64;
    if count > limit.min(left) {
        let span = p.span(args[0].outer());
        let (message, limit_name) = if left < limit && count > left {
            (
                if left == 0 {
                    format!(
                        "this range makes {} records, but the run's $GENERATEs have made {} already; it is not expanded",
                        thousands(count as u64),
                        thousands(p.options.generated_total() as u64)
                    )
                } else {
                    format!(
                        "this range makes {} records; only the first {} are checked, as the run's $GENERATEs reached {} records",
                        thousands(count as u64),
                        thousands(left as u64),
                        thousands(p.options.generated_total() as u64 + left as u64)
                    )
                },
                "generated-records",
            )
        } else {
            (
                format!(
                    "this range makes {} records; only the first {} are checked",
                    thousands(count as u64),
                    thousands(limit as u64)
                ),
                "generate-records",
            )
        };
        p.diagnostics.push(
            Diagnostic::new(&GENERATE_LIMIT, span, message).with_help(raise_hint(limit_name)),
        );
    }
    let limit = limit.min(left);
    let header = &args[2..=type_index];
    let entry_range = (entry.start, entry.end);
    let mut value = start;
    let mut made = 0;
    while value <= stop && made < limit && p.options.records_left.get() > 0 {
        p.options
            .generated_left
            .set(p.options.generated_left.get().saturating_sub(1));
        let owner_text = render(p, &lhs_parts, value, lhs)?;
        let rdata_text = render(p, &rhs_parts, value, rhs)?;
        let piece = Piece {
            text: &owner_text,
            span: lhs.outer(),
            quoted: false,
        };
        let (owner, _) = p.name_piece(piece)?;
        let mut lexer = Lexer::new(&rdata_text, 0);
        let mut rdata_tokens = Vec::new();
        let mut problems = Vec::new();
        lexer.next_entry(&mut rdata_tokens, &mut problems);
        let pieces: Vec<Piece<'_>> = rdata_tokens
            .iter()
            .map(|t| Piece {
                text: &rdata_text[t.start as usize..t.end as usize],
                span: rhs.outer(),
                quoted: t.quoted,
            })
            .collect();
        p.record_body(
            &mut Some(owner),
            lhs.outer(),
            header,
            entry_range,
            Some(&pieces),
            false,
        )?;
        value += step;
        made += 1;
    }
    Ok(())
}

fn range(p: &mut Parser<'_>, token: Token) -> Step<(i64, i64, i64)> {
    let text = p.text(token);
    let parsed = (|| {
        let (bounds, step) = match text.iter().position(|&b| b == b'/') {
            Some(slash) => (&text[..slash], Some(&text[slash + 1..])),
            None => (text, None),
        };
        let dash = bounds.iter().position(|&b| b == b'-')?;
        // Read wider than the range allows, so a number past 2^31-1 is told apart from junk.
        // A `+` sign is allowed, as BIND's `sscanf("%d")` takes it (named-checkzone 9.18.49
        // loads `$GENERATE +1-3`); a `-` is not, as no bound may be negative.
        let wide = |digits: &[u8]| -> Option<i64> {
            let digits = digits.strip_prefix(b"+").unwrap_or(digits);
            if digits.is_empty() || digits.len() > 12 || !digits.iter().all(u8::is_ascii_digit) {
                return None;
            }
            Some(
                digits
                    .iter()
                    .fold(0i64, |v, d| v * 10 + i64::from(d - b'0')),
            )
        };
        let start = wide(&bounds[..dash])?;
        let stop = wide(&bounds[dash + 1..])?;
        let step = match step {
            Some(step) => wide(step)?,
            None => 1,
        };
        let max = i64::from(i32::MAX);
        Some((start, stop, step, max))
    })();
    let problem = match parsed {
        None => "invalid $GENERATE range: write start-stop or start-stop/step",
        Some((start, stop, _, max)) if start > max || stop > max => {
            "invalid $GENERATE range: start and stop are at most 2147483647 (2^31-1), as in BIND"
        }
        Some((_, _, step, max)) if step > max => {
            "invalid $GENERATE range: the step is at most 2147483647 (2^31-1), as in BIND"
        }
        Some((_, _, 0, _)) => "invalid $GENERATE range: the step must be at least 1",
        Some((start, stop, _, _)) if start > stop => {
            "invalid $GENERATE range: start must not be greater than stop"
        }
        Some((start, stop, step, _)) => return Ok((start, stop, step)),
    };
    p.fail(&INVALID_DIRECTIVE, token.outer(), problem)
}

fn template<'a>(p: &mut Parser<'a>, token: Token) -> Step<Vec<Part<'a>>> {
    let text = p.text(token);
    let mut parts = Vec::new();
    let mut literal_start = 0;
    let mut i = 0;
    while i < text.len() {
        match text[i] {
            b'\\' => i += 2,
            b'$' => {
                if literal_start < i {
                    parts.push(Part::Literal(&text[literal_start..i]));
                }
                if text.get(i + 1) == Some(&b'$') {
                    parts.push(Part::Literal(b"\\$"));
                    i += 2;
                } else if text.get(i + 1) == Some(&b'{') {
                    let Some(close) = text[i..].iter().position(|&b| b == b'}') else {
                        return p.fail(
                            &INVALID_DIRECTIVE,
                            token.outer(),
                            "`${` without a closing `}` in the $GENERATE template",
                        );
                    };
                    let inner = &text[i + 2..i + close];
                    let part = match modifier(inner) {
                        Ok(part) => part,
                        Err(why) => {
                            return p.fail(
                                &INVALID_DIRECTIVE,
                                token.outer(),
                                format!(
                                    "bad `${{offset,width,base}}` in the $GENERATE template: {why}"
                                ),
                            );
                        }
                    };
                    parts.push(part);
                    i += close + 1;
                } else {
                    parts.push(Part::Value {
                        offset: 0,
                        width: 0,
                        base: b'd',
                    });
                    i += 1;
                }
                literal_start = i;
                continue;
            }
            _ => i += 1,
        }
    }
    if literal_start < text.len().min(i) {
        parts.push(Part::Literal(&text[literal_start..text.len()]));
    }
    Ok(parts)
}

/// `offset[,width[,base]]`, or what is wrong with it.
fn modifier(inner: &[u8]) -> Result<Part<'static>, &'static str> {
    let text = std::str::from_utf8(inner).map_err(|_| "it is not text")?;
    let mut fields = text.split(',');
    let offset: i64 = fields
        .next()
        .and_then(|offset| offset.trim().parse().ok())
        .filter(|offset: &i64| offset.abs() <= i64::from(i32::MAX))
        .ok_or("the offset is a whole number from -2147483647 to 2147483647")?;
    let width: usize = match fields.next() {
        Some(width) => width
            .trim()
            .parse()
            .ok()
            .filter(|&w| w <= 255)
            .ok_or("the width is a number from 0 to 255")?,
        None => 0,
    };
    let base = match fields.next() {
        Some(base) if base.len() == 1 && b"doxXnN".contains(&base.as_bytes()[0]) => {
            base.as_bytes()[0]
        }
        Some(_) => return Err("the base is one of d, o, x, X, n, N"),
        None => b'd',
    };
    if fields.next().is_some() {
        return Err("it has at most three fields");
    }
    Ok(Part::Value {
        offset,
        width,
        base,
    })
}

fn render(p: &mut Parser<'_>, parts: &[Part<'_>], value: i64, token: Token) -> Step<Vec<u8>> {
    let mut out = Vec::new();
    for part in parts {
        match *part {
            Part::Literal(text) => out.extend_from_slice(text),
            Part::Value {
                offset,
                width,
                base,
            } => {
                let n = value + offset;
                if n > i64::from(i32::MAX) || n < i64::from(i32::MIN) {
                    return p.fail(
                        &INVALID_DIRECTIVE,
                        token.outer(),
                        "$GENERATE offset puts the value out of range",
                    );
                }
                // BIND formats with C's printf on an int; other bases see it as unsigned.
                let unsigned = n as i32 as u32;
                let text = match base {
                    b'd' => format!("{n:0width$}"),
                    b'o' => format!("{unsigned:0width$o}"),
                    b'x' => format!("{unsigned:0width$x}"),
                    b'X' => format!("{unsigned:0width$X}"),
                    _ => nibbles(unsigned, width, base == b'N'),
                };
                out.extend_from_slice(text.as_bytes());
            }
        }
    }
    Ok(out)
}

/// Reverse-nibble form (`0.0.4` for 0x400), padded with zeros to `width` characters, dots
/// included, as BIND's `nibbles()` (lib/dns/master.c) writes it: a label separator follows each
/// digit while width or value remains, so an even width ends in a dot (`${0,4,n}` is `0.0.`)
/// and the name made from it has an empty label, which BIND refuses.
fn nibbles(value: u32, width: usize, upper: bool) -> String {
    let digits: &[u8; 16] = if upper {
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    let (mut value, mut width) = (value, width);
    let mut out = String::new();
    loop {
        out.push(char::from(digits[(value & 0xf) as usize]));
        value >>= 4;
        width = width.saturating_sub(1);
        if width > 0 || value != 0 {
            out.push('.');
            width = width.saturating_sub(1);
        }
        if value == 0 && width == 0 {
            return out;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modifiers() {
        assert_eq!(
            modifier(b"1,0,d"),
            Ok(Part::Value {
                offset: 1,
                width: 0,
                base: b'd'
            })
        );
        assert_eq!(
            modifier(b"-2000,0,n"),
            Ok(Part::Value {
                offset: -2000,
                width: 0,
                base: b'n'
            })
        );
        assert_eq!(
            modifier(b"1,0,dgarbage"),
            Err("the base is one of d, o, x, X, n, N")
        );
        assert_eq!(
            modifier(b"1,256"),
            Err("the width is a number from 0 to 255")
        );
        assert!(modifier(b"3000000000").is_err());
        assert!(modifier(b"1,2,d,4").is_err());
        assert_eq!(
            modifier(b"1000"),
            Ok(Part::Value {
                offset: 1000,
                width: 0,
                base: b'd'
            })
        );
        assert_eq!(nibbles(0x400, 0, false), "0.0.4");
        assert_eq!(nibbles(0x4, 5, false), "4.0.0");
        // What named-checkzone 9.18.49 makes of `${0,W,n}` and `${0,W,N}` (`-D` output).
        assert_eq!(nibbles(0, 3, false), "0.0");
        assert_eq!(nibbles(0, 4, false), "0.0.");
        assert_eq!(nibbles(0x100, 3, false), "0.0.1");
        assert_eq!(nibbles(0xff, 3, false), "f.f");
        assert_eq!(nibbles(0xa, 0, true), "A");
        assert_eq!(nibbles(1, 5, true), "1.0.0");
        assert_eq!(nibbles(1, 1, false), "1");
        assert_eq!(nibbles(0x12, 1, false), "2.1");
    }
}
