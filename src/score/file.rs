//! The set file: a [`VectorSet`] as bytes, loaded without re-deriving
//! anything (no quantizing, no norms), one copy per section straight into
//! the set's memory. Every number is little-endian. The format, version 1:
//!
//! ```text
//! magic        8 bytes  "SIMGSET\0"
//! version      u32      1
//! dims         u32      1..=1,048,576
//! count        u32      rows
//! precisions   u32      bit 1: f32, bit 2: i8, bit 4: b1
//! blocks       u32 n, then n x u32: where each block ends (64, 128, 256, ..., dims)
//! model        u32 length (0xFFFFFFFF: none), then UTF-8 bytes
//! namespaces   u32 n, then n x (u32 length, UTF-8 bytes); the first is ""
//! ids          u32 0 (no ids) or 1, then count x (u32 length or 0xFFFFFFFF for none, UTF-8 bytes)
//! row spaces   count x u16: each row's namespace (an index into namespaces)
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
use super::rows_b1::{words, B1Rows};
use super::rows_f32::{F32Block, F32Rows};
use super::rows_i8::{I8Block, I8Rows};
use super::vector_set::VectorSet;
use crate::check::MAX_DIMS;
use crate::error::{Error, Result};
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

#[cfg(target_endian = "big")]
compile_error!("the set file is little-endian and sections are copied as they lie in memory");

/// The first 8 bytes of every set file.
pub const FILE_MAGIC: [u8; 8] = *b"SIMGSET\0";
/// The format version this build writes and the newest it reads.
pub const FILE_VERSION: u32 = 1;
const NONE: u32 = u32::MAX;

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
struct Checksum {
    lanes: [u64; 4],
    buf: [u8; 32],
    filled: usize,
    total: u64,
}

const K1: u64 = 0x9E37_79B9_7F4A_7C15;
const K2: u64 = 0xC2B2_AE3D_27D4_EB4F;

impl Checksum {
    fn new() -> Checksum {
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

    fn update(&mut self, mut bytes: &[u8]) {
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

    fn finish(&self) -> u64 {
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
fn pad(len: usize) -> usize {
    (16 - len % 16) % 16
}

struct Writer<'a, S: ByteSink + ?Sized> {
    sink: &'a mut S,
    hash: Checksum,
    pos: usize,
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

struct Reader<'a, S: ByteSource + ?Sized> {
    src: &'a S,
    hash: Checksum,
    pos: usize,
}

impl<S: ByteSource + ?Sized> Reader<'_, S> {
    /// Fills `out` from the next bytes, or says where the file ends.
    fn take(&mut self, out: &mut [u8], what: &str) -> Result<()> {
        let end = self.pos.checked_add(out.len());
        if end.is_none_or(|e| e > self.src.len()) {
            return Err(Error::value(format!(
                "the set file is truncated: at byte {} it should hold {what} ({} bytes), but it ends at byte {}",
                self.pos,
                out.len(),
                self.src.len()
            )));
        }
        self.src.read(self.pos, out);
        self.hash.update(out);
        self.pos += out.len();
        Ok(())
    }
    fn u32(&mut self, what: &str) -> Result<u32> {
        let mut b = [0u8; 4];
        self.take(&mut b, what)?;
        Ok(u32::from_le_bytes(b))
    }
    fn text(&mut self, what: &str) -> Result<Option<String>> {
        let len = self.u32(what)?;
        if len == NONE {
            return Ok(None);
        }
        if len as usize > self.src.len().saturating_sub(self.pos) {
            return Err(Error::value(format!(
                "the set file is truncated: at byte {} it should hold {what} ({len} bytes), but it ends at byte {}",
                self.pos,
                self.src.len()
            )));
        }
        let mut bytes = vec![0u8; len as usize];
        self.take(&mut bytes, what)?;
        String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| Error::value(format!("the set file's {what} is not valid UTF-8")))
    }
    fn pad(&mut self, what: &str) -> Result<()> {
        let mut zeros = [0u8; 16];
        let n = pad(self.pos);
        self.take(zeros.get_mut(..n).unwrap_or(&mut []), what)
    }
    /// A data section of `n` values of `T`, and its padding.
    fn section<T: bytemuck::Pod + Default + Clone>(
        &mut self,
        n: usize,
        what: &str,
    ) -> Result<Vec<T>> {
        let mut out = vec![T::default(); n];
        self.take(bytemuck::cast_slice_mut(&mut out), what)?;
        self.pad(what)?;
        Ok(out)
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
        let mut w = Writer {
            sink,
            hash: Checksum::new(),
            pos: 0,
        };
        let n = self.len;
        w.put(&FILE_MAGIC);
        w.u32(FILE_VERSION);
        w.u32(self.dims as u32);
        w.u32(n as u32);
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
        if let Some(rows) = &self.f32 {
            for b in &rows.blocks {
                w.section(bytemuck::cast_slice(&b.data));
                w.section(bytemuck::cast_slice(&b.inv_norm));
                w.section(bytemuck::cast_slice(&b.sq_norm));
            }
        }
        if let Some(rows) = &self.i8 {
            for b in &rows.blocks {
                w.section(bytemuck::cast_slice(&b.data));
                w.section(bytemuck::cast_slice(&b.scale));
                w.section(bytemuck::cast_slice(&b.sq_norm));
                w.section(bytemuck::cast_slice(&b.inv_norm));
            }
        }
        if let Some(rows) = &self.b1 {
            for b in &rows.blocks {
                w.section(bytemuck::cast_slice(b));
            }
        }
        let sum = w.hash.finish();
        w.sink.write(&sum.to_le_bytes());
    }

    /// A set read from a file's bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<VectorSet> {
        Self::read_from(bytes)
    }

    /// A set read from `src` (see the module docs for what is checked).
    pub fn read_from<S: ByteSource + ?Sized>(src: &S) -> Result<VectorSet> {
        let mut r = Reader {
            src,
            hash: Checksum::new(),
            pos: 0,
        };
        let mut magic = [0u8; 8];
        if src.len() < 8 {
            return Err(Error::value(format!(
                "not a simgate set file: it has {} bytes, fewer than the 8-byte \"SIMGSET\" header",
                src.len()
            )));
        }
        r.take(&mut magic, "the magic bytes")?;
        if magic != FILE_MAGIC {
            return Err(Error::value(
                "not a simgate set file: it does not start with \"SIMGSET\" (write one with set.toBytes() or `simgate pack`)",
            ));
        }
        let version = r.u32("the format version")?;
        if version > FILE_VERSION {
            return Err(Error::value(format!(
                "the set file is format version {version}; this build of simgate reads version {FILE_VERSION} and older (upgrade simgate)"
            )));
        }
        if version == 0 {
            return Err(Error::value(
                "the set file has format version 0, which does not exist",
            ));
        }
        let dims = r.u32("dims")? as usize;
        if dims == 0 || dims > MAX_DIMS {
            return Err(Error::value(format!(
                "the set file's dims must be an integer from 1 to {MAX_DIMS}, got {dims}"
            )));
        }
        let n = r.u32("the row count")? as usize;
        let flags = r.u32("the precisions")?;
        let precisions: Vec<Precision> = Precision::ALL
            .into_iter()
            .filter(|p| flags & p.bit() != 0)
            .collect();
        if precisions.is_empty() || flags & !7 != 0 {
            return Err(Error::value(format!(
                "the set file's precisions field is {flags:#x}; it must combine 1 (f32), 2 (i8) and 4 (b1)"
            )));
        }
        let layout = Layout::new(dims);
        let blocks = r.u32("the block count")? as usize;
        let mut ends = Vec::new();
        if blocks == layout.blocks.len() {
            for _ in 0..blocks {
                ends.push(r.u32("a block end")? as usize);
            }
        }
        if !layout.ends().eq(ends.iter().copied()) {
            return Err(Error::value(format!(
                "the set file's blocks ({blocks} of them) disagree with its dims ({dims}), which split at {:?}",
                layout.ends().collect::<Vec<_>>()
            )));
        }
        let model = r.text("the model name")?;
        let ns_count = r.u32("the namespace count")? as usize;
        if ns_count == 0 || ns_count > super::vector_set::MAX_NAMESPACES {
            return Err(Error::value(format!(
                "the set file lists {ns_count} namespaces; it must list from 1 to {}",
                super::vector_set::MAX_NAMESPACES
            )));
        }
        let mut namespaces = Vec::new();
        for _ in 0..ns_count {
            namespaces.push(r.text("a namespace name")?.unwrap_or_default());
        }
        // Before anything is allocated per row: the counts must give
        // exactly the file's length.
        let has_ids = r.u32("the ids flag")?;
        let fixed_after_ids = data_len(&layout, n, &precisions, r.pos)?;
        let least = fixed_after_ids.saturating_add(if has_ids == 1 { 4 * n as u64 } else { 0 });
        if least > src.len() as u64 {
            return Err(Error::value(format!(
                "the set file's header describes {n} rows of {dims} dims ({}), at least {least} bytes, but the file has {} bytes",
                Precision::names(&precisions),
                src.len()
            )));
        }
        let mut ids = Vec::new();
        let mut index = BTreeMap::new();
        match has_ids {
            0 => {}
            1 => {
                ids.reserve_exact(n);
                for row in 0..n {
                    let id = r.text("an id")?;
                    if let Some(id) = &id {
                        if index.insert(id.clone(), row).is_some() {
                            return Err(Error::value(format!(
                                "the set file repeats the id \"{id}\" (row {row})"
                            )));
                        }
                    }
                    ids.push(id);
                }
            }
            other => {
                return Err(Error::value(format!(
                    "the set file's ids flag is {other}; it must be 0 or 1"
                )));
            }
        }
        let mut row_ns = vec![0u16; n];
        r.take(
            bytemuck::cast_slice_mut(&mut row_ns),
            "the rows' namespaces",
        )?;
        if let Some(row) = row_ns.iter().position(|&ns| usize::from(ns) >= ns_count) {
            return Err(Error::value(format!(
                "the set file puts row {row} in namespace {} of {ns_count}",
                row_ns.get(row).copied().unwrap_or(0)
            )));
        }
        let zero_rows = |r: &mut Reader<S>| -> Result<Vec<Option<usize>>> {
            let mut raw = vec![0u32; layout.blocks.len()];
            r.take(bytemuck::cast_slice_mut(&mut raw), "the zero rows")?;
            Ok(raw
                .into_iter()
                .map(|x| (x != NONE && (x as usize) < n).then_some(x as usize))
                .collect())
        };
        let f32_zero = if precisions.contains(&Precision::F32) {
            Some(zero_rows(&mut r)?)
        } else {
            None
        };
        let i8_zero = if precisions.contains(&Precision::I8) {
            Some(zero_rows(&mut r)?)
        } else {
            None
        };
        r.pad("header padding")?;
        let expected = r.pos as u64 + data_len(&layout, n, &precisions, 0)? + 8;
        if expected != src.len() as u64 {
            let what = format!("{n} rows of {dims} dims, {}", Precision::names(&precisions));
            return Err(Error::value(if expected > src.len() as u64 {
                format!(
                    "the set file is truncated: its header describes {expected} bytes ({what}), but it ends at byte {}",
                    src.len()
                )
            } else {
                format!(
                    "the set file has {} bytes, but its header describes {expected} ({what})",
                    src.len()
                )
            }));
        }
        let mut set = VectorSet::with_options(dims, &precisions, model.as_deref())?;
        if let Some(first_zero) = f32_zero {
            let mut rows = F32Rows::new(&layout);
            for (k, b) in rows.blocks.iter_mut().enumerate() {
                let w = block_width(&layout, k);
                *b = F32Block {
                    data: r.section(n * w, "f32 rows")?,
                    inv_norm: r.section(n, "f32 norms")?,
                    sq_norm: r.section(n, "f32 norms")?,
                };
            }
            rows.first_zero = first_zero;
            set.f32 = Some(rows);
        }
        if let Some(first_zero) = i8_zero {
            let mut rows = I8Rows::new(&layout);
            for (k, b) in rows.blocks.iter_mut().enumerate() {
                let w = block_width(&layout, k);
                *b = I8Block {
                    data: r.section(n * w, "i8 rows")?,
                    scale: r.section(n, "i8 scales")?,
                    sq_norm: r.section(n, "i8 norms")?,
                    inv_norm: r.section(n, "i8 norms")?,
                };
            }
            rows.first_zero = first_zero;
            set.i8 = Some(rows);
        }
        if precisions.contains(&Precision::B1) {
            let mut rows = B1Rows::new(&layout);
            for (k, b) in rows.blocks.iter_mut().enumerate() {
                *b = r.section(n * words(block_width(&layout, k)), "b1 rows")?;
            }
            set.b1 = Some(rows);
        }
        let computed = r.hash.finish();
        let mut stored = [0u8; 8];
        r.take(&mut stored, "the checksum")?;
        let stored = u64::from_le_bytes(stored);
        if stored != computed {
            return Err(Error::value(format!(
                "the set file's checksum does not match (stored {stored:#018x}, computed {computed:#018x}): the file is damaged"
            )));
        }
        set.len = n;
        set.ids = ids;
        set.index = index;
        set.namespaces = namespaces;
        set.row_ns = row_ns;
        Ok(set)
    }
}

fn block_width(layout: &Layout, k: usize) -> usize {
    layout.blocks.get(k).map_or(0, |&(s, e)| e - s)
}

/// Bytes of the data sections (each padded to 16) for `n` rows, plus
/// `before` (in u64, so absurd counts cannot overflow).
fn data_len(layout: &Layout, n: usize, precisions: &[Precision], before: usize) -> Result<u64> {
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
