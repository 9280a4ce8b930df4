//! The [`Checker`]: one source text in, its diagnostics out. This is the only
//! place the command line calls the parser, the schema check and the body
//! check; everything else (files, levels, output) is around it.

use super::config::Levels;
use super::inputs::Kind;
use crate::diagnostic::{Diagnostic, apply_fixes};

/// Checks texts with one configuration. Shared by the worker threads.
#[derive(Debug, Default)]
pub struct Checker {
    /// Levels from `pcql.toml`.
    pub levels: Levels,
    /// The API family from `--family` or `pcql.toml`.
    pub family: Option<String>,
}

impl Checker {
    /// Every diagnostic of `text` with the configured levels and inline
    /// directives applied, sorted by position.
    pub fn check(&self, kind: Kind, text: &str) -> Vec<Diagnostic> {
        let raw = match kind {
            Kind::Queries => self.check_queries(text),
            Kind::Body => self.check_body(text),
        };
        let mut diags = self.levels.apply(raw);
        diags.sort_by(|a, b| {
            (a.span.start, a.span.end, a.code).cmp(&(b.span.start, b.span.end, b.code))
        });
        diags
    }

    /// A file of queries separated by `;`.
    fn check_queries(&self, _text: &str) -> Vec<Diagnostic> {
        Vec::new()
    }

    /// A JSON request body.
    fn check_body(&self, _text: &str) -> Vec<Diagnostic> {
        Vec::new()
    }

    /// Apply the safe fixes of `text` until none is left (at most a few
    /// rounds, as overlapping fixes wait for the next round). Returns the new
    /// text and how many fixes were applied.
    pub fn fix(&self, kind: Kind, text: &str) -> (String, usize) {
        let mut text = text.to_string();
        let mut total = 0;
        for _ in 0..8 {
            let diags = self.check(kind, &text);
            let safe = diags.iter().flat_map(|d| &d.fixes).filter(|f| f.is_safe());
            match apply_fixes(&text, safe) {
                Ok((new, n)) if n > 0 && new != text => {
                    text = new;
                    total += n;
                }
                _ => break,
            }
        }
        (text, total)
    }
}
