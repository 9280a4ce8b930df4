//! `pcql.Query`: the dynamic builder, names as strings, checked by the
//! library's `Checker` at `build()`.

use pcql::ast::Direction;
use pcql::builder::{BuildOptions, DynamicQuery, Scalar};
use pcql::check::CheckOptions;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt, PyString};

use crate::catalog::catalog_arg;
use crate::diag::{Diagnostic, check_error, to_python};
use crate::family_arg;

/// A number or a string, for a filter.
fn scalar(v: &Bound<'_, PyAny>) -> PyResult<Scalar> {
    if v.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err(
            "a filter value is a number or a string, not a bool (write 'Y'/'N' or 1/0)",
        ));
    }
    if v.is_instance_of::<PyInt>() {
        return match v.extract::<i64>() {
            Ok(i) => Ok(Scalar::from(i)),
            Err(_) => Ok(Scalar::from(v.extract::<u64>()?)),
        };
    }
    if v.is_instance_of::<PyFloat>() {
        return Ok(Scalar::from(v.extract::<f64>()?));
    }
    if v.is_instance_of::<PyString>() {
        return Ok(Scalar::from(v.extract::<String>()?));
    }
    Err(PyTypeError::new_err(format!(
        "a filter value is a number or a string, not {}",
        v.get_type().name()?
    )))
}

fn scalars(v: &Bound<'_, PyAny>) -> PyResult<Vec<Scalar>> {
    if v.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "IN takes a list of values, not a string",
        ));
    }
    v.try_iter()?.map(|item| scalar(&item?)).collect()
}

/// A query whose dataset and names are strings, checked at `build()`:
/// `Query("CustomersAndTenants").select("CustomerName").eq("CustomerMarket", "Germany").timespan("LAST_MONTH").build()`.
/// Every method returns the query itself, so calls chain.
#[pyclass(module = "pcql")]
pub struct Query {
    q: DynamicQuery,
}

impl Query {
    fn map(
        mut slf: PyRefMut<'_, Self>,
        f: impl FnOnce(DynamicQuery) -> DynamicQuery,
    ) -> PyRefMut<'_, Self> {
        let q = std::mem::replace(&mut slf.q, DynamicQuery::from(""));
        slf.q = f(q);
        slf
    }
}

#[pymethods]
impl Query {
    /// A query of `dataset`, selecting nothing yet.
    #[new]
    fn new(dataset: String) -> Self {
        Query {
            q: DynamicQuery::from(dataset),
        }
    }

    /// Select columns or metrics.
    #[pyo3(signature = (*names))]
    fn select(slf: PyRefMut<'_, Self>, names: Vec<String>) -> PyRefMut<'_, Self> {
        Self::map(slf, |q| q.select_all(names))
    }

    /// `SELECT DISTINCT`.
    fn distinct(slf: PyRefMut<'_, Self>) -> PyRefMut<'_, Self> {
        Self::map(slf, DynamicQuery::distinct)
    }

    /// A condition `name op value`, joined to the others by AND: `op` is
    /// `=`, `!=`, `>`, `>=`, `<`, `<=`, `like`, `not like`, `in`, `not in`
    /// (`in` takes a list).
    #[pyo3(name = "where")]
    fn where_<'py>(
        slf: PyRefMut<'py, Self>,
        name: String,
        op: &str,
        value: &Bound<'py, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let op = op.trim().to_ascii_lowercase();
        let op: String = op.split_whitespace().collect::<Vec<_>>().join(" ");
        Ok(match op.as_str() {
            "=" | "==" => {
                let v = scalar(value)?;
                Self::map(slf, |q| q.eq(name, v))
            }
            "!=" | "<>" => {
                let v = scalar(value)?;
                Self::map(slf, |q| q.ne(name, v))
            }
            ">" => {
                let v = scalar(value)?;
                Self::map(slf, |q| q.gt(name, v))
            }
            ">=" => {
                let v = scalar(value)?;
                Self::map(slf, |q| q.ge(name, v))
            }
            "<" => {
                let v = scalar(value)?;
                Self::map(slf, |q| q.lt(name, v))
            }
            "<=" => {
                let v = scalar(value)?;
                Self::map(slf, |q| q.le(name, v))
            }
            "like" => {
                let v: String = value.extract()?;
                Self::map(slf, |q| q.like(name, v))
            }
            "not like" => {
                let v: String = value.extract()?;
                Self::map(slf, |q| q.not_like(name, v))
            }
            "in" => {
                let v = scalars(value)?;
                Self::map(slf, |q| q.is_in(name, v))
            }
            "not in" => {
                let v = scalars(value)?;
                Self::map(slf, |q| q.not_in(name, v))
            }
            _ => {
                return Err(PyValueError::new_err(format!(
                    "`{op}` is not an operator of the language"
                )));
            }
        })
    }

    /// `name = value`
    fn eq<'py>(
        slf: PyRefMut<'py, Self>,
        name: String,
        value: &Bound<'py, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let v = scalar(value)?;
        Ok(Self::map(slf, |q| q.eq(name, v)))
    }

    /// `name != value`
    fn ne<'py>(
        slf: PyRefMut<'py, Self>,
        name: String,
        value: &Bound<'py, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let v = scalar(value)?;
        Ok(Self::map(slf, |q| q.ne(name, v)))
    }

    /// `name > value`
    fn gt<'py>(
        slf: PyRefMut<'py, Self>,
        name: String,
        value: &Bound<'py, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let v = scalar(value)?;
        Ok(Self::map(slf, |q| q.gt(name, v)))
    }

    /// `name >= value`
    fn ge<'py>(
        slf: PyRefMut<'py, Self>,
        name: String,
        value: &Bound<'py, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let v = scalar(value)?;
        Ok(Self::map(slf, |q| q.ge(name, v)))
    }

    /// `name < value`
    fn lt<'py>(
        slf: PyRefMut<'py, Self>,
        name: String,
        value: &Bound<'py, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let v = scalar(value)?;
        Ok(Self::map(slf, |q| q.lt(name, v)))
    }

    /// `name <= value`
    fn le<'py>(
        slf: PyRefMut<'py, Self>,
        name: String,
        value: &Bound<'py, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let v = scalar(value)?;
        Ok(Self::map(slf, |q| q.le(name, v)))
    }

    /// `name LIKE 'pattern'`
    fn like(slf: PyRefMut<'_, Self>, name: String, pattern: String) -> PyRefMut<'_, Self> {
        Self::map(slf, |q| q.like(name, pattern))
    }

    /// `name NOT LIKE 'pattern'`
    fn not_like(slf: PyRefMut<'_, Self>, name: String, pattern: String) -> PyRefMut<'_, Self> {
        Self::map(slf, |q| q.not_like(name, pattern))
    }

    /// `name IN (values…)`
    fn is_in<'py>(
        slf: PyRefMut<'py, Self>,
        name: String,
        values: &Bound<'py, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let v = scalars(values)?;
        Ok(Self::map(slf, |q| q.is_in(name, v)))
    }

    /// `name NOT IN (values…)`
    fn not_in<'py>(
        slf: PyRefMut<'py, Self>,
        name: String,
        values: &Bound<'py, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let v = scalars(values)?;
        Ok(Self::map(slf, |q| q.not_in(name, v)))
    }

    /// An `ORDER BY` key: `direction` is `asc` or `desc`.
    #[pyo3(signature = (name, direction = "asc"))]
    fn order_by<'py>(
        slf: PyRefMut<'py, Self>,
        name: String,
        direction: &str,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let d = match direction.to_ascii_lowercase().as_str() {
            "asc" => Direction::Asc,
            "desc" => Direction::Desc,
            _ => return Err(PyValueError::new_err("direction is 'asc' or 'desc'")),
        };
        Ok(Self::map(slf, |q| q.order_by(name, d)))
    }

    /// `LIMIT n`.
    fn limit(slf: PyRefMut<'_, Self>, n: u32) -> PyRefMut<'_, Self> {
        Self::map(slf, |q| q.limit(n))
    }

    /// `TIMESPAN range`, by name in any case (`"last_month"`).
    fn timespan(slf: PyRefMut<'_, Self>, range: String) -> PyRefMut<'_, Self> {
        Self::map(slf, |q| q.timespan(range))
    }

    /// Check the query: a `CheckedQuery`, or `CheckError` with every
    /// diagnostic (positions into `str(query)`). Warnings fail the build
    /// unless `allow_warnings`.
    #[pyo3(signature = (*, family = None, schemas = None, allow_warnings = false))]
    fn build(
        &self,
        py: Python<'_>,
        family: Option<&str>,
        schemas: Option<&Bound<'_, PyAny>>,
        allow_warnings: bool,
    ) -> PyResult<CheckedQuery> {
        let catalog = catalog_arg(py, schemas)?;
        let opts = BuildOptions {
            check: CheckOptions {
                family: family_arg(family)?,
            },
            allow_warnings,
        };
        match self.q.clone().build_with(&catalog, &opts) {
            Ok(checked) => {
                let text = checked.text().to_string();
                let (_, diags) = checked.into_parts();
                let diagnostics = to_python(py, diags, &text)?;
                Ok(CheckedQuery { text, diagnostics })
            }
            Err(e) => Err(check_error(py, e)),
        }
    }

    /// The query as built so far, unchecked.
    fn __str__(&self) -> String {
        self.q.to_string()
    }

    fn __repr__(&self) -> String {
        format!("Query({:?})", self.q.to_string())
    }
}

/// A query that passed the check: its canonical text (the catalog's
/// spelling) and the warnings or advice left.
#[pyclass(module = "pcql", frozen, get_all)]
pub struct CheckedQuery {
    /// The canonical text, ready to submit.
    pub text: String,
    /// Warnings and advice (never an error).
    pub diagnostics: Vec<Py<Diagnostic>>,
}

#[pymethods]
impl CheckedQuery {
    fn __str__(&self) -> String {
        self.text.clone()
    }

    fn __repr__(&self) -> String {
        format!("CheckedQuery({:?})", self.text)
    }
}
