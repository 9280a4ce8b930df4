//! `pcql schemas list` and `pcql schemas show DATASET`: what the catalog in use knows.

use std::fmt::Write;

use super::CliError;
use super::catalog::Source;
use pcql::schema::{Catalog, Dataset, Family};

/// `pcql schemas list`: per family, every dataset with its counts and ranges.
pub fn list(catalog: &Catalog, source: &Source, family: Option<Family>) -> String {
    let mut out = format!("catalog: {source}\n");
    for info in catalog.families() {
        if family.is_some_and(|f| f != info.family) {
            continue;
        }
        let kind = if info.authoritative {
            "authoritative"
        } else {
            "snapshot"
        };
        let when = info.fetched.as_deref().unwrap_or("date unknown");
        let datasets = if info.datasets_complete {
            "dataset list complete"
        } else {
            "dataset list incomplete"
        };
        let _ = writeln!(out, "\n{} ({kind}, {when}; {datasets})", info.family);
        let rows: Vec<&Dataset> = catalog.datasets_of(info.family).collect();
        let width = rows
            .iter()
            .map(|d| d.name().len())
            .max()
            .unwrap_or(7)
            .max(7);
        let _ = writeln!(
            out,
            "  {:<width$}  {:>7}  {:>7}  {:>10}  {:<10}  DATE RANGES",
            "DATASET", "COLUMNS", "METRICS", "RECURRENCE", "LISTS"
        );
        for d in rows {
            let _ = writeln!(
                out,
                "  {:<width$}  {:>7}  {:>7}  {:>10}  {:<10}  {}",
                d.name(),
                d.columns().len(),
                d.metrics().len(),
                d.min_recurrence_interval()
                    .map_or("-".to_string(), |h| format!("{h} h")),
                completeness(d),
                d.date_ranges().join(", ")
            );
        }
    }
    out
}

fn completeness(d: &Dataset) -> &'static str {
    match (d.columns_complete(), d.metrics_complete()) {
        (true, true) => "complete",
        (false, true) => "columns?",
        (true, false) => "metrics?",
        (false, false) => "partial",
    }
}

/// `pcql schemas show DATASET`: the dataset in full, or an error with the closest names.
pub fn show(
    catalog: &Catalog,
    source: &Source,
    name: &str,
    family: Option<Family>,
) -> Result<String, CliError> {
    let found: Vec<&Dataset> = catalog
        .datasets_named(name)
        .filter(|d| family.is_none_or(|f| d.family() == f))
        .collect();
    if found.is_empty() {
        return Err(CliError::new(unknown(catalog, name, family)));
    }
    let mut out = format!("catalog: {source}\n");
    for d in found {
        out.push('\n');
        out.push_str(&dataset(d));
    }
    Ok(out)
}

fn unknown(catalog: &Catalog, name: &str, family: Option<Family>) -> String {
    let names = catalog
        .datasets()
        .iter()
        .filter(|d| family.is_none_or(|f| d.family() == f))
        .map(|d| d.name());
    let close = pcql::suggest::Suggestions::new(name, names);
    let mut msg = format!("no dataset `{name}` in the catalog");
    if let Some(r) = catalog.retired_dataset(name, family) {
        let _ = write!(msg, "; the service retired it (last seen {})", r.last_seen);
    }
    match close.did_you_mean() {
        Some(m) => {
            let _ = write!(msg, "; {m}");
        }
        None => msg.push_str("; `pcql schemas list` lists them"),
    }
    msg
}

/// One dataset: columns and metrics with their hints, ranges, recurrence.
fn dataset(d: &Dataset) -> String {
    let mut out = format!("{} ({})\n", d.name(), d.family());
    let lists = [
        ("columns", d.columns(), d.columns_complete()),
        ("metrics", d.metrics(), d.metrics_complete()),
    ];
    for (what, names, complete) in lists {
        let note = if complete { "" } else { ", list incomplete" };
        let _ = writeln!(out, "  {} {what}{note}:", names.len());
        for n in names {
            let _ = writeln!(out, "    {n}{}", hint(d, n));
        }
    }
    let _ = writeln!(out, "  date ranges: {}", d.date_ranges().join(", "));
    match d.min_recurrence_interval() {
        Some(h) => {
            let _ = writeln!(out, "  minimum recurrence interval: {h} hours");
        }
        None => out.push_str("  minimum recurrence interval: not given\n"),
    }
    out
}

fn hint(d: &Dataset, name: &str) -> String {
    let Some(h) = d.column(name).and_then(|n| n.hint) else {
        return String::new();
    };
    let mut parts = Vec::new();
    if let Some(t) = h.ty {
        parts.push(t.to_string());
    }
    if !h.values.is_empty() {
        parts.push(format!("one of {}", h.values.join(", ")));
    } else if !h.values_seen.is_empty() {
        parts.push(format!("e.g. {}", h.values_seen.join(", ")));
    }
    if let Some(desc) = &h.description {
        parts.push(desc.clone());
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("  ({})", parts.join("; "))
    }
}

/// One dataset as JSON: name, family, columns (with their hints), metrics,
/// date ranges, minimum recurrence and completeness.
pub fn dataset_json(d: &Dataset) -> serde_json::Value {
    let hint = |n: &str| {
        d.column(n)
            .and_then(|r| r.hint)
            .map_or(serde_json::Value::Null, |h| {
                serde_json::to_value(h).unwrap_or_default()
            })
    };
    serde_json::json!({
        "name": d.name(),
        "family": d.family().as_str(),
        "columns": d.columns().iter().map(|c| serde_json::json!({"name": c, "hint": hint(c)})).collect::<Vec<_>>(),
        "metrics": d.metrics(),
        "date_ranges": d.date_ranges(),
        "min_recurrence_interval_hours": d.min_recurrence_interval(),
        "columns_complete": d.columns_complete(),
        "metrics_complete": d.metrics_complete(),
    })
}

/// `pcql schemas list --format json`.
pub fn list_json(catalog: &Catalog, source: &Source, family: Option<Family>) -> String {
    let families: Vec<_> = catalog
        .families()
        .iter()
        .filter(|info| family.is_none_or(|f| f == info.family))
        .map(|info| {
            serde_json::json!({
                "family": info.family.as_str(),
                "authoritative": info.authoritative,
                "datasets_complete": info.datasets_complete,
                "fetched": info.fetched,
                "datasets": catalog.datasets_of(info.family).map(dataset_json).collect::<Vec<_>>(),
            })
        })
        .collect();
    let v = serde_json::json!({"catalog": source.to_string(), "families": families});
    format!("{v:#}\n")
}

/// `pcql schemas show DATASET --format json`.
pub fn show_json(
    catalog: &Catalog,
    source: &Source,
    name: &str,
    family: Option<Family>,
) -> Result<String, CliError> {
    let found: Vec<_> = catalog
        .datasets_named(name)
        .filter(|d| family.is_none_or(|f| d.family() == f))
        .map(dataset_json)
        .collect();
    if found.is_empty() {
        return Err(CliError::new(unknown(catalog, name, family)));
    }
    let v = serde_json::json!({"catalog": source.to_string(), "datasets": found});
    Ok(format!("{v:#}\n"))
}
