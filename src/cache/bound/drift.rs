//! Drift: recent verdicts far more often wrong than older ones at the same
//! scores drop the old evidence and close the books on what was served.

use super::rates::{bin, binomial_tail, wilson_upper};
use super::{Bound, Label, BINS};
use alloc::vec::Vec;

/// The windows of recent labels that the drift test looks at.
const RECENT: [usize; 4] = [5, 10, 20, RECENT_MAX];
pub(super) const RECENT_MAX: usize = 40;
/// Bins on each side of a label whose other labels say what its wrong rate
/// should be (0.02 in score).
const DRIFT_WINDOW: usize = 4;
/// Older labels each recent one needs near it before the test speaks.
const DRIFT_MIN_OLDER: u32 = 10;
/// The drift test's significance.
const DRIFT_P: f64 = 1e-4;

impl Bound {
    /// Whether the most recent labels (the last 5, 10, 20 or 40) are wrong
    /// far more often than the evidence from before them says at their
    /// scores (the wrong rate of the older labels within `DRIFT_WINDOW`
    /// bins of each); returns how many recent labels to keep as the new
    /// evidence. Comparing at the same scores makes labels of any kind
    /// comparable (explored ones land above the threshold, the others
    /// below, where wrong answers are more common); comparing with older
    /// labels only keeps the drift itself out of the baseline.
    ///
    /// The older labels' counts are the evidence's own, less the recent
    /// labels: each window costs its own length, not the evidence's.
    pub(super) fn drifted(&self) -> Option<usize> {
        let len = self.labels.len();
        let (mut k, mut w) = (self.labelled.clone(), self.wrong.clone());
        let mut counted = 0;
        // Only live verdicts are recent: a prior's pairs come in whatever
        // order the caller gave them.
        let live = self.labels.iter().rev().take_while(|l| !l.prior).count();
        for m in RECENT {
            let cut = len.checked_sub(m).filter(|&c| c > 0 && m <= live)?;
            for l in self.labels.range(cut..len - counted) {
                let b = bin(f64::from(l.score));
                if let (Some(kb), Some(wb)) = (k.get_mut(b), w.get_mut(b)) {
                    *kb = kb.saturating_sub(1);
                    *wb = wb.saturating_sub(u32::from(!l.correct));
                }
            }
            counted = m;
            if self.drift_in(self.labels.range(cut..), m, &k, &w) {
                return Some(m);
            }
        }
        None
    }

    /// Whether the `m` labels of `recent` are wrong far more often than
    /// the older counts `k` (labels) and `w` (wrong) by bin say near them.
    fn drift_in<'a>(
        &self,
        recent: impl Iterator<Item = &'a Label>,
        m: usize,
        k: &[u32],
        w: &[u32],
    ) -> bool {
        let (mut expected, mut wrong) = (0.0, 0);
        for l in recent {
            let b = bin(f64::from(l.score));
            let near = b.saturating_sub(DRIFT_WINDOW)..(b + DRIFT_WINDOW + 1).min(BINS);
            let sum = |v: &[u32]| v.get(near.clone()).map_or(0, |x| x.iter().sum::<u32>());
            if sum(k) < DRIFT_MIN_OLDER {
                return false;
            }
            expected += (f64::from(sum(w)) + 0.5) / (f64::from(sum(k)) + 1.0);
            wrong += usize::from(!l.correct);
        }
        let base = (expected / m as f64).max(self.error_bound / 2.0);
        binomial_tail(wrong, m, base) < DRIFT_P / RECENT.len() as f64
    }

    /// Drops all but the newest `m` labels (the drift's own) and closes the
    /// books on what was served.
    pub(super) fn close_books(&mut self, m: usize) {
        // A drift closes the books: what was served counts at the
        // evidence of this moment, plus, for what was served since the
        // drift's first label, the drift's own wrong rate (its upper
        // bound): not at rates learned afterwards about other answers.
        let recent = self.labels.iter().rev().take(m);
        let wrong = recent.filter(|l| !l.correct).count() as u32;
        let since = self
            .marks
            .len()
            .checked_sub(m)
            .and_then(|i| self.marks.get(i))
            .map_or(0, |&mark| self.global_served().saturating_sub(mark));
        self.carried += self.served_upper() + since as f64 * wilson_upper(wrong, m as u32);
        self.marks.clear();
        self.served_scores.fill(0);
        self.audited.fill(0);
        self.audited_wrong = 0;
        self.resets += 1;
        let keep: Vec<Label> = self.labels.iter().rev().take(m).copied().collect();
        self.labels.clear();
        self.labelled.fill(0);
        self.wrong.fill(0);
        self.weights.fill([0.0; 3]);
        for l in keep.into_iter().rev() {
            self.push(l);
        }
    }
}
