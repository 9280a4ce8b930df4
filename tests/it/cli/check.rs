//! `pcql check` on fixtures: exit codes, the four formats, levels, directives, fixes.

use serde_json::Value;

use super::{Run, fixtures, pcql_in, project};

fn check(args: &[&str]) -> Run {
    pcql_in(&fixtures(), args, None)
}

fn json(run: &Run) -> Vec<Value> {
    let v: Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
    v["diagnostics"].as_array().unwrap().clone()
}

fn codes(run: &Run) -> Vec<String> {
    json(run)
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn exit_codes_follow_the_worst_finding() {
    assert_eq!(check(&["check", "clean.pcql"]).code, 0);
    assert_eq!(check(&["check", "PQ1101-select-star.pcql"]).code, 1);
    assert_eq!(check(&["check", "PQ6010-invalid-format.json"]).code, 1);
    // A warning alone passes, unless warnings are denied.
    let f = "PQ4002-order-without-direction.pcql";
    assert_eq!(check(&["check", f]).code, 0);
    assert_eq!(check(&["check", "--deny", "warnings", f]).code, 1);
    // Advice never fails.
    assert_eq!(
        check(&["check", "--deny", "warnings", "PQ5001-allowed-inline.pcql"]).code,
        0
    );
}

#[test]
fn human_output_names_file_line_code_and_summary() {
    let r = check(&["check", "PQ2003-unknown-name.pcql"]);
    assert!(r.stdout.contains("PQ2003(unknown-name)"), "{}", r.stdout);
    assert!(
        r.stdout.contains("PQ2003-unknown-name.pcql:1:22"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("did you mean `CustomerName`?"),
        "{}",
        r.stdout
    );
    assert!(
        !r.stdout.contains('\u{1b}'),
        "no colour when not a terminal"
    );
    assert!(
        r.stderr.contains("1 error, 0 warnings in 1 file"),
        "{}",
        r.stderr
    );
    let q = check(&["check", "--quiet", "PQ2003-unknown-name.pcql"]);
    assert_eq!((q.code, q.stderr.as_str()), (1, ""));
}

#[test]
fn json_items_have_every_required_key() {
    let r = check(&["check", "--format", "json", "PQ2003-unknown-name.pcql"]);
    let items = json(&r);
    assert_eq!(items.len(), 1);
    let d = &items[0];
    for key in [
        "code", "severity", "message", "file", "line", "column", "offset", "length", "help",
        "fixes",
    ] {
        assert!(d.get(key).is_some(), "missing {key} in {d}");
    }
    assert_eq!(d["code"], "PQ2003");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], "PQ2003-unknown-name.pcql");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(1), Some(22))
    );
    assert_eq!(
        (d["offset"].as_u64(), d["length"].as_u64()),
        (Some(21), Some(12))
    );
    assert_eq!(d["fixes"][0]["edits"][0]["replacement"], "CustomerName");
}

#[test]
fn sarif_has_rules_results_and_regions() {
    let r = check(&[
        "check",
        "--format",
        "sarif",
        "PQ2003-unknown-name.pcql",
        "clean.pcql",
    ]);
    assert_eq!(r.code, 1);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(
        rules
            .iter()
            .any(|r| r["id"] == "PQ2003" && r["defaultConfiguration"]["level"] == "error")
    );
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    let res = &results[0];
    assert_eq!(res["ruleId"], "PQ2003");
    let loc = &res["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "PQ2003-unknown-name.pcql");
    let region = &loc["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(1), Some(22))
    );
    assert_eq!(
        (region["endLine"].as_u64(), region["endColumn"].as_u64()),
        (Some(1), Some(34))
    );
    assert_eq!(
        (region["byteOffset"].as_u64(), region["byteLength"].as_u64()),
        (Some(21), Some(12))
    );
    assert_eq!(
        res["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"],
        "CustomerName"
    );
}

#[test]
fn github_format_prints_one_workflow_command_per_finding() {
    let r = check(&[
        "check",
        "--format",
        "github",
        "PQ2003-unknown-name.pcql",
        "PQ4002-order-without-direction.pcql",
    ]);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", r.stdout);
    assert!(
        lines[0].starts_with("::error file=PQ2003-unknown-name.pcql,line=1,col=22,endLine=1,endColumn=33,title=PQ2003::"),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].contains("%0Ahelp: did you mean `CustomerName`?"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with("::warning file=PQ4002-order-without-direction.pcql,line=3,"),
        "{}",
        lines[1]
    );
}

#[test]
fn directories_are_walked_in_path_order_then_by_offset() {
    let r = check(&["check", "--format", "json", "."]);
    let items = json(&r);
    let keys: Vec<(String, u64)> = items
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["offset"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    let files: Vec<&str> = keys.iter().map(|(f, _)| f.as_str()).collect();
    assert!(files.contains(&"./PQ6010-invalid-format.json"), "{files:?}");
    assert!(!files.iter().any(|f| f.contains("clean")));
    // Twice the same: the parallel run is deterministic.
    assert_eq!(check(&["check", "--format", "json", "."]).stdout, r.stdout);
}

#[test]
fn inline_allow_silences_the_next_query_only() {
    let r = check(&["check", "--format", "json", "PQ5001-allowed-inline.pcql"]);
    let items = json(&r);
    assert_eq!(codes(&r), ["PQ5001"]);
    assert_eq!(items[0]["line"], 4, "the second query, not the allowed one");
    let r = check(&[
        "check",
        "--format",
        "json",
        "PQ9002-unknown-suppression.pcql",
    ]);
    assert_eq!(codes(&r), ["PQ9002", "PQ5001"]);
}

#[test]
fn pcql_toml_levels_allow_warn_and_deny() {
    let star = std::fs::read_to_string(fixtures().join("PQ1101-select-star.pcql")).unwrap();
    let order =
        std::fs::read_to_string(fixtures().join("PQ4002-order-without-direction.pcql")).unwrap();
    let conf = "[codes]\nselect-star = \"warn\"\nPQ4002 = \"deny\"\n";
    let dir = project(&[("pcql.toml", conf), ("a.pcql", &star), ("b.pcql", &order)]);
    let r = pcql_in(dir.path(), &["check", "--format", "json", "a.pcql"], None);
    assert_eq!(r.code, 0, "select-star is only a warning now");
    assert_eq!(json(&r)[0]["severity"], "warning");
    let r = pcql_in(dir.path(), &["check", "--format", "json", "b.pcql"], None);
    assert_eq!(r.code, 1, "PQ4002 is an error now");
    assert_eq!(json(&r)[0]["severity"], "error");
    std::fs::write(
        dir.path().join("pcql.toml"),
        "[codes]\norder-without-direction = \"allow\"\n",
    )
    .unwrap();
    let r = pcql_in(dir.path(), &["check", "--format", "json", "b.pcql"], None);
    assert_eq!((r.code, json(&r).len()), (0, 0));
}

#[test]
fn fix_rewrites_in_place_and_what_remains_is_reported() {
    let text = std::fs::read_to_string(fixtures().join("PQ2003-unknown-name.pcql")).unwrap();
    let order =
        std::fs::read_to_string(fixtures().join("PQ4002-order-without-direction.pcql")).unwrap();
    let dir = project(&[("q.pcql", &format!("{text};\n{order}")), ("ok.pcql", "")]);
    let r = pcql_in(dir.path(), &["check", "--fix", "q.pcql", "ok.pcql"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The misspelt name becomes a duplicate, which the next round removes.
    assert!(
        r.stderr
            .contains("fixed 3 problems in q.pcql (PQ2003, PQ2006, PQ4002)"),
        "{}",
        r.stderr
    );
    let fixed = std::fs::read_to_string(dir.path().join("q.pcql")).unwrap();
    assert!(fixed.starts_with("SELECT CustomerName\nFROM"), "{fixed}");
    assert!(fixed.contains("ORDER BY BilledRevenueUSD DESC"), "{fixed}");
    // No temporary file is left behind; the untouched file is untouched.
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["ok.pcql", "q.pcql"]);
    // The fixed file checks clean.
    let again = pcql_in(dir.path(), &["check", "--format", "json", "q.pcql"], None);
    assert_eq!((again.code, codes(&again).len()), (0, 0));
}

#[test]
fn fix_on_stdin_prints_the_fixed_text() {
    let r = pcql_in(
        &fixtures(),
        &["check", "--fix", "-"],
        Some(
            "SELECT CustomerName FROM CustomersAndTenants ORDER BY CustomerName TIMESPAN LAST_MONTH",
        ),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "SELECT CustomerName FROM CustomersAndTenants ORDER BY CustomerName DESC TIMESPAN LAST_MONTH"
    );
}

#[test]
fn stdin_json_is_checked_as_a_request_body() {
    let body = std::fs::read_to_string(fixtures().join("PQ6010-invalid-format.json")).unwrap();
    let r = pcql_in(&fixtures(), &["check", "--format", "json"], Some(&body));
    assert_eq!(r.code, 1);
    assert_eq!(codes(&r), ["PQ6010"]);
    assert_eq!(json(&r)[0]["file"], "-");
}

#[test]
fn human_output_snapshot() {
    let r = check(&[
        "check",
        "PQ2003-unknown-name.pcql",
        "PQ4002-order-without-direction.pcql",
    ]);
    insta::assert_snapshot!(format!(
        "exit {}\n--- stdout\n{}--- stderr\n{}",
        r.code, r.stdout, r.stderr
    ));
}

#[test]
fn stdin_is_named_in_human_and_machine_output() {
    let q = "SELECT * FROM CustomersAndTenants TIMESPAN LAST_MONTH";
    let r = pcql_in(&fixtures(), &["check"], Some(q));
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("<stdin>:1:8"), "{}", r.stdout);
    let r = pcql_in(&fixtures(), &["check", "--format", "github", "-"], Some(q));
    assert!(
        r.stdout.starts_with("::error file=-,line=1,col=8,"),
        "{}",
        r.stdout
    );
}

/// A correct report body on any published system query passes: what is
/// known about the query's published text is advice (PQ6018), which
/// `pcql.toml` can raise.
#[test]
fn report_bodies_on_every_system_query_pass() {
    let all = pcql::check::system_queries::system_queries();
    let files: Vec<(String, String)> = all
        .iter()
        .map(|q| {
            let min = if q.family == "mpn" { 72 } else { 24 };
            (
                format!("{}.json", q.id),
                format!(
                    r#"{{"ReportName":"r","QueryId":"{}","StartTime":"2099-01-01T00:00:00Z","RecurrenceInterval":{min}}}"#,
                    q.id
                ),
            )
        })
        .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let dir = project(&refs);
    let r = pcql_in(
        dir.path(),
        &["check", "--format", "json", "--deny", "warnings", "."],
        None,
    );
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let found = codes(&r);
    assert!(found.iter().all(|c| c == "PQ6018"), "{found:?}");
    assert!(found.len() >= 12, "{found:?}");
    std::fs::write(dir.path().join("pcql.toml"), "[codes]\nPQ6018 = \"deny\"\n").unwrap();
    let r = pcql_in(dir.path(), &["check", "."], None);
    assert_eq!(r.code, 1, "raised in pcql.toml: {}", r.stdout);
}

/// The family of a report body follows from its system query's id.
#[test]
fn a_report_on_a_marketplace_system_query_is_checked_as_marketplace() {
    let body = r#"{"ReportName":"r","QueryId":"b9df4929-073f-4795-b0cb-a2c81b11e28d","StartTime":"2099-01-01T00:00:00Z","RecurrenceInterval":100}"#;
    let dir = project(&[("r.json", body)]);
    let r = pcql_in(dir.path(), &["check", "--format", "json", "r.json"], None);
    assert_eq!(codes(&r), ["PQ6006"], "{}", r.stdout);
}
