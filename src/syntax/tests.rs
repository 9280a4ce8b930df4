//! Unit tests of the parser: trees, codes and what the safe fixes produce.

use super::*;
use crate::ast::{Direction, Operator, Value};
use crate::diagnostic::{Fix, apply_fixes};

fn codes(text: &str) -> Vec<Code> {
    parse(text).diagnostics.iter().map(|d| d.code).collect()
}

/// Apply every safe fix, reparsing until nothing changes.
fn fixed(text: &str) -> String {
    let mut text = text.to_string();
    for _ in 0..6 {
        let p = parse(&text);
        let safe: Vec<&Fix> = p
            .diagnostics
            .iter()
            .flat_map(|d| &d.fixes)
            .filter(|f| f.is_safe())
            .collect();
        let (next, n) = apply_fixes(&text, safe).expect("fix edits lie in the text");
        if n == 0 {
            break;
        }
        text = next;
    }
    text
}

#[test]
fn valid_query_has_full_tree() {
    let p = parse(
        "select distinct a,b from C where x>=-2.5 and y not in ('a','b''c') and z like '%q%' \
         order by a asc, b limit 10 timespan last_month;",
    );
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    let q = &p.query;
    assert!(q.distinct);
    assert_eq!(q.select.len(), 2);
    assert_eq!(q.filters[0].op, Operator::Ge);
    assert_eq!(q.filters[1].op, Operator::NotIn);
    match &q.filters[1].value {
        Value::List(l) => assert_eq!(l.items.len(), 2),
        Value::Literal(_) => panic!("expected a list"),
    }
    assert_eq!(q.order_by[0].direction, Some(Direction::Asc));
    assert_eq!(q.order_by[1].direction, None);
    assert_eq!(q.timespan.as_ref().unwrap().name.name, "LAST_MONTH");
    let c = &q.clauses;
    assert_eq!(c.select.unwrap().start, 0);
    assert!(c.from.is_some() && c.where_.is_some() && c.order_by.is_some() && c.limit.is_some());
    assert_eq!(
        q.to_string(),
        "SELECT DISTINCT a, b FROM C WHERE x >= -2.5 AND y NOT IN ('a', 'b''c') AND z LIKE '%q%' \
         ORDER BY a ASC, b LIMIT 10 TIMESPAN LAST_MONTH"
    );
}

#[test]
fn clause_spans_cover_keyword_to_last_token() {
    let text = "SELECT a FROM b WHERE x = 1 TIMESPAN today";
    let q = parse(text).query;
    assert_eq!(q.clauses.where_.unwrap().slice(text), "WHERE x = 1");
    assert_eq!(q.clauses.timespan.unwrap().slice(text), "TIMESPAN today");
    assert_eq!(q.span.slice(text), text);
}

#[test]
fn syntax_codes() {
    assert_eq!(
        codes("SELECT a FROM b WHERE x = 'abc"),
        [Code::UnterminatedString]
    );
    assert_eq!(
        codes("SELECT a FROM b WHERE x = 1 # "),
        [Code::InvalidCharacter]
    );
    assert_eq!(
        codes("SELECT a FROM b WHERE x = 6096xxx"),
        [Code::InvalidNumber]
    );
    assert_eq!(codes("SELECT a FROM b WHERE x = ‘US’"), [Code::CurlyQuote]);
    assert_eq!(codes("a FROM b"), [Code::MissingSelect]);
    assert_eq!(codes("SELECT a WHERE x = 1"), [Code::MissingFrom]);
    assert_eq!(codes("SELECT a FROM WHERE x = 1"), [Code::ExpectedName]);
    assert_eq!(codes("SELECT a b FROM c"), [Code::MissingComma]);
    assert_eq!(codes("SELECT a, FROM c"), [Code::TrailingComma]);
    assert_eq!(
        codes("SELECT a FROM c LIMIT 1 WHERE x = 1"),
        [Code::ClauseOrder]
    );
    assert_eq!(
        codes("SELECT a FROM c LIMIT 1 LIMIT 2"),
        [Code::DuplicateClause]
    );
    assert_eq!(
        codes("SELECT a FROM c ORDER BY a ASC ASC"),
        [Code::RepeatedDirection]
    );
    assert_eq!(
        codes("SELECT a FROM c TIMESPAN LAST_WEEK"),
        [Code::UnknownDateRange]
    );
    assert_eq!(
        codes("SELECT a FROM c WHERE x = AND y = 1"),
        [Code::MissingValue]
    );
    assert_eq!(codes("SELECT a FROM c WHERE x IN ()"), [Code::EmptyList]);
    assert_eq!(codes("SELECT a FROM c WHERE"), [Code::UnexpectedEnd]);
    assert_eq!(codes("SELECT a FROM c; x"), [Code::TrailingInput]);
    assert_eq!(
        codes("SELECT a FROM c WHERE x 'US'"),
        [Code::MissingOperator]
    );
    assert_eq!(codes("SELECT a FROM c LIMIT 'x'"), [Code::UnexpectedToken]);
}

#[test]
fn foreign_codes() {
    let cases: &[(&str, Code)] = &[
        ("SELECT * FROM c", Code::SelectStar),
        ("SELECT a FROM c WHERE x = 1 OR y = 2", Code::OrCondition),
        (
            "SELECT a FROM c WHERE (x = 1)",
            Code::ParenthesizedCondition,
        ),
        ("SELECT a FROM c WHERE NOT x = 1", Code::NotCondition),
        ("SELECT a FROM c WHERE x BETWEEN 1 AND 2", Code::Between),
        ("SELECT a FROM c WHERE x IS NOT NULL", Code::IsNull),
        ("SELECT a FROM c GROUP BY a", Code::GroupBy),
        ("SELECT a FROM c HAVING a > 1", Code::Having),
        ("SELECT a FROM c LEFT JOIN d ON c.x = d.x", Code::Join),
        ("SELECT SUM(a) FROM c", Code::FunctionCall),
        ("SELECT a AS b FROM c", Code::Alias),
        (
            "SELECT a FROM c WHERE x IN (SELECT y FROM d)",
            Code::Subquery,
        ),
        ("SELECT TOP 5 a FROM c", Code::Top),
        ("SELECT a FROM c LIMIT 5 OFFSET 10", Code::Offset),
        ("SELECT \"a\" FROM c", Code::QuotedIdentifier),
        ("SELECT a FROM c WHERE x = \"US\"", Code::DoubleQuotedString),
        ("SELECT a FROM c WHERE x <> 1", Code::SqlOperator),
        ("SELECT a FROM c UNION SELECT a FROM d", Code::SetOperation),
        ("SELECT a FROM c ORDER BY 1", Code::PositionalOrderBy),
    ];
    for (text, code) in cases {
        let p = parse(text);
        assert_eq!(
            p.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(),
            [*code],
            "{text}"
        );
        assert!(p.diagnostics[0].help.is_some(), "{text}");
    }
}

#[test]
fn safe_fixes_produce_valid_queries() {
    let cases = [
        (
            "SELECT a FROM c WHERE x = 1 OR x = 2",
            "SELECT a FROM c WHERE x IN (1, 2)",
        ),
        (
            "SELECT a FROM c WHERE y = 1 AND (x = 'a' OR X = 'b')",
            "SELECT a FROM c WHERE y = 1 AND x IN ('a', 'b')",
        ),
        (
            "SELECT a FROM c WHERE (x = 1) AND y = 2",
            "SELECT a FROM c WHERE x = 1 AND y = 2",
        ),
        (
            "SELECT a FROM c WHERE NOT x IN (1)",
            "SELECT a FROM c WHERE x NOT IN (1)",
        ),
        (
            "SELECT a FROM c WHERE x BETWEEN 1 AND 5",
            "SELECT a FROM c WHERE x >= 1 AND x <= 5",
        ),
        ("SELECT a AS b FROM c", "SELECT a FROM c"),
        (
            "SELECT TOP 5 a FROM c ORDER BY a DESC TIMESPAN TODAY",
            "SELECT a FROM c ORDER BY a DESC LIMIT 5 TIMESPAN TODAY",
        ),
        ("SELECT [a], `b` FROM \"c\"", "SELECT a, b FROM c"),
        (
            "SELECT a FROM c WHERE x = \"it's\"",
            "SELECT a FROM c WHERE x = 'it''s'",
        ),
        (
            "SELECT a FROM c WHERE x == 1 AND y <> 2",
            "SELECT a FROM c WHERE x = 1 AND y != 2",
        ),
        (
            "SELECT a, b FROM c ORDER BY 2",
            "SELECT a, b FROM c ORDER BY b",
        ),
        (
            "SELECT a FROM c LIMIT 10 ORDER BY x",
            "SELECT a FROM c ORDER BY x LIMIT 10",
        ),
        (
            "SELECT a FROM c TIMESPAN LAST_MONTH WHERE x = 1",
            "SELECT a FROM c WHERE x = 1 TIMESPAN LAST_MONTH",
        ),
        (
            "SELECT a FROM c TIMESPAN TODAY LIMIT 1 WHERE x = 1",
            "SELECT a FROM c WHERE x = 1 LIMIT 1 TIMESPAN TODAY",
        ),
        ("SELECT a b, FROM c", "SELECT a, b FROM c"),
        (
            "SELECT a FROM c WHERE x = ‘US’",
            "SELECT a FROM c WHERE x = 'US'",
        ),
        (
            "SELECT a FROM c TIMESPAN LAST_6_MONTH",
            "SELECT a FROM c TIMESPAN LAST_6_MONTHS",
        ),
        (
            "SELECT a FROM c ORDER BY a DESC DESC",
            "SELECT a FROM c ORDER BY a DESC",
        ),
        ("SELECT a FORM c", "SELECT a FROM c"),
        ("SELECT a FROM c ORDER a", "SELECT a FROM c ORDER BY a"),
        (
            "SELECT a FROM c WHERE x >= 2021-01-01",
            "SELECT a FROM c WHERE x >= '2021-01-01'",
        ),
        ("FROM c SELECT a", "SELECT a FROM c"),
        (
            "SELECT a FROM c t WHERE t.x = 1",
            "SELECT a FROM c WHERE x = 1",
        ),
    ];
    for (broken, want) in cases {
        let got = fixed(broken);
        assert_eq!(got, want, "fixing {broken}");
        assert!(parse(&got).diagnostics.is_empty(), "{got}");
    }
}

#[test]
fn recovery_keeps_what_it_can() {
    let p = parse("SELECT a, , b FROM c WHERE x = = 1 AND y = 2 ORDER BY b LIMIT 5");
    assert!(p.has_errors());
    assert_eq!(p.query.from.as_ref().unwrap().name, "c");
    assert_eq!(p.query.order_by.len(), 1);
    assert_eq!(p.query.limit.as_ref().unwrap().value.text, "5");
    // After OR, the following conditions are still read.
    let p = parse("SELECT a FROM c WHERE x = 1 OR y = 2 AND z = 3");
    assert_eq!(p.query.filters.len(), 3);
    assert!(p.diagnostics.iter().all(|d| d.code == Code::OrCondition));
    // An unclosed list keeps its values.
    let p = parse("SELECT a FROM c WHERE x IN (1, 2");
    assert_eq!(p.query.filters.len(), 1);
    assert_eq!(codes("SELECT a FROM c;;"), []);
    // A bad number is still read as a value so that later checks run.
    let p = parse("SELECT a FROM c WHERE MpnId = 6096xxx");
    assert_eq!(p.query.filters.len(), 1);
}

#[test]
fn names_that_are_sql_words_stay_names() {
    let p = parse("SELECT Offset, Top, Left FROM ISVOfferRetention WHERE Offset > 1 ORDER BY Top");
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    assert_eq!(p.query.select.len(), 3);
}

#[test]
fn spans_lie_on_char_boundaries() {
    let text = "SELECT é, ‘x FROM “y” WHERE ü = ’é’ TIMESPAN ñ";
    let p = parse(text);
    for d in &p.diagnostics {
        assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
        for e in d.fixes.iter().flat_map(|f| &f.edits) {
            assert!(text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end));
        }
    }
}

#[test]
fn files_split_on_semicolons_outside_strings() {
    let text = "-- pcql: allow PQ5001, distinct-with-metric, PQ0000\nSELECT a FROM b WHERE x = 'a;b';\n;;\n  SELECT c FROM d; -- done\n";
    let st = parse_file(text);
    assert_eq!(st.len(), 2);
    assert_eq!(st[0].directives.len(), 1);
    assert_eq!(
        st[0].directives[0].codes,
        [Code::DistinctWithMetric, Code::DistinctWithMetric]
    );
    assert_eq!(
        st[0].diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(),
        [Code::UnknownSuppression]
    );
    assert_eq!(st[0].diagnostics[0].span.slice(text), "PQ0000");
    assert_eq!(st[1].span.slice(text), "SELECT c FROM d");
    assert_eq!(st[1].query.from.as_ref().unwrap().span.slice(text), "d");
    assert!(st[1].directives.is_empty());
}

#[test]
fn comments_with_multibyte_text_do_not_split_chars() {
    assert!(parse_file("--‘y’ <>").is_empty());
    assert!(
        parse_file("-- pcql:é allow ü,PQ1001\nSELECT a FROM b")[0]
            .directives
            .is_empty()
    );
}

#[test]
fn empty_input() {
    assert_eq!(codes("  -- nothing\n"), [Code::UnexpectedEnd]);
    assert!(parse_file(";; -- x\n").is_empty());
}

#[test]
fn top_fix_never_inserts_inside_its_own_deletion() {
    // `SELECT TOP 2 =`: the SELECT clause ends at `2`, inside `TOP 2 `.
    for text in [
        "SELECT TOP 2 =",
        "SELECT TOP 2 ",
        "SELECT TOP 2",
        "SELECT TOP 2 , x",
    ] {
        let p = parse(text);
        let fixes: Vec<&Fix> = p.diagnostics.iter().flat_map(|d| &d.fixes).collect();
        assert!(!fixes.is_empty(), "{text}");
        for f in &fixes {
            assert!(f.is_applicable(), "{text}: {f:?}");
            apply_fixes(text, [*f]).unwrap();
        }
        let once = fixed(text);
        assert!(
            once.contains("LIMIT 2") && !once.contains("TOP"),
            "{text} -> {once}"
        );
    }
}

#[test]
fn no_comma_is_inserted_inside_an_unclosed_string() {
    // Found by the `fixes` fuzz target: each run of --fix added a comma to
    // the string, and asked for one again.
    let text = "SELECT',,\n_MONTHr, x FROM c";
    let once = fixed(text);
    assert_eq!(fixed(&once), once);
    assert!(!once.contains(",,,"), "{once:?}");
}

#[test]
fn no_comma_is_inserted_inside_an_unclosed_string_in_a_list() {
    // Found by the `fixes` fuzz target: in an IN list, a string left open
    // at the end of its line, then a value on the next line; the fix put the
    // missing comma at the end of the open string, inside it, on every round.
    let text = "SELECT a FROM b WHERE c IN ('x,,\n'y') TIMESPAN LAST_MONTH";
    let once = fixed(text);
    assert_eq!(fixed(&once), once);
    assert!(!once.contains(",,,"), "{once:?}");
}

#[test]
fn no_operator_is_inserted_inside_an_unclosed_name() {
    // The same hole as the commas: a quoted name left open at the end of
    // its line, then a value; `=` at the name's end would go inside it.
    let text = "SELECT a FROM b WHERE \"c\n'x' TIMESPAN LAST_MONTH";
    let p = parse(text);
    let d = p
        .diagnostics
        .iter()
        .find(|d| d.code == Code::MissingOperator)
        .expect("a missing operator is reported");
    assert!(d.fixes.is_empty(), "{:?}", d.fixes);
}
