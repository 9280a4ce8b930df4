//! Writing the results of `pcql check` in the format asked for.

use std::io::{self, IsTerminal, Write};

use clap::ValueEnum;

use pcql::diagnostic::render::{self, Document, DocumentWriter, FileDiagnostics, Style};
use pcql::diagnostic::{Code, Diagnostic, Severity};

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
            Color::Auto => auto_color(tty, |k| std::env::var_os(k)),
        };
        if on { Style::Color } else { Style::Plain }
    }
}

/// `--color auto`: `FORCE_COLOR` or `CLICOLOR_FORCE` set (not empty, not
/// `0`) turn colour on; otherwise `NO_COLOR` set (not empty) turns it off;
/// otherwise colour on a terminal.
pub fn auto_color(tty: bool, var: impl Fn(&str) -> Option<std::ffi::OsString>) -> bool {
    let set = |k: &str| var(k).is_some_and(|v| !v.is_empty() && v != "0");
    if set("FORCE_COLOR") || set("CLICOLOR_FORCE") {
        return true;
    }
    tty && var("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// The output of one checked text (a file, or a piece of one with the lines
/// around it), rendered by a worker: for JSON and SARIF one array item per
/// diagnostic, otherwise the text to print.
pub fn render_piece(
    file: &FileDiagnostics<'_>,
    (before, after): (&str, &str),
    format: Format,
    style: Style,
) -> Vec<String> {
    if file.diagnostics.is_empty() {
        return Vec::new();
    }
    match format {
        Format::Human => vec![render::human_in_context(file, before, after, style)],
        Format::Github => vec![render::github::lines(file)],
        Format::Json => {
            let doc = Document::json();
            render::json_items(file)
                .iter()
                .map(|item| doc.item(item))
                .collect()
        }
        Format::Sarif => {
            let doc = render::sarif::document();
            render::sarif::results(file)
                .iter()
                .map(|r| doc.item(r))
                .collect()
        }
    }
}

/// Writes the output of `pcql check` as the pieces come, in input order:
/// one document for JSON and SARIF, lines for the other formats.
pub struct Emitter<W: Write> {
    sink: Sink<W>,
}

enum Sink<W: Write> {
    Text(W),
    Document(DocumentWriter<W>),
}

impl<W: Write> Emitter<W> {
    /// Start the output in `format` (JSON and SARIF write their head now).
    pub fn start(format: Format, out: W) -> io::Result<Self> {
        let sink = match format {
            Format::Human | Format::Github => Sink::Text(out),
            Format::Json => Sink::Document(DocumentWriter::start(Document::json(), out)?),
            Format::Sarif => Sink::Document(DocumentWriter::start(
                render::sarif::document().clone(),
                out,
            )?),
        };
        Ok(Emitter { sink })
    }

    /// Write the pieces rendered by [`render_piece`].
    pub fn write(&mut self, pieces: &[String]) -> io::Result<()> {
        for p in pieces {
            match &mut self.sink {
                Sink::Text(out) => out.write_all(p.as_bytes())?,
                Sink::Document(doc) => doc.push(p)?,
            }
        }
        Ok(())
    }

    /// End the output and flush it.
    pub fn finish(self) -> io::Result<()> {
        let mut out = match self.sink {
            Sink::Text(out) => out,
            Sink::Document(doc) => {
                let mut out = doc.finish()?;
                out.write_all(b"\n")?;
                out
            }
        };
        out.flush()
    }
}

/// How many codes there are.
const CODES: usize = Code::ALL.len();

/// Counts of errors, warnings and advice, and of each code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Advice.
    pub advice: usize,
    /// Findings per code, in the order of [`Code::ALL`].
    pub by_code: [u32; CODES],
}

impl Default for Tally {
    fn default() -> Self {
        Tally {
            errors: 0,
            warnings: 0,
            advice: 0,
            by_code: [0; CODES],
        }
    }
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
            if let Some(i) = Code::ALL.iter().position(|&c| c == d.code) {
                self.by_code[i] += 1;
            }
        }
    }

    /// Count another tally in.
    pub fn add_tally(&mut self, other: Tally) {
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.advice += other.advice;
        for (a, b) in self.by_code.iter_mut().zip(other.by_code) {
            *a += b;
        }
    }

    /// `--statistics`: one line per code found, most found first:
    /// `    12  PQ2003  unknown-name`.
    pub fn statistics(&self) -> String {
        let mut rows: Vec<(u32, Code)> = Code::ALL
            .iter()
            .zip(self.by_code)
            .filter(|(_, n)| *n > 0)
            .map(|(&c, n)| (n, c))
            .collect();
        rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        rows.iter()
            .map(|(n, c)| format!("{n:>6}  {}  {}\n", c.as_str(), c.name()))
            .collect()
    }

    /// This tally and `other` together.
    pub fn plus(mut self, other: Tally) -> Tally {
        self.add_tally(other);
        self
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
            ..Tally::default()
        };
        assert_eq!(t.summary(1), "1 error, 2 warnings in 1 file");
        let t = Tally {
            errors: 0,
            warnings: 1,
            advice: 3,
            ..Tally::default()
        };
        assert_eq!(t.summary(4), "0 errors, 1 warning, 3 advice in 4 files");
    }

    #[test]
    fn statistics_count_per_code_most_first() {
        let d = |c| Diagnostic::new(c, pcql::span::Span::default(), "m");
        let mut t = Tally::default();
        t.add(&[
            d(Code::NameCase),
            d(Code::UnknownName),
            d(Code::UnknownName),
        ]);
        assert_eq!(
            t.statistics(),
            "     2  PQ2003  unknown-name\n     1  PQ2005  name-case\n"
        );
    }

    #[test]
    fn force_color_beats_no_color_and_no_terminal() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| std::ffi::OsString::from(v))
            }
        };
        assert!(auto_color(true, env(&[])));
        assert!(!auto_color(false, env(&[])));
        assert!(!auto_color(true, env(&[("NO_COLOR", "1")])));
        assert!(auto_color(false, env(&[("FORCE_COLOR", "1")])));
        assert!(auto_color(
            false,
            env(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")])
        ));
        assert!(!auto_color(false, env(&[("FORCE_COLOR", "0")])));
    }
}
