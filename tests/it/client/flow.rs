//! Every endpoint, in the documented order: datasets, a query created and
//! tried, a report created from it, its executions polled to Completed, the
//! file downloaded, then the report and query paused, resumed, updated and
//! deleted.

use std::time::Duration;

use pcql::client::{
    ApiErrorKind, CreateReport, Error, ExecutionFilter, Executions, Family, QueryFilter,
    ReportFilter, ReportSettingsBody, TryTarget, TryWindow, UpdateReport, WaitOptions,
};

use super::server::{FILE_BODY, Mock};
use super::{assert_no_secret, client};

const QUERY: &str =
    "SELECT CustomerTenantId, CustomerName FROM CustomersAndTenants TIMESPAN LAST_MONTH";

#[tokio::test]
async fn datasets_every_and_one() {
    let mock = Mock::start("mpn").await;
    let c = client(&mock, Family::Mpn);
    let all = c.datasets(None).await.unwrap();
    assert_eq!(all.items.len(), mock.with(|s| s.datasets.len()));
    assert_eq!(all.message.as_deref(), Some("Dataset fetched successfully"));
    let one = c.datasets(Some("OfficeUsage")).await.unwrap();
    assert_eq!(one.items.len(), 1);
    let d = &one.items[0];
    assert_eq!(d.dataset_name.as_deref(), Some("OfficeUsage"));
    assert!(
        d.selectable_columns
            .contains(&"CustomerTenantId".to_string())
    );
    assert_eq!(d.minimum_recurrence_interval, Some(24));
    let seen = mock.api_calls();
    assert_eq!(seen[1].path, "/insights/v1/mpn/ScheduledDataset");
    assert_eq!(seen[1].query, "datasetName=OfficeUsage");
    assert_eq!(
        seen[1].authorization.as_deref(),
        Some("Bearer tok-SENTINEL-static")
    );
}

#[tokio::test]
async fn query_lifecycle() {
    let mock = Mock::start("mpn").await;
    let c = client(&mock, Family::Mpn);
    let q = c
        .create_query_text("tenants", Some("all tenants"), QUERY)
        .await
        .unwrap();
    let id = q.query_id.clone().unwrap();
    assert_eq!(q.kind.as_deref(), Some("userDefined"));
    let post = &mock.calls_to("ScheduledQueries")[0];
    let body: serde_json::Value = serde_json::from_str(&post.body).unwrap();
    assert_eq!(body["Name"], "tenants");
    assert_eq!(body["Description"], "all tenants");
    assert!(
        body["Query"]
            .as_str()
            .unwrap()
            .contains("FROM CustomersAndTenants")
    );

    let mine = QueryFilter {
        include_system_queries: Some(false),
        ..Default::default()
    };
    let listed = c.queries(&mine).await.unwrap();
    assert_eq!(listed.items.len(), 1);
    assert_eq!(listed.items[0].query_id.as_deref(), Some(id.as_str()));
    assert!(
        mock.calls_to("ScheduledQueries")
            .last()
            .unwrap()
            .query
            .contains("includeSystemQueries=false")
    );
    let all = c.queries(&QueryFilter::default()).await.unwrap();
    assert_eq!(all.items.len(), 2, "the system query and ours");

    let rows = c
        .try_query_text(QUERY, &TryWindow::default())
        .await
        .unwrap();
    assert_eq!(rows.rows.len(), 3);
    assert_eq!(rows.rows[0]["CustomerName"], "CustomerName-1");
    let window = TryWindow {
        start_time: Some("2026-01-01T00:00:00Z".into()),
        end_time: Some("2026-02-01T00:00:00Z".into()),
    };
    let by_id = c
        .unchecked_try_query(&TryTarget::QueryId(id.clone()), &window)
        .await
        .unwrap();
    assert_eq!(by_id.rows.len(), 3);
    let last = mock.calls_to("testQueryResult").pop().unwrap();
    assert!(
        last.query.contains(&format!("queryId={id}"))
            && last.query.contains("startTime=2026-01-01T00%3A00%3A00Z"),
        "{}",
        last.query
    );

    let deleted = c.delete_query(&id).await.unwrap().unwrap();
    assert_eq!(deleted.query_id.as_deref(), Some(id.as_str()));
    let e = c.delete_query(&id).await.unwrap_err();
    assert!(
        matches!(&e, Error::Api(a) if a.kind == ApiErrorKind::InvalidQueryId),
        "{e}"
    );
    assert_eq!(
        e.correlation_id(),
        Some("c0ffee00-1111-4222-8333-444455556666")
    );
}

#[tokio::test]
async fn report_lifecycle_to_download() {
    let mock = Mock::start("mpn").await;
    let c = client(&mock, Family::Mpn);
    let q = c.create_query_text("tenants", None, QUERY).await.unwrap();
    let body = CreateReport {
        report_name: "now".into(),
        query_id: q.query_id.clone().unwrap(),
        execute_now: Some(true),
        ..CreateReport::default()
    };
    let r = c.create_report(&body).await.unwrap();
    let rid = r.report_id.clone().unwrap();
    assert_eq!(
        r.settings.recurrence_interval,
        Some(-1),
        "ExecuteNow reports come back with -1"
    );
    assert_eq!(r.execute_now, Some(true));

    // The service's default filter is Completed + latest: none yet is a state.
    let first = c
        .executions(&rid, &ExecutionFilter::default())
        .await
        .unwrap();
    assert!(
        matches!(first, Executions::NoneYet(ref m) if m.contains("no executions")),
        "{first:?}"
    );

    let mut seen = Vec::new();
    let opts = WaitOptions {
        timeout: Duration::from_secs(5),
        first_poll: Duration::from_millis(5),
        max_poll: Duration::from_millis(20),
    };
    let done = c
        .wait_for_execution(&rid, &opts, |p| seen.push(p.status.clone()))
        .await
        .unwrap();
    assert_eq!(done.execution_status.as_deref(), Some("Completed"));
    assert_eq!(seen.last().unwrap().as_ref().unwrap().as_str(), "Completed");
    assert!(
        seen.iter()
            .any(|s| s.as_ref().is_some_and(|s| s.as_str() == "Running")),
        "{seen:?}"
    );
    let q = mock.calls_to("execution").pop().unwrap().query;
    assert!(
        q.contains("executionStatus=Pending%3BRunning%3BPaused%3BCompleted"),
        "{q}"
    );
    assert_no_secret(&format!("{done:?}"));

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.csv");
    let got = c.download(&done, &path, false).await.unwrap();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        FILE_BODY,
        "byte-order mark dropped"
    );
    assert_eq!(got.bytes, FILE_BODY.len() as u64);
    let blob = mock.calls_to("/blob/").pop().unwrap();
    assert_eq!(blob.authorization, None, "no bearer token to the SAS link");

    let listed = c
        .reports(&ReportFilter {
            report_id: Some(rid.clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(listed.items.len(), 1);
    let paused = c.pause_report(&rid).await.unwrap().unwrap();
    assert_eq!(paused.report_status.as_deref(), Some("Paused"));
    let resumed = c.resume_report(&rid).await.unwrap().unwrap();
    assert_eq!(resumed.report_status.as_deref(), Some("Active"));
    let upd = UpdateReport {
        report_name: "renamed".into(),
        start_time: "2030-01-01T00:00:00Z".into(),
        settings: ReportSettingsBody {
            recurrence_interval: Some(24),
            ..Default::default()
        },
        ..Default::default()
    };
    let updated = c.update_report(&rid, &upd).await.unwrap().unwrap();
    assert_eq!(updated.report_name.as_deref(), Some("renamed"));
    assert_eq!(updated.settings.recurrence_interval, Some(24));
    c.delete_report(&rid).await.unwrap();
    let e = c.pause_report(&rid).await.unwrap_err();
    assert!(
        matches!(&e, Error::Api(a) if a.kind == ApiErrorKind::NoItemFound && a.status == 404),
        "{e}"
    );
}

#[tokio::test]
async fn documented_errors_are_typed_with_help() {
    let mock = Mock::start("mpn").await;
    let c = client(&mock, Family::Mpn);
    let q = c.create_query_text("tenants", None, QUERY).await.unwrap();
    let body = CreateReport {
        report_name: "r".into(),
        query_id: q.query_id.unwrap(),
        start_time: Some("2030-01-01T00:00:00Z".into()),
        settings: ReportSettingsBody {
            recurrence_interval: Some(3000),
            ..Default::default()
        },
        ..Default::default()
    };
    let e = c.unchecked_create_report(&body).await.unwrap_err();
    let Error::Api(a) = &e else { panic!("{e}") };
    assert_eq!(
        (a.status, a.kind),
        (400, ApiErrorKind::RecurrenceOutOfRange)
    );
    assert!(
        e.to_string()
            .contains("help: RecurrenceInterval is in hours"),
        "{e}"
    );
    let e = c
        .unchecked_try_query(
            &TryTarget::Text("SELECT X FROM NoSuchTable".into()),
            &TryWindow::default(),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&e, Error::Api(a) if a.kind == ApiErrorKind::InvalidTableName),
        "{e}"
    );
}

#[tokio::test]
async fn cmp_uses_its_path_and_refuses_mpn_only_parameters() {
    let mock = Mock::start("cmp").await;
    let c = client(&mock, Family::Cmp);
    let d = c.datasets(None).await.unwrap();
    assert!(
        d.items
            .iter()
            .any(|d| d.dataset_name.as_deref() == Some("ISVUsage"))
    );
    let window = TryWindow {
        start_time: Some("2026-01-01T00:00:00Z".into()),
        end_time: None,
    };
    let before = mock.api_calls().len();
    let e = c
        .unchecked_try_query(&TryTarget::QueryId("x".into()), &window)
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Config(_)), "{e}");
    assert_eq!(mock.api_calls().len(), before);
}
