//! A set of embeddings held in (wasm) memory, scored by truncated cosine.
//!
//! # Layout
//! Matryoshka embeddings are scored over prefixes (64, 128, 256, ... dims).
//! Reading a 256-dim prefix in place from 768-dim row-major rows is strided
//! and measured about 4x slower than reading the same prefix stored
//! contiguously. So the dims are split into blocks at 64, 128, 256, 512, ...
//! (doubling, the last block ending at `dims`), and each block is stored
//! row-major on its own: `[0, 64)` of every row, then `[64, 128)` of every
//! row, and so on. Scoring a prefix that ends on a block boundary streams one
//! contiguous region per block; any other prefix also reads a leading part of
//! one more block.
//!
//! # Norms
//! Rows are stored scaled to unit length (computed in f64), so no dot product
//! can overflow f32 whatever the input's magnitude. At `add()` each row's
//! inverse norm at every block boundary is computed once, so a truncated
//! cosine at a boundary is one dot product and one multiply. The query is
//! normalized over the prefix before scoring.

use crate::check;
use crate::error::{Error, Result};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// Dims at which a new block starts: 64, 128, 256, ... (doubling).
const FIRST_BOUNDARY: usize = 64;

/// One block of dims `[start, end)`, stored row-major across all rows.
#[derive(Clone, Debug)]
pub(super) struct Block {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) data: Vec<f32>,
    /// `1 / |row[..end]|` per row (of the stored, unit-length row); 0 when
    /// that prefix is all zeros.
    pub(super) inv_norm: Vec<f32>,
    /// `|row[..end]|^2` per row, the base for prefixes ending inside the
    /// next block.
    pub(super) sq_norm: Vec<f32>,
    /// The first row whose prefix `[0, end)` is all zeros, if any.
    pub(super) first_zero_row: Option<usize>,
}

impl Block {
    pub(super) fn width(&self) -> usize {
        self.end - self.start
    }

    // Called once per block per row in the scoring loops.
    #[inline(always)]
    #[expect(
        clippy::indexing_slicing,
        reason = "callers pass i < len, and data holds len * width floats"
    )]
    pub(super) fn row(&self, i: usize) -> &[f32] {
        let w = self.width();
        &self.data[i * w..(i + 1) * w]
    }
}

/// Where a prefix of `p` dims ends: the blocks it covers whole, and how many
/// leading dims of the next block it takes (0 when it ends on a boundary).
#[derive(Clone, Copy, Debug)]
pub(super) struct Prefix {
    pub(super) whole_blocks: usize,
    pub(super) partial: usize,
}

/// Reusable buffers for queries, so repeated scoring allocates nothing.
#[derive(Clone, Debug, Default)]
pub struct Scratch {
    pub(super) query: Vec<f32>,
    pub(super) rerank_query: Vec<f32>,
    pub(super) scores: Vec<f32>,
}

impl Scratch {
    /// The scores written by the last [`VectorSet::scores_into`] call.
    pub fn scores(&self) -> &[f32] {
        &self.scores
    }
}

/// Options of [`VectorSet::cascade`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cascade {
    /// Prefix length of the coarse pass.
    pub coarse_dims: usize,
    /// How many coarse candidates survive to the rerank.
    pub coarse_k: usize,
    /// Minimum coarse score to survive (none when `None`).
    pub coarse_threshold: Option<f32>,
    /// Prefix length of the rerank (the set's dims when `None`).
    pub dims: Option<usize>,
    /// Minimum reranked score to be returned (none when `None`).
    pub threshold: Option<f32>,
    /// At most this many results (all survivors when `None`).
    pub k: Option<usize>,
}

/// Embeddings of one dimensionality, scored by cosine over any prefix.
#[derive(Clone, Debug)]
pub struct VectorSet {
    pub(super) dims: usize,
    pub(super) len: usize,
    pub(super) blocks: Vec<Block>,
    /// Empty until the first `add()` with ids; then one entry per row.
    ids: Vec<Option<String>>,
}

impl VectorSet {
    /// An empty set of `dims`-dimensional vectors.
    pub fn new(dims: usize) -> Result<Self> {
        if dims == 0 {
            return Err(Error::range("dims must be a positive integer, got 0"));
        }
        let mut blocks = Vec::new();
        let (mut start, mut end) = (0, FIRST_BOUNDARY.min(dims));
        while start < dims {
            blocks.push(Block {
                start,
                end,
                data: Vec::new(),
                inv_norm: Vec::new(),
                sq_norm: Vec::new(),
                first_zero_row: None,
            });
            start = end;
            end = (end * 2).min(dims);
        }
        Ok(VectorSet {
            dims,
            len: 0,
            blocks,
            ids: Vec::new(),
        })
    }

    /// Dimensionality of every vector.
    pub fn dims(&self) -> usize {
        self.dims
    }

    /// Number of vectors.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the set holds no vectors.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The id given for row `index`, if any.
    pub fn id(&self, index: usize) -> Option<&str> {
        self.ids.get(index).and_then(|id| id.as_deref())
    }

    /// Dims at which blocks end (e.g. 64, 128, 256, 384 for 384 dims): the
    /// prefixes that score at full contiguous speed.
    pub fn block_ends(&self) -> impl Iterator<Item = usize> + '_ {
        self.blocks.iter().map(|b| b.end)
    }

    /// Appends `vectors` (`n * dims` floats, row-major) with optional ids.
    ///
    /// All rows are checked before anything is stored, so a failed call
    /// leaves the set unchanged. Memory is reserved fallibly: a request wasm
    /// cannot satisfy is an error, not an abort.
    #[expect(
        clippy::indexing_slicing,
        reason = "add_from asks for offset..offset + out.len() within the total it was given, which is vectors.len()"
    )]
    pub fn add(&mut self, vectors: &[f32], ids: Option<Vec<String>>) -> Result<()> {
        self.add_from(vectors.len(), ids, |offset, out| {
            out.copy_from_slice(&vectors[offset..offset + out.len()]);
        })
    }

    /// Like [`VectorSet::add`], but reads the `total` floats through `read`
    /// (`read(offset, out)` fills `out` with floats `offset..offset +
    /// out.len()`), a bounded chunk at a time, twice: once to check every
    /// row, once to store them. The caller's data is never copied whole, so
    /// adding a large set costs its stored size, not twice that (what the
    /// wasm layer uses to read straight from a JS Float32Array).
    #[expect(
        clippy::indexing_slicing,
        reason = "rows come from each_row in chunks of whole rows of dims floats; r < rows = scales.len(); blocks lie within dims"
    )]
    pub fn add_from(
        &mut self,
        total: usize,
        ids: Option<Vec<String>>,
        mut read: impl FnMut(usize, &mut [f32]),
    ) -> Result<()> {
        let d = self.dims;
        if total % d != 0 {
            return Err(Error::range(format!(
                "vectors has {total} floats, which is not a multiple of dims ({d})"
            )));
        }
        let n = total / d;
        if let Some(ids) = &ids {
            if ids.len() != n {
                return Err(Error::range(format!(
                    "ids has {} entries but vectors has {n} rows",
                    ids.len()
                )));
            }
        }
        // Rows per chunk: about 256 KB of floats, at least one row.
        let chunk_rows = (65_536 / d).max(1);
        let mut buf: Vec<f32> = Vec::new();
        reserve(&mut buf, chunk_rows.min(n.max(1)) * d, n, d)?;
        // Pass 1: check every row and compute its unit-length scale in f64.
        let mut scales = Vec::new();
        reserve(&mut scales, n, n, d)?;
        each_row(n, d, chunk_rows, &mut buf, &mut read, |r, row| {
            if let Some(j) = row.iter().position(|v| !v.is_finite()) {
                return Err(Error::range(format!(
                    "vectors row {r}, dim {j} is {}; only finite numbers are allowed",
                    check::describe(row[j])
                )));
            }
            let sq: f64 = row.iter().map(|&v| f64::from(v) * f64::from(v)).sum();
            if sq == 0.0 {
                return Err(Error::value(format!(
                    "vectors row {r} is a zero vector; its cosine with anything is undefined"
                )));
            }
            scales.push(1.0 / libm::sqrt(sq));
            Ok(())
        })?;
        for b in &mut self.blocks {
            let w = b.width();
            reserve(&mut b.data, n * w, n, d)?;
            reserve(&mut b.inv_norm, n, n, d)?;
            reserve(&mut b.sq_norm, n, n, d)?;
        }
        if ids.is_some() || !self.ids.is_empty() {
            let missing = self.len + n - self.ids.len();
            reserve(&mut self.ids, missing, n, d)?;
            self.ids.resize(self.len, None);
        }
        // Pass 2: store the unit-length rows block by block, with their
        // prefix norms.
        let len = self.len;
        let blocks = &mut self.blocks;
        each_row(n, d, chunk_rows, &mut buf, &mut read, |r, row| {
            let scale = scales[r];
            let mut sq = 0.0f64;
            for b in blocks.iter_mut() {
                for &v in &row[b.start..b.end] {
                    let unit = (f64::from(v) * scale) as f32;
                    sq += f64::from(unit) * f64::from(unit);
                    b.data.push(unit);
                }
                b.sq_norm.push(sq as f32);
                b.inv_norm.push(if sq > 0.0 {
                    (1.0 / libm::sqrt(sq)) as f32
                } else {
                    0.0
                });
                if sq == 0.0 && b.first_zero_row.is_none() {
                    b.first_zero_row = Some(len + r);
                }
            }
            Ok(())
        })?;
        if let Some(ids) = ids {
            self.ids.extend(ids.into_iter().map(Some));
        }
        self.len += n;
        Ok(())
    }
}

/// Visits `n` rows of `d` floats obtained through `read`, `chunk_rows` rows
/// per call, reusing `buf`; `f` gets each row's index and its floats.
fn each_row(
    n: usize,
    d: usize,
    chunk_rows: usize,
    buf: &mut Vec<f32>,
    read: &mut impl FnMut(usize, &mut [f32]),
    mut f: impl FnMut(usize, &[f32]) -> Result<()>,
) -> Result<()> {
    for first in (0..n).step_by(chunk_rows) {
        let rows = chunk_rows.min(n - first);
        buf.resize(rows * d, 0.0);
        read(first * d, buf);
        for (k, row) in buf.chunks_exact(d).enumerate() {
            f(first + k, row)?;
        }
    }
    Ok(())
}

/// Reserves room for `extra` more elements, or says how much memory the
/// request for `rows` vectors of `dims` dims needed.
pub(super) fn reserve<T>(v: &mut Vec<T>, extra: usize, rows: usize, dims: usize) -> Result<()> {
    v.try_reserve(extra).map_err(|_| {
        let mb = libm::round((rows as f64) * (dims as f64) * 4.0 / 1e6);
        Error::value(format!(
            "out of memory: cannot reserve space for {rows} vectors of {dims} dims (about {mb} MB more)"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec;

    fn set(dims: usize, rows: &[&[f32]]) -> VectorSet {
        let mut s = VectorSet::new(dims).unwrap();
        let flat: Vec<f32> = rows.iter().flat_map(|r| r.iter().copied()).collect();
        s.add(&flat, None).unwrap();
        s
    }

    #[test]
    fn blocks_split_at_doubling_boundaries() {
        let ends = |d| VectorSet::new(d).unwrap().block_ends().collect::<Vec<_>>();
        assert_eq!(ends(3), [3]);
        assert_eq!(ends(64), [64]);
        assert_eq!(ends(100), [64, 100]);
        assert_eq!(ends(384), [64, 128, 256, 384]);
        assert_eq!(ends(768), [64, 128, 256, 512, 768]);
        assert_eq!(ends(1536), [64, 128, 256, 512, 1024, 1536]);
    }

    #[test]
    fn hand_computed_scores() {
        let s = set(2, &[&[1.0, 0.0], &[0.0, 2.0], &[-3.0, 0.0], &[3.0, 4.0]]);
        let mut scratch = Scratch::default();
        s.scores_into(&[1.0, 0.0], None, &mut scratch).unwrap();
        assert_eq!(scratch.scores(), [1.0, 0.0, -1.0, 0.6]);
        // One-dim prefix: (3,4) truncated to (3) has cosine 1 with (1).
        s.scores_into(&[5.0, 1.0], Some(1), &mut scratch)
            .unwrap_err();
        let t = set(2, &[&[1.0, 0.0], &[3.0, 4.0], &[-2.0, 1.0]]);
        t.scores_into(&[5.0, 1.0], Some(1), &mut scratch).unwrap();
        assert_eq!(scratch.scores(), [1.0, 1.0, -1.0]);
    }

    #[test]
    fn zero_prefix_rows_are_an_error_only_where_the_prefix_is_zero() {
        let mut row = vec![0.0f32; 100];
        row[70] = 1.0;
        let s = set(100, &[&row]);
        let mut scratch = Scratch::default();
        let q = vec![1.0f32; 100];
        let e = s.scores_into(&q, Some(64), &mut scratch).unwrap_err();
        assert_eq!(
            e.message(),
            "row 0 of the set is all zeros over its first 64 dims; cosine is undefined there (score it with more dims)"
        );
        let e = s.scores_into(&q, Some(70), &mut scratch).unwrap_err();
        assert!(e
            .message()
            .starts_with("row 0 of the set is all zeros over its first 70 dims"));
        s.scores_into(&q, Some(71), &mut scratch).unwrap();
        assert!((scratch.scores()[0] - 1.0 / 71f32.sqrt()).abs() < 1e-6);
        s.scores_into(&q, None, &mut scratch).unwrap();
        assert!((scratch.scores()[0] - 0.1).abs() < 1e-6);
    }

    #[test]
    fn bad_input_leaves_the_set_unchanged() {
        let mut s = VectorSet::new(3).unwrap();
        let m = |r: Result<()>| r.unwrap_err().to_string();
        assert_eq!(
            m(s.add(&[1.0, 2.0], None)),
            "vectors has 2 floats, which is not a multiple of dims (3)"
        );
        assert_eq!(
            m(s.add(&[1.0, 2.0, 3.0, 0.0, f32::NAN, 1.0], None)),
            "vectors row 1, dim 1 is NaN; only finite numbers are allowed"
        );
        assert_eq!(
            m(s.add(&[1.0, 2.0, 3.0, 0.0, 0.0, 0.0], None)),
            "vectors row 1 is a zero vector; its cosine with anything is undefined"
        );
        assert_eq!(
            m(s.add(&[1.0, 2.0, 3.0], Some(vec!["a".into(), "b".into()]))),
            "ids has 2 entries but vectors has 1 rows"
        );
        assert_eq!(s.len(), 0);
        s.add(&[1.0, 2.0, 3.0], None).unwrap();
        s.add(&[3.0, 2.0, 1.0], Some(vec!["b".into()])).unwrap();
        assert_eq!((s.len(), s.id(0), s.id(1)), (2, None, Some("b")));
        let mut scratch = Scratch::default();
        let e = s.scores_into(&[1.0, 2.0], None, &mut scratch).unwrap_err();
        assert_eq!(e.to_string(), "query has 2 floats but the set has 3 dims");
        let e = s
            .scores_into(&[0.0, 0.0, 1.0], Some(2), &mut scratch)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "query is all zeros over its first 2 dims; cosine is undefined for a zero vector"
        );
        let e = s
            .scores_into(&[1.0, 0.0, 1.0], Some(4), &mut scratch)
            .unwrap_err();
        assert_eq!(e.to_string(), "dims must be an integer from 1 to 3, got 4");
        assert_eq!(
            VectorSet::new(0).unwrap_err().to_string(),
            "dims must be a positive integer, got 0"
        );
    }

    #[test]
    fn a_request_beyond_memory_is_an_error_not_an_abort() {
        let mut s = VectorSet::new(4).unwrap();
        let total = (usize::MAX / 8) * 4; // rows * dims: 8-byte scales alone exceed any memory
        let e = s
            .add_from(total, None, |_, _| {
                panic!("nothing is read before the reservation")
            })
            .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("out of memory: cannot reserve space for"),
            "{e}"
        );
        s.add(&[1.0, 0.0, 0.0, 0.0], None).unwrap();
        assert_eq!(s.len(), 1);
    }

    #[test]
    fn huge_and_tiny_magnitudes_do_not_overflow() {
        let s = set(2, &[&[3e38, 3e38], &[1e-40, 0.0]]);
        let mut scratch = Scratch::default();
        s.scores_into(&[1e-30, 1e-30], None, &mut scratch).unwrap();
        assert!((scratch.scores()[0] - 1.0).abs() < 1e-6);
        assert!((scratch.scores()[1] - core::f32::consts::FRAC_1_SQRT_2).abs() < 1e-6);
    }

    #[test]
    fn cascade_reranks_survivors_on_full_dims() {
        // Row 0 looks best on the first dim but is worst on both.
        let s = set(2, &[&[1.0, -1.0], &[0.9, 0.5], &[0.5, 0.9], &[-1.0, 0.0]]);
        let mut scratch = Scratch::default();
        let opts = Cascade {
            coarse_dims: 1,
            coarse_k: 3,
            coarse_threshold: Some(0.5),
            dims: None,
            threshold: Some(0.0),
            k: Some(5),
        };
        let r = s.cascade(&[1.0, 1.0], &opts, &mut scratch).unwrap();
        // Coarse (dim 0): rows 0, 1, 2 score 1; row 3 is -1 and is dropped.
        // Full: row 1 = 1.4/sqrt(2*1.06) = 0.9615, row 2 the same, row 0 = 0.
        assert_eq!(r.iter().map(|m| m.index).collect::<Vec<_>>(), [1, 2, 0]);
        assert!((r[0].score - 0.961_523_9).abs() < 1e-6);
        assert_eq!(r[1].score, r[0].score);
        let strict = Cascade {
            threshold: Some(0.5),
            k: Some(1),
            ..opts
        };
        let r = s.cascade(&[1.0, 1.0], &strict, &mut scratch).unwrap();
        assert_eq!(r.iter().map(|m| m.index).collect::<Vec<_>>(), [1]);
        let bad = Cascade {
            coarse_dims: 3,
            ..opts
        };
        assert_eq!(
            s.cascade(&[1.0, 1.0], &bad, &mut scratch)
                .unwrap_err()
                .to_string(),
            "coarseDims must be an integer from 1 to 2, got 3"
        );
    }
}
