//! Applying every safe fix of a file of queries gives text that parses
//! again and whose fixes can be applied in turn; the rounds never come back
//! to a text seen before, and reach a text with nothing left to fix (the
//! fixes converge). Some fixes take one word per round (PQ1111 on a run of
//! words after the dataset), so the bound on rounds is generous.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pcql::diagnostic::{FixPlan, apply_fixes};

#[path = "common.rs"]
mod common;

/// Rounds after which the safe fixes must have stopped changing the text.
const ROUNDS: usize = 256;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut text = text.to_string();
    let mut seen = std::collections::HashSet::new();
    for _ in 0..ROUNDS {
        assert!(seen.insert(text.clone()), "the safe fixes cycle back to {text:?}");
        let diags = common::diagnostics(&text);
        common::fixes_lie_in(&text, &diags);
        let mut plan = FixPlan::new();
        for f in diags.iter().filter_map(|d| d.fixes.iter().find(|f| f.is_safe())) {
            plan.take(&text, f).expect("a safe fix lies in the text");
        }
        if plan.is_empty() {
            return;
        }
        let next = plan.apply(&text);
        // The same as applying them in one call.
        let safe: Vec<_> = diags
            .iter()
            .filter_map(|d| d.fixes.iter().find(|f| f.is_safe()))
            .collect();
        assert_eq!(apply_fixes(&text, safe).unwrap().0, next);
        if next == text {
            return;
        }
        text = next;
    }
    panic!("the safe fixes did not converge in {ROUNDS} rounds: {text:?}");
});
