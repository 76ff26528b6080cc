//! One metadata path's values for every row, kept by type: a kind byte per
//! row (which also says whether the row has the key), numbers as f64,
//! strings as codes into a dictionary, string arrays as runs of codes.
//!
//! Why by column: a filter clause reads one path of every row, so it walks
//! a few dense arrays (a byte and a code or a number per row) instead of
//! parsing a document per row; a string clause is decided once per distinct
//! value (the dictionary) and then per row by a table lookup; and the
//! dictionary's per-value row counts give exact sizes of equality clauses
//! without scanning. Numbers and codes are only allocated once a column
//! holds a value of that type.

use super::record::Leaf;
use crate::store::rows::{reserve, OutOfMemory};
use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

/// Room for exactly `extra` more elements of `v` (no-op when it has it).
fn exact<T>(v: &mut Vec<T>, extra: usize) -> Result<(), OutOfMemory> {
    v.try_reserve_exact(extra).map_err(|_| OutOfMemory)
}

/// The kind byte of a row in a column.
pub(crate) mod kind {
    /// The row does not have this path.
    pub(crate) const MISSING: u8 = 0;
    pub(crate) const NULL: u8 = 1;
    pub(crate) const FALSE: u8 = 2;
    pub(crate) const TRUE: u8 = 3;
    pub(crate) const NUMBER: u8 = 4;
    pub(crate) const STRING: u8 = 5;
    pub(crate) const STRINGS: u8 = 6;
    /// `{}` at this path.
    pub(crate) const OBJECT: u8 = 7;
}

/// Distinct strings of a column, each with a code and how many rows hold
/// it (a row whose array holds it twice counts once per element).
#[derive(Clone, Debug, Default)]
pub(crate) struct Dict {
    pub(crate) values: Vec<String>,
    index: BTreeMap<String, usize>,
    pub(crate) rows: Vec<u32>,
}

impl Dict {
    /// The code of `s`, if any row ever held it.
    pub(crate) fn find(&self, s: &str) -> Option<u32> {
        self.index.get(s).map(|&c| c as u32)
    }

    fn code(&mut self, s: &str) -> Result<u32, OutOfMemory> {
        if let Some(c) = self.find(s) {
            return Ok(c);
        }
        reserve(&mut self.values, 1)?;
        reserve(&mut self.rows, 1)?;
        let c = self.values.len();
        self.values.push(String::from(s));
        self.rows.push(0);
        self.index.insert(String::from(s), c);
        Ok(c as u32)
    }

    fn count(&mut self, code: u32, up: bool) {
        if let Some(n) = self.rows.get_mut(code as usize) {
            *n = if up { *n + 1 } else { n.saturating_sub(1) };
        }
    }

    fn byte_len(&self) -> usize {
        self.values
            .iter()
            .map(|v| 2 * v.capacity() + 24 + 48)
            .sum::<usize>()
            + 4 * self.rows.capacity()
    }
}

/// One path's values for every row.
#[derive(Clone, Debug)]
pub(crate) struct Column {
    pub(crate) path: String,
    /// A [`kind`] per row.
    pub(crate) kinds: Vec<u8>,
    /// Per row (once any row holds a number): the number, 0 otherwise.
    pub(crate) nums: Vec<f64>,
    /// Per row (once any row holds a string or array): a string's code, or
    /// where an array's run starts in `lists`.
    pub(crate) codes: Vec<u32>,
    /// Arrays: at each run's start its length, then its codes.
    pub(crate) lists: Vec<u32>,
    /// Entries of `lists` no row points at any more.
    stale: usize,
    pub(crate) dict: Dict,
}

impl Column {
    /// A column of `rows` rows, none of which has the path, with room for
    /// `more`.
    pub(crate) fn new(path: &str, rows: usize, more: usize) -> Result<Column, OutOfMemory> {
        let mut kinds = Vec::new();
        exact(&mut kinds, rows + more.max(1))?;
        kinds.resize(rows, kind::MISSING);
        Ok(Column {
            path: String::from(path),
            kinds,
            nums: Vec::new(),
            codes: Vec::new(),
            lists: Vec::new(),
            stale: 0,
            dict: Dict::default(),
        })
    }

    /// The run of codes of an array at `row` (empty for other kinds).
    pub(crate) fn list(&self, row: usize) -> &[u32] {
        if self.kinds.get(row) != Some(&kind::STRINGS) {
            return &[];
        }
        let at = self.codes.get(row).map_or(0, |&c| c as usize);
        let n = self.lists.get(at).map_or(0, |&n| n as usize);
        self.lists.get(at + 1..at + 1 + n).unwrap_or(&[])
    }

    /// Room for `more` rows in every per-row array, exactly (a bulk write
    /// knows its size; doubling would leave up to half the memory unused).
    pub(crate) fn reserve(&mut self, more: usize) -> Result<(), OutOfMemory> {
        exact(&mut self.kinds, more)?;
        if !self.nums.is_empty() {
            exact(&mut self.nums, more)?;
        }
        if !self.codes.is_empty() {
            exact(&mut self.codes, more)?;
        }
        Ok(())
    }

    /// Appends a row without the path.
    pub(crate) fn push_missing(&mut self) -> Result<(), OutOfMemory> {
        reserve(&mut self.kinds, 1)?;
        self.kinds.push(kind::MISSING);
        if !self.nums.is_empty() {
            reserve(&mut self.nums, 1)?;
            self.nums.push(0.0);
        }
        if !self.codes.is_empty() {
            reserve(&mut self.codes, 1)?;
            self.codes.push(0);
        }
        Ok(())
    }

    /// Forgets `row`'s value (its dictionary counts go down); the row no
    /// longer has the path.
    pub(crate) fn clear(&mut self, row: usize) {
        match self.kinds.get(row).copied() {
            Some(kind::STRING) => {
                if let Some(&c) = self.codes.get(row) {
                    self.dict.count(c, false);
                }
            }
            Some(kind::STRINGS) => {
                let list: Vec<u32> = self.list(row).to_vec();
                for c in &list {
                    self.dict.count(*c, false);
                }
                self.stale += 1 + list.len();
            }
            _ => {}
        }
        if let Some(k) = self.kinds.get_mut(row) {
            *k = kind::MISSING;
        }
    }

    /// Sets `row` (already cleared) to `leaf`.
    pub(crate) fn set(&mut self, row: usize, leaf: &Leaf) -> Result<(), OutOfMemory> {
        let len = self.kinds.len();
        let k = match leaf {
            Leaf::Null => kind::NULL,
            Leaf::Bool(false) => kind::FALSE,
            Leaf::Bool(true) => kind::TRUE,
            Leaf::EmptyObject => kind::OBJECT,
            Leaf::Number(n) => {
                if self.nums.is_empty() {
                    exact(&mut self.nums, self.kinds.capacity())?;
                    self.nums.resize(len, 0.0);
                }
                if let Some(slot) = self.nums.get_mut(row) {
                    *slot = *n;
                }
                kind::NUMBER
            }
            Leaf::String(s) => {
                let c = self.dict.code(s)?;
                self.ensure_codes()?;
                self.dict.count(c, true);
                if let Some(slot) = self.codes.get_mut(row) {
                    *slot = c;
                }
                kind::STRING
            }
            Leaf::Strings(list) => {
                self.ensure_codes()?;
                self.compact_lists()?;
                reserve(&mut self.lists, list.len() + 1)?;
                let at = self.lists.len() as u32;
                self.lists.push(list.len() as u32);
                for s in list {
                    let c = self.dict.code(s)?;
                    self.dict.count(c, true);
                    self.lists.push(c);
                }
                if let Some(slot) = self.codes.get_mut(row) {
                    *slot = at;
                }
                kind::STRINGS
            }
        };
        if let Some(slot) = self.kinds.get_mut(row) {
            *slot = k;
        }
        Ok(())
    }

    fn ensure_codes(&mut self) -> Result<(), OutOfMemory> {
        if self.codes.is_empty() {
            exact(&mut self.codes, self.kinds.capacity())?;
            self.codes.resize(self.kinds.len(), 0);
        }
        Ok(())
    }

    /// Rewrites `lists` without stale runs once they are most of it.
    fn compact_lists(&mut self) -> Result<(), OutOfMemory> {
        if self.stale < 1024 || 2 * self.stale < self.lists.len() {
            return Ok(());
        }
        let mut fresh = Vec::new();
        reserve(&mut fresh, self.lists.len() - self.stale)?;
        for row in 0..self.kinds.len() {
            if self.kinds.get(row) == Some(&kind::STRINGS) {
                let at = fresh.len() as u32;
                let list = self.list(row);
                fresh.push(list.len() as u32);
                fresh.extend_from_slice(list);
                if let Some(slot) = self.codes.get_mut(row) {
                    *slot = at;
                }
            }
        }
        self.lists = fresh;
        self.stale = 0;
        Ok(())
    }

    /// Removes `row`, moving the last row into its place.
    pub(crate) fn swap_remove(&mut self, row: usize) {
        self.clear(row);
        if row < self.kinds.len() {
            self.kinds.swap_remove(row);
        }
        if row < self.nums.len() {
            self.nums.swap_remove(row);
        }
        if row < self.codes.len() {
            self.codes.swap_remove(row);
        }
    }

    /// `row`'s value, `None` when it does not have the path.
    pub(crate) fn leaf(&self, row: usize) -> Option<Leaf> {
        let text = |c: u32| {
            self.dict
                .values
                .get(c as usize)
                .cloned()
                .unwrap_or_default()
        };
        Some(match *self.kinds.get(row)? {
            kind::NULL => Leaf::Null,
            kind::FALSE => Leaf::Bool(false),
            kind::TRUE => Leaf::Bool(true),
            kind::OBJECT => Leaf::EmptyObject,
            kind::NUMBER => Leaf::Number(self.nums.get(row).copied().unwrap_or(0.0)),
            kind::STRING => Leaf::String(text(self.codes.get(row).copied().unwrap_or(0))),
            kind::STRINGS => Leaf::Strings(self.list(row).iter().map(|&c| text(c)).collect()),
            _ => return None,
        })
    }

    /// Bytes held.
    pub(crate) fn byte_len(&self) -> usize {
        self.kinds.capacity()
            + 8 * self.nums.capacity()
            + 4 * (self.codes.capacity() + self.lists.capacity())
            + self.dict.byte_len()
            + self.path.capacity()
            + 96
    }
}
