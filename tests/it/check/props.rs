//! Property: the check never panics, whatever tree it is given (spans anywhere, names in any case, values of any kind), returns diagnostics in
//! order, and its fixes stay inside the spans it was given.

use pcql::ast::*;
use pcql::check::{CheckOptions, Checker, check};
use pcql::schema::{Catalog, Family};
use pcql::span::Span;
use proptest::prelude::*;

fn name() -> impl Strategy<Value = String> {
    let known: Vec<String> = Catalog::bundled()
        .datasets()
        .iter()
        .flat_map(|d| {
            d.names()
                .map(|n| n.name.to_string())
                .chain([d.name().to_string()])
        })
        .chain(["TotalACR", "PGA_MPNId", "CompetencySummaryHistory"].map(String::from))
        .collect();
    prop_oneof![
        proptest::sample::select(known).prop_flat_map(|n| {
            proptest::collection::vec(any::<bool>(), n.len()).prop_map(move |up| {
                n.chars()
                    .zip(up)
                    .map(|(c, u)| {
                        if u {
                            c.to_ascii_uppercase()
                        } else {
                            c.to_ascii_lowercase()
                        }
                    })
                    .collect()
            })
        }),
        "[A-Za-z_][A-Za-z0-9_]{0,12}",
    ]
}

fn span() -> impl Strategy<Value = Span> {
    (0usize..200, 0usize..200).prop_map(|(a, b)| Span::new(a.min(b), a.max(b)))
}

fn ident() -> impl Strategy<Value = Ident> {
    (name(), span()).prop_map(|(name, span)| Ident {
        name: name.into(),
        span,
    })
}

fn literal() -> impl Strategy<Value = Literal> {
    prop_oneof![
        ("-?[0-9]{1,4}(\\.[0-9]{1,2})?", span()).prop_map(|(text, span)| Literal::Number(Number {
            text: text.into(),
            span
        })),
        ("[ -~]{0,12}", span()).prop_map(|(value, span)| Literal::String(StringLit {
            value: value.into(),
            span
        })),
    ]
}

fn condition() -> impl Strategy<Value = Condition> {
    let value = prop_oneof![
        literal().prop_map(Value::Literal),
        (proptest::collection::vec(literal(), 0..4), span())
            .prop_map(|(items, span)| Value::List(List { items, span })),
    ];
    (
        ident(),
        proptest::sample::select(Operator::ALL.to_vec()),
        span(),
        value,
        span(),
    )
        .prop_map(|(column, op, op_span, value, span)| Condition {
            column,
            op,
            op_span,
            value,
            span,
        })
}

fn query() -> impl Strategy<Value = Query> {
    (
        any::<bool>(),
        proptest::collection::vec(ident(), 0..6),
        proptest::option::of(ident()),
        proptest::collection::vec(condition(), 0..5),
        proptest::collection::vec((ident(), proptest::option::of(any::<bool>()), span()), 0..3),
        proptest::option::of(("-?[0-9]{1,3}(\\.[0-9])?", span())),
        proptest::option::of((proptest::sample::select(DateRange::ALL.to_vec()), span())),
        proptest::option::of(span()),
        span(),
    )
        .prop_map(
            |(distinct, select, from, filters, order, limit, ts, sel, whole)| Query {
                distinct,
                select,
                from,
                filters,
                order_by: order
                    .into_iter()
                    .map(|(column, dir, span)| OrderKey {
                        column,
                        direction: dir.map(|d| if d { Direction::Asc } else { Direction::Desc }),
                        direction_span: None,
                        span,
                    })
                    .collect(),
                limit: limit.map(|(text, span)| Limit {
                    value: Number {
                        text: text.into(),
                        span,
                    },
                    span,
                }),
                timespan: ts.map(|(r, span)| Timespan {
                    name: Ident {
                        name: r.as_str().into(),
                        span,
                    },
                    span,
                }),
                clauses: ClauseSpans {
                    select: sel,
                    ..ClauseSpans::default()
                },
                span: whole,
                repaired: false,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn check_never_panics_and_keeps_its_order(q in query(), fam in proptest::option::of(proptest::sample::select(Family::ALL.to_vec()))) {
        let opts = CheckOptions { family: fam };
        let diags = check(&q, Catalog::bundled(), &opts);
        let mut sorted = diags.clone();
        sorted.sort();
        prop_assert_eq!(&diags, &sorted);
        for d in &diags {
            prop_assert!(d.span.start <= d.span.end, "{:?}", d);
            for e in d.fixes.iter().flat_map(|f| &f.edits) {
                prop_assert!(e.span.start <= e.span.end, "{:?}", d);
            }
        }
        let checker = Checker::new(Catalog::bundled()).with_family(fam);
        if let Ok(c) = checker.check_tree(&q) {
            // A certified tree prints as itself and checks clean as text.
            prop_assert_eq!(c.value().to_string(), q.to_string());
            prop_assert!(checker.check(&q.to_string()).iter().all(|d| !d.is_error()));
        }
    }
}
