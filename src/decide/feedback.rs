//! Nudging a threshold from user feedback on matches (seed 000): a
//! false-positive rate above 10% raises it by 0.02; otherwise a
//! false-negative rate above 10% lowers it by 0.02; the result stays within
//! the bounds. A false positive is a match marked wrong with no better
//! suggestion; a false negative is one marked wrong with a suggested match
//! (the right entity was missed).

use crate::check;
use crate::error::{Error, Result};
use crate::thresholds::boundary;
use alloc::format;
use serde::Serialize;

/// One piece of feedback.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Feedback {
    /// Whether the match was right.
    pub correct: bool,
    /// Whether the user named what it should have matched.
    pub suggested: bool,
}

/// The rule's parameters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FeedbackRule {
    /// How far to move the threshold.
    pub step: f64,
    /// Error rate above which to move.
    pub rate: f64,
    /// Lowest threshold allowed.
    pub min: f64,
    /// Highest threshold allowed.
    pub max: f64,
}

impl FeedbackRule {
    /// The rule with the parameters a caller gave, each one left out at its
    /// default (checked when the rule is applied).
    pub fn with(step: Option<f64>, rate: Option<f64>, min: Option<f64>, max: Option<f64>) -> Self {
        let d = FeedbackRule::default();
        FeedbackRule {
            step: step.unwrap_or(d.step),
            rate: rate.unwrap_or(d.rate),
            min: min.unwrap_or(d.min),
            max: max.unwrap_or(d.max),
        }
    }
}

impl Default for FeedbackRule {
    fn default() -> Self {
        FeedbackRule {
            step: 0.02,
            rate: 0.10,
            min: 0.65,
            max: 0.95,
        }
    }
}

/// The adjusted threshold and the rates that drove it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Adjusted {
    /// The new threshold.
    pub threshold: f64,
    /// Share of feedback that was a false positive.
    pub false_positive_rate: f64,
    /// Share of feedback that was a false negative.
    pub false_negative_rate: f64,
}

/// Applies the feedback rule to `threshold`.
///
/// ```
/// use simgate::{adjust_from_feedback, Feedback, FeedbackRule};
///
/// let wrong = Feedback { correct: false, suggested: false }; // a false positive
/// let right = Feedback { correct: true, suggested: false };
/// let a = adjust_from_feedback(0.8, &[wrong, right], FeedbackRule::default())?;
/// assert_eq!((a.threshold, a.false_positive_rate), (0.82, 0.5));
/// # Ok::<(), simgate::Error>(())
/// ```
pub fn adjust_from_feedback(
    threshold: f64,
    feedback: &[Feedback],
    rule: FeedbackRule,
) -> Result<Adjusted> {
    let t = check::unit("threshold", threshold)?;
    let step = check::margin("options.step", rule.step)?;
    if !(rule.rate.is_finite() && (0.0..=1.0).contains(&rule.rate)) {
        return Err(Error::range(format!(
            "options.rate must be a number in [0, 1], got {}",
            rule.rate
        )));
    }
    let (min, max) = (
        check::unit("options.min", rule.min)?,
        check::unit("options.max", rule.max)?,
    );
    if min > max {
        return Err(Error::range(format!(
            "options.min ({min}) must not exceed options.max ({max})"
        )));
    }
    if feedback.is_empty() {
        return Err(Error::range(
            "feedback is empty: there is nothing to learn from",
        ));
    }
    let n = feedback.len() as f64;
    let fp = feedback
        .iter()
        .filter(|f| !f.correct && !f.suggested)
        .count() as f64
        / n;
    let fneg = feedback
        .iter()
        .filter(|f| !f.correct && f.suggested)
        .count() as f64
        / n;
    let moved = if fp > rule.rate {
        t + step
    } else if fneg > rule.rate {
        t - step
    } else {
        t
    };
    Ok(Adjusted {
        threshold: boundary(moved).clamp(min, max),
        false_positive_rate: fp,
        false_negative_rate: fneg,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    fn fb(ok: usize, fp: usize, fneg: usize) -> Vec<Feedback> {
        let mut v = Vec::new();
        v.extend((0..ok).map(|_| Feedback {
            correct: true,
            suggested: false,
        }));
        v.extend((0..fp).map(|_| Feedback {
            correct: false,
            suggested: false,
        }));
        v.extend((0..fneg).map(|_| Feedback {
            correct: false,
            suggested: true,
        }));
        v
    }

    #[test]
    fn seed_000_feedback_rule() {
        let r = FeedbackRule::default();
        let after = |t: f64, ok, fp, fneg| {
            adjust_from_feedback(t, &fb(ok, fp, fneg), r)
                .unwrap()
                .threshold
        };
        // 2 of 10 wrong matches (20% > 10%): raise by 0.02.
        assert_eq!(after(0.80, 8, 2, 0), 0.82);
        // Exactly 10% is not above 10%: unchanged.
        assert_eq!(after(0.80, 9, 1, 0), 0.80);
        // Missed matches: lower by 0.02.
        let a = adjust_from_feedback(0.80, &fb(7, 0, 3), r).unwrap();
        assert_eq!((a.threshold, a.false_negative_rate), (0.78, 0.3));
        // Both high: false positives win (checked first, as in the seed).
        assert_eq!(after(0.80, 6, 2, 2), 0.82);
        // Clamped to the bounds.
        assert_eq!(after(0.94, 0, 5, 0), 0.95);
        assert_eq!(after(0.66, 0, 0, 5), 0.65);
        assert!(adjust_from_feedback(0.8, &[], r).is_err());
    }
}
