//! PQ9001: schemas older than the configured age.

use crate::diagnostic::{Code, Diagnostic};
use crate::schema::Catalog;
use crate::span::Span;

use super::body::days_from_civil;

/// The day number of an RFC 3339 time or a `yyyy-MM-dd` date.
fn day_of(s: &str) -> Option<i64> {
    let date = s.get(..10)?;
    let mut it = date.split('-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: u32 = it.next()?.parse().ok()?;
    let d: u32 = it.next()?.parse().ok()?;
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| days_from_civil(y, m, d))
}

/// PQ9001 for every family of `catalog` whose schemas were fetched more than
/// `max_age_days` before `now_unix` (seconds since the Unix epoch). Families
/// with no known fetch time are not reported. The diagnostics have an empty
/// span at 0: they concern the schemas, not a place in the query.
pub fn stale_schemas(catalog: &Catalog, now_unix: i64, max_age_days: u32) -> Vec<Diagnostic> {
    let today = now_unix.div_euclid(86_400);
    catalog
        .families()
        .iter()
        .filter_map(|info| {
            let fetched = info.fetched.as_deref()?;
            let age = today - day_of(fetched)?;
            (age > i64::from(max_age_days)).then(|| {
                let kind = if info.authoritative { "pulled" } else { "bundled" };
                Diagnostic::new(
                    Code::StaleSchemas,
                    Span::empty(0),
                    format!(
                        "the {kind} {} schemas are {age} days old (from {fetched}), older than the {max_age_days} days allowed",
                        info.family
                    ),
                )
                .with_help(format!(
                    "`pcql schemas pull --family {}` fetches the current schemas from the API",
                    info.family
                ))
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Family, FamilyInfo};

    #[test]
    fn civil_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(day_of("2000-03-01T12:00:00Z"), Some(11_017));
        assert_eq!(day_of("2023-02-27"), Some(19_415));
        assert_eq!(day_of("yesterday"), None);
    }

    #[test]
    fn reports_only_old_fetches() {
        let c = Catalog::from_family(
            FamilyInfo::authoritative(Family::Cmp, Some("2023-02-27T10:00:00Z".into())),
            vec![],
        );
        let now = (19_415 + 31) * 86_400;
        assert!(stale_schemas(&c, now, 31).is_empty());
        let d = stale_schemas(&c, now, 30);
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].message,
            "the pulled cmp schemas are 31 days old (from 2023-02-27T10:00:00Z), older than the 30 days allowed"
        );
        let none = Catalog::from_family(FamilyInfo::authoritative(Family::Cmp, None), vec![]);
        assert!(stale_schemas(&none, now, 0).is_empty());
    }
}
