//! Rows kept as int8: symmetric quantization per row and per block, so any
//! Matryoshka prefix is still re-normalized over its own dims.
//!
//! Each block of a row gets its own scale `max |x| / 127`, and `x` is stored
//! as `round(x / scale)` in [-127, 127]. The row's norm at every block
//! boundary is that of the dequantized values, so a row scores exactly 1
//! against itself. The query is quantized the same way, block by block over
//! its prefix; a block's contribution is then `scale_q * scale_row * (integer
//! dot)`, with the integer dot from the SIMD128 kernel (exact, so the scalar
//! build gives the same scores).

use super::kernel_i8::{dot_i8, dot_i8_i16, dot_i8_i16_x2};
use super::layout::{Layout, Prefix};
use super::rows::{unit_score, zero_prefix_error, OutOfMemory, Store};
use crate::error::{Error, Result};
use alloc::vec::Vec;

/// One block `[start, end)` of every row.
#[derive(Clone, Debug, Default)]
pub(crate) struct I8Block {
    /// `len * width` quantized values, row-major.
    pub(crate) data: Vec<i8>,
    /// Per row: the block's scale (0 when the block is all zeros).
    pub(crate) scale: Vec<f32>,
    /// Per row: `|dequantized row[..end]|^2`.
    pub(crate) sq_norm: Vec<f32>,
    /// Per row: `1 / |dequantized row[..end]|`, 0 when that is zero.
    pub(crate) inv_norm: Vec<f32>,
}

/// Every row at int8.
#[derive(Clone, Debug)]
pub(crate) struct I8Rows {
    pub(crate) blocks: Vec<I8Block>,
    /// Per block, the first row whose dequantized prefix up to the block's
    /// end is all zeros (derived).
    pub(crate) first_zero: Vec<Option<usize>>,
}

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

/// `round(x / scale)` for every `x` in `values`, appended to `out`; returns
/// the scale (`max |x| / 127`, 0 for an all-zero slice) and the dequantized
/// squared norm.
fn quantize(values: &[f32], out: &mut Vec<i8>) -> (f32, f64) {
    let max = values.iter().fold(0.0f32, |m, v| m.max(v.abs()));
    if max == 0.0 {
        out.extend(values.iter().map(|_| 0i8));
        return (0.0, 0.0);
    }
    let scale = max / 127.0;
    let mut sq = 0i64;
    for &v in values {
        let q = libm::roundf(v / scale).clamp(-127.0, 127.0) as i8;
        sq += i64::from(q) * i64::from(q);
        out.push(q);
    }
    (scale, f64::from(scale) * f64::from(scale) * sq as f64)
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
    pub(crate) fn new(layout: &Layout) -> I8Rows {
        I8Rows {
            blocks: layout.blocks.iter().map(|_| I8Block::default()).collect(),
            first_zero: layout.blocks.iter().map(|_| None).collect(),
        }
    }

    /// Cosine of row `i` with the quantized query `q` over `p` dims.
    #[inline(always)]
    #[expect(
        clippy::indexing_slicing,
        reason = "prefix() keeps whole_blocks within blocks (>= 1 when partial == 0); q holds p values and one scale per touched block; i < len"
    )]
    pub(crate) fn score_row(
        &self,
        layout: &Layout,
        q: &I8Query,
        at: Prefix,
        p: usize,
        i: usize,
    ) -> Result<f32> {
        let mut dot = 0.0f32;
        for (k, (b, &(start, end))) in self.blocks[..at.whole_blocks]
            .iter()
            .zip(&layout.blocks)
            .enumerate()
        {
            let w = end - start;
            let d = dot_i8_i16(&q.wide[start..end], &b.data[i * w..(i + 1) * w]);
            dot += q.scales[k] * b.scale[i] * d as f32;
        }
        let inv = if at.partial == 0 {
            self.blocks[at.whole_blocks - 1].inv_norm[i]
        } else {
            let k = at.whole_blocks;
            let b = &self.blocks[k];
            let (start, end) = layout.blocks[k];
            let w = end - start;
            let part = &b.data[i * w..i * w + at.partial];
            let d = dot_i8_i16(&q.wide[start..p], part);
            dot += q.scales[k] * b.scale[i] * d as f32;
            let before = match k {
                0 => 0.0,
                k => self.blocks[k - 1].sq_norm[i],
            };
            let sq = before + b.scale[i] * b.scale[i] * dot_i8(part, part) as f32;
            if sq <= 0.0 {
                return Err(zero_prefix_error(i, p));
            }
            1.0 / libm::sqrtf(sq)
        };
        Ok(unit_score(dot * inv * q.inv_norm))
    }

    /// Scores rows `0..len` against the quantized query over `p` dims.
    ///
    /// Block-major: each block is streamed once for every row (contiguous
    /// memory, no per-row block bookkeeping), adding `scale_q * scale_row *
    /// dot` into the row's score in block order, exactly the operations
    /// `score_row` performs, so both give the same bits.
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
            // Two rows a step share the query's loads.
            let mut pairs = out.chunks_exact_mut(2);
            for ((o, rows), s) in (&mut pairs)
                .zip(b.data.chunks_exact(2 * w))
                .zip(b.scale.chunks_exact(2))
            {
                let (d0, d1) = dot_i8_i16_x2(qv, &rows[..w], &rows[w..]);
                o[0] += qs * s[0] * d0 as f32;
                o[1] += qs * s[1] * d1 as f32;
            }
            if let [o] = pairs.into_remainder() {
                let last = len - 1;
                *o += qs * b.scale[last] * dot_i8_i16(qv, &b.data[last * w..len * w]) as f32;
            }
        }
        if at.partial == 0 {
            let inv = &self.blocks[at.whole_blocks - 1].inv_norm;
            for (o, &inv) in out.iter_mut().zip(inv) {
                *o = unit_score(*o * inv * q.inv_norm);
            }
            return Ok(());
        }
        let k = at.whole_blocks;
        let b = &self.blocks[k];
        let (start, end) = layout.blocks[k];
        let (qv, qs) = (&q.wide[start..p], q.scales[k]);
        for (i, ((o, row), &s)) in out
            .iter_mut()
            .zip(b.data.chunks_exact(end - start))
            .zip(&b.scale)
            .enumerate()
        {
            let part = &row[..at.partial];
            *o += qs * s * dot_i8_i16(qv, part) as f32;
            let before = match k {
                0 => 0.0,
                k => self.blocks[k - 1].sq_norm[i],
            };
            let sq = before + s * s * dot_i8(part, part) as f32;
            if sq <= 0.0 {
                return Err(zero_prefix_error(i, p));
            }
            *o = unit_score(*o * (1.0 / libm::sqrtf(sq)) * q.inv_norm);
        }
        Ok(())
    }

    #[expect(
        clippy::indexing_slicing,
        reason = "unit holds dims floats and every block lies within dims"
    )]
    fn encode(&self, layout: &Layout, unit: &[f32], mut put: impl FnMut(usize, &[i8], f32, f64)) {
        let mut buf = Vec::new();
        let mut sq = 0.0f64;
        for (k, &(start, end)) in layout.blocks.iter().enumerate() {
            buf.clear();
            let (scale, s) = quantize(&unit[start..end], &mut buf);
            sq += s;
            put(k, &buf, scale, sq);
        }
    }
}

impl Store for I8Rows {
    fn reserve(&mut self, layout: &Layout, rows: usize) -> core::result::Result<(), OutOfMemory> {
        for (b, &(start, end)) in self.blocks.iter_mut().zip(&layout.blocks) {
            super::rows::reserve(&mut b.data, rows * (end - start))?;
            super::rows::reserve(&mut b.scale, rows)?;
            super::rows::reserve(&mut b.sq_norm, rows)?;
            super::rows::reserve(&mut b.inv_norm, rows)?;
        }
        Ok(())
    }

    fn push(&mut self, layout: &Layout, unit: &[f32]) {
        let mut blocks = core::mem::take(&mut self.blocks);
        self.encode(layout, unit, |k, q, scale, sq| {
            if let Some(b) = blocks.get_mut(k) {
                b.data.extend_from_slice(q);
                b.scale.push(scale);
                b.sq_norm.push(sq as f32);
                b.inv_norm.push(if sq > 0.0 {
                    (1.0 / libm::sqrt(sq)) as f32
                } else {
                    0.0
                });
            }
        });
        self.blocks = blocks;
        for (first, b) in self.first_zero.iter_mut().zip(&self.blocks) {
            if first.is_none() && b.inv_norm.last() == Some(&0.0) {
                *first = Some(b.inv_norm.len() - 1);
            }
        }
    }

    fn set(&mut self, layout: &Layout, row: usize, unit: &[f32]) {
        let mut blocks = core::mem::take(&mut self.blocks);
        self.encode(layout, unit, |k, q, scale, sq| {
            if let Some(b) = blocks.get_mut(k) {
                let w = q.len();
                if let Some(dst) = b.data.get_mut(row * w..(row + 1) * w) {
                    dst.copy_from_slice(q);
                }
                let inv = if sq > 0.0 {
                    (1.0 / libm::sqrt(sq)) as f32
                } else {
                    0.0
                };
                for (v, x) in [
                    (&mut b.scale, scale),
                    (&mut b.sq_norm, sq as f32),
                    (&mut b.inv_norm, inv),
                ] {
                    if let Some(slot) = v.get_mut(row) {
                        *slot = x;
                    }
                }
            }
        });
        self.blocks = blocks;
    }

    fn swap_remove(&mut self, layout: &Layout, row: usize, len: usize) {
        for (b, &(start, end)) in self.blocks.iter_mut().zip(&layout.blocks) {
            super::rows::swap_remove_row(&mut b.data, end - start, row, len);
            b.scale.swap_remove(row);
            b.sq_norm.swap_remove(row);
            b.inv_norm.swap_remove(row);
        }
    }

    fn refresh(&mut self) {
        for (first, b) in self.first_zero.iter_mut().zip(&self.blocks) {
            *first = b.inv_norm.iter().position(|&x| x == 0.0);
        }
    }

    fn byte_len(&self) -> usize {
        self.blocks
            .iter()
            .map(|b| {
                b.data.capacity()
                    + 4 * (b.scale.capacity() + b.sq_norm.capacity() + b.inv_norm.capacity())
            })
            .sum()
    }
}
