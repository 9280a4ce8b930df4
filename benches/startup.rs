//! Whole processes, measured side by side in one run:
//!
//! - start-up: `pcql check` on a file of one query against `pcql --version`
//!   (the cost of starting the binary at all);
//! - throughput: `pcql check` on a generated file of 10,000 queries (the
//!   mixed queries of `parse.rs`, ~2.3 MB, which check without errors)
//!   against the in-process parse + check of the same queries on one thread
//!   (what `check/mixed` in `parse.rs` measures) and against a parse-only
//!   command line built on sqlparser (`examples/sqlparser_cli.rs`, run here
//!   as this benchmark's own binary with `--sqlparser-cli FILE`).
//!
//! Each round times every contender back to back (the fastest of a few runs
//! each, in alternating order), and the medians over the rounds are printed,
//! as `parse.rs` does: on a shared machine this is steadier than separate
//! runs. Set `PCQL_BEFORE` to another `pcql` binary (e.g. one built from an
//! older commit) to measure it in the same rounds. The query files stay in
//! `target/tmp/startup/` for profiling by hand.
//!
//! The `pcql` that `cargo bench` builds is not quite the one users get:
//! building the benchmarks turns on the features that the dev-dependencies
//! ask of shared crates, which makes the binary larger and its start-up
//! slower (more pages to relocate). Set `PCQL_BIN` to a binary built with
//! `cargo build --release` to measure that one instead, e.g.
//! `cargo build --release && cp target/release/pcql /tmp/pcql-new &&
//! PCQL_BIN=/tmp/pcql-new cargo bench --bench startup`.

mod queries;
#[path = "../examples/sqlparser_cli.rs"]
mod sqlparser_cli;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use pcql::check::{CheckOptions, check};
use pcql::schema::Catalog;

/// One run of `bin args…`, its wall time in seconds; the exit code must be `code`.
fn run(bin: &Path, args: &[&str], code: i32) -> f64 {
    let start = Instant::now();
    let status = Command::new(bin)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("the binary runs");
    let t = start.elapsed().as_secs_f64();
    assert_eq!(status.code(), Some(code), "{} {args:?}", bin.display());
    t
}

/// The fastest of `n` calls of `f`.
fn fastest(n: usize, f: &mut dyn FnMut() -> f64) -> f64 {
    (0..n).map(|_| f()).fold(f64::INFINITY, f64::min)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// A contender: a name and how to time it once.
type Contender<'a> = (String, Box<dyn FnMut() -> f64 + 'a>);

/// `rounds` rounds of every contender (the fastest of `passes` each, the
/// order reversed every other round); the times of each, by round.
fn rounds(contenders: &mut [Contender<'_>], rounds: usize, passes: usize) -> Vec<Vec<f64>> {
    let mut times = vec![Vec::new(); contenders.len()];
    for round in 0..rounds {
        let mut order: Vec<usize> = (0..contenders.len()).collect();
        if round % 2 == 1 {
            order.reverse();
        }
        for i in order {
            times[i].push(fastest(passes, &mut contenders[i].1));
        }
    }
    times
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--sqlparser-cli") {
        let text = std::fs::read_to_string(&args[i + 1]).expect("the query file");
        let (_, failed) = sqlparser_cli::parse_all(&text);
        std::process::exit(i32::from(failed > 0));
    }
    let pcql = std::env::var_os("PCQL_BIN")
        .map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_pcql")), PathBuf::from);
    let before = std::env::var_os("PCQL_BEFORE").map(PathBuf::from);
    let me = std::env::current_exe().expect("the benchmark's own path");
    // Kept after the run, for profiling by hand.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("startup");
    std::fs::create_dir_all(&dir).expect("a directory for the query files");

    let one = dir.join("one.pcql");
    std::fs::write(
        &one,
        "SELECT CustomerName FROM CustomersAndTenants TIMESPAN LAST_MONTH\n",
    )
    .expect("write one.pcql");
    let sets = queries::datasets();
    let mut rng = queries::Rng(0x9E37_79B9_7F4A_7C15);
    let queries = queries::group_of(&mut rng, &sets, "mixed", 10_000);
    let mut text = String::new();
    for (q, _) in &queries {
        text.push_str(q);
        text.push_str(";\n");
    }
    let big = dir.join("q10k.pcql");
    std::fs::write(&big, &text).expect("write q10k.pcql");
    let mb = text.len() as f64 / 1e6;
    eprintln!(
        "startup: {} queries, {:.2} MB; one-query file {}",
        queries.len(),
        mb,
        one.display()
    );

    startup(&pcql, before.as_deref(), &one);
    throughput(&pcql, before.as_deref(), &me, &big, &queries, mb);
}

/// `pcql check` on one query against `pcql --version`.
fn startup(pcql: &Path, before: Option<&Path>, one: &Path) {
    let one = one.to_str().expect("a UTF-8 path");
    let mut bins = vec![("pcql", pcql)];
    bins.extend(before.map(|b| ("before", b)));
    let mut contenders: Vec<Contender<'_>> = Vec::new();
    for &(name, bin) in &bins {
        contenders.push((
            format!("{name} --version"),
            Box::new(move || run(bin, &["--version"], 0)),
        ));
        contenders.push((
            format!("{name} check one.pcql"),
            Box::new(move || run(bin, &["check", "--color", "never", one], 0)),
        ));
    }
    let times = rounds(&mut contenders, 41, 5);
    for (i, &(name, _)) in bins.iter().enumerate() {
        let (v, c) = (&times[2 * i], &times[2 * i + 1]);
        let ratios: Vec<f64> = c.iter().zip(v).map(|(c, v)| c / v).collect();
        eprintln!(
            "startup {name}: check one query {:.2} ms, --version {:.2} ms: check = {:.2}x --version \
             (median of {} rounds)",
            median(c.clone()) * 1e3,
            median(v.clone()) * 1e3,
            median(ratios),
            c.len()
        );
    }
}

/// `pcql check` on the large file against parse + check in this process
/// and against the sqlparser command line.
fn throughput(
    pcql: &Path,
    before: Option<&Path>,
    me: &Path,
    big: &Path,
    queries: &[(String, String)],
    mb: f64,
) {
    let file = big.to_str().expect("a UTF-8 path");
    let catalog = Catalog::bundled();
    let opts = CheckOptions::default();
    let mut contenders: Vec<Contender<'_>> = vec![
        (
            "pcql check (process)".into(),
            Box::new(|| run(pcql, &["check", "--color", "never", file], 0)),
        ),
        (
            "parse + check (in process, one thread)".into(),
            Box::new(|| {
                let start = Instant::now();
                for (q, _) in queries {
                    let parsed = pcql::syntax::parse(black_box(q));
                    black_box(check(&parsed.query, catalog, &opts));
                }
                start.elapsed().as_secs_f64()
            }),
        ),
        (
            "sqlparser_cli (process, parse only)".into(),
            Box::new(|| run(me, &["--sqlparser-cli", file], 0)),
        ),
    ];
    if let Some(b) = before {
        contenders.push((
            "before: pcql check (process)".into(),
            Box::new(move || run(b, &["check", "--color", "never", file], 0)),
        ));
    }
    let times = rounds(&mut contenders, 15, 2);
    let speed: Vec<f64> = times.iter().map(|t| mb / median(t.clone())).collect();
    for ((name, _), s) in contenders.iter().zip(&speed) {
        eprintln!("throughput {name}: {s:.1} MB/s");
    }
    let ratio =
        |a: usize, b: usize| median(times[a].iter().zip(&times[b]).map(|(x, y)| y / x).collect());
    eprintln!(
        "throughput: pcql check process = {:.2}x in-process parse + check, {:.1}x sqlparser_cli \
         (medians of {} rounds, {} cores)",
        ratio(0, 1),
        ratio(0, 2),
        times[0].len(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    if before.is_some() {
        eprintln!(
            "throughput: before = {:.2}x in-process parse + check, {:.1}x sqlparser_cli",
            ratio(3, 1),
            ratio(3, 2)
        );
    }
}
