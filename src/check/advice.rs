//! Advice: DISTINCT with a metric (PQ5001), only metrics selected (PQ5002), a
//! date range in WHERE where TIMESPAN is meant (PQ5003).

use super::Ctx;
use crate::ast::{Ident, Operator, Query};
use crate::diagnostic::{Code, Diagnostic, Edit, Fix};
use crate::span::Span;

/// Every advice rule; they need the dataset.
pub(super) fn check(cx: &mut Ctx<'_>) {
    let Some(ds) = cx.dataset else { return };
    let q = cx.query;
    let metric = cx.first_metric.and_then(|i| q.select.get(i));
    if let (true, Some(m)) = (q.distinct, metric) {
        cx.push(distinct_with_metric(q, m));
    }
    if !q.select.is_empty() && cx.all_metrics {
        let span = q
            .clauses
            .select
            .unwrap_or_else(|| q.select[0].span.to(q.select[q.select.len() - 1].span));
        let cols: Vec<&str> = match ds.column("Month") {
            Some(m) if !m.is_metric => vec![m.name],
            _ => ds.columns().iter().take(2).map(String::as_str).collect(),
        };
        cx.push(
            Diagnostic::new(
                Code::OnlyMetrics,
                span,
                "only metrics are selected, so the query returns one row of totals over the whole TIMESPAN",
            )
            .with_label("only metrics")
            .with_help(if cols.is_empty() {
                "name some columns as well to break the totals down".to_string()
            } else {
                format!("name some columns as well to break the totals down, such as `{}`", cols.join("`, `"))
            }),
        );
    }
    for (i, c) in q.filters.iter().enumerate() {
        if !matches!(
            c.op,
            Operator::Gt | Operator::Ge | Operator::Lt | Operator::Le
        ) {
            continue;
        }
        let Some(ty) = cx.filter_column(i).and_then(|n| n.hint).and_then(|h| h.ty) else {
            continue;
        };
        if !ty.is_temporal() {
            continue;
        }
        cx.push(
            Diagnostic::new(
                Code::DateFilter,
                c.span,
                format!("a date range on `{}` in WHERE, where TIMESPAN picks the period", c.column.name),
            )
            .with_label("date filter")
            .with_help(format!(
                "use TIMESPAN ({} offers {}); for a one-off report of exact dates, use QueryStartTime and QueryEndTime with ExecuteNow",
                ds.name(),
                ds.date_ranges().join(", ")
            )),
        );
    }
}

/// PQ5001, pointing at `SELECT DISTINCT` when its place is known.
fn distinct_with_metric(q: &Query, m: &Ident) -> Diagnostic {
    let d = Diagnostic::new(
        Code::DistinctWithMetric,
        m.span,
        "DISTINCT changes nothing here: with a metric selected, each row is already distinct",
    )
    .with_help(
        "metrics are computed per distinct combination of the other selected names; drop DISTINCT",
    );
    // `SELECT` is six bytes; DISTINCT and the spaces around it stand between
    // it and the first name.
    match (q.clauses.select, q.select.first()) {
        (Some(sel), Some(first)) if sel.start + 6 < first.span.start => {
            let mut d = d
                .with_label("DISTINCT")
                .with_related(m.span, format!("`{}` is a metric", m.name))
                .with_fix(Fix::safe(
                    "remove DISTINCT",
                    vec![Edit::replace(
                        Span::new(sel.start + 6, first.span.start),
                        " ",
                    )],
                ));
            d.span = Span::new(sel.start, first.span.start - 1);
            d
        }
        _ => d.with_label(format!("`{}` is a metric", m.name)),
    }
}
