//! Requests and answers of the analytics API as serde data.
//!
//! Answers decode from folded keys (see [`super::decode`]) and serialize in
//! camelCase; every field of an answer is optional because the API families
//! and documentation versions differ. Requests serialize in PascalCase, as
//! the documentation writes them.

use serde::{Deserialize, Serialize};

use super::decode::{de_opt_bool, de_opt_i64, de_opt_string};

/// One item of `ScheduledDataset`: the format of the files under `schemas/`.
///
/// It decodes through the catalog loader's decoder of an item
/// (`schema::json::item_fields`), so what `schemas pull` writes from it is
/// what `pcql check` reads back; only a missing `datasetName` is tolerated
/// here (and skipped by pull).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct DatasetInfo {
    /// `datasetName`.
    pub dataset_name: Option<String>,
    /// `selectableColumns`.
    pub selectable_columns: Vec<String>,
    /// `availableMetrics`.
    pub available_metrics: Vec<String>,
    /// `availableDateRanges`.
    pub available_date_ranges: Vec<String>,
    /// `minimumRecurrenceInterval` (MPN), hours.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum_recurrence_interval: Option<i64>,
}

impl<'de> Deserialize<'de> for DatasetInfo {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        let f = crate::schema::json::item_fields(&v, false).map_err(serde::de::Error::custom)?;
        Ok(DatasetInfo {
            dataset_name: f.name,
            selectable_columns: f.columns,
            available_metrics: f.metrics,
            available_date_ranges: f.ranges,
            minimum_recurrence_interval: f.min_recurrence.map(i64::from),
        })
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

#[cfg(test)]
mod dataset_info_tests {
    use super::DatasetInfo;
    use crate::schema::Family;

    /// One decoder: what the client accepts, the loader reads back the same,
    /// and what the loader refuses, the client refuses too.
    #[test]
    fn dataset_items_decode_as_the_loader_decodes_them() {
        let item = r#"{"DatasetName": " ISVOrder ", "SELECTABLECOLUMNS": ["OfferName"],
            "availableMetrics": null, "availableDateRanges": ["LAST_MONTH"],
            "minimumRecurrenceInterval": "24"}"#;
        let info: DatasetInfo = serde_json::from_str(item).unwrap();
        assert_eq!(info.dataset_name.as_deref(), Some("ISVOrder"));
        assert_eq!(info.minimum_recurrence_interval, Some(24));
        let written = serde_json::to_value(&info).unwrap();
        let ds = crate::schema::json::dataset_from_item(&written, Family::Cmp).unwrap();
        assert_eq!(ds.name(), "ISVOrder");
        assert_eq!(ds.columns(), ["OfferName"]);
        assert_eq!(ds.min_recurrence_interval(), Some(24));
        let bad = r#"{"datasetName": "X", "selectableColumns": ["A", 3]}"#;
        let err = serde_json::from_str::<DatasetInfo>(bad)
            .unwrap_err()
            .to_string();
        assert!(err.contains("item 2 is a number"), "{err}");
        assert!(
            crate::schema::json::dataset_from_item(
                &serde_json::from_str(bad).unwrap(),
                Family::Cmp
            )
            .is_err()
        );
        let nameless: DatasetInfo = serde_json::from_str(r#"{"selectableColumns": []}"#).unwrap();
        assert_eq!(nameless.dataset_name, None);
    }
}
