//! `pcql check`: read every input, check them in parallel, fix if asked,
//! print in the chosen format, and decide the exit code.

use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::Arc;

use clap::Args;

use super::catalog::Source;
use super::config::Config;
use super::inputs;
use super::output::{Color, Format, Tally};
use super::pipeline;
use super::rules::Selection;
use super::{CliError, EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, Global};
use pcql::check::{CatalogRef, Checker};
use pcql::diagnostic::{Code, Diagnostic};
use pcql::schema::Family;

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
    /// Fail (exit 1) on warnings too (`warnings`), or make these codes errors
    /// (a code, name or prefix such as PQ4 or PQ2005).
    #[arg(long, value_name = "WHAT", value_parser = parse_deny)]
    pub deny: Vec<Deny>,
    /// Report only these codes (codes, names, prefixes such as PQ2 or PQ11, or ALL),
    /// instead of `select` in pcql.toml; syntax errors are always reported.
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub select: Option<Vec<String>>,
    /// Report these codes too, besides the selected ones.
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub extend_select: Vec<String>,
    /// Do not report these codes.
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Which files: excludes, named files, standard input's name.
    #[command(flatten)]
    pub walk: inputs::WalkArgs,
    /// Write the diagnostics to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output_file: Option<PathBuf>,
    /// Print how many findings each code has, after the diagnostics.
    #[arg(long)]
    pub statistics: bool,
    /// No summary line and no report of fixes.
    #[arg(short, long)]
    pub quiet: bool,
}

/// `--deny`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Deny {
    /// Warnings count as errors for the exit code.
    Warnings,
    /// These codes (a code, name, prefix or ALL) are errors.
    Codes(String),
}

fn parse_deny(s: &str) -> Result<Deny, String> {
    if s == "warnings" {
        return Ok(Deny::Warnings);
    }
    super::rules::codes_of(s)
        .map(|_| Deny::Codes(s.to_string()))
        .map_err(|e| format!("expected `warnings` or a code: {e}"))
}

/// Run `pcql check`.
pub fn run(args: CheckArgs, global: &Global) -> Result<i32, CliError> {
    let how = args.walk.walk(EXTENSIONS.to_vec(), "pcql check", global)?;
    let collected = inputs::collect(&args.paths, &how)?;
    let list = collected.inputs;
    let selection = Selection {
        select: args.select.clone(),
        extend_select: args.extend_select.clone(),
        ignore: args.ignore.clone(),
        deny: args
            .deny
            .iter()
            .filter_map(|d| match d {
                Deny::Codes(c) => Some(c.clone()),
                Deny::Warnings => None,
            })
            .collect(),
    };
    let (checkers, notes) = checkers(&args, &collected.configs, &list, &selection, global)?;
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
    let mut color = global.color;
    if args.output_file.is_some() && color == Color::Auto {
        color = Color::Never;
    }
    let options = Options {
        format: args.format,
        fix: args.fix,
        // With `--fix` on stdin, stdout carries the fixed text; diagnostics go to stderr.
        to_stdout: !(args.fix && list.iter().any(|i| i.path.is_none())),
        quiet: args.quiet,
        color,
        output_file: args.output_file.clone(),
    };
    let (tally, files, failed) = pipeline::run(&checkers, &list, &options)?;
    let tally = tally.plus(notes);
    if args.statistics {
        let stats = tally.statistics();
        if args.format == Format::Human && args.output_file.is_none() {
            print!("{stats}");
        } else {
            eprint!("{stats}");
        }
    }
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

/// One checker per configuration (their catalogs shared where they are the
/// same), and the findings about the configurations themselves (PQ9001
/// stale schemas, PQ9003 codes that cannot be allowed), printed on stderr.
fn checkers(
    args: &CheckArgs,
    configs: &[Config],
    list: &[inputs::Input],
    selection: &Selection,
    global: &Global,
) -> Result<(Vec<Checker<'static>>, Tally), CliError> {
    let mut catalogs: Vec<(Source, CatalogRef<'static>)> = Vec::new();
    let mut out = Vec::with_capacity(configs.len());
    let mut notes = Vec::new();
    for (i, config) in configs.iter().enumerate() {
        let used = i == 0 || list.iter().any(|input| input.config == i);
        let source = super::catalog::resolve(args.schemas.as_deref(), config.schemas.as_deref())?;
        if global.verbose && used {
            match &config.path {
                Some(p) => eprintln!("pcql: configuration {}", p.display()),
                None => eprintln!("pcql: no {} found", super::config::FILE_NAME),
            }
            eprintln!("pcql: schemas {source}");
        }
        let catalog = match catalogs.iter().find(|(s, _)| *s == source) {
            Some((_, c)) => c.clone(),
            None => {
                let c: CatalogRef<'static> = match super::catalog::load(&source)? {
                    Cow::Borrowed(c) => c.into(),
                    Cow::Owned(c) => Arc::new(c).into(),
                };
                catalogs.push((source, c.clone()));
                c
            }
        };
        let family = match args.family {
            Some(f) => Some(f),
            None => super::catalog::family(config.family.as_deref())?,
        };
        let (levels, unallowable) =
            selection.levels(config.levels.clone(), &config.select, &config.ignore)?;
        let checker = Checker::new(catalog)
            .with_levels(levels)
            .with_family(family);
        if used {
            notes.extend(stale(&checker, config.max_schema_age_days));
            notes.extend(unallowable);
        }
        out.push(checker);
    }
    notes.sort();
    notes.dedup();
    let mut tally = Tally::default();
    for d in &notes {
        eprintln!("{}[{}]: {}", d.severity, d.code, d.message);
        if let Some(help) = &d.help {
            eprintln!("  help: {help}");
        }
    }
    tally.add(&notes);
    Ok((out, tally))
}

/// What the pipeline needs from the command line.
#[derive(Debug, Clone)]
pub(super) struct Options {
    pub format: Format,
    pub fix: bool,
    pub to_stdout: bool,
    pub quiet: bool,
    pub color: Color,
    pub output_file: Option<PathBuf>,
}

/// PQ9001 for schemas older than `max-schema-age-days` (they concern the
/// catalog, not a file), with the checker's levels applied.
fn stale(checker: &Checker, max_age_days: Option<u32>) -> Vec<Diagnostic> {
    let Some(days) = max_age_days else {
        return Vec::new();
    };
    let diags = pcql::check::stale_schemas(checker.catalog(), checker.now_unix(), days);
    checker.levels().apply(diags)
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
