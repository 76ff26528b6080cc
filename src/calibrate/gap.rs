//! The separation gap between labeled scores (seed 002, step 2-3): the
//! largest score of a non-match, the smallest score of a match, and, when
//! the two groups separate, the midpoint between them as a threshold.
//!
//! This is the first piece of calibration; the rest (curves, Platt,
//! isotonic, ...) builds beside it.

use crate::error::{Error, Result};
use alloc::format;
use serde::Serialize;

/// The gap between negatives and positives.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Gap {
    /// Highest score among label-0 pairs.
    pub max_negative: f64,
    /// Lowest score among label-1 pairs.
    pub min_positive: f64,
    /// `(max_negative + min_positive) / 2` when `max_negative < min_positive`;
    /// `None` when the groups overlap (no threshold separates them).
    pub midpoint: Option<f64>,
}

/// Computes the gap of `scores` labeled by `labels` (0 or 1).
pub fn gap(scores: &[f64], labels: &[u8]) -> Result<Gap> {
    if scores.len() != labels.len() {
        return Err(Error::range(format!(
            "scores and labels must have the same length, got {} and {}",
            scores.len(),
            labels.len()
        )));
    }
    crate::check::scores("scores", scores)?;
    let (mut max_neg, mut min_pos) = (f64::NEG_INFINITY, f64::INFINITY);
    for (i, (&s, &l)) in scores.iter().zip(labels).enumerate() {
        match l {
            0 => max_neg = max_neg.max(s),
            1 => min_pos = min_pos.min(s),
            other => {
                return Err(Error::range(format!(
                    "labels[{i}] must be 0 or 1, got {other}"
                )))
            }
        }
    }
    if max_neg == f64::NEG_INFINITY || min_pos == f64::INFINITY {
        let missing = if min_pos == f64::INFINITY {
            "positive (1)"
        } else {
            "negative (0)"
        };
        return Err(Error::value(format!(
            "gap needs both classes: there is no {missing} label"
        )));
    }
    let midpoint = (max_neg < min_pos).then(|| (max_neg + min_pos) / 2.0);
    Ok(Gap {
        max_negative: max_neg,
        min_positive: min_pos,
        midpoint,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn seed_002_gap_midpoint() {
        // 7 rephrasings (same intent) and 7 different questions.
        let scores = [
            1.000, 0.965, 0.952, 0.941, 0.937, 0.928, 0.924, 0.844, 0.812, 0.534, 0.321, 0.108,
            0.612, 0.587,
        ];
        let labels = [1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
        let g = gap(&scores, &labels).unwrap();
        assert_eq!((g.max_negative, g.min_positive), (0.844, 0.924));
        assert!((g.midpoint.unwrap() - 0.884).abs() < 1e-12);
        // Overlapping groups have no midpoint.
        assert_eq!(gap(&[0.9, 0.8], &[0, 1]).unwrap().midpoint, None);
        assert_eq!(
            gap(&[0.9], &[1]).unwrap_err().to_string(),
            "gap needs both classes: there is no negative (0) label"
        );
        assert_eq!(
            gap(&[0.9, 0.1], &[1, 2]).unwrap_err().to_string(),
            "labels[1] must be 0 or 1, got 2"
        );
    }
}
