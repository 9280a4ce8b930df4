//! `pcql.Diagnostic`, `pcql.Fix`, `pcql.Edit` and the `pcql.CheckError`
//! that carries them.

use std::sync::Arc;

use pcql::diagnostic::render::{self, Style};
use pyo3::prelude::*;
use pyo3::types::PyList;

use crate::CheckError;
use crate::positions::Positions;

/// The text a check read, shared by its diagnostics (for `render`).
pub struct Source {
    pub text: String,
}

/// One edit of a fix: replace `text[start:end]` by `replacement`.
#[pyclass(module = "pcql", frozen, get_all)]
#[derive(Clone)]
pub struct Edit {
    /// Index into the checked `str` where the replaced text starts.
    pub start: usize,
    /// Index into the checked `str` where it ends (exclusive).
    pub end: usize,
    /// The new text.
    pub replacement: String,
}

#[pymethods]
impl Edit {
    fn __repr__(&self) -> String {
        format!(
            "Edit(start={}, end={}, replacement={:?})",
            self.start, self.end, self.replacement
        )
    }
}

/// A set of edits that together fix one diagnostic.
#[pyclass(module = "pcql", frozen, get_all)]
pub struct Fix {
    /// What it does, e.g. "replace `TOP 10` by `LIMIT 10`".
    pub message: String,
    /// Whether it may be applied without review (`pcql check --fix` applies safe ones).
    pub safe: bool,
    /// The edits, in order.
    pub edits: Vec<Edit>,
}

#[pymethods]
impl Fix {
    fn __repr__(&self) -> String {
        let kind = if self.safe { "safe" } else { "unsafe" };
        format!(
            "Fix({kind}: {:?}, {} edit(s))",
            self.message,
            self.edits.len()
        )
    }
}

/// One problem found in a query or a request body.
#[pyclass(module = "pcql", frozen)]
pub struct Diagnostic {
    inner: pcql::Diagnostic,
    source: Arc<Source>,
    #[pyo3(get)]
    line: usize,
    #[pyo3(get)]
    column: usize,
    #[pyo3(get)]
    end_line: usize,
    #[pyo3(get)]
    end_column: usize,
    #[pyo3(get)]
    start: usize,
    #[pyo3(get)]
    end: usize,
    fixes: Vec<Py<Fix>>,
}

#[pymethods]
impl Diagnostic {
    /// The stable code, e.g. `"PQ2003"`.
    #[getter]
    fn code(&self) -> &'static str {
        self.inner.code.as_str()
    }

    /// The code's name, e.g. `"unknown-name"`.
    #[getter]
    fn name(&self) -> &'static str {
        self.inner.code.name()
    }

    /// `"error"`, `"warning"` or `"advice"`.
    #[getter]
    fn severity(&self) -> &'static str {
        self.inner.severity.as_str()
    }

    /// One sentence: what is wrong.
    #[getter]
    fn message(&self) -> &str {
        &self.inner.message
    }

    /// What to write instead, when known.
    #[getter]
    fn help(&self) -> Option<&str> {
        self.inner.help.as_deref()
    }

    /// The short note at the primary place (may be empty).
    #[getter]
    fn label(&self) -> &str {
        &self.inner.label
    }

    /// The fixes, each with its edits and whether it is safe.
    #[getter]
    fn fixes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.fixes.iter().map(|f| f.clone_ref(py)))
    }

    /// Whether it is an error.
    #[getter]
    fn is_error(&self) -> bool {
        self.inner.is_error()
    }

    /// The snippet text `pcql check` prints for it (no colours), the text
    /// shown as `name`.
    #[pyo3(signature = (name = "<string>"))]
    fn render(&self, name: &str) -> String {
        render::human(
            std::slice::from_ref(&self.inner),
            name,
            &self.source.text,
            Style::Plain,
        )
    }

    fn __repr__(&self) -> String {
        format!(
            "<Diagnostic {} ({}) {} at {}:{}: {}>",
            self.code(),
            self.name(),
            self.severity(),
            self.line,
            self.column,
            self.inner.message
        )
    }

    fn __str__(&self) -> String {
        format!(
            "{}:{}: {} {}: {}",
            self.line,
            self.column,
            self.severity(),
            self.code(),
            self.inner.message
        )
    }
}

/// The Python diagnostics of `diags`, spans converted against `text`.
pub fn to_python(
    py: Python<'_>,
    diags: Vec<pcql::Diagnostic>,
    text: &str,
) -> PyResult<Vec<Py<Diagnostic>>> {
    if diags.is_empty() {
        return Ok(Vec::new());
    }
    let pos = Positions::new(text);
    let source = Arc::new(Source {
        text: text.to_string(),
    });
    diags
        .into_iter()
        .map(|d| {
            let (a, b) = (pos.at(d.span.start), pos.at(d.span.end));
            let fixes = d
                .fixes
                .iter()
                .map(|f| {
                    let edits = f
                        .edits
                        .iter()
                        .map(|e| Edit {
                            start: pos.index(e.span.start),
                            end: pos.index(e.span.end),
                            replacement: e.replacement.clone(),
                        })
                        .collect();
                    Py::new(
                        py,
                        Fix {
                            message: f.message.clone(),
                            safe: f.is_safe(),
                            edits,
                        },
                    )
                })
                .collect::<PyResult<Vec<_>>>()?;
            Py::new(
                py,
                Diagnostic {
                    inner: d,
                    source: Arc::clone(&source),
                    line: a.line,
                    column: a.column,
                    end_line: b.line,
                    end_column: b.column,
                    start: a.index,
                    end: b.index,
                    fixes,
                },
            )
        })
        .collect()
}

/// The diagnostics rendered as `pcql check` prints them, the text shown as `name`.
pub fn rendered(diags: &[pcql::Diagnostic], name: &str, text: &str) -> String {
    render::human(diags, name, text, Style::Plain)
}

/// A `pcql.CheckError` for a refused text: its message is the rendered
/// diagnostics (after the library's one-line summary), `.diagnostics`
/// holds them and `.text` the text their positions point into.
pub fn check_error(py: Python<'_>, e: pcql::CheckError) -> PyErr {
    let text = e.source_text().to_string();
    let summary = e.to_string();
    let diags = e.into_diagnostics();
    let message = format!("{summary}\n\n{}", rendered(&diags, "<string>", &text));
    let err = CheckError::new_err(message.trim_end().to_string());
    let attach = || -> PyResult<()> {
        let value = err.value(py);
        value.setattr("diagnostics", to_python(py, diags, &text)?)?;
        value.setattr("text", text.clone())?;
        Ok(())
    };
    match attach() {
        Ok(()) => err,
        Err(e) => e,
    }
}
