//! `pcql.toml`: the project's family, schema directory and per-code levels.
//!
//! ```toml
//! family = "mpn"
//! schemas = "schemas"          # relative to this file
//! max-schema-age-days = 90     # PQ9001 when the schemas are older
//! line-width = 100             # pcql fmt breaks longer lines
//! include = ["queries/**/*.pcql"]  # instead of every .pcql, .sql and request-body .json
//! exclude = ["fixtures", "*.generated.sql"]  # relative to this file
//!
//! select = ["ALL"]            # codes reported (code, name, prefix or ALL)
//! ignore = ["PQ5"]             # codes not reported
//!
//! [codes]
//! PQ4003 = "allow"             # drop it
//! order-without-direction = "deny"   # make it an error
//! ```
//!
//! Unknown keys, unknown codes and unknown levels are errors that name the
//! file, line and column. Each file uses the nearest `pcql.toml` from its
//! own folder upward (nothing is merged from configurations further up).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::CliError;
use super::inputs::Globs;
use pcql::diagnostic::Code;
use pcql::schema::Family;
use pcql::span::LineIndex;

/// The file name searched for, upward from the working directory.
pub const FILE_NAME: &str = "pcql.toml";

pub use pcql::check::{Level, Levels};

/// A loaded `pcql.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// The file it came from (`None` when there is none).
    pub path: Option<PathBuf>,
    /// `family = "…"`.
    pub family: Option<String>,
    /// `schemas = "…"`, resolved against the file's directory.
    pub schemas: Option<PathBuf>,
    /// `max-schema-age-days = N`: warn (PQ9001) when the schemas are older.
    pub max_schema_age_days: Option<u32>,
    /// `[codes]`.
    pub levels: Levels,
    /// `line-width = N`: where `pcql fmt` breaks lines.
    pub line_width: Option<usize>,
    /// `include = [GLOB, …]`: the files a walked directory yields instead of
    /// those with a query extension.
    pub include: Globs,
    /// `exclude = [GLOB, …]`: files and folders a walk skips.
    pub exclude: Globs,
    /// `select = [CODE, …]`: the codes reported (all when empty).
    pub select: Vec<String>,
    /// `ignore = [CODE, …]`: codes not reported.
    pub ignore: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    family: Option<Spanned<String>>,
    schemas: Option<String>,
    #[serde(rename = "max-schema-age-days")]
    max_schema_age_days: Option<u32>,
    #[serde(rename = "line-width")]
    line_width: Option<Spanned<i64>>,
    #[serde(default)]
    select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    include: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    codes: BTreeMap<Spanned<String>, Spanned<String>>,
}

impl Config {
    /// The configuration named by `--config`, or the nearest `pcql.toml` from
    /// `cwd` upward, or the default when there is none.
    pub fn load(explicit: Option<&Path>, cwd: &Path) -> Result<Config, CliError> {
        let path = match explicit {
            Some(p) => Some(p.to_path_buf()),
            None => find_upward(cwd),
        };
        let Some(path) = path else {
            return Ok(Config::default());
        };
        let text = std::fs::read_to_string(&path)
            .map_err(|e| CliError::new(format!("cannot read `{}`: {e}", path.display())))?;
        Config::parse_in(&text, &path, cwd)
    }

    /// Parse the text of a `pcql.toml` found at `path`.
    #[cfg(test)]
    pub fn parse(text: &str, path: &Path) -> Result<Config, CliError> {
        Config::parse_in(text, path, Path::new(""))
    }

    /// Parse the text of a `pcql.toml` found at `path` (relative to `cwd`).
    fn parse_in(text: &str, path: &Path, cwd: &Path) -> Result<Config, CliError> {
        let at = |span: Option<std::ops::Range<usize>>, msg: &str| {
            let (line, col) = LineIndex::new(text).line_col(span.map_or(0, |s| s.start));
            CliError::new(format!("{}:{line}:{col}: {msg}", path.display()))
        };
        let raw: Raw = toml::from_str(text).map_err(|e| at(e.span(), e.message().trim()))?;
        if let Some(f) = &raw.family
            && !Family::ALL.iter().any(|x| x.as_str() == f.get_ref())
        {
            let names = Family::ALL.map(Family::as_str);
            let msg = format!(
                "unknown family `{}`; expected one of {}",
                f.get_ref(),
                names.join(", ")
            );
            return Err(at(Some(f.span()), &msg));
        }
        let mut levels = BTreeMap::new();
        for (key, value) in &raw.codes {
            let code = Code::parse(key.get_ref()).ok_or_else(|| {
                at(
                    Some(key.span()),
                    &format!("unknown code `{}`", key.get_ref()),
                )
            })?;
            let level = value.get_ref().parse::<Level>().map_err(|_| {
                let msg = format!(
                    "unknown level `{}` for {code}; expected allow, warn or deny",
                    value.get_ref()
                );
                at(Some(value.span()), &msg)
            })?;
            levels.insert(code, level);
        }
        let dir = path.parent().unwrap_or(Path::new("."));
        let line_width = match raw.line_width {
            Some(w) if !(20..=1000).contains(w.get_ref()) => {
                return Err(at(Some(w.span()), "line-width must be between 20 and 1000"));
            }
            w => w.map(|w| *w.get_ref() as usize),
        };
        for s in raw.select.iter().chain(&raw.ignore) {
            super::rules::codes_of(s.get_ref()).map_err(|e| at(Some(s.span()), &e.to_string()))?;
        }
        let strings = |v: Vec<Spanned<String>>| v.into_iter().map(Spanned::into_inner).collect();
        let base = cwd.join(dir);
        let name = path.display().to_string();
        Ok(Config {
            select: strings(raw.select),
            ignore: strings(raw.ignore),
            line_width,
            include: Globs::new(&raw.include, &base, &format!("{name}: include"))?,
            exclude: Globs::new(&raw.exclude, &base, &format!("{name}: exclude"))?,
            path: Some(path.to_path_buf()),
            family: raw.family.map(Spanned::into_inner),
            schemas: raw.schemas.map(|s| dir.join(s)),
            max_schema_age_days: raw.max_schema_age_days,
            levels: Levels(levels),
        })
    }
}

/// The nearest `pcql.toml` in `dir` or one of its ancestors.
pub fn find_upward(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;
    use pcql::diagnostic::{Diagnostic, Severity};
    use pcql::span::Span;

    fn parse(text: &str) -> Result<Config, String> {
        Config::parse(text, Path::new("proj/pcql.toml")).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_family_schemas_and_levels_by_code_or_name() {
        let c = parse(
            "family = \"cmp\"\nschemas = \"s\"\nmax-schema-age-days = 30\n[codes]\npq4003 = \"allow\"\n\
             order-without-direction = \"deny\"\nPQ2005 = \"warn\"\n",
        )
        .unwrap();
        assert_eq!(c.family.as_deref(), Some("cmp"));
        assert_eq!(c.schemas, Some(PathBuf::from("proj/s")));
        assert_eq!(c.max_schema_age_days, Some(30));
        assert_eq!(c.levels.0[&Code::TimespanOmitted], Level::Allow);
        assert_eq!(c.levels.0[&Code::OrderWithoutDirection], Level::Deny);
        assert_eq!(c.levels.0[&Code::NameCase], Level::Warn);
    }

    #[test]
    fn errors_name_file_line_and_what() {
        let e = parse("family = \"mpn\"\n[codes]\nPQ9999 = \"allow\"\n").unwrap_err();
        assert!(
            e.starts_with("proj/pcql.toml:3:1: unknown code `PQ9999`"),
            "{e}"
        );
        let e = parse("[codes]\nPQ4003 = \"sometimes\"\n").unwrap_err();
        assert!(e.starts_with("proj/pcql.toml:2:10: unknown level"), "{e}");
        let e = parse("\nfamilly = \"mpn\"\n").unwrap_err();
        assert!(e.starts_with("proj/pcql.toml:2:1:"), "{e}");
        assert!(e.contains("familly"), "{e}");
        let e = parse("family = \"xbox\"\n").unwrap_err();
        assert!(e.contains(":1:10: unknown family `xbox`"), "{e}");
    }

    #[test]
    fn levels_drop_and_reclassify() {
        let mut m = BTreeMap::new();
        m.insert(Code::TimespanOmitted, Level::Allow);
        m.insert(Code::OrderWithoutDirection, Level::Deny);
        m.insert(Code::Top, Level::Warn);
        let d = |c| Diagnostic::new(c, Span::new(0, 1), "m");
        let out = Levels(m).apply(vec![
            d(Code::TimespanOmitted),
            d(Code::OrderWithoutDirection),
            d(Code::Top),
            d(Code::NameCase),
        ]);
        let got: Vec<_> = out.iter().map(|d| (d.code, d.severity)).collect();
        assert_eq!(
            got,
            [
                (Code::OrderWithoutDirection, Severity::Error),
                (Code::Top, Severity::Warning),
                (Code::NameCase, Severity::Advice),
            ]
        );
    }
}
