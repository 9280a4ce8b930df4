//! The documented endpoints (api.md §4): datasets, queries, reports,
//! executions. Creating and trying a query and creating a report are checked
//! offline first unless the client was built with [`Validation::Skip`] or an
//! `unchecked_*` method is used.

use std::collections::HashSet;

use reqwest::{Method, Url};
use serde::de::DeserializeOwned;

use super::Client;
use super::decode;
use super::errors::{ApiErrorKind, Error};
use super::execution::Execution;
use super::http::Call;
use super::requests::{
    CreateQuery, CreateReport, ExecutionFilter, QueryFilter, ReportFilter, TryTarget, TryWindow,
    UpdateReport,
};
use super::types::{DatasetInfo, Listing, QueryInfo, Report, TryResult};
use super::validate::{self, Family, Validation};
use super::wait::Executions;
use crate::ast::Query;
use crate::check::Checked;

/// Pages read of one listing at most (a listing with more is an error, never cut silently).
const MAX_PAGES: usize = 100_000;

impl Client {
    /// `GET ScheduledDataset`: every dataset, or the one named.
    pub async fn datasets(&self, name: Option<&str>) -> Result<Listing<DatasetInfo>, Error> {
        let query = name
            .map(|n| vec![("datasetName", n.to_string())])
            .unwrap_or_default();
        self.list(self.url("ScheduledDataset")?, query, "GET ScheduledDataset")
            .await
    }

    /// `POST ScheduledQueries` with a checked query; its canonical text
    /// (names in the catalog's spelling) is what is sent.
    pub async fn create_query(
        &self,
        name: &str,
        description: Option<&str>,
        query: &Checked<Query>,
    ) -> Result<QueryInfo, Error> {
        let body = CreateQuery {
            name: name.into(),
            description: description.map(Into::into),
            query: query.text().to_string(),
        };
        self.unchecked_create_query(&body).await
    }

    /// `POST ScheduledQueries` with a query text that is checked offline
    /// first (the check of `pcql check`, unless the client was built with
    /// [`Validation::Skip`]): refused with [`Error::Invalid`] before any request.
    pub async fn create_query_text(
        &self,
        name: &str,
        description: Option<&str>,
        text: &str,
    ) -> Result<QueryInfo, Error> {
        let query = self.gate(text)?;
        let body = CreateQuery {
            name: name.into(),
            description: description.map(Into::into),
            query,
        };
        self.unchecked_create_query(&body).await
    }

    /// `POST ScheduledQueries` without the offline check.
    pub async fn unchecked_create_query(&self, body: &CreateQuery) -> Result<QueryInfo, Error> {
        let call = self.call(
            Method::POST,
            self.url("ScheduledQueries")?,
            "POST ScheduledQueries",
            Some(body),
        )?;
        self.one(call)
            .await?
            .ok_or_else(|| missing("POST ScheduledQueries"))
    }

    /// `GET ScheduledQueries` with filters.
    pub async fn queries(&self, filter: &QueryFilter) -> Result<Listing<QueryInfo>, Error> {
        self.list(
            self.url("ScheduledQueries")?,
            filter.pairs(),
            "GET ScheduledQueries",
        )
        .await
    }

    /// `DELETE ScheduledQueries/{queryId}`: the deleted query, when returned.
    pub async fn delete_query(&self, query_id: &str) -> Result<Option<QueryInfo>, Error> {
        let url = self.url_id("ScheduledQueries", query_id)?;
        self.one(self.call::<()>(Method::DELETE, url, "DELETE ScheduledQueries", None)?)
            .await
    }

    /// `GET ScheduledQueries/testQueryResult` for a checked query.
    pub async fn try_query(
        &self,
        query: &Checked<Query>,
        window: &TryWindow,
    ) -> Result<TryResult, Error> {
        let text = TryTarget::Text(query.text().to_string());
        self.unchecked_try_query(&text, window).await
    }

    /// `GET ScheduledQueries/testQueryResult` for a query text, checked offline
    /// first (unless [`Validation::Skip`]).
    pub async fn try_query_text(&self, text: &str, window: &TryWindow) -> Result<TryResult, Error> {
        let text = self.gate(text)?;
        self.unchecked_try_query(&TryTarget::Text(text), window)
            .await
    }

    /// `GET ScheduledQueries/testQueryResult` for a text or an id, without the check.
    /// `window` (startTime/endTime) exists for MPN only.
    pub async fn unchecked_try_query(
        &self,
        target: &TryTarget,
        window: &TryWindow,
    ) -> Result<TryResult, Error> {
        let mut q = vec![match target {
            TryTarget::Text(t) => ("exportQuery", t.clone()),
            TryTarget::QueryId(id) => ("queryId", id.trim().to_string()),
        }];
        let has_window = window.start_time.is_some() || window.end_time.is_some();
        if has_window && self.family() != Family::Mpn {
            return Err(Error::Config(
                "startTime/endTime of testQueryResult exist for MPN only".into(),
            ));
        }
        q.extend(window.start_time.clone().map(|s| ("startTime", s)));
        q.extend(window.end_time.clone().map(|s| ("endTime", s)));
        let endpoint = "GET ScheduledQueries/testQueryResult";
        let mut call = self.call::<()>(
            Method::GET,
            self.url("ScheduledQueries/testQueryResult")?,
            endpoint,
            None,
        )?;
        call.query = q;
        let ans = self.send(&call, true).await?;
        let env = decode::envelope(&ans.body).map_err(|m| decode_err(endpoint, &ans, m))?;
        let rows = env
            .value
            .into_iter()
            .filter_map(|v| match v {
                serde_json::Value::Object(m) => Some(m),
                _ => None,
            })
            .collect();
        Ok(TryResult {
            rows,
            total_count: env.total_count,
            data_redacted: env.data_redacted,
        })
    }

    /// `POST ScheduledReport`, the body checked first: offline, and for a
    /// scheduled report also against the `minimumRecurrenceInterval` of the
    /// dataset its query reads (the query looked up by id with
    /// `GET ScheduledQueries`; when the lookup fails, the service decides).
    pub async fn create_report(&self, body: &CreateReport) -> Result<Report, Error> {
        if let Some(catalog) = self.inner.validation.catalog() {
            validate::report_body(body, catalog, self.family())?;
            if let Some(query_text) = self.report_query_text(body).await {
                validate::report_for_query(body, catalog, self.family(), &query_text)?;
            }
        }
        self.unchecked_create_report(body).await
    }

    /// The text of the user query a scheduled report names, looked up by its
    /// `QueryId`; `None` for a one-off report, a malformed id or a failed
    /// lookup (then the service decides).
    async fn report_query_text(&self, body: &CreateReport) -> Option<String> {
        let id = body.query_id.trim();
        if body.execute_now == Some(true)
            || body.settings.recurrence_interval.is_none()
            || !crate::check::body::is_guid(id)
        {
            return None;
        }
        let filter = QueryFilter {
            query_id: Some(id.to_string()),
            ..QueryFilter::default()
        };
        let found = self.queries(&filter).await.ok()?.items;
        found
            .into_iter()
            .find(|q| {
                q.query_id
                    .as_deref()
                    .is_some_and(|q| q.trim().eq_ignore_ascii_case(id))
            })?
            .query
    }

    /// `POST ScheduledReport` without the check.
    pub async fn unchecked_create_report(&self, body: &CreateReport) -> Result<Report, Error> {
        let call = self.call(
            Method::POST,
            self.url("ScheduledReport")?,
            "POST ScheduledReport",
            Some(body),
        )?;
        self.one(call)
            .await?
            .ok_or_else(|| missing("POST ScheduledReport"))
    }

    /// `GET ScheduledReport` with filters.
    pub async fn reports(&self, filter: &ReportFilter) -> Result<Listing<Report>, Error> {
        self.list(
            self.url("ScheduledReport")?,
            filter.pairs(),
            "GET ScheduledReport",
        )
        .await
    }

    /// `PUT ScheduledReport/{reportId}`.
    pub async fn update_report(
        &self,
        report_id: &str,
        body: &UpdateReport,
    ) -> Result<Option<Report>, Error> {
        let url = self.url_id("ScheduledReport", report_id)?;
        self.one(self.call(Method::PUT, url, "PUT ScheduledReport", Some(body))?)
            .await
    }

    /// `PUT ScheduledReport/pause/{reportId}`.
    pub async fn pause_report(&self, report_id: &str) -> Result<Option<Report>, Error> {
        let url = self.url_id("ScheduledReport/pause", report_id)?;
        self.one(self.call::<()>(Method::PUT, url, "PUT ScheduledReport/pause", None)?)
            .await
    }

    /// `PUT ScheduledReport/resume/{reportId}`.
    pub async fn resume_report(&self, report_id: &str) -> Result<Option<Report>, Error> {
        let url = self.url_id("ScheduledReport/resume", report_id)?;
        self.one(self.call::<()>(Method::PUT, url, "PUT ScheduledReport/resume", None)?)
            .await
    }

    /// `DELETE ScheduledReport/{reportId}` (its execution records go too).
    pub async fn delete_report(&self, report_id: &str) -> Result<Option<Report>, Error> {
        let url = self.url_id("ScheduledReport", report_id)?;
        self.one(self.call::<()>(Method::DELETE, url, "DELETE ScheduledReport", None)?)
            .await
    }

    /// `GET ScheduledReport/execution/{reportId}`. The 404 "no executions
    /// yet" is a state, [`Executions::NoneYet`], not an error.
    pub async fn executions(
        &self,
        report_id: &str,
        filter: &ExecutionFilter,
    ) -> Result<Executions, Error> {
        let url = self.url_id("ScheduledReport/execution", report_id)?;
        match self
            .list::<Execution>(url, filter.pairs(), "GET ScheduledReport/execution")
            .await
        {
            Ok(l) => Ok(Executions::Found(l.items)),
            Err(Error::Api(e)) if e.kind == ApiErrorKind::NoExecutionsYet => {
                Ok(Executions::NoneYet(e.message))
            }
            Err(e) => Err(e),
        }
    }

    /// Check `text` as `pcql check` does, against the client's catalog (the
    /// bundled one for [`Validation::Skip`] and [`Validation::Check`]).
    pub fn check_text(&self, text: &str) -> Result<Checked<Query>, Error> {
        let catalog = self
            .inner
            .validation
            .catalog()
            .unwrap_or(validate::default_catalog());
        validate::query_text(text, catalog, self.family())
    }

    /// The text to send: checked and canonical, or as given with `Skip`.
    fn gate(&self, text: &str) -> Result<String, Error> {
        match self.inner.validation {
            Validation::Skip => Ok(text.trim().to_string()),
            _ => self.check_text(text).map(|c| c.text().to_string()),
        }
    }

    /// `base/<path>/<id>` with the id as one encoded path segment.
    fn url_id(&self, path: &str, id: &str) -> Result<Url, Error> {
        let mut url = self.url(path)?;
        url.path_segments_mut()
            .map_err(|_| Error::Config("the base URL cannot take a path".into()))?
            .pop_if_empty()
            .push(id.trim());
        Ok(url)
    }

    fn call<B: serde::Serialize>(
        &self,
        method: Method,
        url: Url,
        endpoint: &str,
        body: Option<&B>,
    ) -> Result<Call, Error> {
        let body = match body {
            Some(b) => Some(serde_json::to_vec(b).map_err(|e| Error::Config(e.to_string()))?),
            None => None,
        };
        Ok(Call {
            method,
            endpoint: endpoint.into(),
            url,
            query: Vec::new(),
            body,
            auth: true,
            secret_url: false,
            range_from: None,
        })
    }

    /// The first item of the answer, if any.
    async fn one<T: DeserializeOwned>(&self, call: Call) -> Result<Option<T>, Error> {
        let ans = self.send(&call, true).await?;
        let env = decode::envelope(&ans.body).map_err(|m| decode_err(&call.endpoint, &ans, m))?;
        let items = decode::items(env.value).map_err(|m| decode_err(&call.endpoint, &ans, m))?;
        Ok(items.into_iter().next())
    }

    /// Every item of every page (following `nextLink` on the same origin).
    async fn list<T: DeserializeOwned>(
        &self,
        url: Url,
        query: Vec<(&'static str, String)>,
        endpoint: &str,
    ) -> Result<Listing<T>, Error> {
        let mut call = Call {
            method: Method::GET,
            endpoint: endpoint.into(),
            url,
            query,
            body: None,
            auth: true,
            secret_url: false,
            range_from: None,
        };
        let mut out = Listing {
            items: Vec::new(),
            message: None,
            data_redacted: false,
        };
        let mut seen = HashSet::new();
        for page in 0..MAX_PAGES {
            let ans = self.send(&call, true).await?;
            let env = decode::envelope(&ans.body).map_err(|m| decode_err(endpoint, &ans, m))?;
            out.items
                .extend(decode::items::<T>(env.value).map_err(|m| decode_err(endpoint, &ans, m))?);
            if page == 0 {
                out.message = env.message;
            }
            out.data_redacted |= env.data_redacted.unwrap_or(false);
            let Some(next) = env.next_link else {
                return Ok(out);
            };
            let next = call
                .url
                .join(next.trim())
                .map_err(|e| Error::Config(format!("nextLink: {e}")))?;
            if next.origin() != call.url.origin() {
                return Err(Error::Config(
                    "nextLink points to another host; not sending the token there".into(),
                ));
            }
            if !seen.insert(next.to_string()) {
                return Err(Error::Incomplete {
                    endpoint: endpoint.into(),
                    items: out.items.len(),
                    reason: format!("page {} links back to a page already read", page + 1),
                });
            }
            call.url = next;
            call.query.clear();
        }
        // Never a part of a listing passed off as the whole of it.
        Err(Error::Incomplete {
            endpoint: endpoint.into(),
            items: out.items.len(),
            reason: format!("it has more than {MAX_PAGES} pages"),
        })
    }
}

fn missing(endpoint: &str) -> Error {
    Error::Decode {
        endpoint: endpoint.into(),
        status: 200,
        message: "the answer holds no item".into(),
        correlation_id: None,
    }
}

fn decode_err(endpoint: &str, ans: &super::http::Answer, message: String) -> Error {
    Error::Decode {
        endpoint: endpoint.into(),
        status: ans.status,
        message,
        correlation_id: ans.correlation_id.clone(),
    }
}
