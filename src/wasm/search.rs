//! Searching a `VectorSet`: `scores`, `topK`, `above`, `cascade`, and
//! `coarseKFor` (how many coarse candidates a cascade needs, measured on the
//! set's own rows), with the options they share.

use super::read::{self, Options};
use super::vector_set::{precision_of, JsVectorSet};
use super::JsResult;
use crate::check;
use crate::filter::Filter;
use crate::score::{Cascade, Match, Search};
use crate::store::{Precision, VectorSet};
use alloc::string::String;
use alloc::vec::Vec;
use js_sys::{Array, Float32Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[derive(Serialize)]
struct MatchJs<'a> {
    index: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    score: f32,
}

/// The dims, precision, namespace and filter of a search's options
/// (`namespace` and `filter` hold what the search borrows).
fn search_of<'a>(
    o: &Options,
    max_dims: usize,
    namespace: &'a Option<String>,
    filter: &'a Option<Filter>,
) -> read::Result<Search<'a>> {
    Ok(Search {
        dims: o.dims("dims", max_dims)?,
        precision: precision_of(o)?,
        namespace: namespace.as_deref(),
        filter: filter.as_ref(),
        rows: None,
    })
}

#[wasm_bindgen(js_class = VectorSet)]
impl JsVectorSet {
    /// Cosine of `query` with every row (over the first `dims` dims, at
    /// `options.precision`), in row order.
    pub fn scores(
        &mut self,
        query: &JsValue,
        dims: &JsValue,
        options: &JsValue,
    ) -> JsResult<Float32Array> {
        let st = &mut *self.state.borrow_mut();
        read::f32_into("query", query, &mut st.query)?;
        let dims = read::opt_number("dims", dims)?
            .map(|d| check::prefix_dims("dims", d, st.set.dims()))
            .transpose()?;
        let o = Options::new("options", options, &["precision"])?;
        let search = Search {
            dims,
            precision: precision_of(&o)?,
            ..Search::default()
        };
        st.set.scores_with(&st.query, &search, &mut st.scratch)?;
        Ok(Float32Array::from(st.scratch.scores()))
    }

    /// The `k` best rows, best first (ties to the lower index).
    #[wasm_bindgen(js_name = topK)]
    pub fn top_k(&mut self, query: &JsValue, k: &JsValue, options: &JsValue) -> JsResult<JsValue> {
        let st = &mut *self.state.borrow_mut();
        read::f32_into("query", query, &mut st.query)?;
        let k = check::count("k", read::number("k", k)?)?;
        let o = Options::new(
            "options",
            options,
            &["dims", "minScore", "precision", "namespace", "filter"],
        )?;
        let namespace = o.string("namespace")?;
        let filter = o.filter("filter")?;
        let search = search_of(&o, st.set.dims(), &namespace, &filter)?;
        let min = o.threshold("minScore")?;
        let found = st
            .set
            .top_k_with(&st.query, k, min, &search, &mut st.scratch)?;
        matches(&st.set, &found)
    }

    /// Every row scoring at or above `threshold`, best first.
    pub fn above(
        &mut self,
        query: &JsValue,
        threshold: &JsValue,
        options: &JsValue,
    ) -> JsResult<JsValue> {
        let st = &mut *self.state.borrow_mut();
        read::f32_into("query", query, &mut st.query)?;
        let t = check::threshold("threshold", read::number("threshold", threshold)?)?;
        let o = Options::new(
            "options",
            options,
            &["dims", "precision", "namespace", "filter"],
        )?;
        let namespace = o.string("namespace")?;
        let filter = o.filter("filter")?;
        let search = search_of(&o, st.set.dims(), &namespace, &filter)?;
        let found = st.set.above_with(&st.query, t, &search, &mut st.scratch)?;
        matches(&st.set, &found)
    }

    /// Coarse pass on a short prefix (at `coarsePrecision`), rerank of the
    /// survivors on full dims (at `precision`).
    pub fn cascade(&mut self, query: &JsValue, options: &JsValue) -> JsResult<JsValue> {
        let st = &mut *self.state.borrow_mut();
        read::f32_into("query", query, &mut st.query)?;
        let o = Options::required(
            "options",
            options,
            &[
                "coarseDims",
                "coarseK",
                "coarseThreshold",
                "coarsePrecision",
                "dims",
                "precision",
                "threshold",
                "k",
                "namespace",
                "filter",
            ],
            "{ coarseDims, coarseK, ... }",
        )?;
        let namespace = o.string("namespace")?;
        let filter = o.filter("filter")?;
        let opts = Cascade {
            dims: o.dims("dims", st.set.dims())?,
            precision: precision_of(&o)?,
            threshold: o.threshold("threshold")?,
            k: o.count("k")?,
            namespace: namespace.as_deref(),
            filter: filter.as_ref(),
            ..coarse_pass(&o, st.set.dims())?
        };
        let found = st.set.cascade(&st.query, &opts, &mut st.scratch)?;
        matches(&st.set, &found)
    }

    /// The smallest `coarseK` whose cascade keeps `recall` of the rerank's
    /// own top `k` on `sample` of the set's rows used as queries:
    /// `{ coarseK, recall, reached, queries, curve: [{ coarseK, recall }] }`.
    #[wasm_bindgen(js_name = coarseKFor)]
    pub fn coarse_k_for(&mut self, options: &JsValue) -> JsResult<JsValue> {
        let st = &mut *self.state.borrow_mut();
        let o = Options::required(
            "options",
            options,
            &[
                "recall",
                "k",
                "sample",
                "seed",
                "coarseDims",
                "coarsePrecision",
                "dims",
                "precision",
            ],
            "{ recall, k, coarseDims, ... }",
        )?;
        let (coarse_dims, coarse_precision) = coarse_dims_and_precision(&o, st.set.dims())?;
        let opts = Cascade {
            dims: o.dims("dims", st.set.dims())?,
            precision: precision_of(&o)?,
            coarse_precision,
            ..Cascade::new(coarse_dims, 1)
        };
        let recall = o.required_number("recall")?;
        let k = check::count(&o.path("k"), o.required_number("k")?)?;
        let sample = match o.number("sample")? {
            Some(s) => check::integer(&o.path("sample"), s, 1, 100_000)?,
            None => 64,
        };
        let seed = match o.number("seed")? {
            Some(s) => check::seed(&o.path("seed"), s)?,
            None => 1,
        };
        let found = st
            .set
            .tune_coarse_k(&opts, k, recall, sample, seed, &mut st.scratch)?;
        let curve: Array = found
            .curve
            .iter()
            .map(|&(c, r)| read::object(&[("coarseK", (c as f64).into()), ("recall", r.into())]))
            .collect();
        Ok(read::object(&[
            ("coarseK", (found.coarse_k as f64).into()),
            ("recall", found.recall.into()),
            ("reached", found.reached.into()),
            ("queries", (found.queries as f64).into()),
            ("curve", curve.into()),
        ]))
    }
}

/// The coarse pass of a cascade (`coarseDims`, `coarseK`,
/// `coarseThreshold`, `coarsePrecision`), as read by `VectorSet.cascade`
/// and `Matcher`'s `cascade` option.
pub(super) fn coarse_pass(o: &Options, max_dims: usize) -> read::Result<Cascade<'static>> {
    let (coarse_dims, coarse_precision) = coarse_dims_and_precision(o, max_dims)?;
    let coarse_k = o.required_number("coarseK")?;
    Ok(Cascade {
        coarse_threshold: o.threshold("coarseThreshold")?,
        coarse_precision,
        ..Cascade::new(coarse_dims, check::count(&o.path("coarseK"), coarse_k)?)
    })
}

/// `coarseDims` (required) and `coarsePrecision` of a cascade's options.
pub(super) fn coarse_dims_and_precision(
    o: &Options,
    max_dims: usize,
) -> read::Result<(usize, Option<Precision>)> {
    let coarse_dims = o.required_number("coarseDims")?;
    let coarse_precision = match o.raw("coarsePrecision") {
        v if read::absent(&v) => None,
        v => Some(read::choice(
            &o.path("coarsePrecision"),
            &v,
            Precision::parse,
        )?),
    };
    Ok((
        check::prefix_dims(&o.path("coarseDims"), coarse_dims, max_dims)?,
        coarse_precision,
    ))
}

fn matches(set: &VectorSet, found: &[Match]) -> JsResult<JsValue> {
    let out: Vec<MatchJs> = found
        .iter()
        .map(|m| MatchJs {
            index: m.index as u32,
            id: set.id(m.index),
            score: m.score,
        })
        .collect();
    read::to_js(&out)
}
