//! Text to [`crate::ast::Query`]: lexer, parser with error recovery, and
//! recognition of SQL that is not part of the language.
//!
//! - [`parse`] reads one query, [`parse_file`] a file of queries separated by
//!   `;`, [`format_file`] reprints a file in canonical form (`pcql fmt`),
//!   [`Chunks`] reads a file of queries piece by piece in bounded memory.
//! - Nothing here panics, whatever the input; every function returns a
//!   (possibly partial) tree and every problem it found.
//!
//! # Why hand-written
//!
//! The lexer is a single pass over bytes producing zero-copy tokens (a kind
//! and a span); the parser is recursive descent over those tokens, one small
//! function per production. We chose this over a combinator library such as
//! nom for two reasons: speed (no backtracking, no per-token allocation; the
//! only allocations are the token buffer and the names and values the tree
//! owns) and precise error recovery. A combinator parser is good at saying
//! "this failed here"; pcql must instead say what was meant (`OR`, `TOP n`,
//! `BETWEEN`, clauses out of order, …), carry on after every problem (skip to
//! the next clause keyword and continue) and still hand a partial tree to the
//! checks. That control flow is plain code in a hand-written parser.

pub mod chunks;
mod clauses;
mod condition;
mod file;
mod foreign;
mod format;
pub(crate) mod lexer;
mod limit_timespan;
mod parser;
mod recover;
mod value;

pub use chunks::{Chunk, Chunks};
pub use file::{Directive, Scope, Statement, file_directives, parse_file, unallowable};
pub use format::{DEFAULT_LINE_WIDTH, FormatOptions, format_file, format_file_with};

use std::cell::RefCell;

use crate::ast::Query;
use crate::diagnostic::{Code, Diagnostic};
use crate::span::Span;

use lexer::{Tok, Token};

/// Whether `word` (in any case) is a reserved word of the language, which
/// cannot stand as a bare column, metric or dataset name (`SELECT`, `FROM`,
/// `AND`, …).
pub fn is_reserved(word: &str) -> bool {
    lexer::keyword(word.as_bytes()).is_some_and(|k| k.is_reserved())
}

/// The result of parsing one query.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The tree; partial when the text had errors.
    pub query: Query,
    /// Every problem found, in the order found.
    pub diagnostics: Vec<Diagnostic>,
}

impl Parsed {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        crate::diagnostic::has_errors(&self.diagnostics)
    }

    /// Where a `SELECT *` stands (the `*`), so that the check can offer the
    /// dataset's columns as a fix for the PQ1101 diagnostic.
    pub fn select_star(&self) -> Option<Span> {
        self.diagnostics
            .iter()
            .find(|d| d.code == Code::SelectStar)
            .map(|d| d.span)
    }
}

/// Parse one query. A trailing `;` is allowed; `--` comments count as
/// whitespace; text after the `;` is reported (PQ1018). Spans are byte
/// offsets into `text`.
pub fn parse(text: &str) -> Parsed {
    thread_local! {
        /// The token buffer, reused from one query to the next.
        static TOKENS: RefCell<Vec<Token>> = const { RefCell::new(Vec::new()) };
    }
    TOKENS.with(|cell| match cell.try_borrow_mut() {
        Ok(mut toks) => {
            toks.clear();
            let parsed = parse_with(text, &mut toks);
            if toks.capacity() > MAX_KEPT_TOKENS {
                *toks = Vec::new();
            }
            parsed
        }
        Err(_) => parse_with(text, &mut Vec::new()),
    })
}

/// Token buffers larger than this are not kept for the next query.
const MAX_KEPT_TOKENS: usize = 64 * 1024;

fn parse_with(text: &str, toks: &mut Vec<Token>) -> Parsed {
    let mut diagnostics = Vec::new();
    lexer::lex(text, 0, text.len(), toks, &mut diagnostics);
    let end = toks
        .iter()
        .position(|t| t.kind == Tok::Semi)
        .unwrap_or(toks.len());
    let mut query = parse_tokens(text, &toks[..end], text.len(), &mut diagnostics);
    let rest = toks.get(end..).unwrap_or_default();
    let extra = rest.iter().skip_while(|t| t.kind == Tok::Semi);
    if let (Some(first), Some(last)) = (extra.clone().next(), extra.last()) {
        let span = Span::new(first.span.start, last.span.end);
        diagnostics.push(
            Diagnostic::new(Code::TrailingInput, span, "text after the end of the query")
                .with_label("after the `;`")
                .with_help("one query ends at `;`; remove this text or check it as a file of several queries"),
        );
    }
    if toks.is_empty() && diagnostics.is_empty() {
        diagnostics.push(empty_query(text.len()));
        query.span = Span::empty(text.len());
    }
    sort(&mut diagnostics);
    query.repaired = crate::diagnostic::has_errors(&diagnostics);
    Parsed { query, diagnostics }
}

/// PQ1017 for a text of `len` bytes that holds no query at all.
pub(crate) fn empty_query(len: usize) -> Diagnostic {
    Diagnostic::new(Code::UnexpectedEnd, Span::empty(len), "the query is empty")
        .with_label("expected SELECT")
        .with_help("write a query: SELECT names FROM dataset")
}

/// Parse the tokens of one query; `end` is where its text ends.
pub(crate) fn parse_tokens(
    text: &str,
    toks: &[Token],
    end: usize,
    diags: &mut Vec<Diagnostic>,
) -> Query {
    if toks.is_empty() {
        return Query {
            span: Span::empty(end),
            ..Query::default()
        };
    }
    let mut p = parser::Parser::new(text, toks, end);
    p.query();
    diags.append(&mut p.diags);
    p.q
}

/// Diagnostics in text order (stable: same place keeps the order found).
pub(crate) fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by_key(|d| d.span.start);
}

#[cfg(test)]
mod tests;
