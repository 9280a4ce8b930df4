//! The README's diagnostics table is generated from the code registry.

#[test]
fn readme_diagnostics_table_is_current() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let r = super::pcql_in(root, &["explain", "--list", "--markdown"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let table = r.stdout;
    assert!(table.lines().count() > 80, "{table}");
    assert!(
        readme.contains(&table),
        "README.md's diagnostics table is stale; replace it with the output of \
         `cargo run -- explain --list --markdown`"
    );
}

/// The README's run command: what it says the command prints and how it exits.
#[test]
fn readme_run_command_output_is_true() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(readme.contains("cargo run --release -- check examples/queries"));
    let r = super::pcql_in(root, &["check", "examples/queries"], None);
    assert_eq!(r.code, 1, "the README says exit status 1");
    assert!(readme.contains("**exits with status 1**"));
    let summary = r.stderr.lines().last().unwrap();
    assert!(
        readme.contains(&format!("ends with `{summary}`")),
        "README should quote the summary `{summary}`"
    );
    // The excerpt the README shows is part of the real output.
    for line in [
        "  × `CustomerNmae` is not a column or metric of `CustomersAndTenants`",
        "  help: did you mean `CustomerName`?",
    ] {
        assert!(r.stdout.contains(line) && readme.contains(line), "{line}");
    }
}
