//! Combining result lists from different retrievers: score normalization
//! (min-max, z-score) and reciprocal rank fusion.
//!
//! Peers disagree on the edge cases; simgate pins them:
//! - min-max of all-equal scores gives 1.0 for every item: they all tie for
//!   best, and a lone result should not be zeroed out of a fused list;
//! - z-score uses the population standard deviation; all-equal scores give
//!   0.0 for every item (each is exactly at the mean);
//! - empty input gives empty output; NaN or infinite scores are errors;
//! - RRF: `1 / (k + rank)` with rank from 1; an id missing from a list gets
//!   nothing from that list; a duplicate id within one list counts at its
//!   first (best) rank only; `k` must be a finite number > 0; ties keep the
//!   order of first appearance (list order, then rank).

use crate::check;
use crate::error::{Error, Result};
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// How to map scores onto a common scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Normalization {
    /// `(s - min) / (max - min)`, into [0, 1].
    MinMax,
    /// `(s - mean) / std` with the population standard deviation.
    ZScore,
}

impl Normalization {
    /// Reads a method by its JS name, `"minmax"` or `"zscore"`.
    pub fn parse(name: &str, given: &str) -> Result<Normalization> {
        check::one_of(
            name,
            given,
            &[
                ("minmax", Normalization::MinMax),
                ("zscore", Normalization::ZScore),
            ],
        )
    }
}

/// Normalizes `scores` (computed in f64).
///
/// ```
/// use simgate::{normalize, Normalization};
///
/// assert_eq!(normalize(&[1.0, 2.0, 3.0], Normalization::MinMax)?, [0.0, 0.5, 1.0]);
/// assert_eq!(normalize(&[0.7, 0.7], Normalization::MinMax)?, [1.0, 1.0]);
/// # Ok::<(), simgate::Error>(())
/// ```
pub fn normalize(scores: &[f64], method: Normalization) -> Result<Vec<f64>> {
    check::scores("scores", scores)?;
    if scores.is_empty() {
        return Ok(Vec::new());
    }
    Ok(match method {
        Normalization::MinMax => {
            let min = scores.iter().copied().fold(f64::INFINITY, f64::min);
            let max = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            if max == min {
                alloc::vec![1.0; scores.len()]
            } else {
                scores.iter().map(|s| (s - min) / (max - min)).collect()
            }
        }
        Normalization::ZScore => {
            let n = scores.len() as f64;
            let mean = scores.iter().sum::<f64>() / n;
            let var = scores.iter().map(|s| (s - mean) * (s - mean)).sum::<f64>() / n;
            let std = libm::sqrt(var);
            if std == 0.0 {
                alloc::vec![0.0; scores.len()]
            } else {
                scores.iter().map(|s| (s - mean) / std).collect()
            }
        }
    })
}

/// Reciprocal rank fusion of ranked id lists (best first in each list).
///
/// ```
/// let lists = [vec!["a".to_string(), "b".to_string()], vec!["b".to_string(), "c".to_string()]];
/// let fused = simgate::rrf(&lists, 60.0)?;
/// assert_eq!(fused[0].0, "b"); // 1/62 + 1/61 beats a's 1/61
/// # Ok::<(), simgate::Error>(())
/// ```
pub fn rrf(lists: &[Vec<String>], k: f64) -> Result<Vec<(String, f64)>> {
    if !(k.is_finite() && k > 0.0) {
        return Err(Error::range(format!(
            "k must be a finite number > 0, got {k}"
        )));
    }
    // Ids in order of first appearance, their fused scores, and the last
    // list each was seen in (a repeat within one list counts once).
    let mut slot: BTreeMap<String, usize> = BTreeMap::new();
    // (id, fused score, last list it was seen in)
    let mut fused: Vec<(&str, f64, usize)> = Vec::new();
    for (l, list) in lists.iter().enumerate() {
        for (r, id) in list.iter().enumerate() {
            let at = *slot.entry(id.clone()).or_insert_with(|| {
                fused.push((id.as_str(), 0.0, usize::MAX));
                fused.len() - 1
            });
            if let Some(entry) = fused.get_mut(at).filter(|e| e.2 != l) {
                entry.1 += 1.0 / (k + (r + 1) as f64);
                entry.2 = l;
            }
        }
    }
    // Stable, so ties keep the order of first appearance.
    let scores: Vec<f64> = fused.iter().map(|e| e.1).collect();
    Ok(
        crate::order::permute(&fused, &crate::order::order_by(&scores, true))
            .into_iter()
            .map(|(id, score, _)| (String::from(id), score))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec;

    #[test]
    fn normalization_edge_cases() {
        assert_eq!(
            normalize(&[1.0, 3.0, 2.0], Normalization::MinMax).unwrap(),
            [0.0, 1.0, 0.5]
        );
        assert_eq!(
            normalize(&[0.7, 0.7], Normalization::MinMax).unwrap(),
            [1.0, 1.0]
        );
        assert_eq!(
            normalize(&[0.7, 0.7], Normalization::ZScore).unwrap(),
            [0.0, 0.0]
        );
        // mean 2, population std sqrt(2/3)
        let z = normalize(&[1.0, 2.0, 3.0], Normalization::ZScore).unwrap();
        let sd = (2.0f64 / 3.0).sqrt();
        assert_eq!(z, [-1.0 / sd, 0.0, 1.0 / sd]);
        assert!(normalize(&[], Normalization::ZScore).unwrap().is_empty());
        assert_eq!(
            normalize(&[1.0, f64::NAN], Normalization::MinMax)
                .unwrap_err()
                .to_string(),
            "scores[1] must be a finite number, got NaN"
        );
    }

    #[test]
    fn rrf_hand_computed() {
        let l = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let fused = rrf(&[l(&["a", "b", "c"]), l(&["b", "a", "b"]), l(&["d"])], 60.0).unwrap();
        let ids: Vec<&str> = fused.iter().map(|(id, _)| id.as_str()).collect();
        // a: 1/61 + 1/62, b: 1/62 + 1/61 (duplicate ignored), c: 1/63, d: 1/61.
        assert_eq!(ids, ["a", "b", "d", "c"]);
        assert_eq!(fused[0].1, 1.0 / 61.0 + 1.0 / 62.0);
        assert_eq!(fused[2].1, 1.0 / 61.0);
        assert!(rrf(&[], 60.0).unwrap().is_empty());
        assert_eq!(
            rrf(&[vec![]], 0.0).unwrap_err().to_string(),
            "k must be a finite number > 0, got 0"
        );
    }
}
