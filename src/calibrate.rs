//! Calibration from labeled (score, same?) pairs: the exact precision/recall
//! curve, ROC AUC, F-optimal and target-precision thresholds, the separation
//! gap, Platt scaling, isotonic regression, reliability (ECE, MCE, Brier),
//! score histograms, per-class thresholds and bootstrap intervals.
//!
//! Conventions follow scikit-learn so results can be checked against it:
//! `precision_recall_curve` (every distinct score is a threshold, accept iff
//! `s >= t`, thresholds ascending, a final point precision 1 / recall 0),
//! `roc_auc_score` (ties count one half, as the Mann-Whitney statistic),
//! `_sigmoid_calibration` (Platt with target smoothing, `p = 1 / (1 + exp(a s
//! + b))`), `IsotonicRegression(out_of_bounds="clip")` (ties averaged, pool
//! adjacent violators, linear interpolation between fitted points, clipped
//! outside), `calibration_curve` binning (bins `[0, .1], (.1, .2], ...`), and
//! `numpy.histogram` / `numpy.percentile` (linear).
//!
//! The data is sorted once at construction (O(n log n)); every method is
//! O(n) or less over that order and copies nothing per call.

use crate::error::{Error, Result};
use crate::gap::{self, Gap};
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::OnceCell;
use serde::Serialize;

/// Cumulative counts at each distinct score, highest score first.
#[derive(Clone, Debug, Default)]
struct Curve {
    /// Distinct scores, descending.
    thresholds: Vec<f64>,
    /// True positives accepted at each threshold (`score >= threshold`).
    tp: Vec<f64>,
    /// False positives accepted at each threshold.
    fp: Vec<f64>,
}

impl Curve {
    /// Builds the curve from pairs visited in descending score order, each
    /// with a weight (1 normally; a count when bootstrapping).
    fn from_sorted(items: impl Iterator<Item = (f64, u8, f64)>) -> Curve {
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

    fn positives(&self) -> f64 {
        self.tp.last().copied().unwrap_or(0.0)
    }

    fn negatives(&self) -> f64 {
        self.fp.last().copied().unwrap_or(0.0)
    }

    /// The F-beta-optimal point; ties go to the higher threshold.
    #[expect(
        clippy::indexing_slicing,
        reason = "i < thresholds.len(), and tp and fp are pushed with every threshold, so all three have that length"
    )]
    fn best(&self, beta: f64) -> Option<Best> {
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

/// Fitted isotonic regression: the kept step points, interpolated linearly.
#[derive(Clone, Debug, PartialEq)]
pub struct Isotonic {
    /// Scores of the kept points, ascending.
    pub x: Vec<f64>,
    /// Fitted probabilities at those scores, non-decreasing in [0, 1].
    pub y: Vec<f64>,
}

impl Isotonic {
    /// The fitted probability at `score`, clipped to the fitted range.
    #[expect(
        clippy::indexing_slicing,
        reason = "x and y have equal length >= 2 past the guard, and hi is clamped to 1..len-1, so lo = hi - 1 >= 0"
    )]
    pub fn predict(&self, score: f64) -> f64 {
        let (x, y) = (&self.x, &self.y);
        // Fitting keeps at least one point; a hand-built empty or ragged
        // curve has no answer rather than a panic.
        if x.len() < 2 || x.len() != y.len() {
            return if x.len() == y.len() {
                y.first().copied().unwrap_or(f64::NAN)
            } else {
                f64::NAN
            };
        }
        let t = score.clamp(x[0], x[x.len() - 1]);
        // scipy's interp1d: the first index with x >= t, kept in 1..len-1.
        let hi = x.partition_point(|&v| v < t).clamp(1, x.len() - 1);
        let lo = hi - 1;
        let slope = (y[hi] - y[lo]) / (x[hi] - x[lo]);
        slope * (t - x[lo]) + y[lo]
    }
}

/// Platt scaling parameters: `p = 1 / (1 + exp(a * s + b))`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Platt {
    /// Slope (negative when higher scores mean "same").
    pub a: f64,
    /// Intercept.
    pub b: f64,
}

impl Platt {
    /// The calibrated probability at `score`, computed without overflow.
    pub fn predict(&self, score: f64) -> f64 {
        let z = self.a * score + self.b;
        if z >= 0.0 {
            let e = libm::exp(-z);
            e / (1.0 + e)
        } else {
            1.0 / (1.0 + libm::exp(z))
        }
    }
}

/// Which score-to-probability map to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Platt scaling.
    Platt,
    /// Isotonic regression.
    Isotonic,
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

/// Per-class result.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ClassThreshold {
    /// F1-optimal threshold within the class.
    pub threshold: f64,
    /// Its F1.
    pub f: f64,
    /// Pairs in the class.
    pub n: usize,
    /// Label-1 pairs in the class.
    pub positives: usize,
}

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

/// Calibration data and everything computed from it.
#[derive(Clone, Debug)]
pub struct Calibration {
    scores: Vec<f64>,
    labels: Vec<u8>,
    /// Class index per pair and the class names, when classes were given.
    classes: Option<(Vec<u32>, Vec<String>)>,
    /// Pair indices by descending score (ties in input order).
    order: Vec<u32>,
    curve: Curve,
    platt: OnceCell<Platt>,
    isotonic: OnceCell<Isotonic>,
}

fn need_both(method: &str, c: &Curve) -> Result<()> {
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
    /// Checks and indexes the data: `scores` finite, `labels` 0 or 1, equal
    /// lengths, at least one pair; `classes`, when given, one per pair.
    #[expect(
        clippy::indexing_slicing,
        reason = "i comes from position() over labels, and order is a permutation of 0..n over the equal-length scores and labels"
    )]
    pub fn new(
        scores: Vec<f64>,
        labels: Vec<u8>,
        classes: Option<Vec<String>>,
    ) -> Result<Calibration> {
        if scores.len() != labels.len() {
            return Err(Error::range(format!(
                "scores and labels must have the same length, got {} and {}",
                scores.len(),
                labels.len()
            )));
        }
        if scores.is_empty() {
            return Err(Error::range(
                "scores is empty: calibration needs at least one labeled pair",
            ));
        }
        crate::classify::scores("scores", &scores)?;
        if let Some(i) = labels.iter().position(|&l| l > 1) {
            return Err(Error::range(format!(
                "labels[{i}] must be 0 or 1, got {}",
                labels[i]
            )));
        }
        if scores.len() > u32::MAX as usize {
            return Err(Error::range("too many pairs (at most 4294967295)"));
        }
        let classes = match classes {
            None => None,
            Some(c) if c.len() != scores.len() => {
                return Err(Error::range(format!(
                    "classes must have one entry per pair: got {} for {} pairs",
                    c.len(),
                    scores.len()
                )))
            }
            Some(c) => {
                let mut names: Vec<String> = Vec::new();
                let mut index: BTreeMap<String, u32> = BTreeMap::new();
                let ids = c
                    .into_iter()
                    .map(|name| {
                        *index.entry(name.clone()).or_insert_with(|| {
                            names.push(name);
                            (names.len() - 1) as u32
                        })
                    })
                    .collect();
                Some((ids, names))
            }
        };
        let order = crate::order::order_by(&scores, true);
        let curve = Curve::from_sorted(
            order
                .iter()
                .map(|&i| (scores[i as usize], labels[i as usize], 1.0)),
        );
        Ok(Calibration {
            scores,
            labels,
            classes,
            order,
            curve,
            platt: OnceCell::new(),
            isotonic: OnceCell::new(),
        })
    }

    /// Number of pairs.
    pub fn len(&self) -> usize {
        self.scores.len()
    }

    /// Always false: a calibration holds at least one pair.
    pub fn is_empty(&self) -> bool {
        self.scores.is_empty()
    }

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

    /// Largest negative score, smallest positive score, and their midpoint
    /// when they separate.
    pub fn gap(&self) -> Result<Gap> {
        gap::gap(&self.scores, &self.labels)
    }

    /// Platt scaling fitted as scikit-learn's `_sigmoid_calibration` does
    /// (same smoothed targets, same objective), solved with Newton's method
    /// and a backtracking line search (Lin, Lin and Weng 2007) to the exact
    /// optimum. Scores of magnitude >= 30 are scaled first, as sklearn does.
    pub fn platt(&self) -> Result<Platt> {
        need_both("platt()", &self.curve)?;
        if let Some(p) = self.platt.get() {
            return Ok(*p);
        }
        let fitted = fit_platt(&self.scores, &self.labels);
        Ok(*self.platt.get_or_init(|| fitted))
    }

    /// Isotonic regression of label on score, as scikit-learn's
    /// `IsotonicRegression(out_of_bounds="clip")`.
    pub fn isotonic(&self) -> Result<&Isotonic> {
        need_both("isotonic()", &self.curve)?;
        Ok(self
            .isotonic
            .get_or_init(|| fit_isotonic(&self.scores, &self.labels, &self.order)))
    }

    /// The calibrated probability of `score` under `method`.
    pub fn probability(&self, score: f64, method: Method) -> Result<f64> {
        crate::classify::score("score", score)?;
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

    /// The F1-optimal threshold within each class.
    #[expect(
        clippy::indexing_slicing,
        reason = "order holds pair indices < n, and ids has one entry per pair"
    )]
    pub fn per_class(&self) -> Result<BTreeMap<String, ClassThreshold>> {
        let (ids, names) = self.classes.as_ref().ok_or_else(|| {
            Error::value("perClass() needs classes: pass { classes } to calibrate()")
        })?;
        let mut out = BTreeMap::new();
        for (k, name) in names.iter().enumerate() {
            let in_class = |i: &u32| ids[*i as usize] == k as u32;
            let curve = Curve::from_sorted(
                self.order
                    .iter()
                    .filter(|i| in_class(i))
                    .map(|&i| (self.scores[i as usize], self.labels[i as usize], 1.0)),
            );
            let n = self.order.iter().filter(|i| in_class(i)).count();
            let positives = curve.positives() as usize;
            need_both(&format!("perClass() for class \"{name}\""), &curve)?;
            let b = curve
                .best(1.0)
                .ok_or_else(|| Error::value("perClass() found no threshold"))?;
            out.insert(
                name.clone(),
                ClassThreshold {
                    threshold: b.threshold,
                    f: b.f,
                    n,
                    positives,
                },
            );
        }
        Ok(out)
    }

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

/// What `to_config` optimizes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Target {
    /// The F1-optimal threshold.
    F1,
    /// The lowest threshold reaching this precision.
    Precision(f64),
}

impl Calibration {
    /// A threshold configuration from the data: the default threshold for
    /// `target`, and per-class thresholds as type thresholds when classes
    /// were given (a class whose data cannot reach the target is left out,
    /// so it falls back to the default).
    #[expect(
        clippy::indexing_slicing,
        reason = "i < thresholds.len() of the curve; order holds pair indices < n, and ids has one entry per pair"
    )]
    pub fn to_config(&self, target: Target) -> Result<crate::thresholds::ThresholdConfig> {
        let pick = |curve: &Curve| -> Result<Option<f64>> {
            Ok(match target {
                Target::F1 => curve.best(1.0).map(|b| b.threshold),
                Target::Precision(t) => {
                    let p = curve.positives();
                    (0..curve.thresholds.len())
                        .filter(|&i| curve.tp[i] / (curve.tp[i] + curve.fp[i]) >= t && p > 0.0)
                        .map(|i| curve.thresholds[i])
                        .next_back()
                }
            })
        };
        if let Target::Precision(t) = target {
            self.at_precision(t)?;
        }
        need_both("toConfig()", &self.curve)?;
        let default = pick(&self.curve)?.ok_or_else(|| {
            Error::value(format!(
                "toConfig(): no threshold reaches precision {}; the highest precision on this data is {}",
                match target {
                    Target::Precision(t) => t,
                    Target::F1 => 0.0,
                },
                self.max_precision()
            ))
        })?;
        let mut config = crate::thresholds::ThresholdConfig {
            default: default.clamp(-1.0, 1.0),
            ..Default::default()
        };
        if let Some((ids, names)) = &self.classes {
            for (k, name) in names.iter().enumerate() {
                let curve = Curve::from_sorted(
                    self.order
                        .iter()
                        .filter(|&&i| ids[i as usize] == k as u32)
                        .map(|&i| (self.scores[i as usize], self.labels[i as usize], 1.0)),
                );
                if curve.positives() == 0.0 || curve.negatives() == 0.0 {
                    continue;
                }
                if let Some(t) = pick(&curve)? {
                    config.types.insert(name.clone(), t.clamp(-1.0, 1.0));
                }
            }
        }
        Ok(config)
    }

    #[expect(
        clippy::indexing_slicing,
        reason = "i < thresholds.len(), the common length of the curve's parallel arrays"
    )]
    fn max_precision(&self) -> f64 {
        let c = &self.curve;
        (0..c.thresholds.len())
            .map(|i| c.tp[i] / (c.tp[i] + c.fp[i]))
            .fold(0.0, f64::max)
    }
}

/// One prefix length's calibration from embedding pairs.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct PrefixThreshold {
    /// Prefix length.
    pub dims: usize,
    /// F1-optimal threshold at this prefix.
    pub threshold: f64,
    /// Its F1.
    pub f: f64,
    /// ROC AUC at this prefix.
    pub auc: f64,
    /// `threshold - threshold at full dims`: the measured dimension
    /// adjustment for this prefix.
    pub shift: f64,
}

/// Calibrates raw embedding pairs (`a[i]`, `b[i]`, row-major `dims` floats
/// each) at each prefix in `prefixes` and at full dims: the measured
/// per-prefix thresholds that the dimension adjustment reads instead of the
/// seed's formula.
#[expect(
    clippy::indexing_slicing,
    reason = "a and b are checked to hold n * dims floats for i < n; out gets one entry per prefix and always one for the full dims"
)]
pub fn calibrate_pairs(
    a: &[f32],
    b: &[f32],
    dims: usize,
    labels: &[u8],
    prefixes: &[usize],
) -> Result<Vec<PrefixThreshold>> {
    if dims == 0 {
        return Err(Error::range("dims must be a positive integer, got 0"));
    }
    if a.len() != b.len() || a.len() % dims != 0 {
        return Err(Error::range(format!(
            "a and b must both hold n * dims floats: got {} and {} with dims {dims}",
            a.len(),
            b.len()
        )));
    }
    let n = a.len() / dims;
    if labels.len() != n {
        return Err(Error::range(format!(
            "labels must have one entry per pair: got {} for {n} pairs",
            labels.len()
        )));
    }
    let mut all: Vec<f64> = prefixes.iter().map(|&p| p as f64).collect();
    all.push(dims as f64);
    let mut all: Vec<usize> = crate::order::sorted(&all)
        .into_iter()
        .map(|p| p as usize)
        .collect();
    all.dedup();
    if let Some(&p) = all.iter().find(|&&p| p == 0 || p > dims) {
        return Err(Error::range(format!(
            "prefixes must be integers from 1 to {dims}, got {p}"
        )));
    }
    let mut out = Vec::with_capacity(all.len());
    for &p in all.iter().rev() {
        let mut scores = Vec::with_capacity(n);
        for i in 0..n {
            let (x, y) = (&a[i * dims..(i + 1) * dims], &b[i * dims..(i + 1) * dims]);
            scores.push(crate::cosine(x, y, Some(p as f64)).map_err(|e| {
                Error::new(e.kind(), format!("pair {i} at {p} dims: {}", e.message()))
            })?);
        }
        let cal = Calibration::new(scores, labels.to_vec(), None)?;
        let best = cal.best(1.0)?;
        out.push(PrefixThreshold {
            dims: p,
            threshold: best.threshold,
            f: best.f,
            auc: cal.auc()?,
            shift: 0.0,
        });
    }
    let full = out[0].threshold;
    for r in &mut out {
        r.shift = r.threshold - full;
    }
    out.reverse();
    Ok(out)
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

/// A small, seedable generator (SplitMix64): bootstrap resamples must be
/// reproducible from a seed on every platform.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (Lemire's multiply-shift; the bias is below 2^-32
    /// for any n this library sees).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(n)) >> 64) as u64
    }
}

fn fit_platt(scores: &[f64], labels: &[u8]) -> Platt {
    let max_abs = scores.iter().fold(0.0f64, |m, s| m.max(s.abs()));
    let scale = if max_abs >= 30.0 { max_abs } else { 1.0 };
    let f: Vec<f64> = scores.iter().map(|s| s / scale).collect();
    let prior1 = labels.iter().filter(|&&l| l == 1).count() as f64;
    let prior0 = labels.len() as f64 - prior1;
    let hi = (prior1 + 1.0) / (prior1 + 2.0);
    let lo = 1.0 / (prior0 + 2.0);
    let t: Vec<f64> = labels
        .iter()
        .map(|&l| if l == 1 { hi } else { lo })
        .collect();
    // Negative log-likelihood with smoothed targets, stable for any z.
    let objective = |a: f64, b: f64| -> f64 {
        f.iter()
            .zip(&t)
            .map(|(&fi, &ti)| {
                let z = fi * a + b;
                if z >= 0.0 {
                    ti * z + libm::log1p(libm::exp(-z))
                } else {
                    (ti - 1.0) * z + libm::log1p(libm::exp(z))
                }
            })
            .sum()
    };
    let (mut a, mut b) = (0.0, libm::log((prior0 + 1.0) / (prior1 + 1.0)));
    let mut fval = objective(a, b);
    let sigma = 1e-12;
    let n = f.len() as f64;
    for _ in 0..100 {
        let (mut h11, mut h22, mut h21, mut g1, mut g2) = (sigma, sigma, 0.0, 0.0, 0.0);
        for (&fi, &ti) in f.iter().zip(&t) {
            let z = fi * a + b;
            let (p, q) = if z >= 0.0 {
                let e = libm::exp(-z);
                (e / (1.0 + e), 1.0 / (1.0 + e))
            } else {
                let e = libm::exp(z);
                (1.0 / (1.0 + e), e / (1.0 + e))
            };
            let d2 = p * q;
            h11 += fi * fi * d2;
            h22 += d2;
            h21 += fi * d2;
            let d1 = ti - p;
            g1 += fi * d1;
            g2 += d1;
        }
        // The gradient is a sum over all pairs, so its rounding noise grows
        // with n: an absolute tolerance would never be met on large data.
        if g1.abs().max(g2.abs()) < 1e-12 * n {
            break;
        }
        let det = h11 * h22 - h21 * h21;
        let da = -(h22 * g1 - h21 * g2) / det;
        let db = -(-h21 * g1 + h11 * g2) / det;
        let gd = g1 * da + g2 * db;
        let mut step = 1.0;
        let mut moved = false;
        while step >= 1e-12 {
            let (na, nb) = (a + step * da, b + step * db);
            let nf = objective(na, nb);
            if nf <= fval + 1e-4 * step * gd {
                // Converged when the step no longer changes the parameters.
                moved = (na - a).abs() > 1e-15 * (1.0 + a.abs())
                    || (nb - b).abs() > 1e-15 * (1.0 + b.abs());
                a = na;
                b = nb;
                fval = nf;
                break;
            }
            step /= 2.0;
        }
        if !moved {
            break;
        }
    }
    Platt { a: a / scale, b }
}

#[expect(
    clippy::indexing_slicing,
    reason = "order is a permutation of the pairs; k < xs.len() = ys.len() = ws.len(); the merge runs only with >= 2 blocks; neighbours are read only for 0 < i < n - 1"
)]
fn fit_isotonic(scores: &[f64], labels: &[u8], order: &[u32]) -> Isotonic {
    // Unique scores ascending with the mean label and the count of each.
    let mut xs: Vec<f64> = Vec::new();
    let mut ys: Vec<f64> = Vec::new();
    let mut ws: Vec<f64> = Vec::new();
    for &i in order.iter().rev() {
        let (s, y) = (scores[i as usize], f64::from(labels[i as usize]));
        if xs.last() == Some(&s) {
            let k = ys.len() - 1;
            ys[k] += y;
            ws[k] += 1.0;
        } else {
            xs.push(s);
            ys.push(y);
            ws.push(1.0);
        }
    }
    for (y, w) in ys.iter_mut().zip(&ws) {
        *y /= w;
    }
    // Pool adjacent violators over blocks (value, weight, length).
    let mut blocks: Vec<(f64, f64, usize)> = Vec::with_capacity(ys.len());
    for (&y, &w) in ys.iter().zip(&ws) {
        blocks.push((y, w, 1));
        while blocks.len() > 1 {
            let (v2, w2, l2) = blocks[blocks.len() - 1];
            let (v1, w1, l1) = blocks[blocks.len() - 2];
            if v1 <= v2 {
                break;
            }
            blocks.pop();
            let k = blocks.len() - 1;
            blocks[k] = ((v1 * w1 + v2 * w2) / (w1 + w2), w1 + w2, l1 + l2);
        }
    }
    let fitted: Vec<f64> = blocks
        .iter()
        .flat_map(|&(v, _, l)| core::iter::repeat_n(v, l))
        .collect();
    // Keep the first and last points and any point whose value differs from
    // a neighbour's (sklearn's trim_duplicates).
    let n = xs.len();
    let mut x = Vec::new();
    let mut y = Vec::new();
    for i in 0..n {
        let keep = i == 0 || i == n - 1 || fitted[i] != fitted[i - 1] || fitted[i] != fitted[i + 1];
        if keep {
            x.push(xs[i]);
            y.push(fitted[i]);
        }
    }
    Isotonic { x, y }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec;

    #[test]
    fn confusion_at_a_threshold_is_hand_computed() {
        // scores: 0.9(1) 0.8(0) 0.8(1) 0.7(1) 0.2(0)
        let c = Calibration::new(vec![0.9, 0.8, 0.8, 0.7, 0.2], vec![1, 0, 1, 1, 0], None).unwrap();
        let at = |t: f64| {
            let m = c.at(t).unwrap();
            (m.tp, m.fp, m.fn_, m.tn, m.precision, m.recall, m.f1)
        };
        assert_eq!(at(0.95), (0.0, 0.0, 3.0, 2.0, None, Some(0.0), 0.0));
        assert_eq!(
            at(0.9),
            (1.0, 0.0, 2.0, 2.0, Some(1.0), Some(1.0 / 3.0), 0.5)
        );
        // 0.8 accepts both 0.8s (score >= threshold); 0.85 accepts neither.
        assert_eq!(at(0.85), at(0.9));
        assert_eq!(
            at(0.8),
            (
                2.0,
                1.0,
                1.0,
                1.0,
                Some(2.0 / 3.0),
                Some(2.0 / 3.0),
                2.0 / 3.0
            )
        );
        assert_eq!(
            at(0.7),
            (3.0, 1.0, 0.0, 1.0, Some(0.75), Some(1.0), 6.0 / 7.0)
        );
        assert_eq!(at(-5.0), (3.0, 2.0, 0.0, 0.0, Some(0.6), Some(1.0), 0.75));
        let best = c.best(1.0).unwrap();
        assert_eq!(c.at(best.threshold).unwrap().f1, best.f);
        let no_positive = Calibration::new(vec![0.3], vec![0], None).unwrap();
        assert_eq!(no_positive.at(0.1).unwrap().recall, None);
        for bad in [f64::NAN, f64::INFINITY] {
            assert!(c
                .at(bad)
                .unwrap_err()
                .message()
                .contains("threshold must be a finite number"));
        }
    }

    #[test]
    fn hand_computed_curve_auc_and_thresholds() {
        // scores: 0.9(1) 0.8(0) 0.8(1) 0.7(1) 0.2(0)
        let c = Calibration::new(vec![0.9, 0.8, 0.8, 0.7, 0.2], vec![1, 0, 1, 1, 0], None).unwrap();
        let pr = c.pr_curve();
        assert_eq!(pr.thresholds, [0.2, 0.7, 0.8, 0.9]);
        assert_eq!(pr.precision, [0.6, 0.75, 2.0 / 3.0, 1.0, 1.0]);
        assert_eq!(pr.recall, [1.0, 1.0, 2.0 / 3.0, 1.0 / 3.0, 0.0]);
        // Pairs (pos, neg): 0.9>0.8, 0.9>0.2, 0.8=0.8 (half), 0.8>0.2, 0.7<0.8, 0.7>0.2 -> 4.5 / 6.
        assert_eq!(c.auc().unwrap(), 0.75);
        // F1: t=0.9 0.5, t=0.8 0.6667, t=0.7 0.857, t=0.2 0.75.
        let b = c.best(1.0).unwrap();
        assert_eq!((b.threshold, b.precision, b.recall), (0.7, 0.75, 1.0));
        assert_eq!(c.at_precision(0.7).unwrap().unwrap().threshold, 0.7);
        assert_eq!(c.at_precision(1.0).unwrap().unwrap().threshold, 0.9);
        assert!(Calibration::new(vec![0.9, 0.9], vec![1, 0], None)
            .unwrap()
            .at_precision(0.9)
            .unwrap()
            .is_none());
    }

    #[test]
    fn f_ties_go_to_the_higher_threshold() {
        // t=0.9: TP 1, FP 0, FN 1 -> F1 2/3; t=0.6: 2/5; t=0.5: TP 2, FP 2 -> 4/6.
        let c = Calibration::new(vec![0.9, 0.6, 0.6, 0.5, 0.1], vec![1, 0, 0, 1, 0], None).unwrap();
        assert_eq!(c.best(1.0).unwrap().threshold, 0.9);
    }

    #[test]
    fn isotonic_pools_and_interpolates() {
        let c = Calibration::new(vec![0.1, 0.2, 0.3, 0.4], vec![0, 1, 0, 1], None).unwrap();
        let iso = c.isotonic().unwrap();
        assert_eq!(iso.x, [0.1, 0.2, 0.3, 0.4]);
        assert_eq!(iso.y, [0.0, 0.5, 0.5, 1.0]);
        assert_eq!(iso.predict(0.0), 0.0);
        assert!((iso.predict(0.35) - 0.75).abs() < 1e-15);
        assert_eq!(iso.predict(9.0), 1.0);
    }

    #[test]
    fn bad_input_names_the_problem() {
        let e = |r: Result<Calibration>| r.unwrap_err().to_string();
        assert_eq!(
            e(Calibration::new(vec![0.1], vec![1, 0], None)),
            "scores and labels must have the same length, got 1 and 2"
        );
        assert_eq!(
            e(Calibration::new(vec![], vec![], None)),
            "scores is empty: calibration needs at least one labeled pair"
        );
        assert_eq!(
            e(Calibration::new(vec![0.1, f64::NAN], vec![1, 0], None)),
            "scores[1] must be a finite number, got NaN"
        );
        assert_eq!(
            e(Calibration::new(vec![0.1, 0.2], vec![1, 2], None)),
            "labels[1] must be 0 or 1, got 2"
        );
        let one = Calibration::new(vec![0.1, 0.2], vec![1, 1], None).unwrap();
        assert_eq!(
            one.platt().unwrap_err().to_string(),
            "platt() needs both classes, but there is no negative (label 0) pair"
        );
        assert_eq!(
            one.at_precision(1.5).unwrap_err().to_string(),
            "target precision must be a number in (0, 1], got 1.5"
        );
    }
}
