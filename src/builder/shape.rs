//! What the parser would report about a built query's text: the few mistakes
//! a builder can make that never reach the check because the text of them
//! does not parse (no name selected, an empty list, a number that is not
//! one, a range the language does not have). Same codes as the parser.

use crate::ast::{DateRange, Literal, Query, Value};
use crate::diagnostic::{Code, Diagnostic};

/// The parser-level diagnostics of `q`, whose spans point into its canonical text.
pub(crate) fn diagnostics(q: &Query) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if q.select.is_empty() {
        let span = q.clauses.select.unwrap_or_default();
        out.push(
            Diagnostic::new(Code::ExpectedName, span, "SELECT names no column or metric")
                .with_label("expected a column or metric name here")
                .with_help("select at least one column or metric of the dataset"),
        );
    }
    if let Some(from) = &q.from
        && from.name.is_empty()
    {
        out.push(
            Diagnostic::new(Code::ExpectedName, from.span, "FROM names no dataset")
                .with_label("expected a dataset name here"),
        );
    }
    for c in &q.filters {
        match &c.value {
            Value::List(list) if list.items.is_empty() => out.push(
                Diagnostic::new(Code::EmptyList, list.span, "a list with no values")
                    .with_label("empty list")
                    .with_help(format!("write at least one value: {} ('a', 'b')", c.op)),
            ),
            Value::List(list) => list.items.iter().for_each(|l| number(l, &mut out)),
            Value::Literal(l) => number(l, &mut out),
        }
    }
    if let Some(ts) = &q.timespan
        && ts.range().is_none()
    {
        let names: Vec<&str> = DateRange::ALL.iter().map(|r| r.as_str()).collect();
        out.push(
            Diagnostic::new(
                Code::UnknownDateRange,
                ts.name.span,
                format!("`{}` is not a date range of the language", ts.name.name),
            )
            .with_label("unknown date range")
            .with_help(format!("the ranges are {}", names.join(", "))),
        );
    }
    out
}

/// A number literal whose text is not `-?digits(.digits)?` (a NaN or an infinity).
fn number(l: &Literal, out: &mut Vec<Diagnostic>) {
    if let Literal::Number(n) = l
        && !is_number(&n.text)
    {
        out.push(
            Diagnostic::new(
                Code::InvalidNumber,
                n.span,
                format!("`{}` is not a number the language can write", n.text),
            )
            .with_label("not a finite number"),
        );
    }
}

fn is_number(text: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    match unsigned.split_once('.') {
        Some((int, frac)) => digits(int) && digits(frac),
        None => digits(unsigned),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_of_the_grammar() {
        for ok in ["0", "-0", "12", "-1.25", "1000000000000000000000"] {
            assert!(is_number(ok), "{ok}");
        }
        for bad in ["NaN", "inf", "-inf", "1e5", "1.", ".5", "", "-"] {
            assert!(!is_number(bad), "{bad}");
        }
    }
}
