//! SARIF 2.1.0, the static-analysis format GitHub code scanning and many
//! editors read.
//!
//! One run with every code of the registry as a rule (id, name, short and full
//! description, help from the long explanation, default level), and one result
//! per diagnostic with its region (lines, columns in Unicode code points, byte
//! offset and length), related locations, and its safe fixes as SARIF fixes.

use serde::Serialize;
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
pub fn results<'a>(f: &FileDiagnostics<'a>) -> Vec<SarifResult<'a>> {
    let idx = LineIndex::new(f.source);
    let uri = uri(f.file);
    f.diagnostics
        .iter()
        .map(|d| result(d, &uri, &idx, f.origin))
        .collect()
}

// The structures of a result. Fields stand in alphabetical order, the order
// in which `serde_json::Value` (a sorted map) writes the rest of the log.

/// One SARIF `result`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SarifResult<'a> {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix<'a>>,
    level: &'static str,
    locations: [Location<'a>; 1],
    message: Text<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location<'a>>,
    rule_id: &'static str,
    rule_index: usize,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text<&'a str>>,
    physical_location: PhysicalLocation,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Debug, Clone, Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    byte_length: usize,
    byte_offset: usize,
    end_column: usize,
    end_line: usize,
    start_column: usize,
    start_line: usize,
}

#[derive(Debug, Clone, Serialize)]
struct Text<T> {
    text: T,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix<'a> {
    artifact_changes: [ArtifactChange<'a>; 1],
    description: Text<&'a str>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement<'a>>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: DeletedRegion,
    inserted_content: Text<&'a str>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct DeletedRegion {
    byte_length: usize,
    byte_offset: usize,
}

fn result<'a>(
    d: &'a Diagnostic,
    uri: &str,
    idx: &LineIndex<'_>,
    origin: Origin,
) -> SarifResult<'a> {
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    let fixes = d
        .fixes
        .iter()
        .filter(|f| f.is_safe())
        .map(|f| SarifFix {
            artifact_changes: [ArtifactChange {
                artifact_location: ArtifactLocation {
                    uri: uri.to_string(),
                },
                replacements: f
                    .edits
                    .iter()
                    .map(|e| Replacement {
                        deleted_region: DeletedRegion {
                            byte_length: e.span.len(),
                            byte_offset: e.span.start + origin.offset,
                        },
                        inserted_content: Text {
                            text: e.replacement.as_str(),
                        },
                    })
                    .collect(),
            }],
            description: Text {
                text: f.message.as_str(),
            },
        })
        .collect();
    let related_locations = d
        .related
        .iter()
        .enumerate()
        .map(|(i, l)| Location {
            id: Some(i + 1),
            message: Some(Text {
                text: l.message.as_str(),
            }),
            ..location(uri, l.span, idx, origin)
        })
        .collect();
    SarifResult {
        fixes,
        level: level(d.severity),
        locations: [location(uri, d.span, idx, origin)],
        message: Text { text },
        related_locations,
        rule_id: d.code.as_str(),
        rule_index: Code::ALL.iter().position(|c| *c == d.code).unwrap_or(0),
    }
}

fn location<'a>(uri: &str, span: Span, idx: &LineIndex<'_>, origin: Origin) -> Location<'a> {
    let (start_line, start_column) = idx.line_col(span.start);
    let (end_line, end_column) = idx.line_col(span.end);
    Location {
        id: None,
        message: None,
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: uri.to_string(),
            },
            region: Region {
                byte_length: span.len(),
                byte_offset: span.start + origin.offset,
                end_column,
                end_line: end_line + origin.line,
                start_column,
                start_line: start_line + origin.line,
            },
        },
    }
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

    /// Results print their keys sorted, like the rest of the log (a
    /// `serde_json::Value`): a result's bytes are what the `Value` would give.
    #[test]
    fn results_print_like_values() {
        let text = "SELECT a, a FROM b WHERE c = 1";
        let d = Diagnostic::new(Code::Top, Span::new(7, 8), "m")
            .with_help("h")
            .with_related(Span::new(10, 11), "also here")
            .with_fix(Fix::safe("f", vec![Edit::replace(Span::new(7, 8), "x")]));
        let diags = [d];
        let file = FileDiagnostics {
            file: "q.pcql",
            source: text,
            diagnostics: &diags,
            origin: Origin { offset: 5, line: 2 },
        };
        for r in results(&file) {
            let typed = serde_json::to_string_pretty(&r).unwrap();
            let value = serde_json::to_value(&r).unwrap();
            assert_eq!(typed, serde_json::to_string_pretty(&value).unwrap());
            assert_eq!(
                value["locations"][0]["physicalLocation"]["region"]["startLine"],
                3
            );
            assert_eq!(
                value["fixes"][0]["artifactChanges"][0]["replacements"][0]["deletedRegion"]["byteOffset"],
                12
            );
        }
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
