//! Per-code levels (`[codes]` in `pcql.toml`): allow, warn or deny a code.

use std::collections::BTreeMap;
use std::str::FromStr;

use crate::diagnostic::{Code, Diagnostic, Severity};

/// What a code becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    /// Dropped.
    Allow,
    /// Reported as a warning.
    Warn,
    /// Reported as an error.
    Deny,
}

impl Level {
    /// `allow`, `warn` or `deny`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Level::Allow => "allow",
            Level::Warn => "warn",
            Level::Deny => "deny",
        }
    }
}

/// The text was not `allow`, `warn` or `deny`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a level (allow, warn or deny)")]
pub struct UnknownLevel(pub String);

impl FromStr for Level {
    type Err = UnknownLevel;

    fn from_str(s: &str) -> Result<Level, UnknownLevel> {
        match s {
            "allow" => Ok(Level::Allow),
            "warn" => Ok(Level::Warn),
            "deny" => Ok(Level::Deny),
            _ => Err(UnknownLevel(s.to_string())),
        }
    }
}

/// Levels per code; codes not named keep their own severity.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Levels(pub BTreeMap<Code, Level>);

impl Levels {
    /// No code changed.
    pub fn new() -> Self {
        Levels::default()
    }

    /// These levels with `code` set to `level`.
    pub fn with(mut self, code: Code, level: Level) -> Self {
        self.0.insert(code, level);
        self
    }

    /// The level configured for `code`, if any.
    pub fn get(&self, code: Code) -> Option<Level> {
        self.0.get(&code).copied()
    }

    /// `d` with its configured level applied: `None` when its code is
    /// allowed, otherwise `d` with the configured severity.
    pub fn apply_one(&self, d: Diagnostic) -> Option<Diagnostic> {
        match self.0.get(&d.code) {
            None => Some(d),
            Some(Level::Allow) => None,
            Some(Level::Warn) => Some(d.with_severity(Severity::Warning)),
            Some(Level::Deny) => Some(d.with_severity(Severity::Error)),
        }
    }

    /// The diagnostics with the configured levels applied: allowed codes
    /// dropped, the others given the configured severity.
    pub fn apply(&self, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
        diags
            .into_iter()
            .filter_map(|d| self.apply_one(d))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    #[test]
    fn levels_drop_demote_and_raise() {
        let levels = Levels::new()
            .with(Code::TimespanOmitted, Level::Allow)
            .with(Code::UnknownName, Level::Warn)
            .with(Code::NameCase, Level::Deny);
        let d = |c| Diagnostic::new(c, Span::default(), "m");
        let out = levels.apply(vec![
            d(Code::TimespanOmitted),
            d(Code::UnknownName),
            d(Code::NameCase),
            d(Code::Top),
        ]);
        let got: Vec<_> = out.iter().map(|d| (d.code, d.severity)).collect();
        assert_eq!(
            got,
            [
                (Code::UnknownName, Severity::Warning),
                (Code::NameCase, Severity::Error),
                (Code::Top, Severity::Error)
            ]
        );
        assert_eq!("deny".parse(), Ok(Level::Deny));
        assert!("Deny".parse::<Level>().is_err());
    }
}
