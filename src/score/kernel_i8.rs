//! Integer dot products of int8 vectors: SIMD128 (`i32x4.dot_i16x8_s` on
//! sign-extended halves) and a scalar twin.
//!
//! Integer sums are exact, so the two agree bit for bit whatever the order:
//! the scalar path is a true reference. Values are quantized to [-127, 127];
//! a product is at most 16,129 and one 32-bit lane gains at most 64,516 per
//! 16 elements, so a lane holds any block of up to 524,288 dims (the widest
//! block of the largest set, `check::MAX_DIMS`; with two accumulators each
//! sees half of that), and lanes are summed in i64.

/// `a · b` over `min(a.len(), b.len())` elements, with the scalar reference.
#[inline]
pub fn dot_i8_scalar(a: &[i8], b: &[i8]) -> i64 {
    a.iter()
        .zip(b)
        .map(|(&x, &y)| i64::from(i32::from(x) * i32::from(y)))
        .sum()
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd {
    use core::arch::wasm32::*;

    /// Sixteen products summed pairwise into four i32 lanes.
    #[inline(always)]
    fn dot16(x: v128, y: v128) -> v128 {
        let lo = i32x4_dot_i16x8(i16x8_extend_low_i8x16(x), i16x8_extend_low_i8x16(y));
        let hi = i32x4_dot_i16x8(i16x8_extend_high_i8x16(x), i16x8_extend_high_i8x16(y));
        i32x4_add(lo, hi)
    }

    /// `a · b` over `min(a.len(), b.len())` elements.
    #[inline(always)]
    pub fn dot_i8(a: &[i8], b: &[i8]) -> i64 {
        let n = a.len().min(b.len());
        let (a, b) = (a.get(..n).unwrap_or(&[]), b.get(..n).unwrap_or(&[]));
        // Two accumulators over 32 bytes a step hide the multiply latency.
        let mut ca = a.chunks_exact(32);
        let mut cb = b.chunks_exact(32);
        let (mut acc0, mut acc1) = (i32x4_splat(0), i32x4_splat(0));
        for (x, y) in (&mut ca).zip(&mut cb) {
            // SAFETY: each chunk holds exactly 32 i8 (two 16-byte loads at
            // offsets 0 and 16), and wasm's v128.load has no alignment
            // requirement.
            let (x0, y0, x1, y1) = unsafe {
                (
                    v128_load(x.as_ptr() as *const v128),
                    v128_load(y.as_ptr() as *const v128),
                    v128_load(x.as_ptr().add(16) as *const v128),
                    v128_load(y.as_ptr().add(16) as *const v128),
                )
            };
            acc0 = i32x4_add(acc0, dot16(x0, y0));
            acc1 = i32x4_add(acc1, dot16(x1, y1));
        }
        let (ra, rb) = (ca.remainder(), cb.remainder());
        let mut ca = ra.chunks_exact(16);
        let mut cb = rb.chunks_exact(16);
        for (x, y) in (&mut ca).zip(&mut cb) {
            // SAFETY: each chunk holds exactly 16 i8.
            let (vx, vy) = unsafe {
                (
                    v128_load(x.as_ptr() as *const v128),
                    v128_load(y.as_ptr() as *const v128),
                )
            };
            acc0 = i32x4_add(acc0, dot16(vx, vy));
        }
        let acc = i32x4_add(acc0, acc1);
        let lanes = i64::from(i32x4_extract_lane::<0>(acc))
            + i64::from(i32x4_extract_lane::<1>(acc))
            + i64::from(i32x4_extract_lane::<2>(acc))
            + i64::from(i32x4_extract_lane::<3>(acc));
        lanes + super::dot_i8_scalar(ca.remainder(), cb.remainder())
    }
}

/// `a · b` with the fast kernel: SIMD128 when the build has it.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub use simd::dot_i8;

/// `a · b` with the fast kernel (the scalar loop, which LLVM vectorizes
/// natively).
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline]
pub fn dot_i8(a: &[i8], b: &[i8]) -> i64 {
    dot_i8_scalar(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_and_extreme_values() {
        assert_eq!(dot_i8(&[], &[]), 0);
        assert_eq!(dot_i8(&[2, -3], &[4, 5]), -7);
        let a = [127i8; 37];
        let b = [-127i8; 37];
        assert_eq!(dot_i8(&a, &b), -37 * 16129);
        assert_eq!(dot_i8(&a, &b), dot_i8_scalar(&a, &b));
    }
}
