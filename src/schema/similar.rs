//! String similarity for "did you mean" suggestions: the optimal-string-alignment
//! form of the Damerau–Levenshtein distance, ASCII case-insensitive.
//!
//! Public within the crate so that the checker, the builder and the CLI suggest
//! names the same way.

/// The edit distance between `a` and `b` (insertions, deletions, substitutions
/// and swaps of two neighbours each cost 1), comparing ASCII letters without
/// regard to case. Other characters compare exactly.
pub(crate) fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
    let b: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
    if a.is_empty() || b.is_empty() {
        return a.len().max(b.len());
    }
    let w = b.len() + 1;
    // Three rows: two back (for swaps), previous, current.
    let mut prev2 = vec![0usize; w];
    let mut prev: Vec<usize> = (0..w).collect();
    let mut cur = vec![0usize; w];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..w {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(prev2[j - 2] + 1);
            }
            cur[j] = d;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
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
