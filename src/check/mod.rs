//! Semantic checks of a query against a catalog, and of request bodies.
//!
//! [`check`] runs every rule of PQ2xxx–PQ5xxx and returns all findings, in a
//! stable order (by position, then code). The [`Checker`] puts parse, check,
//! directives and levels together, and is the only way to a
//! [`Checked<Query>`], the only form that submitting APIs accept.
//!
//! Rules live in one small module per concern: `names` (datasets and
//! columns), `values` (literals and lists), `contradict` (conditions that
//! exclude each other), `clauses` (LIMIT, ORDER BY, TIMESPAN) and `advice`.
//!
//! ```
//! use pcql::ast::{Ident, Query};
//! use pcql::check::{check, CheckOptions};
//! use pcql::schema::Catalog;
//! use pcql::span::Span;
//!
//! let id = |s: &str| Ident { name: s.into(), span: Span::default() };
//! let q = Query {
//!     select: vec![id("CustomerTenatId")],
//!     from: Some(id("CustomersAndTenants")),
//!     ..Query::default()
//! };
//! let diags = check(&q, Catalog::bundled(), &CheckOptions::default());
//! assert_eq!(diags[0].code.as_str(), "PQ2003");
//! assert_eq!(diags[0].help.as_deref(), Some("did you mean `CustomerTenantId`?"));
//! ```

pub mod body;
pub mod system_queries;

mod advice;
mod checked;
mod checker;
mod clauses;
mod contradict;
mod domain;
mod levels;
mod names;
mod stale;
mod values;

pub use checked::{Checked, canonicalize};
pub use checker::{CatalogRef, CheckError, Checker, FixMode, Fixed, Located, SourceKind};
pub use levels::{Level, Levels, UnknownLevel};
pub use names::select_star_fix;
pub use stale::stale_schemas;

use crate::ast::Query;
use crate::diagnostic::Diagnostic;
use crate::schema::{Catalog, Dataset, Family, NameRef};

/// How to check.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckOptions {
    /// The API family the query is for (`--family`). With `None` the family is
    /// taken from the dataset when only one family has it.
    pub family: Option<Family>,
}

/// What every rule sees: the query, the catalog, the dataset once resolved,
/// and the findings so far.
pub(crate) struct Ctx<'a> {
    pub query: &'a Query,
    pub catalog: &'a Catalog,
    pub opts: &'a CheckOptions,
    /// The dataset of `FROM`, when it is known (also when it belongs to
    /// another family than asked: its columns still hold).
    pub dataset: Option<&'a Dataset>,
    /// The first selected metric (index into SELECT), once names are resolved.
    pub first_metric: Option<usize>,
    /// Whether every selected name is a metric, once names are resolved.
    pub all_metrics: bool,
    /// The catalog's entry for the column of each WHERE condition, looked up
    /// once by `names::columns` (the checks of values read it again); empty
    /// when the dataset is unknown.
    pub filter_names: Vec<Option<NameRef<'a>>>,
    pub out: Vec<Diagnostic>,
}

impl<'a> Ctx<'a> {
    pub fn push(&mut self, d: Diagnostic) {
        self.out.push(d);
    }

    /// The catalog's entry for the column of condition `i` of WHERE.
    pub fn filter_column(&self, i: usize) -> Option<NameRef<'a>> {
        self.filter_names.get(i).copied().flatten()
    }
}

/// Check `query` against `catalog`: every semantic problem, each reported
/// once, ordered by position and then by code. An unknown dataset stops the
/// checks that need its columns, so one wrong name gives one error.
pub fn check(query: &Query, catalog: &Catalog, opts: &CheckOptions) -> Vec<Diagnostic> {
    let mut cx = Ctx {
        query,
        catalog,
        opts,
        dataset: None,
        first_metric: None,
        all_metrics: false,
        filter_names: Vec::new(),
        out: Vec::new(),
    };
    names::dataset(&mut cx);
    if cx.dataset.is_some() {
        names::columns(&mut cx);
    } else {
        names::duplicates(&mut cx);
    }
    values::shapes(&mut cx);
    values::hinted(&mut cx);
    contradict::check(&mut cx);
    domain::check(&mut cx);
    clauses::limit(&mut cx);
    clauses::order_directions(&mut cx);
    clauses::order_duplicates(&mut cx);
    clauses::timespan(&mut cx);
    advice::check(&mut cx);
    let mut out = cx.out;
    out.sort();
    out.dedup();
    out
}
