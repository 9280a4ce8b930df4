//! Text to [`crate::ast::Query`]: lexer, parser with error recovery, and
//! recognition of SQL that is not part of the language.
