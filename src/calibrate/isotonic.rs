//! Isotonic regression of label on score (pool adjacent violators), as
//! scikit-learn's `IsotonicRegression(out_of_bounds="clip")`, and its
//! prediction by linear interpolation as `numpy.interp`.

use alloc::vec::Vec;

/// Fitted isotonic regression: the kept step points, interpolated linearly.
#[derive(Clone, Debug, PartialEq)]
pub struct Isotonic {
    /// Scores of the kept points, ascending.
    pub x: Vec<f64>,
    /// Fitted probabilities at those scores, non-decreasing in [0, 1].
    pub y: Vec<f64>,
}

impl Isotonic {
    /// The fitted probability at `score`, clipped to the fitted range, as
    /// `numpy.interp` computes it: at a knot, the knot's own value (never a
    /// value interpolated from the left segment, which can differ in the
    /// last bit and move an in-sample probability into another bin).
    #[expect(
        clippy::indexing_slicing,
        reason = "x and y have equal length >= 2 past the guard; j is clamped to 0..len-1 and j + 1 < len where read"
    )]
    pub fn predict(&self, score: f64) -> f64 {
        let (x, y) = (&self.x, &self.y);
        // Fitting keeps at least one point; a hand-built empty or ragged
        // curve has no answer rather than a panic.
        if x.len() < 2 || x.len() != y.len() {
            return if x.len() == y.len() {
                y.first().copied().unwrap_or(f64::NAN)
            } else {
                f64::NAN
            };
        }
        let last = x.len() - 1;
        if score <= x[0] {
            return y[0];
        }
        if score >= x[last] {
            return y[last];
        }
        // The last knot at or below the score: x[j] <= score < x[j + 1].
        let j = (x.partition_point(|&v| v <= score) - 1).min(last - 1);
        if x[j] == score {
            return y[j];
        }
        let slope = (y[j + 1] - y[j]) / (x[j + 1] - x[j]);
        slope * (score - x[j]) + y[j]
    }
}

/// Fits the regression over the pairs in `order` (descending score).
#[expect(
    clippy::indexing_slicing,
    reason = "order is a permutation of the pairs; k < xs.len() = ys.len() = ws.len(); the merge runs only with >= 2 blocks; neighbours are read only for 0 < i < n - 1"
)]
pub(super) fn fit_isotonic(scores: &[f64], labels: &[u8], order: &[u32]) -> Isotonic {
    // Unique scores ascending with the mean label and the count of each.
    let mut xs: Vec<f64> = Vec::new();
    let mut ys: Vec<f64> = Vec::new();
    let mut ws: Vec<f64> = Vec::new();
    for &i in order.iter().rev() {
        let (s, y) = (scores[i as usize], f64::from(labels[i as usize]));
        if xs.last() == Some(&s) {
            let k = ys.len() - 1;
            ys[k] += y;
            ws[k] += 1.0;
        } else {
            xs.push(s);
            ys.push(y);
            ws.push(1.0);
        }
    }
    for (y, w) in ys.iter_mut().zip(&ws) {
        *y /= w;
    }
    // Pool adjacent violators over blocks (value, weight, length).
    let mut blocks: Vec<(f64, f64, usize)> = Vec::with_capacity(ys.len());
    for (&y, &w) in ys.iter().zip(&ws) {
        blocks.push((y, w, 1));
        while blocks.len() > 1 {
            let (v2, w2, l2) = blocks[blocks.len() - 1];
            let (v1, w1, l1) = blocks[blocks.len() - 2];
            if v1 <= v2 {
                break;
            }
            blocks.pop();
            let k = blocks.len() - 1;
            blocks[k] = ((v1 * w1 + v2 * w2) / (w1 + w2), w1 + w2, l1 + l2);
        }
    }
    let fitted: Vec<f64> = blocks
        .iter()
        .flat_map(|&(v, _, l)| core::iter::repeat_n(v, l))
        .collect();
    // Keep the first and last points and any point whose value differs from
    // a neighbour's (sklearn's trim_duplicates).
    let n = xs.len();
    let mut x = Vec::new();
    let mut y = Vec::new();
    for i in 0..n {
        let keep = i == 0 || i == n - 1 || fitted[i] != fitted[i - 1] || fitted[i] != fitted[i + 1];
        if keep {
            x.push(xs[i]);
            y.push(fitted[i]);
        }
    }
    Isotonic { x, y }
}
