//! The one converter from the library's byte offsets to what Python sees:
//! 1-based line and column in characters (as `pcql check --format json`
//! counts them) and indices into the Python `str` (code points).

/// Byte offsets of one text mapped to lines, columns and `str` indices.
pub struct Positions<'a> {
    text: &'a str,
    ascii: bool,
    /// Byte offset of each line start.
    line_bytes: Vec<usize>,
    /// `str` index of each line start (empty when the text is ASCII).
    line_chars: Vec<usize>,
}

/// Where a byte offset lies, for Python.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Index into the Python `str`.
    pub index: usize,
}

impl<'a> Positions<'a> {
    /// Index the line starts of `text`, one pass.
    pub fn new(text: &'a str) -> Self {
        let ascii = text.is_ascii();
        let mut line_bytes = vec![0];
        let mut line_chars = Vec::new();
        if ascii {
            line_bytes.extend(memchr_newlines(text));
        } else {
            line_chars.push(0);
            for (chars, (i, c)) in text.char_indices().enumerate() {
                if c == '\n' {
                    line_bytes.push(i + 1);
                    line_chars.push(chars + 1);
                }
            }
        }
        Positions {
            text,
            ascii,
            line_bytes,
            line_chars,
        }
    }

    /// Line, column and `str` index of byte `offset` (clamped to the text;
    /// an offset inside a character counts as that character's start).
    pub fn at(&self, offset: usize) -> Pos {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_bytes.partition_point(|&s| s <= offset) - 1;
        let start = self.line_bytes[line];
        let (index, column) = if self.ascii {
            (offset, offset - start + 1)
        } else {
            let before = self.text[start..offset].chars().count();
            (self.line_chars[line] + before, before + 1)
        };
        Pos {
            line: line + 1,
            column,
            index,
        }
    }

    /// The `str` index of byte `offset`.
    pub fn index(&self, offset: usize) -> usize {
        self.at(offset).index
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter(|&(_, b)| b == b'\n')
        .map(|(i, _)| i + 1)
}
