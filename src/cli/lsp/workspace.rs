//! The configuration of each document: the nearest `pcql.toml` from the
//! document's folder upward, and the catalog it selects, with the precedence
//! of `pcql check` (the `schemas =` of the file, then `.pcql/schemas` beside
//! it, then the user cache of `pcql schemas pull`, then the bundled
//! snapshot).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::cli::{catalog, config::Config};
use pcql::check::Checker;
use pcql::schema::Family;

/// What documents under one configuration are checked with.
#[derive(Debug)]
pub struct Setup {
    /// The checker: catalog, family, levels.
    pub checker: Checker<'static>,
    /// The family configured (also used for completion).
    pub family: Option<Family>,
    /// Unique per load: caches keyed by it are dropped on reload.
    pub id: u64,
    /// Why the configuration could not be used, when it could not (then
    /// the bundled catalog is used).
    pub error: Option<String>,
    /// The configuration file and when it was last changed, as loaded.
    pub stamp: Stamp,
}

/// A configuration file, its modification time and length (`None`: no file).
pub type Stamp = Option<(PathBuf, Option<std::time::SystemTime>, u64)>;

/// The stamp of the configuration that governs `dir` now.
pub fn stamp(dir: &Path) -> Stamp {
    let path = crate::cli::config::find_upward(dir)?;
    let meta = std::fs::metadata(&path).ok();
    let modified = meta.as_ref().and_then(|m| m.modified().ok());
    Some((path, modified, meta.map_or(0, |m| m.len())))
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

impl Setup {
    /// The configuration for a document in `dir` (`None`: no file, such as
    /// an untitled document; the working directory then).
    pub fn load(dir: Option<&Path>) -> Setup {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        let dir = dir.unwrap_or(&cwd);
        let stamp = stamp(dir);
        let setup = match Self::try_load(dir) {
            Ok(s) => s,
            Err(e) => Setup {
                checker: Checker::new(catalog::bundled()),
                family: None,
                id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
                error: Some(e),
                stamp: None,
            },
        };
        Setup { stamp, ..setup }
    }

    fn try_load(dir: &Path) -> Result<Setup, String> {
        let config = Config::load(None, dir).map_err(|e| e.to_string())?;
        let base = config
            .path
            .as_deref()
            .and_then(Path::parent)
            .unwrap_or(dir)
            .to_path_buf();
        let project = base.join(".pcql").join("schemas");
        let project = std::fs::read_dir(&project)
            .is_ok_and(|mut d| d.next().is_some())
            .then_some(project);
        let explicit = if config.schemas.is_none() {
            project.as_deref()
        } else {
            None
        };
        let source =
            catalog::resolve(explicit, config.schemas.as_deref()).map_err(|e| e.to_string())?;
        let family = catalog::family(config.family.as_deref()).map_err(|e| e.to_string())?;
        let checker = Checker::new(catalog::load(&source).map_err(|e| e.to_string())?)
            .with_levels(config.levels.clone())
            .with_family(family);
        Ok(Setup {
            checker,
            family,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            error: None,
            stamp: None,
        })
    }
}

/// The setups loaded so far, by the configuration file that chose them.
#[derive(Debug, Default)]
pub struct Setups {
    by_config: HashMap<Option<PathBuf>, Arc<Setup>>,
}

impl Setups {
    /// The setup of a document at `path`, loading it on first use. The
    /// second value is true when it was loaded now.
    pub fn for_path(&mut self, path: Option<&Path>) -> (Arc<Setup>, bool) {
        let dir = path.and_then(Path::parent);
        let key = dir.and_then(crate::cli::config::find_upward);
        if let Some(s) = self.by_config.get(&key) {
            return (s.clone(), false);
        }
        let s = Arc::new(Setup::load(dir));
        self.by_config.insert(key, s.clone());
        (s, true)
    }

    /// Forget every setup: configuration or schemas changed.
    pub fn clear(&mut self) {
        self.by_config.clear();
    }
}

/// The path of a `file:` URI (percent-escapes undone), if it is one.
pub fn uri_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    // `file://host/path` has a host; `file:///path` has none.
    let path = &rest[rest.find('/')?..];
    let mut bytes = Vec::with_capacity(path.len());
    let raw = path.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'%'
            && let Some(h) = raw.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(std::str::from_utf8(h).unwrap_or("zz"), 16)
        {
            bytes.push(b);
            i += 3;
            continue;
        }
        bytes.push(raw[i]);
        i += 1;
    }
    let s = String::from_utf8(bytes).ok()?;
    // `/c:/x` on Windows.
    let s = match s.as_bytes() {
        [b'/', d, b':', ..] if d.is_ascii_alphabetic() && cfg!(windows) => s[1..].to_string(),
        _ => s,
    };
    Some(PathBuf::from(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_become_paths() {
        assert_eq!(
            uri_path("file:///tmp/a%20b/q.pcql"),
            Some(PathBuf::from("/tmp/a b/q.pcql"))
        );
        assert_eq!(uri_path("untitled:Untitled-1"), None);
        assert_eq!(
            uri_path("file:///tmp/%C3%A9.pcql"),
            Some(PathBuf::from("/tmp/é.pcql"))
        );
    }
}
