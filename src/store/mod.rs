//! Storage: a [`VectorSet`]'s rows at each precision (f32, i8, sign bits),
//! block by block, with its ids, namespaces and metadata (by column, in
//! `meta`); the [`RowSet`] a search is limited to; the set file that holds it
//! (written whole, or read as it arrives through [`SetLoader`]); and change
//! records, which carry one write at a time so a durable copy of a set costs
//! what changed, not the whole set. Scoring reads these rows (`score`);
//! nothing here scores.

mod bytes;
mod chunks;
mod file;
mod header;
mod layout;
mod load;
mod meta;
mod precision;
mod records;
mod row_set;
mod rows;
mod rows_b1;
mod rows_f32;
mod rows_i8;
mod set_metadata;
mod vector_set;
mod writes;

pub use chunks::FileChunks;
pub use file::{ByteSink, ByteSource, FILE_MAGIC, FILE_VERSION};
pub use load::SetLoader;
pub use meta::{check_path_key, Leaf, Metadata, MAX_DEPTH, MAX_KEY_BYTES, MAX_METADATA_BYTES};
pub use precision::Precision;
pub use records::{Change, ChangeKind, CHANGE_MAGIC, CHANGE_VERSION};
pub use row_set::RowSet;
pub use vector_set::{Upserted, VectorSet, MAX_NAMESPACES};

pub(crate) use layout::{Layout, Prefix};
pub(crate) use meta::{kind, Column, MetaStore};
pub(crate) use rows::reserve;
pub(crate) use rows_b1::{encode as encode_signs, words, B1Rows};
pub(crate) use rows_f32::F32Rows;
pub(crate) use rows_i8::{quantize, I8Rows};
