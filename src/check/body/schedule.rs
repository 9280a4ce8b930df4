//! The schedule of a report body: `ExecuteNow`, `StartTime` (format PQ6004,
//! 4 h ahead PQ6005), `RecurrenceInterval` (PQ6006, the dataset's minimum
//! PQ6007), `RecurrenceCount`, fields ignored with ExecuteNow (PQ6008), and
//! the one-off query window `QueryStartTime`/`QueryEndTime` (PQ6009).

use super::fields::Fields;
use super::json::{Member, Value};
use super::time::{LenientTime, TimeError, format_unix, parse_lenient};
use super::{BodyContext, DatasetInfo};
use crate::diagnostic::{Code, Diagnostic, Edit, Fix, Severity};
use crate::span::Span;

const HOUR: i64 = 3600;
const FORMAT: &str = "yyyy-MM-ddTHH:mm:ssZ";

pub(super) fn check(f: &mut Fields<'_>, ctx: &BodyContext<'_>, dataset: Option<&DatasetInfo>) {
    let now = execute_now(f);
    if now.0 {
        for name in ["StartTime", "RecurrenceInterval", "RecurrenceCount"] {
            if let Some(m) = f.get(name) {
                ignored(f, m, now.1);
            }
        }
        time_field(f, "StartTime", false);
    } else {
        if let Some(t) = time_field(f, "StartTime", true) {
            too_soon(f, t, ctx.now_unix);
        }
        interval(f, ctx, dataset);
        count(f);
    }
    window(f, now);
}

/// `ExecuteNow` and the span of its value (true when absent is false).
fn execute_now(f: &mut Fields<'_>) -> (bool, Option<Span>) {
    let Some(m) = f.get("ExecuteNow") else {
        return (false, None);
    };
    let key = f.spelled("ExecuteNow");
    match &m.value.value {
        Value::Bool(b) => (*b, Some(m.value.span)),
        Value::String(s)
            if ["true", "false"]
                .iter()
                .any(|w| w.eq_ignore_ascii_case(s.text.trim())) =>
        {
            let b = s.text.trim().eq_ignore_ascii_case("true");
            f.quoted_scalar(
                &m.value,
                &key,
                "a boolean",
                if b { "true" } else { "false" },
            );
            (b, Some(m.value.span))
        }
        _ => {
            f.wrong_type(m, &key, "true or false");
            (false, None)
        }
    }
}

/// PQ6008: a schedule field that ExecuteNow makes the service ignore.
fn ignored(f: &mut Fields<'_>, m: &Member, execute_now: Option<Span>) {
    let mut d = Diagnostic::new(
        Code::ExecuteNowIgnoresSchedule,
        m.key.span.to(m.value.span),
        format!(
            "`{}` is ignored: with ExecuteNow the report runs once, now",
            m.key.text
        ),
    )
    .with_label("ignored")
    .with_help("for a schedule, set ExecuteNow to false (or leave it out)")
    .with_fix(Fix::safe(
        "remove the ignored field",
        vec![Edit::delete(removal_span(f.members, m))],
    ));
    if let Some(s) = execute_now {
        d = d.with_related(s, "ExecuteNow is true");
    }
    f.push(d);
}

/// The bytes to delete to remove member `m` with its comma.
fn removal_span(members: &[Member], m: &Member) -> Span {
    let i = members.iter().position(|x| std::ptr::eq(x, m)).unwrap_or(0);
    match (
        members.get(i + 1),
        i.checked_sub(1).and_then(|p| members.get(p)),
    ) {
        (Some(next), _) => Span::new(m.key.span.start, next.key.span.start),
        (None, Some(prev)) => Span::new(prev.value.span.end, m.value.span.end),
        (None, None) => m.key.span.to(m.value.span),
    }
}

/// A time field: PQ6004 when it is not exactly `yyyy-MM-ddTHH:mm:ssZ`, with a
/// fix when it can be read anyway. Returns the instant and the value's span.
fn time_field(f: &mut Fields<'_>, name: &str, required: bool) -> Option<(i64, Span)> {
    let v = f.string(name, required, false)?;
    let key = f.spelled(name);
    let (span, content) = (v.s.span, v.s.content_span());
    let bad = |msg: String| {
        Diagnostic::new(Code::InvalidTimeFormat, span, msg).with_label(format!("expected {FORMAT}"))
    };
    match parse_lenient(&v.s.text) {
        Ok(LenientTime {
            unix, deviations, ..
        }) if deviations.is_empty() => Some((unix, span)),
        Ok(t) => {
            let msg = format!(
                "`{key}` is not in the format {FORMAT}: {}",
                t.deviations.join("; ")
            );
            let fix_msg = format!("write `{}`", t.canonical);
            let edit = vec![Edit::replace(content, t.canonical.clone())];
            let fix = if t.safe {
                Fix::safe(fix_msg, edit)
            } else {
                Fix::unsafe_(fix_msg, edit)
            };
            f.push(
                bad(msg)
                    .with_help("the service fails with 500 \"Internal error\" on other formats")
                    .with_fix(fix),
            );
            Some((t.unix, span))
        }
        Err(e) => {
            let msg = match e {
                TimeError::Shape => format!("`{key}` is not a time in the format {FORMAT}"),
                TimeError::OutOfRange => {
                    format!("`{key}` names a date or time that does not exist")
                }
            };
            f.push(bad(msg).with_help("a UTC time such as 2026-01-01T04:00:00Z"));
            None
        }
    }
}

/// PQ6005: StartTime less than 4 hours after now.
fn too_soon(f: &mut Fields<'_>, (start, span): (i64, Span), now: i64) {
    if start >= now + 4 * HOUR {
        return;
    }
    let ahead = start - now;
    let msg = if ahead < 0 {
        "StartTime lies in the past".to_string()
    } else {
        format!(
            "StartTime is only {}h{:02}m ahead",
            ahead / HOUR,
            ahead % HOUR / 60
        )
    };
    let earliest = (now + 4 * HOUR).div_euclid(HOUR) * HOUR + HOUR;
    let suggestion = format_unix(earliest);
    f.push(
        Diagnostic::new(Code::StartTimeTooSoon, span, msg)
            .with_label("must be at least 4 hours after the current UTC time")
            .with_help(format!(
                "the service rejects a start less than 4 hours ahead (now is {})",
                format_unix(now)
            ))
            .with_fix(Fix::unsafe_(
                format!("start at {suggestion}"),
                vec![Edit::replace(
                    Span::new(span.start + 1, span.end - 1),
                    suggestion,
                )],
            )),
    );
}

/// An integer field; a number in quotes is read with a warning (PQ6014).
fn integer<'a>(f: &mut Fields<'a>, name: &str, required: bool) -> Option<(&'a Member, i64)> {
    let Some(m) = f.get(name) else {
        if required {
            f.missing(name, "<hours>");
        }
        return None;
    };
    let key = f.spelled(name);
    let (raw, quoted) = match &m.value.value {
        Value::Number(n) => (n.as_str(), false),
        Value::String(s) => (s.text.trim(), true),
        _ => {
            f.wrong_type(m, &key, "a whole number");
            return None;
        }
    };
    let Some(n) = parse_int(raw) else {
        f.push(
            Diagnostic::new(
                Code::WrongFieldType,
                m.value.span,
                format!("`{key}` must be a whole number, not `{raw}`"),
            )
            .with_label("expected a whole number"),
        );
        return None;
    };
    if quoted {
        f.quoted_scalar(&m.value, &key, "a number", &n.to_string());
    }
    Some((m, n))
}

fn parse_int(raw: &str) -> Option<i64> {
    let digits = raw.strip_prefix('-').unwrap_or(raw);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(raw.parse().unwrap_or(if raw.starts_with('-') {
        i64::MIN
    } else {
        i64::MAX
    }))
}

/// RecurrenceInterval: 4..=2160 hours (PQ6006), 90 for the marketplace of
/// 2021 (a warning), and not below the dataset's minimum (PQ6007).
fn interval(f: &mut Fields<'_>, ctx: &BodyContext<'_>, dataset: Option<&DatasetInfo>) {
    let Some((m, n)) = integer(f, "RecurrenceInterval", true) else {
        return;
    };
    let span = m.value.span;
    let min = dataset
        .and_then(|d| d.minimum_recurrence_interval)
        .map_or(4, |m| i64::from(m).max(4));
    if !(4..=2160).contains(&n) {
        f.push(
            Diagnostic::new(Code::RecurrenceOutOfRange, span, format!("RecurrenceInterval {n} is outside 4..2160 hours"))
                .with_label("hours between runs")
                .with_help(format!("the service answers 400 \"Recurrence Interval must be between 4 and 2160\"; the least this report allows is {min}")),
        );
    } else if n < min {
        let ds = dataset.map_or("", |d| d.name.as_str());
        f.push(
            Diagnostic::new(Code::RecurrenceBelowMinimum, span, format!("RecurrenceInterval {n} is below the {min} hours that {ds} allows"))
                .with_label(format!("{ds} refreshes at most every {min} hours"))
                .with_help("the dataset's minimumRecurrenceInterval (GET ScheduledDataset) bounds how often a report may run")
                .with_fix(Fix::unsafe_(format!("run every {min} hours"), vec![Edit::replace(span, min.to_string())])),
        );
    } else if n > 90
        && ctx
            .family
            .is_some_and(|fam| fam.eq_ignore_ascii_case("cmp"))
    {
        f.push(
            Diagnostic::new(Code::RecurrenceOutOfRange, span, format!("RecurrenceInterval {n} exceeds the 90 hours the marketplace API documents"))
                .with_severity(Severity::Warning)
                .with_label("hours between runs")
                .with_help("the marketplace (cmp) documentation of 2021 says \"between 4 and 90\"; Partner Insights allows 2160"),
        );
    }
}

/// RecurrenceCount: a positive number of runs (PQ6006).
fn count(f: &mut Fields<'_>) {
    if let Some((m, n)) = integer(f, "RecurrenceCount", false).filter(|&(_, n)| n < 1) {
        f.push(
            Diagnostic::new(
                Code::RecurrenceOutOfRange,
                m.value.span,
                format!("RecurrenceCount {n} is not a positive number of runs"),
            )
            .with_label("number of runs")
            .with_help("leave RecurrenceCount out to run until the report is deleted"),
        );
    }
}

/// QueryStartTime / QueryEndTime: only with ExecuteNow, start before end (PQ6009).
fn window(f: &mut Fields<'_>, (execute_now, now_span): (bool, Option<Span>)) {
    let start = time_field(f, "QueryStartTime", false);
    let end = time_field(f, "QueryEndTime", false);
    if !execute_now {
        for name in ["QueryStartTime", "QueryEndTime"] {
            let Some(m) = f.get(name) else { continue };
            let mut d = Diagnostic::new(
                Code::QueryWindow,
                m.key.span.to(m.value.span),
                format!("`{}` applies only when ExecuteNow is true; this scheduled report ignores it", m.key.text),
            )
            .with_severity(Severity::Warning)
            .with_label("ignored")
            .with_help("set ExecuteNow to true for a one-off report over this window, or remove it and let the query's TIMESPAN choose the range");
            if let Some(s) = now_span {
                d = d.with_related(s, "ExecuteNow is false");
            }
            f.push(d);
        }
    }
    if let (Some((s, s_span)), Some((e, e_span))) = (start, end)
        && s >= e
    {
        f.push(
            Diagnostic::new(
                Code::QueryWindow,
                e_span,
                "QueryEndTime is not after QueryStartTime",
            )
            .with_label("the window ends here")
            .with_related(s_span, "and starts here")
            .with_help("the window runs from QueryStartTime to a later QueryEndTime"),
        );
    }
}
