//! Parser throughput: `pcql::syntax::parse` against sqlparser's generic SQL
//! parser on the same queries (without the TIMESPAN clause, which is not SQL),
//! and the throughput of parse + schema check against sqlparser's parse alone.
//!
//! Queries come from a fixed-seed generator over the real column names of the
//! Partner Insights datasets (`schemas/mpn/*.json`), in three groups: short
//! (~80 bytes), mixed (~230 bytes) and long (~700 bytes, 20–35 names). The
//! group `check/mixed` runs `pcql::syntax::parse` then `pcql::check::check`
//! against the bundled catalog on the mixed queries, which are generated to
//! check without errors: distinct names, and condition values of the type the
//! catalog's hints give the column.

mod queries;

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use pcql::check::{CheckOptions, check};
use pcql::diagnostic::Severity;
use pcql::schema::Catalog;
use queries::{Rng, datasets, group};
use sqlparser::dialect::GenericDialect;
use sqlparser::parser::Parser;

/// Check every query against the bundled catalog: none may have an error.
/// Prints how many warnings and advice each code gives. With the fixed seed
/// the 200 mixed queries give no warning and three advice: one PQ5002
/// (only metrics selected) and two PQ5003 (a date range in WHERE).
fn assert_checks(queries: &[(String, String)]) {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (q, _) in queries {
        let parsed = pcql::syntax::parse(q);
        let diags = check(&parsed.query, Catalog::bundled(), &CheckOptions::default());
        let errors: Vec<_> = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{q}: {errors:?}");
        for d in &diags {
            *counts.entry(d.code.as_str()).or_default() += 1;
        }
    }
    eprintln!("check/mixed: no errors; warnings and advice by code: {counts:?}");
}

fn bench(c: &mut Criterion) {
    let sets = datasets();
    assert!(!sets.is_empty(), "no datasets under schemas/mpn");
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for kind in ["short", "mixed", "long"] {
        let queries = group(&mut rng, &sets, kind);
        for (q, sql) in &queries {
            let p = pcql::syntax::parse(q);
            assert!(p.diagnostics.is_empty(), "{q}: {:?}", p.diagnostics);
            assert!(Parser::parse_sql(&GenericDialect {}, sql).is_ok(), "{sql}");
        }
        let pcql_bytes: usize = queries.iter().map(|(q, _)| q.len()).sum();
        let sql_bytes: usize = queries.iter().map(|(_, s)| s.len()).sum();
        eprintln!(
            "{kind}: {} queries, {} bytes on average",
            queries.len(),
            pcql_bytes / queries.len()
        );
        let mut g = c.benchmark_group(kind);
        g.throughput(Throughput::Bytes(pcql_bytes as u64));
        g.bench_function("pcql", |b| {
            b.iter(|| {
                for (q, _) in &queries {
                    black_box(pcql::syntax::parse(black_box(q)));
                }
            })
        });
        g.throughput(Throughput::Bytes(sql_bytes as u64));
        g.bench_function("sqlparser", |b| {
            b.iter(|| {
                for (_, sql) in &queries {
                    let _ = black_box(Parser::parse_sql(&GenericDialect {}, black_box(sql)));
                }
            })
        });
        g.finish();
        if kind == "mixed" {
            check_group(c, &queries, pcql_bytes, sql_bytes);
        }
    }
}

/// pcql's parse + check against sqlparser's parse alone, on the same queries.
fn check_group(
    c: &mut Criterion,
    queries: &[(String, String)],
    pcql_bytes: usize,
    sql_bytes: usize,
) {
    assert_checks(queries);
    let catalog = Catalog::bundled();
    let opts = CheckOptions::default();
    let mut g = c.benchmark_group("check/mixed");
    g.throughput(Throughput::Bytes(pcql_bytes as u64));
    g.bench_function("pcql", |b| {
        b.iter(|| {
            for (q, _) in queries {
                let parsed = pcql::syntax::parse(black_box(q));
                black_box(check(&parsed.query, catalog, &opts));
                black_box(parsed);
            }
        })
    });
    g.throughput(Throughput::Bytes(sql_bytes as u64));
    g.bench_function("sqlparser", |b| {
        b.iter(|| {
            for (_, sql) in queries {
                let _ = black_box(Parser::parse_sql(&GenericDialect {}, black_box(sql)));
            }
        })
    });
    g.finish();
    interleaved(queries, pcql_bytes, sql_bytes);
}

/// The throughput ratio measured in alternation: each round times pcql
/// (parse + check) and sqlparser (parse) back to back over every query, so
/// both see the same machine (each as the fastest of a few passes); the
/// median over the rounds is printed. On a
/// shared machine this is steadier than dividing criterion's two estimates,
/// which are taken seconds apart.
fn interleaved(queries: &[(String, String)], pcql_bytes: usize, sql_bytes: usize) {
    let catalog = Catalog::bundled();
    let opts = CheckOptions::default();
    // The fastest of a few passes: the first pass after the other parser
    // runs on caches that parser filled.
    let time = |f: &dyn Fn(), passes: usize| {
        (0..passes)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min)
    };
    let ours = || {
        for (q, _) in queries {
            let parsed = pcql::syntax::parse(black_box(q));
            black_box(check(&parsed.query, catalog, &opts));
        }
    };
    let theirs = || {
        for (_, sql) in queries {
            let _ = black_box(Parser::parse_sql(&GenericDialect {}, black_box(sql)));
        }
    };
    let mut ratios: Vec<f64> = (0..101)
        .map(|round| {
            // Alternate which goes first, so neither always runs on a warm cache.
            let (a, b) = if round % 2 == 0 {
                (time(&ours, 8), time(&theirs, 3))
            } else {
                let b = time(&theirs, 3);
                (time(&ours, 8), b)
            };
            (pcql_bytes as f64 / a) / (sql_bytes as f64 / b)
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    let q = |p: usize| ratios[p * (ratios.len() - 1) / 100];
    eprintln!(
        "check/mixed interleaved: pcql parse+check throughput = {:.1}x sqlparser parse \
         (median of {} rounds; quartiles {:.1}x to {:.1}x)",
        q(50),
        ratios.len(),
        q(25),
        q(75)
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
