//! Integration tests: the schema-aware check.
//!
//! Fixtures `tests/fixtures/check/PQxxxx-name.pcql` must each produce their
//! code; the rendered human and JSON output of each is a reviewed snapshot.
//! A first line `-- family: cmp` sets `CheckOptions::family`.

mod api;
pub(crate) mod certify;
mod corpus;
mod docs;
mod domain;
mod props;
mod scale;

use std::path::{Path, PathBuf};

use pcql::ast::Query;
use pcql::check::{CheckOptions, Checker, FixMode, SourceKind, check};
use pcql::diagnostic::Diagnostic;
use pcql::diagnostic::render::{Style, human, json};
use pcql::schema::{Catalog, Family};

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check")
}

/// Every fixture: (file stem, text), sorted.
fn fixtures() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(fixture_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "pcql"))
        .map(|p| {
            let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
            (stem, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    out.sort();
    out
}

/// The options a fixture asks for in its first line.
pub(crate) fn options(text: &str) -> CheckOptions {
    let family = text
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("-- family:"))
        .map(|f| f.trim().parse::<Family>().unwrap());
    CheckOptions { family }
}

/// The tree of a well-formed query, read by the real parser.
pub(crate) fn parse(text: &str) -> Query {
    let parsed = pcql::syntax::parse(text);
    assert!(
        !parsed.has_errors(),
        "fixture does not parse:\n{text}\n{:#?}",
        parsed.diagnostics
    );
    parsed.query
}

/// What `pcql check` reports for a fixture: the library's checker, with the
/// family the fixture asks for.
pub(crate) fn check_text(text: &str) -> Vec<Diagnostic> {
    Checker::new(Catalog::bundled())
        .with_family(options(text).family)
        .check_as(SourceKind::Queries, text)
}

#[test]
fn every_fixture_produces_its_code_and_matches_its_snapshot() {
    let all = fixtures();
    assert!(all.len() >= 30, "fixtures missing: {}", all.len());
    for (stem, text) in all {
        let diags = check_text(&text);
        // The rules on the parsed tree say the same as the whole checker.
        assert_eq!(
            check(&parse(&text), Catalog::bundled(), &options(&text)),
            diags,
            "{stem}"
        );
        if stem.starts_with("PQ") {
            let code = &stem[..6];
            assert!(
                diags.iter().any(|d| d.code.as_str() == code),
                "{stem}: expected {code}, got {:?}",
                diags.iter().map(|d| d.code.as_str()).collect::<Vec<_>>()
            );
        } else {
            assert!(diags.is_empty(), "{stem}: expected nothing, got {diags:#?}");
        }
        let file = format!("{stem}.pcql");
        let shown = format!(
            "{}\n---- json ----\n{}",
            human(&diags, &file, &text, Style::Plain),
            json(&diags, &file, &text)
        );
        insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(stem.as_str(), shown);
        });
    }
}

#[test]
fn order_is_the_diagnostic_order_and_stable() {
    for (stem, text) in fixtures() {
        let a = check_text(&text);
        let b = check_text(&text);
        assert_eq!(a, b, "{stem}: not deterministic");
        let mut sorted = a.clone();
        sorted.sort();
        assert_eq!(a, sorted, "{stem}: out of order");
        let keys: Vec<_> = a.iter().map(|d| (d.span.start, d.code)).collect();
        assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{stem}: {keys:?}");
    }
}

/// Applying the safe fixes gives text whose check offers no safe fix any more
/// (within two rounds: a fix may unmask another), and never adds an error.
#[test]
fn safe_fixes_converge() {
    for (stem, text) in fixtures() {
        let checker = Checker::new(Catalog::bundled()).with_family(options(&text).family);
        let errors_before = check_text(&text).iter().filter(|d| d.is_error()).count();
        let fixed = checker.fix_as(SourceKind::Queries, &text, FixMode::Safe);
        let after = check_text(&fixed.text);
        assert_eq!(after, fixed.diagnostics, "{stem}");
        assert!(
            after.iter().flat_map(|d| &d.fixes).all(|f| !f.is_safe()),
            "{stem}: safe fixes remain after fixing:\n{}\n{after:#?}",
            fixed.text
        );
        let errors_after = after.iter().filter(|d| d.is_error()).count();
        assert!(
            errors_after <= errors_before,
            "{stem}: fixing added errors:\n{}",
            fixed.text
        );
    }
}
