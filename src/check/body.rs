//! JSON request bodies: `POST ScheduledQueries` (create a query) and
//! `POST ScheduledReport` (create a report), checked offline with PQ6xxx
//! diagnostics whose spans point into the JSON text.
//!
//! The caller supplies the clock and the query checker ([`BodyContext`]), so
//! this module needs neither the system time nor a catalog: diagnostics of the
//! query inside `"Query": "…"` come from [`BodyContext::check_query`] with spans
//! relative to the decoded query text, and are mapped back into the JSON
//! (escapes included).
//!
//! ```
//! use pcql::check::body::{BodyContext, BodyKind, check_body};
//! let ctx = BodyContext::offline(1_767_225_600); // 2026-01-01T00:00:00Z
//! let report = check_body(r#"{"ReportName": "r", "QueryId": "not-a-guid", "ExecuteNow": true}"#, &ctx);
//! assert_eq!(report.kind, BodyKind::ScheduledReport);
//! assert_eq!(report.diagnostics[0].code.as_str(), "PQ6003");
//! ```

mod fields;
mod json;
mod jstr;
mod query;
mod report;
mod schedule;
mod time;

use crate::diagnostic::{Code, Diagnostic};
use crate::span::Span;
use json::{Member, Value};

pub use report::is_guid;
pub(crate) use time::days_from_civil;
pub(crate) use time::days_in_month;
#[cfg(feature = "client")]
pub(crate) use time::format_unix;
pub use time::{LenientTime, TimeError, parse_lenient};

/// What a dataset tells a report check.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DatasetInfo {
    /// The dataset's name as the catalog spells it.
    pub name: String,
    /// Its `minimumRecurrenceInterval` in hours, when the catalog has one.
    pub minimum_recurrence_interval: Option<u32>,
}

/// Everything a body check needs from outside: the clock, the query checker,
/// the dataset a query reads, and the API family the body is meant for.
#[derive(Clone, Copy)]
pub struct BodyContext<'a> {
    /// The current time, Unix seconds (UTC). `StartTime` must be 4 h after it.
    pub now_unix: i64,
    /// Checks one query text; diagnostics have spans into that text.
    pub check_query: &'a dyn Fn(&str) -> Vec<Diagnostic>,
    /// The dataset a query text reads, if it parses and the catalog knows it.
    pub dataset_of_query: &'a dyn Fn(&str) -> Option<DatasetInfo>,
    /// The API family (`mpn`, `cmp`, `apps-games`), when known.
    pub family: Option<&'a str>,
}

fn no_diagnostics(_: &str) -> Vec<Diagnostic> {
    Vec::new()
}

fn no_dataset(_: &str) -> Option<DatasetInfo> {
    None
}

impl<'a> BodyContext<'a> {
    /// A context with the clock only: queries are not checked and no dataset is known.
    pub fn offline(now_unix: i64) -> Self {
        BodyContext {
            now_unix,
            check_query: &no_diagnostics,
            dataset_of_query: &no_dataset,
            family: None,
        }
    }

    /// The current system time in Unix seconds (0 if the clock is before 1970).
    pub fn system_now() -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
    }
}

impl std::fmt::Debug for BodyContext<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BodyContext")
            .field("now_unix", &self.now_unix)
            .field("family", &self.family)
            .finish_non_exhaustive()
    }
}

/// Which request body a JSON text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BodyKind {
    /// `POST ScheduledQueries`: `Name`, `Description`, `Query`.
    ScheduledQueries,
    /// `POST ScheduledReport`: `ReportName`, `QueryId`, schedule fields.
    ScheduledReport,
    /// Valid JSON, but neither body (PQ6017).
    Unknown,
    /// Not valid JSON (PQ6001).
    InvalidJson,
}

/// The query text inside a `ScheduledQueries` body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbeddedQuery {
    /// The decoded query text.
    pub text: String,
    /// The string's content in the JSON text (without the quotes).
    pub span: Span,
}

/// The outcome of [`check_body`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyReport {
    /// What the body was recognised as.
    pub kind: BodyKind,
    /// Every problem, spans into the JSON text, in source order.
    pub diagnostics: Vec<Diagnostic>,
    /// The `Query` of a `ScheduledQueries` body.
    pub query: Option<EmbeddedQuery>,
}

/// Check one JSON request body. Never panics.
pub fn check_body(text: &str, ctx: &BodyContext<'_>) -> BodyReport {
    check_any(text, ctx, None)
}

/// [`check_body`] for a report body whose query is known (e.g. looked up by
/// its `QueryId` with `GET ScheduledQueries`) to read `dataset`: its
/// `minimumRecurrenceInterval` bounds `RecurrenceInterval` (PQ6007), as a
/// system query's dataset does.
pub fn check_report_on(text: &str, ctx: &BodyContext<'_>, dataset: &DatasetInfo) -> BodyReport {
    check_any(text, ctx, Some(dataset))
}

fn check_any(text: &str, ctx: &BodyContext<'_>, dataset: Option<&DatasetInfo>) -> BodyReport {
    let root = match json::parse(text) {
        Ok(root) => root,
        Err(e) => {
            let mut d = Diagnostic::new(Code::InvalidJson, e.span, e.message).with_label(e.label);
            d.help = e.help;
            d.fixes.extend(e.fix.map(|f| *f));
            return BodyReport {
                kind: BodyKind::InvalidJson,
                diagnostics: vec![d],
                query: None,
            };
        }
    };
    let Value::Object(members) = &root.value else {
        let d = Diagnostic::new(
            Code::UnknownBody,
            root.span,
            format!("the body is {}, not a JSON object", root.value.type_name()),
        )
        .with_help("a ScheduledQueries or ScheduledReport request body is one JSON object");
        return unknown(d);
    };
    let mut out = match detect(members) {
        Some(BodyKind::ScheduledQueries) => query::check(members, root.span, ctx),
        Some(_) => report::check(members, root.span, ctx, dataset),
        None => return unknown(not_a_body(members, root.span)),
    };
    out.diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
    out
}

fn unknown(d: Diagnostic) -> BodyReport {
    BodyReport {
        kind: BodyKind::Unknown,
        diagnostics: vec![d],
        query: None,
    }
}

/// Fields that mark a report body, and those that mark a query body.
const REPORT_MARKERS: &[&str] = &[
    "ReportName",
    "QueryId",
    "StartTime",
    "ExecuteNow",
    "RecurrenceInterval",
    "RecurrenceCount",
    "QueryStartTime",
    "QueryEndTime",
    "CallbackUrl",
    "CallbackMethod",
    "Format",
];
const QUERY_MARKERS: &[&str] = &["Query"];

/// Which body the members make. Report fields are distinctive; a query body
/// needs its `Query` (or a misspelling of it), or nothing but query fields:
/// a `name` alone (as in many other JSON files) is not enough.
fn detect(members: &[Member]) -> Option<BodyKind> {
    let has = |names: &[&str], fuzzy: bool| {
        members.iter().any(|m| {
            names.iter().any(|n| {
                n.eq_ignore_ascii_case(&m.key.text)
                    || (fuzzy && crate::suggest::loosely_close(&m.key.text, n))
            })
        })
    };
    let only_query_fields = !members.is_empty()
        && members.iter().all(|m| {
            query::FIELDS
                .iter()
                .any(|n| n.eq_ignore_ascii_case(&m.key.text))
        });
    if has(REPORT_MARKERS, false) {
        Some(BodyKind::ScheduledReport)
    } else if has(QUERY_MARKERS, false) || only_query_fields {
        Some(BodyKind::ScheduledQueries)
    } else if has(REPORT_MARKERS, true) {
        Some(BodyKind::ScheduledReport)
    } else if has(QUERY_MARKERS, true) {
        Some(BodyKind::ScheduledQueries)
    } else {
        None
    }
}

fn not_a_body(members: &[Member], span: Span) -> Diagnostic {
    let is_response = members.iter().any(|m| {
        ["value", "totalCount", "statusCode", "nextLink"]
            .iter()
            .any(|n| n.eq_ignore_ascii_case(&m.key.text))
    });
    let d = Diagnostic::new(
        Code::UnknownBody,
        Span::new(span.start, span.start + 1),
        "this JSON is neither a ScheduledQueries nor a ScheduledReport request body",
    );
    if is_response {
        d.with_label("this looks like an API response")
            .with_help("pcql checks request bodies; a response (`value`, `totalCount`, …) is what the service sends back")
    } else {
        d.with_label("no field of either body").with_help(
            "a query body has `Name` and `Query`; a report body has `ReportName` and `QueryId`",
        )
    }
}

#[cfg(test)]
mod tests;
