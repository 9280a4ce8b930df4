//! pcql: parse, check, build and submit Partner Center analytics queries.
//!
//! The Partner Center analytics APIs take queries in a small SQL-like
//! language (`SELECT … FROM dataset WHERE … ORDER BY … LIMIT n TIMESPAN
//! range`). The service answers a mistake at run time with one position-less
//! message; pcql finds every mistake offline, with a stable code, a precise
//! span, help and, where it can, a fix.
//!
//! # The pipeline
//!
//! ```text
//! text ──syntax::parse──▶ ast::Query + syntax diagnostics (a repaired tree on errors)
//!                               │
//! schema::Catalog ──────────────┤  check::check: the rules on one tree
//!                               ▼
//!            Checker (catalog, family, levels, clock): parse + check +
//!            directives + levels + the SELECT * fix, in one order
//!                               │
//!      ┌────────────┬───────────┼──────────────┬─────────────┐
//!   pcql check   builders   client gate   Python package   pcql lsp
//! ```
//!
//! Everything that needs a verdict goes through the one [`Checker`]. It
//! returns every diagnostic in one order ([`Diagnostic`]'s `Ord`: by
//! position, then code), and it is the only way to a [`Checked<Query>`]:
//! a query with no error at all, syntax included, which is what the client
//! sends.
//!
//! ```
//! use pcql::{Catalog, Checker};
//!
//! let checker = Checker::new(Catalog::bundled());
//! let text = "SELECT CustomerName, BilledRevenueUSD FROM CustomersAndTenants \
//!             WHERE CustomerMarket = 'Germany' OR BilledRevenueUSD > 100 \
//!             ORDER BY BilledRevenueUSD DESC TIMESPAN LAST_MONTH";
//!
//! // Every problem, in position order, with its code and place.
//! for d in checker.check(text) {
//!     println!("{} {}: {}", d.code, d.span.slice(text), d.message);
//! }
//! // `OR` is not the language: no `Checked` query, whatever the repaired
//! // tree would print.
//! let err = checker.check_query(text).unwrap_err();
//! assert_eq!(err[0].code.as_str(), "PQ1102");
//!
//! // A clean query is certified, and prints in the catalog's spelling.
//! let checked = checker
//!     .check_query("select customername from customersandtenants timespan last_month")
//!     .unwrap();
//! assert_eq!(
//!     checked.to_string(),
//!     "SELECT CustomerName FROM CustomersAndTenants TIMESPAN LAST_MONTH"
//! );
//! ```
//!
//! # Modules
//!
//! - [`syntax`]: the lexer and the parser with recovery ([`syntax::parse`],
//!   [`syntax::parse_file`]) and the formatter.
//! - [`ast`]: the tree; `Display` prints the canonical text.
//! - [`schema`]: [`Catalog`], datasets, [`Family`]; bundled, pulled or
//!   user-supplied schemas, and whether a catalog is authoritative.
//! - [`check`]: the rules, request bodies ([`check::body`]) and the
//!   [`Checker`].
//! - [`diagnostic`]: [`Diagnostic`], the [`Code`] registry with each code's
//!   explanation, fixes, and the renderers (human, JSON, SARIF, GitHub).
//! - [`builder`] and [`datasets`]: queries from typed Rust (mistakes do not
//!   compile) or from names known at run time; both end in the [`Checker`].
//! - `client` (feature `client`): the REST API, with the [`Checker`] as its
//!   validation gate.
//!
//! # Features
//!
//! - `bundled-schemas`: the schemas under `schemas/` compiled in
//!   ([`Catalog::bundled`]).
//! - `client`: the async REST client (reqwest with rustls, tokio).
//! - `cli`: the `pcql` binary (clap, toml, dirs); library users can leave it
//!   out with `default-features = false`.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod ast;
pub mod builder;
pub mod check;
#[rustfmt::skip]
pub mod datasets;
pub mod diagnostic;
pub mod ide;
pub mod schema;
pub mod span;
pub mod suggest;
pub mod syntax;

#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "client")]
pub mod fsutil;

pub use check::{CheckError, Checked, Checker, FixMode, SourceKind};
pub use diagnostic::{Code, Diagnostic, Severity};
pub use schema::{Catalog, Family};

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
