//! The query side of a [`VectorSet`]: the query is checked and normalized
//! over the prefix, then every row is scored (one contiguous stream per
//! block, see `vector_set`), and results are selected: all scores, top-k,
//! everything above a threshold, or a two-phase cascade.

use super::kernel::Acc;
use super::select::{self, Match};
use super::vector_set::{reserve, Cascade, Prefix, Scratch, VectorSet};
use crate::check;
use crate::error::{Error, Result};
use alloc::format;
use alloc::vec::Vec;

impl VectorSet {
    fn prefix(&self, p: usize) -> Prefix {
        let whole_blocks = self.blocks.iter().take_while(|b| b.end <= p).count();
        let partial = self
            .blocks
            .get(whole_blocks)
            .map_or(0, |b| p.saturating_sub(b.start));
        Prefix {
            whole_blocks,
            partial,
        }
    }

    /// Checks `query` and writes its first `p` dims, scaled to unit length,
    /// into `out`.
    #[expect(
        clippy::indexing_slicing,
        reason = "p is checked against query.len() before the slices"
    )]
    fn prepare_query(&self, name: &str, query: &[f32], p: usize, out: &mut Vec<f32>) -> Result<()> {
        if query.len() != self.dims {
            return Err(Error::range(format!(
                "{name} has {} floats but the set has {} dims",
                query.len(),
                self.dims
            )));
        }
        check::finite(name, query)?;
        let sq: f64 = query[..p]
            .iter()
            .map(|&v| f64::from(v) * f64::from(v))
            .sum();
        if sq == 0.0 {
            return Err(Error::value(format!(
                "{name} is all zeros over its first {p} dims; cosine is undefined for a zero vector"
            )));
        }
        let scale = 1.0 / libm::sqrt(sq);
        out.clear();
        out.extend(query[..p].iter().map(|&v| (f64::from(v) * scale) as f32));
        Ok(())
    }

    fn zero_prefix_error(&self, row: usize, p: usize) -> Error {
        Error::value(format!(
            "row {row} of the set is all zeros over its first {p} dims; cosine is undefined there (score it with more dims)"
        ))
    }

    /// Cosine of row `i` with the unit-length query prefix `q` (`p = q.len()`).
    #[inline(always)]
    #[expect(
        clippy::indexing_slicing,
        reason = "prefix() keeps whole_blocks within blocks (>= 1 when partial == 0), q holds p floats reaching every used block, i < len"
    )]
    fn score_row(&self, q: &[f32], at: Prefix, i: usize) -> Result<f32> {
        let mut acc = Acc::default();
        for b in &self.blocks[..at.whole_blocks] {
            acc.add_dot(&q[b.start..b.end], b.row(i));
        }
        let inv = if at.partial == 0 {
            self.blocks[at.whole_blocks - 1].inv_norm[i]
        } else {
            let b = &self.blocks[at.whole_blocks];
            let part = &b.row(i)[..at.partial];
            acc.add_dot(&q[b.start..], part);
            let mut norm = Acc::default();
            norm.add_dot(part, part);
            let before = match at.whole_blocks {
                0 => 0.0,
                w => self.blocks[w - 1].sq_norm[i],
            };
            let sq = before + norm.sum();
            if sq <= 0.0 {
                return Err(self.zero_prefix_error(i, q.len()));
            }
            1.0 / libm::sqrtf(sq)
        };
        Ok(unit_score(acc.sum() * inv))
    }

    /// Scores every row against the prepared query `q`.
    #[expect(
        clippy::indexing_slicing,
        reason = "prefix() gives whole_blocks >= 1 when partial == 0; blocks is never empty; q holds the prefix, which spans block 0"
    )]
    fn score_all(&self, q: &[f32], out: &mut Vec<f32>) -> Result<()> {
        let p = q.len();
        let at = self.prefix(p);
        out.clear();
        if at.partial == 0 {
            if let Some(row) = self.blocks[at.whole_blocks - 1].first_zero_row {
                return Err(self.zero_prefix_error(row, p));
            }
            if at.whole_blocks == 1 {
                // The common case of a short prefix: one contiguous stream.
                let b = &self.blocks[0];
                let qb = &q[..b.end];
                out.extend(
                    b.data
                        .chunks_exact(b.width())
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
        for i in 0..self.len {
            out.push(self.score_row(q, at, i)?);
        }
        Ok(())
    }

    /// Cosine of `query` with every row over the first `dims` dims (all when
    /// `None`), in row order, written into `scratch` (read it back with
    /// [`Scratch::scores`]).
    pub fn scores_into(
        &self,
        query: &[f32],
        dims: Option<usize>,
        scratch: &mut Scratch,
    ) -> Result<()> {
        let p = self.check_dims("dims", dims)?;
        self.prepare_query("query", query, p, &mut scratch.query)?;
        reserve(&mut scratch.scores, self.len, self.len, 1)?;
        self.score_all(&scratch.query, &mut scratch.scores)
    }

    /// The `k` best rows with score `>= min_score`, best first, ties to the
    /// lower index.
    pub fn top_k(
        &self,
        query: &[f32],
        k: usize,
        dims: Option<usize>,
        min_score: Option<f32>,
        scratch: &mut Scratch,
    ) -> Result<Vec<Match>> {
        self.scores_into(query, dims, scratch)?;
        Ok(select::top_k(&scratch.scores, k, min_score))
    }

    /// Every row with score `>= threshold`, best first.
    pub fn above(
        &self,
        query: &[f32],
        threshold: f32,
        dims: Option<usize>,
        scratch: &mut Scratch,
    ) -> Result<Vec<Match>> {
        self.scores_into(query, dims, scratch)?;
        Ok(select::above(&scratch.scores, threshold))
    }

    /// Two-phase search: the best `coarse_k` rows on a short prefix (at or
    /// above `coarse_threshold`), reranked on `dims` (default all), keeping
    /// those at or above `threshold`, at most `k`, best first. Returned
    /// scores are the rerank scores.
    pub fn cascade(
        &self,
        query: &[f32],
        opts: &Cascade,
        scratch: &mut Scratch,
    ) -> Result<Vec<Match>> {
        let fine = self.check_dims("dims", opts.dims)?;
        let coarse = self.check_dims("coarseDims", Some(opts.coarse_dims))?;
        if coarse > fine {
            return Err(Error::range(format!(
                "coarseDims ({coarse}) must not exceed the rerank dims ({fine})"
            )));
        }
        self.prepare_query("query", query, fine, &mut scratch.rerank_query)?;
        let survivors = self.top_k(
            query,
            opts.coarse_k,
            Some(coarse),
            opts.coarse_threshold,
            scratch,
        )?;
        let q = &scratch.rerank_query;
        let at = self.prefix(fine);
        let min = opts.threshold.unwrap_or(f32::NEG_INFINITY);
        let mut out = Vec::with_capacity(survivors.len());
        for m in survivors {
            let score = self.score_row(q, at, m.index)?;
            if score >= min {
                out.push(Match {
                    index: m.index,
                    score,
                });
            }
        }
        let mut out = select::ranked(out);
        if let Some(k) = opts.k {
            out.truncate(k);
        }
        Ok(out)
    }

    fn check_dims(&self, name: &str, dims: Option<usize>) -> Result<usize> {
        match dims {
            None => Ok(self.dims),
            Some(p) if (1..=self.dims).contains(&p) => Ok(p),
            Some(p) => Err(Error::range(format!(
                "{name} must be an integer from 1 to {}, got {p}",
                self.dims
            ))),
        }
    }
}

/// Keeps a computed cosine inside [-1, 1] (f32 rounding can overshoot by an
/// ulp) and turns -0.0 into 0.0 so ranking sees one zero.
#[inline(always)]
fn unit_score(s: f32) -> f32 {
    s.clamp(-1.0, 1.0) + 0.0
}
