//! Tolerant decoding of API answers.
//!
//! The documentation shows `value` and `Value`, `totalCount` and `TotalCount`,
//! a key `"DatasetName "` with a trailing space, numbers sent as strings and
//! bodies behind a UTF-8 byte-order mark. So: strip the BOM, parse into
//! `serde_json::Value`, fold the keys of the envelope and of its items to lower
//! case without punctuation (`ReportAccessSecureLink` → `reportaccesssecurelink`),
//! then deserialize into the typed structs, whose fields are all optional.
//! Row objects of `testQueryResult` keep their keys (they are column names).

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

use crate::schema::json::kind;

/// `bytes` without a leading UTF-8 byte-order mark.
pub fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// A key folded for matching: lower case, letters and digits only.
pub fn fold_key(k: &str) -> String {
    k.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The object `m` with its keys folded (one level).
fn fold_object(m: Map<String, Value>) -> Map<String, Value> {
    m.into_iter().map(|(k, v)| (fold_key(&k), v)).collect()
}

/// The common envelope `{ value, nextLink, totalCount, message, statusCode, dataRedacted }`.
#[derive(Debug, Clone, Default)]
pub struct Envelope {
    /// The items, their keys still as sent.
    pub value: Vec<Value>,
    /// The next page, when there is one.
    pub next_link: Option<String>,
    /// `totalCount`.
    pub total_count: Option<i64>,
    /// `message`.
    pub message: Option<String>,
    /// `dataRedacted`.
    pub data_redacted: Option<bool>,
}

/// Parse a body into an envelope. A bare array is taken as `value`; an object
/// without `value` as one item.
pub fn envelope(bytes: &[u8]) -> Result<Envelope, String> {
    let v: Value = serde_json::from_slice(strip_bom(bytes)).map_err(|e| e.to_string())?;
    match v {
        Value::Array(items) => Ok(Envelope {
            value: items,
            ..Envelope::default()
        }),
        Value::Object(m) => {
            let m = fold_object(m);
            if !m.contains_key("value") {
                return Ok(Envelope {
                    value: vec![Value::Object(m)],
                    ..Envelope::default()
                });
            }
            let s = |k: &str| m.get(k).and_then(Value::as_str).map(str::to_string);
            let value = match m.get("value") {
                Some(Value::Array(a)) => a.clone(),
                Some(Value::Null) | None => Vec::new(),
                Some(other) => vec![other.clone()],
            };
            Ok(Envelope {
                value,
                next_link: s("nextlink").filter(|l| !l.trim().is_empty()),
                total_count: m.get("totalcount").and_then(as_i64),
                message: s("message"),
                data_redacted: m.get("dataredacted").and_then(as_bool),
            })
        }
        Value::Null => Ok(Envelope::default()),
        other => Err(format!("expected a JSON object, got {}", kind(&other))),
    }
}

/// Decode items into `T` after folding their keys.
pub fn items<T: DeserializeOwned>(value: Vec<Value>) -> Result<Vec<T>, String> {
    value
        .into_iter()
        .map(|v| {
            let v = match v {
                Value::Object(m) => Value::Object(fold_object(m)),
                other => other,
            };
            serde_json::from_value(v).map_err(|e| e.to_string())
        })
        .collect()
}

fn as_i64(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn as_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        },
        Value::Number(n) => n.as_i64().map(|n| n != 0),
        _ => None,
    }
}

/// An optional integer sent as a number or a string (`"3599"`, `"-1"`).
pub fn de_opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    let v = Option::<Value>::deserialize(d)?;
    Ok(v.as_ref().and_then(as_i64))
}

/// An optional boolean sent as a boolean or a string.
pub fn de_opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    let v = Option::<Value>::deserialize(d)?;
    Ok(v.as_ref().and_then(as_bool))
}

/// An optional string; numbers are accepted and printed (a CMP `user` is numeric).
pub fn de_opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let v = Option::<Value>::deserialize(d)?;
    Ok(match v {
        Some(Value::String(s)) => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(Value::Bool(b)) => Some(b.to_string()),
        _ => None,
    })
}

/// The error message inside an error body: `message`, `error.message`,
/// `error_description`, or the start of the text.
pub fn error_message(bytes: &[u8]) -> String {
    let bytes = strip_bom(bytes);
    if let Ok(Value::Object(m)) = serde_json::from_slice::<Value>(bytes) {
        let m = fold_object(m);
        let nested = m.get("error").and_then(|e| match e {
            Value::Object(o) => fold_object(o.clone()).get("message").cloned(),
            Value::String(s) => Some(Value::String(s.clone())),
            _ => None,
        });
        for v in [
            m.get("message").cloned(),
            nested,
            m.get("errordescription").cloned(),
        ]
        .into_iter()
        .flatten()
        {
            if let Value::String(s) = v
                && !s.trim().is_empty()
            {
                return s.trim().to_string();
            }
        }
    }
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim();
    match text.char_indices().nth(300) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_in_any_case_behind_a_bom() {
        let body = b"\xEF\xBB\xBF{\"Value\":[{\"QueryId\":\"1\"}],\"TotalCount\":\"1\",\"NextLink\":null,\"DataRedacted\":\"false\"}";
        let e = envelope(body).unwrap();
        assert_eq!(e.value.len(), 1);
        assert_eq!(e.total_count, Some(1));
        assert_eq!(e.data_redacted, Some(false));
        assert_eq!(e.next_link, None);
    }

    #[test]
    fn error_messages() {
        assert_eq!(
            error_message(br#"{"Message":"Invalid table name","StatusCode":400}"#),
            "Invalid table name"
        );
        assert_eq!(
            error_message(br#"{"error":{"code":"x","message":"boom"}}"#),
            "boom"
        );
        assert_eq!(error_message(b"plain text"), "plain text");
        assert!(envelope(b"{not json").is_err());
    }
}
