//! SARIF 2.1.0, the static-analysis format GitHub code scanning and many
//! editors read.
//!
//! One run with every code of the registry as a rule (id, name, short and full
//! description, help from the long explanation, default level), and one result
//! per diagnostic with its region (lines, columns in Unicode code points, byte
//! offset and length), related locations, and its safe fixes as SARIF fixes.

use serde_json::{Value, json};

use super::{Document, FileDiagnostics, Origin};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::span::{LineIndex, Span};

/// The SARIF schema this module writes.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The SARIF `level` of a severity: `error`, `warning` or `note`.
pub const fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Advice => "note",
    }
}

/// A SARIF 2.1.0 log of the diagnostics of `files`, pretty-printed.
pub fn sarif(files: &[FileDiagnostics<'_>]) -> String {
    let doc = document();
    let items = files.iter().flat_map(results).map(|r| doc.item(&r));
    doc.to_string(items)
}

/// The SARIF log around its `results` array, to stream results into.
pub fn document() -> &'static Document {
    static DOCUMENT: std::sync::OnceLock<Document> = std::sync::OnceLock::new();
    DOCUMENT.get_or_init(log_document)
}

fn log_document() -> Document {
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": driver() },
            "columnKind": "unicodeCodePoints",
            "results": [],
        }],
    });
    Document::around(&log, "results")
}

fn driver() -> Value {
    json!({
        "name": "pcql",
        "version": env!("CARGO_PKG_VERSION"),
        "rules": Code::ALL.iter().map(|c| rule(*c)).collect::<Vec<_>>(),
    })
}

/// The rule descriptor of one code.
fn rule(code: Code) -> Value {
    json!({
        "id": code.as_str(),
        "name": code.name(),
        "shortDescription": { "text": code.summary() },
        "fullDescription": { "text": code.summary() },
        "help": { "text": code.explanation(), "markdown": code.explanation() },
        "defaultConfiguration": { "level": level(code.default_severity()) },
    })
}

/// The SARIF results of the diagnostics of `f`.
pub fn results(f: &FileDiagnostics<'_>) -> Vec<Value> {
    let idx = LineIndex::new(f.source);
    let uri = uri(f.file);
    f.diagnostics
        .iter()
        .map(|d| result(d, &uri, &idx, f.origin))
        .collect()
}

fn result(d: &Diagnostic, uri: &str, idx: &LineIndex<'_>, origin: Origin) -> Value {
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    let mut r = json!({
        "ruleId": d.code.as_str(),
        "ruleIndex": Code::ALL.iter().position(|c| *c == d.code).unwrap_or(0),
        "level": level(d.severity),
        "message": { "text": text },
        "locations": [location(uri, d.span, idx, origin, None)],
    });
    if !d.related.is_empty() {
        r["relatedLocations"] = d
            .related
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let mut loc = location(uri, l.span, idx, origin, Some(&l.message));
                loc["id"] = json!(i + 1);
                loc
            })
            .collect();
    }
    let fixes: Vec<Value> = d
        .fixes
        .iter()
        .filter(|f| f.is_safe())
        .map(|f| {
            json!({
                "description": { "text": f.message },
                "artifactChanges": [{
                    "artifactLocation": { "uri": uri },
                    "replacements": f.edits.iter().map(|e| json!({
                        "deletedRegion": {
                            "byteOffset": e.span.start + origin.offset,
                            "byteLength": e.span.len(),
                        },
                        "insertedContent": { "text": e.replacement },
                    })).collect::<Vec<_>>(),
                }],
            })
        })
        .collect();
    if !fixes.is_empty() {
        r["fixes"] = Value::Array(fixes);
    }
    r
}

fn location(
    uri: &str,
    span: Span,
    idx: &LineIndex<'_>,
    origin: Origin,
    message: Option<&str>,
) -> Value {
    let (start_line, start_column) = idx.line_col(span.start);
    let (end_line, end_column) = idx.line_col(span.end);
    let (start_line, end_line) = (start_line + origin.line, end_line + origin.line);
    let mut loc = json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri },
            "region": {
                "startLine": start_line,
                "startColumn": start_column,
                "endLine": end_line,
                "endColumn": end_column,
                "byteOffset": span.start + origin.offset,
                "byteLength": span.len(),
            },
        },
    });
    if let Some(m) = message {
        loc["message"] = json!({ "text": m });
    }
    loc
}

/// A URI reference for a file name as given on the command line: forward
/// slashes, percent-encoding for anything outside the unreserved set, and a
/// `file://` scheme for absolute paths.
pub fn uri(file: &str) -> String {
    let path = file.replace('\\', "/");
    let mut out = String::with_capacity(path.len());
    let absolute = path.starts_with('/');
    if absolute {
        out.push_str("file://");
    }
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Edit, Fix};

    fn log(diags: &[Diagnostic], file: &str, source: &str) -> Value {
        let files = [FileDiagnostics {
            file,
            source,
            diagnostics: diags,
            origin: Origin::default(),
        }];
        serde_json::from_str(&sarif(&files)).unwrap()
    }

    #[test]
    fn has_version_rules_and_regions() {
        let text = "SELECT\nTOP 10 a FROM b";
        let d = Diagnostic::new(Code::Top, Span::new(7, 13), "TOP")
            .with_help("use LIMIT")
            .with_fix(Fix::safe("drop TOP", vec![Edit::delete(Span::new(7, 14))]))
            .with_fix(Fix::unsafe_("guess", vec![Edit::insert(0, "x")]));
        let v = log(&[d], "q/a b.pcql", text);
        assert_eq!(v["version"], "2.1.0");
        let run = &v["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        assert_eq!(rules.len(), Code::ALL.len());
        let top = rules.iter().find(|r| r["id"] == "PQ1113").unwrap();
        assert_eq!(top["name"], "top");
        assert_eq!(top["defaultConfiguration"]["level"], "error");
        assert!(
            top["help"]["text"]
                .as_str()
                .unwrap()
                .starts_with("# PQ1113")
        );
        let r = &run["results"][0];
        assert_eq!(r["ruleId"], "PQ1113");
        assert_eq!(
            rules[r["ruleIndex"].as_u64().unwrap() as usize]["id"],
            "PQ1113"
        );
        assert_eq!(r["level"], "error");
        assert_eq!(r["message"]["text"], "TOP\nhelp: use LIMIT");
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "q/a%20b.pcql");
        let region = &loc["region"];
        assert_eq!(region["startLine"], 2);
        assert_eq!(region["startColumn"], 1);
        assert_eq!(region["endLine"], 2);
        assert_eq!(region["endColumn"], 7);
        assert_eq!(region["byteOffset"], 7);
        assert_eq!(region["byteLength"], 6);
        let fixes = r["fixes"].as_array().unwrap();
        assert_eq!(fixes.len(), 1, "only safe fixes are offered");
        let rep = &fixes[0]["artifactChanges"][0]["replacements"][0];
        assert_eq!(rep["deletedRegion"]["byteLength"], 7);
        assert_eq!(rep["insertedContent"]["text"], "");
    }

    #[test]
    fn advice_is_a_note_and_related_locations_are_listed() {
        let d = Diagnostic::new(Code::TimespanOmitted, Span::new(0, 6), "m")
            .with_related(Span::new(7, 8), "here");
        let v = log(&[d], "-", "SELECT a FROM b");
        let r = &v["runs"][0]["results"][0];
        assert_eq!(r["level"], "note");
        assert_eq!(r["relatedLocations"][0]["message"]["text"], "here");
        assert!(r.get("fixes").is_none());
    }

    #[test]
    fn uri_encodes_and_marks_absolute_paths() {
        assert_eq!(uri("dir\\x.pcql"), "dir/x.pcql");
        assert_eq!(uri("/tmp/a#1.pcql"), "file:///tmp/a%231.pcql");
        assert_eq!(uri("é.sql"), "%C3%A9.sql");
    }
}
