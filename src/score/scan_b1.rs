//! Scoring rows kept as sign bits: popcounts of differing signs, turned
//! into the estimated cosine `cos(pi * h / p)` through a per-query table.

use super::kernel_b1::{distances, distances_of_chunk, hamming, BitBlock, CHUNK};
use super::select::{self, Match};
use crate::store::{encode_signs, words, B1Rows, Layout, Prefix};
use alloc::vec::Vec;

/// A query's sign bits over its prefix, and `cos(pi * h / p)` for every
/// possible distance `h` (a table, so a row costs popcounts and one load).
#[derive(Clone, Debug, Default)]
pub(crate) struct B1Query {
    /// Per touched block, its words (the partial block's bits beyond the
    /// prefix are zero).
    pub(crate) bits: Vec<u64>,
    /// `cos(pi * h / p)` for `h` in `0..=p`.
    pub(crate) cos: Vec<f32>,
    /// Bits of the last word of the partial block that are inside the prefix.
    pub(crate) last_mask: u64,
}

impl B1Query {
    /// The sign bits of the query prefix `q` and the cosine table for `p = q.len()`.
    #[expect(
        clippy::indexing_slicing,
        reason = "each block slice is clamped to q.len()"
    )]
    pub(crate) fn prepare(&mut self, layout: &Layout, q: &[f32]) {
        let p = q.len();
        self.bits.clear();
        for &(start, end) in &layout.blocks {
            if start >= p {
                break;
            }
            encode_signs(&q[start..end.min(p)], &mut self.bits);
        }
        let at = layout.prefix(p);
        self.last_mask = match at.partial % 64 {
            0 => u64::MAX,
            r => (1u64 << r) - 1,
        };
        self.cos.clear();
        let step = core::f64::consts::PI / p as f64;
        self.cos
            .extend((0..=p).map(|h| libm::cos(step * h as f64) as f32));
    }
}

impl B1Rows {
    /// Differing signs of row `i` and the query over the prefix.
    #[inline(always)]
    #[expect(
        clippy::indexing_slicing,
        reason = "prefix() keeps whole_blocks within blocks; the query holds the words of every touched block; i < len"
    )]
    fn distance(&self, layout: &Layout, q: &B1Query, at: Prefix, i: usize) -> usize {
        let mut h = 0u32;
        let mut offset = 0;
        for (b, &(start, end)) in self.blocks[..at.whole_blocks].iter().zip(&layout.blocks) {
            let w = words(end - start);
            h += hamming(&q.bits[offset..offset + w], &b[i * w..(i + 1) * w]);
            offset += w;
        }
        if at.partial > 0 {
            let (start, end) = layout.blocks[at.whole_blocks];
            let w = words(end - start);
            let used = words(at.partial);
            let row = &self.blocks[at.whole_blocks][i * w..i * w + used];
            let qw = &q.bits[offset..offset + used];
            h += hamming(&qw[..used - 1], &row[..used - 1]);
            h += ((qw[used - 1] ^ row[used - 1]) & q.last_mask).count_ones();
        }
        h as usize
    }

    /// The estimated cosine of row `i` over the prefix.
    #[inline(always)]
    pub(crate) fn score_row(&self, layout: &Layout, q: &B1Query, at: Prefix, i: usize) -> f32 {
        let h = self.distance(layout, q, at, i);
        q.cos.get(h).copied().unwrap_or(-1.0)
    }

    /// Scores rows `0..len` over `p` dims: the distances over the whole
    /// blocks of the prefix, fused (see `kernel_b1::distances`), written
    /// as integers in `out`'s own memory; the bits of a partial block added
    /// to them; then each count replaced by its entry of the cosine table,
    /// as `score_row` does.
    pub(crate) fn score_all(
        &self,
        layout: &Layout,
        q: &B1Query,
        p: usize,
        len: usize,
        out: &mut Vec<f32>,
    ) {
        let at = layout.prefix(p);
        out.clear();
        out.resize(len, 0.0);
        let counts: &mut [u32] = bytemuck::cast_slice_mut(out.as_mut_slice());
        let (blocks, offset) = self.bit_blocks(layout, at);
        distances(&blocks, &q.bits, counts);
        self.add_partial(layout, q, at, offset, 0, counts);
        for o in out.iter_mut() {
            *o = q.cos.get(o.to_bits() as usize).copied().unwrap_or(-1.0);
        }
    }

    /// The whole blocks of a prefix as the distance kernel reads them, and
    /// where the query's words of the partial block start.
    fn bit_blocks<'a>(&'a self, layout: &Layout, at: Prefix) -> (Vec<BitBlock<'a>>, usize) {
        let mut offset = 0;
        let blocks = self
            .blocks
            .iter()
            .take(at.whole_blocks)
            .zip(&layout.blocks)
            .map(|(rows, &(start, end))| {
                let b = BitBlock {
                    rows,
                    words: words(end - start),
                    query: offset,
                };
                offset += b.words;
                b
            })
            .collect();
        (blocks, offset)
    }

    /// Adds the differing signs of the partial block (the prefix's dims
    /// past its whole blocks) to the counts of rows `first..`.
    #[expect(
        clippy::indexing_slicing,
        reason = "prefix() keeps whole_blocks within blocks; the query holds the words of every touched block; every block holds every row"
    )]
    fn add_partial(
        &self,
        layout: &Layout,
        q: &B1Query,
        at: Prefix,
        offset: usize,
        first: usize,
        counts: &mut [u32],
    ) {
        if at.partial == 0 {
            return;
        }
        let (start, end) = layout.blocks[at.whole_blocks];
        let w = words(end - start);
        let used = words(at.partial);
        let qw = &q.bits[offset..offset + used];
        let rows = &self.blocks[at.whole_blocks][first * w..];
        for (o, row) in counts.iter_mut().zip(rows.chunks_exact(w)) {
            *o += hamming(&qw[..used - 1], &row[..used - 1])
                + ((qw[used - 1] ^ row[used - 1]) & q.last_mask).count_ones();
        }
    }

    /// The best `k` of rows `0..len` over `p` dims with score `>= min`,
    /// exactly as `score_all` then `select::top_k` choose them, without
    /// writing every score: a chunk of distances at a time, still in L1,
    /// each compared with the worst distance that can still enter. `None`
    /// when the cosine table is not non-increasing (then the two-pass path
    /// runs).
    ///
    /// Why it is the same selection: the table is non-increasing, so a
    /// distance's key (the first distance with the same table value) orders
    /// rows as their scores do and ties exactly when the scores tie. Rows
    /// that can enter are kept in row order, and whenever they pile up the
    /// best `k` of them are found by counting keys (distances are small
    /// integers, so a histogram replaces a heap): every key below the k-th
    /// one, then the first rows, i.e. the lowest indices, at the k-th key.
    /// After that a row can enter only with a key below the k-th, i.e. with
    /// a smaller distance.
    pub(crate) fn top_k(
        &self,
        layout: &Layout,
        q: &B1Query,
        p: usize,
        len: usize,
        k: usize,
        min: Option<f32>,
    ) -> Option<Vec<Match>> {
        let mut key: Vec<u32> = Vec::with_capacity(q.cos.len());
        let mut prev: Option<(f32, u32)> = None;
        for (h, &c) in q.cos.iter().enumerate() {
            let k = match prev {
                Some((pc, _)) if c > pc => return None,
                Some((pc, pk)) if c == pc => pk,
                _ => h as u32,
            };
            key.push(k);
            prev = Some((c, k));
        }
        // Rows whose distance passes this are below `min`.
        let allowed = match min {
            Some(m) => q.cos.iter().take_while(|&&c| c >= m).count() as u32,
            None => q.cos.len() as u32,
        };
        let at = layout.prefix(p);
        let (blocks, offset) = self.bit_blocks(layout, at);
        let mut bound = if k == 0 { 0 } else { allowed };
        // (key, row) of the rows that may still be among the best k.
        let pile = k.saturating_add(k.max(CHUNK));
        let mut kept: Vec<(u32, u32)> = Vec::with_capacity(pile.saturating_add(CHUNK).min(len));
        let mut hist = alloc::vec![0u32; q.cos.len()];
        let mut counts = alloc::vec![0u32; CHUNK.min(len)];
        let mut first = 0;
        while first < len {
            let acc = counts.get_mut(..CHUNK.min(len - first)).unwrap_or(&mut []);
            distances_of_chunk(&blocks, &q.bits, first, acc);
            self.add_partial(layout, q, at, offset, first, acc);
            for (j, &h) in acc.iter().enumerate() {
                if h < bound {
                    kept.push((
                        key.get(h as usize).copied().unwrap_or(h),
                        (first + j) as u32,
                    ));
                }
            }
            if kept.len() >= pile {
                bound = best_k(&mut kept, k, &mut hist);
            }
            first += acc.len();
        }
        best_k(&mut kept, k, &mut hist);
        let found = kept
            .into_iter()
            .map(|(kh, index)| Match {
                index: index as usize,
                score: q.cos.get(kh as usize).copied().unwrap_or(-1.0),
            })
            .collect();
        Some(select::ranked(found))
    }

    /// Scores the listed rows (ascending) into `out`, in list order (the
    /// same integer distances and table as `score_all`).
    pub(crate) fn score_rows(
        &self,
        layout: &Layout,
        q: &B1Query,
        p: usize,
        rows: &[u32],
        out: &mut Vec<f32>,
    ) {
        let at = layout.prefix(p);
        out.extend(
            rows.iter()
                .map(|&r| self.score_row(layout, q, at, r as usize)),
        );
    }
}

/// Keeps the best `k` of `kept` (keys, rows in ascending order) in place:
/// every key below the k-th smallest, then the first rows at the k-th key
/// (the lowest indices, as ties go). Returns the bound a later row's key
/// must be below to enter: the k-th key (below the bound every kept key
/// met), or no bound while fewer than `k` are kept.
fn best_k(kept: &mut Vec<(u32, u32)>, k: usize, hist: &mut [u32]) -> u32 {
    if kept.len() < k {
        return u32::MAX;
    }
    hist.fill(0);
    for &(key, _) in kept.iter() {
        if let Some(c) = hist.get_mut(key as usize) {
            *c += 1;
        }
    }
    // The k-th key, and how many rows at it stay.
    let (mut kth, mut below) = (0u32, 0usize);
    for (h, &c) in hist.iter().enumerate() {
        if below + c as usize >= k {
            kth = h as u32;
            break;
        }
        below += c as usize;
    }
    let mut at_kth = k - below;
    kept.retain(|&(key, _)| {
        if key < kth {
            true
        } else if key == kth && at_kth > 0 {
            at_kth -= 1;
            true
        } else {
            false
        }
    });
    kth
}
