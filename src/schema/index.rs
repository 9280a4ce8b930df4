//! Case-insensitive name lookups without allocation: an open-addressing
//! table built once per dataset, probed with a hash of the ASCII lower-case
//! bytes computed on the fly (eight bytes at a time).

use std::hash::{BuildHasherDefault, Hasher};

const ONES: u64 = 0x0101_0101_0101_0101;
const EMPTY: u32 = u32::MAX;

/// The eight bytes of `w` with ASCII `A`–`Z` turned into `a`–`z` (SWAR).
#[inline]
fn lower_word(w: u64) -> u64 {
    let low7 = w & (0x7f * ONES);
    let is_ascii = !w & (0x80 * ONES);
    let ge_a = low7 + (0x80 - u64::from(b'A')) * ONES;
    let gt_z = low7 + (0x80 - u64::from(b'Z') - 1) * ONES;
    let upper = is_ascii & ge_a & !gt_z & (0x80 * ONES);
    w | (upper >> 2)
}

/// Up to eight bytes as a little-endian integer, zero-padded.
#[inline]
fn word(bytes: &[u8]) -> u64 {
    match <[u8; 8]>::try_from(bytes) {
        Ok(a) => u64::from_le_bytes(a),
        Err(_) => bytes.iter().rev().fold(0, |k, &b| k << 8 | u64::from(b)),
    }
}

/// A hash of `s` that ignores ASCII case.
#[inline]
pub(crate) fn ci_hash(s: &str) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h = s.len() as u64;
    let mut chunks = s.as_bytes().chunks_exact(8);
    for c in &mut chunks {
        h = (h.rotate_left(5) ^ lower_word(word(c))).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        // The last eight bytes, shifted down to the remainder's: the same
        // word as `word(rest)`, read at once rather than byte by byte.
        let tail = match s.len().checked_sub(8) {
            Some(from) => word(&s.as_bytes()[from..]) >> (8 * (8 - rest.len())),
            None => word(rest),
        };
        h = (h.rotate_left(5) ^ lower_word(tail)).wrapping_mul(K);
    }
    h ^ (h >> 29)
}

/// `a == b` without regard to ASCII case, eight bytes at a time; the same
/// answer as `str::eq_ignore_ascii_case`, but an exact match, the common
/// case, costs one comparison.
#[inline]
pub(crate) fn eq_ignore_case(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    a.len() == b.len()
        && a.as_bytes()
            .chunks(8)
            .zip(b.as_bytes().chunks(8))
            .all(|(x, y)| lower_word(word(x)) == lower_word(word(y)))
}

/// Positions of names, found without regard to ASCII case.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct NameIndex {
    /// Position of the name in each slot, or `EMPTY`.
    slots: Vec<u32>,
    /// The full hash of the name in each slot, to reject most probes cheaply.
    hashes: Vec<u64>,
}

impl NameIndex {
    /// Index `names` by position; a name repeated in another case keeps its first position.
    pub fn new<'a>(names: impl Iterator<Item = &'a str>) -> Self {
        let all: Vec<&str> = names.collect();
        let cap = (all.len() * 2).next_power_of_two().max(8);
        let mut idx = NameIndex {
            slots: vec![EMPTY; cap],
            hashes: vec![0; cap],
        };
        for (pos, name) in all.iter().enumerate() {
            if idx.get(name, |p| all[p]).is_none() {
                let h = ci_hash(name);
                let mut i = (h as usize) & (cap - 1);
                while idx.slots[i] != EMPTY {
                    i = (i + 1) & (cap - 1);
                }
                idx.slots[i] = pos as u32;
                idx.hashes[i] = h;
            }
        }
        idx
    }

    /// The position of `name` (any case); `name_at` gives the name at a position.
    #[inline]
    pub fn get<'a>(&self, name: &str, name_at: impl Fn(usize) -> &'a str) -> Option<usize> {
        let mask = self.slots.len().checked_sub(1)?;
        let h = ci_hash(name);
        let mut i = (h as usize) & mask;
        loop {
            let pos = *self.slots.get(i)?;
            if pos == EMPTY {
                return None;
            }
            let pos = pos as usize;
            if self.hashes[i] == h && eq_ignore_case(name_at(pos), name) {
                return Some(pos);
            }
            i = (i + 1) & mask;
        }
    }
}

/// The hasher of the catalog's dataset map: the map is small and its keys
/// come from the catalog, so a fast multiply-rotate hash (FxHash) serves
/// better than the default SipHash.
pub(crate) type FastHash = BuildHasherDefault<FxHasher>;

/// FxHash, as in rustc: fold 8 bytes at a time with a rotate and a multiply.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for c in bytes.chunks(8) {
            self.0 = (self.0.rotate_left(5) ^ word(c)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 29)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_word_matches_to_ascii_lowercase_for_every_byte() {
        for b in 0..=255u8 {
            let w = u64::from_le_bytes([b, b'A', b'z', b'@', b'[', 0xc3, b'Z', b'`']);
            let want: Vec<u8> = w.to_le_bytes().iter().map(u8::to_ascii_lowercase).collect();
            assert_eq!(lower_word(w).to_le_bytes().to_vec(), want, "byte {b:#x}");
        }
    }

    #[test]
    fn eq_ignore_case_agrees_with_the_standard_library() {
        let words = [
            "",
            "a",
            "A",
            "Month",
            "MONTH",
            "month",
            "Months",
            "CustomerTenantId",
            "customertenantID",
            "customertenantIE",
            "Ä",
            "ä",
            "a_b",
            "A_B",
            "a@b",
            "a`b",
            "eight888",
            "EIGHT888",
            "sixteen_chars_xx",
            "SIXTEEN_CHARS_XY",
        ];
        for a in words {
            for b in words {
                assert_eq!(eq_ignore_case(a, b), a.eq_ignore_ascii_case(b), "{a} {b}");
            }
        }
    }

    /// The hash read a byte at a time, as it was first written.
    fn ci_hash_bytewise(s: &str) -> u64 {
        const K: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut h = s.len() as u64;
        for c in s.as_bytes().chunks(8) {
            let w = c.iter().rev().fold(0, |k, &b| k << 8 | u64::from(b));
            h = (h.rotate_left(5) ^ lower_word(w)).wrapping_mul(K);
        }
        h ^ (h >> 29)
    }

    #[test]
    fn the_hash_reads_the_tail_as_a_byte_at_a_time_would() {
        let text = "CustomerTenantIdÄöDÜ_0123456789abcdefghijklmnopqrstuvwxyz";
        for start in 0..8 {
            for end in start..text.len() {
                if let Some(s) = text.get(start..end) {
                    assert_eq!(ci_hash(s), ci_hash_bytewise(s), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn hash_ignores_case_and_index_finds_names() {
        assert_eq!(ci_hash("CustomerTenantId"), ci_hash("customertenantID"));
        assert_ne!(ci_hash("Month"), ci_hash("Months"));
        let names = [
            "Month",
            "CustomerTenantId",
            "MONTH",
            "Ä",
            "a_very_long_name_of_forty_characters_xx",
        ];
        let idx = NameIndex::new(names.iter().copied());
        let at = |p: usize| names[p];
        assert_eq!(idx.get("month", at), Some(0), "first spelling wins");
        assert_eq!(idx.get("CUSTOMERTENANTID", at), Some(1));
        assert_eq!(idx.get("Ä", at), Some(3));
        assert_eq!(idx.get("ä", at), None, "only ASCII case is ignored");
        assert_eq!(
            idx.get("A_VERY_LONG_NAME_OF_FORTY_CHARACTERS_XX", at),
            Some(4)
        );
        assert_eq!(idx.get("Mont", at), None);
        assert_eq!(NameIndex::default().get("x", at), None);
    }
}
