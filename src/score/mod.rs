//! Scoring: cosine similarity of a query against a [`VectorSet`] held in
//! (wasm) memory, over any Matryoshka prefix, with top-k, "everything above
//! a threshold" and a two-phase cascade; the dot-product kernels (SIMD128
//! and their scalar twin) and the ranking order every result list uses.

mod cosine;
mod kernel;
mod search;
mod select;
mod vector_set;

pub use cosine::cosine;
pub use kernel::{dot, dot_scalar, Acc as DotAccumulator, ScalarAcc, SIMD_ENABLED};
pub use select::{above, rank, ranked, top_k, Match};
pub use vector_set::{Cascade, Scratch, VectorSet};
