//! String similarity for "did you mean" suggestions: the optimal-string-alignment
//! form of the Damerau–Levenshtein distance, ASCII case-insensitive.
//!
//! Public within the crate so that the checker, the builder and the CLI suggest
//! names the same way.

/// The edit distance between `a` and `b` (insertions, deletions, substitutions
/// and swaps of two neighbours each cost 1), comparing ASCII letters without
/// regard to case. Other characters compare exactly. Names of ASCII up to 64
/// bytes, nearly all of them, are compared without allocating.
pub(crate) fn distance(a: &str, b: &str) -> usize {
    const SHORT: usize = 64;
    if a.len() <= SHORT && b.len() <= SHORT && a.is_ascii() && b.is_ascii() {
        let (mut x, mut y) = ([0u8; SHORT], [0u8; SHORT]);
        x.iter_mut()
            .zip(a.bytes())
            .for_each(|(d, c)| *d = c.to_ascii_lowercase());
        y.iter_mut()
            .zip(b.bytes())
            .for_each(|(d, c)| *d = c.to_ascii_lowercase());
        let mut rows = [0usize; 3 * (SHORT + 1)];
        return osa(&x[..a.len()], &y[..b.len()], &mut rows);
    }
    let x: Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
    let y: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
    let mut rows = vec![0; 3 * (y.len() + 1)];
    osa(&x, &y, &mut rows)
}

/// Optimal string alignment distance of `a` and `b`, with `rows` (at least
/// three times `b.len() + 1`) as the three rows of the table it needs.
fn osa<T: PartialEq>(a: &[T], b: &[T], rows: &mut [usize]) -> usize {
    if a.is_empty() || b.is_empty() {
        return a.len().max(b.len());
    }
    let w = b.len() + 1;
    let at = |i: usize, j: usize| (i % 3) * w + j;
    for j in 0..w {
        rows[at(0, j)] = j;
    }
    for i in 1..=a.len() {
        rows[at(i, 0)] = i;
        for j in 1..w {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[at(i - 1, j)] + 1)
                .min(rows[at(i, j - 1)] + 1)
                .min(rows[at(i - 1, j - 1)] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[at(i - 2, j - 2)] + 1);
            }
            rows[at(i, j)] = d;
        }
    }
    rows[at(a.len(), b.len())]
}

/// The largest distance at which a candidate is still worth suggesting for a
/// name of `len` characters: a third of the name, at least 1, at most 4.
pub(crate) fn suggest_limit(len: usize) -> usize {
    (len / 3).clamp(1, 4)
}

/// The largest distance at which a name is taken as a misspelling of a known
/// one (and so is an error with a fix rather than an "undocumented" warning):
/// 2, or 1 for names of at most four characters.
pub(crate) fn typo_limit(len: usize) -> usize {
    if len <= 4 { 1 } else { 2 }
}

/// The candidates close enough to `name` to suggest, nearest first (ties in
/// the candidates' order), at most `max` of them, each with its distance.
/// A candidate equal to `name` in every case is left out.
pub(crate) fn closest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    max: usize,
) -> Vec<(&'a str, usize)> {
    let limit = suggest_limit(name.chars().count());
    let mut found: Vec<(&'a str, usize)> = candidates
        .into_iter()
        .filter(|c| !c.eq_ignore_ascii_case(name))
        .filter_map(|c| {
            // Cheap reject: lengths alone already differ too much.
            let dl = c.len().abs_diff(name.len());
            (dl <= limit).then(|| (c, distance(name, c)))
        })
        .filter(|&(_, d)| d <= limit)
        .collect();
    found.sort_by_key(|&(_, d)| d);
    found.truncate(max);
    found
}

/// The one candidate `name` clearly means: the nearest is within
/// [`typo_limit`] and no other candidate is as near.
pub(crate) fn clear_best<'a>(found: &[(&'a str, usize)], name: &str) -> Option<&'a str> {
    let (best, d) = *found.first()?;
    let unique = found.get(1).is_none_or(|&(_, d2)| d2 > d);
    (unique && d <= typo_limit(name.chars().count())).then_some(best)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_edits_and_swaps() {
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("abc", "abc"), 0);
        assert_eq!(distance("CustomerTenantId", "customertenantid"), 0);
        assert_eq!(distance("CustomerTenantId", "CustomerTenantID"), 0);
        assert_eq!(distance("CustomerTenatId", "CustomerTenantId"), 1);
        assert_eq!(
            distance("CustomerTenantdI", "CustomerTenantId"),
            1,
            "a swap is one edit"
        );
        assert_eq!(distance("PGA_MPNId", "PGAMpnId"), 1);
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("Mönth", "Month"), 1);
        let long = "a".repeat(70);
        assert_eq!(
            distance(&long, &format!("{long}b")),
            1,
            "past the fast path"
        );
        assert_eq!(distance(&long[..64], &format!("{}B", &long[..63])), 1);
    }

    proptest::proptest! {
        /// The allocation-free path for ASCII names gives what the general one gives.
        #[test]
        fn ascii_path_agrees_with_the_char_path(a in "[a-cA-C_]{0,12}", b in "[a-cA-C_]{0,12}") {
            let chars = |s: &str| -> Vec<char> { s.chars().map(|c| c.to_ascii_lowercase()).collect() };
            let (x, y) = (chars(&a), chars(&b));
            let mut rows = vec![0; 3 * (y.len() + 1)];
            proptest::prop_assert_eq!(distance(&a, &b), osa(&x, &y, &mut rows));
        }
    }

    #[test]
    fn closest_orders_by_distance_and_drops_far_ones() {
        let cands = ["CustomerName", "CustomerTenantId", "CustomerTpid", "Month"];
        let found = closest("CustomerTennantId", cands, 3);
        assert_eq!(found, vec![("CustomerTenantId", 1)]);
        assert!(closest("Revenue", cands, 3).is_empty());
        let found = closest("CustomerTpId", cands, 3);
        assert!(
            found.iter().all(|&(c, _)| c != "CustomerTpid"),
            "same name in another case is not a suggestion"
        );
    }

    #[test]
    fn clear_best_needs_a_unique_near_candidate() {
        let found = closest("Mont", ["Month", "Mount"], 3);
        assert_eq!(found.len(), 2);
        assert_eq!(clear_best(&found, "Mont"), None, "two at distance 1");
        let found = closest("Mnth", ["Month", "Year"], 3);
        assert_eq!(clear_best(&found, "Mnth"), Some("Month"));
        let found = closest("CustomerTenantXyz", ["CustomerTenantId"], 3);
        assert_eq!(found.len(), 1);
        assert_eq!(
            clear_best(&found, "CustomerTenantXyz"),
            None,
            "distance 3 is a guess"
        );
    }
}
