//! Scores from other vector engines, brought to cosine so simgate's
//! thresholds, decisions and explanations apply to them.
//!
//! Engines report the same geometry on different scales: Vectorize and
//! most "similarity" APIs give cosine itself; some give `(1 + cos) / 2` in
//! 0..1; pgvector's `<=>`, LanceDB's `cosine` and Redis's COSINE metric give
//! the distance `1 - cos` in 0..2; for unit-length vectors, pgvector's `<#>`
//! gives `-cos`, its `<->` the L2 distance `sqrt(2 - 2 cos)`, and LanceDB's
//! `l2` the squared L2 distance `2 - 2 cos`. A threshold calibrated on
//! cosines is only meaningful on cosines.

use crate::check;
use crate::error::Result;
use alloc::format;
use alloc::vec::Vec;

/// How an engine reports cosine similarity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    /// Cosine itself, in [-1, 1].
    Cosine,
    /// `(1 + cos) / 2`, in [0, 1].
    Unit,
    /// Cosine distance `1 - cos`, in [0, 2].
    Distance,
    /// The negative inner product `-dot`, in [-1, 1] for unit vectors.
    NegativeInnerProduct,
    /// The L2 distance `sqrt(2 - 2 cos)`, in [0, 2] for unit vectors.
    L2,
    /// The squared L2 distance `2 - 2 cos`, in [0, 4] for unit vectors.
    L2Squared,
}

/// Engines round: a value this far outside its scale's range is taken as
/// the bound (a distance of -1e-7 for identical vectors is cosine 1).
const SLACK: f64 = 1e-6;

impl Scale {
    /// Reads a scale by its JS name, `"cosine"`, `"unit"` or `"distance"`.
    pub fn parse(name: &str, given: &str) -> Result<Scale> {
        check::one_of(
            name,
            given,
            &[
                ("cosine", Scale::Cosine),
                ("unit", Scale::Unit),
                ("distance", Scale::Distance),
                ("negative-inner-product", Scale::NegativeInnerProduct),
                ("l2", Scale::L2),
                ("l2-squared", Scale::L2Squared),
            ],
        )
    }

    /// The range of values on this scale, and its description for errors.
    fn range(self) -> (f64, f64, &'static str) {
        match self {
            Scale::Cosine => (-1.0, 1.0, "a cosine in [-1, 1]"),
            Scale::Unit => (0.0, 1.0, "a unit similarity (1 + cos) / 2 in [0, 1]"),
            Scale::Distance => (0.0, 2.0, "a cosine distance 1 - cos in [0, 2]"),
            Scale::NegativeInnerProduct => (
                -1.0,
                1.0,
                "a negative inner product of unit vectors in [-1, 1]",
            ),
            Scale::L2 => (
                0.0,
                2.0,
                "an L2 distance of unit vectors, sqrt(2 - 2 cos), in [0, 2]",
            ),
            Scale::L2Squared => (
                0.0,
                4.0,
                "a squared L2 distance of unit vectors, 2 - 2 cos, in [0, 4]",
            ),
        }
    }

    /// `x` on this scale as a cosine; out of range (beyond rounding) is an
    /// error naming `name`.
    pub fn to_cosine(self, name: &str, x: f64) -> Result<f64> {
        let (lo, hi, what) = self.range();
        if !(x.is_finite() && x >= lo - SLACK && x <= hi + SLACK) {
            return Err(check::must(name, what, x));
        }
        let x = x.clamp(lo, hi);
        Ok(match self {
            Scale::Cosine => x,
            Scale::Unit => 2.0 * x - 1.0,
            Scale::Distance => 1.0 - x,
            Scale::NegativeInnerProduct => -x,
            Scale::L2 => 1.0 - x * x / 2.0,
            Scale::L2Squared => 1.0 - x / 2.0,
        })
    }

    /// Every value of `xs` as a cosine; the error names `name[i]`.
    pub fn all_to_cosine(self, name: &str, xs: &[f64]) -> Result<Vec<f64>> {
        let (lo, hi, _) = self.range();
        xs.iter()
            .enumerate()
            .map(|(i, &x)| {
                if x.is_finite() && x >= lo - SLACK && x <= hi + SLACK {
                    self.to_cosine("", x)
                } else {
                    self.to_cosine(&format!("{name}[{i}]"), x)
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn each_scale_maps_to_cosine() {
        assert_eq!(Scale::Unit.to_cosine("s", 0.75).unwrap(), 0.5);
        assert_eq!(Scale::Unit.to_cosine("s", 0.0).unwrap(), -1.0);
        assert_eq!(Scale::Distance.to_cosine("s", 0.25).unwrap(), 0.75);
        assert_eq!(Scale::Distance.to_cosine("s", 2.0).unwrap(), -1.0);
        assert_eq!(Scale::Distance.to_cosine("s", -1e-7).unwrap(), 1.0);
        assert_eq!(Scale::Cosine.to_cosine("s", -0.3).unwrap(), -0.3);
        assert_eq!(
            Scale::Distance
                .all_to_cosine("scores", &[0.0, 0.5])
                .unwrap(),
            [1.0, 0.5]
        );
        // Unit vectors at cos 0.6 (as pgvector and LanceDB report them).
        assert_eq!(
            Scale::NegativeInnerProduct.to_cosine("s", -0.6).unwrap(),
            0.6
        );
        let l2 = libm::sqrt(0.8);
        assert!((Scale::L2.to_cosine("s", l2).unwrap() - 0.6).abs() < 1e-15);
        assert!((Scale::L2Squared.to_cosine("s", 0.8).unwrap() - 0.6).abs() < 1e-15);
        assert_eq!(Scale::L2.to_cosine("s", 2.0).unwrap(), -1.0);
        assert_eq!(Scale::L2Squared.to_cosine("s", 4.0).unwrap(), -1.0);
        assert_eq!(Scale::L2.to_cosine("s", 0.0).unwrap(), 1.0);
    }

    #[test]
    fn values_no_unit_vector_pair_gives_are_errors() {
        assert_eq!(
            Scale::L2
                .all_to_cosine("scores", &[0.3, 2.5])
                .unwrap_err()
                .to_string(),
            "scores[1] must be an L2 distance of unit vectors, sqrt(2 - 2 cos), in [0, 2], got 2.5"
        );
        assert_eq!(
            Scale::L2Squared
                .to_cosine("d", 4.2)
                .unwrap_err()
                .to_string(),
            "d must be a squared L2 distance of unit vectors, 2 - 2 cos, in [0, 4], got 4.2"
        );
        assert_eq!(
            Scale::NegativeInnerProduct
                .to_cosine("d", -3.0)
                .unwrap_err()
                .to_string(),
            "d must be a negative inner product of unit vectors in [-1, 1], got -3"
        );
    }

    #[test]
    fn out_of_range_is_an_error_naming_the_value() {
        assert_eq!(
            Scale::Unit.to_cosine("score", 1.2).unwrap_err().to_string(),
            "score must be a unit similarity (1 + cos) / 2 in [0, 1], got 1.2"
        );
        assert_eq!(
            Scale::Distance
                .all_to_cosine("scores", &[0.1, -0.5])
                .unwrap_err()
                .to_string(),
            "scores[1] must be a cosine distance 1 - cos in [0, 2], got -0.5"
        );
        assert!(Scale::Cosine.to_cosine("s", f64::NAN).is_err());
        assert!(Scale::parse("scale", "dot").is_err());
    }
}
