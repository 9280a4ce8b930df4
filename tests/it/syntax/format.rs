//! `format_file`: a reviewed snapshot of a messy file, and properties: messy
//! whitespace and case format to the canonical text, which is a fixed point.

use proptest::prelude::*;

use pcql::syntax::{format_file, parse_file};

use super::props::{outside_strings, query};

#[test]
fn formats_a_messy_file() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/syntax/format/mixed.pcql"
    );
    let text = std::fs::read_to_string(path).expect("fixture");
    let out = format_file(&text).expect("the fixture is not formatted");
    insta::assert_snapshot!("format_mixed", out);
    assert_eq!(format_file(&out), None, "formatting twice changes nothing");
    // Same statements, same trees.
    let before: Vec<_> = parse_file(&text)
        .into_iter()
        .map(|s| s.query.without_spans())
        .collect();
    let after: Vec<_> = parse_file(&out)
        .into_iter()
        .map(|s| s.query.without_spans())
        .collect();
    assert_eq!(before, after);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn messy_files_format_to_canonical_text(
        queries in prop::collection::vec((query(), any::<bool>()), 1..4),
        semi in any::<bool>(),
        ws in prop::sample::select(vec!["  ", "\n", "\t", " \n  "]),
    ) {
        let mut messy = String::new();
        let mut want = String::new();
        for (i, (q, comment)) in queries.iter().enumerate() {
            if *comment {
                messy.push_str(&format!("  -- note {i}   \n"));
                want.push_str(&format!("-- note {i}\n"));
            }
            let text = q.to_string();
            let keep: Vec<usize> = outside_strings(&text).collect();
            let spaced: String = text
                .char_indices()
                .map(|(j, c)| if c == ' ' && keep.binary_search(&j).is_ok() { ws.to_string() } else { c.to_string() })
                .collect();
            messy.push_str(&spaced);
            want.push_str(&text);
            let last = i + 1 == queries.len();
            if !last || semi {
                messy.push_str(" ;\n");
                want.push(';');
            }
            want.push('\n');
        }
        // `want` has each query on one line: what the layout makes of it
        // is what it makes of the messy text, and short ones stay one line.
        let out = format_file(&messy).unwrap_or_else(|| messy.clone());
        let laid_out = format_file(&want).unwrap_or_else(|| want.clone());
        prop_assert_eq!(&out, &laid_out);
        prop_assert_eq!(format_file(&out), None);
        for (q, _) in &queries {
            let one = q.to_string();
            if one.chars().count() <= 100 {
                prop_assert!(out.lines().any(|l| l.trim_end_matches(';') == one), "{one:?} in {out:?}");
            }
        }
        let trees = |t: &str| parse_file(t).into_iter().map(|s| s.query.without_spans()).collect::<Vec<_>>();
        prop_assert_eq!(trees(&out), trees(&messy));
    }
}

#[test]
fn comments_between_empty_statements_are_kept() {
    let text = "SELECT a FROM b;\n-- keep me\n;\n; -- and me\nSELECT x FROM y;\n";
    let out = format_file(text).unwrap_or_else(|| text.to_string());
    assert!(out.contains("-- keep me\n"), "{out}");
    assert!(out.contains("-- and me\n"), "{out}");
    assert_eq!(format_file(&out), None, "formatting twice changes nothing");
}

proptest::proptest! {
    /// Whatever the statements, separators and blank lines around them,
    /// formatting keeps every comment, and formatting twice changes nothing.
    #[test]
    fn formatting_never_drops_a_comment(
        parts in proptest::collection::vec(proptest::sample::select(vec![
            "SELECT a FROM b", "SELECT c, d FROM e WHERE f = 'x'", ";", "\n", " ",
            "-- one\n", "-- two\n", "-- pcql: allow PQ4003\n", "SELECT ; FROM", "'s;", "§",
        ]), 0..24),
    ) {
        let text = parts.concat();
        let out = format_file(&text).unwrap_or_else(|| text.clone());
        for c in ["-- one", "-- two", "-- pcql: allow PQ4003"] {
            proptest::prop_assert_eq!(
                text.matches(c).count(),
                out.matches(c).count(),
                "{:?} -> {:?}", text, out
            );
        }
        proptest::prop_assert_eq!(format_file(&out), None, "{:?} -> {:?}", text, out);
    }
}
