//! Writing the results of `pcql check` in the format asked for.

use std::io::IsTerminal;

use clap::ValueEnum;

use crate::diagnostic::render::{self, FileDiagnostics, Style};
use crate::diagnostic::{Diagnostic, Severity};

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Format {
    /// Source snippets with labels and help; colour on a terminal.
    #[default]
    Human,
    /// `{"diagnostics": [...]}`.
    Json,
    /// SARIF 2.1.0 (GitHub code scanning, editors).
    Sarif,
    /// GitHub Actions annotations (`::error file=…::…`).
    Github,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Color {
    /// Colour when writing to a terminal and `NO_COLOR` is not set.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

impl Color {
    /// The human style for output that goes to stdout (`to_stdout`) or stderr.
    pub fn style(self, to_stdout: bool) -> Style {
        let tty = if to_stdout {
            std::io::stdout().is_terminal()
        } else {
            std::io::stderr().is_terminal()
        };
        let on = match self {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        };
        if on { Style::Color } else { Style::Plain }
    }
}

/// One checked text, ready to show.
#[derive(Debug, Clone)]
pub struct Shown {
    /// Name in machine output (`-` for stdin).
    pub name: String,
    /// Name in human output (`<stdin>` for stdin).
    pub human_name: String,
    /// The text.
    pub source: String,
    /// Its diagnostics, sorted.
    pub diagnostics: Vec<Diagnostic>,
}

/// The whole output of `files` in `format`.
pub fn render(files: &[Shown], format: Format, style: Style) -> String {
    let view = |human: bool| -> Vec<FileDiagnostics<'_>> {
        files
            .iter()
            .filter(|f| !f.diagnostics.is_empty() || !human)
            .map(|f| FileDiagnostics {
                file: if human { &f.human_name } else { &f.name },
                source: &f.source,
                diagnostics: &f.diagnostics,
            })
            .collect()
    };
    match format {
        Format::Human => view(true)
            .iter()
            .map(|f| render::human(f.diagnostics, f.file, f.source, style))
            .collect(),
        Format::Json => render::json_files(&view(false)) + "\n",
        Format::Sarif => render::sarif::sarif(&view(false)) + "\n",
        Format::Github => render::github::github(&view(false)),
    }
}

/// Counts of errors, warnings and advice.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Advice.
    pub advice: usize,
}

impl Tally {
    /// Count `diags` in.
    pub fn add(&mut self, diags: &[Diagnostic]) {
        for d in diags {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Advice => self.advice += 1,
            }
        }
    }

    /// `2 errors, 1 warning in 3 files` (plus advice when there is some).
    pub fn summary(&self, files: usize) -> String {
        let n =
            |k: usize, one: &str, many: &str| format!("{k} {}", if k == 1 { one } else { many });
        let mut s = format!(
            "{}, {}",
            n(self.errors, "error", "errors"),
            n(self.warnings, "warning", "warnings")
        );
        if self.advice > 0 {
            s.push_str(&format!(", {} advice", self.advice));
        }
        s.push_str(&format!(" in {}", n(files, "file", "files")));
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_counts_and_plurals() {
        let t = Tally {
            errors: 1,
            warnings: 2,
            advice: 0,
        };
        assert_eq!(t.summary(1), "1 error, 2 warnings in 1 file");
        let t = Tally {
            errors: 0,
            warnings: 1,
            advice: 3,
        };
        assert_eq!(t.summary(4), "0 errors, 1 warning, 3 advice in 4 files");
    }
}
