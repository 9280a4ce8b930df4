//! Files of several queries separated by `;`, and `-- pcql:` directives.

use crate::ast::Query;
use crate::diagnostic::{Code, Diagnostic};
use crate::span::Span;

use super::lexer::{self, Tok};

/// One query of a file. Every span is a byte offset into the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// The tree; partial when the text had errors.
    pub query: Query,
    /// Every problem found in the statement (and in the comments before it).
    pub diagnostics: Vec<Diagnostic>,
    /// From the first token to the last, without the `;`.
    pub span: Span,
    /// The `-- pcql: allow …` comments that apply to the statement: those
    /// before it (and on their own line inside it), those at the end of a
    /// line of it (for that line), and the file's `allow-file` ones.
    pub directives: Vec<Directive>,
    /// Where the `;` that ends the statement stands, if there is one.
    pub semicolon: Option<Span>,
    /// The text before the statement, after the previous `;` (or the file start):
    /// whitespace and comments.
    pub leading: Span,
}

/// A `-- pcql: allow PQ5001, PQ4002` comment: the codes it allows, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// The codes named (unknown names are left out and reported as PQ9002).
    pub codes: Vec<Code>,
    /// The whole comment, from `--` to the end of the line.
    pub span: Span,
    /// Where the codes are allowed.
    pub scope: Scope,
    /// The line the comment stands on, from its start to its end (without the line break).
    pub line: Span,
}

/// Where a [`Directive`] allows its codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// `-- pcql: allow …` on a line of its own: the statement after it (or,
    /// inside a statement, that statement).
    Statement,
    /// `-- pcql: allow …` after code on the same line: the findings that
    /// start on that line.
    Line,
    /// `-- pcql: allow-file …` before the first statement: the whole file.
    File,
}

impl Directive {
    /// Whether the directive allows `code` for a finding that starts at byte `at`.
    pub fn allows(&self, code: Code, at: usize) -> bool {
        self.codes.contains(&code)
            && (self.scope != Scope::Line || (self.line.start <= at && at <= self.line.end))
    }
}

/// The codes of the `-- pcql: allow-file …` comments of a file, as
/// [`parse_file`] reads them: those before the first statement. `head` may
/// be any beginning of the file that holds its first token.
pub fn file_directives(head: &str) -> Vec<Code> {
    let mut toks = Vec::new();
    let end = head.len();
    lexer::lex(head, 0, end, &mut toks, &mut Vec::new());
    let first = toks.first().map_or(end, |t| t.span.start);
    let mut out = Vec::new();
    comment_directives(head, Span::new(0, first), true, &mut Vec::new(), &mut out);
    out.into_iter()
        .filter(|d| d.scope == Scope::File)
        .flat_map(|d| d.codes)
        .collect()
}

/// Parse a file of queries separated by `;` (a `;` inside a string is not a
/// separator). Empty statements (`;;`, a file ending in comments) are skipped.
pub fn parse_file(text: &str) -> Vec<Statement> {
    let mut toks = Vec::with_capacity(text.len() / 5 + 4);
    let mut lex_diags = Vec::new();
    lexer::lex(text, 0, text.len(), &mut toks, &mut lex_diags);
    let mut out = Vec::with_capacity(toks.iter().filter(|t| t.kind == Tok::Semi).count() + 1);
    // Directives that apply beyond their statement: same-line and file ones.
    let mut shared: Vec<Directive> = Vec::new();
    let mut region_start = 0;
    let mut first_tok = 0;
    let mut lex_iter = lex_diags.into_iter().peekable();
    for i in 0..=toks.len() {
        let semi = toks.get(i).filter(|t| t.kind == Tok::Semi).map(|t| t.span);
        if semi.is_none() && i < toks.len() {
            continue;
        }
        let region_end = semi.map_or(text.len(), |s| s.start);
        let group = &toks[first_tok..i];
        let mut diags = Vec::new();
        while let Some(d) = lex_iter.next_if(|d| d.span.start < region_end || semi.is_none()) {
            diags.push(d);
        }
        if !group.is_empty() || !diags.is_empty() {
            let start = group.first().map_or(region_start, |t| t.span.start);
            let end = group.last().map_or(region_end, |t| t.span.end);
            let leading = Span::new(region_start, start);
            let mut found = Vec::new();
            let file_head = out.is_empty();
            comment_directives(text, leading, file_head, &mut diags, &mut found);
            // Comments between the tokens, and after the last one: looked
            // for only when the statement's text has a `--` at all.
            if has_dashes(&text.as_bytes()[start.min(region_end)..region_end]) {
                let gaps = group
                    .windows(2)
                    .map(|w| Span::new(w[0].span.end, w[1].span.start))
                    .chain([Span::new(end, region_end)]);
                for gap in gaps {
                    if has_dashes(gap.slice(text).as_bytes()) {
                        comment_directives(text, gap, false, &mut diags, &mut found);
                    }
                }
            }
            let (mine, others): (Vec<_>, Vec<_>) =
                found.into_iter().partition(|d| d.scope == Scope::Statement);
            shared.extend(others);
            let mut query = super::parse_tokens(text, group, end, &mut diags);
            super::sort(&mut diags);
            query.repaired = crate::diagnostic::has_errors(&diags);
            out.push(Statement {
                query,
                diagnostics: diags,
                span: Span::new(start, end),
                directives: mine,
                semicolon: semi,
                leading,
            });
        }
        region_start = semi.map_or(text.len(), |s| s.end);
        first_tok = i + 1;
    }
    share(&mut out, shared);
    out
}

/// Whether `bytes` hold `--` (the start of a comment, or two minus signs
/// inside a string).
fn has_dashes(bytes: &[u8]) -> bool {
    find_dashes(bytes).is_some()
}

/// Where the first `--` of `bytes` starts.
fn find_dashes(bytes: &[u8]) -> Option<usize> {
    memchr::memchr_iter(b'-', bytes).find(|&i| bytes.get(i + 1) == Some(&b'-'))
}

/// Give every statement the file's `allow-file` directives and the same-line
/// directives of the lines it stands on (a line may hold two statements).
fn share(statements: &mut [Statement], shared: Vec<Directive>) {
    let (file, lines): (Vec<_>, Vec<_>) = shared.into_iter().partition(|d| d.scope == Scope::File);
    let mut from = 0;
    for st in statements.iter_mut() {
        let region = Span::new(
            st.leading.start,
            st.semicolon.map_or(st.span.end, |s| s.end),
        );
        while lines.get(from).is_some_and(|d| d.line.end < region.start) {
            from += 1;
        }
        let mut k = from;
        while let Some(d) = lines.get(k).filter(|d| d.line.start <= region.end) {
            st.directives.push(d.clone());
            k += 1;
        }
        st.directives.extend(file.iter().cloned());
    }
}

/// The `-- pcql: …` comments in `region` (whitespace and comments only),
/// added to `out`; `file_head` when the region is the file's start, where
/// `allow-file` may stand.
fn comment_directives(
    text: &str,
    region: Span,
    file_head: bool,
    diags: &mut Vec<Diagnostic>,
    out: &mut Vec<Directive>,
) {
    let src = region.slice(text);
    let mut from = 0;
    while let Some(i) = find_dashes(&src.as_bytes()[from..]) {
        let start = from + i;
        let end = src[start..].find('\n').map_or(src.len(), |e| start + e);
        from = end;
        let comment = &src[start + 2..end];
        let body = comment.trim_start();
        if !body
            .get(..5)
            .is_some_and(|p| p.eq_ignore_ascii_case("pcql:"))
        {
            continue;
        }
        let at = region.start + start;
        let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
        let line_end = region.start + end;
        let after_code = !text[line_start..at].trim().is_empty();
        let base = at + 2 + (comment.len() - body.len()) + 5;
        let span = Span::new(at, line_end);
        let place = Place {
            span,
            line: Span::new(line_start, line_end.min(text.len())),
            after_code,
            file_head,
        };
        if let Some(d) = directive(&body[5..], base, place, diags) {
            out.push(d);
        }
    }
}

/// Where a directive comment stands.
struct Place {
    span: Span,
    line: Span,
    after_code: bool,
    file_head: bool,
}

/// The part after `pcql:`; `base` is its offset in the file.
fn directive(
    rest: &str,
    base: usize,
    place: Place,
    diags: &mut Vec<Diagnostic>,
) -> Option<Directive> {
    let mut words = words(rest).map(|(s, w)| (Span::new(base + s, base + s + w.len()), w));
    let (verb_span, verb) = words.next()?;
    let scope = if verb.eq_ignore_ascii_case("allow") {
        match place.after_code {
            true => Scope::Line,
            false => Scope::Statement,
        }
    } else if verb.eq_ignore_ascii_case("allow-file") {
        if !place.file_head || place.after_code {
            diags.push(
                Diagnostic::new(
                    Code::UnknownSuppression,
                    verb_span,
                    "`allow-file` stands before the first query of the file",
                )
                .with_label("not at the top of the file")
                .with_help("move it to the file's first lines, or write `allow` for this query"),
            );
            return None;
        }
        Scope::File
    } else {
        diags.push(
            Diagnostic::new(
                Code::UnknownSuppression,
                verb_span,
                format!("unknown pcql directive `{verb}`"),
            )
            .with_label("expected `allow` or `allow-file`")
            .with_help("write `-- pcql: allow PQ5001, PQ4002`"),
        );
        return None;
    };
    let mut codes = Vec::new();
    for (s, w) in words {
        match Code::parse(w) {
            Some(c) => {
                if c.service_rejects() {
                    diags.push(unallowable(c, s));
                }
                codes.push(c)
            }
            None => {
                let near: Vec<String> = Code::closest(w)
                    .iter()
                    .map(|c| format!("`{c}` ({})", c.name()))
                    .collect();
                let help = if near.is_empty() {
                    "name codes as PQ1234 or by their name; `pcql explain --list` lists them"
                        .to_string()
                } else {
                    format!(
                        "did you mean {}? Name codes as PQ1234 or by their name; `pcql explain --list` lists them",
                        near.join(", ")
                    )
                };
                diags.push(
                    Diagnostic::new(
                        Code::UnknownSuppression,
                        s,
                        format!("`{w}` is not a pcql code"),
                    )
                    .with_label("unknown code")
                    .with_help(help),
                );
            }
        }
    }
    Some(Directive {
        codes,
        span: place.span,
        scope,
        line: place.line,
    })
}

/// PQ9003 at `span`: `code` is one the service rejects, so allowing it does
/// not make the query pass there.
pub fn unallowable(code: Code, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::UnallowableCode,
        span,
        format!(
            "{code} ({}) cannot be allowed: the service rejects every query that has it",
            code.name()
        ),
    )
    .with_label("allowed here")
    .with_help("fix the query instead; pcql hides the finding, but the service will still fail it")
}

/// Words separated by whitespace or commas, with their byte offsets.
fn words(s: &str) -> impl Iterator<Item = (usize, &str)> {
    let sep = |c: char| c.is_whitespace() || c == ',';
    let mut pos = 0;
    std::iter::from_fn(move || {
        let rest = &s[pos..];
        let start = pos + rest.find(|c: char| !sep(c))?;
        let len = s[start..].find(sep).unwrap_or(s.len() - start);
        pos = start + len;
        Some((start, &s[start..pos]))
    })
}
