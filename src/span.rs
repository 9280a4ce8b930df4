//! Byte-offset spans and a line/column index.

use serde::{Deserialize, Serialize};

/// A half-open byte range `start..end` into the text a node or diagnostic came from.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// The span `start..end`.
    #[inline]
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// An empty span at `offset` (a place to insert text, or the end of input).
    #[inline]
    pub const fn empty(offset: usize) -> Self {
        Span {
            start: offset,
            end: offset,
        }
    }

    /// Length in bytes.
    #[inline]
    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no byte.
    #[inline]
    pub const fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both.
    #[inline]
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// This span moved right by `offset` bytes.
    #[inline]
    pub const fn shift(self, offset: usize) -> Span {
        Span {
            start: self.start + offset,
            end: self.end + offset,
        }
    }

    /// The text this span covers in `source`, or `""` if it lies outside.
    pub fn slice<'a>(&self, source: &'a str) -> &'a str {
        source.get(self.start..self.end).unwrap_or("")
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(s: Span) -> Self {
        miette::SourceSpan::new(s.start.into(), s.len())
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(r: std::ops::Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

/// A place in a text in every unit a front end needs: the byte offset (the
/// unit inside pcql), the line and column in characters (people, JSON,
/// SARIF, GitHub), and the column in UTF-16 code units (editors speaking
/// the language server protocol). All numbers but the offset count from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize)]
pub struct Position {
    /// Byte offset into the text.
    pub offset: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters (Unicode scalar values).
    pub column: usize,
    /// 1-based column, in UTF-16 code units.
    pub utf16_column: usize,
}

/// Maps byte offsets of one text to 1-based line and column numbers.
///
/// Columns count Unicode scalar values, as editors and GitHub annotations do;
/// [`LineIndex::utf16_col`] counts UTF-16 code units, as the language server
/// protocol does. Every lookup costs O(log n) (a binary search for the line,
/// then at most [`LineIndex::BLOCK`] bytes counted from a checkpoint), so
/// positions for any number of diagnostics on one huge line stay linear.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    /// For a text that is not ASCII: characters and UTF-16 units in
    /// `text[..k * BLOCK]`, for each `k`.
    checkpoints: Vec<(usize, usize)>,
}

/// Whether `b` starts a character (is not a UTF-8 continuation byte).
#[inline]
fn starts_char(b: u8) -> bool {
    (b & 0xC0) != 0x80
}

impl<'a> LineIndex<'a> {
    /// Bytes between two checkpoints of a non-ASCII text.
    pub const BLOCK: usize = 256;

    /// Index the line starts of `text`.
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let mut checkpoints = Vec::new();
        if !text.is_ascii() {
            let (mut chars, mut units) = (0, 0);
            checkpoints.reserve(text.len() / Self::BLOCK + 1);
            for block in text.as_bytes().chunks(Self::BLOCK) {
                checkpoints.push((chars, units));
                let (c, u) = Self::count(block);
                chars += c;
                units += u;
            }
            checkpoints.push((chars, units));
        }
        LineIndex {
            text,
            line_starts,
            checkpoints,
        }
    }

    /// Characters and UTF-16 units that start in `bytes`.
    fn count(bytes: &[u8]) -> (usize, usize) {
        bytes.iter().fold((0, 0), |(c, u), &b| {
            let starts = usize::from(starts_char(b));
            // A 4-byte character is two UTF-16 units.
            (c + starts, u + starts + usize::from(b >= 0xF0))
        })
    }

    /// Characters and UTF-16 units in `text[..offset]` (`offset` a char boundary).
    fn before(&self, offset: usize) -> (usize, usize) {
        if self.checkpoints.is_empty() {
            return (offset, offset);
        }
        let k = offset / Self::BLOCK;
        let (c, u) = self.checkpoints[k];
        let (dc, du) = Self::count(&self.text.as_bytes()[k * Self::BLOCK..offset]);
        (c + dc, u + du)
    }

    /// `offset` clamped to the text and moved back to a character boundary.
    fn boundary(&self, offset: usize) -> usize {
        let mut end = offset.min(self.text.len());
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        end
    }

    /// 0-based index of the line holding byte `offset` (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        self.line_starts.partition_point(|&s| s <= offset) - 1
    }

    /// Byte offset where 0-based line `line` starts (the text's end past the last line).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len())
    }

    /// 1-based `(line, column)` of byte `offset` (clamped to the text; inside
    /// a character, the character's own column). Columns count characters.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let end = self.boundary(offset);
        let line = self.line_of(end);
        let col = self.before(end).0 - self.before(self.line_starts[line]).0 + 1;
        (line + 1, col)
    }

    /// The [`Position`] of byte `offset` (clamped like [`LineIndex::line_col`];
    /// inside a character, that character's start).
    pub fn position(&self, offset: usize) -> Position {
        let (line, column) = self.line_col(offset);
        let (_, utf16) = self.utf16_col(offset);
        Position {
            offset: self.boundary(offset),
            line,
            column,
            utf16_column: utf16 + 1,
        }
    }

    /// How many lines the text has (a text ending in `\n` has an empty last line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The byte offset of 0-based `line` and UTF-16 column `units`, as the
    /// language server protocol gives positions: the inverse of
    /// [`LineIndex::utf16_col`]. A line past the end is the end of the text;
    /// a column past the end of its line is the line's end (before its `\r\n`
    /// or `\n`); a column inside a surrogate pair is the character's start.
    pub fn utf16_offset(&self, line: usize, units: usize) -> usize {
        let Some(&start) = self.line_starts.get(line) else {
            return self.text.len();
        };
        let end = self
            .line_starts
            .get(line + 1)
            .map_or(self.text.len(), |&next| next - 1);
        let text = &self.text[start..end];
        let text = text.strip_suffix('\r').unwrap_or(text);
        if self.checkpoints.is_empty() {
            // ASCII: one unit per byte.
            return start + units.min(text.len());
        }
        let mut seen = 0;
        for (i, c) in text.char_indices() {
            if seen >= units {
                return start + i;
            }
            seen += c.len_utf16();
            if seen > units {
                return start + i;
            }
        }
        start + text.len()
    }

    /// 0-based `(line, character)` of byte `offset` in UTF-16 code units, as
    /// the language server protocol counts (clamped like [`LineIndex::line_col`]).
    pub fn utf16_col(&self, offset: usize) -> (usize, usize) {
        let end = self.boundary(offset);
        let line = self.line_of(end);
        let col = self.before(end).1 - self.before(self.line_starts[line]).1;
        (line, col)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the language server computed before it used the index: a scan
    /// of the line, character by character.
    fn utf16_offset_by_scan(text: &str, line: usize, units: usize) -> usize {
        let starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let Some(&start) = starts.get(line) else {
            return text.len();
        };
        let end = starts.get(line + 1).map_or(text.len(), |&e| e - 1);
        let l = &text[start..end];
        let l = l.strip_suffix('\r').unwrap_or(l);
        let mut seen = 0;
        for (i, c) in l.char_indices() {
            if seen >= units || seen + c.len_utf16() > units {
                return start + i;
            }
            seen += c.len_utf16();
        }
        start + l.len()
    }

    #[test]
    fn utf16_positions_go_both_ways_as_the_protocol_counts() {
        let long = "é".repeat(300) + "𝄞x";
        for text in [
            "SELECT a\r\nFROM b\n",
            "é𝄞x\r\nab",
            "ascii only\nand more\r\n",
            long.as_str(),
            "",
            "\n\n",
        ] {
            let idx = LineIndex::new(text);
            for line in 0..idx.line_count() + 2 {
                for units in 0..text.len() + 3 {
                    assert_eq!(
                        idx.utf16_offset(line, units),
                        utf16_offset_by_scan(text, line, units),
                        "{text:?} line {line} units {units}"
                    );
                }
            }
            // Every character boundary comes back to itself.
            for (at, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let (line, units) = idx.utf16_col(at);
                let back = idx.utf16_offset(line, units);
                let line_end = text[at..].starts_with("\r\n") || text[at..].starts_with('\n');
                assert!(back == at || line_end, "{text:?} at {at}: back {back}");
            }
        }
    }

    #[test]
    fn positions_count_bytes_characters_and_utf16_units() {
        // `😀` is 4 bytes, 1 character, 2 UTF-16 units; `é` is 2, 1, 1.
        let text = "a\r\né😀x";
        let idx = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(
            idx.position(x),
            Position {
                offset: 9,
                line: 2,
                column: 3,
                utf16_column: 4
            }
        );
        // Inside the emoji: its start.
        assert_eq!(idx.position(6).offset, 5);
        assert_eq!(idx.position(0).utf16_column, 1);
    }

    #[test]
    fn line_col_counts_from_one_and_chars() {
        let idx = LineIndex::new("ab\nc’d\n");
        assert_eq!(idx.line_col(0), (1, 1));
        assert_eq!(idx.line_col(2), (1, 3));
        assert_eq!(idx.line_col(3), (2, 1));
        // 'd' comes after a 3-byte curly quote: byte 7, column 3.
        assert_eq!(idx.line_col(7), (2, 3));
        assert_eq!(idx.line_col(999), (3, 1));
        assert_eq!(
            (idx.line_of(2), idx.line_of(3), idx.line_of(999)),
            (0, 1, 2)
        );
        assert_eq!(
            (idx.line_start(1), idx.line_start(2), idx.line_start(9)),
            (3, 9, 9)
        );
    }

    #[test]
    fn columns_on_long_non_ascii_lines_match_counting() {
        // Lines longer than a block, characters of 1 to 4 bytes, offsets
        // inside characters: every lookup agrees with counting from the line start.
        let line = "ab’日本😀x".repeat(40);
        let text = format!("{line}\n{line}\r\nend");
        let idx = LineIndex::new(&text);
        for offset in 0..=text.len() + 2 {
            let mut end = offset.min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            let start = text[..end].rfind('\n').map_or(0, |i| i + 1);
            let part = &text[start..end];
            let line_no = text[..end].matches('\n').count();
            assert_eq!(
                idx.line_col(offset),
                (line_no + 1, part.chars().count() + 1),
                "{offset}"
            );
            assert_eq!(
                idx.utf16_col(offset),
                (line_no, part.encode_utf16().count()),
                "{offset}"
            );
        }
        let ascii = LineIndex::new("abc\ndef");
        assert_eq!((ascii.line_col(5), ascii.utf16_col(5)), ((2, 2), (1, 1)));
    }

    #[test]
    fn span_helpers() {
        let s = Span::new(2, 5);
        assert_eq!(s.len(), 3);
        assert_eq!(s.to(Span::new(7, 9)), Span::new(2, 9));
        assert_eq!(s.shift(10), Span::new(12, 15));
        assert_eq!(s.slice("0123456"), "234");
        assert_eq!(Span::new(5, 99).slice("abc"), "");
    }
}
