//! `pcql._Client`, the synchronous face of the library's async client:
//! every call runs on the client's own tokio runtime with the GIL released;
//! `wait` polls for Ctrl-C between short sleeps. `pcql.Client` (Python)
//! adds the decoding of `try_query` rows.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use pcql::client::{
    ApiVersion, CallbackMethod, Client, CreateReport, Credentials, Error, Execution,
    ExecutionFilter, Family, Format, QueryFilter, ReportFilter, ReportSettingsBody, TryTarget,
    TryWindow, UpdateReport, Validation, WaitOptions,
};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use serde::Serialize;
use serde_json::Value;

use crate::builder::CheckedQuery;
use crate::catalog::catalog_arg;
use crate::diag::check_error;
use crate::{ApiError, ClientError, family_arg};
use pcql::check::CatalogRef;

/// The Python form of a library error: `CheckError` for a refused query
/// (nothing was sent), `ApiError` for an error answer, `ClientError` for
/// everything else. Messages never hold a secret (the library redacts).
pub fn client_error(py: Python<'_>, e: Error) -> PyErr {
    match e {
        Error::Invalid {
            what,
            source_text,
            diagnostics,
        } => check_error(py, pcql::CheckError::new(what, source_text, diagnostics)),
        Error::Api(a) => {
            let err = ApiError::new_err(a.to_string());
            let value = err.value(py);
            let set = || -> PyResult<()> {
                value.setattr("status", a.status)?;
                value.setattr("message", a.message.clone())?;
                value.setattr("correlation_id", a.correlation_id.clone())?;
                value.setattr("endpoint", a.endpoint.clone())?;
                value.setattr("hint", a.hint())?;
                Ok(())
            };
            match set() {
                Ok(()) => err,
                Err(e) => e,
            }
        }
        other => {
            let err = ClientError::new_err(other.to_string());
            let value = err.value(py);
            let timeout = matches!(other, Error::Network { timeout: true, .. });
            let set = || -> PyResult<()> {
                value.setattr("status", other.status())?;
                value.setattr("correlation_id", other.correlation_id())?;
                value.setattr("timeout", timeout)?;
                Ok(())
            };
            match set() {
                Ok(()) => err,
                Err(e) => e,
            }
        }
    }
}

/// A JSON value as a Python object.
pub fn json_to_py(py: Python<'_>, v: &Value) -> PyResult<PyObject> {
    Ok(match v {
        Value::Null => py.None(),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any().unbind(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.into_pyobject(py)?.into_any().unbind(),
            (None, Some(u)) => u.into_pyobject(py)?.into_any().unbind(),
            _ => n
                .as_f64()
                .unwrap_or(f64::NAN)
                .into_pyobject(py)?
                .into_any()
                .unbind(),
        },
        Value::String(s) => s.into_pyobject(py)?.into_any().unbind(),
        Value::Array(a) => {
            let items = a
                .iter()
                .map(|x| json_to_py(py, x))
                .collect::<PyResult<Vec<_>>>()?;
            PyList::new(py, items)?.into_any().unbind()
        }
        Value::Object(o) => {
            let d = PyDict::new(py);
            for (k, x) in o {
                d.set_item(k, json_to_py(py, x)?)?;
            }
            d.into_any().unbind()
        }
    })
}

fn to_py<T: Serialize>(py: Python<'_>, v: &T) -> PyResult<PyObject> {
    let v = serde_json::to_value(v).map_err(|e| ClientError::new_err(e.to_string()))?;
    json_to_py(py, &v)
}

/// A query argument: text, or a `CheckedQuery` from the builder.
fn query_text(q: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(c) = q.downcast::<CheckedQuery>() {
        return Ok(c.get().text.clone());
    }
    q.extract::<String>()
}

fn secs(s: f64, what: &str) -> PyResult<Duration> {
    Duration::try_from_secs_f64(s).map_err(|_| {
        PyValueError::new_err(format!("{what} must be a non-negative number of seconds"))
    })
}

/// One run of a report.
#[pyclass(name = "Execution", module = "pcql", frozen)]
pub struct PyExecution {
    pub execution: Execution,
}

#[pymethods]
impl PyExecution {
    /// `executionId`.
    #[getter]
    fn execution_id(&self) -> Option<String> {
        self.execution.execution_id.clone()
    }
    /// `reportId`.
    #[getter]
    fn report_id(&self) -> Option<String> {
        self.execution.report_id.clone()
    }
    /// `executionStatus`: `Pending`, `Running`, `Paused`, `Completed`, …
    #[getter]
    fn status(&self) -> String {
        self.execution.status().to_string()
    }
    /// Whether it has a download link.
    #[getter]
    fn has_download_link(&self) -> bool {
        self.execution.report_access_secure_link.is_some()
    }
    /// `reportExpiryTime`.
    #[getter]
    fn expiry_time(&self) -> Option<String> {
        self.execution.report_expiry_time.clone()
    }
    /// `reportGeneratedTime`.
    #[getter]
    fn generated_time(&self) -> Option<String> {
        self.execution.report_generated_time.clone()
    }
    /// Every field, the download link redacted.
    fn to_dict(&self, py: Python<'_>) -> PyResult<PyObject> {
        to_py(py, &self.execution)
    }
    fn __repr__(&self) -> String {
        format!(
            "<Execution {} of report {}: {}>",
            self.execution.execution_id.as_deref().unwrap_or("?"),
            self.execution.report_id.as_deref().unwrap_or("?"),
            self.execution.status()
        )
    }
}

/// A synchronous client of the analytics API.
#[pyclass(name = "_Client", module = "pcql", subclass, frozen)]
pub struct PyClient {
    client: Client,
    rt: Arc<tokio::runtime::Runtime>,
    /// What the column types of `try_query` rows come from.
    catalog: CatalogRef<'static>,
}

impl PyClient {
    /// Run `fut` on the runtime without the GIL.
    fn block<T: Send>(
        &self,
        py: Python<'_>,
        fut: impl std::future::Future<Output = Result<T, Error>> + Send,
    ) -> PyResult<T> {
        let rt = &self.rt;
        py.allow_threads(|| rt.block_on(fut))
            .map_err(|e| client_error(py, e))
    }
}

/// The credentials of the explicit arguments (by their `PCQL_*` names),
/// or of the environment when none is given.
fn credentials(explicit: HashMap<&'static str, String>) -> Result<Credentials, String> {
    if explicit.is_empty() {
        Credentials::from_env()
    } else {
        pcql::client::env::credentials(|k| explicit.get(k).cloned())
    }
}

fn format_arg(f: Option<&str>) -> PyResult<Option<Format>> {
    match f.map(str::to_ascii_lowercase).as_deref() {
        None => Ok(None),
        Some("csv") => Ok(Some(Format::Csv)),
        Some("tsv") => Ok(Some(Format::Tsv)),
        Some(x) => Err(PyValueError::new_err(format!(
            "format is 'csv' or 'tsv', not `{x}`"
        ))),
    }
}

fn method_arg(m: Option<&str>) -> PyResult<Option<CallbackMethod>> {
    match m.map(str::to_ascii_uppercase).as_deref() {
        None => Ok(None),
        Some("GET") => Ok(Some(CallbackMethod::Get)),
        Some("POST") => Ok(Some(CallbackMethod::Post)),
        Some(x) => Err(PyValueError::new_err(format!(
            "callback_method is 'GET' or 'POST', not `{x}`"
        ))),
    }
}

fn items<T: Serialize>(py: Python<'_>, items: &[T]) -> PyResult<Vec<PyObject>> {
    items.iter().map(|i| to_py(py, i)).collect()
}

#[pymethods]
impl PyClient {
    /// A client of `family` (`mpn`, `cmp`, `apps-games`). Credentials: a
    /// bearer `token`; or `tenant_id` + `client_id` with `refresh_token`,
    /// or `client_secret` + `username` + `password`, or `client_secret`
    /// alone; with none of them, the same `PCQL_*` environment variables as
    /// `pcql api`. `schemas` (a directory or a `Catalog`) is what queries
    /// are checked against before they are sent (`validate=False`: not at all).
    #[new]
    #[pyo3(signature = (family = "mpn", *, base_url = None, api_version = None, token = None,
        tenant_id = None, client_id = None, client_secret = None, username = None,
        password = None, refresh_token = None, authority = None, resource = None,
        timeout = None, schemas = None, validate = true))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        family: &str,
        base_url: Option<String>,
        api_version: Option<&str>,
        token: Option<String>,
        tenant_id: Option<String>,
        client_id: Option<String>,
        client_secret: Option<String>,
        username: Option<String>,
        password: Option<String>,
        refresh_token: Option<String>,
        authority: Option<String>,
        resource: Option<String>,
        timeout: Option<f64>,
        schemas: Option<&Bound<'_, PyAny>>,
        validate: bool,
    ) -> PyResult<Self> {
        let family: Family = family_arg(Some(family))?.unwrap_or(Family::Mpn);
        let explicit: HashMap<&'static str, String> = [
            ("PCQL_TOKEN", token),
            ("PCQL_TENANT_ID", tenant_id),
            ("PCQL_CLIENT_ID", client_id),
            ("PCQL_CLIENT_SECRET", client_secret),
            ("PCQL_USERNAME", username),
            ("PCQL_PASSWORD", password),
            ("PCQL_REFRESH_TOKEN", refresh_token),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect();
        let creds = credentials(explicit).map_err(ClientError::new_err)?;
        let mut b = Client::builder(family).credentials(creds);
        if let Some(v) = api_version {
            b = b.api_version(match v {
                "v1" => ApiVersion::V1,
                "v1.1" => ApiVersion::V1_1,
                _ => return Err(PyValueError::new_err("api_version is 'v1' or 'v1.1'")),
            });
        }
        if let Some(u) = base_url {
            b = b.base_url(u);
        }
        if let Some(a) = authority {
            b = b.authority(a);
        }
        if let Some(r) = resource {
            b = b.resource(r);
        }
        if let Some(t) = timeout {
            b = b.timeout(secs(t, "timeout")?);
        }
        let catalog = catalog_arg(py, schemas)?;
        b = b.validation(if !validate {
            Validation::Skip
        } else if schemas.is_some_and(|s| !s.is_none()) {
            Validation::CheckWith(Arc::new((*catalog).clone()))
        } else {
            Validation::Check
        });
        let client = b.build().map_err(|e| client_error(py, e))?;
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .map_err(|e| ClientError::new_err(format!("cannot start the client's runtime: {e}")))?;
        Ok(PyClient {
            client,
            rt: Arc::new(rt),
            catalog,
        })
    }

    /// The family.
    #[getter]
    fn family(&self) -> &'static str {
        self.client.family().as_str()
    }

    /// The base URL every path is joined to.
    #[getter]
    fn base_url(&self) -> String {
        self.client.base_url().to_string()
    }

    /// `GET ScheduledDataset`: every dataset (or the one named), as dicts.
    #[pyo3(signature = (name = None))]
    fn datasets(&self, py: Python<'_>, name: Option<String>) -> PyResult<Vec<PyObject>> {
        let c = &self.client;
        let l = self.block(py, c.datasets(name.as_deref()))?;
        items(py, &l.items)
    }

    /// `POST ScheduledQueries`, after the offline check (a query with
    /// errors raises `CheckError` and nothing is sent).
    #[pyo3(signature = (name, query, description = None))]
    fn create_query(
        &self,
        py: Python<'_>,
        name: String,
        query: &Bound<'_, PyAny>,
        description: Option<String>,
    ) -> PyResult<PyObject> {
        let text = query_text(query)?;
        let c = &self.client;
        let q = self.block(
            py,
            c.create_query_text(&name, description.as_deref(), &text),
        )?;
        to_py(py, &q)
    }

    /// `GET ScheduledQueries`.
    #[pyo3(signature = (query_id = None, name = None, include_system = None, only_system = None))]
    fn queries(
        &self,
        py: Python<'_>,
        query_id: Option<String>,
        name: Option<String>,
        include_system: Option<bool>,
        only_system: Option<bool>,
    ) -> PyResult<Vec<PyObject>> {
        let filter = QueryFilter {
            query_id,
            query_name: name,
            include_system_queries: include_system,
            include_only_system_queries: only_system,
        };
        let c = &self.client;
        let l = self.block(py, c.queries(&filter))?;
        items(py, &l.items)
    }

    /// `DELETE ScheduledQueries/{id}`: the deleted query, if the API returned it.
    fn delete_query(&self, py: Python<'_>, query_id: String) -> PyResult<Option<PyObject>> {
        let c = &self.client;
        let q = self.block(py, c.delete_query(&query_id))?;
        q.map(|q| to_py(py, &q)).transpose()
    }

    /// `GET ScheduledQueries/testQueryResult` after the offline check:
    /// `(rows, column types)`, rows as sent.
    #[pyo3(signature = (query, start_time = None, end_time = None, query_id = None))]
    fn _try_query(
        &self,
        py: Python<'_>,
        query: Option<&Bound<'_, PyAny>>,
        start_time: Option<String>,
        end_time: Option<String>,
        query_id: Option<String>,
    ) -> PyResult<(Vec<PyObject>, HashMap<String, &'static str>)> {
        let window = TryWindow {
            start_time,
            end_time,
        };
        let c = &self.client;
        let (res, types) = match (query_id, query) {
            (Some(id), _) => (
                self.block(py, c.unchecked_try_query(&TryTarget::QueryId(id), &window))?,
                HashMap::new(),
            ),
            (None, Some(q)) => {
                let text = query_text(q)?;
                let res = self.block(py, c.try_query_text(&text, &window))?;
                (
                    res,
                    column_types(&self.catalog, &text, self.client.family()),
                )
            }
            (None, None) => return Err(PyValueError::new_err("give a query or a query_id")),
        };
        let rows = res
            .rows
            .iter()
            .map(|r| json_to_py(py, &Value::Object(r.clone())))
            .collect::<PyResult<Vec<_>>>()?;
        Ok((rows, types))
    }

    /// `POST ScheduledReport`, after the check of its body.
    #[pyo3(signature = (name, query_id, *, description = None, start_time = None,
        execute_now = None, query_start_time = None, query_end_time = None,
        recurrence_interval = None, recurrence_count = None, format = None,
        callback_url = None, callback_method = None))]
    #[allow(clippy::too_many_arguments)]
    fn create_report(
        &self,
        py: Python<'_>,
        name: String,
        query_id: String,
        description: Option<String>,
        start_time: Option<String>,
        execute_now: Option<bool>,
        query_start_time: Option<String>,
        query_end_time: Option<String>,
        recurrence_interval: Option<i64>,
        recurrence_count: Option<i64>,
        format: Option<&str>,
        callback_url: Option<String>,
        callback_method: Option<&str>,
    ) -> PyResult<PyObject> {
        let body = CreateReport {
            report_name: name,
            description,
            query_id,
            start_time,
            execute_now,
            query_start_time,
            query_end_time,
            settings: ReportSettingsBody {
                recurrence_interval,
                recurrence_count,
                format: format_arg(format)?,
                callback_url,
                callback_method: method_arg(callback_method)?,
            },
        };
        let c = &self.client;
        let r = self.block(py, c.create_report(&body))?;
        to_py(py, &r)
    }

    /// `GET ScheduledReport`.
    #[pyo3(signature = (report_id = None, name = None, query_id = None))]
    fn reports(
        &self,
        py: Python<'_>,
        report_id: Option<String>,
        name: Option<String>,
        query_id: Option<String>,
    ) -> PyResult<Vec<PyObject>> {
        let filter = ReportFilter {
            report_id,
            report_name: name,
            query_id,
        };
        let c = &self.client;
        let l = self.block(py, c.reports(&filter))?;
        items(py, &l.items)
    }

    /// `PUT ScheduledReport/{id}`.
    #[pyo3(signature = (report_id, name, start_time, *, description = None,
        recurrence_interval = None, recurrence_count = None, format = None,
        callback_url = None, callback_method = None))]
    #[allow(clippy::too_many_arguments)]
    fn update_report(
        &self,
        py: Python<'_>,
        report_id: String,
        name: String,
        start_time: String,
        description: Option<String>,
        recurrence_interval: Option<i64>,
        recurrence_count: Option<i64>,
        format: Option<&str>,
        callback_url: Option<String>,
        callback_method: Option<&str>,
    ) -> PyResult<Option<PyObject>> {
        let body = UpdateReport {
            report_name: name,
            description,
            start_time,
            settings: ReportSettingsBody {
                recurrence_interval,
                recurrence_count,
                format: format_arg(format)?,
                callback_url,
                callback_method: method_arg(callback_method)?,
            },
        };
        let c = &self.client;
        let r = self.block(py, c.update_report(&report_id, &body))?;
        r.map(|r| to_py(py, &r)).transpose()
    }

    /// `PUT ScheduledReport/pause/{id}`.
    fn pause_report(&self, py: Python<'_>, report_id: String) -> PyResult<Option<PyObject>> {
        let c = &self.client;
        let r = self.block(py, c.pause_report(&report_id))?;
        r.map(|r| to_py(py, &r)).transpose()
    }

    /// `PUT ScheduledReport/resume/{id}`.
    fn resume_report(&self, py: Python<'_>, report_id: String) -> PyResult<Option<PyObject>> {
        let c = &self.client;
        let r = self.block(py, c.resume_report(&report_id))?;
        r.map(|r| to_py(py, &r)).transpose()
    }

    /// `DELETE ScheduledReport/{id}`.
    fn delete_report(&self, py: Python<'_>, report_id: String) -> PyResult<Option<PyObject>> {
        let c = &self.client;
        let r = self.block(py, c.delete_report(&report_id))?;
        r.map(|r| to_py(py, &r)).transpose()
    }

    /// `GET ScheduledReport/execution/{id}`: the executions (empty before the first run).
    #[pyo3(signature = (report_id, *, execution_ids = None, statuses = None, latest = None))]
    fn executions(
        &self,
        py: Python<'_>,
        report_id: String,
        execution_ids: Option<Vec<String>>,
        statuses: Option<Vec<String>>,
        latest: Option<bool>,
    ) -> PyResult<Vec<PyExecution>> {
        let filter = ExecutionFilter {
            execution_ids: execution_ids.unwrap_or_default(),
            statuses: statuses.unwrap_or_default(),
            latest,
        };
        let c = &self.client;
        let found = self.block(py, c.executions(&report_id, &filter))?;
        Ok(found
            .into_vec()
            .into_iter()
            .map(|execution| PyExecution { execution })
            .collect())
    }

    /// Poll the report's latest execution until it completes (raises
    /// `ClientError` when it fails or `timeout` passes). Ctrl-C stops it.
    #[pyo3(signature = (report_id, *, timeout = 3600.0, poll = 10.0, max_poll = 120.0))]
    fn wait(
        &self,
        py: Python<'_>,
        report_id: String,
        timeout: f64,
        poll: f64,
        max_poll: f64,
    ) -> PyResult<PyExecution> {
        let opts = WaitOptions {
            timeout: secs(timeout, "timeout")?,
            first_poll: secs(poll, "poll")?,
            max_poll: secs(max_poll, "max_poll")?,
        };
        let client = self.client.clone();
        let (tx, rx) = std::sync::mpsc::channel();
        let task = self.rt.spawn(async move {
            let r = client.wait_for_execution(&report_id, &opts, |_| {}).await;
            let _ = tx.send(r);
        });
        let mut rx = rx;
        loop {
            let (got, back) = py.allow_threads(move || {
                let got = rx.recv_timeout(Duration::from_millis(50));
                (got, rx)
            });
            rx = back;
            match got {
                Ok(r) => {
                    return r
                        .map(|execution| PyExecution { execution })
                        .map_err(|e| client_error(py, e));
                }
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                    if let Err(e) = py.check_signals() {
                        task.abort();
                        return Err(e);
                    }
                }
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                    return Err(ClientError::new_err("the wait ended without an answer"));
                }
            }
        }
    }

    /// Download a completed execution's file to `path` (`overwrite` to
    /// replace a file): the bytes written.
    #[pyo3(signature = (execution, path, *, overwrite = false))]
    fn download(
        &self,
        py: Python<'_>,
        execution: &Bound<'_, PyExecution>,
        path: PathBuf,
        overwrite: bool,
    ) -> PyResult<u64> {
        let e = execution.get().execution.clone();
        let c = &self.client;
        let d = self.block(py, async move { c.download(&e, &path, overwrite).await })?;
        Ok(d.bytes)
    }

    fn __repr__(&self) -> String {
        format!("<pcql.Client {} at {}>", self.family(), self.base_url())
    }
}

/// The type of each column of the query's dataset that the catalog knows.
fn column_types(
    catalog: &CatalogRef<'static>,
    text: &str,
    family: Family,
) -> HashMap<String, &'static str> {
    let checker = pcql::Checker::new(catalog.clone()).with_family(Some(family));
    let Some(ds) = checker.dataset_of(text) else {
        return HashMap::new();
    };
    ds.names()
        .filter_map(|n| {
            let ty = match n.hint.and_then(|h| h.ty) {
                Some(t) => t.as_str(),
                None if n.is_metric => "number",
                None => return None,
            };
            Some((n.name.to_string(), ty))
        })
        .collect()
}
