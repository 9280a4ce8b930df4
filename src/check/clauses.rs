//! Clauses: LIMIT (PQ3001), ORDER BY without a direction (PQ4002) or with a
//! key repeated (PQ4004), TIMESPAN not offered (PQ4001) or omitted (PQ4003).

use super::Ctx;
use crate::ast::DateRange;
use crate::diagnostic::{Code, Diagnostic, Edit, Fix};
use crate::schema::Dataset;
use crate::span::Span;

/// PQ3001: LIMIT must be a positive whole number.
pub(super) fn limit(cx: &mut Ctx<'_>) {
    let Some(limit) = &cx.query.limit else { return };
    let n = &limit.value;
    if n.as_i64().is_some_and(|v| v > 0) {
        return;
    }
    let (label, fix) = match n.as_i64() {
        Some(0) => ("zero rows", None),
        Some(_) => ("a negative number", None),
        None => {
            let whole = n.as_f64().trunc();
            let fix = (1.0..1e15).contains(&whole).then(|| {
                let w = format!("{whole:.0}");
                Fix::unsafe_(format!("write `{w}`"), vec![Edit::replace(n.span, w)])
            });
            ("not a whole number", fix)
        }
    };
    let mut d = Diagnostic::new(
        Code::InvalidLimit,
        n.span,
        format!("LIMIT takes a positive whole number, not {}", n.text),
    )
    .with_label(label)
    .with_help("write a whole number of at least 1, such as `LIMIT 100`, or leave LIMIT out to get every row");
    if let Some(f) = fix {
        d = d.with_fix(f);
    }
    cx.push(d);
}

/// PQ4002: without ASC/DESC the service sorts descending, unlike SQL.
pub(super) fn order_directions(cx: &mut Ctx<'_>) {
    for key in &cx.query.order_by {
        if key.direction.is_some() {
            continue;
        }
        cx.push(
            Diagnostic::new(
                Code::OrderWithoutDirection,
                key.span,
                format!("`{}` has no direction, and the service sorts it descending", key.column.name),
            )
            .with_label("sorted descending")
            .with_help(format!(
                "unlike SQL, the default is DESC; write `{0} DESC` to say so, or `{0} ASC` for ascending",
                key.column.name
            ))
            .with_fix(Fix::safe(
                "write DESC explicitly",
                vec![Edit::insert(key.column.span.end, " DESC")],
            )),
        );
    }
}

/// PQ4004: a sort key repeated; rows equal in a column stay equal in it, so
/// the repeat (with either direction) changes nothing, and removing it is safe.
pub(super) fn order_duplicates(cx: &mut Ctx<'_>) {
    let keys = &cx.query.order_by;
    for (i, key) in keys.iter().enumerate() {
        let Some(first) = keys[..i]
            .iter()
            .find(|k| k.column.name.eq_ignore_ascii_case(&key.column.name))
        else {
            continue;
        };
        let prev = keys[i - 1].span.end;
        let remove = if prev <= key.span.start {
            Span::new(prev, key.span.end)
        } else {
            key.span
        };
        let opposite = key.direction.is_some() && key.direction != first.direction;
        cx.push(
            Diagnostic::new(
                Code::DuplicateOrderKey,
                key.span,
                format!("`{}` is sorted by twice; the second key changes nothing", key.column.name),
            )
            .with_label("sorted by again here")
            .with_related(first.span, "first sorted by here")
            .with_help(if opposite {
                "rows are sorted by the first key; a second one with the other direction is never used. Keep one key, with the direction you mean"
            } else {
                "sort by each column once"
            })
            .with_fix(Fix::safe(
                format!("remove the second `{}`", key.column.name),
                vec![Edit::delete(remove)],
            )),
        );
    }
}

/// Ranges that mean the same period, for a fix when only the other is offered.
const SAME_PERIOD: &[(DateRange, DateRange)] = &[
    (DateRange::Last30Days, DateRange::LastMonth),
    (DateRange::Last90Days, DateRange::Last3Months),
    (DateRange::Last180Days, DateRange::Last6Months),
    (DateRange::Last365Days, DateRange::Last1Year),
];

fn same_period(r: DateRange, ds: &Dataset) -> Option<&str> {
    SAME_PERIOD.iter().find_map(|&(a, b)| {
        let other = if a == r {
            b
        } else if b == r {
            a
        } else {
            return None;
        };
        ds.date_range(other.as_str())
    })
}

/// PQ4001 and PQ4003.
pub(super) fn timespan(cx: &mut Ctx<'_>) {
    let Some(ds) = cx.dataset else { return };
    let Some(ts) = &cx.query.timespan else {
        if cx.query.from.is_none() || ds.date_ranges().is_empty() {
            return;
        }
        let mut d = Diagnostic::new(
            Code::TimespanOmitted,
            Span::empty(cx.query.span.end),
            "no TIMESPAN: the service uses the last six months",
        )
        .with_label("TIMESPAN omitted")
        .with_help(format!(
            "write the period you want; `{}` offers {}",
            ds.name(),
            ds.date_ranges().join(", ")
        ));
        if let Some(r) = ds.date_range("LAST_6_MONTHS") {
            d = d.with_fix(Fix::unsafe_(
                format!("append `TIMESPAN {r}`"),
                vec![Edit::insert(cx.query.span.end, format!(" TIMESPAN {r}"))],
            ));
        }
        cx.push(d);
        return;
    };
    // An unknown range name is the parser's (PQ1014).
    let Some(range) = ts.range() else { return };
    if ds.offers(range) || ds.date_ranges().is_empty() {
        return;
    }
    let mut d = Diagnostic::new(
        Code::TimespanNotOffered,
        ts.name.span,
        format!("`{}` does not offer TIMESPAN {range}", ds.name()),
    )
    .with_label("not offered by this dataset")
    .with_help(format!(
        "`{}` offers {}",
        ds.name(),
        ds.date_ranges().join(", ")
    ));
    if let Some(r) = same_period(range, ds) {
        d = d.with_fix(Fix::safe(
            format!("write `{r}`, the closest period offered"),
            vec![Edit::replace(ts.name.span, r)],
        ));
    } else if let [only] = ds.date_ranges() {
        d = d.with_fix(Fix::unsafe_(
            format!("write `{only}`, the only range offered"),
            vec![Edit::replace(ts.name.span, only.as_str())],
        ));
    }
    cx.push(d);
}
