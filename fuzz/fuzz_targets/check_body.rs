//! Check any text as a JSON request body, with the queries inside checked
//! too: no panic, spans and fixes inside the body.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pcql::check::body::{BodyContext, check_body};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let check_query = |q: &str| common::diagnostics(q);
    let ctx = BodyContext {
        check_query: &check_query,
        ..BodyContext::offline(1_780_000_000)
    };
    let report = check_body(text, &ctx);
    for d in &report.diagnostics {
        assert!(d.span.start <= d.span.end && d.span.end <= text.len(), "{d:?}");
    }
    common::fixes_lie_in(text, &report.diagnostics);
    let safe: Vec<_> = report
        .diagnostics
        .iter()
        .filter_map(|d| d.fixes.iter().find(|f| f.is_safe()))
        .collect();
    pcql::diagnostic::apply_fixes(text, safe).expect("the safe fixes of a body apply");
});
