//! `pcql explain CODE` and `pcql explain --list`.

use clap::Args;

use super::{CliError, EXIT_OK};
use pcql::diagnostic::Code;

/// `pcql explain`.
#[derive(Debug, Clone, Args)]
pub struct ExplainArgs {
    /// A code (`PQ1101`, `pq1101`) or its name (`select-star`).
    #[arg(required_unless_present = "list")]
    pub code: Option<String>,
    /// List every code with its severity and summary.
    #[arg(long, conflicts_with = "code")]
    pub list: bool,
    /// With --list: print the table as Markdown (the README's table).
    #[arg(long, requires = "list")]
    pub markdown: bool,
}

/// Run `pcql explain`.
pub fn run(args: ExplainArgs) -> Result<i32, CliError> {
    if args.list {
        print!(
            "{}",
            if args.markdown {
                markdown_table()
            } else {
                plain_table()
            }
        );
        return Ok(EXIT_OK);
    }
    let name = args.code.unwrap_or_default();
    match lookup(&name) {
        Some(code) => {
            print!("{}", code.explanation());
            if !code.explanation().ends_with('\n') {
                println!();
            }
            Ok(EXIT_OK)
        }
        None => {
            let close: Vec<String> = Code::closest(&name)
                .iter()
                .map(|c| format!("{c} ({})", c.name()))
                .collect();
            let hint = if close.is_empty() {
                "; `pcql explain --list` lists them all".to_string()
            } else {
                format!("; did you mean {}?", close.join(", "))
            };
            Err(CliError::new(format!("unknown code `{name}`{hint}")))
        }
    }
}

/// The code named `s`: `PQ1101`, `pq1101`, `1101`, `select-star`, `Select-Star`.
pub fn lookup(s: &str) -> Option<Code> {
    let s = s.trim();
    Code::parse(s)
        .or_else(|| Code::parse(&s.to_ascii_lowercase()))
        .or_else(|| Code::parse(&format!("PQ{s}")))
}

/// Every code with severity and summary, aligned for a terminal.
pub fn plain_table() -> String {
    let width = Code::ALL.iter().map(|c| c.name().len()).max().unwrap_or(0);
    Code::ALL
        .iter()
        .map(|c| {
            format!(
                "{}  {:<width$}  {:<7}  {}\n",
                c.as_str(),
                c.name(),
                c.default_severity().as_str(),
                c.summary()
            )
        })
        .collect()
}

/// Every code as a Markdown table (the README's diagnostics table).
pub fn markdown_table() -> String {
    let mut s = String::from("| Code | Name | Severity | Meaning |\n|---|---|---|---|\n");
    for c in Code::ALL {
        s.push_str(&format!(
            "| [{code}](docs/codes/{code}.md) | `{}` | {} | {} |\n",
            c.name(),
            c.default_severity(),
            c.summary().replace('|', "\\|"),
            code = c.as_str(),
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_accepts_code_case_and_name() {
        assert_eq!(lookup("PQ1101"), Some(Code::SelectStar));
        assert_eq!(lookup("pq1101"), Some(Code::SelectStar));
        assert_eq!(lookup("select-star"), Some(Code::SelectStar));
        assert_eq!(lookup("Select-Star"), Some(Code::SelectStar));
        assert_eq!(lookup("1101"), Some(Code::SelectStar));
        assert_eq!(lookup("PQ0000x"), None);
    }

    #[test]
    fn tables_list_every_code() {
        assert_eq!(plain_table().lines().count(), Code::ALL.len());
        assert_eq!(markdown_table().lines().count(), Code::ALL.len() + 2);
        assert!(
            markdown_table().contains("| [PQ1101](docs/codes/PQ1101.md) | `select-star` | error |")
        );
    }
}
