//! Query-level recovery: tokens where a clause should start, misspelled
//! keywords, a missing SELECT or FROM, and clauses out of order.

use crate::ast::Query;
use crate::diagnostic::{Code, Diagnostic, Edit, Fix};
use crate::span::Span;

use super::lexer::{Tok, Token};
use super::parser::{Clause, Parser};

/// The first words of the clauses after SELECT.
const CLAUSE_WORDS: [&str; 5] = ["FROM", "WHERE", "ORDER", "LIMIT", "TIMESPAN"];

impl Parser<'_> {
    /// A token where a clause should start and that starts none.
    pub(crate) fn stray(&mut self) {
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
    pub(crate) fn keyword_typo(&self, t: Token) -> Option<Clause> {
        if t.kind != Tok::Ident {
            return None;
        }
        let kw = crate::suggest::keyword(self.text(t), &CLAUSE_WORDS)?;
        [
            Clause::From,
            Clause::Where,
            Clause::OrderBy,
            Clause::Limit,
            Clause::Timespan,
        ]
        .into_iter()
        .find(|c| c.name().starts_with(kw))
    }

    /// Whether the current token is a misspelt clause keyword (`ORDR`, `WHRE`):
    /// a list or a condition ends before it, and [`Parser::stray`] reads it.
    pub(crate) fn at_clause_typo(&self) -> bool {
        self.keyword_typo(self.tok()).is_some()
    }

    /// The keyword of `kws` that the current token misspells, if it is a bare
    /// name one or two edits away from exactly one of them.
    pub(crate) fn typo_of(&self, kws: &[&'static str]) -> Option<&'static str> {
        let t = self.tok();
        if t.kind != Tok::Ident {
            return None;
        }
        crate::suggest::keyword(self.text(t), kws)
    }

    /// PQ1001 at the current token, which misspells `kw` where `what` stands,
    /// with a safe fix that writes the keyword; consumes the token, so that
    /// parsing goes on as if the keyword were spelled right.
    pub(crate) fn misspelt(&mut self, kw: &str, what: &str) {
        let t = self.bump();
        let found = self.describe(t);
        self.push(
            Diagnostic::new(
                Code::UnexpectedToken,
                t.span,
                format!("expected {what}, found {found}"),
            )
            .with_label(format!("did you mean `{kw}`?"))
            .with_help(format!("`{kw}` is misspelt"))
            .with_fix(Fix::safe(
                format!("write `{kw}`"),
                vec![Edit::replace(t.span, kw)],
            )),
        );
    }

    /// The query does not start with SELECT.
    pub(crate) fn missing_select(&mut self) {
        let t = self.tok();
        if t.kind == Tok::Ident && crate::suggest::within(self.text(t), "SELECT", 2).is_some() {
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

pub(crate) fn set_clause_span(q: &mut Query, c: Clause, span: Span) {
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
    pub(crate) fn finish(&mut self) {
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
        if let Some(o) = after
            && let Some(os) = spans[*o as usize]
        {
            d = d.with_related(os, format!("{} must come after {}", o.name(), c.name()));
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
