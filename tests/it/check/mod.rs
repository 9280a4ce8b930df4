//! Integration tests: the schema-aware check.
//!
//! Fixtures `tests/fixtures/check/PQxxxx-name.pcql` must each produce their
//! code; the rendered human and JSON output of each is a reviewed snapshot.
//! A first line `-- family: cmp` sets `CheckOptions::family`.

mod api;
mod corpus;
mod docs;
mod domain;
mod mini;
mod props;
mod scale;

use std::path::{Path, PathBuf};

use pcql::ast::Query;
use pcql::check::{CheckOptions, check};
use pcql::diagnostic::apply_fixes;
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

pub(crate) fn parse(text: &str) -> Query {
    mini::parse(text).unwrap_or_else(|| panic!("fixture does not parse:\n{text}"))
}

#[test]
fn every_fixture_produces_its_code_and_matches_its_snapshot() {
    let all = fixtures();
    assert!(all.len() >= 30, "fixtures missing: {}", all.len());
    for (stem, text) in all {
        let diags = check(&parse(&text), Catalog::bundled(), &options(&text));
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
fn order_is_by_position_then_code_and_stable() {
    for (stem, text) in fixtures() {
        let q = parse(&text);
        let a = check(&q, Catalog::bundled(), &options(&text));
        let b = check(&q, Catalog::bundled(), &options(&text));
        assert_eq!(a, b, "{stem}: not deterministic");
        let keys: Vec<_> = a.iter().map(|d| (d.span.start, d.code)).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted, "{stem}: out of order");
    }
}

/// Applying the safe fixes gives text whose check offers no safe fix any more
/// (within two rounds: a fix may unmask another), and never adds an error.
#[test]
fn safe_fixes_converge() {
    for (stem, text) in fixtures() {
        let opts = options(&text);
        let mut cur = text.clone();
        let errors_before = check(&parse(&cur), Catalog::bundled(), &opts)
            .iter()
            .filter(|d| d.is_error())
            .count();
        for _ in 0..3 {
            let diags = check(&parse(&cur), Catalog::bundled(), &opts);
            let safe: Vec<_> = diags
                .iter()
                .flat_map(|d| &d.fixes)
                .filter(|f| f.is_safe())
                .collect();
            if safe.is_empty() {
                break;
            }
            cur = apply_fixes(&cur, safe).unwrap().0;
        }
        let after = check(&parse(&cur), Catalog::bundled(), &opts);
        assert!(
            after.iter().flat_map(|d| &d.fixes).all(|f| !f.is_safe()),
            "{stem}: safe fixes remain after fixing:\n{cur}\n{after:#?}"
        );
        let errors_after = after.iter().filter(|d| d.is_error()).count();
        assert!(
            errors_after <= errors_before,
            "{stem}: fixing added errors:\n{cur}"
        );
    }
}
