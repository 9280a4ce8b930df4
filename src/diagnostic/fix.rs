//! Fixes: edits on byte spans, and applying them to a text.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::span::Span;

/// Whether a fix may be applied without a person looking at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Keeps the meaning the author evidently intended; `pcql check --fix` applies it.
    Safe,
    /// A likely fix that changes meaning or guesses; shown, never applied automatically.
    Unsafe,
}

/// Replace the text at `span` by `replacement` (an insertion when the span is empty).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Edit {
    /// The bytes to replace.
    pub span: Span,
    /// The new text.
    pub replacement: String,
}

impl Edit {
    /// Replace `span` by `replacement`.
    pub fn replace(span: Span, replacement: impl Into<String>) -> Self {
        Edit {
            span,
            replacement: replacement.into(),
        }
    }

    /// Insert `text` at byte `offset`.
    pub fn insert(offset: usize, text: impl Into<String>) -> Self {
        Edit {
            span: Span::empty(offset),
            replacement: text.into(),
        }
    }

    /// Delete `span`.
    pub fn delete(span: Span) -> Self {
        Edit {
            span,
            replacement: String::new(),
        }
    }
}

/// A set of edits that together fix one diagnostic.
///
/// The constructors keep the edits sorted by position and refuse edits that
/// cannot be applied together: a reversed span, two edits that overlap, or
/// an insertion inside a replaced span. Such a fix keeps its message but
/// loses its edits and becomes unsafe (see [`Fix::is_applicable`]), so a rule
/// with a bug can never make `--fix` corrupt a text. [`apply_fixes`] checks
/// again, against the text, since the fields are public.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Fix {
    /// What the fix does, e.g. "replace `TOP 10` by `LIMIT 10`".
    pub message: String,
    /// Non-overlapping edits.
    pub edits: Vec<Edit>,
    /// Safe or unsafe.
    pub applicability: Applicability,
}

impl Fix {
    /// A machine-applicable fix.
    pub fn safe(message: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix::build(message.into(), edits, Applicability::Safe)
    }

    /// A suggestion that a person should review.
    pub fn unsafe_(message: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix::build(message.into(), edits, Applicability::Unsafe)
    }

    /// A fix with its edits sorted, or without edits (and unsafe) when they
    /// cannot be applied together.
    fn build(message: String, mut edits: Vec<Edit>, applicability: Applicability) -> Self {
        edits.sort_by_key(|e| (e.span.start, e.span.end));
        match check_edits(&edits) {
            Ok(()) => Fix {
                message,
                edits,
                applicability,
            },
            Err(_) => Fix {
                message,
                edits: Vec::new(),
                applicability: Applicability::Unsafe,
            },
        }
    }

    /// Whether `pcql check --fix` may apply it.
    pub fn is_safe(&self) -> bool {
        self.applicability == Applicability::Safe
    }

    /// Whether the fix has edits that can be applied together (not yet
    /// checked against a text: see [`apply_fixes`]).
    pub fn is_applicable(&self) -> bool {
        !self.edits.is_empty() && check_edits(&self.edits).is_ok()
    }
}

/// Why a set of fixes could not be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FixError {
    /// An edit reaches outside the text or splits a character.
    #[error("an edit at {0:?} lies outside the text")]
    OutOfBounds(Span),
    /// An edit's span ends before it starts.
    #[error("an edit at {0:?} ends before it starts")]
    Reversed(Span),
    /// Two edits of one fix overlap, or one inserts inside the other.
    #[error("the edits at {0:?} and {1:?} of one fix overlap")]
    Overlap(Span, Span),
}

/// Check the edits of one fix: spans in order, none overlapping the next
/// (edits may touch; insertions at one offset are applied in their order).
fn check_edits(edits: &[Edit]) -> Result<(), FixError> {
    if let Some(e) = edits.iter().find(|e| e.span.start > e.span.end) {
        return Err(FixError::Reversed(e.span));
    }
    let mut sorted: Vec<Span> = edits.iter().map(|e| e.span).collect();
    sorted.sort();
    match sorted.windows(2).find(|w| w[1].start < w[0].end) {
        Some(w) => Err(FixError::Overlap(w[0], w[1])),
        None => Ok(()),
    }
}

/// Check the edits of one fix against `text`.
fn check_fix(text: &str, fix: &Fix) -> Result<(), FixError> {
    check_edits(&fix.edits)?;
    match fix.edits.iter().find(|e| {
        e.span.end > text.len()
            || !text.is_char_boundary(e.span.start)
            || !text.is_char_boundary(e.span.end)
    }) {
        Some(e) => Err(FixError::OutOfBounds(e.span)),
        None => Ok(()),
    }
}

/// Fixes chosen to be applied together: each taken only when none of its
/// edits overlaps an edit taken before. Choosing costs O(log n) per edit, so
/// taking the fixes of a whole file is n·log n.
#[derive(Debug, Default)]
pub struct FixPlan<'a> {
    /// Non-empty spans taken: start → end (disjoint).
    filled: BTreeMap<usize, usize>,
    /// Offsets of insertions taken.
    points: BTreeSet<usize>,
    /// The edits taken, with the order they were taken in.
    edits: Vec<(usize, &'a Edit)>,
    /// How many fixes were taken.
    taken: usize,
}

impl<'a> FixPlan<'a> {
    /// An empty plan.
    pub fn new() -> Self {
        FixPlan::default()
    }

    /// Take `fix` if its edits lie in `text` and overlap no edit taken so far.
    /// Returns whether it was taken, or why it can never be applied.
    pub fn take(&mut self, text: &str, fix: &'a Fix) -> Result<bool, FixError> {
        check_fix(text, fix)?;
        if fix.edits.iter().any(|e| self.conflicts(e.span)) {
            return Ok(false);
        }
        for e in &fix.edits {
            if e.span.is_empty() {
                self.points.insert(e.span.start);
            } else {
                self.filled.insert(e.span.start, e.span.end);
            }
            self.edits.push((self.edits.len(), e));
        }
        self.taken += 1;
        Ok(true)
    }

    /// Whether an edit at `s` would overlap an edit taken.
    fn conflicts(&self, s: Span) -> bool {
        // The taken span starting last before `s` ends (or before `s.start`
        // for an insertion) is the only one that can reach into `s`.
        let bound = if s.is_empty() { s.start } else { s.end };
        let reaches = self
            .filled
            .range(..bound)
            .next_back()
            .is_some_and(|(_, &end)| end > s.start);
        let inside = if s.is_empty() {
            self.points.contains(&s.start)
        } else {
            self.points.range(s.start + 1..s.end).next().is_some()
        };
        reaches || inside
    }

    /// How many fixes were taken.
    pub fn len(&self) -> usize {
        self.taken
    }

    /// Whether no fix was taken.
    pub fn is_empty(&self) -> bool {
        self.taken == 0
    }

    /// `text` with the edits taken applied (`text` must be the text the
    /// fixes were taken for).
    pub fn apply(mut self, text: &str) -> String {
        self.edits
            .sort_by_key(|&(i, e)| (e.span.start, e.span.end, i));
        let mut out = String::with_capacity(text.len());
        let mut pos = 0;
        for (_, e) in self.edits {
            // Checked when taken: in the text, in order, not overlapping.
            out.push_str(text.get(pos..e.span.start).unwrap_or(""));
            out.push_str(&e.replacement);
            pos = e.span.end;
        }
        out.push_str(text.get(pos..).unwrap_or(""));
        out
    }
}

/// Apply `fixes` to `text`. Fixes are taken in order; a fix whose edits overlap
/// an edit already taken is skipped whole (run again to apply it).
/// Returns the new text and how many fixes were applied, or an error (never a
/// panic) when an edit lies outside the text, splits a character, is reversed
/// or overlaps another edit of its own fix.
pub fn apply_fixes<'a>(
    text: &str,
    fixes: impl IntoIterator<Item = &'a Fix>,
) -> Result<(String, usize), FixError> {
    let mut plan = FixPlan::new();
    for fix in fixes {
        plan.take(text, fix)?;
    }
    let n = plan.len();
    Ok((plan.apply(text), n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_non_overlapping_and_skips_overlapping() {
        let text = "SELECT a FROM b TOP 5";
        let f1 = Fix::safe("x", vec![Edit::replace(Span::new(7, 8), "A")]);
        let f2 = Fix::safe("y", vec![Edit::replace(Span::new(7, 8), "Z")]);
        let f3 = Fix::safe("z", vec![Edit::insert(21, ";")]);
        let (out, n) = apply_fixes(text, [&f1, &f2, &f3]).unwrap();
        assert_eq!(out, "SELECT A FROM b TOP 5;");
        assert_eq!(n, 2);
    }

    #[test]
    fn rejects_out_of_bounds() {
        let f = Fix::safe("x", vec![Edit::delete(Span::new(3, 40))]);
        assert!(apply_fixes("abc", [&f]).is_err());
    }

    #[test]
    fn rejects_reversed_overlapping_and_split_edits_without_panicking() {
        let bad = |edits: Vec<Edit>| Fix {
            message: "bad".into(),
            edits,
            applicability: Applicability::Safe,
        };
        let text = "SELECT TOP 2 =";
        // An insertion inside the fix's own deletion (what `TOP` once built).
        let inside = bad(vec![
            Edit::delete(Span::new(7, 13)),
            Edit::insert(12, " LIMIT 2"),
        ]);
        assert!(matches!(
            apply_fixes(text, [&inside]),
            Err(FixError::Overlap(..))
        ));
        let reversed = bad(vec![Edit::delete(Span::new(9, 3))]);
        assert!(matches!(
            apply_fixes(text, [&reversed]),
            Err(FixError::Reversed(_))
        ));
        let twice = bad(vec![
            Edit::delete(Span::new(0, 5)),
            Edit::delete(Span::new(4, 8)),
        ]);
        assert!(apply_fixes(text, [&twice]).is_err());
        let split = bad(vec![Edit::insert(1, "x")]);
        assert!(matches!(
            apply_fixes("é", [&split]),
            Err(FixError::OutOfBounds(_))
        ));
        // The constructors never build such a fix: it loses its edits.
        let built = Fix::safe("x", inside.edits.clone());
        assert!(built.edits.is_empty() && !built.is_safe() && !built.is_applicable());
        assert_eq!(apply_fixes(text, [&built]).unwrap(), (text.to_string(), 1));
    }

    #[test]
    fn constructors_sort_edits_and_touching_edits_apply() {
        let f = Fix::safe(
            "x",
            vec![Edit::insert(3, "!"), Edit::replace(Span::new(0, 3), "ABC")],
        );
        assert!(f.is_applicable());
        assert_eq!(f.edits[0].span, Span::new(0, 3));
        assert_eq!(apply_fixes("abc", [&f]).unwrap().0, "ABC!");
        // Insertions at the start or end of a replaced span from other fixes fit.
        let a = Fix::safe("a", vec![Edit::insert(0, "<")]);
        let b = Fix::safe("b", vec![Edit::insert(3, ">")]);
        let c = Fix::safe("c", vec![Edit::replace(Span::new(1, 2), "B")]);
        let d = Fix::safe("d", vec![Edit::insert(2, "?")]);
        assert_eq!(
            apply_fixes("abc", [&f, &a, &b, &c, &d]).unwrap(),
            ("<ABC!".into(), 2)
        );
        assert_eq!(
            apply_fixes("abc", [&c, &a, &b, &d]).unwrap(),
            ("<aB?c>".into(), 4)
        );
        let inside = Fix::safe("i", vec![Edit::insert(1, "?")]);
        assert_eq!(apply_fixes("abc", [&f, &inside]).unwrap().1, 1);
    }
}
