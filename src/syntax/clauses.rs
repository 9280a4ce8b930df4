//! Productions of the clauses SELECT, FROM, ORDER BY, LIMIT and TIMESPAN.

use crate::ast::{Direction, Ident, OrderKey};
use crate::diagnostic::{Code, Diagnostic, Edit, Fix};
use crate::span::Span;

use super::lexer::{Kw, Tok, Token};
use super::parser::Parser;
use crate::suggest;

impl Parser<'_> {
    pub(crate) fn ident(&self, t: Token) -> Ident {
        Ident {
            name: self.text(t).into(),
            span: t.span,
        }
    }

    /// `name := letter (letter | digit | "_")*` at the current token; a
    /// `prefix.` before it (SQL's `table.column`) is reported and dropped.
    pub(crate) fn name(&mut self) -> Ident {
        let t = self.bump();
        if self.peek() == Tok::Dot && Self::is_name(self.peek_at(1)) {
            let dot = self.bump();
            let n = self.bump();
            let prefix = Span::new(t.span.start, dot.span.end);
            self.push(
                Diagnostic::new(
                    Code::InvalidCharacter,
                    dot.span,
                    format!(
                        "`{}` is not a name of the language",
                        Span::new(t.span.start, n.span.end).slice(self.src)
                    ),
                )
                .with_label("no prefixes")
                .with_help("names are written without a dataset or alias prefix")
                .with_fix(Fix::safe(
                    format!("remove `{}`", prefix.slice(self.src)),
                    vec![Edit::delete(prefix)],
                )),
            );
            return self.ident(n);
        }
        self.ident(t)
    }

    /// PQ1008 "expected a name" (PQ1017 at the end); consumes a literal that stands there.
    pub(crate) fn expected_name(&mut self, what: &str) {
        let t = self.tok();
        if self.at_end() {
            self.expected(what);
            return;
        }
        let found = self.describe(t);
        self.push(
            Diagnostic::new(
                Code::ExpectedName,
                t.span,
                format!("expected {what}, found {found}"),
            )
            .with_label(format!("expected {what} here"))
            .with_help(
                "names are written bare (letters, digits and _); a keyword cannot stand for a name",
            ),
        );
        if matches!(t.kind, Tok::Number | Tok::BadNumber | Tok::Str { .. }) {
            self.bump();
        }
    }

    /// `select := SELECT [DISTINCT] name ("," name)*` (after the keyword; `TOP n` is read to report it)
    pub(crate) fn select_body(&mut self) {
        self.top_n();
        if self.eat_kw(Kw::Distinct) {
            self.q.distinct = true;
        } else if self.typo_of(&["DISTINCT"]).is_some() && self.at_name_after_typo() {
            self.misspelt("DISTINCT", "DISTINCT or a column name");
            self.q.distinct = true;
        }
        self.top_n();
        self.select_list();
    }

    /// Whether the token after the current one can start a name (bare or quoted).
    pub(crate) fn at_name_after_typo(&self) -> bool {
        Self::is_name(self.peek_at(1)) || matches!(self.peek_at(1), Tok::Quoted { .. })
    }

    /// Whether the current token can start a name (bare or quoted).
    fn at_name_like(&self) -> bool {
        Self::is_name(self.peek()) || matches!(self.peek(), Tok::Quoted { .. })
    }

    /// A name followed by `name` that is a misspelled FROM: `SELECT a FORM b`.
    fn at_from_typo(&self) -> bool {
        let t = self.tok();
        t.kind == Tok::Ident
            && Self::is_name(self.peek_at(1))
            && suggest::within(self.text(t), "FROM", 1).is_some()
    }

    /// `select_list := name ("," name)*`
    pub(crate) fn select_list(&mut self) {
        let n = self.commas_ahead() + 1;
        self.q.select.reserve(n);
        self.comma_list("column name", Self::select_item);
    }

    /// `item ("," item)*` with reports for a missing or trailing comma.
    fn comma_list(&mut self, what: &str, mut item: impl FnMut(&mut Self) -> bool) {
        if !item(self) {
            return;
        }
        loop {
            match self.peek() {
                Tok::Comma => {
                    let comma = self.bump();
                    if self.at_end() || self.clause_at(0).is_some() {
                        self.push(
                            Diagnostic::new(
                                Code::TrailingComma,
                                comma.span,
                                format!("a comma with no {what} after it"),
                            )
                            .with_label("nothing follows this comma")
                            .with_help(format!(
                                "remove the comma, or write the missing {what} after it"
                            ))
                            .with_fix(Fix::safe(
                                "remove the comma",
                                vec![Edit::delete(comma.span)],
                            )),
                        );
                        return;
                    }
                    if !item(self) {
                        return;
                    }
                }
                _ if self.at_name_like()
                    && !self.at_from_typo()
                    && !self.at_sync()
                    && !self.at_clause_typo() =>
                {
                    let next = self.tok();
                    let mut d = Diagnostic::new(
                        Code::MissingComma,
                        next.span,
                        format!("a comma is missing before {}", self.describe(next)),
                    )
                    .with_label("expected `,` before this name")
                    .with_help("separate names with commas");
                    if let Some(e) = self.insert_after_prev(",") {
                        d = d.with_fix(Fix::safe("insert `,`", vec![e]));
                    }
                    self.push(d);
                    if !item(self) {
                        return;
                    }
                }
                _ => return,
            }
        }
    }

    /// `name := letter (letter | digit | "_")*` (one selected name; `*`,
    /// functions, aliases and quoted names are read to report them)
    fn select_item(&mut self) -> bool {
        let t = self.tok();
        match t.kind {
            Tok::Star => {
                self.select_star();
                true
            }
            Tok::Quoted { .. } => {
                if let Some(id) = self.quoted_ident() {
                    self.q.select.push(id);
                }
                self.alias(false);
                true
            }
            k if Self::is_name(k) => {
                if self.peek_at(1) == Tok::LParen {
                    if let Some(id) = self.function_call() {
                        self.q.select.push(id);
                    }
                } else {
                    let id = self.name();
                    self.q.select.push(id);
                }
                self.alias(false);
                true
            }
            Tok::Number | Tok::BadNumber | Tok::Str { .. } => {
                self.expected_name("a column name");
                true
            }
            _ => {
                self.expected_name("a column name");
                false
            }
        }
    }

    /// `from := FROM name`
    pub(crate) fn dataset(&mut self) {
        let t = self.tok();
        match t.kind {
            k if Self::is_name(k) => {
                self.bump();
                self.q.from = Some(self.ident(t));
            }
            Tok::Quoted { .. } => self.q.from = self.quoted_ident(),
            Tok::LParen => {
                self.subquery("a subquery in FROM");
                return;
            }
            _ => {
                self.expected_name("a dataset name");
                return;
            }
        }
        if self.peek() == Tok::Comma {
            self.comma_join();
        } else if self.at_kw(Kw::As)
            || (self.peek() == Tok::Ident && !self.at_sync() && !self.at_clause_typo())
        {
            self.alias(true);
        }
    }

    /// `order_by := ORDER BY order ("," order)*` (after ORDER)
    pub(crate) fn order_by_body(&mut self) {
        if self.eat_kw(Kw::By) {
        } else if self.typo_of(&["BY"]).is_some() && self.at_name_after_typo() {
            self.misspelt("BY", "`BY` after ORDER");
        } else {
            let at = self.prev_end;
            self.expected("`BY` after ORDER");
            if let Some(d) = self.diags.last_mut() {
                d.fixes
                    .push(Fix::safe("insert `BY`", vec![Edit::insert(at, " BY")]));
            }
        }
        self.comma_list("sort key", Self::order_key);
    }

    /// `order := name [ASC | DESC]`
    fn order_key(&mut self) -> bool {
        let t = self.tok();
        let column = match t.kind {
            k if Self::is_name(k) && self.peek_at(1) == Tok::LParen => self.function_call(),
            k if Self::is_name(k) => Some(self.name()),
            Tok::Quoted { .. } => self.quoted_ident(),
            Tok::Number => self.positional_order(),
            _ => {
                self.expected_name("a column name to sort by");
                return false;
            }
        };
        let mut direction: Option<(Direction, Span)> = None;
        loop {
            let (d, dir) = match self.peek() {
                Tok::Kw(k @ (Kw::Asc | Kw::Desc)) => {
                    let d = self.bump();
                    (
                        d,
                        if k == Kw::Asc {
                            Direction::Asc
                        } else {
                            Direction::Desc
                        },
                    )
                }
                _ => match self.direction_typo() {
                    Some(dir) => {
                        let d = self.tok();
                        self.misspelt(dir.as_str(), "ASC, DESC, `,` or the next clause");
                        (d, dir)
                    }
                    None => break,
                },
            };
            match direction {
                None => direction = Some((dir, d.span)),
                Some((first, first_span)) => {
                    self.repeated_direction(first, first_span, dir, d.span)
                }
            }
        }
        if let Some(column) = column {
            let span = Span::new(column.span.start.min(t.span.start), self.prev_end);
            self.q.order_by.push(OrderKey {
                column,
                direction: direction.map(|d| d.0),
                direction_span: direction.map(|d| d.1),
                span,
            });
        }
        true
    }

    /// A misspelt ASC or DESC after a sort key: a bare name close to one of
    /// them that nothing else follows (the end, a comma or a clause).
    fn direction_typo(&self) -> Option<Direction> {
        let kw = self.typo_of(&["ASC", "DESC"])?;
        let next = self.tok_at(1).kind;
        let ends = matches!(next, Tok::Eof | Tok::Semi | Tok::Comma)
            || matches!(next, Tok::Kw(_)) && !Self::is_name(next)
            || self.clause_at(1).is_some()
            || self.keyword_typo(self.tok_at(1)).is_some();
        ends.then_some(if kw == "ASC" {
            Direction::Asc
        } else {
            Direction::Desc
        })
    }

    /// PQ1013: a second ASC/DESC on one key.
    fn repeated_direction(
        &mut self,
        first: Direction,
        first_span: Span,
        dir: Direction,
        span: Span,
    ) {
        let del = Span::new(first_span.end, span.end);
        let fix = if first == dir {
            Fix::safe(
                format!("remove the second `{}`", dir.as_str()),
                vec![Edit::delete(del)],
            )
        } else {
            Fix::unsafe_(
                format!("keep `{}` and remove `{}`", first.as_str(), dir.as_str()),
                vec![Edit::delete(del)],
            )
        };
        self.push(
            Diagnostic::new(
                Code::RepeatedDirection,
                span,
                "a sort key with more than one direction",
            )
            .with_label("second direction")
            .with_related(first_span, "first direction")
            .with_help("write one ASC or DESC per sort key")
            .with_fix(fix),
        );
    }
}
