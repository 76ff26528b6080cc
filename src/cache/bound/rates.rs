//! The statistics under the bound: score bins, Wilson's bound on a rate,
//! a binomial tail, and the strata that estimate a region's wrong answers.

use super::BINS;

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

/// Labels a stratum of the served region holds (the last may hold fewer).
const STRATUM: u32 = 15;

/// The expected number of wrong answers among the lookups of a region,
/// bin by bin from the top: the bins are grouped into strata of at least
/// `STRATUM` labels, each stratum's lookups weighted by its own wrong rate.
/// Within a stratum the labels are close in score, so the sampling (every
/// lookup below the threshold, a share above it) hardly tilts its rate;
/// across strata it does not matter at all.
#[derive(Default)]
pub(super) struct Strata {
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

    pub(super) fn push(&mut self, n: f64, k: u32, w: u32) {
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
    pub(super) fn total(&self) -> (f64, f64) {
        let o = self.open;
        let tail = self.last.map_or(o, |l| (l.0 + o.0, l.1 + o.1, l.2 + o.2));
        let (m, v) = Self::of(tail);
        (self.mean + m, self.var + v)
    }
}
