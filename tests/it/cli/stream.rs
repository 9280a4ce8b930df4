//! `pcql check` reads a query file piece by piece: what it prints for a file
//! of many pieces must be what rendering the whole file at once gives.

use pcql::check::{Checker, SourceKind};
use pcql::diagnostic::render::{self, FileDiagnostics, Origin, Style};
use pcql::schema::Catalog;

use super::{pcql_in, project};

/// About 250 KB of queries (several chunks), with errors, warnings, advice,
/// multi-byte text, CRLF lines, directives and statements sharing a line.
fn big_file() -> String {
    let queries = [
        "SELECT CustomerName, BilledRevenueUSD FROM CustomersAndTenants\n\
         WHERE CustomerMarket = 'Germany' ORDER BY BilledRevenueUSD DESC\n\
         LIMIT 10 TIMESPAN LAST_MONTH;\n",
        "-- pcql: allow PQ4003\nSELECT CustomerNmae FROM CustomersAndTenants;\n",
        "SELECT TOP 10 CustomerName FROM CustomersAndTenants ORDER BY CustomerName;\r\n",
        "SELECT CustomerName FROM CustomersAndTenants WHERE CustomerMarket = ‘Düsseldorf’;\n",
        "SELECT a FROM b; SELECT * FROM Profile TIMESPAN LIFETIME; -- two on a line\n",
        "SELECT CustomerName FROM CustomersAndTenants WHERE x = 'open;\n",
        "\n",
    ];
    let mut text = String::new();
    let mut i = 0;
    while text.len() < 250_000 {
        text.push_str(queries[i % queries.len()]);
        i += 1;
    }
    text
}

/// The output for `text` rendered whole, as the library renders one text.
fn whole(text: &str, format: &str) -> String {
    let checker = Checker::new(Catalog::bundled());
    let diagnostics = checker.check_as(SourceKind::Queries, text);
    assert!(diagnostics.len() > 1000, "the file exercises the renderers");
    let file = FileDiagnostics {
        file: "big.pcql",
        source: text,
        diagnostics: &diagnostics,
        origin: Origin::default(),
    };
    match format {
        "json" => render::json_files(&[file]) + "\n",
        "sarif" => render::sarif::sarif(&[file]) + "\n",
        "github" => render::github::github(&[file]),
        _ => render::human_file(&file, Style::Plain),
    }
}

#[test]
fn a_file_of_many_pieces_prints_what_the_whole_file_gives() {
    let text = big_file();
    let dir = project(&[("big.pcql", &text)]);
    for format in ["json", "sarif", "github", "human"] {
        let r = pcql_in(dir.path(), &["check", "--format", format, "big.pcql"], None);
        assert_eq!(r.code, 1, "{format}: {}", r.stderr);
        let expected = whole(&text, format);
        // Compare line by line first, for a readable failure.
        for (n, (got, want)) in r.stdout.lines().zip(expected.lines()).enumerate() {
            assert_eq!(got, want, "{format}, output line {}", n + 1);
        }
        assert_eq!(r.stdout, expected, "{format}");
    }
}

#[test]
fn standard_input_is_read_in_pieces_too() {
    let text = big_file();
    let dir = project(&[]);
    let r = pcql_in(
        dir.path(),
        &["check", "--format", "github", "-"],
        Some(&text),
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let expected = whole(&text, "github").replace("file=big.pcql", "file=-");
    assert_eq!(r.stdout, expected);
}

#[test]
fn text_that_stops_being_utf8_reports_what_came_before_and_where_it_stopped() {
    let mut bytes = big_file().into_bytes();
    let at = bytes.len() - 10;
    bytes[at] = 0xff;
    let dir = project(&[]);
    std::fs::write(dir.path().join("bad.pcql"), &bytes).unwrap();
    let r = pcql_in(dir.path(), &["check", "--format", "json", "bad.pcql"], None);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(&format!(
            "cannot read `bad.pcql`: not UTF-8 text (invalid byte at offset {at})"
        )),
        "{}",
        r.stderr
    );
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(v["diagnostics"].as_array().unwrap().len() > 1000);
}

#[test]
fn a_reader_that_stops_early_ends_the_output_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let dir = project(&[("big.pcql", &big_file())]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_pcql"))
        .args(["check", "--format", "json", "big.pcql"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the pcql binary runs");
    // Read a little, as `pcql check | head` does, then close the pipe.
    let mut head = [0u8; 64];
    child.stdout.take().unwrap().read_exact(&mut head).unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "errors were found: {stderr}");
    assert!(!stderr.contains("cannot write"), "{stderr}");
}

/// Many files (checked by the workers, not on the main thread), one of
/// which cannot be read: every other file is checked and printed in the
/// order of the paths, and the one that failed is named.
#[test]
fn many_files_print_in_path_order_and_a_failed_one_does_not_stop_the_rest() {
    let names: Vec<String> = (0..24).map(|i| format!("q{i:02}.pcql")).collect();
    let files: Vec<(&str, &str)> = names
        .iter()
        .map(|n| {
            (
                n.as_str(),
                "SELECT CustomerNmae FROM CustomersAndTenants TIMESPAN LAST_MONTH\n",
            )
        })
        .collect();
    let dir = project(&files);
    std::fs::write(dir.path().join("q10.pcql"), b"SELECT \xff FROM b\n").unwrap();
    let r = pcql_in(dir.path(), &["check", "--format", "github", "."], None);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("cannot read `./q10.pcql`"),
        "{}",
        r.stderr
    );
    let printed: Vec<&str> = r
        .stdout
        .lines()
        .filter_map(|l| l.split("file=").nth(1)?.split(',').next())
        .collect();
    let want: Vec<String> = names
        .iter()
        .filter(|n| n.as_str() != "q10.pcql")
        .map(|n| format!("./{n}"))
        .collect();
    assert_eq!(printed, want, "{}", r.stdout);
}
