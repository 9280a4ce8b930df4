//! Property tests: no input makes the body check panic, and offsets inside a
//! decoded JSON string map back onto exactly the JSON text that encodes them.

use proptest::prelude::*;

use pcql::check::body::{BodyContext, check_body};
use pcql::diagnostic::{Code, Diagnostic};
use pcql::span::Span;

/// A checker that reports every character of the query as its own diagnostic,
/// so every char boundary of the decoded text is mapped.
fn every_char(q: &str) -> Vec<Diagnostic> {
    q.char_indices()
        .map(|(i, c)| {
            Diagnostic::new(
                Code::InvalidCharacter,
                Span::new(i, i + c.len_utf8()),
                c.to_string(),
            )
        })
        .collect()
}

/// Every span of the report lies inside `text` on character boundaries, and
/// the report renders.
fn spans_are_sound(text: &str, diags: &[Diagnostic]) -> Result<(), TestCaseError> {
    let ok = |s: Span| {
        s.start <= s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    };
    for d in diags {
        prop_assert!(ok(d.span), "{:?} in {:?}", d, text);
        for l in &d.related {
            prop_assert!(ok(l.span), "{:?}", d);
        }
        for e in d.fixes.iter().flat_map(|f| &f.edits) {
            prop_assert!(ok(e.span), "{:?}", d);
        }
    }
    let _ =
        pcql::diagnostic::render::human(diags, "-", text, pcql::diagnostic::render::Style::Plain);
    Ok(())
}

/// JSON string content for `s`: escapes as serde_json writes them, and every
/// char whose index is in `as_unicode` written as `\uXXXX` (pairs above the BMP).
fn encode(s: &str, as_unicode: &[bool]) -> String {
    let mut out = String::new();
    for (k, c) in s.chars().enumerate() {
        if as_unicode.get(k).copied().unwrap_or(false) {
            let mut buf = [0u16; 2];
            for u in c.encode_utf16(&mut buf) {
                out.push_str(&format!("\\u{u:04X}"));
            }
        } else {
            let one = serde_json::to_string(&c.to_string()).unwrap();
            out.push_str(&one[1..one.len() - 1]);
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        let ctx = BodyContext { now_unix: super::NOW, check_query: &every_char, ..BodyContext::offline(0) };
        let r = check_body(&text, &ctx);
        spans_are_sound(&text, &r.diagnostics)?;
    }

    #[test]
    fn json_shaped_text_never_panics(text in r#"[{}\[\]",:0-9a-zA-Z\\ \-.eEtrufalsn\n]{0,80}"#) {
        let r = check_body(&text, &BodyContext::offline(super::NOW));
        spans_are_sound(&text, &r.diagnostics)?;
        let body = format!("{{\"Name\": \"n\", \"Query\": \"{text}\"}}");
        let ctx = BodyContext { check_query: &every_char, ..BodyContext::offline(0) };
        let r = check_body(&body, &ctx);
        spans_are_sound(&body, &r.diagnostics)?;
    }

    #[test]
    fn mutated_report_bodies_never_panic(cut in 0usize..400, insert in "[\"{}:,\\\\ a0-9]{0,3}") {
        let base = r#"{"ReportName":"r","QueryId":"7b1d9f3e-2c4a-4d8e-9f10-a1b2c3d4e5f6","StartTime":"2026-01-02 06:00:00Z","ExecuteNow":"true","RecurrenceInterval":"2","QueryStartTime":"2025-01-01T00:00:00Z","QueryEndTime":"2024-01-01T00:00:00Z","CallbackUrl":"http://x/?a","Format":".csv"}"#;
        let mut cut = cut.min(base.len());
        while !base.is_char_boundary(cut) { cut -= 1; }
        let text = format!("{}{insert}{}", &base[..cut], &base[cut..]);
        let r = check_body(&text, &BodyContext::offline(super::NOW));
        spans_are_sound(&text, &r.diagnostics)?;
    }

    #[test]
    fn decoded_offsets_map_onto_their_encoding(
        s in "(\\PC|[\"\\\\\n\t\u{1}]){0,24}",
        flags in proptest::collection::vec(any::<bool>(), 24),
    ) {
        let body = format!("{{\"Name\": \"n\", \"Query\": \"{}\"}}", encode(&s, &flags));
        let ctx = BodyContext { check_query: &every_char, ..BodyContext::offline(0) };
        let report = check_body(&body, &ctx);
        let chars: Vec<char> = s.chars().collect();
        if s.trim().is_empty() || s == "string" {
            return Ok(());
        }
        prop_assert_eq!(report.diagnostics.len(), chars.len());
        for (d, c) in report.diagnostics.iter().zip(&chars) {
            let piece = d.span.slice(&body);
            let decoded: String = serde_json::from_str(&format!("\"{piece}\"")).unwrap();
            prop_assert_eq!(decoded, c.to_string());
        }
    }
}
