//! Hamming distances between sign-bit vectors: SIMD128 (`i8x16.popcnt` on
//! the XOR, widened and summed) and a scalar twin (`u64::count_ones`).
//! Counts are exact integers, so the two agree exactly.

/// Differing bits of `a` and `b` over `min(a.len(), b.len())` words, with
/// the scalar reference.
#[inline]
pub fn hamming_scalar(a: &[u64], b: &[u64]) -> u32 {
    a.iter().zip(b).map(|(&x, &y)| (x ^ y).count_ones()).sum()
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd {
    use core::arch::wasm32::*;

    /// Differing bits over `min(a.len(), b.len())` words.
    #[inline(always)]
    pub fn hamming(a: &[u64], b: &[u64]) -> u32 {
        let n = a.len().min(b.len());
        let (a, b) = (a.get(..n).unwrap_or(&[]), b.get(..n).unwrap_or(&[]));
        let mut ca = a.chunks_exact(2);
        let mut cb = b.chunks_exact(2);
        let mut acc = i32x4_splat(0);
        for (x, y) in (&mut ca).zip(&mut cb) {
            // SAFETY: each chunk holds exactly two u64 (16 bytes), and wasm's
            // v128.load has no alignment requirement.
            let (vx, vy) = unsafe {
                (
                    v128_load(x.as_ptr() as *const v128),
                    v128_load(y.as_ptr() as *const v128),
                )
            };
            let bytes = i8x16_popcnt(v128_xor(vx, vy));
            let pairs = i16x8_extadd_pairwise_u8x16(bytes);
            acc = i32x4_add(acc, i32x4_extadd_pairwise_u16x8(pairs));
        }
        let lanes = i32x4_extract_lane::<0>(acc)
            + i32x4_extract_lane::<1>(acc)
            + i32x4_extract_lane::<2>(acc)
            + i32x4_extract_lane::<3>(acc);
        lanes as u32 + super::hamming_scalar(ca.remainder(), cb.remainder())
    }
}

/// Differing bits with the fast kernel: SIMD128 when the build has it.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub use simd::hamming;

/// Differing bits with the fast kernel (natively, `count_ones` is popcnt).
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline]
pub fn hamming(a: &[u64], b: &[u64]) -> u32 {
    hamming_scalar(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_counts() {
        assert_eq!(hamming(&[], &[]), 0);
        assert_eq!(hamming(&[0b1011], &[0b0001]), 2);
        assert_eq!(hamming(&[u64::MAX; 3], &[0; 3]), 192);
        let a = [0x0123_4567_89ab_cdef, 7, u64::MAX, 1, 2];
        let b = [0xfedc_ba98_7654_3210, 8, 0, 3, 2];
        assert_eq!(hamming(&a, &b), hamming_scalar(&a, &b));
    }
}
