//! The `pcql` command line: `check`, `fmt`, `explain`, `schemas`, `lsp`,
//! `api`, `completions` and `man`. The library it stands on is the `pcql`
//! crate; these modules are the binary's own.

#![forbid(unsafe_code)]

mod cli;

/// mimalloc, as ruff and rust-analyzer use: the check of a large file
/// allocates a little for every query, on every core at once.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(cli::main());
}
