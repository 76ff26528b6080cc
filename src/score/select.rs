//! Ranking helpers: the order every result list uses (best score first, ties
//! to the lower index) and a bounded heap for top-k selection.

use alloc::collections::BinaryHeap;
use alloc::vec::Vec;
use core::cmp::Ordering;

/// One scored candidate.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Match {
    /// Row index in the vector set (insertion order).
    pub index: usize,
    /// Cosine similarity in [-1, 1].
    pub score: f32,
}

/// `Less` when `a` ranks before `b`: higher score first, then lower index.
/// Scores are finite and never -0.0 (see `vector_set`), so `total_cmp` is the
/// plain numeric order.
#[inline]
pub fn rank(a: &Match, b: &Match) -> Ordering {
    b.score.total_cmp(&a.score).then(a.index.cmp(&b.index))
}

/// Heap entry ordered by [`rank`], so the heap's top is the worst kept match.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Ranked(Match);

impl Eq for Ranked {}
impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        rank(&self.0, &other.0)
    }
}

/// The best `k` of `scores` (index = position) with score `>= min_score`,
/// best first. A k-sized heap: each candidate costs one comparison against
/// the worst kept score unless it displaces it.
pub fn top_k(scores: &[f32], k: usize, min_score: Option<f32>) -> Vec<Match> {
    top_k_where(scores, k, min_score, |_| true)
}

/// Scores per block that the full heap's worst kept score screens at once.
const SCREEN: usize = 16;

/// [`top_k`] over the positions `keep` accepts (a namespace's rows).
///
/// Once the heap holds `k` matches, a score can enter only by beating the
/// worst kept one, so a block of [`SCREEN`] scores none of which does is
/// passed over with one vectorizable comparison pass: most blocks, once the
/// heap holds good matches. The result is the same as testing each score.
pub fn top_k_where(
    scores: &[f32],
    k: usize,
    min_score: Option<f32>,
    keep: impl Fn(usize) -> bool,
) -> Vec<Match> {
    let k = k.min(scores.len());
    if k == 0 {
        return Vec::new();
    }
    let min = min_score.unwrap_or(f32::NEG_INFINITY);
    let mut heap: BinaryHeap<Ranked> = BinaryHeap::with_capacity(k);
    let offer = |heap: &mut BinaryHeap<Ranked>, index: usize, score: f32| {
        if score < min || !keep(index) {
            return;
        }
        if heap.len() < k {
            heap.push(Ranked(Match { index, score }));
        } else if let Some(mut worst) = heap.peek_mut() {
            // Indices only grow, so an equal score never displaces: ties keep
            // the lower index.
            if score > worst.0.score {
                *worst = Ranked(Match { index, score });
            }
        }
    };
    let mut blocks = scores.chunks_exact(SCREEN);
    for (b, block) in (&mut blocks).enumerate() {
        let worst = heap.peek().filter(|_| heap.len() == k).map(|r| r.0.score);
        if let Some(worst) = worst {
            if !block.iter().fold(false, |any, &s| any | (s > worst)) {
                continue;
            }
        }
        for (j, &score) in block.iter().enumerate() {
            offer(&mut heap, b * SCREEN + j, score);
        }
    }
    let done = scores.len() - blocks.remainder().len();
    for (j, &score) in blocks.remainder().iter().enumerate() {
        offer(&mut heap, done + j, score);
    }
    heap.into_sorted_vec().into_iter().map(|r| r.0).collect()
}

/// Every score `>= threshold`, best first.
pub fn above(scores: &[f32], threshold: f32) -> Vec<Match> {
    above_where(scores, threshold, |_| true)
}

/// [`above`] over the positions `keep` accepts.
pub fn above_where(scores: &[f32], threshold: f32, keep: impl Fn(usize) -> bool) -> Vec<Match> {
    let out: Vec<Match> = scores
        .iter()
        .enumerate()
        .filter(|&(i, &s)| s >= threshold && keep(i))
        .map(|(index, &score)| Match { index, score })
        .collect();
    // Built in index order, so one stable sort by score gives rank order.
    by_score(out)
}

/// `matches` in [`rank`] order, through the crate's one sort.
pub fn ranked(matches: Vec<Match>) -> Vec<Match> {
    let by_index: Vec<f64> = matches.iter().map(|m| m.index as f64).collect();
    by_score(crate::order::permute(
        &matches,
        &crate::order::order_by(&by_index, false),
    ))
}

/// Matches already in index order, put in [`rank`] order (stable, so ties
/// stay with the lower index).
fn by_score(matches: Vec<Match>) -> Vec<Match> {
    let scores: Vec<f64> = matches.iter().map(|m| f64::from(m.score)).collect();
    crate::order::permute(&matches, &crate::order::order_by(&scores, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn idx(m: &[Match]) -> Vec<usize> {
        m.iter().map(|m| m.index).collect()
    }

    #[test]
    fn top_k_orders_best_first_with_ties_to_lower_index() {
        let s = [0.5, 0.9, 0.5, 0.9, 0.1];
        assert_eq!(idx(&top_k(&s, 3, None)), [1, 3, 0]);
        assert_eq!(idx(&top_k(&s, 10, None)), [1, 3, 0, 2, 4]);
        assert!(top_k(&s, 0, None).is_empty());
        assert_eq!(idx(&top_k(&s, 10, Some(0.5))), [1, 3, 0, 2]);
        assert!(top_k(&[], 3, None).is_empty());
    }

    #[test]
    fn top_k_equals_a_full_sort_over_many_ties_and_filters() {
        // Scores on a coarse grid (many ties), in blocks the screen passes
        // over and blocks it must read.
        let mut x = 12345u32;
        let scores: Vec<f32> = (0..1003)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                (x % 41) as f32 / 40.0
            })
            .collect();
        for k in [1, 5, 16, 37, 1003] {
            for min in [None, Some(0.5)] {
                let keep = |i: usize| i % 3 != 1;
                let mut all: Vec<Match> = scores
                    .iter()
                    .enumerate()
                    .filter(|&(i, &s)| keep(i) && min.is_none_or(|m| s >= m))
                    .map(|(index, &score)| Match { index, score })
                    .collect();
                all.sort_by(rank);
                all.truncate(k);
                assert_eq!(
                    top_k_where(&scores, k, min, keep),
                    all,
                    "k = {k}, min = {min:?}"
                );
            }
        }
    }

    #[test]
    fn above_accepts_equal_scores() {
        let s = [0.8, 0.79999995, 0.81, 0.8];
        assert_eq!(idx(&above(&s, 0.8)), [2, 0, 3]);
    }
}
