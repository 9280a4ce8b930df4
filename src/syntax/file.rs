//! Files of several queries separated by `;`, and `-- pcql:` directives.

use crate::ast::Query;
use crate::diagnostic::{Code, Diagnostic};
use crate::span::Span;

use super::lexer::{self, Tok};

/// One query of a file. Every span is a byte offset into the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// The tree; partial when the text had errors.
    pub query: Query,
    /// Every problem found in the statement (and in the comments before it).
    pub diagnostics: Vec<Diagnostic>,
    /// From the first token to the last, without the `;`.
    pub span: Span,
    /// The `-- pcql: allow …` comments that stand before the statement.
    pub directives: Vec<Directive>,
    /// Where the `;` that ends the statement stands, if there is one.
    pub semicolon: Option<Span>,
    /// The text before the statement, after the previous `;` (or the file start):
    /// whitespace and comments.
    pub leading: Span,
}

/// A `-- pcql: allow PQ5001, PQ4002` comment: the codes it allows for the statement after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// The codes named (unknown names are left out and reported as PQ9002).
    pub codes: Vec<Code>,
    /// The whole comment, from `--` to the end of the line.
    pub span: Span,
}

/// Parse a file of queries separated by `;` (a `;` inside a string is not a
/// separator). Empty statements (`;;`, a file ending in comments) are skipped.
pub fn parse_file(text: &str) -> Vec<Statement> {
    let mut toks = Vec::with_capacity(text.len() / 5 + 4);
    let mut lex_diags = Vec::new();
    lexer::lex(text, 0, text.len(), &mut toks, &mut lex_diags);
    let mut out = Vec::new();
    let mut region_start = 0;
    let mut first_tok = 0;
    let mut lex_iter = lex_diags.into_iter().peekable();
    for i in 0..=toks.len() {
        let semi = toks.get(i).filter(|t| t.kind == Tok::Semi).map(|t| t.span);
        if semi.is_none() && i < toks.len() {
            continue;
        }
        let region_end = semi.map_or(text.len(), |s| s.start);
        let group = &toks[first_tok..i];
        let mut diags = Vec::new();
        while let Some(d) = lex_iter.next_if(|d| d.span.start < region_end || semi.is_none()) {
            diags.push(d);
        }
        if !group.is_empty() || !diags.is_empty() {
            let start = group.first().map_or(region_start, |t| t.span.start);
            let end = group.last().map_or(region_end, |t| t.span.end);
            let leading = Span::new(region_start, start);
            let directives = directives(text, leading, &mut diags);
            let mut query = super::parse_tokens(text, group, end, &mut diags);
            super::sort(&mut diags);
            query.repaired = crate::diagnostic::has_errors(&diags);
            out.push(Statement {
                query,
                diagnostics: diags,
                span: Span::new(start, end),
                directives,
                semicolon: semi,
                leading,
            });
        }
        region_start = semi.map_or(text.len(), |s| s.end);
        first_tok = i + 1;
    }
    out
}

/// The `-- pcql: allow …` comments in `region` (whitespace and comments only).
fn directives(text: &str, region: Span, diags: &mut Vec<Diagnostic>) -> Vec<Directive> {
    let mut out = Vec::new();
    let src = region.slice(text);
    let mut from = 0;
    while let Some(i) = src[from..].find("--") {
        let start = from + i;
        let end = src[start..].find('\n').map_or(src.len(), |e| start + e);
        from = end;
        let comment = &src[start + 2..end];
        let body = comment.trim_start();
        if !body
            .get(..5)
            .is_some_and(|p| p.eq_ignore_ascii_case("pcql:"))
        {
            continue;
        }
        let base = region.start + start + 2 + (comment.len() - body.len()) + 5;
        let span = Span::new(region.start + start, region.start + end);
        if let Some(d) = directive(&body[5..], base, span, diags) {
            out.push(d);
        }
    }
    out
}

/// The part after `pcql:`; `base` is its offset in the file.
fn directive(
    rest: &str,
    base: usize,
    span: Span,
    diags: &mut Vec<Diagnostic>,
) -> Option<Directive> {
    let mut words = words(rest).map(|(s, w)| (Span::new(base + s, base + s + w.len()), w));
    let (verb_span, verb) = words.next()?;
    if !verb.eq_ignore_ascii_case("allow") {
        diags.push(
            Diagnostic::new(
                Code::UnknownSuppression,
                verb_span,
                format!("unknown pcql directive `{verb}`"),
            )
            .with_label("expected `allow`")
            .with_help("write `-- pcql: allow PQ5001, PQ4002`"),
        );
        return None;
    }
    let mut codes = Vec::new();
    for (s, w) in words {
        match Code::parse(w) {
            Some(c) => codes.push(c),
            None => {
                let near: Vec<String> = Code::closest(w)
                    .iter()
                    .map(|c| format!("`{c}` ({})", c.name()))
                    .collect();
                let help = if near.is_empty() {
                    "name codes as PQ1234 or by their name; `pcql explain --list` lists them"
                        .to_string()
                } else {
                    format!(
                        "did you mean {}? Name codes as PQ1234 or by their name; `pcql explain --list` lists them",
                        near.join(", ")
                    )
                };
                diags.push(
                    Diagnostic::new(
                        Code::UnknownSuppression,
                        s,
                        format!("`{w}` is not a pcql code"),
                    )
                    .with_label("unknown code")
                    .with_help(help),
                );
            }
        }
    }
    Some(Directive { codes, span })
}

/// Words separated by whitespace or commas, with their byte offsets.
fn words(s: &str) -> impl Iterator<Item = (usize, &str)> {
    let sep = |c: char| c.is_whitespace() || c == ',';
    let mut pos = 0;
    std::iter::from_fn(move || {
        let rest = &s[pos..];
        let start = pos + rest.find(|c: char| !sep(c))?;
        let len = s[start..].find(sep).unwrap_or(s.len() - start);
        pos = start + len;
        Some((start, &s[start..pos]))
    })
}
