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
            // Several whole blocks: one chunk iterator per block walks the
            // rows, so a row's pieces come without per-row offset arithmetic
            // or bounds checks, and for the common counts (a 128- or 256-dim
            // prefix is 2 or 3 blocks) the loop over pieces is unrolled. The
            // same adds in the same order as score_row.
            let k = at.whole_blocks;
            let pieces: Vec<Piece<'_>> = self.blocks[..k]
                .iter()
                .zip(&layout.blocks)
                .map(|(b, &(start, end))| (&q[start..end], b.data.chunks_exact(end - start)))
                .collect();
            let inv = &self.blocks[k - 1].inv_norm[..len];
            let steps = pieces.iter().all(|(qb, _)| qb.len() % 16 == 0);
            match (steps, <[Piece<'_>; 2]>::try_from(pieces)) {
                (true, Ok(two)) => scan_pieces(two, inv, out),
                (_, Ok(two)) => scan_pieces_any(Vec::from(two), inv, out),
                (true, Err(pieces)) => match <[Piece<'_>; 3]>::try_from(pieces) {
                    Ok(three) => scan_pieces(three, inv, out),
                    Err(pieces) => scan_pieces_any(pieces, inv, out),
                },
                (false, Err(pieces)) => scan_pieces_any(pieces, inv, out),
            }
            return Ok(());
        }
        for i in 0..len {
            out.push(self.score_row(layout, q, at, i)?);
        }
        Ok(())
    }
}

/// A query block and the rows of the same block, one chunk per row.
type Piece<'a> = (&'a [f32], core::slice::ChunksExact<'a, f32>);

/// Cosines of rows stored in `K` whole blocks, each a multiple of 16 wide:
/// `K` known at compile time, so the pieces of a row are added without a
/// loop, with the accumulators in registers.
#[inline(always)]
fn scan_pieces<const K: usize>(mut pieces: [Piece<'_>; K], inv: &[f32], out: &mut Vec<f32>) {
    out.extend(inv.iter().map(|&inv| {
        let mut acc = Acc::default();
        for (qb, rows) in pieces.iter_mut() {
            if let Some(row) = rows.next() {
                acc.add_dot_steps(qb, row);
            }
        }
        unit_score(acc.sum() * inv)
    }));
}

/// Cosines of rows stored in any number of whole blocks of any width.
fn scan_pieces_any(mut pieces: Vec<Piece<'_>>, inv: &[f32], out: &mut Vec<f32>) {
    out.extend(inv.iter().map(|&inv| {
        let mut acc = Acc::default();
        for (qb, rows) in pieces.iter_mut() {
            if let Some(row) = rows.next() {
                acc.add_dot(qb, row);
            }
        }
        unit_score(acc.sum() * inv)
    }));
}
