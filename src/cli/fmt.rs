//! `pcql fmt [--check] [FILES|-]`: the canonical layout of query files.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::Args;

use super::inputs::{self, Kind};
use super::{CliError, EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK};

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
}

/// The canonical text of a file of queries (statements with errors stay as written).
fn format_text(text: &str) -> String {
    crate::syntax::format_file(text).unwrap_or_else(|| text.to_string())
}

/// Run `pcql fmt`.
pub fn run(args: FmtArgs) -> Result<i32, CliError> {
    let list = inputs::collect(
        &args.paths,
        &["pcql", "sql"],
        std::io::stdin().is_terminal(),
    )?;
    let mut failed = false;
    let mut changed = 0;
    for input in list.iter().filter(|i| i.kind == Kind::Queries) {
        let text = match input.read() {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: {e}");
                failed = true;
                continue;
            }
        };
        let formatted = format_text(&text);
        let differs = formatted != text;
        changed += usize::from(differs);
        match (&input.path, args.check) {
            (_, true) if differs => {
                let name = input.human_name();
                println!("would reformat {name}");
                if !args.quiet {
                    print!(
                        "--- {name}\n+++ {name} (formatted)\n{}",
                        diff(&text, &formatted)
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
