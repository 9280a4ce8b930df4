//! Interim stand-ins for `schema::Catalog` and `check::Checked` until the
//! schema and check modules land on main; `finish` is then wired to the real check.

use std::fmt;
use std::ops::Deref;

/// Stand-in for `schema::Catalog`.
#[derive(Debug, Default)]
pub struct Catalog;

impl Catalog {
    /// Stand-in for the bundled catalog.
    pub fn bundled() -> &'static Catalog {
        static C: Catalog = Catalog;
        &C
    }
}

/// Stand-in for `check::Checked`.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked<T>(pub(crate) T);

impl<T> Deref for Checked<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: fmt::Display> fmt::Display for Checked<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}
