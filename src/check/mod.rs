//! Semantic checks of a query against a catalog, and of request bodies.
