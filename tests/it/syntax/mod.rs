//! Integration tests: syntax (fixtures with snapshots, properties, held-out broken queries).

mod fixtures;
mod props;
