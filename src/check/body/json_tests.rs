use super::*;

fn obj(text: &str) -> Vec<Member> {
    match parse(text).unwrap().value {
        Value::Object(m) => m,
        v => panic!("not an object: {v:?}"),
    }
}

fn err(text: &str) -> JsonError {
    parse(text).unwrap_err()
}

#[test]
fn spans_of_keys_and_values() {
    let text = r#" {"Name": "a", "n": -1.5e3, "b": [true, null], "o": {}} "#;
    let m = obj(text);
    assert_eq!(m.len(), 4);
    assert_eq!(m[0].key.text, "Name");
    assert_eq!(m[0].key.span.slice(text), "\"Name\"");
    assert_eq!(m[0].value.span.slice(text), "\"a\"");
    assert_eq!(m[1].value.value, Value::Number("-1.5e3".into()));
    assert_eq!(m[2].value.span.slice(text), "[true, null]");
    assert_eq!(m[3].value.span.slice(text), "{}");
}

#[test]
fn escapes_decode_and_map_back() {
    let text = r#"{"Query": "SELECT a\nFROM \"b\" \u00e9x"}"#;
    let m = obj(text);
    let s = &m[0].value.value;
    let Value::String(s) = s else { panic!() };
    assert_eq!(s.text, "SELECT a\nFROM \"b\" éx");
    assert!(!s.is_plain());
    // `FROM` in the decoded text maps onto `FROM` in the source.
    let from = s.text.find("FROM").unwrap();
    let mapped = s.map_span(Span::new(from, from + 4));
    assert_eq!(mapped.slice(text), "FROM");
    // The escaped quote and the escape for é map onto their escapes.
    let q = s.text.find('"').unwrap();
    assert_eq!(s.map_span(Span::new(q, q + 1)).slice(text), "\\\"");
    let e = s.text.find('é').unwrap();
    assert_eq!(s.map_span(Span::new(e, e + 2)).slice(text), "\\u00e9");
    assert_eq!(s.map_span(Span::new(e, e + 3)).slice(text), "\\u00e9x");
    // A span over the line break covers `\n`; the end maps to the content end.
    assert_eq!(s.map_span(Span::new(6, 10)).slice(text), " a\\nF");
    assert_eq!(s.map_offset(s.text.len()), text.len() - 2);
    assert_eq!(s.map_span(Span::empty(0)), Span::empty(11));
}

#[test]
fn plain_strings_shift() {
    let text = r#"{"Query": "SELECT a FROM b"}"#;
    let m = obj(text);
    let Value::String(s) = &m[0].value.value else {
        panic!()
    };
    assert!(s.is_plain());
    assert_eq!(s.map_span(Span::new(9, 13)).slice(text), "FROM");
}

#[test]
fn surrogate_pairs_and_lone_surrogates() {
    let m = obj(r#"{"a": "\ud83d\ude00 \ud800x"}"#);
    let Value::String(s) = &m[0].value.value else {
        panic!()
    };
    assert_eq!(s.text, "😀 \u{fffd}x");
}

#[test]
fn bom_and_duplicates_are_kept() {
    let m = obj("\u{feff}{\"a\": 1, \"A\": 2, \"a\": 3}");
    assert_eq!(m.len(), 3);
    assert_eq!(m[2].value.span, Span::new(25, 26));
}

#[test]
fn trailing_comma_has_a_safe_fix() {
    let e = err("{\"a\": 1,\n}");
    assert_eq!(e.span, Span::new(7, 8));
    assert!(e.message.contains("trailing comma"));
    assert!(e.fix.unwrap().is_safe());
}

#[test]
fn raw_line_break_in_string_is_fixed_by_escaping() {
    let text = "{\"Query\": \"SELECT a\nFROM b\tx\"}";
    let e = err(text);
    assert_eq!(e.span, Span::new(19, 20));
    let fix = e.fix.unwrap();
    let (fixed, _) = crate::diagnostic::apply_fixes(text, [&*fix]).unwrap();
    assert_eq!(fixed, "{\"Query\": \"SELECT a\\nFROM b\\tx\"}");
    assert!(parse(&fixed).is_ok());
}

#[test]
fn errors_point_at_the_problem() {
    let cases: &[(&str, usize, &str)] = &[
        ("", 0, "empty"),
        ("{'a': 1}", 1, "double quotes"),
        ("{\"a\" 1}", 5, "`:`"),
        ("{\"a\": 1 \"b\": 2}", 8, "`,` or `}`"),
        ("{\"a\": tru}", 6, "a value"),
        ("{\"a\": 01}", 6, "start with 0"),
        ("{\"a\": 1.}", 8, "decimal point"),
        ("{\"a\": \"x\\q\"}", 8, "not a JSON escape"),
        ("{\"a\": \"\\u12\"}", 7, "four hexadecimal"),
        ("{\"a\": \"open", 6, "closing"),
        ("{} {}", 3, "after the end"),
        ("[1, 2", 5, "ends here"),
        ("{\"a\": 1} // c", 9, "after the end"),
    ];
    for &(text, at, needle) in cases {
        let e = err(text);
        assert_eq!(e.span.start, at, "{text}: {e:?}");
        assert!(e.message.contains(needle), "{text}: {}", e.message);
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = "[".repeat(100_000);
    assert!(err(&deep).message.contains("nested deeper"));
    let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    assert!(parse(&ok).is_ok());
}

#[test]
fn escape_round_trips_through_the_parser() {
    let raw = "a\"b\\c\nd\u{1}é";
    let text = format!("\"{}\"", escape(raw));
    let Value::String(s) = parse(&text).unwrap().value else {
        panic!()
    };
    assert_eq!(s.text, raw);
}

#[test]
fn agrees_with_serde_json_on_validity() {
    for text in [
        "{\"a\":[1,2,{\"b\":null}]}",
        "\"x\"",
        "-0",
        "1e5",
        "[]",
        "{\"a\":1,}",
        "[1,]",
        "+1",
        ".5",
        "\"\\u00\"",
        "nul",
    ] {
        assert_eq!(
            parse(text).is_ok(),
            serde_json::from_str::<serde_json::Value>(text).is_ok(),
            "{text}"
        );
    }
}

#[test]
fn mapped_fixes_escape_their_replacement() {
    use crate::diagnostic::{Code, Diagnostic};
    let text = r#"{"Query": "SELECT a\nFROM b"}"#;
    let Value::String(s) = &obj(text)[0].value.value else {
        panic!()
    };
    let d = Diagnostic::new(Code::MissingComma, Span::new(7, 8), "m")
        .with_related(Span::new(9, 13), "r")
        .with_fix(Fix::safe(
            "f",
            vec![Edit::replace(Span::new(8, 9), "\n\"x\"\t")],
        ));
    let d = s.map_diagnostic(d);
    assert_eq!(d.span.slice(text), "a");
    assert_eq!(d.related[0].span.slice(text), "FROM");
    let (fixed, _) = crate::diagnostic::apply_fixes(text, &d.fixes).unwrap();
    let Value::String(f) = &obj(&fixed)[0].value.value else {
        panic!()
    };
    assert_eq!(f.text, "SELECT a\n\"x\"\tFROM b");
}
