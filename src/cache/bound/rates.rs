//! The statistics under the bound: score bins, Wilson's bound on a rate,
//! a binomial tail, and the strata that estimate a region's wrong answers.

use super::BINS;
use alloc::vec::Vec;

/// One-sided 97.5% normal quantile for the confidence bounds.
pub(super) const Z: f64 = 1.96;

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

/// Labels a pooled block needs before it stands alone: a block of a
/// handful of labels says little about its rate, so it takes in the bins
/// below it until it holds this many.
const MIN_BLOCK: f64 = 15.0;

/// The evidence of a run of score bins: lookups, served lookups not yet
/// judged, labels, and the labels' weights (the inverse of the chance each
/// verdict had of being asked for), of wrong ones and squared.
#[derive(Clone, Copy, Default)]
pub(super) struct Block {
    pub n: f64,
    pub served: f64,
    pub k: f64,
    pub w: f64,
    pub wrong: f64,
    pub w2: f64,
}

impl Block {
    fn join(self, o: Block) -> Block {
        Block {
            n: self.n + o.n,
            served: self.served + o.served,
            k: self.k + o.k,
            w: self.w + o.w,
            wrong: self.wrong + o.wrong,
            w2: self.w2 + o.w2,
        }
    }

    /// The weighted wrong rate (labels weighted by their inverse sampling
    /// chance, so a share of lookups that was judged stands for all).
    fn rate(&self) -> f64 {
        if self.w > 0.0 {
            self.wrong / self.w
        } else {
            1.0
        }
    }

    /// The rate's variance: Agresti-Coull's centre on Kish's effective
    /// count, so a block with no wrong label still counts as uncertain and
    /// unequal weights count as fewer labels.
    fn rate_var(&self) -> f64 {
        if self.w <= 0.0 {
            return 0.0;
        }
        let eff = self.w * self.w / self.w2;
        let centre = (self.rate() * eff + Z * Z / 2.0) / (eff + Z * Z);
        centre * (1.0 - centre) / eff
    }

    /// Expected wrong answers among (lookups, served) and the variances.
    fn wrongs(&self) -> [f64; 4] {
        let (r, v) = (self.rate(), self.rate_var());
        [
            self.n * r,
            self.n * self.n * v,
            self.served * r,
            self.served * self.served * v,
        ]
    }
}

/// Pools score bins from the top down under the order P(wrong | score)
/// does not rise with the score: pool-adjacent-violators over blocks of at
/// least `MIN_BLOCK` labels, so every verdict counts for each bin of its
/// block, and a region's wrong answers are its blocks' lookups times their
/// pooled rates. Bins without labels join the block below them (whose
/// rate is at least theirs), or the lowest block at the bottom.
#[derive(Default)]
pub(super) struct Pool {
    stack: Vec<Block>,
    /// Bins taken in since the last block closed.
    open: Block,
    /// Sums of `Block::wrongs` over the stack.
    sums: [f64; 4],
}

impl Pool {
    fn add(&mut self, b: &Block, sign: f64) {
        for (s, x) in self.sums.iter_mut().zip(b.wrongs()) {
            *s += sign * x;
        }
    }

    /// Takes in the next bin down.
    pub(super) fn push(&mut self, bin: Block) {
        self.open = self.open.join(bin);
        if self.open.k < MIN_BLOCK {
            return;
        }
        let mut block = core::mem::take(&mut self.open);
        while let Some(top) = self.stack.last().copied() {
            if top.rate() < block.rate() {
                break;
            }
            self.stack.pop();
            self.add(&top, -1.0);
            block = top.join(block);
        }
        self.add(&block, 1.0);
        self.stack.push(block);
    }

    /// (expected wrong answers, variance) of the lookups and of the served
    /// lookups taken in so far; the open bins join the lowest block.
    pub(super) fn totals(&self) -> [f64; 4] {
        let mut sums = self.sums;
        let tail = match self.stack.last() {
            Some(top) => {
                for (s, x) in sums.iter_mut().zip(top.wrongs()) {
                    *s -= x;
                }
                top.join(self.open)
            }
            None => self.open,
        };
        if tail.k == 0.0 {
            // No label at all: every lookup counts as wrong.
            return [sums[0] + tail.n, sums[1], sums[2] + tail.served, sums[3]];
        }
        for (s, x) in sums.iter_mut().zip(tail.wrongs()) {
            *s += x;
        }
        sums
    }
}
