//! Integration tests: the published-query corpus parses and round-trips; each
//! SQL construct that is not the language, applied to a corpus query, is
//! reported with help.

use pcql::diagnostic::Code;
use pcql::syntax::parse;

pub(crate) fn corpus() -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/corpus/published-queries.json"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("corpus file"))
            .expect("corpus JSON");
    json.as_array()
        .expect("a list of queries")
        .iter()
        .map(|q| q["text"].as_str().expect("text").to_string())
        .collect()
}

#[test]
fn corpus_parses_and_round_trips() {
    let queries = corpus();
    assert!(queries.len() >= 20);
    for text in queries {
        let p = parse(&text);
        assert!(p.diagnostics.is_empty(), "{text}\n{:?}", p.diagnostics);
        assert!(!p.query.select.is_empty() && p.query.from.is_some());
        let again = parse(&p.query.to_string());
        assert!(again.diagnostics.is_empty());
        assert_eq!(
            again.query.without_spans(),
            p.query.without_spans(),
            "{text}"
        );
    }
}

/// A corpus query broken by one SQL habit, and the code it must produce.
pub(crate) fn broken(text: &str) -> Vec<(String, Code)> {
    let q = parse(text).query;
    let from = q.clauses.from.expect("FROM");
    let sel = q.clauses.select.expect("SELECT");
    let first = &q.select[0];
    let n = &first.name;
    let (head, tail) = (&text[..from.end], &text[from.end..]);
    let at_from = |s: &str| format!("{head}{s}{tail}");
    let after_select = &text[sel.start + "SELECT".len()..];
    vec![
        (
            format!("SELECT *{}", &text[from.start - 1..]),
            Code::SelectStar,
        ),
        (
            at_from(&format!(" WHERE {n} = 'a' OR {n} = 'b'")),
            Code::OrCondition,
        ),
        (
            at_from(&format!(" WHERE ({n} = 'a')")),
            Code::ParenthesizedCondition,
        ),
        (
            at_from(&format!(" WHERE NOT {n} = 'a'")),
            Code::NotCondition,
        ),
        (
            at_from(&format!(" WHERE {n} BETWEEN 1 AND 5")),
            Code::Between,
        ),
        (at_from(&format!(" WHERE {n} IS NULL")), Code::IsNull),
        (at_from(&format!(" GROUP BY {n}")), Code::GroupBy),
        (at_from(&format!(" HAVING {n} > 1")), Code::Having),
        (at_from(" JOIN Other ON a = b"), Code::Join),
        (
            format!("SELECT SUM({n}){}", &text[first.span.end..]),
            Code::FunctionCall,
        ),
        (
            format!(
                "{} AS x{}",
                &text[..first.span.end],
                &text[first.span.end..]
            ),
            Code::Alias,
        ),
        (
            at_from(&format!(" WHERE {n} IN (SELECT {n} FROM Other)")),
            Code::Subquery,
        ),
        (format!("SELECT TOP 10{after_select}"), Code::Top),
        (at_from(" LIMIT 10 OFFSET 5"), Code::Offset),
        (
            format!("SELECT \"{n}\"{}", &text[first.span.end..]),
            Code::QuotedIdentifier,
        ),
        (
            at_from(&format!(" WHERE {n} = \"US\"")),
            Code::DoubleQuotedString,
        ),
        (at_from(&format!(" WHERE {n} <> 'US'")), Code::SqlOperator),
        (format!("{text} UNION {text}"), Code::SetOperation),
        (at_from(" ORDER BY 1"), Code::PositionalOrderBy),
    ]
}

#[test]
fn held_out_broken_queries_are_reported_with_help() {
    let mut count = 0;
    for text in corpus() {
        for (bad, code) in broken(&text) {
            let p = parse(&bad);
            let d = p.diagnostics.iter().find(|d| d.code == code);
            let d = d.unwrap_or_else(|| panic!("{bad}\nexpected {code}, got {:?}", p.diagnostics));
            assert!(d.is_error());
            assert!(
                d.help.as_deref().is_some_and(|h| !h.is_empty()),
                "{code} without help"
            );
            assert!(
                !p.diagnostics
                    .iter()
                    .any(|d| d.code == Code::UnexpectedToken),
                "{bad}: a generic PQ1001 next to {code}: {:?}",
                p.diagnostics
            );
            count += 1;
        }
    }
    assert!(count >= 19 * 20);
}
