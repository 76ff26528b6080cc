//! Calibration of raw embedding pairs at several Matryoshka prefixes: the
//! measured per-prefix thresholds.

use super::Calibration;
use crate::error::{Error, Result};
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::vec::Vec;
use serde::Serialize;

/// One prefix length's calibration from embedding pairs.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct PrefixThreshold {
    /// Prefix length.
    pub dims: usize,
    /// F1-optimal threshold at this prefix.
    pub threshold: f64,
    /// Its F1.
    pub f: f64,
    /// ROC AUC at this prefix.
    pub auc: f64,
    /// `threshold - threshold at full dims`: the measured dimension
    /// adjustment for this prefix.
    pub shift: f64,
}

/// Calibrates raw embedding pairs (`a[i]`, `b[i]`, row-major `dims` floats
/// each) at each prefix in `prefixes` and at full dims: the measured
/// per-prefix thresholds that the dimension adjustment reads instead of the
/// seed's formula.
///
/// ```
/// // Two pairs of 2-dim embeddings: the same pair points the same way on dim 0.
/// let (a, b) = ([1.0, 0.0, 1.0, 0.0], [1.0, 0.2, -1.0, 0.1]);
/// let rows = simgate::calibrate_pairs(&a, &b, 2, &[1, 0], &[1])?;
/// assert_eq!(rows.iter().map(|r| r.dims).collect::<Vec<_>>(), [1, 2]);
/// assert_eq!(rows[0].auc, 1.0);
/// # Ok::<(), simgate::Error>(())
/// ```
#[expect(
    clippy::indexing_slicing,
    reason = "a and b are checked to hold n * dims floats for i < n; out gets one entry per prefix and always one for the full dims"
)]
pub fn calibrate_pairs(
    a: &[f32],
    b: &[f32],
    dims: usize,
    labels: &[u8],
    prefixes: &[usize],
) -> Result<Vec<PrefixThreshold>> {
    if dims == 0 {
        return Err(Error::range("dims must be a positive integer, got 0"));
    }
    if a.len() != b.len() || a.len() % dims != 0 {
        return Err(Error::range(format!(
            "a and b must both hold n * dims floats: got {} and {} with dims {dims}",
            a.len(),
            b.len()
        )));
    }
    let n = a.len() / dims;
    if labels.len() != n {
        return Err(Error::range(format!(
            "labels must have one entry per pair: got {} for {n} pairs",
            labels.len()
        )));
    }
    let mut all: Vec<f64> = prefixes.iter().map(|&p| p as f64).collect();
    all.push(dims as f64);
    let mut all: Vec<usize> = crate::order::sorted(&all)
        .into_iter()
        .map(|p| p as usize)
        .collect();
    all.dedup();
    if let Some(&p) = all.iter().find(|&&p| p == 0 || p > dims) {
        return Err(Error::range(format!(
            "prefixes must be integers from 1 to {dims}, got {p}"
        )));
    }
    let mut out = Vec::with_capacity(all.len());
    for &p in all.iter().rev() {
        let mut scores = Vec::with_capacity(n);
        for i in 0..n {
            let (x, y) = (&a[i * dims..(i + 1) * dims], &b[i * dims..(i + 1) * dims]);
            scores.push(crate::score::cosine(x, y, Some(p as f64)).map_err(|e| {
                Error::new(e.kind(), format!("pair {i} at {p} dims: {}", e.message()))
            })?);
        }
        let cal = Calibration::new(scores, labels.to_vec(), None)?;
        let best = cal.best(1.0)?;
        out.push(PrefixThreshold {
            dims: p,
            threshold: best.threshold,
            f: best.f,
            auc: cal.auc()?,
            shift: 0.0,
        });
    }
    let full = out[0].threshold;
    for r in &mut out {
        r.shift = r.threshold - full;
    }
    out.reverse();
    Ok(out)
}

/// The dimension adjustment's table from [`calibrate_pairs`]'s rows: each
/// shorter prefix's measured shift (the full-dims row, the last, has none).
pub fn shift_table(rows: &[PrefixThreshold]) -> BTreeMap<usize, f64> {
    let full = rows.last().map_or(0, |r| r.dims);
    // Inserted one by one: collecting into a BTreeMap sorts through the
    // standard library's sort, which the wasm otherwise does not carry.
    let mut table = BTreeMap::new();
    for r in rows.iter().filter(|r| r.dims != full) {
        table.insert(r.dims, r.shift);
    }
    table
}
