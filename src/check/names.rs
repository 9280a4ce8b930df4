//! Names: the dataset of FROM (PQ2001, PQ2002, PQ2005, PQ2008, PQ2009) and the
//! columns and metrics of SELECT, WHERE and ORDER BY (PQ2003–PQ2007).

use std::collections::HashMap;

use super::Ctx;
use crate::ast::Ident;
use crate::diagnostic::{Code, Diagnostic, Edit, Fix};
use crate::schema::{Dataset, Family, FastHash, NameRef};
use crate::span::Span;
use crate::suggest::{Suggestions, some_names};

/// How a family is called in messages.
pub(crate) fn family_title(f: Family) -> &'static str {
    match f {
        Family::Mpn => "Partner Insights (mpn)",
        Family::Cmp => "commercial marketplace (cmp)",
        Family::AppsGames => "apps and games (apps-games)",
    }
}

/// Replace every one of `at` by `to`.
fn replace_all(message: String, at: &[&Ident], to: &str, safe: bool) -> Fix {
    let edits = at.iter().map(|i| Edit::replace(i.span, to)).collect();
    if safe {
        Fix::safe(message, edits)
    } else {
        Fix::unsafe_(message, edits)
    }
}

/// Resolve FROM: set `cx.dataset` when the catalog has it, else report why not.
pub(super) fn dataset(cx: &mut Ctx<'_>) {
    let Some(from) = &cx.query.from else { return };
    if cx.catalog.families().is_empty() {
        return;
    }
    let fam = cx.opts.family;
    if let Some(ds) = cx.catalog.dataset(&from.name, fam) {
        return found(cx, from, ds);
    }
    if let Some(ds) = cx.catalog.datasets_named(&from.name).next() {
        if let Some(f) = fam {
            let other = ds.family();
            cx.push(
                Diagnostic::new(
                    Code::DatasetInOtherFamily,
                    from.span,
                    format!("`{}` is a dataset of {}, not of {}", ds.name(), family_title(other), family_title(f)),
                )
                .with_label(format!("a dataset of {other}"))
                .with_help(format!(
                    "send this query to the {other} API (`--family {other}`), or pick a dataset of {f}"
                )),
            );
        }
        return found(cx, from, ds);
    }
    if fam.is_some_and(|f| cx.catalog.family(f).is_none()) {
        return; // Nothing known about that family: nothing to say.
    }
    if let Some(r) = cx.catalog.retired_dataset(&from.name, fam) {
        let succ = cx.catalog.dataset_successor(&r.name, Some(r.family));
        let mut d = Diagnostic::new(
            Code::RetiredDataset,
            from.span,
            format!("the dataset `{}` was retired", r.name),
        )
        .with_label("retired dataset");
        let when = if r.last_seen.is_empty() {
            String::new()
        } else {
            format!(" (last seen in {})", r.last_seen)
        };
        d = match succ {
            Some(s) => d
                .with_help(format!("the service no longer offers it{when}; use `{}` instead", s.name()))
                .with_fix(replace_all(format!("use `{}`", s.name()), &[from], s.name(), false)),
            None => d.with_help(format!(
                "the service no longer offers it{when}; pick another dataset of {} (`pcql schemas pull` lists what your tenant offers)",
                r.family
            )),
        };
        cx.push(d);
        return;
    }
    unknown_dataset(cx, from, fam);
}

fn found<'a>(cx: &mut Ctx<'a>, from: &Ident, ds: &'a Dataset) {
    cx.dataset = Some(ds);
    if from.name != ds.name() {
        cx.push(case_diag(&[from], ds.name()));
    }
}

fn unknown_dataset(cx: &mut Ctx<'_>, from: &Ident, fam: Option<Family>) {
    let candidates: Vec<&str> = match fam {
        Some(f) => cx.catalog.datasets_of(f).map(Dataset::name).collect(),
        None => cx.catalog.datasets().iter().map(Dataset::name).collect(),
    };
    let infos: Vec<&crate::schema::FamilyInfo> = match fam {
        Some(f) => cx.catalog.family(f).into_iter().collect(),
        None => cx.catalog.families().iter().collect(),
    };
    // Against an authoritative listing (pulled or supplied) a missing dataset
    // is an error, whatever family detection found: only when every family
    // it could belong to is an incomplete snapshot may the service have it.
    let complete =
        infos.iter().all(|i| i.datasets_complete) || infos.iter().any(|i| i.authoritative);
    let s = Suggestions::new(&from.name, candidates.iter().copied());
    let whose = fam.map_or("the catalog".to_string(), |f| family_title(f).to_string());
    if !complete && !s.is_typo(&from.name) {
        let mut help = String::from(
            "the bundled list of datasets is incomplete, so the service may offer it; \
             `pcql schemas pull` fetches the datasets your tenant offers",
        );
        if let Some(m) = s.did_you_mean() {
            help = format!("{m} Otherwise: {help}");
        }
        cx.push(
            Diagnostic::new(
                Code::UndocumentedDataset,
                from.span,
                format!(
                    "`{}` is not in the bundled list of datasets of {whose}",
                    from.name
                ),
            )
            .with_label("undocumented dataset")
            .with_help(help),
        );
        return;
    }
    let help = s.did_you_mean().unwrap_or_else(|| {
        format!(
            "the datasets are: {}",
            some_names(candidates.iter().copied())
        )
    });
    let mut d = Diagnostic::new(
        Code::UnknownDataset,
        from.span,
        match fam {
            Some(_) => format!("`{}` is not a dataset of {whose}", from.name),
            None => format!("`{}` is not a dataset in the catalog", from.name),
        },
    )
    .with_label("unknown dataset")
    .with_help(help);
    if let Some(c) = s.clear {
        d = d.with_fix(replace_all(
            format!("replace `{}` by `{c}`", from.name),
            &[from],
            c,
            true,
        ));
    }
    cx.push(d);
}

/// PQ2005 for the occurrences `at` of a name the catalog spells `spelling`.
fn case_diag(at: &[&Ident], spelling: &str) -> Diagnostic {
    let mut d = Diagnostic::new(
        Code::NameCase,
        at[0].span,
        format!("`{}` is spelled `{spelling}` in the catalog", at[0].name),
    )
    .with_label("written in another case")
    .with_help(format!(
        "names are case-insensitive, so this works; write `{spelling}` to match the catalog and the service's output"
    ))
    .with_fix(replace_all(format!("write `{spelling}`"), at, spelling, true));
    for i in &at[1..] {
        d = d.with_related(i.span, "also here");
    }
    d
}

/// PQ2006 for `select[i]`, a repeat of `first`; the fix removes the repeat.
fn duplicate(select: &[Ident], i: usize, first: &Ident) -> Diagnostic {
    let item = &select[i];
    // The repeat and the comma before it; just the name if the spans are odd.
    let prev = select[i - 1].span.end;
    let remove = if prev <= item.span.start {
        Span::new(prev, item.span.end)
    } else {
        item.span
    };
    Diagnostic::new(
        Code::DuplicateName,
        item.span,
        format!("`{}` is selected twice", item.name),
    )
    .with_label("selected again here")
    .with_related(first.span, "first selected here")
    .with_help("select each name once")
    .with_fix(Fix::safe(
        format!("remove the second `{}`", item.name),
        vec![Edit::delete(remove)],
    ))
}

/// A map keyed by a name's ASCII lower-case form.
type NameMap<V> = HashMap<compact_str::CompactString, V, FastHash>;

/// Where each name (case-insensitive) first stands in SELECT: one pass, so
/// finding the item a repeat repeats costs one lookup, not a scan.
fn first_in_select(select: &[Ident]) -> NameMap<usize> {
    let mut first = NameMap::with_capacity_and_hasher(select.len(), Default::default());
    for (i, s) in select.iter().enumerate() {
        first.entry(s.name.to_ascii_lowercase()).or_insert(i);
    }
    first
}

/// The earlier SELECT item that `select[i]` repeats, if any.
fn earlier<'a>(select: &'a [Ident], first: &NameMap<usize>, i: usize) -> Option<&'a Ident> {
    let f = *first.get(&select[i].name.to_ascii_lowercase())?;
    (f < i).then(|| &select[f])
}

/// PQ2006 when the dataset is unknown.
pub(super) fn duplicates(cx: &mut Ctx<'_>) {
    let select = &cx.query.select;
    let first = first_in_select(select);
    for i in 1..select.len() {
        if let Some(f) = earlier(select, &first, i) {
            cx.push(duplicate(select, i, f));
        }
    }
}

/// A set of positions among a dataset's names (on the stack for up to 256).
struct Seen {
    small: [u64; 4],
    big: Vec<u64>,
}

impl Seen {
    fn new(n: usize) -> Self {
        let big = if n > 256 {
            vec![0; n.div_ceil(64)]
        } else {
            Vec::new()
        };
        Seen { small: [0; 4], big }
    }

    /// Add `p`; false when it was there already.
    fn insert(&mut self, p: usize) -> bool {
        let words: &mut [u64] = if self.big.is_empty() {
            &mut self.small
        } else {
            &mut self.big
        };
        let Some(w) = words.get_mut(p / 64) else {
            return true;
        };
        let bit = 1u64 << (p % 64);
        let fresh = *w & bit == 0;
        *w |= bit;
        fresh
    }
}

/// Metric flags and PQ2006 for `select[i]`, whose lookup gave `found`.
fn select_item(
    cx: &mut Ctx<'_>,
    seen: &mut Seen,
    first: &mut Option<NameMap<usize>>,
    i: usize,
    found: Option<(usize, NameRef<'_>)>,
) {
    let select = &cx.query.select;
    let repeated = match found {
        Some((p, n)) => {
            if n.is_metric {
                cx.first_metric.get_or_insert(i);
            } else {
                cx.all_metrics = false;
            }
            !seen.insert(p)
        }
        None => {
            cx.all_metrics = false;
            i > 0
        }
    };
    if repeated {
        let first = first.get_or_insert_with(|| first_in_select(select));
        if let Some(f) = earlier(select, first, i) {
            cx.push(duplicate(select, i, f));
        }
    }
}

/// PQ2003, PQ2004, PQ2005, PQ2007 for every distinct name of SELECT, WHERE and
/// ORDER BY (all occurrences of a name in one diagnostic, reported where the
/// first of them stands). The names are grouped in one pass, so the check is
/// linear in the number of names.
///
/// The common case, every name found in the catalog's spelling, costs one
/// lookup per name and builds no map: the maps of SELECT's first occurrences
/// and of each name's occurrences are built the first time they are needed
/// (a repeat, or a name not in the catalog's spelling), from all the names,
/// so building them late gives what building them first would.
pub(super) fn columns(cx: &mut Ctx<'_>) {
    let Some(ds) = cx.dataset else { return };
    let q = cx.query;
    let mut seen = Seen::new(ds.name_count());
    cx.all_metrics = !q.select.is_empty();
    let refs: Vec<&Ident> = q.column_refs().collect();
    let mut first: Option<NameMap<usize>> = None;
    // Each name's occurrences, by its lower-case form.
    let mut groups: Option<NameMap<Vec<usize>>> = None;
    let filters = q.select.len()..q.select.len() + q.filters.len();
    cx.filter_names = Vec::with_capacity(q.filters.len());
    for (i, r) in refs.iter().enumerate() {
        let found = ds.lookup(&r.name);
        if i < q.select.len() {
            select_item(cx, &mut seen, &mut first, i, found);
        }
        let found = found.map(|(_, n)| n);
        if filters.contains(&i) {
            cx.filter_names.push(found);
        }
        if found.is_some_and(|n| n.name == r.name) {
            continue;
        }
        let key = r.name.to_ascii_lowercase();
        let groups = groups.get_or_insert_with(|| {
            let mut g = NameMap::<Vec<usize>>::default();
            for (j, r) in refs.iter().enumerate() {
                g.entry(r.name.to_ascii_lowercase()).or_default().push(j);
            }
            g
        });
        // Reported once per name, at the first occurrence that gets here.
        let Some(group) = groups.remove(&key) else {
            continue;
        };
        match found {
            Some(n) => {
                let first = first.get_or_insert_with(|| first_in_select(&q.select));
                // Whether `refs[j]` repeats an earlier SELECT item (PQ2006 removes it).
                let is_repeat = |j: usize| {
                    j < q.select.len() && first.get(key.as_str()).is_some_and(|&f| f < j)
                };
                let at: Vec<&Ident> = group
                    .iter()
                    .filter(|&&j| refs[j].name != n.name && !is_repeat(j))
                    .map(|&j| refs[j])
                    .collect();
                if !at.is_empty() {
                    cx.push(case_diag(&at, n.name));
                }
            }
            None => {
                let group: Vec<&Ident> = group.iter().map(|&j| refs[j]).collect();
                let d = missing_name(cx, ds, &group);
                cx.push(d);
            }
        }
    }
}

fn with_others(mut d: Diagnostic, group: &[&Ident]) -> Diagnostic {
    for g in &group[1..] {
        d = d.with_related(g.span, "also here");
    }
    d
}

fn missing_name(cx: &Ctx<'_>, ds: &Dataset, group: &[&Ident]) -> Diagnostic {
    let name = group[0].name.as_str();
    if let Some(r) = cx.catalog.retired_name(ds.name(), name) {
        let when = if r.last_seen.is_empty() {
            String::new()
        } else {
            format!(" (last seen in {})", r.last_seen)
        };
        let d = Diagnostic::new(
            Code::RetiredName,
            group[0].span,
            format!("`{name}` was retired from `{}`", ds.name()),
        )
        .with_label("retired name");
        let d = match cx.catalog.successor(ds, name) {
            Some(s) => d
                .with_help(format!("the service no longer offers it{when}; use `{s}` instead"))
                .with_fix(replace_all(format!("use `{s}`"), group, s, false)),
            None => d.with_help(format!(
                "the service no longer offers it{when}; remove it (`pcql schemas pull` lists what `{}` offers now)",
                ds.name()
            )),
        };
        return with_others(d, group);
    }
    let s = Suggestions::new(name, ds.names().map(|n| n.name));
    let authoritative = cx.catalog.is_authoritative_for(ds.family());
    if !authoritative && !ds.is_complete() && !s.is_typo(name) {
        let mut help = format!(
            "the bundled list of `{}`'s columns and metrics is incomplete, so the service may offer it; \
             `pcql schemas pull` fetches the complete list",
            ds.name()
        );
        if let Some(m) = s.did_you_mean() {
            help = format!("{m} Otherwise: {help}");
        }
        let d = Diagnostic::new(
            Code::UndocumentedName,
            group[0].span,
            format!(
                "`{name}` is not in the bundled list of `{}`'s columns and metrics",
                ds.name()
            ),
        )
        .with_label("undocumented name")
        .with_help(help);
        return with_others(d, group);
    }
    let help = s
        .did_you_mean()
        .or_else(|| elsewhere(cx, ds, name))
        .unwrap_or_else(|| {
            let all: Vec<&str> = ds.names().map(|n| n.name).collect();
            format!("`{}` has: {}", ds.name(), some_names(all.into_iter()))
        });
    let mut d = Diagnostic::new(
        Code::UnknownName,
        group[0].span,
        format!("`{name}` is not a column or metric of `{}`", ds.name()),
    )
    .with_label("unknown name")
    .with_help(help);
    if let Some(c) = s.clear {
        d = d.with_fix(replace_all(
            format!("replace `{name}` by `{c}`"),
            group,
            c,
            true,
        ));
    }
    with_others(d, group)
}

/// "`name` is a column of `A` and `B`", when other datasets of the family have it.
fn elsewhere(cx: &Ctx<'_>, ds: &Dataset, name: &str) -> Option<String> {
    let others: Vec<&str> = cx
        .catalog
        .datasets_of(ds.family())
        .filter(|o| o.name() != ds.name())
        .filter(|o| o.column(name).is_some())
        .map(Dataset::name)
        .collect();
    let (first, rest) = others.split_first()?;
    let kind = cx
        .catalog
        .dataset(first, Some(ds.family()))
        .and_then(|o| o.column(name))
        .map_or("column", |n| if n.is_metric { "metric" } else { "column" });
    let mut list = vec![*first];
    list.extend(rest.iter().take(3));
    Some(format!(
        "`{name}` is a {kind} of {}, not of `{}`",
        crate::suggest::and_list(&list),
        ds.name()
    ))
}

/// The fix for `SELECT *` (PQ1101, reported by the parser) once the dataset is
/// known: replace the `*` at `star` by the dataset's columns, in the catalog's
/// order and spelling. Metrics are left out (selecting them aggregates the
/// rows). Safe when the column list is complete; otherwise unsafe, since the
/// bundled list may miss columns.
pub fn select_star_fix(dataset: &Dataset, star: Span) -> Fix {
    let list = dataset.columns().join(", ");
    let message = format!(
        "list the {} columns of `{}`",
        dataset.columns().len(),
        dataset.name()
    );
    let edits = vec![Edit::replace(star, list)];
    if dataset.columns_complete() {
        Fix::safe(message, edits)
    } else {
        Fix::unsafe_(message, edits)
    }
}
