//! Writing a user's file safely: the one way `fmt`, `check --fix`, downloads
//! and `schemas pull` put a file in place.
//!
//! - The new text goes into a temporary file created exclusively
//!   (`O_EXCL`, an unpredictable name from [`tempfile`]) in the target's own
//!   directory, so a link planted at a guessed name is never followed.
//! - The temporary file takes the target's permissions (and, where the
//!   process may, its owner and group) through its own handle, is synced, and
//!   is renamed over the target; the directory is synced after.
//! - A symbolic link at the target is written *through*: the file it points
//!   to is replaced and the link stays a link (as editors do). A link that
//!   points nowhere is refused rather than replaced by a regular file.
//! - A read-only file (no write permission) is refused unless the caller
//!   allows it ([`Replace::allow_read_only`]).
//! - When the caller says what the file held when it was read
//!   ([`Replace::expect`]), the file is read again just before the rename and
//!   the write is refused if it changed meanwhile (text appended by another
//!   program while `fmt` ran is not lost).
//!
//! On any error the temporary file is removed and the target is untouched.

use std::fs::{File, Metadata};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

/// Why a file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file has no write permission and the caller did not allow it.
    #[error("`{0}` is read-only; it was left as it is")]
    ReadOnly(PathBuf),
    /// The file changed after it was read.
    #[error("`{0}` changed while pcql worked on it; it was left as it is (run again)")]
    Changed(PathBuf),
    /// A symbolic link that points to no file.
    #[error("`{0}` is a symbolic link to a file that does not exist")]
    DanglingLink(PathBuf),
    /// The file exists and the caller asked not to replace it.
    #[error("`{0}` exists")]
    Exists(PathBuf),
    /// Any other failure of the file system.
    #[error("cannot write `{path}`: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the file system said.
        source: io::Error,
    },
}

impl WriteError {
    fn io(path: &Path) -> impl Fn(io::Error) -> WriteError + '_ {
        move |source| WriteError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// How [`replace`] may treat the file it replaces.
#[derive(Debug, Clone, Copy, Default)]
pub struct Replace<'a> {
    /// The bytes the file held when the caller read it: the write is refused
    /// when the file holds anything else just before the rename.
    pub expect: Option<&'a [u8]>,
    /// Replace a file that has no write permission.
    pub allow_read_only: bool,
}

/// Where a write to `path` lands: the file a symbolic link points to, or
/// `path` itself. Errors for a link that points nowhere.
pub fn resolve(path: &Path) -> Result<PathBuf, WriteError> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            std::fs::canonicalize(path).map_err(|e| match e.kind() {
                io::ErrorKind::NotFound => WriteError::DanglingLink(path.to_path_buf()),
                _ => WriteError::io(path)(e),
            })
        }
        _ => Ok(path.to_path_buf()),
    }
}

/// The directory of `path` (`.` for a bare file name).
fn dir_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// A new temporary file beside `path` (created exclusively, name
/// `.<name>.<tag>-<random>`), removed when dropped unless persisted.
pub fn temp_beside(path: &Path, tag: &str) -> Result<NamedTempFile, WriteError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    tempfile::Builder::new()
        .prefix(&format!(".{name}.{tag}-"))
        .tempfile_in(dir_of(path))
        .map_err(WriteError::io(path))
}

/// Give `file` the mode (and owner and group, where permitted) of `like`.
fn copy_metadata(file: &File, like: &Metadata) -> io::Result<()> {
    file.set_permissions(like.permissions())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // Only root may give a file away; a group may be kept when the
        // process belongs to it. Neither failure stops the write.
        if std::os::unix::fs::fchown(file, Some(like.uid()), Some(like.gid())).is_err() {
            let _ = std::os::unix::fs::fchown(file, None, Some(like.gid()));
        }
    }
    Ok(())
}

fn is_read_only(meta: &Metadata) -> bool {
    meta.permissions().readonly()
}

/// Replace the contents of `path` by `contents` as the module docs say.
pub fn replace(path: &Path, contents: &[u8], opts: Replace<'_>) -> Result<(), WriteError> {
    let target = resolve(path)?;
    let existing = match std::fs::metadata(&target) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(WriteError::io(path)(e)),
    };
    if let Some(m) = &existing
        && is_read_only(m)
        && !opts.allow_read_only
    {
        return Err(WriteError::ReadOnly(path.to_path_buf()));
    }
    let mut tmp = temp_beside(&target, "pcql")?;
    let io = WriteError::io(path);
    tmp.write_all(contents).map_err(&io)?;
    if let Some(m) = &existing {
        copy_metadata(tmp.as_file(), m).map_err(&io)?;
    }
    tmp.as_file().sync_all().map_err(&io)?;
    if let Some(expect) = opts.expect {
        match std::fs::read(&target) {
            Ok(now) if now == expect => {}
            Ok(_) => return Err(WriteError::Changed(path.to_path_buf())),
            Err(e) => return Err(io(e)),
        }
    }
    tmp.persist(&target).map_err(|e| io(e.error))?;
    sync_dir(dir_of(&target));
    Ok(())
}

/// Put the finished temporary file `tmp` at `path`: over an existing file
/// (through a link, keeping its mode and owner) when `overwrite`, else only
/// when nothing is there (a file that appeared meanwhile survives).
pub fn place(tmp: NamedTempFile, path: &Path, overwrite: bool) -> Result<(), WriteError> {
    let io = WriteError::io(path);
    tmp.as_file().sync_all().map_err(&io)?;
    if overwrite {
        let target = resolve(path)?;
        if let Ok(m) = std::fs::metadata(&target) {
            copy_metadata(tmp.as_file(), &m).map_err(&io)?;
        }
        tmp.persist(&target).map_err(|e| io(e.error))?;
        sync_dir(dir_of(&target));
    } else {
        match tmp.persist_noclobber(path) {
            Ok(_) => sync_dir(dir_of(path)),
            Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => {
                return Err(WriteError::Exists(path.to_path_buf()));
            }
            Err(e) => return Err(io(e.error)),
        }
    }
    Ok(())
}

/// Write a new file at `path` (in a directory the caller just made, e.g. a
/// schema directory being built): exclusive, synced.
pub fn create_new(path: &Path, contents: &[u8]) -> Result<(), WriteError> {
    let io = WriteError::io(path);
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(&io)?;
    f.write_all(contents).map_err(&io)?;
    f.sync_all().map_err(&io)
}

/// Remove files in `dir` whose names start with `prefix` and that were last
/// written more than `age` ago: the temporary files of runs that were killed.
/// Returns how many were removed.
pub fn remove_stale(dir: &Path, prefix: &str, age: std::time::Duration) -> usize {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return 0;
    };
    let now = std::time::SystemTime::now();
    let mut removed = 0;
    for e in rd.flatten() {
        if !e.file_name().to_string_lossy().starts_with(prefix) {
            continue;
        }
        let Ok(m) = e.metadata() else { continue };
        let old = m
            .modified()
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|d| d > age);
        if old && m.is_file() && std::fs::remove_file(e.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Sync a directory so a rename in it survives a crash (best effort).
pub fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn replaces_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("q.pcql");
        std::fs::write(&p, "old").unwrap();
        replace(&p, b"new", Replace::default()).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
        assert_eq!(names(dir.path()), ["q.pcql"]);
    }

    #[test]
    fn refuses_a_file_that_changed_since_it_was_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("q.pcql");
        std::fs::write(&p, "old\nappended\n").unwrap();
        let opts = Replace {
            expect: Some(b"old\n"),
            ..Replace::default()
        };
        let e = replace(&p, b"new\n", opts).unwrap_err();
        assert!(matches!(e, WriteError::Changed(_)), "{e}");
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "old\nappended\n");
        assert_eq!(names(dir.path()), ["q.pcql"]);
    }

    #[cfg(unix)]
    #[test]
    fn keeps_mode_refuses_read_only_and_writes_through_links() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.pcql");
        let link = dir.path().join("link.pcql");
        std::fs::write(&target, "old").unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        replace(&link, b"new", Replace::default()).unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        let mode = std::fs::metadata(&target).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);

        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o444)).unwrap();
        let e = replace(&target, b"newer", Replace::default()).unwrap_err();
        assert!(matches!(e, WriteError::ReadOnly(_)), "{e}");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        let opts = Replace {
            allow_read_only: true,
            ..Replace::default()
        };
        replace(&target, b"newer", opts).unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "newer");
        let mode = std::fs::metadata(&target).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o444);

        let dangling = dir.path().join("dangling.pcql");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
        let e = replace(&dangling, b"x", Replace::default()).unwrap_err();
        assert!(matches!(e, WriteError::DanglingLink(_)), "{e}");
        assert!(!dir.path().join("nowhere").exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_planted_at_the_old_temporary_name_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "secret").unwrap();
        let p = dir.path().join("q.pcql");
        std::fs::write(&p, "old").unwrap();
        // The name the old writer used, and a few guesses around it.
        for pid in [std::process::id(), 1, 2] {
            let planted = dir.path().join(format!(".q.pcql.pcql-{pid}.tmp"));
            std::os::unix::fs::symlink(&victim, planted).unwrap();
        }
        replace(&p, b"new", Replace::default()).unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "secret");
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
    }

    #[test]
    fn place_without_overwrite_keeps_a_file_that_appeared() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.csv");
        let mut t = temp_beside(&p, "partial").unwrap();
        t.write_all(b"a,b\n").unwrap();
        std::fs::write(&p, "theirs").unwrap();
        assert!(matches!(place(t, &p, false), Err(WriteError::Exists(_))));
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "theirs");
        assert_eq!(names(dir.path()), ["out.csv"]);
    }
}
