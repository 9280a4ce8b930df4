//! The side files of a schema directory: `_meta.json` (provenance and
//! completeness), `_hints.json` (column types and values), `_retired.json`
//! (datasets and names the service no longer offers).

use std::collections::HashMap;

use serde_json::Value;

use super::json::{get, kind, opt_bool, opt_string, string_list};
use super::{ColumnHint, ColumnType, Family};

/// Provenance of one family's schemas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyInfo {
    /// The family.
    pub family: Family,
    /// Pulled from the API or supplied by the user (a missing name is an
    /// error), rather than a compiled snapshot (a missing name may only be
    /// undocumented).
    pub authoritative: bool,
    /// Whether the list of datasets is known to be complete.
    pub datasets_complete: bool,
    /// When the listing was captured or fetched (RFC 3339 or a date), if known.
    pub fetched: Option<String>,
    /// Where it came from, in words.
    pub source: Option<String>,
}

impl FamilyInfo {
    /// An authoritative, complete family fetched at `fetched`.
    pub fn authoritative(family: Family, fetched: Option<String>) -> Self {
        FamilyInfo {
            family,
            authoritative: true,
            datasets_complete: true,
            fetched,
            source: None,
        }
    }
}

impl FamilyInfo {
    /// This info as a `_meta.json` file (pretty-printed, final newline), as
    /// `Catalog::from_dir` reads it back: for a pulled catalog, write it next
    /// to the dataset files so that the fetch time and the authoritative flag
    /// survive.
    pub fn to_meta_json(&self) -> String {
        let v = serde_json::json!({
            "family": self.family.as_str(),
            "authoritative": self.authoritative,
            "datasets_complete": self.datasets_complete,
            "fetched": self.fetched,
            "source": self.source,
        });
        let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
        s.push('\n');
        s
    }
}

/// Completeness of one dataset's lists, from `_meta.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Completeness {
    pub columns: bool,
    pub metrics: bool,
}

/// `_meta.json`: the family's info and per-dataset completeness (lower-cased keys).
pub(crate) fn parse_meta(
    v: &Value,
    family: Family,
) -> Result<(FamilyInfo, HashMap<String, Completeness>), String> {
    let Value::Object(obj) = v else {
        return Err(format!("must be an object, not {}", kind(v)));
    };
    let authoritative = opt_bool(get(obj, "authoritative"), "authoritative")?.unwrap_or(true);
    let datasets_complete =
        opt_bool(get(obj, "datasets_complete"), "datasets_complete")?.unwrap_or(authoritative);
    let fetched = match opt_string(get(obj, "fetched"), "fetched")? {
        Some(s) => Some(s),
        None => opt_string(get(obj, "captured"), "captured")?,
    };
    let source = opt_string(get(obj, "source"), "source")?;
    let mut per = HashMap::new();
    match get(obj, "datasets") {
        None | Some(Value::Null) => {}
        Some(Value::Object(ds)) => {
            for (name, entry) in ds {
                let Value::Object(e) = entry else {
                    return Err(format!("`datasets.{name}` must be an object"));
                };
                let field = |f: &str| opt_bool(get(e, f), &format!("datasets.{name}.{f}"));
                let c = Completeness {
                    columns: field("columns_complete")?.unwrap_or(authoritative),
                    metrics: field("metrics_complete")?.unwrap_or(authoritative),
                };
                per.insert(name.to_ascii_lowercase(), c);
            }
        }
        Some(other) => return Err(format!("`datasets` must be an object, not {}", kind(other))),
    }
    let info = FamilyInfo {
        family,
        authoritative,
        datasets_complete,
        fetched,
        source,
    };
    Ok((info, per))
}

/// `_hints.json`: dataset → column → hint, as written (names matched later).
pub(crate) type Hints = Vec<(String, Vec<(String, ColumnHint)>)>;

/// Parse `_hints.json`.
pub(crate) fn parse_hints(v: &Value) -> Result<Hints, String> {
    let Value::Object(obj) = v else {
        return Err(format!("must be an object, not {}", kind(v)));
    };
    let Some(datasets) = get(obj, "datasets") else {
        return Ok(Vec::new());
    };
    let Value::Object(datasets) = datasets else {
        return Err("`datasets` must be an object".into());
    };
    let mut out = Vec::new();
    for (ds, cols) in datasets {
        let Value::Object(cols) = cols else {
            return Err(format!("`datasets.{ds}` must be an object of columns"));
        };
        let mut hints = Vec::new();
        for (col, h) in cols {
            let at = format!("datasets.{ds}.{col}");
            hints.push((col.clone(), parse_hint(h, &at)?));
        }
        out.push((ds.clone(), hints));
    }
    Ok(out)
}

fn parse_hint(v: &Value, at: &str) -> Result<ColumnHint, String> {
    let Value::Object(h) = v else {
        return Err(format!("`{at}` must be an object"));
    };
    let ty = match opt_string(get(h, "type"), &format!("{at}.type"))? {
        None => None,
        Some(t) => Some(ColumnType::parse(&t).ok_or_else(|| {
            format!(
                "`{at}.type` is `{t}`; expected string, integer, decimal, date, datetime, \
                 guid, boolean01 or yesno"
            )
        })?),
    };
    Ok(ColumnHint {
        ty,
        values: string_list(get(h, "values"), &format!("{at}.values"))?,
        values_seen: string_list(get(h, "values_seen"), &format!("{at}.values_seen"))?,
        description: opt_string(get(h, "description"), &format!("{at}.description"))?,
    })
}

/// A dataset the service no longer offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetiredDataset {
    /// Its name as documentation spelled it.
    pub name: String,
    /// The family it belonged to.
    pub family: Family,
    /// When it was last documented, in words (e.g. `2021-07 documentation`).
    pub last_seen: String,
    /// The columns it had.
    pub columns: Vec<String>,
}

/// A column or metric a dataset no longer offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetiredName {
    /// The dataset, as the catalog spells it.
    pub dataset: String,
    /// The retired name as documentation spelled it.
    pub name: String,
    /// When it was last documented, in words.
    pub last_seen: String,
}

/// Parse `_retired.json`.
pub(crate) fn parse_retired(
    v: &Value,
    family: Family,
) -> Result<(Vec<RetiredDataset>, Vec<RetiredName>), String> {
    let Value::Object(obj) = v else {
        return Err(format!("must be an object, not {}", kind(v)));
    };
    let mut datasets = Vec::new();
    if let Some(Value::Object(ds)) = get(obj, "datasets") {
        for (name, e) in ds {
            let Value::Object(e) = e else {
                return Err(format!("`datasets.{name}` must be an object"));
            };
            let mut columns = string_list(get(e, "columns"), "columns")?;
            columns.extend(string_list(get(e, "metrics"), "metrics")?);
            datasets.push(RetiredDataset {
                name: name.clone(),
                family,
                last_seen: opt_string(get(e, "last_seen"), "last_seen")?.unwrap_or_default(),
                columns,
            });
        }
    }
    let mut names = Vec::new();
    if let Some(Value::Object(ns)) = get(obj, "names") {
        for (dataset, e) in ns {
            let Value::Object(e) = e else {
                return Err(format!("`names.{dataset}` must be an object"));
            };
            for (name, when) in e {
                names.push(RetiredName {
                    dataset: dataset.clone(),
                    name: name.clone(),
                    last_seen: when.as_str().unwrap_or_default().to_string(),
                });
            }
        }
    }
    Ok((datasets, names))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_json_round_trips() {
        let info = FamilyInfo {
            family: Family::Cmp,
            authoritative: true,
            datasets_complete: true,
            fetched: Some("2026-11-28T07:00:00Z".into()),
            source: Some("pcql schemas pull".into()),
        };
        let v = crate::schema::json::parse_text(&info.to_meta_json()).unwrap();
        let (back, per) = parse_meta(&v, Family::Cmp).unwrap();
        assert_eq!(back, info);
        assert!(per.is_empty());
    }
}
