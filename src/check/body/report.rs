//! The `POST ScheduledReport` body: names, the query it runs (`QueryId`,
//! checked against the published system queries), and the delivery fields
//! (`Format`, `CallbackMethod`, `CallbackUrl`). The schedule is in
//! [`super::schedule`].

use super::fields::Fields;
use super::json::Member;
use super::{BodyContext, BodyKind, BodyReport, DatasetInfo, schedule};
use crate::check::system_queries::{SystemQuery, system_query};
use crate::diagnostic::{Code, Diagnostic, Edit, Fix};
use crate::span::Span;
use crate::suggest::loosely_closest as did_you_mean;

/// The fields of a `ScheduledReport` body.
pub(super) const FIELDS: &[&str] = &[
    "ReportName",
    "Description",
    "QueryId",
    "StartTime",
    "ExecuteNow",
    "QueryStartTime",
    "QueryEndTime",
    "RecurrenceInterval",
    "RecurrenceCount",
    "Format",
    "CallbackUrl",
    "CallbackMethod",
];

/// The QoS query id as the marketplace system-queries page of 2022 printed it.
const MISPRINTED_QOS_ID: &str = "q9df4939-073f-5795-b0cb-v2c81d11e58d";

/// Check a report body; `known` is the dataset of its query when the caller
/// looked the query up (a system query's own dataset comes first).
pub(super) fn check(
    members: &[Member],
    span: Span,
    ctx: &BodyContext<'_>,
    known: Option<&DatasetInfo>,
) -> BodyReport {
    let mut f = Fields::new(members, span);
    f.unknown_fields(FIELDS, "ScheduledReport");
    f.string("ReportName", true, true);
    f.string("Description", false, true);
    let (dataset, family) = query_id(&mut f, ctx);
    let dataset = dataset.or_else(|| known.cloned());
    // Without a family given, a system query's own family is the body's:
    // its id exists only in that API.
    let ctx = &BodyContext {
        family: ctx.family.or(family),
        ..*ctx
    };
    schedule::check(&mut f, ctx, dataset.as_ref());
    format(&mut f);
    callback(&mut f, ctx);
    BodyReport {
        kind: BodyKind::ScheduledReport,
        diagnostics: f.diags,
        query: None,
    }
}

/// Whether `s` is a GUID written `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (hex digits).
pub fn is_guid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// `QueryId`: a GUID (PQ6003); when it names a system query, that query's
/// dataset (for the recurrence check) and family are returned, and what is
/// known about its published text is shown (PQ6018).
fn query_id(
    f: &mut Fields<'_>,
    ctx: &BodyContext<'_>,
) -> (Option<DatasetInfo>, Option<&'static str>) {
    let Some(id) = f.string("QueryId", true, false) else {
        return (None, None);
    };
    let text = id.s.text.as_str();
    let span = id.s.span;
    if !is_guid(text) {
        f.push(not_a_guid(text, id.s));
        return (None, None);
    }
    let Some(sq) = system_query(text) else {
        return (None, None);
    };
    if let Some(family) = ctx
        .family
        .filter(|fam| !fam.eq_ignore_ascii_case(&sq.family))
    {
        f.push(
            Diagnostic::new(
                Code::InvalidQueryId,
                span,
                format!(
                    "`{text}` is the {} system query `{}`, which the {family} API does not have",
                    sq.family, sq.name
                ),
            )
            .with_label("system query of another API family")
            .with_help(
                "the service answers 400 \"Invalid QueryId\"; pick a query of this API's family",
            ),
        );
        return (None, None);
    }
    let family = Some(sq.family.as_str());
    let Some(query) = &sq.text else {
        return (None, family);
    };
    if let Some(d) = stale_system_query(sq, query, span, ctx) {
        f.push(d);
    }
    ((ctx.dataset_of_query)(query), family)
}

/// PQ6003 for a QueryId that is not a GUID, with the reason where it is clear.
fn not_a_guid(text: &str, s: &super::jstr::JsonStr) -> Diagnostic {
    let mut d = Diagnostic::new(Code::InvalidQueryId, s.span, format!("QueryId `{text}` is not a GUID"))
        .with_label("expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx")
        .with_help("copy the queryId that POST ScheduledQueries returned, or list the ids with GET ScheduledQueries (system queries: includeOnlySystemQueries=true)");
    let bare = text.trim().trim_start_matches('{').trim_end_matches('}');
    if bare != text && is_guid(bare) {
        let fix = Fix::safe(
            "write the bare GUID",
            vec![Edit::replace(s.content_span(), bare)],
        );
        return d.with_fix(fix);
    }
    if text.eq_ignore_ascii_case(MISPRINTED_QOS_ID) {
        d = d.with_help(
            "this is the Quality of Service query id as the marketplace system-queries page of 2022 printed it, and that id is not a GUID; get the real one from GET ScheduledQueries?includeOnlySystemQueries=true",
        );
    }
    if text.len() == 36 && text.is_ascii() {
        let bad = text.bytes().enumerate().filter(|&(i, c)| match i {
            8 | 13 | 18 | 23 => c != b'-',
            _ => !c.is_ascii_hexdigit(),
        });
        for (i, c) in bad.take(4) {
            let what = if matches!(i, 8 | 13 | 18 | 23) {
                "`-` belongs here"
            } else {
                "not a hexadecimal digit"
            };
            d = d.with_related(
                s.map_span(Span::new(i, i + 1)),
                format!("`{}`: {what}", c as char),
            );
        }
    }
    d
}

/// PQ6018 (advice by default) at the QueryId when the system query's
/// published text names what the catalog no longer lists. The body itself is
/// correct: the service runs its own, current version of the query, which the
/// published text may no longer match, and a JSON body cannot carry an inline
/// suppression; `PQ6018 = "deny"` in pcql.toml makes it fail.
fn stale_system_query(
    sq: &SystemQuery,
    query: &str,
    span: Span,
    ctx: &BodyContext<'_>,
) -> Option<Diagnostic> {
    let errors: Vec<Diagnostic> = (ctx.check_query)(query)
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    let first = errors.first()?;
    let mut lines: Vec<String> = errors
        .iter()
        .take(3)
        .map(|e| format!("{}: {}", e.code, e.message))
        .collect();
    if errors.len() > 3 {
        lines.push(format!("… and {} more", errors.len() - 3));
    }
    Some(
        Diagnostic::new(
            Code::StaleSystemQuery,
            span,
            format!(
                "the published text of the {} system query `{}` ({}) names what the catalog no longer lists",
                sq.family, sq.name, sq.dataset
            ),
        )
        .with_label(format!("published text: {}", first.message))
        .with_help(format!(
            "{}\nthe service runs its own current version of this system query, which may differ from the published text; compare with GET ScheduledQueries?queryId={} (set PQ6018 = \"deny\" in pcql.toml to fail on this)\nthe published text's problems:\n{}",
            sq.note,
            sq.id,
            lines.join("\n")
        )),
    )
}

/// `Format`: `CSV` or `TSV`, any case (PQ6010).
fn format(f: &mut Fields<'_>) {
    let Some(v) = f.string("Format", false, false) else {
        return;
    };
    let text = v.s.text.as_str();
    if ["csv", "tsv"].iter().any(|k| k.eq_ignore_ascii_case(text)) {
        return;
    }
    let mut d = Diagnostic::new(
        Code::InvalidFormat,
        v.s.span,
        format!("Format `{text}` is neither CSV nor TSV"),
    )
    .with_label("expected \"CSV\" or \"TSV\"")
    .with_help("leave Format out for CSV, the default");
    let cleaned = text.trim().trim_start_matches('.').to_ascii_uppercase();
    if cleaned == "CSV" || cleaned == "TSV" {
        d = d.with_fix(Fix::safe(
            format!("write `{cleaned}`"),
            vec![Edit::replace(v.s.content_span(), cleaned)],
        ));
    }
    f.push(d);
}

/// `CallbackMethod` (GET/POST, PQ6011) and `CallbackUrl` (absolute https,
/// PQ6012; a query string, PQ6015).
fn callback(f: &mut Fields<'_>, ctx: &BodyContext<'_>) {
    let mut post = true;
    if let Some(m) = f.string("CallbackMethod", false, false) {
        let text = m.s.text.trim();
        if ctx
            .family
            .is_some_and(|fam| fam.eq_ignore_ascii_case("cmp"))
        {
            let key = m.member.key.text.clone();
            f.push(
                Diagnostic::new(
                    Code::UnknownField,
                    m.member.key.span,
                    format!("the marketplace (cmp) report body has no `{key}`"),
                )
                .with_label("Partner Insights (mpn) only")
                .with_help("the marketplace documentation lists no CallbackMethod; its callbacks are not documented to honour it"),
            );
        }
        match did_you_mean(text, &["GET", "POST"]) {
            Some(known) if known.eq_ignore_ascii_case(text) => post = known == "POST",
            guess => {
                let mut d = Diagnostic::new(
                    Code::InvalidCallbackMethod,
                    m.s.span,
                    format!("CallbackMethod `{}` is neither GET nor POST", m.s.text),
                )
                .with_label("expected \"GET\" or \"POST\"")
                .with_help("leave CallbackMethod out for POST, the default");
                if let Some(g) = guess {
                    d = d.with_fix(Fix::unsafe_(
                        format!("write `{g}`"),
                        vec![Edit::replace(m.s.content_span(), g)],
                    ));
                }
                f.push(d);
            }
        }
    }
    let Some(u) = f.string("CallbackUrl", false, false) else {
        return;
    };
    match url_problem(&u.s.text) {
        Some((msg, fix)) => {
            let mut d = Diagnostic::new(Code::InvalidCallbackUrl, u.s.span, msg)
                .with_label("expected https://host/path")
                .with_help("the service calls this URL when the report is ready; it must be publicly reachable over https");
            if let Some(fixed) = fix {
                d = d.with_fix(Fix::unsafe_(
                    "use https",
                    vec![Edit::replace(u.s.content_span(), fixed)],
                ));
            }
            f.push(d);
        }
        None => callback_query(f, u.s, post),
    }
}

/// PQ6015: a callback URL with a query string, `?` or fragment.
fn callback_query(f: &mut Fields<'_>, s: &super::jstr::JsonStr, post: bool) {
    let url = s.text.as_str();
    let Some(at) = url.find(['?', '#']) else {
        return;
    };
    let (how, example) = if post {
        (
            "POST appends `/<reportId>` as a path segment",
            format!("{url}/<reportId>"),
        )
    } else {
        (
            "GET appends `?reportId=<reportId>`",
            format!("{url}?reportId=<reportId>"),
        )
    };
    f.push(
        Diagnostic::new(Code::CallbackUrlQuery, s.map_span(Span::new(at, url.len())), "CallbackUrl has a query string; the callback URL the service builds from it is odd")
            .with_label("query string")
            .with_help(format!(
                "{how}, so the service calls `{example}`; use a URL without `?`, `#` or query parameters"
            )),
    );
}

/// What is wrong with a callback URL, and the https form of an http URL.
fn url_problem(url: &str) -> Option<(String, Option<String>)> {
    if url.chars().any(char::is_whitespace) {
        return Some(("CallbackUrl contains whitespace".into(), None));
    }
    let lower = url.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("https://") {
        let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        return (host_end == 0).then(|| ("CallbackUrl has no host".into(), None));
    }
    if lower.starts_with("http://") {
        let fixed = format!("https://{}", &url["http://".len()..]);
        return Some(("CallbackUrl must use https, not http".into(), Some(fixed)));
    }
    let msg = if lower.contains("://") {
        "CallbackUrl must be an https URL"
    } else {
        "CallbackUrl is not an absolute URL"
    };
    Some((msg.into(), None))
}
