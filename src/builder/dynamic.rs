//! The dynamic builder: dataset and column names known only at run time,
//! checked against a [`Catalog`] when the query is built.

use std::fmt;

use super::values::{number_literal, string_literal};
use super::{BuildOptions, Catalog, CheckError, Checked, Draft, finish, list_value, string_value};
use crate::ast::{Direction, Literal, Operator, Query, Value};

/// A single value for a dynamic filter: a number or a string.
///
/// Made with `From`: integers and floats become numbers, `&str` and `String`
/// strings. A NaN or an infinity is reported at build (PQ1004).
#[derive(Debug, Clone, PartialEq)]
pub struct Scalar(Literal);

impl Scalar {
    /// The literal the query text shows.
    pub fn into_literal(self) -> Literal {
        self.0
    }
}

macro_rules! scalar_from {
    (numbers: $($t:ty),*) => {$(
        impl From<$t> for Scalar {
            fn from(v: $t) -> Self { Scalar(number_literal(v.to_string())) }
        }
    )*};
}
scalar_from!(numbers: i8, i16, i32, i64, u8, u16, u32, u64, isize, usize, f32, f64);

impl From<&str> for Scalar {
    fn from(v: &str) -> Self {
        Scalar(string_literal(v))
    }
}

impl From<String> for Scalar {
    fn from(v: String) -> Self {
        Scalar(string_literal(v))
    }
}

impl From<&String> for Scalar {
    fn from(v: &String) -> Self {
        Scalar(string_literal(v.as_str()))
    }
}

impl From<Literal> for Scalar {
    fn from(v: Literal) -> Self {
        Scalar(v)
    }
}

/// A query whose names are strings, checked against a catalog by [`build`](Self::build).
///
/// Start it with `DynamicQuery::from("Dataset")`. Nothing is checked before
/// `build`, which returns every problem at once, with the codes `pcql check`
/// gives for the same mistakes in text.
#[derive(Debug, Clone, PartialEq)]
pub struct DynamicQuery {
    draft: Draft,
}

impl From<&str> for DynamicQuery {
    /// A query of the dataset named `dataset`, selecting nothing yet.
    fn from(dataset: &str) -> Self {
        DynamicQuery {
            draft: Draft::new(dataset),
        }
    }
}

impl From<String> for DynamicQuery {
    /// A query of the dataset named `dataset`, selecting nothing yet.
    fn from(dataset: String) -> Self {
        DynamicQuery::from(dataset.as_str())
    }
}

impl DynamicQuery {
    /// Select a column or metric.
    pub fn select(mut self, name: impl AsRef<str>) -> Self {
        self.draft.select(name.as_ref());
        self
    }

    /// Select several columns or metrics, in order.
    pub fn select_all<S: AsRef<str>>(mut self, names: impl IntoIterator<Item = S>) -> Self {
        for n in names {
            self.draft.select(n.as_ref());
        }
        self
    }

    /// `SELECT DISTINCT`.
    pub fn distinct(mut self) -> Self {
        self.draft.query.distinct = true;
        self
    }

    /// `name op value`, for any operator (a list goes with `IN`/`NOT IN`).
    pub fn filter(mut self, name: impl AsRef<str>, op: Operator, value: Value) -> Self {
        self.draft.filter(name.as_ref(), op, value);
        self
    }

    fn single(self, name: impl AsRef<str>, op: Operator, v: impl Into<Scalar>) -> Self {
        self.filter(name, op, Value::Literal(v.into().0))
    }

    /// `name = value`
    pub fn eq(self, name: impl AsRef<str>, value: impl Into<Scalar>) -> Self {
        self.single(name, Operator::Eq, value)
    }

    /// `name != value`
    pub fn ne(self, name: impl AsRef<str>, value: impl Into<Scalar>) -> Self {
        self.single(name, Operator::Ne, value)
    }

    /// `name > value`
    pub fn gt(self, name: impl AsRef<str>, value: impl Into<Scalar>) -> Self {
        self.single(name, Operator::Gt, value)
    }

    /// `name >= value`
    pub fn ge(self, name: impl AsRef<str>, value: impl Into<Scalar>) -> Self {
        self.single(name, Operator::Ge, value)
    }

    /// `name < value`
    pub fn lt(self, name: impl AsRef<str>, value: impl Into<Scalar>) -> Self {
        self.single(name, Operator::Lt, value)
    }

    /// `name <= value`
    pub fn le(self, name: impl AsRef<str>, value: impl Into<Scalar>) -> Self {
        self.single(name, Operator::Le, value)
    }

    /// `name LIKE 'pattern'`
    pub fn like(self, name: impl AsRef<str>, pattern: impl Into<String>) -> Self {
        self.filter(name, Operator::Like, string_value(pattern))
    }

    /// `name NOT LIKE 'pattern'`
    pub fn not_like(self, name: impl AsRef<str>, pattern: impl Into<String>) -> Self {
        self.filter(name, Operator::NotLike, string_value(pattern))
    }

    fn list<V: Into<Scalar>>(
        self,
        name: impl AsRef<str>,
        op: Operator,
        values: impl IntoIterator<Item = V>,
    ) -> Self {
        let items = values.into_iter().map(|v| v.into().0).collect();
        self.filter(name, op, list_value(items))
    }

    /// `name IN (values…)`
    pub fn is_in<V: Into<Scalar>>(
        self,
        name: impl AsRef<str>,
        values: impl IntoIterator<Item = V>,
    ) -> Self {
        self.list(name, Operator::In, values)
    }

    /// `name NOT IN (values…)`
    pub fn not_in<V: Into<Scalar>>(
        self,
        name: impl AsRef<str>,
        values: impl IntoIterator<Item = V>,
    ) -> Self {
        self.list(name, Operator::NotIn, values)
    }

    /// Add an `ORDER BY` key with its direction.
    pub fn order_by(mut self, name: impl AsRef<str>, direction: Direction) -> Self {
        self.draft.order_by(name.as_ref(), direction);
        self
    }

    /// `LIMIT n`; `0` is reported at build (PQ3001), as the check reports `LIMIT 0`.
    pub fn limit(mut self, n: u32) -> Self {
        self.draft.limit(&n.to_string());
        self
    }

    /// `TIMESPAN range`, by name in any case (`"last_month"`).
    pub fn timespan(mut self, range: impl AsRef<str>) -> Self {
        self.draft.timespan(range.as_ref());
        self
    }

    /// The query as built so far, not checked, without spans.
    pub fn to_query(&self) -> Query {
        self.draft.query.clone()
    }

    /// Check the query against `catalog` with [`BuildOptions::default`]: the
    /// checked query, or every diagnostic, with spans into `to_string()`.
    pub fn build(self, catalog: &Catalog) -> Result<Checked<Query>, CheckError> {
        self.build_with(catalog, &BuildOptions::default())
    }

    /// Check the query against `catalog` with `opts`.
    pub fn build_with(
        self,
        catalog: &Catalog,
        opts: &BuildOptions,
    ) -> Result<Checked<Query>, CheckError> {
        finish(self.draft.query, catalog, opts)
    }
}

impl fmt::Display for DynamicQuery {
    /// The canonical text of the query as built so far.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.draft.query.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_on_strings_print_the_query() {
        let q = DynamicQuery::from(String::from("ISVUsage"))
            .select_all(["CustomerName", "NormalizedUsage"])
            .distinct()
            .eq("IsPreviewSKU", "No")
            .ne("CustomerCountry", String::from("Germany"))
            .gt("NormalizedUsage", 1.5)
            .ge("RawUsage", 2u32)
            .lt("RawUsage", -3i64)
            .le("RawUsage", 4usize)
            .like("CustomerName", "C%")
            .not_like("CustomerName", "%x")
            .is_in("OfferName", ["a", "b"])
            .not_in("SKU", [1, 2])
            .order_by("NormalizedUsage", Direction::Desc)
            .limit(3)
            .timespan("last_3_months");
        assert_eq!(
            q.to_string(),
            "SELECT DISTINCT CustomerName, NormalizedUsage FROM ISVUsage \
             WHERE IsPreviewSKU = 'No' AND CustomerCountry != 'Germany' \
             AND NormalizedUsage > 1.5 AND RawUsage >= 2 AND RawUsage < -3 \
             AND RawUsage <= 4 AND CustomerName LIKE 'C%' AND CustomerName NOT LIKE '%x' \
             AND OfferName IN ('a', 'b') AND SKU NOT IN (1, 2) \
             ORDER BY NormalizedUsage DESC LIMIT 3 TIMESPAN LAST_3_MONTHS"
        );
        assert_eq!(q.to_query().timespan.unwrap().name.name, "LAST_3_MONTHS");
    }
}
