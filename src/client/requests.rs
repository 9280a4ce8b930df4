//! Request bodies and filters, as serde data. Bodies serialize in PascalCase
//! (the documented form; the service reads names case-insensitively) and omit
//! the fields left `None`.

use serde::Serialize;

/// The body of `POST ScheduledQueries`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateQuery {
    /// `Name` (required).
    pub name: String,
    /// `Description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `Query` (required): the text.
    pub query: String,
}

/// `Format` of a report file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Format {
    /// Comma-separated (the default).
    #[serde(rename = "CSV")]
    Csv,
    /// Tab-separated.
    #[serde(rename = "TSV")]
    Tsv,
}

/// `CallbackMethod` (MPN only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CallbackMethod {
    /// `GET <url>?reportId=<id>`.
    #[serde(rename = "GET")]
    Get,
    /// `POST <url>/<id>` (the default).
    #[serde(rename = "POST")]
    Post,
}

/// The body of `POST ScheduledReport`.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateReport {
    /// `ReportName` (required).
    pub report_name: String,
    /// `Description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `QueryId` (required): a user or system query.
    pub query_id: String,
    /// `StartTime`: UTC `yyyy-MM-ddTHH:mm:ssZ`, at least 4 h ahead (ignored with ExecuteNow).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    /// `ExecuteNow`: run once, now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub execute_now: Option<bool>,
    /// `QueryStartTime` (ExecuteNow only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query_start_time: Option<String>,
    /// `QueryEndTime` (ExecuteNow only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query_end_time: Option<String>,
    /// How it recurs and delivers its file.
    #[serde(flatten)]
    pub settings: ReportSettingsBody,
}

/// The body of `PUT ScheduledReport/{reportId}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateReport {
    /// `ReportName` (required).
    pub report_name: String,
    /// `Description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `StartTime` (required).
    pub start_time: String,
    /// How it recurs and delivers its file.
    #[serde(flatten)]
    pub settings: ReportSettingsBody,
}

/// How a report recurs and delivers its file: the fields `POST` and `PUT
/// ScheduledReport` share (the request form of [`super::ReportSettings`]).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReportSettingsBody {
    /// `RecurrenceInterval`, hours.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recurrence_interval: Option<i64>,
    /// `RecurrenceCount`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recurrence_count: Option<i64>,
    /// `Format`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
    /// `CallbackUrl`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<String>,
    /// `CallbackMethod` (MPN).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub callback_method: Option<CallbackMethod>,
}

/// Filters of `GET ScheduledQueries`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QueryFilter {
    /// `queryId`.
    pub query_id: Option<String>,
    /// `queryName`.
    pub query_name: Option<String>,
    /// `includeSystemQueries` (service default true).
    pub include_system_queries: Option<bool>,
    /// `includeOnlySystemQueries` (service default false).
    pub include_only_system_queries: Option<bool>,
}

impl QueryFilter {
    pub(crate) fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut v = Vec::new();
        push(&mut v, "queryId", self.query_id.clone());
        push(&mut v, "queryName", self.query_name.clone());
        push(
            &mut v,
            "includeSystemQueries",
            self.include_system_queries.map(|b| b.to_string()),
        );
        push(
            &mut v,
            "includeOnlySystemQueries",
            self.include_only_system_queries.map(|b| b.to_string()),
        );
        v
    }
}

/// Filters of `GET ScheduledReport`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportFilter {
    /// `reportId`.
    pub report_id: Option<String>,
    /// `reportName`.
    pub report_name: Option<String>,
    /// `queryId`.
    pub query_id: Option<String>,
}

impl ReportFilter {
    pub(crate) fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut v = Vec::new();
        push(&mut v, "reportId", self.report_id.clone());
        push(&mut v, "reportName", self.report_name.clone());
        push(&mut v, "queryId", self.query_id.clone());
        v
    }
}

/// Filters of `GET ScheduledReport/execution/{reportId}`. The service's
/// defaults are `executionStatus=Completed` and `getLatestExecution=true`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExecutionFilter {
    /// `executionId`: several are joined with `;`.
    pub execution_ids: Vec<String>,
    /// `executionStatus`: Pending, Running, Paused, Completed; joined with `;`.
    pub statuses: Vec<String>,
    /// `getLatestExecution`.
    pub latest: Option<bool>,
}

impl ExecutionFilter {
    pub(crate) fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut v = Vec::new();
        let join = |x: &[String]| (!x.is_empty()).then(|| x.join(";"));
        push(&mut v, "executionId", join(&self.execution_ids));
        push(&mut v, "executionStatus", join(&self.statuses));
        push(
            &mut v,
            "getLatestExecution",
            self.latest.map(|b| b.to_string()),
        );
        v
    }
}

/// What `testQueryResult` runs.
#[derive(Debug, Clone, PartialEq)]
pub enum TryTarget {
    /// `exportQuery=<text>`.
    Text(String),
    /// `queryId=<id>`.
    QueryId(String),
}

/// MPN's `startTime`/`endTime` overrides of the query's TIMESPAN.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TryWindow {
    /// `startTime`.
    pub start_time: Option<String>,
    /// `endTime`.
    pub end_time: Option<String>,
}

fn push(v: &mut Vec<(&'static str, String)>, k: &'static str, x: Option<String>) {
    if let Some(x) = x {
        v.push((k, x));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_pascal_case_without_nones() {
        let r = CreateReport {
            report_name: "r".into(),
            query_id: "q".into(),
            execute_now: Some(true),
            settings: ReportSettingsBody {
                format: Some(Format::Csv),
                ..Default::default()
            },
            ..CreateReport::default()
        };
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            r#"{"ReportName":"r","QueryId":"q","ExecuteNow":true,"Format":"CSV"}"#
        );
        let f = ExecutionFilter {
            statuses: vec!["Pending".into(), "Running".into()],
            ..Default::default()
        };
        assert_eq!(
            f.pairs(),
            vec![("executionStatus", "Pending;Running".to_string())]
        );
    }
}
