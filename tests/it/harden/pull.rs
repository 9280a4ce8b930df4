//! A `schemas pull` killed between its two renames is finished by the next run.

use crate::cli::{pcql_in, project};

#[test]
fn check_after_a_pull_killed_mid_swap_restores_the_cache() {
    let dir = project(&[(
        "q.pcql",
        "SELECT CustomerTenantId FROM CustomersAndTenants TIMESPAN LAST_MONTH\n",
    )]);
    let schemas = dir.path().join(".cache-for-test/pcql/schemas");
    // What the kill left: the old directory moved aside, the new one complete.
    let aside = schemas.join(".mpn.old-0123456789abcdef");
    let new = schemas.join(".mpn.new-0123456789abcdef");
    for d in [&aside, &new] {
        std::fs::create_dir_all(d).unwrap();
        std::fs::write(
            d.join("CustomersAndTenants.json"),
            r#"{"datasetName": "CustomersAndTenants", "selectableColumns": ["CustomerTenantId"], "availableMetrics": [], "availableDateRanges": ["LAST_MONTH"]}"#,
        )
        .unwrap();
        std::fs::write(
            d.join("_meta.json"),
            r#"{"family": "mpn", "authoritative": true, "datasets_complete": true}"#,
        )
        .unwrap();
    }
    let r = pcql_in(dir.path(), &["check", "q.pcql"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("restored"), "{}", r.stderr);
    assert!(schemas.join("mpn/CustomersAndTenants.json").is_file());
    assert!(!aside.exists() && !new.exists());
    let r = pcql_in(dir.path(), &["check", "q.pcql"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("restored"), "{}", r.stderr);
}
