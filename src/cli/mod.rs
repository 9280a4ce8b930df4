//! The `pcql` command line (feature `cli`): `check`, `fmt`, `explain`,
//! `schemas`, `lsp` for editors, and `api` for the REST calls.
//!
//! Exit codes: [`EXIT_OK`] clean, [`EXIT_FINDINGS`] errors found (or warnings
//! with `--deny warnings`, or files `fmt --check` would change),
//! [`EXIT_FAILURE`] usage, input or output failure.

// Output never panics (`pcql check DIR 2>&1 | head -1` closes stderr): in
// this module and those below, the printing macros write through
// [`write`] and ignore a closed stream.
macro_rules! eprintln {
    () => { $crate::cli::write::err_line(format_args!("")) };
    ($($t:tt)*) => { $crate::cli::write::err_line(format_args!($($t)*)) };
}
macro_rules! eprint {
    ($($t:tt)*) => { $crate::cli::write::err(format_args!($($t)*)) };
}
macro_rules! println {
    () => { $crate::cli::write::out_line(format_args!("")) };
    ($($t:tt)*) => { $crate::cli::write::out_line(format_args!($($t)*)) };
}
macro_rules! print {
    ($($t:tt)*) => { $crate::cli::write::out(format_args!($($t)*)) };
}

pub mod api;
pub mod catalog;
pub mod check;
pub mod config;
pub mod explain;
pub mod fmt;
pub mod inputs;
pub mod lsp;
pub mod man;
pub mod output;
mod pipeline;
pub mod pull;
pub mod rules;
pub mod schemas;
pub mod write;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Nothing at error level.
pub const EXIT_OK: i32 = 0;
/// Findings at error level, or warnings with `--deny warnings`.
pub const EXIT_FINDINGS: i32 = 1;
/// Usage, input or output failure.
pub const EXIT_FAILURE: i32 = 2;

/// A failure that ends the command with [`EXIT_FAILURE`]: what and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct CliError(String);

impl CliError {
    /// A failure described by `msg`.
    pub fn new(msg: impl Into<String>) -> Self {
        CliError(msg.into())
    }
}

/// Parse, check and format Partner Center analytics queries.
#[derive(Debug, Parser)]
#[command(name = "pcql", version, about, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Use this configuration file instead of the nearest pcql.toml.
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Say which configuration and schema catalog are used.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// Let `fmt` and `check --fix` rewrite files that have no write permission.
    #[arg(long, global = true)]
    pub write_read_only: bool,
    /// Colour: auto (on a terminal, unless NO_COLOR is set; FORCE_COLOR or
    /// CLICOLOR_FORCE turn it on), always or never.
    #[arg(long, global = true, value_enum, default_value_t)]
    pub color: output::Color,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check queries (.pcql, .sql) and request bodies (.json) offline.
    Check(check::CheckArgs),
    /// Rewrite query files in the canonical layout.
    Fmt(fmt::FmtArgs),
    /// Explain a diagnostic code, or list them all.
    Explain(explain::ExplainArgs),
    /// Look at the dataset schemas the checks use, or pull them from the API.
    #[command(subcommand)]
    Schemas(catalog::SchemasCommand),
    /// Call the analytics REST API (queries are checked offline first).
    Api(Box<api::ApiArgs>),
    /// Run the language server (LSP over stdio) for editors.
    Lsp(lsp::LspArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(man::CompletionsArgs),
    /// Print the manual page (roff; `pcql man | man -l -`).
    Man,
}

/// Run the command line; returns the process exit code.
/// Snippets wrap to `COLUMNS` when it is set (as shells and editors set
/// it), else to the terminal's width when stderr or stdout is one, else to
/// 100 columns.
fn set_snippet_width() {
    use std::io::IsTerminal;
    let from_env = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok());
    let from_terminal = || {
        let tty = std::io::stderr().is_terminal() || std::io::stdout().is_terminal();
        tty.then(terminal_size::terminal_size)
            .flatten()
            .map(|(w, _)| usize::from(w.0))
    };
    if let Some(w) = from_env.or_else(from_terminal) {
        pcql::diagnostic::render::set_width(w);
    }
}

/// Run the command line; returns the exit code.
pub fn main() -> i32 {
    set_snippet_width();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                EXIT_FAILURE
            } else {
                EXIT_OK
            };
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_FAILURE
        }
    }
}

/// Run a parsed command line.
pub fn run(cli: Cli) -> Result<i32, CliError> {
    write::allow_read_only(cli.write_read_only);
    let global = Global {
        config: cli.config,
        verbose: cli.verbose,
        color: cli.color,
    };
    match cli.command {
        Command::Check(args) => check::run(args, &global),
        Command::Fmt(args) => fmt::run(args, &global),
        Command::Completions(args) => man::completions(args),
        Command::Man => man::man(),
        Command::Explain(args) => explain::run(args),
        Command::Schemas(cmd) => catalog::run(cmd, &global),
        Command::Api(args) => Ok(api::run(*args, &global)),
        Command::Lsp(args) => lsp::run(args),
    }
}

/// Run `future` to completion on the one kind of runtime the command line
/// uses (a current-thread tokio runtime with I/O and timers): `pcql api …`
/// and `pcql schemas pull` make one call after another.
pub(crate) fn block_on<F: std::future::Future>(future: F) -> Result<F::Output, CliError> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::new(format!("cannot start the async runtime: {e}")))?;
    Ok(rt.block_on(future))
}

/// Options every subcommand sees.
#[derive(Debug, Clone, Default)]
pub struct Global {
    /// `--config PATH`.
    pub config: Option<PathBuf>,
    /// `--verbose`.
    pub verbose: bool,
    /// `--color`.
    pub color: output::Color,
}

impl Global {
    /// The working directory.
    pub fn cwd(&self) -> Result<PathBuf, CliError> {
        std::env::current_dir()
            .map_err(|e| CliError::new(format!("cannot read the working directory: {e}")))
    }

    /// The configuration: `--config`, else the nearest `pcql.toml`.
    pub fn load_config(&self) -> Result<config::Config, CliError> {
        let cwd = self.cwd()?;
        let config = config::Config::load(self.config.as_deref(), &cwd)?;
        if self.verbose {
            match &config.path {
                Some(p) => eprintln!("pcql: configuration {}", p.display()),
                None => eprintln!("pcql: no {} found", config::FILE_NAME),
            }
        }
        Ok(config)
    }
}
