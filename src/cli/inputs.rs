//! What to read: files, directories walked for query and request-body files,
//! and standard input.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::CliError;

/// How a text is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `.pcql` / `.sql`: queries separated by `;`.
    Queries,
    /// `.json`: a `ScheduledQueries` or `ScheduledReport` request body.
    Body,
}

impl Kind {
    /// The kind of a file by its extension (queries unless `.json`).
    pub fn of(path: &Path) -> Kind {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("json") => Kind::Body,
            _ => Kind::Queries,
        }
    }
}

/// One text to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The file, or `None` for standard input.
    pub path: Option<PathBuf>,
    /// How to check it.
    pub kind: Kind,
}

impl Input {
    /// Standard input, checked as `kind`.
    pub fn stdin(kind: Kind) -> Input {
        Input { path: None, kind }
    }

    /// The name in machine output: the path as given, or `-`.
    pub fn name(&self) -> String {
        match &self.path {
            Some(p) => p.display().to_string(),
            None => "-".to_string(),
        }
    }

    /// The name in human output: the path as given, or `<stdin>`.
    pub fn human_name(&self) -> String {
        match &self.path {
            Some(p) => p.display().to_string(),
            None => "<stdin>".to_string(),
        }
    }

    /// Read the text (standard input must be read once, by the caller).
    pub fn read(&self) -> Result<String, CliError> {
        match &self.path {
            Some(p) => std::fs::read_to_string(p)
                .map_err(|e| CliError::new(format!("cannot read `{}`: {e}", p.display()))),
            None => read_stdin(),
        }
    }
}

/// All of standard input as text.
pub fn read_stdin() -> Result<String, CliError> {
    let mut s = String::new();
    std::io::stdin()
        .read_to_string(&mut s)
        .map_err(|e| CliError::new(format!("cannot read standard input: {e}")))?;
    Ok(s)
}

/// The inputs named by `args`: `-` is standard input, a directory is walked
/// for files with one of `exts`, anything else is a file. With no arguments,
/// standard input when it is not a terminal. Files come sorted by path,
/// without duplicates; standard input first.
pub fn collect(
    args: &[PathBuf],
    exts: &[&str],
    stdin_is_tty: bool,
) -> Result<Vec<Input>, CliError> {
    let mut files = Vec::new();
    let mut stdin = false;
    if args.is_empty() {
        if stdin_is_tty {
            return Err(CliError::new(
                "no input: name files or directories, or pipe queries into `pcql check -`",
            ));
        }
        stdin = true;
    }
    for a in args {
        if a.as_os_str() == "-" {
            stdin = true;
        } else if a.is_dir() {
            walk(a, exts, &mut files).map_err(|e| {
                CliError::new(format!("cannot read directory `{}`: {e}", a.display()))
            })?;
        } else if a.exists() {
            files.push(a.clone());
        } else {
            return Err(CliError::new(format!(
                "cannot read `{}`: no such file or directory",
                a.display()
            )));
        }
    }
    files.sort();
    files.dedup();
    let mut out: Vec<Input> = Vec::with_capacity(files.len() + 1);
    if stdin {
        out.push(Input::stdin(Kind::Queries));
    }
    out.extend(files.into_iter().map(|p| Input {
        kind: Kind::of(&p),
        path: Some(p),
    }));
    Ok(out)
}

/// Add the files under `dir` with one of `exts`, skipping hidden entries and `target/`.
fn walk(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        let path = e.path();
        let ty = e.file_type()?;
        if ty.is_dir() || (ty.is_symlink() && path.is_dir()) {
            if name != "target" {
                walk(&path, exts, out)?;
            }
        } else if path
            .extension()
            .and_then(|x| x.to_str())
            .is_some_and(|x| exts.iter().any(|e| e.eq_ignore_ascii_case(x)))
        {
            out.push(path);
        }
    }
    Ok(())
}

/// Replace the contents of a file safely (see [`super::write`]).
pub use super::write::write_atomic;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_sorted_skipping_hidden_and_target() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "b.pcql",
            "a/z.sql",
            "a/y.json",
            "a/notes.txt",
            ".hidden/x.pcql",
            "target/x.pcql",
            "c/.x.pcql",
        ] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "").unwrap();
        }
        let got = collect(&[root.to_path_buf()], &["pcql", "sql", "json"], true).unwrap();
        let names: Vec<_> = got
            .iter()
            .map(|i| {
                i.path
                    .as_ref()
                    .unwrap()
                    .strip_prefix(root)
                    .unwrap()
                    .to_path_buf()
            })
            .collect();
        assert_eq!(
            names,
            [PathBuf::from("a/y.json"), "a/z.sql".into(), "b.pcql".into()]
        );
        assert_eq!(got[0].kind, Kind::Body);
        assert_eq!(got[1].kind, Kind::Queries);
    }

    #[test]
    fn missing_path_and_tty_without_args_are_errors() {
        let e = collect(&[PathBuf::from("no/such.pcql")], &["pcql"], true).unwrap_err();
        assert!(e.to_string().contains("no/such.pcql"));
        assert!(collect(&[], &["pcql"], true).is_err());
        assert_eq!(
            collect(&[], &["pcql"], false).unwrap(),
            [Input::stdin(Kind::Queries)]
        );
    }
}
