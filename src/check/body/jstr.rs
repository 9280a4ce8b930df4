//! JSON strings: decoding, and mapping offsets in the decoded text back to the
//! JSON source, so that a diagnostic about a query inside `"Query": "…"`
//! points at the right bytes even when the string holds escapes such as `\n`.

use super::json::{JsonError, Parser};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::span::Span;

/// A decoded JSON string and the way back to its source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonStr {
    /// The decoded text.
    pub text: String,
    /// The string in the source, quotes included.
    pub span: Span,
    /// Where each run of plain characters and each escape starts, decoded and
    /// in the source; empty when the string has no escape (a plain shift).
    segments: Vec<Segment>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    decoded: usize,
    source: usize,
    escape: bool,
}

impl JsonStr {
    /// The span of the content, without the quotes.
    pub fn content_span(&self) -> Span {
        Span::new(
            self.span.start + 1,
            self.span.end.saturating_sub(1).max(self.span.start + 1),
        )
    }

    /// The source offset of decoded offset `d` (the start of the character there).
    pub fn map_offset(&self, d: usize) -> usize {
        let content = self.content_span();
        if d >= self.text.len() {
            return content.end;
        }
        if self.segments.is_empty() {
            return content.start + d;
        }
        let i = self
            .segments
            .partition_point(|s| s.decoded <= d)
            .saturating_sub(1);
        let seg = self.segments[i];
        if seg.escape {
            seg.source
        } else {
            seg.source + (d - seg.decoded)
        }
    }

    /// The source offset just past the decoded character that ends at `d`.
    fn map_end(&self, d: usize) -> usize {
        let content = self.content_span();
        if d == 0 || self.segments.is_empty() {
            return (content.start + d).min(content.end);
        }
        let d = d.min(self.text.len());
        let i = self
            .segments
            .partition_point(|s| s.decoded < d)
            .saturating_sub(1);
        let seg = self.segments[i];
        if seg.escape {
            self.segments.get(i + 1).map_or(content.end, |n| n.source)
        } else {
            seg.source + (d - seg.decoded)
        }
    }

    /// A span of the decoded text as a span of the JSON source.
    pub fn map_span(&self, s: Span) -> Span {
        let start = self.map_offset(s.start);
        if s.is_empty() {
            return Span::empty(start);
        }
        Span::new(start, self.map_end(s.end).max(start))
    }

    /// Whether the string was written without any escape.
    #[cfg(test)]
    pub fn is_plain(&self) -> bool {
        self.segments.iter().all(|s| !s.escape)
    }

    /// A diagnostic about the decoded text moved into the JSON source: spans
    /// mapped, fix replacements escaped for a JSON string.
    pub fn map_diagnostic(&self, mut d: Diagnostic) -> Diagnostic {
        d.span = self.map_span(d.span);
        for l in &mut d.related {
            l.span = self.map_span(l.span);
        }
        for f in &mut d.fixes {
            let edits = f
                .edits
                .iter()
                .map(|e| Edit::replace(self.map_span(e.span), super::json::escape(&e.replacement)))
                .collect();
            *f = Fix { edits, ..f.clone() };
        }
        d
    }
}

impl Parser<'_> {
    /// string = `"` *( unescaped / `\` escape ) `"`
    pub(super) fn string(&mut self) -> Result<JsonStr, JsonError> {
        let start = self.pos;
        self.pos += 1;
        let mut text = String::new();
        let mut segments: Vec<Segment> = Vec::new();
        let mut run = self.pos;
        loop {
            let Some(&b) = self.b.get(self.pos) else {
                let at = Span::new(start, self.pos);
                return Err(self
                    .err(at, "a string without its closing `\"`")
                    .with_label("unterminated string"));
            };
            if (b == b'"' || b == b'\\' || b < 0x20) && run < self.pos {
                if segments.last().is_none_or(|s| s.escape) {
                    segments.push(Segment {
                        decoded: text.len(),
                        source: run,
                        escape: false,
                    });
                }
                text.push_str(&self.text[run..self.pos]);
                run = self.pos;
            }
            match b {
                b'"' => {
                    self.pos += 1;
                    if segments.iter().all(|s| !s.escape) {
                        segments.clear();
                    }
                    let span = Span::new(start, self.pos);
                    return Ok(JsonStr {
                        text,
                        span,
                        segments,
                    });
                }
                b'\\' => {
                    segments.push(Segment {
                        decoded: text.len(),
                        source: self.pos,
                        escape: true,
                    });
                    self.escape(&mut text)?;
                    run = self.pos;
                }
                b if b < 0x20 => return Err(self.control_char()),
                _ => self.pos += 1,
            }
        }
    }

    /// One escape after `\`, decoded into `text`.
    fn escape(&mut self, text: &mut String) -> Result<(), JsonError> {
        let at = self.pos;
        let c = match self.b.get(self.pos + 1) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let hi = self.hex4(at + 2)?;
                self.pos = at + 6;
                let lo_follows = self.b.get(self.pos..self.pos + 2) == Some(b"\\u");
                let c = if (0xD800..0xDC00).contains(&hi) && lo_follows {
                    let lo = self.hex4(self.pos + 2)?;
                    if (0xDC00..0xE000).contains(&lo) {
                        self.pos += 6;
                        char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                    } else {
                        None
                    }
                } else {
                    char::from_u32(hi)
                };
                text.push(c.unwrap_or('\u{fffd}'));
                return Ok(());
            }
            _ => {
                let span = self.char_span(at + 1);
                let esc = Span::new(at, span.end);
                return Err(self
                    .err(esc, format!("`{}` is not a JSON escape", esc.slice(self.text)))
                    .with_label("invalid escape")
                    .with_help("JSON escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX; write a backslash as \\\\"));
            }
        };
        text.push(c);
        self.pos = at + 2;
        Ok(())
    }

    fn hex4(&self, at: usize) -> Result<u32, JsonError> {
        let digits = self
            .b
            .get(at..at + 4)
            .filter(|h| h.iter().all(u8::is_ascii_hexdigit));
        match digits.and_then(|h| std::str::from_utf8(h).ok()) {
            Some(h) => Ok(u32::from_str_radix(h, 16).unwrap_or(0xfffd)),
            None => {
                let end = (at + 4).min(self.b.len());
                let end = (at..=end)
                    .rev()
                    .find(|&e| self.text.is_char_boundary(e))
                    .unwrap_or(at);
                Err(self
                    .err(
                        Span::new(at - 2, end),
                        "`\\u` needs four hexadecimal digits",
                    )
                    .with_label("invalid escape"))
            }
        }
    }

    /// A raw control character (usually a line break pasted into a query):
    /// the fix escapes every one up to the closing quote.
    fn control_char(&self) -> JsonError {
        let at = Span::new(self.pos, self.pos + 1);
        let name = match self.b[self.pos] {
            b'\n' => "a line break".to_string(),
            b'\r' => "a carriage return".to_string(),
            b'\t' => "a tab".to_string(),
            b => format!("the control character U+{b:04X}"),
        };
        let mut e = self
            .err(
                at,
                format!("{name} inside a string; JSON strings must escape it"),
            )
            .with_label("unescaped")
            .with_help("write line breaks inside a string as \\n");
        let mut edits = Vec::new();
        let mut i = self.pos;
        while let Some(&b) = self.b.get(i) {
            match b {
                b'"' => break,
                b'\\' => i += 1,
                b if b < 0x20 => edits.push(Edit::replace(
                    Span::new(i, i + 1),
                    super::json::escape(&char::from(b).to_string()),
                )),
                _ => {}
            }
            i += 1;
        }
        if self.b.get(i) == Some(&b'"') {
            e.fix = Some(Box::new(Fix::safe(
                "escape the control characters in this string",
                edits,
            )));
        }
        e
    }
}

impl JsonError {
    pub(super) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}
