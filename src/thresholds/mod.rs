//! Which threshold applies to a lookup, and why.
//!
//! A [`ThresholdConfig`] holds the global default, per-type and per-field
//! thresholds, the Matryoshka dimension and candidate-count adjustments,
//! band margins and bounds (`config`); it is read from and written to plain
//! JSON-like values and schemas (`value`), or taken from a built-in preset
//! (`presets`). [`ThresholdConfig::resolve`] picks the threshold for one
//! lookup (`resolve`); a field spec such as `~>Industry(0.78)` is parsed by
//! [`FieldSpec::parse`] (`field_spec`).

mod config;
mod field_spec;
mod presets;
mod resolve;
mod value;

pub use config::{Adaptive, Bounds, DimensionAdjustment, Margins, ThresholdConfig};
pub use field_spec::{Direction, FieldSpec};
pub use resolve::{Adjustment, AdjustmentKind, Query, Resolved, Source};
pub use value::Value;

use alloc::format;
use alloc::string::String;

/// Snaps a boundary derived from a threshold (`t + 0.10`, `t - 0.15`, a
/// margin, a nudged threshold) to 12 decimals, so decimal arithmetic noise
/// never moves a score across it: 0.95 - 0.05 is 0.8999999999999999 in
/// binary; the boundary is 0.9.
///
/// ```
/// assert_eq!(simgate::boundary(0.95 - 0.05), 0.9);
/// assert_eq!(simgate::boundary(0.91 - 0.8), 0.11);
/// ```
pub fn boundary(x: f64) -> f64 {
    libm::round(x * 1e12) / 1e12
}

/// Formats a threshold with at least two and at most four decimals
/// (0.8 -> "0.80", 0.825 -> "0.825").
pub fn fmt_threshold(t: f64) -> String {
    let mut s = format!("{:.4}", boundary(t));
    while s.ends_with('0') && s.len() > s.find('.').map_or(0, |p| p + 3) {
        s.pop();
    }
    s
}
