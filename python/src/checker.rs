//! `pcql.Checker` and the module functions `check`, `fix`, `format`,
//! `explain`: thin calls of the library's one `Checker`.

use pcql::check::{Level, Levels};
use pcql::{Code, FixMode, SourceKind};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::catalog::{PyCatalog, catalog_arg};
use crate::diag::{Diagnostic, check_error, to_python};
use crate::family_arg;

/// Texts at least this long are checked with the GIL released.
const RELEASE_GIL_AT: usize = 4096;

/// A checker with one configuration (catalog, family, per-code levels),
/// reusing its catalog across calls.
#[pyclass(name = "Checker", module = "pcql", frozen)]
pub struct PyChecker {
    pub checker: pcql::Checker<'static>,
}

impl PyChecker {
    pub fn from_args(
        py: Python<'_>,
        family: Option<&str>,
        schemas: Option<&Bound<'_, PyAny>>,
        config: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<pcql::Checker<'static>> {
        let catalog = catalog_arg(py, schemas)?;
        let mut checker = pcql::Checker::new(catalog).with_family(family_arg(family)?);
        if let Some(config) = config.filter(|c| !c.is_none()) {
            checker = checker.with_levels(levels(config)?);
        }
        Ok(checker)
    }

    /// Run `f` on `text`, without the GIL when the text is large.
    pub fn run<T: Send>(py: Python<'_>, text: &str, f: impl FnOnce(&str) -> T + Send) -> T {
        if text.len() >= RELEASE_GIL_AT {
            py.allow_threads(|| f(text))
        } else {
            f(text)
        }
    }

    pub fn check(
        &self,
        py: Python<'_>,
        text: &str,
        kind: Option<&str>,
    ) -> PyResult<Vec<Py<Diagnostic>>> {
        let kind = kind_arg(kind)?.unwrap_or_else(|| SourceKind::detect(text));
        let diags = Self::run(py, text, |t| self.checker.check_as(kind, t));
        to_python(py, diags, text)
    }

    pub fn fix(&self, py: Python<'_>, text: &str, unsafe_: bool) -> String {
        let mode = if unsafe_ {
            FixMode::Unsafe
        } else {
            FixMode::Safe
        };
        Self::run(py, text, |t| self.checker.fix(t, mode).text)
    }
}

/// `"queries"` or `"body"`; `None` detects it (a text starting with `{` is a body).
fn kind_arg(kind: Option<&str>) -> PyResult<Option<SourceKind>> {
    match kind {
        None => Ok(None),
        Some("queries") => Ok(Some(SourceKind::Queries)),
        Some("body") => Ok(Some(SourceKind::Body)),
        Some(k) => Err(PyValueError::new_err(format!(
            "kind is 'queries' or 'body', not `{k}`"
        ))),
    }
}

/// Per-code levels from `{"PQ2003": "warn", "select-star": "allow"}`: the
/// `[codes]` table of `pcql.toml`.
fn levels(config: &Bound<'_, PyAny>) -> PyResult<Levels> {
    let table = config.downcast::<PyDict>().map_err(|_| {
        PyTypeError::new_err("config must be a dict of code to level, like pcql.toml's [codes]")
    })?;
    let table = match table.get_item("codes")? {
        Some(codes) => codes.downcast_into::<PyDict>().map_err(|_| {
            PyTypeError::new_err("config[\"codes\"] must be a dict of code to level")
        })?,
        None => table.clone(),
    };
    let mut levels = Levels::new();
    for (k, v) in table.iter() {
        let k: String = k.extract()?;
        let v: String = v.extract()?;
        let code = Code::parse(&k)
            .ok_or_else(|| PyValueError::new_err(format!("`{k}` is not a pcql code")))?;
        let level: Level = v
            .parse()
            .map_err(|e: pcql::check::UnknownLevel| PyValueError::new_err(e.to_string()))?;
        levels = levels.with(code, level);
    }
    Ok(levels)
}

#[pymethods]
impl PyChecker {
    /// `family`: `mpn`, `cmp` or `apps-games` (`None`: each query's
    /// dataset decides). `schemas`: a directory path or a `Catalog`
    /// (`None`: the bundled snapshot). `config`: per-code levels,
    /// `{"PQ5001": "allow"}` (or `{"codes": {...}}`, as in `pcql.toml`).
    #[new]
    #[pyo3(signature = (family = None, schemas = None, config = None))]
    fn new(
        py: Python<'_>,
        family: Option<&str>,
        schemas: Option<&Bound<'_, PyAny>>,
        config: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        Ok(PyChecker {
            checker: Self::from_args(py, family, schemas, config)?,
        })
    }

    /// Every diagnostic of `text` (queries separated by `;`, or one JSON
    /// request body), in order. `kind` (`"queries"` or `"body"`) overrides
    /// the detection.
    #[pyo3(name = "check", signature = (text, *, kind = None))]
    fn py_check(
        &self,
        py: Python<'_>,
        text: &str,
        kind: Option<&str>,
    ) -> PyResult<Vec<Py<Diagnostic>>> {
        self.check(py, text, kind)
    }

    /// `text` with the fixes applied (safe ones; unsafe ones too with `unsafe=True`).
    #[pyo3(name = "fix", signature = (text, *, r#unsafe = false))]
    fn py_fix(&self, py: Python<'_>, text: &str, r#unsafe: bool) -> String {
        self.fix(py, text, r#unsafe)
    }

    /// One query: its canonical text when it has no error, otherwise
    /// `CheckError`.
    fn check_query(&self, py: Python<'_>, text: &str) -> PyResult<String> {
        match Self::run(py, text, |t| {
            self.checker.check_query(t).map(|c| c.text().to_string())
        }) {
            Ok(t) => Ok(t),
            Err(e) => Err(check_error(py, e)),
        }
    }

    /// The text in canonical form.
    fn format(&self, text: &str) -> String {
        format(text)
    }

    /// The long explanation of a code.
    fn explain(&self, code: &str) -> PyResult<String> {
        explain(code)
    }

    /// The catalog it checks against.
    #[getter]
    fn catalog(&self) -> PyCatalog {
        PyCatalog {
            catalog: self.checker.catalog_ref().clone(),
        }
    }

    /// The family configured, if any.
    #[getter]
    fn family(&self) -> Option<&'static str> {
        self.checker.family().map(|f| f.as_str())
    }

    fn __repr__(&self) -> String {
        format!(
            "<Checker family={:?}, {} dataset(s)>",
            self.family(),
            self.checker.catalog().datasets().len()
        )
    }
}

/// Every diagnostic of `text` (a file's worth of queries or one JSON
/// request body), in order. `kind` (`"queries"` or `"body"`) overrides
/// the detection.
#[pyfunction]
#[pyo3(signature = (text, *, family = None, schemas = None, kind = None))]
pub fn check(
    py: Python<'_>,
    text: &str,
    family: Option<&str>,
    schemas: Option<&Bound<'_, PyAny>>,
    kind: Option<&str>,
) -> PyResult<Vec<Py<Diagnostic>>> {
    let checker = PyChecker {
        checker: PyChecker::from_args(py, family, schemas, None)?,
    };
    checker.check(py, text, kind)
}

/// `text` with the fixes applied until none is left.
#[pyfunction]
#[pyo3(signature = (text, *, r#unsafe = false, family = None, schemas = None))]
pub fn fix(
    py: Python<'_>,
    text: &str,
    r#unsafe: bool,
    family: Option<&str>,
    schemas: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let checker = PyChecker {
        checker: PyChecker::from_args(py, family, schemas, None)?,
    };
    Ok(checker.fix(py, text, r#unsafe))
}

/// A file of queries in canonical form (`pcql fmt`); statements with errors
/// are kept as written.
#[pyfunction]
pub fn format(text: &str) -> String {
    pcql::syntax::format_file(text).unwrap_or_else(|| text.to_string())
}

/// The long explanation (Markdown) of a code: `PQ1101`, `pq1101`, `1101`
/// or its name `select-star`.
#[pyfunction]
pub fn explain(code: &str) -> PyResult<String> {
    let c = code.trim();
    Code::parse(c)
        .or_else(|| Code::parse(&format!("PQ{c}")))
        .or_else(|| Code::parse(&c.to_ascii_lowercase()))
        .map(|c| c.explanation().to_string())
        .ok_or_else(|| PyValueError::new_err(format!("unknown code `{code}`")))
}

/// Check each text in Rust, in a loop, with one bundled-catalog checker:
/// the number of diagnostics and the seconds the loop took (the
/// benchmark's Rust baseline; the texts are converted before the clock starts).
#[pyfunction]
pub fn _bench_rust(py: Python<'_>, texts: Vec<String>) -> (usize, f64) {
    py.allow_threads(|| {
        let checker = pcql::Checker::new(pcql::Catalog::bundled());
        let start = std::time::Instant::now();
        let n = texts.iter().map(|t| checker.check(t).len()).sum();
        (n, start.elapsed().as_secs_f64())
    })
}
