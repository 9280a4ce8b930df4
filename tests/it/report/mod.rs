//! Integration tests: JSON request bodies (`ScheduledQueries`, `ScheduledReport`)
//! checked with `pcql::check::body`, fixtures under `tests/fixtures/body/`.

mod docs;
mod props;

use std::path::{Path, PathBuf};

use pcql::Checker;
use pcql::check::body::{BodyContext, BodyKind, BodyReport, check_body, parse_lenient};
use pcql::diagnostic::render::{self, Style};
use pcql::diagnostic::{Code, apply_fixes};
use pcql::schema::{Catalog, Family};

/// The fixed clock of every fixture: 2026-01-01T00:00:00Z.
pub const NOW: i64 = 1_767_225_600;

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/body"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

/// Check `text` with the fixed clock and the library's checker on the
/// bundled catalog; a fixture whose name contains `-cmp-` is checked for the
/// marketplace family, others for mpn.
pub fn check(text: &str, name: &str, now: i64) -> BodyReport {
    let family = if name.contains("-cmp-") {
        Family::Cmp
    } else {
        Family::Mpn
    };
    Checker::new(Catalog::bundled())
        .with_family(Some(family))
        .with_now(now)
        .body_report(text)
}

fn stem(p: &Path) -> String {
    p.file_stem().unwrap().to_string_lossy().into_owned()
}

#[test]
fn fixture_clock_is_2026() {
    assert_eq!(parse_lenient("2026-01-01T00:00:00Z").unwrap().unix, NOW);
}

#[test]
fn fixtures_produce_their_code_and_snapshot() {
    let files = fixtures();
    assert!(files.len() >= 40, "fixtures missing: {}", files.len());
    let mut seen = std::collections::BTreeSet::new();
    for path in files {
        let name = stem(&path);
        let text = std::fs::read_to_string(&path).unwrap();
        let report = check(&text, &name, NOW);
        let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
        if name.starts_with("valid-") {
            assert!(
                codes.is_empty(),
                "{name}: expected no diagnostics, got {codes:?}"
            );
        } else {
            let want = &name[..6];
            assert!(
                codes.contains(&want),
                "{name}: expected {want}, got {codes:?}"
            );
            seen.insert(want.to_string());
        }
        let file = format!("tests/fixtures/body/{name}.json");
        let snap = format!(
            "kind: {:?}\ncodes: {}\n---- human\n{}---- json\n{}\n",
            report.kind,
            codes.join(" "),
            render::human(&report.diagnostics, &file, &text, Style::Plain),
            render::json(&report.diagnostics, &file, &text),
        );
        insta::assert_snapshot!(name, snap);
    }
    for code in Code::ALL.iter().filter(|c| c.as_str().starts_with("PQ60")) {
        assert!(seen.contains(code.as_str()), "no fixture for {code}");
    }
}

#[test]
fn fixtures_are_recognised_as_the_right_body() {
    for path in fixtures() {
        let name = stem(&path);
        let text = std::fs::read_to_string(&path).unwrap();
        let kind = check(&text, &name, NOW).kind;
        let report_like = text.to_ascii_lowercase().contains("\"reportname\"");
        let want = if name.starts_with("PQ6001") {
            BodyKind::InvalidJson
        } else if name.starts_with("PQ6017") {
            BodyKind::Unknown
        } else if report_like {
            BodyKind::ScheduledReport
        } else {
            BodyKind::ScheduledQueries
        };
        assert_eq!(kind, want, "{name}");
    }
}

/// Applying every safe fix keeps the body valid JSON and removes the
/// diagnostics those fixes were for.
#[test]
fn safe_fixes_keep_json_valid_and_fix_their_problem() {
    for path in fixtures() {
        let name = stem(&path);
        let text = std::fs::read_to_string(&path).unwrap();
        let before = check(&text, &name, NOW);
        let safe: Vec<_> = before
            .diagnostics
            .iter()
            .flat_map(|d| &d.fixes)
            .filter(|f| f.is_safe())
            .collect();
        if safe.is_empty() {
            continue;
        }
        let (fixed, applied) = apply_fixes(&text, safe.iter().copied()).unwrap();
        assert!(applied > 0, "{name}");
        assert!(
            serde_json::from_str::<serde_json::Value>(&fixed).is_ok(),
            "{name}: {fixed}"
        );
        let after = check(&fixed, &name, NOW);
        let fixable = |r: &BodyReport| {
            r.diagnostics
                .iter()
                .filter(|d| d.fixes.iter().any(|f| f.is_safe()))
                .count()
        };
        assert!(fixable(&after) < fixable(&before), "{name}: {fixed}");
    }
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/body/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn query_diagnostics_point_into_the_escaped_json_string() {
    let text = fixture("PQ1115-quoted-identifier-in-body");
    let report = check(&text, "x", NOW);
    let d = &report.diagnostics[0];
    assert_eq!(d.code, Code::QuotedIdentifier);
    assert_eq!(d.span.slice(&text), "\\\"CustomerName\\\"");
    let (fixed, _) = apply_fixes(&text, &d.fixes).unwrap();
    let v: serde_json::Value = serde_json::from_str(&fixed).unwrap();
    assert_eq!(
        v["Query"],
        "SELECT CustomerName,\n  Month\tFROM OfficeUsage"
    );
    let q = report.query.unwrap();
    assert_eq!(
        q.text,
        "SELECT \"CustomerName\",\n  Month\tFROM OfficeUsage"
    );
    assert_eq!(&text[q.span.start - 1..q.span.start], "\"");
}

#[test]
fn start_time_must_be_four_hours_ahead_to_the_second() {
    let text = fixture("valid-report-system-query");
    assert!(check(&text, "x", NOW).diagnostics.is_empty());
    let late = check(&text, "x", NOW + 1);
    assert_eq!(late.diagnostics.len(), 1);
    assert_eq!(late.diagnostics[0].code, Code::StartTimeTooSoon);
    assert!(
        late.diagnostics[0].message.contains("3h59m"),
        "{}",
        late.diagnostics[0].message
    );
}

#[test]
fn stale_system_query_lists_its_problems_at_the_query_id() {
    let text = fixture("PQ6018-stale-system-query");
    let report = check(&text, "x", NOW);
    assert_eq!(report.diagnostics.len(), 1, "{:?}", report.diagnostics);
    let d = &report.diagnostics[0];
    assert_eq!(d.code, Code::StaleSystemQuery);
    assert_eq!(
        d.severity,
        pcql::diagnostic::Severity::Advice,
        "a correct body does not fail"
    );
    assert_eq!(
        d.span.slice(&text),
        "\"6664daf3-c161-423a-92a1-0ea6db2c0384\""
    );
    assert!(d.help.as_deref().unwrap().contains("ProductPartNumber"));
}

#[test]
fn offline_context_checks_the_body_alone() {
    let ctx = BodyContext::offline(NOW);
    let report = check_body(&fixture("PQ1101-select-star-in-body"), &ctx);
    assert_eq!(report.kind, BodyKind::ScheduledQueries);
    assert!(report.diagnostics.is_empty());
    let report = check_body(&fixture("PQ6007-below-dataset-minimum"), &ctx);
    assert!(
        report.diagnostics.is_empty(),
        "no dataset known offline: {:?}",
        report.diagnostics
    );
}

/// A body on a marketplace system query gets the marketplace's checks
/// without `--family`: the id says which API it belongs to.
#[test]
fn a_system_query_id_sets_the_family() {
    let body = r#"{"ReportName":"r","QueryId":"b9df4929-073f-4795-b0cb-a2c81b11e28d","StartTime":"2026-01-02T00:00:00Z","RecurrenceInterval":100,"CallbackMethod":"GET"}"#;
    let checker = Checker::new(Catalog::bundled()).with_now(NOW);
    let codes: Vec<Code> = checker.check(body).iter().map(|d| d.code).collect();
    assert!(codes.contains(&Code::RecurrenceOutOfRange), "{codes:?}");
    assert!(
        codes.contains(&Code::UnknownField),
        "cmp has no CallbackMethod: {codes:?}"
    );
    // An explicit family still wins (and the id is then of another API).
    let mpn = checker.with_family(Some(Family::Mpn));
    let codes: Vec<Code> = mpn.check(body).iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::InvalidQueryId], "{codes:?}");
}
