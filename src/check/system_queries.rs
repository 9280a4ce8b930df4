//! The published system queries of the analytics APIs: the ids that
//! `GET ScheduledQueries` returns with `type: "system"`, with their dataset and,
//! where pcql has it, their text. Bundled from `schemas/system-queries.json`.
//!
//! A report body names its query by id only; when the id is a system query,
//! pcql can check the report against that query's dataset and text.
//!
//! ```
//! let q = pcql::check::system_queries::system_query("D8349F7B-A7D1-467E-B26D-434D4A50F26A").unwrap();
//! assert_eq!(q.dataset, "OfficeUsage");
//! ```

use std::sync::OnceLock;

use serde::Deserialize;

const BUNDLED: &str = include_str!("../../schemas/system-queries.json");

/// One published system query.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SystemQuery {
    /// Its id, a GUID in lower case.
    pub id: String,
    /// Its name on the documentation page, e.g. `Customers`.
    pub name: String,
    /// The API family: `mpn` or `cmp`.
    pub family: String,
    /// The dataset it reads.
    pub dataset: String,
    /// The query text as published, when pcql has it.
    pub text: Option<String>,
    /// What is known about it (e.g. names the service has since retired).
    pub note: String,
    /// Where it was published.
    pub source: String,
}

#[derive(Deserialize)]
struct File {
    queries: Vec<SystemQuery>,
}

/// Every bundled system query.
pub fn system_queries() -> &'static [SystemQuery] {
    static ALL: OnceLock<Vec<SystemQuery>> = OnceLock::new();
    ALL.get_or_init(|| {
        serde_json::from_str::<File>(BUNDLED)
            .map(|f| f.queries)
            .unwrap_or_default()
    })
}

/// The system query with this id (any case, surrounding whitespace and
/// braces ignored), if it is a published one.
pub fn system_query(id: &str) -> Option<&'static SystemQuery> {
    let id = id.trim().trim_start_matches('{').trim_end_matches('}');
    system_queries()
        .iter()
        .find(|q| q.id.eq_ignore_ascii_case(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundle_loads_and_ids_are_unique_guids() {
        let all = system_queries();
        assert_eq!(all.len(), 23);
        let mut ids = std::collections::HashSet::new();
        for q in all {
            assert!(ids.insert(q.id.as_str()), "duplicate {}", q.id);
            assert!(super::super::body::is_guid(&q.id), "{}", q.id);
            assert!(q.family == "mpn" || q.family == "cmp");
            if let Some(t) = &q.text {
                assert!(t.contains(&q.dataset), "{} text lacks its dataset", q.id);
            }
        }
    }

    #[test]
    fn lookup_ignores_case_and_braces() {
        let q = system_query("{6664DAF3-C161-423A-92A1-0EA6DB2C0384}").unwrap();
        assert_eq!(q.dataset, "CustomersAndTenants");
        assert_eq!(q.name, "Customers");
        assert!(system_query("6664daf3-c161-423a-92a1-0ea6db2c0385").is_none());
        assert!(system_query("").is_none());
    }
}
