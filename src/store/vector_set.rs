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
use super::meta::{MetaStore, Metadata};
use super::precision::Precision;
use super::rows::{OutOfMemory, Store};
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

    /// Row `index`'s metadata (empty when it has none).
    pub fn metadata_of_row(&self, index: usize) -> Metadata {
        self.meta.get(index)
    }

    /// The metadata of the row with id `id`; `None` when no row has it.
    pub fn metadata(&self, id: &str) -> Option<Metadata> {
        self.row_of(id).map(|r| self.meta.get(r))
    }

    /// How many rows have metadata at `path` (any value).
    pub fn metadata_column_rows(&self, path: &str) -> usize {
        self.meta.column(path).map_or(0, |c| {
            c.kinds
                .iter()
                .filter(|&&k| k != super::meta::kind::MISSING)
                .count()
        })
    }

    /// Whether any row was ever given metadata.
    pub fn has_metadata(&self) -> bool {
        self.meta.has_columns()
    }

    /// Replaces the metadata of the rows with `ids` (vectors unchanged):
    /// every id must be in the set and `metadata` must hold one object per
    /// id; checked before anything changes. Returns the rows changed and
    /// counts one change (see `records`).
    pub fn set_metadata(&mut self, ids: &[String], metadata: &[Metadata]) -> Result<usize> {
        let rows = self.rows_for_metadata(ids, metadata)?;
        self.write_metadata(&rows, metadata)?;
        self.version += 1;
        Ok(rows.len())
    }

    /// The rows of `ids`, checked to be held, unique and as many as `metadata`.
    pub(super) fn rows_for_metadata(
        &self,
        ids: &[String],
        metadata: &[Metadata],
    ) -> Result<Vec<usize>> {
        if ids.len() != metadata.len() {
            return Err(Error::range(format!(
                "metadata has {} entries but ids has {}; give one object per id",
                metadata.len(),
                ids.len()
            )));
        }
        unique_ids(ids)?;
        ids.iter()
            .enumerate()
            .map(|(i, id)| {
                self.row_of(id).ok_or_else(|| {
                    Error::value(format!(
                        "ids[{i}] \"{id}\" is not in the set; setMetadata changes rows that exist (add or upsert them first)"
                    ))
                })
            })
            .collect()
    }

    pub(super) fn write_metadata(&mut self, rows: &[usize], metadata: &[Metadata]) -> Result<()> {
        for (&row, m) in rows.iter().zip(metadata) {
            self.meta
                .set(row, m)
                .map_err(|_| Error::value("out of memory: cannot store the metadata"))?;
        }
        Ok(())
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

    /// Appends `vectors` (`n * dims` floats, row-major) with optional ids,
    /// in the default namespace.
    ///
    /// All rows are checked before anything is stored, so a failed call
    /// leaves the set unchanged. Memory is reserved fallibly: a request wasm
    /// cannot satisfy is an error, not an abort.
    #[expect(
        clippy::indexing_slicing,
        reason = "add_from asks for offset..offset + out.len() within the total it was given, which is vectors.len()"
    )]
    pub fn add(&mut self, vectors: &[f32], ids: Option<Vec<String>>) -> Result<()> {
        self.add_from(vectors.len(), ids, None, |offset, out| {
            out.copy_from_slice(&vectors[offset..offset + out.len()]);
        })
    }

    /// [`VectorSet::add`] with one metadata object per row, in `namespace`.
    #[expect(
        clippy::indexing_slicing,
        reason = "add_with asks for offset..offset + out.len() within the total it was given, which is vectors.len()"
    )]
    pub fn add_with_metadata(
        &mut self,
        vectors: &[f32],
        ids: Option<Vec<String>>,
        namespace: Option<&str>,
        metadata: &[Metadata],
    ) -> Result<()> {
        self.add_with(
            vectors.len(),
            ids,
            namespace,
            Some(metadata),
            |offset, out| {
                out.copy_from_slice(&vectors[offset..offset + out.len()]);
            },
        )
    }

    /// Like [`VectorSet::add`], in `namespace`, reading the `total` floats
    /// through `read` (`read(offset, out)` fills `out` with floats
    /// `offset..offset + out.len()`), a bounded chunk at a time, twice: once
    /// to check every row, once to store them. The caller's data is never
    /// copied whole, so adding a large set costs its stored size, not twice
    /// that (what the wasm layer uses to read straight from a JS
    /// Float32Array). An id already in the set is an error (use `upsert`).
    pub fn add_from(
        &mut self,
        total: usize,
        ids: Option<Vec<String>>,
        namespace: Option<&str>,
        read: impl FnMut(usize, &mut [f32]),
    ) -> Result<()> {
        self.add_with(total, ids, namespace, None, read)
    }

    /// [`VectorSet::add_from`] with one metadata object per row (none when
    /// `None`).
    pub fn add_with(
        &mut self,
        total: usize,
        ids: Option<Vec<String>>,
        namespace: Option<&str>,
        metadata: Option<&[Metadata]>,
        read: impl FnMut(usize, &mut [f32]),
    ) -> Result<()> {
        let n = self.count_rows(total, ids.as_deref())?;
        check_metadata_rows(metadata, n)?;
        if let Some(ids) = &ids {
            if let Some((i, id)) = ids.iter().enumerate().find(|(_, id)| self.has(id)) {
                return Err(Error::value(format!(
                    "ids[{i}] \"{id}\" is already in the set; upsert() replaces a row by id"
                )));
            }
        }
        self.write_rows(total, ids, namespace, metadata, None, read)?;
        self.version += 1;
        Ok(())
    }

    /// Replaces the rows whose id is in the set and appends the rest, all
    /// in `namespace` (a replaced row moves to it); reads like `add_from`.
    pub fn upsert_from(
        &mut self,
        total: usize,
        ids: Vec<String>,
        namespace: Option<&str>,
        read: impl FnMut(usize, &mut [f32]),
    ) -> Result<Upserted> {
        self.upsert_with(total, ids, namespace, None, read)
    }

    /// [`VectorSet::upsert_from`] with one metadata object per row: a
    /// replaced row's metadata is replaced too (with none when `None`).
    pub fn upsert_with(
        &mut self,
        total: usize,
        ids: Vec<String>,
        namespace: Option<&str>,
        metadata: Option<&[Metadata]>,
        read: impl FnMut(usize, &mut [f32]),
    ) -> Result<Upserted> {
        let n = self.count_rows(total, Some(&ids))?;
        check_metadata_rows(metadata, n)?;
        let targets: Vec<Option<usize>> = ids.iter().map(|id| self.row_of(id)).collect();
        let replaced = targets.iter().flatten().count();
        let added = targets.len() - replaced;
        self.write_rows(total, Some(ids), namespace, metadata, Some(&targets), read)?;
        self.version += 1;
        Ok(Upserted { added, replaced })
    }

    /// [`VectorSet::upsert_from`] over a slice.
    #[expect(
        clippy::indexing_slicing,
        reason = "upsert_from asks for offset..offset + out.len() within vectors.len()"
    )]
    pub fn upsert(
        &mut self,
        vectors: &[f32],
        ids: Vec<String>,
        namespace: Option<&str>,
    ) -> Result<Upserted> {
        self.upsert_from(vectors.len(), ids, namespace, |offset, out| {
            out.copy_from_slice(&vectors[offset..offset + out.len()]);
        })
    }

    /// Removes the rows with these ids (ids not in the set are skipped) and
    /// returns how many went. The last row moves into each hole.
    pub fn remove(&mut self, ids: &[String]) -> usize {
        let removed = self.remove_rows(ids);
        self.version += 1;
        removed
    }

    /// [`VectorSet::remove`] without counting a change (replay sets the
    /// version itself).
    pub(super) fn remove_rows(&mut self, ids: &[String]) -> usize {
        let mut removed = 0;
        for id in ids {
            let Some(row) = self.index.remove(id.as_str()) else {
                continue;
            };
            let len = self.len;
            let layout = self.layout.clone();
            for s in self.stores_mut() {
                s.swap_remove(&layout, row, len);
            }
            self.row_ns.swap_remove(row);
            self.meta.swap_remove(row);
            if !self.ids.is_empty() {
                self.ids.swap_remove(row);
                // The row that moved into the hole keeps its id.
                if let Some(Some(moved)) = self.ids.get(row) {
                    if let Some(slot) = self.index.get_mut(moved.as_str()) {
                        *slot = row;
                    }
                }
            }
            self.len -= 1;
            removed += 1;
        }
        if removed > 0 {
            for s in self.stores_mut() {
                s.refresh();
            }
        }
        removed
    }

    /// Checks `total` against dims and `ids` against the row count and
    /// against each other (no repeats); returns the row count.
    fn count_rows(&self, total: usize, ids: Option<&[String]>) -> Result<usize> {
        let d = self.dims;
        if total % d != 0 {
            return Err(Error::range(format!(
                "vectors has {total} floats, which is not a multiple of dims ({d})"
            )));
        }
        let n = total / d;
        if let Some(ids) = ids {
            if ids.len() != n {
                return Err(Error::range(format!(
                    "ids has {} entries but vectors has {n} rows",
                    ids.len()
                )));
            }
            unique_ids(ids)?;
        }
        Ok(n)
    }

    /// The shared body of add and upsert: checks every row, then writes row
    /// `r` over row `targets[r]` or appends it (every row is appended
    /// without `targets`).
    #[expect(
        clippy::indexing_slicing,
        reason = "rows come from each_row in chunks of whole rows of dims floats; r < n = scales.len() = targets.len() (when given)"
    )]
    fn write_rows(
        &mut self,
        total: usize,
        ids: Option<Vec<String>>,
        namespace: Option<&str>,
        metadata: Option<&[Metadata]>,
        targets: Option<&[Option<usize>]>,
        mut read: impl FnMut(usize, &mut [f32]),
    ) -> Result<()> {
        let d = self.dims;
        let n = total / d;
        // Rows per chunk: about 256 KB of floats, at least one row.
        let chunk_rows = (65_536 / d).max(1);
        let mut buf: Vec<f32> = Vec::new();
        let per = Self::bytes_per_row(d, &self.precisions()) as f64;
        let fail = |_: OutOfMemory| {
            let mb = libm::round(n as f64 * per / 1e6);
            Error::value(format!(
                "out of memory: cannot reserve space for {n} vectors of {d} dims (about {mb} MB more)"
            ))
        };
        super::rows::reserve(&mut buf, chunk_rows.min(n.max(1)) * d).map_err(fail)?;
        // Pass 1: check every row and compute its unit-length scale in f64.
        let mut scales: Vec<f64> = Vec::new();
        super::rows::reserve(&mut scales, n).map_err(fail)?;
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
        let ns = self.namespace_index(namespace)?;
        let appended = targets.map_or(n, |t| t.iter().filter(|t| t.is_none()).count());
        let layout = self.layout.clone();
        for s in self.stores_mut() {
            s.reserve(&layout, appended).map_err(fail)?;
        }
        super::rows::reserve(&mut self.row_ns, appended).map_err(fail)?;
        if metadata.is_some() || self.meta.has_columns() {
            self.meta.reserve(appended).map_err(fail)?;
        }
        let track_ids = ids.is_some() || !self.ids.is_empty();
        if track_ids {
            let missing = self.len + appended - self.ids.len();
            super::rows::reserve(&mut self.ids, missing).map_err(fail)?;
            self.ids.resize(self.len, None);
        }
        // Pass 2: the unit-length rows, into every store.
        let mut unit = alloc::vec![0.0f32; d];
        let mut ids = ids.map(|v| v.into_iter());
        let mut replaced_any = false;
        let none = Metadata::default();
        let meta_oom = |_| Error::value("out of memory: cannot store the rows' metadata");
        each_row(n, d, chunk_rows, &mut buf, &mut read, |r, row| {
            let meta = metadata.and_then(|m| m.get(r)).unwrap_or(&none);
            let scale = scales[r];
            for (u, &v) in unit.iter_mut().zip(row) {
                *u = (f64::from(v) * scale) as f32;
            }
            let id = ids.as_mut().and_then(|it| it.next());
            match targets.and_then(|t| t[r]) {
                Some(at) => {
                    replaced_any = true;
                    for s in self.stores_mut() {
                        s.set(&layout, at, &unit);
                    }
                    if let Some(slot) = self.row_ns.get_mut(at) {
                        *slot = ns;
                    }
                    self.meta.set(at, meta).map_err(meta_oom)?;
                }
                None => {
                    let at = self.len;
                    self.meta.push(meta).map_err(meta_oom)?;
                    for s in self.stores_mut() {
                        s.push(&layout, &unit);
                    }
                    self.row_ns.push(ns);
                    if track_ids {
                        if let Some(id) = &id {
                            self.index.insert(id.clone(), at);
                        }
                        self.ids.push(id);
                    }
                    self.len += 1;
                }
            }
            Ok(())
        })?;
        if replaced_any {
            for s in self.stores_mut() {
                s.refresh();
            }
        }
        Ok(())
    }
}

/// No id given twice in one call.
fn unique_ids(ids: &[String]) -> Result<()> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (j, id) in ids.iter().enumerate() {
        if let Some(i) = seen.insert(id.clone(), j) {
            return Err(Error::value(format!(
                "ids[{j}] repeats ids[{i}] (\"{id}\"); ids are unique within a set"
            )));
        }
    }
    Ok(())
}

/// Metadata, when given, holds one object per row.
fn check_metadata_rows(metadata: Option<&[Metadata]>, n: usize) -> Result<()> {
    match metadata {
        Some(m) if m.len() != n => Err(Error::range(format!(
            "metadata has {} entries but vectors has {n} rows; give one object per row",
            m.len()
        ))),
        _ => Ok(()),
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
