//! Which lookups are asked for a verdict: below the threshold a share of
//! them (all where the evidence is thin, fewer where it is thick or far
//! below), and a share of the served ones (audits, densely while the
//! served region's evidence is thin).

use super::{Bound, AUDIT, BINS};

/// Below the threshold, lookups near a score whose evidence holds this
/// many labels are judged at the share `SAMPLE_LABELS / labels` (at least
/// `SAMPLE_MIN`); the rest are plain misses.
const SAMPLE_LABELS: f64 = 40.0;
const SAMPLE_MIN: f64 = 0.05;
/// Bins on each side of a score whose labels set its sampling share.
const SAMPLE_WINDOW: usize = 4;
/// Below the threshold, a lookup `d` bins down is judged at most at the
/// share `SAMPLE_DISTANCE / d`: verdicts far below it bear little on
/// where to serve.
const SAMPLE_DISTANCE: f64 = 5.0;
/// Served lookups are audited at the share `AUDIT_LABELS / labels` (the
/// labels at or above the threshold), at least `AUDIT`: densely while the
/// served region's evidence is thin, which is what holds a threshold up.
const AUDIT_LABELS: f64 = 100.0;

impl Bound {
    /// The share of served lookups to audit: all while the served region
    /// holds few labels, then fewer as they gather, down to `AUDIT`.
    pub fn audit_share(&self) -> f64 {
        let from = self.threshold.unwrap_or(BINS);
        let k: u32 = self.labelled.get(from..).map_or(0, |x| x.iter().sum());
        (AUDIT_LABELS / f64::from(k.max(1))).clamp(AUDIT, 1.0)
    }

    /// The share of lookups at bin `b` (below the threshold) to judge:
    /// all while the scores near it have few labels, then fewer as they
    /// gather, so the evidence keeps growing where it is thin and verdicts
    /// are not spent where it is thick.
    pub fn sample_share(&self, b: usize) -> f64 {
        let near = b.saturating_sub(SAMPLE_WINDOW)..(b + SAMPLE_WINDOW + 1).min(BINS);
        let k: u32 = self.labelled.get(near).map_or(0, |x| x.iter().sum());
        let by_labels = SAMPLE_LABELS / f64::from(k.max(1));
        let by_distance = self
            .threshold
            .map_or(1.0, |t| SAMPLE_DISTANCE / t.saturating_sub(b).max(1) as f64);
        by_labels.min(by_distance).clamp(SAMPLE_MIN, 1.0)
    }
}
