//! Document symbols (one per query) and semantic tokens.

use crate::span::Span;
use crate::syntax::lexer::{self, Kw, Tok};
use crate::syntax::parse_file;

/// One query of a file, for an outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    /// The dataset's name as written (or `query N` without `FROM`).
    pub name: String,
    /// What it selects, shortened.
    pub detail: String,
    /// The whole statement.
    pub span: Span,
    /// The dataset's name (or the statement's first token).
    pub selection: Span,
}

/// One symbol per query of `text` (a file of queries).
pub fn symbols(text: &str) -> Vec<Symbol> {
    parse_file(text)
        .into_iter()
        .enumerate()
        .map(|(i, st)| {
            let (name, selection) = match &st.query.from {
                Some(f) if !f.name.is_empty() => (f.name.to_string(), f.span),
                _ => (
                    format!("query {}", i + 1),
                    Span::new(st.span.start, st.span.start),
                ),
            };
            let names: Vec<&str> = st.query.select.iter().map(|n| n.name.as_str()).collect();
            let mut detail = names.join(", ");
            if detail.len() > 60 {
                let mut cut = 57;
                while !detail.is_char_boundary(cut) {
                    cut -= 1;
                }
                detail.truncate(cut);
                detail.push('…');
            }
            Symbol {
                name,
                detail,
                span: st.span,
                selection,
            }
        })
        .collect()
}

/// What a coloured piece of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SemanticKind {
    /// A keyword.
    Keyword,
    /// A column or metric name.
    Name,
    /// A dataset name (after `FROM`).
    Dataset,
    /// A date range (after `TIMESPAN`).
    DateRange,
    /// A string literal.
    String,
    /// A number.
    Number,
    /// A `--` comment.
    Comment,
    /// `=`, `<`, `!=`, …
    Operator,
}

impl SemanticKind {
    /// Every kind, in the order of an LSP legend.
    pub const ALL: [SemanticKind; 8] = [
        SemanticKind::Keyword,
        SemanticKind::Name,
        SemanticKind::Dataset,
        SemanticKind::DateRange,
        SemanticKind::String,
        SemanticKind::Number,
        SemanticKind::Comment,
        SemanticKind::Operator,
    ];
}

/// A piece of text and its kind; never spans a line break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SemanticToken {
    /// Where it stands.
    pub span: Span,
    /// What it is.
    pub kind: SemanticKind,
}

/// The coloured pieces of `text`, in order.
pub fn semantic_tokens(text: &str) -> Vec<SemanticToken> {
    let mut toks = Vec::new();
    lexer::lex(text, 0, text.len(), &mut toks, &mut Vec::new());
    let mut out = Vec::with_capacity(toks.len());
    let mut gap_start = 0;
    let mut prev = None;
    for t in &toks {
        comments(text, gap_start, t.span.start, &mut out);
        gap_start = t.span.end;
        let kind = match t.kind {
            Tok::Kw(_) => Some(SemanticKind::Keyword),
            Tok::Ident | Tok::Quoted { .. } => Some(match prev {
                Some(Tok::Kw(Kw::From)) => SemanticKind::Dataset,
                Some(Tok::Kw(Kw::Timespan)) => SemanticKind::DateRange,
                _ => SemanticKind::Name,
            }),
            Tok::Str { .. } => Some(SemanticKind::String),
            Tok::Number | Tok::BadNumber => Some(SemanticKind::Number),
            Tok::Eq | Tok::EqEq | Tok::Ne | Tok::LtGt | Tok::Lt | Tok::Gt | Tok::Le | Tok::Ge => {
                Some(SemanticKind::Operator)
            }
            _ => None,
        };
        prev = Some(t.kind);
        if let Some(kind) = kind {
            split_lines(text, t.span, kind, &mut out);
        }
    }
    comments(text, gap_start, text.len(), &mut out);
    out
}

/// The `--` comments in `text[start..end]` (white space and comments only).
fn comments(text: &str, start: usize, end: usize, out: &mut Vec<SemanticToken>) {
    let Some(gap) = text.get(start..end) else {
        return;
    };
    let mut from = 0;
    while let Some(i) = gap[from..].find("--") {
        let s = from + i;
        let e = gap[s..].find('\n').map_or(gap.len(), |n| s + n);
        let e = if gap[..e].ends_with('\r') { e - 1 } else { e };
        out.push(SemanticToken {
            span: Span::new(start + s, start + e),
            kind: SemanticKind::Comment,
        });
        from = e.max(s + 2);
    }
}

fn split_lines(text: &str, span: Span, kind: SemanticKind, out: &mut Vec<SemanticToken>) {
    let mut s = span.start;
    for (i, _) in span.slice(text).match_indices('\n') {
        let e = span.start + i;
        if e > s {
            out.push(SemanticToken {
                span: Span::new(s, e),
                kind,
            });
        }
        s = e + 1;
    }
    if span.end > s {
        out.push(SemanticToken {
            span: Span::new(s, span.end),
            kind,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_symbol_per_query_named_by_its_dataset() {
        let text = "SELECT a, b FROM Orders;\nSELECT c;\n";
        let s = symbols(text);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].name, "Orders");
        assert_eq!(s[0].selection.slice(text), "Orders");
        assert_eq!(s[0].detail, "a, b");
        assert_eq!(s[1].name, "query 2");
    }

    #[test]
    fn tokens_are_classified() {
        let text = "-- top\r\nSELECT a FROM D WHERE x = 'é' AND n > 3 TIMESPAN LAST_MONTH -- end";
        let got: Vec<(&str, SemanticKind)> = semantic_tokens(text)
            .iter()
            .map(|t| (t.span.slice(text), t.kind))
            .collect();
        use SemanticKind::*;
        assert_eq!(got[0], ("-- top", Comment));
        assert_eq!(got[1], ("SELECT", Keyword));
        assert_eq!(got[2], ("a", Name));
        assert_eq!(got[4], ("D", Dataset));
        assert!(got.contains(&("'é'", String)));
        assert!(got.contains(&("3", Number)));
        assert!(got.contains(&("=", Operator)));
        assert!(got.contains(&("LAST_MONTH", DateRange)));
        assert_eq!(got.last(), Some(&("-- end", Comment)));
    }
}
