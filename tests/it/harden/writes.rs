//! `fmt` and `check --fix` write a user's file safely, and say when they did not.

use crate::cli::{pcql_in, project};

#[cfg(unix)]
#[test]
fn a_read_only_file_is_refused_reported_and_kept_unless_asked() {
    use std::os::unix::fs::PermissionsExt;
    let text = "select customertenantid from CustomersAndTenants TIMESPAN LAST_MONTH\n";
    let dir = project(&[("q.pcql", text)]);
    let p = dir.path().join("q.pcql");
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o444)).unwrap();
    for args in [&["check", "--fix", "q.pcql"][..], &["fmt", "q.pcql"][..]] {
        let r = pcql_in(dir.path(), args, None);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("read-only"), "{}", r.stderr);
        // No claim of fixes that were not written.
        assert!(!r.stderr.contains("fixed"), "{}", r.stderr);
        assert_eq!(std::fs::read_to_string(&p).unwrap(), text);
    }
    let r = pcql_in(
        dir.path(),
        &["--write-read-only", "check", "--fix", "q.pcql"],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("fixed 1 problem"), "{}", r.stderr);
    assert!(
        std::fs::read_to_string(&p)
            .unwrap()
            .contains("CustomerTenantId")
    );
    let mode = std::fs::metadata(&p).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o444);
}

#[cfg(unix)]
#[test]
fn fix_writes_through_a_link_and_leaves_no_temporary_file() {
    let text = "select customertenantid from CustomersAndTenants TIMESPAN LAST_MONTH\n";
    let dir = project(&[("real/q.pcql", text)]);
    std::os::unix::fs::symlink("real/q.pcql", dir.path().join("link.pcql")).unwrap();
    let r = pcql_in(dir.path(), &["check", "--fix", "link.pcql"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let link = dir.path().join("link.pcql");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let real = std::fs::read_to_string(dir.path().join("real/q.pcql")).unwrap();
    assert!(real.contains("CustomerTenantId"), "{real}");
    let left: Vec<_> = std::fs::read_dir(dir.path().join("real"))
        .unwrap()
        .collect();
    assert_eq!(left.len(), 1);
}
