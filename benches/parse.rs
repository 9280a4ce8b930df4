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

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use pcql::check::{CheckOptions, check};
use pcql::diagnostic::Severity;
use pcql::schema::{Catalog, ColumnType, Family};
use sqlparser::dialect::GenericDialect;
use sqlparser::parser::Parser;

/// A dataset: its name, columns and date ranges, and its entry in the
/// bundled catalog (for the hints on its columns).
struct Dataset {
    name: String,
    columns: Vec<String>,
    ranges: Vec<String>,
    schema: Option<&'static pcql::schema::Dataset>,
}

fn datasets() -> Vec<Dataset> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/mpn");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("schemas/mpn")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "json")
                && !p.file_name().unwrap().to_string_lossy().starts_with('_')
        })
        .collect();
    paths.sort();
    paths
        .iter()
        .filter_map(|p| {
            let v: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(p).ok()?).ok()?;
            let strings = |key: &str| -> Vec<String> {
                v[key]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|s| s.as_str().map(String::from))
                            .collect()
                    })
                    .unwrap_or_default()
            };
            let mut columns = strings("selectableColumns");
            columns.extend(strings("availableMetrics"));
            let ranges = strings("availableDateRanges");
            let name = v["datasetName"].as_str()?.to_string();
            let schema = Catalog::bundled().dataset(&name, Some(Family::Mpn));
            (columns.len() >= 20 && !ranges.is_empty()).then_some(Dataset {
                name,
                columns,
                ranges,
                schema,
            })
        })
        .collect()
}

/// xorshift64: a tiny fixed-seed generator, so every run parses the same text.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn name<'a>(&mut self, items: &'a [String]) -> &'a str {
        self.pick(items).as_str()
    }

    /// `n` distinct positions below `len` (all of them when `n >= len`).
    fn distinct(&mut self, len: usize, n: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..len).collect();
        for i in 0..n.min(len) {
            let j = i + self.below(len - i);
            all.swap(i, j);
        }
        all.truncate(n);
        all
    }
}

/// One query: (pcql text, the same without TIMESPAN for sqlparser). With
/// `distinct`, no name is selected twice and no column has two conditions.
fn query(
    rng: &mut Rng,
    ds: &Dataset,
    names: usize,
    conds: usize,
    order: bool,
    distinct: bool,
) -> (String, String) {
    let pick = |rng: &mut Rng, n: usize| -> Vec<usize> {
        if distinct {
            rng.distinct(ds.columns.len(), n)
        } else {
            (0..n).map(|_| rng.below(ds.columns.len())).collect()
        }
    };
    let mut q = String::from("SELECT ");
    for (i, c) in pick(rng, names).into_iter().enumerate() {
        if i > 0 {
            q.push_str(", ");
        }
        q.push_str(&ds.columns[c]);
    }
    q.push_str(" FROM ");
    q.push_str(&ds.name);
    for (i, c) in pick(rng, conds).into_iter().enumerate() {
        q.push_str(if i == 0 { " WHERE " } else { " AND " });
        q.push_str(&ds.columns[c]);
        condition(rng, ds, &ds.columns[c], &mut q);
    }
    if order {
        q.push_str(" ORDER BY ");
        q.push_str(rng.name(&ds.columns));
        q.push_str(if rng.below(2) == 0 { " ASC" } else { " DESC" });
        q.push_str(&format!(" LIMIT {}", 1 + rng.below(10_000)));
    }
    let sql = q.clone();
    q.push_str(" TIMESPAN ");
    q.push_str(rng.name(&ds.ranges));
    (q, sql)
}

/// The operator and value of a condition on `column`: of the column's type
/// when the bundled catalog's hints know it, else one of four generic forms.
fn condition(rng: &mut Rng, ds: &Dataset, column: &str, q: &mut String) {
    let hint = ds
        .schema
        .and_then(|s| s.column(column))
        .and_then(|n| n.hint);
    let values = hint.map(|h| h.values.as_slice()).unwrap_or_default();
    match hint.and_then(|h| h.ty) {
        _ if !values.is_empty() => {
            let n = 1 + rng.below(values.len().min(2));
            let list: Vec<String> = rng
                .distinct(values.len(), n)
                .into_iter()
                .map(|i| literal(&values[i]))
                .collect();
            if n == 1 {
                q.push_str(&format!(" = {}", list[0]));
            } else {
                q.push_str(&format!(" IN ({})", list.join(", ")));
            }
        }
        Some(ColumnType::Integer | ColumnType::Decimal) => {
            let op = rng.pick(&[">", ">=", "<"]);
            q.push_str(&format!(" {op} {}", rng.below(100_000)));
        }
        Some(ColumnType::Date | ColumnType::DateTime) => {
            let (m, d) = (1 + rng.below(12), 1 + rng.below(28));
            q.push_str(&format!(" >= '2024-{m:02}-{d:02}'"));
        }
        Some(ColumnType::Guid) => {
            let g = format!("{:016x}{:016x}", rng.next(), rng.next());
            q.push_str(&format!(
                " = '{}-{}-{}-{}-{}'",
                &g[..8],
                &g[8..12],
                &g[12..16],
                &g[16..20],
                &g[20..]
            ));
        }
        Some(ColumnType::Boolean01) => q.push_str(&format!(" = {}", rng.below(2))),
        Some(ColumnType::YesNo) => q.push_str(&format!(" = '{}'", rng.pick(&["Y", "N"]))),
        Some(ColumnType::String) | None => match rng.below(4) {
            0 => {
                let seen = hint.map(|h| h.values_seen.as_slice()).unwrap_or_default();
                let v = if seen.is_empty() {
                    rng.pick(&["US", "Canada", "Germany", "Japan"]).to_string()
                } else {
                    rng.pick(seen).clone()
                };
                q.push_str(&format!(" = {}", literal(&v)));
            }
            1 => q.push_str(&format!(" > {}", rng.below(100_000))),
            2 => q.push_str(" IN ('Enterprise', 'SMB', 'Education')"),
            _ => q.push_str(" LIKE '%Contoso%'"),
        },
    }
}

/// A value as a literal: numbers bare, text in single quotes.
fn literal(v: &str) -> String {
    if v.parse::<f64>().is_ok() {
        v.to_string()
    } else {
        format!("'{}'", v.replace('\'', "''"))
    }
}

fn group(rng: &mut Rng, sets: &[Dataset], kind: &str) -> Vec<(String, String)> {
    (0..200)
        .map(|_| {
            let ds = rng.pick(sets);
            let (names, conds, order) = match kind {
                "short" => (1 + rng.below(2), 0, false),
                "mixed" => (3 + rng.below(3), 1 + rng.below(2), true),
                _ => (20 + rng.below(16), 0, true),
            };
            query(rng, ds, names, conds, order, kind == "mixed")
        })
        .collect()
}

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
