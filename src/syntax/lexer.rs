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

use crate::diagnostic::{Code, Diagnostic, Edit, Fix};
use crate::span::Span;

/// A keyword. The first group is reserved (never a name); the second group is
/// SQL that is not the language and is recognised only where it makes sense,
/// so that a column named `Offset` or `Top` is still a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Kw {
    Select,
    Distinct,
    From,
    Where,
    And,
    Order,
    By,
    Asc,
    Desc,
    Limit,
    Timespan,
    Like,
    Not,
    In,
    // Not reserved: SQL that is not the language.
    Or,
    Between,
    Is,
    Null,
    Group,
    Having,
    Join,
    Inner,
    Left,
    Right,
    Full,
    Outer,
    Cross,
    On,
    As,
    With,
    Top,
    Offset,
    Union,
    Intersect,
    Except,
}

impl Kw {
    /// Whether the keyword can never be a name.
    pub fn is_reserved(self) -> bool {
        (self as u8) <= (Kw::In as u8)
    }
}

/// Which quotes surround a quoted name or a double-quoted string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quote {
    /// `"…"`
    Double,
    /// `[…]`
    Bracket,
    /// `` `…` ``
    Backtick,
}

/// The kind of a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tok {
    /// A name that is not a keyword.
    Ident,
    /// A keyword (any case).
    Kw(Kw),
    /// `-?digits(.digits)?`
    Number,
    /// Digits run into letters, such as `6096xxx`.
    BadNumber,
    /// `'…'`; `open` and `close` are the byte lengths of the quotes (a
    /// typographic quote is 3 bytes, a missing closing quote 0).
    Str {
        /// Length of the opening quote.
        open: u8,
        /// Length of the closing quote (0: unterminated).
        close: u8,
    },
    /// `"…"`, `[…]` or `` `…` ``; `closed` is false when the closing quote is missing.
    Quoted {
        /// The kind of quotes.
        quote: Quote,
        /// Whether the closing quote is there.
        closed: bool,
    },
    /// `,`
    Comma,
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `;`
    Semi,
    /// `*`
    Star,
    /// `.` (not the language; read to report `dataset.column`)
    Dot,
    /// `=`
    Eq,
    /// `==`
    EqEq,
    /// `!=`
    Ne,
    /// `<>`
    LtGt,
    /// `<`
    Lt,
    /// `>`
    Gt,
    /// `<=`
    Le,
    /// `>=`
    Ge,
    /// The end of the input (or of the statement).
    Eof,
}

/// A token: its kind and where it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: Tok,
    /// Where it stands.
    pub span: Span,
}

impl Token {
    /// The text between the quotes of a string or quoted name (escapes not undone).
    pub fn inner<'a>(&self, src: &'a str) -> &'a str {
        let (open, close) = match self.kind {
            Tok::Str { open, close } => (open as usize, close as usize),
            Tok::Quoted { closed, .. } => (1, usize::from(closed)),
            _ => (0, 0),
        };
        src.get(self.span.start + open..self.span.end - close)
            .unwrap_or("")
    }
}

/// Look up a keyword, in any case.
pub fn keyword(word: &[u8]) -> Option<Kw> {
    use Kw::*;
    let table: &[(&[u8], Kw)] = match word.len() {
        2 => &[
            (b"BY", By),
            (b"IN", In),
            (b"OR", Or),
            (b"IS", Is),
            (b"ON", On),
            (b"AS", As),
        ],
        3 => &[(b"AND", And), (b"ASC", Asc), (b"NOT", Not), (b"TOP", Top)],
        4 => &[
            (b"FROM", From),
            (b"DESC", Desc),
            (b"LIKE", Like),
            (b"NULL", Null),
            (b"JOIN", Join),
            (b"LEFT", Left),
            (b"FULL", Full),
            (b"WITH", With),
        ],
        5 => &[
            (b"WHERE", Where),
            (b"ORDER", Order),
            (b"LIMIT", Limit),
            (b"GROUP", Group),
            (b"INNER", Inner),
            (b"RIGHT", Right),
            (b"OUTER", Outer),
            (b"CROSS", Cross),
            (b"UNION", Union),
        ],
        6 => &[
            (b"SELECT", Select),
            (b"HAVING", Having),
            (b"OFFSET", Offset),
            (b"EXCEPT", Except),
        ],
        7 => &[(b"BETWEEN", Between)],
        8 => &[(b"DISTINCT", Distinct), (b"TIMESPAN", Timespan)],
        9 => &[(b"INTERSECT", Intersect)],
        _ => return None,
    };
    table
        .iter()
        .find(|(k, _)| word.eq_ignore_ascii_case(k))
        .map(|&(_, kw)| kw)
}

#[inline]
fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
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
                while i < end && is_name_byte(bytes[i]) {
                    i += 1;
                }
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
                    if c.is_whitespace() {
                        continue;
                    }
                    if is_curly(c) {
                        if let Some(kind) = curly_string(src, bytes, s, &mut i, diags) {
                            out.push(Token {
                                kind,
                                span: Span::new(s, i),
                            });
                            continue;
                        }
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
fn number_kind(bytes: &[u8], i: &mut usize) -> Tok {
    if *i < bytes.len() && is_name_byte(bytes[*i]) {
        while *i < bytes.len() && is_name_byte(bytes[*i]) {
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
mod tests {
    use super::*;

    fn kinds(text: &str) -> (Vec<Tok>, Vec<Code>) {
        let mut toks = Vec::new();
        let mut diags = Vec::new();
        lex(text, 0, text.len(), &mut toks, &mut diags);
        (
            toks.into_iter().map(|t| t.kind).collect(),
            diags.into_iter().map(|d| d.code).collect(),
        )
    }

    #[test]
    fn operators_need_no_space() {
        let (k, d) = kinds("a>=-2.5,b<>'x''y'");
        assert_eq!(
            k,
            vec![
                Tok::Ident,
                Tok::Ge,
                Tok::Number,
                Tok::Comma,
                Tok::Ident,
                Tok::LtGt,
                Tok::Str { open: 1, close: 1 }
            ]
        );
        assert!(d.is_empty());
    }

    #[test]
    fn keywords_any_case_and_comments() {
        let (k, _) = kinds("select -- SELECT\n From offset");
        assert_eq!(
            k,
            vec![Tok::Kw(Kw::Select), Tok::Kw(Kw::From), Tok::Kw(Kw::Offset)]
        );
        assert!(Kw::From.is_reserved() && !Kw::Offset.is_reserved());
    }

    #[test]
    fn bad_number_unterminated_curly_invalid() {
        assert_eq!(kinds("6096xxx").0, vec![Tok::BadNumber]);
        let (k, d) = kinds("'abc\nx");
        assert_eq!(k, vec![Tok::Str { open: 1, close: 0 }, Tok::Ident]);
        assert_eq!(d, vec![Code::UnterminatedString]);
        let (k, d) = kinds("‘US’");
        assert_eq!(k, vec![Tok::Str { open: 3, close: 3 }]);
        assert_eq!(d, vec![Code::CurlyQuote]);
        let (k, d) = kinds("a # é\u{a0}b");
        assert_eq!(k, vec![Tok::Ident, Tok::Ident]);
        assert_eq!(d, vec![Code::InvalidCharacter, Code::InvalidCharacter]);
    }

    #[test]
    fn inner_text_of_strings() {
        let text = "‘US’ 'a''b' \"x\"";
        let mut toks = Vec::new();
        lex(text, 0, text.len(), &mut toks, &mut Vec::new());
        let inner: Vec<&str> = toks.iter().map(|t| t.inner(text)).collect();
        assert_eq!(inner, vec!["US", "a''b", "x"]);
    }
}
