//! A parse-only command line built on sqlparser, the yardstick of the
//! `startup` benchmark: `sqlparser_cli FILE` reads a file of queries
//! separated by `;`, cuts each query's TIMESPAN clause (which is not SQL),
//! parses the rest with sqlparser's generic dialect and prints how many
//! statements parsed. Exit code 0 when all did, 1 otherwise.

use sqlparser::dialect::GenericDialect;
use sqlparser::parser::Parser;

/// `query` without its TIMESPAN clause (the last `TIMESPAN` word, any case).
pub fn without_timespan(query: &str) -> &str {
    let bytes = query.as_bytes();
    let n = b"TIMESPAN".len();
    let at = (0..bytes.len().saturating_sub(n - 1)).rev().find(|&i| {
        bytes[i..i + n].eq_ignore_ascii_case(b"TIMESPAN")
            && (i == 0 || bytes[i - 1].is_ascii_whitespace())
    });
    at.map_or(query, |i| &query[..i])
}

/// Parse every query of `text`: (statements parsed, statements that failed).
pub fn parse_all(text: &str) -> (usize, usize) {
    let (mut ok, mut failed) = (0, 0);
    for query in text.split(';') {
        let sql = without_timespan(query);
        if sql.trim().is_empty() {
            continue;
        }
        match Parser::parse_sql(&GenericDialect {}, sql) {
            Ok(_) => ok += 1,
            Err(_) => failed += 1,
        }
    }
    (ok, failed)
}

#[allow(dead_code)]
fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: sqlparser_cli FILE");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            std::process::exit(2);
        }
    };
    let (ok, failed) = parse_all(&text);
    println!("{ok} statements parsed, {failed} failed");
    std::process::exit(i32::from(failed > 0));
}
