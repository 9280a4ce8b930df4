//! The validation gate in front of every submission: the same parse and
//! check as `pcql check`. A query or body with errors becomes
//! [`Error::Invalid`] carrying every diagnostic, and nothing is sent.

use std::sync::Arc;

use super::errors::Error;
use super::requests::CreateReport;
use crate::ast::Query;
use crate::check::{Checked, Checker};
use crate::schema::Catalog;
pub use crate::schema::Family;

/// Whether and against what queries and report bodies are checked before
/// they are sent.
#[derive(Debug, Clone, Default)]
pub enum Validation {
    /// Check against the bundled catalog (the default).
    #[default]
    Check,
    /// Check against this catalog (e.g. the one `pcql schemas pull` wrote).
    CheckWith(Arc<Catalog>),
    /// Send as given.
    Skip,
}

/// The catalog used when none is given: the bundled snapshot, or (built
/// without the feature `bundled-schemas`) an empty catalog, against which
/// every dataset is unknown: give one with [`Validation::CheckWith`].
pub fn default_catalog() -> &'static Catalog {
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

impl Validation {
    /// The catalog to check against, or `None` for [`Validation::Skip`].
    pub fn catalog(&self) -> Option<&Catalog> {
        match self {
            Validation::Check => Some(default_catalog()),
            Validation::CheckWith(c) => Some(c),
            Validation::Skip => None,
        }
    }
}

/// The checker the gate uses: `catalog` for `family`.
fn checker(catalog: &Catalog, family: Family) -> Checker<'_> {
    Checker::new(catalog).with_family(Some(family))
}

/// Check `text` for `family` against `catalog` with the library's
/// [`Checker`]: the checked query, or [`Error::Invalid`] with every
/// diagnostic of the parse and the check.
pub fn query_text(text: &str, catalog: &Catalog, family: Family) -> Result<Checked<Query>, Error> {
    Ok(checker(catalog, family).check_query(text)?)
}

/// Check a report request body as `pcql check` checks a JSON body (PQ6xxx):
/// on errors, [`Error::Invalid`] whose spans point into the body's JSON text.
pub fn report_body(body: &CreateReport, catalog: &Catalog, family: Family) -> Result<(), Error> {
    let text = serde_json::to_string_pretty(body).map_err(|e| Error::Config(e.to_string()))?;
    checker(catalog, family).check_body("report request", &text)?;
    Ok(())
}

/// [`report_body`] for a report whose query is known to read `query_text`:
/// its `RecurrenceInterval` is also held to that dataset's minimum (PQ6007).
pub fn report_for_query(
    body: &CreateReport,
    catalog: &Catalog,
    family: Family,
    query_text: &str,
) -> Result<(), Error> {
    let text = serde_json::to_string_pretty(body).map_err(|e| Error::Config(e.to_string()))?;
    checker(catalog, family).check_report_for_query("report request", &text, query_text)?;
    Ok(())
}
