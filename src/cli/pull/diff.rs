//! What changed between two listings of a family's datasets.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// The names a dataset offers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shape {
    /// Selectable columns.
    pub columns: BTreeSet<String>,
    /// Metrics.
    pub metrics: BTreeSet<String>,
    /// Date ranges.
    pub ranges: BTreeSet<String>,
}

impl Shape {
    /// From three lists of names.
    pub fn new(columns: &[String], metrics: &[String], ranges: &[String]) -> Self {
        let set = |v: &[String]| v.iter().cloned().collect();
        Shape {
            columns: set(columns),
            metrics: set(metrics),
            ranges: set(ranges),
        }
    }
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
}
