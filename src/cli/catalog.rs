//! Which schema catalog to use, and `pcql schemas list|show`.
//!
//! Precedence: `--schemas PATH`, then `schemas = …` in `pcql.toml`, then
//! `./.pcql/schemas`, then the user cache written by `pcql schemas pull`
//! (`<cache dir>/pcql/schemas`), then the bundled snapshot.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use clap::Subcommand;

use super::{CliError, Global};
use pcql::schema::{Catalog, Family};

/// `pcql schemas …`.
#[derive(Debug, Subcommand)]
pub enum SchemasCommand {
    /// List the datasets of the catalog in use.
    List {
        /// Only this API family (mpn, cmp, apps-games).
        #[arg(long, value_enum)]
        family: Option<Family>,
        /// Use the schemas under this directory.
        #[arg(long, value_name = "PATH")]
        schemas: Option<PathBuf>,
        /// Output: text for people, or JSON.
        #[arg(long, value_enum, default_value_t)]
        format: ListFormat,
    },
    /// Show one dataset: columns, metrics, date ranges, recurrence, hints.
    Show {
        /// The dataset name, e.g. CustomersAndTenants.
        dataset: String,
        /// Look only in this API family.
        #[arg(long, value_enum)]
        family: Option<Family>,
        /// Use the schemas under this directory.
        #[arg(long, value_name = "PATH")]
        schemas: Option<PathBuf>,
        /// Output: text for people, or JSON.
        #[arg(long, value_enum, default_value_t)]
        format: ListFormat,
    },
    /// Fetch the datasets from the API into the user cache (or --out DIR).
    Pull(Box<super::pull::PullArgs>),
}

/// `schemas list|show --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ListFormat {
    /// Tables for people.
    #[default]
    Text,
    /// One JSON document.
    Json,
}

/// Where the catalog comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// `--schemas PATH`.
    Explicit(PathBuf),
    /// `schemas = …` in `pcql.toml`.
    Config(PathBuf),
    /// `./.pcql/schemas`.
    Project(PathBuf),
    /// The user cache written by `pcql schemas pull`.
    Cache(PathBuf),
    /// The snapshot embedded in pcql.
    Bundled,
}

impl Source {
    /// The directory, unless bundled.
    pub fn dir(&self) -> Option<&Path> {
        match self {
            Source::Explicit(p) | Source::Config(p) | Source::Project(p) | Source::Cache(p) => {
                Some(p)
            }
            Source::Bundled => None,
        }
    }
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Explicit(p) => write!(f, "{} (--schemas)", p.display()),
            Source::Config(p) => write!(f, "{} (pcql.toml)", p.display()),
            Source::Project(p) => write!(f, "{} (project)", p.display()),
            Source::Cache(p) => write!(f, "{} (user cache, pcql schemas pull)", p.display()),
            Source::Bundled => f.write_str("bundled snapshot"),
        }
    }
}

/// The user cache directory `pcql schemas pull` writes to:
/// `<cache dir>/pcql/schemas` (one subdirectory per family).
pub fn cache_dir() -> Option<PathBuf> {
    dirs::cache_dir().map(|d| d.join("pcql").join("schemas"))
}

/// Pick the catalog by precedence. An explicit or configured directory must exist.
pub fn resolve(explicit: Option<&Path>, configured: Option<&Path>) -> Result<Source, CliError> {
    let must_exist = |p: &Path, what: &str| {
        if p.is_dir() {
            Ok(p.to_path_buf())
        } else {
            Err(CliError::new(format!(
                "cannot read schemas `{}` ({what}): not a directory",
                p.display()
            )))
        }
    };
    if let Some(p) = explicit {
        return must_exist(p, "--schemas").map(Source::Explicit);
    }
    if let Some(p) = configured {
        return must_exist(p, "pcql.toml").map(Source::Config);
    }
    let project = Path::new(".pcql").join("schemas");
    if has_entries(&project) {
        return Ok(Source::Project(project));
    }
    if let Some(c) = cache_dir() {
        // A pull killed while it swapped directories is finished first.
        for line in super::pull::recover(&c) {
            eprintln!("pcql: {line}");
        }
    }
    match cache_dir() {
        Some(c) if has_entries(&c) => Ok(Source::Cache(c)),
        _ => Ok(Source::Bundled),
    }
}

fn has_entries(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_some())
}

/// The bundled snapshot, or an empty catalog in a build without it.
pub fn bundled() -> &'static Catalog {
    #[cfg(feature = "bundled-schemas")]
    {
        Catalog::bundled()
    }
    #[cfg(not(feature = "bundled-schemas"))]
    {
        static EMPTY: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
        EMPTY.get_or_init(Catalog::empty)
    }
}

/// Load the catalog of `source`. A directory's families replace the bundled
/// ones (and take the bundle's hints and retired names); families the
/// directory lacks stay bundled.
pub fn load(source: &Source) -> Result<Cow<'static, Catalog>, CliError> {
    let Some(dir) = source.dir() else {
        return Ok(Cow::Borrowed(bundled()));
    };
    let mut loaded = Catalog::from_dir(dir)
        .map_err(|e| CliError::new(format!("cannot load schemas from {source}: {e}")))?;
    loaded.inherit(bundled());
    let mut catalog = bundled().clone();
    catalog.extend(loaded);
    Ok(Cow::Owned(catalog))
}

/// `--family` (or `family =` in `pcql.toml`) as a [`Family`].
pub fn family(name: Option<&str>) -> Result<Option<Family>, CliError> {
    name.map(|n| {
        n.parse::<Family>()
            .map_err(|e| CliError::new(e.to_string()))
    })
    .transpose()
}

/// Run `pcql schemas list|show|pull`.
pub fn run(cmd: SchemasCommand, global: &Global) -> Result<i32, CliError> {
    let (explicit, family_name, dataset, format) = match cmd {
        SchemasCommand::Pull(args) => return Ok(super::pull::run(*args, &global.load_config()?)),
        SchemasCommand::List {
            schemas,
            family,
            format,
        } => (schemas, family, None, format),
        SchemasCommand::Show {
            dataset,
            schemas,
            family,
            format,
        } => (schemas, family, Some(dataset), format),
    };
    let config = global.load_config()?;
    let source = resolve(explicit.as_deref(), config.schemas.as_deref())?;
    if global.verbose {
        eprintln!("pcql: schemas {source}");
    }
    let catalog = load(&source)?;
    let family = match family_name {
        Some(f) => Some(f),
        None => family(config.family.as_deref())?,
    };
    let out = match (dataset, format) {
        (None, ListFormat::Text) => super::schemas::list(&catalog, &source, family),
        (None, ListFormat::Json) => super::schemas::list_json(&catalog, &source, family),
        (Some(name), ListFormat::Text) => super::schemas::show(&catalog, &source, &name, family)?,
        (Some(name), ListFormat::Json) => {
            super::schemas::show_json(&catalog, &source, &name, family)?
        }
    };
    print!("{out}");
    Ok(super::EXIT_OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_beats_config_and_must_exist() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        assert_eq!(
            resolve(Some(d), Some(Path::new("nope"))).unwrap(),
            Source::Explicit(d.to_path_buf())
        );
        assert_eq!(
            resolve(None, Some(d)).unwrap(),
            Source::Config(d.to_path_buf())
        );
        let e = resolve(Some(&d.join("missing")), None).unwrap_err();
        assert!(e.to_string().contains("missing"), "{e}");
    }
}
