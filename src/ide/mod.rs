//! Editor features on text and byte offsets, independent of any editor
//! protocol: completion, hover, document symbols, semantic tokens, and the
//! statement cache that lets an editor re-check only the queries that
//! changed. `pcql lsp` (the binary's `cli::lsp`) turns these into the
//! Language Server Protocol; nothing here knows about it, so everything is
//! unit-tested on plain strings. (The shape follows rust-analyzer's `ide`
//! crate: pure functions of a snapshot, the protocol glue elsewhere.)
//!
//! Offsets are byte offsets into the whole text (a file of queries separated
//! by `;`); every function accepts any offset and any text without
//! panicking.
//!
//! ```
//! use pcql::ide::{CompletionKind, completions};
//! use pcql::Catalog;
//!
//! # #[cfg(feature = "bundled-schemas")] {
//! let text = "SELECT  FROM CustomersAndTenants";
//! let items = completions(text, 7, Catalog::bundled(), None);
//! assert!(items.iter().any(|c| c.label == "CustomerName" && c.kind == CompletionKind::Column));
//! # }
//! ```

mod complete;
mod context;
mod hover;
mod incremental;
mod symbols;

pub use complete::{Completion, CompletionKind, completions};
pub use context::{region_at, regions};
pub use hover::{Hover, diagnostic_hover, hover};
pub use incremental::StatementCache;
pub use symbols::{SemanticKind, SemanticToken, Symbol, semantic_tokens, symbols};
