//! A misspelt keyword anywhere a keyword can stand gets one diagnostic,
//! "did you mean `K`?", with a safe fix that writes it; the fixed text
//! parses clean.

use pcql::diagnostic::{Code, apply_fixes, has_errors};
use pcql::syntax::parse;

const HEAD: &str = "SELECT CustomerName FROM CustomersAndTenants";

/// (query after HEAD, the keyword meant)
const CASES: &[(&str, &str)] = &[
    (
        "WHERE CustomerMarket = 'US' ORDR BY CustomerName ASC",
        "ORDER",
    ),
    ("WHERE CustomerMarket = 'US' ADN CustomerName = 'x'", "AND"),
    (
        "WHERE CustomerMarket = 'US' and CustomerName = 'x' ANDD CustomerTpid = 1",
        "AND",
    ),
    ("WHERE CustomerMarket LIK 'U%'", "LIKE"),
    ("WHERE CustomerMarket NOT LIEK 'U%'", "LIKE"),
    ("WHERE CustomerMarket NTO IN ('US')", "NOT"),
    ("WHERE CustomerTpid IM (1, 2)", "IN"),
    ("ORDER BY CustomerName DSC", "DESC"),
    ("ORDER BY CustomerName ASC, CustomerTpid DSEC", "DESC"),
    ("ORDER BY CustomerName ACS LIMIT 5", "ASC"),
    ("ORDER BT CustomerName ASC", "BY"),
    ("ORDER BY CustomerName ASC LIMT 10", "LIMIT"),
    ("WHERE CustomerMarket = 'US' TIMESPN LAST_MONTH", "TIMESPAN"),
    ("LIMIT 10 TIMESPAN LAST_MONTH", ""),
];

#[test]
fn misspelt_keywords_after_the_first_clause_get_one_fix() {
    for (rest, kw) in CASES {
        let tail = if rest.contains("LAST_MONTH") {
            ""
        } else {
            " TIMESPAN LAST_MONTH"
        };
        let text = format!("{HEAD} {rest}{tail}");
        let p = parse(&text);
        if kw.is_empty() {
            assert!(p.diagnostics.is_empty(), "{text}: {:?}", p.diagnostics);
            continue;
        }
        assert_eq!(p.diagnostics.len(), 1, "{text}: {:#?}", p.diagnostics);
        let d = &p.diagnostics[0];
        assert_eq!(d.code, Code::UnexpectedToken, "{text}");
        assert_eq!(d.label, format!("did you mean `{kw}`?"), "{text}");
        assert_eq!(d.fixes.len(), 1, "{text}");
        assert!(d.fixes[0].is_safe(), "{text}");
        let (fixed, n) = apply_fixes(&text, &d.fixes).unwrap();
        assert_eq!(n, 1);
        let again = parse(&fixed);
        assert!(
            !has_errors(&again.diagnostics),
            "{fixed}: {:?}",
            again.diagnostics
        );
        assert!(fixed.contains(kw), "{fixed}");
    }
}

#[test]
fn the_first_clause_and_distinct_are_covered_too() {
    for (text, kw) in [
        ("SELEC CustomerName FROM CustomersAndTenants", "SELECT"),
        (
            "SELECT DISTINC CustomerName FROM CustomersAndTenants",
            "DISTINCT",
        ),
        ("SELECT CustomerName FORM CustomersAndTenants", "FROM"),
        (
            "SELECT CustomerName FROM CustomersAndTenants WHRE CustomerMarket = 'US'",
            "WHERE",
        ),
    ] {
        let p = parse(text);
        assert_eq!(p.diagnostics.len(), 1, "{text}: {:#?}", p.diagnostics);
        let d = &p.diagnostics[0];
        let (fixed, _) = apply_fixes(text, &d.fixes).unwrap();
        assert!(!has_errors(&parse(&fixed).diagnostics), "{fixed}");
        assert!(fixed.contains(kw), "{fixed}");
    }
}

#[test]
fn names_near_keywords_stay_names_where_a_name_belongs() {
    // `Desk` is a name here: a comma follows it, not the end of the key list.
    for text in [
        "SELECT Ands, Likes FROM CustomersAndTenants",
        "SELECT CustomerName FROM CustomersAndTenants WHERE Ands = 1",
        "SELECT CustomerName FROM CustomersAndTenants ORDER BY Desc2 ASC",
    ] {
        let p = parse(text);
        assert!(p.diagnostics.is_empty(), "{text}: {:?}", p.diagnostics);
    }
}
