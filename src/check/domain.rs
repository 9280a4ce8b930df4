//! Conditions that rule out every value a column is known to hold: for a
//! column whose hints list its values (`IsDuplicateRowForPGA`: `0`, `1`) or
//! whose type has two values (`boolean01`), each known value is tried
//! against every condition on the column; when none survives, the query
//! returns nothing (`LIKE` patterns are matched too). One condition alone
//! (`NOT IN (0, 1)`, `> 1`, `NOT LIKE '%'`) is PQ3008;
//! several together (`!= 0 AND != 1`) are PQ3009.
//!
//! A condition already reported as not matching (a value outside the list,
//! PQ3008) or two conditions already reported as contradicting (PQ3009) are
//! not reported again.

use super::Ctx;
use super::contradict::{equal, meets};
use super::values::literals;
use crate::ast::{Condition, Literal, Operator, StringLit};
use crate::diagnostic::{Code, Diagnostic};
use crate::schema::{ColumnHint, ColumnType};
use crate::span::Span;
use crate::suggest::or_list;

/// The values a column is known to hold, in the hints' spelling.
fn domain(hint: &ColumnHint) -> Vec<&str> {
    if !hint.values.is_empty() {
        return hint.values.iter().map(String::as_str).collect();
    }
    match hint.ty {
        Some(ColumnType::Boolean01) => vec!["0", "1"],
        _ => Vec::new(),
    }
}

/// A known value as a literal (compared as the service compares: as a
/// number when both sides read as one, else as text).
fn literal(v: &str) -> Literal {
    Literal::String(StringLit {
        value: v.into(),
        span: Span::empty(0),
    })
}

/// Whether the value `v` can meet `c` (true when pcql cannot tell).
fn admits(c: &Condition, v: &Literal) -> bool {
    let vals = literals(&c.value);
    match c.op {
        Operator::Eq | Operator::In => vals.iter().any(|o| equal(v, o)),
        Operator::Ne | Operator::NotIn => !vals.iter().any(|o| equal(v, o)),
        Operator::Gt | Operator::Ge | Operator::Lt | Operator::Le => match vals {
            [bound] => meets(v, c.op, bound).unwrap_or(true),
            _ => true,
        },
        Operator::Like | Operator::NotLike => match vals {
            [Literal::String(p)] => match like(&v_text(v), &p.value) {
                Some(m) => m == (c.op == Operator::Like),
                None => true,
            },
            _ => true,
        },
    }
}

fn v_text(v: &Literal) -> String {
    super::values::text(v).to_string()
}

/// Whether `value` matches the LIKE `pattern` (`%` any text, `_` one
/// character, without regard to case); `None` for a pattern with `[`, whose
/// meaning (a set, or a plain bracket) pcql does not decide.
fn like(value: &str, pattern: &str) -> Option<bool> {
    if pattern.contains('[') {
        return None;
    }
    let v: Vec<char> = value.chars().flat_map(char::to_lowercase).collect();
    let p: Vec<char> = pattern.chars().flat_map(char::to_lowercase).collect();
    // Greedy matching with backtracking to the last `%`.
    let (mut i, mut j) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while i < v.len() {
        if j < p.len() && (p[j] == '_' || p[j] == v[i]) {
            i += 1;
            j += 1;
        } else if j < p.len() && p[j] == '%' {
            star = Some((j, i));
            j += 1;
        } else if let Some((sj, si)) = star {
            j = sj + 1;
            i = si + 1;
            star = Some((sj, si + 1));
        } else {
            return Some(false);
        }
    }
    Some(p[j..].iter().all(|&c| c == '%'))
}

/// PQ3008 / PQ3009 for conditions that leave a known-value column no value.
pub(super) fn check(cx: &mut Ctx<'_>) {
    if cx.dataset.is_none() {
        return;
    }
    let filters = &cx.query.filters;
    for (i, first) in filters.iter().enumerate() {
        let name = &first.column.name;
        if filters[..i]
            .iter()
            .any(|p| p.column.name.eq_ignore_ascii_case(name))
        {
            continue; // Each column once, at its first condition.
        }
        let Some(hint) = cx.filter_column(i).and_then(|n| n.hint) else {
            continue;
        };
        let known = domain(hint);
        if known.is_empty() {
            continue;
        }
        let on: Vec<&Condition> = filters
            .iter()
            .filter(|c| c.column.name.eq_ignore_ascii_case(name))
            .collect();
        let said = |c: &Condition| {
            cx.out.iter().any(|d| {
                matches!(
                    d.code,
                    Code::ValueNotAllowed | Code::ContradictoryConditions
                ) && c.span.start <= d.span.start
                    && d.span.end <= c.span.end
            })
        };
        if on.iter().any(|c| said(c)) {
            continue;
        }
        let values: Vec<Literal> = known.iter().map(|v| literal(v)).collect();
        let survives = |c: &Condition| values.iter().any(|v| admits(c, v));
        let alone = on.iter().find(|c| !survives(c));
        let together = values.iter().any(|v| on.iter().all(|c| admits(c, v)));
        let d = match alone {
            Some(c) => Diagnostic::new(
                Code::ValueNotAllowed,
                c.span,
                format!(
                    "`{}` holds only {}, so `{c}` matches no rows",
                    c.column.name,
                    or_list(&known)
                ),
            )
            .with_label("rules out every value of this column")
            .with_help(format!(
                "write a condition that one of {} can meet, or drop it (the values come from documentation)",
                or_list(&known)
            )),
            None if !together => {
                let last = on[on.len() - 1];
                let mut d = Diagnostic::new(
                    Code::ContradictoryConditions,
                    last.span,
                    format!(
                        "`{}` holds only {}, and no value meets every condition on it, so the query returns nothing",
                        last.column.name,
                        or_list(&known)
                    ),
                )
                .with_label("leaves no value of this column");
                for c in &on[..on.len() - 1] {
                    d = d.with_related(c.span, "this condition");
                }
                d.with_help("conditions are joined by AND, so a row must meet every one; check the values, or drop one of the conditions")
            }
            None => continue,
        };
        cx.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::like;

    #[test]
    fn like_matches_wildcards_without_case() {
        assert_eq!(like("Paid", "p%"), Some(true));
        assert_eq!(like("Paid", "%AI%"), Some(true));
        assert_eq!(like("Paid", "P_id"), Some(true));
        assert_eq!(like("Paid", "P_d"), Some(false));
        assert_eq!(like("0", "%"), Some(true));
        assert_eq!(like("", "%"), Some(true));
        assert_eq!(like("abcbc", "%bc"), Some(true));
        assert_eq!(like("1", "2%"), Some(false));
        assert_eq!(like("a", "[a]"), None);
    }
}
