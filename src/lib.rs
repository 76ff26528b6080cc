//! simgate: calibrated, explained match decisions from embedding similarity
//! scores, fast enough to run on every request at the edge.
//!
//! The crate is a pure core (this module tree, `alloc` only) with one thin
//! wasm-bindgen layer on top (`wasm`, compiled for `wasm32` only) that
//! converts JS values and errors and holds no logic.
//!
//! ```
//! use simgate::{Scratch, VectorSet};
//!
//! let mut set = VectorSet::new(3)?;
//! set.add(&[1.0, 0.0, 0.0, 0.6, 0.8, 0.0], None)?;
//! let mut scratch = Scratch::default();
//! let best = set.top_k(&[1.0, 0.1, 0.0], 1, None, None, &mut scratch)?;
//! assert_eq!(best[0].index, 0);
//! // Over a 1-dim prefix both rows point the same way.
//! set.scores_into(&[1.0, 0.1, 0.0], Some(1), &mut scratch)?;
//! assert_eq!(scratch.scores(), [1.0, 1.0]);
//! # Ok::<(), simgate::Error>(())
//! ```
//!
//! Scope, in layers (each uses only those above it in this list): `error`,
//! `check`, `order` and `value` (the one error type, every input rule, the
//! one sort, JSON-like values); `store` (rows at each precision, metadata
//! by column, set files, change records); `filter` (metadata filters into
//! row sets); `score` (kernels, searches, selection); `thresholds`
//! (configurations, presets, the field-spec DSL, resolution); `decide`
//! (bands, decisions, explanations, feedback, fusion, the matcher);
//! `calibrate` (thresholds and probabilities from labeled pairs). The
//! modules are private; everything public is re-exported here.

#![no_std]
#![deny(unsafe_op_in_unsafe_fn)]
// No panic reachable from input: outside tests the core may not unwrap,
// expect, panic or index unchecked. The few hot loops that index (the
// kernel, the radix sort, the calibration sweeps) carry an `#[expect]` whose
// reason states the invariant that keeps them in bounds; the fuzz targets
// (fuzz/) exercise those invariants with arbitrary input.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented,
        clippy::indexing_slicing
    )
)]

extern crate alloc;
// The core uses only `core` and `alloc`; `std` is linked for the global
// allocator and the panic handler that a cdylib (and the test harness) need.
extern crate std;

mod cache;
mod calibrate;
mod check;
mod decide;
mod error;
mod filter;
mod order;
mod rng;
mod score;
mod store;
mod thresholds;
mod value;

/// The wasm-bindgen layer (wasm32 only): what the npm package exports.
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use cache::{normalize_text, CacheCounts, CacheOptions, EntryMeta, Found, SemanticCache, Tier};
pub use calibrate::{
    calibrate_pairs, noise_floor, percentile, shift_table, AtPrecision, BandCounts, Best, Bin,
    Bootstrap, Calibration, ClassThreshold, ConfigOptions, Confusion, Gap, Histogram, Interval,
    Isotonic, Method, NoiseFloor, Platt, PrCurve, PrefixScores, PrefixThreshold, Reliability,
    Target, MIN_CLASS_POSITIVES,
};
pub use check::{set_dims, MAX_DIMS};
pub use decide::{
    abstain, adjust_from_feedback, band, cache_tier, check_models, decide, explain, lookup,
    normalize, psi, rrf, Abstain, Adjusted, Alternative, Band, Banded, BestCandidate, CacheTier,
    Candidate, Decision, Explanation, Feedback, FeedbackRule, Lookup, MatchResult, MatcherOptions,
    Monitor, MonitorEvent, MonitorOptions, MonitorStats, Normalization, Outcome, Sampled, NEAR,
};
pub use error::{Error, ErrorKind, Result};
pub use filter::{Bound, Cmp, Filter, Op, Operand};
pub use score::{
    above, cosine, dot, dot_i8, dot_i8_i16, dot_i8_i16_scalar, dot_i8_i16_x4, dot_i8_scalar,
    dot_scalar, hamming, hamming_scalar, merge_top_k, rank, ranked, shard_of, top_k, Cascade,
    CoarseK, DotAccumulator, Match, ScalarAcc, Scale, Scratch, Search, ShardMatch, SIMD_ENABLED,
};
pub use store::{
    check_path_key, ByteSink, ByteSource, Change, ChangeKind, FileChunks, Leaf, Metadata,
    Precision, RowSet, SetLoader, Upserted, VectorSet, CHANGE_MAGIC, CHANGE_VERSION, FILE_MAGIC,
    FILE_VERSION, MAX_DEPTH, MAX_KEY_BYTES, MAX_METADATA_BYTES, MAX_NAMESPACES,
};
pub use thresholds::{
    boundary, fmt_threshold, Adaptive, Adjustment, AdjustmentKind, Bounds, DimensionAdjustment,
    Direction, FieldSpec, Margins, Query, Resolved, Source, ThresholdConfig, Value,
};
