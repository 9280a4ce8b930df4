//! Human output of `pcql api …`.

use std::fmt::Write;

use pcql::client::{DatasetInfo, Execution, QueryInfo, Report, TryResult};

fn or<'a>(s: &'a Option<String>, dflt: &'a str) -> &'a str {
    s.as_deref().unwrap_or(dflt)
}

/// One line per dataset.
pub fn datasets(items: &[DatasetInfo]) -> String {
    let width = items
        .iter()
        .filter_map(|d| d.dataset_name.as_ref())
        .map(String::len)
        .max()
        .unwrap_or(7)
        .max(7);
    let mut out = format!("{:<width$}  COLUMNS  METRICS  DATE RANGES\n", "DATASET");
    for d in items {
        let _ = writeln!(
            out,
            "{:<width$}  {:>7}  {:>7}  {}",
            or(&d.dataset_name, "?"),
            d.selectable_columns.len(),
            d.available_metrics.len(),
            d.available_date_ranges.join(", ")
        );
    }
    out
}

/// A query: id, type, name, then its text indented.
pub fn query(q: &QueryInfo) -> String {
    format!(
        "{}  {}  {}\n    {}\n",
        or(&q.query_id, "?"),
        or(&q.kind, "?"),
        or(&q.name, ""),
        or(&q.query, "").trim()
    )
}

/// Rows as tab-separated text under a header.
pub fn rows(r: &TryResult) -> String {
    let Some(first) = r.rows.first() else {
        return "no rows\n".into();
    };
    let cols: Vec<&String> = first.keys().collect();
    let mut out = cols
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join("\t");
    out.push('\n');
    for row in &r.rows {
        let cells: Vec<String> = cols
            .iter()
            .map(|c| match row.get(*c) {
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(serde_json::Value::Null) | None => String::new(),
                Some(v) => v.to_string(),
            })
            .collect();
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
    if r.data_redacted == Some(true) {
        out.push_str("(the service withheld some data: dataRedacted)\n");
    }
    out
}

/// A report on one line, then its query id.
pub fn report(r: &Report) -> String {
    let schedule = match (r.execute_now, r.settings.recurrence_interval) {
        (Some(true), _) | (_, Some(-1)) => "once (ExecuteNow)".to_string(),
        (_, Some(h)) => format!("every {h} h from {}", or(&r.start_time, "?")),
        _ => "unscheduled".to_string(),
    };
    format!(
        "{}  {}  {}  {}\n    query {}\n",
        or(&r.report_id, "?"),
        or(&r.report_status, "?"),
        or(&r.report_name, ""),
        schedule,
        or(&r.query_id, "?")
    )
}

/// An execution; the link only when asked (it is a secret).
pub fn execution(e: &Execution, show_links: bool) -> String {
    let mut out = format!(
        "{}  {}  generated {}",
        or(&e.execution_id, "?"),
        or(&e.execution_status, "?"),
        or(&e.report_generated_time, "-")
    );
    if let Some(l) = &e.report_access_secure_link {
        let link = if show_links {
            l.expose().to_string()
        } else {
            l.redacted()
        };
        let _ = write!(
            out,
            "\n    link {link} (expires {})",
            or(&e.report_expiry_time, "?")
        );
    }
    out.push('\n');
    out
}
