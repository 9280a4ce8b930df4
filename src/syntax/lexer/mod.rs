//! The lexer: bytes to zero-copy tokens with spans.
//!
//! One pass over the bytes; a token is a kind and a [`Span`], its text is a
//! slice of the source. Keywords are recognised case-insensitively. Whitespace
//! (any Unicode whitespace) and `--` comments separate tokens and are dropped.
//! Problems the lexer can see alone are reported here: an unterminated string
//! (PQ1002), a character that is not part of the language (PQ1003, the
//! character is then skipped like whitespace) and typographic quotes (PQ1005,
//! the string is still produced as if straight quotes had been used).
//!
//! A string literal cannot contain a line break: a quote without its closing
//! quote on the same line is unterminated and ends at the end of the line, so
//! that the next lines are still read as the query.

mod token;

pub use token::{Kw, Quote, Tok, Token, keyword};

use crate::diagnostic::{Code, Diagnostic, Edit, Fix};
use crate::span::Span;

/// Which bytes may stand in a name: `A`–`Z`, `a`–`z`, `0`–`9`, `_`.
static NAME_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'_';
        b += 1;
    }
    t
};

#[inline]
fn is_name_byte(b: u8) -> bool {
    NAME_BYTES[b as usize]
}

/// How many bytes at the start of `bytes` may stand in a name: eight at a
/// time (names are most of a query's bytes), then one at a time.
#[inline]
fn name_run(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x80 * ONES;
    const LOW7: u64 = 0x7f * ONES;
    // The high bit of each byte of `x` (seven-bit bytes) that is in `lo..=hi`.
    let in_range = |x: u64, lo: u8, hi: u8| {
        (x + (0x80 - u64::from(lo)) * ONES) & !(x + (0x7f - u64::from(hi)) * ONES) & HIGH
    };
    let mut n = 0;
    while let Some(chunk) = bytes.get(n..n + 8) {
        let mut w = [0; 8];
        w.copy_from_slice(chunk);
        let w = u64::from_le_bytes(w);
        let x = w & LOW7;
        let letter = in_range(x | (0x20 * ONES), b'a', b'z');
        let digit = in_range(x, b'0', b'9');
        let u = x ^ (u64::from(b'_') * ONES);
        let underscore = !((u + LOW7) | u) & HIGH;
        // Bytes of 0x80 and above are never part of a name.
        let other = !((letter | digit | underscore) & !w) & HIGH;
        if other != 0 {
            return n + (other.trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    n + bytes[n..].iter().take_while(|&&b| is_name_byte(b)).count()
}

/// Whether `c` is one of the typographic quotes `‘ ’ “ ”`.
fn is_curly(c: char) -> bool {
    matches!(c, '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}')
}

/// Lex `src[start..end]` into `out` (an [`Tok::Eof`] token is not added),
/// reporting lexical problems into `diags`. Spans are offsets into `src`.
pub fn lex(src: &str, start: usize, end: usize, out: &mut Vec<Token>, diags: &mut Vec<Diagnostic>) {
    let bytes = &src.as_bytes()[..end];
    let mut i = start;
    while i < end {
        let b = bytes[i];
        let s = i;
        let kind = match b {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => {
                i += 1;
                continue;
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                while i < end && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'-' if bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                i = number(bytes, i + 1);
                number_kind(bytes, &mut i)
            }
            b'0'..=b'9' => {
                i = number(bytes, i);
                number_kind(bytes, &mut i)
            }
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                i += name_run(&bytes[i..]);
                keyword(&bytes[s..i]).map_or(Tok::Ident, Tok::Kw)
            }
            b'\'' => string(bytes, &mut i, diags),
            b'"' => quoted(bytes, &mut i, b'"', Quote::Double),
            b'[' => quoted(bytes, &mut i, b']', Quote::Bracket),
            b'`' => quoted(bytes, &mut i, b'`', Quote::Backtick),
            _ => match punct(bytes, i) {
                Some((kind, len)) => {
                    i += len;
                    kind
                }
                None if b < 0x80 => {
                    i += 1;
                    invalid(src, s, i, diags);
                    continue;
                }
                None => {
                    let c = src[i..].chars().next().unwrap_or('\u{FFFD}');
                    i += c.len_utf8();
                    if c.is_whitespace() || c == '\u{FEFF}' {
                        continue;
                    }
                    if is_curly(c)
                        && let Some(kind) = curly_string(src, bytes, s, &mut i, diags)
                    {
                        out.push(Token {
                            kind,
                            span: Span::new(s, i),
                        });
                        continue;
                    }
                    invalid(src, s, i, diags);
                    continue;
                }
            },
        };
        out.push(Token {
            kind,
            span: Span::new(s, i),
        });
    }
}

fn punct(bytes: &[u8], i: usize) -> Option<(Tok, usize)> {
    let next = bytes.get(i + 1).copied();
    Some(match (bytes[i], next) {
        (b',', _) => (Tok::Comma, 1),
        (b'(', _) => (Tok::LParen, 1),
        (b')', _) => (Tok::RParen, 1),
        (b';', _) => (Tok::Semi, 1),
        (b'*', _) => (Tok::Star, 1),
        (b'.', _) => (Tok::Dot, 1),
        (b'=', Some(b'=')) => (Tok::EqEq, 2),
        (b'=', _) => (Tok::Eq, 1),
        (b'!', Some(b'=')) => (Tok::Ne, 2),
        (b'<', Some(b'=')) => (Tok::Le, 2),
        (b'<', Some(b'>')) => (Tok::LtGt, 2),
        (b'<', _) => (Tok::Lt, 1),
        (b'>', Some(b'=')) => (Tok::Ge, 2),
        (b'>', _) => (Tok::Gt, 1),
        _ => return None,
    })
}

/// Digits, then an optional `.digits`; returns the end.
fn number(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        i += 1;
    }
    if i + 1 < bytes.len() && bytes[i] == b'.' && bytes[i + 1].is_ascii_digit() {
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
    }
    i
}

/// A number directly followed by letters is one bad token (`6096xxx`).
/// A date written bare (`2021-01-01`) is one bad token too.
fn number_kind(bytes: &[u8], i: &mut usize) -> Tok {
    let date =
        |j: usize| bytes.get(j) == Some(&b'-') && bytes.get(j + 1).is_some_and(u8::is_ascii_digit);
    if *i < bytes.len() && (is_name_byte(bytes[*i]) || date(*i)) {
        while *i < bytes.len() && (is_name_byte(bytes[*i]) || date(*i)) {
            *i += 1;
        }
        Tok::BadNumber
    } else {
        Tok::Number
    }
}

/// `'…'` with `''` as an escaped quote, on one line.
fn string(bytes: &[u8], i: &mut usize, diags: &mut Vec<Diagnostic>) -> Tok {
    let s = *i;
    let mut j = s + 1;
    while j < bytes.len() {
        match bytes[j] {
            b'\'' if bytes.get(j + 1) == Some(&b'\'') => j += 2,
            b'\'' => {
                *i = j + 1;
                return Tok::Str { open: 1, close: 1 };
            }
            b'\n' => break,
            _ => j += 1,
        }
    }
    let mut e = j;
    if e > s + 1 && bytes[e - 1] == b'\r' {
        e -= 1;
    }
    *i = e;
    diags.push(
        Diagnostic::new(
            Code::UnterminatedString,
            Span::new(s, e),
            "this string has no closing quote",
        )
        .with_label("the string starts here")
        .with_help("end the string with ' on the same line; write '' for a quote inside it")
        .with_fix(Fix::unsafe_(
            "close the string at the end of the line",
            vec![Edit::insert(e, "'")],
        )),
    );
    Tok::Str { open: 1, close: 0 }
}

/// `"…"`, `[…]`, `` `…` `` on one line.
fn quoted(bytes: &[u8], i: &mut usize, close: u8, quote: Quote) -> Tok {
    let mut j = *i + 1;
    while j < bytes.len() && bytes[j] != b'\n' {
        if bytes[j] == close {
            *i = j + 1;
            return Tok::Quoted {
                quote,
                closed: true,
            };
        }
        j += 1;
    }
    if quote == Quote::Double {
        *i = j;
        Tok::Quoted {
            quote,
            closed: false,
        }
    } else {
        // A lone `[` or backtick: one quoted token of just that character.
        *i += 1;
        Tok::Quoted {
            quote,
            closed: false,
        }
    }
}

/// A string opened by a typographic quote, closed by any quote on the line.
fn curly_string(
    src: &str,
    bytes: &[u8],
    s: usize,
    i: &mut usize,
    diags: &mut Vec<Diagnostic>,
) -> Option<Tok> {
    let open = *i - s;
    let mut j = *i;
    while j < bytes.len() && bytes[j] != b'\n' {
        if bytes[j] == b'\'' {
            *i = j + 1;
            curly_diag(s, open, Span::new(j, j + 1), diags);
            return Some(Tok::Str {
                open: open as u8,
                close: 1,
            });
        }
        if bytes[j] >= 0x80 && src.is_char_boundary(j) {
            let c = src[j..].chars().next().unwrap_or(' ');
            if is_curly(c) {
                let end = j + c.len_utf8();
                *i = end;
                curly_diag(s, open, Span::new(j, end), diags);
                return Some(Tok::Str {
                    open: open as u8,
                    close: (end - j) as u8,
                });
            }
        }
        j += 1;
    }
    None
}

fn curly_diag(s: usize, open: usize, close: Span, diags: &mut Vec<Diagnostic>) {
    let mut edits = vec![Edit::replace(Span::new(s, s + open), "'")];
    if close.len() > 1 {
        edits.push(Edit::replace(close, "'"));
    }
    diags.push(
        Diagnostic::new(
            Code::CurlyQuote,
            Span::new(s, close.end),
            "typographic quotes around a string",
        )
        .with_label("these quotes are not '")
        .with_help("strings take straight single quotes: 'value'")
        .with_fix(Fix::safe("replace the quotes by '", edits)),
    );
}

fn invalid(src: &str, s: usize, e: usize, diags: &mut Vec<Diagnostic>) {
    let text = &src[s..e];
    let mut d = Diagnostic::new(
        Code::InvalidCharacter,
        Span::new(s, e),
        format!(
            "the character `{}` is not part of the language",
            text.escape_debug()
        ),
    )
    .with_label("not allowed here");
    d = match text {
        "-" => d.with_help("write a negative number without a space: -5"),
        "!" => d.with_help("the not-equal operator is !="),
        _ => d.with_help("remove it; names take letters, digits and _ and strings take '…'"),
    };
    diags.push(d);
}

#[cfg(test)]
mod tests;
