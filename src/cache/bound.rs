//! The error bound: where a semantic cache may serve a cached answer so
//! that wrong answers served, over all lookups, stay within `error_bound`.
//!
//! The evidence is verified lookups: the caller computed the answer anyway,
//! judged the cached one and reported it with its score. Labels come from
//! every lookup below the threshold and from a seeded random share
//! (`EXPLORE`) of those above it, so the sampling rate differs by score;
//! the estimate therefore works in strata: the score bins are grouped from
//! the top into strata of at least `STRATUM` labels, and each stratum's
//! lookups are weighted by that stratum's own wrong rate.
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
//! Below `t` the cache asks for verification; below a floor where verified
//! answers were almost never right, it misses (no point judging). When the
//! wrong answers served so far (their bound) reach the bound, nothing is
//! served until new lookups make room.
//!
//! Drift: after each verdict the newest 5, 10, 20 and 40 labels are
//! compared with the older labels at the same scores; wrong far more often
//! (a binomial tail below `DRIFT_P`) drops the old evidence and closes the
//! books on what was served (counted at the rates of that moment, with the
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

use crate::check;
use crate::error::Result;
use crate::rng::SplitMix64;
use alloc::collections::VecDeque;
use alloc::vec;
use alloc::vec::Vec;

/// Score bins over [-1, 1]; a threshold is a bin's lower edge.
pub const BINS: usize = 400;
/// The share of lookups in the served region that are verified anyway.
pub const EXPLORE: f64 = 0.05;
/// Labels a region needs before it can be served.
const MIN_LABELS: u32 = 10;
/// One-sided 97.5% normal quantile for the confidence bounds.
const Z: f64 = 1.96;
/// Labels kept as evidence (the oldest go first).
pub const MAX_LABELS: usize = 20_000;
/// The windows of recent labels that the drift test looks at.
const RECENT: [usize; 4] = [5, 10, 20, RECENT_MAX];
const RECENT_MAX: usize = 40;
/// Bins on each side of a label whose other labels say what its wrong rate
/// should be (0.02 in score).
const DRIFT_WINDOW: usize = 4;
/// Older labels each recent one needs near it before the test speaks.
const DRIFT_MIN_OLDER: u32 = 10;
/// The drift test's significance.
const DRIFT_P: f64 = 1e-4;
/// Floor: the window below it, its labels and the right rate it allows.
const FLOOR_WINDOW: usize = 10;
const FLOOR_MIN_LABELS: u32 = 20;
const FLOOR_RIGHT: f64 = 0.1;

/// The bin of a score in [-1, 1].
pub fn bin(score: f64) -> usize {
    let b = libm::floor((score + 1.0) * (BINS as f64 / 2.0));
    (b.max(0.0) as usize).min(BINS - 1)
}

/// The lower edge of bin `b`.
pub fn edge(b: usize) -> f64 {
    b as f64 * (2.0 / BINS as f64) - 1.0
}

/// Wilson's upper bound on a rate seen `k` times in `n` (1 with no data).
pub fn wilson_upper(k: u32, n: u32) -> f64 {
    if n == 0 {
        return 1.0;
    }
    let (n, p) = (f64::from(n), f64::from(k) / f64::from(n));
    let z2 = Z * Z;
    let centre = p + z2 / (2.0 * n);
    let spread = Z * libm::sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n));
    ((centre + spread) / (1.0 + z2 / n)).min(1.0)
}

/// P(X >= k) for X ~ Binomial(n, p).
pub fn binomial_tail(k: usize, n: usize, p: f64) -> f64 {
    if k == 0 {
        return 1.0;
    }
    if p <= 0.0 {
        return 0.0;
    }
    if p >= 1.0 {
        return 1.0;
    }
    // pmf(i) by the ratio pmf(i+1)/pmf(i) = (n-i)/(i+1) * p/(1-p), in logs.
    let mut log_pmf = n as f64 * libm::log(1.0 - p);
    let ratio = libm::log(p / (1.0 - p));
    let mut tail = 0.0;
    for i in 0..=n {
        if i >= k {
            tail += libm::exp(log_pmf);
        }
        if i < n {
            log_pmf += libm::log((n - i) as f64 / (i + 1) as f64) + ratio;
        }
    }
    tail.min(1.0)
}

/// The share of the bound left unplanned: what a drift costs before the
/// evidence shows it comes out of this.
const DRIFT_SLACK: f64 = 0.1;
/// The run of lookups ahead that the promise is checked over, as a
/// multiple of the lookups so far.
const HORIZON: f64 = 1.0;
/// Added to an upper bound on a count: the normal bound is too low when the
/// expected count is a handful (z^2 / 2, as in Wilson's bound).
const SMALL_COUNT: f64 = Z * Z / 2.0;
/// Labels a stratum of the served region holds (the last may hold fewer).
const STRATUM: u32 = 15;

/// The expected number of wrong answers among the lookups of a region,
/// bin by bin from the top: the bins are grouped into strata of at least
/// `STRATUM` labels, each stratum's lookups weighted by its own wrong rate.
/// Within a stratum the labels are close in score, so the sampling (every
/// lookup below the threshold, a share above it) hardly tilts its rate;
/// across strata it does not matter at all.
#[derive(Default)]
struct Strata {
    /// The closed strata before `last`: expected wrong count and variance.
    mean: f64,
    var: f64,
    /// The newest closed stratum and the open one: (lookups, labels, wrong).
    last: Option<(f64, u32, u32)>,
    open: (f64, u32, u32),
}

impl Strata {
    /// Expected wrong count and its variance for `n` lookups whose `k`
    /// labels held `w` wrong (Agresti-Coull's centre for the variance, so
    /// a stratum with no wrong label still counts as uncertain).
    fn of((n, k, w): (f64, u32, u32)) -> (f64, f64) {
        if k == 0 {
            return (n, 0.0);
        }
        let (k, w) = (f64::from(k), f64::from(w));
        let centre = (w + Z * Z / 2.0) / (k + Z * Z);
        (n * w / k, n * n * centre * (1.0 - centre) / k)
    }

    fn push(&mut self, n: f64, k: u32, w: u32) {
        self.open = (self.open.0 + n, self.open.1 + k, self.open.2 + w);
        if self.open.1 >= STRATUM {
            if let Some(last) = self.last {
                let (m, v) = Self::of(last);
                self.mean += m;
                self.var += v;
            }
            self.last = Some(self.open);
            self.open = (0.0, 0, 0);
        }
    }

    /// The expected wrong count and its variance (an open stratum too
    /// small to stand alone joins the last closed one).
    fn total(&self) -> (f64, f64) {
        let o = self.open;
        let tail = self.last.map_or(o, |l| (l.0 + o.0, l.1 + o.1, l.2 + o.2));
        let (m, v) = Self::of(tail);
        (self.mean + m, self.var + v)
    }
}

/// One verified lookup.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Label {
    pub score: f32,
    pub correct: bool,
    /// Whether it was an explored lookup in the served region (what the
    /// drift test watches).
    pub explored: bool,
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
    fn bound_at(&self, score: f64) -> Option<f64> {
        let below = |h: Option<f32>| h.is_none_or(|h| h <= score as f32);
        (self.rights > 0 && below(self.right_high) && below(self.wrong_high))
            .then(|| wilson_upper(self.wrongs, self.rights + self.wrongs))
    }
}

/// What the bound says about one lookup.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Call {
    /// Serve the cached answer; `entry` when on the entry's own evidence.
    Serve { entry: bool },
    /// The caller computes the answer and reports whether the cached one
    /// was right.
    Verify(Why),
    /// Nothing worth judging.
    Miss,
}

/// Why a lookup is verified.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// Below the threshold (or none certified yet).
    Below,
    /// In the served region, picked at random to keep the evidence fresh.
    Explore,
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
    /// Lookups by the bin of their best score.
    pub scores: Vec<u64>,
    /// The evidence in force, oldest first, and its counts by bin.
    pub labels: VecDeque<Label>,
    labelled: Vec<u32>,
    wrong: Vec<u32>,
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
            scores: vec![0; BINS],
            labels: VecDeque::new(),
            labelled: vec![0; BINS],
            wrong: vec![0; BINS],
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
                Call::Verify(Why::EntryWrong)
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
            if self.draw() < EXPLORE {
                return Call::Verify(Why::Explore);
            }
            self.served += 1;
            if let Some(u) = own {
                self.entry_served += 1;
                self.reserve += u;
            } else if let Some(c) = self.served_scores.get_mut(b) {
                *c += 1;
            }
            return Call::Serve {
                entry: own.is_some(),
            };
        }
        if b < self.floor {
            Call::Miss
        } else if self.spent {
            Call::Verify(Why::Budget)
        } else {
            Call::Verify(Why::Below)
        }
    }

    /// Whether a score lies in the region served now (a verified lookup
    /// there was explored).
    pub fn serves_at(&self, score: f64) -> bool {
        self.threshold.is_some_and(|t| bin(score) >= t)
    }

    fn draw(&mut self) -> f64 {
        (self.rng.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Adds one verified lookup; returns true when it revealed drift and
    /// the older evidence was dropped.
    pub fn label(&mut self, score: f64, correct: bool, explored: bool) -> Result<bool> {
        if !(score.is_finite() && (-1.0..=1.0).contains(&score)) {
            return Err(check::must(
                "options.score",
                "a finite number in [-1, 1]",
                score,
            ));
        }
        self.verified += 1;
        if !correct {
            self.verified_wrong += 1;
        }
        if self.marks.len() == RECENT_MAX {
            self.marks.pop_front();
        }
        self.marks.push_back(self.global_served());
        self.push(Label {
            score: score as f32,
            correct,
            explored,
        });
        let drift = self.drifted();
        if let Some(m) = drift {
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
            self.resets += 1;
            let keep: Vec<Label> = self.labels.iter().rev().take(m).copied().collect();
            self.labels.clear();
            self.labelled.fill(0);
            self.wrong.fill(0);
            for l in keep.into_iter().rev() {
                self.push(l);
            }
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
    }

    /// Whether the most recent labels (the last 5, 10, 20 or 40) are wrong
    /// far more often than the evidence from before them says at their
    /// scores (the wrong rate of the older labels within `DRIFT_WINDOW`
    /// bins of each); returns how many recent labels to keep as the new
    /// evidence. Comparing at the same scores makes labels of any kind
    /// comparable (explored ones land above the threshold, the others
    /// below, where wrong answers are more common); comparing with older
    /// labels only keeps the drift itself out of the baseline.
    fn drifted(&self) -> Option<usize> {
        let len = self.labels.len();
        RECENT.iter().copied().find(|&m| {
            let Some(cut) = len.checked_sub(m).filter(|&c| c > 0) else {
                return false;
            };
            let (mut k, mut w) = (vec![0u32; BINS], vec![0u32; BINS]);
            for l in self.labels.range(..cut) {
                let b = bin(f64::from(l.score));
                if let (Some(kb), Some(wb)) = (k.get_mut(b), w.get_mut(b)) {
                    *kb += 1;
                    *wb += u32::from(!l.correct);
                }
            }
            let recent = self.labels.range(cut..);
            let (mut expected, mut wrong) = (0.0, 0);
            for l in recent {
                let b = bin(f64::from(l.score));
                let near = b.saturating_sub(DRIFT_WINDOW)..(b + DRIFT_WINDOW + 1).min(BINS);
                let sum = |v: &[u32]| v.get(near.clone()).map_or(0, |x| x.iter().sum::<u32>());
                if sum(&k) < DRIFT_MIN_OLDER {
                    return false;
                }
                expected += (f64::from(sum(&w)) + 0.5) / (f64::from(sum(&k)) + 1.0);
                wrong += usize::from(!l.correct);
            }
            let base = (expected / m as f64).max(self.error_bound / 2.0);
            binomial_tail(wrong, m, base) < DRIFT_P / RECENT.len() as f64
        })
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
        let spent_so_far = self.carried + self.served_upper();
        self.spent = spent_so_far > budget;
        let (mut k, mut best) = (0u32, None);
        let mut region = Strata::default();
        let bins = self.scores.iter().zip(&self.labelled).zip(&self.wrong);
        for (b, ((&n_b, &k_b), &w_b)) in bins.enumerate().rev() {
            k += k_b;
            region.push(n_b as f64, k_b, w_b);
            // Two bounds added, not one joint bound: a drift the evidence
            // has not caught up with leaves the served past the less
            // certain part, and the sum keeps room for it.
            let (m, v) = region.total();
            let upper = spent_so_far + SMALL_COUNT + (m + Z * libm::sqrt(v)) * HORIZON;
            if !self.spent && k >= MIN_LABELS && upper <= (1.0 + HORIZON) * budget {
                best = Some(b);
            }
        }
        self.threshold = best;
        let top = best.unwrap_or(BINS);
        self.floor = (FLOOR_WINDOW..top)
            .rev()
            .find(|&b| {
                let (k, w) = self.evidence_in(b - FLOOR_WINDOW, b);
                k >= FLOOR_MIN_LABELS && wilson_upper(k - w, k) <= FLOOR_RIGHT
            })
            .unwrap_or(0);
    }

    fn global_served(&self) -> u64 {
        self.served - self.entry_served
    }

    /// The upper bound on wrong answers among those served on the global
    /// threshold since the last drift, at the evidence's rates.
    fn served_upper(&self) -> f64 {
        let (mean, var) = self.served_strata().total();
        mean + Z * libm::sqrt(var)
    }

    fn served_strata(&self) -> Strata {
        let mut past = Strata::default();
        let served = self
            .served_scores
            .iter()
            .zip(&self.labelled)
            .zip(&self.wrong);
        for ((&s_b, &k_b), &w_b) in served.rev() {
            past.push(s_b as f64, k_b, w_b);
        }
        past
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
        let (mean, _) = self.served_strata().total();
        let fixed = self.carried + self.reserve;
        ((mean + fixed) / n, (self.served_upper() + fixed) / n)
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
        self.labelled = vec![0; BINS];
        self.wrong = vec![0; BINS];
        let labels = core::mem::take(&mut self.labels);
        for l in labels {
            if !(l.score.is_finite() && (-1.0..=1.0).contains(&l.score)) {
                return Err(check::must("bound.labels", "scores in [-1, 1]", l.score));
            }
            self.push(l);
        }
        self.refresh();
        Ok(self)
    }
}

#[cfg(test)]
#[path = "bound_tests.rs"]
mod tests;
