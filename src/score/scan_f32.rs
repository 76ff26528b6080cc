//! Scoring rows kept as f32: a truncated cosine at a block boundary is one
//! dot product and one multiply by the stored inverse norm.

use super::kernel::Acc;
use super::scan::{unit_score, zero_prefix_error};
use crate::error::Result;
use crate::store::{F32Rows, Layout, Prefix};
use alloc::vec::Vec;

impl F32Rows {
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

    /// Scores the listed rows (ascending) into `out`, in list order, with
    /// the same float operations per row as `score_row` (so the same bits).
    ///
    /// Block-major when the prefix ends on a block boundary: each block's
    /// listed rows are read in ascending order (one forward stream per block,
    /// which the memory system prefetches) into per-row accumulators, rather
    /// than visiting every block of one row before the next row.
    #[expect(
        clippy::indexing_slicing,
        reason = "prefix() gives whole_blocks >= 1 when partial == 0; q holds the prefix; every listed row is < len, so its slices lie within each block"
    )]
    pub(crate) fn score_rows(
        &self,
        layout: &Layout,
        q: &[f32],
        rows: &[u32],
        out: &mut Vec<f32>,
    ) -> Result<()> {
        let p = q.len();
        let at = layout.prefix(p);
        if at.partial != 0 {
            for &r in rows {
                out.push(self.score_row(layout, q, at, r as usize)?);
            }
            return Ok(());
        }
        let inv = &self.blocks[at.whole_blocks - 1].inv_norm;
        if let Some(&r) = rows.iter().find(|&&r| inv[r as usize] == 0.0) {
            return Err(zero_prefix_error(r as usize, p));
        }
        let mut accs = alloc::vec![Acc::default(); rows.len()];
        for (b, &(start, end)) in self.blocks[..at.whole_blocks].iter().zip(&layout.blocks) {
            let (w, qb) = (end - start, &q[start..end]);
            for (acc, &r) in accs.iter_mut().zip(rows) {
                let i = r as usize;
                acc.add_dot(qb, &b.data[i * w..(i + 1) * w]);
            }
        }
        out.extend(
            accs.iter()
                .zip(rows)
                .map(|(acc, &r)| unit_score(acc.sum() * inv[r as usize])),
        );
        Ok(())
    }
}
