//! The published-query corpus against the bundled catalog: no error for the
//! queries that are valid today; for the others, an error that names the
//! retired name or dataset given in the entry's note.

use pcql::check::{CheckOptions, check};
use pcql::schema::{Catalog, Family};
use serde_json::Value;

use super::parse;

/// The name after "no longer offers [the dataset]" in a note.
fn retired_in_note(note: &str) -> Option<&str> {
    let rest = note.split("no longer offers ").nth(1)?;
    let rest = rest.strip_prefix("the dataset ").unwrap_or(rest);
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    Some(&rest[..end])
}

#[test]
fn published_queries_get_their_verdict() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/corpus/published-queries.json"
    );
    let corpus: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert!(corpus.len() >= 20);
    let (mut valid, mut invalid) = (0, 0);
    for entry in &corpus {
        let id = entry["id"].as_str().unwrap();
        let text = entry["text"].as_str().unwrap();
        let family: Family = entry["family"].as_str().unwrap().parse().unwrap();
        let query = parse(text);
        let diags = check(
            &query,
            Catalog::bundled(),
            &CheckOptions {
                family: Some(family),
            },
        );
        let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
        match entry["expected_verdict"].as_str().unwrap() {
            "valid" => {
                valid += 1;
                assert!(
                    errors.is_empty(),
                    "{id}: expected no error, got {errors:#?}"
                );
            }
            "invalid" => {
                invalid += 1;
                let note = entry["note"].as_str().unwrap();
                let name =
                    retired_in_note(note).unwrap_or_else(|| panic!("{id}: note names nothing"));
                assert!(
                    errors
                        .iter()
                        .any(|d| d.message.contains(&format!("`{name}`"))
                            && d.message.contains("retired")),
                    "{id}: expected an error saying `{name}` was retired, got {errors:#?}"
                );
            }
            other => panic!("{id}: verdict {other}"),
        }
    }
    assert!(valid > 0 && invalid > 0);
}
