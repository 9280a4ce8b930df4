//! Building queries from Rust code: typed per dataset, or dynamic against a catalog.
//!
//! Both builders produce an [`ast::Query`](crate::ast::Query) and hand it to
//! the library's [`Checker`], which prints it and checks the
//! text exactly as `pcql check` would ([`Checker::check_tree`](crate::Checker::check_tree):
//! one place decides validity). `build` returns a `Checked<Query>`, whose
//! `Display` is the canonical text the API accepts, or a
//! [`CheckError`] with every diagnostic.
//!
//! # Typed
//!
//! [`crate::datasets`] has one type per dataset of the bundled catalog and a
//! constant per column and metric, typed by its dataset and its value type.
//! [`select`] is the only way to start a query, so every query selects
//! something; the dataset follows from the columns.
//!
//! ```
//! use std::num::NonZeroU32;
//! use pcql::builder::{range::LastMonth, select};
//! use pcql::datasets::mpn::CustomersAndTenants as C;
//!
//! let query = select((C::CUSTOMER_NAME, C::BILLED_REVENUE_USD))
//!     .filter(C::CUSTOMER_MARKET.eq("United States"))
//!     .filter(C::BILLED_REVENUE_USD.ge(20_000))
//!     .order_by(C::BILLED_REVENUE_USD.desc())
//!     .limit(NonZeroU32::new(10).unwrap())
//!     .timespan(LastMonth)
//!     .build()
//!     .expect("a valid query");
//! assert_eq!(
//!     query.to_string(),
//!     "SELECT CustomerName, BilledRevenueUSD FROM CustomersAndTenants \
//!      WHERE CustomerMarket = 'United States' AND BilledRevenueUSD >= 20000 \
//!      ORDER BY BilledRevenueUSD DESC LIMIT 10 TIMESPAN LAST_MONTH"
//! );
//! ```
//!
//! What the types rule out does not compile: a column of another dataset, a
//! `TIMESPAN` the dataset does not offer, a string compared with a metric,
//! `like` on a number, `gt` on an enum column ([`values`] has the table).
//!
//! ```compile_fail
//! use pcql::builder::{range::Lifetime, select};
//! use pcql::datasets::mpn::CustomersAndTenants as C;
//!
//! // error: dataset `CustomersAndTenants` does not offer TIMESPAN `Lifetime`
//! let query = select(C::CUSTOMER_NAME).timespan(Lifetime);
//! ```
//!
//! What they cannot rule out comes back from `build` as the diagnostics
//! `pcql check` gives for the query's text:
//!
//! ```
//! use pcql::builder::{Bit, range::LastMonth, select};
//! use pcql::datasets::mpn::CustomersAndTenants as C;
//!
//! let errors = select((C::CUSTOMER_NAME, C::CUSTOMER_NAME))
//!     .filter(C::IS_DUPLICATE_ROW_FOR_PGA.eq(Bit::Zero))
//!     .filter(C::IS_DUPLICATE_ROW_FOR_PGA.eq(Bit::One))
//!     .timespan(LastMonth)
//!     .build()
//!     .unwrap_err();
//! let codes: Vec<&str> = errors.iter().map(|d| d.code.as_str()).collect();
//! assert_eq!(codes, ["PQ2006", "PQ3009"]); // duplicate-name, contradictory-conditions
//! ```
//!
//! # Dynamic
//!
//! For names known only at run time, [`DynamicQuery`] has the same methods on
//! strings and checks them against a catalog at `build`, which reports every
//! problem at once with the codes the parser and the check give for the same
//! mistakes in text (unknown names with "did you mean", a range the dataset
//! lacks, …).
//!
//! ```
//! use pcql::ast::Direction;
//! use pcql::builder::DynamicQuery;
//! use pcql::schema::Catalog;
//!
//! let query = DynamicQuery::from("CustomersAndTenants")
//!     .select("CustomerName")
//!     .select("BilledRevenueUSD")
//!     .order_by("BilledRevenueUSD", Direction::Desc)
//!     .limit(10)
//!     .timespan("LAST_MONTH")
//!     .build(Catalog::bundled())
//!     .expect("a valid query");
//! assert_eq!(
//!     query.to_string(),
//!     "SELECT CustomerName, BilledRevenueUSD FROM CustomersAndTenants \
//!      ORDER BY BilledRevenueUSD DESC LIMIT 10 TIMESPAN LAST_MONTH"
//! );
//!
//! let draft = DynamicQuery::from("CustomersAndTenants")
//!     .select("CustomerNme")
//!     .timespan("LIFETIME");
//! let text = draft.to_string();
//! let errors = draft.build(Catalog::bundled()).unwrap_err();
//! assert_eq!(errors[0].code.as_str(), "PQ2003");
//! assert_eq!(errors[0].help.as_deref(), Some("did you mean `CustomerName`?"));
//! assert_eq!(errors[1].code.as_str(), "PQ4001");
//! // Spans point into the query's text, so diagnostics render like any other.
//! assert_eq!(errors[0].span.slice(&text), "CustomerNme");
//! ```
//!
//! # Spans
//!
//! A built query carries spans into its own canonical text
//! (`query.to_string()`), laid out while printing exactly as the parser gives
//! them for that text (a test holds this), so diagnostics render against the
//! printed query with [`crate::diagnostic::render`].
//!
//! # Warnings
//!
//! By default `build` fails on warnings as well as errors: a warning means the
//! service accepts the query but it matches no rows or is not what was meant.
//! [`BuildOptions::allow_warnings`] lets them through into
//! `Checked::diagnostics`; advice never fails a build.
//!
//! # Generated code
//!
//! `src/datasets/` is generated from `schemas/` by `src/builder/codegen/`
//! and checked in; a test fails when it is stale (its module docs say why this
//! beats a build script here).

#[cfg(test)]
mod codegen;
mod dataset;
mod dynamic;
mod typed;
pub mod values;

pub use dataset::{Dataset, Offers, Range, range};
pub(crate) use dataset::{Sealed as DatasetSealed, dataset};
pub use dynamic::{DynamicQuery, Scalar};
pub use typed::{Column, Filter, Order, Selection, TypedQuery, select};
pub use values::{Bit, Date, DateTime, Decimal, Guid, Integer, Text, YN, YesNo};

pub(crate) use crate::check::{CheckError, CheckOptions, Checked, Checker};
pub(crate) use crate::schema::Catalog;

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
        name: name.into(),
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
                text: text.into(),
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
    let s: String = s.into();
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

/// The one way out of both builders: the [`Checker`] checks the query's
/// text (`query.to_string()`), and warnings fail unless `opts` lets them
/// through.
///
/// The diagnostics are those `pcql check` gives for that text, in order,
/// with spans into it.
pub(crate) fn finish(
    query: Query,
    catalog: &Catalog,
    opts: &BuildOptions,
) -> Result<Checked<Query>, CheckError> {
    let checker = Checker::new(catalog).with_family(opts.check.family);
    let checked = checker.check_tree(&query)?;
    let denied = |d: &Diagnostic| d.severity == Severity::Warning && !opts.allow_warnings;
    if checked.diagnostics().iter().any(denied) {
        let (_, diagnostics) = checked.into_parts();
        return Err(CheckError::new("query", query.to_string(), diagnostics));
    }
    Ok(checked)
}
