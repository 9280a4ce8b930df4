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
