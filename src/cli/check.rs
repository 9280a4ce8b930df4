//! `pcql check`: read every input, check them in parallel, fix if asked,
//! print in the chosen format, and decide the exit code.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use clap::{Args, ValueEnum};

use super::inputs::{self, Input, Kind};
use super::output::{self, Color, Format, Shown, Tally};
use super::run::Checker;
use super::{CliError, EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, Global};
use crate::diagnostic::Code;

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
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(super::config::FAMILIES))]
    pub family: Option<String>,
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

/// One input after checking.
struct Outcome {
    shown: Option<Shown>,
    /// The codes of the fixes applied, and the fixed text.
    fixed: Vec<Code>,
    fixed_text: Option<String>,
    failure: Option<CliError>,
}

/// Run `pcql check`.
pub fn run(args: CheckArgs, global: &Global) -> Result<i32, CliError> {
    let config = global.load_config()?;
    let source = super::catalog::resolve(args.schemas.as_deref(), config.schemas.as_deref())?;
    if global.verbose {
        eprintln!("pcql: schemas {source}");
    }
    let family = args.family.as_deref().or(config.family.as_deref());
    let checker = Checker {
        levels: config.levels.clone(),
        family: super::catalog::family(family)?,
        ..Checker::new(super::catalog::load(&source)?)
    };
    let mut list = inputs::collect(&args.paths, EXTENSIONS, std::io::stdin().is_terminal())?;
    let stdin_text = match list.iter().any(|i| i.path.is_none()) {
        true => Some(inputs::read_stdin()?),
        false => None,
    };
    // Standard input holding a JSON object is a request body; a query never starts with `{`.
    if stdin_text
        .as_deref()
        .is_some_and(|t| t.trim_start().starts_with('{'))
    {
        for i in list.iter_mut().filter(|i| i.path.is_none()) {
            i.kind = Kind::Body;
        }
    }
    let stale = stale(&checker, config.max_schema_age_days);
    let outcomes = check_all(&checker, &list, stdin_text.as_deref(), args.fix);
    report(&args, stale, outcomes)
}

/// PQ9001 for schemas older than `max-schema-age-days`, printed on stderr
/// (they concern the catalog, not a file); counted like other findings.
fn stale(checker: &Checker, max_age_days: Option<u32>) -> Tally {
    let mut tally = Tally::default();
    let Some(days) = max_age_days else {
        return tally;
    };
    let diags = crate::check::stale_schemas(&checker.catalog, checker.now_unix, days);
    let diags = checker.levels.apply(diags);
    for d in &diags {
        eprintln!("{}[{}]: {}", d.severity, d.code, d.message);
        if let Some(help) = &d.help {
            eprintln!("  help: {help}");
        }
    }
    tally.add(&diags);
    tally
}

/// Check `list` on up to `available_parallelism` threads; results in input order.
fn check_all(checker: &Checker, list: &[Input], stdin: Option<&str>, fix: bool) -> Vec<Outcome> {
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(list.len())
        .max(1);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(input) = list.get(i) else { break };
            done.push((i, check_one(checker, input, stdin, fix)));
        }
        done
    };
    let mut all: Vec<(usize, Outcome)> = if threads == 1 {
        work()
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads).map(|_| s.spawn(work)).collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_default())
                .collect()
        })
    };
    all.sort_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, o)| o).collect()
}

fn check_one(checker: &Checker, input: &Input, stdin: Option<&str>, fix: bool) -> Outcome {
    let text = match (&input.path, stdin) {
        (None, Some(s)) => Ok(s.to_string()),
        _ => input.read(),
    };
    let mut text = match text {
        Ok(t) => t,
        Err(e) => {
            return Outcome {
                shown: None,
                fixed: Vec::new(),
                fixed_text: None,
                failure: Some(e),
            };
        }
    };
    let (mut fixed, mut fixed_text, mut failure) = (Vec::new(), None, None);
    if fix {
        let (new, codes) = checker.fix(input.kind, &text);
        if new != text {
            if let Some(p) = &input.path {
                failure = inputs::write_atomic(p, &new).err();
            }
            fixed = codes;
            text = new;
        }
        fixed_text = Some(text.clone());
    }
    let diagnostics = checker.check(input.kind, &text);
    Outcome {
        shown: Some(Shown {
            name: input.name(),
            human_name: input.human_name(),
            source: text,
            diagnostics,
        }),
        fixed,
        fixed_text,
        failure,
    }
}

/// `fixed 3 problems in q.pcql (PQ2003, PQ2006, PQ4002)`.
fn fixed_line(codes: &[Code], file: &str) -> String {
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

/// Print everything and compute the exit code.
fn report(args: &CheckArgs, mut tally: Tally, outcomes: Vec<Outcome>) -> Result<i32, CliError> {
    let mut failed = false;
    let mut shown = Vec::new();
    let mut stdin_fixed = None;
    for o in outcomes {
        if let Some(e) = o.failure {
            eprintln!("error: {e}");
            failed = true;
        }
        if let Some(s) = o.shown {
            if !o.fixed.is_empty() && !args.quiet {
                eprintln!("pcql: {}", fixed_line(&o.fixed, &s.human_name));
            }
            if s.name == "-" && args.fix {
                stdin_fixed = o.fixed_text;
            }
            tally.add(&s.diagnostics);
            shown.push(s);
        }
    }
    // With `--fix` on stdin, stdout carries the fixed text; diagnostics go to stderr.
    let to_stdout = stdin_fixed.is_none();
    let text = output::render(&shown, args.format, args.color.style(to_stdout));
    let write = |out: &mut dyn Write, s: &str| {
        out.write_all(s.as_bytes())
            .and_then(|_| out.flush())
            .map_err(|e| CliError::new(format!("cannot write output: {e}")))
    };
    match &stdin_fixed {
        Some(fixed) => {
            write(&mut std::io::stdout().lock(), fixed)?;
            write(&mut std::io::stderr().lock(), &text)?;
        }
        None => write(&mut std::io::stdout().lock(), &text)?,
    }
    if args.format == Format::Human && !args.quiet {
        eprintln!("{}", tally.summary(shown.len()));
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
