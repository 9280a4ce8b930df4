//! The [`Checker`]: the one road from text to diagnostics and to
//! [`Checked<Query>`].
//!
//! It holds what a check depends on (the catalog, the API family, the
//! per-code [`Levels`] of `pcql.toml`, and the clock that report bodies are
//! checked at) and runs, for a file of queries or a JSON request body, the
//! parser, the schema check, the body check, the `-- pcql: allow` directives,
//! the levels and the `SELECT *` fix, in that order. The command line, the
//! client's validation gate, both query builders, the Python package and the
//! language server all call it; nothing else puts parse and check together.
//!
//! Diagnostics come back in one order, [`Diagnostic`]'s `Ord`: by position,
//! then code.
//!
//! ```
//! use pcql::{Catalog, Checker};
//!
//! let checker = Checker::new(Catalog::bundled());
//! let text = "SELECT CustomerNmae FROM CustomersAndTenants TIMESPAN LAST_MONTH";
//! let diags = checker.check(text);
//! assert_eq!(diags[0].code.as_str(), "PQ2003");
//!
//! // Text with any error never becomes a `Checked<Query>`.
//! assert!(checker.check_query(text).is_err());
//! let fixed = checker.fix(text, pcql::FixMode::Safe);
//! let checked = checker.check_query(&fixed.text).unwrap();
//! assert_eq!(checked.text(), "SELECT CustomerName FROM CustomersAndTenants TIMESPAN LAST_MONTH");
//! ```

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use super::body::{BodyContext, BodyReport, DatasetInfo, check_body, check_report_on};
use super::checked::{Checked, canonicalize};
use super::levels::Levels;
use super::{CheckOptions, check, select_star_fix};
use crate::ast::Query;
use crate::diagnostic::{Code, Diagnostic, Fix, FixPlan};
use crate::schema::{Catalog, Family};
use crate::span::{LineIndex, Position, Span};
use crate::syntax::{Statement, parse_file};

/// What a text holds: queries separated by `;`, or one JSON request body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourceKind {
    /// A `.pcql`/`.sql` file: queries separated by `;`.
    Queries,
    /// A JSON request body of `ScheduledQueries` or `ScheduledReport`.
    Body,
}

impl SourceKind {
    /// A text whose first character (after a byte-order mark and white
    /// space) is `{` is a request body; anything else is queries (no query
    /// starts with `{`).
    pub fn detect(text: &str) -> SourceKind {
        let t = text.strip_prefix('\u{feff}').unwrap_or(text);
        if t.trim_start().starts_with('{') {
            SourceKind::Body
        } else {
            SourceKind::Queries
        }
    }
}

/// Which fixes [`Checker::fix`] applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum FixMode {
    /// Only safe fixes (`pcql check --fix`).
    #[default]
    Safe,
    /// Safe and unsafe fixes: the first fix of each diagnostic.
    Unsafe,
}

impl FixMode {
    fn takes(self, fix: &Fix) -> bool {
        self == FixMode::Unsafe || fix.is_safe()
    }
}

/// The result of [`Checker::fix`].
#[derive(Debug, Clone, PartialEq)]
pub struct Fixed {
    /// The text with the fixes applied.
    pub text: String,
    /// The code of each fix applied, in the order applied.
    pub applied: Vec<Code>,
    /// What is left: every diagnostic of the new text.
    pub diagnostics: Vec<Diagnostic>,
}

/// A diagnostic with the positions of its span's two ends, in bytes,
/// characters and UTF-16 code units ([`Checker::check_located`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The diagnostic (its spans are byte offsets).
    pub diagnostic: Diagnostic,
    /// Where its primary span starts.
    pub start: Position,
    /// Where its primary span ends.
    pub end: Position,
}

/// A catalog a [`Checker`] holds: borrowed (such as `Catalog::bundled()`),
/// or shared between checkers and threads.
#[derive(Debug, Clone)]
pub struct CatalogRef<'c>(Inner<'c>);

#[derive(Debug, Clone)]
enum Inner<'c> {
    Borrowed(&'c Catalog),
    Shared(Arc<Catalog>),
}

impl<'c> From<&'c Catalog> for CatalogRef<'c> {
    fn from(c: &'c Catalog) -> Self {
        CatalogRef(Inner::Borrowed(c))
    }
}

impl From<Arc<Catalog>> for CatalogRef<'_> {
    fn from(c: Arc<Catalog>) -> Self {
        CatalogRef(Inner::Shared(c))
    }
}

impl From<Catalog> for CatalogRef<'_> {
    fn from(c: Catalog) -> Self {
        CatalogRef(Inner::Shared(Arc::new(c)))
    }
}

impl<'c> From<std::borrow::Cow<'c, Catalog>> for CatalogRef<'c> {
    fn from(c: std::borrow::Cow<'c, Catalog>) -> Self {
        match c {
            std::borrow::Cow::Borrowed(c) => c.into(),
            std::borrow::Cow::Owned(c) => c.into(),
        }
    }
}

impl Deref for CatalogRef<'_> {
    type Target = Catalog;

    fn deref(&self) -> &Catalog {
        match &self.0 {
            Inner::Borrowed(c) => c,
            Inner::Shared(c) => c,
        }
    }
}

/// A text that did not pass: what it was, the text, and every diagnostic
/// (errors, warnings and advice, in order). Implements [`std::error::Error`],
/// so a failed check or build can be `?`-ed into `Box<dyn Error>`.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckError {
    what: &'static str,
    source_text: String,
    diagnostics: Vec<Diagnostic>,
}

impl CheckError {
    /// A refusal of `source_text` (a "query", a "report request", …).
    pub fn new(what: &'static str, source_text: String, diagnostics: Vec<Diagnostic>) -> Self {
        CheckError {
            what,
            source_text,
            diagnostics,
        }
    }

    /// What was refused: `query`, `request body`, …
    pub fn what(&self) -> &'static str {
        self.what
    }

    /// The text the diagnostics' spans point into.
    pub fn source_text(&self) -> &str {
        &self.source_text
    }

    /// Every diagnostic, in order.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The diagnostics, taking them out.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }

    /// The errors only.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }
}

impl fmt::Display for CheckError {
    /// `the query has 2 errors: 1:8: PQ2003 …; 1:30: PQ4001 …`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let index = LineIndex::new(&self.source_text);
        let errors: Vec<&Diagnostic> = self.errors().collect();
        let shown: Vec<&Diagnostic> = if errors.is_empty() {
            self.diagnostics.iter().collect()
        } else {
            errors
        };
        let n = shown.len();
        let noun = if self.errors().next().is_some() {
            if n == 1 { "error" } else { "errors" }
        } else if n == 1 {
            "finding"
        } else {
            "findings"
        };
        write!(f, "the {} has {n} {noun}", self.what)?;
        for (i, d) in shown.iter().enumerate() {
            let (line, col) = index.line_col(d.span.start);
            let sep = if i == 0 { ": " } else { "; " };
            write!(f, "{sep}{line}:{col}: {} {}", d.code, d.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for CheckError {}

/// A `CheckError` reads as its diagnostics: `err.iter()`, `err[0]`, `&err`
/// where a `&[Diagnostic]` is wanted.
impl Deref for CheckError {
    type Target = [Diagnostic];

    fn deref(&self) -> &[Diagnostic] {
        &self.diagnostics
    }
}

impl<'a> IntoIterator for &'a CheckError {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.diagnostics.iter()
    }
}

impl From<CheckError> for Vec<Diagnostic> {
    fn from(e: CheckError) -> Self {
        e.diagnostics
    }
}

/// Checks texts with one configuration: the catalog, the family, the
/// per-code levels and the clock. Cheap to clone (the catalog is shared) and
/// `Sync`, so threads share one. `'c` is the lifetime of a borrowed catalog
/// (`'static` for the bundled one or a shared one).
#[derive(Debug, Clone)]
pub struct Checker<'c> {
    catalog: CatalogRef<'c>,
    family: Option<Family>,
    levels: Levels,
    now_unix: i64,
}

impl<'c> Checker<'c> {
    /// A checker of `catalog` (`Catalog::bundled()`, a `&Catalog`, a
    /// `Catalog` or an `Arc<Catalog>`), with no family, no levels and the
    /// system clock.
    pub fn new(catalog: impl Into<CatalogRef<'c>>) -> Self {
        Checker {
            catalog: catalog.into(),
            family: None,
            levels: Levels::default(),
            now_unix: BodyContext::system_now(),
        }
    }

    /// This checker for `family` (`None`: taken from each query's dataset).
    pub fn with_family(mut self, family: Option<Family>) -> Self {
        self.family = family;
        self
    }

    /// This checker with per-code `levels` (`[codes]` of `pcql.toml`).
    pub fn with_levels(mut self, levels: Levels) -> Self {
        self.levels = levels;
        self
    }

    /// This checker with its clock at `now_unix` (Unix seconds): report
    /// bodies' `StartTime` must lie four hours after it.
    pub fn with_now(mut self, now_unix: i64) -> Self {
        self.now_unix = now_unix;
        self
    }

    /// The catalog checked against.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The catalog, to share with another checker.
    pub fn catalog_ref(&self) -> &CatalogRef<'c> {
        &self.catalog
    }

    /// The family configured, if any.
    pub fn family(&self) -> Option<Family> {
        self.family
    }

    /// The levels configured.
    pub fn levels(&self) -> &Levels {
        &self.levels
    }

    /// The clock, Unix seconds.
    pub fn now_unix(&self) -> i64 {
        self.now_unix
    }

    /// Every diagnostic of `text`, a file of queries or one JSON request
    /// body ([`SourceKind::detect`]).
    pub fn check(&self, text: &str) -> Vec<Diagnostic> {
        self.check_as(SourceKind::detect(text), text)
    }

    /// Every diagnostic of `text` read as `kind`, with the inline
    /// directives and the levels applied, in order.
    pub fn check_as(&self, kind: SourceKind, text: &str) -> Vec<Diagnostic> {
        let mut diags = match kind {
            SourceKind::Queries => self.queries(text, &mut None),
            SourceKind::Body => self.body_report(text).diagnostics,
        };
        diags.sort();
        diags
    }

    /// [`Checker::check`] with the positions of each diagnostic: for front
    /// ends that count lines and columns (characters) or UTF-16 units
    /// (editors). One index of the text serves every diagnostic.
    pub fn check_located(&self, text: &str) -> Vec<Located> {
        let index = LineIndex::new(text);
        self.check(text)
            .into_iter()
            .map(|d| Located {
                start: index.position(d.span.start),
                end: index.position(d.span.end),
                diagnostic: d,
            })
            .collect()
    }

    /// One query (a trailing `;` and comments allowed): a [`Checked<Query>`]
    /// when it has no error, syntax included, otherwise a [`CheckError`]
    /// with every diagnostic. A syntax error (PQ1xxx) blocks even when a
    /// directive or a level silences it in the output of [`Checker::check`]:
    /// the service rejects those whatever the configuration says.
    pub fn check_query(&self, text: &str) -> Result<Checked<Query>, CheckError> {
        let mut statements = parse_file(text);
        let mut blocked = Some(Vec::new());
        let mut diags = match statements.len() {
            0 => vec![crate::syntax::empty_query(text.len())],
            1 => self.statement(&mut statements[0], &mut blocked),
            _ => {
                let extra = Span::new(statements[1].span.start, text.trim_end().len());
                vec![
                    Diagnostic::new(
                        Code::TrailingInput,
                        extra,
                        "text after the end of the query",
                    )
                    .with_label("after the `;`")
                    .with_help("one query ends at `;`; send each query on its own"),
                ]
            }
        };
        diags.sort();
        let blocked = blocked.unwrap_or_default();
        if statements.len() != 1 || diags.iter().any(Diagnostic::is_error) || !blocked.is_empty() {
            diags.extend(blocked);
            diags.sort();
            return Err(CheckError::new("query", text.to_string(), diags));
        }
        let query = statements.swap_remove(0).query;
        let canonical = canonicalize(&query, &self.catalog).to_string();
        Ok(Checked::new(query, diags, canonical))
    }

    /// A tree built in code: its canonical text (`Display`) checked as
    /// [`Checker::check_query`] checks text, so a tree that does not print
    /// as a valid query, or prints as another query than itself, is never
    /// certified. Spans of the diagnostics point into `query.to_string()`.
    ///
    /// A tree the parser repaired ([`Query::repaired`]) is refused: its text
    /// had a syntax error, and the tree may mean something else.
    pub fn check_tree(&self, query: &Query) -> Result<Checked<Query>, CheckError> {
        let text = query.to_string();
        if query.repaired {
            let d = Diagnostic::new(
                Code::UnexpectedToken,
                Span::new(0, text.len()),
                "the parser repaired this tree: its text had a syntax error",
            )
            .with_label("repaired tree")
            .with_help(
                "check the original text with `check_query`, which reports the syntax error",
            );
            return Err(CheckError::new("query", text, vec![d]));
        }
        let checked = self.check_query(&text)?;
        if !same_tree(checked.value(), query) {
            let d = Diagnostic::new(
                Code::TrailingInput,
                Span::new(0, text.len()),
                "the tree does not print as itself: its text reads as another query",
            )
            .with_help("a name or value holds text that the language reads differently");
            return Err(CheckError::new("query", text, vec![d]));
        }
        Ok(checked)
    }

    /// A JSON request body: its diagnostics (warnings and advice) when it
    /// has no error, otherwise a [`CheckError`] naming it `what`.
    pub fn check_body(
        &self,
        what: &'static str,
        text: &str,
    ) -> Result<Vec<Diagnostic>, CheckError> {
        let diags = self.check_as(SourceKind::Body, text);
        if diags.iter().any(Diagnostic::is_error) {
            return Err(CheckError::new(what, text.to_string(), diags));
        }
        Ok(diags)
    }

    /// Apply fixes to `text` ([`SourceKind::detect`]) until none is left.
    pub fn fix(&self, text: &str, mode: FixMode) -> Fixed {
        self.fix_as(SourceKind::detect(text), text, mode)
    }

    /// Apply the fixes `mode` takes until none is left: each round checks,
    /// takes the first fix of each diagnostic that does not overlap a fix
    /// already taken, and applies them together (overlapping fixes wait for
    /// the next round; at most eight rounds). Each round is n·log n in the
    /// number of fixes ([`FixPlan`]).
    pub fn fix_as(&self, kind: SourceKind, text: &str, mode: FixMode) -> Fixed {
        let mut text = text.to_string();
        let mut applied = Vec::new();
        let mut diagnostics = self.check_as(kind, &text);
        for _ in 0..8 {
            let mut plan = FixPlan::new();
            let mut codes = Vec::new();
            for d in &diagnostics {
                let Some(fix) = d.fixes.iter().find(|f| mode.takes(f)) else {
                    continue;
                };
                // A fix that can never apply (outside the text) is skipped.
                if plan.take(&text, fix) == Ok(true) {
                    codes.push(d.code);
                }
            }
            if plan.is_empty() {
                break;
            }
            let new = plan.apply(&text);
            if new == text {
                break;
            }
            text = new;
            applied.extend(codes);
            diagnostics = self.check_as(kind, &text);
        }
        Fixed {
            text,
            applied,
            diagnostics,
        }
    }

    /// The dataset a query text reads, when it parses that far and the
    /// catalog knows it.
    pub fn dataset_of(&self, query_text: &str) -> Option<&crate::schema::Dataset> {
        let statements = parse_file(query_text);
        let from = statements.first()?.query.from.as_ref()?;
        self.catalog.dataset(&from.name, self.family)
    }

    /// A file of queries separated by `;`: syntax, then the schema check of
    /// each statement, less what its `-- pcql: allow` comments silence.
    /// With `blocked`, the syntax errors that a directive or level silenced
    /// are collected there.
    fn queries(&self, text: &str, blocked: &mut Option<Vec<Diagnostic>>) -> Vec<Diagnostic> {
        parse_file(text)
            .iter_mut()
            .flat_map(|st| self.statement(st, blocked))
            .collect()
    }

    /// One statement's diagnostics (taken out of `st`, which keeps its tree).
    fn statement(
        &self,
        st: &mut Statement,
        blocked: &mut Option<Vec<Diagnostic>>,
    ) -> Vec<Diagnostic> {
        let opts = CheckOptions {
            family: self.family,
        };
        let mut diags = std::mem::take(&mut st.diagnostics);
        // The parser reports `SELECT *`; the columns for its fix come from the catalog.
        let mut stars = diags
            .iter_mut()
            .filter(|d| d.code == Code::SelectStar && d.fixes.is_empty())
            .peekable();
        if stars.peek().is_some()
            && let Some(ds) = st
                .query
                .from
                .as_ref()
                .and_then(|f| self.catalog.dataset(&f.name, self.family))
        {
            for d in stars {
                d.fixes.push(select_star_fix(ds, d.span));
            }
        }
        diags.extend(check(&st.query, &self.catalog, &opts));
        let mut out = Vec::with_capacity(diags.len());
        for d in diags {
            let rejected = d.is_error() && d.code.service_rejects();
            // Before the statement, on the finding's line, or for the file.
            let allowed = st.directives.iter().any(|a| a.allows(d.code, d.span.start));
            let kept = if allowed {
                None
            } else {
                self.levels.apply_one(d.clone())
            };
            match kept {
                Some(k) if !rejected || k.is_error() => out.push(k),
                Some(k) => {
                    out.push(k);
                    if let Some(b) = blocked {
                        b.push(d);
                    }
                }
                None if rejected => {
                    if let Some(b) = blocked {
                        b.push(d);
                    }
                }
                None => {}
            }
        }
        out
    }

    /// A report request body whose `QueryId` names a query known to read
    /// `query_text` (looked up with `GET ScheduledQueries`): checked as
    /// [`Checker::check_body`] checks it, and its `RecurrenceInterval` also
    /// against that query's dataset's minimum (PQ6007).
    pub fn check_report_for_query(
        &self,
        what: &'static str,
        text: &str,
        query_text: &str,
    ) -> Result<Vec<Diagnostic>, CheckError> {
        let dataset = self.dataset_of(query_text).map(|ds| DatasetInfo {
            name: ds.name().to_string(),
            minimum_recurrence_interval: ds.min_recurrence_interval(),
        });
        let diags = self.body_with(text, dataset.as_ref()).diagnostics;
        if diags.iter().any(Diagnostic::is_error) {
            return Err(CheckError::new(what, text.to_string(), diags));
        }
        Ok(diags)
    }

    /// A JSON request body with what kind of body it is: the query of a
    /// `ScheduledQueries` body is checked like a query file; the levels apply.
    pub fn body_report(&self, text: &str) -> BodyReport {
        self.body_with(text, None)
    }

    fn body_with(&self, text: &str, report_dataset: Option<&DatasetInfo>) -> BodyReport {
        let check_query = |q: &str| self.queries(q, &mut None);
        let dataset_of_query = |q: &str| {
            let ds = self.dataset_of(q)?;
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
        let mut report = match report_dataset {
            Some(ds) => check_report_on(text, &ctx, ds),
            None => check_body(text, &ctx),
        };
        report.diagnostics = self.levels.apply(report.diagnostics);
        report.diagnostics.sort();
        report
    }
}

#[cfg(feature = "bundled-schemas")]
impl Default for Checker<'static> {
    /// A checker of the bundled catalog.
    fn default() -> Self {
        Checker::new(Catalog::bundled())
    }
}

/// Whether two trees are the same query, spans aside.
fn same_tree(a: &Query, b: &Query) -> bool {
    a.to_string() == b.to_string()
}

#[cfg(all(test, feature = "bundled-schemas"))]
mod tests {
    use super::*;
    use crate::check::Level;

    fn checker() -> Checker<'static> {
        Checker::new(Catalog::bundled())
    }

    fn codes(diags: &[Diagnostic]) -> Vec<&'static str> {
        diags.iter().map(|d| d.code.as_str()).collect()
    }

    #[test]
    fn file_statements_are_checked_with_file_offsets() {
        let text = "SELECT CustomerName FROM CustomersAndTenants TIMESPAN LAST_MONTH;\n\
                    SELECT CustomerNmae FROM CustomersAndTenants TIMESPAN LAST_MONTH";
        let diags = checker().check(text);
        assert_eq!(codes(&diags), ["PQ2003"]);
        assert_eq!(diags[0].span.slice(text), "CustomerNmae");
    }

    #[test]
    fn directives_silence_only_their_statement() {
        let text = "-- pcql: allow PQ4003\nSELECT CustomerName FROM CustomersAndTenants;\n\
                    SELECT CustomerName FROM CustomersAndTenants";
        let diags = checker().check(text);
        assert_eq!(codes(&diags), ["PQ4003"]);
        assert!(diags[0].span.start > text.find(';').unwrap());
    }

    #[test]
    fn select_star_gets_the_catalog_columns_as_fix() {
        let text = "SELECT * FROM Profile TIMESPAN LIFETIME";
        let c = checker();
        assert_eq!(codes(&c.check(text)), ["PQ1101"]);
        let fixed = c.fix(text, FixMode::Safe);
        assert_eq!(fixed.applied, [Code::SelectStar]);
        assert!(
            fixed.text.starts_with("SELECT MPNId, PartnerName,"),
            "{}",
            fixed.text
        );
        assert!(fixed.diagnostics.is_empty(), "{}", fixed.text);
        assert!(c.check(&fixed.text).is_empty(), "{}", fixed.text);
    }

    #[test]
    fn bodies_check_their_fields_and_their_query() {
        let text = r#"{"Name": "q", "Query": "SELECT CustomerNmae FROM CustomersAndTenants TIMESPAN LAST_MONTH"}"#;
        let diags = checker().check(text);
        assert_eq!(codes(&diags), ["PQ2003"]);
        assert_eq!(diags[0].span.slice(text), "CustomerNmae");
        let diags = checker().check_as(SourceKind::Body, "{\"ReportName\": 1");
        assert_eq!(codes(&diags), ["PQ6001"]);
    }

    #[test]
    fn a_clean_query_is_checked_with_the_catalog_spelling() {
        let c = checker();
        let checked = c
            .check_query(
                "-- top\nselect customername from customersandtenants timespan last_month;\n",
            )
            .unwrap();
        assert_eq!(
            checked.text(),
            "SELECT CustomerName FROM CustomersAndTenants TIMESPAN LAST_MONTH"
        );
        assert!(checked.diagnostics().iter().all(|d| !d.is_error()));
        let again = c.check_tree(checked.value()).unwrap();
        assert_eq!(again.text(), checked.text());
        assert!(c.check_query("").is_err());
        assert!(c.check_query("   -- nothing\n").is_err());
        let two =
            "SELECT CustomerName FROM CustomersAndTenants; SELECT SKU FROM CustomersAndTenants";
        let err = c.check_query(two).unwrap_err();
        assert_eq!(codes(err.diagnostics()), ["PQ1018"]);
    }

    #[test]
    fn a_level_can_demote_a_schema_error_but_not_a_syntax_error() {
        let c = checker().with_levels(Levels::new().with(Code::UnknownName, Level::Warn));
        let text = "SELECT CustomerNmae FROM CustomersAndTenants TIMESPAN LAST_MONTH";
        let checked = c.check_query(text).unwrap();
        assert_eq!(codes(checked.diagnostics()), ["PQ2003"]);
        let c = checker().with_levels(Levels::new().with(Code::Top, Level::Warn));
        let text = "SELECT TOP 10 CustomerName FROM CustomersAndTenants TIMESPAN LAST_MONTH";
        assert_eq!(codes(&c.check(text)), ["PQ1113"]);
        assert!(c.check_query(text).is_err());
    }

    #[test]
    fn located_diagnostics_carry_every_unit_of_position() {
        let text = "-- ünï 😀\r\nSELECT CustomerNmae FROM CustomersAndTenants TIMESPAN LAST_MONTH";
        let located = checker().check_located(text);
        assert_eq!(located.len(), 1);
        let l = &located[0];
        assert_eq!(l.diagnostic.code, Code::UnknownName);
        assert_eq!(l.start.offset, l.diagnostic.span.start);
        assert_eq!(
            (l.start.line, l.start.column, l.start.utf16_column),
            (2, 8, 8)
        );
        assert_eq!((l.end.line, l.end.column), (2, 20));
        let first_line = checker().check_located("SELECT 😀x FROM CustomersAndTenants");
        let l = first_line
            .iter()
            .find(|l| l.diagnostic.code == Code::InvalidCharacter)
            .expect("the emoji is not a character of the language");
        // After `SELECT ` the emoji starts at column 8 in both counts, and
        // ends one UTF-16 unit later than one character later.
        assert_eq!((l.start.column, l.start.utf16_column), (8, 8));
        assert_eq!(l.end.utf16_column - l.end.column, 1, "{l:?}");
    }

    #[test]
    fn check_error_reads_as_a_sentence_and_is_an_error() {
        let err = checker()
            .check_query("SELECT CustomerNmae FROM CustomersAndTenants TIMESPAN LAST_MONTH")
            .unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.starts_with("the query has 1 error: 1:8: PQ2003 "),
            "{msg}"
        );
        let boxed: Box<dyn std::error::Error> = Box::new(err);
        assert_eq!(boxed.to_string(), msg);
    }

    #[test]
    fn fixing_many_queries_takes_every_fix_once() {
        let one = "select customername from customersandtenants timespan last_month;\n";
        let text = one.repeat(500);
        let fixed = checker().fix(&text, FixMode::Safe);
        assert!(
            fixed.diagnostics.is_empty(),
            "{:?}",
            &fixed.diagnostics[..1]
        );
        let want = "select CustomerName from CustomersAndTenants timespan last_month;\n";
        assert!(fixed.text == want.repeat(500), "{}", &fixed.text[..200]);
        // The name-case fixes of CustomerName and the dataset, per query.
        assert!(fixed.applied.len() >= 1000, "{}", fixed.applied.len());
    }
}
