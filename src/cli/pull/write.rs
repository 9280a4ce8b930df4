//! Reading and writing a family's schema directory.

use std::io::Write;
use std::path::Path;

use crate::client::{DatasetInfo, Family};

/// `fetched` (or `captured`) of `dir/_meta.json`.
pub fn fetched(dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(dir.join("_meta.json")).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    ["fetched", "captured"]
        .iter()
        .find_map(|k| v.get(*k)?.as_str().map(str::to_string))
}

fn is_side_file(p: &Path) -> bool {
    p.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('_'))
}

/// A dataset name that is safe as a file name.
fn safe_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// The `_meta.json` of a pulled family (the keys `Catalog::from_dir` reads).
pub fn meta_json(family: Family, fetched: &str, source: &str) -> String {
    let v = serde_json::json!({
        "_about": "Written by `pcql schemas pull`: the service's own listing, authoritative.",
        "family": family.as_str(),
        "authoritative": true,
        "datasets_complete": true,
        "fetched": fetched,
        "source": source,
    });
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}

fn write_file(path: &Path, text: &str) -> std::io::Result<()> {
    let mut f = std::fs::File::create(path)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()
}

/// Write `items` as `dir` (one file per dataset plus `_meta.json`; other `_`
/// side files of the old directory are kept): build a sibling directory,
/// then swap it in. Returns the number of dataset files.
pub fn family_dir(
    dir: &Path,
    items: &[DatasetInfo],
    family: Family,
    fetched: &str,
    source: &str,
) -> Result<usize, String> {
    let parent = dir.parent().ok_or("the schema directory has no parent")?;
    std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    let tag = format!("{:016x}", crate::client::random_u64());
    let fam = family.as_str();
    let tmp = parent.join(format!(".{fam}.new-{tag}"));
    let result = fill(&tmp, dir, items, family, fetched, source)
        .and_then(|n| swap(&tmp, dir, &parent.join(format!(".{fam}.old-{tag}"))).map(|()| n));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result
}

fn fill(
    tmp: &Path,
    old: &Path,
    items: &[DatasetInfo],
    family: Family,
    fetched: &str,
    source: &str,
) -> Result<usize, String> {
    let io = |p: &Path| {
        let p = p.display().to_string();
        move |e: std::io::Error| format!("{p}: {e}")
    };
    std::fs::create_dir(tmp).map_err(io(tmp))?;
    let mut n = 0;
    for d in items {
        let Some(name) = d.dataset_name.as_deref().filter(|n| safe_name(n)) else {
            eprintln!(
                "warning: skipped a dataset with an unusable name: {:?}",
                d.dataset_name
            );
            continue;
        };
        let path = tmp.join(format!("{name}.json"));
        let text = serde_json::to_string_pretty(d).map_err(|e| e.to_string())? + "\n";
        write_file(&path, &text).map_err(io(&path))?;
        n += 1;
    }
    let meta = tmp.join("_meta.json");
    write_file(&meta, &meta_json(family, fetched, source)).map_err(io(&meta))?;
    if let Ok(rd) = std::fs::read_dir(old) {
        for p in rd.filter_map(|e| e.ok().map(|e| e.path())) {
            if is_side_file(&p) && p.file_name().is_some_and(|n| n != "_meta.json") && p.is_file() {
                let to = tmp.join(p.file_name().unwrap_or_default());
                std::fs::copy(&p, &to).map_err(io(&to))?;
            }
        }
    }
    Ok(n)
}

/// Put `tmp` at `dir`, moving the old directory aside first and deleting it after.
fn swap(tmp: &Path, dir: &Path, aside: &Path) -> Result<(), String> {
    let err = |e: std::io::Error| format!("{}: {e}", dir.display());
    if dir.exists() {
        std::fs::rename(dir, aside).map_err(err)?;
        if let Err(e) = std::fs::rename(tmp, dir) {
            let _ = std::fs::rename(aside, dir);
            return Err(err(e));
        }
        let _ = std::fs::remove_dir_all(aside);
    } else {
        std::fs::rename(tmp, dir).map_err(err)?;
    }
    Ok(())
}
