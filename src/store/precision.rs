//! The encodings a set can keep its rows in.

use crate::check;
use crate::error::{Error, Result};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// How rows are kept: f32 (exact), i8 (4x smaller, scores within about
/// 0.003), b1 (sign bits, 32x smaller, an estimate for coarse passes).
/// Ordered from least to most precise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// One sign bit per dim.
    B1,
    /// Symmetric int8 per row and block.
    I8,
    /// The unit-length row as f32.
    F32,
}

impl Precision {
    /// Every precision, most precise first.
    pub const ALL: [Precision; 3] = [Precision::F32, Precision::I8, Precision::B1];

    /// The JS name: `"f32"`, `"i8"` or `"b1"`.
    pub fn name(self) -> &'static str {
        match self {
            Precision::F32 => "f32",
            Precision::I8 => "i8",
            Precision::B1 => "b1",
        }
    }

    /// Reads a precision by its JS name.
    pub fn parse(name: &str, given: &str) -> Result<Precision> {
        check::one_of(
            name,
            given,
            &[
                ("f32", Precision::F32),
                ("i8", Precision::I8),
                ("b1", Precision::B1),
            ],
        )
    }

    /// The bit of this precision in a file's precision flags.
    pub(crate) fn bit(self) -> u32 {
        match self {
            Precision::F32 => 1,
            Precision::I8 => 2,
            Precision::B1 => 4,
        }
    }

    /// The precisions a set file's or a change record's flags name (bits as
    /// in [`Precision::bit`]), most precise first; `None` for no bits or an
    /// unknown one.
    pub(crate) fn from_bits(flags: u32) -> Option<Vec<Precision>> {
        let out: Vec<Precision> = Precision::ALL
            .into_iter()
            .filter(|p| flags & p.bit() != 0)
            .collect();
        (!out.is_empty() && flags & !7 == 0).then_some(out)
    }

    /// Checks a list of precisions to keep (non-empty, no repeats) and
    /// returns it most precise first.
    pub fn checked(name: &str, list: &[Precision]) -> Result<Vec<Precision>> {
        if list.is_empty() {
            return Err(check::must(
                name,
                "a non-empty list of \"f32\", \"i8\" and \"b1\"",
                "an empty list",
            ));
        }
        for (i, p) in list.iter().enumerate() {
            if list.get(..i).is_some_and(|before| before.contains(p)) {
                return Err(Error::range(format!(
                    "{name}[{i}] repeats \"{}\"; list each precision once",
                    p.name()
                )));
            }
        }
        Ok(Precision::ALL
            .into_iter()
            .filter(|p| list.contains(p))
            .collect())
    }

    /// `f32, i8`: the names of `list`, for messages.
    pub fn names(list: &[Precision]) -> String {
        let names: Vec<&str> = list.iter().map(|p| p.name()).collect();
        names.join(", ")
    }
}
