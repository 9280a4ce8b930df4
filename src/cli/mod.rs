//! The `pcql` command line (feature `cli`).
//!
//! On the `client` branch this file only wires `pcql api` and
//! `pcql schemas pull`; the CLI branch owns the real one.

pub mod api;
pub mod pull;

use clap::{Parser, Subcommand};

/// Parse, check and submit Partner Center analytics queries.
#[derive(Debug, Parser)]
#[command(name = "pcql", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Call the analytics REST API (queries are checked offline first).
    Api(Box<api::ApiArgs>),
    /// Dataset schemas.
    #[command(subcommand)]
    Schemas(SchemasCommand),
}

#[derive(Debug, Subcommand)]
enum SchemasCommand {
    /// Fetch the datasets from the API into the user cache (or --out DIR).
    Pull(Box<pull::PullArgs>),
}

/// Run the command line; returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match cli.command {
        Command::Api(args) => api::run(*args),
        Command::Schemas(SchemasCommand::Pull(args)) => pull::run(*args),
    }
}
