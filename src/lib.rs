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
//! Scope: scoring (this module tree) is the foundation; thresholds,
//! classification, explanation, calibration and fusion build on it.

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

pub mod calibrate;
mod check;
pub mod classify;
pub mod config;
pub mod cosine;
pub mod error;
pub mod explain;
pub mod feedback;
pub mod field_spec;
pub mod fusion;
pub mod gap;
pub mod kernel;
pub mod matcher;
mod order;
pub mod select;
pub mod thresholds;
pub mod vector_set;

/// The wasm-bindgen layer (wasm32 only): what the npm package exports.
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use cosine::cosine;
pub use error::{Error, ErrorKind, Result};
pub use kernel::SIMD_ENABLED;
pub use select::Match;
pub use vector_set::{Cascade, Scratch, VectorSet};
