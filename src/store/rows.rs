//! What every row store (f32, i8, b1) does, and the helpers they share.

use super::layout::Layout;
use alloc::vec::Vec;

/// A precision's rows, block by block (see `layout`). Rows arrive scaled to
/// unit length; a store keeps them in its own encoding.
pub(crate) trait Store {
    /// Room for `rows` more rows.
    fn reserve(&mut self, layout: &Layout, rows: usize) -> Result<(), OutOfMemory>;
    /// Appends a unit-length row.
    fn push(&mut self, layout: &Layout, unit: &[f32]);
    /// Replaces row `row` with a unit-length row.
    fn set(&mut self, layout: &Layout, row: usize, unit: &[f32]);
    /// Removes row `row` of `len`, moving the last row into its place.
    fn swap_remove(&mut self, layout: &Layout, row: usize, len: usize);
    /// Recomputes what is derived from all rows (after `set`/`swap_remove`).
    fn refresh(&mut self);
    /// Bytes held.
    fn byte_len(&self) -> usize;
}

/// A reservation wasm memory (or the allocator) could not satisfy; the
/// set turns it into an error that says how much the request needed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct OutOfMemory;

/// Reserves room for `extra` more elements of `v`.
pub(crate) fn reserve<T>(v: &mut Vec<T>, extra: usize) -> core::result::Result<(), OutOfMemory> {
    v.try_reserve(extra).map_err(|_| OutOfMemory)
}

/// Removes row `row` (of `len`, each `width` elements) from row-major
/// `data`, moving the last row into its place.
pub(crate) fn swap_remove_row<T: Copy>(data: &mut Vec<T>, width: usize, row: usize, len: usize) {
    let last = len - 1;
    if row != last {
        data.copy_within(last * width..len * width, row * width);
    }
    data.truncate(last * width);
}
