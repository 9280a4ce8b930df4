//! Byte offsets ↔ LSP positions (line, UTF-16 code unit), and incremental edits.

use lsp_types::{Position, Range, TextDocumentContentChangeEvent};

use pcql::span::Span;

/// Where each line of a text starts. Lines end at `\n`; a `\r` before it
/// belongs to no column a client can address.
#[derive(Debug, Clone)]
pub struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    /// The line starts of `text`.
    pub fn new(text: &str) -> Lines {
        let mut starts = Vec::with_capacity(text.len() / 40 + 1);
        starts.push(0);
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Lines { starts }
    }

    /// The position of byte `offset` (clamped to the text, moved back to a
    /// character boundary).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let col: usize = text[start..offset].chars().map(char::len_utf16).sum();
        Position::new(line as u32, col as u32)
    }

    /// The byte offset of `pos`: a line past the end is the end of the
    /// text, a column past the end of its line is the end of the line
    /// (before `\r\n`), a column inside a surrogate pair is the character's start.
    pub fn offset(&self, text: &str, pos: Position) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else {
            return text.len();
        };
        let end = self
            .starts
            .get(pos.line as usize + 1)
            .map_or(text.len(), |&e| e - 1);
        let line = &text[start..end];
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut units = 0usize;
        for (i, c) in line.char_indices() {
            if units >= pos.character as usize {
                return start + i;
            }
            units += c.len_utf16();
            if units > pos.character as usize {
                return start + i;
            }
        }
        start + line.len()
    }

    /// The range of `span`.
    pub fn range(&self, text: &str, span: Span) -> Range {
        Range::new(
            self.position(text, span.start),
            self.position(text, span.end),
        )
    }

    /// The span of `range` (start and end in order).
    pub fn span(&self, text: &str, range: Range) -> Span {
        let a = self.offset(text, range.start);
        let b = self.offset(text, range.end);
        Span::new(a.min(b), a.max(b))
    }
}

/// Apply one change of `textDocument/didChange`: a range replaced, or the
/// whole text when it has no range.
pub fn apply_change(text: &mut String, change: TextDocumentContentChangeEvent) {
    match change.range {
        None => *text = change.text,
        Some(range) => {
            let span = Lines::new(text).span(text, range);
            text.replace_range(span.start..span.end, &change.text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns_and_crlf() {
        let text = "é𝄞x\r\nab";
        let l = Lines::new(text);
        // é is 1 unit, 𝄞 two.
        assert_eq!(l.position(text, 2), Position::new(0, 1));
        assert_eq!(l.position(text, 6), Position::new(0, 3));
        assert_eq!(l.position(text, 9), Position::new(1, 0));
        assert_eq!(l.offset(text, Position::new(0, 3)), 6);
        assert_eq!(l.offset(text, Position::new(0, 2)), 2);
        assert_eq!(l.offset(text, Position::new(0, 99)), 7);
        assert_eq!(l.offset(text, Position::new(1, 1)), 10);
        assert_eq!(l.offset(text, Position::new(9, 0)), text.len());
        for i in 0..=text.len() + 1 {
            let p = l.position(text, i);
            let o = l.offset(text, p);
            assert!(o <= i.min(text.len()));
        }
    }

    #[test]
    fn incremental_changes() {
        let mut t = String::from("SELECT é\r\nFROM x");
        let change = |sl, sc, el, ec, s: &str| TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(sl, sc), Position::new(el, ec))),
            range_length: None,
            text: s.into(),
        };
        apply_change(&mut t, change(0, 8, 0, 8, "t"));
        assert_eq!(t, "SELECT ét\r\nFROM x");
        apply_change(&mut t, change(1, 5, 1, 6, "Orders"));
        assert_eq!(t, "SELECT ét\r\nFROM Orders");
        apply_change(&mut t, change(0, 7, 1, 0, ""));
        assert_eq!(t, "SELECT FROM Orders");
    }
}
