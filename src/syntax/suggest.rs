//! Edit distance and "did you mean" for keywords and range names.

use crate::ast::DateRange;

/// Optimal-string-alignment distance (Levenshtein plus adjacent swaps), ASCII
/// case-insensitive: the checker's [`distance`](crate::schema::similar::distance),
/// except that words whose lengths differ by more than 3 are not compared
/// (their length is returned; every caller asks for 2 or less).
pub(crate) fn distance(a: &str, b: &str) -> usize {
    if a.len().abs_diff(b.len()) > 3 {
        return a.len().max(b.len());
    }
    crate::schema::similar::distance(a, b)
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
