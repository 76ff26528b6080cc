//! Scoring: cosine similarity of a query against a [`VectorSet`] (kept by
//! `store`) over any Matryoshka prefix, at f32, i8 or sign-bit precision,
//! with top-k, "everything above a threshold" and a two-phase cascade; the
//! dot-product and popcount kernels (SIMD128 and their scalar twins), the
//! per-precision scans, the ranking order every result list uses, merging
//! shards' results, and other engines' scales.

mod cosine;
mod kernel;
mod kernel_b1;
mod kernel_i8;
mod scale;
mod scan;
mod scan_b1;
mod scan_f32;
mod scan_i8;
mod search;
mod select;
#[cfg(test)]
mod set_tests;
mod shards;
mod tune;

pub use cosine::cosine;
pub use kernel::{dot, dot_scalar, Acc as DotAccumulator, ScalarAcc, SIMD_ENABLED};
pub use kernel_b1::{hamming, hamming_scalar};
pub use kernel_i8::{dot_i8, dot_i8_i16, dot_i8_i16_scalar, dot_i8_i16_x4, dot_i8_scalar};
pub use scale::Scale;
pub use search::{Cascade, Scratch, Search};
pub use select::{above, rank, ranked, top_k, Match};
pub use shards::{merge_top_k, shard_of, ShardMatch};
pub use tune::CoarseK;
