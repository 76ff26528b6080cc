//! Reading a set file as it arrives: [`SetLoader`] takes the file in chunks
//! of any size (a `fetch` body, an R2 object's stream, a file read piece by
//! piece) and copies each chunk straight into the set's memory.
//!
//! Why a loader and not only `from_bytes`: at the edge the file is a stream.
//! Gathering it into one buffer first holds the file twice (the buffer in
//! JS and the set in wasm): 100,000 x 768 rows as i8 are 84 MB, twice that
//! is past a Worker's 128 MB. With the loader, only the header (names, ids,
//! row namespaces) is buffered; row data goes from each chunk to its place.
//!
//! The header is parsed again from the start whenever enough more of it has
//! arrived (at least twice what was tried last), so a long header costs a
//! few passes, not one per chunk. Nothing is allocated per row before the
//! bytes that describe it are at hand, and the data sections are allocated
//! fallibly, so a lying header is an error, never a trap.

use super::file::ByteSource;
use super::file::{block_width, data_len, data_sections, pad, Checksum};
use super::header::{parse, Cursor, Header};
use super::layout::Layout;
use super::precision::Precision;
use super::rows::{reserve, OutOfMemory};
use super::rows_b1::{words, B1Rows};
use super::rows_f32::{F32Block, F32Rows};
use super::rows_i8::{I8Block, I8Rows};
use super::vector_set::VectorSet;
use crate::error::{Error, Result};
use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// Bytes gathered before the first attempt at the header (the fixed fields
/// and short names fit).
const FIRST_TRY: usize = 256;

/// A set file read chunk by chunk: [`SetLoader::push`] each chunk in order,
/// then [`SetLoader::finish`]. After an error every call repeats it.
pub struct SetLoader {
    /// The file's length, when the caller knows it (checked against the
    /// header as soon as the header is read).
    total: Option<usize>,
    received: usize,
    hash: Checksum,
    stage: Stage,
}

enum Stage {
    /// Gathering the header; the next attempt waits for `want` bytes.
    Header {
        buf: Vec<u8>,
        want: usize,
    },
    /// Copying the data sections into an allocated set.
    Data(Box<Filling>),
    Failed(Error),
}

/// The data sections being filled. Parts alternate: section `i` is part
/// `2i`, its padding part `2i + 1`; the checksum is the last part.
struct Filling {
    set: VectorSet,
    part: usize,
    done: usize,
    sum: [u8; 8],
    /// The file's length as the header describes it.
    expected: usize,
    /// "{n} rows of {dims} dims, {precisions}", for messages.
    what: String,
}

impl SetLoader {
    /// A loader for a file of `total` bytes (`None` when unknown: the
    /// length is then checked as the file ends).
    pub fn new(total: Option<usize>) -> SetLoader {
        SetLoader {
            total,
            received: 0,
            hash: Checksum::new(),
            stage: Stage::Header {
                buf: Vec::new(),
                want: FIRST_TRY,
            },
        }
    }

    /// Bytes pushed so far.
    pub fn received(&self) -> usize {
        self.received
    }

    /// The file's length as its header describes it, once the header is in.
    pub fn expected(&self) -> Option<usize> {
        match &self.stage {
            Stage::Data(f) => Some(f.expected),
            _ => None,
        }
    }

    /// Takes the next chunk of the file.
    pub fn push<S: ByteSource + ?Sized>(&mut self, chunk: &S) -> Result<()> {
        if let Stage::Failed(e) = &self.stage {
            return Err(e.clone());
        }
        self.received = self.received.saturating_add(chunk.len());
        let out = self.feed(chunk, 0);
        if let Err(e) = &out {
            self.stage = Stage::Failed(e.clone());
        }
        out
    }

    /// The set, once every byte has been pushed and the checksum matches.
    pub fn finish(mut self) -> Result<VectorSet> {
        if matches!(self.stage, Stage::Header { .. }) {
            self.header(true)?;
        }
        match self.stage {
            Stage::Failed(e) => Err(e),
            Stage::Header { .. } => Err(Error::value("the set file's header is incomplete")),
            Stage::Data(mut f) => {
                if !f.complete() {
                    return Err(Error::value(format!(
                        "the set file is truncated: its header describes {} bytes ({}), but it ends at byte {}",
                        f.expected, f.what, self.received
                    )));
                }
                let computed = self.hash.finish();
                let stored = u64::from_le_bytes(f.sum);
                if stored != computed {
                    return Err(Error::value(format!(
                        "the set file's checksum does not match (stored {stored:#018x}, computed {computed:#018x}): the file is damaged"
                    )));
                }
                Ok(f.set)
            }
        }
    }

    fn feed<S: ByteSource + ?Sized>(&mut self, src: &S, mut off: usize) -> Result<()> {
        while off < src.len() {
            match &mut self.stage {
                Stage::Header { buf, want } => {
                    let take = want.saturating_sub(buf.len()).clamp(1, src.len() - off);
                    let start = buf.len();
                    reserve(buf, take).map_err(|_| out_of_memory("its header", start + take))?;
                    buf.resize(start + take, 0);
                    if let Some(dst) = buf.get_mut(start..) {
                        src.read(off, dst);
                    }
                    off += take;
                    if buf.len() >= *want {
                        self.header(false)?;
                    }
                }
                Stage::Data(f) => off += f.fill(src, off, &mut self.hash)?,
                Stage::Failed(e) => return Err(e.clone()),
            }
        }
        Ok(())
    }

    /// Tries the header on what has arrived. On success the set is
    /// allocated and the bytes gathered past the header are fed to it;
    /// when more bytes are needed (and may come) the next attempt waits.
    fn header(&mut self, last: bool) -> Result<()> {
        let Stage::Header { buf, want } = &mut self.stage else {
            return Ok(());
        };
        let mut c = Cursor {
            buf,
            pos: 0,
            ends_at: if last {
                buf.len()
            } else {
                self.total.unwrap_or(buf.len())
            },
            short: None,
        };
        let parsed = parse(&mut c, self.total);
        let need = c.short;
        let header = match (parsed, need) {
            (Ok(h), _) => h,
            (Err(_), Some(need)) if !last && self.total.is_none_or(|t| need <= t) => {
                let doubled = buf.len().saturating_mul(2);
                *want = need.max(doubled.min(self.total.unwrap_or(usize::MAX)));
                return Ok(());
            }
            (Err(e), _) => return Err(e),
        };
        let rest = buf.split_off(header.len);
        self.hash.update(buf);
        let filling = Filling::new(header, self.total)?;
        self.stage = Stage::Data(Box::new(filling));
        self.feed(rest.as_slice(), 0)
    }
}

fn out_of_memory(what: &str, bytes: usize) -> Error {
    Error::value(format!(
        "out of memory: cannot hold the set file's {what} ({bytes} bytes)"
    ))
}

/// `n` default values, or `OutOfMemory`.
fn zeroed<T: Default + Clone>(n: usize) -> core::result::Result<Vec<T>, OutOfMemory> {
    let mut v = Vec::new();
    reserve(&mut v, n)?;
    v.resize(n, T::default());
    Ok(v)
}

impl Filling {
    /// Allocates the set the header describes (rows zeroed until filled).
    fn new(h: Header, total: Option<usize>) -> Result<Filling> {
        let layout = Layout::new(h.dims);
        let expected = data_len(&layout, h.n, &h.precisions, h.len)?.saturating_add(8);
        let what = format!(
            "{} rows of {} dims, {}",
            h.n,
            h.dims,
            Precision::names(&h.precisions)
        );
        if let Some(total) = total {
            if expected != total as u64 {
                return Err(Error::value(if expected > total as u64 {
                    format!(
                        "the set file is truncated: its header describes {expected} bytes ({what}), but it ends at byte {total}"
                    )
                } else {
                    format!("the set file has {total} bytes, but its header describes {expected} ({what})")
                }));
            }
        }
        let expected = usize::try_from(expected).map_err(|_| out_of_memory("rows", usize::MAX))?;
        let oom = |_: OutOfMemory| out_of_memory(&format!("rows ({what})"), expected);
        let n = h.n;
        let mut set = VectorSet::with_options(h.dims, &h.precisions, h.model.as_deref())?;
        if let Some(first_zero) = h.f32_zero {
            let mut rows = F32Rows::new(&layout);
            for (k, b) in rows.blocks.iter_mut().enumerate() {
                *b = F32Block {
                    data: zeroed(n * block_width(&layout, k)).map_err(oom)?,
                    inv_norm: zeroed(n).map_err(oom)?,
                    sq_norm: zeroed(n).map_err(oom)?,
                };
            }
            rows.first_zero = first_zero;
            set.f32 = Some(rows);
        }
        if let Some(first_zero) = h.i8_zero {
            let mut rows = I8Rows::new(&layout);
            for (k, b) in rows.blocks.iter_mut().enumerate() {
                *b = I8Block {
                    data: zeroed(n * block_width(&layout, k)).map_err(oom)?,
                    scale: zeroed(n).map_err(oom)?,
                    sq_norm: zeroed(n).map_err(oom)?,
                    inv_norm: zeroed(n).map_err(oom)?,
                };
            }
            rows.first_zero = first_zero;
            set.i8 = Some(rows);
        }
        if h.precisions.contains(&Precision::B1) {
            let mut rows = B1Rows::new(&layout);
            for (k, b) in rows.blocks.iter_mut().enumerate() {
                *b = zeroed(n * words(block_width(&layout, k))).map_err(oom)?;
            }
            set.b1 = Some(rows);
        }
        set.len = n;
        set.version = h.version;
        set.ids = h.ids;
        set.index = h.index;
        set.namespaces = h.namespaces;
        set.row_ns = h.row_ns;
        set.meta = h.meta;
        Ok(Filling {
            set,
            part: 0,
            done: 0,
            sum: [0; 8],
            expected,
            what,
        })
    }

    /// Whether every section and the checksum are in.
    fn complete(&mut self) -> bool {
        let lens: Vec<usize> = data_sections!(self.set, as_ref, iter, as_slice, cast_slice, &[u8])
            .iter()
            .map(|(_, s)| s.len())
            .collect();
        skip_full(&mut self.part, &mut self.done, &lens);
        self.part > 2 * lens.len()
    }

    /// Copies bytes of `src` from `off` into the sections, returning how
    /// many it took; bytes past the checksum are an error.
    fn fill<S: ByteSource + ?Sized>(
        &mut self,
        src: &S,
        off: usize,
        hash: &mut Checksum,
    ) -> Result<usize> {
        let mut sections = data_sections!(
            self.set,
            as_mut,
            iter_mut,
            as_mut_slice,
            cast_slice_mut,
            &mut [u8]
        );
        let lens: Vec<usize> = sections.iter().map(|(_, s)| s.len()).collect();
        let mut used = 0;
        loop {
            skip_full(&mut self.part, &mut self.done, &lens);
            let avail = src.len() - off - used;
            if avail == 0 {
                return Ok(used);
            }
            let Some(len) = part_len(&lens, self.part) else {
                return Err(Error::value(format!(
                    "the set file goes on past the {} bytes its header describes ({})",
                    self.expected, self.what
                )));
            };
            let take = (len - self.done).min(avail);
            let range = self.done..self.done + take;
            if self.part == 2 * lens.len() {
                // The checksum: stored, not hashed.
                if let Some(dst) = self.sum.get_mut(range) {
                    src.read(off + used, dst);
                }
            } else if self.part % 2 == 0 {
                if let Some(dst) = sections
                    .get_mut(self.part / 2)
                    .and_then(|(_, s)| s.get_mut(range))
                {
                    src.read(off + used, dst);
                    hash.update(dst);
                }
            } else {
                let mut zeros = [0u8; 16];
                if let Some(dst) = zeros.get_mut(..take) {
                    src.read(off + used, dst);
                    hash.update(dst);
                }
            }
            self.done += take;
            used += take;
        }
    }
}

/// Moves `part` past parts that are full (empty sections and paddings too).
fn skip_full(part: &mut usize, done: &mut usize, lens: &[usize]) {
    while let Some(len) = part_len(lens, *part) {
        if *done < len {
            break;
        }
        *part += 1;
        *done = 0;
    }
}

/// The length of part `part`: a section, its padding, or the checksum;
/// `None` past the end.
fn part_len(lens: &[usize], part: usize) -> Option<usize> {
    match part {
        p if p == 2 * lens.len() => Some(8),
        p if p % 2 == 0 => lens.get(p / 2).copied(),
        p => lens.get(p / 2).map(|&l| pad(l)),
    }
}

impl VectorSet {
    /// A set read from a file's bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<VectorSet> {
        Self::read_from(bytes)
    }

    /// A set read from `src`, whose length is the file's (see the module
    /// docs for what is checked). To read a file as it arrives, in chunks,
    /// use [`SetLoader`].
    pub fn read_from<S: ByteSource + ?Sized>(src: &S) -> Result<VectorSet> {
        let mut loader = SetLoader::new(Some(src.len()));
        loader.push(src)?;
        loader.finish()
    }
}
