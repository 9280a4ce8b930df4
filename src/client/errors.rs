//! Typed errors of the client: what the API said (status, message,
//! correlation id, and what to do about it), network failures, refusals by the
//! offline check, and download problems. No error carries a secret: no token,
//! password, client secret or download link.

use std::path::PathBuf;

use crate::check::CheckError;
use crate::diagnostic::Diagnostic;

/// Everything a client call can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The offline check found errors; nothing was sent.
    #[error("the offline check refused the {what} ({} error(s)); nothing was sent", count_errors(.diagnostics))]
    Invalid {
        /// What was checked: `query` or `report request`.
        what: &'static str,
        /// The text the diagnostics' spans point into.
        source_text: String,
        /// Every diagnostic of the check (errors and the rest).
        diagnostics: Vec<Diagnostic>,
    },
    /// The API answered with an error status.
    #[error("{0}")]
    Api(#[from] ApiError),
    /// The request did not get an answer (connection, TLS, timeout).
    #[error("network error on {endpoint}: {message}")]
    Network {
        /// `GET ScheduledDataset`, `download`, `token`…
        endpoint: String,
        /// What went wrong (never a URL with a secret in it).
        message: String,
        /// Whether the configured timeout ran out.
        timeout: bool,
    },
    /// Getting a token failed.
    #[error("authentication failed: {0}")]
    Auth(String),
    /// The API answered 2xx but the body could not be understood.
    #[error("could not decode the answer of {endpoint} (HTTP {status}): {message}{}", corr(.correlation_id))]
    Decode {
        /// The call.
        endpoint: String,
        /// HTTP status.
        status: u16,
        /// The decoder's complaint.
        message: String,
        /// `MS-CorrelationId`, when sent.
        correlation_id: Option<String>,
    },
    /// The client was configured wrongly (e.g. no base URL for apps & games).
    #[error("configuration: {0}")]
    Config(String),
    /// The execution has no download link (not completed, or expired).
    #[error("execution {execution_id} has no download link (status {status})")]
    NoDownloadLink {
        /// The execution.
        execution_id: String,
        /// Its status.
        status: String,
    },
    /// The target of a download exists and overwriting was not asked for.
    #[error("{} exists; pass overwrite to replace it", .0.display())]
    Exists(PathBuf),
    /// The download ended before Content-Length bytes arrived.
    #[error("download truncated: got {received} of {expected} bytes; nothing was written")]
    Truncated {
        /// Bytes received.
        received: u64,
        /// Bytes announced.
        expected: u64,
    },
    /// A listing could not be read to its end (too many pages, or a
    /// `nextLink` that loops); what was read is not used as the whole.
    #[error("the listing of {endpoint} is incomplete after {items} item(s): {reason}")]
    Incomplete {
        /// The call.
        endpoint: String,
        /// Items read before it stopped.
        items: usize,
        /// Why it stopped.
        reason: String,
    },
    /// A file system error.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// Waiting for an execution ran past its deadline.
    #[error(
        "no completed execution of report {report_id} before the deadline (last status: {last_status})"
    )]
    Deadline {
        /// The report.
        report_id: String,
        /// The last status seen, or `none yet`.
        last_status: String,
    },
    /// An execution ended in a state that will not become Completed.
    #[error("execution {execution_id} of report {report_id} ended as {status}")]
    ExecutionFailed {
        /// The report.
        report_id: String,
        /// The execution.
        execution_id: String,
        /// Its status.
        status: String,
    },
}

fn count_errors(d: &[Diagnostic]) -> usize {
    d.iter().filter(|d| d.is_error()).count()
}

fn corr(c: &Option<String>) -> String {
    c.as_ref()
        .map(|c| format!(" (correlation id {c})"))
        .unwrap_or_default()
}

impl Error {
    /// The correlation id of the failed call, when the service sent one.
    pub fn correlation_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.correlation_id.as_deref(),
            Error::Decode { correlation_id, .. } => correlation_id.as_deref(),
            _ => None,
        }
    }

    /// The HTTP status of the failed call, when there was an answer.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }
}

/// What the documented error messages mean (api.md §8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ApiErrorKind {
    /// 401: bad or expired token.
    Unauthorized,
    /// 403: the account lacks a role or permission.
    Forbidden,
    /// 400 "Invalid table name".
    InvalidTableName,
    /// 400 "Incorrect column name".
    IncorrectColumnName,
    /// 400 "Null or missing value".
    MissingValue,
    /// 400 "Recurrence Interval must be between 4 and …".
    RecurrenceOutOfRange,
    /// 400 "… Start time of report should at least be 4 hours from current UTC time".
    StartTimeTooSoon,
    /// 400 "Invalid report parameters" (other than the two above).
    InvalidReportParameters,
    /// 400 "Invalid QueryId".
    InvalidQueryId,
    /// 400 "Requested value 'string' not found": a Swagger placeholder.
    TemplatePlaceholder,
    /// 404 "There are no executions that have occurred for the given filter conditions".
    NoExecutionsYet,
    /// 404 "No item found with given filters."
    NoItemFound,
    /// 429: the request quota is spent.
    RateLimited,
    /// 500 "Internal error encountered while creating report" (usually a bad date).
    InternalCreatingReport,
    /// Any other 5xx.
    ServerError,
    /// Anything else.
    Other,
}

/// An error answer of the analytics API.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", self.describe())]
pub struct ApiError {
    /// The call, e.g. `POST ScheduledReport`.
    pub endpoint: String,
    /// HTTP status.
    pub status: u16,
    /// The API's own message (or the start of the body).
    pub message: String,
    /// `MS-CorrelationId` (header, or found in the message).
    pub correlation_id: Option<String>,
    /// The documented error this is.
    pub kind: ApiErrorKind,
}

impl ApiError {
    /// Build from a status and the API's message, classifying it.
    pub fn new(
        endpoint: &str,
        status: u16,
        message: String,
        correlation_id: Option<String>,
    ) -> Self {
        let correlation_id = correlation_id.or_else(|| correlation_in(&message));
        let kind = classify(status, &message);
        ApiError {
            endpoint: endpoint.to_string(),
            status,
            message,
            correlation_id,
            kind,
        }
    }

    /// What to do about it, for the documented errors.
    pub fn hint(&self) -> Option<&'static str> {
        Some(match self.kind {
            ApiErrorKind::Unauthorized => {
                "the token is bad or expired (tokens live 60 minutes); get a new one"
            }
            ApiErrorKind::Forbidden => {
                "the account lacks access; the MPN API needs an app + user with the Executive Report Viewer role"
            }
            ApiErrorKind::InvalidTableName => {
                "the dataset after FROM is not one the datasets API returns; run `pcql schemas pull` and `pcql check`"
            }
            ApiErrorKind::IncorrectColumnName => {
                "a column is not in the dataset; run `pcql schemas pull` and `pcql check` to see which"
            }
            ApiErrorKind::MissingValue => "a required field of the request body is missing",
            ApiErrorKind::RecurrenceOutOfRange => {
                "RecurrenceInterval is in hours: 4..2160 for MPN, 4..90 for CMP (2021)"
            }
            ApiErrorKind::StartTimeTooSoon => {
                "StartTime must be UTC yyyy-MM-ddTHH:mm:ssZ at least 4 hours from now (or use ExecuteNow)"
            }
            ApiErrorKind::InvalidReportParameters => {
                "check RecurrenceInterval (at least 4) and the other schedule fields"
            }
            ApiErrorKind::InvalidQueryId => {
                "no query has this id; list them with `pcql api queries list`"
            }
            ApiErrorKind::TemplatePlaceholder => {
                "a field still holds the Swagger placeholder \"string\" (often Format or CallbackUrl)"
            }
            ApiErrorKind::NoExecutionsYet => {
                "the report has not run yet; retry after its scheduled time, or ask for Pending executions"
            }
            ApiErrorKind::NoItemFound => {
                "no report has this id; list them with `pcql api reports list`"
            }
            ApiErrorKind::RateLimited => "the request quota is spent; wait and retry",
            ApiErrorKind::InternalCreatingReport => {
                "usually a bad date: StartTime, QueryStartTime and QueryEndTime must be yyyy-MM-ddTHH:mm:ssZ"
            }
            ApiErrorKind::ServerError => {
                "a service failure; if it persists, open a support ticket with the correlation id"
            }
            ApiErrorKind::Other => return None,
        })
    }

    fn describe(&self) -> String {
        let mut s = format!("{} failed: HTTP {}", self.endpoint, self.status);
        if !self.message.is_empty() {
            s.push_str(": ");
            s.push_str(&self.message);
        }
        if let Some(c) = &self.correlation_id {
            s.push_str(&format!(" (correlation id {c})"));
        }
        if let Some(h) = self.hint() {
            s.push_str("\n  help: ");
            s.push_str(h);
        }
        s
    }
}

fn classify(status: u16, message: &str) -> ApiErrorKind {
    let m = message.to_ascii_lowercase();
    let has = |s: &str| m.contains(s);
    match status {
        401 => ApiErrorKind::Unauthorized,
        403 => ApiErrorKind::Forbidden,
        429 => ApiErrorKind::RateLimited,
        _ if has("invalid table name") => ApiErrorKind::InvalidTableName,
        _ if has("incorrect column name") => ApiErrorKind::IncorrectColumnName,
        _ if has("recurrence interval must be between") => ApiErrorKind::RecurrenceOutOfRange,
        _ if has("start time of report should") => ApiErrorKind::StartTimeTooSoon,
        _ if has("invalid report parameters") => ApiErrorKind::InvalidReportParameters,
        _ if has("invalid queryid") || has("invalid query id") => ApiErrorKind::InvalidQueryId,
        _ if has("requested value 'string' not found") => ApiErrorKind::TemplatePlaceholder,
        _ if has("null or missing value") => ApiErrorKind::MissingValue,
        404 if has("no executions") => ApiErrorKind::NoExecutionsYet,
        404 if has("no item found") => ApiErrorKind::NoItemFound,
        500 if has("error encountered while creating report") => {
            ApiErrorKind::InternalCreatingReport
        }
        500..=599 => ApiErrorKind::ServerError,
        _ => ApiErrorKind::Other,
    }
}

/// A correlation id written into a message, as in
/// "Internal error encountered while creating report. Correlation ID <id>".
pub(crate) fn correlation_in(message: &str) -> Option<String> {
    let lower = message.to_ascii_lowercase();
    let (at, phrase) = ["correlation id", "correlationid", "correlation-id"]
        .iter()
        .find_map(|p| lower.find(p).map(|at| (at, p.len())))?;
    let rest = message[at + phrase..].trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
    let id: String = rest
        .chars()
        .take_while(|c| c.is_ascii_hexdigit() || *c == '-')
        .collect();
    (id.len() >= 8).then_some(id)
}

impl From<CheckError> for Error {
    /// The checker's refusal: nothing was sent.
    fn from(e: CheckError) -> Self {
        let what = e.what();
        let source_text = e.source_text().to_string();
        Error::Invalid {
            what,
            source_text,
            diagnostics: e.into_diagnostics(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_messages_are_classified() {
        let k = |s, m: &str| ApiError::new("x", s, m.into(), None).kind;
        assert_eq!(k(400, "Invalid table name"), ApiErrorKind::InvalidTableName);
        assert_eq!(
            k(400, "Incorrect column name"),
            ApiErrorKind::IncorrectColumnName
        );
        assert_eq!(
            k(400, "Recurrence Interval must be between 4 and 90"),
            ApiErrorKind::RecurrenceOutOfRange
        );
        assert_eq!(
            k(
                400,
                "Invalid report parameters for creation - Start time of report should at least be 4 hours from current UTC time"
            ),
            ApiErrorKind::StartTimeTooSoon
        );
        assert_eq!(k(400, "Invalid QueryId"), ApiErrorKind::InvalidQueryId);
        assert_eq!(
            k(400, "Requested value 'string' not found."),
            ApiErrorKind::TemplatePlaceholder
        );
        assert_eq!(
            k(
                404,
                "There are no executions that have occurred for the given filter conditions."
            ),
            ApiErrorKind::NoExecutionsYet
        );
        assert_eq!(k(503, "Service unavailable"), ApiErrorKind::ServerError);
    }

    #[test]
    fn correlation_id_is_found_in_the_message() {
        let e = ApiError::new(
            "POST ScheduledReport",
            500,
            "Internal error encountered while creating report. Correlation ID 5f1c2d3e-aaaa-4bbb-8ccc-0123456789ab".into(),
            None,
        );
        assert_eq!(e.kind, ApiErrorKind::InternalCreatingReport);
        assert_eq!(
            e.correlation_id.as_deref(),
            Some("5f1c2d3e-aaaa-4bbb-8ccc-0123456789ab")
        );
        assert!(e.to_string().contains("help: usually a bad date"));
        assert_eq!(correlation_in("Correlation ID <>"), None);
    }
}
