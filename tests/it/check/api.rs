//! The check's public API: authoritative versus bundled catalogs, `Checked`,
//! canonical text, the `SELECT *` fix, family detection.

use pcql::ast::{Ident, Query};
use pcql::check::{CheckOptions, Checker, canonicalize, check, select_star_fix};
use pcql::diagnostic::{Code, Severity, apply_fixes};
use pcql::schema::{Catalog, Family};
use pcql::span::Span;

use super::parse;

const ORDER_BODY: &str = r#"{"value": [{"datasetName": "ISVOrder",
  "selectableColumns": ["OfferName", "OrderStatus", "MonthStartDate"],
  "availableMetrics": ["OrderCount"], "availableDateRanges": ["LAST_MONTH", "LIFETIME"],
  "minimumRecurrenceInterval": 4}]}"#;

fn codes(q: &str, catalog: &Catalog, family: Option<Family>) -> Vec<(Code, Severity)> {
    check(&parse(q), catalog, &CheckOptions { family })
        .into_iter()
        .map(|d| (d.code, d.severity))
        .collect()
}

#[test]
fn missing_name_is_error_when_authoritative_warning_when_bundle_incomplete() {
    let q = "SELECT OfferName, SubscriptionTermLength FROM ISVOrder TIMESPAN LAST_MONTH";
    let pulled = Catalog::from_response(Family::Cmp, ORDER_BODY).unwrap();
    assert_eq!(
        codes(q, &pulled, Some(Family::Cmp)),
        [(Code::UnknownName, Severity::Error)]
    );
    assert_eq!(
        codes(q, Catalog::bundled(), Some(Family::Cmp)),
        [(Code::UndocumentedName, Severity::Warning)]
    );
    // A complete bundled dataset (ISVUsage) makes it an error again.
    let q = "SELECT OfferName, Wibble FROM ISVUsage TIMESPAN LAST_MONTH";
    assert_eq!(
        codes(q, Catalog::bundled(), None),
        [(Code::UnknownName, Severity::Error)]
    );
}

#[test]
fn an_unknown_dataset_gives_one_error_not_one_per_column() {
    let q = "SELECT Foo, Bar, Baz FROM Nowhere WHERE Foo = 1 ORDER BY Bar DESC TIMESPAN LAST_MONTH";
    let pulled = Catalog::from_response(Family::Cmp, ORDER_BODY).unwrap();
    assert_eq!(
        codes(q, &pulled, None),
        [(Code::UnknownDataset, Severity::Error)]
    );
    assert_eq!(
        codes(q, Catalog::bundled(), Some(Family::Mpn)),
        [(Code::UnknownDataset, Severity::Error)],
        "the mpn list of datasets is complete"
    );
    assert_eq!(
        codes(q, Catalog::bundled(), Some(Family::Cmp)),
        [(Code::UndocumentedDataset, Severity::Warning)],
        "the cmp list of datasets is not"
    );
    // A pulled family beside bundled ones (what `--schemas <cache>` loads):
    // without a family, a dataset it lacks is an error all the same.
    let mut mixed = Catalog::bundled().clone();
    mixed.extend(
        Catalog::from_response(
            Family::Mpn,
            ORDER_BODY.replace("ISVOrder", "OfficeUsage").as_str(),
        )
        .unwrap(),
    );
    let d = check(&parse(q), &mixed, &CheckOptions::default());
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(
        (d[0].code, d[0].severity),
        (Code::UnknownDataset, Severity::Error)
    );
    assert!(!d[0].message.contains("bundled"), "{}", d[0].message);
}

#[test]
fn the_family_is_detected_from_the_dataset() {
    let q = "SELECT OfferName FROM ISVOrder TIMESPAN LAST_MONTH";
    assert!(codes(q, Catalog::bundled(), None).is_empty());
    assert!(codes(q, Catalog::bundled(), Some(Family::Cmp)).is_empty());
    assert_eq!(
        codes(q, Catalog::bundled(), Some(Family::Mpn)),
        [(Code::DatasetInOtherFamily, Severity::Error)]
    );
}

#[test]
fn checked_carries_warnings_and_prints_the_catalog_spelling() {
    let text =
        "select offername, monthstartdate from isvorder order by monthstartdate timespan lifetime";
    let q = parse(text);
    let pulled = Catalog::from_response(Family::Cmp, ORDER_BODY).unwrap();
    let checker = Checker::new(&pulled);
    let checked = checker.check_query(text).unwrap();
    assert_eq!(
        checked.to_string(),
        "SELECT OfferName, MonthStartDate FROM ISVOrder ORDER BY MonthStartDate TIMESPAN LIFETIME"
    );
    assert_eq!(checked.select.len(), 2, "Deref to the query");
    assert!(
        checked
            .diagnostics()
            .iter()
            .any(|d| d.code == Code::OrderWithoutDirection)
    );
    assert!(checked.diagnostics().iter().all(|d| !d.is_error()));
    assert_eq!(checked.value(), &q);
    assert_eq!(canonicalize(&q, &pulled).to_string(), checked.text());

    let errs = checker
        .check_query("SELECT Nope FROM ISVOrder TIMESPAN LIFETIME")
        .unwrap_err();
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].code, Code::UnknownName);
}

#[test]
fn select_star_fix_lists_the_columns() {
    let text = "SELECT * FROM ISVOrder";
    let pulled = Catalog::from_response(Family::Cmp, ORDER_BODY).unwrap();
    let ds = pulled.dataset("isvorder", None).unwrap();
    let fix = select_star_fix(ds, Span::new(7, 8));
    assert!(fix.is_safe(), "the pulled list is complete");
    let (out, n) = apply_fixes(text, [&fix]).unwrap();
    assert_eq!(
        (out.as_str(), n),
        (
            "SELECT OfferName, OrderStatus, MonthStartDate FROM ISVOrder",
            1
        )
    );
    let bundled = Catalog::bundled().dataset("ISVOrder", None).unwrap();
    assert!(
        !select_star_fix(bundled, Span::new(7, 8)).is_safe(),
        "the bundled list is incomplete"
    );
}

#[test]
fn queries_built_without_spans_are_checked_too() {
    let id = |s: &str| Ident {
        name: s.into(),
        span: Span::default(),
    };
    let q = Query {
        select: vec![id("Month"), id("month"), id("TotalACR")],
        from: Some(id("azureusage")),
        ..Query::default()
    };
    let got: Vec<Code> = check(&q, Catalog::bundled(), &CheckOptions::default())
        .into_iter()
        .map(|d| d.code)
        .collect();
    assert_eq!(
        got,
        [
            Code::RetiredName,
            Code::NameCase,
            Code::DuplicateName,
            Code::TimespanOmitted
        ]
    );
}

#[test]
fn an_empty_catalog_says_nothing_about_names() {
    let q = parse("SELECT A FROM B TIMESPAN LAST_MONTH");
    assert!(check(&q, &Catalog::empty(), &CheckOptions::default()).is_empty());
}
