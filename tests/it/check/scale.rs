//! Suggestions on a huge catalog still find the nearest names (their cost
//! is counted in `suggest`'s unit tests and timed in `benches/scaling.rs`).

use pcql::check::{CheckOptions, check};
use pcql::schema::{Catalog, Dataset, Family, FamilyInfo};

#[test]
fn unknown_names_in_a_dataset_of_100k_columns_get_the_nearest_names() {
    let columns: Vec<String> = (0..100_000).map(|i| format!("Column{i:06}Value")).collect();
    let ds = Dataset::new(
        "Huge",
        Family::Mpn,
        columns,
        vec![],
        vec!["LAST_MONTH".into()],
        None,
    );
    let catalog = Catalog::from_family(FamilyInfo::authoritative(Family::Mpn, None), vec![ds]);
    let q = pcql::syntax::parse(
        "SELECT Colum012345Value, CustomerTennantId, Revenue, Colmn99999Vale, Column000001Valeu FROM Huge TIMESPAN LAST_MONTH",
    )
    .query;
    let diags = check(&q, &catalog, &CheckOptions::default());
    let helps: Vec<_> = diags.iter().filter_map(|d| d.help.as_deref()).collect();
    assert!(
        helps.contains(&"did you mean `Column012345Value`?"),
        "{helps:#?}"
    );
    assert!(
        helps.contains(&"did you mean `Column000001Value`?"),
        "{helps:#?}"
    );
    // How cheap it is: the count of comparisons in `suggest`'s unit tests,
    // the time in `benches/scaling.rs`.
}
