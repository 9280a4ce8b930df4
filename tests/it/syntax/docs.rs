//! The explanations of the syntax codes: each "Wrong" example produces its
//! code, each "Right" example parses without error.

use pcql::diagnostic::{Code, has_errors};
use pcql::syntax::parse_file;

/// The lines of the fenced block after the heading `## {section}`.
fn block<'a>(doc: &'a str, section: &str) -> Vec<&'a str> {
    let start = doc.find(&format!("## {section}")).expect("section");
    let rest = &doc[start..];
    let open = rest.find("```sql\n").expect("code block") + 7;
    let close = rest[open..].find("```").expect("end of block");
    rest[open..open + close]
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect()
}

#[test]
fn examples_in_explanations_hold() {
    for code in Code::ALL {
        let c = code.as_str();
        if !(c.starts_with("PQ10") || c.starts_with("PQ11")) {
            continue;
        }
        let doc = code.explanation();
        assert!(
            doc.starts_with(&format!("# {c} {}", code.name())),
            "{c} heading"
        );
        for wrong in block(doc, "Wrong") {
            let diags: Vec<_> = parse_file(wrong)
                .into_iter()
                .flat_map(|s| s.diagnostics)
                .collect();
            assert!(
                diags.iter().any(|d| d.code == *code),
                "{c}: wrong example `{wrong}` gives {:?}",
                diags.iter().map(|d| d.code).collect::<Vec<_>>()
            );
        }
        for right in block(doc, "Right") {
            for st in parse_file(right) {
                assert!(
                    !has_errors(&st.diagnostics),
                    "{c}: right example `{right}`: {:?}",
                    st.diagnostics
                );
            }
        }
    }
}
