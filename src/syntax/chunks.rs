//! Reading a file of queries piece by piece, so that checking a file of any
//! size needs memory for one piece, not for the file.
//!
//! A [`Chunk`] is a run of whole lines that ends just after a line whose last
//! token is the `;` closing a statement. Every token of the language, every
//! comment and every string ends at the end of its line (see the lexer), so a
//! line start is always a token boundary; cutting after a `;` line therefore
//! splits the file exactly where [`parse_file`](super::parse_file) splits it,
//! and parsing the chunks one by one gives the statements and diagnostics of
//! the whole file, each span moved by the chunk's [`Chunk::offset`] (only a
//! [`Statement::leading`](super::Statement::leading) region, and the span of a
//! statement without tokens, start at the chunk start rather than just after
//! the previous `;`).
//!
//! What may follow the `;` on its line before a cut: whitespace, or a `--`
//! comment that is not a `-- pcql:` directive (a directive there belongs to
//! the next statement, so the chunk does not end on that line). A file with
//! no such line is read as one chunk.

use std::io::{self, Read};

use super::lexer::{self, Tok};

/// How much a chunk holds before it is cut, at the next possible place.
pub const CHUNK_BYTES: usize = 16 * 1024;

/// Lines of the file kept on each side of a chunk as [`Chunk::before`] and
/// [`Chunk::after`], for showing diagnostics with context.
pub const CONTEXT_LINES: usize = 2;

/// A piece of a query file: whole lines, ending after a statement's `;`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    /// The text.
    pub text: String,
    /// Byte offset of the text in the file.
    pub offset: usize,
    /// Number of lines of the file before the text (it starts on line `line + 1`).
    pub line: usize,
    /// Up to [`CONTEXT_LINES`] whole lines of the file just before the text.
    pub before: String,
    /// Up to [`CONTEXT_LINES`] lines of the file just after the text.
    pub after: String,
}

/// The chunks of a reader, in order; see the [module docs](self).
///
/// Text that is not UTF-8 ends the iteration with an
/// [`io::ErrorKind::InvalidData`] error naming the byte offset.
#[derive(Debug)]
pub struct Chunks<R> {
    reader: R,
    buf: Vec<u8>,
    offset: usize,
    line: usize,
    before: String,
    target: usize,
    eof: bool,
    done: bool,
}

impl<R: Read> Chunks<R> {
    /// Chunks of about [`CHUNK_BYTES`].
    pub fn new(reader: R) -> Self {
        Self::with_size(reader, CHUNK_BYTES)
    }

    /// Chunks of about `bytes` (at least one line each).
    pub fn with_size(reader: R, bytes: usize) -> Self {
        Chunks {
            reader,
            buf: Vec::new(),
            offset: 0,
            line: 0,
            before: String::new(),
            target: bytes.max(1),
            eof: false,
            done: false,
        }
    }

    /// Read until the buffer holds `target` bytes or the input ends (into
    /// the buffer's spare room, which is not zeroed first: a small file
    /// costs what it holds, not the size of a chunk).
    fn fill(&mut self, target: usize) -> io::Result<()> {
        if self.eof || self.buf.len() >= target {
            return Ok(());
        }
        let want = target - self.buf.len();
        self.buf.reserve(want.min(self.target));
        // `read_to_end` retries an interrupted read and keeps what it read
        // before an error; it stops short of `want` only at the end.
        let n = (&mut self.reader)
            .take(want as u64)
            .read_to_end(&mut self.buf)?;
        if n < want {
            self.eof = true;
        }
        Ok(())
    }

    /// The next chunk: where to cut the buffer, growing it while no cut is possible.
    fn next_chunk(&mut self) -> io::Result<Option<Chunk>> {
        let mut want = self.target;
        let cut = loop {
            self.fill(want)?;
            if self.eof {
                break self.buf.len();
            }
            match cut_point(&self.buf) {
                Some(cut) => break cut,
                None => want = self.buf.len().saturating_mul(2),
            }
        };
        if cut == 0 {
            return Ok(None);
        }
        let rest = self.buf.split_off(cut);
        let bytes = std::mem::replace(&mut self.buf, rest);
        let text = String::from_utf8(bytes).map_err(|e| {
            let at = self.offset + e.utf8_error().valid_up_to();
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("not UTF-8 text (invalid byte at offset {at})"),
            )
        })?;
        let after = context_after(&self.buf);
        let before = std::mem::replace(&mut self.before, last_lines(&text).to_string());
        let chunk = Chunk {
            offset: self.offset,
            line: self.line,
            text,
            before,
            after,
        };
        self.offset += chunk.text.len();
        self.line += memchr::memchr_iter(b'\n', chunk.text.as_bytes()).count();
        Ok(Some(chunk))
    }
}

impl<R: Read> Iterator for Chunks<R> {
    type Item = io::Result<Chunk>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let next = self.next_chunk().transpose();
        if !matches!(next, Some(Ok(_))) {
            self.done = true;
        }
        next
    }
}

/// The last [`CONTEXT_LINES`] lines of `text` (which ends with a line break).
fn last_lines(text: &str) -> &str {
    let mut start = text.len();
    for _ in 0..CONTEXT_LINES {
        match text.as_bytes()[..start.saturating_sub(1)]
            .iter()
            .rposition(|&b| b == b'\n')
        {
            Some(i) => start = i + 1,
            None => return text,
        }
    }
    &text[start..]
}

/// The first [`CONTEXT_LINES`] lines of `buf` as text (invalid UTF-8 as `�`).
fn context_after(buf: &[u8]) -> String {
    let mut end = 0;
    for _ in 0..CONTEXT_LINES {
        match buf[end..].iter().position(|&b| b == b'\n') {
            Some(i) => end += i + 1,
            None => {
                end = buf.len();
                break;
            }
        }
    }
    String::from_utf8_lossy(&buf[..end]).into_owned()
}

/// The last place in `buf` where a chunk may end: just after a line whose
/// last token is `;`, followed on that line by whitespace or a comment that
/// is not a directive, and followed in `buf` by [`CONTEXT_LINES`] whole lines.
fn cut_point(buf: &[u8]) -> Option<usize> {
    let mut end = buf.iter().rposition(|&b| b == b'\n')?;
    for _ in 0..CONTEXT_LINES {
        end = buf[..end].iter().rposition(|&b| b == b'\n')?;
    }
    loop {
        let start = buf[..end]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        if ends_statement(&buf[start..end]) {
            return Some(end + 1);
        }
        if start == 0 {
            return None;
        }
        end = start - 1;
    }
}

/// Whether `line` (without its `\n`) ends a statement and nothing else follows.
fn ends_statement(line: &[u8]) -> bool {
    // Cheap test first: a `;` somewhere, and no directive after it.
    let Some(semi) = line.iter().rposition(|&b| b == b';') else {
        return false;
    };
    let Ok(text) = std::str::from_utf8(line) else {
        return false;
    };
    let mut toks = Vec::new();
    let mut diags = Vec::new();
    lexer::lex(text, 0, text.len(), &mut toks, &mut diags);
    let Some(last) = toks.last().filter(|t| t.kind == Tok::Semi) else {
        return false;
    };
    if last.span.start > semi || diags.iter().any(|d| d.span.end > last.span.start) {
        return false;
    }
    let rest = text[last.span.end..].trim_start_matches([' ', '\t', '\r', '\x0b', '\x0c']);
    match rest.strip_prefix("--") {
        None => rest.is_empty(),
        Some(comment) => !comment
            .trim_start()
            .get(..5)
            .is_some_and(|p| p.eq_ignore_ascii_case("pcql:")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse_file;

    /// Chunks of `text` read `size` bytes at a time.
    fn chunks(text: &[u8], size: usize) -> Vec<Chunk> {
        Chunks::with_size(text, size)
            .collect::<io::Result<_>>()
            .unwrap()
    }

    /// Parsing chunk by chunk gives what parsing the whole file gives. (Only
    /// where a statement's leading text starts differs: at the chunk start
    /// rather than after the previous `;`, which matters to no diagnostic.)
    fn assert_same_as_whole(text: &str, size: usize) {
        let whole = parse_file(text);
        let mut pieces = Vec::new();
        let mut joined = String::new();
        for c in chunks(text.as_bytes(), size) {
            assert_eq!(c.offset, joined.len());
            assert_eq!(c.line, joined.matches('\n').count());
            assert!(c.offset == 0 || joined.ends_with('\n'), "cut mid-line");
            for st in parse_file(&c.text) {
                let shift = |s: crate::span::Span| s.shift(c.offset);
                let diags: Vec<_> = st
                    .diagnostics
                    .iter()
                    .map(|d| (d.code, shift(d.span)))
                    .collect();
                let codes: Vec<_> = st.directives.iter().map(|d| d.codes.clone()).collect();
                pieces.push((shift(st.span).end, diags, codes, st.query.to_string()));
            }
            joined.push_str(&c.text);
        }
        assert_eq!(joined, text);
        let expected: Vec<_> = whole
            .iter()
            .map(|st| {
                let diags: Vec<_> = st.diagnostics.iter().map(|d| (d.code, d.span)).collect();
                let codes: Vec<_> = st.directives.iter().map(|d| d.codes.clone()).collect();
                (st.span.end, diags, codes, st.query.to_string())
            })
            .collect();
        assert_eq!(pieces, expected, "size {size}");
    }

    const FILE: &str = "-- pcql: allow PQ4003\n\
        SELECT CustomerName FROM CustomersAndTenants;\n\
        SELECT a FROM b WHERE c = 'x;y'; -- a note\n\
        SELECT a FROM b WHERE c = 'open;\n\
        SELECT a, FROM b; -- pcql: allow PQ2003\n\
        SELECT CustomerNmae FROM CustomersAndTenants TIMESPAN LAST_MONTH;\r\n\
        SELECT ‘x’ FROM y; SELECT z FROM w;\n\
        \n\
        SELECT § FROM b;\n\
        SELECT last FROM b";

    #[test]
    fn chunked_parse_equals_whole_parse_at_every_size() {
        for size in 1..=FILE.len() + 1 {
            assert_same_as_whole(FILE, size);
        }
    }

    #[test]
    fn cuts_only_after_a_statement_line() {
        assert!(ends_statement(
            b"SELECT CustomerName FROM CustomersAndTenants;"
        ));
        assert!(ends_statement(
            b"SELECT a FROM b WHERE c = 'x;y'; -- a note\r"
        ));
        assert!(ends_statement(b"  ;  "));
        // A `;` inside a string is not a separator; an unterminated string
        // swallows the rest of its line.
        assert!(!ends_statement(b"SELECT a FROM b WHERE c = 'x;'"));
        assert!(!ends_statement(b"SELECT a FROM b WHERE c = 'open;"));
        // A directive after `;` belongs to the next statement.
        assert!(!ends_statement(b"SELECT a FROM b; -- PCQL: allow PQ2003"));
        // Text after the `;` starts the next statement.
        assert!(!ends_statement(b"SELECT a FROM b; SELECT"));
        assert!(!ends_statement(b"SELECT a FROM b; \xc2\xa7"));
        assert!(!ends_statement(b"-- only a comment;"));
        let text = b"SELECT a FROM b;\nSELECT c FROM d -- x;\nWHERE e = 1;\n-- tail";
        // A cut needs two whole lines after it, to show as context.
        assert_eq!(cut_point(text), Some(17));
        let more = [&text[..], b"\n\n"].concat();
        assert_eq!(cut_point(&more), Some(text.len() - "-- tail".len()));
        assert_eq!(cut_point(b"SELECT a FROM b;"), None, "a line needs its end");
    }

    #[test]
    fn multibyte_text_read_one_byte_at_a_time_stays_whole_with_context() {
        let text = "SELECT ‘é’ FROM b;\nSELECT ‘ü’ FROM c;\n-- ö\n\nSELECT d FROM e;\n";
        let got = chunks(text.as_bytes(), 1);
        let texts: Vec<&str> = got.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "SELECT ‘é’ FROM b;\nSELECT ‘ü’ FROM c;\n",
                "-- ö\n\nSELECT d FROM e;\n"
            ]
        );
        assert_eq!(
            (got[1].offset, got[1].line),
            (text.find("-- ö").unwrap(), 2)
        );
        // Two lines on each side, as far as the file goes.
        assert_eq!(
            (got[0].before.as_str(), got[0].after.as_str()),
            ("", "-- ö\n\n")
        );
        assert_eq!(got[1].before, "SELECT ‘é’ FROM b;\nSELECT ‘ü’ FROM c;\n");
        assert_eq!(got[1].after, "");
    }

    #[test]
    fn invalid_utf8_is_an_error_with_its_offset() {
        let text = b"SELECT a FROM b;\n\n\nSELECT \xff FROM c;\n";
        let mut it = Chunks::with_size(&text[..], 1);
        assert_eq!(it.next().unwrap().unwrap().text, "SELECT a FROM b;\n");
        let err = it.next().unwrap().unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        assert!(err.to_string().contains("offset 26"), "{err}");
        assert!(it.next().is_none());
    }

    /// A reader as a pipe or a network file system gives one: a few bytes
    /// per read, interrupted reads between them, and a failure at the end.
    struct Trickle<'a> {
        text: &'a [u8],
        calls: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.calls += 1;
            if self.calls.is_multiple_of(3) {
                return Err(io::Error::from(io::ErrorKind::Interrupted));
            }
            if self.text.is_empty() {
                return Err(io::Error::other("the disk went away"));
            }
            let n = buf.len().min(3).min(self.text.len());
            buf[..n].copy_from_slice(&self.text[..n]);
            self.text = &self.text[n..];
            Ok(n)
        }
    }

    #[test]
    fn short_and_interrupted_reads_give_the_same_chunks_and_a_failure_is_reported() {
        let text: String = (0..30)
            .map(|i| format!("SELECT a{i} FROM b;\n-- {i}\n"))
            .collect();
        let want = chunks(text.as_bytes(), 8);
        assert!(want.len() > 1);
        let mut got = Chunks::with_size(
            Trickle {
                text: text.as_bytes(),
                calls: 0,
            },
            8,
        );
        // Every chunk but the last needs more text after it; the reader
        // fails where the file would end, so the last one is the error.
        for w in &want[..want.len() - 1] {
            assert_eq!(&got.next().unwrap().unwrap(), w);
        }
        let err = got.next().unwrap().unwrap_err();
        assert_eq!(err.to_string(), "the disk went away");
        assert!(got.next().is_none());
    }

    #[test]
    fn empty_input_has_no_chunk() {
        assert!(chunks(b"", 8).is_empty());
    }

    #[test]
    fn a_file_without_cut_points_is_one_chunk() {
        let text = "SELECT a FROM b; SELECT c FROM d; SELECT e FROM f";
        let got = chunks(text.as_bytes(), 4);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].text, text);
    }

    proptest::proptest! {
        // Seeds live with the integration tests' in the one folder.
        #![proptest_config(proptest::prelude::ProptestConfig {
            failure_persistence: Some(Box::new(proptest::test_runner::FileFailurePersistence::Direct(
                "tests/proptest-regressions/syntax/chunks.txt",
            ))),
            ..proptest::prelude::ProptestConfig::with_cases(256)
        })]

        /// Any mix of statements, separators, comments, directives, strings
        /// and line breaks, read in any piece size, parses as the whole.
        #[test]
        fn any_text_in_any_piece_size_parses_as_the_whole(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "SELECT a FROM b", "SELECT CustomerNmae FROM CustomersAndTenants", ";", "; ",
                "\n", "\r\n", " -- note", " -- pcql: allow PQ4003", "-- pcql: allow PQ2003\n",
                "'x;", "'y'", "[c;", "WHERE", "d = 1", "§", "‘z’", ",", " ",
            ]), 0..40),
            size in 1usize..200,
        ) {
            assert_same_as_whole(&parts.concat(), size);
        }
    }
}
