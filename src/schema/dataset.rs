//! One dataset of a catalog: its columns, metrics, date ranges and hints.

use std::fmt;

use serde::Serialize;

use super::Family;
use super::index::NameIndex;
use crate::ast::DateRange;

/// The type of a column's values, as the hints know it (inferred from documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnType {
    /// Text.
    String,
    /// A whole number.
    Integer,
    /// A number with a decimal part.
    Decimal,
    /// A date, `yyyy-MM-dd`.
    Date,
    /// A date and time, `yyyy-MM-dd HH:mm:ss` or ISO 8601.
    #[serde(rename = "datetime")]
    DateTime,
    /// A GUID.
    Guid,
    /// `0` or `1`.
    Boolean01,
    /// `Y` or `N`.
    #[serde(rename = "yesno")]
    YesNo,
}

impl ColumnType {
    /// The name used in `_hints.json`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ColumnType::String => "string",
            ColumnType::Integer => "integer",
            ColumnType::Decimal => "decimal",
            ColumnType::Date => "date",
            ColumnType::DateTime => "datetime",
            ColumnType::Guid => "guid",
            ColumnType::Boolean01 => "boolean01",
            ColumnType::YesNo => "yesno",
        }
    }

    /// The type named `s` (any case).
    pub fn parse(s: &str) -> Option<ColumnType> {
        [
            ColumnType::String,
            ColumnType::Integer,
            ColumnType::Decimal,
            ColumnType::Date,
            ColumnType::DateTime,
            ColumnType::Guid,
            ColumnType::Boolean01,
            ColumnType::YesNo,
        ]
        .into_iter()
        .find(|t| t.as_str().eq_ignore_ascii_case(s))
    }

    /// `date` or `datetime`.
    pub const fn is_temporal(self) -> bool {
        matches!(self, ColumnType::Date | ColumnType::DateTime)
    }
}

impl fmt::Display for ColumnType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the documentation tells about a column beyond its name. Inferred, never
/// authoritative: rules built on it warn, they do not reject.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ColumnHint {
    /// The type of its values, when known.
    pub ty: Option<ColumnType>,
    /// Every value the column can hold, when the documentation says so
    /// (compared case-insensitively).
    pub values: Vec<String>,
    /// Some values seen in documentation; not a complete list.
    pub values_seen: Vec<String>,
    /// What it means.
    pub description: Option<String>,
}

/// A name of a dataset as the catalog spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameRef<'a> {
    /// The catalog's spelling.
    pub name: &'a str,
    /// Whether it is a metric (`availableMetrics`) rather than a column.
    pub is_metric: bool,
    /// What the hints know about it.
    pub hint: Option<&'a ColumnHint>,
}

/// One dataset: what `ScheduledDataset` says about it, plus hints and completeness.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    name: String,
    family: Family,
    columns: Vec<String>,
    metrics: Vec<String>,
    date_ranges: Vec<String>,
    /// The ranges of `date_ranges` the language knows, one bit per [`DateRange`].
    offered: u32,
    min_recurrence_interval: Option<u32>,
    columns_complete: bool,
    metrics_complete: bool,
    /// Parallel to `columns` then `metrics`.
    hints: Vec<Option<ColumnHint>>,
    /// Name (any case) → position in `columns` then `metrics`.
    index: NameIndex,
}

impl Dataset {
    /// A dataset with complete column and metric lists and no hints.
    /// Names are kept as given; a name repeated in another case keeps its first spelling.
    pub fn new(
        name: impl Into<String>,
        family: Family,
        columns: Vec<String>,
        metrics: Vec<String>,
        date_ranges: Vec<String>,
        min_recurrence_interval: Option<u32>,
    ) -> Dataset {
        let index = NameIndex::new(columns.iter().chain(metrics.iter()).map(String::as_str));
        let hints = vec![None; columns.len() + metrics.len()];
        let offered = date_ranges
            .iter()
            .filter_map(|r| DateRange::parse(r))
            .fold(0, |bits, r| bits | 1 << r as u32);
        Dataset {
            offered,
            name: name.into(),
            family,
            columns,
            metrics,
            date_ranges,
            min_recurrence_interval,
            columns_complete: true,
            metrics_complete: true,
            hints,
            index,
        }
    }

    /// The same dataset with the completeness of its lists set.
    pub fn with_completeness(mut self, columns_complete: bool, metrics_complete: bool) -> Self {
        self.columns_complete = columns_complete;
        self.metrics_complete = metrics_complete;
        self
    }

    /// Attach `hint` to the column or metric `name` (any case). Returns false
    /// when the dataset has no such name.
    pub fn set_hint(&mut self, name: &str, hint: ColumnHint) -> bool {
        match self.position(name) {
            Some(i) => {
                self.hints[i] = Some(hint);
                true
            }
            None => false,
        }
    }

    /// Attach `hint` to the name at position `i` among the columns then the metrics.
    #[cfg_attr(not(feature = "bundled-schemas"), allow(dead_code))]
    pub(crate) fn set_hint_at(&mut self, i: usize, hint: ColumnHint) {
        if let Some(slot) = self.hints.get_mut(i) {
            *slot = Some(hint);
        }
    }

    pub(crate) fn set_family(&mut self, family: Family) {
        self.family = family;
    }

    /// The dataset's name as the catalog spells it.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The family it belongs to.
    pub fn family(&self) -> Family {
        self.family
    }

    /// `selectableColumns`, in the catalog's order and spelling.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// `availableMetrics`, in the catalog's order and spelling.
    pub fn metrics(&self) -> &[String] {
        &self.metrics
    }

    /// Whether the dataset offers `range` for TIMESPAN (in any spelling).
    pub fn offers(&self, range: DateRange) -> bool {
        self.offered & 1 << range as u32 != 0
    }

    /// `availableDateRanges`, as the catalog spells them.
    pub fn date_ranges(&self) -> &[String] {
        &self.date_ranges
    }

    /// The catalog's spelling of the date range `name`, when the dataset offers it.
    pub fn date_range(&self, name: &str) -> Option<&str> {
        self.date_ranges
            .iter()
            .find(|r| r.eq_ignore_ascii_case(name))
            .map(String::as_str)
    }

    /// `minimumRecurrenceInterval` in hours, when the listing gives it.
    pub fn min_recurrence_interval(&self) -> Option<u32> {
        self.min_recurrence_interval
    }

    /// Whether `selectableColumns` is known to be complete.
    pub fn columns_complete(&self) -> bool {
        self.columns_complete
    }

    /// Whether `availableMetrics` is known to be complete.
    pub fn metrics_complete(&self) -> bool {
        self.metrics_complete
    }

    /// Whether both lists are known to be complete.
    pub fn is_complete(&self) -> bool {
        self.columns_complete && self.metrics_complete
    }

    fn position(&self, name: &str) -> Option<usize> {
        let n = self.columns.len();
        self.index.get(name, |i| {
            if i < n {
                &self.columns[i]
            } else {
                &self.metrics[i - n]
            }
        })
    }

    fn name_at(&self, i: usize) -> NameRef<'_> {
        let n = self.columns.len();
        let (name, is_metric) = if i < n {
            (&self.columns[i], false)
        } else {
            (&self.metrics[i - n], true)
        };
        NameRef {
            name,
            is_metric,
            hint: self.hints.get(i).and_then(Option::as_ref),
        }
    }

    /// The position of `name` among the columns then the metrics, with its entry.
    pub(crate) fn lookup(&self, name: &str) -> Option<(usize, NameRef<'_>)> {
        self.position(name).map(|i| (i, self.name_at(i)))
    }

    /// How many columns and metrics the dataset has.
    pub(crate) fn name_count(&self) -> usize {
        self.columns.len() + self.metrics.len()
    }

    /// The column or metric `name`, compared without regard to ASCII case.
    /// Does not allocate.
    pub fn column(&self, name: &str) -> Option<NameRef<'_>> {
        self.position(name).map(|i| self.name_at(i))
    }

    /// Whether `name` (any case) is a metric of this dataset.
    pub fn is_metric(&self, name: &str) -> bool {
        self.column(name).is_some_and(|n| n.is_metric)
    }

    /// Every column, then every metric.
    pub fn names(&self) -> impl Iterator<Item = NameRef<'_>> {
        (0..self.columns.len() + self.metrics.len()).map(|i| self.name_at(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Dataset {
        Dataset::new(
            "OfficeUsage",
            Family::Mpn,
            vec!["Month".into(), "IsDuplicateRowForPGA".into()],
            vec!["CustomerCount".into()],
            vec!["LAST_MONTH".into(), "LAST_3_MONTHS".into()],
            Some(24),
        )
    }

    #[test]
    fn lookups_ignore_case_and_return_catalog_spelling() {
        let mut d = sample();
        let n = d.column("isduplicaterowforpga").unwrap();
        assert_eq!((n.name, n.is_metric), ("IsDuplicateRowForPGA", false));
        assert!(d.is_metric("CUSTOMERCOUNT"));
        assert!(d.column("Nope").is_none());
        assert_eq!(d.date_range("last_month"), Some("LAST_MONTH"));
        assert_eq!(d.date_range("LIFETIME"), None);
        assert!(d.offers(DateRange::LastMonth) && d.offers(DateRange::Last3Months));
        assert!(!d.offers(DateRange::Lifetime) && !d.offers(DateRange::Today));
        let hint = ColumnHint {
            ty: Some(ColumnType::Boolean01),
            ..ColumnHint::default()
        };
        assert!(d.set_hint("ISDUPLICATEROWFORPGA", hint.clone()));
        assert!(!d.set_hint("Nope", hint.clone()));
        assert_eq!(d.column("IsDuplicateRowForPga").unwrap().hint, Some(&hint));
        assert_eq!(d.names().count(), 3);
    }

    #[test]
    fn long_names_are_found_too() {
        let long = "A".repeat(200);
        let d = Dataset::new("X", Family::Cmp, vec![long.clone()], vec![], vec![], None);
        assert_eq!(d.column(&long.to_lowercase()).unwrap().name, long);
    }

    #[test]
    fn column_types_parse() {
        assert_eq!(ColumnType::parse("DateTime"), Some(ColumnType::DateTime));
        assert_eq!(ColumnType::parse("yesno"), Some(ColumnType::YesNo));
        assert_eq!(ColumnType::parse("text"), None);
        assert!(ColumnType::Date.is_temporal());
    }
}
