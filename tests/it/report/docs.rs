//! The examples in `docs/codes/PQ60xx.md` say what they claim: each complete
//! JSON body under "Wrong" produces the page's code, and none under "Right" does.

use pcql::Checker;
use pcql::check::body::BodyReport;
use pcql::diagnostic::Code;
use pcql::schema::Catalog;

/// Check with the fixed clock, the library's checker, and no family (the
/// pages mix Partner Insights and marketplace examples).
fn check(body: &str) -> BodyReport {
    Checker::new(Catalog::bundled())
        .with_now(super::NOW)
        .body_report(body)
}

/// A valid scheduled report; a fragment of fields is appended to it (the
/// fragment's fields come last, so they win over the base's).
const BASE: &str = r#""ReportName": "r", "QueryId": "7b1d9f3e-2c4a-4d8e-9f10-a1b2c3d4e5f6", "StartTime": "2026-01-02T06:00:00Z", "RecurrenceInterval": 24"#;

/// The field fragments of a block: lines ending in `,` continue onto the next.
fn fragments(block: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for line in block.lines().map(str::trim).filter(|l| !l.is_empty()) {
        cur.push_str(line);
        if !line.ends_with(',') {
            out.push(std::mem::take(&mut cur));
        }
    }
    out
}

/// The JSON bodies (complete, or fragments completed by [`BASE`]) of the ```json blocks in one section of a page.
fn bodies(page: &str, section: &str) -> Vec<String> {
    let Some(start) = page.find(&format!("## {section}")) else {
        return Vec::new();
    };
    let rest = &page[start + 3..];
    let rest = &rest[..rest.find("\n## ").unwrap_or(rest.len())];
    rest.split("```json")
        .skip(1)
        .filter_map(|b| b.split("```").next())
        .map(str::trim)
        .flat_map(|b| {
            if b.starts_with('{') || b.starts_with('[') {
                return vec![b.to_string()];
            }
            fragments(b)
                .into_iter()
                .map(|f| format!("{{{BASE}, {f}}}"))
                .collect()
        })
        .collect()
}

#[test]
fn code_pages_examples_hold() {
    let mut checked = 0;
    for code in Code::ALL.iter().filter(|c| c.as_str().starts_with("PQ60")) {
        let page = code.explanation();
        assert!(
            page.contains("## Wrong") && page.contains("## Right") && page.contains("## Fix"),
            "{code}"
        );
        for body in bodies(page, "Wrong") {
            let r = check(&body);
            assert!(
                r.diagnostics.iter().any(|d| d.code == *code),
                "{code} wrong example: {body}\n{:?}",
                r.diagnostics
            );
            checked += 1;
        }
        for body in bodies(page, "Right") {
            let r = check(&body);
            assert!(
                r.diagnostics.iter().all(|d| d.code != *code),
                "{code} right example: {body}\n{:?}",
                r.diagnostics
            );
            checked += 1;
        }
    }
    assert!(checked >= 35, "only {checked} examples checked");
}
