//! Turning scores into decisions: confidence bands around a threshold, the
//! match/create decision of a fuzzy reference (with ambiguity), the
//! act/escalate/not-found abstain band, and semantic-cache tiers.
//!
//! A threshold `t` accepts a score `s` iff `s >= t`, compared exactly.
//! Boundaries derived from a threshold (`t + 0.10`, `t - 0.15`, ...) are
//! snapped to 12 decimals first, so decimal arithmetic noise never moves a
//! score across a boundary (0.95 - 0.05 is 0.8999999999999999 in binary; the
//! boundary is 0.9). Margins (score minus threshold) are snapped the same
//! way, so 0.91 above 0.8 reads 0.11, not 0.10999999999999999.

use crate::check;
use crate::error::{Error, Result};
use crate::thresholds::{boundary, Direction, Margins};
use alloc::format;
use serde::Serialize;

/// Confidence of one candidate relative to the threshold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Band {
    /// `s >= t + high` (default margin 0.10).
    High,
    /// `t <= s < t + high`.
    Medium,
    /// `t - low <= s < t` (default margin 0.15): worth a look, not a match.
    Low,
    /// Below `t - low`.
    None,
}

/// The band of `score` around `threshold`.
///
/// ```
/// use simgate::{band, Band, Margins};
///
/// let m = Margins::default(); // high: t + 0.10, low: t - 0.15
/// assert_eq!(band(0.90, 0.80, m), Band::High);
/// assert_eq!(band(0.80, 0.80, m), Band::Medium);
/// assert_eq!(band(0.70, 0.80, m), Band::Low);
/// assert_eq!(band(0.60, 0.80, m), Band::None);
/// ```
pub fn band(score: f64, threshold: f64, margins: Margins) -> Band {
    if score >= boundary(threshold + margins.high) {
        Band::High
    } else if score >= threshold {
        Band::Medium
    } else if score >= boundary(threshold - margins.low) {
        Band::Low
    } else {
        Band::None
    }
}

/// What a lookup decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The best candidate passes and is clearly ahead.
    Match,
    /// Forward mode, nothing passes: create a new entity.
    Create,
    /// Backward mode, nothing passes.
    None,
    /// The best two both pass and are closer than `min_gap`.
    Ambiguous,
}

/// One candidate named in a decision.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Candidate {
    /// Position in the scores given.
    pub index: usize,
    /// Its score.
    pub score: f64,
    /// `score - threshold` (negative below the threshold).
    pub margin: f64,
}

/// The decision for one lookup.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Decision {
    /// The outcome.
    pub outcome: Outcome,
    /// The threshold applied.
    pub threshold: f64,
    /// How many scores pass (`>= threshold`).
    pub passing: usize,
    /// The best candidate (highest score, ties to the lower index).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub best: Option<Candidate>,
    /// The runner-up.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub second: Option<Candidate>,
}

/// Decides a lookup from its candidates' scores.
///
/// ```
/// use simgate::{decide, Direction, Outcome};
///
/// let d = decide(&[0.5, 0.91, 0.7], 0.8, Direction::Forward, 0.0)?;
/// assert_eq!((d.outcome, d.passing, d.best.map(|b| b.index)), (Outcome::Match, 1, Some(1)));
/// // Nothing passes: a forward reference creates, a backward one finds none.
/// assert_eq!(decide(&[0.5], 0.8, Direction::Forward, 0.0)?.outcome, Outcome::Create);
/// assert_eq!(decide(&[0.5], 0.8, Direction::Backward, 0.0)?.outcome, Outcome::None);
/// # Ok::<(), simgate::Error>(())
/// ```
pub fn decide(scores: &[f64], threshold: f64, mode: Direction, min_gap: f64) -> Result<Decision> {
    let threshold = check::unit("threshold", threshold)?;
    let min_gap = check::margin("minGap", min_gap)?;
    let mut best: Option<(usize, f64)> = None;
    let mut second: Option<(usize, f64)> = None;
    let mut passing = 0;
    check::scores("scores", scores)?;
    for (i, &s) in scores.iter().enumerate() {
        if s >= threshold {
            passing += 1;
        }
        match best {
            Some((_, b)) if s <= b => {
                if second.is_none_or(|(_, c)| s > c) {
                    second = Some((i, s));
                }
            }
            _ => {
                second = best;
                best = Some((i, s));
            }
        }
    }
    let cand = |c: Option<(usize, f64)>| {
        c.map(|(index, score)| Candidate {
            index,
            score,
            margin: boundary(score - threshold),
        })
    };
    let outcome = match (best, second) {
        (None, _) => None,
        (Some((_, b)), _) if b < threshold => None,
        (Some((_, b)), Some((_, c))) if c >= threshold && b - c < min_gap => {
            Some(Outcome::Ambiguous)
        }
        _ => Some(Outcome::Match),
    }
    .unwrap_or(match mode {
        Direction::Forward => Outcome::Create,
        Direction::Backward => Outcome::None,
    });
    Ok(Decision {
        outcome,
        threshold,
        passing,
        best: cand(best),
        second: cand(second),
    })
}

/// The abstain band's three outcomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Abstain {
    /// `s >= act`: confident enough to act.
    Act,
    /// `reject <= s < act`: hand to a human or a stronger model.
    Escalate,
    /// `s < reject`.
    NotFound,
}

/// Which of three tiers `score` falls in, given an upper and a lower cut
/// (both `s >= cut` accepts): 0 above the upper, 1 between, 2 below the
/// lower. Shared by the abstain band and the cache tiers.
fn three_tiers(score_value: f64, upper: (&str, f64), lower: (&str, f64)) -> Result<u8> {
    let s = check::score("score", score_value)?;
    let hi = check::unit(upper.0, upper.1)?;
    let lo = check::unit(lower.0, lower.1)?;
    if lo > hi {
        return Err(Error::range(format!(
            "{} ({lo}) must not exceed {} ({hi})",
            lower.0, upper.0
        )));
    }
    Ok(if s >= hi {
        0
    } else if s >= lo {
        1
    } else {
        2
    })
}

/// Classifies `score` with an abstain band `[reject, act)`.
///
/// ```
/// use simgate::{abstain, Abstain};
///
/// assert_eq!(abstain(0.9, 0.85, 0.7)?, Abstain::Act);
/// assert_eq!(abstain(0.8, 0.85, 0.7)?, Abstain::Escalate);
/// assert_eq!(abstain(0.5, 0.85, 0.7)?, Abstain::NotFound);
/// # Ok::<(), simgate::Error>(())
/// ```
pub fn abstain(score_value: f64, act: f64, reject: f64) -> Result<Abstain> {
    Ok(
        match three_tiers(score_value, ("act", act), ("reject", reject))? {
            0 => Abstain::Act,
            1 => Abstain::Escalate,
            _ => Abstain::NotFound,
        },
    )
}

/// Semantic-cache tiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CacheTier {
    /// Serve the cached answer as is.
    Confident,
    /// Serve it with a note that it answers a similar question.
    Tentative,
    /// Run the full pipeline.
    Miss,
}

/// Classifies a cache lookup's best score.
///
/// ```
/// use simgate::{cache_tier, CacheTier};
///
/// assert_eq!(cache_tier(0.96, 0.95, 0.88)?, CacheTier::Confident);
/// assert_eq!(cache_tier(0.90, 0.95, 0.88)?, CacheTier::Tentative);
/// assert_eq!(cache_tier(0.80, 0.95, 0.88)?, CacheTier::Miss);
/// # Ok::<(), simgate::Error>(())
/// ```
pub fn cache_tier(score_value: f64, confident: f64, tentative: f64) -> Result<CacheTier> {
    Ok(
        match three_tiers(
            score_value,
            ("confident", confident),
            ("tentative", tentative),
        )? {
            0 => CacheTier::Confident,
            1 => CacheTier::Tentative,
            _ => CacheTier::Miss,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn seed_000_band_example() {
        // Threshold 0.80: 0.90 high, 0.80 medium, 0.65 low, below none.
        let m = Margins::default();
        assert_eq!(band(0.90, 0.80, m), Band::High);
        assert_eq!(band(0.8999, 0.80, m), Band::Medium);
        assert_eq!(band(0.80, 0.80, m), Band::Medium);
        assert_eq!(band(0.7999, 0.80, m), Band::Low);
        assert_eq!(band(0.65, 0.80, m), Band::Low);
        assert_eq!(band(0.6499, 0.80, m), Band::None);
        // 0.95 - 0.05 is 0.8999999999999999 in binary; the boundary is 0.9.
        assert_eq!(
            band(
                0.90,
                0.95,
                Margins {
                    high: 0.1,
                    low: 0.05
                }
            ),
            Band::Low
        );
        assert_eq!(band(0.0, 0.0, m), Band::Medium, "0 is a real threshold");
    }

    #[test]
    fn decisions() {
        let d = decide(&[0.5, 0.91, 0.7], 0.8, Direction::Forward, 0.0).unwrap();
        assert_eq!((d.outcome, d.passing), (Outcome::Match, 1));
        assert_eq!(
            d.best,
            Some(Candidate {
                index: 1,
                score: 0.91,
                margin: 0.11
            })
        );
        assert_eq!(d.second.unwrap().index, 2);
        assert_eq!(
            decide(&[0.5], 0.8, Direction::Forward, 0.0)
                .unwrap()
                .outcome,
            Outcome::Create
        );
        assert_eq!(
            decide(&[0.5], 0.8, Direction::Backward, 0.0)
                .unwrap()
                .outcome,
            Outcome::None
        );
        assert_eq!(
            decide(&[], 0.8, Direction::Forward, 0.0).unwrap().outcome,
            Outcome::Create
        );
        let amb = decide(&[0.86, 0.85, 0.2], 0.8, Direction::Forward, 0.02).unwrap();
        assert_eq!(amb.outcome, Outcome::Ambiguous);
        // The runner-up below the threshold cannot make it ambiguous.
        assert_eq!(
            decide(&[0.81, 0.79], 0.8, Direction::Forward, 0.05)
                .unwrap()
                .outcome,
            Outcome::Match
        );
        // Ties: the lower index is best.
        let tie = decide(&[0.9, 0.9], 0.8, Direction::Forward, 0.0).unwrap();
        assert_eq!((tie.best.unwrap().index, tie.second.unwrap().index), (0, 1));
        assert_eq!(
            decide(&[0.5, f64::NAN], 0.8, Direction::Forward, 0.0)
                .unwrap_err()
                .to_string(),
            "scores[1] must be a finite number, got NaN"
        );
        assert_eq!(
            decide(&[0.5], 1.2, Direction::Forward, 0.0)
                .unwrap_err()
                .to_string(),
            "threshold must be a number in [-1, 1], got 1.2"
        );
    }

    #[test]
    fn seed_002_tiers() {
        // Confident >= 0.95, tentative 0.88 - 0.94, miss below 0.88.
        let tier = |s| cache_tier(s, 0.95, 0.88).unwrap();
        assert_eq!(tier(1.0), CacheTier::Confident);
        assert_eq!(tier(0.952), CacheTier::Confident);
        assert_eq!(tier(0.941), CacheTier::Tentative);
        assert_eq!(tier(0.924), CacheTier::Tentative);
        assert_eq!(tier(0.844), CacheTier::Miss);
        assert_eq!(abstain(0.9, 0.85, 0.7).unwrap(), Abstain::Act);
        assert_eq!(abstain(0.8, 0.85, 0.7).unwrap(), Abstain::Escalate);
        assert_eq!(abstain(0.6, 0.85, 0.7).unwrap(), Abstain::NotFound);
        assert_eq!(
            abstain(0.6, 0.7, 0.85).unwrap_err().to_string(),
            "reject (0.85) must not exceed act (0.7)"
        );
    }
}
