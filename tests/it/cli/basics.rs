//! What works without a query: explain, usage, input failures, configuration.

use super::{pcql, pcql_in, project};

#[test]
fn explain_prints_the_long_explanation_by_code_or_name() {
    for arg in ["PQ1101", "pq1101", "select-star"] {
        let r = pcql(&["explain", arg], None);
        assert_eq!(r.code, 0, "{arg}: {}", r.stderr);
        assert!(r.stdout.starts_with("# PQ1101 select-star"), "{}", r.stdout);
    }
}

#[test]
fn explain_unknown_code_exits_2_with_the_closest() {
    let r = pcql(&["explain", "select-stra"], None);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("unknown code `select-stra`"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("PQ1101 (select-star)"), "{}", r.stderr);
    // A code that does not exist names the codes nearest in number.
    let r = pcql(&["explain", "PQ9999"], None);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("did you mean PQ9003 (unallowable-code), PQ9002 (unknown-suppression), PQ9001 (stale-schemas)"),
        "{}",
        r.stderr
    );
}

#[test]
fn explain_list_has_every_code_with_severity() {
    let r = pcql(&["explain", "--list"], None);
    assert_eq!(r.code, 0);
    assert_eq!(r.stdout.lines().count(), pcql::diagnostic::Code::ALL.len());
    let line = r.stdout.lines().find(|l| l.starts_with("PQ4003")).unwrap();
    assert!(
        line.contains("timespan-omitted") && line.contains("advice"),
        "{line}"
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(pcql(&["check", "--format", "xml", "-"], None).code, 2);
    assert_eq!(pcql(&["frobnicate"], None).code, 2);
    assert_eq!(pcql(&["explain"], None).code, 2);
    let help = pcql(&["check", "--help"], None);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("--deny"), "{}", help.stdout);
}

#[test]
fn a_missing_file_exits_2_and_says_which() {
    let r = pcql(&["check", "no-such-file.pcql"], None);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no-such-file.pcql"), "{}", r.stderr);
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_exits_2_and_says_why() {
    // Not valid UTF-8: the reason is named, and the other file is still checked.
    let dir = project(&[("ok.pcql", "")]);
    std::fs::write(dir.path().join("bad.pcql"), [0xff, 0xfe, 0x00]).unwrap();
    let r = pcql_in(dir.path(), &["check", "--format", "json", "."], None);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("cannot read `./bad.pcql`"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("UTF-8"), "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(v["diagnostics"].is_array());
}

#[test]
fn empty_stdin_is_clean_in_every_format() {
    let r = pcql(&["check", "-"], Some(""));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("0 errors, 0 warnings in 1 file"),
        "{}",
        r.stderr
    );
    let r = pcql(&["check", "--format", "json"], Some(""));
    assert_eq!(r.code, 0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 0);
    let r = pcql(&["check", "--format", "sarif", "-"], Some(""));
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    assert!(
        !v["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let r = pcql(&["check", "--format", "github", "-", "--quiet"], Some(""));
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "", ""));
}

#[test]
fn pcql_toml_unknown_code_is_an_error_with_file_and_line() {
    let dir = project(&[
        (
            "pcql.toml",
            "family = \"mpn\"\n\n[codes]\nPQ4003 = \"allow\"\nPQ4242 = \"deny\"\n",
        ),
        ("sub/q.pcql", ""),
    ]);
    // Found upward from a subdirectory.
    let r = pcql_in(&dir.path().join("sub"), &["check", "q.pcql"], None);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("pcql.toml:5:1: unknown code `PQ4242`"),
        "{}",
        r.stderr
    );
}

#[test]
fn config_flag_and_unknown_keys() {
    let dir = project(&[(
        "conf/other.toml",
        "family = \"mpn\"\n\ncolour = 1\n[codes]\nselect-star = \"warn\"\n",
    )]);
    let r = pcql_in(
        dir.path(),
        &["--config", "conf/other.toml", "check", "-"],
        Some(""),
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("other.toml:3:1"), "{}", r.stderr);
    assert!(r.stderr.contains("colour"), "{}", r.stderr);
}

#[test]
fn verbose_names_the_configuration_and_catalog() {
    let dir = project(&[("pcql.toml", "family = \"cmp\"\n"), ("s/cmp/.keep", "")]);
    let r = pcql_in(
        dir.path(),
        &["check", "-v", "--schemas", "s", "-"],
        Some(""),
    );
    assert!(
        r.stderr.contains("configuration ") && r.stderr.contains("pcql.toml"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("schemas s (--schemas)"), "{}", r.stderr);
    let r = pcql_in(
        dir.path(),
        &["check", "--schemas", "missing", "-"],
        Some(""),
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("missing"), "{}", r.stderr);
}

#[test]
fn every_fixture_reads_and_renders_as_json() {
    let dir = super::fixtures();
    let r = pcql_in(&dir, &["check", "--format", "json", "."], None);
    assert_ne!(r.code, 2, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(v["diagnostics"].is_array());
}

#[test]
fn old_schemas_warn_when_a_maximum_age_is_configured() {
    // The bundled snapshot dates from 2023: older than a year by now.
    let dir = project(&[("pcql.toml", "max-schema-age-days = 365\n")]);
    let r = pcql_in(dir.path(), &["check", "-"], Some(""));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("warning[PQ9001]: the bundled mpn schemas are"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("pcql schemas pull --family mpn"),
        "{}",
        r.stderr
    );
    assert_eq!(
        pcql_in(dir.path(), &["check", "--deny", "warnings", "-"], Some("")).code,
        1
    );
}

#[test]
fn a_directory_without_query_files_is_named_in_a_warning() {
    let dir = project(&[("notes.txt", "not a query"), ("sub/readme.md", "# no")]);
    let r = pcql_in(dir.path(), &["check", "sub", "."], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("warning: no .pcql, .sql or .json files under `sub`, `.`"),
        "{}",
        r.stderr
    );
    // With one file to check, no such warning.
    std::fs::write(dir.path().join("q.pcql"), "").unwrap();
    let r = pcql_in(dir.path(), &["check", "."], None);
    assert!(!r.stderr.contains("no .pcql"), "{}", r.stderr);
}

/// Snippets wrap to `COLUMNS` (or the terminal's width), not a fixed 100.
#[test]
fn snippets_wrap_to_columns() {
    let dir = tempfile::tempdir().unwrap();
    // A help line far longer than 60 columns: the dataset's date ranges.
    let text = "SELECT CustomerName FROM CustomersAndTenants TIMESPAN LAST_7_DAYS";
    std::fs::write(dir.path().join("q.pcql"), text).unwrap();
    let longest = |env: &[(&str, &str)]| {
        let r = super::pcql_env(dir.path(), &["check", "q.pcql"], env);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(r.stdout.contains("PQ4001"), "{}", r.stdout);
        let help: Vec<&str> = r
            .stdout
            .lines()
            .filter(|l| !l.contains('│') && !l.contains('·'))
            .collect();
        help.iter().map(|l| l.chars().count()).max().unwrap_or(0)
    };
    let narrow = longest(&[("COLUMNS", "60")]);
    let wide = longest(&[]);
    assert!(narrow <= 60, "wrapped to {narrow} columns");
    assert!(wide > 60 && wide <= 100, "default width: {wide}");
}
