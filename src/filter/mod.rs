//! The filter language: which rows a search may return, by their metadata.
//! `parse` reads a filter (Vectorize's syntax plus `$and`, `$or`, `$not`,
//! `$exists`) with errors naming the path; `eval` runs it over a set's
//! metadata columns into a [`RowSet`](crate::store::RowSet). Scans take the
//! row set and never see the filter.

mod eval;
mod parse;
#[cfg(test)]
mod tests;

pub use parse::{Bound, Cmp, Filter, Op, Operand};
