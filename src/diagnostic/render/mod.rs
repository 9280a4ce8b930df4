//! Turning diagnostics into text: human (miette, with source snippets), JSON,
//! SARIF 2.1.0 ([`sarif`]) and GitHub Actions workflow commands ([`github`]).
//!
//! Rules build [`Diagnostic`] data; only this module knows how it looks.

mod document;
pub mod github;
pub mod sarif;
mod window;

pub use document::{Document, DocumentWriter};

use std::fmt;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};
use serde::Serialize;

use super::{Diagnostic, Fix};
use crate::span::{LineIndex, Span};

/// Lines longer than this (bytes) are cut to a window around the span.
const LONG_LINE: usize = 400;
/// Bytes of a long line shown on each side of the span.
const AROUND: usize = 60;
/// Longest span underlined (bytes); a longer one is underlined from its start.
const LONGEST_LABEL: usize = 240;

/// How human output looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Colours and Unicode box drawing, for a terminal.
    Color,
    /// No colour codes, for logs, pipes and snapshots.
    Plain,
}

/// Where a text starts in its file, when it is a piece of the file (see
/// [`crate::syntax::Chunks`]): diagnostics' spans are offsets into the piece,
/// positions in the output are positions in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Origin {
    /// Byte offset of the text in the file.
    pub offset: usize,
    /// Lines of the file before the text; the text starts at a line start.
    pub line: usize,
}

/// One diagnostic together with its source, as miette wants it.
struct Report<'a> {
    diag: &'a Diagnostic,
    source: &'a window::Window<'a>,
    /// The primary span in `source`.
    primary: Span,
    /// The related spans in `source` that are shown, with their notes.
    related: Vec<(Span, &'a str)>,
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
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let label = (!self.diag.label.is_empty()).then(|| self.diag.label.clone());
        let primary = LabeledSpan::new_primary_with_span(label, self.primary);
        let related = self
            .related
            .iter()
            .map(|&(span, note)| LabeledSpan::new_with_span(Some(note.to_string()), span));
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}

fn fix_line(fix: &Fix) -> String {
    let kind = if fix.is_safe() { "fix" } else { "suggestion" };
    format!("{kind}: {}", fix.message)
}

/// The width human snippets wrap their messages and help to, in columns.
static WIDTH: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(DEFAULT_WIDTH);

/// The width when none is set: 100 columns.
pub const DEFAULT_WIDTH: usize = 100;

/// Wrap human snippets to `columns` (kept within 40..=400) from now on, for
/// the whole process: the command line sets it to the terminal's width.
pub fn set_width(columns: usize) {
    WIDTH.store(columns.clamp(40, 400), std::sync::atomic::Ordering::Relaxed);
}

/// The width human snippets wrap to ([`set_width`], else [`DEFAULT_WIDTH`]).
pub fn width() -> usize {
    WIDTH.load(std::sync::atomic::Ordering::Relaxed)
}

/// Render `diags` of the text `source` (shown as `name`) for people.
pub fn human(diags: &[Diagnostic], name: &str, source: &str, style: Style) -> String {
    human_file(
        &FileDiagnostics {
            file: name,
            source,
            diagnostics: diags,
            origin: Origin::default(),
        },
        style,
    )
}

/// Render the diagnostics of `file` for people. Each snippet costs the
/// lines it shows, whatever the size of the text.
pub fn human_file(file: &FileDiagnostics<'_>, style: Style) -> String {
    human_in_context(file, "", "", style)
}

/// Render the diagnostics of `file`, a piece of a larger file, for people;
/// `before` and `after` are the whole lines of the file around the piece, so
/// that snippets at its edges show the same context as in the whole file.
pub fn human_in_context(
    file: &FileDiagnostics<'_>,
    before: &str,
    after: &str,
    style: Style,
) -> String {
    let joined;
    let text = if before.is_empty() && after.is_empty() {
        file.source
    } else {
        joined = [before, file.source, after].concat();
        &joined
    };
    let origin = Origin {
        offset: file.origin.offset.saturating_sub(before.len()),
        line: file
            .origin
            .line
            .saturating_sub(before.matches('\n').count()),
    };
    let theme = match style {
        Style::Color => GraphicalTheme::unicode(),
        Style::Plain => GraphicalTheme::unicode_nocolor(),
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(width())
        .with_links(false);
    let source = window::Window::new(file.file, text, origin);
    let index = source.index();
    let shift = before.len();
    let mut out = String::new();
    for d in file.diagnostics {
        let primary = clamp(text, d.span.shift(shift));
        let line = index.line_of(primary.start);
        let (line_start, line_end) = (index.line_start(line), index.line_start(line + 1));
        let related = |keep: &dyn Fn(Span) -> bool| -> Vec<(Span, &str)> {
            d.related
                .iter()
                .map(|l| (clamp(text, l.span.shift(shift)), l.message.as_str()))
                .filter(|&(s, _)| keep(s))
                .collect()
        };
        // A span on a long line, or next to one (miette shows a line of
        // context on each side).
        let long = |s: Span| {
            let l = index.line_of(s.start);
            (l.saturating_sub(1)..=l + 1)
                .any(|l| index.line_start(l + 1) - index.line_start(l) > LONG_LINE)
        };
        let related_all = related(&|_| true);
        if !long(primary) && !related_all.iter().any(|&(s, _)| long(s)) {
            let report = Report {
                diag: d,
                source: &source,
                primary,
                related: related_all,
            };
            // Writing into a String cannot fail.
            let _ = handler.render_report(&mut out, &report);
            out.push('\n');
            continue;
        }
        // A long line (minified text, a generated query): show a window of
        // it around the span, and only the related places inside the window.
        let from = floor(text, primary.start.saturating_sub(AROUND).max(line_start));
        let to = ceil(text, (primary.end + AROUND).min(line_end));
        let text_end = line_start
            + text[line_start..line_end]
                .trim_end_matches(['\n', '\r'])
                .len();
        let to = to.clamp(from, text_end.max(from));
        let body = &text[from..to];
        let lead = if from > line_start { "…" } else { "" };
        let tail = if to < text_end { "…" } else { "" };
        let excerpt = format!("{lead}{body}{tail}");
        let moved = |s: Span| {
            let start = s.start.clamp(from, to);
            Span::new(
                start - from + lead.len(),
                s.end.clamp(start, to) - from + lead.len(),
            )
        };
        let inside = |s: Span| s.start >= from && s.start <= from + body.len();
        let shown: Vec<(Span, &str)> = related(&inside)
            .into_iter()
            .map(|(s, m)| (moved(s), m))
            .collect();
        let chars_left_out = index.line_col(from).1 - 1 - lead.chars().count();
        let window = window::Window::excerpt(
            file.file,
            &excerpt,
            Origin {
                offset: origin.offset + from,
                line: origin.line + line,
            },
            chars_left_out,
        );
        let report = Report {
            diag: d,
            source: &window,
            primary: moved(primary),
            related: shown,
        };
        let _ = handler.render_report(&mut out, &report);
        out.push('\n');
    }
    out
}

/// `span` inside `text`, on character boundaries, and at most
/// [`LONGEST_LABEL`] bytes long.
fn clamp(text: &str, span: Span) -> Span {
    let start = floor(text, span.start.min(text.len()));
    let end = span.end.clamp(start, text.len());
    let end = if end - start > LONGEST_LABEL {
        floor(text, start + LONGEST_LABEL)
    } else {
        ceil(text, end)
    };
    Span::new(start, end.max(start))
}

/// `at` moved back to a character boundary.
fn floor(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// `at` moved forward to a character boundary.
fn ceil(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
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

/// The JSON form of each diagnostic of `f`.
pub fn json_items<'a>(f: &FileDiagnostics<'a>) -> Vec<JsonDiagnostic<'a>> {
    let idx = LineIndex::new(f.source);
    let Origin {
        offset,
        line: lines,
    } = f.origin;
    let line_col = |at: usize| {
        let (line, column) = idx.line_col(at);
        (line + lines, column)
    };
    let file = f.file;
    f.diagnostics
        .iter()
        .map(|d| {
            let (line, column) = line_col(d.span.start);
            let (end_line, end_column) = line_col(d.span.end);
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
                offset: d.span.start + offset,
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
                                let (line, column) = line_col(e.span.start);
                                JsonEdit {
                                    offset: e.span.start + offset,
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
                        let (line, column) = line_col(l.span.start);
                        JsonLocation {
                            line,
                            column,
                            offset: l.span.start + offset,
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
    json_files(&[FileDiagnostics {
        file,
        source,
        diagnostics: diags,
        origin: Origin::default(),
    }])
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
    /// Where `source` starts in the file, when it is a piece of it.
    pub origin: Origin,
}

/// `{"diagnostics": [...]}` over several files, pretty-printed, in the order given.
pub fn json_files(files: &[FileDiagnostics<'_>]) -> String {
    let doc = Document::json();
    let items = files
        .iter()
        .flat_map(json_items)
        .map(|item| doc.item(&item));
    doc.to_string(items)
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
                origin: Origin::default(),
            },
            FileDiagnostics {
                file: "b.pcql",
                source: "SELECT TOP 10 a FROM b",
                diagnostics: &d,
                origin: Origin::default(),
            },
        ];
        let v: serde_json::Value = serde_json::from_str(&json_files(&files)).unwrap();
        let items = v["diagnostics"].as_array().unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0]["file"], "a.pcql");
        assert_eq!(items[1]["file"], "b.pcql");
        assert_eq!(items[1]["fixes"][0]["applicability"], "safe");
    }

    #[test]
    fn a_span_past_column_65535_is_shown_in_a_window_of_its_line() {
        let text = format!(
            "{}SELECT Nope FROM CustomersAndTenants\n",
            " ".repeat(70_000)
        );
        let at = 70_007;
        let d = |i: usize| {
            Diagnostic::new(
                Code::UnknownName,
                Span::new(at, at + 4),
                format!("unknown {i}"),
            )
            .with_label("unknown name")
            .with_related(Span::new(at + 10, at + 29), "the dataset")
            .with_related(Span::new(0, 1), "far away")
        };
        let diags: Vec<Diagnostic> = (0..50).map(d).collect();
        let out = human(&diags, "w.pcql", &text, Style::Plain);
        assert!(out.contains("[w.pcql:1:70008]"), "{out}");
        assert!(
            out.contains("…") && out.contains("Nope FROM CustomersAndTenants"),
            "{out}"
        );
        assert!(
            out.contains("unknown name") && out.contains("the dataset"),
            "{out}"
        );
        // Not the whole line once per diagnostic: a few hundred bytes each.
        assert!(out.len() < 50 * 1_500, "{}", out.len());
    }

    #[test]
    fn a_huge_span_is_underlined_from_its_start() {
        let text = format!("SELECT a FROM b WHERE c = '{}'", "x".repeat(100_000));
        let d = Diagnostic::new(Code::Top, Span::new(26, text.len()), "long").with_label("here");
        let out = human(&[d], "q.pcql", &text, Style::Plain);
        assert!(out.contains("[q.pcql:1:27]") && out.len() < 3_000, "{out}");
    }

    #[test]
    fn human_header_counts_characters_like_json() {
        let text = "SELECT a\nFROM b\n\nWHERE CustomerMarket = 'Ünïcödé 日本' AND Bar = 1\n";
        let at = text.find("Bar").unwrap();
        let d = Diagnostic::new(Code::UnknownName, Span::new(at, at + 3), "m").with_label("x");
        let out = human(std::slice::from_ref(&d), "f.pcql", text, Style::Plain);
        assert!(out.contains("[f.pcql:4:41]"), "{out}");
        let v: serde_json::Value = serde_json::from_str(&json(&[d], "f.pcql", text)).unwrap();
        assert_eq!(
            (
                v["diagnostics"][0]["line"].as_u64(),
                v["diagnostics"][0]["column"].as_u64()
            ),
            (Some(4), Some(41))
        );
    }
}
