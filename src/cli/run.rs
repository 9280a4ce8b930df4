//! The [`Checker`]: one source text in, its diagnostics out. This is the only
//! place the command line calls the parser, the schema check and the body
//! check; everything else (files, levels, output) is around it.

use std::borrow::Cow;

use super::config::Levels;
use super::inputs::Kind;
use crate::check::body::{BodyContext, DatasetInfo, check_body};
use crate::check::{CheckOptions, check, select_star_fix};
use crate::diagnostic::{Code, Diagnostic, Fix, apply_fixes};
use crate::schema::{Catalog, Family};
use crate::syntax::{Statement, parse, parse_file};

/// Checks texts with one configuration. Shared by the worker threads.
#[derive(Debug)]
pub struct Checker {
    /// Levels from `pcql.toml`.
    pub levels: Levels,
    /// The API family from `--family` or `pcql.toml`.
    pub family: Option<Family>,
    /// The schemas to check against.
    pub catalog: Cow<'static, Catalog>,
    /// The time request bodies are checked at (Unix seconds).
    pub now_unix: i64,
}

impl Checker {
    /// A checker of `catalog` with no configuration.
    pub fn new(catalog: Cow<'static, Catalog>) -> Self {
        Checker {
            levels: Levels::default(),
            family: None,
            catalog,
            now_unix: BodyContext::system_now(),
        }
    }

    /// Every diagnostic of `text` with the configured levels and inline
    /// directives applied, sorted by position.
    pub fn check(&self, kind: Kind, text: &str) -> Vec<Diagnostic> {
        let raw = match kind {
            Kind::Queries => self.check_queries(text),
            Kind::Body => self.check_body(text),
        };
        let mut diags = self.levels.apply(raw);
        diags.sort_by(|a, b| {
            (a.span.start, a.span.end, a.code).cmp(&(b.span.start, b.span.end, b.code))
        });
        diags
    }

    /// A file of queries separated by `;`: syntax, then the schema check of
    /// each statement, less what its `-- pcql: allow` comments silence.
    fn check_queries(&self, text: &str) -> Vec<Diagnostic> {
        parse_file(text)
            .into_iter()
            .flat_map(|st| self.check_statement(st))
            .collect()
    }

    fn check_statement(&self, st: Statement) -> Vec<Diagnostic> {
        let opts = CheckOptions {
            family: self.family,
        };
        let dataset = st
            .query
            .from
            .as_ref()
            .and_then(|f| self.catalog.dataset(&f.name, self.family));
        let mut diags = st.diagnostics;
        // The parser reports `SELECT *`; the columns for its fix come from the catalog.
        if let Some(ds) = dataset {
            for d in diags.iter_mut().filter(|d| d.code == Code::SelectStar) {
                if d.fixes.is_empty() {
                    d.fixes.push(select_star_fix(ds, d.span));
                }
            }
        }
        diags.extend(check(&st.query, &self.catalog, &opts));
        let allowed: Vec<Code> = st
            .directives
            .iter()
            .flat_map(|d| d.codes.iter().copied())
            .collect();
        diags.retain(|d| !allowed.contains(&d.code));
        diags
    }

    /// A JSON request body; the query of a `ScheduledQueries` body is checked
    /// like a query file.
    fn check_body(&self, text: &str) -> Vec<Diagnostic> {
        let check_query = |q: &str| self.check_queries(q);
        let dataset_of_query = |q: &str| {
            let from = parse(q).query.from?;
            let ds = self.catalog.dataset(&from.name, self.family)?;
            Some(DatasetInfo {
                name: ds.name().to_string(),
                minimum_recurrence_interval: ds.min_recurrence_interval(),
            })
        };
        let ctx = BodyContext {
            now_unix: self.now_unix,
            check_query: &check_query,
            dataset_of_query: &dataset_of_query,
            family: self.family.map(Family::as_str),
        };
        check_body(text, &ctx).diagnostics
    }

    /// Apply the safe fixes of `text` until none is left (at most a few
    /// rounds, as overlapping fixes wait for the next round; only the first
    /// safe fix of a diagnostic is taken). Returns the new text and the code
    /// of each fix applied, in order.
    pub fn fix(&self, kind: Kind, text: &str) -> (String, Vec<Code>) {
        let mut text = text.to_string();
        let mut applied = Vec::new();
        for _ in 0..8 {
            let diags = self.check(kind, &text);
            let mut taken: Vec<&Fix> = Vec::new();
            for d in &diags {
                let Some(fix) = d.fixes.iter().find(|f| f.is_safe()) else {
                    continue;
                };
                // Taken only when it does not overlap the fixes taken so far.
                let fits = apply_fixes(&text, taken.iter().copied().chain([fix]))
                    .is_ok_and(|(_, n)| n == taken.len() + 1);
                if fits {
                    taken.push(fix);
                    applied.push(d.code);
                }
            }
            match apply_fixes(&text, taken.iter().copied()) {
                Ok((new, n)) if n > 0 && new != text => text = new,
                _ => break,
            }
        }
        (text, applied)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checker() -> Checker {
        Checker::new(Cow::Borrowed(Catalog::bundled()))
    }

    fn codes(diags: &[Diagnostic]) -> Vec<&'static str> {
        diags.iter().map(|d| d.code.as_str()).collect()
    }

    #[test]
    fn file_statements_are_checked_with_file_offsets() {
        let text = "SELECT CustomerName FROM CustomersAndTenants TIMESPAN LAST_MONTH;\n\
                    SELECT CustomerNmae FROM CustomersAndTenants TIMESPAN LAST_MONTH";
        let diags = checker().check(Kind::Queries, text);
        assert_eq!(codes(&diags), ["PQ2003"]);
        assert_eq!(diags[0].span.slice(text), "CustomerNmae");
    }

    #[test]
    fn directives_silence_only_their_statement() {
        let text = "-- pcql: allow PQ4003\nSELECT CustomerName FROM CustomersAndTenants;\n\
                    SELECT CustomerName FROM CustomersAndTenants";
        let diags = checker().check(Kind::Queries, text);
        assert_eq!(codes(&diags), ["PQ4003"]);
        assert!(diags[0].span.start > text.find(';').unwrap());
    }

    #[test]
    fn select_star_gets_the_catalog_columns_as_fix() {
        let text = "SELECT * FROM Profile TIMESPAN LIFETIME";
        let c = checker();
        let diags = c.check(Kind::Queries, text);
        assert_eq!(codes(&diags), ["PQ1101"]);
        let (fixed, codes) = c.fix(Kind::Queries, text);
        assert_eq!(codes, [Code::SelectStar]);
        assert!(fixed.starts_with("SELECT MPNId, PartnerName,"), "{fixed}");
        assert!(c.check(Kind::Queries, &fixed).is_empty(), "{fixed}");
    }

    #[test]
    fn bodies_check_their_fields_and_their_query() {
        let text = r#"{"Name": "q", "Query": "SELECT CustomerNmae FROM CustomersAndTenants TIMESPAN LAST_MONTH"}"#;
        let diags = checker().check(Kind::Body, text);
        assert_eq!(codes(&diags), ["PQ2003"]);
        assert_eq!(diags[0].span.slice(text), "CustomerNmae");
        let diags = checker().check(Kind::Body, "{\"ReportName\": 1");
        assert_eq!(codes(&diags), ["PQ6001"]);
    }
}
