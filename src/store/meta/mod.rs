//! Row metadata, kept beside the rows by column: one [`Column`] per dotted
//! path, created when the first row holds that path. A set that never gets
//! metadata holds no column and pays nothing.
//!
//! Rows here are the set's rows: a row appended, replaced or removed in the
//! set is appended, replaced or removed here in the same step.

mod codec;
mod column;
mod record;

pub(crate) use codec::{decode_rows, encode_rows};
pub(crate) use column::{kind, Column};
pub use record::{check_path_key, Leaf, Metadata, MAX_DEPTH, MAX_KEY_BYTES, MAX_METADATA_BYTES};

use super::rows::{reserve, OutOfMemory};
use alloc::collections::BTreeMap;
use alloc::vec::Vec;

/// Every row's metadata, by column.
#[derive(Clone, Debug, Default)]
pub struct MetaStore {
    pub(crate) columns: Vec<Column>,
    /// Path -> index into `columns`.
    index: BTreeMap<alloc::string::String, usize>,
    len: usize,
    /// Rows a bulk write is still to append: room a new column takes.
    pending: usize,
}

impl MetaStore {
    /// A store for `rows` rows without metadata.
    pub(crate) fn with_rows(rows: usize) -> MetaStore {
        MetaStore {
            len: rows,
            ..MetaStore::default()
        }
    }

    /// A store of `rows`, in order.
    pub(crate) fn from_rows(rows: &[Metadata]) -> Result<MetaStore, OutOfMemory> {
        Self::from_columns(&[], rows)
    }

    /// A store of `rows` whose columns start as `paths`, in that order (a
    /// set file keeps the order columns were created in, so a set read
    /// back writes the same bytes).
    pub(crate) fn from_columns(
        paths: &[alloc::string::String],
        rows: &[Metadata],
    ) -> Result<MetaStore, OutOfMemory> {
        let mut out = MetaStore {
            pending: rows.len(),
            ..MetaStore::default()
        };
        for p in paths {
            out.column_mut(p)?;
        }
        out.reserve(rows.len())?;
        for m in rows {
            out.push(m)?;
        }
        Ok(out)
    }

    /// Room for `more` appended rows in every column, and in columns
    /// created while they are appended.
    pub(crate) fn reserve(&mut self, more: usize) -> Result<(), OutOfMemory> {
        for c in &mut self.columns {
            c.reserve(more)?;
        }
        self.pending = more;
        Ok(())
    }

    /// Every row's metadata as bytes (see `codec`), every column listed in
    /// creation order; empty when no column exists.
    pub(crate) fn to_bytes(&self) -> alloc::vec::Vec<u8> {
        if !self.has_columns() {
            return alloc::vec::Vec::new();
        }
        let rows: alloc::vec::Vec<Metadata> = (0..self.len).map(|r| self.get(r)).collect();
        let paths: alloc::vec::Vec<&str> = self.columns.iter().map(|c| c.path.as_str()).collect();
        encode_rows(&paths, &rows)
    }

    /// Rows.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Whether any row ever had metadata (a column exists).
    pub(crate) fn has_columns(&self) -> bool {
        !self.columns.is_empty()
    }

    /// The column of `path`.
    pub(crate) fn column(&self, path: &str) -> Option<&Column> {
        self.index.get(path).and_then(|&i| self.columns.get(i))
    }

    /// Columns at `path` or nested below it (`path.*`): what `$exists`
    /// looks at.
    pub(crate) fn columns_under<'a, 'p>(
        &'a self,
        path: &'p str,
    ) -> impl Iterator<Item = &'a Column> + use<'a, 'p> {
        self.columns.iter().filter(move |c| {
            c.path == path
                || (c.path.len() > path.len()
                    && c.path.starts_with(path)
                    && c.path.as_bytes().get(path.len()) == Some(&b'.'))
        })
    }

    fn column_mut(&mut self, path: &str) -> Result<&mut Column, OutOfMemory> {
        let i = match self.index.get(path) {
            Some(&i) => i,
            None => {
                reserve(&mut self.columns, 1)?;
                self.columns
                    .push(Column::new(path, self.len, self.pending)?);
                self.index
                    .insert(alloc::string::String::from(path), self.columns.len() - 1);
                self.columns.len() - 1
            }
        };
        self.columns.get_mut(i).ok_or(OutOfMemory)
    }

    /// Appends a row holding `meta`.
    pub(crate) fn push(&mut self, meta: &Metadata) -> Result<(), OutOfMemory> {
        for c in &mut self.columns {
            c.push_missing()?;
        }
        self.len += 1;
        self.pending = self.pending.saturating_sub(1);
        let row = self.len - 1;
        for (path, leaf) in &meta.entries {
            let c = self.column_mut(path)?;
            if c.kinds.len() <= row {
                c.push_missing()?;
            }
            c.set(row, leaf)?;
        }
        Ok(())
    }

    /// Replaces `row`'s metadata with `meta`.
    pub(crate) fn set(&mut self, row: usize, meta: &Metadata) -> Result<(), OutOfMemory> {
        for c in &mut self.columns {
            c.clear(row);
        }
        for (path, leaf) in &meta.entries {
            self.column_mut(path)?.set(row, leaf)?;
        }
        Ok(())
    }

    /// Removes `row`, moving the last row into its place (as the set does).
    pub(crate) fn swap_remove(&mut self, row: usize) {
        if row >= self.len {
            return;
        }
        for c in &mut self.columns {
            c.swap_remove(row);
        }
        self.len -= 1;
    }

    /// `row`'s metadata (empty for a row without any).
    pub(crate) fn get(&self, row: usize) -> Metadata {
        let mut out = Metadata::default();
        for c in &self.columns {
            if let Some(leaf) = c.leaf(row) {
                out.entries.push((c.path.clone(), leaf));
            }
        }
        out
    }

    /// Bytes held.
    pub(crate) fn byte_len(&self) -> usize {
        self.columns.iter().map(Column::byte_len).sum::<usize>() + 72 * self.columns.len()
    }
}
