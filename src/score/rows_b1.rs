//! Rows kept as sign bits: one bit per dim (set when the value is > 0), 64
//! to a word, each block padded to whole words with zero bits. Two vectors
//! whose signs differ in `h` of `p` dims have an estimated cosine of
//! `cos(pi * h / p)` (the angle a random hyperplane separates them with); 32
//! times smaller than f32 and scored with popcounts, it is a coarse pass:
//! rerank its survivors at i8 or f32. A zero vector has no signs: it scores
//! as all-negative, with no error.

use super::kernel_b1::{hamming, hamming_scalar};
use super::layout::{Layout, Prefix};
use super::rows::{OutOfMemory, Store};
use alloc::vec::Vec;

/// Words per row of a block `width` dims wide.
pub(crate) fn words(width: usize) -> usize {
    width.div_ceil(64)
}

/// Every row as sign bits, block by block (`len * words(width)` words each).
#[derive(Clone, Debug)]
pub(crate) struct B1Rows {
    pub(crate) blocks: Vec<Vec<u64>>,
}

/// A query's sign bits over its prefix, and `cos(pi * h / p)` for every
/// possible distance `h` (a table, so a row costs popcounts and one load).
#[derive(Clone, Debug, Default)]
pub(crate) struct B1Query {
    /// Per touched block, its words (the partial block's bits beyond the
    /// prefix are zero).
    pub(crate) bits: Vec<u64>,
    /// `cos(pi * h / p)` for `h` in `0..=p`.
    pub(crate) cos: Vec<f32>,
    /// Bits of the last word of the partial block that are inside the prefix.
    pub(crate) last_mask: u64,
}

/// Appends the sign bits of `values` as `words(values.len())` words.
fn encode(values: &[f32], out: &mut Vec<u64>) {
    for chunk in values.chunks(64) {
        let mut w = 0u64;
        for (j, &v) in chunk.iter().enumerate() {
            if v > 0.0 {
                w |= 1 << j;
            }
        }
        out.push(w);
    }
}

impl B1Query {
    /// The sign bits of the query prefix `q` and the cosine table for `p = q.len()`.
    #[expect(
        clippy::indexing_slicing,
        reason = "each block slice is clamped to q.len()"
    )]
    pub(crate) fn prepare(&mut self, layout: &Layout, q: &[f32]) {
        let p = q.len();
        self.bits.clear();
        for &(start, end) in &layout.blocks {
            if start >= p {
                break;
            }
            encode(&q[start..end.min(p)], &mut self.bits);
        }
        let at = layout.prefix(p);
        self.last_mask = match at.partial % 64 {
            0 => u64::MAX,
            r => (1u64 << r) - 1,
        };
        self.cos.clear();
        let step = core::f64::consts::PI / p as f64;
        self.cos
            .extend((0..=p).map(|h| libm::cos(step * h as f64) as f32));
    }
}

impl B1Rows {
    pub(crate) fn new(layout: &Layout) -> B1Rows {
        B1Rows {
            blocks: layout.blocks.iter().map(|_| Vec::new()).collect(),
        }
    }

    /// Differing signs of row `i` and the query over the prefix.
    #[inline(always)]
    #[expect(
        clippy::indexing_slicing,
        reason = "prefix() keeps whole_blocks within blocks; the query holds the words of every touched block; i < len"
    )]
    fn distance(&self, layout: &Layout, q: &B1Query, at: Prefix, i: usize) -> usize {
        let mut h = 0u32;
        let mut offset = 0;
        for (b, &(start, end)) in self.blocks[..at.whole_blocks].iter().zip(&layout.blocks) {
            let w = words(end - start);
            h += hamming(&q.bits[offset..offset + w], &b[i * w..(i + 1) * w]);
            offset += w;
        }
        if at.partial > 0 {
            let (start, end) = layout.blocks[at.whole_blocks];
            let w = words(end - start);
            let used = words(at.partial);
            let row = &self.blocks[at.whole_blocks][i * w..i * w + used];
            let qw = &q.bits[offset..offset + used];
            h += hamming(&qw[..used - 1], &row[..used - 1]);
            h += ((qw[used - 1] ^ row[used - 1]) & q.last_mask).count_ones();
        }
        h as usize
    }

    /// The estimated cosine of row `i` over the prefix.
    #[inline(always)]
    pub(crate) fn score_row(&self, layout: &Layout, q: &B1Query, at: Prefix, i: usize) -> f32 {
        let h = self.distance(layout, q, at, i);
        q.cos.get(h).copied().unwrap_or(-1.0)
    }

    /// Scores rows `0..len` over `p` dims: block-major, the distances
    /// summed as integers in `out`'s own memory (0.0 is all-zero bits, so
    /// the zeroed floats start as zero counts), then each count replaced by
    /// its entry of the cosine table, as `score_row` does.
    #[expect(
        clippy::indexing_slicing,
        reason = "prefix() keeps whole_blocks within blocks; the query holds the words of every touched block; every block holds len rows"
    )]
    pub(crate) fn score_all(
        &self,
        layout: &Layout,
        q: &B1Query,
        p: usize,
        len: usize,
        out: &mut Vec<f32>,
    ) {
        let at = layout.prefix(p);
        out.clear();
        out.resize(len, 0.0);
        let counts: &mut [u32] = bytemuck::cast_slice_mut(out.as_mut_slice());
        let mut offset = 0;
        for (b, &(start, end)) in self.blocks[..at.whole_blocks].iter().zip(&layout.blocks) {
            let w = words(end - start);
            let qw = &q.bits[offset..offset + w];
            // Up to four words, wasm's i64.popcnt beats the SIMD byte
            // popcount (measured 13-15% on the whole scan).
            if w == 1 {
                let q0 = qw[0];
                for (o, &r) in counts.iter_mut().zip(b.iter()) {
                    *o += (q0 ^ r).count_ones();
                }
            } else if w <= 4 {
                for (o, row) in counts.iter_mut().zip(b.chunks_exact(w)) {
                    *o += hamming_scalar(qw, row);
                }
            } else {
                for (o, row) in counts.iter_mut().zip(b.chunks_exact(w)) {
                    *o += hamming(qw, row);
                }
            }
            offset += w;
        }
        if at.partial > 0 {
            let (start, end) = layout.blocks[at.whole_blocks];
            let w = words(end - start);
            let used = words(at.partial);
            let qw = &q.bits[offset..offset + used];
            for (o, row) in counts
                .iter_mut()
                .zip(self.blocks[at.whole_blocks].chunks_exact(w))
            {
                *o += hamming(&qw[..used - 1], &row[..used - 1])
                    + ((qw[used - 1] ^ row[used - 1]) & q.last_mask).count_ones();
            }
        }
        for o in out.iter_mut() {
            *o = q.cos.get(o.to_bits() as usize).copied().unwrap_or(-1.0);
        }
    }
}

impl Store for B1Rows {
    fn reserve(&mut self, layout: &Layout, rows: usize) -> core::result::Result<(), OutOfMemory> {
        for (b, &(start, end)) in self.blocks.iter_mut().zip(&layout.blocks) {
            super::rows::reserve(b, rows * words(end - start))?;
        }
        Ok(())
    }

    #[expect(
        clippy::indexing_slicing,
        reason = "unit holds dims floats and every block lies within dims"
    )]
    fn push(&mut self, layout: &Layout, unit: &[f32]) {
        for (b, &(start, end)) in self.blocks.iter_mut().zip(&layout.blocks) {
            encode(&unit[start..end], b);
        }
    }

    #[expect(
        clippy::indexing_slicing,
        reason = "callers pass row < len and a unit row of dims floats"
    )]
    fn set(&mut self, layout: &Layout, row: usize, unit: &[f32]) {
        let mut buf = Vec::new();
        for (b, &(start, end)) in self.blocks.iter_mut().zip(&layout.blocks) {
            let w = words(end - start);
            buf.clear();
            encode(&unit[start..end], &mut buf);
            b[row * w..(row + 1) * w].copy_from_slice(&buf);
        }
    }

    fn swap_remove(&mut self, layout: &Layout, row: usize, len: usize) {
        for (b, &(start, end)) in self.blocks.iter_mut().zip(&layout.blocks) {
            super::rows::swap_remove_row(b, words(end - start), row, len);
        }
    }

    fn refresh(&mut self) {}

    fn byte_len(&self) -> usize {
        self.blocks.iter().map(|b| 8 * b.capacity()).sum()
    }
}
