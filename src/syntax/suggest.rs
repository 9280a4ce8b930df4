//! Edit distance and "did you mean" for keywords and range names.

use crate::ast::DateRange;

/// Optimal-string-alignment distance (Levenshtein plus adjacent swaps), ASCII case-insensitive.
pub(crate) fn distance(a: &str, b: &str) -> usize {
    let a = a.as_bytes();
    let b = b.as_bytes();
    if a.len().abs_diff(b.len()) > 3 || a.len() > 64 || b.len() > 64 {
        return a.len().max(b.len());
    }
    let w = b.len() + 1;
    let mut prev2 = [0usize; 65];
    let mut prev: [usize; 65] = std::array::from_fn(|j| j);
    let mut cur = [0usize; 65];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..w {
            let cost = usize::from(!a[i - 1].eq_ignore_ascii_case(&b[j - 1]));
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1
                && j > 1
                && a[i - 1].eq_ignore_ascii_case(&b[j - 2])
                && a[i - 2].eq_ignore_ascii_case(&b[j - 1])
            {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
        }
        prev2 = prev;
        prev = cur;
    }
    prev[b.len()]
}

/// How sure a suggestion is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Closest<'a> {
    /// One candidate is clearly meant (small distance, no tie).
    Clear(&'a str),
    /// A candidate is close enough to mention.
    Maybe(&'a str),
    /// Nothing is close.
    None,
}

/// The candidate closest to `word`.
pub(crate) fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Closest<'a> {
    let mut best: Option<(usize, &str)> = None;
    let mut tie = false;
    for c in candidates {
        let d = distance(word, c);
        match best {
            Some((bd, _)) if d > bd => {}
            Some((bd, _)) if d == bd => tie = true,
            _ => {
                best = Some((d, c));
                tie = false;
            }
        }
    }
    match best {
        Some((d, c)) if !tie && d <= 2 && d * 4 <= word.len() => Closest::Clear(c),
        Some((d, c)) if d * 2 <= word.len().max(2) => Closest::Maybe(c),
        _ => Closest::None,
    }
}

/// Every range name, comma-separated.
pub(crate) fn range_list() -> String {
    let names: Vec<&str> = DateRange::ALL.iter().map(|r| r.as_str()).collect();
    names.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(distance("FORM", "FROM"), 1);
        assert_eq!(distance("from", "FROM"), 0);
        assert_eq!(distance("SELEC", "SELECT"), 1);
        assert_eq!(distance("abc", ""), 3);
        assert_eq!(distance("LAST_6_MONTH", "LAST_6_MONTHS"), 1);
    }

    #[test]
    fn closest_is_clear_only_without_tie() {
        let ranges = || DateRange::ALL.iter().map(|r| r.as_str());
        assert_eq!(
            closest("LAST_6_MONTH", ranges()),
            Closest::Clear("LAST_6_MONTHS")
        );
        assert!(!matches!(
            closest("LAST_12_MONTHS", ranges()),
            Closest::Clear(_)
        ));
        assert_eq!(closest("XYZZY_FOO_BAR", ranges()), Closest::None);
    }
}
