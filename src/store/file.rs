//! The set file: a [`VectorSet`] as bytes, loaded without re-deriving
//! anything (no quantizing, no norms), one copy per section straight into
//! the set's memory. Every number is little-endian. The format, version 3
//! (version 1 lacks the `set version` field; such files load as version 0;
//! version 2 lacks `metadata`; such files load with none):
//!
//! ```text
//! magic        8 bytes  "SIMGSET\0"
//! version      u32      1
//! dims         u32      1..=1,048,576
//! count        u32      rows
//! set version  u64      changes applied since the set was created (see `records`)
//! precisions   u32      bit 1: f32, bit 2: i8, bit 4: b1
//! blocks       u32 n, then n x u32: where each block ends (64, 128, 256, ..., dims)
//! model        u32 length (0xFFFFFFFF: none), then UTF-8 bytes
//! namespaces   u32 n, then n x (u32 length, UTF-8 bytes); the first is ""
//! ids          u32 0 (no ids) or 1, then count x (u32 length or 0xFFFFFFFF for none, UTF-8 bytes)
//! row spaces   count x u16: each row's namespace (an index into namespaces)
//! metadata     (version 3) u32 length, then the rows' metadata (see
//!              `meta::codec`; length 0: no row has metadata)
//! zero rows    for f32 then i8 (when kept): n x u32, the first row whose
//!              prefix up to the block's end is all zeros (0xFFFFFFFF: none)
//! padding      zeros to a multiple of 16 bytes
//! f32 data     per block: rows (count x width f32), 1/norm (count f32),
//!              norm^2 (count f32), each padded to 16 bytes
//! i8 data      per block: rows (count x width i8), scale, norm^2, 1/norm
//!              (count f32 each), each padded to 16 bytes
//! b1 data      per block: rows (count x ceil(width / 64) u64), padded to 16
//! checksum     u64 over every byte before it (see `Checksum`)
//! ```
//!
//! Reading checks the magic, the version, dims against the cap, the blocks
//! against dims, that the header's counts give exactly the file's length,
//! every row's namespace, unique ids, and the checksum; each failure is an
//! error naming what was wrong and where. Row data is not re-checked (the
//! checksum covers corruption; a file is as trustworthy as its writer).

use super::layout::Layout;
use super::precision::Precision;
use super::rows_b1::words;
use super::vector_set::VectorSet;
use crate::error::Result;
use alloc::vec::Vec;

#[cfg(target_endian = "big")]
compile_error!("the set file is little-endian and sections are copied as they lie in memory");

/// The data sections of a set in file order, each with what it holds (for
/// error messages), as byte slices: shared ones for writing
/// (`as_ref, iter, as_slice, cast_slice, &[u8]`) or mutable ones for
/// loading (`as_mut, iter_mut, as_mut_slice, cast_slice_mut, &mut [u8]`). One list for both
/// keeps the writer and the loader in the same order.
macro_rules! data_sections {
    ($set:expr, $opt:ident, $iter:ident, $slice:ident, $cast:ident, $bytes:ty) => {{
        let mut out: alloc::vec::Vec<(&str, $bytes)> = alloc::vec::Vec::new();
        if let Some(rows) = $set.f32.$opt() {
            for b in rows.blocks.$iter() {
                out.push(("f32 rows", bytemuck::$cast(b.data.$slice())));
                out.push(("f32 norms", bytemuck::$cast(b.inv_norm.$slice())));
                out.push(("f32 norms", bytemuck::$cast(b.sq_norm.$slice())));
            }
        }
        if let Some(rows) = $set.i8.$opt() {
            for b in rows.blocks.$iter() {
                out.push(("i8 rows", bytemuck::$cast(b.data.$slice())));
                out.push(("i8 scales", bytemuck::$cast(b.scale.$slice())));
                out.push(("i8 norms", bytemuck::$cast(b.sq_norm.$slice())));
                out.push(("i8 norms", bytemuck::$cast(b.inv_norm.$slice())));
            }
        }
        if let Some(rows) = $set.b1.$opt() {
            for b in rows.blocks.$iter() {
                out.push(("b1 rows", bytemuck::$cast(b.$slice())));
            }
        }
        out
    }};
}
pub(super) use data_sections;

/// The first 8 bytes of every set file.
pub const FILE_MAGIC: [u8; 8] = *b"SIMGSET\0";
/// The format version this build writes and the newest it reads.
pub const FILE_VERSION: u32 = 3;
pub(super) const NONE: u32 = u32::MAX;

/// Where a set file is read from: a byte slice, or (in wasm) a JS
/// `Uint8Array` that is copied from section by section.
pub trait ByteSource {
    /// Total length in bytes.
    fn len(&self) -> usize;
    /// Whether the source is empty.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Copies `out.len()` bytes starting at `offset` (in bounds) into `out`.
    fn read(&self, offset: usize, out: &mut [u8]);
}

impl ByteSource for [u8] {
    fn len(&self) -> usize {
        <[u8]>::len(self)
    }
    fn read(&self, offset: usize, out: &mut [u8]) {
        if let Some(src) = self.get(offset..offset + out.len()) {
            out.copy_from_slice(src);
        }
    }
}

/// Where a set file is written: a `Vec<u8>`, or (in wasm) a JS `Uint8Array`
/// of the file's exact length.
pub trait ByteSink {
    /// Appends `bytes`.
    fn write(&mut self, bytes: &[u8]);
}

impl ByteSink for Vec<u8> {
    fn write(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

/// A fast 64-bit checksum of a byte stream (four independent multiply-
/// rotate lanes over 32-byte blocks, then the tail and the length): it
/// detects damaged or truncated files; it is not a cryptographic hash.
#[derive(Clone, Debug)]
pub(super) struct Checksum {
    lanes: [u64; 4],
    buf: [u8; 32],
    filled: usize,
    total: u64,
}

const K1: u64 = 0x9E37_79B9_7F4A_7C15;
const K2: u64 = 0xC2B2_AE3D_27D4_EB4F;

impl Checksum {
    pub(super) fn new() -> Checksum {
        Checksum {
            lanes: [K1, K2, K1 ^ K2, K2.rotate_left(17)],
            buf: [0; 32],
            filled: 0,
            total: 0,
        }
    }

    #[inline(always)]
    fn block(lanes: &mut [u64; 4], block: &[u8]) {
        for (lane, w) in lanes.iter_mut().zip(block.chunks_exact(8)) {
            let mut word = [0u8; 8];
            word.copy_from_slice(w);
            *lane = (*lane ^ u64::from_le_bytes(word))
                .wrapping_mul(K1)
                .rotate_left(31);
        }
    }

    pub(super) fn update(&mut self, mut bytes: &[u8]) {
        self.total += bytes.len() as u64;
        if self.filled > 0 {
            let take = (32 - self.filled).min(bytes.len());
            let (head, rest) = bytes.split_at(take);
            if let Some(dst) = self.buf.get_mut(self.filled..self.filled + take) {
                dst.copy_from_slice(head);
            }
            self.filled += take;
            bytes = rest;
            if self.filled < 32 {
                return;
            }
            let buf = self.buf;
            Self::block(&mut self.lanes, &buf);
            self.filled = 0;
        }
        let mut blocks = bytes.chunks_exact(32);
        for b in &mut blocks {
            Self::block(&mut self.lanes, b);
        }
        let rest = blocks.remainder();
        if let Some(dst) = self.buf.get_mut(..rest.len()) {
            dst.copy_from_slice(rest);
        }
        self.filled = rest.len();
    }

    pub(super) fn finish(&self) -> u64 {
        let mut h = self.total.wrapping_mul(K2);
        for (i, lane) in self.lanes.iter().enumerate() {
            h = (h ^ lane.rotate_left(7 * i as u32 + 1)).wrapping_mul(K1);
        }
        for &b in self.buf.get(..self.filled).unwrap_or(&[]) {
            h = (h ^ u64::from(b)).wrapping_mul(K2);
        }
        h ^ (h >> 29)
    }
}

/// Zero bytes that pad `len` to a multiple of 16.
pub(super) fn pad(len: usize) -> usize {
    (16 - len % 16) % 16
}

/// Writes a set file's fields to a sink, hashing as it goes.
pub(super) struct Writer<'a, S: ByteSink + ?Sized> {
    pub(super) sink: &'a mut S,
    pub(super) hash: Checksum,
    pub(super) pos: usize,
}

impl<S: ByteSink + ?Sized> Writer<'_, S> {
    fn put(&mut self, bytes: &[u8]) {
        self.hash.update(bytes);
        self.sink.write(bytes);
        self.pos += bytes.len();
    }
    fn u32(&mut self, x: u32) {
        self.put(&x.to_le_bytes());
    }
    fn text(&mut self, s: Option<&str>) {
        match s {
            None => self.u32(NONE),
            Some(s) => {
                self.u32(s.len() as u32);
                self.put(s.as_bytes());
            }
        }
    }
    fn pad(&mut self) {
        let n = pad(self.pos);
        self.put([0u8; 16].get(..n).unwrap_or(&[]));
    }
    /// A data section and its padding.
    fn section(&mut self, bytes: &[u8]) {
        self.put(bytes);
        self.pad();
    }
}

impl VectorSet {
    /// The file's exact length in bytes.
    pub fn file_len(&self) -> usize {
        let mut sink = Counter(0);
        self.write_to(&mut sink);
        sink.0
    }

    /// The set as a file (see the module docs).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.file_len());
        self.write_to(&mut out);
        out
    }

    /// Writes the file to `sink` (exactly [`VectorSet::file_len`] bytes).
    pub fn write_to<S: ByteSink + ?Sized>(&self, sink: &mut S) {
        self.write_format(sink, FILE_VERSION);
    }

    /// Writes the file in format `format` (1 lacks the set version, 2 the
    /// metadata; only tests write them, to check that such files still load).
    pub(super) fn write_format<S: ByteSink + ?Sized>(&self, sink: &mut S, format: u32) {
        let mut w = Writer {
            sink,
            hash: Checksum::new(),
            pos: 0,
        };
        self.write_header(&mut w, format);
        for (_, bytes) in data_sections!(self, as_ref, iter, as_slice, cast_slice, &[u8]) {
            w.section(bytes);
        }
        let sum = w.hash.finish();
        w.sink.write(&sum.to_le_bytes());
    }

    /// Everything before the data sections, padding included.
    pub(super) fn write_header<S: ByteSink + ?Sized>(&self, w: &mut Writer<'_, S>, format: u32) {
        let n = self.len;
        w.put(&FILE_MAGIC);
        w.u32(format);
        w.u32(self.dims as u32);
        w.u32(n as u32);
        if format >= 2 {
            w.put(&self.version.to_le_bytes());
        }
        w.u32(self.precisions().iter().map(|p| p.bit()).sum());
        w.u32(self.layout.blocks.len() as u32);
        for end in self.layout.ends() {
            w.u32(end as u32);
        }
        w.text(self.model.as_deref());
        w.u32(self.namespaces.len() as u32);
        for ns in &self.namespaces {
            w.text(Some(ns));
        }
        if self.ids.is_empty() {
            w.u32(0);
        } else {
            w.u32(1);
            for id in &self.ids {
                w.text(id.as_deref());
            }
        }
        for ns in &self.row_ns {
            w.put(&ns.to_le_bytes());
        }
        if format >= 3 {
            let meta = self.meta.to_bytes();
            w.u32(meta.len() as u32);
            w.put(&meta);
        }
        let zero_rows = |first: &[Option<usize>]| -> Vec<u32> {
            first.iter().map(|f| f.map_or(NONE, |r| r as u32)).collect()
        };
        if let Some(rows) = &self.f32 {
            w.put(bytemuck::cast_slice(&zero_rows(&rows.first_zero)));
        }
        if let Some(rows) = &self.i8 {
            w.put(bytemuck::cast_slice(&zero_rows(&rows.first_zero)));
        }
        w.pad();
    }
}

pub(super) fn block_width(layout: &Layout, k: usize) -> usize {
    layout.blocks.get(k).map_or(0, |&(s, e)| e - s)
}

/// Bytes of the data sections (each padded to 16) for `n` rows, plus
/// `before` (in u64, so absurd counts cannot overflow).
pub(super) fn data_len(
    layout: &Layout,
    n: usize,
    precisions: &[Precision],
    before: usize,
) -> Result<u64> {
    let n = n as u64;
    let padded = |bytes: u64| bytes + (16 - bytes % 16) % 16;
    let mut total = before as u64;
    for &(start, end) in &layout.blocks {
        let w = (end - start) as u64;
        for p in precisions {
            total += match p {
                Precision::F32 => padded(4 * n * w) + 2 * padded(4 * n),
                Precision::I8 => padded(n * w) + 3 * padded(4 * n),
                Precision::B1 => padded(8 * n * words(end - start) as u64),
            };
        }
    }
    Ok(total)
}

/// A sink that only counts.
struct Counter(usize);

impl ByteSink for Counter {
    fn write(&mut self, bytes: &[u8]) {
        self.0 += bytes.len();
    }
}
