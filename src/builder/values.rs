//! Value types of columns, and which Rust values and comparisons each one takes.
//!
//! Every typed column has a value type `T` ([`Column<D, T>`](super::Column)):
//! a marker such as [`Text`] or [`Decimal`], or an enum of the column's allowed
//! values such as [`Bit`]. What a filter may compare it with follows from `T`:
//!
//! | value type | takes | `eq` `ne` `is_in` `not_in` | `gt` `ge` `lt` `le` | `like` `not_like` |
//! | --- | --- | --- | --- | --- |
//! | [`Text`] (no or `string` hint) | `&str`, `String` | yes | yes | yes |
//! | [`Date`], [`DateTime`] | `&str`, `String` (`'2024-01-31'`) | yes | yes | yes |
//! | [`Guid`] | `&str`, `String` | yes | no | yes |
//! | [`Integer`] | integers | yes | yes | no |
//! | [`Decimal`] (and metrics without a hint) | integers, `f32`, `f64` | yes | yes | no |
//! | enums ([`Bit`], [`YN`], [`YesNo`], generated ones) | the enum | yes | no | no |

use std::borrow::Cow;

use crate::ast::{CompactString, Literal, Number, StringLit};
use crate::span::Span;

mod sealed {
    pub trait Sealed {}
}
pub(crate) use sealed::Sealed;

/// The value type of a column: what it holds, for filters and docs.
pub trait ValueType: Sealed + 'static {
    /// A short name for docs and messages (`text`, `decimal`, …).
    const KIND: &'static str;
}

/// Value types that `gt`, `ge`, `lt` and `le` make sense for.
#[diagnostic::on_unimplemented(
    message = "a `{Self}` column cannot be compared with `>`, `>=`, `<` or `<=`",
    label = "no ordering comparison on this column",
    note = "ordering comparisons exist on text, date, integer and decimal columns and on metrics"
)]
pub trait Ordered: ValueType {}

/// Value types that `like` and `not_like` make sense for (string-valued columns).
#[diagnostic::on_unimplemented(
    message = "a `{Self}` column cannot be matched with LIKE",
    label = "LIKE takes a string pattern; this column does not hold text",
    note = "use `eq`, `is_in` or a range comparison instead"
)]
pub trait Pattern: ValueType {}

/// A Rust value that a filter on a column of value type `T` takes.
#[diagnostic::on_unimplemented(
    message = "a `{T}` column cannot be compared with a value of type `{Self}`",
    label = "wrong value type for this column",
    note = "text, date and GUID columns take strings; integer and decimal columns and metrics take numbers; enum columns take their enum"
)]
pub trait IntoValue<T: ValueType> {
    /// The literal the query text shows.
    fn into_literal(self) -> Literal;
}

/// An enum of a column's allowed values (typed filters take the enum itself).
pub trait EnumValue: ValueType + Copy {
    /// The allowed values.
    const ALL: &'static [Self];
    /// The literal the query text shows for this value.
    fn literal(self) -> Literal;
}

impl<E: EnumValue> IntoValue<E> for E {
    fn into_literal(self) -> Literal {
        self.literal()
    }
}

macro_rules! markers {
    ($($(#[$m:meta])* $name:ident = $kind:literal, ordered: $ord:tt, pattern: $pat:tt;)*) => {$(
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub struct $name;
        impl Sealed for $name {}
        impl ValueType for $name {
            const KIND: &'static str = $kind;
        }
        markers!(@ordered $ord $name);
        markers!(@pattern $pat $name);
    )*};
    (@ordered yes $name:ident) => { impl Ordered for $name {} };
    (@ordered no $name:ident) => {};
    (@pattern yes $name:ident) => { impl Pattern for $name {} };
    (@pattern no $name:ident) => {};
}

markers! {
    /// Text: a column with a `string` hint or none (filters take strings).
    Text = "text", ordered: yes, pattern: yes;
    /// A date held as text, `yyyy-MM-dd` (filters take strings).
    Date = "date", ordered: yes, pattern: yes;
    /// A date and time held as text (filters take strings).
    DateTime = "datetime", ordered: yes, pattern: yes;
    /// A GUID held as text (filters take strings; no ordering).
    Guid = "guid", ordered: no, pattern: yes;
    /// A whole number (filters take integers).
    Integer = "integer", ordered: yes, pattern: no;
    /// A decimal number; also every metric without a type hint (filters take numbers).
    Decimal = "decimal", ordered: yes, pattern: no;
}

/// A string literal with no span (the builder lays spans out later).
pub(crate) fn string_literal(value: impl Into<CompactString>) -> Literal {
    Literal::String(StringLit {
        value: value.into(),
        span: Span::default(),
    })
}

/// A number literal with no span, `text` as the query shows it.
pub(crate) fn number_literal(text: impl Into<CompactString>) -> Literal {
    Literal::Number(Number {
        text: text.into(),
        span: Span::default(),
    })
}

macro_rules! strings_for {
    ($($marker:ty),*) => {$(
        impl IntoValue<$marker> for &str {
            fn into_literal(self) -> Literal { string_literal(self) }
        }
        impl IntoValue<$marker> for String {
            fn into_literal(self) -> Literal { string_literal(self) }
        }
        impl IntoValue<$marker> for &String {
            fn into_literal(self) -> Literal { string_literal(self.as_str()) }
        }
        impl IntoValue<$marker> for Cow<'_, str> {
            fn into_literal(self) -> Literal { string_literal(self) }
        }
    )*};
}
strings_for!(Text, Date, DateTime, Guid);

macro_rules! integers_for {
    ($marker:ty: $($int:ty),*) => {$(
        impl IntoValue<$marker> for $int {
            fn into_literal(self) -> Literal { number_literal(self.to_string()) }
        }
    )*};
}
integers_for!(Integer: i8, i16, i32, i64, u8, u16, u32, u64, isize, usize);
integers_for!(Decimal: i8, i16, i32, i64, u8, u16, u32, u64, isize, usize);

/// `f64`'s `Display` never uses an exponent, so a finite float prints as the
/// grammar's `-?digits(.digits)?`. A NaN or an infinity prints as `NaN` or
/// `inf`, which the build reports as PQ1004 invalid-number.
impl IntoValue<Decimal> for f64 {
    fn into_literal(self) -> Literal {
        number_literal(self.to_string())
    }
}

impl IntoValue<Decimal> for f32 {
    fn into_literal(self) -> Literal {
        number_literal(self.to_string())
    }
}

macro_rules! enums {
    ($($(#[$m:meta])* $name:ident ($kind:literal) {
        $($(#[$vm:meta])* $variant:ident => $lit:ident($text:literal)),* $(,)?
    })*) => {$(
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vm])* $variant,)*
        }
        impl $crate::builder::values::Sealed for $name {}
        impl $crate::builder::values::ValueType for $name {
            const KIND: &'static str = $kind;
        }
        impl $crate::builder::values::EnumValue for $name {
            const ALL: &'static [Self] = &[$($name::$variant),*];
            fn literal(self) -> $crate::ast::Literal {
                match self { $($name::$variant => $lit($text),)* }
            }
        }
    )*};
}
pub(crate) use enums;

enums! {
    /// A `boolean01` column: `0` or `1` (written as numbers, never `'True'`/`'False'`).
    Bit ("boolean01") {
        /// `0`
        Zero => number_literal("0"),
        /// `1`
        One => number_literal("1"),
    }
    /// A `yesno` column whose values are `'Y'` and `'N'`.
    YN ("yesno") {
        /// `'Y'`
        Y => string_literal("Y"),
        /// `'N'`
        N => string_literal("N"),
    }
    /// A `yesno` column whose values are `'Yes'` and `'No'`.
    YesNo ("yesno") {
        /// `'Yes'`
        Yes => string_literal("Yes"),
        /// `'No'`
        No => string_literal("No"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text<T: ValueType>(v: impl IntoValue<T>) -> String {
        v.into_literal().to_string()
    }

    #[test]
    fn values_print_as_the_language_writes_them() {
        assert_eq!(text::<Text>("O'Brien"), "'O''Brien'");
        assert_eq!(text::<Date>(String::from("2024-01-31")), "'2024-01-31'");
        assert_eq!(text::<Integer>(-42i64), "-42");
        assert_eq!(text::<Decimal>(2.5f64), "2.5");
        assert_eq!(text::<Decimal>(1e21f64), "1000000000000000000000");
        assert_eq!(text::<Decimal>(1e-7f64), "0.0000001");
        assert_eq!(text::<Decimal>(20000u32), "20000");
        assert_eq!(text::<Bit>(Bit::One), "1");
        assert_eq!(text::<YN>(YN::N), "'N'");
        assert_eq!(text::<YesNo>(YesNo::Yes), "'Yes'");
    }

    #[test]
    fn enums_list_every_value() {
        assert_eq!(Bit::ALL, &[Bit::Zero, Bit::One]);
        assert_eq!(YN::KIND, "yesno");
    }
}
