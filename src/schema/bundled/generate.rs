//! Writes `data.rs`: a loaded catalog's parts as the static tables of
//! [`super`]. Run by the test `tables_are_current`.

use std::fmt::Write;

use crate::schema::{Catalog, Family};

/// A Rust string literal (`Debug` of `str` escapes as Rust does).
fn lit(s: &str) -> String {
    format!("{s:?}")
}

fn opt(s: Option<&str>) -> String {
    s.map_or_else(|| "None".to_string(), |s| format!("Some({})", lit(s)))
}

fn list<S: AsRef<str>>(items: &[S]) -> String {
    let items: Vec<String> = items.iter().map(|s| lit(s.as_ref())).collect();
    format!("&[{}]", items.join(", "))
}

fn family(f: Family) -> String {
    format!("Family::{f:?}")
}

/// The text of `data.rs` for `c`.
pub(super) fn tables(c: &Catalog) -> String {
    let mut s = String::new();
    s.push_str(
        "//! @generated from `schemas/` by the test `tables_are_current`\n\
         //! (`PCQL_BLESS=1 cargo test --lib bundled`); do not edit.\n\n\
         use super::{Ds, Hint, Info, Retired, RetiredIn};\n\
         use crate::schema::{ColumnType, Family};\n\n",
    );
    s.push_str("pub(super) static FAMILIES: &[Info] = &[\n");
    for i in c.families() {
        let _ = writeln!(
            s,
            "    Info {{ family: {}, authoritative: {}, datasets_complete: {}, fetched: {}, source: {} }},",
            family(i.family),
            i.authoritative,
            i.datasets_complete,
            opt(i.fetched.as_deref()),
            opt(i.source.as_deref()),
        );
    }
    s.push_str("];\n\npub(super) static DATASETS: &[Ds] = &[\n");
    for d in c.datasets() {
        let _ = writeln!(s, "    Ds {{\n        name: {},", lit(d.name()));
        let _ = writeln!(s, "        family: {},", family(d.family()));
        let _ = writeln!(s, "        columns: {},", list(d.columns()));
        let _ = writeln!(s, "        metrics: {},", list(d.metrics()));
        let _ = writeln!(s, "        date_ranges: {},", list(d.date_ranges()));
        let _ = writeln!(
            s,
            "        min_recurrence_interval: {:?},",
            d.min_recurrence_interval()
        );
        let _ = writeln!(s, "        columns_complete: {},", d.columns_complete());
        let _ = writeln!(s, "        metrics_complete: {},", d.metrics_complete());
        s.push_str("        hints: &[\n");
        for (i, n) in d.names().enumerate() {
            let Some(h) = n.hint else { continue };
            let ty = h.ty.map_or_else(
                || "None".to_string(),
                |t| format!("Some(ColumnType::{t:?})"),
            );
            let _ = writeln!(
                s,
                "            ({i}, Hint {{ ty: {ty}, values: {}, values_seen: {}, description: {} }}),",
                list(&h.values),
                list(&h.values_seen),
                opt(h.description.as_deref()),
            );
        }
        s.push_str("        ],\n    },\n");
    }
    s.push_str("];\n\npub(super) static RETIRED_DATASETS: &[Retired] = &[\n");
    for r in c.retired_datasets() {
        let _ = writeln!(
            s,
            "    Retired {{ name: {}, family: {}, last_seen: {}, columns: {} }},",
            lit(&r.name),
            family(r.family),
            lit(&r.last_seen),
            list(&r.columns),
        );
    }
    s.push_str("];\n\npub(super) static RETIRED_NAMES: &[RetiredIn] = &[\n");
    for r in c.retired_names() {
        let _ = writeln!(
            s,
            "    RetiredIn {{ dataset: {}, name: {}, last_seen: {} }},",
            lit(&r.dataset),
            lit(&r.name),
            lit(&r.last_seen),
        );
    }
    s.push_str("];\n");
    s
}
