//! Properties: no input panics; generated queries round-trip through
//! `Display` and `parse`; noise in a valid query is reported.

use proptest::prelude::*;

use pcql::ast::{
    Condition, DateRange, Direction, Ident, Limit, List, Literal, Number, Operator, OrderKey,
    Query, StringLit, Timespan, Value,
};
use pcql::span::Span;
use pcql::syntax::is_reserved;
use pcql::syntax::{parse, parse_file};

fn id(name: String) -> Ident {
    Ident {
        name: name.into(),
        span: Span::default(),
    }
}

/// Names of the language, including words that are SQL but not reserved here.
fn name() -> impl Strategy<Value = Ident> {
    prop_oneof![
        4 => "[A-Za-z][A-Za-z0-9_]{0,12}"
            .prop_filter("reserved word", |s| !is_reserved(s)),
        1 => prop::sample::select(vec!["Offset", "Top", "Left", "Group", "Having", "Union", "Is", "As", "Null", "Or"])
            .prop_map(String::from),
    ]
    .prop_map(id)
}

fn number() -> impl Strategy<Value = Literal> {
    "-?[0-9]{1,6}(\\.[0-9]{1,3})?".prop_map(|text| {
        Literal::Number(Number {
            text: text.into(),
            span: Span::default(),
        })
    })
}

fn string() -> impl Strategy<Value = Literal> {
    "[A-Za-z0-9%_'.;-]{0,8}".prop_map(|value| {
        Literal::String(StringLit {
            value: value.into(),
            span: Span::default(),
        })
    })
}

fn value(op: Operator) -> BoxedStrategy<Value> {
    if op.takes_list() {
        let list = |items: Vec<Literal>| {
            Value::List(List {
                items,
                span: Span::default(),
            })
        };
        prop_oneof![
            prop::collection::vec(number(), 1..4).prop_map(list),
            prop::collection::vec(string(), 1..4).prop_map(list),
        ]
        .boxed()
    } else {
        prop_oneof![number(), string()]
            .prop_map(Value::Literal)
            .boxed()
    }
}

fn condition() -> impl Strategy<Value = Condition> {
    (name(), prop::sample::select(Operator::ALL.to_vec())).prop_flat_map(|(column, op)| {
        value(op).prop_map(move |value| Condition {
            column: column.clone(),
            op,
            op_span: Span::default(),
            value,
            span: Span::default(),
        })
    })
}

fn order_key() -> impl Strategy<Value = OrderKey> {
    (
        name(),
        prop::option::of(prop::sample::select(vec![Direction::Asc, Direction::Desc])),
    )
        .prop_map(|(column, direction)| OrderKey {
            column,
            direction,
            direction_span: None,
            span: Span::default(),
        })
}

pub(super) fn query() -> impl Strategy<Value = Query> {
    (
        any::<bool>(),
        prop::collection::vec(name(), 1..8),
        name(),
        prop::collection::vec(condition(), 0..4),
        prop::collection::vec(order_key(), 0..3),
        prop::option::of(1u32..100_000),
        prop::option::of(prop::sample::select(DateRange::ALL.to_vec())),
    )
        .prop_map(
            |(distinct, select, from, filters, order_by, limit, ts)| Query {
                distinct,
                select,
                from: Some(from),
                filters,
                order_by,
                limit: limit.map(|n| Limit {
                    value: Number {
                        text: n.to_string().into(),
                        span: Span::default(),
                    },
                    span: Span::default(),
                }),
                timespan: ts.map(|r| Timespan {
                    name: id(r.as_str().to_string()),
                    span: Span::default(),
                }),
                ..Query::default()
            },
        )
}

const WORDS: &[&str] = &[
    "SELECT",
    "DISTINCT",
    "FROM",
    "WHERE",
    "AND",
    "OR",
    "ORDER",
    "BY",
    "ASC",
    "DESC",
    "LIMIT",
    "TIMESPAN",
    "LIKE",
    "NOT",
    "IN",
    "BETWEEN",
    "IS",
    "NULL",
    "GROUP",
    "HAVING",
    "JOIN",
    "AS",
    "WITH",
    "TOP",
    "OFFSET",
    "UNION",
    "a",
    "b_1",
    "6096xxx",
    "-3.5",
    "'x'",
    "'",
    "‘y’",
    "\"z\"",
    "[w]",
    "`v`",
    "(",
    ")",
    ",",
    ";",
    "*",
    "=",
    "==",
    "<>",
    "!=",
    "<=",
    ">=",
    "<",
    ">",
    ".",
    "#",
    "é",
    "--",
    "\n",
    "LAST_MONTH",
];

fn token_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::sample::select(WORDS),
            prop::sample::select(vec!["", " ", "\n"]),
        ),
        0..30,
    )
    .prop_map(|v| v.into_iter().map(|(w, s)| format!("{w}{s}")).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(std::env::var("PCQL_PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(256)))]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        let _ = parse(&text);
        let _ = parse_file(&text);
        let _ = pcql::syntax::format_file(&text);
    }

    #[test]
    fn token_soup_never_panics_and_spans_are_valid(text in token_soup()) {
        let p = parse(&text);
        for d in &p.diagnostics {
            prop_assert!(d.span.end <= text.len());
            prop_assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
        }
        for st in parse_file(&text) {
            prop_assert!(st.span.end <= text.len());
        }
        let _ = pcql::syntax::format_file(&text);
    }

    #[test]
    fn generated_queries_round_trip(q in query()) {
        let text = q.to_string();
        let p = parse(&text);
        prop_assert!(p.diagnostics.is_empty(), "{text}: {:?}", p.diagnostics);
        prop_assert_eq!(p.query.without_spans(), q.without_spans());
        // And as a file with a comment and a trailing `;`.
        let file = format!("-- q\n{text};\n");
        let st = parse_file(&file);
        prop_assert_eq!(st.len(), 1);
        prop_assert_eq!(st[0].query.without_spans(), q.without_spans());
    }

    #[test]
    fn noise_is_reported(
        q in query(),
        at in any::<prop::sample::Index>(),
        noise in prop::sample::select(vec!["#", "'", "@", ")", ",,", "SELECT", "==", "6096xxx", "GROUP BY a", "*"]),
    ) {
        let text = q.to_string();
        // Insert at a space outside string literals.
        let spaces: Vec<usize> = outside_strings(&text).filter(|&i| text.as_bytes()[i] == b' ').collect();
        let i = spaces[at.index(spaces.len())];
        let noisy = format!("{} {noise} {}", &text[..i], &text[i + 1..]);
        let p = parse(&noisy);
        prop_assert!(p.has_errors(), "{noisy}");
    }
}

/// Byte offsets of `text` that lie outside '…' strings.
pub(super) fn outside_strings(text: &str) -> impl Iterator<Item = usize> + '_ {
    let mut inside = false;
    text.bytes().enumerate().filter_map(move |(i, b)| {
        if b == b'\'' {
            inside = !inside;
        }
        (!inside && b != b'\'').then_some(i)
    })
}
