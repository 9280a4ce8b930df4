//! Integration tests of the `pcql` binary: real processes on fixture files and stdin.

mod basics;
mod check;
mod commands;
mod docs;
mod readme;
mod repo;
mod stream;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The result of one run of the binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// The fixture directory of these tests.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cli")
}

/// Run `pcql args` in `dir` with `stdin` piped in (empty when `None`), with a
/// user cache dir of its own so no pulled schemas leak in.
pub fn pcql_in(dir: &Path, args: &[&str], stdin: Option<&str>) -> Run {
    run_with(dir, args, stdin, &[])
}

/// [`pcql_in`] without stdin, with more environment variables.
pub fn pcql_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    run_with(dir, args, None, env)
}

fn run_with(dir: &Path, args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Run {
    let cache = dir.join(".cache-for-test");
    let mut child = Command::new(env!("CARGO_BIN_EXE_pcql"))
        .args(args)
        .current_dir(dir)
        .env("XDG_CACHE_HOME", &cache)
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the pcql binary runs");
    // Written from another thread: pcql prints while it reads, so a large
    // input would otherwise fill both pipes and wait forever.
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.unwrap_or("").to_string();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(input.as_bytes());
    });
    let Output {
        status,
        stdout,
        stderr,
    } = child.wait_with_output().unwrap();
    let _ = writer.join();
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8(stdout).unwrap(),
        stderr: String::from_utf8(stderr).unwrap(),
    }
}

/// A fresh directory with `files` (path, text) written into it.
pub fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

/// Run `pcql args` in an empty temporary directory.
pub fn pcql(args: &[&str], stdin: Option<&str>) -> Run {
    let dir = project(&[]);
    pcql_in(dir.path(), args, stdin)
}
