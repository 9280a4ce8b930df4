//! `pcql api` takes the project's `pcql.toml` as `pcql check` does: its
//! `schemas` directory (after `--schemas`) and its `family` (after `--family`).

use std::path::Path;

use super::cli::{TOKEN, pcql_in};
use super::server::Mock;

/// A project whose `pcql.toml` holds `toml`, with `CustomersAndTenants`
/// narrowed to one column under `s/mpn/`.
fn project(toml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pcql.toml"), toml).unwrap();
    let mpn = dir.path().join("s").join("mpn");
    std::fs::create_dir_all(&mpn).unwrap();
    std::fs::write(
        mpn.join("CustomersAndTenants.json"),
        r#"{"datasetName": "CustomersAndTenants", "selectableColumns": ["CustomerTenantId"],
            "availableMetrics": [], "availableDateRanges": ["LAST_MONTH"]}"#,
    )
    .unwrap();
    dir
}

const NAME_QUERY: &str = "SELECT CustomerName FROM CustomersAndTenants TIMESPAN LAST_MONTH";

async fn try_query(mock: &Mock, cwd: &Path, extra: &[&str]) -> super::cli::Run {
    let mut args = vec!["api", "queries", "try"];
    args.extend_from_slice(extra);
    args.push(NAME_QUERY);
    pcql_in(mock, Some(cwd), &args, TOKEN).await
}

#[tokio::test]
async fn api_checks_against_the_schemas_of_pcql_toml_unless_given_schemas() {
    let mock = Mock::start("mpn").await;
    let p = project("schemas = \"s\"\n");
    let r = try_query(&mock, p.path(), &["--verbose"]).await;
    assert_eq!(
        r.code, 1,
        "the configured schemas lack CustomerName: {}",
        r.stderr
    );
    assert!(r.stderr.contains("PQ2003"), "{}", r.stderr);
    assert!(
        r.stderr.contains("(pcql.toml)"),
        "--verbose says so: {}",
        r.stderr
    );
    assert_eq!(mock.api_calls().len(), 0, "nothing was sent");

    // --schemas comes first: the bundled-like directory knows the column.
    let full = tempfile::tempdir().unwrap();
    let mpn = full.path().join("mpn");
    std::fs::create_dir_all(&mpn).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/mpn/CustomersAndTenants.json"),
        mpn.join("CustomersAndTenants.json"),
    )
    .unwrap();
    let r = try_query(
        &mock,
        p.path(),
        &["--schemas", full.path().to_str().unwrap()],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(mock.api_calls().len(), 1);
}

#[tokio::test]
async fn api_takes_the_family_of_pcql_toml_unless_given_family() {
    let mock = Mock::start("mpn").await;
    let p = project("family = \"cmp\"\n");
    let q = "SELECT CustomerTenantId FROM CustomersAndTenants TIMESPAN LAST_MONTH";
    let r = pcql_in(&mock, Some(p.path()), &["api", "queries", "try", q], TOKEN).await;
    assert_eq!(r.code, 1, "an MPN dataset in a CMP project: {}", r.stderr);
    assert!(r.stderr.contains("PQ2008"), "{}", r.stderr);
    assert_eq!(mock.api_calls().len(), 0);

    let args = ["api", "queries", "try", "--family", "mpn", q];
    let r = pcql_in(&mock, Some(p.path()), &args, TOKEN).await;
    assert_eq!(r.code, 0, "--family comes first: {}", r.stderr);
    assert_eq!(mock.api_calls().len(), 1);
}
