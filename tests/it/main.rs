//! pcql's integration tests: one binary, one module per area.

mod builder;
mod check;
mod cli;
mod client;
mod corpus;
mod harden;
mod lsp;
mod report;
mod syntax;
