//! SQL that is not the language (PQ11xx).
//!
//! People write SQL out of habit. Each construct is recognised where it
//! stands, reported with its own code, a message and a help sentence that says
//! what to write instead (and a fix where the rewrite is clear), and then
//! parsing carries on as if it had been written the right way, so that the
//! rest of the query is still checked. A construct reported here is never
//! also reported as a bare "unexpected token".
//!
//! This file holds constructs of clauses and names; `conditions.rs` holds
//! those of WHERE (OR, parentheses, NOT, BETWEEN, IS NULL).

mod clauses;
mod conditions;

use crate::ast::{Ident, Operator};
use crate::diagnostic::{Code, Diagnostic, Edit, Fix};
use crate::span::Span;

use super::lexer::{Kw, Quote, Tok, Token};
use super::parser::{Clause, Parser};

/// Whether `s` is a plain name of the language.
pub(crate) fn is_plain_name(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && (b[0].is_ascii_alphabetic() || b[0] == b'_')
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_')
        && super::lexer::keyword(b).is_none_or(|k| !k.is_reserved())
}

impl Parser<'_> {
    /// `SELECT *`: PQ1101 at the star (the check adds a fix listing the columns).
    pub(crate) fn select_star(&mut self) {
        let t = self.bump();
        self.push(
            Diagnostic::new(
                Code::SelectStar,
                t.span,
                "SELECT * is not part of the language",
            )
            .with_label("name the columns")
            .with_help("list the columns and metrics to read: SELECT CustomerName, Month"),
        );
    }

    /// `TOP n` after SELECT: PQ1113; the fix is made once the clauses are known.
    pub(crate) fn top_n(&mut self) {
        if !(self.at_kw(Kw::Top) && matches!(self.peek_at(1), Tok::Number | Tok::BadNumber)) {
            return;
        }
        let top = self.bump();
        let n = self.bump();
        let end = self.tok().span.start;
        self.top = Some((Span::new(top.span.start, end.max(n.span.end)), n.span));
    }

    /// The diagnostic for `TOP n`, with a fix that writes `LIMIT n` in its place.
    pub(crate) fn top_fix(
        &mut self,
        top: Span,
        n: Span,
        spans: &[Option<Span>; 6],
        out: &[bool; 6],
    ) {
        let n_text = n.slice(self.src);
        let shown = Span::new(top.start, n.end);
        let mut d = Diagnostic::new(Code::Top, shown, "TOP n is not part of the language")
            .with_label("no TOP")
            .with_help(format!(
                "write LIMIT {n_text} after WHERE and ORDER BY, before TIMESPAN"
            ));
        if spans[Clause::Limit as usize].is_some() {
            d = d.with_fix(Fix::unsafe_(
                format!("remove `TOP {n_text}` (the query has a LIMIT)"),
                vec![Edit::delete(top)],
            ));
        } else if let Some((at, pre, post)) = self.place_for(Clause::Limit, spans, out) {
            // The place may lie inside `TOP n ` itself (`SELECT TOP 2 =`, where
            // the SELECT clause ends at `2`): then insert where TOP ends.
            let at = if top.start < at && at < top.end {
                top.end
            } else {
                at
            };
            d = d.with_fix(Fix::safe(
                format!("replace `TOP {n_text}` by `LIMIT {n_text}`"),
                vec![
                    Edit::delete(top),
                    Edit::insert(at, format!("{pre}LIMIT {n_text}{post}")),
                ],
            ));
        }
        self.push(d);
    }

    /// `"name"`, `[name]`, `` `name` `` where a name goes: PQ1115; the name inside is kept.
    pub(crate) fn quoted_ident(&mut self) -> Option<Ident> {
        let t = self.bump();
        let Tok::Quoted { quote, closed } = t.kind else {
            return None;
        };
        let inner = t.inner(self.src);
        let kind = match quote {
            Quote::Double => "double quotes",
            Quote::Bracket => "brackets",
            Quote::Backtick => "backticks",
        };
        let mut d = Diagnostic::new(Code::QuotedIdentifier, t.span, format!("a name in {kind}"))
            .with_label("names are written bare");
        if closed && is_plain_name(inner) {
            d = d
                .with_help(format!("write the name without {kind}: {inner}"))
                .with_fix(Fix::safe(
                    format!("write `{inner}`"),
                    vec![Edit::replace(t.span, inner)],
                ));
        } else {
            d = d.with_help(
                "names of the language have letters, digits and _ only; write the name bare",
            );
        }
        self.push(d);
        (closed && !inner.is_empty()).then(|| Ident {
            name: inner.into(),
            span: t.span,
        })
    }

    /// `name(args)`: PQ1110. Returns the argument when it is one name (what was likely meant).
    pub(crate) fn function_call(&mut self) -> Option<Ident> {
        let f = self.bump();
        let open = self.tok().span.start;
        let arg = self.tok_at(1);
        let single = Self::is_name(arg.kind) && self.peek_at(2) == Tok::RParen;
        let subquery = arg.kind == Tok::Kw(Kw::Select);
        let mut depth = 0usize;
        while !self.at_end() {
            match self.bump().kind {
                Tok::LParen => depth += 1,
                Tok::RParen => depth = depth.saturating_sub(1),
                _ => {}
            }
            if depth == 0 {
                break;
            }
        }
        let span = Span::new(f.span.start, self.prev_end.max(open));
        let fname = self.text(f).to_ascii_uppercase();
        if subquery {
            self.push(
                Diagnostic::new(
                    Code::Subquery,
                    span,
                    "a subquery is not part of the language",
                )
                .with_label("no subqueries")
                .with_help("run the inner query on its own and write its results as values"),
            );
            return None;
        }
        let mut d = Diagnostic::new(
            Code::FunctionCall,
            span,
            format!("the function {fname}(…) is not part of the language"),
        )
        .with_label("no functions");
        if single {
            let name = self.text(arg);
            d = d
                .with_help(
                    "select the column or metric itself: metrics are already totals for each combination of the other selected columns",
                    )
                .with_fix(Fix::unsafe_(format!("write `{name}`"), vec![Edit::replace(span, name)]));
        } else {
            d = d.with_help(
                "the language has no functions: select a metric of the dataset instead of an aggregate, and compare columns with plain values",
            );
        }
        self.push(d);
        single.then(|| self.ident(arg))
    }

    /// `AS alias` (or, when `bare`, a bare alias): PQ1111, with a fix that deletes it.
    pub(crate) fn alias(&mut self, bare: bool) {
        let has_as = self.at_kw(Kw::As);
        if !(has_as || bare && self.peek() == Tok::Ident) {
            return;
        }
        let lead = self.prev_end;
        let start = self.bump().span.start;
        if has_as
            && (Self::is_name(self.peek())
                || matches!(self.peek(), Tok::Quoted { .. } | Tok::Str { .. }))
        {
            self.bump();
        }
        let span = Span::new(start, self.prev_end);
        self.push(
            Diagnostic::new(Code::Alias, span, "aliases are not part of the language")
                .with_label("no aliases")
                .with_help("remove the alias; results carry the names of the columns")
                .with_fix(Fix::safe(
                    format!("remove `{}`", span.slice(self.src)),
                    vec![Edit::delete(Span::new(lead, span.end))],
                )),
        );
    }

    /// `ORDER BY 1`: PQ1119, with the n-th selected name as a fix.
    pub(crate) fn positional_order(&mut self) -> Option<Ident> {
        let t = self.bump();
        let n: usize = self.text(t).parse().unwrap_or(0);
        let name = n
            .checked_sub(1)
            .and_then(|i| self.q.select.get(i))
            .map(|i| i.name.clone());
        let mut d = Diagnostic::new(
            Code::PositionalOrderBy,
            t.span,
            "ORDER BY takes names, not positions",
        )
        .with_label("a column position");
        match &name {
            Some(name) => {
                d = d
                    .with_help(format!("write the name of selected column {n}: {name}"))
                    .with_fix(Fix::safe(
                        format!("write `{name}`"),
                        vec![Edit::replace(t.span, name.clone())],
                    ));
            }
            None => d = d.with_help("write the name of the column to sort by"),
        }
        self.push(d);
        name.map(|name| Ident { name, span: t.span })
    }

    /// `<>` or `==`: PQ1117 with a fix; returns the operator meant.
    pub(crate) fn sql_operator(&mut self, t: Token) -> Operator {
        let (op, text) = if t.kind == Tok::LtGt {
            (Operator::Ne, "<>")
        } else {
            (Operator::Eq, "==")
        };
        self.push(
            Diagnostic::new(
                Code::SqlOperator,
                t.span,
                format!("`{text}` is not an operator of the language"),
            )
            .with_label(format!("write `{}`", op.as_str()))
            .with_help(format!(
                "the language writes this operator as {}",
                op.as_str()
            ))
            .with_fix(Fix::safe(
                format!("write `{}`", op.as_str()),
                vec![Edit::replace(t.span, op.as_str())],
            )),
        );
        op
    }
}
