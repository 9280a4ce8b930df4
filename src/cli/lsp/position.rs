//! Byte offsets ↔ LSP positions (line, UTF-16 code unit), and incremental edits.

use lsp_types::{Position, Range, TextDocumentContentChangeEvent};

use pcql::span::{LineIndex, Span};

/// A text's positions for the protocol: lines and UTF-16 columns, both ways,
/// through the library's one line index ([`LineIndex`]), which also gives
/// the CLI and the Python package their positions.
#[derive(Debug, Clone)]
pub struct Lines<'a> {
    index: LineIndex<'a>,
}

/// A count as the protocol's `u32` (a text of more than 4 GiB saturates).
fn u32_of(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl<'a> Lines<'a> {
    /// The lines of `text`.
    pub fn new(text: &'a str) -> Lines<'a> {
        Lines {
            index: LineIndex::new(text),
        }
    }

    /// The position of byte `offset` (clamped to the text, moved back to a
    /// character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let (line, column) = self.index.utf16_col(offset);
        Position::new(u32_of(line), u32_of(column))
    }

    /// The byte offset of `pos`: a line past the end is the end of the
    /// text, a column past the end of its line is the end of the line
    /// (before `\r\n`), a column inside a surrogate pair is the character's start.
    pub fn offset(&self, pos: Position) -> usize {
        self.index
            .utf16_offset(pos.line as usize, pos.character as usize)
    }

    /// The range of `span`.
    pub fn range(&self, span: Span) -> Range {
        Range::new(self.position(span.start), self.position(span.end))
    }

    /// The span of `range` (start and end in order).
    pub fn span(&self, range: Range) -> Span {
        let a = self.offset(range.start);
        let b = self.offset(range.end);
        Span::new(a.min(b), a.max(b))
    }
}

/// Apply one change of `textDocument/didChange`: a range replaced, or the
/// whole text when it has no range.
pub fn apply_change(text: &mut String, change: TextDocumentContentChangeEvent) {
    match change.range {
        None => *text = change.text,
        Some(range) => {
            let span = Lines::new(text).span(range);
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
        assert_eq!(l.position(2), Position::new(0, 1));
        assert_eq!(l.position(6), Position::new(0, 3));
        assert_eq!(l.position(9), Position::new(1, 0));
        assert_eq!(l.offset(Position::new(0, 3)), 6);
        assert_eq!(l.offset(Position::new(0, 2)), 2);
        assert_eq!(l.offset(Position::new(0, 99)), 7);
        assert_eq!(l.offset(Position::new(1, 1)), 10);
        assert_eq!(l.offset(Position::new(9, 0)), text.len());
        for i in 0..=text.len() + 1 {
            let p = l.position(i);
            let o = l.offset(p);
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
