//! `pcql fmt`: reprint a file of queries in canonical form.

/// Placeholder replaced below.
pub fn format_file(text: &str) -> Option<String> {
    let _ = text;
    None
}
