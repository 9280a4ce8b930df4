//! Hover: what a name means, from the catalog, and what a diagnostic means.

use super::context::Ctx;
use crate::ast::DateRange;
use crate::diagnostic::Diagnostic;
use crate::schema::{Catalog, Dataset, Family};
use crate::span::Span;
use crate::syntax::lexer::{Kw, Tok};

/// Text to show for a place (Markdown) and the range it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hover {
    /// Markdown.
    pub markdown: String,
    /// The token it is about.
    pub span: Span,
}

/// What the name at `offset` is: a column or metric (kind, type,
/// description, allowed values, or that it was retired and its successor),
/// a dataset (date ranges, minimum recurrence, completeness of the list) or
/// a date range (whether the dataset offers it).
pub fn hover(
    text: &str,
    offset: usize,
    catalog: &Catalog,
    family: Option<Family>,
) -> Option<Hover> {
    let ctx = Ctx::new(text, offset);
    let (i, tok) = ctx.token_at()?;
    if !matches!(tok.kind, Tok::Ident | Tok::Quoted { .. }) {
        return None;
    }
    let name = ctx.name(&tok);
    let prev = i.checked_sub(1).map(|j| ctx.toks[j].kind);
    let markdown = match prev {
        Some(Tok::Kw(Kw::From)) => dataset_text(catalog, name, family)?,
        Some(Tok::Kw(Kw::Timespan)) => range_text(ctx.dataset(catalog, family), name)?,
        _ => name_text(catalog, ctx.dataset(catalog, family)?, name)?,
    };
    Some(Hover {
        markdown,
        span: tok.span,
    })
}

/// The explanations of the diagnostics whose span holds `offset`, one per
/// code (`diagnostics` of the same text, as the checker gives them).
pub fn diagnostic_hover(diagnostics: &[Diagnostic], offset: usize) -> Option<Hover> {
    let mut codes = Vec::new();
    let mut span: Option<Span> = None;
    for d in diagnostics {
        let inside = d.span.start <= offset && offset <= d.span.end.max(d.span.start + 1);
        if inside && !codes.contains(&d.code) {
            codes.push(d.code);
            span = Some(span.map_or(d.span, |s| s.to(d.span)));
        }
    }
    let span = span?;
    let markdown = codes
        .iter()
        .map(|c| c.explanation().trim_end().to_string())
        .collect::<Vec<_>>()
        .join("\n\n---\n\n");
    Some(Hover { markdown, span })
}

fn name_text(catalog: &Catalog, ds: &Dataset, name: &str) -> Option<String> {
    let Some(n) = ds.column(name) else {
        let retired = catalog.retired_name(ds.name(), name)?;
        let mut s = format!(
            "**{}** was a name of {} until {}: the service no longer offers it.",
            retired.name,
            ds.name(),
            retired.last_seen
        );
        if let Some(new) = catalog.successor(ds, name) {
            s.push_str(&format!("\n\nIts successor is **{new}**."));
        }
        return Some(s);
    };
    let kind = if n.is_metric { "metric" } else { "column" };
    let mut s = format!("**{}** · {kind} of {}", n.name, ds.name());
    if let Some(h) = n.hint {
        if let Some(ty) = h.ty {
            s.push_str(&format!("\n\ntype: `{ty}`"));
        }
        if let Some(d) = &h.description {
            s.push_str(&format!("\n\n{d}"));
        }
        if !h.values.is_empty() {
            s.push_str(&format!("\n\nvalues: {}", quoted(&h.values)));
        } else if !h.values_seen.is_empty() {
            s.push_str(&format!(
                "\n\nvalues seen: {} (not a complete list)",
                quoted(&h.values_seen)
            ));
        }
    }
    Some(s)
}

fn quoted(values: &[String]) -> String {
    values
        .iter()
        .map(|v| format!("`'{v}'`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn dataset_text(catalog: &Catalog, name: &str, family: Option<Family>) -> Option<String> {
    let Some(ds) = catalog
        .dataset(name, family)
        .or_else(|| catalog.datasets_named(name).next())
    else {
        let retired = catalog.retired_dataset(name, family)?;
        let mut s = format!(
            "**{}** was a dataset of {} until {}: the service no longer offers it.",
            retired.name, retired.family, retired.last_seen
        );
        if let Some(new) = catalog.dataset_successor(name, family) {
            s.push_str(&format!("\n\nIts successor is **{}**.", new.name()));
        }
        return Some(s);
    };
    let mut s = format!(
        "**{}** · dataset of {} · {} columns, {} metrics",
        ds.name(),
        ds.family(),
        ds.columns().len(),
        ds.metrics().len()
    );
    s.push_str(&format!("\n\ndate ranges: {}", ds.date_ranges().join(", ")));
    if let Some(m) = ds.min_recurrence_interval() {
        s.push_str(&format!("\n\nminimum recurrence: {m} hours"));
    }
    let authoritative = catalog.is_authoritative_for(ds.family());
    let completeness = match (authoritative, ds.columns_complete(), ds.metrics_complete()) {
        (true, _, _) | (_, true, true) => "the lists are complete",
        (false, false, true) => {
            "the column list is incomplete (bundled snapshot); `pcql schemas pull` fetches the full schema"
        }
        (false, true, false) => {
            "the metric list is incomplete (bundled snapshot); `pcql schemas pull` fetches the full schema"
        }
        (false, false, false) => {
            "the column and metric lists are incomplete (bundled snapshot); `pcql schemas pull` fetches the full schema"
        }
    };
    s.push_str(&format!("\n\n{completeness}"));
    Some(s)
}

fn range_text(dataset: Option<&Dataset>, name: &str) -> Option<String> {
    let range = DateRange::parse(name)?;
    let mut s = format!("**{}** · date range", range.as_str());
    if let Some(ds) = dataset {
        if ds.offers(range) {
            s.push_str(&format!("\n\noffered by {}", ds.name()));
        } else {
            s.push_str(&format!(
                "\n\n{} does not offer it; it offers {}",
                ds.name(),
                ds.date_ranges().join(", ")
            ));
        }
    }
    Some(s)
}

#[cfg(all(test, feature = "bundled-schemas"))]
mod tests {
    use super::*;
    use crate::Checker;

    fn at(text: &str, word: &str) -> Option<Hover> {
        hover(text, text.find(word).unwrap() + 1, Catalog::bundled(), None)
    }

    #[test]
    fn columns_datasets_and_ranges() {
        let text = "SELECT CustomerName FROM CustomersAndTenants TIMESPAN LAST_MONTH";
        let h = at(text, "CustomerName").unwrap();
        assert!(
            h.markdown.contains("column of CustomersAndTenants"),
            "{}",
            h.markdown
        );
        assert_eq!(h.span.slice(text), "CustomerName");
        let h = at(text, "CustomersAndTenants").unwrap();
        assert!(h.markdown.contains("date ranges: "), "{}", h.markdown);
        let h = at(text, "LAST_MONTH").unwrap();
        assert!(h.markdown.contains("offered by"), "{}", h.markdown);
        assert!(at(text, "SELECT").is_none());
    }

    #[test]
    fn retired_names_name_their_successor() {
        let text = "SELECT PGA_MPNId FROM Profile";
        let h = at(text, "PGA_MPNId").unwrap();
        assert!(h.markdown.contains("no longer"), "{}", h.markdown);
        assert!(h.markdown.contains("PGAMpnId"), "{}", h.markdown);
    }

    #[test]
    fn diagnostics_explain_their_code() {
        let text = "SELECT CustomerNmae FROM CustomersAndTenants TIMESPAN LAST_MONTH";
        let diags = Checker::new(Catalog::bundled()).check(text);
        let h = diagnostic_hover(&diags, 9).unwrap();
        assert!(h.markdown.starts_with("# PQ2003"), "{}", h.markdown);
        assert!(diagnostic_hover(&diags, 60).is_none());
    }
}
