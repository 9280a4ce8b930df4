//! `pcql lsp`: a Language Server Protocol server over stdio.
//!
//! Every diagnostic comes from the library's [`Checker`](pcql::Checker);
//! completion, hover, symbols and semantic tokens from [`pcql::ide`]. This
//! module is only the protocol glue:
//!
//! - `server`: the main loop (initialize, requests, notifications,
//!   cancellation, shutdown and exit, and the end of stdin when the client
//!   dies);
//! - `worker`: the diagnostics thread with a statement cache per document,
//!   so a change re-checks only the statements whose text changed and a
//!   long check never delays completion;
//! - `position`: byte offsets ↔ UTF-16 positions, incremental edits;
//! - `workspace`: the `pcql.toml` and catalog of each document's folder,
//!   reloaded when they change;
//! - `convert`, `actions`: LSP shapes, code actions and formatting.
//!
//! # Why `lsp-server` and `lsp-types`
//!
//! They are the crates rust-analyzer is built on, kept by its team: a
//! synchronous, dependency-light transport (crossbeam channels and two I/O
//! threads) plus complete, serde-typed protocol structures. pcql's work per
//! request is small and CPU-bound, so an async framework such as
//! `tower-lsp` would only add a runtime and make cancellation and the
//! "check off the main loop" design less explicit than one thread and a
//! channel.

mod actions;
mod convert;
mod position;
mod server;
mod worker;
mod workspace;

use clap::Args;

use super::CliError;

/// `pcql lsp`.
#[derive(Debug, Clone, Args)]
pub struct LspArgs {
    /// Accepted for editors that pass it; stdio is the only transport.
    #[arg(long)]
    pub stdio: bool,
}

/// Run the server on stdin/stdout until the client says `exit` or goes away.
pub fn run(_args: LspArgs) -> Result<i32, CliError> {
    server::serve()
}
