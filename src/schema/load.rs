//! Loading a [`Catalog`] from a directory, from embedded files, or from a raw
//! `ScheduledDataset` response body.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::json::{dataset_from_item, parse_text, response_items};
use super::meta::{parse_hints, parse_meta, parse_retired};
use super::{Catalog, Dataset, Family, FamilyInfo};

/// Why schemas could not be loaded. Each error names the file and what is wrong.
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    /// A file or directory could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A file is not valid JSON or not in the expected shape.
    #[error("{file}: {message}")]
    Invalid {
        /// The file (or `response body`).
        file: String,
        /// What is wrong, and where.
        message: String,
    },
    /// The directory has no `<family>/*.json`.
    #[error(
        "no schemas under {}: expected <dir>/<family>/<Dataset>.json with family mpn, cmp or apps-games",
        path.display()
    )]
    NoSchemas {
        /// The directory.
        path: PathBuf,
    },
}

/// One file of a family directory: a label for errors, its file name, its text.
pub(crate) struct SourceFile<'a> {
    pub label: String,
    pub file_name: &'a str,
    pub text: &'a str,
}

fn invalid(file: &str, message: String) -> SchemaError {
    SchemaError::Invalid {
        file: file.to_string(),
        message,
    }
}

/// Load one family from its files (`_meta.json`, `_hints.json`,
/// `_retired.json`, and one `ScheduledDataset` item or response per other
/// `.json` file) into `catalog`.
pub(crate) fn load_family(
    catalog: &mut Catalog,
    family: Family,
    files: &[SourceFile<'_>],
) -> Result<(), SchemaError> {
    let mut datasets: Vec<Dataset> = Vec::new();
    let mut seen: HashMap<String, &str> = HashMap::new();
    let mut info = FamilyInfo::authoritative(family, None);
    let mut completeness = None;
    let mut hints = Vec::new();
    let (mut retired_ds, mut retired_names) = (Vec::new(), Vec::new());
    for f in files {
        let v = parse_text(f.text).map_err(|m| invalid(&f.label, m))?;
        let bad = |m: String| invalid(&f.label, m);
        match f.file_name {
            "_meta.json" => {
                let (i, c) = parse_meta(&v, family).map_err(bad)?;
                info = i;
                completeness = Some(c);
            }
            "_hints.json" => hints = parse_hints(&v).map_err(bad)?,
            "_retired.json" => {
                (retired_ds, retired_names) = parse_retired(&v, family).map_err(bad)?
            }
            n if n.starts_with('_') => {}
            _ => {
                let items = response_items(&v).map_err(bad)?;
                // A file that adds nothing, or one dataset under another
                // dataset's file name, is a broken cache: said, not skipped.
                if items.is_empty() {
                    return Err(bad("holds no dataset (an empty list); pull the schemas again or remove the file".into()));
                }
                let stem = f.file_name.strip_suffix(".json").unwrap_or(f.file_name);
                if let [item] = items.as_slice() {
                    let d = dataset_from_item(item, family).map_err(bad)?;
                    if !stem.is_empty() && !d.name().eq_ignore_ascii_case(stem) {
                        return Err(bad(format!(
                            "holds dataset `{}`, not `{stem}`: a file of one dataset is named after it; rename or pull again",
                            d.name()
                        )));
                    }
                }
                for item in items {
                    let d = dataset_from_item(item, family).map_err(bad)?;
                    let key = d.name().to_ascii_lowercase();
                    if let Some(other) = seen.insert(key, &f.label) {
                        return Err(bad(format!(
                            "dataset `{}` is already defined in {other}",
                            d.name()
                        )));
                    }
                    datasets.push(d);
                }
            }
        }
    }
    if let Some(per) = completeness {
        let default = info.authoritative;
        datasets = datasets
            .into_iter()
            .map(|d| {
                let c = per.get(&d.name().to_ascii_lowercase());
                let (cols, mets) = c.map_or((default, default), |c| (c.columns, c.metrics));
                d.with_completeness(cols, mets)
            })
            .collect();
    }
    for (ds, cols) in hints {
        // Hints for names the listing does not have are ignored: a pulled
        // listing may have dropped a column the documentation described.
        if let Some(d) = datasets
            .iter_mut()
            .find(|d| d.name().eq_ignore_ascii_case(&ds))
        {
            for (col, hint) in cols {
                d.set_hint(&col, hint);
            }
        }
    }
    datasets.sort_by(|a, b| a.name().cmp(b.name()));
    catalog.add_family(info, datasets, retired_ds, retired_names);
    Ok(())
}

impl Catalog {
    /// Parse a raw `ScheduledDataset` response body of `family`: the envelope
    /// (`value` or `Value`), a bare list of items or one item; keys in any
    /// case; a UTF-8 byte-order mark, missing optional fields and numbers sent
    /// as strings are tolerated. The result is authoritative.
    pub fn from_response(family: Family, body: &str) -> Result<Catalog, SchemaError> {
        let file = "response body";
        let v = parse_text(body).map_err(|m| invalid(file, m))?;
        let mut datasets = Vec::new();
        for item in response_items(&v).map_err(|m| invalid(file, m))? {
            datasets.push(dataset_from_item(item, family).map_err(|m| invalid(file, m))?);
        }
        Ok(Catalog::from_family(
            FamilyInfo::authoritative(family, None),
            datasets,
        ))
    }

    /// Load `<dir>/<family>/*.json` for every family directory present
    /// (`mpn`, `cmp`, `apps-games`; other entries are ignored). A family is
    /// authoritative unless its `_meta.json` says `"authoritative": false`.
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<Catalog, SchemaError> {
        let dir = dir.as_ref();
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| SchemaError::Io { path, source }
        };
        let mut catalog = Catalog::empty();
        for family in Family::ALL {
            let fdir = dir.join(family.as_str());
            if !fdir.is_dir() {
                continue;
            }
            let mut paths: Vec<PathBuf> = std::fs::read_dir(&fdir)
                .map_err(io(&fdir))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "json") && p.is_file())
                .collect();
            paths.sort();
            let mut texts = Vec::with_capacity(paths.len());
            for p in &paths {
                texts.push(std::fs::read_to_string(p).map_err(io(p))?);
            }
            let files: Vec<SourceFile<'_>> = paths
                .iter()
                .zip(&texts)
                .map(|(p, text)| SourceFile {
                    label: p.display().to_string(),
                    file_name: p.file_name().and_then(|n| n.to_str()).unwrap_or(""),
                    text,
                })
                .collect();
            load_family(&mut catalog, family, &files)?;
        }
        if catalog.families().is_empty() {
            return Err(SchemaError::NoSchemas {
                path: dir.to_path_buf(),
            });
        }
        Ok(catalog)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, rel: &str, text: &str) {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    #[test]
    fn an_empty_file_or_one_naming_another_dataset_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "mpn/Empty.json", "[]");
        let e = Catalog::from_dir(dir.path()).unwrap_err().to_string();
        assert!(e.contains("Empty.json") && e.contains("no dataset"), "{e}");
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "mpn/CustomersAndTenants.json",
            r#"{"datasetName": "Other", "selectableColumns": ["A"]}"#,
        );
        let e = Catalog::from_dir(dir.path()).unwrap_err().to_string();
        assert!(
            e.contains("holds dataset `Other`, not `CustomersAndTenants`"),
            "{e}"
        );
    }

    #[test]
    fn from_dir_reads_families_meta_and_hints() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        write(
            d,
            "cmp/ISVUsage.json",
            r#"{"datasetName": "ISVUsage", "selectableColumns": ["IsInternal"]}"#,
        );
        write(
            d,
            "cmp/_meta.json",
            r#"{"authoritative": false, "datasets_complete": false, "captured": "2025-01-01",
              "datasets": {"ISVUsage": {"columns_complete": false, "metrics_complete": true}}}"#,
        );
        write(
            d,
            "cmp/_hints.json",
            r#"{"datasets": {"ISVUsage": {"isinternal": {"type": "boolean01", "values": ["0", "1"]}}}}"#,
        );
        write(
            d,
            "mpn/Profile.json",
            "\u{feff}{\"DatasetName\": \"Profile\", \"SelectableColumns\": [\"MPNId\"]}",
        );
        write(d, "notes/readme.json", "not json");
        let c = Catalog::from_dir(d).unwrap();
        assert!(!c.is_authoritative());
        assert!(
            c.is_authoritative_for(Family::Mpn),
            "no _meta.json: authoritative"
        );
        let isv = c.dataset("isvusage", None).unwrap();
        assert!(!isv.columns_complete() && isv.metrics_complete());
        let hint = isv.column("ISINTERNAL").unwrap().hint.unwrap();
        assert_eq!(hint.ty, Some(super::super::ColumnType::Boolean01));
        assert_eq!(
            c.family(Family::Cmp).unwrap().fetched.as_deref(),
            Some("2025-01-01")
        );
        assert!(
            c.dataset("Profile", Some(Family::Mpn))
                .unwrap()
                .is_complete()
        );
    }

    #[test]
    fn from_dir_errors_name_the_file_and_the_problem() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        let err = Catalog::from_dir(d).unwrap_err();
        assert!(matches!(err, SchemaError::NoSchemas { .. }), "{err}");
        write(
            d,
            "mpn/Bad.json",
            r#"{"datasetName": "Bad", "availableMetrics": "Total"}"#,
        );
        let err = Catalog::from_dir(d).unwrap_err().to_string();
        assert!(err.contains("Bad.json"), "{err}");
        assert!(
            err.ends_with(
                "dataset `Bad`: `availableMetrics` must be a list of strings, not a string"
            ),
            "{err}"
        );
        // Responses of several datasets (a file of one is named after it).
        write(
            d,
            "mpn/Bad.json",
            r#"[{"datasetName": "A"}, {"datasetName": "Z"}]"#,
        );
        write(
            d,
            "mpn/Dup.json",
            r#"[{"datasetName": "a"}, {"datasetName": "Y"}]"#,
        );
        let err = Catalog::from_dir(d).unwrap_err().to_string();
        assert!(
            err.contains("Dup.json: dataset `a` is already defined in"),
            "{err}"
        );
        write(
            d,
            "mpn/Dup.json",
            r#"{"datasetName": "B", "selectableColumns": [}"#,
        );
        let err = Catalog::from_dir(d).unwrap_err().to_string();
        assert!(
            err.contains("Dup.json: invalid JSON at line 1, column"),
            "{err}"
        );
    }

    #[test]
    fn from_response_is_authoritative_and_tolerant() {
        let body = r#"{"Value": [{"datasetName": "ISVOrder", "selectableColumns": ["OrderId"],
            "availableMetrics": null, "availableDateRanges": ["LIFETIME"]}], "TotalCount": 1}"#;
        let c = Catalog::from_response(Family::Cmp, body).unwrap();
        assert!(c.is_authoritative());
        let d = c.dataset("ISVORDER", Some(Family::Cmp)).unwrap();
        assert_eq!(d.min_recurrence_interval(), None);
        assert!(d.is_complete());
        let err = Catalog::from_response(Family::Cmp, "[1]")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "response body: a dataset must be an object, not a number"
        );
    }
}
