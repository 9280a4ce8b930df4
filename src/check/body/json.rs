//! A small JSON parser that keeps the byte span of every key and value
//! (serde_json has none), for diagnostics that point into a request body.
//!
//! Strict RFC 8259 JSON, with two allowances: a leading byte-order mark is
//! skipped, and duplicate keys are kept in order (a reader takes the last one,
//! as the service's model binding does). Nesting deeper than [`MAX_DEPTH`] is
//! an error, so hostile input cannot exhaust the stack. Never panics.

use crate::diagnostic::{Edit, Fix};
use crate::span::Span;

pub use super::jstr::JsonStr;

/// How deep arrays and objects may nest.
pub const MAX_DEPTH: usize = 64;

/// A JSON value with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where the value stands (strings: quotes included).
    pub span: Span,
}

/// A JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number, as written.
    Number(String),
    /// A string, decoded.
    String(JsonStr),
    /// An array.
    Array(Vec<Node>),
    /// An object's members, in order, duplicates included.
    Object(Vec<Member>),
}

/// One `"key": value` of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The key (its span includes the quotes).
    pub key: JsonStr,
    /// The value.
    pub value: Node,
}

impl Value {
    /// The JSON type in words, for messages: `a string`, `a number`, ….
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

/// Why a text is not JSON: where, what, and perhaps a fix.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonError {
    /// The offending place.
    pub span: Span,
    /// What is wrong.
    pub message: String,
    /// A short note at the place (may be empty).
    pub label: String,
    /// What to write instead.
    pub help: Option<String>,
    /// An edit that repairs it.
    pub fix: Option<Box<Fix>>,
}

/// Parse `text` as one JSON value.
pub fn parse(text: &str) -> Result<Node, JsonError> {
    let mut p = Parser {
        text,
        b: text.as_bytes(),
        pos: 0,
        depth: 0,
    };
    if text.starts_with('\u{feff}') {
        p.pos = 3;
    }
    p.ws();
    if p.pos == p.b.len() {
        return Err(p.err(
            Span::empty(p.pos),
            "the body is empty; expected a JSON object",
        ));
    }
    let node = p.value()?;
    p.ws();
    if p.pos < p.b.len() {
        let end = p.b.len();
        return Err(p
            .err(
                Span::new(p.pos, end),
                "text after the end of the JSON value",
            )
            .with_label("not part of the body")
            .with_help("a body is exactly one JSON object; remove what follows it"));
    }
    Ok(node)
}

pub(super) struct Parser<'a> {
    pub(super) text: &'a str,
    pub(super) b: &'a [u8],
    pub(super) pos: usize,
    depth: usize,
}

impl JsonError {
    pub(super) fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }
    fn fix(mut self, fix: Fix) -> Self {
        self.fix = Some(Box::new(fix));
        self
    }
}

impl Parser<'_> {
    pub(super) fn err(&self, span: Span, message: impl Into<String>) -> JsonError {
        JsonError {
            span,
            message: message.into(),
            label: String::new(),
            help: None,
            fix: None,
        }
    }

    /// The span of the character at `pos` (empty at the end).
    pub(super) fn char_span(&self, pos: usize) -> Span {
        let len = self
            .text
            .get(pos..)
            .and_then(|s| s.chars().next())
            .map_or(0, char::len_utf8);
        Span::new(pos, pos + len)
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.b.get(self.pos) {
            self.pos += 1;
        }
    }

    /// value = object / array / string / number / true / false / null
    fn value(&mut self) -> Result<Node, JsonError> {
        let start = self.pos;
        let value = match self.b.get(self.pos) {
            Some(b'{') => self.nested(Self::object)?,
            Some(b'[') => self.nested(Self::array)?,
            Some(b'"') => Value::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(b't') if self.b[self.pos..].starts_with(b"true") => {
                self.word(4, Value::Bool(true))
            }
            Some(b'f') if self.b[self.pos..].starts_with(b"false") => {
                self.word(5, Value::Bool(false))
            }
            Some(b'n') if self.b[self.pos..].starts_with(b"null") => self.word(4, Value::Null),
            _ => return Err(self.unexpected("a value")),
        };
        Ok(Node {
            value,
            span: Span::new(start, self.pos),
        })
    }

    fn word(&mut self, len: usize, v: Value) -> Value {
        self.pos += len;
        v
    }

    fn nested(&mut self, f: fn(&mut Self) -> Result<Value, JsonError>) -> Result<Value, JsonError> {
        if self.depth >= MAX_DEPTH {
            let at = self.char_span(self.pos);
            return Err(self
                .err(at, format!("JSON nested deeper than {MAX_DEPTH} levels"))
                .with_label("too deep"));
        }
        self.depth += 1;
        let v = f(self);
        self.depth -= 1;
        v
    }

    /// object = `{` [ member *( `,` member ) ] `}`; member = string `:` value
    fn object(&mut self) -> Result<Value, JsonError> {
        self.pos += 1;
        let mut members = Vec::new();
        self.ws();
        if self.b.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return Ok(Value::Object(members));
        }
        loop {
            if self.b.get(self.pos) != Some(&b'"') {
                return Err(self.unexpected("a field name in double quotes"));
            }
            let key = self.string()?;
            self.ws();
            if self.b.get(self.pos) != Some(&b':') {
                return Err(self.unexpected("`:` after the field name"));
            }
            self.pos += 1;
            self.ws();
            let value = self.value()?;
            members.push(Member { key, value });
            self.ws();
            if !self.separator(b'}', "`,` or `}` after the field")? {
                return Ok(Value::Object(members));
            }
        }
    }

    /// array = `[` [ value *( `,` value ) ] `]`
    fn array(&mut self) -> Result<Value, JsonError> {
        self.pos += 1;
        let mut items = Vec::new();
        self.ws();
        if self.b.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value()?);
            self.ws();
            if !self.separator(b']', "`,` or `]` after the item")? {
                return Ok(Value::Array(items));
            }
        }
    }

    /// After an item: `,` (returns true, positioned at the next item) or the
    /// closing bracket (returns false, consumed). A `,` before the closing
    /// bracket is the trailing comma that the API's own templates print.
    fn separator(&mut self, close: u8, expected: &str) -> Result<bool, JsonError> {
        match self.b.get(self.pos) {
            Some(&c) if c == close => {
                self.pos += 1;
                Ok(false)
            }
            Some(b',') => {
                let comma = Span::new(self.pos, self.pos + 1);
                self.pos += 1;
                self.ws();
                if self.b.get(self.pos) == Some(&close) {
                    return Err(self
                        .err(
                            comma,
                            "a trailing comma; JSON allows no comma before the closing bracket",
                        )
                        .with_label("trailing comma")
                        .fix(Fix::safe("remove the comma", vec![Edit::delete(comma)])));
                }
                Ok(true)
            }
            _ => Err(self.unexpected(expected)),
        }
    }

    /// An error at the current position, saying what was expected instead.
    fn unexpected(&self, expected: &str) -> JsonError {
        let at = self.char_span(self.pos);
        let found = match self.text.get(self.pos..).and_then(|s| s.chars().next()) {
            None => {
                return self
                    .err(at, format!("the JSON ends here; expected {expected}"))
                    .with_label("the text ends here");
            }
            Some(c) => c,
        };
        let e = self
            .err(at, format!("expected {expected}, found `{found}`"))
            .with_label(format!("expected {expected}"));
        match found {
            '\'' => e.with_help("JSON strings and field names take double quotes `\"`"),
            '/' | '#' => e.with_help("JSON has no comments"),
            'a'..='z' | 'A'..='Z' | '_' => {
                e.with_help("JSON strings and field names are written in double quotes")
            }
            _ => e,
        }
    }

    /// number = [ `-` ] int [ frac ] [ exp ]
    fn number(&mut self) -> Result<Value, JsonError> {
        let start = self.pos;
        self.pos += usize::from(self.b[self.pos] == b'-');
        let int_start = self.pos;
        let int_len = self.digits();
        if int_len == 0 {
            return Err(self.unexpected("a digit"));
        }
        if int_len > 1 && self.b[int_start] == b'0' {
            let at = Span::new(int_start, self.pos);
            return Err(self
                .err(at, "a JSON number cannot start with 0")
                .with_label("leading zero"));
        }
        if self.b.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.unexpected("a digit after the decimal point"));
            }
        }
        if let Some(b'e' | b'E') = self.b.get(self.pos) {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.b.get(self.pos) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.unexpected("a digit in the exponent"));
            }
        }
        Ok(Value::Number(self.text[start..self.pos].to_string()))
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while self.b.get(self.pos).is_some_and(u8::is_ascii_digit) {
            self.pos += 1;
        }
        self.pos - start
    }
}

/// `s` as the content of a JSON string (without the quotes).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
#[path = "json_tests.rs"]
mod tests;
