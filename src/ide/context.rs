//! Where an offset stands: its statement, the tokens around it, the
//! statement's dataset.

use crate::schema::{Catalog, Dataset, Family};
use crate::span::Span;
use crate::syntax::lexer::{self, Kw, Tok, Token};

/// The statements' regions of a file of queries: each from just after the
/// previous `;` (or the start) to the end of its own `;` (or the end of the
/// text), so the comments before a statement (and its `-- pcql: allow`
/// directives) lie in its region. The regions cover the text without gaps;
/// a text without `;` is one region.
pub fn regions(text: &str) -> Vec<Span> {
    let mut toks = Vec::with_capacity(text.len() / 6 + 4);
    lexer::lex(text, 0, text.len(), &mut toks, &mut Vec::new());
    let mut out = Vec::new();
    let mut start = 0;
    for t in toks.iter().filter(|t| t.kind == Tok::Semi) {
        out.push(Span::new(start, t.span.end));
        start = t.span.end;
    }
    if start < text.len() || out.is_empty() {
        out.push(Span::new(start, text.len()));
    }
    out
}

/// The region of [`regions`] that holds `offset`: an offset just after a
/// `;` belongs to the statement after it.
pub fn region_at(text: &str, offset: usize) -> Span {
    let regions = regions(text);
    let i = regions.partition_point(|r| r.end <= offset);
    regions
        .get(i)
        .or(regions.last())
        .copied()
        .unwrap_or(Span::new(0, text.len()))
}

/// One statement's tokens, seen from an offset.
pub(crate) struct Ctx<'t> {
    pub text: &'t str,
    /// The statement's tokens, the `;` left out.
    pub toks: Vec<Token>,
    pub offset: usize,
}

impl<'t> Ctx<'t> {
    /// The statement around `offset` (clamped to the text, moved back to a
    /// character boundary).
    pub fn new(text: &'t str, offset: usize) -> Ctx<'t> {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let region = region_at(text, offset);
        let mut toks = Vec::new();
        lexer::lex(text, region.start, region.end, &mut toks, &mut Vec::new());
        toks.retain(|t| t.kind != Tok::Semi);
        Ctx { text, toks, offset }
    }

    /// The token whose span holds the offset (its end included), if it is a
    /// word, string or number being typed.
    pub fn word_at(&self) -> Option<(usize, Token)> {
        self.toks.iter().enumerate().find_map(|(i, t)| {
            let wordy = matches!(
                t.kind,
                Tok::Ident | Tok::Kw(_) | Tok::Str { .. } | Tok::Quoted { .. } | Tok::Number
            );
            (wordy && t.span.start < self.offset && self.offset <= t.span.end).then_some((i, *t))
        })
    }

    /// The token under the offset for hover: the one that holds it, or ends at it.
    pub fn token_at(&self) -> Option<(usize, Token)> {
        self.toks
            .iter()
            .enumerate()
            .find(|(_, t)| t.span.start <= self.offset && self.offset < t.span.end)
            .or_else(|| {
                self.toks
                    .iter()
                    .enumerate()
                    .find(|(_, t)| t.span.end == self.offset)
            })
            .map(|(i, t)| (i, *t))
    }

    /// Index of the first token that starts at or after the offset, less the
    /// word being typed: the tokens before it are the context.
    pub fn before(&self) -> usize {
        match self.word_at() {
            Some((i, _)) => i,
            None => self.toks.partition_point(|t| t.span.end <= self.offset),
        }
    }

    /// The text of a token: a name's inner text for quoted names.
    pub fn name(&self, t: &Token) -> &'t str {
        match t.kind {
            Tok::Quoted { .. } => t.inner(self.text),
            _ => t.span.slice(self.text),
        }
    }

    /// The dataset after `FROM`, wherever `FROM` stands in the statement.
    pub fn dataset<'c>(&self, catalog: &'c Catalog, family: Option<Family>) -> Option<&'c Dataset> {
        let i = self.toks.iter().position(|t| t.kind == Tok::Kw(Kw::From))?;
        let t = self.toks.get(i + 1)?;
        if !matches!(t.kind, Tok::Ident | Tok::Quoted { .. }) {
            return None;
        }
        let name = self.name(t);
        catalog
            .dataset(name, family)
            .or_else(|| catalog.datasets_named(name).next())
    }

    /// The last clause keyword before token `i`.
    pub fn clause_before(&self, i: usize) -> Option<Kw> {
        self.toks[..i.min(self.toks.len())]
            .iter()
            .rev()
            .find_map(|t| match t.kind {
                Tok::Kw(
                    k @ (Kw::Select | Kw::From | Kw::Where | Kw::Order | Kw::Limit | Kw::Timespan),
                ) => Some(k),
                _ => None,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_cover_the_text_and_hold_their_semicolon() {
        let text = "SELECT a FROM b;\n-- c\nSELECT 'x;y' FROM d;";
        let r = regions(text);
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].slice(text), "SELECT a FROM b;");
        assert_eq!(r[1].slice(text), "\n-- c\nSELECT 'x;y' FROM d;");
        assert_eq!(regions("").len(), 1);
        assert_eq!(region_at(text, 16), r[1]);
        assert_eq!(region_at(text, 15), r[0]);
        assert_eq!(region_at(text, 999), r[1]);
        assert_eq!(regions("a;b").len(), 2);
    }
}
