//! Executions of a report: their status and their secret download link.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::decode::de_opt_string;
use super::types::ReportSettings;

/// The status of an execution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ExecutionStatus {
    /// Queued.
    Pending,
    /// Generating.
    Running,
    /// The report is paused.
    Paused,
    /// The file is ready.
    Completed,
    /// A status the documentation does not list (e.g. `Failed`).
    Other(String),
}

impl ExecutionStatus {
    /// Parse case-insensitively.
    pub fn parse(s: &str) -> Self {
        match s.trim().to_ascii_lowercase().as_str() {
            "pending" => Self::Pending,
            "running" => Self::Running,
            "paused" => Self::Paused,
            "completed" => Self::Completed,
            _ => Self::Other(s.trim().to_string()),
        }
    }

    /// The documented spelling.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Pending => "Pending",
            Self::Running => "Running",
            Self::Paused => "Paused",
            Self::Completed => "Completed",
            Self::Other(s) => s,
        }
    }
}

impl fmt::Display for ExecutionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A download link (a SAS URL: its query string is a credential). `Debug`,
/// `Display` and `Serialize` show it without the query string.
#[derive(Clone, PartialEq, Eq, Deserialize)]
pub struct SecretUrl(String);

impl SecretUrl {
    /// Wrap a link.
    pub fn new(s: impl Into<String>) -> Self {
        SecretUrl(s.into())
    }

    /// The full link, for the one place that fetches it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The link without its query string and fragment.
    pub fn redacted(&self) -> String {
        match self.0.find(['?', '#']) {
            Some(i) => format!("{}?<redacted>", &self.0[..i]),
            None => self.0.clone(),
        }
    }
}

impl fmt::Debug for SecretUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretUrl({})", self.redacted())
    }
}

impl fmt::Display for SecretUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl Serialize for SecretUrl {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.redacted())
    }
}

/// One run of a report.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct Execution {
    /// `executionId`.
    #[serde(
        rename(deserialize = "executionid"),
        default,
        deserialize_with = "de_opt_string"
    )]
    pub execution_id: Option<String>,
    /// `reportId`.
    #[serde(
        rename(deserialize = "reportid"),
        default,
        deserialize_with = "de_opt_string"
    )]
    pub report_id: Option<String>,
    /// How the report recurs and delivers its file, as of this run.
    #[serde(flatten)]
    pub settings: ReportSettings,
    /// `executionStatus`, as sent.
    #[serde(
        rename(deserialize = "executionstatus"),
        default,
        deserialize_with = "de_opt_string"
    )]
    pub execution_status: Option<String>,
    /// `reportLocation` (MPN).
    #[serde(
        rename(deserialize = "reportlocation"),
        default,
        deserialize_with = "de_opt_string"
    )]
    pub report_location: Option<String>,
    /// `reportAccessSecureLink`: where to download the file (secret).
    #[serde(
        rename(deserialize = "reportaccesssecurelink"),
        default,
        deserialize_with = "de_secret_url"
    )]
    pub report_access_secure_link: Option<SecretUrl>,
    /// `reportExpiryTime`: when the link stops working.
    #[serde(
        rename(deserialize = "reportexpirytime"),
        default,
        deserialize_with = "de_opt_string"
    )]
    pub report_expiry_time: Option<String>,
    /// `reportGeneratedTime`.
    #[serde(
        rename(deserialize = "reportgeneratedtime"),
        default,
        deserialize_with = "de_opt_string"
    )]
    pub report_generated_time: Option<String>,
}

impl Execution {
    /// The status, parsed (`Other("")` when missing).
    pub fn status(&self) -> ExecutionStatus {
        ExecutionStatus::parse(self.execution_status.as_deref().unwrap_or(""))
    }
}

fn de_secret_url<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<SecretUrl>, D::Error> {
    Ok(de_opt_string(d)?
        .filter(|s| !s.trim().is_empty())
        .map(SecretUrl))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::Report;

    #[test]
    fn shared_settings_decode_tolerantly_and_serialize_flat() {
        let body = br#"{"Value":[{"ExecutionId":"e","ReportId":"r","RecurrenceInterval":"-1",
            "RecurrenceCount":2,"CallbackUrl":null,"Format":"CSV","ExecutionStatus":"completed",
            "ReportAccessSecureLink":"https://x/f.csv?sig=s"}]}"#;
        let env = super::super::decode::envelope(body).unwrap();
        let e: Execution = super::super::decode::items(env.value).unwrap().remove(0);
        assert_eq!(e.settings.recurrence_interval, Some(-1));
        assert_eq!(e.settings.recurrence_count, Some(2));
        assert_eq!(e.settings.callback_url, None);
        assert_eq!(e.settings.format.as_deref(), Some("CSV"));
        assert_eq!(e.status(), ExecutionStatus::Completed);
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["recurrenceInterval"], -1);
        assert_eq!(json["reportAccessSecureLink"], "https://x/f.csv?<redacted>");
        assert!(json.get("settings").is_none(), "{json}");

        let r: Report = super::super::decode::items(vec![serde_json::json!(
            {"reportId": "r", "RECURRENCEINTERVAL": 24, "callbackMethod": "GET"}
        )])
        .unwrap()
        .remove(0);
        assert_eq!(r.settings.recurrence_interval, Some(24));
        assert_eq!(r.settings.callback_method.as_deref(), Some("GET"));
    }
}
