//! Every file `tests/fixtures/syntax/PQxxxx-name.pcql` produces the code its
//! name starts with; the rendered diagnostics (human, plain, and JSON) of each
//! file are one reviewed snapshot.

use std::path::PathBuf;

use pcql::diagnostic::Diagnostic;
use pcql::diagnostic::render::{self, Style};
use pcql::syntax::parse_file;

fn fixtures() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/syntax");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("fixture directory")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "pcql"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).expect("fixture text"))
        })
        .collect();
    out.sort();
    out
}

fn diagnostics(text: &str) -> Vec<Diagnostic> {
    parse_file(text)
        .into_iter()
        .flat_map(|s| s.diagnostics)
        .collect()
}

#[test]
fn each_fixture_produces_its_code() {
    let files = fixtures();
    assert!(files.len() >= 40, "only {} fixtures", files.len());
    for (name, text) in &files {
        let code = &name[..6];
        let diags = diagnostics(text);
        assert!(
            diags.iter().any(|d| d.code.as_str() == code),
            "{name}: expected {code}, got {:?}",
            diags.iter().map(|d| d.code.as_str()).collect::<Vec<_>>()
        );
        for d in &diags {
            assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
        }
    }
}

#[test]
fn every_syntax_code_has_a_fixture() {
    let files = fixtures();
    for code in pcql::diagnostic::Code::ALL {
        let c = code.as_str();
        if c.starts_with("PQ10") || c.starts_with("PQ11") {
            assert!(
                files.iter().any(|(n, _)| n.starts_with(c)),
                "no fixture for {c}"
            );
        }
    }
}

#[test]
fn fixture_snapshots() {
    for (name, text) in fixtures() {
        let diags = diagnostics(&text);
        let human = render::human(&diags, &name, &text, Style::Plain);
        let json = render::json(&diags, &name, &text);
        let stem = name.trim_end_matches(".pcql").to_string();
        insta::with_settings!({ snapshot_suffix => stem, prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!("fixture", format!("{text}\n----- human -----\n{human}\n----- json -----\n{json}\n"));
        });
    }
}
