fn main() {
    std::process::exit(pcql::cli::main());
}
