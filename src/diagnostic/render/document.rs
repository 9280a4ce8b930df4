//! JSON documents with one array written item by item, so that the output of
//! a large check is streamed instead of built whole in memory.
//!
//! A [`Document`] is the pretty-printed text of the document with its array
//! empty, split around the array; items are pretty-printed and indented to
//! their depth. The bytes written are exactly those `serde_json` pretty-prints
//! for the whole document.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::{Value, json};

/// A pretty-printed JSON document around one array.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    head: String,
    tail: String,
    /// Indentation of the array's closing bracket.
    indent: usize,
}

impl Document {
    /// `doc` pretty-printed, its array `key` (which must be empty) left open.
    ///
    /// # Panics
    /// When `doc` has no empty array under `key`: a fault in pcql, never in
    /// its input (the documents are pcql's own).
    pub fn around(doc: &Value, key: &str) -> Document {
        let text = serde_json::to_string_pretty(doc).unwrap_or_default();
        let needle = format!("\"{key}\": []");
        let at = text
            .find(&needle)
            .unwrap_or_else(|| panic!("no empty `{key}` array in the document"));
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let open = at + needle.len() - 1;
        Document {
            head: text[..open].to_string(),
            tail: text[open..].to_string(),
            indent: at - line_start,
        }
    }

    /// `{"diagnostics": [...]}`.
    pub fn json() -> Document {
        Document::around(&json!({ "diagnostics": [] }), "diagnostics")
    }

    /// `value` as one item of the array: pretty-printed and indented.
    pub fn item<T: Serialize>(&self, value: &T) -> String {
        let text = serde_json::to_string_pretty(value)
            .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
        let pad = " ".repeat(self.indent + 2);
        // Pretty JSON has no line break inside a string, so every line is a
        // line of the structure.
        let mut out = String::with_capacity(text.len() + 16 * pad.len());
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&pad);
            out.push_str(line);
        }
        out
    }

    /// The whole document with `items` (each from [`Document::item`]).
    pub fn to_string(&self, items: impl IntoIterator<Item = String>) -> String {
        // Writing into a Vec cannot fail.
        let Ok(mut w) = DocumentWriter::start(self.clone(), Vec::new()) else {
            return String::new();
        };
        for item in items {
            let _ = w.push(&item);
        }
        let bytes = w.finish().unwrap_or_default();
        String::from_utf8(bytes).unwrap_or_default()
    }
}

/// Writes a [`Document`] to `out` as its items come.
#[derive(Debug)]
pub struct DocumentWriter<W: Write> {
    doc: Document,
    out: W,
    items: usize,
}

impl<W: Write> DocumentWriter<W> {
    /// Write the head of `doc` to `out`.
    pub fn start(doc: Document, mut out: W) -> io::Result<Self> {
        out.write_all(doc.head.as_bytes())?;
        Ok(DocumentWriter { doc, out, items: 0 })
    }

    /// Write one item (from [`Document::item`]).
    pub fn push(&mut self, item: &str) -> io::Result<()> {
        let sep: &[u8] = if self.items == 0 { b"\n" } else { b",\n" };
        self.out.write_all(sep)?;
        self.out.write_all(item.as_bytes())?;
        self.items += 1;
        Ok(())
    }

    /// How many items were written.
    pub fn items(&self) -> usize {
        self.items
    }

    /// Close the array and the document; returns the writer.
    pub fn finish(mut self) -> io::Result<W> {
        if self.items > 0 {
            self.out.write_all(b"\n")?;
            self.out.write_all(" ".repeat(self.doc.indent).as_bytes())?;
        }
        self.out.write_all(self.doc.tail.as_bytes())?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The streamed text is byte for byte what serde_json prints for the whole.
    #[test]
    fn same_bytes_as_pretty_printing_the_whole() {
        let items = [
            json!({"code": "PQ1", "fixes": [], "n": {"a": [1, 2]}}),
            json!({"code": "PQ2", "text": "line\nbreak \"quoted\""}),
        ];
        for n in 0..=items.len() {
            let doc = Document::json();
            let got = doc.to_string(items[..n].iter().map(|i| doc.item(i)));
            let whole = json!({ "diagnostics": items[..n] });
            assert_eq!(
                got,
                serde_json::to_string_pretty(&whole).unwrap(),
                "{n} items"
            );
        }
        let nested = json!({"a": 1, "runs": [{"results": [], "z": {"k": 2}}]});
        let doc = Document::around(&nested, "results");
        let got = doc.to_string([doc.item(&items[0]), doc.item(&items[1])]);
        let mut whole = nested.clone();
        whole["runs"][0]["results"] = json!(items);
        assert_eq!(got, serde_json::to_string_pretty(&whole).unwrap());
    }
}
