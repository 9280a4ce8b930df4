//! Reading and writing a family's schema directory.

use std::path::Path;

use pcql::client::{DatasetInfo, Family};

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

/// A new file in the directory being built (created exclusively, synced).
fn write_file(path: &Path, text: &str) -> std::io::Result<()> {
    pcql::fsutil::create_new(path, text.as_bytes()).map_err(|e| match e {
        pcql::fsutil::WriteError::Io { source, .. } => source,
        e => std::io::Error::other(e.to_string()),
    })
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
    recover(parent);
    // Unique per process and moment; the directories are created, not opened.
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let tag = format!("{:x}-{nanos:x}", std::process::id());
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
    if let Ok(rd) = std::fs::read_dir(old) {
        for p in rd.filter_map(|e| e.ok().map(|e| e.path())) {
            if is_side_file(&p) && p.file_name().is_some_and(|n| n != "_meta.json") && p.is_file() {
                let to = tmp.join(p.file_name().unwrap_or_default());
                std::fs::copy(&p, &to).map_err(io(&to))?;
            }
        }
    }
    // Last: a new directory holding `_meta.json` is complete (see [`recover`]).
    let meta = tmp.join("_meta.json");
    write_file(&meta, &meta_json(family, fetched, source)).map_err(io(&meta))?;
    pcql::fsutil::sync_dir(tmp);
    Ok(n)
}

/// Put `tmp` at `dir`, moving the old directory aside first and deleting it
/// after. A kill between the two renames leaves no `dir` but the aside and
/// the complete new directory; [`recover`] finishes the swap on the next run.
fn swap(tmp: &Path, dir: &Path, aside: &Path) -> Result<(), String> {
    let err = |e: std::io::Error| format!("{}: {e}", dir.display());
    if dir.exists() {
        std::fs::rename(dir, aside).map_err(err)?;
        if let Err(e) = std::fs::rename(tmp, dir) {
            let _ = std::fs::rename(aside, dir);
            return Err(err(e));
        }
        if let Some(parent) = dir.parent() {
            pcql::fsutil::sync_dir(parent);
        }
        let _ = std::fs::remove_dir_all(aside);
    } else {
        std::fs::rename(tmp, dir).map_err(err)?;
    }
    Ok(())
}

/// How long a new directory may stand unchanged before it counts as left
/// by a pull that was killed (a running pull writes into it all the time).
const ABANDONED: std::time::Duration = std::time::Duration::from_secs(600);

/// Repair what killed pulls left under `root` (`.<family>.new-<tag>` and
/// `.<family>.old-<tag>` beside `<family>/`): a family without its directory
/// gets the newest complete new directory (one holding `_meta.json`), else
/// its old one back; then asides are removed, and new directories too once
/// they are older than ten minutes. Returns what it did, one line each.
pub fn recover(root: &Path) -> Vec<String> {
    let mut done = Vec::new();
    let Ok(rd) = std::fs::read_dir(root) else {
        return done;
    };
    // (family, is_new, path, modified)
    let mut left = Vec::new();
    for e in rd.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix('.') else {
            continue;
        };
        let parsed = rest
            .split_once(".new-")
            .map(|(f, _)| (f, true))
            .or_else(|| rest.split_once(".old-").map(|(f, _)| (f, false)));
        let Some((fam, new)) = parsed else { continue };
        if !safe_name(fam) || !e.path().is_dir() {
            continue;
        }
        let modified = e.metadata().and_then(|m| m.modified()).ok();
        left.push((fam.to_string(), new, e.path(), modified));
    }
    // Newest first, so the newest complete pull wins.
    left.sort_by_key(|l| std::cmp::Reverse(l.3));
    let families: std::collections::BTreeSet<String> = left.iter().map(|l| l.0.clone()).collect();
    for fam in families {
        let dir = root.join(&fam);
        if !dir.exists() {
            let complete = |l: &&(String, bool, std::path::PathBuf, _)| {
                l.0 == fam && (!l.1 || l.2.join("_meta.json").is_file())
            };
            // A complete new directory first, else the old one.
            let pick = left
                .iter()
                .filter(complete)
                .find(|l| l.1)
                .or_else(|| left.iter().filter(complete).find(|l| !l.1));
            if let Some(l) = pick
                && std::fs::rename(&l.2, &dir).is_ok()
            {
                done.push(format!(
                    "restored {} from an interrupted pull",
                    dir.display()
                ));
            }
        }
        let live = dir.exists();
        let now = std::time::SystemTime::now();
        for l in left.iter().filter(|l| l.0 == fam && l.2.exists()) {
            let abandoned =
                l.3.and_then(|m| now.duration_since(m).ok())
                    .is_some_and(|d| d > ABANDONED);
            // An aside once the family is back; a new directory once it is
            // abandoned (if the family is missing, only an incomplete one:
            // a complete one would have been restored).
            let complete = l.2.join("_meta.json").is_file();
            let remove = if l.1 {
                abandoned && (live || !complete)
            } else {
                live
            };
            if remove && std::fs::remove_dir_all(&l.2).is_ok() {
                done.push(format!(
                    "removed {} left by an interrupted pull",
                    l.2.display()
                ));
            }
        }
    }
    done
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mkdir_with(p: &Path, files: &[&str]) {
        std::fs::create_dir_all(p).unwrap();
        for f in files {
            std::fs::write(p.join(f), "{}").unwrap();
        }
    }

    #[test]
    fn a_kill_between_the_renames_is_finished_on_the_next_run() {
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        // Killed after `mpn` went aside: the complete new one goes in.
        mkdir_with(&r.join(".mpn.old-1"), &["A.json", "_meta.json"]);
        mkdir_with(&r.join(".mpn.new-1"), &["B.json", "_meta.json"]);
        let did = recover(r);
        assert!(r.join("mpn/B.json").is_file(), "{did:?}");
        assert!(!r.join(".mpn.old-1").exists() && !r.join(".mpn.new-1").exists());
        // Killed while filling (no `_meta.json` yet) after the old went aside:
        // the old one comes back.
        mkdir_with(&r.join(".cmp.old-2"), &["A.json", "_meta.json"]);
        mkdir_with(&r.join(".cmp.new-2"), &["B.json"]);
        recover(r);
        assert!(r.join("cmp/A.json").is_file());
        assert!(!r.join(".cmp.old-2").exists());
        // A fresh new directory may belong to a pull running now: kept.
        assert!(r.join(".cmp.new-2").exists());
        // An abandoned incomplete one goes, even before any pull succeeded.
        mkdir_with(&r.join(".apps-games.new-3"), &["B.json"]);
        let long_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        for d in [".cmp.new-2", ".apps-games.new-3"] {
            std::fs::File::open(r.join(d))
                .unwrap()
                .set_modified(long_ago)
                .unwrap();
        }
        recover(r);
        assert!(!r.join(".cmp.new-2").exists());
        assert!(!r.join(".apps-games.new-3").exists());
    }

    #[test]
    fn family_dir_recovers_first_and_leaves_only_the_new_directory() {
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        mkdir_with(&r.join(".mpn.old-9"), &["Old.json", "_meta.json"]);
        let items = vec![DatasetInfo {
            dataset_name: Some("New".into()),
            selectable_columns: vec!["A".into()],
            ..DatasetInfo::default()
        }];
        let n = family_dir(&r.join("mpn"), &items, Family::Mpn, "now", "test").unwrap();
        assert_eq!(n, 1);
        let mut names: Vec<String> = std::fs::read_dir(r)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["mpn"]);
        assert!(r.join("mpn/New.json").is_file() && !r.join("mpn/Old.json").exists());
    }
}
