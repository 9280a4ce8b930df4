//! Every query example of `docs/codes/*.md`, pasted whole into a file and
//! checked by `pcql check` as a user would: a "Right" block checks clean
//! (no error, not its code), a "Wrong" block produces its code.

use serde_json::Value;

use super::{pcql_in, project};
use pcql::diagnostic::Code;

/// The ```sql blocks of the section `## {section}` of a page.
fn blocks<'a>(page: &'a str, section: &str) -> Vec<&'a str> {
    let Some(start) = page.find(&format!("## {section}\n")) else {
        return Vec::new();
    };
    let rest = &page[start + 3..];
    let rest = &rest[..rest.find("\n## ").unwrap_or(rest.len())];
    rest.split("```sql\n")
        .skip(1)
        .filter_map(|b| b.split("```").next())
        .collect()
}

/// The codes `pcql check` reports for `text` as one file, and its exit code.
fn check(text: &str) -> (Vec<String>, i32, String) {
    let dir = project(&[("example.pcql", text)]);
    let r = pcql_in(
        dir.path(),
        &["check", "--format", "json", "example.pcql"],
        None,
    );
    let v: Value = serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout));
    let codes = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    (codes, r.code, r.stdout)
}

#[test]
fn every_query_example_in_the_code_pages_holds_as_a_whole_file() {
    let mut seen = 0;
    let mut failed = Vec::new();
    for code in Code::ALL {
        let page = code.explanation();
        for wrong in blocks(page, "Wrong") {
            let (codes, _, out) = check(wrong);
            if !codes.iter().any(|c| c == code.as_str()) {
                failed.push(format!(
                    "{code}: the wrong example does not produce it:\n{wrong}\n{out}"
                ));
            }
            seen += 1;
        }
        for right in blocks(page, "Right") {
            let (codes, exit, out) = check(right);
            if exit != 0 || codes.iter().any(|c| c == code.as_str()) {
                failed.push(format!(
                    "{code}: the right example does not check clean:\n{right}\n{out}"
                ));
            }
            seen += 1;
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n\n"));
    assert!(seen >= 100, "only {seen} examples checked");
}
