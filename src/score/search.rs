//! The query side of a [`VectorSet`]: the query is checked and normalized
//! over the prefix, encoded for the precision scored (f32, quantized to i8,
//! or sign bits), the rows are scored (one contiguous stream per block), and
//! results are selected: all scores, top-k, everything above a threshold, or
//! a two-phase cascade.
//!
//! A search limited to a namespace or a filter first turns that into the
//! [`RowSet`] of rows it may return, then scores only those rows (block by
//! block, four rows per query load) into a list in row order, and selects
//! from that list exactly as from a whole set: the same scores, the same
//! order, the same ties. So a selective filter makes a search cheaper, and
//! no passing row is ever missed. When most rows pass, every row is scored
//! in one stream and the passing ones picked out, which is faster there.

use super::scan_b1::B1Query;
use super::scan_i8::I8Query;
use super::select::{self, Match};
use crate::check;
use crate::error::{Error, Result};
use crate::filter::Filter;
use crate::store::{Precision, RowSet, VectorSet};
use alloc::format;
use alloc::vec::Vec;

/// What a search scores: a prefix (all dims when `None`), a precision (the
/// most precise the set keeps when `None`), a namespace (every row when
/// `None`; a namespace no row was added to has no rows) and a filter on the
/// rows' metadata.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Search<'a> {
    /// Prefix length scored.
    pub dims: Option<usize>,
    /// Encoding scored.
    pub precision: Option<Precision>,
    /// Only rows of this namespace.
    pub namespace: Option<&'a str>,
    /// Only rows whose metadata passes.
    pub filter: Option<&'a Filter>,
    /// The rows a caller already chose with [`VectorSet::rows_where`]
    /// (`namespace` and `filter` are then not read), so a filter is
    /// evaluated once per lookup.
    pub rows: Option<&'a RowSet>,
}

/// When at least this share of the set passes (1 / 6), every row is
/// scored in one stream and the passing ones picked out: reading scattered
/// rows costs about five times a streamed row at 100,000 x 768 (measured
/// crossover 14% at f32, 19% at i8; one scan is never slower than that).
const DENSE: usize = 6;

/// Options of [`VectorSet::cascade`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cascade<'a> {
    /// Prefix length of the coarse pass.
    pub coarse_dims: usize,
    /// How many coarse candidates survive to the rerank.
    pub coarse_k: usize,
    /// Minimum coarse score to survive (none when `None`).
    pub coarse_threshold: Option<f32>,
    /// Encoding of the coarse pass (the rerank's when `None`).
    pub coarse_precision: Option<Precision>,
    /// Prefix length of the rerank (the set's dims when `None`).
    pub dims: Option<usize>,
    /// Encoding of the rerank (the most precise kept when `None`).
    pub precision: Option<Precision>,
    /// Minimum reranked score to be returned (none when `None`).
    pub threshold: Option<f32>,
    /// At most this many results (all survivors when `None`).
    pub k: Option<usize>,
    /// Only rows of this namespace.
    pub namespace: Option<&'a str>,
    /// Only rows whose metadata passes.
    pub filter: Option<&'a Filter>,
    /// Rows already chosen (see [`Search::rows`]).
    pub rows: Option<&'a RowSet>,
}

impl Cascade<'_> {
    /// A coarse pass of `coarse_k` rows over `coarse_dims`, everything else
    /// at its default.
    pub fn new(coarse_dims: usize, coarse_k: usize) -> Cascade<'static> {
        Cascade {
            coarse_dims,
            coarse_k,
            coarse_threshold: None,
            coarse_precision: None,
            dims: None,
            precision: None,
            threshold: None,
            k: None,
            namespace: None,
            filter: None,
            rows: None,
        }
    }
}

/// A query encoded for one precision over one prefix.
#[derive(Clone, Debug, Default)]
struct Prepared {
    /// The unit-length f32 prefix (every precision starts from it).
    unit: Vec<f32>,
    i8: I8Query,
    b1: B1Query,
}

/// Reusable buffers for queries, so repeated scoring allocates nothing.
#[derive(Clone, Debug, Default)]
pub struct Scratch {
    coarse: Prepared,
    fine: Prepared,
    scores: Vec<f32>,
    /// The rows a limited search scores, ascending.
    rows: Vec<u32>,
    /// Every row's score, when a limited search scores them all.
    all: Vec<f32>,
}

impl Scratch {
    /// The scores written by the last [`VectorSet::scores_into`] call.
    pub fn scores(&self) -> &[f32] {
        &self.scores
    }
}

impl VectorSet {
    /// `given`, or the most precise encoding kept; an encoding the set does
    /// not keep is an error naming what it keeps.
    pub fn precision(&self, name: &str, given: Option<Precision>) -> Result<Precision> {
        let kept = self.precisions();
        match given {
            None => kept
                .first()
                .copied()
                .ok_or_else(|| Error::value("the set keeps no precision")),
            Some(p) if kept.contains(&p) => Ok(p),
            Some(p) => Err(Error::value(format!(
                "{name} \"{}\" is not kept by this set; it keeps {} (choose with new VectorSet(dims, {{ precisions }}))",
                p.name(),
                Precision::names(&kept)
            ))),
        }
    }

    pub(super) fn check_dims(&self, name: &str, dims: Option<usize>) -> Result<usize> {
        match dims {
            None => Ok(self.dims),
            Some(p) => check::prefix_dims(name, p as f64, self.dims),
        }
    }

    /// Checks `query` and encodes its first `p` dims for `precision`.
    #[expect(
        clippy::indexing_slicing,
        reason = "p is checked against query.len() before the slices"
    )]
    fn prepare(
        &self,
        name: &str,
        query: &[f32],
        p: usize,
        precision: Precision,
        out: &mut Prepared,
    ) -> Result<()> {
        if query.len() != self.dims {
            return Err(Error::range(format!(
                "{name} has {} floats but the set has {} dims",
                query.len(),
                self.dims
            )));
        }
        check::finite(name, query)?;
        let sq: f64 = query[..p]
            .iter()
            .map(|&v| f64::from(v) * f64::from(v))
            .sum();
        if sq == 0.0 {
            return Err(Error::value(format!(
                "{name} is all zeros over its first {p} dims; cosine is undefined for a zero vector"
            )));
        }
        let scale = 1.0 / libm::sqrt(sq);
        out.unit.clear();
        out.unit
            .extend(query[..p].iter().map(|&v| (f64::from(v) * scale) as f32));
        match precision {
            Precision::F32 => {}
            Precision::I8 => out.i8.prepare(&self.layout, &out.unit)?,
            Precision::B1 => out.b1.prepare(&self.layout, &out.unit),
        }
        Ok(())
    }

    /// Every row's score against a prepared query, in row order.
    fn score_all(&self, q: &Prepared, precision: Precision, out: &mut Vec<f32>) -> Result<()> {
        let p = q.unit.len();
        out.clear();
        crate::store::reserve(out, self.len)
            .map_err(|_| Error::value(format!("out of memory: cannot hold {} scores", self.len)))?;
        match precision {
            Precision::F32 => match &self.f32 {
                Some(rows) => rows.score_all(&self.layout, &q.unit, self.len, out),
                None => Ok(()),
            },
            Precision::I8 => match &self.i8 {
                Some(rows) => rows.score_all(&self.layout, &q.i8, p, self.len, out),
                None => Ok(()),
            },
            Precision::B1 => {
                if let Some(rows) = &self.b1 {
                    rows.score_all(&self.layout, &q.b1, p, self.len, out);
                }
                Ok(())
            }
        }
    }

    /// The rows a search in `namespace` with `filter` may return: `None`
    /// when that is every row.
    pub fn rows_where(&self, namespace: Option<&str>, filter: Option<&Filter>) -> Option<RowSet> {
        let mut rows = namespace.map(|n| match self.find_namespace(n) {
            None => RowSet::none(self.len),
            Some(ns) => RowSet::from_fn(self.len, |r| self.row_ns.get(r) == Some(&ns)),
        });
        if let Some(f) = filter {
            let passing = f.rows(&self.meta);
            match &mut rows {
                Some(r) => r.and(&passing),
                None => rows = Some(passing),
            }
        }
        rows.filter(|r| r.count() < self.len)
    }

    /// The rows a search is limited to: `given` (chosen by the caller) or
    /// those its namespace and filter allow (kept in `chosen`); `None`
    /// when that is every row.
    fn limited<'r>(
        &self,
        given: Option<&'r RowSet>,
        namespace: Option<&str>,
        filter: Option<&Filter>,
        chosen: &'r mut Option<RowSet>,
    ) -> Option<&'r RowSet> {
        let rows = match given {
            Some(r) => Some(r),
            None => {
                *chosen = self.rows_where(namespace, filter);
                chosen.as_ref()
            }
        };
        rows.filter(|r| r.count() < self.len)
    }

    /// How many rows a search in `namespace` with `filter` may return.
    pub fn count_where(&self, namespace: Option<&str>, filter: Option<&Filter>) -> usize {
        self.rows_where(namespace, filter)
            .map_or(self.len, |r| r.count())
    }

    /// Scores the prepared query against the rows in `rows` (ascending),
    /// in that order, into `scores`.
    fn score_listed(
        &self,
        q: &Prepared,
        precision: Precision,
        rows: &[u32],
        scores: &mut Vec<f32>,
        all: &mut Vec<f32>,
    ) -> Result<()> {
        scores.clear();
        crate::store::reserve(scores, rows.len()).map_err(|_| {
            Error::value(format!("out of memory: cannot hold {} scores", rows.len()))
        })?;
        if rows.len() * DENSE >= self.len {
            self.score_all(q, precision, all)?;
            scores.extend(rows.iter().filter_map(|&r| all.get(r as usize)));
            return Ok(());
        }
        let p = q.unit.len();
        match precision {
            Precision::F32 => match &self.f32 {
                Some(r) => r.score_rows(&self.layout, &q.unit, rows, scores),
                None => Ok(()),
            },
            Precision::I8 => match &self.i8 {
                Some(r) => r.score_rows(&self.layout, &q.i8, p, rows, scores),
                None => Ok(()),
            },
            Precision::B1 => {
                if let Some(r) = &self.b1 {
                    r.score_rows(&self.layout, &q.b1, p, rows, scores);
                }
                Ok(())
            }
        }
    }

    /// The scores a search selects from: every row's in `scratch.scores`
    /// (`false`), or, for a limited search, the allowed rows' in
    /// `scratch.scores` with their rows in `scratch.rows` (`true`).
    fn score_search(&self, query: &[f32], search: &Search, scratch: &mut Scratch) -> Result<bool> {
        let p = self.check_dims("dims", search.dims)?;
        let precision = self.precision("precision", search.precision)?;
        self.prepare("query", query, p, precision, &mut scratch.fine)?;
        let mut chosen = None;
        match self.limited(search.rows, search.namespace, search.filter, &mut chosen) {
            None => {
                self.score_all(&scratch.fine, precision, &mut scratch.scores)?;
                Ok(false)
            }
            Some(rows) => {
                rows.collect_into(&mut scratch.rows);
                self.score_listed(
                    &scratch.fine,
                    precision,
                    &scratch.rows,
                    &mut scratch.scores,
                    &mut scratch.all,
                )?;
                Ok(true)
            }
        }
    }

    /// The scores of a limited search (see [`VectorSet::rows_where`]): the
    /// allowed rows' scores in row order, read back with
    /// [`Scratch::scores`], and the rows they belong to (every row, in
    /// order, when the search is not limited).
    pub fn scores_where<'s>(
        &self,
        query: &[f32],
        search: &Search,
        scratch: &'s mut Scratch,
    ) -> Result<Option<&'s [u32]>> {
        let limited = self.score_search(query, search, scratch)?;
        Ok(limited.then_some(scratch.rows.as_slice()))
    }

    /// Cosine of `query` with every row over the first `dims` dims (all when
    /// `None`), in row order, written into `scratch` (read it back with
    /// [`Scratch::scores`]).
    pub fn scores_into(
        &self,
        query: &[f32],
        dims: Option<usize>,
        scratch: &mut Scratch,
    ) -> Result<()> {
        self.scores_with(
            query,
            &Search {
                dims,
                ..Search::default()
            },
            scratch,
        )
    }

    /// Like [`VectorSet::scores_into`], at `search`'s dims and precision
    /// (every row: scores are in row order, whatever the namespace).
    pub fn scores_with(&self, query: &[f32], search: &Search, scratch: &mut Scratch) -> Result<()> {
        let p = self.check_dims("dims", search.dims)?;
        let precision = self.precision("precision", search.precision)?;
        self.prepare("query", query, p, precision, &mut scratch.fine)?;
        self.score_all(&scratch.fine, precision, &mut scratch.scores)
    }

    /// The `k` best rows with score `>= min_score`, best first, ties to the
    /// lower index.
    pub fn top_k(
        &self,
        query: &[f32],
        k: usize,
        dims: Option<usize>,
        min_score: Option<f32>,
        scratch: &mut Scratch,
    ) -> Result<Vec<Match>> {
        let search = Search {
            dims,
            ..Search::default()
        };
        self.top_k_with(query, k, min_score, &search, scratch)
    }

    /// [`VectorSet::top_k`] at `search`'s dims, precision and namespace.
    pub fn top_k_with(
        &self,
        query: &[f32],
        k: usize,
        min_score: Option<f32>,
        search: &Search,
        scratch: &mut Scratch,
    ) -> Result<Vec<Match>> {
        if let Some(found) = self.b1_top_k(query, search, k, min_score, scratch)? {
            return Ok(found);
        }
        let limited = self.score_search(query, search, scratch)?;
        let found = select::top_k(&scratch.scores, k, min_score);
        Ok(if limited {
            to_rows(found, &scratch.rows)
        } else {
            found
        })
    }

    /// A sign-bit top-k over every row, selected as the distances come
    /// (see `B1Rows::top_k`); `None` when the search is another precision
    /// or limited to some rows (then scores are written and selected).
    fn b1_top_k(
        &self,
        query: &[f32],
        search: &Search,
        k: usize,
        min_score: Option<f32>,
        scratch: &mut Scratch,
    ) -> Result<Option<Vec<Match>>> {
        let precision = self.precision("precision", search.precision)?;
        let (Precision::B1, Some(rows), None, None, None) = (
            precision,
            &self.b1,
            search.rows,
            search.namespace,
            search.filter,
        ) else {
            return Ok(None);
        };
        let p = self.check_dims("dims", search.dims)?;
        self.prepare("query", query, p, precision, &mut scratch.fine)?;
        Ok(rows.top_k(&self.layout, &scratch.fine.b1, p, self.len, k, min_score))
    }

    /// Every row with score `>= threshold`, best first.
    pub fn above(
        &self,
        query: &[f32],
        threshold: f32,
        dims: Option<usize>,
        scratch: &mut Scratch,
    ) -> Result<Vec<Match>> {
        let search = Search {
            dims,
            ..Search::default()
        };
        self.above_with(query, threshold, &search, scratch)
    }

    /// [`VectorSet::above`] at `search`'s dims, precision and namespace.
    pub fn above_with(
        &self,
        query: &[f32],
        threshold: f32,
        search: &Search,
        scratch: &mut Scratch,
    ) -> Result<Vec<Match>> {
        let limited = self.score_search(query, search, scratch)?;
        let found = select::above(&scratch.scores, threshold);
        Ok(if limited {
            to_rows(found, &scratch.rows)
        } else {
            found
        })
    }

    /// Two-phase search: the best `coarse_k` rows on a short prefix (at or
    /// above `coarse_threshold`, at `coarse_precision`), reranked on `dims`
    /// (default all) at `precision`, keeping those at or above `threshold`,
    /// at most `k`, best first. Returned scores are the rerank scores.
    pub fn cascade(
        &self,
        query: &[f32],
        opts: &Cascade,
        scratch: &mut Scratch,
    ) -> Result<Vec<Match>> {
        let fine = self.check_dims("dims", opts.dims)?;
        let coarse = self.check_dims("coarseDims", Some(opts.coarse_dims))?;
        if coarse > fine {
            return Err(Error::range(format!(
                "coarseDims ({coarse}) must not exceed the rerank dims ({fine})"
            )));
        }
        let precision = self.precision("precision", opts.precision)?;
        let coarse_precision =
            self.precision("coarsePrecision", opts.coarse_precision.or(Some(precision)))?;
        self.prepare("query", query, fine, precision, &mut scratch.fine)?;
        self.prepare(
            "query",
            query,
            coarse,
            coarse_precision,
            &mut scratch.coarse,
        )?;
        let mut chosen = None;
        let survivors = match self.limited(opts.rows, opts.namespace, opts.filter, &mut chosen) {
            None => {
                let fused = match (coarse_precision, &self.b1) {
                    (Precision::B1, Some(rows)) => rows.top_k(
                        &self.layout,
                        &scratch.coarse.b1,
                        coarse,
                        self.len,
                        opts.coarse_k,
                        opts.coarse_threshold,
                    ),
                    _ => None,
                };
                match fused {
                    Some(found) => found,
                    None => {
                        self.score_all(&scratch.coarse, coarse_precision, &mut scratch.scores)?;
                        select::top_k(&scratch.scores, opts.coarse_k, opts.coarse_threshold)
                    }
                }
            }
            Some(rows) => {
                rows.collect_into(&mut scratch.rows);
                self.score_listed(
                    &scratch.coarse,
                    coarse_precision,
                    &scratch.rows,
                    &mut scratch.scores,
                    &mut scratch.all,
                )?;
                to_rows(
                    select::top_k(&scratch.scores, opts.coarse_k, opts.coarse_threshold),
                    &scratch.rows,
                )
            }
        };
        // The survivors in row order, scored as a listed search scores
        // them (several rows per query load; the same scores as a scan).
        let min = opts.threshold.unwrap_or(f32::NEG_INFINITY);
        let mut listed: Vec<u32> = survivors.iter().map(|m| m.index as u32).collect();
        listed.sort_unstable();
        self.score_listed(
            &scratch.fine,
            precision,
            &listed,
            &mut scratch.scores,
            &mut scratch.all,
        )?;
        let out = listed
            .iter()
            .zip(&scratch.scores)
            .filter(|&(_, &score)| score >= min)
            .map(|(&index, &score)| Match {
                index: index as usize,
                score,
            })
            .collect();
        let mut out = select::ranked(out);
        if let Some(k) = opts.k {
            out.truncate(k);
        }
        Ok(out)
    }
}

/// Matches over a list of rows' scores (`index` = position in the list)
/// as matches over the set's rows. The list is in row order, so ties,
/// broken by position, stay broken by row.
fn to_rows(mut found: Vec<Match>, rows: &[u32]) -> Vec<Match> {
    for m in &mut found {
        m.index = rows.get(m.index).map_or(m.index, |&r| r as usize);
    }
    found
}
