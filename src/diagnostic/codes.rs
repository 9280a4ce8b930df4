//! The registry of diagnostic codes. A code is never reused for another meaning.
//!
//! Groups: PQ10xx syntax, PQ11xx SQL that is not the language, PQ2xxx names,
//! PQ3xxx values, PQ4xxx clauses, PQ5xxx advice, PQ6xxx report and query
//! request bodies, PQ9xxx the tool itself (schemas, configuration).
//! Each code's long explanation is `docs/codes/<CODE>.md`, printed by `pcql explain`.

use serde::{Serialize, Serializer};

use super::Severity;

macro_rules! codes {
    ($($variant:ident = $code:literal, $name:literal, $sev:ident, $summary:literal;)*) => {
        /// A stable diagnostic code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Code {
            $(#[doc = concat!("`", $code, "` ", $name, ": ", $summary)] $variant,)*
        }

        impl Code {
            /// Every code, in order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The code, e.g. `PQ1001`.
            pub const fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// A short kebab-case name, e.g. `select-star`.
            pub const fn name(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// The severity it has unless configuration changes it.
            pub const fn default_severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$sev,)* }
            }

            /// One line: what the code means.
            pub const fn summary(self) -> &'static str {
                match self { $(Code::$variant => $summary,)* }
            }

            /// The long explanation (Markdown): what triggers it, an example, what to write instead.
            pub const fn explanation(self) -> &'static str {
                match self { $(Code::$variant => include_str!(concat!("../../docs/codes/", $code, ".md")),)* }
            }
        }
    };
}

codes! {
    // PQ10xx: syntax
    UnexpectedToken = "PQ1001", "unexpected-token", Error, "a token that cannot stand at this place in a query";
    UnterminatedString = "PQ1002", "unterminated-string", Error, "a string literal without its closing quote";
    InvalidCharacter = "PQ1003", "invalid-character", Error, "a character that is not part of the language";
    InvalidNumber = "PQ1004", "invalid-number", Error, "a number literal with letters in it, such as 6096xxx";
    CurlyQuote = "PQ1005", "curly-quote", Error, "typographic quotes where the language needs straight ' quotes";
    MissingSelect = "PQ1006", "missing-select", Error, "a query must start with SELECT";
    MissingFrom = "PQ1007", "missing-from", Error, "a query needs FROM and a dataset";
    ExpectedName = "PQ1008", "expected-name", Error, "a column, metric or dataset name is missing";
    MissingComma = "PQ1009", "missing-comma", Error, "two names without a comma between them";
    TrailingComma = "PQ1010", "trailing-comma", Error, "a comma with no name after it";
    ClauseOrder = "PQ1011", "clause-order", Error, "clauses out of the order SELECT, FROM, WHERE, ORDER BY, LIMIT, TIMESPAN";
    DuplicateClause = "PQ1012", "duplicate-clause", Error, "the same clause written twice";
    RepeatedDirection = "PQ1013", "repeated-direction", Error, "more than one ASC/DESC on one ORDER BY key";
    UnknownDateRange = "PQ1014", "unknown-date-range", Error, "a TIMESPAN range the language does not have";
    MissingValue = "PQ1015", "missing-value", Error, "a condition without a value after its operator";
    EmptyList = "PQ1016", "empty-list", Error, "a list with no values in it";
    UnexpectedEnd = "PQ1017", "unexpected-end", Error, "the query ends before it is complete";
    TrailingInput = "PQ1018", "trailing-input", Error, "text after the end of the query";
    MissingOperator = "PQ1019", "missing-operator", Error, "a condition without a comparison operator";
    // PQ11xx: SQL that is not part of the language
    SelectStar = "PQ1101", "select-star", Error, "SELECT * is not supported; name the columns";
    OrCondition = "PQ1102", "or-condition", Error, "conditions can only be joined by AND";
    ParenthesizedCondition = "PQ1103", "parenthesized-condition", Error, "conditions cannot be grouped in parentheses";
    NotCondition = "PQ1104", "not-condition", Error, "NOT exists only in NOT LIKE and NOT IN";
    Between = "PQ1105", "between", Error, "BETWEEN is not supported; use >= and <=";
    IsNull = "PQ1106", "is-null", Error, "IS NULL / IS NOT NULL are not supported";
    GroupBy = "PQ1107", "group-by", Error, "GROUP BY is not supported; metrics aggregate by themselves";
    Having = "PQ1108", "having", Error, "HAVING is not supported; filter on the metric in WHERE";
    Join = "PQ1109", "join", Error, "a query reads exactly one dataset; JOIN is not supported";
    FunctionCall = "PQ1110", "function-call", Error, "functions such as SUM(x) or COUNT(*) are not supported; select a metric";
    Alias = "PQ1111", "alias", Error, "aliases (AS) are not supported";
    Subquery = "PQ1112", "subquery", Error, "subqueries and WITH are not supported";
    Top = "PQ1113", "top", Error, "TOP n is not supported; use LIMIT n";
    Offset = "PQ1114", "offset", Error, "OFFSET is not supported";
    QuotedIdentifier = "PQ1115", "quoted-identifier", Error, "names are written bare, without \"double quotes\", `[brackets]` or `backticks`";
    DoubleQuotedString = "PQ1116", "double-quoted-string", Error, "string values take single quotes";
    SqlOperator = "PQ1117", "sql-operator", Error, "an operator of SQL that the language spells differently (<> or ==)";
    SetOperation = "PQ1118", "set-operation", Error, "UNION, INTERSECT and EXCEPT are not supported";
    PositionalOrderBy = "PQ1119", "positional-order-by", Error, "ORDER BY takes names, not column positions";
    // PQ2xxx: names
    UnknownDataset = "PQ2001", "unknown-dataset", Error, "the dataset is not in the catalog";
    RetiredDataset = "PQ2002", "retired-dataset", Error, "the service no longer offers this dataset";
    UnknownName = "PQ2003", "unknown-name", Error, "the column or metric is not in the dataset";
    RetiredName = "PQ2004", "retired-name", Error, "the service no longer offers this column or metric";
    NameCase = "PQ2005", "name-case", Advice, "a name spelled in another case than the catalog's";
    DuplicateName = "PQ2006", "duplicate-name", Error, "the same name selected twice";
    UndocumentedName = "PQ2007", "undocumented-name", Warning, "a name the bundled, incomplete catalog does not list";
    DatasetInOtherFamily = "PQ2008", "dataset-in-other-family", Error, "the dataset belongs to another API family";
    UndocumentedDataset = "PQ2009", "undocumented-dataset", Warning, "a dataset the bundled, incomplete catalog does not list";
    // PQ3xxx: values
    InvalidLimit = "PQ3001", "invalid-limit", Error, "LIMIT takes a positive whole number";
    InWithoutList = "PQ3002", "in-without-list", Error, "IN and NOT IN take a list in parentheses";
    ListWithoutIn = "PQ3003", "list-without-in", Error, "a list of values needs IN or NOT IN";
    MixedList = "PQ3004", "mixed-list", Error, "a list mixes numbers and strings";
    LikeNumber = "PQ3005", "like-number", Advice, "LIKE compares with a number";
    LikeWithoutWildcard = "PQ3006", "like-without-wildcard", Advice, "a LIKE pattern without % matches like =";
    ValueTypeMismatch = "PQ3007", "value-type-mismatch", Warning, "a value that cannot convert to the column's type";
    ValueNotAllowed = "PQ3008", "value-not-allowed", Warning, "a value outside the column's known values matches no rows";
    ContradictoryConditions = "PQ3009", "contradictory-conditions", Warning, "conditions on one column that no row can meet together";
    // PQ4xxx: clauses
    TimespanNotOffered = "PQ4001", "timespan-not-offered", Error, "the dataset does not offer this TIMESPAN";
    OrderWithoutDirection = "PQ4002", "order-without-direction", Warning, "ORDER BY without ASC/DESC sorts descending";
    TimespanOmitted = "PQ4003", "timespan-omitted", Advice, "without TIMESPAN the service uses the last six months";
    DuplicateOrderKey = "PQ4004", "duplicate-order-key", Warning, "the same column sorted by twice; the second key changes nothing";
    // PQ5xxx: advice
    DistinctWithMetric = "PQ5001", "distinct-with-metric", Advice, "DISTINCT changes nothing when a metric is selected";
    OnlyMetrics = "PQ5002", "only-metrics", Advice, "a query that selects only metrics returns one row of totals";
    DateFilter = "PQ5003", "date-filter", Advice, "a date range in WHERE where TIMESPAN is meant";
    // PQ6xxx: request bodies (ScheduledQueries, ScheduledReport)
    InvalidJson = "PQ6001", "invalid-json", Error, "the request body is not valid JSON";
    MissingField = "PQ6002", "missing-field", Error, "a required field of the request body is missing or empty";
    InvalidQueryId = "PQ6003", "invalid-query-id", Error, "QueryId is not a GUID";
    InvalidTimeFormat = "PQ6004", "invalid-time-format", Error, "a time is not in the format yyyy-MM-ddTHH:mm:ssZ";
    StartTimeTooSoon = "PQ6005", "start-time-too-soon", Error, "StartTime must lie at least 4 hours ahead";
    RecurrenceOutOfRange = "PQ6006", "recurrence-out-of-range", Error, "RecurrenceInterval must lie between 4 and 2160 hours";
    RecurrenceBelowMinimum = "PQ6007", "recurrence-below-minimum", Error, "RecurrenceInterval below the dataset's minimum";
    ExecuteNowIgnoresSchedule = "PQ6008", "execute-now-ignores-schedule", Warning, "with ExecuteNow the schedule fields are ignored";
    QueryWindow = "PQ6009", "query-window", Error, "QueryStartTime/QueryEndTime need ExecuteNow and must be in order";
    InvalidFormat = "PQ6010", "invalid-format", Error, "Format must be CSV or TSV";
    InvalidCallbackMethod = "PQ6011", "invalid-callback-method", Error, "CallbackMethod must be GET or POST";
    InvalidCallbackUrl = "PQ6012", "invalid-callback-url", Error, "CallbackUrl must be an absolute https URL";
    UnknownField = "PQ6013", "unknown-field", Warning, "a field the request body does not have";
    WrongFieldType = "PQ6014", "wrong-field-type", Error, "a field of the wrong JSON type";
    CallbackUrlQuery = "PQ6015", "callback-url-query", Warning, "a CallbackUrl with a query string gets odd callbacks";
    TemplatePlaceholder = "PQ6016", "template-placeholder", Error, "a field still holds the Swagger placeholder \"string\"";
    UnknownBody = "PQ6017", "unknown-body", Error, "JSON that is neither a query nor a report request body";
    StaleSystemQuery = "PQ6018", "stale-system-query", Advice, "the published text of the report's system query names what the catalog no longer lists";
    // PQ9xxx: the tool
    StaleSchemas = "PQ9001", "stale-schemas", Warning, "the cached schemas are older than the configured age";
    UnknownSuppression = "PQ9002", "unknown-suppression", Warning, "a pcql comment names a code that does not exist";
    UnallowableCode = "PQ9003", "unallowable-code", Warning, "a comment, pcql.toml or an option allows a code the service always rejects";
}

impl Code {
    /// Whether the service rejects every text that has it: the syntax
    /// errors and SQL habits (PQ1xxx). No level or directive makes such a
    /// text a `Checked` query.
    pub fn service_rejects(self) -> bool {
        self.as_str().starts_with("PQ1")
    }

    /// The code named `s` (`PQ2003`, `pq2003` or its name `unknown-name`).
    pub fn parse(s: &str) -> Option<Code> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str().eq_ignore_ascii_case(s) || c.name() == s)
    }
}

impl Code {
    /// Up to three codes nearest to `s`, a misspelt code or name: those
    /// nearest in spelling to the code or the name, when within a few edits
    /// (ties in code order); else, for a code that does not exist (`PQ9999`,
    /// `1234`), the three nearest in number.
    pub fn closest(s: &str) -> Vec<Code> {
        let s = s.trim().to_ascii_lowercase();
        let limit = (s.len() / 3).max(2);
        let mut scored: Vec<(usize, Code)> = Code::ALL
            .iter()
            .filter_map(|c| {
                let d = crate::suggest::distance(&s, c.as_str())
                    .min(crate::suggest::distance(&s, c.name()));
                (d <= limit).then_some((d, *c))
            })
            .collect();
        scored.sort();
        if let Some(&(best, _)) = scored.first() {
            scored.retain(|&(d, _)| d == best);
        }
        if scored.is_empty() {
            let digits = s.strip_prefix("pq").unwrap_or(&s);
            if let Ok(n) = digits.parse::<u32>() {
                let number = |c: &Code| c.as_str()[2..].parse::<u32>().unwrap_or(0);
                scored = Code::ALL
                    .iter()
                    .map(|c| (number(c).abs_diff(n) as usize, *c))
                    .collect();
                scored.sort();
            }
        }
        scored.into_iter().take(3).map(|(_, c)| c).collect()
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for c in Code::ALL {
            assert!(seen.insert(c.as_str()), "duplicate code {c}");
            assert!(seen.insert(c.name()), "duplicate name {}", c.name());
            assert!(c.as_str().starts_with("PQ") && c.as_str().len() == 6);
            assert!(
                c.explanation().starts_with(&format!("# {}", c.as_str())),
                "{c} explanation lacks its heading"
            );
            assert_eq!(Code::parse(c.as_str()), Some(*c));
            assert_eq!(Code::parse(c.name()), Some(*c));
        }
    }

    #[test]
    fn closest_names_near_codes_by_spelling_then_by_number() {
        assert_eq!(Code::closest("select-stars")[0], Code::SelectStar);
        assert!(Code::closest("PQ1102x").contains(&Code::OrCondition));
        assert!(Code::closest("completely-different-words").is_empty());
        let near = Code::closest("PQ9999");
        assert_eq!(near.len(), 3, "{near:?}");
        assert_eq!(
            near[0],
            Code::UnallowableCode,
            "PQ9003 is nearest in number"
        );
        assert!(near.contains(&Code::UnknownSuppression));
        assert!(near.contains(&Code::StaleSchemas));
        assert_eq!(Code::closest("5004")[0], Code::DateFilter);
    }
}
