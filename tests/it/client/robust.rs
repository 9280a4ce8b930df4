//! Retries (counted at the server), Retry-After, timeouts, POST retried only
//! on answers that say it was not processed,
//! tolerant decoding, paging, rate-limit pacing, base URL override.

use std::time::{Duration, Instant};

use pcql::client::{ApiErrorKind, ApiVersion, Client, ClientBuilder, Error, Family, QueryFilter};

use super::server::{Fault, Mock};
use super::{client, fast_config};

const QUERY: &str = "SELECT CustomerTenantId FROM CustomersAndTenants";

#[tokio::test]
async fn retry_after_429_then_success() {
    let mock = Mock::start("mpn").await;
    mock.fault(Fault::Status(429, Some("0"), "Rate limit is exceeded"));
    mock.fault(Fault::Status(
        429,
        Some("Sun, 06 Nov 1994 08:49:37 GMT"),
        "Rate limit is exceeded",
    ));
    let d = client(&mock, Family::Mpn).datasets(None).await.unwrap();
    assert!(!d.items.is_empty());
    assert_eq!(mock.api_calls().len(), 3, "two 429s, then the answer");
}

#[tokio::test]
async fn retry_after_beyond_the_cap_is_not_waited_for() {
    let mock = Mock::start("mpn").await;
    mock.fault(Fault::Status(429, Some("3600"), "Rate limit is exceeded"));
    let start = Instant::now();
    let e = client(&mock, Family::Mpn).datasets(None).await.unwrap_err();
    assert!(
        matches!(&e, Error::Api(a) if a.kind == ApiErrorKind::RateLimited),
        "{e}"
    );
    assert!(start.elapsed() < Duration::from_secs(1));
    assert_eq!(mock.api_calls().len(), 1);
}

#[tokio::test]
async fn server_errors_are_retried_for_idempotent_calls_only() {
    let mock = Mock::start("mpn").await;
    let c = client(&mock, Family::Mpn);
    mock.fault(Fault::Status(500, None, "Service unavailable"));
    c.queries(&QueryFilter::default()).await.unwrap();
    assert_eq!(mock.api_calls().len(), 2, "500, then success");

    mock.fault(Fault::Status(500, None, "Internal error encountered while creating report. Correlation ID 0a1b2c3d-0000-4000-8000-000000000001"));
    let e = c.create_query_text("q", None, QUERY).await.unwrap_err();
    assert_eq!(
        mock.calls_to("ScheduledQueries")
            .iter()
            .filter(|r| r.method == "POST")
            .count(),
        1,
        "a POST answered 500 is not retried"
    );
    assert_eq!(e.status(), Some(500));
    assert_eq!(
        e.correlation_id(),
        Some("c0ffee00-1111-4222-8333-444455556666"),
        "the header wins"
    );

    for _ in 0..10 {
        mock.fault(Fault::Status(503, None, "Service unavailable"));
    }
    let before = mock.api_calls().len();
    let e = c.datasets(None).await.unwrap_err();
    assert!(
        matches!(&e, Error::Api(a) if a.kind == ApiErrorKind::ServerError),
        "{e}"
    );
    assert_eq!(mock.api_calls().len() - before, 4, "1 + max_retries (3)");
}

#[tokio::test]
async fn slow_answers_time_out_and_are_retried() {
    let mock = Mock::start("mpn").await;
    let c = client(&mock, Family::Mpn);
    mock.fault(Fault::Slow(Duration::from_millis(900)));
    c.datasets(None).await.unwrap();
    assert_eq!(mock.api_calls().len(), 2);

    mock.fault(Fault::Slow(Duration::from_millis(900)));
    let e = c.create_query_text("q", None, QUERY).await.unwrap_err();
    assert!(matches!(e, Error::Network { timeout: true, .. }), "{e}");
    assert_eq!(
        mock.api_calls().len(),
        3,
        "a POST that timed out may have been processed: not sent again"
    );
}

fn posts(mock: &Mock) -> usize {
    mock.api_calls()
        .iter()
        .filter(|r| r.method == "POST")
        .count()
}

#[tokio::test]
async fn post_is_retried_on_429_and_on_503_with_retry_after() {
    let mock = Mock::start("mpn").await;
    let c = client(&mock, Family::Mpn);
    mock.fault(Fault::Status(429, None, "Rate limit is exceeded"));
    let q = c.create_query_text("q", None, QUERY).await.unwrap();
    assert!(q.query_id.is_some());
    assert_eq!(mock.api_calls().len(), 2, "429, then the POST again");
    assert_eq!(posts(&mock), 2);
    assert_eq!(mock.with(|s| s.queries.len()), 1, "created once");

    mock.fault(Fault::Status(503, Some("0"), "Service unavailable"));
    c.create_query_text("q2", None, QUERY).await.unwrap();
    assert_eq!(posts(&mock), 4, "503 with Retry-After, then the POST again");

    mock.fault(Fault::Status(503, None, "Service unavailable"));
    let e = c.create_query_text("q3", None, QUERY).await.unwrap_err();
    assert_eq!(e.status(), Some(503));
    assert_eq!(posts(&mock), 5, "503 without Retry-After: not retried");

    for _ in 0..10 {
        mock.fault(Fault::Status(429, Some("0"), "Rate limit is exceeded"));
    }
    let e = c.create_query_text("q4", None, QUERY).await.unwrap_err();
    assert_eq!(e.status(), Some(429));
    assert_eq!(posts(&mock), 5 + 4, "1 + max_retries (3)");
    assert_eq!(mock.with(|s| s.queries.len()), 2, "q and q2 only");
}

#[tokio::test]
async fn connection_failures_are_network_errors() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let c = Client::builder(Family::Mpn)
        .base_url(format!("http://{addr}/insights/v1/mpn"))
        .config(fast_config())
        .build()
        .unwrap();
    let e = c.datasets(None).await.unwrap_err();
    assert!(matches!(e, Error::Network { timeout: false, .. }), "{e}");
}

#[tokio::test]
async fn pascal_case_envelopes_behind_a_bom_decode() {
    let mock = Mock::start("mpn").await;
    mock.with(|s| s.pascal = true);
    let c = client(&mock, Family::Mpn);
    let d = c.datasets(Some("OfficeUsage")).await.unwrap();
    assert_eq!(d.items[0].available_date_ranges[0], "LAST_MONTH");
    let q = c.create_query_text("q", None, QUERY).await.unwrap();
    assert!(q.query_id.is_some());
    let e = c.delete_query("nope").await.unwrap_err();
    assert!(
        matches!(&e, Error::Api(a) if a.message == "Invalid QueryId"),
        "{e}"
    );
}

#[tokio::test]
async fn a_cut_json_answer_is_retried_and_a_lasting_one_is_a_decode_error() {
    let mock = Mock::start("mpn").await;
    // One answer cut short (a 200 whose JSON stops): sent again, and it works.
    mock.fault(Fault::Malformed);
    let c = client(&mock, Family::Mpn);
    c.queries(&QueryFilter::default()).await.unwrap();
    // Cut every time: after the retries, a decode error.
    for _ in 0..20 {
        mock.fault(Fault::Malformed);
    }
    let e = c.queries(&QueryFilter::default()).await.unwrap_err();
    assert!(matches!(e, Error::Decode { status: 200, .. }), "{e}");
}

#[tokio::test]
async fn pages_are_followed_through_next_link() {
    let mock = Mock::start("mpn").await;
    let c = client(&mock, Family::Mpn);
    for i in 0..3 {
        c.create_query_text(&format!("q{i}"), None, QUERY)
            .await
            .unwrap();
    }
    mock.with(|s| s.page_size = Some(2));
    let all = c.queries(&QueryFilter::default()).await.unwrap();
    assert_eq!(all.items.len(), 4, "a system query and three of ours");
    let gets = mock
        .calls_to("ScheduledQueries")
        .into_iter()
        .filter(|r| r.method == "GET")
        .count();
    assert_eq!(gets, 2);
}

#[tokio::test]
async fn a_spent_quota_slows_the_next_call() {
    let mock = Mock::start("mpn").await;
    let c = client(&mock, Family::Mpn);
    mock.with(|s| s.rate_remaining = Some(5));
    c.datasets(None).await.unwrap();
    let start = Instant::now();
    c.datasets(None).await.unwrap();
    assert!(
        start.elapsed() < Duration::from_millis(150),
        "plenty left: no pause"
    );
    mock.with(|s| s.rate_remaining = Some(0));
    c.datasets(None).await.unwrap();
    let start = Instant::now();
    c.datasets(None).await.unwrap();
    assert!(
        start.elapsed() >= Duration::from_millis(150),
        "quota spent: paced"
    );
}

#[tokio::test]
async fn base_urls_default_per_family_and_override() {
    let b = |f, v| ClientBuilder::default_base(f, v).unwrap();
    assert_eq!(
        b(Family::Mpn, ApiVersion::V1),
        "https://api.partnercenter.microsoft.com/insights/v1/mpn/"
    );
    assert_eq!(
        b(Family::Cmp, ApiVersion::V1_1),
        "https://api.partnercenter.microsoft.com/insights/v1.1/cmp/"
    );
    let cmp = Client::builder(Family::Cmp).build().unwrap();
    assert!(
        cmp.base_url().ends_with("/insights/v1.1/cmp/"),
        "newest CMP path by default"
    );
    let cmp1 = Client::builder(Family::Cmp)
        .api_version(ApiVersion::V1)
        .build()
        .unwrap();
    assert!(cmp1.base_url().ends_with("/insights/v1/cmp/"));
    let e = Client::builder(Family::AppsGames).build().unwrap_err();
    assert!(
        matches!(&e, Error::Config(m) if m.contains("--base-url")),
        "{e}"
    );

    let mock = Mock::start("apps-games").await;
    let c = client(&mock, Family::AppsGames);
    let d = c.datasets(None).await.unwrap();
    assert_eq!(d.items[0].dataset_name.as_deref(), Some("Acquisitions"));
    assert!(
        mock.api_calls()[0]
            .path
            .starts_with("/insights/v1/apps-games/")
    );
}

#[tokio::test]
async fn a_next_link_that_loops_is_an_error_not_a_short_listing() {
    let mock = Mock::start("mpn").await;
    let c = client(&mock, Family::Mpn);
    for i in 0..3 {
        c.create_query_text(&format!("q{i}"), None, QUERY)
            .await
            .unwrap();
    }
    mock.with(|s| {
        s.page_size = Some(2);
        s.loop_next_link = true;
    });
    let e = c.queries(&QueryFilter::default()).await.unwrap_err();
    assert!(matches!(e, Error::Incomplete { .. }), "{e}");
    assert!(e.to_string().contains("incomplete"), "{e}");
}
