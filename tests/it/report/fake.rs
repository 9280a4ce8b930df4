//! A stand-in for the real query checker, so body tests do not depend on the
//! parser and the catalog checks: it knows just enough to produce diagnostics
//! with spans and fixes inside a query text (`*`, double-quoted names, retired
//! datasets and names from `schemas/mpn/_retired.json`), and reads a dataset's
//! `minimumRecurrenceInterval` from the bundled schema files.

use std::path::Path;

use pcql::check::body::DatasetInfo;
use pcql::diagnostic::{Code, Diagnostic, Edit, Fix};
use pcql::span::Span;

fn schemas() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/schemas"))
}

/// Words (`[A-Za-z0-9_]+`) with their spans.
fn words(q: &str) -> Vec<(Span, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in q.char_indices().chain(std::iter::once((q.len(), ' '))) {
        match (start, c.is_ascii_alphanumeric() || c == '_') {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                out.push((Span::new(s, i), &q[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    out
}

fn from_dataset(q: &str) -> Option<(Span, &str)> {
    let w = words(q);
    let i = w.iter().position(|(_, t)| t.eq_ignore_ascii_case("FROM"))?;
    w.get(i + 1).copied()
}

/// The stand-in checker.
pub fn check_query(q: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(i) = q.find('*') {
        out.push(
            Diagnostic::new(
                Code::SelectStar,
                Span::new(i, i + 1),
                "SELECT * is not supported",
            )
            .with_label("name the columns"),
        );
    }
    let mut rest = 0;
    while let Some(open) = q[rest..].find('"').map(|o| o + rest) {
        let Some(close) = q[open + 1..].find('"').map(|c| c + open + 1) else {
            break;
        };
        let name = &q[open + 1..close];
        let span = Span::new(open, close + 1);
        out.push(
            Diagnostic::new(
                Code::QuotedIdentifier,
                span,
                format!("`\"{name}\"` is a quoted name"),
            )
            .with_fix(Fix::safe(
                format!("write {name}"),
                vec![Edit::replace(span, name)],
            )),
        );
        rest = close + 1;
    }
    let retired: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(schemas().join("mpn/_retired.json")).unwrap(),
    )
    .unwrap();
    if let Some((span, ds)) = from_dataset(q) {
        if retired["datasets"].get(ds).is_some() {
            out.push(Diagnostic::new(
                Code::RetiredDataset,
                span,
                format!("the service no longer offers the dataset {ds}"),
            ));
        }
        if let Some(names) = retired["names"].get(ds).and_then(|n| n.as_object()) {
            for (span, w) in words(q) {
                if names.contains_key(w) {
                    out.push(Diagnostic::new(
                        Code::RetiredName,
                        span,
                        format!("the service no longer offers {w} in {ds}"),
                    ));
                }
            }
        }
    }
    out
}

/// The dataset of a query, from the bundled schema files.
pub fn dataset_of_query(q: &str) -> Option<DatasetInfo> {
    let (_, ds) = from_dataset(q)?;
    ["mpn", "cmp", "apps-games"].iter().find_map(|fam| {
        let text = std::fs::read_to_string(schemas().join(fam).join(format!("{ds}.json"))).ok()?;
        let v: serde_json::Value = serde_json::from_str(&text).ok()?;
        Some(DatasetInfo {
            name: ds.to_string(),
            minimum_recurrence_interval: v["minimumRecurrenceInterval"]
                .as_u64()
                .and_then(|n| u32::try_from(n).ok()),
        })
    })
}
