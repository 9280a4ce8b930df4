//! `pcql fmt [--check] [FILES|-]`: the canonical layout of query files.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::inputs::{self, Kind};
use super::{CliError, EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, Global};
use pcql::syntax::{DEFAULT_LINE_WIDTH, FormatOptions, format_file_with};

/// `pcql fmt`.
#[derive(Debug, Clone, Args)]
pub struct FmtArgs {
    /// Query files or directories (.pcql, .sql); `-` reads stdin and writes stdout.
    #[arg(value_name = "FILES")]
    pub paths: Vec<PathBuf>,
    /// Change nothing; list the files that would change and exit 1 if any.
    #[arg(long)]
    pub check: bool,
    /// With --check: no diff, only the file names.
    #[arg(short, long)]
    pub quiet: bool,
    /// Break lines longer than this (default: `line-width` in pcql.toml, else 100).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(20..=1000))]
    pub line_width: Option<u16>,
    /// Which files: excludes, named files, standard input's name.
    #[command(flatten)]
    pub walk: inputs::WalkArgs,
    /// Use the schemas under this directory for the spelling of names.
    #[arg(long, value_name = "PATH")]
    pub schemas: Option<PathBuf>,
}

/// Run `pcql fmt`.
pub fn run(args: FmtArgs, global: &Global) -> Result<i32, CliError> {
    let how = args.walk.walk(vec!["pcql", "sql"], "pcql fmt", global)?;
    let collected = inputs::collect(&args.paths, &how)?;
    // The catalog of each configuration: names are printed in its spelling.
    let mut catalogs = Vec::with_capacity(collected.configs.len());
    for config in &collected.configs {
        let source = super::catalog::resolve(args.schemas.as_deref(), config.schemas.as_deref())?;
        catalogs.push(super::catalog::load(&source)?);
    }
    let color = global.color.style(true) == pcql::diagnostic::render::Style::Color;
    let mut failed = false;
    let mut changed = 0;
    for input in collected.inputs.iter().filter(|i| i.kind == Kind::Queries) {
        let text = match input.read() {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: {e}");
                failed = true;
                continue;
            }
        };
        let config = &collected.configs[input.config];
        let opts = FormatOptions {
            line_width: args
                .line_width
                .map(usize::from)
                .or(config.line_width)
                .unwrap_or(DEFAULT_LINE_WIDTH),
            catalog: Some(&catalogs[input.config]),
        };
        let formatted = format_file_with(&text, &opts).unwrap_or_else(|| text.clone());
        let differs = formatted != text;
        changed += usize::from(differs);
        match (&input.path, args.check) {
            (_, true) if differs => {
                let name = input.human_name();
                println!("would reformat {name}");
                if !args.quiet {
                    print!(
                        "--- {name}\n+++ {name} (formatted)\n{}",
                        paint(&diff(&text, &formatted), color)
                    );
                }
            }
            (_, true) => {}
            (None, false) => {
                let mut out = std::io::stdout().lock();
                out.write_all(formatted.as_bytes())
                    .and_then(|_| out.flush())
                    .map_err(|e| CliError::new(format!("cannot write output: {e}")))?;
            }
            (Some(p), false) if differs => match inputs::write_atomic(p, &formatted, &text) {
                Ok(()) => eprintln!("formatted {}", p.display()),
                Err(e) => {
                    eprintln!("error: {e}");
                    failed = true;
                }
            },
            (Some(_), false) => {}
        }
    }
    Ok(if failed {
        EXIT_FAILURE
    } else if args.check && changed > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// A diff with removed lines red and added lines green, when `on`.
fn paint(diff: &str, on: bool) -> String {
    if !on {
        return diff.to_string();
    }
    diff.lines()
        .map(|l| match l.as_bytes().first() {
            Some(b'-') => format!("\x1b[31m{l}\x1b[0m\n"),
            Some(b'+') => format!("\x1b[32m{l}\x1b[0m\n"),
            Some(b'@') => format!("\x1b[36m{l}\x1b[0m\n"),
            _ => format!("{l}\n"),
        })
        .collect()
}

/// A line diff of `old` and `new`: changed lines as `-old` / `+new`, each run
/// of changes headed by `@@ line N @@`. Unchanged lines are left out.
pub fn diff(old: &str, new: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    if a.len() * b.len() > 4_000_000 {
        return "(file too long to show a diff)\n".to_string();
    }
    // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out, mut in_hunk) = (0, 0, String::new(), false);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            (i, j, in_hunk) = (i + 1, j + 1, false);
            continue;
        }
        if !in_hunk {
            out.push_str(&format!("@@ line {} @@\n", i + 1));
            in_hunk = true;
        }
        if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push_str(&format!("-{}\n", a[i]));
            i += 1;
        } else {
            out.push_str(&format!("+{}\n", b[j]));
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_shows_only_changed_lines() {
        let old = "SELECT a\nfrom b\nLIMIT 1\n";
        let new = "SELECT a\nFROM b\nLIMIT 1\n";
        assert_eq!(diff(old, new), "@@ line 2 @@\n-from b\n+FROM b\n");
        assert_eq!(diff(old, old), "");
        assert_eq!(diff("a\n", "a\nb\n"), "@@ line 2 @@\n+b\n");
    }
}
