//! Spans for a built query: print the canonical text and record where each
//! node lands, so that diagnostics render against `query.to_string()`.
//!
//! The text is exactly `Query`'s `Display`; the spans are exactly those the
//! parser gives when it reads that text (tests hold both).

use crate::ast::{
    ClauseSpans, Condition, Ident, Limit, List, Literal, Number, OrderKey, Query, StringLit,
    Timespan, Value,
};
use crate::span::Span;

/// Writes text and hands out spans of what it wrote.
struct Writer {
    text: String,
}

impl Writer {
    fn pos(&self) -> usize {
        self.text.len()
    }

    /// Write `s`, return its span.
    fn put(&mut self, s: &str) -> Span {
        let start = self.pos();
        self.text.push_str(s);
        Span::new(start, self.pos())
    }

    fn ident(&mut self, i: &Ident) -> Ident {
        Ident {
            name: i.name.clone(),
            span: self.put(&i.name),
        }
    }

    fn literal(&mut self, l: &Literal) -> Literal {
        let span = self.put(&l.to_string());
        match l {
            Literal::Number(n) => Literal::Number(Number {
                text: n.text.clone(),
                span,
            }),
            Literal::String(s) => Literal::String(StringLit {
                value: s.value.clone(),
                span,
            }),
        }
    }

    fn value(&mut self, v: &Value) -> Value {
        match v {
            Value::Literal(l) => Value::Literal(self.literal(l)),
            Value::List(list) => {
                let start = self.pos();
                self.put("(");
                let mut items = Vec::with_capacity(list.items.len());
                for (i, item) in list.items.iter().enumerate() {
                    if i > 0 {
                        self.put(", ");
                    }
                    items.push(self.literal(item));
                }
                self.put(")");
                Value::List(List {
                    items,
                    span: Span::new(start, self.pos()),
                })
            }
        }
    }

    fn condition(&mut self, c: &Condition) -> Condition {
        let start = self.pos();
        let column = self.ident(&c.column);
        self.put(" ");
        let op_span = self.put(c.op.as_str());
        self.put(" ");
        let value = self.value(&c.value);
        Condition {
            column,
            op: c.op,
            op_span,
            value,
            span: Span::new(start, self.pos()),
        }
    }

    fn order_key(&mut self, k: &OrderKey) -> OrderKey {
        let start = self.pos();
        let column = self.ident(&k.column);
        let direction_span = k.direction.map(|d| {
            self.put(" ");
            self.put(d.as_str())
        });
        OrderKey {
            column,
            direction: k.direction,
            direction_span,
            span: Span::new(start, self.pos()),
        }
    }

    /// `sep`-separated items; `None` when there are none.
    fn list<T, U>(
        &mut self,
        items: &[T],
        sep: &str,
        mut f: impl FnMut(&mut Self, &T) -> U,
    ) -> Vec<U> {
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.put(sep);
            }
            out.push(f(self, item));
        }
        out
    }

    fn clause_end(&self, start: usize) -> Span {
        Span::new(start, self.pos())
    }
}

/// The canonical text of `q` and a copy of `q` whose spans point into it.
pub(crate) fn layout(q: &Query) -> (String, Query) {
    let mut w = Writer {
        text: String::with_capacity(128),
    };
    let mut out = Query {
        distinct: q.distinct,
        ..Query::default()
    };
    let mut clauses = ClauseSpans::default();

    w.put("SELECT ");
    if q.distinct {
        w.put("DISTINCT ");
    }
    out.select = w.list(&q.select, ", ", Writer::ident);
    clauses.select = Some(Span::new(0, w.pos()).trim_end_space(&w.text));

    if let Some(from) = &q.from {
        let start = w.put(" ").end;
        w.put("FROM ");
        out.from = Some(w.ident(from));
        clauses.from = Some(w.clause_end(start));
    }
    if !q.filters.is_empty() {
        let start = w.put(" ").end;
        w.put("WHERE ");
        out.filters = w.list(&q.filters, " AND ", Writer::condition);
        clauses.where_ = Some(w.clause_end(start));
    }
    if !q.order_by.is_empty() {
        let start = w.put(" ").end;
        w.put("ORDER BY ");
        out.order_by = w.list(&q.order_by, ", ", Writer::order_key);
        clauses.order_by = Some(w.clause_end(start));
    }
    if let Some(limit) = &q.limit {
        let start = w.put(" ").end;
        w.put("LIMIT ");
        let span = w.put(&limit.value.text);
        out.limit = Some(Limit {
            value: Number {
                text: limit.value.text.clone(),
                span,
            },
            span: w.clause_end(start),
        });
        clauses.limit = out.limit.as_ref().map(|l| l.span);
    }
    if let Some(ts) = &q.timespan {
        let start = w.put(" ").end;
        w.put("TIMESPAN ");
        let name = ts.name.name.to_ascii_uppercase();
        let span = w.put(&name);
        out.timespan = Some(Timespan {
            name: Ident { name, span },
            span: w.clause_end(start),
        });
        clauses.timespan = out.timespan.as_ref().map(|t| t.span);
    }
    out.clauses = clauses;
    out.span = Span::new(0, w.pos());
    (w.text, out)
}

trait TrimEnd {
    fn trim_end_space(self, text: &str) -> Span;
}

impl TrimEnd for Span {
    /// The span without trailing spaces (`SELECT ` of an empty select list).
    fn trim_end_space(self, text: &str) -> Span {
        let trimmed = self.slice(text).trim_end_matches(' ').len();
        Span::new(self.start, self.start + trimmed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::{Direction, Operator};
    use crate::builder::values::{number_literal, string_literal};
    use crate::builder::{Draft, list_value};

    fn sample() -> Query {
        let mut d = Draft::new("CustomersAndTenants");
        d.query.distinct = true;
        d.select("CustomerName");
        d.select("BilledRevenueUSD");
        d.filter(
            "CustomerName",
            Operator::NotIn,
            list_value(vec![string_literal("O'Brien"), string_literal("x")]),
        );
        d.filter(
            "BilledRevenueUSD",
            Operator::Gt,
            Value::Literal(number_literal("-2.5")),
        );
        d.order_by("BilledRevenueUSD", Direction::Desc);
        d.limit("10");
        d.timespan("last_month");
        d.query
    }

    #[test]
    fn text_is_display_and_spans_cover_their_nodes() {
        let q = sample();
        let (text, laid) = layout(&q);
        assert_eq!(text, q.to_string());
        assert_eq!(laid.without_spans(), {
            let mut q = q.without_spans();
            q.timespan.as_mut().unwrap().name.name = "LAST_MONTH".into();
            q
        });
        let s = |sp: Span| &text[sp.start..sp.end];
        assert_eq!(s(laid.span), text);
        assert_eq!(s(laid.select[1].span), "BilledRevenueUSD");
        assert_eq!(
            s(laid.clauses.select.unwrap()),
            "SELECT DISTINCT CustomerName, BilledRevenueUSD"
        );
        assert_eq!(s(laid.clauses.from.unwrap()), "FROM CustomersAndTenants");
        let c = &laid.filters[0];
        assert_eq!(s(c.span), "CustomerName NOT IN ('O''Brien', 'x')");
        assert_eq!(s(c.op_span), "NOT IN");
        assert_eq!(s(c.value.span()), "('O''Brien', 'x')");
        assert_eq!(s(laid.filters[1].value.span()), "-2.5");
        assert_eq!(s(laid.order_by[0].span), "BilledRevenueUSD DESC");
        assert_eq!(s(laid.order_by[0].direction_span.unwrap()), "DESC");
        assert_eq!(s(laid.clauses.limit.unwrap()), "LIMIT 10");
        assert_eq!(s(laid.limit.as_ref().unwrap().value.span), "10");
        assert_eq!(s(laid.clauses.timespan.unwrap()), "TIMESPAN LAST_MONTH");
        assert_eq!(
            s(laid.clauses.where_.unwrap()),
            "WHERE CustomerName NOT IN ('O''Brien', 'x') AND BilledRevenueUSD > -2.5"
        );
    }

    #[test]
    fn empty_select_has_a_select_clause_span() {
        let (text, laid) = layout(&Draft::new("X").query);
        assert_eq!(text, "SELECT  FROM X");
        assert_eq!(laid.clauses.select, Some(Span::new(0, 6)));
    }
}
