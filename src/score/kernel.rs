//! Dot-product kernels: SIMD128 on wasm, and a scalar fallback that performs the
//! very same float operations in the very same order.
//!
//! Both keep sixteen partial sums (four `f32x4` accumulators on wasm, sixteen
//! scalar lanes elsewhere). Several accumulators hide the latency of the adds;
//! mirroring the lane layout exactly makes the two paths agree bit for bit, so
//! the scalar path is a true reference for the SIMD one. Neither fuses
//! multiply-add, so rounding is identical. On native targets LLVM vectorizes
//! the sixteen scalar lanes into SSE/AVX registers, which is what the native
//! benchmark measures.
//!
//! An accumulator can be fed several slices in turn: a vector stored in blocks
//! (see `vector_set`) is one dot product spread over several memory regions,
//! reduced to a single number once at the end.

/// Width of one unrolled step: four 4-lane accumulators.
const STEP: usize = 16;

/// Sixteen-lane accumulator, scalar version (always compiled: it is the
/// reference the SIMD version is tested against).
#[derive(Clone, Copy, Debug)]
pub struct ScalarAcc {
    lanes: [f32; STEP],
    tail: f32,
}

impl Default for ScalarAcc {
    fn default() -> Self {
        ScalarAcc {
            lanes: [0.0; STEP],
            tail: 0.0,
        }
    }
}

impl ScalarAcc {
    /// Adds `a · b` over `min(a.len(), b.len())` elements.
    #[inline(always)]
    #[expect(
        clippy::indexing_slicing,
        reason = "n is the shorter length; chunks hold exactly STEP (16) or 4 floats, and lanes has STEP entries"
    )]
    pub fn add_dot(&mut self, a: &[f32], b: &[f32]) {
        let n = a.len().min(b.len());
        let (a, b) = (&a[..n], &b[..n]);
        let mut ca = a.chunks_exact(STEP);
        let mut cb = b.chunks_exact(STEP);
        for (x, y) in (&mut ca).zip(&mut cb) {
            for l in 0..STEP {
                self.lanes[l] += x[l] * y[l];
            }
        }
        let (ra, rb) = (ca.remainder(), cb.remainder());
        let mut qa = ra.chunks_exact(4);
        let mut qb = rb.chunks_exact(4);
        for (x, y) in (&mut qa).zip(&mut qb) {
            for l in 0..4 {
                self.lanes[l] += x[l] * y[l];
            }
        }
        for (x, y) in qa.remainder().iter().zip(qb.remainder()) {
            self.tail += x * y;
        }
    }

    /// Reduces the lanes: pairwise across accumulators, then across lanes.
    #[inline(always)]
    #[expect(
        clippy::indexing_slicing,
        reason = "constant indices below STEP (16) into fixed-size arrays"
    )]
    pub fn sum(&self) -> f32 {
        let v = &self.lanes;
        let mut s = [0.0f32; 4];
        for (l, out) in s.iter_mut().enumerate() {
            *out = (v[l] + v[4 + l]) + (v[8 + l] + v[12 + l]);
        }
        ((s[0] + s[1]) + (s[2] + s[3])) + self.tail
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd {
    use core::arch::wasm32::*;

    /// Sixteen-lane accumulator on four `f32x4` registers.
    #[derive(Clone, Copy, Debug)]
    pub struct SimdAcc {
        acc: [v128; 4],
        tail: f32,
    }

    impl Default for SimdAcc {
        fn default() -> Self {
            let z = f32x4_splat(0.0);
            SimdAcc {
                acc: [z; 4],
                tail: 0.0,
            }
        }
    }

    #[inline(always)]
    fn load4(s: &[f32]) -> v128 {
        debug_assert!(s.len() >= 4);
        // SAFETY: callers pass chunks of at least four f32 (16 bytes), and
        // wasm's v128.load has no alignment requirement.
        unsafe { v128_load(s.as_ptr() as *const v128) }
    }

    impl SimdAcc {
        /// Adds `a · b` over `min(a.len(), b.len())` elements.
        #[inline(always)]
        #[expect(
            clippy::indexing_slicing,
            reason = "n is the shorter length, and each chunk holds exactly STEP (16) floats, so the four 4-float loads are in bounds"
        )]
        pub fn add_dot(&mut self, a: &[f32], b: &[f32]) {
            let n = a.len().min(b.len());
            let (a, b) = (&a[..n], &b[..n]);
            let mut ca = a.chunks_exact(super::STEP);
            let mut cb = b.chunks_exact(super::STEP);
            let [mut a0, mut a1, mut a2, mut a3] = self.acc;
            for (x, y) in (&mut ca).zip(&mut cb) {
                a0 = f32x4_add(a0, f32x4_mul(load4(&x[0..4]), load4(&y[0..4])));
                a1 = f32x4_add(a1, f32x4_mul(load4(&x[4..8]), load4(&y[4..8])));
                a2 = f32x4_add(a2, f32x4_mul(load4(&x[8..12]), load4(&y[8..12])));
                a3 = f32x4_add(a3, f32x4_mul(load4(&x[12..16]), load4(&y[12..16])));
            }
            let (ra, rb) = (ca.remainder(), cb.remainder());
            let mut qa = ra.chunks_exact(4);
            let mut qb = rb.chunks_exact(4);
            for (x, y) in (&mut qa).zip(&mut qb) {
                a0 = f32x4_add(a0, f32x4_mul(load4(x), load4(y)));
            }
            for (x, y) in qa.remainder().iter().zip(qb.remainder()) {
                self.tail += x * y;
            }
            self.acc = [a0, a1, a2, a3];
        }

        /// Reduces the lanes in the same order as `ScalarAcc::sum`.
        #[inline(always)]
        pub fn sum(&self) -> f32 {
            let [a0, a1, a2, a3] = self.acc;
            let s = f32x4_add(f32x4_add(a0, a1), f32x4_add(a2, a3));
            let (s0, s1) = (f32x4_extract_lane::<0>(s), f32x4_extract_lane::<1>(s));
            let (s2, s3) = (f32x4_extract_lane::<2>(s), f32x4_extract_lane::<3>(s));
            ((s0 + s1) + (s2 + s3)) + self.tail
        }
    }
}

/// The accumulator the hot loops use: SIMD128 when the build has it.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub use simd::SimdAcc as Acc;

/// The accumulator the hot loops use: SIMD128 when the build has it.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
pub type Acc = ScalarAcc;

/// Whether this build scores with SIMD128 instructions.
pub const SIMD_ENABLED: bool = cfg!(all(target_arch = "wasm32", target_feature = "simd128"));

/// `a · b` with the fast kernel.
#[inline]
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = Acc::default();
    acc.add_dot(a, b);
    acc.sum()
}

/// `a · b` with the scalar reference kernel (same result as [`dot`]).
pub fn dot_scalar(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = ScalarAcc::default();
    acc.add_dot(a, b);
    acc.sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_matches_hand_computed_values() {
        assert_eq!(dot(&[], &[]), 0.0);
        assert_eq!(dot(&[2.0], &[3.0]), 6.0);
        let a: [f32; 37] = core::array::from_fn(|i| i as f32);
        let b = [1.0f32; 37];
        // 0 + 1 + ... + 36 = 666, exact in f32.
        assert_eq!(dot(&a, &b), 666.0);
        assert_eq!(dot_scalar(&a, &b), 666.0);
    }

    #[test]
    fn feeding_in_pieces_equals_one_call_when_pieces_are_whole_steps() {
        let a: [f32; 64] = core::array::from_fn(|i| (i as f32 * 0.37).sin());
        let b: [f32; 64] = core::array::from_fn(|i| (i as f32 * 0.11).cos());
        let mut acc = Acc::default();
        acc.add_dot(&a[..32], &b[..32]);
        acc.add_dot(&a[32..], &b[32..]);
        assert_eq!(acc.sum(), dot(&a, &b));
    }
}
