//! The set file written in bounded chunks: what a snapshot streams to
//! storage without holding a copy of the whole file beside the set (at the
//! edge, a 100,000 x 768 i8 set is 88 MB in a 128 MB isolate; its file is
//! 84 MB more).
//!
//! The header (names, ids, row namespaces: small next to the rows) is built
//! once; the data sections are read from the set's own memory chunk by
//! chunk. The set must not change between chunks: each call checks its
//! version and row count and refuses to go on if either moved.

use super::file::{data_sections, pad, ByteSink, Checksum, Writer, FILE_VERSION};
use super::vector_set::VectorSet;
use crate::error::{Error, Result};
use alloc::format;
use alloc::vec::Vec;

/// A set file produced a chunk at a time (see the module docs). The file
/// is a list of pieces: the header, then each data section and its
/// padding, then the checksum.
pub struct FileChunks {
    header: Vec<u8>,
    hash: Checksum,
    /// The current piece: 0 the header, `2i + 1` section `i`, `2i + 2` its
    /// padding, `2n + 1` the checksum (for `n` sections).
    piece: usize,
    /// Bytes of the current piece already produced.
    offset: usize,
    total: usize,
    produced: usize,
    version: u64,
    len: usize,
}

impl VectorSet {
    /// The set's file, to be read with [`FileChunks::next_chunk`].
    pub fn file_chunks(&self) -> FileChunks {
        let mut header = Vec::new();
        let mut w = Writer {
            sink: &mut header,
            hash: Checksum::new(),
            pos: 0,
        };
        self.write_header(&mut w, FILE_VERSION);
        let hash = w.hash;
        FileChunks {
            header,
            hash,
            piece: 0,
            offset: 0,
            total: self.file_len(),
            produced: 0,
            version: self.version,
            len: self.len,
        }
    }
}

impl FileChunks {
    /// The file's length in bytes.
    pub fn total(&self) -> usize {
        self.total
    }

    /// Bytes produced so far.
    pub fn produced(&self) -> usize {
        self.produced
    }

    /// Appends the next up to `max` bytes of `set`'s file to `out` (the
    /// 8-byte checksum goes out whole, so a chunk may end up to 7 bytes
    /// longer); `false` once the file is complete. An error when `set`
    /// changed since the chunks began.
    pub fn next_chunk(&mut self, set: &VectorSet, max: usize, out: &mut Vec<u8>) -> Result<bool> {
        if set.version != self.version || set.len != self.len {
            return Err(Error::value(format!(
                "the set changed while its file was being written (version {} -> {}, {} -> {} rows); start again",
                self.version, set.version, self.len, set.len
            )));
        }
        let sections = data_sections!(set, as_ref, iter, as_slice, cast_slice, &[u8]);
        let last = 2 * sections.len() + 1;
        let zeros = [0u8; 16];
        let mut room = max.max(1);
        while room > 0 && self.piece <= last {
            if self.piece == last {
                out.write(&self.hash.finish().to_le_bytes());
                self.produced += 8;
                self.piece += 1;
                break;
            }
            let bytes: &[u8] = match self.piece {
                0 => &self.header,
                k if k % 2 == 1 => sections.get(k / 2).map_or(&[], |(_, b)| b),
                k => {
                    let len = sections.get(k / 2 - 1).map_or(0, |(_, b)| b.len());
                    zeros.get(..pad(len)).unwrap_or(&[])
                }
            };
            let take = bytes.len().saturating_sub(self.offset).min(room);
            if let Some(part) = bytes.get(self.offset..self.offset + take) {
                if self.piece > 0 {
                    // The header's bytes are in the hash already.
                    self.hash.update(part);
                }
                out.write(part);
            }
            self.offset += take;
            self.produced += take;
            room -= take;
            if self.offset >= bytes.len() {
                self.piece += 1;
                self.offset = 0;
            }
        }
        Ok(self.piece <= last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Precision;

    #[test]
    fn chunks_of_any_size_make_the_same_file() {
        let mut set =
            VectorSet::with_options(100, &[Precision::F32, Precision::I8, Precision::B1], None)
                .unwrap();
        let rows: Vec<f32> = (0..100 * 7)
            .map(|i| ((i * 37 % 101) as f32) - 50.5)
            .collect();
        let ids = (0..7).map(|i| format!("id-{i}")).collect();
        set.add(&rows, Some(ids)).unwrap();
        let whole = set.to_bytes();
        for size in [1, 3, 15, 16, 17, 100, 4096, whole.len(), whole.len() * 2] {
            let mut chunks = set.file_chunks();
            assert_eq!(chunks.total(), whole.len());
            let mut out = Vec::new();
            let mut calls = 0;
            while chunks.next_chunk(&set, size, &mut out).unwrap() {
                calls += 1;
                assert!(calls <= whole.len() + 2, "no progress at chunk size {size}");
            }
            assert_eq!(out, whole, "chunk size {size}");
            assert_eq!(chunks.produced(), whole.len());
        }
        let empty = VectorSet::new(3).unwrap();
        let mut out = Vec::new();
        let mut c = empty.file_chunks();
        while c.next_chunk(&empty, 5, &mut out).unwrap() {}
        assert_eq!(out, empty.to_bytes());
    }

    #[test]
    fn a_set_that_changes_between_chunks_is_an_error() {
        let mut set = VectorSet::new(4).unwrap();
        set.add(&[1.0, 2.0, 3.0, 4.0], None).unwrap();
        let mut chunks = set.file_chunks();
        let mut out = Vec::new();
        assert!(chunks.next_chunk(&set, 10, &mut out).unwrap());
        set.add(&[1.0, 0.0, 0.0, 0.0], None).unwrap();
        let e = chunks.next_chunk(&set, 10, &mut out).unwrap_err();
        assert_eq!(
            e.message(),
            "the set changed while its file was being written (version 1 -> 2, 1 -> 2 rows); start again"
        );
    }
}
