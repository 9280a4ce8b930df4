//! The syntax tree of a query. Every node carries the byte [`Span`] it came from.
//!
//! `Display` prints the canonical text: keywords upper case, one space between
//! tokens, `, ` between list items, names as written. For every valid query,
//! `parse(&query.to_string())` gives the same tree again, spans aside
//! ([`Query::without_spans`]).

use std::fmt;

pub use compact_str::CompactString;

use crate::span::Span;

/// One query: `SELECT [DISTINCT] names FROM dataset [WHERE …] [ORDER BY …] [LIMIT n] [TIMESPAN range]`.
///
/// A query parsed from broken text is partial: a missing clause is `None` or
/// empty, and the parser's diagnostics say what was wrong.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Query {
    /// `SELECT DISTINCT`.
    pub distinct: bool,
    /// The selected columns and metrics, in order.
    pub select: Vec<Ident>,
    /// The dataset after `FROM`; `None` only in a partial tree.
    pub from: Option<Ident>,
    /// The `WHERE` conditions, joined by `AND`.
    pub filters: Vec<Condition>,
    /// The `ORDER BY` keys.
    pub order_by: Vec<OrderKey>,
    /// `LIMIT n`.
    pub limit: Option<Limit>,
    /// `TIMESPAN range`.
    pub timespan: Option<Timespan>,
    /// Where each clause stands, keyword included.
    pub clauses: ClauseSpans,
    /// The whole query (without a trailing `;`).
    pub span: Span,
    /// Whether the parser repaired this tree: the text had a syntax error,
    /// so the tree is a guess at what was meant (an `OR` read as `AND`, a
    /// `TOP 10` dropped). [`Checker::check_tree`](crate::Checker::check_tree)
    /// never certifies a repaired tree; clearing the flag is an explicit
    /// opt-out.
    pub repaired: bool,
}

/// Spans of the clauses of a query, each from its keyword to its last token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ClauseSpans {
    /// `SELECT [DISTINCT] …`
    pub select: Option<Span>,
    /// `FROM dataset`
    pub from: Option<Span>,
    /// `WHERE …`
    pub where_: Option<Span>,
    /// `ORDER BY …`
    pub order_by: Option<Span>,
    /// `LIMIT n`
    pub limit: Option<Span>,
    /// `TIMESPAN range`
    pub timespan: Option<Span>,
}

/// A name: a column, metric, dataset or date range, as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Ident {
    /// The name as written in the text (or as the builder gave it).
    pub name: CompactString,
    /// Where it stands.
    pub span: Span,
}

/// `name operator value` in a `WHERE` clause.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// The column or metric tested.
    pub column: Ident,
    /// The comparison.
    pub op: Operator,
    /// Where the operator stands (both words for `NOT LIKE` / `NOT IN`).
    pub op_span: Span,
    /// The value compared with.
    pub value: Value,
    /// The whole condition.
    pub span: Span,
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operator {
    /// `=`
    Eq,
    /// `!=`
    Ne,
    /// `>`
    Gt,
    /// `<`
    Lt,
    /// `>=`
    Ge,
    /// `<=`
    Le,
    /// `LIKE`
    Like,
    /// `NOT LIKE`
    NotLike,
    /// `IN`
    In,
    /// `NOT IN`
    NotIn,
}

impl Operator {
    /// Every operator.
    pub const ALL: [Operator; 10] = [
        Operator::Eq,
        Operator::Ne,
        Operator::Gt,
        Operator::Lt,
        Operator::Ge,
        Operator::Le,
        Operator::Like,
        Operator::NotLike,
        Operator::In,
        Operator::NotIn,
    ];

    /// The canonical text of the operator.
    pub const fn as_str(self) -> &'static str {
        match self {
            Operator::Eq => "=",
            Operator::Ne => "!=",
            Operator::Gt => ">",
            Operator::Lt => "<",
            Operator::Ge => ">=",
            Operator::Le => "<=",
            Operator::Like => "LIKE",
            Operator::NotLike => "NOT LIKE",
            Operator::In => "IN",
            Operator::NotIn => "NOT IN",
        }
    }

    /// `IN` or `NOT IN`: the operators that take a list.
    pub const fn takes_list(self) -> bool {
        matches!(self, Operator::In | Operator::NotIn)
    }

    /// `LIKE` or `NOT LIKE`.
    pub const fn is_like(self) -> bool {
        matches!(self, Operator::Like | Operator::NotLike)
    }
}

impl fmt::Display for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The right-hand side of a condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A single number or string.
    Literal(Literal),
    /// `(a, b, …)`, for `IN` and `NOT IN`.
    List(List),
}

impl Value {
    /// Where the value stands.
    pub fn span(&self) -> Span {
        match self {
            Value::Literal(l) => l.span(),
            Value::List(l) => l.span,
        }
    }
}

/// A parenthesised list of literals.
#[derive(Debug, Clone, PartialEq)]
pub struct List {
    /// The items, in order.
    pub items: Vec<Literal>,
    /// From `(` to `)`.
    pub span: Span,
}

/// A number or a string.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// `-?digits(.digits)?`
    Number(Number),
    /// `'…'`
    String(StringLit),
}

impl Literal {
    /// Where the literal stands.
    pub fn span(&self) -> Span {
        match self {
            Literal::Number(n) => n.span,
            Literal::String(s) => s.span,
        }
    }
}

/// A number literal, kept as written so that it prints back unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number {
    /// The digits as written, with an optional leading `-` and decimal part.
    pub text: CompactString,
    /// Where it stands.
    pub span: Span,
}

impl Number {
    /// The value as a float (numbers of the language always convert).
    pub fn as_f64(&self) -> f64 {
        self.text.parse().unwrap_or(f64::NAN)
    }

    /// The value as an integer, when it is written without a decimal part and fits.
    pub fn as_i64(&self) -> Option<i64> {
        self.text.parse().ok()
    }
}

/// A string literal; `value` is unescaped (`''` became `'`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringLit {
    /// The characters between the quotes, with `''` turned into `'`.
    pub value: CompactString,
    /// Where it stands, quotes included.
    pub span: Span,
}

/// One key of `ORDER BY`.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderKey {
    /// The column or metric to sort by.
    pub column: Ident,
    /// `ASC` or `DESC` when written; the service sorts descending without one.
    pub direction: Option<Direction>,
    /// Where the direction keyword stands, when written.
    pub direction_span: Option<Span>,
    /// The whole key.
    pub span: Span,
}

/// A sort direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// `ASC`
    Asc,
    /// `DESC`
    Desc,
}

impl Direction {
    /// `ASC` or `DESC`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Direction::Asc => "ASC",
            Direction::Desc => "DESC",
        }
    }
}

/// `LIMIT n`. The parser accepts any number here; the check insists on a positive integer.
#[derive(Debug, Clone, PartialEq)]
pub struct Limit {
    /// The number as written.
    pub value: Number,
    /// From `LIMIT` to the number.
    pub span: Span,
}

/// `TIMESPAN range`.
#[derive(Debug, Clone, PartialEq)]
pub struct Timespan {
    /// The range name as written.
    pub name: Ident,
    /// From `TIMESPAN` to the range.
    pub span: Span,
}

impl Timespan {
    /// The range, when the name is one the language knows.
    pub fn range(&self) -> Option<DateRange> {
        DateRange::parse(&self.name.name)
    }
}

macro_rules! date_ranges {
    ($($variant:ident = $text:literal),* $(,)?) => {
        /// A date range of `TIMESPAN`. Which ones a dataset offers is in its schema.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum DateRange {
            $(#[doc = concat!("`", $text, "`")] $variant,)*
        }

        impl DateRange {
            /// Every range the language knows, in the order of the grammar.
            pub const ALL: &'static [DateRange] = &[$(DateRange::$variant),*];

            /// The range's name, upper case.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(DateRange::$variant => $text,)*
                }
            }
        }
    };
}

date_ranges! {
    Today = "TODAY",
    Yesterday = "YESTERDAY",
    Last7Days = "LAST_7_DAYS",
    Last14Days = "LAST_14_DAYS",
    Last30Days = "LAST_30_DAYS",
    Last90Days = "LAST_90_DAYS",
    Last180Days = "LAST_180_DAYS",
    Last365Days = "LAST_365_DAYS",
    LastMonth = "LAST_MONTH",
    Last3Months = "LAST_3_MONTHS",
    Last6Months = "LAST_6_MONTHS",
    Last1Year = "LAST_1_YEAR",
    Last2Years = "LAST_2_YEARS",
    Last3Years = "LAST_3_YEARS",
    Lifetime = "LIFETIME",
}

impl DateRange {
    /// The range named `name`, in any case.
    pub fn parse(name: &str) -> Option<DateRange> {
        const LONGEST: usize = 13;
        if name.len() > LONGEST {
            return None;
        }
        let mut upper = [0u8; LONGEST];
        for (u, b) in upper.iter_mut().zip(name.as_bytes()) {
            *u = b.to_ascii_uppercase();
        }
        let upper = &upper[..name.len()];
        DateRange::ALL
            .iter()
            .copied()
            .find(|r| r.as_str().as_bytes() == upper)
    }
}

impl fmt::Display for DateRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Query {
    /// A copy with every span set to `0..0`, for comparing trees from different texts.
    pub fn without_spans(&self) -> Query {
        let z = Span::default();
        let id = |i: &Ident| Ident {
            name: i.name.clone(),
            span: z,
        };
        let lit = |l: &Literal| match l {
            Literal::Number(n) => Literal::Number(Number {
                text: n.text.clone(),
                span: z,
            }),
            Literal::String(s) => Literal::String(StringLit {
                value: s.value.clone(),
                span: z,
            }),
        };
        Query {
            distinct: self.distinct,
            select: self.select.iter().map(id).collect(),
            from: self.from.as_ref().map(id),
            filters: self
                .filters
                .iter()
                .map(|c| Condition {
                    column: id(&c.column),
                    op: c.op,
                    op_span: z,
                    value: match &c.value {
                        Value::Literal(l) => Value::Literal(lit(l)),
                        Value::List(l) => Value::List(List {
                            items: l.items.iter().map(lit).collect(),
                            span: z,
                        }),
                    },
                    span: z,
                })
                .collect(),
            order_by: self
                .order_by
                .iter()
                .map(|k| OrderKey {
                    column: id(&k.column),
                    direction: k.direction,
                    direction_span: None,
                    span: z,
                })
                .collect(),
            limit: self.limit.as_ref().map(|l| Limit {
                value: Number {
                    text: l.value.text.clone(),
                    span: z,
                },
                span: z,
            }),
            timespan: self.timespan.as_ref().map(|t| Timespan {
                name: id(&t.name),
                span: z,
            }),
            clauses: ClauseSpans::default(),
            span: z,
            repaired: self.repaired,
        }
    }

    /// Every name the query uses as a column or metric, in text order of clauses:
    /// SELECT, then WHERE, then ORDER BY.
    pub fn column_refs(&self) -> impl Iterator<Item = &Ident> {
        self.select
            .iter()
            .chain(self.filters.iter().map(|c| &c.column))
            .chain(self.order_by.iter().map(|k| &k.column))
    }
}

impl fmt::Display for Ident {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

impl fmt::Display for Literal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Literal::Number(n) => f.write_str(&n.text),
            Literal::String(s) => {
                f.write_str("'")?;
                let mut rest = s.value.as_str();
                while let Some(i) = rest.find('\'') {
                    f.write_str(&rest[..=i])?;
                    f.write_str("'")?;
                    rest = &rest[i + 1..];
                }
                f.write_str(rest)?;
                f.write_str("'")
            }
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Literal(l) => l.fmt(f),
            Value::List(list) => {
                f.write_str("(")?;
                for (i, item) in list.items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    item.fmt(f)?;
                }
                f.write_str(")")
            }
        }
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {}", self.column, self.op, self.value)
    }
}

impl fmt::Display for OrderKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.direction {
            Some(d) => write!(f, "{} {}", self.column, d.as_str()),
            None => write!(f, "{}", self.column),
        }
    }
}

fn join<T: fmt::Display>(f: &mut fmt::Formatter<'_>, items: &[T], sep: &str) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(sep)?;
        }
        item.fmt(f)?;
    }
    Ok(())
}

impl fmt::Display for Query {
    /// The canonical text of the query, on one line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SELECT ")?;
        if self.distinct {
            f.write_str("DISTINCT ")?;
        }
        join(f, &self.select, ", ")?;
        if let Some(from) = &self.from {
            write!(f, " FROM {from}")?;
        }
        if !self.filters.is_empty() {
            f.write_str(" WHERE ")?;
            join(f, &self.filters, " AND ")?;
        }
        if !self.order_by.is_empty() {
            f.write_str(" ORDER BY ")?;
            join(f, &self.order_by, ", ")?;
        }
        if let Some(limit) = &self.limit {
            write!(f, " LIMIT {}", limit.value.text)?;
        }
        if let Some(ts) = &self.timespan {
            write!(f, " TIMESPAN {}", ts.name.name.to_ascii_uppercase())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ident(name: &str) -> Ident {
        Ident {
            name: name.into(),
            span: Span::default(),
        }
    }

    #[test]
    fn display_is_canonical_text() {
        let q = Query {
            distinct: true,
            select: vec![ident("CustomerName"), ident("SKU")],
            from: Some(ident("CustomersAndTenants")),
            filters: vec![Condition {
                column: ident("CustomerName"),
                op: Operator::NotIn,
                op_span: Span::default(),
                value: Value::List(List {
                    items: vec![
                        Literal::String(StringLit {
                            value: "O'Brien".into(),
                            span: Span::default(),
                        }),
                        Literal::String(StringLit {
                            value: "x".into(),
                            span: Span::default(),
                        }),
                    ],
                    span: Span::default(),
                }),
                span: Span::default(),
            }],
            order_by: vec![OrderKey {
                column: ident("SKU"),
                direction: Some(Direction::Asc),
                direction_span: None,
                span: Span::default(),
            }],
            limit: Some(Limit {
                value: Number {
                    text: "10".into(),
                    span: Span::default(),
                },
                span: Span::default(),
            }),
            timespan: Some(Timespan {
                name: ident("last_month"),
                span: Span::default(),
            }),
            ..Query::default()
        };
        assert_eq!(
            q.to_string(),
            "SELECT DISTINCT CustomerName, SKU FROM CustomersAndTenants WHERE CustomerName NOT IN ('O''Brien', 'x') \
             ORDER BY SKU ASC LIMIT 10 TIMESPAN LAST_MONTH"
        );
    }

    #[test]
    fn date_ranges_parse_in_any_case() {
        assert_eq!(
            DateRange::parse("last_2_years"),
            Some(DateRange::Last2Years)
        );
        assert_eq!(DateRange::parse("LAST_2_WEEKS"), None);
        assert_eq!(DateRange::ALL.len(), 15);
        for &r in DateRange::ALL {
            let lower = r.as_str().to_ascii_lowercase();
            assert_eq!(DateRange::parse(&lower), Some(r), "{r}");
            assert_eq!(DateRange::parse(&format!("{lower}S")), None, "{r}");
            assert_eq!(DateRange::parse(&lower[1..]), None, "{r}");
        }
        assert_eq!(DateRange::parse(""), None);
        assert_eq!(DateRange::parse("LAST_\u{e9}_DAYS"), None);
    }
}
