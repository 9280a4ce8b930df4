//! `pcql check` on one large file of queries, as a CI step runs it: the time
//! per file, and the peak memory of the process, for a file of 10,000
//! queries and one ten times larger. The memory must stay flat: the binary
//! reads, checks and prints a file piece by piece.
//!
//! The queries are those of `examples/queries/*.pcql` (valid ones and ones
//! with SQL habits, so that every format has diagnostics to print), repeated.
//! Peak memory is what `pcql check -v` reports (Linux: `VmHWM`).

use std::path::Path;
use std::process::Command;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// The example queries, each with its comments, without the `;`.
fn example_queries() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/queries");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("examples/queries")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "pcql"))
        .collect();
    paths.sort();
    paths
        .iter()
        .flat_map(|p| {
            let text = std::fs::read_to_string(p).expect("a query file");
            text.split(';')
                .map(str::trim)
                .filter(|q| {
                    q.lines()
                        .any(|l| !l.trim_start().starts_with("--") && !l.trim().is_empty())
                })
                .map(String::from)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// A file of `n` queries in `dir`.
fn write_file(dir: &Path, queries: &[String], n: usize) -> std::path::PathBuf {
    let mut text = String::new();
    for q in queries.iter().cycle().take(n) {
        text.push_str(q);
        text.push_str(";\n\n");
    }
    let path = dir.join(format!("q{n}.pcql"));
    std::fs::write(&path, text).expect("write the query file");
    path
}

/// Run `pcql check -v --format FORMAT file`; returns its peak memory in MiB.
fn check(file: &Path, format: &str) -> Option<f64> {
    let out = Command::new(env!("CARGO_BIN_EXE_pcql"))
        .args(["check", "-v", "--format", format, "--color", "never"])
        .arg(file)
        .output()
        .expect("the pcql binary runs");
    assert_eq!(out.status.code(), Some(1), "the file has errors");
    let stderr = String::from_utf8_lossy(&out.stderr);
    stderr
        .lines()
        .find_map(|l| l.strip_prefix("pcql: peak memory "))
        .and_then(|m| m.strip_suffix(" MiB"))
        .and_then(|m| m.parse().ok())
}

fn bench(c: &mut Criterion) {
    let queries = example_queries();
    assert!(queries.len() >= 8, "example queries: {}", queries.len());
    let dir = tempfile::tempdir().expect("a temporary directory");
    let small = write_file(dir.path(), &queries, 10_000);
    let large = write_file(dir.path(), &queries, 100_000);
    for format in ["json", "human", "sarif"] {
        let peaks: Vec<Option<f64>> = [&small, &large].iter().map(|f| check(f, format)).collect();
        match (peaks[0], peaks[1]) {
            (Some(a), Some(b)) => eprintln!(
                "check_file --format {format}: peak memory {a:.1} MiB for 10,000 queries, \
                 {b:.1} MiB for 100,000 (x{:.2} for ten times the queries)",
                b / a
            ),
            _ => eprintln!("check_file: peak memory is not reported on this system"),
        }
    }
    let mut g = c.benchmark_group("check_file");
    g.sample_size(10);
    for (name, file) in [("10k", &small), ("100k", &large)] {
        let bytes = std::fs::metadata(file).map_or(0, |m| m.len());
        g.throughput(Throughput::Bytes(bytes));
        g.bench_function(name, |b| b.iter(|| check(file, "json")));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
