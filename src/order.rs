//! The one sort in the crate: a stable ordering permutation of float keys.
//!
//! Every ordered list simgate produces (the calibration sweep, ranked
//! matches, fused ids, percentiles, prefix lists) is "by a float key, ties in
//! input order". Funnelling them all through one non-generic function keeps
//! the wasm small: each `sort_by` closure is a separate copy of the standard
//! library's sort, ~3 KB apiece. It is also fast where it matters: an LSD
//! radix sort over the keys' bit patterns is O(n) and sorts the 1,000,000
//! scores of a large calibration in a few milliseconds.

use alloc::vec;
use alloc::vec::Vec;

/// Digit width of the radix passes: 2,048 buckets, 6 passes cover 64 bits.
const BITS: u32 = 11;
const BUCKETS: usize = 1 << BITS;
/// Below this many keys an insertion sort is cheaper than clearing buckets.
const SMALL: usize = 32;

/// Maps an `f64` to a `u64` whose unsigned order is `f64::total_cmp`'s
/// (so -0.0 < 0.0; NaNs sort to the ends), inverted when `descending`.
#[inline]
fn radix_key(x: f64, descending: bool) -> u64 {
    let bits = x.to_bits();
    let key = if bits >> 63 == 1 {
        !bits
    } else {
        bits | 1 << 63
    };
    if descending {
        !key
    } else {
        key
    }
}

/// Positions of `keys` in sorted order (`f64::total_cmp`, descending when
/// asked); equal keys keep their input order. Panics only if `keys` has more
/// than `u32::MAX` entries, which callers rule out.
#[expect(
    clippy::indexing_slicing,
    reason = "i < n and j >= 1 in the insertion sort; digits are masked below BUCKETS; slots are prefix sums of the counts, so each stays below n"
)]
pub fn order_by(keys: &[f64], descending: bool) -> Vec<u32> {
    let n = keys.len();
    let mut ks: Vec<u64> = keys.iter().map(|&x| radix_key(x, descending)).collect();
    // Truncation is impossible: callers hold at most u32::MAX keys.
    let mut idx: Vec<u32> = (0..n as u32).collect();
    if n <= SMALL {
        // Stable insertion sort: an element moves left only past larger keys.
        for i in 1..n {
            let (k, at) = (ks[i], idx[i]);
            let mut j = i;
            while j > 0 && ks[j - 1] > k {
                ks[j] = ks[j - 1];
                idx[j] = idx[j - 1];
                j -= 1;
            }
            ks[j] = k;
            idx[j] = at;
        }
        return idx;
    }
    let mut ks2 = vec![0u64; n];
    let mut idx2 = vec![0u32; n];
    let mut count = vec![0usize; BUCKETS];
    let digit = |k: u64, shift: u32| (k >> shift) as usize & (BUCKETS - 1);
    let mut shift = 0;
    while shift < 64 {
        count.fill(0);
        for &k in &ks {
            count[digit(k, shift)] += 1;
        }
        // A pass where every key has the same digit would only copy.
        if !count.contains(&n) {
            let mut start = 0;
            for c in count.iter_mut() {
                let here = *c;
                *c = start;
                start += here;
            }
            for (&k, &at) in ks.iter().zip(&idx) {
                let slot = &mut count[digit(k, shift)];
                ks2[*slot] = k;
                idx2[*slot] = at;
                *slot += 1;
            }
            core::mem::swap(&mut ks, &mut ks2);
            core::mem::swap(&mut idx, &mut idx2);
        }
        shift += BITS;
    }
    idx
}

/// The items of `v` in `order` (positions outside `v` are skipped; the
/// orders this crate builds are permutations, so none are).
pub fn permute<T: Copy>(v: &[T], order: &[u32]) -> Vec<T> {
    order
        .iter()
        .filter_map(|&i| v.get(i as usize).copied())
        .collect()
}

/// `v` sorted ascending by `f64::total_cmp`.
#[expect(
    clippy::indexing_slicing,
    reason = "order_by returns a permutation of 0..v.len()"
)]
pub fn sorted(v: &[f64]) -> Vec<f64> {
    order_by(v, false)
        .into_iter()
        .map(|i| v[i as usize])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(not(target_arch = "wasm32"))]
    use proptest::strategy::Strategy;

    /// The standard library's stable sort is the reference.
    fn reference(keys: &[f64], descending: bool) -> Vec<u32> {
        let mut idx: Vec<u32> = (0..keys.len() as u32).collect();
        idx.sort_by(|&a, &b| {
            let o = keys[a as usize].total_cmp(&keys[b as usize]);
            if descending {
                o.reverse()
            } else {
                o
            }
        });
        idx
    }

    #[test]
    fn matches_a_stable_comparison_sort() {
        let mut state = 7u64;
        let mut next = || {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
            state >> 11
        };
        for n in [0usize, 1, 2, 5, 31, 32, 33, 100, 5000] {
            // Few distinct values so ties are common, plus signed zeros and
            // extremes.
            let mut keys: Vec<f64> = (0..n).map(|_| (next() % 41) as f64 / 20.0 - 1.0).collect();
            for (i, k) in [-0.0, 0.0, f64::MAX, f64::MIN, 1e-300, -1e-300]
                .into_iter()
                .enumerate()
            {
                if i < n {
                    keys[(i * 7) % n] = k;
                }
            }
            for descending in [false, true] {
                assert_eq!(
                    order_by(&keys, descending),
                    reference(&keys, descending),
                    "n={n} descending={descending}"
                );
            }
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// Any floats (NaN, infinities, subnormals, signed zeros, repeats),
        /// both directions, on either side of the insertion-sort cutoff.
        #[test]
        fn any_keys_sort_like_a_stable_comparison_sort(
            keys in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::num::f64::ANY,
                    (0u8..8).prop_map(|k| f64::from(k) / 4.0 - 1.0),
                ],
                0..300,
            ),
            descending: bool,
        ) {
            proptest::prop_assert_eq!(order_by(&keys, descending), reference(&keys, descending));
        }
    }

    #[test]
    fn orders_signed_zero_and_sorts_values() {
        assert_eq!(order_by(&[0.0, -0.0, -1.0, 1.0], false), [2, 1, 0, 3]);
        assert_eq!(order_by(&[0.5, 0.7, 0.5, 0.7], true), [1, 3, 0, 2]);
        assert_eq!(sorted(&[3.0, -2.0, 0.5]), [-2.0, 0.5, 3.0]);
    }
}
