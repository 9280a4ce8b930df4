//! The formatter (through its public function only): idempotent, and a
//! statement with an error keeps every byte it had.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pcql::syntax::{format_file, parse_file};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Some(once) = format_file(text) else {
        return;
    };
    let twice = format_file(&once).unwrap_or_else(|| once.clone());
    assert_eq!(once, twice, "formatting is not idempotent for {text:?}");
    for st in parse_file(text) {
        if st.diagnostics.iter().any(|d| d.is_error()) {
            // White space at the edges of a statement of no token (its
            // span is its whole region) lies between statements: the
            // layout may change it.
            let kept = text[st.span.start..st.span.end]
                .trim_matches(|c: char| c == ' ' || c == '\t' || c == '\r' || c == '\n');
            assert!(
                once.contains(kept),
                "the statement with an error {kept:?} lost bytes: {once:?}"
            );
        }
    }
});
