//! Rule selection on the command line and in `pcql.toml`: `--select`,
//! `--extend-select`, `--ignore` and `--deny CODE`, by code (`PQ2003`), name
//! (`unknown-name`), prefix (`PQ2`, `PQ11`) or `ALL`.
//!
//! What is reported: the selected codes (all when nothing selects), less the
//! ignored ones; `--select` replaces `select` of `pcql.toml`,
//! `--extend-select` adds to either, `--ignore` adds to `ignore`. A code the
//! service always rejects (PQ1xxx) is reported whatever the selection, unless
//! it is ignored by name or prefix; then PQ9003 says so. `--deny CODE` makes
//! the selected codes errors. The levels of `[codes]` apply to what is left.

use pcql::check::{Level, Levels};
use pcql::diagnostic::{Code, Diagnostic, Severity};
use pcql::span::Span;

use super::CliError;

/// The codes a selector (`PQ2003`, `unknown-name`, `PQ2`, `ALL`) names.
pub fn codes_of(selector: &str) -> Result<Vec<Code>, CliError> {
    let s = selector.trim();
    if s.eq_ignore_ascii_case("all") {
        return Ok(Code::ALL.to_vec());
    }
    if let Some(c) = Code::parse(s) {
        return Ok(vec![c]);
    }
    let upper = s.to_ascii_uppercase();
    if upper.len() >= 2 && upper.starts_with("PQ") && upper[2..].chars().all(|c| c.is_ascii_digit())
    {
        let found: Vec<Code> = Code::ALL
            .iter()
            .copied()
            .filter(|c| c.as_str().starts_with(&upper))
            .collect();
        if !found.is_empty() {
            return Ok(found);
        }
    }
    Err(CliError::new(format!(
        "`{s}` names no code: write a code (PQ2003), a name (unknown-name), a prefix (PQ2, PQ11) or ALL; `pcql explain --list` lists them"
    )))
}

/// What to report, from the command line and the configuration.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// `--select` (replaces `select` of `pcql.toml`).
    pub select: Option<Vec<String>>,
    /// `--extend-select`.
    pub extend_select: Vec<String>,
    /// `--ignore`.
    pub ignore: Vec<String>,
    /// `--deny CODE` (not `warnings`).
    pub deny: Vec<String>,
}

impl Selection {
    /// `levels` (from `[codes]`) with the selection applied, and a PQ9003
    /// for each code the service rejects that the selection or the levels
    /// allow or lower. `config_select` and `config_ignore` come from `pcql.toml`.
    pub fn levels(
        &self,
        mut levels: Levels,
        config_select: &[String],
        config_ignore: &[String],
    ) -> Result<(Levels, Vec<Diagnostic>), CliError> {
        let all = |list: &[String]| -> Result<Vec<Code>, CliError> {
            let mut out = Vec::new();
            for s in list {
                out.extend(codes_of(s)?);
            }
            Ok(out)
        };
        let mut warn = Vec::new();
        for (&code, &level) in &levels.0 {
            if code.service_rejects()
                && code.default_severity() == Severity::Error
                && level != Level::Deny
            {
                warn.push(code);
            }
        }
        let selected = match &self.select {
            Some(s) => Some(all(s)?),
            None if !config_select.is_empty() => Some(all(config_select)?),
            None => None,
        };
        if let Some(mut selected) = selected {
            selected.extend(all(&self.extend_select)?);
            for &c in Code::ALL {
                if !selected.contains(&c) && !c.service_rejects() {
                    levels.0.insert(c, Level::Allow);
                }
            }
        }
        let mut ignored = all(config_ignore)?;
        ignored.extend(all(&self.ignore)?);
        for c in ignored {
            if c.service_rejects() {
                warn.push(c);
            }
            levels.0.insert(c, Level::Allow);
        }
        for c in all(&self.deny)? {
            if levels.get(c) != Some(Level::Allow) {
                levels.0.insert(c, Level::Deny);
            }
        }
        warn.sort();
        warn.dedup();
        let diags = warn
            .into_iter()
            .map(|c| {
                let mut d = pcql::syntax::unallowable(c, Span::default());
                d.message = format!(
                    "{c} ({}) is allowed or lowered by the configuration or an option, but the service rejects every query that has it",
                    c.name()
                );
                d
            })
            .collect();
        Ok((levels, diags))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_by_code_name_prefix_and_all() {
        assert_eq!(codes_of("PQ2003").unwrap(), [Code::UnknownName]);
        assert_eq!(codes_of("unknown-name").unwrap(), [Code::UnknownName]);
        let p = codes_of("pq11").unwrap();
        assert!(p.contains(&Code::SelectStar) && p.iter().all(|c| c.as_str().starts_with("PQ11")));
        assert_eq!(codes_of("ALL").unwrap().len(), Code::ALL.len());
        assert!(codes_of("PQ77").is_err());
        assert!(codes_of("nonsense").is_err());
    }

    #[test]
    fn select_keeps_rejected_codes_and_ignore_warns_about_them() {
        let sel = Selection {
            select: Some(vec!["PQ2003".into()]),
            ..Selection::default()
        };
        let (levels, warn) = sel.levels(Levels::new(), &[], &[]).unwrap();
        assert_eq!(levels.get(Code::NameCase), Some(Level::Allow));
        assert_eq!(levels.get(Code::UnknownName), None);
        assert_eq!(
            levels.get(Code::SelectStar),
            None,
            "syntax is always reported"
        );
        assert!(warn.is_empty());
        let sel = Selection {
            ignore: vec!["PQ1101".into(), "PQ4003".into()],
            deny: vec!["PQ2005".into()],
            ..Selection::default()
        };
        let (levels, warn) = sel.levels(Levels::new(), &[], &[]).unwrap();
        assert_eq!(levels.get(Code::SelectStar), Some(Level::Allow));
        assert_eq!(levels.get(Code::NameCase), Some(Level::Deny));
        assert_eq!(warn.len(), 1);
        assert_eq!(warn[0].code, Code::UnallowableCode);
        assert!(warn[0].message.contains("PQ1101"), "{}", warn[0].message);
    }
}
