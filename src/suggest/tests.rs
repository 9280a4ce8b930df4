use super::*;

/// The plain table, no band, no early exit: what the bounded search must agree with.
fn full(a: &str, b: &str) -> usize {
    let x: Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
    let y: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
    let mut t = vec![vec![0usize; y.len() + 1]; x.len() + 1];
    for (i, row) in t.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in t[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=x.len() {
        for j in 1..=y.len() {
            let cost = usize::from(x[i - 1] != y[j - 1]);
            let mut d = (t[i - 1][j] + 1)
                .min(t[i][j - 1] + 1)
                .min(t[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] {
                d = d.min(t[i - 2][j - 2] + 1);
            }
            t[i][j] = d;
        }
    }
    t[x.len()][y.len()]
}

/// What `closest` returned before it was bounded: every candidate compared, sorted, truncated.
fn brute<'a>(name: &str, cands: &[&'a str], limit: usize, max: usize) -> Vec<(&'a str, usize)> {
    let mut v: Vec<(&str, usize)> = cands
        .iter()
        .filter(|c| !c.eq_ignore_ascii_case(name))
        .map(|c| (*c, full(name, c)))
        .filter(|&(_, d)| d <= limit)
        .collect();
    v.sort_by_key(|&(_, d)| d);
    v.truncate(max);
    v
}

#[test]
fn distance_counts_edits_and_swaps() {
    assert_eq!(distance("", "abc"), 3);
    assert_eq!(distance("abc", "abc"), 0);
    assert_eq!(distance("CustomerTenantId", "customertenantid"), 0);
    assert_eq!(distance("CustomerTenatId", "CustomerTenantId"), 1);
    assert_eq!(
        distance("CustomerTenantdI", "CustomerTenantId"),
        1,
        "a swap is one edit"
    );
    assert_eq!(distance("PGA_MPNId", "PGAMpnId"), 1);
    assert_eq!(distance("kitten", "sitting"), 3);
    assert_eq!(distance("Mönth", "Month"), 1);
    assert_eq!(distance("FORM", "FROM"), 1);
    assert_eq!(distance("LAST_6_MONTH", "LAST_6_MONTHS"), 1);
    let long = "a".repeat(70);
    assert_eq!(
        distance(&long, &format!("{long}b")),
        1,
        "past the fast path"
    );
    assert_eq!(distance(&long[..64], &format!("{}B", &long[..63])), 1);
}

#[test]
fn within_stops_past_the_limit() {
    assert_eq!(within("kitten", "sitting", 3), Some(3));
    assert_eq!(within("kitten", "sitting", 2), None);
    assert_eq!(within("abc", "abcdef", 2), None, "lengths alone");
    assert_eq!(within("", "ab", 2), Some(2));
}

proptest::proptest! {
    /// The banded, early-exit distance gives what the full table gives, on both paths.
    #[test]
    fn bounded_agrees_with_the_full_table(a in "[a-cA-C_é]{0,12}", b in "[a-cA-C_é]{0,12}", max in 0usize..6) {
        let d = full(&a, &b);
        proptest::prop_assert_eq!(within(&a, &b, max), (d <= max).then_some(d));
        proptest::prop_assert_eq!(distance(&a, &b), d);
    }

    /// The search with its cheap rejects and tightening bound finds what comparing every candidate finds.
    #[test]
    fn closest_agrees_with_brute_force(
        name in "[a-dA-D_1]{1,10}",
        cands in proptest::collection::vec("[a-dA-D_1]{0,10}", 0..30),
        max in 1usize..4,
    ) {
        let c: Vec<&str> = cands.iter().map(String::as_str).collect();
        let limit = suggest_limit(name.len());
        proptest::prop_assert_eq!(closest(&name, c.iter().copied(), max), brute(&name, &c, limit, max));
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

#[test]
fn keywords_are_found_one_or_two_edits_away() {
    let kws = ["AND", "OR", "ORDER", "DESC", "ASC", "DISTINCT", "LIKE"];
    assert_eq!(keyword("ADN", &kws), Some("AND"));
    assert_eq!(keyword("ordr", &kws), Some("ORDER"));
    assert_eq!(keyword("DSC", &kws), Some("DESC"));
    assert_eq!(keyword("DISTINC", &kws), Some("DISTINCT"));
    assert_eq!(keyword("LIK", &kws), Some("LIKE"));
    assert_eq!(keyword("AND", &kws), None, "the keyword itself");
    assert_eq!(keyword("Revenue", &kws), None);
    assert_eq!(
        keyword("AS", &["ASC", "ASK"]),
        None,
        "a tie is no suggestion"
    );
}

#[test]
fn closest_word_is_clear_only_without_tie() {
    use crate::ast::DateRange;
    let ranges = || DateRange::ALL.iter().map(|r| r.as_str());
    assert_eq!(
        closest_word("LAST_6_MONTH", ranges()),
        Closest::Clear("LAST_6_MONTHS")
    );
    assert!(!matches!(
        closest_word("LAST_12_MONTHS", ranges()),
        Closest::Clear(_)
    ));
    assert_eq!(closest_word("XYZZY_FOO_BAR", ranges()), Closest::None);
}

#[test]
fn loose_matches_ignore_case_and_separators() {
    let known = ["Name", "Description", "Query"];
    assert_eq!(loosely_closest("Querry", &known), Some("Query"));
    assert_eq!(loosely_closest("descripton", &known), Some("Description"));
    assert_eq!(loosely_closest("query_", &known), Some("Query"));
    assert_eq!(loosely_closest("Owner", &known), None);
    assert_eq!(loosely_closest("", &known), None);
}

#[test]
fn wording() {
    assert_eq!(or_list(&["A"]), "`A`");
    assert_eq!(or_list(&["A", "B", "C"]), "`A`, `B` or `C`");
    assert_eq!(and_list(&["A", "B"]), "`A` and `B`");
    let s = Suggestions::new("Mnth", ["Month", "Year"]);
    assert_eq!(s.did_you_mean().as_deref(), Some("did you mean `Month`?"));
    assert_eq!(s.clear, Some("Month"));
    assert!(s.is_typo("Mnth"));
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
    assert_eq!(
        some_names(names.iter().copied()),
        "a, b, c, d, e, f, g, h, … (10 in all)"
    );
    assert_eq!(some_names(names[..2].iter().copied()), "a, b");
}

/// A hundred thousand names: the cheap rejects leave almost nothing to compare.
#[test]
fn a_huge_catalog_is_searched_with_few_comparisons() {
    let names: Vec<String> = (0..100_000).map(|i| format!("Column{i:06}Value")).collect();
    let found = closest("Colum012345Value", names.iter().map(String::as_str), 3);
    assert_eq!(found[0], ("Column012345Value", 1));
    for miss in ["CustomerTennantId", "Revenue", "Colmn99999Vale"] {
        super::COMPARED.with(|c| c.set(0));
        let _ = closest(miss, names.iter().map(String::as_str), 3);
        // The cheap rejects (length, letters) leave at most a tenth of the
        // 100,000 names (all of one length and alphabet here) to a banded
        // distance, not every name to a full one.
        let compared = super::COMPARED.with(|c| c.get());
        assert!(compared < 10_000, "{miss}: {compared} distances computed");
    }
}
