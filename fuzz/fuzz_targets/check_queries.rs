//! Parse and check any text as a file of queries: no panic, spans and fixes
//! inside the text, positions computable.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let diags = common::diagnostics(text);
    common::fixes_lie_in(text, &diags);
    let index = pcql::span::LineIndex::new(text);
    for d in &diags {
        assert!(d.span.start <= d.span.end && d.span.end <= text.len(), "{d:?}");
        let _ = index.line_col(d.span.start);
        let _ = index.utf16_col(d.span.end);
    }
    let _ = pcql::diagnostic::render::json(&diags, "f", text);
    let _ = pcql::diagnostic::render::human(&diags, "f", text, pcql::diagnostic::render::Style::Plain);
});
