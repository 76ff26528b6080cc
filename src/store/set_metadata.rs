//! A [`VectorSet`]'s metadata read and changed by id (the columns
//! themselves are `meta`'s).

use super::meta::Metadata;
use super::vector_set::VectorSet;
use super::writes::unique_ids;
use crate::error::{Error, Result};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

impl VectorSet {
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
}
