//! The `POST ScheduledQueries` body: `Name` (required), `Description`,
//! `Query` (required; checked by the caller's query checker, its diagnostics
//! mapped into the JSON string).

use super::fields::Fields;
use super::json::Member;
use super::{BodyContext, BodyKind, BodyReport, EmbeddedQuery};
use crate::span::Span;

/// The fields of a `ScheduledQueries` body.
pub(super) const FIELDS: &[&str] = &["Name", "Description", "Query"];

pub(super) fn check(members: &[Member], span: Span, ctx: &BodyContext<'_>) -> BodyReport {
    let mut f = Fields::new(members, span);
    f.unknown_fields(FIELDS, "ScheduledQueries");
    f.string("Name", true, true);
    f.string("Description", false, true);
    let mut query = None;
    if let Some(q) = f.string("Query", true, false) {
        for d in (ctx.check_query)(&q.s.text) {
            f.push(q.s.map_diagnostic(d));
        }
        query = Some(EmbeddedQuery {
            text: q.s.text.clone(),
            span: q.s.content_span(),
        });
    }
    BodyReport {
        kind: BodyKind::ScheduledQueries,
        diagnostics: f.diags,
        query,
    }
}
