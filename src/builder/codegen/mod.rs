//! The generator of `src/datasets/` from `schemas/` (test-only code).
//!
//! # Why a checked-in file with a staleness test, not a build script
//!
//! The typed datasets are generated Rust checked into `src/datasets/`. The
//! test [`tests::generated_datasets_are_fresh`] regenerates them from
//! `schemas/` and fails when the checked-in files differ; run it with
//! `PCQL_REGENERATE=1` to rewrite them. Checked-in output keeps rustdoc and
//! IDE navigation on real files, costs no build-script compile on the 2-core
//! CI, and a schema refresh shows up as a reviewable diff of the typed API.
//!
//! The output is compact: one `dataset!` invocation per dataset (the macro
//! in `builder/dataset.rs` expands it to a type, its `Dataset`/`Offers` impls and one
//! constant per column and metric), so about 1,000 names compile quickly.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::{Map, Value};

mod names;
use names::{camel, disambiguate, range_variant, screaming_snake};

/// The families: directory, Rust module, title.
const FAMILIES: &[(&str, &str, &str)] = &[
    ("mpn", "mpn", "Partner Insights"),
    ("cmp", "cmp", "Commercial marketplace"),
    ("apps-games", "apps_games", "Apps and games"),
];

/// Names of the `Dataset` trait's items: a column may not take them.
const RESERVED: &[&str] = &[
    "DATASET",
    "FAMILY",
    "COLUMN_NAMES",
    "METRIC_NAMES",
    "DATE_RANGES",
];

/// A value enum generated for a `string` column whose allowed values are known.
struct EnumDef {
    rust: String,
    column: String,
    values: Vec<String>,
}

/// Everything the generator reads.
struct Input {
    families: Vec<FamilyInput>,
}

/// One family's files.
struct FamilyInput {
    /// The datasets, sorted by file name.
    datasets: Vec<Value>,
    /// `_hints.json` → `datasets`.
    hints: Map<String, Value>,
    /// `_meta.json` → `datasets`.
    meta: Map<String, Value>,
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read_input(schemas: &Path) -> Input {
    let mut families = Vec::new();
    for (dir, _, _) in FAMILIES {
        let path = schemas.join(dir);
        let mut files: Vec<_> = std::fs::read_dir(&path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .map(|e| e.unwrap().path())
            .filter(|p| {
                let name = p.file_name().unwrap().to_string_lossy();
                name.ends_with(".json") && !name.starts_with('_')
            })
            .collect();
        files.sort();
        let datasets = files.iter().map(|p| read_json(p)).collect();
        let section = |file: &str| {
            read_json(&path.join(file))["datasets"]
                .as_object()
                .cloned()
                .unwrap_or_default()
        };
        families.push(FamilyInput {
            datasets,
            hints: section("_hints.json"),
            meta: section("_meta.json"),
        });
    }
    Input { families }
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// The value type of a name, from its hint.
fn value_type(
    hint: Option<&Value>,
    metric: bool,
    enums: &mut Vec<EnumDef>,
    column: &str,
) -> String {
    let ty = hint.and_then(|h| h["type"].as_str());
    let values = hint.map(|h| strings(&h["values"])).unwrap_or_default();
    if metric {
        return if ty == Some("integer") {
            "Integer"
        } else {
            "Decimal"
        }
        .into();
    }
    match (ty, values.as_slice()) {
        (Some("integer"), _) => "Integer".into(),
        (Some("decimal"), _) => "Decimal".into(),
        (Some("date"), _) => "Date".into(),
        (Some("datetime"), _) => "DateTime".into(),
        (Some("guid"), _) => "Guid".into(),
        (Some("boolean01"), _) => "Bit".into(),
        (Some("yesno"), _) => yes_no(&values, hint),
        (Some("string"), vs) if !vs.is_empty() => enum_for(column, vs, enums),
        _ => "Text".into(),
    }
}

/// `YesNo` when the column's values (or, without a list, the values seen)
/// are spelled `Yes`/`No`; `YN` otherwise. The check accepts either spelling
/// for a `yesno` column, so the enum only picks how the text reads.
fn yes_no(values: &[String], hint: Option<&Value>) -> String {
    let seen = hint.map(|h| strings(&h["values_seen"])).unwrap_or_default();
    let spelled = if values.is_empty() { &seen } else { values };
    if spelled.iter().any(|v| v.eq_ignore_ascii_case("yes")) {
        "YesNo".into()
    } else {
        "YN".into()
    }
}

/// The generated enum for `column` with `values`, made on first use.
fn enum_for(column: &str, values: &[String], enums: &mut Vec<EnumDef>) -> String {
    if let Some(e) = enums
        .iter()
        .find(|e| e.column == column && e.values == values)
    {
        return e.rust.clone();
    }
    let taken: Vec<String> = enums.iter().map(|e| e.rust.clone()).collect();
    let mut rust = camel(column);
    let mut n = 1;
    while taken.contains(&rust) || ["Bit", "YN", "YesNo", "Text"].contains(&rust.as_str()) {
        n += 1;
        rust = format!("{}{n}", camel(column));
    }
    enums.push(EnumDef {
        rust: rust.clone(),
        column: column.into(),
        values: values.to_vec(),
    });
    rust
}

fn code_list(vs: &[String]) -> String {
    vs.iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The doc comment of one column or metric.
fn name_doc(name: &str, metric: bool, ty: &str, hint: Option<&Value>) -> Vec<String> {
    let what = if metric { "metric" } else { "column" };
    let hinted = hint.and_then(|h| h["type"].as_str());
    let kind = match hinted {
        Some(t) => format!("type `{t}`"),
        None => "no type hint".into(),
    };
    let mut lines = vec![format!("`{name}` ({what}, {kind}): filters take [`{ty}`].")];
    if let Some(h) = hint {
        if let Some(d) = h["description"].as_str() {
            lines.push(String::new());
            lines.push(d.to_string());
        }
        let values = strings(&h["values"]);
        if !values.is_empty() {
            lines.push(String::new());
            lines.push(format!("Allowed values: {}.", code_list(&values)));
        }
        let seen = strings(&h["values_seen"]);
        if !seen.is_empty() {
            lines.push(String::new());
            lines.push(format!(
                "Values seen (not exhaustive): {}.",
                code_list(&seen)
            ));
        }
    }
    lines
}

fn push_doc(out: &mut String, indent: &str, lines: &[String]) {
    for l in lines {
        if l.is_empty() {
            let _ = writeln!(out, "{indent}///");
        } else {
            let _ = writeln!(out, "{indent}/// {l}");
        }
    }
}

/// The hint for `name` in `hints` (names compare case-insensitively).
fn hint_for<'a>(hints: Option<&'a Value>, name: &str) -> Option<&'a Value> {
    let map = hints?.as_object()?;
    map.get(name).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    })
}

/// The doc comment of a dataset type.
fn dataset_doc(title: &str, family: &str, d: &Value, meta: Option<&Value>) -> Vec<String> {
    let name = d["datasetName"].as_str().unwrap_or_default();
    let cols = strings(&d["selectableColumns"]).len();
    let mets = strings(&d["availableMetrics"]).len();
    let ranges = code_list(&strings(&d["availableDateRanges"]));
    let mut lines = vec![
        format!("`{name}` ({title}, family `{family}`): {cols} columns, {mets} metrics."),
        String::new(),
        format!("TIMESPAN: {ranges}."),
    ];
    if let Some(min) = d["minimumRecurrenceInterval"].as_u64() {
        lines.push(format!("Minimum recurrence interval: {min} hours."));
    }
    let complete = |k: &str| meta.is_none_or(|m| m[k].as_bool() != Some(false));
    if !complete("columns_complete") || !complete("metrics_complete") {
        lines.push(String::new());
        lines.push(
            "The bundled lists of this dataset are incomplete: for a name the service \
             has but this type lacks, use the dynamic builder."
                .into(),
        );
    }
    lines
}

/// One `dataset!` invocation.
fn dataset(
    out: &mut String,
    title: &str,
    family: &str,
    f: &FamilyInput,
    d: &Value,
    enums: &mut Vec<EnumDef>,
) {
    let name = d["datasetName"].as_str().unwrap_or_default();
    let hints = f.hints.get(name);
    let columns = strings(&d["selectableColumns"]);
    let metrics = strings(&d["availableMetrics"]);
    let all: Vec<String> = columns
        .iter()
        .chain(&metrics)
        .map(|n| screaming_snake(n))
        .collect();
    let rust = disambiguate(&all, RESERVED);
    out.push_str("\ndataset! {\n");
    push_doc(
        out,
        "    ",
        &dataset_doc(title, family, d, f.meta.get(name)),
    );
    let ranges: Vec<String> = strings(&d["availableDateRanges"])
        .iter()
        .map(|r| range_variant(r))
        .collect();
    let _ = writeln!(out, "    {name} = \"{name}\", \"{family}\";");
    let _ = writeln!(out, "    ranges: {};", ranges.join(", "));
    for (section, names, offset, metric) in [
        ("columns", &columns, 0, false),
        ("metrics", &metrics, columns.len(), true),
    ] {
        let _ = writeln!(out, "    {section} {{");
        for (i, n) in names.iter().enumerate() {
            let hint = hint_for(hints, n);
            let ty = value_type(hint, metric, enums, n);
            push_doc(out, "        ", &name_doc(n, metric, &ty, hint));
            let _ = writeln!(out, "        {}: {ty} = \"{n}\";", rust[offset + i]);
        }
        out.push_str("    }\n");
    }
    out.push_str("}\n");
}

const HEADER: &str = "// @generated by `src/builder/codegen/` from `schemas/`: do not edit.\n\
    // Regenerate: PCQL_REGENERATE=1 cargo test --lib builder::codegen\n";

/// The generated files: (path under `src/datasets/`, text).
pub(crate) fn generate(schemas: &Path) -> Vec<(String, String)> {
    let input = read_input(schemas);
    let mut enums = Vec::new();
    let mut files = Vec::new();
    for ((dir, module, title), f) in FAMILIES.iter().zip(&input.families) {
        let mut out =
            format!("{HEADER}\n//! {title} datasets (family `{dir}`), one type per dataset.\n\n");
        out.push_str("#[allow(unused_imports)]\nuse super::prelude::*;\n");
        for d in &f.datasets {
            dataset(&mut out, title, dir, f, d, &mut enums);
        }
        files.push((format!("{module}.rs"), out));
    }
    files.insert(0, ("mod.rs".into(), root(&enums)));
    files
}

/// `src/datasets/mod.rs`: the family modules and the generated value enums.
fn root(enums: &[EnumDef]) -> String {
    let mut out = format!("{HEADER}\n");
    out.push_str(include_str!("root_doc.txt"));
    for (dir, module, title) in FAMILIES {
        let _ = writeln!(
            out,
            "\n/// {title} (`{dir}`).\n#[rustfmt::skip]\npub mod {module};"
        );
    }
    out.push_str("\nmod prelude {\n    pub(crate) use super::*;\n    pub(crate) use crate::builder::dataset;\n");
    out.push_str("    pub(crate) use crate::builder::{Bit, Date, DateTime, Decimal, Guid, Integer, Text, YN, YesNo};\n}\n");
    out.push_str("\nuse crate::builder::values::{enums, string_literal};\n\nenums! {\n");
    for e in enums {
        push_doc(
            &mut out,
            "    ",
            &[format!("The allowed values of `{}` columns.", e.column)],
        );
        let _ = writeln!(out, "    {} (\"string\") {{", e.rust);
        let variants: Vec<String> = e.values.iter().map(|v| camel(v)).collect();
        let variants = disambiguate(&variants, &[]);
        for (v, value) in variants.iter().zip(&e.values) {
            let _ = writeln!(out, "        /// `'{value}'`");
            let _ = writeln!(out, "        {v} => string_literal({value:?}),");
        }
        out.push_str("    }\n");
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_datasets_are_fresh() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let regenerate = std::env::var_os("PCQL_REGENERATE").is_some();
        let mut stale = Vec::new();
        for (file, text) in generate(&root.join("schemas")) {
            let path = root.join("src/datasets").join(&file);
            let current = std::fs::read_to_string(&path).unwrap_or_default();
            if current != text {
                if regenerate {
                    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                    std::fs::write(&path, text).unwrap();
                } else {
                    stale.push(file);
                }
            }
        }
        assert!(
            stale.is_empty(),
            "src/datasets/{stale:?} differ from schemas/; run \
             PCQL_REGENERATE=1 cargo test --lib builder::codegen and review the diff"
        );
    }
}
