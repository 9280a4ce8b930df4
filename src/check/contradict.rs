//! PQ3009: conditions on one column that no row can meet together.
//!
//! Pairs of conditions are compared: two different `=`, `=` against `!=` or a
//! list, lists with nothing in common, and ranges (`>`, `<`, `>=`, `<=`) that
//! leave no room, on numbers or on `yyyy-MM-dd` dates. One report per column.

use std::cmp::Ordering;
use std::collections::HashMap;

use super::Ctx;
use super::values::{is_date, literals, text};
use crate::ast::{Condition, Literal, Operator};
use crate::diagnostic::{Code, Diagnostic};
use crate::schema::FastHash;

/// A value as the service compares it: a number, or text (case-insensitive).
fn cmp_values(a: &Literal, b: &Literal) -> Option<Ordering> {
    let (x, y) = (text(a).trim(), text(b).trim());
    if let (Ok(x), Ok(y)) = (x.parse::<f64>(), y.parse::<f64>()) {
        return x.partial_cmp(&y);
    }
    if x.eq_ignore_ascii_case(y) {
        return Some(Ordering::Equal);
    }
    (is_date(x) && is_date(y)).then(|| x.cmp(y))
}

pub(super) fn equal(a: &Literal, b: &Literal) -> bool {
    cmp_values(a, b) == Some(Ordering::Equal)
}

/// Whether `v` can meet the range condition `op bound` (None: not comparable).
pub(super) fn meets(v: &Literal, op: Operator, bound: &Literal) -> Option<bool> {
    let o = cmp_values(v, bound)?;
    Some(match op {
        Operator::Gt => o == Ordering::Greater,
        Operator::Ge => o != Ordering::Less,
        Operator::Lt => o == Ordering::Less,
        Operator::Le => o != Ordering::Greater,
        _ => return None,
    })
}

fn is_range(op: Operator) -> bool {
    matches!(
        op,
        Operator::Gt | Operator::Ge | Operator::Lt | Operator::Le
    )
}

/// The values a condition admits, when it is a finite set (`=` or `IN`).
fn admitted(c: &Condition) -> Option<&[Literal]> {
    matches!(c.op, Operator::Eq | Operator::In).then(|| literals(&c.value))
}

/// The values a condition rules out (`!=` or `NOT IN`).
fn excluded(c: &Condition) -> Option<&[Literal]> {
    matches!(c.op, Operator::Ne | Operator::NotIn).then(|| literals(&c.value))
}

/// Whether no value meets both `a` and `b`.
fn contradict(a: &Condition, b: &Condition) -> bool {
    if let Some(set) = admitted(a) {
        let survives = |v: &Literal| -> bool {
            if let Some(other) = admitted(b) {
                other.iter().any(|o| equal(v, o))
            } else if let Some(ex) = excluded(b) {
                !ex.iter().any(|o| equal(v, o))
            } else if is_range(b.op) {
                let [bound] = literals(&b.value) else {
                    return true;
                };
                meets(v, b.op, bound).unwrap_or(true)
            } else {
                true
            }
        };
        return !set.is_empty() && !set.iter().any(survives);
    }
    if admitted(b).is_some() {
        return contradict(b, a);
    }
    if is_range(a.op) && is_range(b.op) {
        let (lo, hi) = match (a.op, b.op) {
            (Operator::Gt | Operator::Ge, Operator::Lt | Operator::Le) => (a, b),
            (Operator::Lt | Operator::Le, Operator::Gt | Operator::Ge) => (b, a),
            _ => return false,
        };
        let ([l], [h]) = (literals(&lo.value), literals(&hi.value)) else {
            return false;
        };
        return match cmp_values(l, h) {
            Some(Ordering::Greater) => true,
            Some(Ordering::Equal) => lo.op == Operator::Gt || hi.op == Operator::Lt,
            _ => false,
        };
    }
    false
}

/// How a condition can contradict others: only an `=`/`IN` and anything, or
/// two ranges facing each other, can; two `!=` or two `>` never do.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Admits,
    Excludes,
    Lower,
    Upper,
    Other,
}

fn kind(c: &Condition) -> Kind {
    match c.op {
        Operator::Eq | Operator::In => Kind::Admits,
        Operator::Ne | Operator::NotIn => Kind::Excludes,
        Operator::Gt | Operator::Ge => Kind::Lower,
        Operator::Lt | Operator::Le => Kind::Upper,
        _ => Kind::Other,
    }
}

/// Earlier conditions of one kind on one column compared with a new one, at
/// most: the first ones are kept, so the check stays linear in the number of
/// conditions (a query with more conditions of one kind on one column than
/// this is not written by hand, and the ones compared are its first).
const COMPARED: usize = 64;

/// PQ3009, at most once per column, pointing at both conditions. Each
/// condition is compared only with earlier ones on the same column that can
/// contradict it (at most [`COMPARED`] of each kind).
pub(super) fn check(cx: &mut Ctx<'_>) {
    let filters = &cx.query.filters;
    // One condition that could contradict another needs a second one.
    if filters
        .iter()
        .filter(|c| kind(c) != Kind::Other)
        .nth(1)
        .is_none()
    {
        return;
    }
    // Per column (case-insensitive): the earlier conditions by kind, and
    // whether the column is reported.
    let mut columns: HashMap<compact_str::CompactString, ([Vec<usize>; 4], bool), FastHash> =
        HashMap::default();
    for (i, a) in filters.iter().enumerate() {
        let k = kind(a);
        if k == Kind::Other {
            continue;
        }
        let entry = columns
            .entry(a.column.name.to_ascii_lowercase())
            .or_default();
        let (earlier, reported) = entry;
        if *reported {
            continue;
        }
        let against: &[Kind] = match k {
            Kind::Admits => &[Kind::Admits, Kind::Excludes, Kind::Lower, Kind::Upper],
            Kind::Excludes => &[Kind::Admits],
            Kind::Lower => &[Kind::Admits, Kind::Upper],
            Kind::Upper => &[Kind::Admits, Kind::Lower],
            Kind::Other => &[],
        };
        let hit = against
            .iter()
            .flat_map(|&k| earlier[k as usize].iter().copied())
            .filter(|&p| contradict(&filters[p], a))
            .min();
        let list = &mut earlier[k as usize];
        if list.len() < COMPARED {
            list.push(i);
        }
        if let Some(first) = hit.map(|p| &filters[p]) {
            *reported = true;
            cx.push(
                Diagnostic::new(
                    Code::ContradictoryConditions,
                    a.span,
                    format!(
                        "no row can meet both conditions on `{}`, so the query returns nothing",
                        a.column.name
                    ),
                )
                .with_label(format!("contradicts `{first}`"))
                .with_related(first.span, "this condition")
                .with_help(help(first, a)),
            );
        }
    }
}

/// What to write instead: for two sets of values, `IN` with all of them.
fn help(a: &Condition, b: &Condition) -> String {
    let base = "conditions are joined by AND, so a row must meet both";
    match (admitted(a), admitted(b)) {
        (Some(x), Some(y)) => {
            let mut all: Vec<&Literal> = Vec::new();
            for v in x.iter().chain(y) {
                if !all.iter().any(|o| equal(o, v)) {
                    all.push(v);
                }
            }
            let list: Vec<String> = all.iter().map(|l| l.to_string()).collect();
            format!(
                "{base}; to match any of the values, write `{} IN ({})`",
                a.column.name,
                list.join(", ")
            )
        }
        _ => format!("{base}; check the values, or drop one of the conditions"),
    }
}
