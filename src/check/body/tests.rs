use super::*;

fn kind(text: &str) -> BodyKind {
    check_body(text, &BodyContext::offline(0)).kind
}

#[test]
fn detects_bodies_by_their_fields() {
    assert_eq!(
        kind(r#"{"Name": "n", "Query": "q"}"#),
        BodyKind::ScheduledQueries
    );
    assert_eq!(kind(r#"{"name": "n"}"#), BodyKind::ScheduledQueries);
    assert_eq!(
        kind(r#"{"Nmae": "n", "Querry": "q"}"#),
        BodyKind::ScheduledQueries
    );
    assert_eq!(kind(r#"{"reportName": "r"}"#), BodyKind::ScheduledReport);
    assert_eq!(
        kind(r#"{"ReprtName": "r", "QueryID": "x"}"#),
        BodyKind::ScheduledReport
    );
    assert_eq!(
        kind(r#"{"name": "pkg", "version": "1"}"#),
        BodyKind::Unknown
    );
    assert_eq!(kind(r#"{}"#), BodyKind::Unknown);
    assert_eq!(kind(r#""text""#), BodyKind::Unknown);
    assert_eq!(kind(r#"{"a": }"#), BodyKind::InvalidJson);
}

#[test]
fn removing_ignored_fields_keeps_valid_json() {
    use crate::diagnostic::apply_fixes;
    for text in [
        r#"{"ReportName": "r", "QueryId": "7b1d9f3e-2c4a-4d8e-9f10-a1b2c3d4e5f6", "ExecuteNow": true, "StartTime": "x"}"#,
        r#"{"StartTime": "2030-01-01T00:00:00Z", "ReportName": "r", "QueryId": "7b1d9f3e-2c4a-4d8e-9f10-a1b2c3d4e5f6", "ExecuteNow": true}"#,
    ] {
        let r = check_body(text, &BodyContext::offline(0));
        let d = r
            .diagnostics
            .iter()
            .find(|d| d.code == Code::ExecuteNowIgnoresSchedule)
            .unwrap();
        let (fixed, n) = apply_fixes(text, &d.fixes).unwrap();
        assert_eq!(n, 1);
        let v: serde_json::Value = serde_json::from_str(&fixed).unwrap();
        assert!(v.get("StartTime").is_none(), "{fixed}");
    }
}

#[test]
fn query_diagnostics_come_back_mapped() {
    let check = |q: &str| {
        let at = q.find("FROM").unwrap_or(0);
        vec![Diagnostic::new(
            Code::UnknownDataset,
            Span::new(at, at + 4),
            "m",
        )]
    };
    let ctx = BodyContext {
        check_query: &check,
        ..BodyContext::offline(0)
    };
    let text = "{\"Name\": \"n\", \"Query\": \"SELECT \\u0061\\r\\nFROM x\"}";
    let r = check_body(text, &ctx);
    assert_eq!(r.diagnostics.len(), 1);
    assert_eq!(r.diagnostics[0].span.slice(text), "FROM");
    assert_eq!(r.query.unwrap().text, "SELECT a\r\nFROM x");
}
