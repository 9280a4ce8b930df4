//! Integration tests: builder.

/// The type system rules out what the brief says it must: a column of another
/// dataset, a missing SELECT, a TIMESPAN the dataset lacks, a string compared
/// with a metric, operators a column type does not have.
#[test]
fn compile_fail() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/compile_fail/*.rs");
}
