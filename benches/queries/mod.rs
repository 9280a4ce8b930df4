//! The generator of the benchmark queries, shared by `parse.rs` and
//! `startup.rs`: a fixed-seed generator over the real column names of the
//! Partner Insights datasets (`schemas/mpn/*.json`), in three kinds: short
//! (~80 bytes), mixed (~230 bytes) and long (~700 bytes, 20–35 names). The
//! mixed queries are generated to check without errors: distinct names, and
//! condition values of the type the catalog's hints give the column.

#![allow(dead_code)]

use std::path::Path;

use pcql::schema::{Catalog, ColumnType, Family};

/// A dataset: its name, columns and date ranges, and its entry in the
/// bundled catalog (for the hints on its columns).
pub struct Dataset {
    pub name: String,
    pub columns: Vec<String>,
    pub ranges: Vec<String>,
    pub schema: Option<&'static pcql::schema::Dataset>,
}

pub fn datasets() -> Vec<Dataset> {
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
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn name<'a>(&mut self, items: &'a [String]) -> &'a str {
        self.pick(items).as_str()
    }

    /// `n` distinct positions below `len` (all of them when `n >= len`).
    pub fn distinct(&mut self, len: usize, n: usize) -> Vec<usize> {
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
pub fn query(
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
pub fn condition(rng: &mut Rng, ds: &Dataset, column: &str, q: &mut String) {
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
pub fn literal(v: &str) -> String {
    if v.parse::<f64>().is_ok() {
        v.to_string()
    } else {
        format!("'{}'", v.replace('\'', "''"))
    }
}

/// `n` queries of `kind` (`short`, `mixed` or `long`).
pub fn group_of(rng: &mut Rng, sets: &[Dataset], kind: &str, n: usize) -> Vec<(String, String)> {
    (0..n)
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

/// 200 queries of `kind`.
pub fn group(rng: &mut Rng, sets: &[Dataset], kind: &str) -> Vec<(String, String)> {
    group_of(rng, sets, kind, 200)
}
