//! Downloads: atomic (never a partial file under the final name), no
//! overwrite unless asked, the SAS link kept out of errors and Debug.

use std::time::Duration;

use pcql::client::{Client, Error, Execution, Family, WaitOptions};

use super::server::{FILE_BODY, Fault, Mock};
use super::{assert_no_secret, client};

async fn completed(mock: &Mock, c: &Client) -> Execution {
    let q = c
        .create_query_text(
            "q",
            None,
            "SELECT CustomerTenantId FROM CustomersAndTenants",
        )
        .await
        .unwrap();
    let body = pcql::client::CreateReport {
        report_name: "r".into(),
        query_id: q.query_id.unwrap(),
        execute_now: Some(true),
        ..Default::default()
    };
    let r = c.create_report(&body).await.unwrap();
    let opts = WaitOptions {
        timeout: Duration::from_secs(5),
        first_poll: Duration::from_millis(1),
        max_poll: Duration::from_millis(5),
    };
    let _ = mock;
    c.wait_for_execution(r.report_id.as_deref().unwrap(), &opts, |_| {})
        .await
        .unwrap()
}

#[tokio::test]
async fn a_truncated_download_leaves_nothing_behind() {
    let mock = Mock::start("mpn").await;
    let c = client(&mock, Family::Mpn);
    mock.with(|s| s.truncate_blob = true);
    let exec = completed(&mock, &c).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.csv");
    let e = c.download(&exec, &path, false).await.unwrap_err();
    assert!(matches!(e, Error::Truncated { expected: 1000, .. }), "{e}");
    assert!(
        super::entries(dir.path()).is_empty(),
        "no final file, no temp file: {:?}",
        super::entries(dir.path())
    );
    assert_no_secret(&format!("{e} {e:?}"));
}

#[tokio::test]
async fn existing_files_are_kept_unless_overwrite() {
    let mock = Mock::start("mpn").await;
    let c = client(&mock, Family::Mpn);
    let exec = completed(&mock, &c).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.csv");
    std::fs::write(&path, "old").unwrap();
    let e = c.download(&exec, &path, false).await.unwrap_err();
    assert!(matches!(e, Error::Exists(_)), "{e}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
    assert!(
        mock.calls_to("/blob/").is_empty(),
        "refused before fetching"
    );
    c.download(&exec, &path, true).await.unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), FILE_BODY);
    assert_eq!(super::entries(dir.path()), ["out.csv"]);
}

#[tokio::test]
async fn storage_errors_are_retried_and_refusals_keep_the_link_secret() {
    let mock = Mock::start("mpn").await;
    let c = client(&mock, Family::Mpn);
    let exec = completed(&mock, &c).await;
    let dir = tempfile::tempdir().unwrap();
    mock.with(|s| s.blob_faults.push_back(Fault::Status(503, None, "busy")));
    c.download(&exec, &dir.path().join("a.csv"), false)
        .await
        .unwrap();
    assert_eq!(mock.calls_to("/blob/").len(), 2);

    let link = exec
        .report_access_secure_link
        .as_ref()
        .unwrap()
        .expose()
        .replace("SAS-SENTINEL", "forged-SENTINEL");
    let forged: Execution = serde_json::from_value(serde_json::json!({"executionid": "e", "executionstatus": "Completed", "reportaccesssecurelink": link})).unwrap();
    let e = c
        .download(&forged, &dir.path().join("b.csv"), false)
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(403));
    assert_no_secret(&format!(
        "{e} {e:?} {forged:?} {exec:?} {}",
        serde_json::to_string(&exec).unwrap()
    ));
    assert!(!dir.path().join("b.csv").exists());

    let pending = Execution {
        execution_status: Some("Pending".into()),
        ..Default::default()
    };
    let e = c
        .download(&pending, &dir.path().join("c.csv"), false)
        .await
        .unwrap_err();
    assert!(matches!(e, Error::NoDownloadLink { .. }), "{e}");
}
