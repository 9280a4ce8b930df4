//! [`Checked`]: a value that passed the check, and the canonical form of a query.

use std::fmt;
use std::ops::Deref;

use crate::ast::{CompactString, Query};
use crate::diagnostic::Diagnostic;
use crate::schema::Catalog;

/// A value that passed the check with no error. Only this module constructs
/// it, so an API that takes `&Checked<Query>` cannot receive unchecked text.
/// Warnings and advice travel with it.
///
/// `Display` prints the canonical text, with the catalog's spelling of every
/// name: this is the text to send to the service.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked<T> {
    value: T,
    diagnostics: Vec<Diagnostic>,
    text: String,
}

impl<T> Checked<T> {
    /// For [`Checker`](super::Checker) only: the one place a value is certified.
    pub(super) fn new(value: T, diagnostics: Vec<Diagnostic>, text: String) -> Self {
        Checked {
            value,
            diagnostics,
            text,
        }
    }

    /// The checked value.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The warnings and advice the check found (never an error).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The canonical text (the same as `to_string()`).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The value, dropping the diagnostics.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The value and the diagnostics.
    pub fn into_parts(self) -> (T, Vec<Diagnostic>) {
        (self.value, self.diagnostics)
    }
}

impl<T> Deref for Checked<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> AsRef<T> for Checked<T> {
    fn as_ref(&self) -> &T {
        &self.value
    }
}

impl<T> fmt::Display for Checked<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// `query` with every name (dataset, columns, metrics, TIMESPAN range) in the
/// catalog's spelling. Names the catalog does not know stay as written.
pub fn canonicalize(query: &Query, catalog: &Catalog) -> Query {
    let mut q = query.clone();
    let Some(from) = &mut q.from else { return q };
    let Some(ds) = catalog.datasets_named(&from.name).next() else {
        return q;
    };
    from.name = ds.name().into();
    let fix = |name: &mut CompactString| {
        if let Some(n) = ds.column(name)
            && n.name != name
        {
            *name = n.name.into();
        }
    };
    q.select.iter_mut().for_each(|i| fix(&mut i.name));
    q.filters.iter_mut().for_each(|c| fix(&mut c.column.name));
    q.order_by.iter_mut().for_each(|k| fix(&mut k.column.name));
    if let Some(ts) = &mut q.timespan
        && let Some(r) = ds.date_range(&ts.name.name)
    {
        ts.name.name = r.into();
    }
    q
}
