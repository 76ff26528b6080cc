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

mod bootstrap;
mod classes;
mod curve;
mod gap;
mod isotonic;
mod noise;
mod pairs;
mod platt;
mod reliability;
mod to_config;

pub use bootstrap::{percentile, Bootstrap, Interval};
pub use classes::ClassThreshold;
pub use curve::{AtPrecision, BandCounts, Best, Confusion, PrCurve};
pub use gap::Gap;
pub use isotonic::Isotonic;
pub use noise::{noise_floor, NoiseFloor};
pub use pairs::{calibrate_pairs, shift_table, PrefixThreshold};
pub use platt::Platt;
pub use reliability::{Bin, Histogram, Method, Reliability};
pub use to_config::{ConfigOptions, PrefixScores, Target, MIN_CLASS_POSITIVES};

use crate::check;
use crate::error::{Error, Result};
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::OnceCell;
use curve::{need_both, Curve};

/// Calibration data and everything computed from it.
///
/// ```
/// use simgate::Calibration;
///
/// // scores 0.9(same) 0.8(different) 0.8(same) 0.7(same) 0.2(different)
/// let cal = Calibration::new(vec![0.9, 0.8, 0.8, 0.7, 0.2], vec![1, 0, 1, 1, 0], None)?;
/// assert_eq!(cal.auc()?, 0.75);
/// assert_eq!(cal.best(1.0)?.threshold, 0.7);
/// let at = cal.at(0.8)?; // accepts both 0.8s
/// assert_eq!((at.tp, at.fp), (2.0, 1.0));
/// # Ok::<(), simgate::Error>(())
/// ```
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
        check::scores("scores", &scores)?;
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
                let mut index: BTreeMap<String, usize> = BTreeMap::new();
                let ids = c
                    .into_iter()
                    .map(|name| {
                        let id = *index.entry(name.clone()).or_insert_with(|| {
                            names.push(name);
                            names.len() - 1
                        });
                        id as u32
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

    /// The pairs as given: scores and 0/1 labels.
    pub fn pairs(&self) -> (&[f64], &[u8]) {
        (&self.scores, &self.labels)
    }

    /// Number of pairs.
    pub fn len(&self) -> usize {
        self.scores.len()
    }

    /// Always false: a calibration holds at least one pair.
    pub fn is_empty(&self) -> bool {
        self.scores.is_empty()
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
        let fitted = platt::fit_platt(&self.scores, &self.labels);
        Ok(*self.platt.get_or_init(|| fitted))
    }

    /// Isotonic regression of label on score, as scikit-learn's
    /// `IsotonicRegression(out_of_bounds="clip")`.
    pub fn isotonic(&self) -> Result<&Isotonic> {
        need_both("isotonic()", &self.curve)?;
        Ok(self
            .isotonic
            .get_or_init(|| isotonic::fit_isotonic(&self.scores, &self.labels, &self.order)))
    }
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
    fn band_counts_are_hand_counted() {
        // scores 0.9 0.8 0.8 0.7 0.2 around 0.8 with margins 0.1 / 0.15:
        // high >= 0.9 (1), medium [0.8, 0.9) (2), low [0.65, 0.8) (1), none (1).
        let c = Calibration::new(vec![0.9, 0.8, 0.8, 0.7, 0.2], vec![1, 0, 1, 1, 0], None).unwrap();
        let b = c.bands(0.8, crate::thresholds::Margins::default()).unwrap();
        assert_eq!((b.high, b.medium, b.low, b.none), (1, 2, 1, 1));
        for (i, s) in [0.9, 0.8, 0.8, 0.7, 0.2].into_iter().enumerate() {
            let want = crate::decide::band(s, 0.8, crate::thresholds::Margins::default());
            assert!(matches!(want, crate::decide::Band::High) == (i == 0));
        }
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
