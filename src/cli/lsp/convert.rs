//! pcql's data as LSP types: diagnostics, completion items, symbols,
//! semantic tokens. Every range is converted once, here, to UTF-16.

use std::str::FromStr;

use lsp_types as lsp;

use super::position::Lines;
use pcql::diagnostic::{Diagnostic, Severity};
use pcql::ide::{Completion, CompletionKind, SemanticKind, SemanticToken, Symbol};

/// Where the explanation of each code is published: `docs/codes/<CODE>.md`
/// of the repository (the text `pcql explain CODE` prints).
pub const CODE_DOCS: &str = "https://github.com/pcql/pcql/blob/main/docs/codes/";

/// A text with its line index.
pub struct Doc<'a> {
    /// The text.
    pub text: &'a str,
    /// Its lines.
    pub lines: Lines<'a>,
}

impl<'a> Doc<'a> {
    /// `text` and its lines.
    pub fn new(text: &'a str) -> Doc<'a> {
        Doc {
            text,
            lines: Lines::new(text),
        }
    }

    /// The range of a span.
    pub fn range(&self, span: pcql::span::Span) -> lsp::Range {
        self.lines.range(span)
    }
}

/// The link to a code's explanation under `base`.
pub fn code_href(base: &str, code: &str) -> Option<lsp::Uri> {
    lsp::Uri::from_str(&format!("{base}{code}.md")).ok()
}

/// One diagnostic in LSP form: code, severity, source `pcql`, the link to
/// its explanation, help appended to the message, related places.
pub fn diagnostic(
    doc: &Doc<'_>,
    uri: &lsp::Uri,
    docs_base: &str,
    d: &Diagnostic,
) -> lsp::Diagnostic {
    let severity = match d.severity {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Advice => lsp::DiagnosticSeverity::INFORMATION,
    };
    let mut message = d.message.clone();
    if !d.label.is_empty() && d.label != d.message {
        message.push_str(&format!(" ({})", d.label));
    }
    if let Some(h) = &d.help {
        message.push_str(&format!("\nhelp: {h}"));
    }
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .related
        .iter()
        .map(|l| lsp::DiagnosticRelatedInformation {
            location: lsp::Location::new(uri.clone(), doc.range(l.span)),
            message: l.message.clone(),
        })
        .collect();
    lsp::Diagnostic {
        range: doc.range(d.span),
        severity: Some(severity),
        code: Some(lsp::NumberOrString::String(d.code.as_str().to_string())),
        code_description: code_href(docs_base, d.code.as_str())
            .map(|href| lsp::CodeDescription { href }),
        source: Some("pcql".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: Some(serde_json::json!({ "name": d.code.name() })),
    }
}

/// One completion item; `i` keeps the order given.
pub fn completion(doc: &Doc<'_>, i: usize, c: Completion) -> lsp::CompletionItem {
    use lsp::CompletionItemKind as K;
    let (kind, what) = match c.kind {
        CompletionKind::Column => (K::FIELD, "column"),
        CompletionKind::Metric => (K::FUNCTION, "metric"),
        CompletionKind::Dataset => (K::CLASS, "dataset"),
        CompletionKind::DateRange => (K::ENUM_MEMBER, "date range"),
        CompletionKind::Value => (K::VALUE, "value"),
        CompletionKind::Keyword => (K::KEYWORD, "keyword"),
    };
    let filter = (c.insert != c.label).then(|| c.insert.clone());
    lsp::CompletionItem {
        label: c.label,
        label_details: Some(lsp::CompletionItemLabelDetails {
            detail: None,
            description: Some(what.to_string()),
        }),
        kind: Some(kind),
        detail: c.detail,
        documentation: c.documentation.map(|d| {
            lsp::Documentation::MarkupContent(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: d,
            })
        }),
        sort_text: Some(format!("{i:05}")),
        filter_text: filter,
        text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit::new(
            doc.range(c.replace),
            c.insert,
        ))),
        ..Default::default()
    }
}

/// One document symbol per query.
#[allow(deprecated)] // `deprecated` is a required field of the struct.
pub fn symbol(doc: &Doc<'_>, s: Symbol) -> lsp::DocumentSymbol {
    lsp::DocumentSymbol {
        name: s.name,
        detail: (!s.detail.is_empty()).then_some(s.detail),
        kind: lsp::SymbolKind::STRUCT,
        tags: None,
        deprecated: None,
        range: doc.range(s.span),
        selection_range: doc.range(s.selection),
        children: None,
    }
}

/// The token types of the legend, in the order of [`SemanticKind::ALL`].
pub fn legend() -> lsp::SemanticTokensLegend {
    let types = SemanticKind::ALL
        .iter()
        .map(|k| match k {
            SemanticKind::Keyword => lsp::SemanticTokenType::KEYWORD,
            SemanticKind::Name => lsp::SemanticTokenType::PROPERTY,
            SemanticKind::Dataset => lsp::SemanticTokenType::CLASS,
            SemanticKind::DateRange => lsp::SemanticTokenType::ENUM_MEMBER,
            SemanticKind::String => lsp::SemanticTokenType::STRING,
            SemanticKind::Number => lsp::SemanticTokenType::NUMBER,
            SemanticKind::Comment => lsp::SemanticTokenType::COMMENT,
            SemanticKind::Operator => lsp::SemanticTokenType::OPERATOR,
        })
        .collect();
    lsp::SemanticTokensLegend {
        token_types: types,
        token_modifiers: vec![],
    }
}

/// Semantic tokens in the protocol's relative encoding.
pub fn semantic_tokens(doc: &Doc<'_>, toks: &[SemanticToken]) -> lsp::SemanticTokens {
    let mut data = Vec::with_capacity(toks.len());
    let (mut line, mut col) = (0u32, 0u32);
    for t in toks {
        let r = doc.range(t.span);
        if r.start.line != r.end.line {
            continue;
        }
        let delta_line = r.start.line - line;
        let delta_start = if delta_line == 0 {
            r.start.character - col
        } else {
            r.start.character
        };
        data.push(lsp::SemanticToken {
            delta_line,
            delta_start,
            length: r.end.character - r.start.character,
            token_type: SemanticKind::ALL
                .iter()
                .position(|k| *k == t.kind)
                .unwrap_or(0) as u32,
            token_modifiers_bitset: 0,
        });
        line = r.start.line;
        col = r.start.character;
    }
    lsp::SemanticTokens {
        result_id: None,
        data,
    }
}
