//! Property tests: built queries round-trip through the parser and check
//! clean; the dynamic builder and `pcql check` agree on mistakes.

use std::num::NonZeroU32;

use pcql::ast::{Direction, Operator, Query, Value};
use pcql::builder::range::{Last1Year, Last2Years, Last3Months, Last6Months, LastMonth, Lifetime};
use pcql::builder::values::EnumValue;
use pcql::builder::{Bit, Column, Decimal, DynamicQuery, Text, TypedQuery, YesNo, select};
use pcql::datasets::AzureLicenseType;
use pcql::datasets::cmp::ISVUsage as U;
use pcql::datasets::mpn::CustomersAndTenants as C;
use pcql::diagnostic::Severity;
use pcql::schema::{Catalog, ColumnType, NameRef};
use proptest::prelude::*;
use proptest::sample::subsequence;

use super::{findings, pcql_check};

const TEXT: [Column<C, Text>; 8] = [
    C::CUSTOMER_NAME,
    C::CUSTOMER_MARKET,
    C::PRODUCT,
    C::SKU,
    C::MONTH,
    C::CUSTOMER_TENANT_ID,
    C::SALES_CHANNEL,
    C::TOP_SEGMENT,
];
const NUMBERS: [Column<C, Decimal>; 3] = [
    C::BILLED_REVENUE_USD,
    C::CUSTOMER_COUNT,
    C::AZURE_CONSUMED_REVENUE_USD,
];

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 128,
        ..ProptestConfig::default()
    }
}

/// A string value: any characters the language can hold, quotes included.
fn text_value() -> impl Strategy<Value = String> {
    "[A-Za-z0-9 '%_.-]{0,10}"
}

/// Assert that `q` built clean and that its text parses back to the same tree,
/// spans included, and checks clean.
fn assert_round_trip(built: Result<pcql::check::Checked<Query>, pcql::check::CheckError>) {
    let checked = built.unwrap_or_else(|e| panic!("build failed: {e:#?}"));
    let text = checked.to_string();
    let (parsed, diags) = pcql_check(&text);
    let bad: Vec<_> = diags
        .iter()
        .filter(|d| d.severity != Severity::Advice)
        .collect();
    assert!(bad.is_empty(), "`{text}`: {bad:#?}");
    assert_eq!(parsed.without_spans(), checked.without_spans(), "`{text}`");
    assert_eq!(&parsed, checked.value(), "spans of `{text}`");
}

/// One filter per column (so no two contradict) on `CustomersAndTenants`.
fn typed_query() -> impl Strategy<Value = TypedQuery<C>> {
    (
        subsequence(TEXT.to_vec(), 1..=4),
        subsequence(NUMBERS.to_vec(), 0..=2),
        any::<bool>(),
        prop::collection::vec((0usize..6, text_value()), 0..=3),
        (0usize..4, -1.0e6f64..1.0e6),
        prop::option::of(1u32..1000),
        prop::option::of(0usize..5),
        any::<bool>(),
    )
        .prop_map(
            |(cols, nums, distinct, text_filters, num_filter, limit, ts, desc)| {
                let mut q = select(cols[0]);
                for c in &cols[1..] {
                    q = q.select(*c);
                }
                for m in &nums {
                    q = q.select(*m);
                }
                if distinct {
                    q = q.distinct();
                }
                for (i, (op, v)) in text_filters.into_iter().enumerate() {
                    let col = TEXT[i];
                    q = q.filter(match op {
                        0 => col.eq(v),
                        1 => col.ne(v),
                        2 => col.like(format!("{v}%")),
                        3 => col.not_like(v),
                        4 => col.is_in([v.clone(), format!("{v}x")]),
                        _ => col.not_in([v]),
                    });
                }
                let (op, n) = num_filter;
                q = q.filter(match op {
                    0 => C::BILLED_REVENUE_USD.gt(n),
                    1 => C::BILLED_REVENUE_USD.le(n),
                    2 => C::BILLED_REVENUE_USD.ne(n.round() as i64),
                    _ => C::BILLED_REVENUE_USD.is_in([n, n + 1.0]),
                });
                q = q.filter(C::IS_DUPLICATE_ROW_FOR_PGA.eq(Bit::Zero));
                q = q.order_by(if desc { cols[0].desc() } else { cols[0].asc() });
                if let Some(n) = limit.and_then(NonZeroU32::new) {
                    q = q.limit(n);
                }
                match ts {
                    Some(0) => q.timespan(LastMonth),
                    Some(1) => q.timespan(Last3Months),
                    Some(2) => q.timespan(Last6Months),
                    Some(3) => q.timespan(Last1Year),
                    Some(_) => q.timespan(Last2Years),
                    None => q,
                }
            },
        )
}

/// Enum, date, GUID and number columns of a marketplace dataset.
fn typed_isv_query() -> impl Strategy<Value = TypedQuery<U>> {
    (
        subsequence(AzureLicenseType::ALL.to_vec(), 1..=3),
        (any::<bool>(), any::<bool>(), any::<bool>()),
        (2000u32..2100, 1u32..=12, 1u32..=28),
        any::<u128>(),
        -1.0e9f64..1.0e9,
        any::<bool>(),
    )
        .prop_map(
            |(licenses, (preview, private, desc), (y, m, d), guid, usage, lifetime)| {
                let g = format!("{guid:032x}");
                let guid = format!(
                    "{}-{}-{}-{}-{}",
                    &g[..8],
                    &g[8..12],
                    &g[12..16],
                    &g[16..20],
                    &g[20..]
                );
                let q = select((U::CUSTOMER_NAME, U::AZURE_LICENSE_TYPE, U::NORMALIZED_USAGE))
                    .filter(U::AZURE_LICENSE_TYPE.is_in(licenses))
                    .filter(U::IS_PREVIEW_SKU.eq(if preview { YesNo::Yes } else { YesNo::No }))
                    .filter(U::IS_PRIVATE_OFFER.ne(if private { Bit::One } else { Bit::Zero }))
                    .filter(U::MONTH_START_DATE.ge(format!("{y}-{m:02}-{d:02}")))
                    .filter(U::MARKETPLACE_SUBSCRIPTION_ID.eq(guid))
                    .filter(U::NORMALIZED_USAGE.gt(usage))
                    .order_by(if desc {
                        U::NORMALIZED_USAGE.desc()
                    } else {
                        U::NORMALIZED_USAGE.asc()
                    });
                if lifetime {
                    q.timespan(Lifetime)
                } else {
                    q.timespan(LastMonth)
                }
            },
        )
}

/// A value that fits what the hints know about `name`.
fn value_for(name: &NameRef<'_>, s: &str, n: i64, pick: usize) -> Value {
    use pcql::builder::Scalar;
    let lit = |v: Scalar| Value::Literal(v.into_literal());
    let hint = name.hint;
    if let Some(values) = hint.map(|h| &h.values).filter(|v| !v.is_empty()) {
        let v = &values[pick % values.len()];
        return match hint.and_then(|h| h.ty) {
            Some(ColumnType::Boolean01) => lit(Scalar::from(v.parse::<i64>().unwrap_or(0))),
            _ => lit(Scalar::from(v.as_str())),
        };
    }
    match hint.and_then(|h| h.ty) {
        _ if name.is_metric => lit(Scalar::from(n)),
        Some(ColumnType::Integer | ColumnType::Decimal) => lit(Scalar::from(n)),
        Some(ColumnType::Boolean01) => lit(Scalar::from(n.rem_euclid(2))),
        Some(ColumnType::YesNo) => lit(Scalar::from(["Yes", "N"][pick % 2])),
        Some(ColumnType::Date) => lit(Scalar::from("2024-01-31")),
        Some(ColumnType::DateTime) => lit(Scalar::from("2024-01-31 10:00:00")),
        Some(ColumnType::Guid) => lit(Scalar::from("6664daf3-c161-423a-92a1-0ea6db2c0384")),
        _ => lit(Scalar::from(s)),
    }
}

/// A valid query of any bundled dataset, as the dynamic builder's inputs.
#[derive(Debug, Clone)]
struct Spec {
    dataset: String,
    select: Vec<String>,
    filters: Vec<(String, Value)>,
    order: Option<(String, Direction)>,
    limit: Option<u32>,
    timespan: Option<String>,
}

fn spec() -> impl Strategy<Value = Spec> {
    let datasets = Catalog::bundled().datasets();
    (0..datasets.len())
        .prop_flat_map(|i| {
            let ds = &Catalog::bundled().datasets()[i];
            let names: Vec<usize> = (0..ds.names().count()).collect();
            (
                Just(i),
                subsequence(names.clone(), 1..=4.min(names.len())),
                subsequence(names, 0..=2),
                (text_value(), -100_000i64..100_000, any::<usize>()),
                prop::option::of((any::<bool>(), 1u32..500)),
                prop::option::of(any::<prop::sample::Index>()),
            )
        })
        .prop_map(|(i, sel, filt, (s, n, p), order, ts)| {
            let ds = &Catalog::bundled().datasets()[i];
            let names: Vec<NameRef<'_>> = ds.names().collect();
            let name = |j: usize| names[j].name.to_string();
            let ranges = ds.date_ranges();
            Spec {
                dataset: ds.name().to_string(),
                select: sel.iter().map(|&j| name(j)).collect(),
                filters: filt
                    .iter()
                    .map(|&j| (name(j), value_for(&names[j], &s, n, p)))
                    .collect(),
                order: order.map(|(d, _)| {
                    (
                        name(sel[0]),
                        if d { Direction::Asc } else { Direction::Desc },
                    )
                }),
                limit: order.map(|(_, l)| l),
                timespan: ts
                    .filter(|_| !ranges.is_empty())
                    .map(|ix| ix.get(ranges).clone()),
            }
        })
}

fn dynamic(spec: &Spec) -> DynamicQuery {
    let mut q = DynamicQuery::from(spec.dataset.as_str()).select_all(&spec.select);
    for (name, value) in &spec.filters {
        let op = if matches!(value, Value::List(_)) {
            Operator::In
        } else {
            Operator::Eq
        };
        q = q.filter(name, op, value.clone());
    }
    if let Some((name, dir)) = &spec.order {
        q = q.order_by(name, *dir);
    }
    if let Some(n) = spec.limit {
        q = q.limit(n);
    }
    if let Some(t) = &spec.timespan {
        q = q.timespan(t);
    }
    q
}

/// One mistake, applied to a valid spec.
fn mistake(mut s: Spec, kind: usize, other: usize, pos: usize) -> Spec {
    let catalog = Catalog::bundled();
    match kind {
        0 => {
            // Misspell a selected name: drop one character.
            let i = pos % s.select.len();
            let n = &mut s.select[i];
            n.remove(pos % n.len());
        }
        1 => {
            // A name of another dataset.
            let ds = &catalog.datasets()[other % catalog.datasets().len()];
            let names: Vec<_> = ds.names().collect();
            s.select.push(names[pos % names.len()].name.to_string());
        }
        2 => s.select.push(s.select[pos % s.select.len()].clone()),
        3 => {
            let c = s.select[0].clone();
            let lit = |v: &str| Value::Literal(pcql::builder::Scalar::from(v).into_literal());
            s.filters = vec![(c.clone(), lit("a")), (c, lit("b"))];
        }
        4 => {
            s.timespan = Some(["LIFETIME", "LAST_3_YEARS", "TODAY", "LAST_2_WEEKS"][pos % 4].into())
        }
        _ => s.dataset.insert(pos % s.dataset.len(), 'x'),
    }
    s
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn typed_queries_round_trip_and_check_clean(q in typed_query()) {
        assert_round_trip(q.build());
    }

    #[test]
    fn typed_enum_date_and_guid_values_round_trip_and_check_clean(q in typed_isv_query()) {
        assert_round_trip(q.build());
    }

    #[test]
    fn dynamic_queries_round_trip_and_check_clean(s in spec()) {
        assert_round_trip(dynamic(&s).build(Catalog::bundled()));
    }

    #[test]
    fn dynamic_builder_and_pcql_check_agree_on_mistakes(
        s in spec(), kind in 0usize..6, other in any::<usize>(), pos in any::<usize>()
    ) {
        let q = dynamic(&mistake(s, kind, other, pos));
        let text = q.to_string();
        let diags = match q.build(Catalog::bundled()) {
            Ok(checked) => checked.diagnostics().to_vec(),
            Err(diags) => diags.into_diagnostics(),
        };
        prop_assert_eq!(findings(&diags), findings(&pcql_check(&text).1), "`{}`", text);
    }
}
