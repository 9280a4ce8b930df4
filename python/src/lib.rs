//! The Python package `pcql`: the library's one `Checker`, its catalogs,
//! the dynamic builder and the client, as Python objects. Byte offsets are
//! converted once, in `positions`, to characters and `str` indices.

use pcql::schema::Family;
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;

mod builder;
mod catalog;
mod checker;
mod client;
mod diag;
mod positions;

create_exception!(
    pcql,
    PcqlError,
    PyException,
    "The base of every error pcql raises."
);
create_exception!(
    pcql,
    CheckError,
    PcqlError,
    "A text, built query or request that did not pass the check: the message is the rendered diagnostics, `.diagnostics` holds them."
);
create_exception!(
    pcql,
    SchemaError,
    PcqlError,
    "Schemas that could not be loaded (a directory or a response body)."
);
create_exception!(
    pcql,
    ApiError,
    PcqlError,
    "The API answered with an error: `.status`, `.message`, `.correlation_id`."
);
create_exception!(
    pcql,
    ClientError,
    PcqlError,
    "A call that got no usable answer: network, timeout, authentication, decoding, configuration."
);

/// `mpn`, `cmp` or `apps-games` (any case), or `None`.
pub fn family_arg(family: Option<&str>) -> PyResult<Option<Family>> {
    family
        .map(|f| {
            f.parse::<Family>()
                .map_err(|e| PyValueError::new_err(e.to_string()))
        })
        .transpose()
}

#[pymodule]
fn _pcql(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("PcqlError", py.get_type::<PcqlError>())?;
    m.add("CheckError", py.get_type::<CheckError>())?;
    m.add("SchemaError", py.get_type::<SchemaError>())?;
    m.add("ApiError", py.get_type::<ApiError>())?;
    m.add("ClientError", py.get_type::<ClientError>())?;
    m.add_class::<diag::Diagnostic>()?;
    m.add_class::<diag::Fix>()?;
    m.add_class::<diag::Edit>()?;
    m.add_class::<catalog::PyCatalog>()?;
    m.add_class::<catalog::Dataset>()?;
    m.add_class::<catalog::ColumnHint>()?;
    m.add_class::<checker::PyChecker>()?;
    m.add_class::<builder::Query>()?;
    m.add_class::<builder::CheckedQuery>()?;
    m.add_class::<client::PyClient>()?;
    m.add_class::<client::PyExecution>()?;
    m.add_function(wrap_pyfunction!(checker::check, m)?)?;
    m.add_function(wrap_pyfunction!(checker::fix, m)?)?;
    m.add_function(wrap_pyfunction!(checker::format, m)?)?;
    m.add_function(wrap_pyfunction!(checker::explain, m)?)?;
    m.add_function(wrap_pyfunction!(checker::_bench_rust, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
