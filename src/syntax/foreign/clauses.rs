//! Clauses of SQL that the language does not have: GROUP BY, HAVING, JOIN,
//! OFFSET, UNION/INTERSECT/EXCEPT, WITH, and subqueries.

use crate::diagnostic::{Code, Diagnostic, Edit, Fix};
use crate::span::Span;

use super::super::lexer::{Kw, Tok};
use super::super::parser::Parser;

/// A clause of SQL that the language does not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ForeignClause {
    GroupBy,
    Having,
    Join,
    Offset,
    SetOp,
}

impl Parser<'_> {
    /// The SQL clause the current token starts, if any.
    pub(crate) fn foreign_clause_at(&self) -> Option<ForeignClause> {
        let Tok::Kw(k) = self.peek() else { return None };
        let next = self.peek_at(1);
        match k {
            Kw::Group if next == Tok::Kw(Kw::By) => Some(ForeignClause::GroupBy),
            Kw::Having => Some(ForeignClause::Having),
            Kw::Join => Some(ForeignClause::Join),
            Kw::Inner | Kw::Left | Kw::Right | Kw::Full | Kw::Cross
                if matches!(next, Tok::Kw(Kw::Join | Kw::Outer)) =>
            {
                Some(ForeignClause::Join)
            }
            Kw::Offset if matches!(next, Tok::Number | Tok::BadNumber) => {
                Some(ForeignClause::Offset)
            }
            Kw::Union | Kw::Intersect | Kw::Except => Some(ForeignClause::SetOp),
            _ => None,
        }
    }

    /// Report and skip an SQL clause at the current token; false if there is none.
    pub(crate) fn foreign_clause(&mut self) -> bool {
        let Some(c) = self.foreign_clause_at() else {
            return false;
        };
        let lead = self.prev_end;
        let start = self.tok().span.start;
        let mut first = self.bump();
        if c == ForeignClause::Join {
            while !self.at_end() && first.kind != Tok::Kw(Kw::Join) {
                first = self.bump();
            }
        }
        if c == ForeignClause::SetOp {
            while !self.at_end() {
                self.bump();
            }
        } else {
            self.skip_to_sync();
        }
        let span = Span::new(start, self.prev_end);
        let word = self.text(first).to_ascii_uppercase();
        let d = match c {
            ForeignClause::GroupBy => {
                Diagnostic::new(Code::GroupBy, span, "GROUP BY is not part of the language")
                    .with_label("no GROUP BY")
                    .with_help(
                        "remove it: when a metric is selected, the service computes it for every \
                     combination of the other selected columns",
                    )
                    .with_fix(Fix::unsafe_(
                        "remove GROUP BY",
                        vec![Edit::delete(Span::new(lead, span.end))],
                    ))
            }
            ForeignClause::Having => {
                Diagnostic::new(Code::Having, span, "HAVING is not part of the language")
                    .with_label("no HAVING")
                    .with_help("filter on the metric in WHERE instead: WHERE Revenue > 1000")
            }
            ForeignClause::Join => {
                Diagnostic::new(Code::Join, span, "JOIN is not part of the language")
                    .with_label("a query reads one dataset")
                    .with_help("write one query per dataset and combine the results after download")
            }
            ForeignClause::Offset => Diagnostic::new(
                Code::Offset,
                span,
                "OFFSET is not part of the language",
            )
            .with_label("no OFFSET")
            .with_help(
                "remove it; LIMIT n returns the first n rows and there is no way to skip rows",
            )
            .with_fix(Fix::unsafe_(
                "remove OFFSET",
                vec![Edit::delete(Span::new(lead, span.end))],
            )),
            ForeignClause::SetOp => Diagnostic::new(
                Code::SetOperation,
                span,
                format!("{word} is not part of the language"),
            )
            .with_label("a query is one SELECT")
            .with_help(
                "write each SELECT as its own query, separated by `;`, and combine the results",
            ),
        };
        self.push(d);
        true
    }

    /// `WITH name AS (…) …` before the query: PQ1112, skipped up to the main SELECT.
    pub(crate) fn with_prefix(&mut self) {
        let start = self.bump().span.start;
        let mut depth = 0usize;
        while !(self.at_end() || depth == 0 && self.at_kw(Kw::Select)) {
            match self.peek() {
                Tok::LParen => depth += 1,
                Tok::RParen => depth = depth.saturating_sub(1),
                _ => {}
            }
            self.bump();
        }
        self.push(
            Diagnostic::new(
                Code::Subquery,
                Span::new(start, self.prev_end),
                "WITH is not part of the language",
            )
            .with_label("no common table expressions")
            .with_help(
                "write the inner query as a query of its own; a query reads one dataset directly",
            ),
        );
    }

    /// A parenthesised SELECT: PQ1112; skipped to its closing parenthesis.
    pub(crate) fn subquery(&mut self, what: &str) {
        let start = self.tok().span.start;
        let mut depth = 0usize;
        loop {
            match self.peek() {
                Tok::LParen => depth += 1,
                Tok::RParen => depth = depth.saturating_sub(1),
                _ => {}
            }
            if self.at_end() {
                break;
            }
            self.bump();
            if depth == 0 {
                break;
            }
        }
        self.push(
            Diagnostic::new(
                Code::Subquery,
                Span::new(start, self.prev_end),
                format!("{what} is not part of the language"),
            )
            .with_label("no subqueries")
            .with_help(
                "run the inner query on its own and write its results as values: IN ('a', 'b')",
            ),
        );
    }

    /// `FROM a, b`: PQ1109 (a comma join), skipped to the next clause.
    pub(crate) fn comma_join(&mut self) {
        let start = self.tok().span.start;
        self.bump();
        self.skip_to_sync();
        self.push(
            Diagnostic::new(
                Code::Join,
                Span::new(start, self.prev_end),
                "a query reads exactly one dataset",
            )
            .with_label("a second dataset")
            .with_help("write one query per dataset and combine the results after download"),
        );
    }
}
