//! Reading the fields of a body object: case-insensitive lookup, required and
//! empty fields (PQ6002), types (PQ6014), unknown names with a did-you-mean
//! (PQ6013) and the Swagger placeholder `"string"` (PQ6016).

use super::json::{Member, Node, Value};
use super::jstr::JsonStr;
use crate::diagnostic::{Code, Diagnostic, Edit, Fix, Severity};
use crate::span::Span;

/// Fields the service fills in its answers, never read from a request.
const RESPONSE_FIELDS: &[&str] = &[
    "reportId",
    "type",
    "user",
    "createdTime",
    "modifiedTime",
    "reportStatus",
    "executionId",
];

/// The fields of both bodies, for telling the body's naming style.
const KNOWN: [&[&str]; 2] = [super::query::FIELDS, super::report::FIELDS];

/// The object of one body and the diagnostics found so far.
pub(super) struct Fields<'a> {
    pub members: &'a [Member],
    /// The whole object.
    pub span: Span,
    pub diags: Vec<Diagnostic>,
}

/// A string field's value.
pub(super) struct Str<'a> {
    pub member: &'a Member,
    pub s: &'a JsonStr,
}

impl<'a> Fields<'a> {
    pub fn new(members: &'a [Member], span: Span) -> Self {
        Fields {
            members,
            span,
            diags: Vec::new(),
        }
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// The member named `name` in any case (the last one when repeated), unless
    /// its value is `null` (the service reads null as absent).
    pub fn get(&self, name: &str) -> Option<&'a Member> {
        self.members
            .iter()
            .rev()
            .find(|m| m.key.text.eq_ignore_ascii_case(name))
            .filter(|m| m.value.value != Value::Null)
    }

    /// The name as this body would spell it: camelCase when the body's keys
    /// start lower case, PascalCase otherwise.
    pub fn spelled(&self, name: &str) -> String {
        let lower = |m: &&Member| m.key.text.starts_with(|c: char| c.is_ascii_lowercase());
        let known = |m: &&Member| {
            let k = &m.key.text;
            KNOWN
                .iter()
                .any(|n| n.iter().any(|n| n.eq_ignore_ascii_case(k)))
        };
        let (lo, all) = match self.members.iter().filter(known).count() {
            0 => (
                self.members.iter().filter(lower).count(),
                self.members.len(),
            ),
            n => (self.members.iter().filter(known).filter(lower).count(), n),
        };
        let camel = lo * 2 > all;
        if camel {
            let mut c = name.chars();
            c.next()
                .map(|f| f.to_ascii_lowercase().to_string() + c.as_str())
                .unwrap_or_default()
        } else {
            name.to_string()
        }
    }

    /// PQ6002 for a required field that is absent (or null).
    pub fn missing(&mut self, name: &str, what: &str) {
        let null = self
            .members
            .iter()
            .rev()
            .find(|m| m.key.text.eq_ignore_ascii_case(name));
        let key = self.spelled(name);
        let d = match null {
            Some(m) => {
                Diagnostic::new(Code::MissingField, m.value.span, format!("`{key}` is null"))
                    .with_label("a value is required here")
            }
            None => Diagnostic::new(
                Code::MissingField,
                Span::new(self.span.start, self.span.start + 1),
                format!("the body has no `{key}`"),
            )
            .with_label(format!("`{key}` is required"))
            .with_help(format!("add `\"{key}\": {what}`")),
        };
        self.push(d);
    }

    /// A string field: its type checked (PQ6014), empty text (PQ6002) and the
    /// Swagger placeholder (PQ6016) reported. `free_text` fields are names and
    /// descriptions, where a placeholder is only a warning.
    pub fn string(&mut self, name: &str, required: bool, free_text: bool) -> Option<Str<'a>> {
        let Some(member) = self.get(name) else {
            if required {
                self.missing(name, "\"…\"");
            }
            return None;
        };
        let key = self.spelled(name);
        let Value::String(s) = &member.value.value else {
            self.wrong_type(member, &key, "a string");
            return None;
        };
        if required && s.text.trim().is_empty() {
            self.push(
                Diagnostic::new(Code::MissingField, s.span, format!("`{key}` is empty"))
                    .with_label("a value is required here"),
            );
            return None;
        }
        if s.text == "string" {
            let sev = if free_text {
                Severity::Warning
            } else {
                Severity::Error
            };
            self.push(
                Diagnostic::new(
                    Code::TemplatePlaceholder,
                    s.span,
                    format!("`{key}` still holds the Swagger placeholder \"string\""),
                )
                .with_severity(sev)
                .with_label("placeholder")
                .with_help(if free_text {
                    "replace the example value that the Swagger page filled in by a real one"
                } else {
                    "replace the example value that the Swagger page filled in; the service cannot read it (for Format it answers 400 \"Requested value 'string' not found\")"
                }),
            );
            return None;
        }
        Some(Str { member, s })
    }

    /// PQ6014: a value of the wrong JSON type.
    pub fn wrong_type(&mut self, member: &Member, key: &str, expected: &str) {
        self.push(
            Diagnostic::new(
                Code::WrongFieldType,
                member.value.span,
                format!(
                    "`{key}` must be {expected}, not {}",
                    member.value.value.type_name()
                ),
            )
            .with_label(format!("expected {expected}")),
        );
    }

    /// PQ6014 as a warning for a scalar sent inside quotes, which the service
    /// converts; the safe fix drops the quotes.
    pub fn quoted_scalar(&mut self, node: &Node, key: &str, expected: &str, raw: &str) {
        self.push(
            Diagnostic::new(
                Code::WrongFieldType,
                node.span,
                format!("`{key}` is {expected} sent as a string"),
            )
            .with_severity(Severity::Warning)
            .with_label("quoted")
            .with_help("the service converts it, but the documented type has no quotes")
            .with_fix(Fix::safe(
                format!("write {raw} without quotes"),
                vec![Edit::replace(node.span, raw)],
            )),
        );
    }

    /// PQ6013 for each member whose name is not in `known`.
    pub fn unknown_fields(&mut self, known: &[&str], body: &str) {
        for m in self.members {
            if known.iter().any(|k| k.eq_ignore_ascii_case(&m.key.text)) {
                continue;
            }
            let key = &m.key.text;
            let mut d = Diagnostic::new(
                Code::UnknownField,
                m.key.span,
                format!("a {body} body has no field `{key}`"),
            )
            .with_label("unknown field");
            if let Some(best) = crate::suggest::loosely_closest(key, known) {
                let best = self.spelled(best);
                let trim_only = crate::suggest::loose(key) == crate::suggest::loose(&best);
                let edit = Edit::replace(m.key.content_span(), best.clone());
                let msg = format!("rename it to `{best}`");
                d = d
                    .with_help(format!("did you mean `{best}`?"))
                    .with_fix(if trim_only {
                        Fix::safe(msg, vec![edit])
                    } else {
                        Fix::unsafe_(msg, vec![edit])
                    });
            } else if RESPONSE_FIELDS.iter().any(|r| r.eq_ignore_ascii_case(key)) {
                d = d.with_help(format!(
                    "`{key}` is a field of the service's answer; the service sets it, a request does not send it"
                ));
            } else {
                d = d.with_help(format!(
                    "the service ignores it; the fields are {}",
                    known.join(", ")
                ));
            }
            self.push(d);
        }
    }
}
