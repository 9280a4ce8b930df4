//! Productions of values: literals and lists (with the SQL habits around them).

use crate::ast::{List, Literal, Number, StringLit, Value};
use crate::diagnostic::{Code, Diagnostic, Edit, Fix};
use crate::span::Span;

use super::lexer::{Kw, Quote, Tok};
use super::parser::Parser;

impl Parser<'_> {
    /// `value := literal | list`
    pub(crate) fn value(&mut self) -> Option<Value> {
        if self.peek() == Tok::LParen {
            return self.list().map(Value::List);
        }
        self.literal().map(Value::Literal)
    }

    /// `list := "(" literal ("," literal)* ")"`
    fn list(&mut self) -> Option<List> {
        if self.peek_at(1) == Tok::Kw(Kw::Select) {
            self.subquery("a subquery in a condition");
            return None;
        }
        let open = self.bump();
        let mut items = Vec::new();
        if self.peek() == Tok::RParen {
            let close = self.bump();
            self.push(
                Diagnostic::new(
                    Code::EmptyList,
                    open.span.to(close.span),
                    "a list with no values",
                )
                .with_label("empty list")
                .with_help("write at least one value: IN ('a', 'b')"),
            );
            return Some(List {
                items,
                span: open.span.to(close.span),
            });
        }
        loop {
            items.extend(self.literal());
            match self.peek() {
                Tok::Comma => {
                    let comma = self.bump();
                    if self.peek() == Tok::RParen {
                        self.push(
                            Diagnostic::new(
                                Code::TrailingComma,
                                comma.span,
                                "a comma with no value after it",
                            )
                            .with_label("nothing follows this comma")
                            .with_help("remove the comma, or write the missing value after it")
                            .with_fix(Fix::safe(
                                "remove the comma",
                                vec![Edit::delete(comma.span)],
                            )),
                        );
                        break;
                    }
                }
                Tok::Number | Tok::BadNumber | Tok::Str { .. } => {
                    let t = self.tok();
                    let mut d = Diagnostic::new(
                        Code::MissingComma,
                        t.span,
                        "a comma is missing between two values",
                    )
                    .with_label("expected `,` before this value");
                    if let Some(e) = self.insert_after_prev(",") {
                        d = d.with_fix(Fix::safe("insert `,`", vec![e]));
                    }
                    self.push(d);
                }
                _ => break,
            }
        }
        if self.peek() != Tok::RParen {
            // Keep what was read: the list ends where it stopped.
            self.expected("`,` or `)` in the list");
            return Some(List {
                items,
                span: Span::new(open.span.start, self.prev_end),
            });
        }
        let close = self.bump();
        Some(List {
            items,
            span: open.span.to(close.span),
        })
    }

    /// `literal := number | string`
    pub(crate) fn literal(&mut self) -> Option<Literal> {
        let t = self.tok();
        match t.kind {
            Tok::Number => {
                self.bump();
                Some(Literal::Number(Number {
                    text: self.text(t).into(),
                    span: t.span,
                }))
            }
            Tok::Str { .. } => {
                self.bump();
                let inner = t.inner(self.src);
                let value = if inner.contains("''") {
                    inner.replace("''", "'").into()
                } else {
                    inner.into()
                };
                Some(Literal::String(StringLit {
                    value,
                    span: t.span,
                }))
            }
            Tok::BadNumber => Some(self.bad_number()),
            Tok::Quoted {
                quote: Quote::Double,
                ..
            } => Some(self.double_quoted_string()),
            Tok::Kw(Kw::Null) => {
                self.bump();
                self.push(
                    Diagnostic::new(Code::IsNull, t.span, "NULL is not a value of the language")
                        .with_label("no NULL")
                        .with_help(
                            "the language cannot test for a missing value; remove the condition",
                        ),
                );
                None
            }
            k if Self::is_name(k) && self.peek_at(1) == Tok::LParen => {
                self.function_call();
                None
            }
            k if Self::is_name(k) => Some(self.unquoted_string()),
            _ => {
                self.missing_value();
                None
            }
        }
    }

    /// PQ1015 at the current token (not consumed).
    fn missing_value(&mut self) {
        let t = self.tok();
        if self.at_end() {
            self.expected("a value");
            if let Some(d) = self.diags.last_mut() {
                d.help = Some("write the value after the operator: Country = 'US'".into());
            }
            return;
        }
        let (span, msg) = if self.at_end() || self.at_sync() || self.at_kw(Kw::And) {
            (
                Span::empty(self.prev_end),
                "a condition without a value".to_string(),
            )
        } else {
            (
                t.span,
                format!("expected a value, found {}", self.describe(t)),
            )
        };
        self.push(
            Diagnostic::new(Code::MissingValue, span, msg)
                .with_label("expected a number, a 'string' or a list")
                .with_help("write the value after the operator: Country = 'US'"),
        );
    }

    /// PQ1004: `6096xxx`; read as the string it probably is.
    fn bad_number(&mut self) -> Literal {
        let t = self.bump();
        let text = self.text(t);
        let date = text.bytes().all(|b| b.is_ascii_digit() || b == b'-');
        let d = Diagnostic::new(
            Code::InvalidNumber,
            t.span,
            format!("`{text}` is not a number"),
        );
        let edits = vec![Edit::replace(t.span, format!("'{text}'"))];
        self.push(if date {
            d.with_label("a date written bare")
                .with_help(format!("write a date as a string: '{text}'"))
                .with_fix(Fix::safe(format!("write '{text}'"), edits))
        } else {
            d.with_label("digits and letters")
                .with_help("a number has only digits; if this is an identifier value, quote it as a string")
                .with_fix(Fix::unsafe_(format!("write '{text}'"), edits))
        });
        Literal::String(StringLit {
            value: text.into(),
            span: t.span,
        })
    }

    /// A bare word where a value goes: `Country = US`.
    fn unquoted_string(&mut self) -> Literal {
        let t = self.bump();
        let text = self.text(t);
        self.push(
            Diagnostic::new(
                Code::UnexpectedToken,
                t.span,
                format!("expected a value, found the name `{text}`"),
            )
            .with_label("not a value")
            .with_help(format!("write text values in single quotes: '{text}'"))
            .with_fix(Fix::unsafe_(
                format!("write '{text}'"),
                vec![Edit::replace(t.span, format!("'{text}'"))],
            )),
        );
        Literal::String(StringLit {
            value: text.into(),
            span: t.span,
        })
    }
}
