//! Watching live scores after deployment: hit rate, mean score on hits,
//! borderline hits, cache tiers, a score histogram and its drift (PSI)
//! against a reference, plain-language advice, and a uniform sample of
//! borderline events for a reviewer.
//!
//! Memory is bounded: counts, one histogram and the sample; no per-event
//! storage. Monitors of several isolates merge exactly (counts and the sum
//! of scores on hits are integers; the merged sample is a uniform sample of
//! both streams), and the state round-trips through plain data so a Worker
//! can keep it in Durable Object storage or KV.

use crate::check;
use crate::error::{Error, Result};
use crate::rng::SplitMix64;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// Scores on hits are summed in millionths (exact integer addition, so a
/// merge equals one monitor that saw every event; a mean to 1e-6 is all
/// anyone reads).
const MICRO: f64 = 1e6;
/// A zero share in PSI is taken as this on either side.
const PSI_FLOOR: f64 = 1e-4;
/// Advice on the hit rate waits for this many events.
const ADVICE_MIN_EVENTS: u64 = 20;

/// What an event may carry besides its score; kept only for sampled
/// (borderline) events.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MonitorEvent {
    /// Whether the event was a hit; by default `score >= threshold`.
    pub hit: Option<bool>,
    pub id: Option<String>,
    pub query: Option<String>,
    pub matched: Option<String>,
    pub kind: Option<String>,
    /// When it happened (any clock the caller uses, e.g. ms since epoch).
    pub time: Option<f64>,
}

/// A sampled borderline event.
#[derive(Clone, Debug, PartialEq)]
pub struct Sampled {
    pub score: f64,
    pub event: MonitorEvent,
}

/// How a monitor judges events; two monitors merge only with equal options.
#[derive(Clone, Debug, PartialEq)]
pub struct MonitorOptions {
    pub threshold: f64,
    /// Hits with `threshold <= score < threshold + borderline` are borderline.
    pub borderline: f64,
    /// Cache tiers `(confident, tentative)`, when counted.
    pub tiers: Option<(f64, f64)>,
    /// Histogram edges (bins + 1, increasing): the reference's when given,
    /// else equal bins over [0, 1].
    pub edges: Vec<f64>,
    /// The reference histogram's counts on `edges`, for PSI.
    pub reference: Option<Vec<f64>>,
    /// Size of the borderline sample.
    pub sample: usize,
}

impl MonitorOptions {
    /// Checks every option; `bins` is used when no reference is given.
    pub fn new(
        threshold: f64,
        borderline: Option<f64>,
        tiers: Option<(f64, f64)>,
        bins: Option<usize>,
        reference: Option<(Vec<f64>, Vec<f64>)>,
        sample: Option<usize>,
    ) -> Result<MonitorOptions> {
        let threshold = check::unit("threshold", threshold)?;
        let borderline = borderline.unwrap_or(0.05);
        if !(borderline.is_finite() && borderline > 0.0 && borderline <= 1.0) {
            return Err(check::must("borderline", "a number in (0, 1]", borderline));
        }
        if let Some((confident, tentative)) = tiers {
            check::unit("tiers.confident", confident)?;
            check::unit("tiers.tentative", tentative)?;
            if tentative > confident {
                return Err(Error::range(format!(
                    "tiers.tentative ({tentative}) must not exceed tiers.confident ({confident})"
                )));
            }
        }
        let sample = sample.unwrap_or(100);
        if sample > 100_000 {
            return Err(check::must("sample", "an integer from 0 to 100000", sample));
        }
        let (edges, reference) = match reference {
            Some((edges, counts)) => {
                if edges.len() < 2 || counts.len() + 1 != edges.len() {
                    return Err(Error::range(format!(
                        "reference.edges must hold one more value than reference.counts (bins + 1 edges), got {} edges and {} counts",
                        edges.len(),
                        counts.len()
                    )));
                }
                if let Some((i, e)) = edges.iter().enumerate().find(|(_, e)| !e.is_finite()) {
                    return Err(check::must(
                        &format!("reference.edges[{i}]"),
                        "a finite number",
                        e,
                    ));
                }
                if let Some((i, (a, b))) = edges
                    .iter()
                    .zip(edges.iter().skip(1))
                    .enumerate()
                    .find(|(_, (a, b))| b <= a)
                {
                    return Err(Error::range(format!(
                        "reference.edges must increase, but edges[{}] = {b} follows {a}",
                        i + 1
                    )));
                }
                if let Some((i, c)) = counts
                    .iter()
                    .enumerate()
                    .find(|(_, c)| !(c.is_finite() && **c >= 0.0))
                {
                    return Err(check::must(
                        &format!("reference.counts[{i}]"),
                        "a non-negative number",
                        c,
                    ));
                }
                if counts.iter().sum::<f64>() <= 0.0 {
                    return Err(Error::range("reference.counts must not all be zero"));
                }
                (edges, Some(counts))
            }
            None => {
                let bins = bins.unwrap_or(20);
                if bins == 0 || bins > 10_000 {
                    return Err(check::must("bins", "an integer from 1 to 10000", bins));
                }
                ((0..=bins).map(|i| i as f64 / bins as f64).collect(), None)
            }
        };
        Ok(MonitorOptions {
            threshold,
            borderline,
            tiers,
            edges,
            reference,
            sample,
        })
    }
}

/// The running counts of one monitor.
#[derive(Clone, Debug, PartialEq)]
pub struct Monitor {
    pub options: MonitorOptions,
    pub count: u64,
    pub hits: u64,
    /// Sum of scores on hits, in millionths.
    pub hit_sum_micro: i64,
    pub borderline: u64,
    /// Confident, tentative, miss (when tiers are counted).
    pub tiers: [u64; 3],
    pub histogram: Vec<u64>,
    pub samples: Vec<Sampled>,
    pub(crate) rng: SplitMix64,
}

/// What the counts mean now.
#[derive(Clone, Debug, PartialEq)]
pub struct MonitorStats {
    pub count: u64,
    pub hits: u64,
    pub hit_rate: Option<f64>,
    pub mean_score_on_hits: Option<f64>,
    pub borderline: u64,
    pub borderline_share: Option<f64>,
    pub tiers: Option<[u64; 3]>,
    pub psi: Option<f64>,
    pub drift: Option<&'static str>,
    pub advice: Vec<String>,
}

impl Monitor {
    /// An empty monitor; `seed` makes its sample reproducible.
    pub fn new(options: MonitorOptions, seed: u64) -> Monitor {
        let bins = options.edges.len() - 1;
        Monitor {
            options,
            count: 0,
            hits: 0,
            hit_sum_micro: 0,
            borderline: 0,
            tiers: [0; 3],
            histogram: alloc::vec![0; bins],
            samples: Vec::new(),
            rng: SplitMix64(seed),
        }
    }

    /// Records one event (the state is unchanged when it is refused).
    pub fn record(&mut self, score: f64, event: MonitorEvent) -> Result<()> {
        if !(score.is_finite() && (-1.0..=1.0).contains(&score)) {
            return Err(check::must("score", "a finite number in [-1, 1]", score));
        }
        self.count_one(score, Some(event));
        Ok(())
    }

    /// Records scores without event fields (all checked before any counts).
    pub fn record_many(&mut self, scores: &[f64]) -> Result<()> {
        if let Some((i, s)) = scores
            .iter()
            .enumerate()
            .find(|(_, s)| !(s.is_finite() && (-1.0..=1.0).contains(*s)))
        {
            return Err(check::must(
                &format!("scores[{i}]"),
                "a finite number in [-1, 1]",
                s,
            ));
        }
        for &s in scores {
            self.count_one(s, None);
        }
        Ok(())
    }

    fn count_one(&mut self, score: f64, event: Option<MonitorEvent>) {
        let o = &self.options;
        self.count += 1;
        let bin = self.bin(score);
        if let Some(c) = self.histogram.get_mut(bin) {
            *c += 1;
        }
        if let Some((confident, tentative)) = o.tiers {
            let t = if score >= confident {
                0
            } else if score >= tentative {
                1
            } else {
                2
            };
            if let Some(c) = self.tiers.get_mut(t) {
                *c += 1;
            }
        }
        let hit = event
            .as_ref()
            .and_then(|e| e.hit)
            .unwrap_or(score >= o.threshold);
        if !hit {
            return;
        }
        self.hits += 1;
        self.hit_sum_micro += libm::round(score * MICRO) as i64;
        if score >= o.threshold && score < o.threshold + o.borderline {
            self.borderline += 1;
            let sampled = Sampled {
                score,
                event: event.unwrap_or_default(),
            };
            // Reservoir sampling (Algorithm R): every borderline event so
            // far is in the sample with the same probability.
            if self.samples.len() < o.sample {
                self.samples.push(sampled);
            } else {
                let j = self.rng.below(self.borderline) as usize;
                if let Some(slot) = self.samples.get_mut(j) {
                    *slot = sampled;
                }
            }
        }
    }

    /// The histogram bin of `score`: outside the edges, the first or last.
    fn bin(&self, score: f64) -> usize {
        let e = &self.options.edges;
        let bins = e.len() - 1;
        // The last edge closes the last bin.
        e.partition_point(|&x| x <= score)
            .saturating_sub(1)
            .min(bins - 1)
    }

    /// Adds `other`'s events: counts add up exactly, and the sample stays a
    /// uniform sample of both streams' borderline events.
    pub fn merge(&mut self, other: &Monitor) -> Result<()> {
        if self.options != other.options {
            return Err(Error::value(merge_mismatch(&self.options, &other.options)));
        }
        // How many of the merged sample come from each side: draws without
        // replacement from the two populations of borderline events.
        let m = self.options.sample;
        let (mut left, mut right) = (self.borderline, other.borderline);
        let total = (m as u64).min(left + right) as usize;
        let mut from_self = 0usize;
        for _ in 0..total {
            if self.rng.below(left + right) < left {
                from_self += 1;
                left -= 1;
            } else {
                right -= 1;
            }
        }
        let take = |rng: &mut SplitMix64, from: &[Sampled], n: usize| -> Vec<Sampled> {
            let mut pool: Vec<Sampled> = from.to_vec();
            let mut out = Vec::with_capacity(n);
            for _ in 0..n.min(pool.len()) {
                let j = rng.below(pool.len() as u64) as usize;
                out.push(pool.swap_remove(j));
            }
            out
        };
        // Each side's sample is uniform over its own borderline events, so
        // a uniform subset of each, in these numbers, is uniform over both.
        let mut samples = take(&mut self.rng, &self.samples, from_self);
        samples.extend(take(&mut self.rng, &other.samples, total - from_self));
        self.samples = samples;
        self.count += other.count;
        self.hits += other.hits;
        self.hit_sum_micro += other.hit_sum_micro;
        self.borderline += other.borderline;
        for (a, b) in self.tiers.iter_mut().zip(other.tiers) {
            *a += b;
        }
        for (a, b) in self.histogram.iter_mut().zip(&other.histogram) {
            *a += b;
        }
        Ok(())
    }

    /// PSI of the live histogram against the reference (see the module
    /// docs of `psi`), when there is a reference and an event.
    pub fn psi(&self) -> Option<f64> {
        let reference = self.options.reference.as_ref()?;
        if self.count == 0 {
            return None;
        }
        Some(psi(reference, &self.histogram))
    }

    /// The figures and the advice they call for.
    pub fn stats(&self) -> MonitorStats {
        let o = &self.options;
        let ratio = |a: u64, b: u64| (b > 0).then(|| a as f64 / b as f64);
        let mean = (self.hits > 0).then(|| self.hit_sum_micro as f64 / MICRO / self.hits as f64);
        let psi = self.psi();
        let drift = psi.map(|p| {
            if p < 0.1 {
                "stable"
            } else if p < 0.25 {
                "moderate"
            } else {
                "major"
            }
        });
        let mut advice = Vec::new();
        let hit_rate = ratio(self.hits, self.count);
        if let Some(rate) = hit_rate.filter(|_| self.count >= ADVICE_MIN_EVENTS) {
            if rate < 0.3 {
                advice.push(format!(
                    "Hit rate is {:.0}% ({} of {}), below 30%: the threshold {} may be too high for this traffic, or the traffic is too unique to match; look at a sample of misses.",
                    rate * 100.0,
                    self.hits,
                    self.count,
                    crate::thresholds::fmt_threshold(o.threshold)
                ));
            }
        }
        if let Some(m) = mean {
            if m - o.threshold < 0.03 {
                advice.push(format!(
                    "Mean score on hits is {m:.3}, within 0.03 of the threshold {}: many hits are borderline; review them.",
                    crate::thresholds::fmt_threshold(o.threshold)
                ));
            }
        }
        if let (Some(p), Some(d)) = (psi, drift) {
            if d != "stable" {
                advice.push(format!(
                    "Scores have drifted from the reference (PSI {p:.3}, {d}): re-calibrate the threshold on fresh labeled pairs{}.",
                    if d == "major" { " before trusting it" } else { "" }
                ));
            }
        }
        if !self.samples.is_empty() {
            advice.push(format!(
                "{} borderline hits (scores from {} to below {}) are sampled for review, of {} in all: label them and calibrate again.",
                self.samples.len(),
                crate::thresholds::fmt_threshold(o.threshold),
                crate::thresholds::fmt_threshold(o.threshold + o.borderline),
                self.borderline
            ));
        }
        MonitorStats {
            count: self.count,
            hits: self.hits,
            hit_rate,
            mean_score_on_hits: mean,
            borderline: self.borderline,
            borderline_share: ratio(self.borderline, self.hits),
            tiers: o.tiers.map(|_| self.tiers),
            psi,
            drift,
            advice,
        }
    }

    /// Checks that restored counts add up (a tampered or corrupted state is
    /// refused rather than reported).
    pub fn check_state(&self) -> Result<()> {
        let total: u64 = self.histogram.iter().sum();
        let bad = |what: String| Err(Error::value(format!("counts do not add up: {what}")));
        if self.histogram.len() + 1 != self.options.edges.len() {
            return bad(format!(
                "{} histogram bins for {} edges",
                self.histogram.len(),
                self.options.edges.len()
            ));
        }
        if total != self.count {
            return bad(format!(
                "the histogram holds {total} events, count is {}",
                self.count
            ));
        }
        if self.hits > self.count {
            return bad(format!(
                "hits ({}) exceed count ({})",
                self.hits, self.count
            ));
        }
        if self.borderline > self.hits {
            return bad(format!(
                "borderline ({}) exceeds hits ({})",
                self.borderline, self.hits
            ));
        }
        if self.options.tiers.is_some() && self.tiers.iter().sum::<u64>() != self.count {
            return bad(format!(
                "the tiers hold {} events, count is {}",
                self.tiers.iter().sum::<u64>(),
                self.count
            ));
        }
        let most = self.hits as f64 * MICRO;
        if (self.hit_sum_micro as f64).abs() > most {
            return bad(format!(
                "the sum of scores on hits ({}) is beyond {} hits",
                self.hit_sum_micro as f64 / MICRO,
                self.hits
            ));
        }
        let want = self.options.sample.min(self.borderline as usize);
        if self.samples.len() != want {
            return bad(format!(
                "{} sampled events, expected {want}",
                self.samples.len()
            ));
        }
        let o = &self.options;
        if let Some(s) = self
            .samples
            .iter()
            .find(|s| !(s.score >= o.threshold && s.score < o.threshold + o.borderline))
        {
            return bad(format!("a sampled score {} is not borderline", s.score));
        }
        Ok(())
    }
}

/// Which option differs, for the merge error.
fn merge_mismatch(a: &MonitorOptions, b: &MonitorOptions) -> String {
    let which = if a.threshold != b.threshold {
        format!("threshold {} vs {}", a.threshold, b.threshold)
    } else if a.borderline != b.borderline {
        format!("borderline {} vs {}", a.borderline, b.borderline)
    } else if a.tiers != b.tiers {
        "tiers".into()
    } else if a.edges != b.edges || a.reference != b.reference {
        "histogram edges or reference".into()
    } else {
        format!("sample size {} vs {}", a.sample, b.sample)
    };
    format!("other must be a Monitor with the same options to merge ({which})")
}

/// Population stability index of `now` against `reference` (same bins):
/// shares p = count / total per bin, a zero share taken as 1e-4 on either
/// side, PSI = sum (p_now - p_ref) * ln(p_now / p_ref).
pub fn psi(reference: &[f64], now: &[u64]) -> f64 {
    let rt: f64 = reference.iter().sum();
    let nt: f64 = now.iter().map(|&c| c as f64).sum();
    reference
        .iter()
        .zip(now)
        .map(|(&r, &n)| {
            let pr = if r > 0.0 { r / rt } else { PSI_FLOOR };
            let pn = if n > 0 { n as f64 / nt } else { PSI_FLOOR };
            (pn - pr) * libm::log(pn / pr)
        })
        .sum()
}

#[cfg(test)]
#[path = "monitor_tests.rs"]
mod tests;
