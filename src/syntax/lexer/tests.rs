//! Unit tests of the lexer.

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
fn byte_order_mark_is_whitespace() {
    let (k, d) = kinds("\u{FEFF}SELECT");
    assert_eq!(k, vec![Tok::Kw(Kw::Select)]);
    assert!(d.is_empty());
}

#[test]
fn inner_text_of_strings() {
    let text = "‘US’ 'a''b' \"x\"";
    let mut toks = Vec::new();
    lex(text, 0, text.len(), &mut toks, &mut Vec::new());
    let inner: Vec<&str> = toks.iter().map(|t| t.inner(text)).collect();
    assert_eq!(inner, vec!["US", "a''b", "x"]);
}

#[test]
fn every_keyword_is_found_in_any_case_and_near_misses_are_not() {
    let words = [
        "BY",
        "IN",
        "OR",
        "IS",
        "ON",
        "AS",
        "AND",
        "ASC",
        "NOT",
        "TOP",
        "FROM",
        "DESC",
        "LIKE",
        "NULL",
        "JOIN",
        "LEFT",
        "FULL",
        "WITH",
        "WHERE",
        "ORDER",
        "LIMIT",
        "GROUP",
        "INNER",
        "RIGHT",
        "OUTER",
        "CROSS",
        "UNION",
        "SELECT",
        "HAVING",
        "OFFSET",
        "EXCEPT",
        "BETWEEN",
        "DISTINCT",
        "TIMESPAN",
        "INTERSECT",
    ];
    for w in words {
        let kw = keyword(w.as_bytes()).unwrap_or_else(|| panic!("{w}"));
        assert_eq!(keyword(w.to_ascii_lowercase().as_bytes()), Some(kw));
        let mut near = w.as_bytes().to_vec();
        *near.last_mut().unwrap() = b'Q';
        assert_eq!(keyword(&near), None, "{w}");
        // No other byte in any position turns into the keyword.
        for i in 0..w.len() {
            for b in 0..=255u8 {
                let mut other = w.as_bytes().to_vec();
                if other[i].eq_ignore_ascii_case(&b) {
                    continue;
                }
                other[i] = b;
                assert_ne!(keyword(&other), Some(kw), "{w} with byte {b} at {i}");
            }
        }
        let mut longer = w.as_bytes().to_vec();
        longer.push(0);
        assert_eq!(keyword(&longer), None, "{w} and a NUL");
    }
    assert_eq!(keyword(b"SELECTS"), None);
    assert_eq!(keyword(b"x"), None);
}

/// The eight-at-a-time scan of names stops exactly where a byte-by-byte
/// scan does: for every byte value, at every place of a name of up to
/// twenty bytes, with and without more name bytes after it.
#[test]
fn name_runs_end_where_the_first_byte_outside_a_name_stands() {
    for b in 0..=255u8 {
        for len in 0..20 {
            for at in 0..=len {
                let mut bytes: Vec<u8> = (0..len).map(|i| b"aZ_09yQ"[i % 7]).collect();
                if at < len {
                    bytes[at] = b;
                }
                let want = bytes.iter().take_while(|&&c| is_name_byte(c)).count();
                assert_eq!(name_run(&bytes), want, "byte {b:#x} at {at} of {len}");
            }
        }
    }
}
