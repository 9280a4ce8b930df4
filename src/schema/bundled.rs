//! The schemas under `schemas/`, embedded in the library as static tables.
//!
//! The JSON files under `schemas/` are the source; `bundled/data.rs` holds
//! what loading them gives, written out as Rust data, so that a process
//! starts with the catalog built from a few tables instead of decoding
//! 240 KB of JSON (which cost most of the instructions of a one-query
//! `pcql check`). The file is generated and checked in rather than written
//! by a build script: a build script would run on every build of every
//! dependant for a list that changes a few times a year, and the regenerated
//! tables are reviewed in the diff when a dataset changes.
//!
//! After editing a file under `schemas/`, regenerate the tables with
//! `PCQL_BLESS=1 cargo test --lib bundled`. The test
//! `tables_are_current` fails while they differ from what the JSON gives,
//! and `every_schema_file_is_embedded` when `schemas/` holds a file the list
//! below does not name, so a new file cannot be forgotten.

use std::sync::OnceLock;

use super::load::SchemaError;
use super::{Catalog, ColumnHint, ColumnType, Dataset, Family, FamilyInfo};
use super::{RetiredDataset, RetiredName};

#[rustfmt::skip]
mod data;
#[cfg(test)]
mod generate;

/// A family's provenance ([`FamilyInfo`]).
struct Info {
    family: Family,
    authoritative: bool,
    datasets_complete: bool,
    fetched: Option<&'static str>,
    source: Option<&'static str>,
}

/// A [`Dataset`], with its hints by position among its columns then metrics.
struct Ds {
    name: &'static str,
    family: Family,
    columns: &'static [&'static str],
    metrics: &'static [&'static str],
    date_ranges: &'static [&'static str],
    min_recurrence_interval: Option<u32>,
    columns_complete: bool,
    metrics_complete: bool,
    hints: &'static [(usize, Hint)],
}

/// A [`ColumnHint`].
struct Hint {
    ty: Option<ColumnType>,
    values: &'static [&'static str],
    values_seen: &'static [&'static str],
    description: Option<&'static str>,
}

/// A [`RetiredDataset`].
struct Retired {
    name: &'static str,
    family: Family,
    last_seen: &'static str,
    columns: &'static [&'static str],
}

/// A [`RetiredName`].
struct RetiredIn {
    dataset: &'static str,
    name: &'static str,
    last_seen: &'static str,
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn string(s: Option<&str>) -> Option<String> {
    s.map(str::to_string)
}

impl Ds {
    fn build(&self) -> Dataset {
        let mut d = Dataset::new(
            self.name,
            self.family,
            strings(self.columns),
            strings(self.metrics),
            strings(self.date_ranges),
            self.min_recurrence_interval,
        )
        .with_completeness(self.columns_complete, self.metrics_complete);
        for (i, h) in self.hints {
            d.set_hint_at(
                *i,
                ColumnHint {
                    ty: h.ty,
                    values: strings(h.values),
                    values_seen: strings(h.values_seen),
                    description: string(h.description),
                },
            );
        }
        d
    }
}

impl Catalog {
    /// The bundled snapshot of every family, built once per process.
    ///
    /// It comes from public documentation and one live listing of 2023
    /// (`schemas/PROVENANCE.md`); it is not authoritative, and the lists of
    /// many datasets are incomplete (see [`super::Dataset::columns_complete`]).
    pub fn bundled() -> &'static Catalog {
        static BUNDLED: OnceLock<Catalog> = OnceLock::new();
        // The embedded tables are tested to equal what the files load to.
        BUNDLED.get_or_init(|| Catalog::try_bundled().unwrap_or_default())
    }

    /// A new copy of the bundled snapshot. It cannot fail: the embedded
    /// tables are generated from the files under `schemas/` and tested to
    /// load to the same catalog; the `Result` is kept for callers written
    /// when the files were decoded at run time.
    pub fn try_bundled() -> Result<Catalog, SchemaError> {
        let families = data::FAMILIES
            .iter()
            .map(|i| FamilyInfo {
                family: i.family,
                authoritative: i.authoritative,
                datasets_complete: i.datasets_complete,
                fetched: string(i.fetched),
                source: string(i.source),
            })
            .collect();
        let datasets = data::DATASETS.iter().map(Ds::build).collect();
        let retired_datasets = data::RETIRED_DATASETS
            .iter()
            .map(|r| RetiredDataset {
                name: r.name.to_string(),
                family: r.family,
                last_seen: r.last_seen.to_string(),
                columns: strings(r.columns),
            })
            .collect();
        let retired_names = data::RETIRED_NAMES
            .iter()
            .map(|r| RetiredName {
                dataset: r.dataset.to_string(),
                name: r.name.to_string(),
                last_seen: r.last_seen.to_string(),
            })
            .collect();
        Ok(Catalog::from_parts(
            families,
            datasets,
            retired_datasets,
            retired_names,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::json::parse_text;
    use crate::schema::load::{SourceFile, load_family};
    use crate::schema::meta::parse_hints;

    macro_rules! embed {
        ($($family:literal: [$($file:literal),* $(,)?]),* $(,)?) => {
            /// `(family directory, file name, contents)` of every embedded file.
            const FILES: &[(&str, &str, &str)] = &[
                $($(($family, $file, include_str!(concat!("../../schemas/", $family, "/", $file))),)*)*
            ];
        };
    }

    embed! {
        "mpn": [
            "_meta.json", "_hints.json", "_retired.json",
            "AzureUsage.json", "CLASAgreementRenewalsPropensity.json", "CLASAzurePropensity.json",
            "CLASD365Propensity.json", "CLASM365Propensity.json", "CLASSurfacePropensity.json",
            "CPORM365Usage.json", "CSPRevenueDetails.json", "CustomersAndTenants.json",
            "DynamicsUsage.json", "EMSUsage.json", "MSLearn.json", "OfficeUsage.json",
            "PowerBIUsage.json", "Profile.json", "ResellerPerformance.json",
            "SeatsSubscriptionsAndRevenue.json", "TeamsUsage3PApps.json",
            "TeamsUsageMeetingsAndCalls.json", "TeamsUsageWorkload.json", "TrainingCompletions.json",
        ],
        "cmp": [
            "_meta.json", "_hints.json",
            "ISVCustomer.json", "ISVMarketplaceInsights.json", "ISVOfferRetention.json",
            "ISVOrder.json", "ISVOrderV2.json", "ISVQualityOfService.json", "ISVRevenue.json",
            "ISVUsage.json",
        ],
        "apps-games": [
            "_meta.json", "_hints.json",
            "Acquisitions.json",
        ],
    }

    /// The catalog the files under `schemas/` load to, as `Catalog::from_dir` reads them.
    fn from_files() -> Catalog {
        let mut catalog = Catalog::empty();
        for family in Family::ALL {
            let files: Vec<SourceFile<'_>> = FILES
                .iter()
                .filter(|(f, _, _)| *f == family.as_str())
                .map(|&(f, name, text)| SourceFile {
                    label: format!("schemas/{f}/{name} (bundled)"),
                    file_name: name,
                    text,
                })
                .collect();
            if !files.is_empty() {
                load_family(&mut catalog, family, &files).unwrap();
            }
        }
        catalog
    }

    #[test]
    fn tables_are_current() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/schema/bundled/data.rs");
        let want = super::generate::tables(&from_files());
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        if have != want {
            if std::env::var_os("PCQL_BLESS").is_some() {
                std::fs::write(&path, &want).unwrap();
            } else {
                panic!(
                    "src/schema/bundled/data.rs is not what schemas/ gives; \
                     regenerate it with `PCQL_BLESS=1 cargo test --lib bundled`"
                );
            }
        }
    }

    #[test]
    fn tables_build_the_catalog_the_files_load_to() {
        assert_eq!(Catalog::try_bundled().unwrap(), from_files());
        assert_eq!(Catalog::bundled(), &from_files());
    }

    #[test]
    fn every_schema_file_is_embedded() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
        let mut on_disk = Vec::new();
        for family in Family::ALL {
            for e in std::fs::read_dir(root.join(family.as_str())).unwrap() {
                let name = e.unwrap().file_name().into_string().unwrap();
                if name.ends_with(".json") {
                    on_disk.push((family.as_str().to_string(), name));
                }
            }
        }
        on_disk.sort();
        let mut embedded: Vec<(String, String)> = FILES
            .iter()
            .map(|(f, n, _)| (f.to_string(), n.to_string()))
            .collect();
        embedded.sort();
        assert_eq!(
            on_disk, embedded,
            "schemas/ and the list in bundled.rs differ"
        );
    }

    #[test]
    fn every_bundled_file_loads_and_every_hint_names_a_real_column() {
        let c = Catalog::try_bundled().unwrap();
        assert_eq!(c.datasets_of(Family::Mpn).count(), 21);
        assert_eq!(c.datasets_of(Family::Cmp).count(), 8);
        assert_eq!(c.datasets_of(Family::AppsGames).count(), 1);
        assert!(!c.is_authoritative());
        for &(family, name, text) in FILES {
            if name != "_hints.json" {
                continue;
            }
            let fam: Family = family.parse().unwrap();
            for (ds, cols) in parse_hints(&parse_text(text).unwrap()).unwrap() {
                let d = c
                    .dataset(&ds, Some(fam))
                    .unwrap_or_else(|| panic!("{family}/_hints.json: no dataset {ds}"));
                assert_eq!(d.name(), ds, "hint keys use the catalog's spelling");
                for (col, _) in cols {
                    let n = d
                        .column(&col)
                        .unwrap_or_else(|| panic!("{family}/_hints.json: {ds} has no {col}"));
                    assert_eq!(n.name, col, "hint keys use the catalog's spelling");
                }
            }
        }
        let hint = c
            .dataset("OfficeUsage", None)
            .and_then(|d| d.column("IsDuplicateRowForPGA"))
            .and_then(|n| n.hint)
            .unwrap();
        assert_eq!(hint.values, ["0", "1"]);
    }

    #[test]
    fn bundled_provenance_and_completeness() {
        let c = Catalog::bundled();
        let mpn = c.family(Family::Mpn).unwrap();
        assert!(!mpn.authoritative && mpn.datasets_complete);
        assert_eq!(mpn.fetched.as_deref(), Some("2023-02-27"));
        assert!(!c.family(Family::Cmp).unwrap().datasets_complete);
        assert!(c.dataset("ISVUsage", None).unwrap().is_complete());
        assert!(!c.dataset("ISVOrder", None).unwrap().columns_complete());
        assert_eq!(c.detect_family("acquisitions"), Some(Family::AppsGames));
        assert_eq!(
            c.dataset("Profile", None)
                .unwrap()
                .min_recurrence_interval(),
            Some(24)
        );
    }

    #[test]
    fn retired_names_and_successors() {
        let c = Catalog::bundled();
        let rd = c.retired_dataset("competencysummaryhistory", None).unwrap();
        assert_eq!(rd.name, "CompetencySummaryHistory");
        assert_eq!(rd.family, Family::Mpn);
        assert_eq!(
            c.dataset_successor("CloudProductsResellerPerformance", Some(Family::Mpn))
                .map(|d| d.name()),
            Some("ResellerPerformance")
        );
        let succ = |ds: &str, name: &str| {
            let d = c.dataset(ds, None).unwrap();
            assert!(c.retired_name(ds, name).is_some(), "{ds}.{name} is retired");
            c.successor(d, name).map(str::to_string)
        };
        assert_eq!(succ("AzureUsage", "TotalACR").as_deref(), Some("ACR_USD"));
        assert_eq!(succ("Profile", "PGA_MPNId").as_deref(), Some("PGAMpnId"));
        assert_eq!(
            succ("SeatsSubscriptionsAndRevenue", "PricingLevel").as_deref(),
            Some("PricingLevelName")
        );
        assert_eq!(succ("AzureUsage", "MeterCategory"), None);
        assert_eq!(succ("DynamicsUsage", "TotalRevenueAndACR"), None);
        // Every entry of the successor tables names a live dataset and name.
        for (ds, _, new) in super::super::catalog::NAME_SUCCESSORS {
            let d = c.dataset(ds, Some(Family::Mpn)).unwrap();
            assert_eq!(d.column(new).map(|n| n.name), Some(*new));
        }
    }
}
