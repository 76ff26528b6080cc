//! Rows kept as f32: the unit-length row, block by block, with each row's
//! norm at every block boundary, so a truncated cosine at a boundary is one
//! dot product and one multiply (`score::scan_f32`).

use super::layout::Layout;
use super::rows::{OutOfMemory, Store};
use alloc::vec::Vec;

/// One block `[start, end)` of every row.
#[derive(Clone, Debug, Default)]
pub(crate) struct F32Block {
    /// `len * width` floats, row-major.
    pub(crate) data: Vec<f32>,
    /// `1 / |row[..end]|` per row (of the stored row); 0 when that prefix
    /// is all zeros.
    pub(crate) inv_norm: Vec<f32>,
    /// `|row[..end]|^2` per row, the base for prefixes ending inside the
    /// next block.
    pub(crate) sq_norm: Vec<f32>,
}

/// Every row at f32.
#[derive(Clone, Debug)]
pub(crate) struct F32Rows {
    pub(crate) blocks: Vec<F32Block>,
    /// Per block, the first row whose prefix up to the block's end is all
    /// zeros (derived; refreshed after a row is replaced or removed).
    pub(crate) first_zero: Vec<Option<usize>>,
}

impl F32Rows {
    pub(crate) fn new(layout: &Layout) -> F32Rows {
        F32Rows {
            blocks: layout.blocks.iter().map(|_| F32Block::default()).collect(),
            first_zero: layout.blocks.iter().map(|_| None).collect(),
        }
    }
}

impl Store for F32Rows {
    fn reserve(&mut self, layout: &Layout, rows: usize) -> core::result::Result<(), OutOfMemory> {
        for (b, &(start, end)) in self.blocks.iter_mut().zip(&layout.blocks) {
            super::rows::reserve(&mut b.data, rows * (end - start))?;
            super::rows::reserve(&mut b.inv_norm, rows)?;
            super::rows::reserve(&mut b.sq_norm, rows)?;
        }
        Ok(())
    }

    #[expect(
        clippy::indexing_slicing,
        reason = "unit holds dims floats and every block lies within dims"
    )]
    fn push(&mut self, layout: &Layout, unit: &[f32]) {
        let mut sq = 0.0f64;
        for (b, &(start, end)) in self.blocks.iter_mut().zip(&layout.blocks) {
            for &v in &unit[start..end] {
                sq += f64::from(v) * f64::from(v);
                b.data.push(v);
            }
            b.sq_norm.push(sq as f32);
            b.inv_norm.push(if sq > 0.0 {
                (1.0 / libm::sqrt(sq)) as f32
            } else {
                0.0
            });
        }
        for (first, b) in self.first_zero.iter_mut().zip(&self.blocks) {
            if first.is_none() && b.inv_norm.last() == Some(&0.0) {
                *first = Some(b.inv_norm.len() - 1);
            }
        }
    }

    #[expect(
        clippy::indexing_slicing,
        reason = "callers pass row < len and a unit row of dims floats; every block lies within dims"
    )]
    fn set(&mut self, layout: &Layout, row: usize, unit: &[f32]) {
        let mut sq = 0.0f64;
        for (b, &(start, end)) in self.blocks.iter_mut().zip(&layout.blocks) {
            let w = end - start;
            for (dst, &v) in b.data[row * w..(row + 1) * w]
                .iter_mut()
                .zip(&unit[start..end])
            {
                sq += f64::from(v) * f64::from(v);
                *dst = v;
            }
            b.sq_norm[row] = sq as f32;
            b.inv_norm[row] = if sq > 0.0 {
                (1.0 / libm::sqrt(sq)) as f32
            } else {
                0.0
            };
        }
    }

    fn swap_remove(&mut self, layout: &Layout, row: usize, len: usize) {
        for (b, &(start, end)) in self.blocks.iter_mut().zip(&layout.blocks) {
            super::rows::swap_remove_row(&mut b.data, end - start, row, len);
            b.inv_norm.swap_remove(row);
            b.sq_norm.swap_remove(row);
        }
    }

    fn refresh(&mut self) {
        for (first, b) in self.first_zero.iter_mut().zip(&self.blocks) {
            *first = b.inv_norm.iter().position(|&x| x == 0.0);
        }
    }

    fn byte_len(&self) -> usize {
        self.blocks
            .iter()
            .map(|b| 4 * (b.data.capacity() + b.inv_norm.capacity() + b.sq_norm.capacity()))
            .sum()
    }
}
