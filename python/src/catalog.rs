//! `pcql.Catalog` and `pcql.Dataset`: the schemas a check reads, for tools
//! that want to list them.

use std::collections::BTreeMap;
use std::path::PathBuf;

use pcql::check::CatalogRef;
use pcql::schema::{Catalog as RustCatalog, Family};
use pyo3::prelude::*;

use crate::{SchemaError, family_arg};

/// A catalog of dataset schemas: the bundled snapshot, a directory, or an
/// API response.
#[pyclass(name = "Catalog", module = "pcql", frozen)]
#[derive(Clone)]
pub struct PyCatalog {
    pub catalog: CatalogRef<'static>,
}

fn schema_error(e: pcql::schema::SchemaError) -> PyErr {
    SchemaError::new_err(e.to_string())
}

impl PyCatalog {
    /// The bundled snapshot.
    pub fn bundled_ref() -> CatalogRef<'static> {
        CatalogRef::from(RustCatalog::bundled())
    }

    /// `<dir>/<family>/*.json`, loaded without the GIL.
    pub fn load_dir(py: Python<'_>, path: PathBuf) -> PyResult<CatalogRef<'static>> {
        let c = py
            .allow_threads(|| RustCatalog::from_dir(&path))
            .map_err(schema_error)?;
        Ok(CatalogRef::from(c))
    }
}

/// The catalog `schemas` names: `None` (bundled), a `Catalog`, or a
/// directory path.
pub fn catalog_arg(
    py: Python<'_>,
    schemas: Option<&Bound<'_, PyAny>>,
) -> PyResult<CatalogRef<'static>> {
    match schemas {
        None => Ok(PyCatalog::bundled_ref()),
        Some(s) if s.is_none() => Ok(PyCatalog::bundled_ref()),
        Some(s) => match s.downcast::<PyCatalog>() {
            Ok(c) => Ok(c.get().catalog.clone()),
            Err(_) => {
                let path: PathBuf = s.extract().map_err(|_| {
                    pyo3::exceptions::PyTypeError::new_err(
                        "schemas must be a directory path or a pcql.Catalog",
                    )
                })?;
                PyCatalog::load_dir(py, path)
            }
        },
    }
}

#[pymethods]
impl PyCatalog {
    /// The snapshot of the datasets bundled with pcql (incomplete for many
    /// datasets: names it does not list are warnings).
    #[staticmethod]
    fn bundled() -> Self {
        PyCatalog {
            catalog: Self::bundled_ref(),
        }
    }

    /// Load `<path>/<family>/*.json` (`mpn`, `cmp`, `apps-games`), the
    /// API's own format, as `pcql schemas pull` writes it.
    #[staticmethod]
    fn from_dir(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        Ok(PyCatalog {
            catalog: Self::load_dir(py, path)?,
        })
    }

    /// Parse the body of a `ScheduledDataset` response. With no `family`,
    /// the family is the one the bundled catalog gives the datasets named
    /// (Partner Insights, `mpn`, when it knows none of them).
    #[staticmethod]
    #[pyo3(signature = (json_text, family = None))]
    fn from_response(json_text: &str, family: Option<&str>) -> PyResult<Self> {
        let family = match family_arg(family)? {
            Some(f) => f,
            None => {
                let probe =
                    RustCatalog::from_response(Family::Mpn, json_text).map_err(schema_error)?;
                let bundled = RustCatalog::bundled();
                probe
                    .datasets()
                    .iter()
                    .find_map(|d| bundled.detect_family(d.name()))
                    .unwrap_or(Family::Mpn)
            }
        };
        let c = RustCatalog::from_response(family, json_text).map_err(schema_error)?;
        Ok(PyCatalog {
            catalog: CatalogRef::from(c),
        })
    }

    /// Every dataset, family by family.
    #[getter]
    fn datasets(&self) -> Vec<Dataset> {
        (0..self.catalog.datasets().len())
            .map(|index| Dataset {
                catalog: self.catalog.clone(),
                index,
            })
            .collect()
    }

    /// The dataset `name` (any case), of `family` if given; `None` when
    /// unknown (or, with no family, when several families have it).
    #[pyo3(signature = (name, family = None))]
    fn dataset(&self, name: &str, family: Option<&str>) -> PyResult<Option<Dataset>> {
        let family = family_arg(family)?;
        let Some(found) = self.catalog.dataset(name, family) else {
            return Ok(None);
        };
        let index = self
            .catalog
            .datasets()
            .iter()
            .position(|d| std::ptr::eq(d, found))
            .unwrap_or_default();
        Ok(Some(Dataset {
            catalog: self.catalog.clone(),
            index,
        }))
    }

    /// The families it holds: `mpn`, `cmp`, `apps-games`.
    #[getter]
    fn families(&self) -> Vec<&'static str> {
        self.catalog
            .families()
            .iter()
            .map(|f| f.family.as_str())
            .collect()
    }

    /// Whether it is authoritative (pulled from the API or supplied by the
    /// user) rather than a snapshot.
    #[getter]
    fn authoritative(&self) -> bool {
        self.catalog.is_authoritative()
    }

    fn __len__(&self) -> usize {
        self.catalog.datasets().len()
    }

    fn __repr__(&self) -> String {
        format!(
            "<Catalog {} dataset(s), families {:?}{}>",
            self.catalog.datasets().len(),
            self.families(),
            if self.authoritative() {
                ""
            } else {
                ", snapshot"
            }
        )
    }
}

/// What the documentation tells about a column beyond its name.
#[pyclass(module = "pcql", frozen, get_all)]
pub struct ColumnHint {
    /// `string`, `integer`, `decimal`, `date`, `datetime`, `guid`,
    /// `boolean01`, `yesno`, or `None`.
    pub type_: Option<&'static str>,
    /// Every value the column can hold, when known.
    pub values: Vec<String>,
    /// Some values seen in documentation.
    pub values_seen: Vec<String>,
    /// What it means.
    pub description: Option<String>,
}

#[pymethods]
impl ColumnHint {
    /// The type of its values (`type` is a keyword-ish name in Python).
    #[getter]
    fn r#type(&self) -> Option<&'static str> {
        self.type_
    }

    fn __repr__(&self) -> String {
        format!(
            "<ColumnHint type={:?} values={:?}>",
            self.type_, self.values
        )
    }
}

/// One dataset of a catalog.
#[pyclass(module = "pcql", frozen)]
pub struct Dataset {
    catalog: CatalogRef<'static>,
    index: usize,
}

impl Dataset {
    fn get(&self) -> &pcql::schema::Dataset {
        &self.catalog.datasets()[self.index]
    }
}

#[pymethods]
impl Dataset {
    /// Its name, as the catalog spells it.
    #[getter]
    fn name(&self) -> String {
        self.get().name().to_string()
    }

    /// Its API family: `mpn`, `cmp` or `apps-games`.
    #[getter]
    fn family(&self) -> &'static str {
        self.get().family().as_str()
    }

    /// Its columns (`selectableColumns`).
    #[getter]
    fn columns(&self) -> Vec<String> {
        self.get().columns().to_vec()
    }

    /// Its metrics (`availableMetrics`).
    #[getter]
    fn metrics(&self) -> Vec<String> {
        self.get().metrics().to_vec()
    }

    /// The TIMESPAN ranges it offers (`availableDateRanges`).
    #[getter]
    fn date_ranges(&self) -> Vec<String> {
        self.get().date_ranges().to_vec()
    }

    /// The minimum recurrence interval of its reports, in hours.
    #[getter]
    fn min_recurrence_interval(&self) -> Option<u32> {
        self.get().min_recurrence_interval()
    }

    /// Whether its column and metric lists are known to be complete.
    #[getter]
    fn complete(&self) -> bool {
        self.get().is_complete()
    }

    /// The hints of its names, by name.
    #[getter]
    fn hints(&self) -> BTreeMap<String, ColumnHint> {
        self.get()
            .names()
            .filter_map(|n| {
                let h = n.hint?;
                Some((
                    n.name.to_string(),
                    ColumnHint {
                        type_: h.ty.map(|t| t.as_str()),
                        values: h.values.clone(),
                        values_seen: h.values_seen.clone(),
                        description: h.description.clone(),
                    },
                ))
            })
            .collect()
    }

    /// The dataset as the API's `ScheduledDataset` item, JSON.
    fn to_json(&self) -> String {
        self.get().to_json_pretty()
    }

    fn __repr__(&self) -> String {
        let d = self.get();
        format!(
            "<Dataset {} ({}): {} column(s), {} metric(s)>",
            d.name(),
            d.family(),
            d.columns().len(),
            d.metrics().len()
        )
    }
}
