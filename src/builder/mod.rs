//! Building queries from Rust code: typed per dataset, or dynamic against a catalog.
//!
//! Both builders produce an [`ast::Query`](crate::ast::Query) and hand it to
//! the same check that `pcql check` runs on parsed text; `build` returns the
//! checked query, whose `Display` is the canonical text, or every diagnostic.
//!
//! # Spans
//!
//! A built query carries spans into its own canonical text
//! (`query.to_string()`), laid out while printing exactly as the parser would
//! give them for that text. Diagnostics therefore render against the printed
//! query like any other.

#[cfg(test)]
mod codegen;
mod dataset;
mod dynamic;
mod layout;
mod pending;
mod shape;
mod typed;
pub mod values;

pub use dataset::{Dataset, Offers, Range, range};
pub(crate) use dataset::{Sealed as DatasetSealed, dataset};
pub use dynamic::{DynamicQuery, Scalar};
pub use typed::{Column, Filter, Order, Selection, TypedQuery, select};
pub use values::{Bit, Date, DateTime, Decimal, Guid, Integer, Text, YN, YesNo};

pub(crate) use pending::{Catalog, CheckOptions, Checked, check_query};

use crate::ast::{Condition, Timespan, Value};
use crate::ast::{Direction, Ident, Limit, List, Literal, Number, Operator, OrderKey, Query};
use crate::diagnostic::{Diagnostic, Severity};
use crate::span::Span;

/// A query being built: the AST without spans, filled clause by clause.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Draft {
    pub(crate) query: Query,
}

fn ident(name: &str) -> Ident {
    Ident {
        name: name.to_string(),
        span: Span::default(),
    }
}

impl Draft {
    pub(crate) fn new(dataset: &str) -> Self {
        Draft {
            query: Query {
                from: Some(ident(dataset)),
                ..Query::default()
            },
        }
    }

    pub(crate) fn select(&mut self, name: &str) {
        self.query.select.push(ident(name));
    }

    pub(crate) fn filter(&mut self, column: &str, op: Operator, value: Value) {
        self.query.filters.push(Condition {
            column: ident(column),
            op,
            op_span: Span::default(),
            value,
            span: Span::default(),
        });
    }

    pub(crate) fn order_by(&mut self, column: &str, direction: Direction) {
        self.query.order_by.push(OrderKey {
            column: ident(column),
            direction: Some(direction),
            direction_span: None,
            span: Span::default(),
        });
    }

    pub(crate) fn limit(&mut self, text: &str) {
        self.query.limit = Some(Limit {
            value: Number {
                text: text.to_string(),
                span: Span::default(),
            },
            span: Span::default(),
        });
    }

    /// Range names are stored upper case, as the parser stores them.
    pub(crate) fn timespan(&mut self, name: &str) {
        self.query.timespan = Some(Timespan {
            name: ident(&name.to_ascii_uppercase()),
            span: Span::default(),
        });
    }
}

/// A list value without spans.
pub(crate) fn list_value(items: Vec<Literal>) -> Value {
    Value::List(List {
        items,
        span: Span::default(),
    })
}

/// A string value without spans.
pub(crate) fn string_value(s: impl Into<String>) -> Value {
    Value::Literal(values::string_literal(s))
}

/// How `build` checks, and what it lets through.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildOptions {
    /// The options of the check (`pcql check` takes the same). The typed
    /// builder fills in the family of its dataset when this has none.
    pub check: CheckOptions,
    /// Let warnings through into `Checked::diagnostics` instead of failing.
    ///
    /// Off by default: a warning means the service accepts the query but it
    /// matches no rows or is not what was meant (contradictory conditions, a
    /// value outside the column's allowed values, a name an incomplete catalog
    /// does not list), which code that builds queries should not do
    /// silently. Advice never fails a build.
    pub allow_warnings: bool,
}

/// The one way out of both builders: lay out spans, then run the check.
///
/// The diagnostics are those `pcql check` gives for `query.to_string()`:
/// the parser-level ones a builder can cause (`shape`) and the check's,
/// ordered by position and code.
pub(crate) fn finish(
    query: Query,
    catalog: &Catalog,
    opts: &BuildOptions,
) -> Result<Checked<Query>, Vec<Diagnostic>> {
    let (_text, query) = layout::layout(&query);
    let mut diags = shape::diagnostics(&query);
    let denied = |d: &Diagnostic| {
        d.severity == Severity::Error || (d.severity == Severity::Warning && !opts.allow_warnings)
    };
    match check_query(&query, catalog, &opts.check) {
        Ok(checked) if diags.is_empty() && !checked.diagnostics().iter().any(denied) => {
            return Ok(checked);
        }
        Ok(checked) => diags.extend(checked.into_parts().1),
        Err(found) => diags.extend(found),
    }
    diags.sort_by_key(|d| (d.span.start, d.code));
    diags.dedup();
    Err(diags)
}
