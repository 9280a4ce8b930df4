//! The `pcql` command line (feature `cli`).

/// Run the command line; returns the process exit code.
pub fn main() -> i32 {
    0
}
