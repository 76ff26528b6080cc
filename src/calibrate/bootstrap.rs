//! Bootstrap percentile intervals of the F1-optimal threshold and its F1,
//! reproducible from a seed on every platform.

use super::curve::{need_both, Curve};
use super::Calibration;
use crate::error::{Error, Result};
use crate::rng::SplitMix64;
use alloc::vec::Vec;
use serde::Serialize;

/// A percentile interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Interval {
    /// 2.5th percentile.
    pub low: f64,
    /// 97.5th percentile.
    pub high: f64,
}

/// Bootstrap intervals of the F1-optimal threshold and its F1.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Bootstrap {
    /// Interval of the threshold.
    pub threshold: Interval,
    /// Interval of the F1.
    pub f: Interval,
    /// Rounds that had both classes (others are skipped).
    pub rounds: usize,
}

impl Calibration {
    /// Percentile (2.5, 97.5) intervals of the F1-optimal threshold and its
    /// F1 over `rounds` resamples with replacement, from `seed`.
    #[expect(
        clippy::indexing_slicing,
        reason = "below(n) < n and i < n index the n-entry weights, scores and labels"
    )]
    pub fn bootstrap(&self, rounds: usize, seed: u64) -> Result<Bootstrap> {
        if rounds == 0 {
            return Err(Error::range("rounds must be an integer >= 1, got 0"));
        }
        need_both("bootstrap()", &self.curve)?;
        let n = self.scores.len();
        let mut rng = SplitMix64(seed);
        let mut weights = alloc::vec![0.0f64; n];
        let (mut ts, mut fs) = (Vec::with_capacity(rounds), Vec::with_capacity(rounds));
        for _ in 0..rounds {
            weights.iter_mut().for_each(|w| *w = 0.0);
            for _ in 0..n {
                weights[rng.below(n as u64) as usize] += 1.0;
            }
            let curve = Curve::from_sorted(self.order.iter().map(|&i| {
                let i = i as usize;
                (self.scores[i], self.labels[i], weights[i])
            }));
            if curve.negatives() == 0.0 {
                continue;
            }
            if let Some(b) = curve.best(1.0) {
                ts.push(b.threshold);
                fs.push(b.f);
            }
        }
        if ts.is_empty() {
            return Err(Error::value(
                "bootstrap(): no resample had both classes; there are too few pairs of one label",
            ));
        }
        let (ts, fs) = (crate::order::sorted(&ts), crate::order::sorted(&fs));
        Ok(Bootstrap {
            threshold: Interval {
                low: percentile(&ts, 2.5),
                high: percentile(&ts, 97.5),
            },
            f: Interval {
                low: percentile(&fs, 2.5),
                high: percentile(&fs, 97.5),
            },
            rounds: ts.len(),
        })
    }
}

/// numpy.percentile with linear interpolation, of `v` sorted ascending
/// (callers sort once for both ends of an interval).
#[expect(
    clippy::indexing_slicing,
    reason = "callers pass a non-empty v (bootstrap errors first), so lo <= hi <= len - 1 for q in [0, 100]"
)]
pub fn percentile(v: &[f64], q: f64) -> f64 {
    let pos = q / 100.0 * (v.len() - 1) as f64;
    let lo = libm::floor(pos) as usize;
    let hi = (lo + 1).min(v.len() - 1);
    let frac = pos - lo as f64;
    v[lo] + (v[hi] - v[lo]) * frac
}
