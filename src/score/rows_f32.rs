//! Rows kept as f32: the unit-length row, block by block, with each row's
//! norm at every block boundary, so a truncated cosine at a boundary is one
//! dot product and one multiply.

use super::kernel::Acc;
use super::layout::{Layout, Prefix};
use super::rows::{unit_score, zero_prefix_error, OutOfMemory, Store};
use crate::error::Result;
use alloc::vec::Vec;

/// One block `[start, end)` of every row.
#[derive(Clone, Debug, Default)]
pub(crate) struct F32Block {
    /// `len * width` floats, row-major.
    pub(crate) data: Vec<f32>,
    /// `1 / |row[..end]|` per row (of the stored row); 0 when that prefix
    /// is all zeros.
    pub(crate) inv_norm: Vec<f32>,
    /// `|row[..end]|^2` per row, the base for prefixes ending inside the
    /// next block.
    pub(crate) sq_norm: Vec<f32>,
}

/// Every row at f32.
#[derive(Clone, Debug)]
pub(crate) struct F32Rows {
    pub(crate) blocks: Vec<F32Block>,
    /// Per block, the first row whose prefix up to the block's end is all
    /// zeros (derived; refreshed after a row is replaced or removed).
    pub(crate) first_zero: Vec<Option<usize>>,
}

impl F32Rows {
    pub(crate) fn new(layout: &Layout) -> F32Rows {
        F32Rows {
            blocks: layout.blocks.iter().map(|_| F32Block::default()).collect(),
            first_zero: layout.blocks.iter().map(|_| None).collect(),
        }
    }

    /// Cosine of row `i` with the unit-length query prefix `q` (`p = q.len()`).
    #[inline(always)]
    #[expect(
        clippy::indexing_slicing,
        reason = "prefix() keeps whole_blocks within blocks (>= 1 when partial == 0), q holds p floats reaching every used block, i < len"
    )]
    pub(crate) fn score_row(
        &self,
        layout: &Layout,
        q: &[f32],
        at: Prefix,
        i: usize,
    ) -> Result<f32> {
        let mut acc = Acc::default();
        for (b, &(start, end)) in self.blocks[..at.whole_blocks].iter().zip(&layout.blocks) {
            let w = end - start;
            acc.add_dot(&q[start..end], &b.data[i * w..(i + 1) * w]);
        }
        let inv = if at.partial == 0 {
            self.blocks[at.whole_blocks - 1].inv_norm[i]
        } else {
            let b = &self.blocks[at.whole_blocks];
            let (start, end) = layout.blocks[at.whole_blocks];
            let w = end - start;
            let part = &b.data[i * w..i * w + at.partial];
            acc.add_dot(&q[start..], part);
            let mut norm = Acc::default();
            norm.add_dot(part, part);
            let before = match at.whole_blocks {
                0 => 0.0,
                k => self.blocks[k - 1].sq_norm[i],
            };
            let sq = before + norm.sum();
            if sq <= 0.0 {
                return Err(zero_prefix_error(i, q.len()));
            }
            1.0 / libm::sqrtf(sq)
        };
        Ok(unit_score(acc.sum() * inv))
    }

    /// Scores rows `0..len` against the prepared query `q` into `out`.
    #[expect(
        clippy::indexing_slicing,
        reason = "prefix() gives whole_blocks >= 1 when partial == 0; blocks is never empty; q holds the prefix, which spans block 0"
    )]
    pub(crate) fn score_all(
        &self,
        layout: &Layout,
        q: &[f32],
        len: usize,
        out: &mut Vec<f32>,
    ) -> Result<()> {
        let p = q.len();
        let at = layout.prefix(p);
        if at.partial == 0 {
            if let Some(row) = self.first_zero[at.whole_blocks - 1] {
                return Err(zero_prefix_error(row, p));
            }
            if at.whole_blocks == 1 {
                // The common case of a short prefix: one contiguous stream.
                let b = &self.blocks[0];
                let end = layout.blocks[0].1;
                let qb = &q[..end];
                out.extend(
                    b.data
                        .chunks_exact(end)
                        .zip(&b.inv_norm)
                        .map(|(row, &inv)| {
                            let mut acc = Acc::default();
                            acc.add_dot(qb, row);
                            unit_score(acc.sum() * inv)
                        }),
                );
                return Ok(());
            }
        }
        for i in 0..len {
            out.push(self.score_row(layout, q, at, i)?);
        }
        Ok(())
    }
}

impl Store for F32Rows {
    fn reserve(&mut self, layout: &Layout, rows: usize) -> core::result::Result<(), OutOfMemory> {
        for (b, &(start, end)) in self.blocks.iter_mut().zip(&layout.blocks) {
            super::rows::reserve(&mut b.data, rows * (end - start))?;
            super::rows::reserve(&mut b.inv_norm, rows)?;
            super::rows::reserve(&mut b.sq_norm, rows)?;
        }
        Ok(())
    }

    #[expect(
        clippy::indexing_slicing,
        reason = "unit holds dims floats and every block lies within dims"
    )]
    fn push(&mut self, layout: &Layout, unit: &[f32]) {
        let mut sq = 0.0f64;
        for (b, &(start, end)) in self.blocks.iter_mut().zip(&layout.blocks) {
            for &v in &unit[start..end] {
                sq += f64::from(v) * f64::from(v);
                b.data.push(v);
            }
            b.sq_norm.push(sq as f32);
            b.inv_norm.push(if sq > 0.0 {
                (1.0 / libm::sqrt(sq)) as f32
            } else {
                0.0
            });
        }
        for (first, b) in self.first_zero.iter_mut().zip(&self.blocks) {
            if first.is_none() && b.inv_norm.last() == Some(&0.0) {
                *first = Some(b.inv_norm.len() - 1);
            }
        }
    }

    #[expect(
        clippy::indexing_slicing,
        reason = "callers pass row < len and a unit row of dims floats; every block lies within dims"
    )]
    fn set(&mut self, layout: &Layout, row: usize, unit: &[f32]) {
        let mut sq = 0.0f64;
        for (b, &(start, end)) in self.blocks.iter_mut().zip(&layout.blocks) {
            let w = end - start;
            for (dst, &v) in b.data[row * w..(row + 1) * w]
                .iter_mut()
                .zip(&unit[start..end])
            {
                sq += f64::from(v) * f64::from(v);
                *dst = v;
            }
            b.sq_norm[row] = sq as f32;
            b.inv_norm[row] = if sq > 0.0 {
                (1.0 / libm::sqrt(sq)) as f32
            } else {
                0.0
            };
        }
    }

    fn swap_remove(&mut self, layout: &Layout, row: usize, len: usize) {
        for (b, &(start, end)) in self.blocks.iter_mut().zip(&layout.blocks) {
            super::rows::swap_remove_row(&mut b.data, end - start, row, len);
            b.inv_norm.swap_remove(row);
            b.sq_norm.swap_remove(row);
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
            .map(|b| 4 * (b.data.capacity() + b.inv_norm.capacity() + b.sq_norm.capacity()))
            .sum()
    }
}
