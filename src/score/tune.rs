//! How many coarse candidates a cascade needs: measured on the set itself,
//! with a sample of its rows as queries. What a coarse pass can lose is
//! rows the rerank would have ranked in its top k; so recall here is
//! against the rerank's own exhaustive top k (same dims, same precision),
//! each query's own row left out of both.

use super::search::{Cascade, Scratch, Search};
use super::select::{self, Match};
use crate::check;
use crate::error::{Error, Result};
use crate::rng::SplitMix64;
use crate::store::VectorSet;
use alloc::vec::Vec;

/// Coarse candidate counts tried: `k` times these.
const STEPS: [usize; 9] = [1, 2, 3, 5, 10, 20, 50, 100, 200];

/// What [`VectorSet::tune_coarse_k`] measured.
#[derive(Clone, Debug, PartialEq)]
pub struct CoarseK {
    /// The smallest count tried whose recall reached the target (the
    /// largest tried when none did).
    pub coarse_k: usize,
    /// Its recall, and whether it reached the target.
    pub recall: f64,
    pub reached: bool,
    /// Every count tried, with its recall.
    pub curve: Vec<(usize, f64)>,
    /// Queries measured.
    pub queries: usize,
}

impl VectorSet {
    /// The smallest `coarse_k` (from `k` up, in steps) for which the
    /// cascade `opts` (its coarse dims and precision, its rerank dims and
    /// precision) keeps at least `target` of the rerank's exhaustive top
    /// `k`, measured over `sample` rows of the set (seeded) as queries.
    /// Costs one coarse pass and one exhaustive rerank-precision scan per
    /// query.
    pub fn tune_coarse_k(
        &self,
        opts: &Cascade,
        k: usize,
        target: f64,
        sample: usize,
        seed: u64,
        scratch: &mut Scratch,
    ) -> Result<CoarseK> {
        if !(target.is_finite() && target > 0.0 && target <= 1.0) {
            return Err(check::must("options.recall", "a number in (0, 1]", target));
        }
        if k == 0 {
            return Err(check::must("options.k", "a positive integer", 0));
        }
        if sample == 0 {
            return Err(check::must("options.sample", "a positive integer", 0));
        }
        let fine_dims = self.check_dims("dims", opts.dims)?;
        if opts.coarse_dims > fine_dims {
            return Err(Error::range(alloc::format!(
                "coarseDims ({}) must not exceed the rerank dims ({fine_dims})",
                opts.coarse_dims
            )));
        }
        let precision = self.precision("precision", opts.precision)?;
        let coarse_precision =
            self.precision("coarsePrecision", opts.coarse_precision.or(Some(precision)))?;
        let n = self.len();
        if n < 2 {
            return Err(Error::value(
                "the set needs at least 2 rows to measure a cascade on its own rows",
            ));
        }
        let steps: Vec<usize> =
            STEPS
                .iter()
                .map(|&s| (s * k).min(n - 1))
                .fold(Vec::new(), |mut v, c| {
                    if v.last() != Some(&c) {
                        v.push(c);
                    }
                    v
                });
        let widest = steps.last().copied().unwrap_or(k);
        let coarse = Search {
            dims: Some(opts.coarse_dims),
            precision: Some(coarse_precision),
            ..Search::default()
        };
        let fine = Search {
            dims: Some(fine_dims),
            precision: Some(precision),
            ..Search::default()
        };
        let mut hits = alloc::vec![0usize; steps.len()];
        let (mut wanted, mut queries) = (0usize, 0usize);
        let mut rng = SplitMix64(seed);
        for _ in 0..sample.min(n) {
            let row = (rng.next() % n as u64) as usize;
            let Some(query) = self.row_vector(row) else {
                return Err(Error::value(
                    "the set keeps only sign bits (b1): it cannot give its rows as queries",
                ));
            };
            // A zero row cannot be a query; pass over it.
            if query.iter().all(|&x| x == 0.0) {
                continue;
            }
            let ranked = self.top_k_with(&query, widest + 1, None, &coarse, scratch)?;
            let ranked: Vec<usize> = ranked
                .into_iter()
                .map(|m| m.index)
                .filter(|&i| i != row)
                .collect();
            self.scores_with(&query, &fine, scratch)?;
            let scores = scratch.scores();
            let truth: Vec<usize> = select::top_k(scores, k + 1, None)
                .into_iter()
                .map(|m| m.index)
                .filter(|&i| i != row)
                .take(k)
                .collect();
            wanted += truth.len();
            queries += 1;
            for (h, &c) in hits.iter_mut().zip(&steps) {
                let kept: Vec<Match> = ranked
                    .iter()
                    .take(c)
                    .filter_map(|&i| scores.get(i).map(|&score| Match { index: i, score }))
                    .collect();
                let found = select::ranked(kept);
                *h += found
                    .iter()
                    .take(k)
                    .filter(|m| truth.contains(&m.index))
                    .count();
            }
        }
        if queries == 0 {
            return Err(Error::value(
                "every sampled row is a zero vector: nothing to measure",
            ));
        }
        let curve: Vec<(usize, f64)> = steps
            .iter()
            .zip(&hits)
            .map(|(&c, &h)| (c, h as f64 / wanted.max(1) as f64))
            .collect();
        let chosen = curve
            .iter()
            .find(|(_, r)| *r >= target)
            .or(curve.last())
            .copied()
            .unwrap_or((widest, 0.0));
        Ok(CoarseK {
            coarse_k: chosen.0,
            recall: chosen.1,
            reached: chosen.1 >= target,
            curve,
            queries,
        })
    }
}
