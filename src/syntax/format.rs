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
///   between its first and last token, is kept byte for byte.
/// - Comments that stand between statements (before the first, between two,
///   after the last) are kept, each on its own line, trailing whitespace
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
        push_comments(&mut out, st.leading.slice(text), true);
        if keep_as_is(text, st) {
            out.push_str(st.span.slice(text));
        } else {
            out.push_str(&st.query.to_string());
        }
        if i + 1 < statements.len() || st.semicolon.is_some() {
            out.push(';');
        }
        out.push('\n');
        tail_start = st.semicolon.map_or(st.span.end, |s| s.end);
    }
    push_comments(&mut out, text.get(tail_start..).unwrap_or(""), false);
    (out != text).then_some(out)
}

/// Whether a statement is printed as written: it has an error or a comment inside.
fn keep_as_is(text: &str, st: &Statement) -> bool {
    has_errors(&st.diagnostics) || has_inner_comment(text, st.span)
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
