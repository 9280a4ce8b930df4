//! The source miette reads snippets from: only the lines around each span.
//!
//! miette's own `SourceCode` for a string scans it from the start for every
//! snippet, which makes rendering a file's diagnostics quadratic in its size.
//! A [`Window`] finds the lines of a span with a line index, hands miette just
//! those lines, and reports their line numbers as they are in the file
//! (adding [`Origin::line`] when the text is a piece of a larger file).

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use super::Origin;
use crate::span::LineIndex;

/// A text with a name and a line index, read a few lines at a time.
pub(super) struct Window<'a> {
    name: &'a str,
    text: &'a str,
    index: LineIndex<'a>,
    origin: Origin,
    /// Characters of the file's line left out before the text's first line
    /// (an excerpt of a long line), added to columns on that line.
    first_column: usize,
}

impl<'a> Window<'a> {
    /// `text`, shown as `name`, which starts at `origin` in its file.
    pub(super) fn new(name: &'a str, text: &'a str, origin: Origin) -> Self {
        Window {
            name,
            text,
            index: LineIndex::new(text),
            origin,
            first_column: 0,
        }
    }

    /// An excerpt of one long line of a file: `text` stands for the line's
    /// characters from `first_column` (0-based) on, and the line is 0-based
    /// line `origin.line` of the file.
    pub(super) fn excerpt(
        name: &'a str,
        text: &'a str,
        origin: Origin,
        first_column: usize,
    ) -> Self {
        Window {
            first_column,
            ..Window::new(name, text, origin)
        }
    }
}

impl<'a> Window<'a> {
    /// The index of the text's lines.
    pub(super) fn index(&self) -> &LineIndex<'a> {
        &self.index
    }

    /// The 0-based column, in characters of the file's line, of byte `at`.
    fn column(&self, at: usize) -> usize {
        let (line, col) = self.index.line_col(at);
        let shift = if line == 1 { self.first_column } else { 0 };
        col - 1 + shift
    }
}

impl SourceCode for Window<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let (start, end) = (span.offset(), span.offset() + span.len());
        if end > self.text.len() {
            return Err(MietteError::OutOfBounds);
        }
        // One line more on each side than asked, so miette's own reading of
        // the window finds every context line it would find in the whole text.
        let first = self.index.line_of(start).saturating_sub(before + 1);
        let last = self.index.line_of(end) + after + 2;
        let from = self.index.line_start(first);
        let to = self.index.line_start(last);
        let inner_span = SourceSpan::new((start - from).into(), span.len());
        let inner = self.text[from..to].read_span(&inner_span, before, after)?;
        let contents = MietteSpanContents::new_named(
            self.name.to_string(),
            inner.data(),
            SourceSpan::new((inner.span().offset() + from).into(), inner.span().len()),
            inner.line() + first + self.origin.line,
            // Characters, not bytes (miette counts bytes), as in JSON output.
            self.column(start),
            // miette counts the lines from the start of its text, and
            // compares this with line numbers when it merges snippets.
            inner.line_count() + first + self.origin.line,
        );
        Ok(Box::new(contents))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The window gives what miette reads from the whole text.
    #[test]
    fn same_contents_as_the_whole_text() {
        let text = "SELECT a,\n  b\nFROM c\nWHERE d = 'é'\n\nORDER BY e\nLIMIT 1";
        let window = Window::new("q", text, Origin::default());
        for start in 0..=text.len() {
            for len in [0, 1, 5, 12] {
                if start + len > text.len()
                    || !text.is_char_boundary(start)
                    || !text.is_char_boundary(start + len)
                {
                    continue;
                }
                let span = SourceSpan::new(start.into(), len);
                for (before, after) in [(0, 0), (1, 1), (2, 3)] {
                    let whole = text.read_span(&span, before, after).unwrap();
                    let part = window.read_span(&span, before, after).unwrap();
                    let at = (start, len, before, after);
                    assert_eq!(whole.data(), part.data(), "{at:?}");
                    assert_eq!(whole.span(), part.span(), "{at:?}");
                    assert_eq!(whole.line(), part.line(), "{at:?}");
                    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
                    let chars = text[line_start..start].chars().count();
                    assert_eq!(part.column(), chars, "{at:?}");
                    assert_eq!(whole.line_count(), part.line_count(), "{at:?}");
                }
            }
        }
    }

    #[test]
    fn origin_moves_line_numbers_and_out_of_bounds_is_an_error() {
        let window = Window::new(
            "q",
            "a\nb",
            Origin {
                offset: 100,
                line: 41,
            },
        );
        let got = window
            .read_span(&SourceSpan::new(2.into(), 1), 0, 0)
            .unwrap();
        assert_eq!(got.line(), 42);
        assert_eq!(got.name(), Some("q"));
        assert!(
            window
                .read_span(&SourceSpan::new(2.into(), 5), 0, 0)
                .is_err()
        );
    }
}
