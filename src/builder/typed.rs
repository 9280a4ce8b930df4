//! The typed builder: columns typed by dataset and value, filters, sort keys,
//! and the query that collects them.

use std::fmt;
use std::marker::PhantomData;
use std::num::NonZeroU32;

use super::dataset::{Dataset, Offers, Range};
use super::values::{IntoValue, Ordered, Pattern, ValueType};
use super::{BuildOptions, Catalog, CheckError, Checked, Draft, finish};
use crate::ast::{Direction, Operator, Query};

/// A column or metric of dataset `D` whose values are of type `T`.
///
/// The generated datasets hold one constant per column and metric, e.g.
/// `CustomersAndTenants::CUSTOMER_NAME`. Filters and sort keys made from it
/// belong to `D`, so they cannot go into a query of another dataset.
pub struct Column<D, T> {
    name: &'static str,
    metric: bool,
    _types: PhantomData<fn() -> (D, T)>,
}

impl<D, T> Clone for Column<D, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<D, T> Copy for Column<D, T> {}

impl<D: Dataset, T: ValueType> fmt::Debug for Column<D, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{} ({})", D::DATASET, self.name, T::KIND)
    }
}

impl<D: Dataset, T: ValueType> Column<D, T> {
    /// A column; `metric` tells whether it is one of the dataset's metrics.
    pub(crate) const fn new(name: &'static str, metric: bool) -> Self {
        Column {
            name,
            metric,
            _types: PhantomData,
        }
    }

    /// The name in the catalog's spelling, as the query text shows it.
    pub const fn name(self) -> &'static str {
        self.name
    }

    /// Whether it is a metric (`availableMetrics`) rather than a column.
    pub const fn is_metric(self) -> bool {
        self.metric
    }

    fn filter(self, op: Operator, value: crate::ast::Value) -> Filter<D> {
        Filter {
            column: self.name,
            op,
            value,
            _dataset: PhantomData,
        }
    }

    fn single(self, op: Operator, v: impl IntoValue<T>) -> Filter<D> {
        self.filter(op, crate::ast::Value::Literal(v.into_literal()))
    }

    fn list<V: IntoValue<T>>(self, op: Operator, vs: impl IntoIterator<Item = V>) -> Filter<D> {
        let items = vs.into_iter().map(IntoValue::into_literal).collect();
        self.filter(op, super::list_value(items))
    }

    /// `name = value`
    pub fn eq(self, value: impl IntoValue<T>) -> Filter<D> {
        self.single(Operator::Eq, value)
    }

    /// `name != value`
    pub fn ne(self, value: impl IntoValue<T>) -> Filter<D> {
        self.single(Operator::Ne, value)
    }

    /// `name IN (values…)`. An empty list is reported at build (PQ1016).
    pub fn is_in<V: IntoValue<T>>(self, values: impl IntoIterator<Item = V>) -> Filter<D> {
        self.list(Operator::In, values)
    }

    /// `name NOT IN (values…)`. An empty list is reported at build (PQ1016).
    pub fn not_in<V: IntoValue<T>>(self, values: impl IntoIterator<Item = V>) -> Filter<D> {
        self.list(Operator::NotIn, values)
    }

    /// `name ASC`
    pub fn asc(self) -> Order<D> {
        Order::new(self.name, Direction::Asc)
    }

    /// `name DESC`
    pub fn desc(self) -> Order<D> {
        Order::new(self.name, Direction::Desc)
    }
}

impl<D: Dataset, T: ValueType> Column<D, T> {
    /// `name > value` (text, date, integer and decimal columns; metrics).
    pub fn gt(self, value: impl IntoValue<T>) -> Filter<D>
    where
        T: Ordered,
    {
        self.single(Operator::Gt, value)
    }

    /// `name >= value` (text, date, integer and decimal columns; metrics).
    pub fn ge(self, value: impl IntoValue<T>) -> Filter<D>
    where
        T: Ordered,
    {
        self.single(Operator::Ge, value)
    }

    /// `name < value` (text, date, integer and decimal columns; metrics).
    pub fn lt(self, value: impl IntoValue<T>) -> Filter<D>
    where
        T: Ordered,
    {
        self.single(Operator::Lt, value)
    }

    /// `name <= value` (text, date, integer and decimal columns; metrics).
    pub fn le(self, value: impl IntoValue<T>) -> Filter<D>
    where
        T: Ordered,
    {
        self.single(Operator::Le, value)
    }

    /// `name LIKE 'pattern'` (`%` matches any characters; string-valued columns only).
    pub fn like(self, pattern: impl Into<String>) -> Filter<D>
    where
        T: Pattern,
    {
        self.filter(Operator::Like, super::string_value(pattern))
    }

    /// `name NOT LIKE 'pattern'` (string-valued columns only).
    pub fn not_like(self, pattern: impl Into<String>) -> Filter<D>
    where
        T: Pattern,
    {
        self.filter(Operator::NotLike, super::string_value(pattern))
    }
}

/// A `WHERE` condition on a column of dataset `D` (made by [`Column::eq`] and friends).
#[derive(Debug, Clone, PartialEq)]
pub struct Filter<D> {
    column: &'static str,
    op: Operator,
    value: crate::ast::Value,
    _dataset: PhantomData<fn() -> D>,
}

/// An `ORDER BY` key of dataset `D` with its direction (made by [`Column::asc`] / [`Column::desc`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Order<D> {
    column: &'static str,
    direction: Direction,
    _dataset: PhantomData<fn() -> D>,
}

impl<D> Order<D> {
    fn new(column: &'static str, direction: Direction) -> Self {
        Order {
            column,
            direction,
            _dataset: PhantomData,
        }
    }
}

/// One or more columns of dataset `D` to select: a [`Column`] or a tuple of
/// up to eight of them. Nothing else is a selection, so a query cannot lack SELECT.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a selection of columns of dataset `{D}`",
    label = "select takes a column of `{D}`, or a non-empty tuple of them",
    note = "every column and metric of a query must belong to its one dataset"
)]
pub trait Selection<D> {
    /// Append the names in order.
    fn names(self, out: &mut Vec<&'static str>);
}

impl<D: Dataset, T: ValueType> Selection<D> for Column<D, T> {
    fn names(self, out: &mut Vec<&'static str>) {
        out.push(self.name);
    }
}

macro_rules! tuple_selections {
    ($(($($t:ident),+))*) => {$(
        impl<D: Dataset, $($t: Selection<D>),+> Selection<D> for ($($t,)+) {
            #[allow(non_snake_case)]
            fn names(self, out: &mut Vec<&'static str>) {
                let ($($t,)+) = self;
                $($t.names(out);)+
            }
        }
    )*};
}

tuple_selections! {
    (A) (A, B) (A, B, C) (A, B, C, E) (A, B, C, E, F) (A, B, C, E, F, G)
    (A, B, C, E, F, G, H) (A, B, C, E, F, G, H, I)
}

/// Start a typed query of dataset `D` by selecting its first column(s).
///
/// SELECT is the only way in, so every typed query selects something.
pub fn select<D: Dataset>(columns: impl Selection<D>) -> TypedQuery<D> {
    TypedQuery {
        draft: Draft::new(D::DATASET),
        _dataset: PhantomData,
    }
    .select(columns)
}

/// A query of dataset `D` under construction; [`select`] makes one.
#[derive(Debug, Clone, PartialEq)]
pub struct TypedQuery<D> {
    draft: Draft,
    _dataset: PhantomData<fn() -> D>,
}

impl<D: Dataset> TypedQuery<D> {
    /// Select more columns or metrics.
    pub fn select(mut self, columns: impl Selection<D>) -> Self {
        let mut names = Vec::new();
        columns.names(&mut names);
        for n in names {
            self.draft.select(n);
        }
        self
    }

    /// `SELECT DISTINCT`.
    pub fn distinct(mut self) -> Self {
        self.draft.query.distinct = true;
        self
    }

    /// Add a `WHERE` condition (conditions are joined by `AND`).
    pub fn filter(mut self, filter: Filter<D>) -> Self {
        self.draft.filter(filter.column, filter.op, filter.value);
        self
    }

    /// Add an `ORDER BY` key, with its direction.
    pub fn order_by(mut self, order: Order<D>) -> Self {
        self.draft.order_by(order.column, order.direction);
        self
    }

    /// `LIMIT n`.
    pub fn limit(mut self, n: NonZeroU32) -> Self {
        self.draft.limit(&n.to_string());
        self
    }

    /// `TIMESPAN range`, one of the ranges `D` offers (see [`range`](super::range)).
    pub fn timespan<R: Range>(mut self, _range: R) -> Self
    where
        D: Offers<R>,
    {
        self.draft.timespan(R::RANGE.as_str());
        self
    }

    /// The query as built so far, not checked, without spans.
    pub fn to_query(&self) -> Query {
        self.draft.query.clone()
    }

    /// Check the query against the bundled catalog with [`BuildOptions::default`]:
    /// the checked query, whose spans point into its canonical text, or every
    /// diagnostic `pcql check` gives for that text.
    #[cfg(feature = "bundled-schemas")]
    pub fn build(self) -> Result<Checked<Query>, CheckError> {
        self.build_with(Catalog::bundled(), &BuildOptions::default())
    }

    /// Check the query against `catalog` (e.g. one pulled from the API) with `opts`.
    pub fn build_with(
        self,
        catalog: &Catalog,
        opts: &BuildOptions,
    ) -> Result<Checked<Query>, CheckError> {
        let mut opts = opts.clone();
        if opts.check.family.is_none() {
            opts.check.family = D::FAMILY.parse().ok();
        }
        finish(self.draft.query, catalog, &opts)
    }
}

impl<D> fmt::Display for TypedQuery<D> {
    /// The canonical text of the query as built so far.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.draft.query.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builder::range::Last2Years;
    use crate::builder::{Bit, YN};
    use crate::datasets::AzureLicenseType as L;
    use crate::datasets::cmp::ISVUsage as U;
    use crate::datasets::mpn::{CustomersAndTenants as C, SeatsSubscriptionsAndRevenue as S};

    #[test]
    fn every_operator_prints_as_the_language_writes_it() {
        let q = select((S::CUSTOMER_NAME, S::BILLED_REVENUE_USD))
            .filter(S::CUSTOMER_NAME.like("Con%"))
            .filter(S::CUSTOMER_NAME.not_like("%test%"))
            .filter(S::CUSTOMER_NAME.ne("O'Brien"))
            .filter(S::BILLED_REVENUE_USD.ge(10))
            .filter(S::BILLED_REVENUE_USD.lt(2.5))
            .filter(S::IS_AUTO_RENEW.not_in([YN::Y]))
            .filter(S::IS_DUPLICATE_ROW_FOR_PGA.is_in([Bit::Zero, Bit::One]))
            .order_by(S::CUSTOMER_NAME.asc())
            .timespan(Last2Years);
        assert_eq!(
            q.to_string(),
            "SELECT CustomerName, BilledRevenueUSD FROM SeatsSubscriptionsAndRevenue \
             WHERE CustomerName LIKE 'Con%' AND CustomerName NOT LIKE '%test%' \
             AND CustomerName != 'O''Brien' AND BilledRevenueUSD >= 10 \
             AND BilledRevenueUSD < 2.5 AND IsAutoRenew NOT IN ('Y') \
             AND IsDuplicateRowForPGA IN (0, 1) ORDER BY CustomerName ASC TIMESPAN LAST_2_YEARS"
        );
    }

    #[test]
    fn generated_enums_print_their_catalog_values() {
        let q = select(U::AZURE_LICENSE_TYPE).filter(U::AZURE_LICENSE_TYPE.eq(L::PayAsYouGo));
        assert!(
            q.to_string()
                .ends_with("WHERE AzureLicenseType = 'Pay as You Go'")
        );
    }

    #[test]
    fn datasets_know_their_catalog_facts() {
        assert_eq!(C::DATASET, "CustomersAndTenants");
        assert_eq!(C::FAMILY, "mpn");
        assert_eq!(C::COLUMN_NAMES.len(), 28);
        assert_eq!(C::METRIC_NAMES[3], "BilledRevenueUSD");
        assert!(C::BILLED_REVENUE_USD.is_metric());
        assert!(!C::CUSTOMER_NAME.is_metric());
        assert_eq!(
            C::DATE_RANGES.last(),
            Some(&crate::ast::DateRange::Last2Years)
        );
        assert_eq!(
            format!("{:?}", C::AVAILABLE_SEATS),
            "CustomersAndTenants.AvailableSeats (integer)"
        );
    }

    #[test]
    fn later_limits_and_timespans_replace_earlier_ones() {
        let q = select(C::CUSTOMER_NAME)
            .limit(NonZeroU32::new(5).unwrap())
            .limit(NonZeroU32::new(7).unwrap())
            .distinct();
        assert_eq!(
            q.to_string(),
            "SELECT DISTINCT CustomerName FROM CustomersAndTenants LIMIT 7"
        );
        assert_eq!(q.to_query().limit.unwrap().value.text, "7");
    }
}
