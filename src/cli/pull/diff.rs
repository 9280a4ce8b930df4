//! What changed between two listings of a family's datasets.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// What of a dataset decides a verdict: the names it offers, its
/// `minimumRecurrenceInterval` (PQ6007) and whether its lists are complete
/// (a name it does not list is an error, not a warning).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    /// Selectable columns.
    pub columns: BTreeSet<String>,
    /// Metrics.
    pub metrics: BTreeSet<String>,
    /// Date ranges.
    pub ranges: BTreeSet<String>,
    /// `minimumRecurrenceInterval`, hours.
    pub min_recurrence: Option<u32>,
    /// Whether the column and metric lists are complete.
    pub complete: bool,
}

impl Default for Shape {
    fn default() -> Self {
        Shape::new(&[], &[], &[])
    }
}

impl Shape {
    /// From three lists of names (complete, no minimum interval).
    pub fn new(columns: &[String], metrics: &[String], ranges: &[String]) -> Self {
        let set = |v: &[String]| v.iter().cloned().collect();
        Shape {
            columns: set(columns),
            metrics: set(metrics),
            ranges: set(ranges),
            min_recurrence: None,
            complete: true,
        }
    }

    /// The same with its minimum recurrence interval.
    pub fn with_min_recurrence(mut self, hours: Option<u32>) -> Self {
        self.min_recurrence = hours;
        self
    }

    /// The same with the completeness of its lists.
    pub fn with_complete(mut self, complete: bool) -> Self {
        self.complete = complete;
        self
    }
}

/// `24 hours`, or `none` when the dataset states no minimum.
fn hours(h: Option<u32>) -> String {
    h.map_or_else(|| "none".to_string(), |h| format!("{h} hours"))
}

/// Datasets by name.
pub type Shapes = BTreeMap<String, Shape>;

/// One line per added or removed dataset, and one per changed dataset with
/// its added and removed columns, metrics and date ranges. Empty when equal.
pub fn changes(old: &Shapes, new: &Shapes) -> Vec<String> {
    let mut out = Vec::new();
    for name in new.keys().filter(|n| !old.contains_key(*n)) {
        out.push(format!("+ dataset {name}"));
    }
    for name in old.keys().filter(|n| !new.contains_key(*n)) {
        out.push(format!("- dataset {name}"));
    }
    for (name, n) in new {
        let Some(o) = old.get(name) else { continue };
        let mut parts = Vec::new();
        for (what, a, b) in [
            ("column", &o.columns, &n.columns),
            ("metric", &o.metrics, &n.metrics),
            ("date range", &o.ranges, &n.ranges),
        ] {
            for x in b.difference(a) {
                parts.push(format!("+ {what} {x}"));
            }
            for x in a.difference(b) {
                parts.push(format!("- {what} {x}"));
            }
        }
        if o.min_recurrence != n.min_recurrence {
            parts.push(format!(
                "minimum recurrence interval {} → {}",
                hours(o.min_recurrence),
                hours(n.min_recurrence)
            ));
        }
        if o.complete != n.complete {
            parts.push(
                if n.complete {
                    "columns and metrics now complete (a name not listed is an error)"
                } else {
                    "columns and metrics now incomplete (a name not listed is a warning)"
                }
                .to_string(),
            );
        }
        if !parts.is_empty() {
            let mut line = format!("~ {name}:");
            for p in parts {
                let _ = write!(line, " {p};");
            }
            line.pop();
            out.push(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(c: &[&str], m: &[&str], r: &[&str]) -> Shape {
        let v = |x: &[&str]| x.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        Shape::new(&v(c), &v(m), &v(r))
    }

    #[test]
    fn lists_every_kind_of_change() {
        let old: Shapes = [
            ("A".into(), s(&["x", "y"], &["m"], &["LAST_MONTH"])),
            ("Gone".into(), Shape::default()),
        ]
        .into();
        let new: Shapes = [
            (
                "A".into(),
                s(&["x", "z"], &["m"], &["LAST_MONTH", "LIFETIME"]),
            ),
            ("New".into(), Shape::default()),
        ]
        .into();
        assert_eq!(
            changes(&old, &new),
            [
                "+ dataset New",
                "- dataset Gone",
                "~ A: + column z; - column y; + date range LIFETIME"
            ]
        );
        assert!(changes(&new, &new).is_empty());
    }

    #[test]
    fn a_changed_minimum_interval_or_completeness_is_a_change() {
        let a = s(&["x"], &[], &[]).with_min_recurrence(Some(24));
        let old: Shapes = [
            ("A".into(), a.clone()),
            ("B".into(), a.clone().with_complete(false)),
        ]
        .into();
        let new: Shapes = [
            ("A".into(), a.clone().with_min_recurrence(Some(48))),
            ("B".into(), a.with_min_recurrence(None)),
        ]
        .into();
        assert_eq!(
            changes(&old, &new),
            [
                "~ A: minimum recurrence interval 24 hours → 48 hours",
                "~ B: minimum recurrence interval 24 hours → none; columns and metrics now complete (a name not listed is an error)"
            ]
        );
    }
}
