//! What the targets share: checking a file of queries as `pcql check` does.

use pcql::check::{CheckOptions, check};
use pcql::diagnostic::Diagnostic;
use pcql::schema::Catalog;
use pcql::syntax::parse_file;

/// Every diagnostic of a file of queries: the parser's, and the checker's
/// for each statement that parsed, spans into `text`.
pub fn diagnostics(text: &str) -> Vec<Diagnostic> {
    let catalog = Catalog::bundled();
    let mut out = Vec::new();
    for st in parse_file(text) {
        let parsed_ok = st.diagnostics.iter().all(|d| !d.is_error());
        out.extend(st.diagnostics);
        if parsed_ok {
            out.extend(check(&st.query, catalog, &CheckOptions::default()));
        }
    }
    out
}

/// Every fix of `diags` has edits that lie in `text` on character boundaries.
pub fn fixes_lie_in(text: &str, diags: &[Diagnostic]) {
    for d in diags {
        for f in &d.fixes {
            assert!(!f.edits.is_empty(), "{:?}: a fix without edits: {f:?}", d.code);
            for e in &f.edits {
                assert!(
                    e.span.start <= e.span.end
                        && text.get(e.span.start..e.span.end).is_some(),
                    "{:?}: edit {e:?} outside the text",
                    d.code
                );
            }
        }
    }
}
