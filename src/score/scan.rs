//! What the per-precision scans share: how a computed cosine is kept in
//! range, and the error for a prefix that is all zeros.

use crate::error::Error;
use alloc::format;

/// Keeps a computed cosine inside [-1, 1] (f32 rounding can overshoot by an
/// ulp) and turns -0.0 into 0.0 so ranking sees one zero.
#[inline(always)]
pub(crate) fn unit_score(s: f32) -> f32 {
    s.clamp(-1.0, 1.0) + 0.0
}

/// A row whose prefix is all zeros has no cosine there.
pub(crate) fn zero_prefix_error(row: usize, p: usize) -> Error {
    Error::value(format!(
        "row {row} of the set is all zeros over its first {p} dims; cosine is undefined there (score it with more dims)"
    ))
}
