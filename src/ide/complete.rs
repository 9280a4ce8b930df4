//! Completion that knows where the cursor stands in its query.

use super::context::Ctx;
use crate::ast::DateRange;
use crate::schema::{Catalog, Dataset, Family};
use crate::span::Span;
use crate::syntax::lexer::{Kw, Tok};

/// What a completion item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CompletionKind {
    /// A column of the dataset.
    Column,
    /// A metric of the dataset.
    Metric,
    /// A dataset of the family.
    Dataset,
    /// A date range of `TIMESPAN`.
    DateRange,
    /// A value a column can hold (a string literal).
    Value,
    /// A keyword.
    Keyword,
}

/// One item to offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// What the list shows (and what is typed to filter).
    pub label: String,
    /// What it is.
    pub kind: CompletionKind,
    /// A short detail: the type of a column, the family of a dataset.
    pub detail: Option<String>,
    /// A longer description (Markdown).
    pub documentation: Option<String>,
    /// The text inserted.
    pub insert: String,
    /// The text replaced: the word or string being typed (empty at the cursor).
    pub replace: Span,
}

/// The completions at `offset` of `text` (a file of queries), with the
/// dataset of the statement under the cursor looked up in `catalog` (of
/// `family`, when given): names after `SELECT`, `,`, `WHERE`, `AND` and
/// `ORDER BY` (also when `FROM` comes later or the query is broken
/// elsewhere), datasets after `FROM`, the dataset's ranges after
/// `TIMESPAN`, known values after `=`/`IN (`, and the keywords that can
/// stand there. Retired names are never offered.
pub fn completions(
    text: &str,
    offset: usize,
    catalog: &Catalog,
    family: Option<Family>,
) -> Vec<Completion> {
    let ctx = Ctx::new(text, offset);
    let i = ctx.before();
    let replace = match ctx.word_at() {
        Some((_, t)) => Span::new(t.span.start, t.span.end.max(ctx.offset)),
        None => Span::empty(ctx.offset),
    };
    let dataset = ctx.dataset(catalog, family);
    let mut out = Out {
        items: Vec::new(),
        replace,
    };
    let prev = i.checked_sub(1).map(|j| ctx.toks[j].kind);
    let prev2 = i.checked_sub(2).map(|j| ctx.toks[j].kind);
    let clause = ctx.clause_before(i);
    match (prev, clause) {
        (None, _) => out.keywords(&["SELECT"]),
        (Some(Tok::Kw(Kw::Select)), _) => {
            out.names(dataset, catalog);
            out.keywords(&["DISTINCT"]);
        }
        (Some(Tok::Kw(Kw::Distinct)), _) => out.names(dataset, catalog),
        (Some(Tok::Comma), Some(Kw::Select | Kw::Order)) => out.names(dataset, catalog),
        (Some(Tok::Kw(Kw::Where | Kw::And)), _) => out.names(dataset, catalog),
        (Some(Tok::Kw(Kw::By)), Some(Kw::Order)) => out.names(dataset, catalog),
        (Some(Tok::Kw(Kw::Order)), _) => out.keywords(&["BY"]),
        (Some(Tok::Kw(Kw::From)), _) => out.datasets(catalog, family),
        (Some(Tok::Kw(Kw::Timespan)), _) => out.ranges(dataset),
        (Some(Tok::Kw(Kw::Not)), Some(Kw::Where)) => out.keywords(&["LIKE", "IN"]),
        (Some(Tok::Ident | Tok::Quoted { .. }), Some(Kw::Select)) => {
            out.keywords(&["FROM"]);
        }
        (Some(Tok::Ident | Tok::Quoted { .. }), Some(Kw::From)) => {
            out.keywords(&["WHERE", "ORDER BY", "LIMIT", "TIMESPAN"]);
        }
        (Some(Tok::Ident | Tok::Quoted { .. }), Some(Kw::Where))
            if matches!(prev2, Some(Tok::Kw(Kw::Where | Kw::And))) =>
        {
            out.keywords(&["LIKE", "NOT LIKE", "IN", "NOT IN"]);
        }
        (Some(Tok::Eq | Tok::EqEq | Tok::Ne | Tok::LtGt | Tok::Kw(Kw::Like)), _) => {
            let column = i.checked_sub(2).map(|j| ctx.toks[j]);
            let column = column.filter(|t| t.kind != Tok::Kw(Kw::Not));
            let column = column.or_else(|| i.checked_sub(3).map(|j| ctx.toks[j]));
            if let Some(c) = column {
                out.values(dataset, ctx.name(&c));
            }
        }
        (Some(Tok::LParen | Tok::Comma), Some(Kw::Where)) => {
            // Walk back over the list to `IN (` and the column before it.
            let open = ctx.toks[..i].iter().rposition(|t| t.kind == Tok::LParen);
            if let Some(o) = open
                && o >= 2
                && ctx.toks[o - 1].kind == Tok::Kw(Kw::In)
            {
                let mut c = o - 2;
                if ctx.toks[c].kind == Tok::Kw(Kw::Not) && c > 0 {
                    c -= 1;
                }
                out.values(dataset, ctx.name(&ctx.toks[c]));
            }
        }
        (Some(Tok::Str { .. } | Tok::Number | Tok::RParen), Some(Kw::Where)) => {
            out.keywords(&["AND", "ORDER BY", "LIMIT", "TIMESPAN"]);
        }
        (Some(Tok::Ident | Tok::Quoted { .. }), Some(Kw::Order)) => {
            out.keywords(&["ASC", "DESC", "LIMIT", "TIMESPAN"]);
        }
        (Some(Tok::Kw(Kw::Asc | Kw::Desc)), _) => out.keywords(&["LIMIT", "TIMESPAN"]),
        (Some(Tok::Number), Some(Kw::Limit)) => out.keywords(&["TIMESPAN"]),
        _ => {}
    }
    // Inside a string only values make sense.
    if ctx
        .word_at()
        .is_some_and(|(_, t)| matches!(t.kind, Tok::Str { .. }))
    {
        out.items.retain(|c| c.kind == CompletionKind::Value);
    }
    out.items
}

struct Out {
    items: Vec<Completion>,
    replace: Span,
}

impl Out {
    fn push(
        &mut self,
        label: &str,
        kind: CompletionKind,
        detail: Option<String>,
        doc: Option<String>,
    ) {
        let insert = match kind {
            CompletionKind::Value => format!("'{}'", label.replace('\'', "''")),
            _ => label.to_string(),
        };
        self.items.push(Completion {
            label: label.to_string(),
            kind,
            detail,
            documentation: doc,
            insert,
            replace: self.replace,
        });
    }

    fn keywords(&mut self, kws: &[&str]) {
        for k in kws {
            self.push(k, CompletionKind::Keyword, None, None);
        }
    }

    fn names(&mut self, dataset: Option<&Dataset>, catalog: &Catalog) {
        let Some(ds) = dataset else { return };
        for n in ds.names() {
            if catalog.retired_name(ds.name(), n.name).is_some() {
                continue;
            }
            let (kind, what) = if n.is_metric {
                (CompletionKind::Metric, "metric")
            } else {
                (CompletionKind::Column, "column")
            };
            let detail = match n.hint.and_then(|h| h.ty) {
                Some(ty) => format!("{what} · {ty}"),
                None => what.to_string(),
            };
            let doc = n.hint.and_then(|h| h.description.clone());
            self.push(n.name, kind, Some(detail), doc);
        }
    }

    fn datasets(&mut self, catalog: &Catalog, family: Option<Family>) {
        for ds in catalog.datasets() {
            if family.is_some_and(|f| ds.family() != f) {
                continue;
            }
            let detail = format!("dataset · {}", ds.family());
            self.push(ds.name(), CompletionKind::Dataset, Some(detail), None);
        }
    }

    fn ranges(&mut self, dataset: Option<&Dataset>) {
        match dataset {
            Some(ds) => {
                for r in ds.date_ranges() {
                    let r = match DateRange::parse(r) {
                        Some(known) => known.as_str(),
                        None => r.as_str(),
                    };
                    let detail = format!("offered by {}", ds.name());
                    self.push(r, CompletionKind::DateRange, Some(detail), None);
                }
            }
            None => {
                for r in DateRange::ALL {
                    self.push(r.as_str(), CompletionKind::DateRange, None, None);
                }
            }
        }
    }

    fn values(&mut self, dataset: Option<&Dataset>, column: &str) {
        let Some(hint) = dataset.and_then(|d| d.column(column)).and_then(|n| n.hint) else {
            return;
        };
        let (values, detail) = if hint.values.is_empty() {
            (&hint.values_seen, "value seen in documentation")
        } else {
            (&hint.values, "allowed value")
        };
        for v in values {
            self.push(v, CompletionKind::Value, Some(detail.to_string()), None);
        }
    }
}

#[cfg(all(test, feature = "bundled-schemas"))]
mod tests {
    use super::*;

    fn labels(text: &str) -> Vec<(String, CompletionKind)> {
        let at = text.find('|').expect("a | marks the cursor");
        let text = text.replace('|', "");
        completions(&text, at, Catalog::bundled(), None)
            .into_iter()
            .map(|c| (c.label, c.kind))
            .collect()
    }

    fn has(items: &[(String, CompletionKind)], label: &str, kind: CompletionKind) -> bool {
        items.iter().any(|(l, k)| l == label && *k == kind)
    }

    #[test]
    fn names_after_select_even_when_from_comes_later() {
        let items = labels("SELECT | FROM CustomersAndTenants");
        assert!(
            has(&items, "CustomerName", CompletionKind::Column),
            "{items:?}"
        );
        assert!(has(&items, "DISTINCT", CompletionKind::Keyword));
        let items = labels("SELECT CustomerName, Cus| FROM CustomersAndTenants WHERE (((");
        assert!(
            has(&items, "CustomerName", CompletionKind::Column),
            "{items:?}"
        );
        let items = labels("SELECT a FROM CustomersAndTenants WHERE |");
        assert!(
            has(&items, "CustomerMarket", CompletionKind::Column),
            "{items:?}"
        );
        let items = labels("SELECT a FROM CustomersAndTenants ORDER BY |");
        assert!(
            has(&items, "CustomerMarket", CompletionKind::Column),
            "{items:?}"
        );
    }

    #[test]
    fn metrics_are_marked_and_retired_names_never_offered() {
        let ds = Catalog::bundled()
            .datasets()
            .iter()
            .find(|d| !d.metrics().is_empty())
            .unwrap();
        let items = labels(&format!("SELECT | FROM {}", ds.name()));
        assert!(
            has(&items, &ds.metrics()[0], CompletionKind::Metric),
            "{items:?}"
        );
        let items = labels("SELECT | FROM Profile");
        assert!(!items.iter().any(|(l, _)| l == "PGA_MPNId"), "{items:?}");
    }

    #[test]
    fn datasets_after_from_and_ranges_after_timespan() {
        let items = labels("SELECT a FROM |");
        assert!(has(&items, "CustomersAndTenants", CompletionKind::Dataset));
        let ds = Catalog::bundled()
            .dataset("CustomersAndTenants", None)
            .unwrap();
        let items = labels("SELECT a FROM CustomersAndTenants TIMESPAN |");
        let ranges: Vec<&str> = items.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(ranges.len(), ds.date_ranges().len(), "{ranges:?}");
        assert!(items.iter().all(|(_, k)| *k == CompletionKind::DateRange));
    }

    #[test]
    fn known_values_after_eq_and_in() {
        let items = labels("SELECT a FROM SeatsSubscriptionsAndRevenue WHERE IsAutoRenew = |");
        assert!(has(&items, "Y", CompletionKind::Value), "{items:?}");
        assert!(has(&items, "N", CompletionKind::Value), "{items:?}");
        let items =
            labels("SELECT a FROM SeatsSubscriptionsAndRevenue WHERE IsAutoRenew IN ('Y', |");
        assert!(has(&items, "N", CompletionKind::Value), "{items:?}");
        let items =
            labels("SELECT a FROM SeatsSubscriptionsAndRevenue WHERE IsAutoRenew NOT IN (|");
        assert!(has(&items, "Y", CompletionKind::Value), "{items:?}");
        let text = "SELECT a FROM SeatsSubscriptionsAndRevenue WHERE IsAutoRenew = 'Y";
        let c = completions(text, text.len(), Catalog::bundled(), None);
        assert!(c.iter().all(|c| c.kind == CompletionKind::Value), "{c:?}");
        assert_eq!(c[0].replace.slice(text), "'Y");
        assert_eq!(c[0].insert, "'Y'");
    }

    #[test]
    fn keywords_where_they_can_stand() {
        assert!(has(&labels("|"), "SELECT", CompletionKind::Keyword));
        let items = labels("SELECT a FROM CustomersAndTenants |");
        assert!(has(&items, "WHERE", CompletionKind::Keyword));
        assert!(has(&items, "TIMESPAN", CompletionKind::Keyword));
        assert!(has(&labels("SELECT a |"), "FROM", CompletionKind::Keyword));
        assert!(labels("SELECT a; |").iter().any(|(l, _)| l == "SELECT"));
    }

    #[test]
    fn any_offset_of_any_text_is_fine() {
        let text = "SELECT é, 'ü FROM [x WHERE = IN ( ,; ORDER BY ; TIMESPAN";
        for i in 0..=text.len() + 2 {
            let _ = completions(text, i, Catalog::bundled(), None);
        }
    }
}
