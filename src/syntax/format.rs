//! `pcql fmt`: reprint a file of queries in canonical form.

use crate::diagnostic::has_errors;
use crate::span::Span;

use super::file::{Statement, parse_file};
use super::lexer;

/// Reprint a file of queries in canonical form; `None` when the text is
/// already formatted (nothing would change).
///
/// Exactly what it does:
/// - Every statement without an error and without a comment inside it is
///   printed as its canonical text (the query's `Display`: keywords upper
///   case, one line, `, ` between names, TIMESPAN upper case, names and
///   values as written). A statement with an error, or with a `--` comment
///   between its first and last token (or between its last token and its
///   `;`), is kept byte for byte (up to its `;`).
/// - Comments that stand between statements (before the first, between two,
///   after the last, between `;` of empty statements) are kept, each on its own line, trailing whitespace
///   removed, in their order; a comment on the line of a `;` moves to the
///   next line. Where the original had a blank line before a statement's
///   comments (or before the statement), one blank line is kept; other blank
///   lines and whitespace between statements are dropped.
/// - Statements are separated by `;` and a line break. The last statement
///   ends with `;` only if it had one. The output ends with a line break.
/// - A file with no statement and no comment formats to the empty string.
pub fn format_file(text: &str) -> Option<String> {
    let statements = parse_file(text);
    let mut out = String::with_capacity(text.len() + 16);
    let mut tail_start = 0;
    for (i, st) in statements.iter().enumerate() {
        // From the end of the previous statement, not `st.leading`: empty
        // statements (`;;`) are skipped, and their comments are kept too.
        let start = first_text(st);
        let between = text.get(tail_start..start).unwrap_or("");
        push_comments(&mut out, between, true);
        let as_is = keep_as_is(text, st);
        if as_is {
            out.push_str(as_written(text, st, start));
        } else {
            out.push_str(&st.query.to_string());
        }
        if i + 1 < statements.len() || st.semicolon.is_some() {
            // A comment or an unterminated string would swallow the `;`.
            if as_is && !semicolon_fits(&out) {
                out.push('\n');
            }
            out.push(';');
        }
        out.push('\n');
        tail_start = st.semicolon.map_or(st.span.end, |s| s.end);
    }
    push_comments(&mut out, text.get(tail_start..).unwrap_or(""), false);
    (out != text).then_some(out)
}

/// Whether a statement is printed as written: it has an error or a comment
/// inside (or between its last token and its `;`).
fn keep_as_is(text: &str, st: &Statement) -> bool {
    has_errors(&st.diagnostics)
        || has_inner_comment(text, st.span)
        || comment_before_semicolon(text, st).is_some()
}

/// Where the `;` of `st` starts, when a comment stands between its last token and it.
fn comment_before_semicolon(text: &str, st: &Statement) -> Option<usize> {
    let semi = st.semicolon?;
    let gap = text.get(st.span.end..semi.start)?;
    gap.contains("--").then_some(semi.start)
}

/// The statement as written, with a comment before its `;` if it has one,
/// without whitespace around it.
fn as_written<'a>(text: &'a str, st: &Statement, start: usize) -> &'a str {
    let end = comment_before_semicolon(text, st).unwrap_or(st.span.end);
    text.get(start..end).unwrap_or("").trim()
}

/// Where the text of a statement starts: its first token, or for a
/// statement of stray characters only, the first of them (its span covers
/// the whitespace and comments before them too).
fn first_text(st: &Statement) -> usize {
    if !st.query.span.is_empty() {
        return st.span.start;
    }
    st.diagnostics
        .iter()
        .map(|d| d.span.start)
        .filter(|&s| s >= st.span.start && s <= st.span.end)
        .min()
        .unwrap_or(st.span.start)
}

/// Whether a `;` written right after `out` would be read as a `;` token.
fn semicolon_fits(out: &str) -> bool {
    let line = format!("{};", &out[out.rfind('\n').map_or(0, |i| i + 1)..]);
    let mut toks = Vec::new();
    lexer::lex(&line, 0, line.len(), &mut toks, &mut Vec::new());
    toks.last()
        .is_some_and(|t| t.kind == lexer::Tok::Semi && t.span.end == line.len())
}

/// Whether a `--` comment stands between two tokens of `span`.
fn has_inner_comment(text: &str, span: Span) -> bool {
    if !span.slice(text).contains("--") {
        return false;
    }
    let mut toks = Vec::new();
    lexer::lex(text, span.start, span.end, &mut toks, &mut Vec::new());
    toks.windows(2).any(|w| {
        text.get(w[0].span.end..w[1].span.start)
            .is_some_and(|gap| gap.contains("--"))
    })
}

/// The comments of a region of whitespace and comments, one per line, with
/// one blank line where the region has one (not at the start of the output,
/// and at the end only when a statement follows).
fn push_comments(out: &mut String, region: &str, statement_follows: bool) {
    let mut blank = false;
    let lines = region.split('\n').count();
    for (i, line) in region.split('\n').enumerate() {
        match line.find("--") {
            Some(c) => {
                if blank && !out.is_empty() {
                    out.push('\n');
                }
                blank = false;
                out.push_str(line[c..].trim_end());
                out.push('\n');
            }
            None => blank |= i > 0 && i + 1 < lines && line.trim().is_empty(),
        }
    }
    if blank && statement_follows && !out.is_empty() {
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reprints_and_keeps_comments() {
        let text =
            "-- report\nselect a,b from c timespan last_month ;\n\n-- second\nSELECT x FROM y";
        assert_eq!(
            format_file(text).unwrap(),
            "-- report\nSELECT a, b FROM c TIMESPAN LAST_MONTH;\n\n-- second\nSELECT x FROM y\n"
        );
    }

    #[test]
    fn keeps_broken_and_commented_statements() {
        let text = "SELECT a FROM c WHERE x = 1 OR x = 2;\nSELECT a, -- the name\n b FROM c;\n";
        assert_eq!(format_file(text), None);
        assert_eq!(
            format_file("select a from b;select c from d").unwrap(),
            "SELECT a FROM b;\nSELECT c FROM d\n"
        );
    }

    #[test]
    fn formatted_text_is_a_fixed_point() {
        let text = "SELECT a FROM b;\n-- end\n";
        assert_eq!(format_file(text), None);
        assert_eq!(format_file(""), None);
    }
}
