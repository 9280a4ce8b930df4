//! [`Catalog`]: the datasets of one or more families, with lookups built once.

use std::collections::HashMap;

use super::index::{FastHash, NameIndex};
use super::{Dataset, Family, FamilyInfo, RetiredDataset, RetiredName};
use crate::suggest as similar;

/// Successors of retired names that no close live name makes obvious:
/// (dataset, retired name, live name). Checked by a test against the bundled catalog.
pub(crate) const NAME_SUCCESSORS: &[(&str, &str, &str)] = &[
    ("AzureUsage", "TotalACR", "ACR_USD"),
    (
        "SeatsSubscriptionsAndRevenue",
        "PricingLevel",
        "PricingLevelName",
    ),
];

/// Successors of retired datasets: (retired dataset, live dataset).
const DATASET_SUCCESSORS: &[(&str, &str)] =
    &[("CloudProductsResellerPerformance", "ResellerPerformance")];

/// The datasets of one or more API families, with provenance, hints and
/// retired names. Lookups ignore ASCII case and return the catalog's spelling.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalog {
    families: Vec<FamilyInfo>,
    datasets: Vec<Dataset>,
    /// Dataset names without regard to case: each distinct name's position
    /// in `groups`.
    names: NameIndex,
    /// For each distinct name, its positions in `datasets` (one per family that has it).
    groups: Vec<Vec<usize>>,
    retired_datasets: Vec<RetiredDataset>,
    retired_names: Vec<RetiredName>,
}

impl Catalog {
    /// A catalog with no family.
    pub fn empty() -> Catalog {
        Catalog::default()
    }

    /// A catalog of one family: `info` and its `datasets` (each should be of
    /// `info.family`; others are moved to it).
    pub fn from_family(info: FamilyInfo, datasets: Vec<Dataset>) -> Catalog {
        let mut c = Catalog::empty();
        c.add_family(info, datasets, Vec::new(), Vec::new());
        c
    }

    /// A catalog of exactly these parts, as another catalog held them (the
    /// bundled tables are written from a loaded catalog's parts).
    #[cfg_attr(not(feature = "bundled-schemas"), allow(dead_code))]
    pub(crate) fn from_parts(
        families: Vec<FamilyInfo>,
        datasets: Vec<Dataset>,
        retired_datasets: Vec<RetiredDataset>,
        retired_names: Vec<RetiredName>,
    ) -> Catalog {
        let mut c = Catalog {
            families,
            datasets,
            names: NameIndex::default(),
            groups: Vec::new(),
            retired_datasets,
            retired_names,
        };
        c.reindex();
        c
    }

    /// The retired datasets, family by family.
    #[cfg(all(test, feature = "bundled-schemas"))]
    pub(crate) fn retired_datasets(&self) -> &[RetiredDataset] {
        &self.retired_datasets
    }

    /// The retired names of every family.
    #[cfg(all(test, feature = "bundled-schemas"))]
    pub(crate) fn retired_names(&self) -> &[RetiredName] {
        &self.retired_names
    }

    /// Add (or replace) one family.
    pub(crate) fn add_family(
        &mut self,
        info: FamilyInfo,
        datasets: Vec<Dataset>,
        retired_datasets: Vec<RetiredDataset>,
        retired_names: Vec<RetiredName>,
    ) {
        let family = info.family;
        self.families.retain(|f| f.family != family);
        self.families.push(info);
        self.families.sort_by_key(|f| f.family);
        self.datasets.retain(|d| d.family() != family);
        self.datasets.extend(datasets.into_iter().map(|d| {
            if d.family() == family {
                d
            } else {
                d.with_family(family)
            }
        }));
        self.datasets.sort_by_key(|d| d.family());
        self.retired_datasets.retain(|d| d.family != family);
        self.retired_datasets.extend(retired_datasets);
        let names_of_family: Vec<String> = self
            .datasets
            .iter()
            .filter(|d| d.family() == family)
            .map(|d| d.name().to_ascii_lowercase())
            .collect();
        self.retired_names
            .retain(|n| !names_of_family.contains(&n.dataset.to_ascii_lowercase()));
        self.retired_names.extend(retired_names);
        self.reindex();
    }

    fn reindex(&mut self) {
        let mut group_of: HashMap<String, usize, FastHash> = HashMap::default();
        self.groups.clear();
        for (i, d) in self.datasets.iter().enumerate() {
            let next = self.groups.len();
            let g = *group_of
                .entry(d.name().to_ascii_lowercase())
                .or_insert(next);
            if g == next {
                self.groups.push(Vec::new());
            }
            self.groups[g].push(i);
        }
        let datasets = &self.datasets;
        self.names = NameIndex::new(self.groups.iter().map(|g| datasets[g[0]].name()));
    }

    /// Take every family of `other`, replacing the same families here
    /// (`other` has precedence, e.g. a pulled cache over the bundled snapshot).
    pub fn extend(&mut self, mut other: Catalog) {
        for info in std::mem::take(&mut other.families) {
            let f = info.family;
            let ds = other
                .datasets
                .iter()
                .filter(|d| d.family() == f)
                .cloned()
                .collect();
            let rd = other
                .retired_datasets
                .iter()
                .filter(|d| d.family == f)
                .cloned()
                .collect();
            let rn = other
                .retired_names
                .iter()
                .filter(|n| other.datasets_named(&n.dataset).any(|d| d.family() == f))
                .cloned()
                .collect();
            self.add_family(info, ds, rd, rn);
        }
    }

    /// Take column hints and retired names from `from` (usually the bundled
    /// catalog) where this catalog has none: a catalog pulled from the API
    /// lists names only, while the bundle knows types, allowed values and
    /// what was retired. Lists and completeness stay as they are.
    pub fn inherit(&mut self, from: &Catalog) {
        for d in &mut self.datasets {
            let Some(src) = from.dataset(d.name(), Some(d.family())) else {
                continue;
            };
            for n in src.names() {
                if let Some(h) = n.hint
                    && d.column(n.name).is_some_and(|m| m.hint.is_none())
                {
                    d.set_hint(n.name, h.clone());
                }
            }
        }
        for info in &self.families {
            let f = info.family;
            if !self.retired_datasets.iter().any(|r| r.family == f) {
                let add: Vec<RetiredDataset> = from
                    .retired_datasets
                    .iter()
                    .filter(|r| r.family == f)
                    .cloned()
                    .collect();
                self.retired_datasets.extend(add);
            }
        }
        for r in &from.retired_names {
            let live = self.datasets_named(&r.dataset).next().is_some();
            let known = self.retired_name(&r.dataset, &r.name).is_some();
            let still_offered = self
                .datasets_named(&r.dataset)
                .any(|d| d.column(&r.name).is_some());
            if live && !known && !still_offered {
                self.retired_names.push(r.clone());
            }
        }
    }

    /// The families this catalog holds, in [`Family::ALL`] order.
    pub fn families(&self) -> &[FamilyInfo] {
        &self.families
    }

    /// What is known about `family`'s schemas, if the catalog has it.
    pub fn family(&self, family: Family) -> Option<&FamilyInfo> {
        self.families.iter().find(|f| f.family == family)
    }

    /// Whether every family of the catalog is authoritative (pulled from the
    /// API or supplied by the user). False for an empty catalog.
    pub fn is_authoritative(&self) -> bool {
        !self.families.is_empty() && self.families.iter().all(|f| f.authoritative)
    }

    /// Whether `family` is authoritative in this catalog.
    pub fn is_authoritative_for(&self, family: Family) -> bool {
        self.family(family).is_some_and(|f| f.authoritative)
    }

    /// Every dataset, family by family.
    pub fn datasets(&self) -> &[Dataset] {
        &self.datasets
    }

    /// The datasets of `family`.
    pub fn datasets_of(&self, family: Family) -> impl Iterator<Item = &Dataset> {
        self.datasets.iter().filter(move |d| d.family() == family)
    }

    /// Every dataset named `name` (any case), one per family that has it.
    pub fn datasets_named<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a Dataset> + 'a {
        let group = self
            .names
            .get(name, |g| self.datasets[self.groups[g][0]].name());
        let ix: &'a [usize] = group.map_or(&[][..], |g| self.groups[g].as_slice());
        ix.iter().map(|&i| &self.datasets[i])
    }

    /// The dataset `name` (any case) of `family`; with no family, the dataset
    /// of that name when exactly one family has it.
    pub fn dataset(&self, name: &str, family: Option<Family>) -> Option<&Dataset> {
        let mut it = self
            .datasets_named(name)
            .filter(|d| family.is_none_or(|f| d.family() == f));
        let first = it.next()?;
        it.next().is_none().then_some(first)
    }

    /// The family of the dataset `name`, when exactly one family has it.
    pub fn detect_family(&self, name: &str) -> Option<Family> {
        self.dataset(name, None).map(Dataset::family)
    }

    /// The retired dataset `name` (any case), of `family` if given.
    pub fn retired_dataset(&self, name: &str, family: Option<Family>) -> Option<&RetiredDataset> {
        self.retired_datasets
            .iter()
            .find(|d| d.name.eq_ignore_ascii_case(name) && family.is_none_or(|f| d.family == f))
    }

    /// The live dataset that took over from the retired dataset `name`, if one is known.
    pub fn dataset_successor(&self, name: &str, family: Option<Family>) -> Option<&Dataset> {
        DATASET_SUCCESSORS
            .iter()
            .find(|(old, _)| old.eq_ignore_ascii_case(name))
            .and_then(|(_, new)| self.dataset(new, family))
    }

    /// The retired column or metric `name` of `dataset` (both any case).
    pub fn retired_name(&self, dataset: &str, name: &str) -> Option<&RetiredName> {
        self.retired_names
            .iter()
            .find(|n| n.name.eq_ignore_ascii_case(name) && n.dataset.eq_ignore_ascii_case(dataset))
    }

    /// The live name of `dataset` that replaced the retired `name`, when it is
    /// clear: from a small table of known renames, else a live name within a
    /// small edit distance (`PGA_MPNId` → `PGAMpnId`).
    pub fn successor<'a>(&self, dataset: &'a Dataset, name: &str) -> Option<&'a str> {
        if let Some((_, _, new)) = NAME_SUCCESSORS.iter().find(|(d, old, _)| {
            d.eq_ignore_ascii_case(dataset.name()) && old.eq_ignore_ascii_case(name)
        }) {
            return dataset.column(new).map(|n| n.name);
        }
        let found = similar::closest(name, dataset.names().map(|n| n.name), 2);
        similar::clear_best(&found, name)
    }
}

impl Dataset {
    pub(crate) fn with_family(mut self, family: Family) -> Dataset {
        self.set_family(family);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ds(name: &str, family: Family, cols: &[&str]) -> Dataset {
        Dataset::new(
            name,
            family,
            cols.iter().map(|s| s.to_string()).collect(),
            vec![],
            vec!["LAST_MONTH".into()],
            None,
        )
    }

    #[test]
    fn dataset_lookup_ignores_case_and_detects_family() {
        let mut c = Catalog::from_family(
            FamilyInfo::authoritative(Family::Mpn, None),
            vec![
                ds("OfficeUsage", Family::Mpn, &["Month"]),
                ds("Shared", Family::Mpn, &[]),
            ],
        );
        c.extend(Catalog::from_family(
            FamilyInfo::authoritative(Family::Cmp, None),
            vec![
                ds("ISVUsage", Family::Cmp, &[]),
                ds("shared", Family::Cmp, &[]),
            ],
        ));
        assert_eq!(
            c.dataset("officeusage", None).unwrap().name(),
            "OfficeUsage"
        );
        assert_eq!(c.detect_family("ISVUSAGE"), Some(Family::Cmp));
        assert_eq!(c.detect_family("SHARED"), None, "two families have it");
        assert_eq!(
            c.dataset("SHARED", Some(Family::Cmp)).unwrap().name(),
            "shared"
        );
        assert!(c.dataset("OfficeUsage", Some(Family::Cmp)).is_none());
        assert_eq!(c.datasets_named("shared").count(), 2);
        assert!(c.is_authoritative());
        assert_eq!(c.families().len(), 2);
    }

    #[cfg(feature = "bundled-schemas")]
    #[test]
    fn inherit_takes_hints_and_retired_names_from_the_bundle() {
        let body = r#"[{"datasetName": "officeusage", "selectableColumns": ["IsDuplicateRowForPGA", "Month"]},
                       {"datasetName": "AzureUsage", "selectableColumns": ["ACR_USD", "MeterCategory"]}]"#;
        let mut pulled = Catalog::from_response(Family::Mpn, body).unwrap();
        let bundled = Catalog::try_bundled().unwrap();
        pulled.inherit(&bundled);
        let hint = pulled
            .dataset("OfficeUsage", None)
            .and_then(|d| d.column("isduplicaterowforpga"))
            .and_then(|n| n.hint)
            .unwrap();
        assert_eq!(hint.values, ["0", "1"]);
        assert!(pulled.retired_name("AzureUsage", "TotalACR").is_some());
        assert!(
            pulled.retired_name("AzureUsage", "MeterCategory").is_none(),
            "the pulled listing offers it again"
        );
        assert!(
            pulled
                .retired_dataset("CompetencySummaryHistory", None)
                .is_some()
        );
        assert!(pulled.is_authoritative());
    }

    #[test]
    fn extend_replaces_a_family() {
        let mut c = Catalog::from_family(
            FamilyInfo::authoritative(Family::Mpn, None),
            vec![ds("Old", Family::Mpn, &[])],
        );
        c.extend(Catalog::from_family(
            FamilyInfo::authoritative(Family::Mpn, Some("2026-01-01T00:00:00Z".into())),
            vec![ds("New", Family::Mpn, &[])],
        ));
        assert!(c.dataset("Old", None).is_none());
        assert!(c.dataset("New", None).is_some());
        assert_eq!(
            c.family(Family::Mpn).unwrap().fetched.as_deref(),
            Some("2026-01-01T00:00:00Z")
        );
        assert!(!Catalog::empty().is_authoritative());
    }
}
