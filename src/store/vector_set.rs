//! A set of embeddings held in (wasm) memory, scored by truncated cosine.
//!
//! Rows are checked (finite, non-zero) and scaled to unit length in f64 at
//! `add()`, so no dot product can overflow whatever the input's magnitude,
//! then kept in each precision the set was made with (`rows_f32`, `rows_i8`,
//! `rows_b1`), block by block (`layout`). The query side is in `search`;
//! the file format in `file`.
//!
//! Ids are unique within a set and are the stable handle of a row: indices
//! are positions at query time, and `remove()` moves the last row into the
//! hole it leaves, so the layout stays contiguous. Every row belongs to one
//! namespace (`""` unless given); a search in a namespace sees only its rows.

use super::layout::Layout;
use super::meta::MetaStore;
use super::precision::Precision;
use super::rows::Store;
use super::rows_b1::{words, B1Rows};
use super::rows_f32::F32Rows;
use super::rows_i8::I8Rows;
use crate::check;
use crate::error::{Error, Result};
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// The most namespaces one set holds (a row's namespace is a u16).
pub const MAX_NAMESPACES: usize = 65_535;

/// Embeddings of one dimensionality, scored by cosine over any prefix.
#[derive(Clone, Debug)]
pub struct VectorSet {
    pub(crate) dims: usize,
    pub(crate) len: usize,
    pub(crate) layout: Layout,
    pub(crate) f32: Option<F32Rows>,
    pub(crate) i8: Option<I8Rows>,
    pub(crate) b1: Option<B1Rows>,
    /// Empty until the first row with an id; then one entry per row.
    pub(crate) ids: Vec<Option<String>>,
    /// Id -> row.
    pub(crate) index: BTreeMap<String, usize>,
    /// Namespace names; `namespaces[0]` is `""`, the default.
    pub(crate) namespaces: Vec<String>,
    /// The namespace of each row (an index into `namespaces`).
    pub(crate) row_ns: Vec<u16>,
    /// The embedding model the rows came from, when given.
    pub(crate) model: Option<String>,
    /// Changes (add, upsert, remove calls) applied since the set was
    /// created: the sequence number of the last change record.
    pub(crate) version: u64,
    /// Each row's metadata, by column.
    pub(crate) meta: MetaStore,
}

/// What `upsert` did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Upserted {
    /// Rows appended (ids not in the set before).
    pub added: usize,
    /// Rows replaced in place (ids already in the set).
    pub replaced: usize,
}

impl VectorSet {
    /// An empty set of `dims`-dimensional vectors kept as f32.
    pub fn new(dims: usize) -> Result<Self> {
        Self::with_options(dims, &[Precision::F32], None)
    }

    /// An empty set keeping its rows in each of `precisions` (at least one,
    /// no repeats), stamped with the embedding `model` when given.
    pub fn with_options(
        dims: usize,
        precisions: &[Precision],
        model: Option<&str>,
    ) -> Result<Self> {
        if dims == 0 {
            return Err(Error::range("dims must be a positive integer, got 0"));
        }
        check::set_dims("dims", dims as f64)?;
        let kept = Precision::checked("precisions", precisions)?;
        let layout = Layout::new(dims);
        let keeps = |p| kept.contains(&p);
        Ok(VectorSet {
            dims,
            len: 0,
            f32: keeps(Precision::F32).then(|| F32Rows::new(&layout)),
            i8: keeps(Precision::I8).then(|| I8Rows::new(&layout)),
            b1: keeps(Precision::B1).then(|| B1Rows::new(&layout)),
            layout,
            ids: Vec::new(),
            index: BTreeMap::new(),
            namespaces: alloc::vec![String::new()],
            row_ns: Vec::new(),
            model: model.map(String::from),
            version: 0,
            meta: MetaStore::default(),
        })
    }

    /// Changes applied since the set was created (every successful add,
    /// upsert or remove counts one; kept in the set file).
    pub fn version(&self) -> u64 {
        self.version
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

    /// The encodings kept, most precise first.
    pub fn precisions(&self) -> Vec<Precision> {
        let mut out = Vec::new();
        if self.f32.is_some() {
            out.push(Precision::F32);
        }
        if self.i8.is_some() {
            out.push(Precision::I8);
        }
        if self.b1.is_some() {
            out.push(Precision::B1);
        }
        out
    }

    /// The embedding model the set was stamped with.
    pub fn model(&self) -> Option<&str> {
        self.model.as_deref()
    }

    /// The id given for row `index`, if any.
    pub fn id(&self, index: usize) -> Option<&str> {
        self.ids.get(index).and_then(|id| id.as_deref())
    }

    /// The namespace of row `index` (`""` by default).
    pub fn namespace(&self, index: usize) -> Option<&str> {
        let ns = *self.row_ns.get(index)?;
        self.namespaces.get(usize::from(ns)).map(String::as_str)
    }

    /// Whether a row has id `id`.
    pub fn has(&self, id: &str) -> bool {
        self.index.contains_key(id)
    }

    /// The row holding id `id`.
    pub fn row_of(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// Dims at which blocks end (e.g. 64, 128, 256, 384 for 384 dims): the
    /// prefixes that score at full contiguous speed.
    pub fn block_ends(&self) -> impl Iterator<Item = usize> + '_ {
        self.layout.ends()
    }

    /// Row `index` as floats, from the most exact encoding kept: f32 rows
    /// as stored (unit length), i8 rows dequantized (`scale * value` per
    /// block); `None` past the end or for a set that keeps only sign bits.
    pub fn row_vector(&self, index: usize) -> Option<Vec<f32>> {
        if index >= self.len {
            return None;
        }
        let mut out = Vec::with_capacity(self.dims);
        for (k, &(start, end)) in self.layout.blocks.iter().enumerate() {
            let w = end - start;
            let at = index * w..(index + 1) * w;
            if let Some(rows) = &self.f32 {
                out.extend_from_slice(rows.blocks.get(k)?.data.get(at)?);
            } else if let Some(rows) = &self.i8 {
                let b = rows.blocks.get(k)?;
                let scale = *b.scale.get(index)?;
                out.extend(b.data.get(at)?.iter().map(|&v| scale * f32::from(v)));
            } else {
                return None;
            }
        }
        Some(out)
    }

    /// Bytes this set holds: every precision's rows and norms, the
    /// namespaces of rows, the ids (their text, the row -> id list and
    /// the id -> row map, counted at 48 bytes of bookkeeping per id), and
    /// the metadata columns.
    pub fn byte_length(&self) -> usize {
        let rows = self.stores().iter().map(|s| s.byte_len()).sum::<usize>();
        let ids: usize = self
            .ids
            .iter()
            .flatten()
            .map(|id| 2 * id.capacity() + 48)
            .sum::<usize>()
            + 24 * self.ids.capacity();
        let names: usize = self.namespaces.iter().map(|n| n.capacity() + 24).sum();
        rows + ids + names + 2 * self.row_ns.capacity() + self.meta.byte_len()
    }

    /// Bytes one row of `dims` dims takes in each of `precisions` (rows and
    /// norms, plus its namespace), ids not included: how many rows fit in a
    /// budget. f32 is `4 * dims + 8` per block, i8 `dims + 12` per block, b1
    /// one bit per dim rounded up to 64 per block.
    pub fn bytes_per_row(dims: usize, precisions: &[Precision]) -> usize {
        let layout = Layout::new(dims.max(1));
        let blocks = layout.blocks.len();
        let per = |p: Precision| match p {
            Precision::F32 => 4 * dims + 8 * blocks,
            Precision::I8 => dims + 12 * blocks,
            Precision::B1 => layout.blocks.iter().map(|&(s, e)| 8 * words(e - s)).sum(),
        };
        2 + precisions.iter().map(|&p| per(p)).sum::<usize>()
    }

    pub(crate) fn stores(&self) -> Vec<&dyn Store> {
        let mut out: Vec<&dyn Store> = Vec::new();
        if let Some(s) = &self.f32 {
            out.push(s);
        }
        if let Some(s) = &self.i8 {
            out.push(s);
        }
        if let Some(s) = &self.b1 {
            out.push(s);
        }
        out
    }

    pub(super) fn stores_mut(&mut self) -> Vec<&mut dyn Store> {
        let mut out: Vec<&mut dyn Store> = Vec::new();
        if let Some(s) = &mut self.f32 {
            out.push(s);
        }
        if let Some(s) = &mut self.i8 {
            out.push(s);
        }
        if let Some(s) = &mut self.b1 {
            out.push(s);
        }
        out
    }

    /// The index of namespace `name`, created when missing.
    pub(super) fn namespace_index(&mut self, name: Option<&str>) -> Result<u16> {
        let name = name.unwrap_or("");
        if let Some(i) = self.namespaces.iter().position(|n| n == name) {
            return Ok(i as u16);
        }
        if self.namespaces.len() >= MAX_NAMESPACES {
            return Err(Error::range(format!(
                "namespace \"{name}\" would be namespace number {}; a set holds at most {MAX_NAMESPACES}",
                self.namespaces.len() + 1
            )));
        }
        self.namespaces.push(String::from(name));
        Ok((self.namespaces.len() - 1) as u16)
    }

    /// The index of an existing namespace (`None` when no row was ever
    /// added to it).
    pub(crate) fn find_namespace(&self, name: &str) -> Option<u16> {
        self.namespaces
            .iter()
            .position(|n| n == name)
            .map(|i| i as u16)
    }
}
