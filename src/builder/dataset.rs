//! Datasets and date ranges as types: what the generated `src/datasets/`
//! implements, and the `dataset!` macro that generates each dataset's items.

use std::fmt;

use crate::ast::DateRange;

mod sealed {
    pub trait Sealed {}
}
pub(crate) use sealed::Sealed;

/// A dataset of the bundled catalog, as a type. Implemented only by the
/// generated types of [`crate::datasets`].
pub trait Dataset: Sealed + Copy + fmt::Debug + 'static {
    /// The dataset's name in the catalog (what `FROM` names).
    const DATASET: &'static str;
    /// The API family: `mpn`, `cmp` or `apps-games`.
    const FAMILY: &'static str;
    /// Its columns, in catalog order.
    const COLUMN_NAMES: &'static [&'static str];
    /// Its metrics, in catalog order.
    const METRIC_NAMES: &'static [&'static str];
    /// The date ranges it offers for `TIMESPAN`.
    const DATE_RANGES: &'static [DateRange];
}

/// A `TIMESPAN` range as a type (see [`range`]).
pub trait Range: range::Sealed + Copy + 'static {
    /// The range.
    const RANGE: DateRange;
}

/// Implemented by a dataset for each range it offers, so that
/// [`TypedQuery::timespan`](super::TypedQuery::timespan) takes only those.
#[diagnostic::on_unimplemented(
    message = "dataset `{Self}` does not offer TIMESPAN `{R}`",
    label = "this range is not among the dataset's `availableDateRanges`",
    note = "`<{Self} as Dataset>::DATE_RANGES` lists the ranges it offers"
)]
pub trait Offers<R: Range>: Dataset {}

/// The `TIMESPAN` ranges as types, for [`TypedQuery::timespan`](super::TypedQuery::timespan).
pub mod range {
    use super::Range;
    use crate::ast::DateRange;

    mod sealed {
        pub trait Sealed {}
    }
    pub(crate) use sealed::Sealed;

    macro_rules! ranges {
        ($($name:ident),* $(,)?) => {$(
            #[doc = concat!("The range `DateRange::", stringify!($name), "`.")]
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
            pub struct $name;
            impl Sealed for $name {}
            impl Range for $name {
                const RANGE: DateRange = DateRange::$name;
            }
        )*};
    }

    ranges! {
        Today, Yesterday, Last7Days, Last14Days, Last30Days, Last90Days, Last180Days,
        Last365Days, LastMonth, Last3Months, Last6Months, Last1Year, Last2Years,
        Last3Years, Lifetime,
    }
}

/// One dataset type: the struct, its `Dataset` and `Offers` impls, and a
/// constant per column and metric. Used by the generated `src/datasets/`.
macro_rules! dataset {
    (
        $(#[$m:meta])*
        $ty:ident = $name:literal, $family:literal;
        ranges: $($range:ident),*;
        columns { $($(#[$cm:meta])* $col:ident: $cty:ty = $cname:literal;)* }
        metrics { $($(#[$mm:meta])* $met:ident: $mty:ty = $mname:literal;)* }
    ) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct $ty;

        impl $crate::builder::DatasetSealed for $ty {}

        impl $crate::builder::Dataset for $ty {
            const DATASET: &'static str = $name;
            const FAMILY: &'static str = $family;
            const COLUMN_NAMES: &'static [&'static str] = &[$($cname),*];
            const METRIC_NAMES: &'static [&'static str] = &[$($mname),*];
            const DATE_RANGES: &'static [$crate::ast::DateRange] =
                &[$($crate::ast::DateRange::$range),*];
        }

        $(impl $crate::builder::Offers<$crate::builder::range::$range> for $ty {})*

        impl $ty {
            $(
                $(#[$cm])*
                pub const $col: $crate::builder::Column<$ty, $cty> =
                    $crate::builder::Column::new($cname, false);
            )*
            $(
                $(#[$mm])*
                pub const $met: $crate::builder::Column<$ty, $mty> =
                    $crate::builder::Column::new($mname, true);
            )*
        }
    };
}
pub(crate) use dataset;
