//! Turning diagnostics into text: human (miette, with source snippets), JSON,
//! SARIF 2.1.0 ([`sarif`]) and GitHub Actions workflow commands ([`github`]).
//!
//! Rules build [`Diagnostic`] data; only this module knows how it looks.

pub mod github;
pub mod sarif;

use std::fmt;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode};
use serde::Serialize;

use super::{Diagnostic, Fix};
use crate::span::LineIndex;

/// How human output looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Colours and Unicode box drawing, for a terminal.
    Color,
    /// No colour codes, for logs, pipes and snapshots.
    Plain,
}

/// One diagnostic together with its source, as miette wants it.
struct Report<'a> {
    diag: &'a Diagnostic,
    source: NamedSource<String>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.diag, f)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diag.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!(
            "{}({})",
            self.diag.code.as_str(),
            self.diag.code.name()
        )))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diag.severity {
            super::Severity::Error => miette::Severity::Error,
            super::Severity::Warning => miette::Severity::Warning,
            super::Severity::Advice => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let mut parts: Vec<String> = Vec::new();
        if let Some(h) = &self.diag.help {
            parts.push(h.clone());
        }
        for fix in &self.diag.fixes {
            parts.push(fix_line(fix));
        }
        if parts.is_empty() {
            None
        } else {
            Some(Box::new(parts.join("\n")))
        }
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let label = (!self.diag.label.is_empty()).then(|| self.diag.label.clone());
        let primary = LabeledSpan::new_primary_with_span(label, self.diag.span);
        let related = self
            .diag
            .related
            .iter()
            .map(|l| LabeledSpan::new_with_span(Some(l.message.clone()), l.span));
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}

fn fix_line(fix: &Fix) -> String {
    let kind = if fix.is_safe() { "fix" } else { "suggestion" };
    format!("{kind}: {}", fix.message)
}

/// Render `diags` of the text `source` (shown as `name`) for people.
pub fn human(diags: &[Diagnostic], name: &str, source: &str, style: Style) -> String {
    let theme = match style {
        Style::Color => GraphicalTheme::unicode(),
        Style::Plain => GraphicalTheme::unicode_nocolor(),
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_links(false);
    let mut out = String::new();
    for d in diags {
        let report = Report {
            diag: d,
            source: NamedSource::new(name, source.to_string()),
        };
        // Writing into a String cannot fail.
        let _ = handler.render_report(&mut out, &report);
        out.push('\n');
    }
    out
}

/// One diagnostic as a JSON object, with 1-based line and column.
#[derive(Debug, Clone, Serialize)]
pub struct JsonDiagnostic<'a> {
    /// `PQ2003`
    pub code: &'a str,
    /// `unknown-name`
    pub name: &'a str,
    /// `error`, `warning` or `advice`
    pub severity: &'a str,
    /// The message.
    pub message: &'a str,
    /// The file, or `-` for standard input.
    pub file: &'a str,
    /// 1-based line of the primary span's start.
    pub line: usize,
    /// 1-based column (characters) of the primary span's start.
    pub column: usize,
    /// 1-based line of the primary span's end.
    pub end_line: usize,
    /// 1-based column of the primary span's end.
    pub end_column: usize,
    /// Byte offset of the primary span in the file.
    pub offset: usize,
    /// Length of the primary span in bytes.
    pub length: usize,
    /// The label at the primary span, or null.
    pub label: Option<&'a str>,
    /// What to write instead, or null.
    pub help: Option<&'a str>,
    /// Fixes.
    pub fixes: Vec<JsonFix<'a>>,
    /// Secondary places.
    pub related: Vec<JsonLocation<'a>>,
}

/// A fix in JSON.
#[derive(Debug, Clone, Serialize)]
pub struct JsonFix<'a> {
    /// What it does.
    pub message: &'a str,
    /// `safe` or `unsafe`.
    pub applicability: super::Applicability,
    /// The edits.
    pub edits: Vec<JsonEdit<'a>>,
}

/// An edit in JSON.
#[derive(Debug, Clone, Serialize)]
pub struct JsonEdit<'a> {
    /// Byte offset.
    pub offset: usize,
    /// Bytes replaced.
    pub length: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// New text.
    pub replacement: &'a str,
}

/// A secondary location in JSON.
#[derive(Debug, Clone, Serialize)]
pub struct JsonLocation<'a> {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// Byte offset.
    pub offset: usize,
    /// Bytes.
    pub length: usize,
    /// The note.
    pub message: &'a str,
}

/// The JSON form of each of `diags` in `file` whose text is `source`.
pub fn json_items<'a>(
    diags: &'a [Diagnostic],
    file: &'a str,
    source: &str,
) -> Vec<JsonDiagnostic<'a>> {
    let idx = LineIndex::new(source);
    diags
        .iter()
        .map(|d| {
            let (line, column) = idx.line_col(d.span.start);
            let (end_line, end_column) = idx.line_col(d.span.end);
            JsonDiagnostic {
                code: d.code.as_str(),
                name: d.code.name(),
                severity: d.severity.as_str(),
                message: &d.message,
                file,
                line,
                column,
                end_line,
                end_column,
                offset: d.span.start,
                length: d.span.len(),
                label: (!d.label.is_empty()).then_some(d.label.as_str()),
                help: d.help.as_deref(),
                fixes: d
                    .fixes
                    .iter()
                    .map(|f| JsonFix {
                        message: &f.message,
                        applicability: f.applicability,
                        edits: f
                            .edits
                            .iter()
                            .map(|e| {
                                let (line, column) = idx.line_col(e.span.start);
                                JsonEdit {
                                    offset: e.span.start,
                                    length: e.span.len(),
                                    line,
                                    column,
                                    replacement: &e.replacement,
                                }
                            })
                            .collect(),
                    })
                    .collect(),
                related: d
                    .related
                    .iter()
                    .map(|l| {
                        let (line, column) = idx.line_col(l.span.start);
                        JsonLocation {
                            line,
                            column,
                            offset: l.span.start,
                            length: l.span.len(),
                            message: &l.message,
                        }
                    })
                    .collect(),
            }
        })
        .collect()
}

/// `{"diagnostics": [...]}` for the diagnostics of one text, pretty-printed.
pub fn json(diags: &[Diagnostic], file: &str, source: &str) -> String {
    #[derive(Serialize)]
    struct Doc<'a> {
        diagnostics: Vec<JsonDiagnostic<'a>>,
    }
    serde_json::to_string_pretty(&Doc {
        diagnostics: json_items(diags, file, source),
    })
    .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// The diagnostics of one file (or of standard input) together with its text.
#[derive(Debug, Clone, Copy)]
pub struct FileDiagnostics<'a> {
    /// The name shown for it: a path as given, or `-` for standard input.
    pub file: &'a str,
    /// The text the diagnostics' spans point into.
    pub source: &'a str,
    /// Its diagnostics, in the order to show them.
    pub diagnostics: &'a [Diagnostic],
}

/// `{"diagnostics": [...]}` over several files, pretty-printed, in the order given.
pub fn json_files(files: &[FileDiagnostics<'_>]) -> String {
    #[derive(Serialize)]
    struct Doc<'a> {
        diagnostics: Vec<JsonDiagnostic<'a>>,
    }
    let diagnostics = files
        .iter()
        .flat_map(|f| json_items(f.diagnostics, f.file, f.source))
        .collect();
    serde_json::to_string_pretty(&Doc { diagnostics })
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Code, Edit};
    use crate::span::Span;

    fn sample() -> Diagnostic {
        Diagnostic::new(
            Code::Top,
            Span::new(7, 12),
            "TOP n is not part of the language",
        )
        .with_label("here")
        .with_help("write LIMIT 10 at the end of the query")
        .with_fix(Fix::safe(
            "replace `TOP 10` by `LIMIT 10`",
            vec![Edit::delete(Span::new(7, 13))],
        ))
    }

    #[test]
    fn human_plain_has_code_message_snippet_and_help() {
        let text = "SELECT TOP 10 a FROM b";
        let out = human(&[sample()], "q.pcql", text, Style::Plain);
        assert!(out.contains("PQ1113"), "{out}");
        assert!(out.contains("TOP n is not part of the language"), "{out}");
        assert!(out.contains("q.pcql:1:8"), "{out}");
        assert!(out.contains("fix: replace `TOP 10` by `LIMIT 10`"), "{out}");
        assert!(!out.contains('\u{1b}'), "plain output has no colour codes");
    }

    #[test]
    fn human_plain_snapshot_with_related_label_and_fixes() {
        let text = "SELECT CustomerNmae\nFROM CustomersAndTenants\nORDER BY CustomerNmae";
        let d = Diagnostic::new(
            Code::UnknownName,
            Span::new(7, 19),
            "`CustomerNmae` is not a column or metric of CustomersAndTenants",
        )
        .with_label("not in the dataset")
        .with_related(Span::new(25, 44), "the dataset")
        .with_help("did you mean `CustomerName`?")
        .with_fix(Fix::unsafe_(
            "replace by `CustomerName`",
            vec![Edit::replace(Span::new(7, 19), "CustomerName")],
        ));
        insta::assert_snapshot!(human(&[d], "q.pcql", text, Style::Plain));
    }

    #[test]
    fn json_has_positions() {
        let text = "SELECT\nTOP 10 a FROM b";
        let d = Diagnostic::new(Code::Top, Span::new(7, 10), "m");
        let v: serde_json::Value = serde_json::from_str(&json(&[d], "-", text)).unwrap();
        let item = &v["diagnostics"][0];
        assert_eq!(item["code"], "PQ1113");
        assert_eq!(item["line"], 2);
        assert_eq!(item["column"], 1);
        assert_eq!(item["offset"], 7);
        assert_eq!(item["length"], 3);
        assert!(item["help"].is_null());
        assert_eq!(item["fixes"].as_array().unwrap().len(), 0);
    }

    #[test]
    fn json_files_concatenates_in_order() {
        let d = [sample()];
        let files = [
            FileDiagnostics {
                file: "a.pcql",
                source: "SELECT TOP 10 a FROM b",
                diagnostics: &d,
            },
            FileDiagnostics {
                file: "b.pcql",
                source: "SELECT TOP 10 a FROM b",
                diagnostics: &d,
            },
        ];
        let v: serde_json::Value = serde_json::from_str(&json_files(&files)).unwrap();
        let items = v["diagnostics"].as_array().unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0]["file"], "a.pcql");
        assert_eq!(items[1]["file"], "b.pcql");
        assert_eq!(items[1]["fixes"][0]["applicability"], "safe");
    }
}
