//! Integration tests: builder (typed, dynamic, properties, compile failures).

mod dynamic;
mod props;
mod typed;

use pcql::ast::{Query, Value};
use pcql::builder::DynamicQuery;
use pcql::check::{CheckOptions, check};
use pcql::diagnostic::Diagnostic;
use pcql::schema::Catalog;

/// The type system rules out what it must: a column of another dataset, a
/// missing SELECT, a TIMESPAN the dataset lacks, a string compared with a
/// metric, operators a column's type does not have.
#[test]
fn compile_fail() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/compile_fail/*.rs");
}

/// What `pcql check` reports for `text`: the parser's diagnostics, then the check's.
pub(crate) fn pcql_check(text: &str) -> (Query, Vec<Diagnostic>) {
    let parsed = pcql::syntax::parse(text);
    let mut diags = parsed.diagnostics;
    diags.extend(check(
        &parsed.query,
        Catalog::bundled(),
        &CheckOptions::default(),
    ));
    (parsed.query, diags)
}

/// `(code, span)` of each diagnostic, sorted: what must agree between the
/// builder and `pcql check` of the built text.
pub(crate) fn findings(diags: &[Diagnostic]) -> Vec<(String, usize, usize)> {
    let mut v: Vec<_> = diags
        .iter()
        .map(|d| (d.code.as_str().to_string(), d.span.start, d.span.end))
        .collect();
    v.sort();
    v.dedup();
    v
}

/// The same query through the dynamic builder's methods.
pub(crate) fn dynamic_from_ast(q: &Query) -> DynamicQuery {
    let from = q.from.as_ref().map_or("", |i| i.name.as_str());
    let mut d = DynamicQuery::from(from).select_all(q.select.iter().map(|i| &i.name));
    if q.distinct {
        d = d.distinct();
    }
    for c in &q.filters {
        let value = match &c.value {
            Value::Literal(l) => Value::Literal(l.clone()),
            Value::List(l) => Value::List(l.clone()),
        };
        d = d.filter(&c.column.name, c.op, value);
    }
    for k in &q.order_by {
        d = d.order_by(
            &k.column.name,
            k.direction.unwrap_or(pcql::ast::Direction::Desc),
        );
    }
    if let Some(l) = &q.limit {
        d = d.limit(l.value.as_i64().unwrap_or(0) as u32);
    }
    if let Some(t) = &q.timespan {
        d = d.timespan(&t.name.name);
    }
    d
}
