//! Writing: the user's files through [`pcql::fsutil`] (one writer for `fmt`
//! and `check --fix`), and the process's own output without ever panicking.
//!
//! `fmt` and `check --fix` replace a file only when it still holds the text
//! they read (otherwise they refuse and say so), keep its mode, write through
//! a symbolic link to the file it points to, and refuse a read-only file
//! unless `--write-read-only` is given.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use super::CliError;
use pcql::fsutil::{self, Replace};

/// `--write-read-only`, for the whole process.
static ALLOW_READ_ONLY: AtomicBool = AtomicBool::new(false);

/// Let [`write_atomic`] replace files without write permission.
pub fn allow_read_only(yes: bool) {
    ALLOW_READ_ONLY.store(yes, Ordering::Relaxed);
}

/// Replace `path`, which held `original` when it was read, by `contents`.
pub fn write_atomic(path: &Path, contents: &str, original: &str) -> Result<(), CliError> {
    let opts = Replace {
        expect: Some(original.as_bytes()),
        allow_read_only: ALLOW_READ_ONLY.load(Ordering::Relaxed),
    };
    fsutil::replace(path, contents.as_bytes(), opts).map_err(|e| match e {
        fsutil::WriteError::ReadOnly(_) => {
            CliError::new(format!("{e} (pass --write-read-only to rewrite it)"))
        }
        e => CliError::new(e.to_string()),
    })
}

/// Write a line to standard error; a closed or failing stderr loses it
/// rather than panicking as `eprintln!` does. The `cli` module's
/// `eprintln!` (and `println!`, `print!`, `eprint!`) come here.
pub fn err_line(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{args}");
}

/// Write to standard error, ignoring failures.
pub fn err(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let _ = write!(std::io::stderr(), "{args}");
}

/// Write to standard output, ignoring failures (a reader that went away).
pub fn out(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let _ = write!(std::io::stdout(), "{args}");
}

/// Write a line to standard output, ignoring failures.
pub fn out_line(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout(), "{args}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_file_that_grew_and_a_read_only_one() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("q.pcql");
        std::fs::write(&p, "select a from b;\nSELECT more\n").unwrap();
        let e = write_atomic(&p, "SELECT a FROM b;\n", "select a from b;\n").unwrap_err();
        assert!(e.to_string().contains("changed"), "{e}");
        assert_eq!(
            std::fs::read_to_string(&p).unwrap(),
            "select a from b;\nSELECT more\n"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::write(&p, "x").unwrap();
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o444)).unwrap();
            let e = write_atomic(&p, "y", "x").unwrap_err();
            assert!(e.to_string().contains("--write-read-only"), "{e}");
            assert_eq!(std::fs::read_to_string(&p).unwrap(), "x");
        }
    }
}
