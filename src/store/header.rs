//! The set file's header (see the format in `file.rs`): read from the bytes
//! gathered so far, checked against the file's length before anything is
//! allocated per row. `load` parses it again as more bytes arrive.

use super::file::{data_len, pad, FILE_MAGIC, FILE_VERSION, NONE};
use super::layout::Layout;
use super::meta::{decode_rows, MetaStore};
use super::precision::Precision;
use super::vector_set::MAX_NAMESPACES;
use crate::check::MAX_DIMS;
use crate::error::{Error, Result};
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// What the header says.
pub(super) struct Header {
    pub(super) dims: usize,
    pub(super) n: usize,
    pub(super) version: u64,
    pub(super) precisions: Vec<Precision>,
    pub(super) model: Option<String>,
    pub(super) namespaces: Vec<String>,
    pub(super) ids: Vec<Option<String>>,
    pub(super) index: BTreeMap<String, usize>,
    pub(super) row_ns: Vec<u16>,
    pub(super) meta: MetaStore,
    pub(super) f32_zero: Option<Vec<Option<usize>>>,
    pub(super) i8_zero: Option<Vec<Option<usize>>>,
    /// Its length in bytes, padding included.
    pub(super) len: usize,
}

/// Reads header fields from the bytes gathered so far; `short` records how
/// many bytes a field that did not fit would need.
pub(super) struct Cursor<'a> {
    pub(super) buf: &'a [u8],
    pub(super) pos: usize,
    /// Where the file ends, for messages.
    pub(super) ends_at: usize,
    pub(super) short: Option<usize>,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8]> {
        let end = self.pos.saturating_add(n);
        let Some(bytes) = self.buf.get(self.pos..end) else {
            self.short = Some(end);
            return Err(Error::value(format!(
                "the set file is truncated: at byte {} it should hold {what} ({n} bytes), but it ends at byte {}",
                self.pos, self.ends_at
            )));
        };
        self.pos = end;
        Ok(bytes)
    }
    fn u32(&mut self, what: &str) -> Result<u32> {
        let mut b = [0u8; 4];
        b.copy_from_slice(self.take(4, what)?);
        Ok(u32::from_le_bytes(b))
    }
    fn text(&mut self, what: &str) -> Result<Option<String>> {
        let len = self.u32(what)?;
        if len == NONE {
            return Ok(None);
        }
        let bytes = self.take(len as usize, what)?;
        String::from_utf8(bytes.to_vec())
            .map(Some)
            .map_err(|_| Error::value(format!("the set file's {what} is not valid UTF-8")))
    }
    /// The zeros that pad the header to a multiple of 16 bytes.
    fn pad(&mut self, what: &str) -> Result<()> {
        self.take(pad(self.pos), what).map(|_| ())
    }
}

/// The header from `c`'s bytes (see the format in `file.rs`); `total`,
/// when known, is checked against the counts before anything is allocated
/// per row.
pub(super) fn parse(c: &mut Cursor, total: Option<usize>) -> Result<Header> {
    if c.buf.len() < 8 {
        c.short = Some(8);
        return Err(Error::value(format!(
            "not a simgate set file: it has {} bytes, fewer than the 8-byte \"SIMGSET\" header",
            c.ends_at
        )));
    }
    if c.take(8, "the magic bytes")? != FILE_MAGIC {
        return Err(Error::value(
            "not a simgate set file: it does not start with \"SIMGSET\" (write one with set.toBytes() or `simgate pack`)",
        ));
    }
    let version = c.u32("the format version")?;
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
    let dims = c.u32("dims")? as usize;
    if dims == 0 || dims > MAX_DIMS {
        return Err(Error::value(format!(
            "the set file's dims must be an integer from 1 to {MAX_DIMS}, got {dims}"
        )));
    }
    let n = c.u32("the row count")? as usize;
    // Format 1 predates change records: its sets start at version 0.
    let set_version = if version >= 2 {
        let mut b = [0u8; 8];
        b.copy_from_slice(c.take(8, "the set version")?);
        u64::from_le_bytes(b)
    } else {
        0
    };
    let flags = c.u32("the precisions")?;
    let Some(precisions) = Precision::from_bits(flags) else {
        return Err(Error::value(format!(
            "the set file's precisions field is {flags:#x}; it must combine 1 (f32), 2 (i8) and 4 (b1)"
        )));
    };
    let layout = Layout::new(dims);
    let blocks = c.u32("the block count")? as usize;
    let mut ends = Vec::new();
    if blocks == layout.blocks.len() {
        for _ in 0..blocks {
            ends.push(c.u32("a block end")? as usize);
        }
    }
    if !layout.ends().eq(ends.iter().copied()) {
        return Err(Error::value(format!(
            "the set file's blocks ({blocks} of them) disagree with its dims ({dims}), which split at {:?}",
            layout.ends().collect::<Vec<_>>()
        )));
    }
    let model = c.text("the model name")?;
    let ns_count = c.u32("the namespace count")? as usize;
    if ns_count == 0 || ns_count > MAX_NAMESPACES {
        return Err(Error::value(format!(
            "the set file lists {ns_count} namespaces; it must list from 1 to {MAX_NAMESPACES}"
        )));
    }
    let mut namespaces = Vec::new();
    for _ in 0..ns_count {
        namespaces.push(c.text("a namespace name")?.unwrap_or_default());
    }
    let has_ids = c.u32("the ids flag")?;
    if let Some(total) = total {
        // Before anything is allocated per row: the counts must fit the
        // file's length.
        let fixed_after_ids = data_len(&layout, n, &precisions, c.pos)?;
        let least = fixed_after_ids.saturating_add(if has_ids == 1 { 4 * n as u64 } else { 0 });
        if least > total as u64 {
            return Err(Error::value(format!(
                "the set file's header describes {n} rows of {dims} dims ({}), at least {least} bytes, but the file has {total} bytes",
                Precision::names(&precisions),
            )));
        }
    }
    let mut ids = Vec::new();
    let mut index = BTreeMap::new();
    match has_ids {
        0 => {}
        1 => {
            for row in 0..n {
                let id = c.text("an id")?;
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
    let raw = c.take(n.saturating_mul(2), "the rows' namespaces")?;
    let row_ns: Vec<u16> = raw
        .chunks_exact(2)
        .map(|b| u16::from_le_bytes(<[u8; 2]>::try_from(b).unwrap_or_default()))
        .collect();
    if let Some(row) = row_ns.iter().position(|&ns| usize::from(ns) >= ns_count) {
        return Err(Error::value(format!(
            "the set file puts row {row} in namespace {} of {ns_count}",
            row_ns.get(row).copied().unwrap_or(0)
        )));
    }
    let meta = if version >= 3 {
        let len = c.u32("the metadata length")? as usize;
        let raw = c.take(len, "the rows' metadata")?;
        if len == 0 {
            MetaStore::with_rows(n)
        } else {
            let (paths, rows) = decode_rows(raw, n)
                .map_err(|e| Error::value(format!("the set file: {}", e.message())))?;
            if paths.is_empty() {
                return Err(Error::value(
                    "the set file's metadata section lists no paths (a set without metadata writes length 0)",
                ));
            }
            MetaStore::from_columns(&paths, &rows).map_err(|_| {
                Error::value(format!(
                    "out of memory: cannot hold the metadata of {n} rows"
                ))
            })?
        }
    } else {
        MetaStore::with_rows(n)
    };
    let zero_rows = |c: &mut Cursor, keep: bool| -> Result<Option<Vec<Option<usize>>>> {
        if !keep {
            return Ok(None);
        }
        let raw = c.take(4 * layout.blocks.len(), "the zero rows")?;
        Ok(Some(
            raw.chunks_exact(4)
                .map(|b| u32::from_le_bytes(<[u8; 4]>::try_from(b).unwrap_or_default()))
                .map(|x| (x != NONE && (x as usize) < n).then_some(x as usize))
                .collect(),
        ))
    };
    let f32_zero = zero_rows(c, precisions.contains(&Precision::F32))?;
    let i8_zero = zero_rows(c, precisions.contains(&Precision::I8))?;
    c.pad("header padding")?;
    Ok(Header {
        dims,
        n,
        version: set_version,
        precisions,
        model,
        namespaces,
        ids,
        index,
        row_ns,
        meta,
        f32_zero,
        i8_zero,
        len: c.pos,
    })
}
