//! The [`Checker`]: one source text in, its diagnostics out. This is the only
//! place the command line calls the parser, the schema check and the body
//! check; everything else (files, levels, output) is around it.

use super::config::Levels;
use super::inputs::Kind;
use crate::diagnostic::{Code, Diagnostic, apply_fixes};
use crate::span::Span;

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

/// Apply the `-- pcql: allow NAME, …` directives before one statement to that
/// statement's diagnostics: the codes they name are dropped, and each name
/// that is not a code becomes a PQ9002 warning at the name.
pub fn allow(diags: Vec<Diagnostic>, names: &[(&str, Span)]) -> Vec<Diagnostic> {
    let mut allowed = Vec::new();
    let mut unknown = Vec::new();
    for &(name, span) in names {
        match super::explain::lookup(name) {
            Some(code) => allowed.push(code),
            None => unknown.push(unknown_suppression(name, span)),
        }
    }
    diags
        .into_iter()
        .filter(|d| !allowed.contains(&d.code))
        .chain(unknown)
        .collect()
}

fn unknown_suppression(name: &str, span: Span) -> Diagnostic {
    let close = super::explain::closest(name);
    let d = Diagnostic::new(
        Code::UnknownSuppression,
        span,
        format!("`{name}` is not a pcql code, so this comment silences nothing"),
    )
    .with_label("not a code");
    match close.first() {
        Some(c) => d.with_help(format!("did you mean {c} ({})?", c.name())),
        None => d.with_help("`pcql explain --list` lists every code"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    #[test]
    fn allow_drops_named_codes_and_flags_unknown_names() {
        let d = |c| Diagnostic::new(c, Span::new(0, 1), "m");
        let out = allow(
            vec![
                d(Code::DistinctWithMetric),
                d(Code::TimespanOmitted),
                d(Code::Top),
            ],
            &[
                ("PQ5001", Span::new(10, 16)),
                ("timespan-omitted", Span::new(18, 34)),
                ("PQ5O01", Span::new(36, 42)),
            ],
        );
        let codes: Vec<_> = out.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::Top, Code::UnknownSuppression]);
        let w = &out[1];
        assert_eq!((w.severity, w.span), (Severity::Warning, Span::new(36, 42)));
        assert!(
            w.help.as_deref().unwrap().contains("PQ5001"),
            "{:?}",
            w.help
        );
    }
}
