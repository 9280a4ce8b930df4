//! The one home of "did you mean": string similarity and the wording of
//! suggestions, used for keywords, column, metric and dataset names, date
//! ranges, request-body fields and the codes of `pcql explain`.
//!
//! Similarity is the optimal-string-alignment form of the Damerau–Levenshtein
//! distance (insertions, deletions, substitutions and swaps of two neighbours
//! each cost 1), ASCII case-insensitive. A search over candidates is bounded:
//! a candidate is compared only when its length and its letters allow it to
//! be near enough, and the comparison stops as soon as the distance exceeds
//! the limit, so a catalog of a hundred thousand names costs a few
//! milliseconds per unknown name rather than a full table per candidate.

/// How many names a suggestion lists before "…".
const LIST_MAX: usize = 8;

#[cfg(test)]
thread_local! {
    /// How many distances this thread computed: the tests hold the search
    /// on a huge catalog to a few comparisons, a count rather than a time.
    pub(crate) static COMPARED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Names up to this many bytes are compared on the stack.
const SHORT: usize = 64;

/// The edit distance between `a` and `b`, comparing ASCII letters without
/// regard to case. Other characters compare exactly.
pub(crate) fn distance(a: &str, b: &str) -> usize {
    let most = a.chars().count().max(b.chars().count());
    within(a, b, most).unwrap_or(most)
}

/// The distance between `a` and `b` if it is at most `max`; `None` as soon
/// as it is known to exceed it (cost about `len × (2·max + 1)`).
pub(crate) fn within(a: &str, b: &str, max: usize) -> Option<usize> {
    #[cfg(test)]
    COMPARED.with(|c| c.set(c.get() + 1));
    if a.len() <= SHORT && b.len() <= SHORT && a.is_ascii() && b.is_ascii() {
        // Lengths too far apart settle it before any copying (the common
        // case: the parser asks of every name whether it misspells a keyword).
        if a.len().abs_diff(b.len()) > max {
            return None;
        }
        let (mut x, mut y) = ([0u8; SHORT], [0u8; SHORT]);
        x.iter_mut()
            .zip(a.bytes())
            .for_each(|(d, c)| *d = c.to_ascii_lowercase());
        y.iter_mut()
            .zip(b.bytes())
            .for_each(|(d, c)| *d = c.to_ascii_lowercase());
        let mut rows = [0usize; 3 * (SHORT + 1)];
        return osa(&x[..a.len()], &y[..b.len()], max, &mut rows);
    }
    let x: Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
    let y: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
    let mut rows = vec![0; 3 * (y.len() + 1)];
    osa(&x, &y, max, &mut rows)
}

/// Optimal string alignment distance of `a` and `b` if at most `max`, with
/// `rows` (at least three times `b.len() + 1`) as the rows of the table.
/// Only the band of cells within `max` of the diagonal is filled; a row
/// whose every cell exceeds `max` ends the search.
fn osa<T: PartialEq>(a: &[T], b: &[T], max: usize, rows: &mut [usize]) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    if a.is_empty() || b.is_empty() {
        return Some(a.len().max(b.len()));
    }
    let big = max + 1;
    let w = b.len() + 1;
    let at = |i: usize, j: usize| (i % 3) * w + j;
    for j in 0..w {
        rows[at(0, j)] = j.min(big);
    }
    for i in 1..=a.len() {
        let lo = i.saturating_sub(max).max(1);
        let hi = (i + max).min(b.len());
        rows[at(i, 0)] = i.min(big);
        if lo > 1 {
            rows[at(i, lo - 1)] = big;
        }
        let mut row_min = rows[at(i, 0)];
        for j in lo..=hi {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[at(i - 1, j)] + 1)
                .min(rows[at(i, j - 1)] + 1)
                .min(rows[at(i - 1, j - 1)] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[at(i - 2, j - 2)] + 1);
            }
            let d = d.min(big);
            rows[at(i, j)] = d;
            row_min = row_min.min(d);
        }
        if hi < b.len() {
            rows[at(i, hi + 1)] = big;
        }
        if row_min > max {
            return None;
        }
    }
    let d = rows[at(a.len(), b.len())];
    (d <= max).then_some(d)
}

/// The ASCII letters and digits of `s` (any case) as bits: a cheap lower
/// bound on the distance of two names is the number of such characters one
/// has and the other lacks, since each needs an edit of its own.
fn letters(s: &str) -> u64 {
    s.bytes().fold(0, |m, c| {
        let c = c.to_ascii_lowercase();
        match c {
            b'a'..=b'z' => m | 1 << (c - b'a'),
            b'0'..=b'9' => m | 1 << (26 + c - b'0'),
            b'_' => m | 1 << 36,
            _ => m | 1 << 37,
        }
    })
}

/// Whether the letters alone show that `a` and `b` are more than `max` apart.
fn letters_too_far(a: u64, b: u64, max: usize) -> bool {
    // Bit 37 stands for every other character: it proves nothing.
    let (a, b) = (a & !(1 << 37), b & !(1 << 37));
    ((a & !b).count_ones() as usize).max((b & !a).count_ones() as usize) > max
}

/// The largest distance at which a candidate is still worth suggesting for a
/// name of `len` characters: a third of the name, at least 1, at most 4.
pub(crate) fn suggest_limit(len: usize) -> usize {
    (len / 3).clamp(1, 4)
}

/// The largest distance at which a name is taken as a misspelling of a known
/// one (and so is an error with a fix rather than an "undocumented" warning):
/// 2, or 1 for names of at most four characters.
pub(crate) fn typo_limit(len: usize) -> usize {
    if len <= 4 { 1 } else { 2 }
}

/// The candidates within `limit` of `name`, nearest first (ties in the
/// candidates' order), at most `max` of them, each with its distance. A
/// candidate equal to `name` in every case is left out. Once `max` are
/// found, a candidate must be nearer than the farthest of them to count, so
/// the bound only tightens as the search goes on.
pub(crate) fn closest_within<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    limit: usize,
    max: usize,
) -> Vec<(&'a str, usize)> {
    let mut found: Vec<(&'a str, usize)> = Vec::with_capacity(max + 1);
    if max == 0 {
        return found;
    }
    let mask = letters(name);
    let ascii = name.is_ascii();
    let mut bound = limit;
    for c in candidates {
        // Cheap rejects first: lengths (in bytes, which for ASCII are the
        // characters, and otherwise at most four per character), then letters.
        let dl = c.len().abs_diff(name.len());
        if dl > bound.saturating_mul(4)
            || (dl > bound && ascii && c.is_ascii())
            || letters_too_far(mask, letters(c), bound)
            || c.eq_ignore_ascii_case(name)
        {
            continue;
        }
        let Some(d) = within(name, c, bound) else {
            continue;
        };
        let at = found.partition_point(|&(_, e)| e <= d);
        found.insert(at, (c, d));
        if found.len() > max {
            found.pop();
        }
        if found.len() == max {
            match found[max - 1].1.checked_sub(1) {
                Some(b) => bound = bound.min(b),
                None => break,
            }
        }
    }
    found
}

/// The candidates close enough to `name` to suggest ([`suggest_limit`]),
/// nearest first (ties in the candidates' order), at most `max` of them.
pub(crate) fn closest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    max: usize,
) -> Vec<(&'a str, usize)> {
    closest_within(name, candidates, suggest_limit(name.chars().count()), max)
}

/// The one candidate `name` clearly means: the nearest is within
/// [`typo_limit`] and no other candidate is as near.
pub(crate) fn clear_best<'a>(found: &[(&'a str, usize)], name: &str) -> Option<&'a str> {
    let (best, d) = *found.first()?;
    let unique = found.get(1).is_none_or(|&(_, d2)| d2 > d);
    (unique && d <= typo_limit(name.chars().count())).then_some(best)
}

/// The keyword of `keywords` that `word` misspells: one edit away (two for
/// keywords of six letters or more), and no other keyword as near. Between
/// equally near keywords, one with the word's first letter wins (`DSC` is
/// `DESC` rather than `ASC`: a first letter is seldom mistyped).
/// `word` equal to a keyword is not a misspelling.
pub(crate) fn keyword<'k>(word: &str, keywords: &[&'k str]) -> Option<&'k str> {
    let first = |k: &str| {
        let (a, b) = (word.bytes().next(), k.bytes().next());
        usize::from(a.map(|c| c.to_ascii_lowercase()) != b.map(|c| c.to_ascii_lowercase()))
    };
    let mut best: Option<(&'k str, (usize, usize))> = None;
    let mut tie = false;
    // An edit changes the length by one at most, so a keyword (ASCII) whose
    // length differs from the word's by more than the limit is too far, and
    // is passed over before any comparison: the parser asks this of names.
    let chars = word.chars().count();
    for &k in keywords {
        let limit = if k.len() >= 6 { 2 } else { 1 };
        if chars.abs_diff(k.len()) > limit {
            continue;
        }
        if k.eq_ignore_ascii_case(word) {
            return None;
        }
        let Some(d) = within(word, k, limit) else {
            continue;
        };
        let score = (d, first(k));
        match best {
            Some((_, b)) if score > b => {}
            Some((_, b)) if score == b => tie = true,
            _ => {
                best = Some((k, score));
                tie = false;
            }
        }
    }
    best.filter(|_| !tie).map(|(k, _)| k)
}

/// How sure a suggestion of one word among a few (date ranges) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Closest<'a> {
    /// One candidate is clearly meant (small distance, no tie).
    Clear(&'a str),
    /// A candidate is close enough to mention.
    Maybe(&'a str),
    /// Nothing is close.
    None,
}

/// The candidate closest to `word`: clear when it is within 2 edits and a
/// quarter of the word with no tie, worth mentioning within half the word.
pub(crate) fn closest_word<'a>(
    word: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Closest<'a> {
    let limit = word.len().max(2) / 2;
    let found = closest_within(word, candidates, limit, 2);
    // `closest_within` leaves out a candidate equal in every case; a word
    // equal to a candidate is not a suggestion either way.
    match found.as_slice() {
        [(c, d), rest @ ..] => {
            let tie = rest.first().is_some_and(|&(_, d2)| d2 == *d);
            if !tie && *d <= 2 && d * 4 <= word.len() {
                Closest::Clear(c)
            } else {
                Closest::Maybe(c)
            }
        }
        [] => Closest::None,
    }
}

/// `s` in lower case without `_`, `-` and spaces: how field names of a
/// request body are compared (`query_` is `Query`).
pub(crate) fn loose(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '_' | '-' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether `name` reads as a misspelling of `known` when case, `_`, `-` and
/// spaces are ignored: within a quarter of `known`'s length, at least 1.
pub(crate) fn loosely_close(name: &str, known: &str) -> bool {
    let (a, b) = (loose(name), loose(known));
    !a.is_empty() && within(&a, &b, (b.chars().count() / 4).max(1)).is_some()
}

/// The known name nearest to `name` among those it [loosely](loosely_close)
/// misspells (the first of equally near ones).
pub(crate) fn loosely_closest<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    let a = loose(name);
    known
        .iter()
        .filter(|k| loosely_close(name, k))
        .min_by_key(|k| distance(&a, &loose(k)))
        .copied()
}

/// The suggestions for `name` among `candidates` ("did you mean"): the names close enough to
/// suggest (nearest first) and the one that is clearly meant, if any.
pub struct Suggestions<'a> {
    /// Close names, nearest first, at most three.
    pub close: Vec<(&'a str, usize)>,
    /// The one name `name` clearly means (a unique nearest within a small distance).
    pub clear: Option<&'a str>,
}

impl<'a> Suggestions<'a> {
    /// Compute the suggestions (only on a miss: this walks every candidate,
    /// with cheap rejects by length and letters before any distance).
    pub fn new(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Self {
        let close = closest(name, candidates, 3);
        let clear = clear_best(&close, name);
        Suggestions { close, clear }
    }

    /// Whether the nearest candidate is near enough for `name` to be a misspelling of it.
    pub fn is_typo(&self, name: &str) -> bool {
        self.close
            .first()
            .is_some_and(|&(_, d)| d <= typo_limit(name.chars().count()))
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
mod tests;
