//! The evidence: one verified lookup or a prior's labeled pair, an entry's
//! own verdicts, and the prior a bound starts from.

use super::{wilson_upper, Bound, MAX_LABELS};
use crate::check;
use crate::error::Result;

/// One verified lookup, or one labeled pair of a prior.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Label {
    pub score: f32,
    pub correct: bool,
    /// Whether it was an audited lookup, served and then judged (what the
    /// drift test watches).
    pub explored: bool,
    /// Whether it came from the labeled pairs the cache started with.
    pub prior: bool,
    /// The inverse of the chance that this verdict was asked for (1 for a
    /// prior's pair and for a lookup that was always judged).
    pub weight: f32,
}

impl Label {
    pub fn live(score: f32, correct: bool, explored: bool, weight: f32) -> Label {
        Label {
            score,
            correct,
            explored,
            prior: false,
            weight,
        }
    }
}

/// An entry's own verified lookups.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Evidence {
    pub rights: u32,
    pub wrongs: u32,
    /// The highest score it was judged right at.
    pub right_high: Option<f32>,
    /// The highest score it was judged wrong at.
    pub wrong_high: Option<f32>,
}

impl Evidence {
    pub fn add(&mut self, score: f32, correct: bool) {
        let (count, high) = if correct {
            (&mut self.rights, &mut self.right_high)
        } else {
            (&mut self.wrongs, &mut self.wrong_high)
        };
        *count += 1;
        *high = Some(high.map_or(score, |h| h.max(score)));
    }

    /// The bound on this entry's wrong rate at `score` from its own labels,
    /// when every one of them lies at or below `score`.
    pub(super) fn bound_at(&self, score: f64) -> Option<f64> {
        let below = |h: Option<f32>| h.is_none_or(|h| h <= score as f32);
        (self.rights > 0 && below(self.right_high) && below(self.wrong_high))
            .then(|| wilson_upper(self.wrongs, self.rights + self.wrongs))
    }
}

impl Bound {
    /// Adds the labeled pairs a cache starts with (score, whether the
    /// cached answer would be right): evidence like verified lookups at
    /// their scores, the oldest of all, so live verdicts that contradict
    /// them drop them as a drift does.
    pub fn with_prior(mut self, pairs: &[(f64, bool)]) -> Result<Bound> {
        if pairs.len() > MAX_LABELS {
            return Err(check::must(
                "prior",
                &alloc::format!("at most {MAX_LABELS} labeled pairs"),
                pairs.len(),
            ));
        }
        for (i, &(score, correct)) in pairs.iter().enumerate() {
            if !(score.is_finite() && (-1.0..=1.0).contains(&score)) {
                return Err(check::must(
                    &alloc::format!("prior.scores[{i}]"),
                    "a finite number in [-1, 1]",
                    score,
                ));
            }
            self.push(Label {
                score: score as f32,
                correct,
                explored: false,
                prior: true,
                weight: 1.0,
            });
        }
        self.refresh();
        Ok(self)
    }
}
