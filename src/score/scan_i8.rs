//! Scoring rows kept as int8: the query is quantized block by block like
//! the rows, and each block contributes `scale_q * scale_row * (integer
//! dot)`, the integer dot exact in SIMD128 and in the scalar build.

use super::kernel_i8::{dot_i8, dot_i8_i16, dot_i8_i16_x4};
use super::scan::{unit_score, zero_prefix_error};
use crate::error::{Error, Result};
use crate::store::{quantize, I8Rows, Layout, Prefix};
use alloc::vec::Vec;

/// A query quantized over its prefix, block by block.
#[derive(Clone, Debug, Default)]
pub(crate) struct I8Query {
    /// The prefix's quantized values.
    pub(crate) values: Vec<i8>,
    /// The same values widened to i16 once, for the scan kernel.
    pub(crate) wide: Vec<i16>,
    /// One scale per block the prefix touches (the last may be partial).
    pub(crate) scales: Vec<f32>,
    /// `1 / |dequantized query|`.
    pub(crate) inv_norm: f32,
}

impl I8Query {
    /// Quantizes the unit-length query prefix `q`, block by block.
    #[expect(
        clippy::indexing_slicing,
        reason = "each block slice is clamped to q.len()"
    )]
    pub(crate) fn prepare(&mut self, layout: &Layout, q: &[f32]) -> Result<()> {
        let p = q.len();
        self.values.clear();
        self.scales.clear();
        let mut sq = 0.0f64;
        for &(start, end) in &layout.blocks {
            if start >= p {
                break;
            }
            let (scale, s) = quantize(&q[start..end.min(p)], &mut self.values);
            self.scales.push(scale);
            sq += s;
        }
        if sq == 0.0 {
            return Err(Error::value(alloc::format!(
                "query is all zeros over its first {p} dims; cosine is undefined for a zero vector"
            )));
        }
        self.inv_norm = (1.0 / libm::sqrt(sq)) as f32;
        self.wide.clear();
        self.wide.extend(self.values.iter().map(|&v| i16::from(v)));
        Ok(())
    }
}

impl I8Rows {
    /// Scores rows `0..len` against the quantized query over `p` dims.
    ///
    /// Block-major: each block is streamed once for every row (contiguous
    /// memory, no per-row block bookkeeping), adding `scale_q * scale_row *
    /// dot` into the row's score in block order, exactly the operations
    /// `score_rows` performs for a listed row, so both give the same bits.
    #[expect(
        clippy::indexing_slicing,
        reason = "prefix() gives whole_blocks >= 1 when partial == 0 and keeps them within blocks; q holds p values and one scale per touched block; every block holds len rows"
    )]
    pub(crate) fn score_all(
        &self,
        layout: &Layout,
        q: &I8Query,
        p: usize,
        len: usize,
        out: &mut Vec<f32>,
    ) -> Result<()> {
        let at = layout.prefix(p);
        if at.partial == 0 {
            if let Some(row) = self.first_zero[at.whole_blocks - 1] {
                return Err(zero_prefix_error(row, p));
            }
        }
        out.clear();
        out.resize(len, 0.0);
        for (k, (b, &(start, end))) in self.blocks[..at.whole_blocks]
            .iter()
            .zip(&layout.blocks)
            .enumerate()
        {
            let (qv, qs, w) = (&q.wide[start..end], q.scales[k], end - start);
            // Four rows a step share the query's loads.
            let mut quads = out.chunks_exact_mut(4);
            for ((o, rows), s) in (&mut quads)
                .zip(b.data.chunks_exact(4 * w))
                .zip(b.scale.chunks_exact(4))
            {
                let d = dot_i8_i16_x4(
                    qv,
                    [
                        &rows[..w],
                        &rows[w..2 * w],
                        &rows[2 * w..3 * w],
                        &rows[3 * w..],
                    ],
                );
                for ((o, s), d) in o.iter_mut().zip(s).zip(d) {
                    *o += qs * s * d as f32;
                }
            }
            let done = len - len % 4;
            for (i, o) in quads.into_remainder().iter_mut().enumerate() {
                let r = done + i;
                *o += qs * b.scale[r] * dot_i8_i16(qv, &b.data[r * w..(r + 1) * w]) as f32;
            }
        }
        if at.partial == 0 {
            let inv = &self.blocks[at.whole_blocks - 1].inv_norm;
            for (o, &inv) in out.iter_mut().zip(inv) {
                *o = unit_score(*o * inv * q.inv_norm);
            }
            return Ok(());
        }
        for (i, o) in out.iter_mut().enumerate() {
            *o = self.finish_partial(layout, q, at, p, i, *o)?;
        }
        Ok(())
    }

    /// Row `i`'s cosine when the prefix ends inside block `at.whole_blocks`:
    /// `dot` (the whole blocks' sum) plus the partial block's part, over the
    /// norm of the row's prefix. One body for every scan, so they agree bit
    /// for bit.
    #[inline(always)]
    #[expect(
        clippy::indexing_slicing,
        reason = "at.partial > 0 puts block at.whole_blocks within blocks; q holds p values and a scale for that block; i < len"
    )]
    fn finish_partial(
        &self,
        layout: &Layout,
        q: &I8Query,
        at: Prefix,
        p: usize,
        i: usize,
        dot: f32,
    ) -> Result<f32> {
        let k = at.whole_blocks;
        let b = &self.blocks[k];
        let (start, end) = layout.blocks[k];
        let w = end - start;
        let s = b.scale[i];
        let part = &b.data[i * w..i * w + at.partial];
        let dot = dot + q.scales[k] * s * dot_i8_i16(&q.wide[start..p], part) as f32;
        let before = match k {
            0 => 0.0,
            k => self.blocks[k - 1].sq_norm[i],
        };
        let sq = before + s * s * dot_i8(part, part) as f32;
        if sq <= 0.0 {
            return Err(zero_prefix_error(i, p));
        }
        Ok(unit_score(dot * (1.0 / libm::sqrtf(sq)) * q.inv_norm))
    }

    /// Scores the listed rows (ascending) into `out`, in list order.
    ///
    /// Block-major like `score_all`, four listed rows per query load (the
    /// kernel takes any four rows, not only neighbours), adding the same
    /// terms in the same order per row: the same bits as `score_all`.
    #[expect(
        clippy::indexing_slicing,
        reason = "as in score_all; every listed row is < len, so its slices lie within each block"
    )]
    pub(crate) fn score_rows(
        &self,
        layout: &Layout,
        q: &I8Query,
        p: usize,
        rows: &[u32],
        out: &mut Vec<f32>,
    ) -> Result<()> {
        let at = layout.prefix(p);
        out.clear();
        out.resize(rows.len(), 0.0);
        for (k, (b, &(start, end))) in self.blocks[..at.whole_blocks]
            .iter()
            .zip(&layout.blocks)
            .enumerate()
        {
            let (qv, qs, w) = (&q.wide[start..end], q.scales[k], end - start);
            let row = |r: u32| &b.data[r as usize * w..(r as usize + 1) * w];
            let mut quads = out.chunks_exact_mut(4);
            for (o, r) in (&mut quads).zip(rows.chunks_exact(4)) {
                let d = dot_i8_i16_x4(qv, [row(r[0]), row(r[1]), row(r[2]), row(r[3])]);
                for ((o, &r), d) in o.iter_mut().zip(r).zip(d) {
                    *o += qs * b.scale[r as usize] * d as f32;
                }
            }
            let done = rows.len() - rows.len() % 4;
            for (o, &r) in quads.into_remainder().iter_mut().zip(&rows[done..]) {
                *o += qs * b.scale[r as usize] * dot_i8_i16(qv, row(r)) as f32;
            }
        }
        if at.partial == 0 {
            let inv = &self.blocks[at.whole_blocks - 1].inv_norm;
            for (o, &r) in out.iter_mut().zip(rows) {
                let inv = inv[r as usize];
                if inv == 0.0 {
                    return Err(zero_prefix_error(r as usize, p));
                }
                *o = unit_score(*o * inv * q.inv_norm);
            }
            return Ok(());
        }
        for (o, &r) in out.iter_mut().zip(rows) {
            *o = self.finish_partial(layout, q, at, p, r as usize, *o)?;
        }
        Ok(())
    }
}
