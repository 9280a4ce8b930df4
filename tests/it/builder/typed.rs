//! The typed builder: the example, spans, and what the types cannot rule out.

use std::num::NonZeroU32;

use pcql::builder::range::{Last6Months, LastMonth};
use pcql::builder::{Bit, BuildOptions, YN, select};
use pcql::datasets::mpn::{CustomersAndTenants as C, SeatsSubscriptionsAndRevenue as S};
use pcql::diagnostic::has_errors;

use super::{findings, pcql_check};

#[allow(dead_code)]
#[path = "../../../examples/top_customers.rs"]
mod example;

#[test]
fn example_query_parses_and_checks_clean() {
    let query = example::top_customers()
        .build()
        .expect("the example builds");
    let text = query.to_string();
    assert_eq!(
        text,
        "SELECT CustomerName, BilledRevenueUSD FROM CustomersAndTenants \
         ORDER BY BilledRevenueUSD DESC LIMIT 10 TIMESPAN LAST_MONTH"
    );
    let (parsed, diags) = pcql_check(&text);
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(parsed.without_spans(), query.without_spans());
}

#[test]
fn spans_are_those_the_parser_gives_for_the_text() {
    let query = select((S::CUSTOMER_NAME, S::SUBSCRIPTION_ID, S::BILLED_REVENUE_USD))
        .distinct()
        .filter(S::IS_AUTO_RENEW.eq(YN::N))
        .filter(S::IS_DUPLICATE_ROW_FOR_PGA.is_in([Bit::Zero]))
        .filter(S::CUSTOMER_NAME.not_like("O'Brien%"))
        .filter(S::BILLED_REVENUE_USD.lt(-0.5))
        .order_by(S::CUSTOMER_NAME.asc())
        .order_by(S::BILLED_REVENUE_USD.desc())
        .limit(NonZeroU32::MIN)
        .timespan(Last6Months)
        .build_with(
            pcql::schema::Catalog::bundled(),
            &BuildOptions {
                allow_warnings: true,
                ..BuildOptions::default()
            },
        )
        .expect("no error");
    let text = query.to_string();
    let parsed = pcql::syntax::parse(&text);
    assert!(parsed.diagnostics.is_empty(), "{:#?}", parsed.diagnostics);
    assert_eq!(
        &parsed.query,
        query.value(),
        "spans differ from the parser's"
    );
}

#[test]
fn duplicates_and_contradictions_are_the_checks_diagnostics() {
    let built = select((C::CUSTOMER_NAME, C::CUSTOMER_NAME))
        .filter(C::IS_DUPLICATE_ROW_FOR_PGA.eq(Bit::Zero))
        .filter(C::IS_DUPLICATE_ROW_FOR_PGA.eq(Bit::One))
        .timespan(LastMonth);
    let text = built.to_string();
    let errors = built.build().unwrap_err();
    let codes: Vec<&str> = errors.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["PQ2006", "PQ3009"]);
    assert_eq!(findings(&errors), findings(&pcql_check(&text).1));
}

#[test]
fn warnings_fail_a_build_unless_allowed_and_advice_never_does() {
    let contradictory = || {
        select(C::CUSTOMER_NAME)
            .filter(C::CUSTOMER_MARKET.eq("Germany"))
            .filter(C::CUSTOMER_MARKET.eq("France"))
            .timespan(LastMonth)
    };
    let errors = contradictory().build().unwrap_err();
    assert!(!has_errors(&errors), "only a warning: {errors:#?}");
    let opts = BuildOptions {
        allow_warnings: true,
        ..BuildOptions::default()
    };
    let checked = contradictory()
        .build_with(pcql::schema::Catalog::bundled(), &opts)
        .expect("warnings allowed");
    assert_eq!(checked.diagnostics()[0].code.as_str(), "PQ3009");

    // No TIMESPAN (PQ4003) and only metrics (PQ5002) are advice.
    let checked = select(C::BILLED_REVENUE_USD).build().expect("advice only");
    let codes: Vec<&str> = checked
        .diagnostics()
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    assert!(codes.contains(&"PQ4003"), "{codes:?}");
}

#[test]
fn a_nan_is_reported_as_the_parser_would() {
    let built_text = || {
        select(C::CUSTOMER_NAME)
            .filter(C::BILLED_REVENUE_USD.gt(f64::NAN))
            .to_string()
    };
    let built = select(C::CUSTOMER_NAME).filter(C::BILLED_REVENUE_USD.gt(f64::NAN));
    let errors = built.build().unwrap_err();
    // Exactly what `pcql check` says of the printed text `… > NaN …`.
    let text = built_text();
    let cli = pcql::Checker::default().check(&text);
    assert_eq!(errors.diagnostics(), &cli[..]);
    assert_eq!(errors[0].code.as_str(), "PQ1001");
}
