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

fn linked(addr: std::net::SocketAddr) -> Execution {
    Execution {
        execution_id: Some("e-1".into()),
        execution_status: Some("Completed".into()),
        report_access_secure_link: Some(pcql::client::SecretUrl::new(format!(
            "http://{addr}/blob/e-1?sv=2020&sig=SAS-SENTINEL"
        ))),
        ..Execution::default()
    }
}

#[tokio::test]
async fn a_download_cut_short_is_resumed_with_a_range_request() {
    let mock = Mock::start("mpn").await;
    let c = client(&mock, Family::Mpn);
    let body = format!("\u{feff}{FILE_BODY}").into_bytes();
    // Cut after 10 bytes, then after 15 more: two resumptions.
    let (addr, ranges) = super::server::cutting_server(body, vec![10, 15], true).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.csv");
    let got = c.download(&linked(addr), &path, false).await.unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), FILE_BODY);
    assert_eq!(got.bytes, FILE_BODY.len() as u64);
    let ranges = ranges.lock().unwrap().clone();
    assert_eq!(
        ranges,
        [None, Some("bytes=10-".into()), Some("bytes=25-".into())]
    );
    assert_eq!(super::entries(dir.path()), ["out.csv"]);
}

#[tokio::test]
async fn a_server_without_ranges_is_read_again_from_the_start() {
    let mock = Mock::start("mpn").await;
    let c = client(&mock, Family::Mpn);
    let body = format!("\u{feff}{FILE_BODY}").into_bytes();
    let (addr, _) = super::server::cutting_server(body, vec![12], false).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.csv");
    c.download(&linked(addr), &path, false).await.unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), FILE_BODY);
}

#[tokio::test]
async fn a_download_cut_every_time_fails_after_bounded_retries() {
    let mock = Mock::start("mpn").await;
    let c = client(&mock, Family::Mpn);
    let body = FILE_BODY.as_bytes().to_vec();
    let (addr, ranges) = super::server::cutting_server(body, vec![0; 50], true).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.csv");
    let e = c.download(&linked(addr), &path, false).await.unwrap_err();
    assert!(matches!(e, Error::Truncated { received: 0, .. }), "{e}");
    // The first try and `max_retries` (3) more.
    assert_eq!(ranges.lock().unwrap().len(), 4);
    assert!(super::entries(dir.path()).is_empty());
}

#[cfg(unix)]
#[tokio::test]
async fn overwrite_writes_through_a_link_and_keeps_the_mode() {
    use std::os::unix::fs::PermissionsExt;
    let mock = Mock::start("mpn").await;
    let c = client(&mock, Family::Mpn);
    let exec = completed(&mock, &c).await;
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.csv");
    std::fs::write(&real, "old").unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.path().join("out.csv");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    c.download(&exec, &link, true).await.unwrap();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read_to_string(&real).unwrap(), FILE_BODY);
    let mode = std::fs::metadata(&real).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o640);
}

#[tokio::test]
async fn partial_files_of_killed_runs_are_removed() {
    let mock = Mock::start("mpn").await;
    let c = client(&mock, Family::Mpn);
    let exec = completed(&mock, &c).await;
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join(".out.csv.partial-abc123");
    let fresh = dir.path().join(".out.csv.partial-def456");
    std::fs::write(&old, "left by a kill").unwrap();
    std::fs::write(&fresh, "a download running now").unwrap();
    let long_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&old)
        .unwrap()
        .set_modified(long_ago)
        .unwrap();
    c.download(&exec, &dir.path().join("out.csv"), false)
        .await
        .unwrap();
    assert!(!old.exists());
    assert!(fresh.exists());
}
