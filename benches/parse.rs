//! Parser throughput: `pcql::syntax::parse` against sqlparser's generic SQL
//! parser on the same queries (without the TIMESPAN clause, which is not SQL).
//!
//! Queries come from a fixed-seed generator over the real column names of the
//! Partner Insights datasets (`schemas/mpn/*.json`), in three groups: short
//! (~80 bytes), mixed (~225 bytes) and long (~550 bytes, 20–35 names).

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sqlparser::dialect::GenericDialect;
use sqlparser::parser::Parser;

/// A dataset: its name, columns and date ranges.
struct Dataset {
    name: String,
    columns: Vec<String>,
    ranges: Vec<String>,
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
            (columns.len() >= 20 && !ranges.is_empty()).then_some(Dataset {
                name,
                columns,
                ranges,
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
}

/// One query: (pcql text, the same without TIMESPAN for sqlparser).
fn query(rng: &mut Rng, ds: &Dataset, names: usize, conds: usize, order: bool) -> (String, String) {
    let mut q = String::from("SELECT ");
    for i in 0..names {
        if i > 0 {
            q.push_str(", ");
        }
        q.push_str(rng.name(&ds.columns));
    }
    q.push_str(" FROM ");
    q.push_str(&ds.name);
    for i in 0..conds {
        q.push_str(if i == 0 { " WHERE " } else { " AND " });
        q.push_str(rng.name(&ds.columns));
        match rng.below(4) {
            0 => q.push_str(&format!(
                " = '{}'",
                rng.pick(&["US", "Canada", "Germany", "Japan"])
            )),
            1 => q.push_str(&format!(" > {}", rng.below(100_000))),
            2 => q.push_str(" IN ('Enterprise', 'SMB', 'Education')"),
            _ => q.push_str(" LIKE '%Contoso%'"),
        }
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

fn group(rng: &mut Rng, sets: &[Dataset], kind: &str) -> Vec<(String, String)> {
    (0..200)
        .map(|_| {
            let ds = rng.pick(sets);
            let (names, conds, order) = match kind {
                "short" => (1 + rng.below(2), 0, false),
                "mixed" => (3 + rng.below(3), 1 + rng.below(2), true),
                _ => (20 + rng.below(16), 0, true),
            };
            query(rng, ds, names, conds, order)
        })
        .collect()
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
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
