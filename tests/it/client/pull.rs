//! `pcql schemas pull --out DIR` through the real binary: one file per
//! dataset and `_meta.json`, swapped in whole; the change report; query files
//! that now fail or were fixed.

use serde_json::Value;

use super::cli::{TOKEN, pcql};
use super::server::Mock;

#[tokio::test]
async fn schemas_pull_writes_atomically_and_reports_changes() {
    let mock = Mock::start("mpn").await;
    let root = tempfile::tempdir().unwrap();
    let out = root.path().to_str().unwrap();
    let first = pcql(&mock, &["schemas", "pull", "--out", out], TOKEN).await;
    assert_eq!(first.code, 0, "{}", first.stderr);
    let dir = root.path().join("mpn");
    let n = mock.with(|s| s.datasets.len());
    assert_eq!(
        super::entries(&dir).len(),
        n + 1,
        "one file per dataset and _meta.json"
    );
    let meta: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("_meta.json")).unwrap()).unwrap();
    assert_eq!(meta["authoritative"], true);
    assert_eq!(meta["family"], "mpn");
    assert!(meta["fetched"].as_str().unwrap().ends_with('Z'));
    let office: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("OfficeUsage.json")).unwrap())
            .unwrap();
    assert_eq!(office["minimumRecurrenceInterval"], 24);

    std::fs::write(dir.join("_hints.json"), "{}").unwrap();
    mock.with(|s| {
        s.datasets.retain(|d| d["datasetName"] != "MSLearn");
        let o = s.datasets.iter_mut().find(|d| d["datasetName"] == "OfficeUsage").unwrap();
        o["selectableColumns"].as_array_mut().unwrap().retain(|c| c != "EOU");
        o["availableDateRanges"].as_array_mut().unwrap().push("LIFETIME".into());
        o["minimumRecurrenceInterval"] = 48.into();
        s.datasets.push(serde_json::json!({"DatasetName ": "Brand_New", "SelectableColumns": ["A"], "AvailableMetrics": [], "AvailableDateRanges": ["LAST_MONTH"]}));
        s.pascal = true;
    });
    let second = pcql(&mock, &["schemas", "pull", "--out", out], TOKEN).await;
    assert_eq!(second.code, 0, "{}", second.stderr);
    let o = &second.stdout;
    assert!(
        o.contains("changes against the previous schemas (fetched 20"),
        "{o}"
    );
    assert!(
        o.contains("+ dataset Brand_New") && o.contains("- dataset MSLearn"),
        "{o}"
    );
    assert!(
        o.contains("~ OfficeUsage: - column EOU; + date range LIFETIME; minimum recurrence interval 24 hours → 48 hours"),
        "{o}"
    );
    assert!(dir.join("_hints.json").exists(), "side files survive");
    assert!(!dir.join("MSLearn.json").exists(), "stale files go");
    assert_eq!(
        super::entries(root.path()),
        ["mpn"],
        "no temporary directory left"
    );
    let fetched = meta["fetched"].as_str().unwrap();
    let shown = o.replace(out, "<DIR>").replace(&mock.base(), "<BASE>");
    let shown = shown.replace(fetched, "<FETCHED>");
    let shown: String = shown
        .lines()
        .map(|l| {
            if l.starts_with("pulled") {
                l.split(" (").next().unwrap().to_string() + " (…)\n"
            } else {
                l.to_string() + "\n"
            }
        })
        .collect();
    insta::assert_snapshot!("pull_changes", shown);

    // `check` agrees with the pull about the dropped dataset, with or
    // without --family: the pulled listing is authoritative.
    let q = root.path().join("q.pcql");
    std::fs::write(&q, "SELECT Month FROM MSLearn TIMESPAN LAST_MONTH\n").unwrap();
    let q = q.to_str().unwrap();
    for family in [&[][..], &["--family", "mpn"][..]] {
        let mut args = vec!["check", "--format", "json", "--schemas", out];
        args.extend_from_slice(family);
        args.push(q);
        let r = crate::cli::pcql(&args, None);
        assert_eq!(r.code, 1, "{family:?}: {}{}", r.stdout, r.stderr);
        let v: Value = serde_json::from_str(&r.stdout).unwrap();
        let d = &v["diagnostics"][0];
        assert_eq!(d["code"], "PQ2001", "{family:?}: {}", r.stdout);
        assert_eq!(d["severity"], "error");
        assert!(!r.stdout.contains("bundled"), "{}", r.stdout);
    }
}

#[tokio::test]
async fn pull_says_which_query_files_now_fail_or_were_fixed() {
    let mock = Mock::start("mpn").await;
    let root = tempfile::tempdir().unwrap();
    let out = root.path().to_str().unwrap();
    assert_eq!(
        pcql(&mock, &["schemas", "pull", "--out", out], TOKEN)
            .await
            .code,
        0
    );
    let q = tempfile::tempdir().unwrap();
    let eou = q.path().join("eou.pcql");
    std::fs::write(&eou, "SELECT EOU FROM OfficeUsage TIMESPAN LAST_MONTH;\n").unwrap();
    let new = q.path().join("new.pcql");
    std::fs::write(&new, "SELECT A FROM Brand_New TIMESPAN LAST_MONTH\n").unwrap();
    mock.with(|s| {
        let o = s.datasets.iter_mut().find(|d| d["datasetName"] == "OfficeUsage").unwrap();
        o["selectableColumns"].as_array_mut().unwrap().retain(|c| c != "EOU");
        s.datasets.push(serde_json::json!({"datasetName": "Brand_New", "selectableColumns": ["A"], "availableMetrics": [], "availableDateRanges": ["LAST_MONTH"]}));
    });
    let r = pcql(
        &mock,
        &[
            "schemas",
            "pull",
            "--out",
            out,
            eou.to_str().unwrap(),
            new.to_str().unwrap(),
        ],
        TOKEN,
    )
    .await;
    assert_eq!(
        r.code, 1,
        "a file fails against the new schemas: {}",
        r.stderr
    );
    let o = r.stdout.replace(q.path().to_str().unwrap(), "<Q>");
    assert!(o.contains("<Q>/eou.pcql: now fails: PQ2003"), "{o}");
    assert!(o.contains("<Q>/new.pcql: fixed by the refresh"), "{o}");
}
