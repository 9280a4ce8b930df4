//! The recursive-descent parser: one small function per production, each with
//! its production in its doc comment. Clause bodies are in `clauses.rs` and
//! `condition.rs`, SQL that is not the language in `foreign.rs`.
//!
//! Recovery: a clause that goes wrong records a diagnostic and skips to the
//! next clause keyword at parenthesis depth 0 ([`Parser::skip_to_sync`]); the
//! query loop then carries on with that clause. The partial [`Query`] keeps
//! whatever was understood.

use crate::ast::Query;
use crate::diagnostic::{Code, Diagnostic, Edit, Fix};
use crate::span::Span;

use super::lexer::{Kw, Tok, Token};

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
    lead: [usize; 6],
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
    fn clause(&mut self, c: Clause) {
        let lead = self.prev_end;
        let kw = self.bump();
        self.clause_body(c, kw.span.start, lead);
    }

    /// The body of clause `c` whose keyword (if any) starts at `kw_start` and
    /// was consumed; a second clause of a kind is parsed, reported and dropped.
    fn clause_body(&mut self, c: Clause, kw_start: usize, lead: usize) {
        let first = clause_span(&self.q, c);
        let kept = first.map(|_| std::mem::take(&mut self.q));
        match c {
            Clause::Select => self.select_body(),
            Clause::From => self.dataset(),
            Clause::Where => self.where_conditions(),
            Clause::OrderBy => self.order_by_body(),
            Clause::Limit => self.limit_value(),
            Clause::Timespan => self.timespan_value(),
        }
        let span = Span::new(kw_start, self.prev_end.max(kw_start));
        match (kept, first) {
            (Some(q), Some(first)) => {
                self.q = q;
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
            _ => {
                set_clause_span(&mut self.q, c, span);
                self.lead[c as usize] = lead;
            }
        }
    }

    /// A token where a clause should start and that starts none.
    fn stray(&mut self) {
        let t = self.tok();
        if let Some(c) = self.keyword_typo(t) {
            let kw = c.name().split(' ').next().unwrap_or("");
            self.push(
                Diagnostic::new(
                    Code::UnexpectedToken,
                    t.span,
                    format!("expected a clause, found {}", self.describe(t)),
                )
                .with_label(format!("did you mean `{kw}`?"))
                .with_help("the clauses are SELECT, FROM, WHERE, ORDER BY, LIMIT and TIMESPAN")
                .with_fix(Fix::safe(
                    format!("write `{kw}`"),
                    vec![Edit::replace(t.span, kw)],
                )),
            );
            // Parse the rest as that clause, as if the keyword were spelled right.
            self.clause(c);
            return;
        }
        let start = t.span.start;
        self.bump();
        self.skip_to_sync();
        let span = Span::new(start, self.prev_end);
        let (code, msg) = if self.at_end() {
            (
                Code::TrailingInput,
                "text after the end of the query".to_string(),
            )
        } else {
            (
                Code::UnexpectedToken,
                format!(
                    "expected a clause (WHERE, ORDER BY, LIMIT or TIMESPAN), found {}",
                    self.describe(t)
                ),
            )
        };
        self.push(
            Diagnostic::new(code, span, msg)
                .with_label("not part of any clause")
                .with_help("remove it, or start a clause with its keyword"),
        );
    }

    /// A name that is one or two edits away from a clause keyword.
    fn keyword_typo(&self, t: Token) -> Option<Clause> {
        if t.kind != Tok::Ident {
            return None;
        }
        let word = self.text(t).to_ascii_uppercase();
        [
            Clause::From,
            Clause::Where,
            Clause::OrderBy,
            Clause::Limit,
            Clause::Timespan,
        ]
        .into_iter()
        .find(|c| {
            let kw = c.name().split(' ').next().unwrap_or("");
            let limit = if kw.len() >= 6 { 2 } else { 1 };
            super::suggest::distance(&word, kw) <= limit
        })
    }

    /// The query does not start with SELECT.
    fn missing_select(&mut self) {
        let t = self.tok();
        if t.kind == Tok::Ident
            && super::suggest::distance(&self.text(t).to_ascii_uppercase(), "SELECT") <= 2
        {
            self.push(
                Diagnostic::new(
                    Code::MissingSelect,
                    t.span,
                    format!("a query starts with SELECT, found {}", self.describe(t)),
                )
                .with_label("did you mean `SELECT`?")
                .with_help("a query starts with SELECT and the names of the columns")
                .with_fix(Fix::safe(
                    "write `SELECT`",
                    vec![Edit::replace(t.span, "SELECT")],
                )),
            );
            self.clause(Clause::Select);
        } else if Self::is_name(t.kind) {
            self.push(
                Diagnostic::new(
                    Code::MissingSelect,
                    Span::empty(t.span.start),
                    "a query starts with SELECT",
                )
                .with_label("SELECT is missing here")
                .with_help("write SELECT before the names of the columns")
                .with_fix(Fix::safe(
                    "insert `SELECT `",
                    vec![Edit::insert(t.span.start, "SELECT ")],
                )),
            );
            self.clause_body(Clause::Select, t.span.start, t.span.start);
        }
    }
}

pub(crate) fn clause_span(q: &Query, c: Clause) -> Option<Span> {
    let s = &q.clauses;
    match c {
        Clause::Select => s.select,
        Clause::From => s.from,
        Clause::Where => s.where_,
        Clause::OrderBy => s.order_by,
        Clause::Limit => s.limit,
        Clause::Timespan => s.timespan,
    }
}

fn set_clause_span(q: &mut Query, c: Clause, span: Span) {
    let s = &mut q.clauses;
    let slot = match c {
        Clause::Select => &mut s.select,
        Clause::From => &mut s.from,
        Clause::Where => &mut s.where_,
        Clause::OrderBy => &mut s.order_by,
        Clause::Limit => &mut s.limit,
        Clause::Timespan => &mut s.timespan,
    };
    *slot = Some(span);
}

impl Parser<'_> {
    /// After the clauses: missing SELECT/FROM, clause order, where `TOP n` goes.
    fn finish(&mut self) {
        let spans: [Option<Span>; 6] = Clause::ALL.map(|c| clause_span(&self.q, c));
        // A clause is out of order when a later clause of the grammar stands before it.
        let out: [bool; 6] = Clause::ALL.map(|c| {
            spans[c as usize].is_some_and(|s| {
                spans[c as usize + 1..]
                    .iter()
                    .flatten()
                    .any(|o| o.start < s.start)
            })
        });
        if spans[0].is_none() && !self.diags.iter().any(|d| d.code == Code::MissingSelect) {
            let at = self.q.span.start;
            self.push(
                Diagnostic::new(
                    Code::MissingSelect,
                    Span::empty(at),
                    "a query starts with SELECT",
                )
                .with_label("SELECT and the names of the columns are missing")
                .with_help("start the query with SELECT and the columns to read"),
            );
        }
        if spans[1].is_none() {
            let at = spans[0].map_or(self.q.span.start, |s| s.end);
            self.push(
                Diagnostic::new(
                    Code::MissingFrom,
                    Span::empty(at),
                    "the query has no FROM clause",
                )
                .with_label("FROM and a dataset are missing here")
                .with_help("name the dataset to read after the selected names: FROM <dataset>"),
            );
        }
        for c in Clause::ALL {
            if out[c as usize] {
                self.misplaced(c, &spans, &out);
            }
        }
        if let Some((top, n)) = self.top.take() {
            self.top_fix(top, n, &spans, &out);
        }
    }

    /// Where text belonging to clause `c` goes: after the nearest earlier clause
    /// in place, or before the nearest later one. Returns (offset, text before, text after).
    pub(crate) fn place_for(
        &self,
        c: Clause,
        spans: &[Option<Span>; 6],
        out: &[bool; 6],
    ) -> Option<(usize, &'static str, &'static str)> {
        let in_place = |i: usize| if out[i] { None } else { spans[i] };
        if let Some(s) = (0..c as usize).rev().find_map(in_place) {
            return Some((s.end, " ", ""));
        }
        (c as usize + 1..6)
            .find_map(in_place)
            .map(|s| (s.start, "", " "))
    }

    /// PQ1011 with a fix that moves the clause text to its place.
    fn misplaced(&mut self, c: Clause, spans: &[Option<Span>; 6], out: &[bool; 6]) {
        let Some(span) = spans[c as usize] else {
            return;
        };
        let after = Clause::ALL[c as usize + 1..]
            .iter()
            .filter(|o| spans[**o as usize].is_some_and(|s| s.start < span.start))
            .min_by_key(|o| spans[**o as usize].map_or(0, |s| s.start));
        let mut d = Diagnostic::new(
            Code::ClauseOrder,
            span,
            format!("{} stands after a clause that must follow it", c.name()),
        )
        .with_label(format!("{} is out of place", c.name()))
        .with_help("the clauses go in the order SELECT, FROM, WHERE, ORDER BY, LIMIT, TIMESPAN");
        if let Some(o) = after {
            if let Some(os) = spans[*o as usize] {
                d = d.with_related(os, format!("{} must come after {}", o.name(), c.name()));
            }
        }
        if let Some((at, pre, post)) = self.place_for(c, spans, out) {
            let text = span.slice(self.src);
            let lead = self.lead[c as usize].min(span.start);
            d = d.with_fix(Fix::safe(
                format!("move {} to its place", c.name()),
                vec![
                    Edit::insert(at, format!("{pre}{text}{post}")),
                    Edit::delete(Span::new(lead, span.end)),
                ],
            ));
        }
        self.push(d);
    }
}
