//! A set of a [`VectorSet`](super::VectorSet)'s rows: one bit per row.
//!
//! A dense bitset (N/8 bytes) is what a scan that visits rows in order
//! wants: filter clauses combine word by word (and, or, not), its set bits
//! come out in ascending order with trailing-zero counts, and a count is a
//! popcount per word. Whoever builds one (a namespace, a filter) and
//! whoever reads one (the scans) know nothing of each other.

use alloc::vec::Vec;

/// Rows `0..len`, each in or out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RowSet {
    words: Vec<u64>,
    len: usize,
}

impl RowSet {
    /// No row of `len`.
    pub fn none(len: usize) -> RowSet {
        RowSet {
            words: alloc::vec![0; len.div_ceil(64)],
            len,
        }
    }

    /// Every row of `len`.
    pub fn all(len: usize) -> RowSet {
        let mut out = RowSet {
            words: alloc::vec![u64::MAX; len.div_ceil(64)],
            len,
        };
        out.trim();
        out
    }

    /// The rows of `len` for which `keep` is true, 64 at a time (the word
    /// is built without branches, so simple tests vectorize).
    pub fn from_fn(len: usize, mut keep: impl FnMut(usize) -> bool) -> RowSet {
        let mut words = Vec::with_capacity(len.div_ceil(64));
        for w in 0..len.div_ceil(64) {
            let base = w * 64;
            let mut word = 0u64;
            for b in 0..(len - base).min(64) {
                word |= u64::from(keep(base + b)) << b;
            }
            words.push(word);
        }
        RowSet { words, len }
    }

    /// Rows of `len` from their words (bit `r % 64` of word `r / 64`);
    /// missing words are empty, bits past `len` are cleared.
    pub fn from_words(mut words: Vec<u64>, len: usize) -> RowSet {
        words.resize(len.div_ceil(64), 0);
        let mut out = RowSet { words, len };
        out.trim();
        out
    }

    /// Clears the bits past `len` in the last word.
    fn trim(&mut self) {
        if let Some(last) = self.words.last_mut() {
            let r = self.len % 64;
            if r != 0 {
                *last &= (1u64 << r) - 1;
            }
        }
    }

    /// Rows in the universe (in or out).
    pub fn universe(&self) -> usize {
        self.len
    }

    /// Rows in the set.
    pub fn count(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// Whether no row is in the set.
    pub fn is_empty(&self) -> bool {
        self.words.iter().all(|&w| w == 0)
    }

    /// Whether `row` is in the set.
    #[inline]
    pub fn contains(&self, row: usize) -> bool {
        self.words
            .get(row / 64)
            .is_some_and(|w| w >> (row % 64) & 1 == 1)
    }

    /// Takes `row` out of the set.
    pub fn remove(&mut self, row: usize) {
        if let Some(w) = self.words.get_mut(row / 64) {
            *w &= !(1u64 << (row % 64));
        }
    }

    /// Keeps the rows also in `other`.
    pub fn and(&mut self, other: &RowSet) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a &= b;
        }
    }

    /// Adds the rows of `other`.
    pub fn or(&mut self, other: &RowSet) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a |= b;
        }
    }

    /// Every row of the universe not in the set.
    pub fn invert(&mut self) {
        for w in &mut self.words {
            *w = !*w;
        }
        self.trim();
    }

    /// The rows in the set, ascending.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(i, &w)| {
            let mut w = w;
            core::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let b = w.trailing_zeros() as usize;
                w &= w - 1;
                Some(i * 64 + b)
            })
        })
    }

    /// Writes the rows in the set, ascending, into `out` (replacing it).
    pub fn collect_into(&self, out: &mut Vec<u32>) {
        out.clear();
        out.extend(self.iter().map(|r| r as u32));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_combine_and_come_out_in_order() {
        let a = RowSet::from_fn(130, |i| i % 3 == 0);
        let b = RowSet::from_fn(130, |i| i % 2 == 0);
        assert_eq!(a.count(), 44);
        let mut c = a.clone();
        c.and(&b);
        assert_eq!(
            c.iter().collect::<Vec<_>>(),
            (0..130).filter(|i| i % 6 == 0).collect::<Vec<_>>()
        );
        let mut d = a.clone();
        d.or(&b);
        assert_eq!(
            d.count(),
            (0..130).filter(|i| i % 2 == 0 || i % 3 == 0).count()
        );
        let mut e = a.clone();
        e.invert();
        assert_eq!(e.count(), 130 - 44);
        assert!(!e.contains(129) && !e.contains(130) && e.contains(128));
        assert_eq!(RowSet::all(130).count(), 130);
        assert!(RowSet::none(5).is_empty());
    }
}
