//! pcql on a repository: the walker, nested configurations, rule selection,
//! suppression, `fmt` on real files, and the conventions of linters.

use serde_json::Value;

use super::{pcql_in, project};

fn codes(stdout: &str) -> Vec<String> {
    let v: Value = serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}:{}",
                d["file"].as_str().unwrap(),
                d["code"].as_str().unwrap()
            )
        })
        .collect()
}

const BAD: &str = "SELECT Nope FROM CustomersAndTenants TIMESPAN LAST_MONTH\n";
const GOOD: &str = "SELECT CustomerName FROM CustomersAndTenants TIMESPAN LAST_MONTH\n";

#[test]
fn a_repository_is_walked_like_ripgrep_walks_it() {
    let dir = project(&[
        ("package.json", "{\"name\": \"x\", \"version\": \"1.0.0\"}"),
        (".gitignore", "ignored/\n"),
        ("ignored/q.pcql", BAD),
        ("node_modules/dep/q.pcql", BAD),
        ("target/q.pcql", BAD),
        (".hidden/q.pcql", BAD),
        ("queries/ok.pcql", GOOD),
        (
            "queries/body.json",
            "{\"Query\": \"SELECT Nope FROM CustomersAndTenants TIMESPAN LAST_MONTH\"}",
        ),
        ("legacy/pcql.toml", "[codes]\nunknown-name = \"allow\"\n"),
        ("legacy/deep/old.pcql", BAD),
        ("vendor/q.pcql", BAD),
    ]);
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("..", dir.path().join("queries/up")).unwrap();
        std::os::unix::fs::symlink("../..", dir.path().join("legacy/deep/up")).unwrap();
    }
    let r = pcql_in(
        dir.path(),
        &["check", "--format", "json", "--exclude", "vendor", "."],
        None,
    );
    let found = codes(&r.stdout);
    assert!(
        found.contains(&"./queries/body.json:PQ2003".to_string()),
        "{found:?}"
    );
    assert!(
        found.iter().all(|c| c.starts_with("./queries/body.json:")),
        "{found:?}"
    );
    assert_eq!(r.code, 1);
    let r = pcql_in(dir.path(), &["check", "."], None);
    assert!(r.stderr.contains("in 4 files"), "{}", r.stderr);
}

#[test]
fn rules_are_selected_ignored_and_denied_by_code_name_or_prefix() {
    let text = "SELECT customername FROM CustomersAndTenants ORDER BY CustomerName\n";
    let dir = project(&[("q.pcql", text)]);
    let run = |args: &[&str]| {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        all.push("q.pcql");
        let r = pcql_in(dir.path(), &all, None);
        (r.code, codes(&r.stdout))
    };
    let (_, all) = run(&[]);
    assert_eq!(all, ["q.pcql:PQ2005", "q.pcql:PQ4002", "q.pcql:PQ4003"]);
    assert_eq!(
        run(&["--select", "PQ4"]).1,
        ["q.pcql:PQ4002", "q.pcql:PQ4003"]
    );
    assert_eq!(run(&["--select", "name-case"]).1, ["q.pcql:PQ2005"]);
    assert_eq!(
        run(&["--select", "PQ2005", "--extend-select", "PQ4003"]).1,
        ["q.pcql:PQ2005", "q.pcql:PQ4003"]
    );
    assert_eq!(
        run(&["--ignore", "PQ4002,timespan-omitted"]).1,
        ["q.pcql:PQ2005"]
    );
    let (code, _) = run(&["--select", "PQ4003"]);
    assert_eq!(code, 0, "advice only");
    let (code, _) = run(&["--select", "PQ4003", "--deny", "PQ4003"]);
    assert_eq!(code, 1, "--deny CODE makes it an error");
    let r = pcql_in(dir.path(), &["check", "--select", "PQ77", "q.pcql"], None);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("`PQ77` names no code"), "{}", r.stderr);
}

#[test]
fn suppression_on_the_line_and_for_the_file() {
    let text = "SELECT Nope, -- pcql: allow PQ2003\n  Nada FROM CustomersAndTenants TIMESPAN LAST_MONTH;\n";
    let dir = project(&[
        ("line.pcql", text),
        (
            "file.pcql",
            &format!("-- pcql: allow-file unknown-name\n{BAD};\n{BAD}"),
        ),
    ]);
    let r = pcql_in(
        dir.path(),
        &["check", "--format", "json", "line.pcql", "file.pcql"],
        None,
    );
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let d = &v["diagnostics"];
    assert_eq!(d.as_array().unwrap().len(), 1, "{}", r.stdout);
    assert_eq!(
        (d[0]["file"].as_str(), d[0]["line"].as_u64()),
        (Some("line.pcql"), Some(2))
    );
}

#[test]
fn allowing_a_code_the_service_rejects_is_never_silent() {
    let star = "SELECT * FROM CustomersAndTenants TIMESPAN LAST_MONTH\n";
    let dir = project(&[
        ("comment.pcql", &format!("-- pcql: allow PQ1101\n{star}")),
        ("plain.pcql", star),
    ]);
    let r = pcql_in(
        dir.path(),
        &["check", "--format", "json", "comment.pcql"],
        None,
    );
    assert_eq!(codes(&r.stdout), ["comment.pcql:PQ9003"], "{}", r.stderr);
    let r = pcql_in(
        dir.path(),
        &["check", "--ignore", "PQ1101", "plain.pcql"],
        None,
    );
    assert!(r.stderr.contains("warning[PQ9003]"), "{}", r.stderr);
    assert_eq!(
        pcql_in(
            dir.path(),
            &[
                "check",
                "--ignore",
                "PQ1101",
                "--deny",
                "warnings",
                "plain.pcql"
            ],
            None
        )
        .code,
        1
    );
    std::fs::write(
        dir.path().join("pcql.toml"),
        "[codes]\nselect-star = \"allow\"\n",
    )
    .unwrap();
    let r = pcql_in(dir.path(), &["check", "plain.pcql"], None);
    assert!(r.stderr.contains("warning[PQ9003]"), "{}", r.stderr);
}

#[test]
fn fmt_keeps_broken_statements_bom_and_crlf_and_is_idempotent() {
    let long = "select customername, customertenantid, customermarket, customersegment, billedrevenueusd from customersandtenants where customermarket = 'Germany' timespan last_month;";
    let files = [
        (
            "broken1.pcql",
            "SELECT a FROM b WHERE c = 1 @@@ ;\n".to_string(),
        ),
        ("broken2.pcql", "@@ SELECT a FROM b\n".to_string()),
        (
            "broken3.pcql",
            "SELECT a\0 FROM b;\nSELECT a\u{1} FROM b;\nSELECT a: FROM b;\n".to_string(),
        ),
        (
            "crlf.pcql",
            format!("\u{feff}{long}\r\nselect a from b;\r\n"),
        ),
    ];
    let list: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let dir = project(&list);
    let r = pcql_in(dir.path(), &["fmt", "."], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for (name, text) in &files[..3] {
        let now = std::fs::read_to_string(dir.path().join(name)).unwrap();
        assert_eq!(&now, text, "{name} changed");
    }
    let crlf = std::fs::read_to_string(dir.path().join("crlf.pcql")).unwrap();
    assert!(
        crlf.starts_with("\u{feff}SELECT CustomerName, CustomerTenantId, CustomerMarket, CustomerSegment, BilledRevenueUSD\r\nFROM"),
        "{crlf:?}"
    );
    assert!(
        crlf.contains("FROM CustomersAndTenants\r\n"),
        "catalog spelling: {crlf:?}"
    );
    assert!(!crlf.replace("\r\n", "").contains('\n'), "{crlf:?}");
    let r = pcql_in(dir.path(), &["fmt", "--check", "."], None);
    assert_eq!(r.code, 0, "formatting twice changes nothing: {}", r.stdout);
    let r = pcql_in(
        dir.path(),
        &["fmt", "--line-width", "200", "--check", "crlf.pcql"],
        None,
    );
    assert_eq!(r.code, 1, "a wider line joins the query: {}", r.stdout);
}

#[test]
fn line_width_comes_from_the_nearest_pcql_toml() {
    let q = "SELECT CustomerName, CustomerMarket FROM CustomersAndTenants TIMESPAN LAST_MONTH\n";
    let dir = project(&[
        ("narrow/pcql.toml", "line-width = 40\n"),
        ("narrow/q.pcql", q),
        ("wide/q.pcql", q),
    ]);
    let r = pcql_in(dir.path(), &["fmt", "."], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        std::fs::read_to_string(dir.path().join("narrow/q.pcql"))
            .unwrap()
            .starts_with("SELECT CustomerName, CustomerMarket\nFROM")
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("wide/q.pcql")).unwrap(),
        q
    );
}

#[test]
fn fmt_without_input_names_fmt() {
    // No argument and stdin not a terminal reads stdin: that works.
    let dir = project(&[]);
    let r = pcql_in(dir.path(), &["fmt"], Some("select a from b"));
    assert_eq!((r.code, r.stdout.as_str()), (0, "SELECT a FROM b\n"));
}

#[test]
fn stdin_filename_output_file_and_statistics() {
    let dir = project(&[("sub/pcql.toml", "[codes]\nPQ4003 = \"allow\"\n")]);
    let text = "SELECT Nope, Nada FROM CustomersAndTenants";
    let r = pcql_in(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "sub/q.pcql",
            "-",
        ],
        Some(text),
    );
    assert_eq!(
        codes(&r.stdout),
        ["sub/q.pcql:PQ2003", "sub/q.pcql:PQ2003"],
        "{}",
        r.stderr
    );
    let r = pcql_in(
        dir.path(),
        &["check", "--statistics", "--output-file", "out.txt", "-"],
        Some(text),
    );
    assert_eq!(r.code, 1);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(
        r.stderr.contains("     2  PQ2003  unknown-name\n"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("     1  PQ4003  timespan-omitted\n"),
        "{}",
        r.stderr
    );
    let out = std::fs::read_to_string(dir.path().join("out.txt")).unwrap();
    assert!(out.contains("PQ2003") && !out.contains('\x1b'), "{out}");
}

#[test]
fn completions_and_man_page() {
    let dir = project(&[]);
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let r = pcql_in(dir.path(), &["completions", shell], None);
        assert_eq!(r.code, 0, "{shell}: {}", r.stderr);
        assert!(
            r.stdout.contains("check") && r.stdout.contains("fmt"),
            "{shell}"
        );
    }
    let r = pcql_in(dir.path(), &["man"], None);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.starts_with(".ie") || r.stdout.contains(".TH pcql"),
        "{}",
        &r.stdout[..200]
    );
    assert!(
        r.stdout.contains("pcql\\-check"),
        "a page for each subcommand"
    );
}

#[test]
fn color_is_forced_by_force_color() {
    let dir = project(&[("q.pcql", BAD)]);
    let r = super::pcql_env(dir.path(), &["check", "q.pcql"], &[("FORCE_COLOR", "1")]);
    assert!(
        r.stderr.contains('\x1b') || r.stdout.contains('\x1b'),
        "{}",
        r.stdout
    );
    let r = pcql_in(dir.path(), &["check", "--color", "always", "q.pcql"], None);
    assert!(r.stdout.contains('\x1b'));
    let r = pcql_in(
        dir.path(),
        &["fmt", "--color", "never", "--check", "q.pcql"],
        None,
    );
    assert_eq!(r.code, 0);
}
