//! Dataset catalogs: families, datasets, hints, retired names; loading them
//! bundled, from a directory, or from a `ScheduledDataset` response.
//!
//! A [`Catalog`] holds the datasets of one or more [`Family`]s. Every lookup
//! ignores ASCII case (the language does) and answers with the catalog's
//! spelling. A catalog knows whether it is authoritative (pulled from the API
//! or supplied by the user: a missing name is an error) or a snapshot compiled
//! from documentation (a missing name may only be undocumented), and for a
//! snapshot which dataset lists are complete.
//!
//! ```
//! use pcql::schema::{Catalog, Family};
//!
//! let body = r#"{"value": [{"datasetName": "OfficeUsage",
//!     "selectableColumns": ["Month", "CustomerName"], "availableMetrics": ["CustomerCount"],
//!     "availableDateRanges": ["LAST_MONTH"], "minimumRecurrenceInterval": 24}]}"#;
//! let catalog = Catalog::from_response(Family::Mpn, body)?;
//! let ds = catalog.dataset("officeusage", None).unwrap();
//! assert_eq!(ds.column("customercount").map(|n| (n.name, n.is_metric)), Some(("CustomerCount", true)));
//! # Ok::<(), pcql::schema::SchemaError>(())
//! ```

#[cfg(feature = "bundled-schemas")]
mod bundled;
mod catalog;
mod dataset;
mod family;
mod index;
pub(crate) mod json;
mod load;
mod meta;

pub use catalog::Catalog;
pub use dataset::{ColumnHint, ColumnType, Dataset, NameRef};
pub use family::{Family, ParseFamilyError};
pub(crate) use index::FastHash;
pub use json::ScheduledDatasetItem;
pub use load::SchemaError;
pub use meta::{FamilyInfo, RetiredDataset, RetiredName};
