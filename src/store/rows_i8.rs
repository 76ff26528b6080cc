//! Rows kept as int8: symmetric quantization per row and per block, so any
//! Matryoshka prefix is still re-normalized over its own dims.
//!
//! Each block of a row gets its own scale `max |x| / 127`, and `x` is stored
//! as `round(x / scale)` in [-127, 127]. The row's norm at every block
//! boundary is that of the dequantized values, so a row scores exactly 1
//! against itself. The query is quantized the same way, block by block over
//! its prefix; a block's contribution is then `scale_q * scale_row * (integer
//! dot)`, with the integer dot from the SIMD128 kernel (exact, so the scalar
//! build gives the same scores).

use super::layout::Layout;
use super::rows::{OutOfMemory, Store};
use alloc::vec::Vec;

/// One block `[start, end)` of every row.
#[derive(Clone, Debug, Default)]
pub(crate) struct I8Block {
    /// `len * width` quantized values, row-major.
    pub(crate) data: Vec<i8>,
    /// Per row: the block's scale (0 when the block is all zeros).
    pub(crate) scale: Vec<f32>,
    /// Per row: `|dequantized row[..end]|^2`.
    pub(crate) sq_norm: Vec<f32>,
    /// Per row: `1 / |dequantized row[..end]|`, 0 when that is zero.
    pub(crate) inv_norm: Vec<f32>,
}

/// Every row at int8.
#[derive(Clone, Debug)]
pub(crate) struct I8Rows {
    pub(crate) blocks: Vec<I8Block>,
    /// Per block, the first row whose dequantized prefix up to the block's
    /// end is all zeros (derived).
    pub(crate) first_zero: Vec<Option<usize>>,
}

/// `round(x / scale)` for every `x` in `values`, appended to `out`; returns
/// the scale (`max |x| / 127`, 0 for an all-zero slice) and the dequantized
/// squared norm.
pub(crate) fn quantize(values: &[f32], out: &mut Vec<i8>) -> (f32, f64) {
    let max = values.iter().fold(0.0f32, |m, v| m.max(v.abs()));
    if max == 0.0 {
        out.extend(values.iter().map(|_| 0i8));
        return (0.0, 0.0);
    }
    let scale = max / 127.0;
    let mut sq = 0i64;
    for &v in values {
        let q = libm::roundf(v / scale).clamp(-127.0, 127.0) as i8;
        sq += i64::from(q) * i64::from(q);
        out.push(q);
    }
    (scale, f64::from(scale) * f64::from(scale) * sq as f64)
}

impl I8Rows {
    pub(crate) fn new(layout: &Layout) -> I8Rows {
        I8Rows {
            blocks: layout.blocks.iter().map(|_| I8Block::default()).collect(),
            first_zero: layout.blocks.iter().map(|_| None).collect(),
        }
    }

    #[expect(
        clippy::indexing_slicing,
        reason = "unit holds dims floats and every block lies within dims"
    )]
    fn encode(&self, layout: &Layout, unit: &[f32], mut put: impl FnMut(usize, &[i8], f32, f64)) {
        let mut buf = Vec::new();
        let mut sq = 0.0f64;
        for (k, &(start, end)) in layout.blocks.iter().enumerate() {
            buf.clear();
            let (scale, s) = quantize(&unit[start..end], &mut buf);
            sq += s;
            put(k, &buf, scale, sq);
        }
    }
}

impl Store for I8Rows {
    fn reserve(&mut self, layout: &Layout, rows: usize) -> core::result::Result<(), OutOfMemory> {
        for (b, &(start, end)) in self.blocks.iter_mut().zip(&layout.blocks) {
            super::rows::reserve(&mut b.data, rows * (end - start))?;
            super::rows::reserve(&mut b.scale, rows)?;
            super::rows::reserve(&mut b.sq_norm, rows)?;
            super::rows::reserve(&mut b.inv_norm, rows)?;
        }
        Ok(())
    }

    fn push(&mut self, layout: &Layout, unit: &[f32]) {
        let mut blocks = core::mem::take(&mut self.blocks);
        self.encode(layout, unit, |k, q, scale, sq| {
            if let Some(b) = blocks.get_mut(k) {
                b.data.extend_from_slice(q);
                b.scale.push(scale);
                b.sq_norm.push(sq as f32);
                b.inv_norm.push(if sq > 0.0 {
                    (1.0 / libm::sqrt(sq)) as f32
                } else {
                    0.0
                });
            }
        });
        self.blocks = blocks;
        for (first, b) in self.first_zero.iter_mut().zip(&self.blocks) {
            if first.is_none() && b.inv_norm.last() == Some(&0.0) {
                *first = Some(b.inv_norm.len() - 1);
            }
        }
    }

    fn set(&mut self, layout: &Layout, row: usize, unit: &[f32]) {
        let mut blocks = core::mem::take(&mut self.blocks);
        self.encode(layout, unit, |k, q, scale, sq| {
            if let Some(b) = blocks.get_mut(k) {
                let w = q.len();
                if let Some(dst) = b.data.get_mut(row * w..(row + 1) * w) {
                    dst.copy_from_slice(q);
                }
                let inv = if sq > 0.0 {
                    (1.0 / libm::sqrt(sq)) as f32
                } else {
                    0.0
                };
                for (v, x) in [
                    (&mut b.scale, scale),
                    (&mut b.sq_norm, sq as f32),
                    (&mut b.inv_norm, inv),
                ] {
                    if let Some(slot) = v.get_mut(row) {
                        *slot = x;
                    }
                }
            }
        });
        self.blocks = blocks;
    }

    fn swap_remove(&mut self, layout: &Layout, row: usize, len: usize) {
        for (b, &(start, end)) in self.blocks.iter_mut().zip(&layout.blocks) {
            super::rows::swap_remove_row(&mut b.data, end - start, row, len);
            b.scale.swap_remove(row);
            b.sq_norm.swap_remove(row);
            b.inv_norm.swap_remove(row);
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
            .map(|b| {
                b.data.capacity()
                    + 4 * (b.scale.capacity() + b.sq_norm.capacity() + b.inv_norm.capacity())
            })
            .sum()
    }
}
