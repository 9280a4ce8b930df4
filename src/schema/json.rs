//! Tolerant reading of the API's `ScheduledDataset` JSON, and writing it back.
//!
//! The documentation prints the same fields in camelCase and PascalCase (and
//! once with a trailing space), so keys are matched without regard to case or
//! surrounding spaces; optional fields may be missing; numbers may come as strings.

use serde::Serialize;
use serde_json::{Map, Value};

use super::{Dataset, Family};

/// The value of `key` in `obj`, matching keys without regard to case or
/// surrounding whitespace.
pub(crate) fn get<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    obj.get(key).or_else(|| {
        obj.iter()
            .find(|(k, _)| k.trim().eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// A list of strings; `null` or a missing field is an empty list.
pub(crate) fn string_list(v: Option<&Value>, field: &str) -> Result<Vec<String>, String> {
    match v {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| match item {
                Value::String(s) => Ok(s.trim().to_string()),
                other => Err(format!(
                    "`{field}` must be a list of strings, but item {} is {}",
                    i + 1,
                    kind(other)
                )),
            })
            .collect(),
        Some(other) => Err(format!(
            "`{field}` must be a list of strings, not {}",
            kind(other)
        )),
    }
}

/// An optional non-negative whole number, also accepted as a string (`"24"`).
pub(crate) fn opt_u32(v: Option<&Value>, field: &str) -> Result<Option<u32>, String> {
    let bad = |what: &str| format!("`{field}` must be a whole number of hours, not {what}");
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => match n.as_u64().and_then(|n| u32::try_from(n).ok()) {
            Some(n) => Ok(Some(n)),
            None => Err(bad(&n.to_string())),
        },
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| bad(&format!("\"{s}\""))),
        Some(other) => Err(bad(kind(other))),
    }
}

/// An optional string.
pub(crate) fn opt_string(v: Option<&Value>, field: &str) -> Result<Option<String>, String> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(format!("`{field}` must be a string, not {}", kind(other))),
    }
}

/// An optional boolean (also `"true"`/`"false"`).
pub(crate) fn opt_bool(v: Option<&Value>, field: &str) -> Result<Option<bool>, String> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => Ok(Some(true)),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("false") => Ok(Some(false)),
        Some(other) => Err(format!(
            "`{field}` must be true or false, not {}",
            kind(other)
        )),
    }
}

/// How a JSON value is called in an error message (`a string`, `a list`, …):
/// the one such helper for `serde_json` values (the schema loader and the
/// client's decoding use it).
pub(crate) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Parse JSON text, stripping a UTF-8 byte-order mark; the error says where.
pub(crate) fn parse_text(text: &str) -> Result<Value, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_json::from_str(text).map_err(|e| {
        format!(
            "invalid JSON at line {}, column {}: {e}",
            e.line(),
            e.column()
        )
    })
}

/// The fields of one `ScheduledDataset` item. This is the one decoder of an
/// item: the catalog loader ([`dataset_from_item`]), the client's
/// `DatasetInfo` (what `GET ScheduledDataset` answers and `schemas pull`
/// writes) and so the cache files all read items through it, so a file that
/// pull writes is one the loader reads.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct ItemFields {
    /// `datasetName`, trimmed; `None` when missing (an error where a name is
    /// required).
    pub name: Option<String>,
    /// `selectableColumns`.
    pub columns: Vec<String>,
    /// `availableMetrics`.
    pub metrics: Vec<String>,
    /// `availableDateRanges`.
    pub ranges: Vec<String>,
    /// `minimumRecurrenceInterval`, hours.
    pub min_recurrence: Option<u32>,
}

/// Decode the fields of a `ScheduledDataset` item (keys in any case). With
/// `require_name`, a missing `datasetName` is an error.
pub(crate) fn item_fields(item: &Value, require_name: bool) -> Result<ItemFields, String> {
    let Value::Object(obj) = item else {
        return Err(format!("a dataset must be an object, not {}", kind(item)));
    };
    let name = match get(obj, "datasetName") {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        None | Some(Value::Null) if !require_name => None,
        None => return Err("the dataset has no `datasetName`".into()),
        Some(other) => {
            return Err(format!(
                "`datasetName` must be a non-empty string, not {}",
                kind(other)
            ));
        }
    };
    let ctx = |e: String| match &name {
        Some(n) => format!("dataset `{n}`: {e}"),
        None => format!("dataset: {e}"),
    };
    Ok(ItemFields {
        columns: string_list(get(obj, "selectableColumns"), "selectableColumns").map_err(ctx)?,
        metrics: string_list(get(obj, "availableMetrics"), "availableMetrics").map_err(ctx)?,
        ranges: string_list(get(obj, "availableDateRanges"), "availableDateRanges").map_err(ctx)?,
        min_recurrence: opt_u32(
            get(obj, "minimumRecurrenceInterval"),
            "minimumRecurrenceInterval",
        )
        .map_err(ctx)?,
        name,
    })
}

/// One `ScheduledDataset` item as a [`Dataset`] of `family` ([`item_fields`]
/// with the name required).
pub(crate) fn dataset_from_item(item: &Value, family: Family) -> Result<Dataset, String> {
    let f = item_fields(item, true)?;
    let name = f.name.unwrap_or_default();
    Ok(Dataset::new(
        name,
        family,
        f.columns,
        f.metrics,
        f.ranges,
        f.min_recurrence,
    ))
}

/// The items of a `ScheduledDataset` response: the envelope's `value` (any
/// case), a bare list, or a single item.
pub(crate) fn response_items(body: &Value) -> Result<Vec<&Value>, String> {
    match body {
        Value::Array(items) => Ok(items.iter().collect()),
        Value::Object(obj) => match get(obj, "value") {
            Some(Value::Array(items)) => Ok(items.iter().collect()),
            Some(Value::Null) => Ok(Vec::new()),
            Some(other) => Err(format!("`value` must be a list, not {}", kind(other))),
            None if get(obj, "datasetName").is_some() => Ok(vec![body]),
            None => Err("the response has neither `value` nor `datasetName`".into()),
        },
        other => Err(format!(
            "a ScheduledDataset response must be an object or a list, not {}",
            kind(other)
        )),
    }
}

/// A dataset as one item of the API's `ScheduledDataset` response.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduledDatasetItem<'a> {
    /// `datasetName`
    pub dataset_name: &'a str,
    /// `selectableColumns`
    pub selectable_columns: &'a [String],
    /// `availableMetrics`
    pub available_metrics: &'a [String],
    /// `availableDateRanges`
    pub available_date_ranges: &'a [String],
    /// `minimumRecurrenceInterval`, left out when unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum_recurrence_interval: Option<u32>,
}

impl Dataset {
    /// The dataset as one item of the API's `ScheduledDataset` response, the
    /// format of the files under `schemas/<family>/`.
    pub fn to_item(&self) -> ScheduledDatasetItem<'_> {
        ScheduledDatasetItem {
            dataset_name: self.name(),
            selectable_columns: self.columns(),
            available_metrics: self.metrics(),
            available_date_ranges: self.date_ranges(),
            minimum_recurrence_interval: self.min_recurrence_interval(),
        }
    }

    /// [`Dataset::to_item`] as pretty-printed JSON with a final newline, exactly
    /// like the bundled files.
    pub fn to_json_pretty(&self) -> String {
        let mut s = serde_json::to_string_pretty(&self.to_item()).unwrap_or_default();
        s.push('\n');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_pascal_case_strings_for_numbers_and_missing_fields() {
        let v = parse_text(
            "\u{feff}{\"Value\": [{\"DatasetName \": \"ISVUsage\", \"SelectableColumns\": [\"A\"], \
             \"MinimumRecurrenceInterval\": \"4\"}], \"TotalCount\": 1}",
        )
        .unwrap();
        let items = response_items(&v).unwrap();
        let d = dataset_from_item(items[0], Family::Cmp).unwrap();
        assert_eq!(d.name(), "ISVUsage");
        assert_eq!(d.columns(), ["A"]);
        assert!(d.metrics().is_empty());
        assert_eq!(d.min_recurrence_interval(), Some(4));
    }

    #[test]
    fn says_what_is_wrong() {
        let v = parse_text(r#"{"value": [{"datasetName": "X", "selectableColumns": ["a", 3]}]}"#)
            .unwrap();
        let err = dataset_from_item(response_items(&v).unwrap()[0], Family::Mpn).unwrap_err();
        assert_eq!(
            err,
            "dataset `X`: `selectableColumns` must be a list of strings, but item 2 is a number"
        );
        let err = parse_text("{\"value\": [").unwrap_err();
        assert!(err.starts_with("invalid JSON at line 1"), "{err}");
        let v =
            parse_text(r#"{"value": [{"datasetName": "X", "minimumRecurrenceInterval": "soon"}]}"#)
                .unwrap();
        let err = dataset_from_item(response_items(&v).unwrap()[0], Family::Mpn).unwrap_err();
        assert!(err.contains("\"soon\""), "{err}");
    }

    #[test]
    fn writes_the_api_item_shape() {
        let d = Dataset::new(
            "Profile",
            Family::Mpn,
            vec!["MPNId".into()],
            vec![],
            vec!["LIFETIME".into()],
            Some(24),
        );
        assert_eq!(
            d.to_json_pretty(),
            "{\n  \"datasetName\": \"Profile\",\n  \"selectableColumns\": [\n    \"MPNId\"\n  ],\n  \
             \"availableMetrics\": [],\n  \"availableDateRanges\": [\n    \"LIFETIME\"\n  ],\n  \
             \"minimumRecurrenceInterval\": 24\n}\n"
        );
    }
}
