//! Semantic checks of a query against a catalog, and of request bodies.

pub mod body;
pub mod system_queries;
