#![doc = "pcql: parse, check, build and submit Partner Center analytics queries."]
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
pub mod syntax;

#[cfg(feature = "client")]
pub mod client;

pub use check::{CheckError, Checked, Checker, FixMode, SourceKind};
pub use diagnostic::{Code, Diagnostic, Severity};
pub use schema::{Catalog, Family};

#[cfg(feature = "cli")]
#[doc(hidden)]
pub mod cli;

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
