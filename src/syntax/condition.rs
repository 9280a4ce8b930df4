//! Productions of the WHERE clause: conditions, operators, values and lists.
//!
//! `OR`, parentheses and `NOT` are read here too (they are not the language),
//! so that the conditions around them are still parsed and checked.

use crate::ast::{Condition, Operator};
use crate::diagnostic::{Code, Diagnostic, Edit, Fix};
use crate::span::Span;

use super::lexer::{Kw, Quote, Tok};
use super::parser::Parser;

/// Deepest nesting of parentheses around conditions that is followed.
const MAX_DEPTH: usize = 16;

/// Conditions joined by AND or OR, as parsed.
pub(crate) struct Chain {
    /// Index of the first condition of the chain in `filters`.
    pub(crate) first: usize,
    /// Every `OR`.
    pub(crate) ors: Vec<Span>,
    /// Whether an `AND` joins two terms.
    pub(crate) ands: bool,
    /// Whether every term is a plain condition that went into `filters` as written.
    pub(crate) plain: bool,
    /// Whether parsing gave up (and skipped ahead).
    pub(crate) failed: bool,
    /// From the first term to the last.
    pub(crate) span: Span,
}

impl Parser<'_> {
    /// `where := WHERE condition (AND condition)*` (after WHERE)
    pub(crate) fn where_conditions(&mut self) {
        let chain = self.chain(0);
        if chain.failed {
            return;
        }
        self.finish_chain(&chain, None);
        if !self.at_end() && !self.at_sync() && !self.at_clause_typo() {
            self.expected("AND or the next clause");
            self.skip_to_sync();
        }
    }

    /// `chain := term ((AND | OR) term)*`
    pub(crate) fn chain(&mut self, depth: usize) -> Chain {
        let start = self.tok().span.start;
        let mut chain = Chain {
            first: self.q.filters.len(),
            ors: Vec::new(),
            ands: false,
            plain: true,
            failed: false,
            span: Span::empty(start),
        };
        loop {
            match self.term(depth) {
                Some(plain) => chain.plain &= plain,
                None => {
                    chain.failed = true;
                    self.skip_to_sync();
                    return chain;
                }
            }
            match self.peek() {
                Tok::Kw(Kw::And) => chain.ands = true,
                Tok::Kw(Kw::Or) => chain.ors.push(self.tok().span),
                _ if !self.at_clause_typo()
                    && self.typo_of(&["AND"]).is_some()
                    && self.at_name_after_typo() =>
                {
                    self.misspelt("AND", "AND or the next clause");
                    chain.ands = true;
                    continue;
                }
                _ => break,
            }
            self.bump();
        }
        chain.span = Span::new(start, self.prev_end);
        chain
    }

    /// `term := condition` (also `"(" chain ")"` and `NOT term`, to report them)
    ///
    /// `Some(true)`: one condition went into `filters` as written.
    fn term(&mut self, depth: usize) -> Option<bool> {
        match self.peek() {
            Tok::LParen if depth < MAX_DEPTH => {
                self.paren_group(depth + 1, true)?;
                Some(false)
            }
            Tok::Kw(Kw::Not) => {
                self.not_term(depth);
                Some(false)
            }
            _ => self.condition(),
        }
    }

    /// `"(" chain ")"`: returns the chain and the spans of both parentheses.
    pub(crate) fn paren_group(
        &mut self,
        depth: usize,
        report: bool,
    ) -> Option<(Chain, Span, Span)> {
        let open = self.bump();
        let chain = self.chain(depth);
        if chain.failed {
            return None;
        }
        if self.peek() != Tok::RParen {
            self.expected("`)` or AND");
            return None;
        }
        let close = self.bump();
        if report {
            self.finish_chain(&chain, Some((open.span, close.span)));
        }
        Some((chain, open.span, close.span))
    }

    /// Report OR (with an IN fix where it fits) and parentheses.
    pub(crate) fn finish_chain(&mut self, chain: &Chain, parens: Option<(Span, Span)>) {
        if !chain.ors.is_empty() {
            let whole = parens.map_or(chain.span, |(o, c)| o.to(c));
            self.or_condition(chain, whole, parens.is_some());
        } else if let Some((open, close)) = parens {
            self.parenthesized(open, close);
        }
    }

    /// `condition := name operator value`
    ///
    /// `Some(true)` when one condition was added as written, `Some(false)`
    /// when the text was not the language but parsing went on, `None` on failure.
    pub(crate) fn condition(&mut self) -> Option<bool> {
        let t = self.tok();
        let column = match t.kind {
            k if Self::is_name(k) && self.peek_at(1) == Tok::LParen => self.function_call(),
            k if Self::is_name(k) => Some(self.name()),
            Tok::Quoted { .. } => self.quoted_ident(),
            _ => {
                self.expected_name("a condition (a column name)");
                return None;
            }
        };
        match (self.peek(), self.peek_at(1)) {
            (Tok::Kw(Kw::Between), _) | (Tok::Kw(Kw::Not), Tok::Kw(Kw::Between)) => {
                return self.between(column, t.span.start);
            }
            (Tok::Kw(Kw::Is), _) => return self.is_null(t.span.start),
            _ => {}
        }
        let (op, op_span) = self.operator(column.as_ref().map(|c| c.name.as_str()))?;
        let value = self.value()?;
        let plain = column.as_ref().is_some_and(|c| c.span == t.span);
        if let Some(column) = column {
            self.q.filters.push(Condition {
                span: Span::new(t.span.start, self.prev_end),
                column,
                op,
                op_span,
                value,
            });
        }
        Some(plain)
    }

    /// `operator := "=" | "!=" | ">" | "<" | ">=" | "<=" | LIKE | NOT LIKE | IN | NOT IN`
    fn operator(&mut self, column: Option<&str>) -> Option<(Operator, Span)> {
        let t = self.tok();
        let op = match t.kind {
            Tok::Eq => Operator::Eq,
            Tok::Ne => Operator::Ne,
            Tok::Lt => Operator::Lt,
            Tok::Gt => Operator::Gt,
            Tok::Le => Operator::Le,
            Tok::Ge => Operator::Ge,
            Tok::Kw(Kw::Like) => Operator::Like,
            Tok::Kw(Kw::In) => Operator::In,
            Tok::LtGt | Tok::EqEq => {
                self.bump();
                return Some((self.sql_operator(t), t.span));
            }
            Tok::Kw(Kw::Not) => return self.not_operator(column),
            _ => {
                if let Some(op) = self.operator_typo() {
                    return Some((op, t.span.to(Span::empty(self.prev_end))));
                }
                return self.missing_operator(column);
            }
        };
        self.bump();
        Some((op, t.span))
    }

    /// A misspelt LIKE, IN or NOT LIKE / NOT IN (`LIK 'U%'`, `IM (1)`,
    /// `NOT LIEK`, `NTO IN`): reported with a fix and read as meant.
    fn operator_typo(&mut self) -> Option<Operator> {
        let value_at = |p: &Self, n: usize| {
            matches!(
                p.peek_at(n),
                Tok::Str { .. } | Tok::Number | Tok::BadNumber | Tok::Quoted { .. }
            )
        };
        let list_at = |p: &Self, n: usize| p.peek_at(n) == Tok::LParen;
        match self.typo_of(&["LIKE", "IN", "NOT"])? {
            "LIKE" if value_at(self, 1) => {
                self.misspelt("LIKE", "an operator");
                Some(Operator::Like)
            }
            "IN" if list_at(self, 1) => {
                self.misspelt("IN", "an operator");
                Some(Operator::In)
            }
            "NOT" => {
                let op = match self.peek_at(1) {
                    Tok::Kw(Kw::Like) => Operator::NotLike,
                    Tok::Kw(Kw::In) => Operator::NotIn,
                    _ => return None,
                };
                self.misspelt("NOT", "an operator");
                self.bump();
                Some(op)
            }
            _ => None,
        }
    }

    /// `NOT LIKE`, `NOT IN`, or a NOT that is not the language (`x NOT = 1`).
    fn not_operator(&mut self, column: Option<&str>) -> Option<(Operator, Span)> {
        let not = self.bump();
        match self.peek() {
            Tok::Kw(Kw::Like) => Some((Operator::NotLike, not.span.to(self.bump().span))),
            Tok::Kw(Kw::In) => Some((Operator::NotIn, not.span.to(self.bump().span))),
            _ if matches!(self.typo_of(&["LIKE", "IN"]), Some("LIKE"))
                && matches!(self.peek_at(1), Tok::Str { .. } | Tok::Number) =>
            {
                let t = self.tok();
                self.misspelt("LIKE", "LIKE or IN after NOT");
                Some((Operator::NotLike, not.span.to(t.span)))
            }
            _ if matches!(self.typo_of(&["LIKE", "IN"]), Some("IN"))
                && self.peek_at(1) == Tok::LParen =>
            {
                let t = self.tok();
                self.misspelt("IN", "LIKE or IN after NOT");
                Some((Operator::NotIn, not.span.to(t.span)))
            }
            _ => {
                let (op, span) = self.operator(column)?;
                let inv = invert(op);
                self.push(
                    Diagnostic::new(
                        Code::NotCondition,
                        not.span.to(span),
                        "NOT before an operator",
                    )
                    .with_label("NOT stands only in NOT LIKE and NOT IN")
                    .with_help(format!("write the opposite operator: `{}`", inv.as_str()))
                    .with_fix(Fix::safe(
                        format!("write `{}`", inv.as_str()),
                        vec![Edit::replace(not.span.to(span), inv.as_str())],
                    )),
                );
                Some((inv, not.span.to(span)))
            }
        }
    }

    /// PQ1019: a name and then no operator.
    fn missing_operator(&mut self, column: Option<&str>) -> Option<(Operator, Span)> {
        let t = self.tok();
        let name = column.unwrap_or("the column");
        let at = self.prev_end;
        let value_follows = matches!(
            t.kind,
            Tok::Number
                | Tok::BadNumber
                | Tok::Str { .. }
                | Tok::LParen
                | Tok::Quoted {
                    quote: Quote::Double,
                    ..
                }
        );
        if self.at_end() || !value_follows {
            let found = self.describe(t);
            self.push(
                Diagnostic::new(
                    Code::MissingOperator,
                    if self.at_end() {
                        Span::empty(at)
                    } else {
                        t.span
                    },
                    format!("expected an operator after `{name}`, found {found}"),
                )
                .with_label("expected =, !=, <, >, <=, >=, LIKE or IN")
                .with_help(format!(
                    "a condition compares a column with a value: {name} = 'value'"
                )),
            );
            return None;
        }
        let mut d = Diagnostic::new(
            Code::MissingOperator,
            Span::new(at, t.span.start),
            format!("expected an operator between `{name}` and the value"),
        )
        .with_label("expected =, !=, <, >, <=, >=, LIKE or IN")
        .with_help(format!(
            "a condition compares a column with a value: {name} = 'value'"
        ));
        if let Some(e) = self.insert_after_prev(" =") {
            d = d.with_fix(Fix::unsafe_("insert `=`", vec![e]));
        }
        self.push(d);
        Some((Operator::Eq, Span::empty(at)))
    }
}

/// The operator that matches exactly the rows `op` does not.
pub(crate) fn invert(op: Operator) -> Operator {
    match op {
        Operator::Eq => Operator::Ne,
        Operator::Ne => Operator::Eq,
        Operator::Gt => Operator::Le,
        Operator::Le => Operator::Gt,
        Operator::Lt => Operator::Ge,
        Operator::Ge => Operator::Lt,
        Operator::Like => Operator::NotLike,
        Operator::NotLike => Operator::Like,
        Operator::In => Operator::NotIn,
        Operator::NotIn => Operator::In,
    }
}
