//! Integration tests: syntax (fixtures with snapshots, properties, held-out broken queries).

mod docs;
mod fixtures;
mod format;
mod keywords;
mod props;
