//! The exact precision/recall curve and what is read off it: ROC AUC, the
//! F-beta-optimal threshold, the confusion matrix at any threshold, and the
//! lowest threshold reaching a target precision.

use super::Calibration;
use crate::check;
use crate::error::{Error, Result};
use crate::thresholds::{boundary, Margins};
use alloc::format;
use alloc::vec::Vec;
use serde::Serialize;

/// Cumulative counts at each distinct score, highest score first.
#[derive(Clone, Debug, Default)]
pub(super) struct Curve {
    /// Distinct scores, descending.
    pub(super) thresholds: Vec<f64>,
    /// True positives accepted at each threshold (`score >= threshold`).
    pub(super) tp: Vec<f64>,
    /// False positives accepted at each threshold.
    pub(super) fp: Vec<f64>,
}

impl Curve {
    /// Builds the curve from pairs visited in descending score order, each
    /// with a weight (1 normally; a count when bootstrapping).
    pub(super) fn from_sorted(items: impl Iterator<Item = (f64, u8, f64)>) -> Curve {
        let mut c = Curve::default();
        let (mut tp, mut fp) = (0.0, 0.0);
        let mut last: Option<f64> = None;
        for (s, y, w) in items {
            if w == 0.0 {
                continue;
            }
            if last.is_some_and(|l| l != s) {
                c.push(last.unwrap_or(s), tp, fp);
            }
            if y == 1 {
                tp += w;
            } else {
                fp += w;
            }
            last = Some(s);
        }
        if let Some(l) = last {
            c.push(l, tp, fp);
        }
        c
    }

    fn push(&mut self, t: f64, tp: f64, fp: f64) {
        self.thresholds.push(t);
        self.tp.push(tp);
        self.fp.push(fp);
    }

    pub(super) fn positives(&self) -> f64 {
        self.tp.last().copied().unwrap_or(0.0)
    }

    pub(super) fn negatives(&self) -> f64 {
        self.fp.last().copied().unwrap_or(0.0)
    }

    /// The F-beta-optimal point; ties go to the higher threshold.
    #[expect(
        clippy::indexing_slicing,
        reason = "i < thresholds.len(), and tp and fp are pushed with every threshold, so all three have that length"
    )]
    pub(super) fn best(&self, beta: f64) -> Option<Best> {
        let p = self.positives();
        if p == 0.0 {
            return None;
        }
        let b2 = beta * beta;
        let mut best: Option<Best> = None;
        for i in 0..self.thresholds.len() {
            let (tp, fp) = (self.tp[i], self.fp[i]);
            let f = (1.0 + b2) * tp / ((1.0 + b2) * tp + b2 * (p - tp) + fp);
            // Thresholds descend, so a strictly greater F is needed to move
            // to a lower threshold.
            if best.is_none_or(|b| f > b.f) {
                best = Some(Best {
                    threshold: self.thresholds[i],
                    precision: tp / (tp + fp),
                    recall: tp / p,
                    f,
                });
            }
        }
        best
    }
}

/// A chosen threshold with its precision, recall and F.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Best {
    /// Accept iff `score >= threshold`.
    pub threshold: f64,
    /// Precision at the threshold.
    pub precision: f64,
    /// Recall at the threshold.
    pub recall: f64,
    /// F-beta at the threshold.
    pub f: f64,
}

/// A threshold reaching a target precision.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct AtPrecision {
    /// The lowest threshold whose precision meets the target.
    pub threshold: f64,
    /// Its precision.
    pub precision: f64,
    /// Its recall (the highest among thresholds meeting the target).
    pub recall: f64,
}

/// What one threshold does to the labeled pairs: the confusion matrix and
/// the metrics read from it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Confusion {
    /// Accept iff `score >= threshold`.
    pub threshold: f64,
    /// Same pairs accepted.
    pub tp: f64,
    /// Different pairs accepted.
    pub fp: f64,
    /// Same pairs rejected.
    #[serde(rename = "fn")]
    pub fn_: f64,
    /// Different pairs rejected.
    pub tn: f64,
    /// `tp / (tp + fp)`; `None` when nothing is accepted (undefined, where
    /// scikit-learn would warn and report 0).
    pub precision: Option<f64>,
    /// `tp / (tp + fn)`; `None` when there is no same pair.
    pub recall: Option<f64>,
    /// Harmonic mean of the two; 0 when no same pair is accepted.
    pub f1: f64,
}

/// How many pairs fall in each confidence band around a threshold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct BandCounts {
    /// `score >= t + high`.
    pub high: usize,
    /// `t <= score < t + high`.
    pub medium: usize,
    /// `t - low <= score < t`.
    pub low: usize,
    /// Below `t - low`.
    pub none: usize,
}

/// The precision/recall curve in scikit-learn's layout.
#[derive(Clone, Debug, PartialEq)]
pub struct PrCurve {
    /// Distinct scores, ascending.
    pub thresholds: Vec<f64>,
    /// Precision at each threshold, then 1.
    pub precision: Vec<f64>,
    /// Recall at each threshold, then 0.
    pub recall: Vec<f64>,
}

pub(super) fn need_both(method: &str, c: &Curve) -> Result<()> {
    if c.positives() == 0.0 || c.negatives() == 0.0 {
        let missing = if c.positives() == 0.0 {
            "positive (label 1)"
        } else {
            "negative (label 0)"
        };
        return Err(Error::value(format!(
            "{method} needs both classes, but there is no {missing} pair"
        )));
    }
    Ok(())
}

impl Calibration {
    /// ROC AUC: the probability that a random positive outscores a random
    /// negative, ties counting one half.
    #[expect(
        clippy::indexing_slicing,
        reason = "i < thresholds.len(), the common length of the curve's parallel arrays"
    )]
    pub fn auc(&self) -> Result<f64> {
        need_both("auc()", &self.curve)?;
        let c = &self.curve;
        let (mut area, mut tp0, mut fp0) = (0.0, 0.0, 0.0);
        for i in 0..c.thresholds.len() {
            area += (c.fp[i] - fp0) * (c.tp[i] + tp0) / 2.0;
            tp0 = c.tp[i];
            fp0 = c.fp[i];
        }
        Ok(area / (c.positives() * c.negatives()))
    }

    /// The exact precision/recall curve (scikit-learn's layout).
    #[expect(
        clippy::indexing_slicing,
        reason = "i < thresholds.len(), the common length of the curve's parallel arrays"
    )]
    pub fn pr_curve(&self) -> PrCurve {
        let c = &self.curve;
        let p = c.positives();
        let n = c.thresholds.len();
        let mut out = PrCurve {
            thresholds: Vec::with_capacity(n),
            precision: Vec::with_capacity(n + 1),
            recall: Vec::with_capacity(n + 1),
        };
        for i in (0..n).rev() {
            out.thresholds.push(c.thresholds[i]);
            out.precision.push(c.tp[i] / (c.tp[i] + c.fp[i]));
            out.recall.push(if p == 0.0 { 1.0 } else { c.tp[i] / p });
        }
        out.precision.push(1.0);
        out.recall.push(0.0);
        out
    }

    /// The F-beta-optimal threshold (F1 by default); ties to the higher.
    pub fn best(&self, beta: f64) -> Result<Best> {
        if !(beta.is_finite() && beta > 0.0) {
            return Err(Error::range(format!(
                "beta must be a finite number > 0, got {beta}"
            )));
        }
        need_both("best()", &self.curve)?;
        self.curve
            .best(beta)
            .ok_or_else(|| Error::value("best() found no threshold"))
    }

    /// The confusion matrix at `threshold` (accept iff `score >= threshold`),
    /// by binary search over the sorted scores: O(log n), so an interactive
    /// slider can ask on every move.
    #[expect(
        clippy::indexing_slicing,
        reason = "i = accepted - 1 < thresholds.len(), the common length of the curve's parallel arrays"
    )]
    pub fn at(&self, threshold: f64) -> Result<Confusion> {
        if !threshold.is_finite() {
            return Err(Error::range(format!(
                "threshold must be a finite number, got {threshold}"
            )));
        }
        let c = &self.curve;
        // Distinct scores descend: those >= threshold come first.
        let accepted = c.thresholds.partition_point(|&s| s >= threshold);
        let (tp, fp) = match accepted.checked_sub(1) {
            Some(i) => (c.tp[i], c.fp[i]),
            None => (0.0, 0.0),
        };
        let (p, n) = (c.positives(), c.negatives());
        Ok(Confusion {
            threshold,
            tp,
            fp,
            fn_: p - tp,
            tn: n - fp,
            precision: (tp + fp > 0.0).then(|| tp / (tp + fp)),
            recall: (p > 0.0).then(|| tp / p),
            f1: if tp > 0.0 {
                2.0 * tp / (2.0 * tp + fp + (p - tp))
            } else {
                0.0
            },
        })
    }

    /// How many pairs fall in each band around `threshold` (the boundaries
    /// snapped as [`crate::band`] snaps them), in O(log n).
    pub fn bands(&self, threshold: f64, margins: Margins) -> Result<BandCounts> {
        let t = check::unit("threshold", threshold)?;
        let accepted = |x: f64| -> Result<usize> {
            let c = self.at(x)?;
            Ok((c.tp + c.fp) as usize)
        };
        let high = accepted(boundary(t + margins.high))?;
        let medium = accepted(t)?;
        let low = accepted(boundary(t - margins.low))?;
        Ok(BandCounts {
            high,
            medium: medium - high,
            low: low - medium,
            none: self.len() - low,
        })
    }

    /// The lowest threshold whose precision is at least `target`, or `None`
    /// when no threshold reaches it.
    #[expect(
        clippy::indexing_slicing,
        reason = "i < thresholds.len(), the common length of the curve's parallel arrays"
    )]
    pub fn at_precision(&self, target: f64) -> Result<Option<AtPrecision>> {
        if !(target.is_finite() && target > 0.0 && target <= 1.0) {
            return Err(Error::range(format!(
                "target precision must be a number in (0, 1], got {target}"
            )));
        }
        need_both("atPrecision()", &self.curve)?;
        let c = &self.curve;
        let p = c.positives();
        let mut found = None;
        for i in 0..c.thresholds.len() {
            let precision = c.tp[i] / (c.tp[i] + c.fp[i]);
            if precision >= target {
                found = Some(AtPrecision {
                    threshold: c.thresholds[i],
                    precision,
                    recall: c.tp[i] / p,
                });
            }
        }
        Ok(found)
    }
}
