//! The README's diagnostics table is generated from the code registry.

#[test]
fn readme_diagnostics_table_is_current() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let table = pcql::cli::explain::markdown_table();
    assert!(
        readme.contains(&table),
        "README.md's diagnostics table is stale; replace it with the output of \
         `cargo run -- explain --list --markdown`"
    );
}
