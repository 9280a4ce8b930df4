//! `Checked<Query>` only for text, or a tree, with no error at all: the
//! eight texts whose repaired trees used to be certified with another
//! meaning, every fixture statement, and every broken corpus variant.

use std::path::Path;

use pcql::check::{Level, Levels};
use pcql::syntax::{parse, parse_file};
use pcql::{Catalog, Checker};

/// The eight texts of issue 9, each certified before as a tree the parser
/// had repaired (`OR` read as `AND`, `TOP 10` dropped, `IS NULL` gone, a
/// `UNION` cut in half).
pub(crate) const REPAIRED: [&str; 8] = [
    "SELECT CustomerName FROM CustomersAndTenants WHERE NOT CustomerMarket = 'Germany' TIMESPAN LAST_MONTH",
    "SELECT CustomerName FROM CustomersAndTenants WHERE CustomerMarket = 'Germany' OR BilledRevenueUSD > 100 TIMESPAN LAST_MONTH",
    "SELECT CustomerName FROM CustomersAndTenants WHERE (CustomerMarket = 'Germany' OR CustomerMarket = 'France') AND BilledRevenueUSD > 5 TIMESPAN LAST_MONTH",
    "SELECT CustomerName FROM CustomersAndTenants WHERE CustomerMarket IS NULL TIMESPAN LAST_MONTH",
    "SELECT CustomerName FROM CustomersAndTenants WHERE BilledRevenueUSD BETWEEN 1 AND 2 TIMESPAN LAST_MONTH",
    "SELECT TOP 10 CustomerName FROM CustomersAndTenants TIMESPAN LAST_MONTH",
    "SELECT CustomerName FROM CustomersAndTenants WHERE CustomerMarket = 'Germany' UNION SELECT CustomerName FROM CustomersAndTenants TIMESPAN LAST_MONTH",
    "SELECT CustomerName FROM CustomersAndTenants LIMIT 10 OFFSET 20 TIMESPAN LAST_MONTH",
];

#[test]
fn the_eight_repaired_texts_never_become_checked() {
    let checker = Checker::new(Catalog::bundled());
    for text in REPAIRED {
        let err = checker.check_query(text).expect_err(text);
        assert!(
            err.iter().any(|d| d.code.service_rejects()),
            "{text}: {err}"
        );
        // The diagnostics are in position order.
        assert!(err.windows(2).all(|w| w[0] <= w[1]), "{text}");
        // The tree the parser repaired is refused too, though it prints clean.
        let tree = parse(text).query;
        assert!(checker.check_tree(&tree).is_err(), "{text}");
        // No configuration lets it through.
        let allow_all = err
            .iter()
            .fold(Levels::new(), |l, d| l.with(d.code, Level::Allow));
        let lenient = checker.clone().with_levels(allow_all);
        assert!(lenient.check(text).is_empty(), "{text}: every code allowed");
        assert!(lenient.check_query(text).is_err(), "{text}");
        // Nor does a `-- pcql: allow` comment naming every code.
        let codes: Vec<&str> = err.iter().map(|d| d.code.as_str()).collect();
        let directed = format!("-- pcql: allow {}\n{text}", codes.join(", "));
        assert!(checker.check_query(&directed).is_err(), "{directed}");
        // The text as the checker would send it, with the meaning intended,
        // does not exist: the refusal names the construct.
        assert!(err.to_string().starts_with("the query has"), "{err}");
    }
}

fn fixture_files() -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    for dir in ["syntax", "check", "cli", "builder"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for e in entries {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "pcql" || x == "sql") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Each statement of each fixture file, checked alone: `check_query` gives
/// a `Checked` exactly when `check` finds no error, and never when the
/// parser found a syntax error.
#[test]
fn every_fixture_statement_with_an_error_yields_no_checked() {
    let checker = Checker::new(Catalog::bundled());
    let (mut refused, mut certified) = (0, 0);
    for path in fixture_files() {
        let file = std::fs::read_to_string(&path).unwrap();
        for st in parse_file(&file) {
            let text = &file[st.leading.start..st.span.end];
            let syntax_error = st.diagnostics.iter().any(|d| d.is_error());
            let any_error = checker.check(text).iter().any(|d| d.is_error());
            let name = path.display();
            match checker.check_query(text) {
                Ok(c) => {
                    assert!(!syntax_error && !any_error, "{name}: certified {text:?}");
                    assert!(c.diagnostics().iter().all(|d| !d.is_error()));
                    certified += 1;
                }
                Err(e) => {
                    assert!(any_error, "{name}: refused a clean {text:?}: {e}");
                    refused += 1;
                }
            }
            if syntax_error {
                assert!(st.query.repaired, "{name}: {text:?}");
                assert!(checker.check_tree(&st.query).is_err(), "{name}: {text:?}");
            }
        }
    }
    assert!(
        refused > 40 && certified > 5,
        "{refused} refused, {certified} certified"
    );
}

/// Every SQL habit applied to every published query: refused as text and as
/// the repaired tree.
#[test]
fn every_broken_corpus_variant_yields_no_checked() {
    let checker = Checker::new(Catalog::bundled());
    let mut n = 0;
    for text in crate::corpus::corpus() {
        for (bad, code) in crate::corpus::broken(&text) {
            let err = checker.check_query(&bad).expect_err(&bad);
            assert!(err.iter().any(|d| d.code == code), "{bad}: {err}");
            assert!(checker.check_tree(&parse(&bad).query).is_err(), "{bad}");
            n += 1;
        }
    }
    assert!(n >= 19 * 20, "{n}");
}
