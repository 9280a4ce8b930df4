//! Re-checking only the statements that changed.

use std::collections::HashMap;
use std::sync::Arc;

use super::context::regions;
use crate::check::{Checker, SourceKind};
use crate::diagnostic::Diagnostic;

/// The diagnostics of each statement of a document, keyed by the
/// statement's text (its comments and `;` included), so that after an edit
/// only the statements whose text changed go through the [`Checker`] again
/// and the others are shifted to where they now stand. A request body
/// (JSON) is checked whole.
///
/// The cache belongs to one checker configuration: call [`StatementCache::clear`]
/// when the checker changes.
#[derive(Debug, Default)]
pub struct StatementCache {
    by_text: HashMap<Arc<str>, Arc<[Diagnostic]>>,
    /// How many statements the last call checked (the others came from the cache).
    pub last_checked: usize,
}

impl StatementCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// Forget everything (the configuration changed).
    pub fn clear(&mut self) {
        self.by_text.clear();
    }

    /// Every diagnostic of `text`, as [`Checker::check`] gives them: each
    /// statement's region checked on its own (statements do not see each
    /// other), then shifted to its place. Entries of statements no longer
    /// in the text are dropped.
    pub fn check(&mut self, checker: &Checker<'_>, text: &str) -> Vec<Diagnostic> {
        if SourceKind::detect(text) == SourceKind::Body {
            self.by_text.clear();
            self.last_checked = 1;
            return checker.check_as(SourceKind::Body, text);
        }
        let mut next = HashMap::with_capacity(self.by_text.len());
        let mut out = Vec::new();
        self.last_checked = 0;
        for r in regions(text) {
            let piece = r.slice(text);
            let diags = match self.by_text.get_key_value(piece) {
                Some((k, v)) => {
                    next.insert(k.clone(), v.clone());
                    v.clone()
                }
                None => {
                    self.last_checked += 1;
                    let v: Arc<[Diagnostic]> = checker.check_as(SourceKind::Queries, piece).into();
                    next.insert(Arc::from(piece), v.clone());
                    v
                }
            };
            out.extend(diags.iter().map(|d| d.clone().shifted(r.start)));
        }
        self.by_text = next;
        out.sort();
        out
    }
}

#[cfg(all(test, feature = "bundled-schemas"))]
mod tests {
    use super::*;
    use crate::Catalog;

    #[test]
    fn only_changed_statements_are_checked_and_the_rest_shift() {
        let checker = Checker::new(Catalog::bundled());
        let q = "SELECT CustomerNmae FROM CustomersAndTenants TIMESPAN LAST_MONTH;\n";
        let text = q.repeat(50);
        let mut cache = StatementCache::new();
        assert_eq!(cache.check(&checker, &text), checker.check(&text));
        // 50 statements and the line break after the last `;`.
        assert_eq!(cache.last_checked, 51);
        let edited = format!("-- x\n{text}");
        let diags = cache.check(&checker, &edited);
        // Only the first region changed (it holds the comment).
        assert_eq!(cache.last_checked, 1);
        assert_eq!(diags, checker.check(&edited));
        let body = r#"{"Name": "q", "Query": "SELECT CustomerNmae FROM CustomersAndTenants"}"#;
        assert_eq!(cache.check(&checker, body), checker.check(body));
    }
}
