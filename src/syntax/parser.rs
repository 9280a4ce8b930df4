//! The recursive-descent parser: one small function per production, each with
//! its production in its doc comment. Clause bodies are in `clauses.rs` and
//! `condition.rs`, SQL that is not the language in `foreign/`.
//!
//! Recovery: a clause that goes wrong records a diagnostic and skips to the
//! next clause keyword at parenthesis depth 0 ([`Parser::skip_to_sync`]); the
//! query loop then carries on with that clause. The partial [`Query`] keeps
//! whatever was understood.

use crate::ast::Query;
use crate::diagnostic::{Code, Diagnostic, Edit};
use crate::span::Span;

use super::lexer::{Kw, Tok, Token};
use super::recover::{clause_span, set_clause_span};

/// The six clauses, in the order the language fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Clause {
    Select = 0,
    From = 1,
    Where = 2,
    OrderBy = 3,
    Limit = 4,
    Timespan = 5,
}

impl Clause {
    pub(crate) const ALL: [Clause; 6] = [
        Clause::Select,
        Clause::From,
        Clause::Where,
        Clause::OrderBy,
        Clause::Limit,
        Clause::Timespan,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Clause::Select => "SELECT",
            Clause::From => "FROM",
            Clause::Where => "WHERE",
            Clause::OrderBy => "ORDER BY",
            Clause::Limit => "LIMIT",
            Clause::Timespan => "TIMESPAN",
        }
    }

    fn keyword(self) -> Kw {
        match self {
            Clause::Select => Kw::Select,
            Clause::From => Kw::From,
            Clause::Where => Kw::Where,
            Clause::OrderBy => Kw::Order,
            Clause::Limit => Kw::Limit,
            Clause::Timespan => Kw::Timespan,
        }
    }

    fn of(kw: Kw) -> Option<Clause> {
        Clause::ALL.into_iter().find(|c| c.keyword() == kw)
    }
}

/// Parser state over the tokens of one query.
pub(crate) struct Parser<'a> {
    pub(crate) src: &'a str,
    toks: &'a [Token],
    pos: usize,
    eof: Token,
    /// End of the last consumed token.
    pub(crate) prev_end: usize,
    pub(crate) diags: Vec<Diagnostic>,
    pub(crate) q: Query,
    /// End of the token before each clause's keyword (for moving it).
    pub(crate) lead: [usize; 6],
    /// `TOP n` seen in SELECT: its span (with the space after it) and `n`.
    pub(crate) top: Option<(Span, Span)>,
}

impl<'a> Parser<'a> {
    /// A parser over `toks` (no `Eof` token needed); `end` is where the input ends.
    pub(crate) fn new(src: &'a str, toks: &'a [Token], end: usize) -> Self {
        Parser {
            src,
            toks,
            pos: 0,
            eof: Token {
                kind: Tok::Eof,
                span: Span::empty(end),
            },
            prev_end: toks.first().map_or(end, |t| t.span.start),
            diags: Vec::new(),
            q: Query::default(),
            lead: [0; 6],
            top: None,
        }
    }

    // ---- token helpers -------------------------------------------------

    #[inline]
    pub(crate) fn tok_at(&self, n: usize) -> Token {
        self.toks.get(self.pos + n).copied().unwrap_or(self.eof)
    }

    /// How many commas stand ahead before the next clause keyword (to size lists).
    pub(crate) fn commas_ahead(&self) -> usize {
        self.toks
            .get(self.pos..)
            .unwrap_or_default()
            .iter()
            .take_while(|t| {
                !matches!(
                    t.kind,
                    Tok::Semi | Tok::Kw(Kw::From | Kw::Where | Kw::Order)
                )
            })
            .filter(|t| t.kind == Tok::Comma)
            .count()
    }

    /// The token consumed last.
    pub(crate) fn tok_before(&self) -> Option<Token> {
        self.pos
            .checked_sub(1)
            .and_then(|i| self.toks.get(i))
            .copied()
    }

    #[inline]
    pub(crate) fn tok(&self) -> Token {
        self.tok_at(0)
    }

    #[inline]
    pub(crate) fn peek(&self) -> Tok {
        self.tok().kind
    }

    #[inline]
    pub(crate) fn peek_at(&self, n: usize) -> Tok {
        self.tok_at(n).kind
    }

    /// An edit inserting `text` just after the last consumed token (a missing
    /// comma or operator), for a fix. None when that token is a string or
    /// quoted name left without its closing quote: it runs to the end of its
    /// line, so the text would land inside it, and be asked for again on
    /// every run of `--fix`.
    pub(crate) fn insert_after_prev(&self, text: &str) -> Option<Edit> {
        let unclosed = self
            .pos
            .checked_sub(1)
            .and_then(|i| self.toks.get(i))
            .is_some_and(|t| {
                matches!(
                    t.kind,
                    Tok::Str { close: 0, .. } | Tok::Quoted { closed: false, .. }
                )
            });
        (!unclosed).then(|| Edit::insert(self.prev_end, text))
    }

    #[inline]
    pub(crate) fn bump(&mut self) -> Token {
        let t = self.tok();
        if t.kind != Tok::Eof {
            self.pos += 1;
            self.prev_end = t.span.end;
        }
        t
    }

    #[inline]
    pub(crate) fn at_kw(&self, kw: Kw) -> bool {
        self.peek() == Tok::Kw(kw)
    }

    pub(crate) fn eat_kw(&mut self, kw: Kw) -> bool {
        let yes = self.at_kw(kw);
        if yes {
            self.bump();
        }
        yes
    }

    /// The end of the query: end of input or `;`.
    #[inline]
    pub(crate) fn at_end(&self) -> bool {
        matches!(self.peek(), Tok::Eof | Tok::Semi)
    }

    pub(crate) fn text(&self, t: Token) -> &'a str {
        t.span.slice(self.src)
    }

    /// A token that can be a name: an identifier or a keyword that is not reserved.
    #[inline]
    pub(crate) fn is_name(kind: Tok) -> bool {
        match kind {
            Tok::Ident => true,
            Tok::Kw(k) => !k.is_reserved(),
            _ => false,
        }
    }

    /// How a token is named in messages.
    pub(crate) fn describe(&self, t: Token) -> String {
        match t.kind {
            Tok::Eof => "the end of the query".into(),
            Tok::Semi => "`;` (the end of the query)".into(),
            Tok::Ident => format!("the name `{}`", self.text(t)),
            Tok::Kw(k) if !k.is_reserved() => format!("`{}`", self.text(t)),
            Tok::Kw(_) => format!("the keyword `{}`", self.text(t).to_ascii_uppercase()),
            Tok::Number | Tok::BadNumber => format!("the number `{}`", self.text(t)),
            Tok::Str { .. } => "a string".into(),
            _ => format!("`{}`", self.text(t)),
        }
    }

    pub(crate) fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// Set the help of the diagnostic reported last.
    pub(crate) fn help_last(&mut self, help: &str) {
        if let Some(d) = self.diags.last_mut() {
            d.help = Some(help.to_string());
        }
    }

    /// PQ1001 "expected X, found Y" at the current token, or PQ1017 at the end.
    pub(crate) fn expected(&mut self, what: &str) {
        let t = self.tok();
        if self.at_end() {
            self.push(
                Diagnostic::new(
                    Code::UnexpectedEnd,
                    Span::empty(self.prev_end),
                    format!("the query ends where {what} should follow"),
                )
                .with_label(format!("expected {what}"))
                .with_help(format!("complete the query with {what}")),
            );
        } else {
            let found = self.describe(t);
            self.push(
                Diagnostic::new(
                    Code::UnexpectedToken,
                    t.span,
                    format!("expected {what}, found {found}"),
                )
                .with_label(format!("expected {what}"))
                .with_help(format!("write {what} here")),
            );
        }
    }

    // ---- recovery ------------------------------------------------------

    /// The clause a token starts, if any.
    pub(crate) fn clause_at(&self, n: usize) -> Option<Clause> {
        match self.peek_at(n) {
            Tok::Kw(k) => Clause::of(k),
            _ => None,
        }
    }

    /// Whether the current token starts a clause (of the language or of SQL).
    pub(crate) fn at_sync(&self) -> bool {
        self.clause_at(0).is_some() || self.foreign_clause_at().is_some()
    }

    /// Skip tokens up to the next clause keyword at depth 0 or the end.
    pub(crate) fn skip_to_sync(&mut self) {
        let mut depth = 0usize;
        while !self.at_end() {
            match self.peek() {
                Tok::LParen => depth += 1,
                Tok::RParen => depth = depth.saturating_sub(1),
                _ if depth == 0 && self.at_sync() => return,
                _ => {}
            }
            self.bump();
        }
    }

    // ---- the query -------------------------------------------------------

    /// `query := [WITH …] SELECT … FROM … [WHERE …] [ORDER BY …] [LIMIT n] [TIMESPAN range]`
    ///
    /// Clauses are parsed in whatever order they come; order and duplicates
    /// are checked as they are met and fixed up at the end.
    pub(crate) fn query(&mut self) {
        let start = self.tok().span.start;
        if self.at_kw(Kw::With) {
            self.with_prefix();
        }
        if !self.at_kw(Kw::Select) && !self.at_end() {
            self.missing_select();
        }
        while !self.at_end() {
            if let Some(c) = self.clause_at(0) {
                self.clause(c);
            } else if !self.foreign_clause() {
                self.stray();
            }
        }
        self.q.span = Span::new(start, self.prev_end.max(start));
        self.finish();
    }

    /// One clause at its keyword.
    pub(crate) fn clause(&mut self, c: Clause) {
        let lead = self.prev_end;
        let kw = self.bump();
        self.clause_body(c, kw.span.start, lead);
    }

    /// The body of clause `c` whose keyword (if any) starts at `kw_start` and
    /// was consumed; a second clause of a kind is parsed, reported and dropped.
    pub(crate) fn clause_body(&mut self, c: Clause, kw_start: usize, lead: usize) {
        let Some(first) = clause_span(&self.q, c) else {
            self.clause_contents(c);
            let span = Span::new(kw_start, self.prev_end.max(kw_start));
            set_clause_span(&mut self.q, c, span);
            self.lead[c as usize] = lead;
            return;
        };
        // A second clause of a kind: read it into a tree of its own (its
        // problems are still reported), then keep the first.
        let kept = std::mem::take(&mut self.q);
        self.clause_contents(c);
        let span = Span::new(kw_start, self.prev_end.max(kw_start));
        self.q = kept;
        self.push(
            Diagnostic::new(
                Code::DuplicateClause,
                span,
                format!("a second {} clause", c.name()),
            )
            .with_label("written again here")
            .with_related(first, "first written here")
            .with_help(format!(
                "a query has at most one {} clause; merge the two into one",
                c.name()
            )),
        );
    }

    fn clause_contents(&mut self, c: Clause) {
        match c {
            Clause::Select => self.select_body(),
            Clause::From => self.dataset(),
            Clause::Where => self.where_conditions(),
            Clause::OrderBy => self.order_by_body(),
            Clause::Limit => self.limit_value(),
            Clause::Timespan => self.timespan_value(),
        }
    }
}
