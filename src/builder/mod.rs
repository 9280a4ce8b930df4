//! Building queries from Rust code: typed per dataset, or dynamic against a catalog.
