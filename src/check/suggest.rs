//! Wording of suggestions: "did you mean …", lists of names.

use crate::schema::similar;

/// How many names a suggestion lists before "…".
const LIST_MAX: usize = 8;

/// The suggestions for `name` among `candidates`: the names close enough to
/// suggest (nearest first) and the one that is clearly meant, if any.
pub(crate) struct Suggestions<'a> {
    /// Close names, nearest first, at most three.
    pub close: Vec<(&'a str, usize)>,
    /// The one name `name` clearly means (a unique nearest within a small distance).
    pub clear: Option<&'a str>,
}

impl<'a> Suggestions<'a> {
    /// Compute the suggestions (only on a miss: this walks every candidate).
    pub fn new(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Self {
        let close = similar::closest(name, candidates, 3);
        let clear = similar::clear_best(&close, name);
        Suggestions { close, clear }
    }

    /// Whether the nearest candidate is near enough for `name` to be a misspelling of it.
    pub fn is_typo(&self, name: &str) -> bool {
        self.close
            .first()
            .is_some_and(|&(_, d)| d <= similar::typo_limit(name.chars().count()))
    }

    /// "did you mean `A`?" or "did you mean `A`, `B` or `C`?", if any is close.
    pub fn did_you_mean(&self) -> Option<String> {
        if self.close.is_empty() {
            return None;
        }
        if let Some(c) = self.clear {
            return Some(format!("did you mean `{c}`?"));
        }
        // Only the nearest few: those within one edit of the best.
        let best = self.close[0].1;
        let names: Vec<&str> = self
            .close
            .iter()
            .filter(|&&(_, d)| d <= best + 1)
            .map(|&(n, _)| n)
            .collect();
        Some(format!("did you mean {}?", or_list(&names)))
    }
}

/// `` `A` ``, `` `A` or `B` ``, `` `A`, `B` or `C` ``.
pub(crate) fn or_list(names: &[&str]) -> String {
    join_with(names, " or ")
}

/// `` `A` ``, `` `A` and `B` ``, `` `A`, `B` and `C` ``.
pub(crate) fn and_list(names: &[&str]) -> String {
    join_with(names, " and ")
}

fn join_with(names: &[&str], last: &str) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((only, [])) => only.clone(),
        Some((tail, head)) => format!("{}{last}{tail}", head.join(", ")),
    }
}

/// Up to eight names, comma-separated, then "… (N in all)".
pub(crate) fn some_names<'a>(names: impl ExactSizeIterator<Item = &'a str>) -> String {
    let total = names.len();
    let shown: Vec<&str> = names.take(LIST_MAX).collect();
    let mut s = shown.join(", ");
    if total > shown.len() {
        s.push_str(&format!(", … ({total} in all)"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wording() {
        assert_eq!(or_list(&["A"]), "`A`");
        assert_eq!(or_list(&["A", "B", "C"]), "`A`, `B` or `C`");
        let s = Suggestions::new("Mnth", ["Month", "Year"]);
        assert_eq!(s.did_you_mean().as_deref(), Some("did you mean `Month`?"));
        assert_eq!(s.clear, Some("Month"));
        assert!(s.is_typo("Mnth"));
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
        assert_eq!(
            some_names(names.iter().copied()),
            "a, b, c, d, e, f, g, h, … (10 in all)"
        );
        assert_eq!(some_names(names[..2].iter().copied()), "a, b");
    }
}
