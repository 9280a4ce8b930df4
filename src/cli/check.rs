//! `pcql check`: read every input, check them in parallel, fix if asked,
//! print in the chosen format, and decide the exit code.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::inputs;
use super::output::{Color, Format, Tally};
use super::pipeline;
use super::{CliError, EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, Global};
use crate::check::Checker;
use crate::diagnostic::Code;
use crate::schema::Family;

/// The file extensions a directory is searched for.
pub const EXTENSIONS: &[&str] = &["pcql", "sql", "json"];

/// `pcql check`.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Files or directories to check; `-` (or nothing, with input piped) reads stdin.
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// The API family the queries are for (mpn, cmp, apps-games).
    #[arg(long, value_enum)]
    pub family: Option<Family>,
    /// Use the schemas under this directory.
    #[arg(long, value_name = "PATH")]
    pub schemas: Option<PathBuf>,
    /// Apply safe fixes in place (stdin: print the fixed text).
    #[arg(long)]
    pub fix: bool,
    /// Fail (exit 1) on warnings too.
    #[arg(long, value_enum, value_name = "WHAT")]
    pub deny: Vec<Deny>,
    /// No summary line and no report of fixes.
    #[arg(short, long)]
    pub quiet: bool,
    /// Colour for human output.
    #[arg(long, value_enum, default_value_t)]
    pub color: Color,
}

/// `--deny`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Warnings count as errors for the exit code.
    Warnings,
}

/// Run `pcql check`.
pub fn run(args: CheckArgs, global: &Global) -> Result<i32, CliError> {
    let config = global.load_config()?;
    let source = super::catalog::resolve(args.schemas.as_deref(), config.schemas.as_deref())?;
    if global.verbose {
        eprintln!("pcql: schemas {source}");
    }
    let family = match args.family {
        Some(f) => Some(f),
        None => super::catalog::family(config.family.as_deref())?,
    };
    let checker = Checker::new(super::catalog::load(&source)?)
        .with_levels(config.levels.clone())
        .with_family(family);
    let list = inputs::collect(&args.paths, EXTENSIONS, std::io::stdin().is_terminal())?;
    if list.is_empty() {
        // Only directories were named, and none holds a file to check: say
        // so, as a CI step pointed at the wrong directory would pass silently.
        let dirs: Vec<String> = args
            .paths
            .iter()
            .map(|p| format!("`{}`", p.display()))
            .collect();
        eprintln!(
            "warning: no .pcql, .sql or .json files under {}",
            dirs.join(", ")
        );
    }
    let stale = stale(&checker, config.max_schema_age_days);
    let options = Options {
        format: args.format,
        fix: args.fix,
        // With `--fix` on stdin, stdout carries the fixed text; diagnostics go to stderr.
        to_stdout: !(args.fix && list.iter().any(|i| i.path.is_none())),
        quiet: args.quiet,
        color: args.color,
    };
    let (tally, files, failed) = pipeline::run(&checker, &list, &options)?;
    let tally = tally.plus(stale);
    if args.format == Format::Human && !args.quiet {
        eprintln!("{}", tally.summary(files));
    }
    if global.verbose
        && let Some(peak) = pipeline::peak_memory()
    {
        eprintln!("pcql: peak memory {peak}");
    }
    let deny_warnings = args.deny.contains(&Deny::Warnings);
    Ok(if failed {
        EXIT_FAILURE
    } else if tally.errors > 0 || (deny_warnings && tally.warnings > 0) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// What the pipeline needs from the command line.
#[derive(Debug, Clone, Copy)]
pub(super) struct Options {
    pub format: Format,
    pub fix: bool,
    pub to_stdout: bool,
    pub quiet: bool,
    pub color: Color,
}

/// PQ9001 for schemas older than `max-schema-age-days`, printed on stderr
/// (they concern the catalog, not a file); counted like other findings.
fn stale(checker: &Checker, max_age_days: Option<u32>) -> Tally {
    let mut tally = Tally::default();
    let Some(days) = max_age_days else {
        return tally;
    };
    let diags = crate::check::stale_schemas(checker.catalog(), checker.now_unix(), days);
    let diags = checker.levels().apply(diags);
    for d in &diags {
        eprintln!("{}[{}]: {}", d.severity, d.code, d.message);
        if let Some(help) = &d.help {
            eprintln!("  help: {help}");
        }
    }
    tally.add(&diags);
    tally
}

/// `fixed 3 problems in q.pcql (PQ2003, PQ2006, PQ4002)`.
pub(super) fn fixed_line(codes: &[Code], file: &str) -> String {
    let mut list: Vec<&str> = codes.iter().map(|c| c.as_str()).collect();
    list.sort_unstable();
    list.dedup();
    let plural = if codes.len() == 1 { "" } else { "s" };
    format!(
        "fixed {} problem{plural} in {file} ({})",
        codes.len(),
        list.join(", ")
    )
}
