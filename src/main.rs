//! The `pcql` command line: `check`, `fmt`, `explain`, `schemas`, `lsp`,
//! `api`, `completions` and `man`. The library it stands on is the `pcql`
//! crate; these modules are the binary's own.

#![forbid(unsafe_code)]

mod cli;

fn main() {
    std::process::exit(cli::main());
}
