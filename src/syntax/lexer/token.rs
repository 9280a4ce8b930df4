//! Tokens: kinds, keywords and spans.

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

/// Look up a keyword, in any case. The word's bytes are read as one
/// integer, upper-cased by clearing bit 5 of each byte (which turns `a`–`z`
/// into `A`–`Z` and turns nothing else into a letter); the length and the
/// first two letters pick the only candidate; one integer comparison
/// confirms it.
pub fn keyword(word: &[u8]) -> Option<Kw> {
    use Kw::*;
    if word.len() == 9 {
        return word.eq_ignore_ascii_case(b"INTERSECT").then_some(Intersect);
    }
    if !(2..=8).contains(&word.len()) {
        return None;
    }
    let k = word
        .iter()
        .enumerate()
        .fold(0, |k, (i, &c)| k | u64::from(c) << (8 * i))
        & 0xDFDF_DFDF_DFDF_DFDF;
    let (a, b) = (k as u8, (k >> 8) as u8);
    let (want, kw): (u64, Kw) = match (word.len(), a, b) {
        (2, b'B', b'Y') => (const { key(b"BY") }, By),
        (2, b'I', b'N') => (const { key(b"IN") }, In),
        (2, b'O', b'R') => (const { key(b"OR") }, Or),
        (2, b'I', b'S') => (const { key(b"IS") }, Is),
        (2, b'O', b'N') => (const { key(b"ON") }, On),
        (2, b'A', b'S') => (const { key(b"AS") }, As),
        (3, b'A', b'N') => (const { key(b"AND") }, And),
        (3, b'A', b'S') => (const { key(b"ASC") }, Asc),
        (3, b'N', b'O') => (const { key(b"NOT") }, Not),
        (3, b'T', b'O') => (const { key(b"TOP") }, Top),
        (4, b'F', b'R') => (const { key(b"FROM") }, From),
        (4, b'D', b'E') => (const { key(b"DESC") }, Desc),
        (4, b'L', b'I') => (const { key(b"LIKE") }, Like),
        (4, b'N', b'U') => (const { key(b"NULL") }, Null),
        (4, b'J', b'O') => (const { key(b"JOIN") }, Join),
        (4, b'L', b'E') => (const { key(b"LEFT") }, Left),
        (4, b'F', b'U') => (const { key(b"FULL") }, Full),
        (4, b'W', b'I') => (const { key(b"WITH") }, With),
        (5, b'W', b'H') => (const { key(b"WHERE") }, Where),
        (5, b'O', b'R') => (const { key(b"ORDER") }, Order),
        (5, b'L', b'I') => (const { key(b"LIMIT") }, Limit),
        (5, b'G', b'R') => (const { key(b"GROUP") }, Group),
        (5, b'I', b'N') => (const { key(b"INNER") }, Inner),
        (5, b'R', b'I') => (const { key(b"RIGHT") }, Right),
        (5, b'O', b'U') => (const { key(b"OUTER") }, Outer),
        (5, b'C', b'R') => (const { key(b"CROSS") }, Cross),
        (5, b'U', b'N') => (const { key(b"UNION") }, Union),
        (6, b'S', b'E') => (const { key(b"SELECT") }, Select),
        (6, b'H', b'A') => (const { key(b"HAVING") }, Having),
        (6, b'O', b'F') => (const { key(b"OFFSET") }, Offset),
        (6, b'E', b'X') => (const { key(b"EXCEPT") }, Except),
        (7, b'B', b'E') => (const { key(b"BETWEEN") }, Between),
        (8, b'D', b'I') => (const { key(b"DISTINCT") }, Distinct),
        (8, b'T', b'I') => (const { key(b"TIMESPAN") }, Timespan),
        _ => return None,
    };
    (k == want).then_some(kw)
}

/// The bytes of a keyword of at most 8 bytes as one little-endian integer.
const fn key(text: &[u8]) -> u64 {
    let mut k = 0;
    let mut i = 0;
    while i < text.len() {
        k |= (text[i] as u64) << (8 * i);
        i += 1;
    }
    k
}
