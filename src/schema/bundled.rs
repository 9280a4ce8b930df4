//! The schemas under `schemas/`, embedded in the library.
//!
//! The files are listed explicitly below rather than found by a build script:
//! a build script would run on every build of every dependant for a list that
//! changes a few times a year, and an explicit list is reviewed in the diff
//! when a dataset is added. The test `every_schema_file_is_embedded` fails
//! when `schemas/` holds a file this list does not name, so a new file cannot
//! be forgotten.

use std::sync::OnceLock;

use super::load::{SchemaError, SourceFile, load_family};
use super::{Catalog, Family};

macro_rules! embed {
    ($($family:literal: [$($file:literal),* $(,)?]),* $(,)?) => {
        /// `(family directory, file name, contents)` of every embedded file.
        pub(crate) const FILES: &[(&str, &str, &str)] = &[
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

impl Catalog {
    /// The bundled snapshot of every family, parsed once per process.
    ///
    /// It comes from public documentation and one live listing of 2023
    /// (`schemas/PROVENANCE.md`); it is not authoritative, and the lists of
    /// many datasets are incomplete (see [`super::Dataset::columns_complete`]).
    pub fn bundled() -> &'static Catalog {
        static BUNDLED: OnceLock<Catalog> = OnceLock::new();
        // The embedded files are tested to load; an error cannot come from user input.
        BUNDLED.get_or_init(|| Catalog::try_bundled().unwrap_or_default())
    }

    /// Parse the embedded files, reporting the first that does not load.
    pub fn try_bundled() -> Result<Catalog, SchemaError> {
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
                load_family(&mut catalog, family, &files)?;
            }
        }
        Ok(catalog)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::json::parse_text;
    use crate::schema::meta::parse_hints;

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
