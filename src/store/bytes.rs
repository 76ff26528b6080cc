//! Fields of a byte buffer read within bounds, little-endian, for the
//! formats read whole (change records, metadata sections). Each failure is
//! built by the format's own `damaged` function, so its message says which
//! thing is damaged.

use crate::error::{Error, Result};
use alloc::format;
use alloc::string::String;

pub(super) struct Reader<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) pos: usize,
    damaged: fn(String) -> Error,
}

impl<'a> Reader<'a> {
    pub(super) fn new(bytes: &'a [u8], damaged: fn(String) -> Error) -> Reader<'a> {
        Reader {
            bytes,
            pos: 0,
            damaged,
        }
    }

    /// The error for `why`, as the format words it.
    pub(super) fn damaged(&self, why: String) -> Error {
        (self.damaged)(why)
    }

    pub(super) fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.pos.saturating_add(n);
        let Some(out) = self.bytes.get(self.pos..end) else {
            return Err(self.damaged(format!(
                "it is truncated: {n} bytes at byte {} go past its end at {}",
                self.pos,
                self.bytes.len()
            )));
        };
        self.pos = end;
        Ok(out)
    }

    pub(super) fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        Ok(<[u8; N]>::try_from(self.take(N)?).unwrap_or([0; N]))
    }

    pub(super) fn u8(&mut self) -> Result<u8> {
        Ok(self.array::<1>()?[0])
    }

    pub(super) fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    pub(super) fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    /// A u32 length, then that many bytes of UTF-8.
    pub(super) fn text(&mut self) -> Result<String> {
        let n = self.u32()? as usize;
        let raw = self.take(n)?;
        String::from_utf8(raw.to_vec())
            .map_err(|_| self.damaged(String::from("a string is not UTF-8")))
    }
}
