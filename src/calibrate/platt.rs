//! Platt scaling, fitted as scikit-learn's `_sigmoid_calibration`.

use alloc::vec::Vec;
use serde::Serialize;

/// Platt scaling parameters: `p = 1 / (1 + exp(a * s + b))`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Platt {
    /// Slope (negative when higher scores mean "same").
    pub a: f64,
    /// Intercept.
    pub b: f64,
}

impl Platt {
    /// The calibrated probability at `score`, computed without overflow.
    pub fn predict(&self, score: f64) -> f64 {
        let z = self.a * score + self.b;
        if z >= 0.0 {
            let e = libm::exp(-z);
            e / (1.0 + e)
        } else {
            1.0 / (1.0 + libm::exp(z))
        }
    }
}

pub(super) fn fit_platt(scores: &[f64], labels: &[u8]) -> Platt {
    let max_abs = scores.iter().fold(0.0f64, |m, s| m.max(s.abs()));
    let scale = if max_abs >= 30.0 { max_abs } else { 1.0 };
    let f: Vec<f64> = scores.iter().map(|s| s / scale).collect();
    let prior1 = labels.iter().filter(|&&l| l == 1).count() as f64;
    let prior0 = labels.len() as f64 - prior1;
    let hi = (prior1 + 1.0) / (prior1 + 2.0);
    let lo = 1.0 / (prior0 + 2.0);
    let t: Vec<f64> = labels
        .iter()
        .map(|&l| if l == 1 { hi } else { lo })
        .collect();
    // Negative log-likelihood with smoothed targets, stable for any z.
    let objective = |a: f64, b: f64| -> f64 {
        f.iter()
            .zip(&t)
            .map(|(&fi, &ti)| {
                let z = fi * a + b;
                if z >= 0.0 {
                    ti * z + libm::log1p(libm::exp(-z))
                } else {
                    (ti - 1.0) * z + libm::log1p(libm::exp(z))
                }
            })
            .sum()
    };
    let (mut a, mut b) = (0.0, libm::log((prior0 + 1.0) / (prior1 + 1.0)));
    let mut fval = objective(a, b);
    let sigma = 1e-12;
    let n = f.len() as f64;
    for _ in 0..100 {
        let (mut h11, mut h22, mut h21, mut g1, mut g2) = (sigma, sigma, 0.0, 0.0, 0.0);
        for (&fi, &ti) in f.iter().zip(&t) {
            let z = fi * a + b;
            let (p, q) = if z >= 0.0 {
                let e = libm::exp(-z);
                (e / (1.0 + e), 1.0 / (1.0 + e))
            } else {
                let e = libm::exp(z);
                (1.0 / (1.0 + e), e / (1.0 + e))
            };
            let d2 = p * q;
            h11 += fi * fi * d2;
            h22 += d2;
            h21 += fi * d2;
            let d1 = ti - p;
            g1 += fi * d1;
            g2 += d1;
        }
        // The gradient is a sum over all pairs, so its rounding noise grows
        // with n: an absolute tolerance would never be met on large data.
        if g1.abs().max(g2.abs()) < 1e-12 * n {
            break;
        }
        let det = h11 * h22 - h21 * h21;
        let da = -(h22 * g1 - h21 * g2) / det;
        let db = -(-h21 * g1 + h11 * g2) / det;
        let gd = g1 * da + g2 * db;
        let mut step = 1.0;
        let mut moved = false;
        while step >= 1e-12 {
            let (na, nb) = (a + step * da, b + step * db);
            let nf = objective(na, nb);
            if nf <= fval + 1e-4 * step * gd {
                // Converged when the step no longer changes the parameters.
                moved = (na - a).abs() > 1e-15 * (1.0 + a.abs())
                    || (nb - b).abs() > 1e-15 * (1.0 + b.abs());
                a = na;
                b = nb;
                fval = nf;
                break;
            }
            step /= 2.0;
        }
        if !moved {
            break;
        }
    }
    Platt { a: a / scale, b }
}
