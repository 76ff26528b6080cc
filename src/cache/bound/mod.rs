//! The error bound: where a semantic cache may serve a cached answer so
//! that wrong answers served, over all lookups, stay within `error_bound`.
//!
//! The evidence is verified lookups: the caller computed the answer anyway,
//! judged the cached one and reported it with its score. Below the
//! threshold a share of the lookups is asked for a verdict, and above it a
//! share of the served ones is audited (served all the same, judged
//! afterwards); see `asking`. Each verdict weighs the inverse of the chance
//! it was asked for, so the sampling does not tilt the estimates. A prior's
//! labeled pairs count as verdicts at their scores (see `evidence`).
//!
//! The rates: P(wrong | score) does not rise with the score, so the score
//! bins are pooled from the top down under that order (pool-adjacent-
//! violators over blocks of at least 15 labels; see `rates::Pool`): every
//! verdict counts for each bin of its block, and a region's wrong answers
//! are its lookups times its blocks' rates. Audited answers count as
//! judged.
//!
//! The threshold `t` is the lowest one for which, with one-sided 97.5%
//! normal bounds (z = 1.96, plus z^2 / 2 for small counts): the wrong
//! answers already served, plus those of serving every lookup at or above
//! `t` over another run of lookups like the past ones, stay within the
//! bound over both runs. This keeps the long-run rate at `t` within the
//! bound and, given the served past is within it, every point in between;
//! it also spends what a cautious start left unused. A tenth of the bound
//! is kept out of the plan for what a drift costs before it shows.
//!
//! Below `t` the cache asks for verification (of a sample); below a floor
//! where verified answers were almost never right, it misses (no point
//! judging). When the wrong answers served so far (their bound) reach the
//! bound, nothing is served until new lookups make room.
//!
//! Drift: after each verdict the newest 5, 10, 20 and 40 live labels are
//! compared with the older labels (a prior's included) at the same scores;
//! wrong far more often (a binomial tail below `DRIFT_P`) drops the old
//! evidence and closes the books on what was served (counted at the rates of that moment, with the
//! drift's own rate for what was served since its first label).
//!
//! Per-entry evidence (vCache's idea, arXiv 2502.03771, in a form that
//! needs no fit): an entry judged wrong at some score is never served at or
//! below it; an entry whose own verified lookups, all at or below a score,
//! bound its wrong rate within half the error bound may serve there even
//! below the global threshold, and the bound it claims is set aside from
//! the global budget.
//!
//! The assumption under all of it: at a given time, a higher score does
//! not make a wrong answer more likely.

mod asking;
mod drift;
mod evidence;
mod rates;

use crate::check;
use crate::error::Result;
use crate::rng::SplitMix64;
use alloc::collections::VecDeque;
use alloc::vec;
use alloc::vec::Vec;
use drift::RECENT_MAX;
pub use evidence::{Evidence, Label};
pub use rates::{bin, edge, wilson_upper};
use rates::{Block, Pool, Z};

/// Score bins over [-1, 1]; a threshold is a bin's lower edge.
pub const BINS: usize = 400;
/// The least share of served lookups audited: served all the same, then
/// judged, so the evidence above the threshold stays fresh.
pub const AUDIT: f64 = 0.1;
/// Labels a region needs before it can be served. Only a floor: the bound
/// decides, and it already counts a region of few labels as uncertain
/// (its block pools with the bins below until it holds `rates::MIN_BLOCK`).
const MIN_LABELS: u32 = 3;
/// Labels kept as evidence (the oldest go first).
pub const MAX_LABELS: usize = 20_000;
/// Floor: the window below it, its labels and the right rate it allows.
const FLOOR_WINDOW: usize = 10;
const FLOOR_MIN_LABELS: u32 = 20;
const FLOOR_RIGHT: f64 = 0.1;

/// The share of the bound left unplanned: what a drift costs before the
/// evidence shows it comes out of this.
const DRIFT_SLACK: f64 = 0.1;
/// The run of lookups ahead that the promise is checked over, as a
/// multiple of the lookups so far.
const HORIZON: f64 = 1.0;
/// Added to an upper bound on a count: the normal bound is too low when the
/// expected count is a handful (z^2 / 2, as in Wilson's bound).
const SMALL_COUNT: f64 = Z * Z / 2.0;
/// What the bound says about one lookup.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Call {
    /// Serve the cached answer; `entry` when on the entry's own evidence,
    /// `audit` when the caller should judge it afterwards and report (the
    /// verdict then weighs `weight`, the inverse of the audit share).
    Serve {
        entry: bool,
        audit: bool,
        weight: f32,
    },
    /// The caller computes the answer and reports whether the cached one
    /// was right; the verdict weighs the inverse of the chance this lookup
    /// had of being asked.
    Verify(Why, f32),
    /// Nothing worth judging.
    Miss,
}

/// Why a lookup is verified.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// Below the threshold (or none certified yet).
    Below,
    /// The entry was judged wrong at this score or higher.
    EntryWrong,
    /// The wrong answers served so far (their upper confidence bound)
    /// use up the bound: nothing is served until they no longer do.
    Budget,
}

/// The bound's state: counts of lookups by score, the evidence and the
/// budget set aside for serves on entries' own evidence.
#[derive(Clone, Debug, PartialEq)]
pub struct Bound {
    pub error_bound: f64,
    /// Every lookup (exact ones and those without a candidate included).
    pub lookups: u64,
    /// Lookups served on a score (not exact).
    pub served: u64,
    /// Of those, served on an entry's own evidence, and the sum of the
    /// wrong-rate bounds claimed for them.
    pub entry_served: u64,
    pub reserve: f64,
    /// Verified lookups ever, and how many were wrong.
    pub verified: u64,
    pub verified_wrong: u64,
    /// Lookups served on the global threshold since the last drift, by the
    /// bin of their score, and the bound on wrong answers among those
    /// served before it.
    pub served_scores: Vec<u64>,
    pub carried: f64,
    /// The global served count when each of the newest labels came in.
    pub marks: VecDeque<u64>,
    /// Times the evidence was dropped on drift.
    pub resets: u64,
    /// Verdicts asked for (verify lookups and audits), and lookups below
    /// the threshold left unjudged by the sampling.
    pub judge_calls: u64,
    pub skipped: u64,
    /// Audited served lookups since the last drift, by bin, and how many
    /// of them were wrong: counted as they are, not estimated.
    pub audited: Vec<u64>,
    pub audited_wrong: u64,
    /// Lookups by the bin of their best score.
    pub scores: Vec<u64>,
    /// The evidence in force, oldest first, and its counts by bin.
    pub labels: VecDeque<Label>,
    labelled: Vec<u32>,
    wrong: Vec<u32>,
    /// The labels' weights by bin: all, wrong ones, squared.
    weights: Vec<[f64; 3]>,
    pub(crate) rng: SplitMix64,
    threshold: Option<usize>,
    floor: usize,
    /// Whether the wrong answers served so far use up the bound.
    spent: bool,
}

impl Bound {
    /// A bound with no evidence; `error_bound` in (0, 0.5].
    pub fn new(error_bound: f64, seed: u64) -> Result<Bound> {
        if !(error_bound.is_finite() && error_bound > 0.0 && error_bound <= 0.5) {
            return Err(check::must(
                "errorBound",
                "a number in (0, 0.5]",
                error_bound,
            ));
        }
        Ok(Bound {
            error_bound,
            lookups: 0,
            served: 0,
            entry_served: 0,
            reserve: 0.0,
            verified: 0,
            verified_wrong: 0,
            served_scores: vec![0; BINS],
            carried: 0.0,
            marks: VecDeque::new(),
            resets: 0,
            judge_calls: 0,
            skipped: 0,
            audited: vec![0; BINS],
            audited_wrong: 0,
            scores: vec![0; BINS],
            labels: VecDeque::new(),
            labelled: vec![0; BINS],
            wrong: vec![0; BINS],
            weights: vec![[0.0; 3]; BINS],
            rng: SplitMix64(seed),
            threshold: None,
            floor: 0,
            spent: false,
        })
    }

    /// The threshold it serves at now (None: nothing certified yet).
    pub fn threshold(&self) -> Option<f64> {
        self.threshold.map(edge)
    }

    /// Below this score a lookup is a miss.
    pub fn floor(&self) -> f64 {
        edge(self.floor)
    }

    /// Counts a lookup answered by exact text (always right).
    pub fn exact(&mut self) {
        self.lookups += 1;
        self.refresh();
    }

    /// Decides one lookup whose best candidate scores `score` (None: no
    /// candidate), with that entry's own evidence.
    pub fn call(&mut self, score: Option<f64>, entry: &Evidence) -> Call {
        self.lookups += 1;
        let Some(s) = score else {
            self.refresh();
            return Call::Miss;
        };
        let b = bin(s);
        if let Some(c) = self.scores.get_mut(b) {
            *c += 1;
        }
        self.refresh();
        if entry.wrong_high.is_some_and(|w| s as f32 <= w) {
            return if b >= self.floor {
                self.ask(Why::EntryWrong, 1.0)
            } else {
                Call::Miss
            };
        }
        let global = self.threshold.is_some_and(|t| b >= t);
        let own = (!global)
            .then(|| entry.bound_at(s))
            .flatten()
            .filter(|u| *u <= self.error_bound / 2.0);
        if global || own.is_some() {
            self.served += 1;
            if let Some(u) = own {
                self.entry_served += 1;
                self.reserve += u;
            } else if let Some(c) = self.served_scores.get_mut(b) {
                *c += 1;
            }
            // An entry's own serves keep the least share: their evidence
            // is the entry's, not the served region's.
            let share = if own.is_some() {
                AUDIT
            } else {
                self.audit_share()
            };
            let audit = self.draw() < share;
            self.judge_calls += u64::from(audit);
            return Call::Serve {
                entry: own.is_some(),
                audit,
                weight: (1.0 / share) as f32,
            };
        }
        if b < self.floor {
            return Call::Miss;
        }
        let share = self.sample_share(b);
        if share < 1.0 && self.draw() >= share {
            self.skipped += 1;
            return Call::Miss;
        }
        let why = if self.spent { Why::Budget } else { Why::Below };
        self.ask(why, (1.0 / share) as f32)
    }

    fn ask(&mut self, why: Why, weight: f32) -> Call {
        self.judge_calls += 1;
        Call::Verify(why, weight)
    }

    fn draw(&mut self) -> f64 {
        (self.rng.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Adds one verified lookup; returns true when it revealed drift and
    /// the older evidence was dropped.
    pub fn label(
        &mut self,
        score: f64,
        correct: bool,
        explored: bool,
        weight: f32,
    ) -> Result<bool> {
        if !(score.is_finite() && (-1.0..=1.0).contains(&score)) {
            return Err(check::must(
                "options.score",
                "a finite number in [-1, 1]",
                score,
            ));
        }
        if !(weight.is_finite() && weight >= 1.0) {
            return Err(check::must("options.weight", "a number >= 1", weight));
        }
        self.verified += 1;
        if !correct {
            self.verified_wrong += 1;
        }
        if explored {
            if let Some(c) = self.audited.get_mut(bin(score)) {
                *c += 1;
                self.audited_wrong += u64::from(!correct);
            }
        }
        if self.marks.len() == RECENT_MAX {
            self.marks.pop_front();
        }
        self.marks.push_back(self.global_served());
        self.push(Label::live(score as f32, correct, explored, weight));
        let drift = self.drifted();
        if let Some(m) = drift {
            self.close_books(m);
        }
        self.refresh();
        Ok(drift.is_some())
    }

    fn push(&mut self, l: Label) {
        if self.labels.len() == MAX_LABELS {
            if let Some(old) = self.labels.pop_front() {
                self.count(old, false);
            }
        }
        self.count(l, true);
        self.labels.push_back(l);
    }

    fn count(&mut self, l: Label, add: bool) {
        let b = bin(f64::from(l.score));
        let step = |c: &mut u32| *c = if add { *c + 1 } else { c.saturating_sub(1) };
        if let Some(c) = self.labelled.get_mut(b) {
            step(c);
        }
        if let (false, Some(c)) = (l.correct, self.wrong.get_mut(b)) {
            step(c);
        }
        if let Some(w) = self.weights.get_mut(b) {
            let (sign, x) = (if add { 1.0 } else { -1.0 }, f64::from(l.weight));
            let wrong = if l.correct { 0.0 } else { x };
            for (acc, d) in w.iter_mut().zip([x, wrong, x * x]) {
                *acc = (*acc + sign * d).max(0.0);
            }
            if self.labelled.get(b) == Some(&0) {
                *w = [0.0; 3];
            }
        }
    }

    /// Picks the threshold and the floor from the counts.
    ///
    /// The promise is checked over the lookups so far and as many again:
    /// the wrong answers already served (an upper bound from the evidence
    /// at their scores) plus those of serving at `t` for another run of
    /// lookups like the past ones must stay within the bound of both runs.
    /// That spends what a cautious start left unused without letting the
    /// long-run rate at `t` exceed the bound, and holds the promise at
    /// every point in between (given the first part holds now).
    fn refresh(&mut self) {
        let n = self.lookups.max(1) as f64;
        let budget = (1.0 - DRIFT_SLACK) * self.error_bound * n - self.reserve;
        let (regions, served) = self.regions();
        let spent_so_far = self.carried + self.served_upper_of(served);
        self.spent = spent_so_far > budget;
        let (mut k, mut best) = (0u32, None);
        for (b, &(m, v)) in regions.iter().enumerate().rev() {
            k += self.labelled.get(b).copied().unwrap_or(0);
            // Two bounds added, not one joint bound: a drift the evidence
            // has not caught up with leaves the served past the less
            // certain part, and the sum keeps room for it.
            let upper = spent_so_far + SMALL_COUNT + (m + Z * libm::sqrt(v)) * HORIZON;
            if !self.spent && k >= MIN_LABELS && upper <= (1.0 + HORIZON) * budget {
                best = Some(b);
            }
        }
        self.threshold = best;
        let top = best.unwrap_or(BINS);
        self.floor = self.floor_below(top);
    }

    /// The bins pooled from the top down (see `Pool`): for each bin, the
    /// expected wrong answers among the lookups at or above it and their
    /// variance; and the same for the served lookups not audited, from
    /// the whole pool.
    fn regions(&self) -> (Vec<(f64, f64)>, (f64, f64)) {
        let mut pool = Pool::default();
        let mut out = vec![(0.0, 0.0); BINS];
        for (b, region) in out.iter_mut().enumerate().rev() {
            let at = |v: &[u64]| v.get(b).copied().unwrap_or(0);
            let [w, wrong, w2] = self.weights.get(b).copied().unwrap_or_default();
            pool.push(Block {
                n: at(&self.scores) as f64,
                served: at(&self.served_scores).saturating_sub(at(&self.audited)) as f64,
                k: f64::from(self.labelled.get(b).copied().unwrap_or(0)),
                w,
                wrong,
                w2,
            });
            let t = pool.totals();
            *region = (t[0], t[1]);
        }
        let t = pool.totals();
        (out, (t[2], t[3]))
    }

    /// The upper bound on wrong answers among those served on the global
    /// threshold since the last drift: the audited ones as judged, the
    /// others at the evidence's rates.
    fn served_upper_of(&self, (mean, var): (f64, f64)) -> f64 {
        self.audited_wrong as f64 + mean + Z * libm::sqrt(var)
    }

    /// The highest `b < top` whose window of bins `b - FLOOR_WINDOW..b`
    /// holds enough labels that were almost never right (0 when none does),
    /// the window slid down one bin at a time.
    fn floor_below(&self, top: usize) -> usize {
        let Some(mut b) = top.checked_sub(1).filter(|&b| b >= FLOOR_WINDOW) else {
            return 0;
        };
        let (mut k, mut w) = self.evidence_in(b - FLOOR_WINDOW, b);
        let at = |v: &[u32], i: usize| v.get(i).copied().unwrap_or(0);
        loop {
            if k >= FLOOR_MIN_LABELS && wilson_upper(k - w, k) <= FLOOR_RIGHT {
                return b;
            }
            if b == FLOOR_WINDOW {
                return 0;
            }
            b -= 1;
            k = k - at(&self.labelled, b) + at(&self.labelled, b - FLOOR_WINDOW);
            w = w - at(&self.wrong, b) + at(&self.wrong, b - FLOOR_WINDOW);
        }
    }

    fn global_served(&self) -> u64 {
        self.served - self.entry_served
    }

    fn served_upper(&self) -> f64 {
        self.served_upper_of(self.regions().1)
    }

    /// Labels and wrong ones in bins `from..to`.
    fn evidence_in(&self, from: usize, to: usize) -> (u32, u32) {
        let sum = |v: &[u32]| v.get(from..to).map_or(0, |xs| xs.iter().sum());
        (sum(&self.labelled), sum(&self.wrong))
    }

    /// The estimated share of lookups served wrong, and the confidence
    /// bound on it that the threshold keeps within the error bound: the
    /// served lookups weighted by the evidence's wrong rates at their
    /// scores, books closed at a drift at their bound, and the bounds set
    /// aside for entries' own serves.
    pub fn estimate(&self) -> (f64, f64) {
        let n = self.lookups.max(1) as f64;
        let (_, (mean, var)) = self.regions();
        let fixed = self.carried + self.reserve + self.audited_wrong as f64;
        ((mean + fixed) / n, (mean + Z * libm::sqrt(var) + fixed) / n)
    }

    /// Rebuilds the derived counts after a restore; refuses counts that do
    /// not add up.
    pub fn restored(mut self) -> Result<Bound> {
        if self.scores.len() != BINS || self.served_scores.len() != BINS {
            return Err(check::must(
                "bound.scores",
                &alloc::format!("an array of {BINS} counts"),
                self.scores.len(),
            ));
        }
        let counted: u64 = self.scores.iter().sum();
        let served: u64 = self.served_scores.iter().sum();
        if counted > self.lookups
            || self.served > self.lookups
            || self.entry_served > self.served
            || served + self.entry_served > self.served
            || !(self.carried.is_finite() && self.carried >= 0.0)
            || self.marks.len() > RECENT_MAX
            || self
                .marks
                .iter()
                .any(|&m| m > self.served - self.entry_served)
            || self
                .served_scores
                .iter()
                .zip(&self.scores)
                .any(|(s, n)| s > n)
        {
            return Err(crate::error::Error::value(
                "bound: the lookup counts do not add up",
            ));
        }
        let audited: u64 = self.audited.iter().sum();
        if self.audited.len() != BINS || audited > served || self.audited_wrong > audited {
            return Err(crate::error::Error::value(
                "bound: the audited counts do not add up",
            ));
        }
        self.labelled = vec![0; BINS];
        self.wrong = vec![0; BINS];
        self.weights = vec![[0.0; 3]; BINS];
        let labels = core::mem::take(&mut self.labels);
        for l in labels {
            if !(l.score.is_finite() && (-1.0..=1.0).contains(&l.score)) {
                return Err(check::must("bound.labels", "scores in [-1, 1]", l.score));
            }
            if !(l.weight.is_finite() && l.weight >= 1.0) {
                return Err(check::must("bound.labelWeights", "numbers >= 1", l.weight));
            }
            self.push(l);
        }
        self.refresh();
        Ok(self)
    }
}

#[cfg(test)]
mod tests;
