//! Writing to a [`VectorSet`]: add, upsert and remove, each checked whole
//! before anything is stored (a failed call leaves the set unchanged), with
//! every row's vector and metadata written in the same step.

use super::meta::Metadata;
use super::rows::OutOfMemory;
use super::vector_set::{Upserted, VectorSet};
use crate::check;
use crate::error::{Error, Result};
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

impl VectorSet {
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
pub(super) fn unique_ids(ids: &[String]) -> Result<()> {
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
