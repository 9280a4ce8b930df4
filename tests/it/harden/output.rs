//! Human output on long and non-ASCII lines, and output to a closed stream.

use std::process::{Command, Stdio};

use crate::cli::{pcql_in, project};

#[test]
fn a_diagnostic_past_column_65535_is_shown_in_a_window() {
    let line = format!(
        "{}SELECT Nope FROM CustomersAndTenants\n",
        " ".repeat(70_000)
    );
    let dir = project(&[("w.pcql", &line)]);
    let r = pcql_in(dir.path(), &["check", "w.pcql"], None);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("[w.pcql:1:70008]"), "{}", r.stdout);
    assert!(
        r.stdout.contains("Nope FROM CustomersAndTenants"),
        "{}",
        r.stdout
    );
    // A window of the line per diagnostic, not the line.
    assert!(r.stdout.len() < 10_000, "{} bytes", r.stdout.len());
}

#[test]
fn many_diagnostics_on_one_long_line_print_a_window_each() {
    let names: Vec<String> = (0..2_000).map(|i| format!("Nope{i}")).collect();
    let text = format!("SELECT {} FROM CustomersAndTenants\n", names.join(", "));
    let dir = project(&[("w.pcql", &text)]);
    let r = pcql_in(dir.path(), &["check", "w.pcql"], None);
    assert_eq!(r.code, 1);
    assert!(r.stdout.len() < 2_000 * 2_000, "{} bytes", r.stdout.len());
}

#[test]
fn the_human_header_counts_characters_like_json() {
    let text = "SELECT CustomerTenantId\nFROM CustomersAndTenants\n\nWHERE CustomerMarket = 'Ünïcödé 日本' AND Bar = 1\nTIMESPAN LAST_MONTH\n";
    let dir = project(&[("f.pcql", text)]);
    let human = pcql_in(dir.path(), &["check", "f.pcql"], None);
    assert!(human.stdout.contains("[f.pcql:4:41]"), "{}", human.stdout);
    let json = pcql_in(dir.path(), &["check", "--format", "json", "f.pcql"], None);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let d = &v["diagnostics"][0];
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(4), Some(41)),
        "{d}"
    );
}

#[test]
fn a_closed_stderr_is_not_a_panic() {
    let files: Vec<(String, String)> = (0..40)
        .map(|i| {
            (
                format!("q{i}.pcql"),
                "SELECT Nope FROM CustomersAndTenants\n".repeat(50),
            )
        })
        .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let dir = project(&refs);
    for args in [&["check", "."][..], &["fmt", "--check", "."][..]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_pcql"))
            .args(args)
            .current_dir(dir.path())
            .env("XDG_CACHE_HOME", dir.path().join(".cache"))
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // `pcql check DIR 2>&1 | head -1`: the reader goes away at once.
        drop(child.stderr.take());
        drop(child.stdout.take());
        let status = child.wait().unwrap();
        assert!(matches!(status.code(), Some(0..=2)), "{args:?}: {status:?}");
    }
}

#[cfg(unix)]
#[test]
fn a_body_with_a_query_of_megabytes_checks_under_2_gib() {
    let literal = "x".repeat(4 << 20);
    let names: Vec<String> = (0..2_000).map(|i| format!("Nope{i}")).collect();
    let query = format!(
        "SELECT {} FROM CustomersAndTenants WHERE CustomerName = '{literal}' TIMESPAN LAST_MONTH",
        names.join(", ")
    );
    let body = serde_json::json!({"Name": "q", "Description": "d", "Query": query}).to_string();
    let dir = project(&[("big.json", &body)]);
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v 2097152; exec '{}' check --format json big.json",
            env!("CARGO_BIN_EXE_pcql")
        ))
        .current_dir(dir.path())
        .env("XDG_CACHE_HOME", dir.path().join(".cache"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["diagnostics"].as_array().unwrap().len() >= 2_000);
}
