//! `check --fix` on inputs whose fixes once could not be applied.

use crate::cli::{pcql, pcql_in, project};

#[test]
fn fix_of_top_inside_its_own_deletion_does_not_panic() {
    let r = pcql(&["check", "--fix", "-"], Some("SELECT TOP 2 ="));
    assert!(matches!(r.code, 0..=2), "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert!(r.stdout.contains("LIMIT 2"), "{}", r.stdout);
    let dir = project(&[("body.json", r#"{"Name": "n", "Query": "SELECT TOP 2 ="}"#)]);
    let r = pcql_in(dir.path(), &["check", "--fix", "body.json"], None);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert!(matches!(r.code, 0..=2), "{}", r.stderr);
    let fixed = std::fs::read_to_string(dir.path().join("body.json")).unwrap();
    assert!(fixed.contains("LIMIT 2"), "{fixed}");
}
