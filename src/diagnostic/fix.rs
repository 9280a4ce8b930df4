//! Fixes: edits on byte spans, and applying them to a text.

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
        Fix {
            message: message.into(),
            edits,
            applicability: Applicability::Safe,
        }
    }

    /// A suggestion that a person should review.
    pub fn unsafe_(message: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix {
            message: message.into(),
            edits,
            applicability: Applicability::Unsafe,
        }
    }

    /// Whether `pcql check --fix` may apply it.
    pub fn is_safe(&self) -> bool {
        self.applicability == Applicability::Safe
    }
}

/// Why a set of fixes could not be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FixError {
    /// An edit reaches outside the text or splits a character.
    #[error("an edit at {0:?} lies outside the text")]
    OutOfBounds(Span),
}

/// Apply `fixes` to `text`. Fixes are taken in order; a fix whose edits overlap
/// an edit already taken is skipped whole (run again to apply it).
/// Returns the new text and how many fixes were applied.
pub fn apply_fixes<'a>(
    text: &str,
    fixes: impl IntoIterator<Item = &'a Fix>,
) -> Result<(String, usize), FixError> {
    let mut taken: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    for fix in fixes {
        for e in &fix.edits {
            if e.span.end > text.len()
                || e.span.start > e.span.end
                || !text.is_char_boundary(e.span.start)
                || !text.is_char_boundary(e.span.end)
            {
                return Err(FixError::OutOfBounds(e.span));
            }
        }
        let overlaps = fix.edits.iter().any(|e| {
            taken.iter().any(|t| {
                (e.span.start < t.span.end && t.span.start < e.span.end)
                    || (e.span.is_empty() && t.span.is_empty() && e.span.start == t.span.start)
                    || (e.span.is_empty()
                        && t.span.start < e.span.start
                        && e.span.start < t.span.end)
                    || (t.span.is_empty()
                        && e.span.start < t.span.start
                        && t.span.start < e.span.end)
            })
        });
        if !overlaps {
            taken.extend(fix.edits.iter());
            applied += 1;
        }
    }
    taken.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for e in taken {
        out.push_str(&text[pos..e.span.start]);
        out.push_str(&e.replacement);
        pos = e.span.end;
    }
    out.push_str(&text[pos..]);
    Ok((out, applied))
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
}
