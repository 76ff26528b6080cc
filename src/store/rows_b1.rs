//! Rows kept as sign bits: one bit per dim (set when the value is > 0), 64
//! to a word, each block padded to whole words with zero bits. Two vectors
//! whose signs differ in `h` of `p` dims have an estimated cosine of
//! `cos(pi * h / p)` (the angle a random hyperplane separates them with); 32
//! times smaller than f32 and scored with popcounts, it is a coarse pass:
//! rerank its survivors at i8 or f32. A zero vector has no signs: it scores
//! as all-negative, with no error.

use super::layout::Layout;
use super::rows::{OutOfMemory, Store};
use alloc::vec::Vec;

/// Words per row of a block `width` dims wide.
pub(crate) fn words(width: usize) -> usize {
    width.div_ceil(64)
}

/// Every row as sign bits, block by block (`len * words(width)` words each).
#[derive(Clone, Debug)]
pub(crate) struct B1Rows {
    pub(crate) blocks: Vec<Vec<u64>>,
}

/// Appends the sign bits of `values` as `words(values.len())` words.
pub(crate) fn encode(values: &[f32], out: &mut Vec<u64>) {
    for chunk in values.chunks(64) {
        let mut w = 0u64;
        for (j, &v) in chunk.iter().enumerate() {
            if v > 0.0 {
                w |= 1 << j;
            }
        }
        out.push(w);
    }
}

impl B1Rows {
    pub(crate) fn new(layout: &Layout) -> B1Rows {
        B1Rows {
            blocks: layout.blocks.iter().map(|_| Vec::new()).collect(),
        }
    }
}

impl Store for B1Rows {
    fn reserve(&mut self, layout: &Layout, rows: usize) -> core::result::Result<(), OutOfMemory> {
        for (b, &(start, end)) in self.blocks.iter_mut().zip(&layout.blocks) {
            super::rows::reserve(b, rows * words(end - start))?;
        }
        Ok(())
    }

    #[expect(
        clippy::indexing_slicing,
        reason = "unit holds dims floats and every block lies within dims"
    )]
    fn push(&mut self, layout: &Layout, unit: &[f32]) {
        for (b, &(start, end)) in self.blocks.iter_mut().zip(&layout.blocks) {
            encode(&unit[start..end], b);
        }
    }

    #[expect(
        clippy::indexing_slicing,
        reason = "callers pass row < len and a unit row of dims floats"
    )]
    fn set(&mut self, layout: &Layout, row: usize, unit: &[f32]) {
        let mut buf = Vec::new();
        for (b, &(start, end)) in self.blocks.iter_mut().zip(&layout.blocks) {
            let w = words(end - start);
            buf.clear();
            encode(&unit[start..end], &mut buf);
            b[row * w..(row + 1) * w].copy_from_slice(&buf);
        }
    }

    fn swap_remove(&mut self, layout: &Layout, row: usize, len: usize) {
        for (b, &(start, end)) in self.blocks.iter_mut().zip(&layout.blocks) {
            super::rows::swap_remove_row(b, words(end - start), row, len);
        }
    }

    fn refresh(&mut self) {}

    fn byte_len(&self) -> usize {
        self.blocks.iter().map(|b| 8 * b.capacity()).sum()
    }
}
