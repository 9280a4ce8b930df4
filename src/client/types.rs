//! Requests and answers of the analytics API as serde data.
//!
//! Answers decode from folded keys (see [`super::decode`]) and serialize in
//! camelCase; every field of an answer is optional because the API families
//! and documentation versions differ. Requests serialize in PascalCase, as
//! the documentation writes them.

use serde::{Deserialize, Serialize};

use super::decode::{de_opt_bool, de_opt_i64, de_opt_string, de_strings};

/// One item of `ScheduledDataset`: the format of the files under `schemas/`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct DatasetInfo {
    /// `datasetName`.
    #[serde(
        rename(deserialize = "datasetname"),
        default,
        deserialize_with = "de_opt_string"
    )]
    pub dataset_name: Option<String>,
    /// `selectableColumns`.
    #[serde(
        rename(deserialize = "selectablecolumns"),
        default,
        deserialize_with = "de_strings"
    )]
    pub selectable_columns: Vec<String>,
    /// `availableMetrics`.
    #[serde(
        rename(deserialize = "availablemetrics"),
        default,
        deserialize_with = "de_strings"
    )]
    pub available_metrics: Vec<String>,
    /// `availableDateRanges`.
    #[serde(
        rename(deserialize = "availabledateranges"),
        default,
        deserialize_with = "de_strings"
    )]
    pub available_date_ranges: Vec<String>,
    /// `minimumRecurrenceInterval` (MPN), hours.
    #[serde(
        rename(deserialize = "minimumrecurrenceinterval"),
        default,
        deserialize_with = "de_opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub minimum_recurrence_interval: Option<i64>,
}

impl DatasetInfo {
    /// Parse one dataset item (a file under `schemas/<family>/`), keys in any
    /// case, behind an optional byte-order mark.
    pub fn from_json(text: &str) -> Result<Self, String> {
        let v: serde_json::Value =
            serde_json::from_slice(super::decode::strip_bom(text.as_bytes()))
                .map_err(|e| e.to_string())?;
        super::decode::items(vec![v])?
            .pop()
            .ok_or_else(|| "no dataset".to_string())
    }
}

/// A query as `ScheduledQueries` returns it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct QueryInfo {
    /// `queryId`.
    #[serde(
        rename(deserialize = "queryid"),
        default,
        deserialize_with = "de_opt_string"
    )]
    pub query_id: Option<String>,
    /// `name`.
    #[serde(default, deserialize_with = "de_opt_string")]
    pub name: Option<String>,
    /// `description`.
    #[serde(default, deserialize_with = "de_opt_string")]
    pub description: Option<String>,
    /// `query`: the text.
    #[serde(default, deserialize_with = "de_opt_string")]
    pub query: Option<String>,
    /// `type`: `system` or `userDefined`.
    #[serde(rename = "type", default, deserialize_with = "de_opt_string")]
    pub kind: Option<String>,
    /// `user`: a UPN (MPN) or a number (CMP).
    #[serde(default, deserialize_with = "de_opt_string")]
    pub user: Option<String>,
    /// `createdTime`.
    #[serde(
        rename(deserialize = "createdtime"),
        default,
        deserialize_with = "de_opt_string"
    )]
    pub created_time: Option<String>,
    /// `modifiedTime` (CMP).
    #[serde(
        rename(deserialize = "modifiedtime"),
        default,
        deserialize_with = "de_opt_string"
    )]
    pub modified_time: Option<String>,
}

/// A scheduled or one-off report.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct Report {
    /// `reportId`.
    #[serde(
        rename(deserialize = "reportid"),
        default,
        deserialize_with = "de_opt_string"
    )]
    pub report_id: Option<String>,
    /// `reportName`.
    #[serde(
        rename(deserialize = "reportname"),
        default,
        deserialize_with = "de_opt_string"
    )]
    pub report_name: Option<String>,
    /// `description`.
    #[serde(default, deserialize_with = "de_opt_string")]
    pub description: Option<String>,
    /// `queryId`.
    #[serde(
        rename(deserialize = "queryid"),
        default,
        deserialize_with = "de_opt_string"
    )]
    pub query_id: Option<String>,
    /// `query`: the text of the query the report runs.
    #[serde(default, deserialize_with = "de_opt_string")]
    pub query: Option<String>,
    /// `user`.
    #[serde(default, deserialize_with = "de_opt_string")]
    pub user: Option<String>,
    /// `createdTime`.
    #[serde(
        rename(deserialize = "createdtime"),
        default,
        deserialize_with = "de_opt_string"
    )]
    pub created_time: Option<String>,
    /// `modifiedTime`.
    #[serde(
        rename(deserialize = "modifiedtime"),
        default,
        deserialize_with = "de_opt_string"
    )]
    pub modified_time: Option<String>,
    /// `executeNow` (MPN).
    #[serde(
        rename(deserialize = "executenow"),
        default,
        deserialize_with = "de_opt_bool"
    )]
    pub execute_now: Option<bool>,
    /// `startTime`.
    #[serde(
        rename(deserialize = "starttime"),
        default,
        deserialize_with = "de_opt_string"
    )]
    pub start_time: Option<String>,
    /// `queryStartTime` (ExecuteNow reports).
    #[serde(
        rename(deserialize = "querystarttime"),
        default,
        deserialize_with = "de_opt_string"
    )]
    pub query_start_time: Option<String>,
    /// `queryEndTime` (ExecuteNow reports).
    #[serde(
        rename(deserialize = "queryendtime"),
        default,
        deserialize_with = "de_opt_string"
    )]
    pub query_end_time: Option<String>,
    /// `reportStatus`: Active, Paused or Inactive.
    #[serde(
        rename(deserialize = "reportstatus"),
        default,
        deserialize_with = "de_opt_string"
    )]
    pub report_status: Option<String>,
    /// How it recurs and delivers its file.
    #[serde(flatten)]
    pub settings: ReportSettings,
}

/// How a report recurs and delivers its file: the fields a report and each
/// of its executions both carry.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct ReportSettings {
    /// `recurrenceInterval`, hours; `-1` for an ExecuteNow report.
    #[serde(
        rename(deserialize = "recurrenceinterval"),
        default,
        deserialize_with = "de_opt_i64"
    )]
    pub recurrence_interval: Option<i64>,
    /// `recurrenceCount`.
    #[serde(
        rename(deserialize = "recurrencecount"),
        default,
        deserialize_with = "de_opt_i64"
    )]
    pub recurrence_count: Option<i64>,
    /// `callbackUrl`.
    #[serde(
        rename(deserialize = "callbackurl"),
        default,
        deserialize_with = "de_opt_string"
    )]
    pub callback_url: Option<String>,
    /// `callbackMethod` (MPN).
    #[serde(
        rename(deserialize = "callbackmethod"),
        default,
        deserialize_with = "de_opt_string"
    )]
    pub callback_method: Option<String>,
    /// `format`: csv or tsv.
    #[serde(default, deserialize_with = "de_opt_string")]
    pub format: Option<String>,
}

/// The rows of `testQueryResult`, keyed by column name as the query wrote it.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TryResult {
    /// The rows (a few only: the cap is 10 or 100 depending on the page).
    pub rows: Vec<serde_json::Map<String, serde_json::Value>>,
    /// `totalCount`.
    pub total_count: Option<i64>,
    /// `dataRedacted`: rows withheld (undocumented; surfaced as sent).
    pub data_redacted: Option<bool>,
}

/// A list answer with the envelope's extra facts.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Listing<T> {
    /// The items of every page.
    pub items: Vec<T>,
    /// The envelope's `message` (of the first page).
    pub message: Option<String>,
    /// Whether any page said `dataRedacted: true`.
    pub data_redacted: bool,
}
