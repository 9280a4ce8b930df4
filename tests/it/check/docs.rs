//! The examples of `docs/codes/PQ2*–PQ5*.md`: the wrong query produces its
//! code, the right one does not (when the example is a query).

use pcql::check::{CheckOptions, check};
use pcql::diagnostic::Code;
use pcql::schema::Catalog;

use super::parse;

/// The body of the first ```sql block after `heading`, if any.
fn example<'a>(doc: &'a str, heading: &str) -> Option<&'a str> {
    let rest = &doc[doc.find(heading)?..];
    let start = rest.find("```sql\n")? + 7;
    let end = rest[start..].find("```")?;
    let next_heading = rest[1..].find("\n## ").map_or(usize::MAX, |i| i + 1);
    (start < next_heading).then(|| rest[start..start + end].trim())
}

#[test]
fn code_docs_examples_hold() {
    let mut seen = 0;
    for code in Code::ALL
        .iter()
        .filter(|c| matches!(&c.as_str()[..3], "PQ2" | "PQ3" | "PQ4" | "PQ5"))
    {
        let doc = code.explanation();
        let title = format!("# {} {}\n", code.as_str(), code.name());
        assert!(doc.starts_with(&title), "{}: heading", code.as_str());
        for h in ["## What triggers it", "## Wrong", "## Right", "## Fix"] {
            assert!(doc.contains(h), "{}: no {h}", code.as_str());
        }
        let codes = |q: &str| -> Vec<Code> {
            check(&parse(q), Catalog::bundled(), &CheckOptions::default())
                .into_iter()
                .map(|d| d.code)
                .collect()
        };
        if let Some(wrong) = example(doc, "## Wrong") {
            seen += 1;
            assert!(
                codes(wrong).contains(code),
                "{}: wrong example: {:?}",
                code.as_str(),
                codes(wrong)
            );
        }
        if let Some(right) = example(doc, "## Right") {
            assert!(
                !codes(right).contains(code),
                "{}: right example: {:?}",
                code.as_str(),
                codes(right)
            );
            let errors = check(&parse(right), Catalog::bundled(), &CheckOptions::default());
            assert!(
                errors.iter().all(|d| !d.is_error()),
                "{}: right example has errors: {errors:#?}",
                code.as_str()
            );
        }
    }
    assert!(seen >= 18, "only {seen} examples checked");
}
