//! The dynamic builder: every fixture's mistake, made through the builder's
//! methods, gives the code its name says and the same findings as `pcql check`.

use std::path::Path;

use pcql::ast::Direction;
use pcql::builder::DynamicQuery;
use pcql::diagnostic::render::{Style, human};
use pcql::schema::Catalog;

use super::{dynamic_from_ast, findings, pcql_check};

#[test]
fn fixtures_give_their_code_and_the_same_findings_as_pcql_check() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/builder");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let code = &name[..6];
        let (parsed, _) = pcql_check(std::fs::read_to_string(&path).unwrap().trim());
        let built = dynamic_from_ast(&parsed.without_spans());
        let text = built.to_string();
        let errors = built.build(Catalog::bundled()).unwrap_err();
        assert!(
            errors.iter().any(|d| d.code.as_str() == code),
            "{name}: no {code} in {errors:#?}"
        );
        assert_eq!(
            findings(&errors),
            findings(&pcql_check(&text).1),
            "{name}: builder and pcql check disagree on `{text}`"
        );
        seen += 1;
    }
    assert!(seen >= 10, "fixtures missing: {seen}");
}

#[test]
fn every_problem_comes_back_at_once_and_renders_against_the_text() {
    let draft = DynamicQuery::from("CustomersAndTenants")
        .select("CustomerNme")
        .select("BilledRevenueUSD")
        .eq("IsDuplicateRowForPGA", "False")
        .is_in("Product", Vec::<&str>::new())
        .order_by("BiledRevenueUSD", Direction::Desc)
        .limit(0)
        .timespan("lifetime");
    let text = draft.to_string();
    let errors = draft.build(Catalog::bundled()).unwrap_err();
    let codes: Vec<&str> = errors.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(
        codes,
        ["PQ2003", "PQ3008", "PQ1016", "PQ2003", "PQ3001", "PQ4001"]
    );
    insta::assert_snapshot!(human(&errors, "built query", &text, Style::Plain));
}

#[test]
fn a_query_without_select_is_reported_as_the_parser_would() {
    let draft = DynamicQuery::from("CustomersAndTenants").timespan("LAST_MONTH");
    let errors = draft.build(Catalog::bundled()).unwrap_err();
    assert_eq!(errors[0].code.as_str(), "PQ1008");
}

#[test]
fn names_in_any_case_build_and_print_in_the_catalogs_spelling() {
    let checked = DynamicQuery::from("customersandtenants")
        .select("customername")
        .gt("billedrevenueusd", 100)
        .timespan("last_month")
        .build(Catalog::bundled())
        .expect("case does not matter");
    assert_eq!(
        checked.to_string(),
        "SELECT CustomerName FROM CustomersAndTenants WHERE BilledRevenueUSD > 100 TIMESPAN LAST_MONTH"
    );
}
