//! The validation gate: a query or report body with errors is refused with
//! the diagnostics of `pcql check`, and the server sees no request at all.

use std::sync::Arc;

use pcql::client::{
    Client, CreateReport, Error, Family, ReportSettingsBody, TryWindow, Validation,
};
use pcql::schema::Catalog;

use super::server::Mock;
use super::{client, fast_config};

fn codes(e: &Error) -> Vec<&'static str> {
    match e {
        Error::Invalid { diagnostics, .. } => diagnostics.iter().map(|d| d.code.as_str()).collect(),
        other => panic!("expected a refusal, got {other}"),
    }
}

#[tokio::test]
async fn invalid_queries_never_reach_the_server() {
    let mock = Mock::start("mpn").await;
    let c = client(&mock, Family::Mpn);
    let e = c
        .create_query_text("q", None, "SELECT * FROM CustomersAndTenants")
        .await
        .unwrap_err();
    assert!(codes(&e).contains(&"PQ1101"), "{:?}", codes(&e));
    assert!(e.to_string().contains("nothing was sent"), "{e}");
    let e = c
        .try_query_text(
            "SELECT CustomerTenatId FROM CustomersAndTenants",
            &TryWindow::default(),
        )
        .await
        .unwrap_err();
    assert_eq!(codes(&e)[0], "PQ2003", "errors and the advice too");
    let Error::Invalid {
        diagnostics,
        source_text,
        ..
    } = &e
    else {
        unreachable!()
    };
    assert_eq!(
        diagnostics[0].help.as_deref(),
        Some("did you mean `CustomerTenantId`?")
    );
    assert_eq!(diagnostics[0].span.slice(source_text), "CustomerTenatId");
    let e = c
        .create_query_text("q", None, "SELECT A FROM ISVUsage")
        .await
        .unwrap_err();
    assert!(!codes(&e).is_empty());
    assert_eq!(mock.api_calls().len(), 0, "the server saw no request");
}

#[tokio::test]
async fn checked_queries_are_sent_in_canonical_spelling() {
    let mock = Mock::start("mpn").await;
    let c = client(&mock, Family::Mpn);
    let q = c
        .check_text("select customertenantid from customersandtenants timespan last_month")
        .unwrap();
    c.create_query("q", None, &q).await.unwrap();
    let body: serde_json::Value = serde_json::from_str(&mock.api_calls()[0].body).unwrap();
    assert_eq!(
        body["Query"],
        "SELECT CustomerTenantId FROM CustomersAndTenants TIMESPAN LAST_MONTH"
    );
    c.try_query(&q, &TryWindow::default()).await.unwrap();
}

#[tokio::test]
async fn invalid_report_bodies_are_refused() {
    let mock = Mock::start("mpn").await;
    let c = client(&mock, Family::Mpn);
    let body = CreateReport {
        report_name: "r".into(),
        query_id: "00000000-0000-4000-8000-000000000001".into(),
        start_time: Some("2020-01-01 00:00:00Z".into()),
        settings: ReportSettingsBody {
            recurrence_interval: Some(3000),
            ..Default::default()
        },
        ..Default::default()
    };
    let e = c.create_report(&body).await.unwrap_err();
    let got = codes(&e);
    assert!(
        got.contains(&"PQ6004") && got.contains(&"PQ6006"),
        "{got:?}"
    );
    assert_eq!(mock.api_calls().len(), 0);
}

#[tokio::test]
async fn skip_and_a_given_catalog() {
    let mock = Mock::start("mpn").await;
    let skip = Client::builder(Family::Mpn)
        .base_url(mock.base())
        .credentials(pcql::client::Credentials::Bearer(
            super::server::STATIC_TOKEN.into(),
        ))
        .config(fast_config())
        .validation(Validation::Skip)
        .build()
        .unwrap();
    let e = skip
        .create_query_text("q", None, "SELECT Nope FROM CustomersAndTenants")
        .await
        .unwrap_err();
    assert!(
        matches!(&e, Error::Api(a) if a.message == "Incorrect column name"),
        "{e}"
    );
    assert_eq!(mock.api_calls().len(), 1, "Skip sends as given");

    let empty = Arc::new(
        Catalog::from_response(
            Family::Mpn,
            r#"{"value":[{"datasetName":"Only","selectableColumns":["A"]}]}"#,
        )
        .unwrap(),
    );
    let strict = Client::builder(Family::Mpn)
        .base_url(mock.base())
        .config(fast_config())
        .validation(Validation::CheckWith(empty))
        .build()
        .unwrap();
    let e = strict
        .create_query_text(
            "q",
            None,
            "SELECT CustomerTenantId FROM CustomersAndTenants",
        )
        .await
        .unwrap_err();
    assert_eq!(
        codes(&e)[0],
        "PQ2001",
        "unknown in an authoritative catalog"
    );
    assert_eq!(mock.api_calls().len(), 1);
}
