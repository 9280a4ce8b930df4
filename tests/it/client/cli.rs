//! `pcql api …` and `pcql schemas pull` through the real binary, pointed at
//! the mock with `--base-url`; secrets come from the environment and never
//! appear in the output.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use super::assert_no_secret;
use super::server::{CLIENT_SECRET, FILE_BODY, Mock, PASSWORD, STATIC_TOKEN};

pub(crate) struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub(super) async fn pcql(mock: &Mock, args: &[&str], env: &[(&str, &str)]) -> Run {
    pcql_in(mock, None, args, env).await
}

/// [`pcql`] run in the directory `cwd` (where it looks for `pcql.toml`).
pub(super) async fn pcql_in(
    mock: &Mock,
    cwd: Option<&Path>,
    args: &[&str],
    env: &[(&str, &str)],
) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pcql"));
    if let Some(d) = cwd {
        cmd.current_dir(d);
    }
    for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("PCQL_")) {
        cmd.env_remove(k);
    }
    cmd.args(args)
        .arg("--base-url")
        .arg(mock.base())
        .args(["--timeout", "5"]);
    cmd.envs(env.iter().copied());
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert_no_secret(&run.stdout);
    assert_no_secret(&run.stderr);
    run
}

pub(super) const TOKEN: &[(&str, &str)] = &[("PCQL_TOKEN", STATIC_TOKEN)];

fn json(r: &Run) -> Value {
    assert_eq!(r.code, 0, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

#[tokio::test]
async fn datasets_human_and_json() {
    let mock = Mock::start("mpn").await;
    let r = pcql(&mock, &["api", "datasets", "--format", "json"], TOKEN).await;
    let v = json(&r);
    assert!(
        v.as_array()
            .unwrap()
            .iter()
            .any(|d| d["datasetName"] == "OfficeUsage")
    );
    let r = pcql(&mock, &["api", "datasets", "--name", "OfficeUsage"], TOKEN).await;
    assert_eq!(r.code, 0);
    assert!(r.stdout.starts_with("DATASET"), "{}", r.stdout);
    assert!(
        r.stdout.contains("OfficeUsage") && r.stdout.contains("LAST_MONTH"),
        "{}",
        r.stdout
    );
}

#[tokio::test]
async fn create_report_wait_and_download_through_the_binary() {
    let mock = Mock::start("mpn").await;
    let q = json(
        &pcql(
            &mock,
            &[
                "api",
                "queries",
                "create",
                "--name",
                "t",
                "--format",
                "json",
                "SELECT CustomerTenantId FROM CustomersAndTenants",
            ],
            TOKEN,
        )
        .await,
    );
    let qid = q["queryId"].as_str().unwrap().to_string();
    let tried = pcql(&mock, &["api", "queries", "try", "--id", &qid], TOKEN).await;
    assert!(
        tried
            .stdout
            .starts_with("CustomerTenantId\nCustomerTenantId-1\n"),
        "{}",
        tried.stdout
    );
    let r = json(
        &pcql(
            &mock,
            &[
                "api",
                "reports",
                "create",
                "--name",
                "r",
                "--query-id",
                &qid,
                "--execute-now",
                "--format",
                "json",
            ],
            TOKEN,
        )
        .await,
    );
    let rid = r["reportId"].as_str().unwrap().to_string();
    assert_eq!(r["recurrenceInterval"], -1);

    let none = pcql(&mock, &["api", "executions", &rid], TOKEN).await;
    assert_eq!(none.code, 0, "{}", none.stderr);
    assert!(none.stdout.contains("no executions yet"), "{}", none.stdout);

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.csv");
    let w = pcql(
        &mock,
        &[
            "api",
            "wait",
            &rid,
            "--poll",
            "0.01",
            "--download",
            out.to_str().unwrap(),
        ],
        TOKEN,
    )
    .await;
    assert_eq!(w.code, 0, "{}", w.stderr);
    assert!(
        w.stderr.contains("Running") && w.stderr.contains("Completed"),
        "progress on stderr: {}",
        w.stderr
    );
    assert!(
        w.stdout.contains("completed") && w.stdout.contains("wrote"),
        "{}",
        w.stdout
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), FILE_BODY);

    let again = pcql(
        &mock,
        &["api", "download", &rid, "--out", out.to_str().unwrap()],
        TOKEN,
    )
    .await;
    assert_eq!(again.code, 2, "no overwrite without --overwrite");
    assert!(again.stderr.contains("exists"), "{}", again.stderr);

    let ex = json(
        &pcql(
            &mock,
            &[
                "api",
                "executions",
                &rid,
                "--status",
                "Completed;Pending",
                "--format",
                "json",
            ],
            TOKEN,
        )
        .await,
    );
    assert!(
        ex[0]["reportAccessSecureLink"]
            .as_str()
            .unwrap()
            .ends_with("?<redacted>")
    );
    for verb in ["pause", "resume", "delete"] {
        let r = pcql(&mock, &["api", "reports", verb, &rid], TOKEN).await;
        assert_eq!(r.code, 0, "{verb}: {}", r.stderr);
    }
    let listed = json(
        &pcql(
            &mock,
            &["api", "reports", "list", "--format", "json"],
            TOKEN,
        )
        .await,
    );
    assert_eq!(listed.as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn api_failures_exit_2_with_message_and_correlation_id() {
    let mock = Mock::start("mpn").await;
    let r = pcql(&mock, &["api", "queries", "delete", "nope"], TOKEN).await;
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("Invalid QueryId"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("correlation id c0ffee00-1111-4222-8333-444455556666"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("help: no query has this id"),
        "{}",
        r.stderr
    );
    insta::assert_snapshot!("api_failure_stderr", r.stderr);

    let r = pcql(&mock, &["api", "datasets"], &[]).await;
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("PCQL_TOKEN"), "{}", r.stderr);
}

#[tokio::test]
async fn password_grant_from_the_environment() {
    let mock = Mock::start("mpn").await;
    let authority = mock.authority();
    let env = [
        ("PCQL_TENANT_ID", "contoso"),
        ("PCQL_CLIENT_ID", "app"),
        ("PCQL_CLIENT_SECRET", CLIENT_SECRET),
        ("PCQL_USERNAME", "viewer@contoso.com"),
        ("PCQL_PASSWORD", PASSWORD),
        ("PCQL_LOGIN_AUTHORITY", authority.as_str()),
    ];
    let r = pcql(&mock, &["api", "queries", "list", "--only-system"], &env).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("system"), "{}", r.stdout);
    let wrong = [
        ("PCQL_PASSWORD", "bad-SENTINEL"),
        ("PCQL_LOGIN_AUTHORITY", authority.as_str()),
    ];
    let env2: Vec<(&str, &str)> = env
        .iter()
        .filter(|(k, _)| !wrong.iter().any(|(w, _)| w == k))
        .chain(wrong.iter())
        .copied()
        .collect();
    let r = pcql(&mock, &["api", "datasets"], &env2).await;
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("invalid_grant"), "{}", r.stderr);
}

#[tokio::test]
async fn a_refused_query_exits_1_with_the_diagnostics_and_sends_nothing() {
    let mock = Mock::start("mpn").await;
    let schemas = tempfile::tempdir().unwrap();
    let s = schemas.path().to_str().unwrap();
    let bad = "SELECT CustomerTenatId FROM CustomersAndTenants";
    let r = pcql(
        &mock,
        &[
            "api",
            "queries",
            "create",
            "--name",
            "q",
            "--schemas",
            s,
            bad,
        ],
        TOKEN,
    )
    .await;
    assert_eq!(
        r.code, 2,
        "an empty --schemas directory is an input failure: {}",
        r.stderr
    );
    let r = pcql(
        &mock,
        &["api", "queries", "create", "--name", "q", bad],
        TOKEN,
    )
    .await;
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("PQ2003") && r.stderr.contains("did you mean `CustomerTenantId`?"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("nothing was sent"), "{}", r.stderr);
    let j = pcql(
        &mock,
        &["api", "queries", "try", "--format", "json", bad],
        TOKEN,
    )
    .await;
    assert_eq!(j.code, 1);
    assert!(
        j.stdout.contains("\"code\": \"PQ2003\"") || j.stdout.contains("\"code\":\"PQ2003\""),
        "{}",
        j.stdout
    );
    assert_eq!(mock.api_calls().len(), 0, "the server saw no request");

    let r = pcql(
        &mock,
        &["api", "queries", "create", "--name", "q", "--no-check", bad],
        TOKEN,
    )
    .await;
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("Incorrect column name"), "{}", r.stderr);
}

/// The eight texts whose repaired trees the library used to certify: `pcql
/// api queries create` refuses each with its syntax diagnostic, and the
/// server sees no request.
#[tokio::test]
async fn repaired_queries_are_refused_by_api_queries_create_and_nothing_is_sent() {
    let mock = Mock::start("mpn").await;
    for text in crate::check::certify::REPAIRED {
        let r = pcql(
            &mock,
            &["api", "queries", "create", "--name", "q", text],
            TOKEN,
        )
        .await;
        assert_eq!(r.code, 1, "{text}: {}", r.stderr);
        assert!(r.stderr.contains("PQ11"), "{text}: {}", r.stderr);
        assert!(
            r.stderr.contains("nothing was sent"),
            "{text}: {}",
            r.stderr
        );
    }
    assert_eq!(mock.api_calls().len(), 0, "the server saw no request");
}

/// A report on a query of the user's below its dataset's minimum interval is
/// refused before it is sent: the client looks the query up by id and checks
/// the interval against the dataset's `minimumRecurrenceInterval`.
#[tokio::test]
async fn a_report_below_its_datasets_minimum_interval_is_refused_before_it_is_sent() {
    let mock = Mock::start("mpn").await;
    let q = json(
        &pcql(
            &mock,
            &[
                "api",
                "queries",
                "create",
                "--name",
                "t",
                "--format",
                "json",
                "SELECT CustomerTenantId FROM CustomersAndTenants TIMESPAN LAST_MONTH",
            ],
            TOKEN,
        )
        .await,
    );
    let qid = q["queryId"].as_str().unwrap().to_string();
    let create = |interval: &'static str| {
        let qid = qid.clone();
        let mock = &mock;
        async move {
            pcql(
                mock,
                &[
                    "api",
                    "reports",
                    "create",
                    "--name",
                    "r",
                    "--query-id",
                    &qid,
                    "--start-time",
                    "2099-01-01T00:00:00Z",
                    "--interval",
                    interval,
                ],
                TOKEN,
            )
            .await
        }
    };
    let r = create("12").await;
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("PQ6007") && r.stderr.contains("CustomersAndTenants"),
        "{}",
        r.stderr
    );
    assert!(
        mock.calls_to("ScheduledReport").is_empty(),
        "nothing was sent: {:?}",
        mock.calls_to("ScheduledReport")
    );
    let r = create("24").await;
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(mock.calls_to("ScheduledReport").len(), 1);
}

/// A bad query with no credentials: the offline check speaks first, so the
/// user hears about the query's mistakes, not about the missing token.
#[tokio::test]
async fn a_bad_query_without_credentials_reports_its_diagnostics() {
    let mock = Mock::start("mpn").await;
    let bad = "SELECT CustomerTenatId FROM CustomersAndTenants";
    for cmd in [
        &["api", "queries", "create", "--name", "q", bad][..],
        &["api", "queries", "try", bad][..],
    ] {
        let r = pcql(&mock, cmd, &[]).await;
        assert_eq!(r.code, 1, "{cmd:?}: {}", r.stderr);
        assert!(r.stderr.contains("PQ2003"), "{cmd:?}: {}", r.stderr);
        assert!(!r.stderr.contains("credential"), "{cmd:?}: {}", r.stderr);
    }
    // A good query without credentials still says what is missing.
    let good = "SELECT CustomerTenantId FROM CustomersAndTenants TIMESPAN LAST_MONTH";
    let r = pcql(&mock, &["api", "queries", "try", good], &[]).await;
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("PCQL_"), "{}", r.stderr);
    assert_eq!(mock.api_calls().len(), 0);
}
