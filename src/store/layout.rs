//! Where a set's dims are split into blocks, and where a prefix ends.
//!
//! Matryoshka embeddings are scored over prefixes (64, 128, 256, ... dims).
//! Reading a 256-dim prefix in place from 768-dim row-major rows is strided
//! and measured about 4x slower than reading the same prefix stored
//! contiguously. So the dims are split into blocks at 64, 128, 256, 512, ...
//! (doubling, the last block ending at `dims`), and every precision stores
//! each block row-major on its own: `[0, 64)` of every row, then `[64, 128)`
//! of every row, and so on. A prefix that ends on a block boundary streams
//! one contiguous region per block; any other prefix also reads a leading
//! part of one more block.

use alloc::vec::Vec;

/// Dims at which a new block starts: 64, 128, 256, ... (doubling).
const FIRST_BOUNDARY: usize = 64;

/// The block boundaries of one dimensionality.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Layout {
    /// `[start, end)` of each block, in order; they tile `0..dims`.
    pub(crate) blocks: Vec<(usize, usize)>,
}

/// Where a prefix of `p` dims ends: the blocks it covers whole, and how many
/// leading dims of the next block it takes (0 when it ends on a boundary).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Prefix {
    pub(crate) whole_blocks: usize,
    pub(crate) partial: usize,
}

impl Layout {
    /// The blocks of `dims` dims (`dims >= 1`).
    pub(crate) fn new(dims: usize) -> Layout {
        let mut blocks = Vec::new();
        let (mut start, mut end) = (0, FIRST_BOUNDARY.min(dims));
        while start < dims {
            blocks.push((start, end));
            start = end;
            end = (end * 2).min(dims);
        }
        Layout { blocks }
    }

    /// Where a prefix of `p` dims ends.
    pub(crate) fn prefix(&self, p: usize) -> Prefix {
        let whole_blocks = self.blocks.iter().take_while(|b| b.1 <= p).count();
        let partial = self
            .blocks
            .get(whole_blocks)
            .map_or(0, |b| p.saturating_sub(b.0));
        Prefix {
            whole_blocks,
            partial,
        }
    }

    /// The dims at which blocks end.
    pub(crate) fn ends(&self) -> impl Iterator<Item = usize> + '_ {
        self.blocks.iter().map(|b| b.1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_split_at_doubling_boundaries() {
        let ends = |d| Layout::new(d).ends().collect::<Vec<_>>();
        assert_eq!(ends(3), [3]);
        assert_eq!(ends(64), [64]);
        assert_eq!(ends(100), [64, 100]);
        assert_eq!(ends(384), [64, 128, 256, 384]);
        assert_eq!(ends(768), [64, 128, 256, 512, 768]);
        assert_eq!(ends(1536), [64, 128, 256, 512, 1024, 1536]);
        let l = Layout::new(384);
        assert_eq!(
            l.prefix(128),
            Prefix {
                whole_blocks: 2,
                partial: 0
            }
        );
        assert_eq!(
            l.prefix(200),
            Prefix {
                whole_blocks: 2,
                partial: 72
            }
        );
        assert_eq!(
            l.prefix(10),
            Prefix {
                whole_blocks: 0,
                partial: 10
            }
        );
    }
}
