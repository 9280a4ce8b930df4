//! Query files checked against the schemas before and after a pull.

use std::path::PathBuf;

use pcql::check::{CheckOptions, check};
use pcql::diagnostic::Diagnostic;
use pcql::schema::{Catalog, Family};

/// The errors of every statement of `text` against `catalog`.
fn errors(text: &str, catalog: &Catalog, family: Family) -> Vec<Diagnostic> {
    let opts = CheckOptions {
        family: Some(family),
    };
    let mut out = Vec::new();
    for st in pcql::syntax::parse_file(text) {
        let allowed: Vec<_> = st
            .directives
            .iter()
            .flat_map(|d| d.codes.iter().copied())
            .collect();
        let diags = st
            .diagnostics
            .iter()
            .cloned()
            .chain(check(&st.query, catalog, &opts));
        out.extend(diags.filter(|d| d.is_error() && !allowed.contains(&d.code)));
    }
    out
}

/// One line per file: passes, now fails, fixed by the refresh, still fails.
/// Returns 1 when a file fails against the new schemas.
pub fn recheck(
    files: &[PathBuf],
    old: &Catalog,
    new: &Catalog,
    family: Family,
    out: &mut String,
) -> i32 {
    if files.is_empty() {
        return 0;
    }
    out.push_str("query files:\n");
    let mut code = 0;
    for f in files {
        let text = match std::fs::read_to_string(f) {
            Ok(t) => t,
            Err(e) => {
                out.push_str(&format!("  {}: cannot read: {e}\n", f.display()));
                code = 2.max(code);
                continue;
            }
        };
        let before = errors(&text, old, family);
        let after = errors(&text, new, family);
        let verdict = match (before.is_empty(), after.is_empty()) {
            (true, true) => "passes".to_string(),
            (false, true) => "fixed by the refresh".to_string(),
            (true, false) => format!("now fails: {}", first(&after)),
            (false, false) => format!("still fails: {}", first(&after)),
        };
        if !after.is_empty() {
            code = code.max(1);
        }
        out.push_str(&format!("  {}: {verdict}\n", f.display()));
    }
    code
}

fn first(d: &[Diagnostic]) -> String {
    let more = if d.len() > 1 {
        format!(" (and {} more)", d.len() - 1)
    } else {
        String::new()
    };
    format!("{} {}{more}", d[0].code, d[0].message)
}
