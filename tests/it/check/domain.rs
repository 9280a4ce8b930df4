//! Empty results predicted from what a column is known to hold, invalid
//! calendar dates, and repeated sort keys.

use pcql::check::{CheckOptions, check};
use pcql::diagnostic::Code;
use pcql::schema::{Catalog, Family};

fn codes(where_: &str) -> Vec<Code> {
    let text =
        format!("SELECT CustomerName FROM CustomersAndTenants WHERE {where_} TIMESPAN LAST_MONTH");
    let q = pcql::syntax::parse(&text);
    assert!(q.diagnostics.is_empty(), "{text}: {:?}", q.diagnostics);
    check(&q.query, Catalog::bundled(), &CheckOptions::default())
        .into_iter()
        .map(|d| d.code)
        .collect()
}

#[test]
fn conditions_that_leave_a_known_value_column_nothing_are_warned() {
    let c = "IsDuplicateRowForPGA";
    for w in [
        format!("{c} NOT IN (0, 1)"),
        format!("{c} > 1"),
        format!("{c} < 0"),
        format!("{c} >= 2"),
        format!("{c} NOT LIKE '%'"),
        format!("{c} LIKE '2%'"),
    ] {
        assert_eq!(codes(&w), [Code::ValueNotAllowed], "{w}");
    }
    for w in [
        format!("{c} != 0 AND {c} != 1"),
        format!("{c} != 0 AND {c} <= 0"),
        format!("{c} NOT IN (0) AND {c} < 1"),
    ] {
        assert_eq!(codes(&w), [Code::ContradictoryConditions], "{w}");
    }
    // Reported once, by the check that already sees it.
    assert_eq!(codes(&format!("{c} = 2")), [Code::ValueNotAllowed]);
    assert_eq!(
        codes(&format!("{c} = 0 AND {c} = 1")),
        [Code::ContradictoryConditions]
    );
    // Conditions some value meets are fine.
    for w in [
        format!("{c} IN (0, 1)"),
        format!("{c} = 1"),
        format!("{c} >= 1"),
        format!("{c} != 0"),
        format!("{c} NOT IN (0) AND {c} > 0"),
        format!("{c} < 1"),
        format!("{c} LIKE '1%'"),
        format!("{c} NOT LIKE '1%'"),
    ] {
        assert!(codes(&w).is_empty(), "{w}: {:?}", codes(&w));
    }
}

#[test]
fn days_the_calendar_does_not_have_are_not_dates() {
    let check_cmp = |v: &str| -> Vec<(Code, String)> {
        let text =
            format!("SELECT OfferName FROM ISVUsage WHERE UsageDate = '{v}' TIMESPAN LAST_MONTH");
        let q = pcql::syntax::parse(&text).query;
        let opts = CheckOptions {
            family: Some(Family::Cmp),
        };
        check(&q, Catalog::bundled(), &opts)
            .into_iter()
            .map(|d| (d.code, d.message))
            .collect()
    };
    for bad in [
        "2024-02-30",
        "2023-02-29",
        "2021-04-31",
        "2021-00-10",
        "2021-01-01 24:00:00",
    ] {
        let got = check_cmp(bad);
        assert!(
            matches!(got.as_slice(), [(Code::ValueTypeMismatch, _)]),
            "{bad}: {got:?}"
        );
    }
    assert!(
        check_cmp("2024-02-30")[0]
            .1
            .contains("February 2024 has 29 days")
    );
    for good in ["2024-02-29", "2021-04-30", "2021-01-01 23:59:59"] {
        assert!(check_cmp(good).is_empty(), "{good}: {:?}", check_cmp(good));
    }
}

#[test]
fn a_sort_key_repeated_is_warned_with_a_safe_fix() {
    let text = "SELECT CustomerName FROM CustomersAndTenants ORDER BY CustomerName ASC, CustomerName DESC TIMESPAN LAST_MONTH";
    let q = pcql::syntax::parse(text).query;
    let diags = check(&q, Catalog::bundled(), &CheckOptions::default());
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0].code, Code::DuplicateOrderKey);
    let (fixed, _) = pcql::diagnostic::apply_fixes(text, &diags[0].fixes).unwrap();
    assert_eq!(
        fixed,
        "SELECT CustomerName FROM CustomersAndTenants ORDER BY CustomerName ASC TIMESPAN LAST_MONTH"
    );
}
