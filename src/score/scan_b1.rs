//! Scoring rows kept as sign bits: popcounts of differing signs, turned
//! into the estimated cosine `cos(pi * h / p)` through a per-query table.

use super::kernel_b1::{distances, hamming, BitBlock};
use crate::store::{encode_signs, words, B1Rows, Layout, Prefix};
use alloc::vec::Vec;

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
            encode_signs(&q[start..end.min(p)], &mut self.bits);
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

    /// Scores rows `0..len` over `p` dims: the distances over the whole
    /// blocks of the prefix, fused (see `kernel_b1::distances`), written
    /// as integers in `out`'s own memory; the bits of a partial block added
    /// to them; then each count replaced by its entry of the cosine table,
    /// as `score_row` does.
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
        let blocks: Vec<BitBlock> = self.blocks[..at.whole_blocks]
            .iter()
            .zip(&layout.blocks)
            .map(|(rows, &(start, end))| {
                let b = BitBlock {
                    rows,
                    words: words(end - start),
                    query: offset,
                };
                offset += b.words;
                b
            })
            .collect();
        distances(&blocks, &q.bits, counts);
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

    /// Scores the listed rows (ascending) into `out`, in list order (the
    /// same integer distances and table as `score_all`).
    pub(crate) fn score_rows(
        &self,
        layout: &Layout,
        q: &B1Query,
        p: usize,
        rows: &[u32],
        out: &mut Vec<f32>,
    ) {
        let at = layout.prefix(p);
        out.extend(
            rows.iter()
                .map(|&r| self.score_row(layout, q, at, r as usize)),
        );
    }
}
