//! SQL in WHERE that is not the language: OR, parentheses, NOT, BETWEEN,
//! IS NULL, double-quoted strings.

use crate::ast::{Condition, Ident, List, Literal, Operator, StringLit, Value};
use crate::diagnostic::{Code, Diagnostic, Edit, Fix};
use crate::span::Span;

use super::super::condition::{Chain, invert};
use super::super::lexer::{Kw, Tok};
use super::super::parser::Parser;

impl Parser<'_> {
    /// PQ1102. Where every branch is `name = literal` on one name (and no AND
    /// mixes in), a safe fix rewrites the chain as `name IN (…)`, and the tree
    /// gets that IN condition.
    pub(crate) fn or_condition(&mut self, chain: &Chain, whole: Span, in_parens: bool) {
        let conds = &self.q.filters[chain.first.min(self.q.filters.len())..];
        let same_eq = chain.plain
            && !chain.ands
            && conds.len() >= 2
            && conds.iter().all(|c| {
                c.op == Operator::Eq
                    && matches!(c.value, Value::Literal(_))
                    && c.column.name.eq_ignore_ascii_case(&conds[0].column.name)
            });
        let mut d = Diagnostic::new(
            Code::OrCondition,
            chain.ors[0],
            "OR is not part of the language",
        )
        .with_label("conditions are joined by AND only");
        for or in &chain.ors[1..] {
            d = d.with_related(*or, "another OR");
        }
        if same_eq {
            let items: Vec<Literal> = conds
                .iter()
                .filter_map(|c| match &c.value {
                    Value::Literal(l) => Some(l.clone()),
                    Value::List(_) => None,
                })
                .collect();
            let column = conds[0].column.clone();
            let value = Value::List(List { items, span: whole });
            let text = format!("{} IN {}", column.name, value);
            d = d
                .with_help(format!("to match any of several values, use IN: {text}"))
                .with_fix(Fix::safe(
                    format!("write `{text}`"),
                    vec![Edit::replace(whole, text.clone())],
                ));
            self.q.filters.truncate(chain.first);
            self.q.filters.push(Condition {
                column,
                op: Operator::In,
                op_span: whole,
                value,
                span: whole,
            });
        } else {
            let help = if in_parens || !chain.ands {
                "to match any of several values of one column, use IN ('a', 'b'); otherwise run one query per branch"
            } else {
                "conditions are all joined by AND; to match any of several values of one column, use IN ('a', 'b')"
            };
            d = d.with_help(help);
        }
        self.push(d);
    }

    /// PQ1103: parentheses around conditions joined by AND; the fix removes them.
    pub(crate) fn parenthesized(&mut self, open: Span, close: Span) {
        self.push(
            Diagnostic::new(
                Code::ParenthesizedCondition,
                open.to(close),
                "conditions in parentheses",
            )
            .with_label("no grouping of conditions")
            .with_help("remove the parentheses; conditions are all joined by AND")
            .with_fix(Fix::safe(
                "remove the parentheses",
                vec![Edit::delete(open), Edit::delete(close)],
            )),
        );
    }

    /// `NOT term`: PQ1104. A single condition after NOT is inverted (fix and tree).
    pub(crate) fn not_term(&mut self, depth: usize) {
        let not = self.bump();
        let first = self.q.filters.len();
        let single = match self.peek() {
            Tok::LParen => self
                .paren_group(depth + 1, false)
                .is_some_and(|(c, _, _)| c.plain && c.ors.is_empty() && !c.ands),
            _ => self.condition() == Some(true),
        };
        let span = Span::new(not.span.start, self.prev_end);
        let mut d = Diagnostic::new(
            Code::NotCondition,
            span,
            "NOT before a condition is not part of the language",
        )
        .with_label("NOT stands only in NOT LIKE and NOT IN")
        .with_help("write the opposite comparison: != for =, NOT IN for IN, NOT LIKE for LIKE");
        if single && self.q.filters.len() == first + 1 {
            let c = &mut self.q.filters[first];
            c.op = invert(c.op);
            c.span = span;
            let text = c.to_string();
            d = d.with_fix(Fix::safe(
                format!("write `{text}`"),
                vec![Edit::replace(span, text)],
            ));
        }
        self.push(d);
    }

    /// `name [NOT] BETWEEN a AND b`: PQ1105; `BETWEEN` becomes `>=` and `<=` (fix and tree).
    pub(crate) fn between(&mut self, column: Option<Ident>, start: usize) -> Option<bool> {
        let negated = self.eat_kw(Kw::Not);
        self.bump();
        let lo = self.literal();
        if !self.eat_kw(Kw::And) {
            self.expected("AND between the two bounds of BETWEEN");
            return None;
        }
        let hi = self.literal();
        let span = Span::new(start, self.prev_end);
        let mut d = Diagnostic::new(Code::Between, span, "BETWEEN is not part of the language")
            .with_label("no BETWEEN");
        match (column, lo, hi, negated) {
            (Some(column), Some(lo), Some(hi), false) => {
                let text = format!("{0} >= {lo} AND {0} <= {hi}", column.name);
                d = d
                    .with_help(format!("write two conditions: {text}"))
                    .with_fix(Fix::safe(
                        format!("write `{text}`"),
                        vec![Edit::replace(span, text.clone())],
                    ));
                for (op, v) in [(Operator::Ge, lo), (Operator::Le, hi)] {
                    self.q.filters.push(Condition {
                        column: column.clone(),
                        op,
                        op_span: span,
                        value: Value::Literal(v),
                        span,
                    });
                }
            }
            (_, _, _, true) => {
                d = d.with_help("the language cannot express \"outside a range\" in one query; run one query per side (< low, > high)");
            }
            _ => d = d.with_help("write two conditions: name >= low AND name <= high"),
        }
        self.push(d);
        Some(false)
    }

    /// `name IS [NOT] NULL`: PQ1106.
    pub(crate) fn is_null(&mut self, start: usize) -> Option<bool> {
        self.bump();
        let not = self.eat_kw(Kw::Not);
        if !self.eat_kw(Kw::Null) {
            self.expected("NULL after IS");
            return None;
        }
        let what = if not { "IS NOT NULL" } else { "IS NULL" };
        self.push(
            Diagnostic::new(Code::IsNull, Span::new(start, self.prev_end), format!("{what} is not part of the language"))
                .with_label("no test for missing values")
                .with_help("the language cannot test for a missing value; remove the condition, or compare with a value (for text, != '' keeps non-empty values)"),
        );
        Some(false)
    }

    /// `x = "US"`: PQ1116 with a fix to single quotes; read as the string.
    pub(crate) fn double_quoted_string(&mut self) -> Literal {
        let t = self.bump();
        let inner = t.inner(self.src);
        let lit = StringLit {
            value: inner.into(),
            span: t.span,
        };
        let text = Literal::String(lit.clone()).to_string();
        self.push(
            Diagnostic::new(
                Code::DoubleQuotedString,
                t.span,
                "a string value in double quotes",
            )
            .with_label("strings take single quotes")
            .with_help(format!("write the value in single quotes: {text}"))
            .with_fix(Fix::safe(
                format!("write {text}"),
                vec![Edit::replace(t.span, text.clone())],
            )),
        );
        Literal::String(lit)
    }
}
