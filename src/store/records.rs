//! Change records: one write to a [`VectorSet`] as bytes, so a durable copy
//! of a set is its last snapshot (a set file) plus the records written
//! since, and a write costs its own size, not the set's.
//!
//! A record carries the rows as the set stores them (already quantized to
//! each precision, norms included), so replaying it copies bytes and derives
//! nothing: the replayed set equals the live one bit for bit. Every number
//! is little-endian. The format, version 1:
//!
//! ```text
//! magic        8 bytes  "SIMGCHG\0"
//! format       u32      1
//! kind         u32      1 add, 2 upsert, 3 remove, 4 metadata
//! seq          u64      the set's version after this change (1 for the first)
//! dims         u32      the set's dims
//! precisions   u32      the set's precisions (bits as in the set file)
//! body length  u32      bytes of the body
//! body         add, upsert: a set file (see `file`) holding the changed rows
//!                in their final state, with their ids and namespace;
//!              remove: u32 n, then n x (u32 length, UTF-8 id)
//!              metadata: the ids as for remove, then u32 length and the
//!                rows' new metadata (see `meta::codec`), one per id
//! checksum     u64      over every byte before it (the set file's checksum)
//! ```
//!
//! Applying a record whose `seq` is at most the set's version does nothing
//! (replay is idempotent); `seq = version + 1` applies it; anything else
//! (a gap, other dims or precisions, a damaged or truncated record, an add
//! of an id the set holds) is an error and leaves the set unchanged.

use super::bytes::Reader;
use super::file::Checksum;
use super::meta::{decode_rows, encode_rows, Metadata};
use super::precision::Precision;
use super::rows::{reserve, OutOfMemory};
use super::vector_set::VectorSet;
use crate::error::{Error, Result};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// The first 8 bytes of every change record.
pub const CHANGE_MAGIC: [u8; 8] = *b"SIMGCHG\0";
/// The record format this build writes and reads.
pub const CHANGE_VERSION: u32 = 1;

/// Bytes before the body: magic, format, kind, seq, dims, precisions, body length.
const HEAD: usize = 8 + 4 + 4 + 8 + 4 + 4 + 4;

/// What a change did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    /// Rows appended.
    Add,
    /// Rows replaced by id, or appended where the id was new.
    Upsert,
    /// Rows removed by id.
    Remove,
    /// Rows' metadata replaced by id (vectors unchanged).
    Metadata,
}

impl ChangeKind {
    fn code(self) -> u32 {
        match self {
            ChangeKind::Add => 1,
            ChangeKind::Upsert => 2,
            ChangeKind::Remove => 3,
            ChangeKind::Metadata => 4,
        }
    }

    /// `"add"`, `"upsert"`, `"remove"` or `"metadata"`.
    pub fn name(self) -> &'static str {
        match self {
            ChangeKind::Add => "add",
            ChangeKind::Upsert => "upsert",
            ChangeKind::Remove => "remove",
            ChangeKind::Metadata => "metadata",
        }
    }
}

/// A change record read back (see the module docs).
#[derive(Clone, Debug)]
pub struct Change {
    kind: ChangeKind,
    seq: u64,
    dims: usize,
    precisions: Vec<Precision>,
    /// Add, upsert: the rows in their final state.
    rows: Option<VectorSet>,
    /// Remove, metadata: the ids.
    removed: Vec<String>,
    /// Metadata: each id's new metadata.
    metadata: Vec<Metadata>,
}

impl Change {
    /// What the change did.
    pub fn kind(&self) -> ChangeKind {
        self.kind
    }

    /// The set's version after the change.
    pub fn seq(&self) -> u64 {
        self.seq
    }

    /// Rows the change writes (add, upsert) or ids it removes.
    pub fn len(&self) -> usize {
        self.rows
            .as_ref()
            .map_or(self.removed.len(), VectorSet::len)
    }

    /// Whether the change writes or removes nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Reads a record, checking its magic, format, checksum and body.
    pub fn from_bytes(bytes: &[u8]) -> Result<Change> {
        let total = bytes.len();
        if bytes.get(..8).is_some_and(|m| m != CHANGE_MAGIC) {
            return Err(Error::value(
                "not a simgate change record: it does not start with \"SIMGCHG\" (records come from add, upsert or remove with record: true)",
            ));
        }
        if total < HEAD + 8 {
            return Err(damaged(format!(
                "it has {total} bytes, fewer than the {} of an empty record",
                HEAD + 8
            )));
        }
        let mut r = Reader::new(bytes, damaged);
        if r.take(8)? != CHANGE_MAGIC {
            return Err(Error::value(
                "not a simgate change record: it does not start with \"SIMGCHG\" (records come from add, upsert or remove with record: true)",
            ));
        }
        let format_version = r.u32()?;
        if format_version != CHANGE_VERSION {
            return Err(Error::value(format!(
                "the change record is format version {format_version}; this build of simgate reads version {CHANGE_VERSION}"
            )));
        }
        let (body_at, sum_at) = {
            let mut peek = Reader::new(bytes, damaged);
            peek.pos = HEAD - 4;
            let body = peek.u32()? as usize;
            (HEAD, HEAD.saturating_add(body))
        };
        if sum_at.saturating_add(8) != total {
            return Err(damaged(format!(
                "its header describes {} bytes, but it has {total}",
                sum_at.saturating_add(8)
            )));
        }
        let (signed, sum) = bytes.split_at(sum_at);
        let mut hash = Checksum::new();
        hash.update(signed);
        let stored = u64::from_le_bytes(<[u8; 8]>::try_from(sum).unwrap_or_default());
        if stored != hash.finish() {
            return Err(damaged(String::from("its checksum does not match")));
        }
        let kind = match r.u32()? {
            1 => ChangeKind::Add,
            2 => ChangeKind::Upsert,
            3 => ChangeKind::Remove,
            4 => ChangeKind::Metadata,
            other => {
                return Err(damaged(format!(
                "its kind is {other}; it must be 1 (add), 2 (upsert), 3 (remove) or 4 (metadata)"
            )))
            }
        };
        let seq = r.u64()?;
        if seq == 0 {
            return Err(damaged(String::from(
                "its seq is 0; the first change is seq 1",
            )));
        }
        let dims = r.u32()? as usize;
        let flags = r.u32()?;
        let precisions = Precision::from_bits(flags).ok_or_else(|| {
            damaged(format!(
                "its precisions field is {flags:#x}; it must combine 1 (f32), 2 (i8) and 4 (b1)"
            ))
        })?;
        r.pos = body_at;
        let body = r.take(sum_at - body_at)?;
        let mut metadata = Vec::new();
        let (rows, removed) = match kind {
            ChangeKind::Remove => (None, read_ids(body, false)?.0),
            ChangeKind::Metadata => {
                let (ids, at) = read_ids(body, true)?;
                let rest = body.get(at..).unwrap_or(&[]);
                let len = rest
                    .get(..4)
                    .map(|b| u32::from_le_bytes(<[u8; 4]>::try_from(b).unwrap_or_default()))
                    .ok_or_else(|| damaged(String::from("it ends before its metadata")))?
                    as usize;
                if rest.len() != 4 + len {
                    return Err(damaged(format!(
                        "its metadata is {} bytes where its header says {len}",
                        rest.len().saturating_sub(4)
                    )));
                }
                metadata = decode_rows(rest.get(4..).unwrap_or(&[]), ids.len())
                    .map_err(|e| damaged(String::from(e.message())))?
                    .1;
                (None, ids)
            }
            ChangeKind::Add | ChangeKind::Upsert => {
                let rows = VectorSet::from_bytes(body).map_err(|e| {
                    damaged(format!(
                        "its rows do not read as a set file ({})",
                        e.message()
                    ))
                })?;
                if rows.dims != dims || rows.precisions() != precisions {
                    return Err(damaged(format!(
                        "its rows are {} dims at {}, but its header says {dims} dims at {}",
                        rows.dims,
                        Precision::names(&rows.precisions()),
                        Precision::names(&precisions)
                    )));
                }
                if kind == ChangeKind::Upsert && rows.ids.iter().any(Option::is_none) {
                    return Err(damaged(String::from("it upserts a row without an id")));
                }
                (Some(rows), Vec::new())
            }
        };
        Ok(Change {
            kind,
            seq,
            dims,
            precisions,
            rows,
            removed,
            metadata,
        })
    }

    /// The record as bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let body = match &self.rows {
            Some(rows) => rows.to_bytes(),
            None => {
                let mut out = Vec::new();
                out.extend_from_slice(&(self.removed.len() as u32).to_le_bytes());
                for id in &self.removed {
                    out.extend_from_slice(&(id.len() as u32).to_le_bytes());
                    out.extend_from_slice(id.as_bytes());
                }
                if self.kind == ChangeKind::Metadata {
                    let meta = encode_rows(&[], &self.metadata);
                    out.extend_from_slice(&(meta.len() as u32).to_le_bytes());
                    out.extend_from_slice(&meta);
                }
                out
            }
        };
        let mut out = Vec::with_capacity(HEAD + body.len() + 8);
        out.extend_from_slice(&CHANGE_MAGIC);
        out.extend_from_slice(&CHANGE_VERSION.to_le_bytes());
        out.extend_from_slice(&self.kind.code().to_le_bytes());
        out.extend_from_slice(&self.seq.to_le_bytes());
        out.extend_from_slice(&(self.dims as u32).to_le_bytes());
        let flags: u32 = self.precisions.iter().map(|p| p.bit()).sum();
        out.extend_from_slice(&flags.to_le_bytes());
        out.extend_from_slice(&(body.len() as u32).to_le_bytes());
        out.extend_from_slice(&body);
        let mut hash = Checksum::new();
        hash.update(&out);
        out.extend_from_slice(&hash.finish().to_le_bytes());
        out
    }
}

impl VectorSet {
    /// The record of the change that brought the set to its current
    /// version: `kind` with the rows now at `rows` (add, upsert, metadata;
    /// in the order they were given) or the `removed` ids.
    pub fn record(&self, kind: ChangeKind, rows: &[usize], removed: &[String]) -> Result<Vec<u8>> {
        let precisions = self.precisions();
        let mut ids = removed.to_vec();
        let mut metadata = Vec::new();
        let change_rows = match kind {
            ChangeKind::Remove => None,
            ChangeKind::Metadata => {
                ids.clear();
                for &r in rows {
                    let id = self.id(r).ok_or_else(|| {
                        Error::value(format!(
                            "row {r} has no id; a metadata record names rows by id"
                        ))
                    })?;
                    ids.push(String::from(id));
                    metadata.push(self.meta.get(r));
                }
                None
            }
            ChangeKind::Add | ChangeKind::Upsert => {
                let mut out = VectorSet::with_options(self.dims, &precisions, None)?;
                let track_ids = rows.iter().any(|&r| self.id(r).is_some());
                out.reserve_rows(rows.len()).map_err(|_| {
                    Error::value(format!(
                        "out of memory: cannot copy {} rows into a change record",
                        rows.len()
                    ))
                })?;
                for &r in rows {
                    if r >= self.len {
                        return Err(Error::range(format!(
                            "row {r} is past the set's {} rows",
                            self.len
                        )));
                    }
                    let ns = out.namespace_index(self.namespace(r))?;
                    let id = if track_ids {
                        Some(self.id(r).map(String::from))
                    } else {
                        None
                    };
                    out.append_copy(self, r, ns, id)?;
                }
                Some(out)
            }
        };
        Ok(Change {
            kind,
            seq: self.version,
            dims: self.dims,
            precisions,
            rows: change_rows,
            removed: ids,
            metadata,
        }
        .to_bytes())
    }

    /// Replays one change record (see the module docs): `Ok(true)` when it
    /// applied, `Ok(false)` when the set already has it.
    pub fn apply(&mut self, bytes: &[u8]) -> Result<bool> {
        let change = Change::from_bytes(bytes)?;
        self.apply_change(&change)
    }

    /// [`VectorSet::apply`] for a record already read.
    pub fn apply_change(&mut self, change: &Change) -> Result<bool> {
        if change.dims != self.dims || change.precisions != self.precisions() {
            return Err(Error::value(format!(
                "the change record is for {} dims at {}, but the set has {} dims at {}",
                change.dims,
                Precision::names(&change.precisions),
                self.dims,
                Precision::names(&self.precisions())
            )));
        }
        if change.seq <= self.version {
            return Ok(false);
        }
        if change.seq != self.version + 1 {
            return Err(Error::value(format!(
                "the change record is seq {}, but the set is at version {}: records {}..={} are missing",
                change.seq,
                self.version,
                self.version + 1,
                change.seq - 1
            )));
        }
        match (&change.rows, change.kind) {
            (Some(rows), kind) => self.merge(rows, kind == ChangeKind::Upsert)?,
            (None, ChangeKind::Metadata) => {
                let at = self.rows_for_metadata(&change.removed, &change.metadata)?;
                self.write_metadata(&at, &change.metadata)?;
            }
            (None, _) => {
                self.remove_rows(&change.removed);
            }
        }
        self.version = change.seq;
        Ok(true)
    }

    /// Writes every row of `rows` (same dims and precisions) into the set:
    /// over the row with its id when `replace` and the id is held, else
    /// appended. Everything that can fail is checked before the first write.
    fn merge(&mut self, rows: &VectorSet, replace: bool) -> Result<()> {
        let targets: Vec<Option<usize>> = (0..rows.len)
            .map(|r| rows.id(r).and_then(|id| self.row_of(id)))
            .collect();
        if !replace {
            if let Some(r) = targets.iter().position(Option::is_some) {
                return Err(Error::value(format!(
                    "the change record adds the id \"{}\", which the set already holds: it was written for another history of this set",
                    rows.id(r).unwrap_or_default()
                )));
            }
        }
        let new_names = rows
            .namespaces
            .iter()
            .filter(|n| self.find_namespace(n).is_none())
            .count();
        if self.namespaces.len() + new_names > super::vector_set::MAX_NAMESPACES {
            return Err(Error::range(format!(
                "the change record would bring the set to {} namespaces; a set holds at most {}",
                self.namespaces.len() + new_names,
                super::vector_set::MAX_NAMESPACES
            )));
        }
        let appended = targets.iter().filter(|t| t.is_none()).count();
        self.reserve_rows(appended).map_err(|_| {
            Error::value(format!(
                "out of memory: cannot make room for the change record's {appended} rows"
            ))
        })?;
        // The live write creates the namespace before its rows: so does replay.
        let mut ns_map = Vec::with_capacity(rows.namespaces.len());
        for name in &rows.namespaces {
            ns_map.push(self.namespace_index(Some(name))?);
        }
        let track_ids = !rows.ids.is_empty() || !self.ids.is_empty();
        for (r, target) in targets.iter().enumerate() {
            let ns = rows
                .row_ns
                .get(r)
                .and_then(|&i| ns_map.get(usize::from(i)))
                .copied()
                .unwrap_or(0);
            match target {
                Some(at) => {
                    self.copy_row(*at, rows, r);
                    if let Some(slot) = self.row_ns.get_mut(*at) {
                        *slot = ns;
                    }
                    self.meta
                        .set(*at, &rows.meta.get(r))
                        .map_err(|_| meta_oom())?;
                }
                None => {
                    let id = track_ids.then(|| rows.id(r).map(String::from));
                    self.append_copy(rows, r, ns, id)?;
                }
            }
        }
        for s in self.stores_mut() {
            s.refresh();
        }
        Ok(())
    }

    /// Room for `rows` more rows in every store and list.
    fn reserve_rows(&mut self, rows: usize) -> core::result::Result<(), OutOfMemory> {
        let layout = self.layout.clone();
        for s in self.stores_mut() {
            s.reserve(&layout, rows)?;
        }
        reserve(&mut self.row_ns, rows)?;
        if !self.ids.is_empty() {
            reserve(&mut self.ids, rows)?;
        }
        Ok(())
    }

    /// Appends row `r` of `src` in namespace `ns`; `id` is `None` when the
    /// set tracks no ids, else the row's id (which may be absent).
    fn append_copy(
        &mut self,
        src: &VectorSet,
        r: usize,
        ns: u16,
        id: Option<Option<String>>,
    ) -> Result<()> {
        self.meta.push(&src.meta.get(r)).map_err(|_| meta_oom())?;
        let at = self.len;
        let layout = self.layout.clone();
        let zeros = alloc::vec![0.0f32; self.dims];
        for s in self.stores_mut() {
            s.push(&layout, &zeros);
        }
        self.copy_row(at, src, r);
        self.row_ns.push(ns);
        if let Some(id) = id {
            self.ids.resize(at, None);
            if let Some(id) = &id {
                self.index.insert(id.clone(), at);
            }
            self.ids.push(id);
        }
        self.len += 1;
        Ok(())
    }

    /// Copies row `r` of `src` over row `at`, byte for byte, in every data
    /// section (rows, scales, norms); what is derived from all rows is
    /// refreshed by the caller.
    fn copy_row(&mut self, at: usize, src: &VectorSet, r: usize) {
        let from = super::file::data_sections!(src, as_ref, iter, as_slice, cast_slice, &[u8]);
        let to = super::file::data_sections!(
            self,
            as_mut,
            iter_mut,
            as_mut_slice,
            cast_slice_mut,
            &mut [u8]
        );
        let (src_rows, dst_rows) = (src.len.max(1), self.len.max(at + 1));
        for ((_, a), (_, b)) in from.into_iter().zip(to) {
            let width = a.len() / src_rows;
            debug_assert_eq!(width, b.len() / dst_rows);
            if let (Some(a), Some(b)) = (
                a.get(r * width..(r + 1) * width),
                b.get_mut(at * width..(at + 1) * width),
            ) {
                b.copy_from_slice(a);
            }
        }
    }
}

fn meta_oom() -> Error {
    Error::value("out of memory: cannot store the change record's metadata")
}

/// An error for a record that cannot be read.
fn damaged(why: String) -> Error {
    Error::value(format!("the change record is damaged: {why}"))
}

/// The remove body: a count, then that many ids; with `more`, bytes may
/// follow (returned: where the ids end).
fn read_ids(body: &[u8], more: bool) -> Result<(Vec<String>, usize)> {
    let mut r = Reader::new(body, damaged);
    let n = r.u32()? as usize;
    if n > body.len() / 4 {
        return Err(damaged(format!(
            "it removes {n} ids in a body of {} bytes",
            body.len()
        )));
    }
    let mut ids = Vec::with_capacity(n);
    for _ in 0..n {
        let len = r.u32()? as usize;
        let bytes = r.take(len)?;
        ids.push(
            String::from_utf8(bytes.to_vec())
                .map_err(|_| damaged(String::from("an id is not valid UTF-8")))?,
        );
    }
    if !more && r.pos != body.len() {
        return Err(damaged(format!(
            "{} bytes follow its last id",
            body.len() - r.pos
        )));
    }
    Ok((ids, r.pos))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_written_before_versions_load_as_version_0() {
        let mut set = VectorSet::with_options(3, &[Precision::F32, Precision::I8], None).unwrap();
        set.add(&[1.0, 0.0, 2.0, 0.5, 0.5, 0.0], None).unwrap();
        set.remove(&[String::from("none")]);
        let mut old = Vec::new();
        set.write_format(&mut old, 1);
        let loaded = VectorSet::from_bytes(&old).unwrap();
        assert_eq!(loaded.version(), 0);
        assert_eq!(set.version(), 2);
        // The same rows, bit for bit; written back in today's format.
        let mut again = loaded.clone();
        again.version = 2;
        assert_eq!(again.to_bytes(), set.to_bytes());
    }
}
