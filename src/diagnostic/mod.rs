//! Diagnostics: data that every stage produces, separate from how it is shown.
//!
//! A [`Diagnostic`] has a stable [`Code`] from one registry
//! (`src/diagnostic/codes.rs`), a [`Severity`], a short message, a primary
//! span with a label, optional help, secondary labels, and [`Fix`]es: edits
//! on byte spans that are marked safe (machine-applicable) or unsafe (a
//! suggestion to review).

mod codes;
mod fix;
pub mod render;

pub use codes::Code;
pub use fix::{Applicability, Edit, Fix, FixError, FixPlan, apply_fixes};

use serde::Serialize;

use crate::span::Span;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The service would reject the query or report, or the text is not the language.
    Error,
    /// The service accepts it but it probably does not do what was meant.
    Warning,
    /// Worth knowing; nothing is wrong.
    Advice,
}

impl Severity {
    /// `error`, `warning` or `advice`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Advice => "advice",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A secondary place worth pointing at, with a short note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What about it.
    pub message: String,
}

/// One problem found in a query or a request body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable code, e.g. `PQ2003`.
    pub code: Code,
    /// Severity (the code's default unless configuration changed it).
    pub severity: Severity,
    /// One sentence: what is wrong.
    pub message: String,
    /// The primary place.
    pub span: Span,
    /// A short note at the primary place (may be empty).
    pub label: String,
    /// What to write instead, when known.
    pub help: Option<String>,
    /// Other places that explain the problem.
    pub related: Vec<Label>,
    /// Edits that fix it.
    pub fixes: Vec<Fix>,
}

impl Diagnostic {
    /// A diagnostic with the code's default severity.
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.default_severity(),
            message: message.into(),
            span,
            label: String::new(),
            help: None,
            related: Vec::new(),
            fixes: Vec::new(),
        }
    }

    /// Set the label at the primary span.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// Set the help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Add a secondary label.
    pub fn with_related(mut self, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    /// Add a fix.
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fixes.push(fix);
        self
    }

    /// Override the severity.
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The same diagnostic with every span moved right by `offset` bytes
    /// (from a query's own text to the file it stands in).
    pub fn shifted(mut self, offset: usize) -> Self {
        self.span = self.span.shift(offset);
        for l in &mut self.related {
            l.span = l.span.shift(offset);
        }
        for f in &mut self.fixes {
            for e in &mut f.edits {
                e.span = e.span.shift(offset);
            }
        }
        self
    }
}

/// The one order of diagnostics: by position (start, then end), then code,
/// then severity; the rest only to keep the order total.
impl Ord for Diagnostic {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let key = |d: &Diagnostic| (d.span.start, d.span.end, d.code, d.severity);
        key(self)
            .cmp(&key(other))
            .then_with(|| self.message.cmp(&other.message))
            .then_with(|| self.label.cmp(&other.label))
            .then_with(|| self.help.cmp(&other.help))
            .then_with(|| {
                let related = |d: &Diagnostic| {
                    d.related
                        .iter()
                        .map(|l| (l.span, l.message.clone()))
                        .collect::<Vec<_>>()
                };
                related(self).cmp(&related(other))
            })
            .then_with(|| {
                let fixes = |d: &Diagnostic| {
                    d.fixes
                        .iter()
                        .map(|f| {
                            let edits: Vec<_> = f
                                .edits
                                .iter()
                                .map(|e| (e.span, e.replacement.clone()))
                                .collect();
                            (f.message.clone(), f.is_safe(), edits)
                        })
                        .collect::<Vec<_>>()
                };
                fixes(self).cmp(&fixes(other))
            })
    }
}

impl PartialOrd for Diagnostic {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Whether any diagnostic in `diags` is an error.
pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(Diagnostic::is_error)
}
