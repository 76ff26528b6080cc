//! Scoring: cosine similarity of a query against a [`VectorSet`] held in
//! (wasm) memory, over any Matryoshka prefix, at f32, i8 or sign-bit
//! precision, with top-k, "everything above a threshold" and a two-phase
//! cascade; the dot-product and popcount kernels (SIMD128 and their scalar
//! twins), the ranking order every result list uses, and the set file.

mod cosine;
mod file;
mod kernel;
mod kernel_b1;
mod kernel_i8;
mod layout;
mod load;
mod precision;
mod rows;
mod rows_b1;
mod rows_f32;
mod rows_i8;
mod scale;
mod search;
mod select;
mod shards;
mod vector_set;
#[cfg(test)]
mod vector_set_tests;

pub use cosine::cosine;
pub use file::{ByteSink, ByteSource, FILE_MAGIC, FILE_VERSION};
pub use kernel::{dot, dot_scalar, Acc as DotAccumulator, ScalarAcc, SIMD_ENABLED};
pub use kernel_b1::{hamming, hamming_scalar};
pub use kernel_i8::{dot_i8, dot_i8_i16, dot_i8_i16_scalar, dot_i8_i16_x2, dot_i8_scalar};
pub use load::SetLoader;
pub use precision::Precision;
pub use scale::Scale;
pub use search::{Cascade, Scratch, Search};
pub use select::{above, rank, ranked, top_k, top_k_where, Match};
pub use shards::{merge_top_k, shard_of, ShardMatch};
pub use vector_set::{Upserted, VectorSet, MAX_NAMESPACES};
