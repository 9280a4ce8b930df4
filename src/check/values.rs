//! Values: the shape of a condition's value (PQ3002–PQ3006) and, where the
//! hints know a column's type or values, whether the value can match
//! (PQ3007, PQ3008).

use super::Ctx;
use crate::ast::{Condition, Literal, Operator, Value};
use crate::diagnostic::{Code, Diagnostic, Edit, Fix};
use crate::schema::{ColumnHint, ColumnType};
use crate::suggest::{Suggestions, or_list};

/// PQ3002–PQ3006 for every condition.
pub(super) fn shapes(cx: &mut Ctx<'_>) {
    for c in &cx.query.filters {
        if let Some(d) = shape(c) {
            cx.push(d);
        }
    }
}

fn shape(c: &Condition) -> Option<Diagnostic> {
    match (&c.value, c.op) {
        (Value::Literal(l), op) if op.takes_list() => Some(
            Diagnostic::new(Code::InWithoutList, l.span(), format!("{op} needs a list in parentheses"))
                .with_label("a single value")
                .with_help(format!("write `{} {op} ({l})`", c.column.name))
                .with_fix(Fix::safe("wrap the value in parentheses", vec![Edit::replace(l.span(), format!("({l})"))])),
        ),
        (Value::List(list), op) if !op.takes_list() => {
            let d = Diagnostic::new(Code::ListWithoutIn, list.span, format!("a list of values needs IN or NOT IN, not {op}"))
                .with_label("a list")
                .with_related(c.op_span, format!("`{op}` compares with one value"));
            let to = match op {
                Operator::Eq => Some("IN"),
                Operator::Ne => Some("NOT IN"),
                _ => None,
            };
            Some(match to {
                Some(to) => d
                    .with_help(format!("write `{} {to} {}`", c.column.name, c.value))
                    .with_fix(Fix::safe(format!("replace `{op}` by `{to}`"), vec![Edit::replace(c.op_span, to)])),
                None => d.with_help("use IN to match any of the values, or compare with one value"),
            })
        }
        (Value::List(list), _) => mixed(list),
        (Value::Literal(Literal::Number(n)), op) if op.is_like() => Some(
            Diagnostic::new(Code::LikeNumber, n.span, format!("{op} compares with the number {}", n.text))
                .with_label("a number")
                .with_help(format!(
                    "LIKE matches text patterns: write `'%{}%'` to find it inside the text, or use `{}` to compare the number",
                    n.text,
                    eq_for(op)
                ))
                .with_fix(Fix::unsafe_(format!("replace `{op}` by `{}`", eq_for(op)), vec![Edit::replace(c.op_span, eq_for(op))])),
        ),
        (Value::Literal(Literal::String(s)), op) if op.is_like() && !s.value.contains('%') => Some(
            Diagnostic::new(Code::LikeWithoutWildcard, s.span, format!("the {op} pattern has no `%`, so it matches like `{}`", eq_for(op)))
                .with_label("no `%` in the pattern")
                .with_help(format!(
                    "add `%` where any text may stand (`'%{}%'`), or write `{}`",
                    s.value,
                    eq_for(op)
                ))
                .with_fix(Fix::unsafe_(format!("replace `{op}` by `{}`", eq_for(op)), vec![Edit::replace(c.op_span, eq_for(op))])),
        ),
        _ => None,
    }
}

fn eq_for(op: Operator) -> &'static str {
    if op == Operator::NotLike { "!=" } else { "=" }
}

/// PQ3004: a list of numbers and strings; the fix quotes the numbers (the
/// service converts a string to the column's type, so `'5'` means `5`).
fn mixed(list: &crate::ast::List) -> Option<Diagnostic> {
    let first = list.items.first()?;
    let is_num = |l: &Literal| matches!(l, Literal::Number(_));
    let other = list.items.iter().find(|l| is_num(l) != is_num(first))?;
    let edits: Vec<Edit> = list
        .items
        .iter()
        .filter_map(|l| match l {
            Literal::Number(n) => Some(Edit::replace(n.span, format!("'{}'", n.text))),
            Literal::String(_) => None,
        })
        .collect();
    Some(
        Diagnostic::new(Code::MixedList, other.span(), "a list mixes numbers and strings")
            .with_label(if is_num(other) { "a number" } else { "a string" })
            .with_related(first.span(), if is_num(first) { "a number" } else { "a string" })
            .with_help("write every value of the list the same way; a number may always be written as a string ('5')")
            .with_fix(Fix::safe("write the numbers as strings", edits)),
    )
}

/// The literals of a value.
pub(crate) fn literals(v: &Value) -> &[Literal] {
    match v {
        Value::Literal(l) => std::slice::from_ref(l),
        Value::List(list) => &list.items,
    }
}

/// The text of a literal as the service compares it.
pub(crate) fn text(l: &Literal) -> &str {
    match l {
        Literal::Number(n) => &n.text,
        Literal::String(s) => &s.value,
    }
}

/// PQ3007 and PQ3008 for conditions on columns with hints.
pub(super) fn hinted(cx: &mut Ctx<'_>) {
    if cx.dataset.is_none() {
        return;
    }
    for (i, c) in cx.query.filters.iter().enumerate() {
        let Some(hint) = cx.filter_column(i).and_then(|n| n.hint) else {
            continue;
        };
        if c.op.is_like() {
            continue; // Patterns are not values.
        }
        if !hint.values.is_empty() {
            if matches!(
                c.op,
                Operator::Eq | Operator::Ne | Operator::In | Operator::NotIn
            ) {
                not_allowed(cx, c, hint);
            }
        } else if let Some(ty) = hint.ty {
            for l in literals(&c.value) {
                if !converts(l, ty) {
                    cx.push(mismatch(c, l, ty));
                    break;
                }
            }
        }
    }
}

fn same_value(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
        || matches!((a.trim().parse::<f64>(), b.trim().parse::<f64>()), (Ok(x), Ok(y)) if x == y)
}

fn not_allowed(cx: &mut Ctx<'_>, c: &Condition, hint: &ColumnHint) {
    let Some(bad) = literals(&c.value)
        .iter()
        .find(|l| !hint.values.iter().any(|v| same_value(text(l), v)))
    else {
        return;
    };
    let positive = matches!(c.op, Operator::Eq | Operator::In);
    let allowed: Vec<&str> = hint.values.iter().map(String::as_str).collect();
    let what = if positive {
        "matches no rows"
    } else {
        "excludes no rows"
    };
    let mut d = Diagnostic::new(
        Code::ValueNotAllowed,
        bad.span(),
        format!(
            "`{}` holds only {}, so {bad} {what}",
            c.column.name,
            or_list(&allowed)
        ),
    )
    .with_label("not a value of this column");
    let meant = boolean_meaning(text(bad), &allowed)
        .or_else(|| Suggestions::new(text(bad), allowed.iter().copied()).clear);
    let help = format!(
        "write one of {} (values compare without regard to case; the list comes from documentation)",
        or_list(&allowed)
    );
    d = d.with_help(help);
    if let Some(m) = meant {
        let lit = match bad {
            Literal::Number(_) if m.parse::<f64>().is_ok() => m.to_string(),
            Literal::String(_)
                if m.parse::<f64>().is_ok() && allowed.iter().all(|a| a.parse::<f64>().is_ok()) =>
            {
                m.to_string()
            }
            _ => format!("'{}'", m.replace('\'', "''")),
        };
        d = d.with_fix(Fix::unsafe_(
            format!("write `{lit}`"),
            vec![Edit::replace(bad.span(), lit.clone())],
        ));
    }
    cx.push(d);
}

/// For a two-valued column (`0`/`1`, `Y`/`N`, `Yes`/`No`), the allowed value a
/// boolean word such as `'False'` or `'true'` stands for.
fn boolean_meaning<'a>(value: &str, allowed: &[&'a str]) -> Option<&'a str> {
    const TRUE: [&str; 5] = ["true", "yes", "y", "1", "t"];
    const FALSE: [&str; 5] = ["false", "no", "n", "0", "f"];
    if allowed.len() != 2 {
        return None;
    }
    let truth = |s: &str| {
        let s = s.trim();
        if TRUE.iter().any(|t| t.eq_ignore_ascii_case(s)) {
            Some(true)
        } else if FALSE.iter().any(|t| t.eq_ignore_ascii_case(s)) {
            Some(false)
        } else {
            None
        }
    };
    let want = truth(value)?;
    allowed.iter().copied().find(|a| truth(a) == Some(want))
}

/// Whether the literal can convert to `ty`.
fn converts(l: &Literal, ty: ColumnType) -> bool {
    let s = text(l).trim();
    match ty {
        ColumnType::String => true,
        ColumnType::Integer => s.parse::<i64>().is_ok(),
        ColumnType::Decimal => s.parse::<f64>().is_ok_and(f64::is_finite),
        ColumnType::Date | ColumnType::DateTime => matches!(l, Literal::String(_)) && is_date(s),
        ColumnType::Guid => is_guid(s),
        ColumnType::Boolean01 => s == "0" || s == "1",
        ColumnType::YesNo => ["y", "n", "yes", "no"]
            .iter()
            .any(|y| y.eq_ignore_ascii_case(s)),
    }
}

/// `yyyy-MM-dd`, a day of the calendar, optionally followed by a time
/// (` HH:mm:ss` or `THH:mm:ssZ`) whose hours, minutes and seconds are in range.
pub(crate) fn is_date(s: &str) -> bool {
    date_shape(s).is_some_and(|(y, m, d, rest)| calendar_problem(y, m, d, rest).is_none())
}

/// Year, month, day and the rest of a text shaped `dddd-dd-dd…`.
fn date_shape(s: &str) -> Option<(i64, u32, u32, &str)> {
    let b = s.as_bytes();
    if b.len() < 10 || !s.is_char_boundary(10) {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if !(digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10)) {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().ok();
    let rest = &s[10..];
    (rest.is_empty() || rest.starts_with(' ') || rest.starts_with('T')).then_some((
        i64::from(num(0..4)?),
        num(5..7)?,
        num(8..10)?,
        rest,
    ))
}

/// Why a date-shaped text is not a day of the calendar (or its time not a
/// time of day), in words; `None` when it is one.
fn calendar_problem(y: i64, m: u32, d: u32, rest: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    if !(1..=12).contains(&m) {
        return Some(format!("there is no month {m}"));
    }
    let last = super::body::days_in_month(y, m);
    if d == 0 || d > last {
        return Some(format!("{} {y} has {last} days", MONTHS[m as usize - 1]));
    }
    // ` HH:mm` or `THH:mm`, then optionally `:ss`; other shapes are left alone.
    let t = rest.as_bytes();
    let two = |i: usize| {
        t.get(i..i + 2)
            .filter(|p| p.iter().all(u8::is_ascii_digit))
            .map(|p| u32::from(p[0] - b'0') * 10 + u32::from(p[1] - b'0'))
    };
    if let (Some(h), Some(b':'), Some(min)) = (two(1), t.get(3), two(4)) {
        if h > 23 || min > 59 {
            return Some(format!("{h:02}:{min:02} is not a time of day"));
        }
        if let (Some(b':'), Some(sec)) = (t.get(6), two(7))
            && sec > 59
        {
            return Some(format!("{sec:02} is not a second of a minute"));
        }
    }
    None
}

fn is_guid(s: &str) -> bool {
    let s = s.trim_start_matches('{').trim_end_matches('}');
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn mismatch(c: &Condition, l: &Literal, ty: ColumnType) -> Diagnostic {
    if ty.is_temporal()
        && let Some((y, m, d, rest)) = date_shape(text(l).trim())
        && let Some(why) = calendar_problem(y, m, d, rest)
    {
        return Diagnostic::new(
            Code::ValueTypeMismatch,
            l.span(),
            format!("{l} is not a date: {why}"),
        )
        .with_label("not a day of the calendar")
        .with_help(format!(
            "`{}` is {ty}; write a date that exists, such as `'{y:04}-{m:02}-01'`; the service cannot convert this one, so the query fails or matches nothing",
            c.column.name,
            m = m.clamp(1, 12)
        ));
    }
    let (what, example) = match ty {
        ColumnType::Integer => ("a whole number", "`10`"),
        ColumnType::Decimal => ("a number", "`1250.5`"),
        ColumnType::Date => ("a date", "`'2024-01-31'`"),
        ColumnType::DateTime => ("a date and time", "`'2024-01-31 00:00:00'`"),
        ColumnType::Guid => ("a GUID", "`'00000000-0000-0000-0000-000000000000'`"),
        ColumnType::Boolean01 => ("0 or 1", "`1`"),
        ColumnType::YesNo => ("Y or N", "`'Y'`"),
        ColumnType::String => ("text", "`'x'`"),
    };
    Diagnostic::new(
        Code::ValueTypeMismatch,
        l.span(),
        format!("{l} cannot convert to {ty}, the type of `{}`", c.column.name),
    )
    .with_label(format!("not {what}"))
    .with_help(format!(
        "write {what}, such as {example}; the type is inferred from documentation, so check it if the service disagrees"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_guids() {
        assert!(is_date("2021-01-31"));
        assert!(is_date("2021-01-31 00:00:00"));
        assert!(is_date("2021-01-31T00:00:00Z"));
        assert!(!is_date("2021-13-01"));
        assert!(!is_date("2024-02-30"), "February 2024 has 29 days");
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("2100-02-29") && is_date("2000-02-29"));
        assert!(!is_date("2021-04-31") && !is_date("2021-01-00"));
        assert!(!is_date("2021-01-31 24:00:00") && !is_date("2021-01-31T10:60:00Z"));
        assert!(!is_date("2021-01-31 10:00:61") && is_date("2021-01-31 23:59:59"));
        assert!(!is_date("last month"));
        assert!(!is_date("2021-01-31x"));
        assert!(!is_date("2021-01-3é"));
        assert!(is_guid("6664daf3-c161-423a-92a1-0ea6db2c0384"));
        assert!(!is_guid("6664daf3-c161-423a-92a1"));
    }

    #[test]
    fn boolean_words_map_to_allowed_values() {
        assert_eq!(boolean_meaning("False", &["0", "1"]), Some("0"));
        assert_eq!(boolean_meaning("yes", &["Y", "N"]), Some("Y"));
        assert_eq!(boolean_meaning("true", &["Yes", "No"]), Some("Yes"));
        assert_eq!(boolean_meaning("maybe", &["0", "1"]), None);
        assert!(same_value("1.0", "1"));
        assert!(same_value("paid", "Paid"));
    }
}
