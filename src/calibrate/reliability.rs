//! How well a score-to-probability map is calibrated (reliability bins, ECE,
//! MCE, Brier score), the probability of one score, and score histograms.

use super::Calibration;
use crate::check;
use crate::error::{Error, Result};
use alloc::vec::Vec;
use serde::Serialize;

/// Which score-to-probability map to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Platt scaling.
    Platt,
    /// Isotonic regression.
    Isotonic,
}

impl Method {
    /// Reads a method by its JS name, `"platt"` or `"isotonic"`.
    pub fn parse(name: &str, given: &str) -> Result<Method> {
        check::one_of(
            name,
            given,
            &[("platt", Method::Platt), ("isotonic", Method::Isotonic)],
        )
    }
}

/// One reliability bin.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Bin {
    /// Lower edge.
    pub low: f64,
    /// Upper edge.
    pub high: f64,
    /// Pairs whose probability falls in the bin.
    pub count: usize,
    /// Mean predicted probability (0 for an empty bin).
    pub confidence: f64,
    /// Fraction of those pairs that are matches (0 for an empty bin).
    pub accuracy: f64,
}

/// Reliability of a probability map on the calibration data.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reliability {
    /// Equal-width bins on [0, 1].
    pub bins: Vec<Bin>,
    /// Expected calibration error: sum over bins of n_b / N * |accuracy - confidence|.
    pub ece: f64,
    /// Maximum calibration error over non-empty bins.
    pub mce: f64,
    /// Mean squared error of the probabilities (Brier score).
    pub brier: f64,
}

/// Histograms of positive and negative scores over shared edges.
#[derive(Clone, Debug, PartialEq)]
pub struct Histogram {
    /// `bins + 1` edges from the lowest to the highest score.
    pub edges: Vec<f64>,
    /// Counts of label-1 scores per bin.
    pub positive: Vec<u32>,
    /// Counts of label-0 scores per bin.
    pub negative: Vec<u32>,
}

impl Calibration {
    /// The calibrated probability of `score` under `method`.
    pub fn probability(&self, score: f64, method: Method) -> Result<f64> {
        check::score("score", score)?;
        Ok(match method {
            Method::Platt => self.platt()?.predict(score),
            Method::Isotonic => self.isotonic()?.predict(score),
        })
    }

    /// Reliability of `method` on the calibration pairs (in-sample).
    pub fn reliability(&self, method: Method, bins: usize) -> Result<Reliability> {
        match method {
            Method::Platt => {
                let p = self.platt()?;
                self.reliability_with(&|s| p.predict(s), bins)
            }
            Method::Isotonic => {
                let iso = self.isotonic()?;
                self.reliability_with(&|s| iso.predict(s), bins)
            }
        }
    }

    /// Reliability of any score-to-probability map on the calibration pairs
    /// (bins as scikit-learn's `calibration_curve`: `[0, 1/b], (1/b, 2/b], ...`).
    #[expect(
        clippy::indexing_slicing,
        reason = "b is clamped to bins - 1 and the loops keep it in 0..bins; count, conf and acc have bins entries"
    )]
    pub fn reliability_with(
        &self,
        predict: &dyn Fn(f64) -> f64,
        bins: usize,
    ) -> Result<Reliability> {
        if bins < 1 {
            return Err(Error::range("bins must be an integer >= 1, got 0"));
        }
        // numpy.linspace(0, 1, bins + 1): i * step, the last edge exactly 1.
        let step = 1.0 / bins as f64;
        let edge = |i: usize| if i == bins { 1.0 } else { i as f64 * step };
        let mut count = alloc::vec![0usize; bins];
        let mut conf = alloc::vec![0.0f64; bins];
        let mut acc = alloc::vec![0.0f64; bins];
        let mut brier = 0.0;
        for (&s, &y) in self.scores.iter().zip(&self.labels) {
            let p = predict(s);
            // searchsorted(inner edges, p, side="left"): inner edges < p.
            let mut b = libm::floor(p / step) as usize;
            b = b.min(bins - 1);
            while b > 0 && edge(b) >= p {
                b -= 1;
            }
            while b + 1 < bins && edge(b + 1) < p {
                b += 1;
            }
            count[b] += 1;
            conf[b] += p;
            acc[b] += f64::from(y);
            brier += (p - f64::from(y)) * (p - f64::from(y));
        }
        let n = self.scores.len() as f64;
        let (mut ece, mut mce) = (0.0f64, 0.0f64);
        let mut out = Vec::with_capacity(bins);
        for b in 0..bins {
            let (confidence, accuracy) = if count[b] > 0 {
                (conf[b] / count[b] as f64, acc[b] / count[b] as f64)
            } else {
                (0.0, 0.0)
            };
            if count[b] > 0 {
                let gap = (accuracy - confidence).abs();
                ece += count[b] as f64 / n * gap;
                mce = mce.max(gap);
            }
            out.push(Bin {
                low: edge(b),
                high: edge(b + 1),
                count: count[b],
                confidence,
                accuracy,
            });
        }
        Ok(Reliability {
            bins: out,
            ece,
            mce,
            brier: brier / n,
        })
    }

    /// Histograms of positive and negative scores, `bins` equal-width bins
    /// from the lowest to the highest score (numpy.histogram's rules).
    #[expect(
        clippy::indexing_slicing,
        reason = "order is non-empty (new() rejects empty input); i is clamped to 0..bins and edges has bins + 1 entries"
    )]
    pub fn histogram(&self, bins: usize) -> Result<Histogram> {
        if bins < 1 {
            return Err(Error::range("bins must be an integer >= 1, got 0"));
        }
        let lo = self.scores[self.order[self.order.len() - 1] as usize];
        let hi = self.scores[self.order[0] as usize];
        let (first, last) = if lo == hi {
            (lo - 0.5, hi + 0.5)
        } else {
            (lo, hi)
        };
        let step = (last - first) / bins as f64;
        let edges: Vec<f64> = (0..=bins)
            .map(|i| {
                if i == bins {
                    last
                } else {
                    first + i as f64 * step
                }
            })
            .collect();
        let norm = bins as f64 / (last - first);
        let mut positive = alloc::vec![0u32; bins];
        let mut negative = alloc::vec![0u32; bins];
        for (&s, &y) in self.scores.iter().zip(&self.labels) {
            let mut i = (((s - first) * norm) as usize).min(bins - 1);
            if s < edges[i] {
                i = i.saturating_sub(1);
            } else if i + 1 < bins && s >= edges[i + 1] {
                i += 1;
            }
            if y == 1 {
                positive[i] += 1;
            } else {
                negative[i] += 1;
            }
        }
        Ok(Histogram {
            edges,
            positive,
            negative,
        })
    }
}
