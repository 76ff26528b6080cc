//! A set split across shards: which shard owns an id ([`shard_of`], the
//! same answer in every writer and reader), and merging the shards' top-k
//! lists into one ([`merge_top_k`]): what a front Worker does with the
//! answers of its shard Durable Objects.
//!
//! Every shard ranks its own rows exactly, so the best `k` of the union are
//! among the shards' best `k` each: merging their lists gives exactly the
//! top `k` of one set holding every row (ties: lower shard, then lower
//! index, a fixed order every front Worker agrees on).

use crate::check;
use crate::error::Result;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::cmp::Ordering;

/// One candidate from one shard's list.
#[derive(Clone, Debug, PartialEq)]
pub struct ShardMatch {
    /// The shard the candidate came from (its list's position).
    pub shard: usize,
    /// The row's index within its shard.
    pub index: usize,
    /// The row's id, when it has one.
    pub id: Option<String>,
    /// Cosine similarity in [-1, 1].
    pub score: f32,
}

/// The shard (of `shards`) that owns `id`: 32-bit FNV-1a over the id's
/// UTF-8 bytes, modulo `shards`. Stable across versions, platforms and
/// languages (a few lines to port), so `simgate pack --shards`, a front
/// Worker and any other writer route an id to the same shard.
pub fn shard_of(id: &str, shards: u32) -> Result<u32> {
    if shards == 0 {
        return Err(check::must("shards", "an integer >= 1", 0));
    }
    let mut h: u32 = 0x811c_9dc5;
    for &b in id.as_bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    Ok(h % shards)
}

/// The best `k` candidates of every shard's list together: highest score
/// first, then lower shard, then lower index. Scores must be finite cosines
/// in [-1, 1]; the error names the list and the position.
pub fn merge_top_k(lists: Vec<Vec<ShardMatch>>, k: usize) -> Result<Vec<ShardMatch>> {
    let mut all: Vec<ShardMatch> = Vec::new();
    for (s, list) in lists.into_iter().enumerate() {
        for (i, mut m) in list.into_iter().enumerate() {
            let x = f64::from(m.score);
            if !(x.is_finite() && (-1.0..=1.0).contains(&x)) {
                check::unit(&format!("lists[{s}][{i}].score"), x)?;
            }
            m.shard = s;
            all.push(m);
        }
    }
    all.sort_by(ranked);
    all.truncate(k);
    Ok(all)
}

/// Higher score first, then lower shard, then lower index (`-0.0` and
/// `0.0` are equal).
fn ranked(a: &ShardMatch, b: &ShardMatch) -> Ordering {
    b.score
        .partial_cmp(&a.score)
        .unwrap_or(Ordering::Equal)
        .then(a.shard.cmp(&b.shard))
        .then(a.index.cmp(&b.index))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec;

    fn m(index: usize, score: f32) -> ShardMatch {
        ShardMatch {
            shard: 0,
            index,
            id: None,
            score,
        }
    }

    #[test]
    fn best_first_with_ties_by_shard_then_index() {
        let merged = merge_top_k(
            vec![
                vec![m(4, 0.9), m(1, 0.5)],
                vec![m(0, 0.9), m(2, 0.95)],
                vec![],
            ],
            3,
        )
        .unwrap();
        let got: Vec<(usize, usize, f32)> =
            merged.iter().map(|x| (x.shard, x.index, x.score)).collect();
        assert_eq!(got, [(1, 2, 0.95), (0, 4, 0.9), (1, 0, 0.9)]);
        assert!(merge_top_k(vec![], 5).unwrap().is_empty());
        assert_eq!(merge_top_k(vec![vec![m(0, 0.1)]], 0).unwrap(), []);
    }

    #[test]
    fn shard_of_is_fnv1a_modulo() {
        // FNV-1a 32 reference values: "" -> 0x811c9dc5, "a" -> 0xe40c292c,
        // "foobar" -> 0xbf9cf968.
        assert_eq!(shard_of("", u32::MAX).unwrap(), 0x811c_9dc5);
        assert_eq!(shard_of("a", 1 << 31).unwrap(), 0xe40c_292c % (1 << 31));
        assert_eq!(shard_of("foobar", 1000).unwrap(), 0xbf9c_f968 % 1000);
        assert_eq!(shard_of("anything", 1).unwrap(), 0);
        assert!(shard_of("a", 0).is_err());
    }

    #[test]
    fn scores_outside_cosine_are_errors_naming_the_place() {
        let e = merge_top_k(vec![vec![m(0, 0.5)], vec![m(1, 0.2), m(2, f32::NAN)]], 2)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("lists[1][1].score"), "{e}");
        assert!(merge_top_k(vec![vec![m(0, 1.5)]], 1).is_err());
    }
}
