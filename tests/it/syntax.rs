//! Integration tests: syntax.
