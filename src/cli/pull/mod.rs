//! `pcql schemas pull [--family F] [--out DIR] [QUERY FILES…]`: fetch the
//! family's datasets from `ScheduledDataset`, write one file per dataset
//! under `<DIR or the user cache>/<family>/` with a `_meta.json` that marks
//! the listing authoritative and says when it was fetched, and print what
//! changed against the previous listing (or the bundled snapshot).
//!
//! The new directory is written whole beside the old one, then swapped in,
//! so a failed pull leaves the previous cache as it was.

mod diff;
mod recheck;
mod write;

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use clap::Args;

pub use diff::{Shape, Shapes, changes};
pub use write::recover;

use super::api::Connection;
use super::config::Config;
use pcql::client::{DatasetInfo, Family, rfc3339};
use pcql::schema::Catalog;

/// `pcql schemas pull`.
#[derive(Debug, Args)]
pub struct PullArgs {
    /// Where and how to connect.
    #[command(flatten)]
    pub conn: Connection,
    /// Write into DIR (a subdirectory per family) instead of the user cache.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Query files to check against the old and the new schemas.
    pub files: Vec<PathBuf>,
}

/// Run `pcql schemas pull` for `--family`, else `config`'s family, else
/// mpn; returns the exit code (0 done, 1 a query file fails the check
/// against the new schemas, 2 failure).
pub fn run(args: PullArgs, config: &Config) -> i32 {
    match super::block_on(pull(&args, config)).unwrap_or_else(|e| Err(e.to_string())) {
        Ok((text, code)) => {
            print!("{text}");
            code
        }
        Err(e) => {
            eprintln!("error: {e}");
            2
        }
    }
}

async fn pull(args: &PullArgs, config: &Config) -> Result<(String, i32), String> {
    let family = args.conn.family(config)?;
    let root = match &args.out {
        Some(d) => d.clone(),
        None => super::catalog::cache_dir()
            .ok_or("no user cache directory on this system; pass --out DIR")?,
    };
    let client = super::api::client(&args.conn, family, None)?;
    let listing = client.datasets(None).await.map_err(|e| e.to_string())?;
    if listing.items.is_empty() {
        return Err("the API returned no datasets; the previous schemas are kept".into());
    }
    let dir = root.join(family.as_str());
    let (old, old_label) = previous(&root, family);
    let fetched = rfc3339(SystemTime::now());
    let source = format!("ScheduledDataset at {}", client.base_url());
    let written = write::family_dir(&dir, &listing.items, family, &fetched, &source)?;
    let new = shapes_of(&listing.items);
    let mut out = format!(
        "pulled {written} datasets of {family} into {} (authoritative, fetched {fetched})\n",
        dir.display()
    );
    let lines = changes(&shapes_of_catalog(&old, family), &new);
    out.push_str(&format!("changes against {old_label}:\n"));
    if lines.is_empty() {
        out.push_str("  none\n");
    }
    for l in lines {
        out.push_str(&format!("  {l}\n"));
    }
    let mut now = Catalog::from_dir(&root).map_err(|e| e.to_string())?;
    now.inherit(pcql::client::validate::default_catalog());
    let code = recheck::recheck(&args.files, &old, &now, family, &mut out);
    Ok((out, code))
}

fn shapes_of(items: &[DatasetInfo]) -> Shapes {
    items
        .iter()
        .filter_map(|d| {
            let name = d.dataset_name.clone()?;
            let min = d
                .minimum_recurrence_interval
                .and_then(|m| u32::try_from(m).ok());
            Some((
                name,
                Shape::new(
                    &d.selectable_columns,
                    &d.available_metrics,
                    &d.available_date_ranges,
                )
                .with_min_recurrence(min),
            ))
        })
        .collect()
}

fn shapes_of_catalog(c: &Catalog, family: Family) -> Shapes {
    c.datasets_of(family)
        .map(|d| {
            (
                d.name().to_string(),
                Shape::new(d.columns(), d.metrics(), d.date_ranges())
                    .with_min_recurrence(d.min_recurrence_interval())
                    .with_complete(d.is_complete()),
            )
        })
        .collect()
}

/// The catalog before the pull: the previous directory, else the bundled snapshot.
fn previous(root: &Path, family: Family) -> (Catalog, String) {
    let dir = root.join(family.as_str());
    if dir.is_dir()
        && let Ok(mut c) = Catalog::from_dir(root)
        && c.datasets_of(family).next().is_some()
    {
        c.inherit(pcql::client::validate::default_catalog());
        let when = write::fetched(&dir).unwrap_or_else(|| "date unknown".into());
        return (c, format!("the previous schemas (fetched {when})"));
    }
    (
        pcql::client::validate::default_catalog().clone(),
        "the bundled snapshot".into(),
    )
}
