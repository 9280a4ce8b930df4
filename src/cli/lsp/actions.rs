//! Code actions (quick fixes, fix all, allow a code for a query) and formatting.

use std::collections::HashMap;

use lsp_types as lsp;

use super::convert::{self, Doc};
use pcql::check::{Checker, FixMode, SourceKind};
use pcql::diagnostic::{Diagnostic, Fix};
use pcql::ide::regions;
use pcql::span::Span;

/// The diagnostics of the statements that `span` touches (the whole text
/// for a request body), from the checker: checking a few statements is
/// cheaper than waiting for the diagnostics thread.
pub fn diagnostics_near(checker: &Checker<'_>, text: &str, span: Span) -> Vec<Diagnostic> {
    if SourceKind::detect(text) == SourceKind::Body {
        return checker.check_as(SourceKind::Body, text);
    }
    let mut out = Vec::new();
    for r in regions(text) {
        if r.end < span.start || r.start > span.end {
            continue;
        }
        let piece = r.slice(text);
        out.extend(
            checker
                .check_as(SourceKind::Queries, piece)
                .into_iter()
                .map(|d| d.shifted(r.start)),
        );
    }
    out
}

fn touches(d: &Diagnostic, span: Span) -> bool {
    d.span.start <= span.end && span.start <= d.span.end
}

fn edit(uri: &lsp::Uri, edits: Vec<lsp::TextEdit>) -> lsp::WorkspaceEdit {
    lsp::WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..Default::default()
    }
}

fn fix_action(
    doc: &Doc<'_>,
    uri: &lsp::Uri,
    lsp_diag: &lsp::Diagnostic,
    fix: &Fix,
) -> lsp::CodeAction {
    let title = if fix.is_safe() {
        fix.message.clone()
    } else {
        format!("{} (unsafe: check the meaning)", fix.message)
    };
    let edits = fix
        .edits
        .iter()
        .map(|e| lsp::TextEdit::new(doc.range(e.span), e.replacement.clone()))
        .collect();
    lsp::CodeAction {
        title,
        kind: Some(lsp::CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![lsp_diag.clone()]),
        edit: Some(edit(uri, edits)),
        is_preferred: Some(fix.is_safe()),
        ..Default::default()
    }
}

/// The code actions for `span`: each fix of each diagnostic there (safe
/// ones preferred, unsafe ones labelled), "allow CODE for this query", and
/// "fix all safe problems in this file".
pub fn code_actions(
    checker: &Checker<'_>,
    doc: &Doc<'_>,
    uri: &lsp::Uri,
    docs_base: &str,
    span: Span,
    only: Option<&[lsp::CodeActionKind]>,
) -> Vec<lsp::CodeAction> {
    let wants = |k: &lsp::CodeActionKind| {
        only.is_none_or(|o| o.iter().any(|w| k.as_str().starts_with(w.as_str())))
    };
    let mut out = Vec::new();
    let text = doc.text;
    let near = diagnostics_near(checker, text, span);
    let body = SourceKind::detect(text) == SourceKind::Body;
    let mut allowed = Vec::new();
    for d in near.iter().filter(|d| touches(d, span)) {
        let ld = convert::diagnostic(doc, uri, docs_base, d);
        if wants(&lsp::CodeActionKind::QUICKFIX) {
            out.extend(d.fixes.iter().map(|f| fix_action(doc, uri, &ld, f)));
        }
        if !body && wants(&lsp::CodeActionKind::QUICKFIX) && !allowed.contains(&d.code) {
            allowed.push(d.code);
            if let Some(a) = allow_action(doc, uri, &ld, d) {
                out.push(a);
            }
        }
    }
    // Fixing the whole file costs a check of it: offer it where a safe fix
    // stands, or when the client asks for `source.fixAll` itself.
    let asked = only.is_some_and(|o| o.iter().any(|k| k.as_str().starts_with("source")));
    let safe_here = near
        .iter()
        .any(|d| touches(d, span) && d.fixes.iter().any(Fix::is_safe));
    let any_safe = || asked || safe_here;
    let kinds = [
        lsp::CodeActionKind::SOURCE_FIX_ALL,
        lsp::CodeActionKind::QUICKFIX,
    ];
    if let Some(kind) = kinds.into_iter().find(|k| wants(k))
        && any_safe()
    {
        let fixed = checker.fix(text, FixMode::Safe);
        if !fixed.applied.is_empty() && fixed.text != text {
            let whole = doc.range(Span::new(0, text.len()));
            out.push(lsp::CodeAction {
                title: format!(
                    "Fix all safe problems in this file ({})",
                    fixed.applied.len()
                ),
                kind: Some(kind),
                edit: Some(edit(uri, vec![lsp::TextEdit::new(whole, fixed.text)])),
                ..Default::default()
            });
        }
    }
    out
}

/// "Allow CODE for this query": a `-- pcql: allow CODE` line before the
/// statement that holds the diagnostic.
fn allow_action(
    doc: &Doc<'_>,
    uri: &lsp::Uri,
    ld: &lsp::Diagnostic,
    d: &Diagnostic,
) -> Option<lsp::CodeAction> {
    let text = doc.text;
    let region = regions(text)
        .into_iter()
        .find(|r| r.start <= d.span.start && d.span.start <= r.end)?;
    let piece = region.slice(text);
    // The statement's first token: skip white space and comments.
    let mut at = 0;
    let rest = |at: usize| &piece[at..];
    loop {
        let trimmed = rest(at).trim_start();
        at = piece.len() - trimmed.len();
        if trimmed.starts_with("--") {
            at += trimmed.find('\n').map_or(trimmed.len(), |n| n + 1);
        } else {
            break;
        }
    }
    let start = region.start + at;
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let insert = format!("-- pcql: allow {}{newline}", d.code);
    Some(lsp::CodeAction {
        title: format!("Allow {} ({}) for this query", d.code, d.code.name()),
        kind: Some(lsp::CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![ld.clone()]),
        edit: Some(edit(
            uri,
            vec![lsp::TextEdit::new(doc.range(Span::empty(start)), insert)],
        )),
        is_preferred: Some(false),
        ..Default::default()
    })
}

/// Formatting of the whole document: one edit, or none when it is formatted.
pub fn format_document(doc: &Doc<'_>) -> Vec<lsp::TextEdit> {
    if SourceKind::detect(doc.text) == SourceKind::Body {
        return Vec::new();
    }
    match pcql::syntax::format_file(doc.text) {
        Some(new) if new != doc.text => vec![lsp::TextEdit::new(
            doc.range(Span::new(0, doc.text.len())),
            new,
        )],
        _ => Vec::new(),
    }
}

/// Formatting of the statements that `span` touches, each from its first
/// token to its `;`.
pub fn format_range(doc: &Doc<'_>, span: Span) -> Vec<lsp::TextEdit> {
    let text = doc.text;
    if SourceKind::detect(text) == SourceKind::Body {
        return Vec::new();
    }
    let mut out = Vec::new();
    for r in regions(text) {
        if r.end < span.start || r.start > span.end {
            continue;
        }
        let piece = r.slice(text);
        let lead = piece.len() - piece.trim_start().len();
        let start = r.start + lead;
        let piece = &text[start..r.end];
        if piece.is_empty() {
            continue;
        }
        let Some(mut new) = pcql::syntax::format_file(piece) else {
            continue;
        };
        if !piece.ends_with('\n') {
            while new.ends_with('\n') || new.ends_with('\r') {
                new.pop();
            }
        }
        if new != piece {
            out.push(lsp::TextEdit::new(doc.range(Span::new(start, r.end)), new));
        }
    }
    out
}
