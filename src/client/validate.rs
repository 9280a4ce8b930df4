//! The validation gate in front of every submission: the same parse and
//! check as `pcql check`. A query or body with errors becomes
//! [`Error::Invalid`] carrying every diagnostic, and nothing is sent.

use std::sync::Arc;

use super::errors::Error;
use super::requests::CreateReport;
use crate::ast::Query;
use crate::check::body::{BodyContext, check_body};
use crate::check::{CheckOptions, Checked, check_query};
use crate::diagnostic::{Diagnostic, has_errors};
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

/// Parse and check `text` for `family` against `catalog`: the checked query,
/// or [`Error::Invalid`] with the diagnostics of the parse and the check.
pub fn query_text(text: &str, catalog: &Catalog, family: Family) -> Result<Checked<Query>, Error> {
    let parsed = crate::syntax::parse(text);
    let opts = CheckOptions {
        family: Some(family),
    };
    let refused = |diagnostics: Vec<Diagnostic>| Error::Invalid {
        what: "query",
        source_text: text.to_string(),
        diagnostics,
    };
    if has_errors(&parsed.diagnostics) {
        let mut all = parsed.diagnostics;
        all.extend(crate::check::check(&parsed.query, catalog, &opts));
        return Err(refused(all));
    }
    check_query(&parsed.query, catalog, &opts).map_err(|mut d| {
        let mut all = parsed.diagnostics;
        all.append(&mut d);
        refused(all)
    })
}

/// Check a report request body as `pcql check` checks a JSON body (PQ6xxx):
/// on errors, [`Error::Invalid`] whose spans point into the body's JSON text.
pub fn report_body(body: &CreateReport, family: Family) -> Result<(), Error> {
    let text = serde_json::to_string_pretty(body).map_err(|e| Error::Config(e.to_string()))?;
    let mut ctx = BodyContext::offline(BodyContext::system_now());
    ctx.family = Some(family.as_str());
    let report = check_body(&text, &ctx);
    if has_errors(&report.diagnostics) {
        return Err(Error::Invalid {
            what: "report request",
            source_text: text,
            diagnostics: report.diagnostics,
        });
    }
    Ok(())
}
