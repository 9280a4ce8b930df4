//! `pcql fmt`, `pcql schemas`, and what `--fix` leaves behind.

use super::{pcql_in, project};

const MESSY: &str = "-- daily\nselect CustomerName ,BilledRevenueUSD from CustomersAndTenants\n  timespan last_month;\n";

#[test]
fn fmt_check_lists_changed_files_with_a_diff_and_exits_1() {
    let dir = project(&[("a.pcql", MESSY), ("b.pcql", "SELECT a FROM b\n")]);
    let r = pcql_in(dir.path(), &["fmt", "--check", "."], None);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("would reformat ./a.pcql\n--- ./a.pcql\n+++ ./a.pcql (formatted)\n"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("b.pcql"), "{}", r.stdout);
    assert!(
        r.stdout.contains("-select CustomerName ,BilledRevenueUSD"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "+SELECT CustomerName, BilledRevenueUSD FROM CustomersAndTenants TIMESPAN LAST_MONTH;"
        ),
        "{}",
        r.stdout
    );
    // --check changes nothing.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.pcql")).unwrap(),
        MESSY
    );
}

#[test]
fn fmt_rewrites_in_place_then_check_is_clean() {
    let dir = project(&[("a.pcql", MESSY)]);
    let r = pcql_in(dir.path(), &["fmt", "a.pcql"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = std::fs::read_to_string(dir.path().join("a.pcql")).unwrap();
    assert_eq!(
        text,
        "-- daily\nSELECT CustomerName, BilledRevenueUSD FROM CustomersAndTenants TIMESPAN LAST_MONTH;\n"
    );
    assert_eq!(
        pcql_in(dir.path(), &["fmt", "--check", "a.pcql"], None).code,
        0
    );
    let r = pcql_in(dir.path(), &["fmt", "-"], Some("select a from b"));
    assert_eq!((r.code, r.stdout.as_str()), (0, "SELECT a FROM b\n"));
}

#[test]
fn fix_reports_what_it_could_not_fix() {
    let dir = project(&[(
        "q.pcql",
        "SELECT * FROM CustomersAndTenants TIMESPAN LAST_7_DAYS\n",
    )]);
    let r = pcql_in(dir.path(), &["check", "--fix", "q.pcql"], None);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("fixed 1 problem in q.pcql (PQ1101)"),
        "{}",
        r.stderr
    );
    assert!(
        r.stdout.contains("PQ4001(timespan-not-offered)"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("PQ1101"), "{}", r.stdout);
    let text = std::fs::read_to_string(dir.path().join("q.pcql")).unwrap();
    assert!(text.starts_with("SELECT PGAMpnId, MpnId,"), "{text}");
}

#[test]
fn schemas_list_and_show_the_catalog_in_use() {
    let dir = project(&[]);
    let r = pcql_in(dir.path(), &["schemas", "list", "--family", "mpn"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with("catalog: bundled snapshot"),
        "{}",
        r.stdout
    );
    let line = r
        .stdout
        .lines()
        .find(|l| l.trim_start().starts_with("CustomersAndTenants"))
        .unwrap();
    assert!(
        line.contains(" 28 ") && line.contains("LAST_MONTH"),
        "{line}"
    );
    assert!(
        !r.stdout.contains("ISVOrder"),
        "--family mpn lists mpn only"
    );

    let r = pcql_in(dir.path(), &["schemas", "show", "profile"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("Profile (mpn)"), "{}", r.stdout);
    assert!(r.stdout.contains("MpnIdCount"), "{}", r.stdout);
    assert!(
        r.stdout.contains("minimum recurrence interval: 24 hours"),
        "{}",
        r.stdout
    );

    let r = pcql_in(dir.path(), &["schemas", "show", "Profil"], None);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("did you mean `Profile`?"), "{}", r.stderr);
}

#[test]
fn schemas_from_a_directory_take_precedence() {
    let ds = r#"{"datasetName": "Tiny", "selectableColumns": ["A"], "availableMetrics": [],
                 "availableDateRanges": ["LAST_MONTH"], "minimumRecurrenceInterval": 4}"#;
    let dir = project(&[
        (".pcql/schemas/cmp/Tiny.json", ds),
        ("q.pcql", "SELECT A, B FROM Tiny TIMESPAN LAST_MONTH"),
    ]);
    let r = pcql_in(dir.path(), &["schemas", "list", "-v"], None);
    assert!(r.stdout.contains("(project)"), "{}", r.stdout);
    assert!(r.stdout.contains("Tiny"), "{}", r.stdout);
    // The project's schemas are authoritative: an unknown name is an error.
    let r = pcql_in(dir.path(), &["check", "--format", "json", "q.pcql"], None);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stdout.contains("PQ2003"), "{}", r.stdout);
}
