//! `pcql fmt`: reprint a file of queries in canonical form.

use crate::ast::Query;
use crate::diagnostic::has_errors;
use crate::schema::Catalog;
use crate::span::Span;

use super::file::{Statement, parse_file};
use super::lexer::{self, Token};

/// The line width [`FormatOptions`] has unless told otherwise.
pub const DEFAULT_LINE_WIDTH: usize = 100;

/// How [`format_file_with`] lays queries out.
#[derive(Debug, Clone, Copy)]
pub struct FormatOptions<'a> {
    /// A query longer than this (in characters) is broken over lines.
    pub line_width: usize,
    /// With a catalog, names (dataset, columns, metrics, TIMESPAN range) are
    /// printed in its spelling when the dataset is known.
    pub catalog: Option<&'a Catalog>,
}

impl Default for FormatOptions<'_> {
    fn default() -> Self {
        FormatOptions {
            line_width: DEFAULT_LINE_WIDTH,
            catalog: None,
        }
    }
}

/// How much a clause's items are indented when the clause is broken.
const INDENT: &str = "    ";

/// Reprint a file of queries in canonical form with the default options;
/// `None` when the text is already formatted (nothing would change). See
/// [`format_file_with`].
pub fn format_file(text: &str) -> Option<String> {
    format_file_with(text, &FormatOptions::default())
}

/// Reprint a file of queries in canonical form; `None` when the text is
/// already formatted (nothing would change).
///
/// Exactly what it does:
/// - A statement that has an error (or any character outside its tokens
///   that is neither white space nor a comment, or a `-- pcql:` comment
///   inside it, or a comment inside a name, condition or key) is kept byte
///   for byte as written, from its first character to its `;`.
/// - Every other statement is printed as its canonical text: keywords upper
///   case, `, ` between names, TIMESPAN upper case, names and values as
///   written (in the catalog's spelling with [`FormatOptions::catalog`]).
///   A query whose one-line text fits in [`FormatOptions::line_width`] and
///   that has no comment (but one at the end of its last line) stays on
///   one line. Otherwise each clause starts a line (`SELECT`, `FROM`,
///   `WHERE`, `ORDER BY`, `LIMIT`, `TIMESPAN`); a clause that does not fit
///   or that holds a comment puts its keyword on a line of its own and each
///   item on a line indented by four spaces (`,` after each name or key,
///   `AND ` before each condition but the first).
/// - A comment inside a statement stays where it was: at the end of the line
///   of the token before it when it followed that token on its line,
///   otherwise on a line of its own before the line of the token after it.
/// - Comments between statements are kept, each on its own line, trailing
///   white space removed, in their order; a comment on the line of a `;`
///   stays on that line. Where the original had a blank line before a
///   statement's comments (or before the statement), one blank line is kept;
///   other blank lines and white space between statements are dropped.
/// - Statements are separated by `;` and a line break. The last statement
///   ends with `;` only if it had one. The output ends with a line break.
/// - A byte-order mark is kept, and line breaks are `\r\n` when the file's
///   first line break is.
/// - A file with no statement and no comment formats to the empty string
///   (or the byte-order mark).
pub fn format_file_with(text: &str, opts: &FormatOptions<'_>) -> Option<String> {
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    let nl = match body.find('\n') {
        Some(i) if body[..i].ends_with('\r') => "\r\n",
        _ => "\n",
    };
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str(bom);
    format_body(body, opts, nl, &mut out);
    (out != text).then_some(out)
}

fn format_body(text: &str, opts: &FormatOptions<'_>, nl: &str, out: &mut String) {
    let statements = parse_file(text);
    let head = out.len();
    let mut tail_start = 0;
    for (i, st) in statements.iter().enumerate() {
        // From the end of the previous statement, not `st.leading`: empty
        // statements (`;;`) are skipped, and their comments are kept too.
        let start = first_text(text, tail_start);
        let between = text.get(tail_start..start).unwrap_or("");
        push_comments(out, head, between, true, nl);
        let region_end = st.semicolon.map_or(text.len(), |s| s.start);
        let last = i + 1 == statements.len();
        let needs_semi = !last || st.semicolon.is_some();
        // Where the text after this statement starts.
        let mut after = st.semicolon.map_or(text.len(), |s| s.end);
        match canonical(text, st, start, opts) {
            Some(lines) => {
                let ends_in_comment = push_lines(out, &lines, nl);
                if needs_semi {
                    if ends_in_comment {
                        out.push_str(nl);
                    }
                    out.push(';');
                }
                if st.semicolon.is_none() {
                    // The comment on the line of the last token is printed.
                    let rest = &text[st.span.end..];
                    after = st.span.end + rest.find('\n').unwrap_or(rest.len());
                }
            }
            None => {
                // Byte for byte: up to the `;`, or to the end of the file
                // without the white space there.
                let end = match st.semicolon {
                    Some(_) => region_end,
                    // Never inside the statement's last token: an
                    // unterminated string runs to the end of its line,
                    // spaces included. (A statement of no token, only
                    // stray characters, spans its whole region.)
                    None => {
                        let trimmed = start
                            + text[start..]
                                .trim_end_matches([' ', '\t', '\r', '\n'])
                                .len();
                        match st.query.span.is_empty() {
                            true => trimmed,
                            false => trimmed.max(st.span.end),
                        }
                    }
                };
                out.push_str(text.get(start..end).unwrap_or(""));
                if st.semicolon.is_some() {
                    out.push(';');
                }
            }
        }
        tail_start = after;
        // A comment on the line of the `;` stays there.
        if st.semicolon.is_some() {
            let line = &text[tail_start..];
            let line = &line[..line.find('\n').unwrap_or(line.len())];
            let trimmed = line.trim_start_matches([' ', '\t']);
            if trimmed.starts_with("--") {
                out.push(' ');
                out.push_str(trimmed.trim_end());
                tail_start += line.len();
            }
        }
        out.push_str(nl);
    }
    push_comments(out, head, text.get(tail_start..).unwrap_or(""), false, nl);
}

/// Where the text after `from` starts: the first character that is not
/// ASCII white space, not in a `--` comment and not the `;` of an empty
/// statement.
fn first_text(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b'\t' | b'\r' | b'\n' | b';' => i += 1,
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                i = text[i..].find('\n').map_or(text.len(), |e| i + e);
            }
            _ => break,
        }
    }
    i
}

/// A line of the output: its text, where its first token stood, and the
/// comments that go before it and at its end.
#[derive(Debug, Clone)]
struct Line {
    text: String,
    first: usize,
    before: Vec<String>,
    after: Vec<String>,
}

impl Line {
    fn new(text: String, first: usize) -> Line {
        Line {
            text,
            first,
            before: Vec::new(),
            after: Vec::new(),
        }
    }
}

/// A comment inside a statement: where it starts, its text, and whether it
/// followed a token on the same line.
struct Comment {
    at: usize,
    text: String,
    trailing: bool,
}

/// The canonical lines of `st`, or `None` when it is kept as written.
fn canonical(
    text: &str,
    st: &Statement,
    start: usize,
    opts: &FormatOptions<'_>,
) -> Option<Vec<Line>> {
    if has_errors(&st.diagnostics) || st.query.span.is_empty() || start != st.span.start {
        return None;
    }
    let region_end = st.semicolon.map_or(text.len(), |s| s.start);
    let mut toks: Vec<Token> = Vec::new();
    lexer::lex(text, st.span.start, region_end, &mut toks, &mut Vec::new());
    let comments = comments(text, &toks, region_end, st.semicolon.is_none())?;
    let query = match opts.catalog {
        Some(c) => crate::check::canonicalize(&st.query, c),
        None => st.query.clone(),
    };
    let units = units(&query);
    // A comment inside a name, condition, key or two-word keyword: as written.
    for c in &comments {
        if units.iter().any(|u| u.start < c.at && c.at < u.end) {
            return None;
        }
        let after = toks.iter().find(|t| t.span.start > c.at);
        let before = toks.iter().rev().find(|t| t.span.end <= c.at);
        let word = |t: Option<&Token>, w: &str| {
            t.is_some_and(|t| t.span.slice(text).eq_ignore_ascii_case(w))
        };
        if word(before, "ORDER") || word(after, "DISTINCT") || word(after, "BY") {
            return None;
        }
    }
    let one_line = query.to_string();
    let only_last_trailing = comments
        .iter()
        .all(|c| c.trailing && toks.last().is_none_or(|t| t.span.end <= c.at));
    let mut lines = if only_last_trailing && one_line.chars().count() <= opts.line_width {
        vec![Line::new(one_line, st.span.start)]
    } else {
        broken(&query, opts.line_width, &comments)
    };
    // A `-- pcql: allow` for its line must keep the tokens of that line.
    let directive = |c: &Comment| {
        c.text[2..]
            .trim_start()
            .get(..5)
            .is_some_and(|p| p.eq_ignore_ascii_case("pcql:"))
    };
    let on_semicolon_line = st.semicolon.is_some_and(|semi| {
        let rest = &text[semi.end..];
        let line = rest[..rest.find('\n').unwrap_or(rest.len())].trim_start();
        line.starts_with("--")
            && line[2..]
                .trim_start()
                .get(..5)
                .is_some_and(|p| p.eq_ignore_ascii_case("pcql:"))
    });
    if lines.len() > 1 && (on_semicolon_line || comments.iter().any(directive)) {
        return None;
    }
    place(&mut lines, comments);
    Some(lines)
}

/// The comments inside a statement (between its tokens and, up to its `;`,
/// after the last; without a `;`, only one on the line of the last token).
fn comments(text: &str, toks: &[Token], region_end: usize, last: bool) -> Option<Vec<Comment>> {
    let mut out = Vec::new();
    let mut gaps: Vec<Span> = toks
        .windows(2)
        .map(|w| Span::new(w[0].span.end, w[1].span.start))
        .collect();
    if let Some(t) = toks.last() {
        let mut end = region_end;
        if last {
            end = text[t.span.end..]
                .find('\n')
                .map_or(text.len(), |e| t.span.end + e);
        }
        gaps.push(Span::new(t.span.end, end));
    }
    for gap in gaps {
        let src = gap.slice(text);
        let mut from = 0;
        loop {
            let rest = &src[from..];
            let skip = rest.len() - rest.trim_start_matches([' ', '\t', '\r', '\n']).len();
            from += skip;
            if from >= src.len() {
                break;
            }
            if !src[from..].starts_with("--") {
                // Something that is neither white space nor a comment.
                return None;
            }
            let end = src[from..].find('\n').map_or(src.len(), |e| from + e);
            let at = gap.start + from;
            let trailing = !src[..from].contains('\n');
            out.push(Comment {
                at,
                text: src[from..end].trim_end().to_string(),
                trailing,
            });
            from = end;
        }
    }
    Some(out)
}

/// The spans that a comment may not stand inside.
fn units(q: &Query) -> Vec<Span> {
    let mut out: Vec<Span> = q.select.iter().map(|i| i.span).collect();
    out.extend(q.clauses.from);
    out.extend(q.filters.iter().map(|c| c.span));
    out.extend(q.order_by.iter().map(|k| k.span));
    out.extend(q.clauses.limit);
    out.extend(q.clauses.timespan);
    out
}

/// The broken layout: each clause on its own lines.
fn broken(q: &Query, width: usize, comments: &[Comment]) -> Vec<Line> {
    let mut lines = Vec::new();
    let c = &q.clauses;
    // Where each clause starts, to find the comments inside it.
    let starts: Vec<usize> = [c.select, c.from, c.where_, c.order_by, c.limit, c.timespan]
        .iter()
        .flatten()
        .map(|s| s.start)
        .collect();
    let range_of = |start: usize| {
        let end = starts
            .iter()
            .copied()
            .find(|&s| s > start)
            .unwrap_or(usize::MAX);
        start..end
    };
    let has_comment = |start: usize| {
        let r = range_of(start);
        comments.iter().any(|c| r.contains(&c.at))
    };
    let head = if q.distinct {
        "SELECT DISTINCT"
    } else {
        "SELECT"
    };
    let select_at = c.select.map_or(q.span.start, |s| s.start);
    let items: Vec<(String, usize)> = q
        .select
        .iter()
        .map(|i| (i.name.to_string(), i.span.start))
        .collect();
    list(
        &mut lines,
        head,
        select_at,
        &items,
        ", ",
        width,
        has_comment(select_at),
    );
    if let Some(from) = &q.from {
        let at = c.from.map_or(from.span.start, |s| s.start);
        lines.push(Line::new(format!("FROM {from}"), at));
    }
    if !q.filters.is_empty() {
        let at = c.where_.map_or(q.filters[0].span.start, |s| s.start);
        let items: Vec<_> = q
            .filters
            .iter()
            .map(|f| (f.to_string(), f.span.start))
            .collect();
        list(
            &mut lines,
            "WHERE",
            at,
            &items,
            " AND ",
            width,
            has_comment(at),
        );
    }
    if !q.order_by.is_empty() {
        let at = c.order_by.map_or(q.order_by[0].span.start, |s| s.start);
        let items: Vec<_> = q
            .order_by
            .iter()
            .map(|k| (k.to_string(), k.span.start))
            .collect();
        list(
            &mut lines,
            "ORDER BY",
            at,
            &items,
            ", ",
            width,
            has_comment(at),
        );
    }
    if let Some(limit) = &q.limit {
        lines.push(Line::new(
            format!("LIMIT {}", limit.value.text),
            limit.span.start,
        ));
    }
    if let Some(ts) = &q.timespan {
        let name = ts.name.name.to_ascii_uppercase();
        lines.push(Line::new(format!("TIMESPAN {name}"), ts.span.start));
    }
    lines
}

/// A clause of items: on one line when it fits and holds no comment,
/// otherwise the keyword alone and one indented item per line.
fn list(
    lines: &mut Vec<Line>,
    head: &str,
    at: usize,
    items: &[(String, usize)],
    sep: &str,
    width: usize,
    break_it: bool,
) {
    let joined: Vec<&str> = items.iter().map(|(t, _)| t.as_str()).collect();
    let one = format!("{head} {}", joined.join(sep));
    if !break_it && one.chars().count() <= width {
        lines.push(Line::new(one, at));
        return;
    }
    lines.push(Line::new(head.to_string(), at));
    let n = items.len();
    for (i, (item, first)) in items.iter().enumerate() {
        let text = match sep {
            " AND " if i > 0 => format!("{INDENT}AND {item}"),
            " AND " => format!("{INDENT}{item}"),
            _ if i + 1 < n => format!("{INDENT}{item},"),
            _ => format!("{INDENT}{item}"),
        };
        lines.push(Line::new(text, *first));
    }
}

/// Put each comment at the end of the line of the token before it
/// (trailing) or before the line of the token after it.
fn place(lines: &mut [Line], comments: Vec<Comment>) {
    for c in comments {
        if c.trailing {
            let i = lines.iter().rposition(|l| l.first < c.at).unwrap_or(0);
            lines[i].after.push(c.text);
        } else {
            match lines.iter().position(|l| l.first > c.at) {
                Some(i) => lines[i].before.push(c.text),
                None => {
                    let last = lines.len() - 1;
                    lines[last].after.push(format!("\n{}", c.text));
                }
            }
        }
    }
}

/// Write the lines; whether the last one ends in a comment.
fn push_lines(out: &mut String, lines: &[Line], nl: &str) -> bool {
    let mut ends_in_comment = false;
    for (i, l) in lines.iter().enumerate() {
        let indent: String = l.text.chars().take_while(|&c| c == ' ').collect();
        if i > 0 {
            out.push_str(nl);
        }
        for b in &l.before {
            out.push_str(&indent);
            out.push_str(b);
            out.push_str(nl);
        }
        out.push_str(&l.text);
        ends_in_comment = false;
        for a in &l.after {
            match a.strip_prefix('\n') {
                // A comment on its own line after the last token.
                Some(own) => {
                    out.push_str(nl);
                    out.push_str(&indent);
                    out.push_str(own);
                }
                None => {
                    out.push(' ');
                    out.push_str(a);
                }
            }
            ends_in_comment = true;
        }
    }
    ends_in_comment
}

/// The comments of a region of whitespace and comments, one per line, with
/// one blank line where the region has one (not at the start of the output,
/// and at the end only when a statement follows). `head` is where the
/// output of this file starts (after a byte-order mark).
fn push_comments(out: &mut String, head: usize, region: &str, statement_follows: bool, nl: &str) {
    let mut blank = false;
    let lines = region.split('\n').count();
    for (i, line) in region.split('\n').enumerate() {
        match line.find("--") {
            Some(c) => {
                if blank && out.len() > head {
                    out.push_str(nl);
                }
                blank = false;
                out.push_str(line[c..].trim_end());
                out.push_str(nl);
            }
            None => blank |= i > 0 && i + 1 < lines && line.trim().is_empty(),
        }
    }
    if blank && statement_follows && out.len() > head {
        out.push_str(nl);
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
    fn comments_inside_stay_in_place() {
        let text = "SELECT a FROM c WHERE x = 1 AND y = 2;\nSELECT a, -- the name\n b FROM c;\n";
        assert_eq!(
            format_file(text).unwrap(),
            "SELECT a FROM c WHERE x = 1 AND y = 2;\nSELECT\n    a, -- the name\n    b\nFROM c;\n"
        );
        assert_eq!(
            format_file("select a from b;select c from d").unwrap(),
            "SELECT a FROM b;\nSELECT c FROM d\n"
        );
        let own = "SELECT a\nFROM b\nWHERE\n    -- why\n    x = 1;\n";
        assert_eq!(format_file(own), None);
        let end = "SELECT a FROM b -- note\n;\n";
        assert_eq!(format_file(end), None);
    }

    #[test]
    fn long_queries_break_by_clause_and_item() {
        let opts = FormatOptions {
            line_width: 30,
            catalog: None,
        };
        let text = "SELECT alpha, beta, gamma, delta FROM Things WHERE alpha = 1 AND beta = 'two' ORDER BY alpha DESC LIMIT 5 TIMESPAN last_month";
        let out = format_file_with(text, &opts).unwrap();
        assert_eq!(
            out,
            "SELECT\n    alpha,\n    beta,\n    gamma,\n    delta\nFROM Things\n\
             WHERE\n    alpha = 1\n    AND beta = 'two'\nORDER BY alpha DESC\nLIMIT 5\n\
             TIMESPAN LAST_MONTH\n"
        );
        assert_eq!(format_file_with(&out, &opts), None);
    }

    #[test]
    fn statements_with_errors_keep_every_byte() {
        for text in [
            "SELECT a FROM b WHERE c = 1 @@@ ;\n",
            "@@ SELECT a FROM b\n",
            "SELECT a FROM b\0;\n",
            "SELECT a\u{1} FROM b;\n",
            "SELECT a: FROM b;\n",
            // Found by fuzzing: an unterminated string at the end of the
            // file keeps its trailing spaces, which are part of it.
            "SUC,L0CL'CED ECT \n",
        ] {
            let out = format_file(text).unwrap_or_else(|| text.to_string());
            assert_eq!(out, text, "{text:?}");
        }
    }

    #[test]
    fn same_line_directives_keep_their_line() {
        // Broken over lines, the names would leave the directive's line.
        let text = "SELECT Alpha, Beta FROM Things WHERE Alpha = 1 TIMESPAN LAST_MONTH; -- pcql: allow PQ2003\n";
        let narrow = FormatOptions {
            line_width: 30,
            catalog: None,
        };
        assert_eq!(format_file_with(text, &narrow), None);
        let text = "select a, b from c -- pcql: allow PQ2003\n";
        assert_eq!(
            format_file(text).unwrap(),
            "SELECT a, b FROM c -- pcql: allow PQ2003\n"
        );
    }

    #[test]
    fn bom_and_crlf_are_kept() {
        let text = "\u{feff}select a from b;\r\nselect c from d;\r\n";
        let out = format_file(text).unwrap();
        assert_eq!(out, "\u{feff}SELECT a FROM b;\r\nSELECT c FROM d;\r\n");
        assert_eq!(format_file(&out), None);
    }

    #[test]
    fn formatted_text_is_a_fixed_point() {
        let text = "SELECT a FROM b;\n-- end\n";
        assert_eq!(format_file(text), None);
        assert_eq!(format_file(""), None);
    }
}
