//! Integer dot products of int8 vectors: SIMD128 (`i32x4.dot_i16x8_s` on
//! sign-extended halves) and a scalar twin. Scans use [`dot_i8_i16_x4`]:
//! the query is widened to i16 once per query (the hot loop sign-extends
//! only rows) and each query load serves four rows. The i8 scan is bound by
//! instruction count, not memory (at 768 dims it runs only about 1.3x
//! faster in cache than from DRAM). Four rows a step measured 1.08-1.2x
//! over two, and widening loads another 1.0-1.1x; eight rows would need
//! more than V8's 16 vector registers.
//!
//! Integer sums are exact, so the two agree bit for bit whatever the order:
//! the scalar path is a true reference. Values are quantized to [-127, 127];
//! a product is at most 16,129 (16,256 for a -128 in a crafted set file) and
//! one 32-bit lane gains at most 65,024 per 16 elements, so a lane holds any
//! block of up to 524,288 dims (the widest block of the largest set,
//! `check::MAX_DIMS`: 2,130,706,432 < 2^31), and lanes are summed in i64.

/// `a · b` over `min(a.len(), b.len())` elements, with the scalar reference.
#[inline]
pub fn dot_i8_scalar(a: &[i8], b: &[i8]) -> i64 {
    a.iter()
        .zip(b)
        .map(|(&x, &y)| i64::from(i32::from(x) * i32::from(y)))
        .sum()
}

/// `q · r` over `min(q.len(), r.len())` elements, `q` already widened to
/// i16 (values in -127..=127), with the scalar reference.
#[inline]
pub fn dot_i8_i16_scalar(q: &[i16], r: &[i8]) -> i64 {
    q.iter()
        .zip(r)
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
        lanes(i32x4_add(acc0, acc1)) + super::dot_i8_scalar(ca.remainder(), cb.remainder())
    }

    /// `q · r` over `min(q.len(), r.len())` elements, `q` widened to i16.
    #[inline(always)]
    pub fn dot_i8_i16(q: &[i16], r: &[i8]) -> i64 {
        let n = q.len().min(r.len());
        let (q, r) = (q.get(..n).unwrap_or(&[]), r.get(..n).unwrap_or(&[]));
        let mut cq = q.chunks_exact(16);
        let mut cr = r.chunks_exact(16);
        let (mut acc0, mut acc1) = (i32x4_splat(0), i32x4_splat(0));
        for (x, y) in (&mut cq).zip(&mut cr) {
            // SAFETY: each q chunk holds exactly 16 i16 (two 16-byte loads
            // at element offsets 0 and 8) and each r chunk 16 i8; wasm's
            // v128.load has no alignment requirement.
            let (q0, q1, row) = unsafe {
                (
                    v128_load(x.as_ptr() as *const v128),
                    v128_load(x.as_ptr().add(8) as *const v128),
                    v128_load(y.as_ptr() as *const v128),
                )
            };
            acc0 = i32x4_add(acc0, i32x4_dot_i16x8(q0, i16x8_extend_low_i8x16(row)));
            acc1 = i32x4_add(acc1, i32x4_dot_i16x8(q1, i16x8_extend_high_i8x16(row)));
        }
        lanes(i32x4_add(acc0, acc1)) + super::dot_i8_i16_scalar(cq.remainder(), cr.remainder())
    }

    /// Sum of the four i32 lanes, in i64.
    #[inline(always)]
    fn lanes(acc: v128) -> i64 {
        i64::from(i32x4_extract_lane::<0>(acc))
            + i64::from(i32x4_extract_lane::<1>(acc))
            + i64::from(i32x4_extract_lane::<2>(acc))
            + i64::from(i32x4_extract_lane::<3>(acc))
    }

    /// Widest `n` whose dot products fit an i32, and so does every partial
    /// sum: 16,256 * 132,104 < 2^31 (16,256 for a -128 in a crafted file).
    const I32_DOT: usize = 132_104;

    /// `q · r[k]` for four rows over `q.len()` elements (every row at least
    /// as long), `q` widened to i16: each query load serves four rows.
    ///
    /// Rows are read by widening loads (`i16x8.load8x8_s`, one instruction
    /// each in V8) instead of a load and two sign-extends, and each row has
    /// one accumulator: with two, V8 ran out of vector registers and spilled.
    #[inline(always)]
    pub fn dot_i8_i16_x4(q: &[i16], r: [&[i8]; 4]) -> [i64; 4] {
        let n = r.iter().fold(q.len(), |n, r| n.min(r.len()));
        let q = q.get(..n).unwrap_or(&[]);
        let r = r.map(|r| r.get(..n).unwrap_or(&[]));
        let mut acc = [i32x4_splat(0); 4];
        let mut at = 0;
        for x in q.chunks_exact(16) {
            // SAFETY: 16 i16 at x (two loads); every row holds n >= at + 16
            // bytes, so the 8 bytes at `at` and at `at + 8` are in bounds.
            let (q0, q1) = unsafe {
                (
                    v128_load(x.as_ptr() as *const v128),
                    v128_load(x.as_ptr().add(8) as *const v128),
                )
            };
            for (a, row) in acc.iter_mut().zip(r) {
                // SAFETY: as above.
                let (lo, hi) = unsafe {
                    let p = row.as_ptr().add(at);
                    (i16x8_load_extend_i8x8(p), i16x8_load_extend_i8x8(p.add(8)))
                };
                let step = i32x4_add(i32x4_dot_i16x8(q0, lo), i32x4_dot_i16x8(q1, hi));
                *a = i32x4_add(*a, step);
            }
            at += 16;
        }
        let rq = q.get(at..).unwrap_or(&[]);
        let tails = r.map(|row| super::dot_i8_i16_scalar(rq, row.get(at..).unwrap_or(&[])));
        let [a, b, c, d] = acc;
        let sums = if n <= I32_DOT {
            // [a0+a2, b0+b2, a1+a3, b1+b3], the same for c and d, then
            // their halves added: the four rows' sums in lane order.
            let ab = i32x4_add(
                i32x4_shuffle::<0, 4, 1, 5>(a, b),
                i32x4_shuffle::<2, 6, 3, 7>(a, b),
            );
            let cd = i32x4_add(
                i32x4_shuffle::<0, 4, 1, 5>(c, d),
                i32x4_shuffle::<2, 6, 3, 7>(c, d),
            );
            let all = i32x4_add(
                i32x4_shuffle::<0, 1, 4, 5>(ab, cd),
                i32x4_shuffle::<2, 3, 6, 7>(ab, cd),
            );
            [
                i64::from(i32x4_extract_lane::<0>(all)),
                i64::from(i32x4_extract_lane::<1>(all)),
                i64::from(i32x4_extract_lane::<2>(all)),
                i64::from(i32x4_extract_lane::<3>(all)),
            ]
        } else {
            [lanes(a), lanes(b), lanes(c), lanes(d)]
        };
        let mut out = [0i64; 4];
        for ((o, s), t) in out.iter_mut().zip(sums).zip(tails) {
            *o = s + t;
        }
        out
    }
}

/// `a · b` with the fast kernel: SIMD128 when the build has it.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub use simd::{dot_i8, dot_i8_i16, dot_i8_i16_x4};

/// `q · r[k]` for four rows over the shortest length, `q` widened to i16
/// (the scalar loops).
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline]
pub fn dot_i8_i16_x4(q: &[i16], r: [&[i8]; 4]) -> [i64; 4] {
    let n = r.iter().fold(q.len(), |n, r| n.min(r.len()));
    let q = q.get(..n).unwrap_or(&[]);
    r.map(|r| dot_i8_i16_scalar(q, r))
}

/// `q · r` with `q` widened to i16, with the fast kernel (the scalar loop,
/// which LLVM vectorizes natively).
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline]
pub fn dot_i8_i16(q: &[i16], r: &[i8]) -> i64 {
    dot_i8_i16_scalar(q, r)
}

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
    use alloc::vec::Vec;

    #[test]
    fn hand_computed_and_extreme_values() {
        assert_eq!(dot_i8(&[], &[]), 0);
        assert_eq!(dot_i8(&[2, -3], &[4, 5]), -7);
        let a = [127i8; 37];
        let b = [-127i8; 37];
        assert_eq!(dot_i8(&a, &b), -37 * 16129);
        assert_eq!(dot_i8(&a, &b), dot_i8_scalar(&a, &b));
        let wide: Vec<i16> = a.iter().map(|&x| i16::from(x)).collect();
        assert_eq!(dot_i8_i16(&wide, &b), -37 * 16129);
        assert_eq!(dot_i8_i16(&[2, -3], &[4, 5]), -7);
        let mut mixed = a;
        mixed[..20].copy_from_slice(&b[..20]);
        assert_eq!(
            dot_i8_i16_x4(&wide, [&a, &b, &mixed, &b]),
            [37 * 16129, -37 * 16129, -3 * 16129, -37 * 16129]
        );
        // Every row is read over the shortest length.
        assert_eq!(
            dot_i8_i16_x4(&wide, [&a, &b, &a[..5], &b]),
            [5 * 16129, -5 * 16129, 5 * 16129, -5 * 16129]
        );
    }
}
