//! Productions of the LIMIT and TIMESPAN clauses.

use crate::ast::{CompactString, DateRange, Ident, Limit, Number, Timespan};
use crate::diagnostic::{Code, Diagnostic, Edit, Fix};
use crate::span::Span;

use super::lexer::Tok;
use super::parser::Parser;
use crate::suggest;

impl Parser<'_> {
    /// `limit := LIMIT integer` (after LIMIT; the check insists on a positive whole number)
    pub(crate) fn limit_value(&mut self) {
        let t = self.tok();
        let start = self.q_clause_start();
        match t.kind {
            Tok::Number => {
                self.bump();
                self.q.limit = Some(Limit {
                    value: Number {
                        text: self.text(t).into(),
                        span: t.span,
                    },
                    span: Span::new(start, t.span.end),
                });
            }
            Tok::BadNumber => {
                self.bump();
                self.push(
                    Diagnostic::new(
                        Code::InvalidNumber,
                        t.span,
                        format!("`{}` is not a number", self.text(t)),
                    )
                    .with_label("not a number")
                    .with_help("LIMIT takes a whole number, such as LIMIT 100"),
                );
            }
            _ => {
                self.expected("a number after LIMIT");
                self.help_last("LIMIT takes a whole number: LIMIT 100");
                if !self.at_end() && !self.at_sync() {
                    self.bump();
                }
            }
        }
    }

    /// Start of the clause keyword just consumed (the token before the current one).
    fn q_clause_start(&self) -> usize {
        self.tok_before().map_or(self.prev_end, |t| t.span.start)
    }

    /// `timespan := TIMESPAN range`
    pub(crate) fn timespan_value(&mut self) {
        let t = self.tok();
        let start = self.q_clause_start();
        let name = match t.kind {
            k if Self::is_name(k) => self.text(t),
            Tok::Str { .. } if DateRange::parse(t.inner(self.src)).is_some() => {
                let inner = t.inner(self.src).to_ascii_uppercase();
                self.push(
                    Diagnostic::new(
                        Code::UnexpectedToken,
                        t.span,
                        "a TIMESPAN range is written without quotes",
                    )
                    .with_label("remove the quotes")
                    .with_help("range names are keywords, written bare: TIMESPAN LAST_MONTH")
                    .with_fix(Fix::safe(
                        format!("write `{inner}`"),
                        vec![Edit::replace(t.span, inner)],
                    )),
                );
                t.inner(self.src)
            }
            _ => {
                self.expected("a date range such as LAST_MONTH");
                self.help_last(&format!("the ranges are {}", range_list()));
                if matches!(t.kind, Tok::Number | Tok::BadNumber | Tok::Str { .. }) {
                    self.bump();
                }
                return;
            }
        };
        self.bump();
        let mut upper = CompactString::from(name);
        upper.make_ascii_uppercase();
        if DateRange::parse(&upper).is_none() {
            self.unknown_range(t.span, &upper);
        }
        self.q.timespan = Some(Timespan {
            name: Ident {
                name: upper,
                span: t.span,
            },
            span: Span::new(start, t.span.end),
        });
    }

    /// PQ1014 with the closest range names.
    fn unknown_range(&mut self, span: Span, name: &str) {
        let names = DateRange::ALL.iter().map(|r| r.as_str());
        let mut d = Diagnostic::new(
            Code::UnknownDateRange,
            span,
            format!("`{name}` is not a date range of the language"),
        )
        .with_label("unknown range");
        match suggest::closest_word(name, names) {
            suggest::Closest::Clear(best) => {
                d = d
                    .with_help(format!("did you mean `{best}`?"))
                    .with_fix(Fix::safe(
                        format!("write `{best}`"),
                        vec![Edit::replace(span, best)],
                    ));
            }
            suggest::Closest::Maybe(best) => {
                d = d.with_help(format!(
                    "did you mean `{best}`? The ranges are {}",
                    range_list()
                ));
            }
            suggest::Closest::None => {
                d = d.with_help(format!("the ranges are {}", range_list()));
            }
        }
        self.push(d);
    }
}

/// Every range name, comma-separated.
fn range_list() -> String {
    let names: Vec<&str> = DateRange::ALL.iter().map(|r| r.as_str()).collect();
    names.join(", ")
}
